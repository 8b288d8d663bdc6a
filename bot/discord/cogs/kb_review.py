"""`/kb unanswered`, `/kb stats` and `/kb reload`: the review queue, the figures, the files.

The review queue lists this server's declined questions (or every home server's, `scope: all`)
with a topic guessed for each and buttons to add a fact, and the answers members voted not
helpful; stats counts what was asked and answered; reload reads the knowledge files again.
Each acknowledges first (deferred): a feedback database another process holds, or the files
of a large knowledge base, take longer than Discord's 3 s. A mixin of the `/kb` cog
(cogs/moderation.py, kb_common.py).
"""

from __future__ import annotations

import asyncio
from typing import Literal

import discord
from discord import app_commands

from bot.core.moderation.queue import open_entries
from bot.discord.cogs.kb_common import KbCommands
from bot.discord.errors import send_ephemeral
from bot.discord.kb_embeds import not_helpful_rows, reload_embed, stats_embed, unanswered_embed
from bot.discord.review_queue import QUEUE_SIZE, UnansweredView


class ReviewCommands(KbCommands):
    """The `/kb` commands that review what members asked, and reload the files."""

    def _scope(self, interaction: discord.Interaction, scope: str) -> tuple[int, ...]:
        """The servers whose questions a moderator sees: this one, or every home server."""
        if scope == "all":
            return tuple(self.bot.settings.moderation_guild_ids)
        return (interaction.guild_id,) if interaction.guild_id else ()

    def _topic_guess(self, question: str) -> str:
        store = self.bot.store
        for suggestion in store.engine.ask(question).suggestions:
            fact = store.kb.fact(suggestion.fact_id)
            if fact is not None:
                return fact.topic
        topics = store.topics()
        return topics[0] if topics else "misc"

    @app_commands.command(name="unanswered")
    @app_commands.describe(scope="This server's questions (default), or every home server's")
    async def unanswered(
        self, interaction: discord.Interaction, scope: Literal["server", "all"] = "server"
    ) -> None:
        """Questions I could not answer, and answers marked not helpful."""
        # Acknowledge first: the queue reads (and cleans) the feedback database, which another
        # process may hold locked, and asks the engine about each question, past the 3 s.
        await interaction.response.defer(ephemeral=True, thinking=True)
        guilds = self._scope(interaction, scope)
        engine = self.bot.store.engine  # its knowledge and its answers: one snapshot
        queue = await self._locked(  # it cleans the database: a write
            open_entries, self.bot.feedback, engine.kb, engine.ask, QUEUE_SIZE, guilds
        )
        questions, not_helpful = queue.questions, queue.votes
        guesses = await asyncio.to_thread(
            lambda: [self._topic_guess(q.question) for q in questions]
        )
        view = UnansweredView(
            interaction.user.id,
            questions,
            guesses,
            self.bot.store.topics(),
            lambda topic, values, question: self.add_form(topic, values, question, guilds),
            self.bot.moderators,
            not_helpful[: len(not_helpful_rows(not_helpful))],  # a button per line shown
            self.bot.store,
            self.bot.moderator_writes,
        )
        embed = unanswered_embed(questions, guesses, not_helpful, queue.picked)
        if view.children:
            await send_ephemeral(interaction, embed=embed, view=view)
        else:
            await send_ephemeral(interaction, embed=embed)

    @app_commands.command(name="stats")
    @app_commands.describe(scope="This server's questions (default), or every home server's")
    async def stats(
        self, interaction: discord.Interaction, scope: Literal["server", "all"] = "server"
    ) -> None:
        """Facts, questions asked, answer rate and the most used facts."""
        await interaction.response.defer(ephemeral=True, thinking=True)  # a locked database
        guilds = self._scope(interaction, scope)
        stats = await asyncio.to_thread(self.bot.feedback.stats, 10, guilds)
        await send_ephemeral(interaction, embed=stats_embed(self.bot.store.kb, stats))

    @app_commands.command(name="reload")
    async def reload(self, interaction: discord.Interaction) -> None:
        """Reload the knowledge files now (broken files keep the last good version serving)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        problems = await self._locked(self.bot.store.reload)  # waits for a save
        await send_ephemeral(interaction, embed=reload_embed(self.bot.store.kb, problems))
