"""What the modules of the `/kb` commands share: the bot, the moderator check, the add form.

The `/kb` group is one cog (cogs/moderation.py: the group, its server-side check, the "Wrong
fact" menu, and the list of the command modules) whose subcommands come from one module per
command group, each a mixin of `KbCommands`; discord.py collects the commands of every base of
a cog. `KbCommands` declares what the mixins read of the cog and holds what more than one of
them uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord.ext import commands

from bot.core.moderation.edits import FactInput
from bot.discord.autocomplete import Choices, fact_choices
from bot.discord.fact_form import FactModal
from bot.discord.intime import on_threads

if TYPE_CHECKING:
    from bot.discord.client import CitebotBot
    from bot.log import FailureNotice

# How long an autocomplete waits for the feedback database (Discord gives it 3 s in all).
AUTOCOMPLETE_WAIT = 1.5

T = TypeVar("T")


class KbCommands(commands.Cog):
    """The parts of the `/kb` cog that its command modules share. A cog itself (never added
    alone): discord.py's app commands are defined on cogs, and a cog inherits its bases'."""

    bot: CitebotBot
    # Set by the cog: an audit log the autocompletes cannot read, warned of once while it lasts.
    _removed_unread: FailureNotice
    # ...and the same for the change numbers /kb revert offers.
    _changes_unread: FailureNotice

    async def _locked(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`work(*args, **kwargs)` on the moderators' threads (`CitebotBot.moderator_writes`):
        a save, a history read or a review-queue write waits as long as another process holds
        the store's or the feedback database's lock, and on the shared pool such waits took the
        threads members' questions are matched on."""
        return await on_threads(self.bot.moderator_writes, work, *args, **kwargs)

    def _moderator(self, interaction: discord.Interaction) -> bool:
        return self.bot.moderators.allows(interaction)

    def add_form(
        self,
        topic: str,
        values: FactInput,
        dismiss: str | None = None,
        dismiss_in: tuple[int, ...] = (),
    ) -> FactModal:
        """The add-fact form for `topic`; `dismiss` is a declined question (of the servers
        `dismiss_in`) that leaves the review queue once the fact is saved."""
        store = self.bot.store
        return FactModal(
            title=f"New fact in {topic}",
            store=store,
            feedback=self.bot.feedback,
            moderators=self.bot.moderators,
            writes=self.bot.moderator_writes,
            save=lambda fields, actor: (store.add_fact(fields, actor, topic), True),
            values=values,
            dismiss=dismiss,
            dismiss_in=dismiss_in,
        )

    def _fact_choices(self, interaction: discord.Interaction, current: str) -> Choices:
        """The live facts matching what was typed, offered to moderators only: the `id` of
        /kb edit, /kb remove and /kb exclude (one body: their autocompletes are in two
        modules)."""
        if not self._moderator(interaction):
            return []
        return fact_choices(self.bot.store.engine, current)
