"""`/kb history` and `/kb revert`: who changed a fact, and the way back to any earlier state.

Both read the audit log through the store; their `id` choices offer the removed facts too (a
removed fact's history, and the revert that brings it back, are what a moderator looks for once
the undo hint of the removal is gone). A mixin of the `/kb` cog (cogs/moderation.py,
kb_common.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import discord
from discord import app_commands

from bot.core.errors import StoreError
from bot.core.moderation.audit import AuditEntry
from bot.discord.autocomplete import Choices, fact_choices, with_removed
from bot.discord.checks import actor_of
from bot.discord.cogs.kb_common import AUTOCOMPLETE_WAIT, KbCommands
from bot.discord.embeds import answer_embed
from bot.discord.errors import send_ephemeral
from bot.discord.formatting import escape, one_line, typed_fact_id
from bot.discord.kb_embeds import history_pages
from bot.discord.views import Paginator
from bot.log import get_logger

log = get_logger(__name__)

# Of the later changes a revert takes back, those named in its reply (the latest).
UNDONE_SHOWN = 5


class HistoryCommands(KbCommands):
    """The `/kb` commands that show a fact's recorded changes and revert it to one."""

    @app_commands.command(name="history")
    @app_commands.rename(fact_id="id")
    @app_commands.describe(fact_id="The fact whose changes to show")
    async def history(self, interaction: discord.Interaction, fact_id: str) -> None:
        """Who changed a fact, when, and what."""
        typed, fact_id = fact_id, typed_fact_id(fact_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        entries = await self._locked(self.bot.store.history, fact_id)
        if not entries and self.bot.store.kb.fact(fact_id) is None:
            # Named as typed: an alias group's name ("Dokdo") is told where its changes are.
            raise await self._locked(self.bot.store.unknown_fact, typed.strip())
        pages = history_pages(fact_id, entries)
        if len(pages) == 1:
            await send_ephemeral(interaction, embed=pages[0])
            return
        await send_ephemeral(
            interaction, embed=pages[0], view=Paginator(pages, interaction.user.id)
        )

    @app_commands.command(name="revert")
    @app_commands.rename(fact_id="id")
    @app_commands.describe(
        fact_id="The fact to restore",
        to="The change number (see /kb history); 0 is the fact before its first change",
    )
    async def revert(
        self, interaction: discord.Interaction, fact_id: str, to: app_commands.Range[int, 0]
    ) -> None:
        """Restore a fact as it was after an earlier change (recorded as a new change)."""
        fact_id = typed_fact_id(fact_id)
        store = self.bot.store
        await interaction.response.defer(ephemeral=True, thinking=True)
        fact, recorded = await self._locked(
            store.revert_recorded, fact_id, to, actor_of(interaction)
        )
        state = "before its first change" if to == 0 else f"after change #{to}"
        if recorded is None:  # as kb revert says it: nothing was saved, nor recorded
            await send_ephemeral(
                interaction, f"`{fact_id}` is already as it was {state}; nothing to change."
            )
            return
        try:
            entries = await self._locked(store.history, fact_id)
        except StoreError as exc:  # saved all the same: said so, without the later changes
            log.warning("could not read back the changes a revert took back: %s", exc)
            entries = []
        undone = taken_back(fact_id, [e for e in entries if to < e.n < recorded])
        if fact is None:
            await send_ephemeral(
                interaction,
                f"Reverted `{fact_id}` to {state}: it is removed (recorded as change "
                f"#{recorded}).{undone}",
            )
            return
        shown = store.engine.answer_fact(fact.id)
        await send_ephemeral(
            interaction,
            f"Reverted `{fact_id}` to how it was {state} (recorded as change #{recorded}).{undone}",
            embed=answer_embed(shown) if shown else discord.utils.MISSING,
        )

    @revert.autocomplete("to")
    async def revert_to_autocomplete(
        self, interaction: discord.Interaction, current: int | str
    ) -> list[app_commands.Choice[int]]:
        fact_id = typed_fact_id(str(getattr(interaction.namespace, "id", "") or ""))
        if not self._moderator(interaction) or not fact_id:
            return []
        # As the `id` choices: a log that cannot be read (a bad disk), or not within the wait,
        # offers no numbers (one can still be typed) and is warned of once; raised, discord.py
        # logged it as an ERROR with its traceback at every keystroke.
        try:
            entries = await asyncio.wait_for(
                asyncio.to_thread(self.bot.store.recorded, fact_id), AUTOCOMPLETE_WAIT
            )
        except (TimeoutError, OSError, StoreError) as exc:
            self._changes_unread.failed(exc)
            return []
        self._changes_unread.worked()
        choices = [
            app_commands.Choice(
                name=f"#{e.n} · {e.action} · {e.user_name} · {e.time}"[:100], value=e.n
            )
            for e in reversed(entries[-24:])
        ]
        if entries:
            choices.append(app_commands.Choice(name="#0 · before the first change", value=0))
        return choices

    @history.autocomplete("fact_id")
    @revert.autocomplete("fact_id")
    async def recorded_fact_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> Choices:
        """The live facts and the removed ones: the history of a removed fact, and the revert
        that brings it back, are what a moderator looks for once the undo hint is gone."""
        if not self._moderator(interaction):
            return []
        store = self.bot.store
        live = fact_choices(store.engine, current)
        # It reads the audit log: one that cannot be read (a bad disk) or is slow to (a long
        # log on a busy one) costs the removed facts, not every choice. An autocomplete's
        # error reaches only the log, and past Discord's 3 s nothing is shown.
        try:
            removed = await asyncio.wait_for(
                asyncio.to_thread(store.removed_fact_ids), AUTOCOMPLETE_WAIT
            )
        except (TimeoutError, OSError, StoreError) as exc:
            self._removed_unread.failed(exc)
            return live
        self._removed_unread.worked()
        return with_removed(live, removed, current)


def taken_back(fact_id: str, undone: Sequence[AuditEntry]) -> str:
    """What a revert's reply adds about the later changes it took back (`undone`, oldest
    first): who made them and when, and the revert that brings them back. A revert restores
    a state whatever was saved after the history its moderator read: another moderator's fix
    saved meanwhile went with it, and nobody was told."""
    if not undone:
        return ""
    shown = undone[-UNDONE_SHOWN:]
    listed = ", ".join(
        f"#{e.n} ({e.action} by {escape(one_line(e.user_name)) or 'console'}, {e.time})"
        for e in shown
    )
    earlier = len(undone) - len(shown)
    more = f" and {earlier} earlier" if earlier else ""
    return (
        f" It takes back the {len(undone)} later change(s): {listed}{more};"
        f" `/kb revert id:{fact_id} to:{undone[-1].n}` brings them back."
    )
