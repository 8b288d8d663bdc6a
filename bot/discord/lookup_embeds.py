"""The embeds of the lookup commands (/sources, /help, /fact search): reference pages about the
bot and its documents, not answers to a question, so they live apart from `embeds`.

Pure functions like `embeds`: nothing here sends anything, so each is tested directly.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core.knowledge.models import KnowledgeBase, SourceView, Suggestion
from bot.discord.embeds import masked_link
from bot.discord.formatting import (
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    enforce_total,
    escape,
    fit,
    one_line,
    shorten,
)
from bot.wording import Wording

INFO_COLOUR = discord.Colour(0x4A5568)


def sources_embed(kb: KnowledgeBase) -> discord.Embed:
    """The documents every answer quotes: title, publisher, licence, link, facts citing it."""
    cited: dict[str, int] = {}
    for fact in kb.facts:
        for doc in {c.source for c in fact.sources}:
            cited[doc] = cited.get(doc, 0) + 1
    embed = discord.Embed(
        title="Sources",
        description="Every answer quotes one of these documents word for word.",
        colour=INFO_COLOUR,
    )
    for source in list(kb.sources.values())[:24]:
        view = SourceView(source.id, source.title, "", source.url, "")
        lines = [
            f"Publisher: {escape(source.publisher)}",
            f"Licence: {escape(source.license)}",
            f"Cited by {cited.get(source.id, 0)} fact(s) · id `{source.id}`",
        ]
        link = masked_link(view, "Open the document")
        if link:
            lines.append(link)
        embed.add_field(
            name=fit(one_line(source.title), FIELD_NAME_LIMIT),
            value=shorten("\n".join(lines), FIELD_VALUE_LIMIT),
            inline=False,
        )
    return enforce_total(embed)


def help_embed(moderator: bool, mentions: bool = True, home: bool = True) -> discord.Embed:
    """How to ask, and (for moderators) how to keep the knowledge base right; mentions of the
    bot only where it reads them (`mentions`: a server the bot is in); votes "tell the
    moderators" only in a `home` server, the one place a moderator is shown them."""
    embed = discord.Embed(
        title="citebot — sourced answers on Japan–South Korea relations",
        description=(
            "I answer only from curated facts, each backed by a quote from a published source. "
            "When my sources don't cover something, I say so instead of guessing."
        ),
        colour=INFO_COLOUR,
    )
    embed.add_field(
        name="Asking",
        value=(
            "`/ask question:` — ask anything; suggestions appear as you type.\n"
            + ("Mention me: “@citebot who controls Dokdo?”\n" if mentions else "")
            + "Under an answer: *Not what you meant?* shows close facts; "
            + "*Helpful / Not helpful* "
            + ("tells the moderators" if home else "rates it")
            + "; *Remove* takes down an answer you asked for."
        ),
        inline=False,
    )
    embed.add_field(
        name="Looking up",
        value=(
            "`/fact show id:` — one fact with its sources\n"
            "`/fact search query:` — find facts\n"
            "`/sources` — the documents I quote"
        ),
        inline=False,
    )
    if moderator:
        embed.add_field(
            name="Moderators (`/kb`)",
            value=(
                "`add` · `edit` · `remove` · `alias` · `unalias` — change facts "
                "(validated like `kb check`)\n"
                "`history` · `revert` — who changed what, and undo; `alias-history` — "
                "who added or took back a name\n"
                "`unanswered` — questions I could not answer, and answers marked not helpful\n"
                "`teach` · `exclude` — a question a fact answers, or does not\n"
                "`stats` · `reload`"
            ),
            inline=False,
        )
    return embed


def search_pages(
    query: str, results: Sequence[Suggestion], words: Wording, per_page: int = 10
) -> list[discord.Embed]:
    """`/fact search` results as pages of at most `per_page` facts, worded in `words` (the
    language of the words searched, which the title repeats); the fact ids and questions are
    shown as they are."""
    title = fit(words.search_title.format(query=one_line(query)), TITLE_LIMIT)
    if not results:
        return [discord.Embed(title=title, description=words.search_none, colour=INFO_COLOUR)]
    chunks = [results[i : i + per_page] for i in range(0, len(results), per_page)]
    pages: list[discord.Embed] = []
    for number, chunk in enumerate(chunks, start=1):
        lines = [f"`{s.fact_id}` — {fit(one_line(s.question), 250)}" for s in chunk]
        embed = discord.Embed(title=title, description="\n".join(lines), colour=INFO_COLOUR)
        embed.set_footer(text=words.search_footer.format(page=number, pages=len(chunks)))
        pages.append(embed)
    return pages
