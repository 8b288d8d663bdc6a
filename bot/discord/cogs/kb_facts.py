"""`/kb add`, `/kb edit` and `/kb remove`: a moderator changes the facts themselves.

Add and edit open the fact form (fact_form.FactModal), which saves through the store;
remove asks to confirm, drops the links to the fact in the same locked, audited operation and
says how to undo it (removal.py). A mixin of the `/kb` cog (cogs/moderation.py, kb_common.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core.errors import UnknownFactError
from bot.core.moderation.changes import check_topic
from bot.core.moderation.edits import FactInput
from bot.discord.autocomplete import Choices, name_choices
from bot.discord.checks import actor_of
from bot.discord.cogs.kb_common import KbCommands
from bot.discord.embeds import answer_embed
from bot.discord.errors import no_mentions, send_ephemeral
from bot.discord.fact_form import FactModal
from bot.discord.formatting import CONTENT_LIMIT, shorten, typed_fact_id
from bot.discord.removal import linked_ids, undo_hint
from bot.discord.views import ConfirmView

if TYPE_CHECKING:
    from bot.core.knowledge.models import Fact


def _edited(saved: tuple[Fact, int | None]) -> tuple[Fact, bool]:
    """An edit's fact, and whether it recorded a change."""
    fact, recorded = saved
    return fact, recorded is not None


class FactCommands(KbCommands):
    """The `/kb` commands that add, edit and remove a fact."""

    @app_commands.command(name="add")
    @app_commands.describe(topic="The topic file the fact goes into (a new name creates one)")
    async def add(
        self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 60]
    ) -> None:
        """Add a fact (opens a form)."""
        topic = topic.strip()
        check_topic(topic, self.bot.store.topics())  # the form itself has no topic to fix
        form = self.add_form(topic, FactInput([], "", "", "", ""))
        await interaction.response.send_modal(form)

    @app_commands.command(name="edit")
    @app_commands.rename(fact_id="id")
    @app_commands.describe(fact_id="The fact to edit")
    async def edit(self, interaction: discord.Interaction, fact_id: str) -> None:
        """Edit a fact (opens the form, filled in)."""
        fact_id = typed_fact_id(fact_id)
        store = self.bot.store
        fact = store.kb.fact(fact_id)
        if fact is None:
            raise UnknownFactError(fact_id)
        version = store.version_of(fact_id)  # a save is refused if the fact changed since now
        form = FactModal(
            title=f"Edit {fact_id}",
            store=store,
            feedback=self.bot.feedback,
            moderators=self.bot.moderators,
            writes=self.bot.moderator_writes,
            save=lambda fields, actor: _edited(
                store.edit_fact_recorded(fact_id, fields, actor, version)
            ),
            values=FactInput.from_fact(fact),
        )
        await interaction.response.send_modal(form)

    @app_commands.command(name="remove")
    @app_commands.rename(fact_id="id")
    @app_commands.describe(fact_id="The fact to remove")
    async def remove(self, interaction: discord.Interaction, fact_id: str) -> None:
        """Remove a fact (asks to confirm; revert brings it back)."""
        fact_id = typed_fact_id(fact_id)
        store = self.bot.store
        shown = store.engine.answer_fact(fact_id)
        if shown is None:
            raise UnknownFactError(fact_id)
        version = store.version_of(fact_id)
        # Facts linking to it under see_also would dangle: the removal drops those links in
        # the same locked, audited operation, and the confirmation says so up front.
        linked = store.linked_from(fact_id)

        async def confirmed(click: discord.Interaction) -> None:
            self.bot.moderators.require(click)
            # Acknowledge the click first (the save can take seconds), then edit the message.
            await click.response.defer()
            unlinked = await self._locked(
                store.remove_fact, fact_id, actor_of(click), version, unlink=True
            )
            undo = await self._locked(undo_hint, store, fact_id, unlinked)
            # The facts are named in the undo hint (the first ten): a count here.
            links = f" Dropped the links to it from {len(unlinked)} fact(s)." if unlinked else ""
            await click.edit_original_response(
                content=shorten(f"Removed `{fact_id}`.{links} {undo}", CONTENT_LIMIT),
                embed=None,
                view=None,
                allowed_mentions=no_mentions(),
            )

        view = ConfirmView(interaction.user.id, "Remove", confirmed)
        note = ""
        if linked:
            note = (
                f"\n{len(linked)} fact(s) list it under see_also: {linked_ids(linked)}. "
                "Removing it also removes those links (each recorded in that fact's history)."
            )
        await send_ephemeral(
            interaction,
            f"Remove `{fact_id}`? Members will no longer get this answer.{note}",
            embed=answer_embed(shown),
            view=view,
        )

    @edit.autocomplete("fact_id")
    @remove.autocomplete("fact_id")
    async def fact_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        return self._fact_choices(interaction, current)

    @add.autocomplete("topic")
    async def topic_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        if not self._moderator(interaction):
            return []
        return name_choices(self.bot.store.topics(), current)
