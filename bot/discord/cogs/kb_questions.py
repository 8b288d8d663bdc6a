"""`/kb exclude` and `/kb teach`: which questions a fact answers, in members' own words.

Exclude adds a question to the fact's does_not_answer (as the "Wrong fact" menu does, through
exclusion.exclude_question); teach adds a declined question, offered from this server's
review queue, to the fact's phrasings, then asks the engine again and says whether the fact now
answers it (only then does it leave the queue). A mixin of the `/kb` cog (cogs/moderation.py,
kb_common.py).
"""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands

from bot.core.errors import StoreError
from bot.discord.autocomplete import (
    QUEUED_PREFIX,
    Choices,
    closest_fact_choices,
    queued_choices,
    unqueued,
)
from bot.discord.checks import actor_of
from bot.discord.cogs.kb_common import AUTOCOMPLETE_WAIT, KbCommands
from bot.discord.errors import send_ephemeral
from bot.discord.exclusion import exclude_question
from bot.discord.formatting import escape, one_line, typed_fact_id
from bot.discord.review_queue import QUEUE_SIZE
from bot.log import get_logger

log = get_logger(__name__)


class QuestionCommands(KbCommands):
    """The `/kb` commands that tell a fact which questions it answers, and which not."""

    @app_commands.command(name="exclude")
    @app_commands.rename(fact_id="id")
    @app_commands.describe(
        fact_id="The fact that answered wrongly",
        question="The question it does not answer (as the member asked it)",
    )
    async def exclude(
        self,
        interaction: discord.Interaction,
        fact_id: str,
        question: app_commands.Range[str, 1, 300],
    ) -> None:
        """Stop a fact answering a question it does not answer, and questions close to it."""
        fact_id = typed_fact_id(fact_id)
        await exclude_question(
            interaction, self.bot.store, fact_id, question, self.bot.moderator_writes
        )

    @exclude.autocomplete("fact_id")
    async def exclude_fact_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> Choices:
        return self._fact_choices(interaction, current)

    @app_commands.command(name="teach")
    @app_commands.rename(fact_id="id")
    @app_commands.describe(
        fact_id="The fact that answers it",
        question="The question as the member asked it (offered from /kb unanswered)",
    )
    async def teach(
        self,
        interaction: discord.Interaction,
        fact_id: str,
        question: app_commands.Range[str, 1, 300],
    ) -> None:
        """Teach a fact a question members ask in their own words: it answers it from now on."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        fact_id = typed_fact_id(fact_id)
        store = self.bot.store
        store.version_of(fact_id)  # an unknown id is refused before anything else
        chosen: str | None = question
        if question.startswith(QUEUED_PREFIX):  # a long question of the queue, chosen
            chosen = unqueued(question, await self._queued(interaction, wait=None))
        if chosen is None:
            await send_ephemeral(
                interaction,
                "That question has left the review queue since it was offered (taught or "
                "dismissed); nothing changed. Pick it again, or type it.",
            )
            return
        question = chosen
        fact, taught = await self._locked(
            store.teach_question, fact_id, question, actor_of(interaction)
        )
        shown = escape(one_line(question))
        if not taught:
            await send_ephemeral(
                interaction, f"`{fact.id}` has “{shown}” already; nothing changed."
            )
            return
        saved = f"“{shown}” is now one of the {len(fact.questions)} phrasings of `{fact.id}`"
        answer = await asyncio.to_thread(store.engine.ask, question)
        if not answer.answered or answer.fact_id != fact.id:
            # A phrasing is evidence, not an order: another fact may still fit the question
            # better, or a rule refuse it. Said, and the question stays in the review queue.
            now = f"`{answer.fact_id}`" if answer.answered else "nothing (I decline it)"
            await send_ephemeral(
                interaction,
                f"{saved}, but I still answer it with {now}, so it stays in `/kb unanswered`. "
                "`/kb revert` takes the phrasing back.",
            )
            return
        homes = tuple(self.bot.settings.moderation_guild_ids)
        try:  # settled: it leaves the review queue now, not when the queue is next shown
            await self._locked(self.bot.feedback.dismiss_unanswered, question, homes)
        except StoreError as exc:
            log.warning("could not dismiss a taught question from the review queue: %s", exc)
        await send_ephemeral(
            interaction,
            f"{saved}: `{fact.id}` now answers it. `/kb revert` takes it back.",
        )

    @teach.autocomplete("question")
    async def teach_question_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> Choices:
        """The declined questions of the review queue (this server's) containing what was
        typed: the questions a moderator teaches are the members' own words."""
        if not self._moderator(interaction):
            return []
        return queued_choices(await self._queued(interaction), current)

    async def _queued(
        self, interaction: discord.Interaction, wait: float | None = AUTOCOMPLETE_WAIT
    ) -> list[str]:
        """This server's declined questions in the review queue, as /kb teach offers them; in
        an autocomplete (`wait`) none rather than a wait for a database another process holds."""
        guilds = (interaction.guild_id,) if interaction.guild_id else ()
        rows = asyncio.to_thread(self.bot.feedback.unanswered, QUEUE_SIZE * 5, guilds)
        if wait is None:
            return [row.question for row in await rows]
        try:
            return [row.question for row in await asyncio.wait_for(rows, wait)]
        except (TimeoutError, StoreError):
            return []

    @teach.autocomplete("fact_id")
    async def teach_fact_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> Choices:
        """The facts the engine finds closest to the question being taught first (the answer
        it gave, then its suggestions), then those matching what was typed, as elsewhere."""
        if not self._moderator(interaction):
            return []
        question = str(getattr(interaction.namespace, "question", "") or "")
        if question.startswith(QUEUED_PREFIX):
            question = unqueued(question, await self._queued(interaction)) or ""
        engine = self.bot.store.engine
        return await asyncio.to_thread(closest_fact_choices, engine, question, current)
