"""Pure functions from core results to embeds: what a member sees, within every Discord limit.

Nothing here sends anything or touches a client, so every function is tested directly. The
lookup commands' pages (/sources, /help, /fact search) are in `lookup_embeds`.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core.knowledge.models import Answer, SourceView, Suggestion
from bot.discord.formatting import (
    DESCRIPTION_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    enforce_total,
    escape,
    fit,
    one_line,
    shorten,
)
from bot.render import PART_MARK, decline_message
from bot.wording import every, wording_for

FACT_COLOUR = discord.Colour(0x2B6CB0)
PASSAGE_COLOUR = discord.Colour(0xD69E2E)
HEDGED_COLOUR = discord.Colour(0x4A7A9B)  # a paler fact blue: the closest fact, not a sure one
DECLINE_COLOUR = discord.Colour(0x718096)

# Budgets keep a full answer (text, sources, alternatives) well under the 6,000 total.
ANSWER_BUDGET = 1800
QUOTE_BUDGET = 700
ALTERNATIVE_BUDGET = 500
MAX_SOURCE_FIELDS = 4
MAX_ALTERNATIVES = 2
MAX_URL = 400
# A question of a message that asked several, over its answer (PART_MARK before it).
PART_QUESTION_BUDGET = 200
# Before each fact after the first in the footer of a reply to several questions: "source?"
# under it reads them back (`readback.other_facts`).
ALSO = " · also "
# A decline's title in every language: what tells a decline of ours when it is read back.
DECLINE_TITLES = every("decline_title")
# The field names of the near ties beside an answer, in every language (not copied with the
# sources).
ALTERNATIVE_PREFIXES = tuple(f.split("{", 1)[0] for f in every("alternative_field"))
# A fact shown because the member picked it from the menu: their choice, not a match the bot
# made (the console says "your choice" in the same place).
PICKED_FOOTER = "picked from the menu"


def _cut(raw: str, limit: int, pointer: str) -> str:
    """Escaped `raw` within `limit`; when it had to be cut, `pointer` says where the rest is."""
    whole = escape(raw)
    if len(whole) <= limit:
        return whole
    return fit(raw, limit - len(pointer)) + pointer


# Characters that end or break a masked link's target, as the URL escapes them: a
# Wikipedia page such as ".../Liancourt_Rocks_(disambiguation)" lost its link altogether.
_URL_ESCAPES = str.maketrans({" ": "%20", "<": "%3C", ">": "%3E", "(": "%28", ")": "%29"})


def masked_link(view: SourceView, label: str) -> str:
    """`[label](url)` to the source, or "" when it has no address or one too long to show
    (public: `lookup_embeds.sources_embed` links each document the same way)."""
    url = (view.url or "").translate(_URL_ESCAPES)
    if not url or len(url) > MAX_URL:
        return ""
    return f"[{label}]({url})"


def _blockquote(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines() or [""])


def source_field(view: SourceView) -> tuple[str, str]:
    """The (name, value) of one source field: title and section, the quote, a link, references."""
    name = fit(one_line(f"{view.title} · {view.section}"), FIELD_NAME_LIMIT)
    link = masked_link(view, "Read the source")
    pointer = " (continues in the source)"
    room = FIELD_VALUE_LIMIT - len(link) - len("> “”\n")  # the link is never cut
    quote = _cut(one_line(view.quote), min(QUOTE_BUDGET, room), pointer)
    parts = [_blockquote(f"“{quote}”")]
    if link:
        parts.append(link)
    if view.references:
        cites = "; ".join(one_line(r.describe()) for r in view.references)
        room = FIELD_VALUE_LIMIT - len("\n".join(parts)) - len("\nThe document cites: ")
        if room > 20:
            parts.append("The document cites: " + fit(cites, room))
    return name, shorten("\n".join(parts), FIELD_VALUE_LIMIT)


def _colour(answer: Answer, chosen: bool = False) -> discord.Colour:
    if answer.kind == "passage":
        return PASSAGE_COLOUR
    return HEDGED_COLOUR if answer.hedged or chosen else FACT_COLOUR


def _footer(answer: Answer, chosen: bool = False) -> str:
    if answer.kind == "passage":
        doc = answer.sources[0].doc if answer.sources else "source"
        text = f"passage from {doc} · confidence {answer.score:.2f}"
    elif chosen:
        text = f"fact {answer.fact_id} · {PICKED_FOOTER}"
    else:
        text = f"fact {answer.fact_id} · confidence {answer.score:.2f}"
        if answer.hedged:
            text += " · not sure"
    return text[:FOOTER_LIMIT]


def answer_embed(answer: Answer, *, chosen: bool = False) -> discord.Embed:
    """The reply to a question: the answer, each source with its quote, fact id and confidence.

    A passage answer (no curated fact matched) is marked in the author line, the colour and the
    text as a quote from the source, so nobody mistakes it for a curated answer; a hedged fact
    answer (Answer.hedged) in the author line, the colour and the footer as the closest fact.
    `chosen` marks a fact the member picked from the menu under the question: it is shown
    under their question, but the bot matched nothing to it, so it has no confidence to show
    (`Engine.answer_fact` says 1.00 of any fact) and must not look like a sure answer.
    """
    if not answer.answered:
        return decline_embed(answer)
    if answer.parts:
        return parts_embed(answer)
    words = wording_for(answer)
    title = fit(one_line(answer.question), TITLE_LIMIT) or None
    first = answer.sources[0] if answer.sources else None
    if answer.kind == "passage":
        where = (
            words.passage_where.format(
                title=escape(one_line(first.title)), section=escape(first.section)
            )
            if first
            else words.the_source
        )
        intro = words.passage_intro_at.format(where=where) + "\n"
        body = _cut(one_line(answer.answer or ""), ANSWER_BUDGET, " (continues in the source)")
        embed = discord.Embed(
            title=title, description=intro + _blockquote(body), colour=PASSAGE_COLOUR
        )
        embed.set_author(name=words.passage_author)
    else:
        pointer = "\n*Cut for length: the source below has the full text.*"
        body = _cut(answer.answer or "", ANSWER_BUDGET, pointer)
        embed = discord.Embed(title=title, description=body, colour=_colour(answer, chosen))
        if chosen:
            embed.set_author(name=words.picked_author)
        elif answer.hedged:
            embed.set_author(name=words.hedged_author)
    _add_source_fields(embed, answer)
    for alt in answer.alternatives[:MAX_ALTERNATIVES]:
        text = _cut(alt.answer or "", ALTERNATIVE_BUDGET, " …")
        embed.add_field(
            name=fit(words.alternative_field.format(fact_id=alt.fact_id), FIELD_NAME_LIMIT),
            value=shorten(text, FIELD_VALUE_LIMIT),
            inline=False,
        )
    embed.set_footer(text=_footer(answer, chosen))
    return enforce_total(embed, note=f"More in `/fact show id:{answer.fact_id}`.")


def parts_embed(answer: Answer) -> discord.Embed:
    """The reply to a message that asked several questions (`Answer.parts`): each question,
    in the order asked, over its answer (a hedged one marked as the closest fact, a passage as
    a quote from the source, a declined one with the decline), then a field with each answer's
    first source, quoted. The footer names the first fact answered, as a single answer's does
    (votes and "source?" read it back), and the others after it.

    The answers share one answer's budget and each part gets one source, so that three parts
    fit within Discord's 6,000 characters without losing the last part's source."""
    title = fit(one_line(answer.question), TITLE_LIMIT) or None
    budget = ANSWER_BUDGET // len(answer.parts)
    blocks: list[str] = []
    for part in answer.parts:
        heading = f"**{PART_MARK} {fit(one_line(part.question), PART_QUESTION_BUDGET)}**"
        blocks.append(f"{heading}\n{_part_body(part, budget)}")
    # the hedged colour when the bot is not sure of every answer shown
    sure = all(p.kind == "fact" and not p.hedged for p in answer.parts if p.answered)
    colour = FACT_COLOUR if sure else HEDGED_COLOUR
    embed = discord.Embed(title=title, description="\n\n".join(blocks), colour=colour)
    numbered = len(answer.parts) > 1
    for n, part in enumerate(answer.parts, 1):
        if not part.answered or not part.sources:
            continue
        name, value = source_field(part.sources[0])
        # (the name is escaped already: shortened, never escaped again)
        name = shorten(f"{PART_MARK} {n} · {name}", FIELD_NAME_LIMIT) if numbered else name
        embed.add_field(name=name, value=value, inline=False)
    answered = [p for p in answer.parts if p.answered]
    footer = _footer(answered[0])
    for part in answered[1:]:
        if part.fact_id:
            footer += f"{ALSO}{part.fact_id} {part.score:.2f}" + (
                " not sure" if part.hedged else ""
            )
    embed.set_footer(text=footer[:FOOTER_LIMIT])
    return enforce_total(embed, note=f"More in `/fact show id:{answered[0].fact_id}`.")


def _part_body(part: Answer, budget: int) -> str:
    """One question's answer in a reply to several: its text within `budget`, marked as the
    single answer's author line marks it."""
    words = wording_for(part)
    if not part.answered:
        return f"*{escape(decline_message(part, words))}*"
    if part.kind == "passage":
        body = _cut(one_line(part.answer or ""), budget, " (continues in the source)")
        return f"*{words.passage_author}*\n{_blockquote(body)}"
    text = _cut(part.answer or "", budget, " (the source below has the full text)")
    return f"*{words.hedged_author}*\n{text}" if part.hedged else text


