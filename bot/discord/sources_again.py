""" "source?" in reply to one of the bot's answers: what to show, read back from the answer.

The answer's footer names its fact ("fact <id> ·") or says it is a passage; its title (or
"You asked" line) is the question. Apart from the cog that answers (cogs/ask.py), which grew
past what one module should hold; the cog decides whether to reply and sends it.
"""

from __future__ import annotations

import re

import discord

from bot.core.engine.answer import Engine
from bot.discord.embeds import DECLINE_TITLES, copied_sources_embed, sources_again_embed
from bot.discord.readback import asked_question, other_facts
from bot.log import get_logger
from bot.wording import Wording

log = get_logger(__name__)


async def replied_to(message: discord.Message) -> discord.Message | None:
    """The message this one replies to (from the gateway, or fetched), or None."""
    reference = message.reference
    if reference is None:
        return None
    if isinstance(reference.resolved, discord.Message):
        return reference.resolved
    if reference.message_id is None or reference.resolved is not None:  # deleted
        return None
    try:
        return await message.channel.fetch_message(reference.message_id)
    except discord.HTTPException as exc:
        log.info("could not read the message replied to (HTTP %s)", exc.status)
        return None


def sources_of(
    engine: Engine, answer: discord.Message, words: Wording
) -> discord.Embed | str | None:
    """What to show for "source?" under one of our messages: the sources of its answer, a
    sentence (in `words`) when it has none, or None when it is not an answer (then the
    reply is chat)."""
    if not answer.embeds:
        return None
    embed = answer.embeds[0]
    footer = embed.footer.text or ""
    if embed.title in DECLINE_TITLES:
        return words.no_source
    found = re.match(r"fact ([a-z0-9-]+) ·", footer)
    if found:
        fact = engine.answer_fact(found.group(1), asked_question(answer))
        if fact is None:
            return words.fact_gone
        # a reply to several questions: the sources of every fact it gave
        others = (
            engine.answer_fact(other, asked_question(answer)) for other in other_facts(answer)
        )
        sources = sources_again_embed(fact, *(o for o in others if o is not None))
        # As sure as the answer was: a fact looked up by id reads as certain, and "source?"
        # under a hedged answer restated it so (confidence 1.00, the confident colour).
        sources.colour = embed.colour
        sources.set_footer(text=footer)
        return sources
    if footer.startswith("passage from "):
        return copied_sources_embed(embed)
    return None
