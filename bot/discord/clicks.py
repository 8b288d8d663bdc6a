"""What every click on an answer's components shares: the bot behind it, the clicker's
language, the one error path, and custom ids that fit.

Apart from the components themselves (`answer_view.py`, `votes.py`, `remove_button.py`),
which each handle one kind of click.
"""

from __future__ import annotations

from collections.abc import Awaitable
from concurrent.futures import Executor
from typing import Protocol, cast

import discord

from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.checks import Moderators
from bot.discord.errors import report_error
from bot.wording import Wording, wording_for_locale

CUSTOM_ID_LIMIT = 100


class Services(Protocol):
    """What a click needs from the bot (CitebotBot; a protocol so this module imports no client)."""

    @property
    def store(self) -> KnowledgeStore: ...

    @property
    def feedback(self) -> FeedbackLog: ...

    @property
    def moderators(self) -> Moderators: ...

    @property
    def vote_writes(self) -> Executor: ...


def services(interaction: discord.Interaction) -> Services:
    """The bot behind an interaction, as the store and feedback log it serves."""
    return cast(Services, interaction.client)


def clicker_words(interaction: discord.Interaction) -> Wording:
    """The sentences for whoever clicked, in their Discord client's language: they may not be
    the member who asked, whose question set the answer's language."""
    return wording_for_locale(str(interaction.locale))


async def reported(handling: Awaitable[None], interaction: discord.Interaction) -> None:
    """Run a click's handler through the one error path. discord.py only logs an exception in
    a dynamic item's callback (no view's on_error runs), and the member would see nothing."""
    try:
        await handling
    except Exception as exc:
        await report_error(interaction, exc)


def fits(custom_id: str) -> str:
    """The custom id, or "" when it is past Discord's limit (the caller then carries less)."""
    return custom_id if len(custom_id) <= CUSTOM_ID_LIMIT else ""