def _add_source_fields(embed: discord.Embed, answer: Answer) -> None:
    """One field per source (document, section, quote, link), and a pointer to the rest when
    there are more than fit."""
    for view in answer.sources[:MAX_SOURCE_FIELDS]:
        name, value = source_field(view)
        embed.add_field(name=name, value=value, inline=False)
    hidden = len(answer.sources) - MAX_SOURCE_FIELDS
    if hidden > 0:
        embed.add_field(
            name="More sources",
            value=f"{hidden} more source(s): `/fact show id:{answer.fact_id}` lists them.",
            inline=False,
        )


# The title of a "source?" reply is the question it answered after this: read back as the
# question (a vote under it, "source?" under it again), the prefix is dropped.
SOURCES_PREFIX = "Sources: "


def sources_again_embed(answer: Answer, *more: Answer) -> discord.Embed:
    """An answer's sources alone (document, section, quote, link), for a member who replied
    "source?" to it: the answer is already on screen, the sources were what they wanted.
    `more`: the other answers of a reply to several questions, whose sources follow."""
    title = fit(one_line(f"{SOURCES_PREFIX}{answer.question}"), TITLE_LIMIT) or None
    embed = discord.Embed(title=title, colour=_colour(answer))
    for shown in (answer, *more):
        _add_source_fields(embed, shown)
    if not answer.sources:
        embed.description = "This answer has no sources to show."
    embed.set_footer(text=_footer(answer))
    return enforce_total(embed, note=f"More in `/fact show id:{answer.fact_id}`.")


