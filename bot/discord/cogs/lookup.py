"""Looking things up: `/fact show`, `/fact search`, `/sources` and `/help`.

`/fact` holds only member commands. Moderator commands live in their own `/kb` group
(see `moderation.py`) because Discord applies `default_member_permissions` to a whole top-level
command, never to single subcommands: mixing both in `/fact` would show `/fact add` to everyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.errors import UnknownFactError
from bot.discord.autocomplete import Choices, fact_choices
from bot.discord.embeds import answer_embed, help_embed, search_pages, sources_embed
from bot.discord.errors import no_mentions
from bot.discord.views import Paginator

if TYPE_CHECKING:
    from bot.discord.client import CitebotBot

SEARCH_LIMIT = 50


class LookupCog(commands.Cog):
    """Member commands to browse the knowledge base."""

    fact = app_commands.Group(name="fact", description="Look up curated facts")

    def __init__(self, bot: CitebotBot) -> None:
        self.bot = bot

    @fact.command(name="show")
    @app_commands.rename(fact_id="id")
    @app_commands.describe(fact_id="The fact's id (type to search ids and questions)")
    async def show(self, interaction: discord.Interaction, fact_id: str) -> None:
        """Show one fact with its sources."""
        answer = self.bot.store.engine.answer_fact(fact_id.strip())
        if answer is None:
            raise UnknownFactError(fact_id.strip())
        await interaction.response.send_message(
            embed=answer_embed(answer), allowed_mentions=no_mentions()
        )

    @show.autocomplete("fact_id")
    async def show_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        return fact_choices(self.bot.store.engine, current)

    @fact.command(name="search")
    @app_commands.describe(query="Words to look for in fact ids, questions and answers")
    async def search(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]
    ) -> None:
        """Find facts; only you can turn the pages."""
        results = self.bot.store.engine.search_facts(query, limit=SEARCH_LIMIT)
        pages = search_pages(query, results)
        if len(pages) == 1:
            await interaction.response.send_message(embed=pages[0], allowed_mentions=no_mentions())
            return
        view = Paginator(pages, interaction.user.id)
        response = await interaction.response.send_message(
            embed=view.page, view=view, allowed_mentions=no_mentions()
        )
        if isinstance(response.resource, discord.InteractionMessage):
            view.message = response.resource

    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction) -> None:
        """The documents every answer quotes."""
        embed = sources_embed(self.bot.store.kb)
        await interaction.response.send_message(embed=embed, allowed_mentions=no_mentions())

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """How to ask me, and what I can do."""
        moderator = self.bot.moderators.allows(interaction)
        await interaction.response.send_message(
            embed=help_embed(moderator), ephemeral=True, allowed_mentions=no_mentions()
        )
