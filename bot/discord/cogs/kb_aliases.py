"""`/kb alias`, `/kb unalias` and `/kb alias-history`: the names the knowledge knows a thing by.

A name added to an alias group changes how every question reads; the store rebuilds the engine
and the reply waits for it (alias_replies.py says what was done). The history lists who added or
took back a name, from the audit log, a name taken out among the choices. A mixin of the `/kb`
cog (cogs/moderation.py, kb_common.py).
"""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands

from bot.core.moderation.aliaslog import recorded_names
from bot.discord.alias_replies import alias_added, alias_removed
from bot.discord.autocomplete import Choices, name_choices
from bot.discord.checks import actor_of
from bot.discord.cogs.kb_common import AUTOCOMPLETE_WAIT, KbCommands
from bot.discord.errors import send_ephemeral
from bot.discord.kb_embeds import alias_history_pages
from bot.discord.views import Paginator


class AliasCommands(KbCommands):
    """The `/kb` commands that add and take back another name of something."""

    @app_commands.command(name="alias")
    @app_commands.describe(canonical="The name the group is known by", name="Another name for it")
    async def alias(
        self,
        interaction: discord.Interaction,
        canonical: app_commands.Range[str, 1, 100],
        name: app_commands.Range[str, 1, 100],
    ) -> None:
        """Teach another name for something (e.g. Takeshima → Liancourt Rocks)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        done = await self._locked(self.bot.store.add_alias, canonical, name, actor_of(interaction))
        await send_ephemeral(interaction, alias_added(done, canonical, name))

    @app_commands.command(name="unalias")
    @app_commands.describe(name="A name added to a group (not the name the group is known by)")
    async def unalias(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]
    ) -> None:
        """Take back another name of something (the undo of /kb alias)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        done = await self._locked(self.bot.store.remove_alias, name, actor_of(interaction))
        await send_ephemeral(interaction, alias_removed(done, name))

    @app_commands.command(name="alias-history")
    @app_commands.describe(
        name="Only the changes of this name (a group's name: all of its changes)"
    )
    async def alias_history(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Who added or took back another name of something, and when."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        entries = await self._locked(self.bot.store.alias_history, name)
        pages = alias_history_pages(name.strip() if name else None, entries)
        if len(pages) == 1:
            await send_ephemeral(interaction, embed=pages[0])
            return
        await send_ephemeral(
            interaction, embed=pages[0], view=Paginator(pages, interaction.user.id)
        )

    @alias.autocomplete("canonical")
    async def canonical_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> Choices:
        if not self._moderator(interaction):
            return []
        return name_choices((g.canonical for g in self.bot.store.kb.aliases), current)

    @unalias.autocomplete("name")
    async def unalias_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        if not self._moderator(interaction):
            return []
        return name_choices((n for g in self.bot.store.kb.aliases for n in g.names), current)

    @alias_history.autocomplete("name")
    async def alias_history_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> Choices:
        """The names served now, then those the log records and the file no longer has (a
        name taken out is what a moderator asks about)."""
        if not self._moderator(interaction):
            return []
        store = self.bot.store
        live = [n for g in store.kb.aliases for n in (g.canonical, *g.names)]
        try:
            recorded = await asyncio.wait_for(
                asyncio.to_thread(lambda: recorded_names(store.audit.entries_of(None))),
                AUTOCOMPLETE_WAIT,
            )
        except (TimeoutError, OSError) as exc:
            self._removed_unread.failed(exc)
            recorded = []
        else:
            self._removed_unread.worked()
        served = {n.casefold() for n in live}
        gone = [n for n in recorded if n.casefold() not in served]
        return name_choices([*gone, *live], current)