def copied_sources_embed(original: discord.Embed) -> discord.Embed:
    """The source fields of an answer embed we sent, alone: for a passage answer, whose
    passage is known only from the message (no fact to look up)."""
    embed = discord.Embed(
        # The title is already escaped: shorten, never escape again.
        title=shorten(
            SOURCES_PREFIX + (original.title or "").removeprefix(SOURCES_PREFIX), TITLE_LIMIT
        ),
        colour=original.colour,
    )
    for field in original.fields:
        if field.name and field.value and not field.name.startswith((*ALTERNATIVE_PREFIXES, "…")):
            embed.add_field(name=field.name, value=field.value, inline=False)
    embed.set_footer(text=original.footer.text)
    return enforce_total(embed)


def suggestion_lines(suggestions: Sequence[Suggestion], limit: int = FIELD_VALUE_LIMIT) -> str:
    """A bullet list of suggested questions with their fact ids, cut to `limit`."""
    lines: list[str] = []
    used = 0
    for s in suggestions:
        line = f"• {fit(one_line(s.question), 200)} (`{s.fact_id}`)"
        if used + len(line) + 1 > limit:
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def decline_embed(answer: Answer) -> discord.Embed:
    """An honest "my sources don't answer that", echoing the question inertly, with suggestions."""
    words = wording_for(answer)
    description = decline_message(answer, words)
    # Not a question with nothing to read ("empty": only invisible characters, such as a
    # zero-width space after the bot's mention): it was echoed as an empty pair of quotes.
    if answer.question.strip() and answer.reason != "empty":
        description += f"\n\n{words.you_asked}: “{fit(one_line(answer.question), 600)}”"
    embed = discord.Embed(
        title=words.decline_title,
        description=shorten(description, DESCRIPTION_LIMIT),
        colour=DECLINE_COLOUR,
    )
    if answer.suggestions:
        embed.add_field(
            name=words.suggestions_field,
            value=suggestion_lines(answer.suggestions),
            inline=False,
        )
        embed.set_footer(text=words.pick_below)
    return embed
