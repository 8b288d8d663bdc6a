"""Clicks the bot cannot handle get a sentence, never silence.

The answer's components are registered at start as dynamic items (`answer_view.py`, `votes.py`,
`remove_button.py`), so they work after a restart. Everything else (pages, confirmations,
moderator forms) lives in memory and ends with the process or its deadline; discord.py drops a
click on such a leftover custom id without a word, and the member sees "interaction failed".
This listener answers every component or form interaction that no view, form or dynamic item
claimed (`errors.claim`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.discord.answer_view import ChoiceMenu
from bot.discord.clicks import clicker_words
from bot.discord.errors import claimed, send_ephemeral
from bot.discord.formatting import given_back
from bot.discord.remove_button import RemoveButton
from bot.discord.votes import VoteButton
from bot.log import get_logger

if TYPE_CHECKING:
    from bot.discord.client import CitebotBot

log = get_logger(__name__)

_CLICKS = (discord.InteractionType.component, discord.InteractionType.modal_submit)
STALE_FORM = (
    "This form can no longer be saved (it was open for hours, or the bot restarted since). "
    "Run the command again."
)


def typed_in(interaction: discord.Interaction) -> list[str]:
    """The non-empty values of a submitted form's text inputs, in the form's order: the submit
    carries them, so a form no handler takes can still give its text back."""
    data: dict[str, Any] = dict(interaction.data or {})
    rows = data.get("components")
    values: list[str] = []
    for row in rows if isinstance(rows, list) else []:
        items = row.get("components") if isinstance(row, dict) else None
        for item in items if isinstance(items, list) else []:
            value = item.get("value") if isinstance(item, dict) else None
            if isinstance(value, str) and value.strip():
                values.append(value.strip())
    return values


def stale_reply(interaction: discord.Interaction) -> dict[str, Any]:
    """What to say to a click or form nobody handles (`send_ephemeral`'s arguments): for a
    form, with what was typed in it, so that a moderator's work is never lost with the form.
    A click is told in the clicker's Discord language, as the notes of a click on an answer
    are (`clicks.clicker_words`); the form, a moderator's, in English as `/kb` is."""
    if interaction.type is not discord.InteractionType.modal_submit:
        return {"content": clicker_words(interaction).stale_buttons}
    typed = typed_in(interaction)
    if not typed:
        return {"content": STALE_FORM}
    return given_back(STALE_FORM, typed)


class StaleComponents(commands.Cog):
    """Registers the answer's persistent components; answers clicks nobody handles."""

    def __init__(self, bot: CitebotBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        # Registered before the gateway connects: the first click after a restart finds them.
        self.bot.add_dynamic_items(ChoiceMenu, VoteButton, RemoveButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ChoiceMenu, VoteButton, RemoveButton)

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
            await send_ephemeral(interaction, **stale_reply(interaction))
        except discord.HTTPException as exc:
            log.warning("could not answer a stale component (HTTP %s): %s", exc.status, exc.text)
