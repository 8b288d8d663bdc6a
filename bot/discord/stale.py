"""Clicks the bot cannot handle get a sentence, never silence.

The answer's components are registered at start as dynamic items (`answer_view.py`), so they
work after a restart. Everything else (pages, confirmations, moderator forms) lives in memory
and ends with the process or its deadline; discord.py drops a click on such a leftover custom
id without a word, and the member sees "interaction failed". This listener answers every
component or form interaction that no view, form or dynamic item claimed (`errors.claim`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord.answer_view import ChoiceMenu, VoteButton
from bot.discord.errors import STALE_NOTE, claimed, send_ephemeral
from bot.log import get_logger

if TYPE_CHECKING:
    from bot.discord.client import CitebotBot

log = get_logger(__name__)

_CLICKS = (discord.InteractionType.component, discord.InteractionType.modal_submit)


class StaleComponents(commands.Cog):
    """Registers the answer's persistent components; answers clicks nobody handles."""

    def __init__(self, bot: CitebotBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        # Registered before the gateway connects: the first click after a restart finds them.
        self.bot.add_dynamic_items(ChoiceMenu, VoteButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ChoiceMenu, VoteButton)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Tell the member when a click or form reached no handler (a leftover from before
        a restart, or past its deadline)."""
        if interaction.type not in _CLICKS:
            return
        # Handlers are scheduled before this listener and claim the interaction before their
        # first await; one more turn of the loop makes that hold for nested awaits too.
        await asyncio.sleep(0)
        if claimed(interaction) or interaction.response.is_done():
            return
        custom_id = interaction.data.get("custom_id", "") if interaction.data else ""
        log.info("no handler for component %r: answering that it no longer works", custom_id)
        try:
            await send_ephemeral(interaction, STALE_NOTE)
        except discord.HTTPException as exc:
            log.warning("could not answer a stale component (HTTP %s): %s", exc.status, exc.text)
