"""A question saved as one a fact does not answer, from Discord.

The one path of `/kb exclude`, the review queue's Exclude buttons and the "Wrong fact" message
command, so that all three acknowledge, save on the moderators' threads and reply alike.
"""

from __future__ import annotations

from concurrent.futures import Executor

import discord

from bot.core.knowledge.models import Fact
from bot.core.moderation.store import KnowledgeStore
from bot.discord.checks import actor_of
from bot.discord.errors import send_ephemeral
from bot.discord.formatting import escape, one_line
from bot.discord.intime import on_threads

TOO_LONG_TO_READ_BACK = (
    "That question was too long to read back from the answer; use `/kb exclude` with the "
    "question as the member asked it."
)


async def exclude_question(
    interaction: discord.Interaction,
    store: KnowledgeStore,
    fact_id: str,
    question: str,
    writes: Executor,
) -> Fact:
    """Save `question` as one `fact_id` does not answer (`KnowledgeStore.exclude_question`,
    on the moderators' threads `writes`, acknowledged first) and tell the moderator: the one path of
    `/kb exclude`, the review queue's Exclude buttons and the Wrong fact message command."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    fact = await on_threads(
        writes, store.exclude_question, fact_id, question, actor_of(interaction)
    )
    await send_ephemeral(
        interaction,
        f"{escape(fact.id)} no longer answers “{escape(one_line(question))}” or questions "
        f"closer to it than to its own phrasings ({len(fact.does_not_answer)} listed); it "
        "applies now.",
    )
    return fact
