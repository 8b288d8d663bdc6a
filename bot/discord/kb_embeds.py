"""Embeds for the moderators' `/kb` commands: history, the review queue, stats and reloads."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import discord

from bot.core.errors import Problem
from bot.core.knowledge.models import KnowledgeBase
from bot.core.moderation.aliaslog import describe, group_of
from bot.core.moderation.audit import AuditEntry
from bot.core.moderation.edits import compact_diff
from bot.core.moderation.feedbackqueries import FeedbackStats, UnansweredQuestion
from bot.discord.formatting import (
    DESCRIPTION_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    enforce_total,
    escape,
    fit,
    one_line,
    shorten,
)

KB_COLOUR = discord.Colour(0x805AD5)
PROBLEM_COLOUR = discord.Colour(0xC53030)
HISTORY_PER_PAGE = 5
MAX_PROBLEMS = 15


def code_block(lines: Sequence[str], limit: int = FIELD_VALUE_LIMIT) -> str:
    """Lines in a code block (inert: no markdown, no mentions), cut to fit `limit`."""
    fence_room = limit - len("```\n\n```") - len("\n…")
    body: list[str] = []
    used = 0
    for line in lines:
        # A backtick could close the fence early; a look-alike keeps the text readable.
        safe = line.replace("`", "ˋ")[:300]
        if used + len(safe) + 1 > fence_room:
            body.append("…")
            break
        body.append(safe)
        used += len(safe) + 1
    return "```\n" + ("\n".join(body) or " ") + "\n```"


def history_pages(fact_id: str, entries: Sequence[AuditEntry]) -> list[discord.Embed]:
    """A fact's recorded changes, newest first: who, when, what (a compact diff)."""
    return _audit_pages(
        fit(f"History of {fact_id}", 256),
        "`/kb revert` with **to:** a change number restores the fact as it was after that change.",
        entries,
        lambda entry: (entry.action, code_block(compact_diff(entry.before, entry.after))),
    )


def alias_history_pages(name: str | None, entries: Sequence[AuditEntry]) -> list[discord.Embed]:
    """The alias changes (all, or those of one name), newest first: who added or took out
    which name of which group, and when; five a page, as a fact's history."""
    return _audit_pages(
        fit(f"Changes of the name “{one_line(name)}”" if name else "Alias changes", 256),
        "`/kb alias` adds a name, `/kb unalias` takes one out.",
        entries,
        lambda entry: (fit(one_line(group_of(entry)), 100), code_block(describe(entry))),
    )


def _audit_pages(
    title: str,
    description: str,
    entries: Sequence[AuditEntry],
    shown: Callable[[AuditEntry], tuple[str, str]],
) -> list[discord.Embed]:
    """Audit entries newest first, HISTORY_PER_PAGE a page, each a field named "#n · what ·
    who · when" whose value is what `shown` gives beside that "what"."""
    if not entries:
        return [
            discord.Embed(
                title=title,
                description="No recorded changes (the audit log starts with the first change made "
                "through citebot).",
                colour=KB_COLOUR,
            )
        ]
    newest = list(reversed(entries))
    chunks = [newest[i : i + HISTORY_PER_PAGE] for i in range(0, len(newest), HISTORY_PER_PAGE)]
    pages: list[discord.Embed] = []
    for number, chunk in enumerate(chunks, start=1):
        embed = discord.Embed(title=title, description=description, colour=KB_COLOUR)
        for entry in chunk:
            what, value = shown(entry)
            who = fit(one_line(entry.user_name), 100) or "console"
            name = f"#{entry.n} · {what} · {who} · {entry.time[:40]}"[:FIELD_NAME_LIMIT]
            embed.add_field(name=name, value=value, inline=False)
        embed.set_footer(text=f"Page {number}/{len(chunks)} · {len(entries)} change(s)")
        pages.append(enforce_total(embed))
    return pages


def not_helpful_rows(not_helpful: Sequence[tuple[str, str, int]]) -> list[str]:
    """The review queue's lines for answers marked not helpful, as many as fit in one field:
    line n is the one “Exclude ✗n” acts on, so the view offers a button for these only."""
    rows: list[str] = []
    used = 0
    for i, (fact_id, question, votes) in enumerate(not_helpful, start=1):
        asked = (
            f"“{fit(one_line(question), 150)}”" if question.strip() else "(too long to read back)"
        )
        row = f"**✗{i}.** `{fact_id}` — {asked} ({votes} vote(s))"
        if used + len(row) + 1 > FIELD_VALUE_LIMIT:
            break
        rows.append(row)
        used += len(row) + 1
    return rows


def picked_rows(picked: Sequence[tuple[str, str, int]]) -> list[str]:
    """The review queue's lines for facts members picked from the menu under an answer and
    marked not helpful, as many as fit in one field (no button acts on them: the bot did not
    answer the question with that fact)."""
    rows: list[str] = []
    used = 0
    for fact_id, question, votes in picked:
        asked = (
            f"“{fit(one_line(question), 150)}”" if question.strip() else "(too long to read back)"
        )
        row = f"• `{fact_id}` — picked for {asked} ({votes} vote(s))"
        if used + len(row) + 1 > FIELD_VALUE_LIMIT:
            break
        rows.append(row)
        used += len(row) + 1
    return rows


def unanswered_embed(
    questions: Sequence[UnansweredQuestion],
    guesses: Sequence[str],
    not_helpful: Sequence[tuple[str, str, int]],
    picked: Sequence[tuple[str, str, int]] = (),
) -> discord.Embed:
    """The review queue: declined questions by count, and answers members marked not helpful."""
    lines = [
        f"**{i}.** {fit(one_line(q.question), 200)} — asked {q.count}×, last {q.last_asked[:10]}"
        f" · topic guess `{guess}`"
        for i, (q, guess) in enumerate(zip(questions, guesses, strict=True), start=1)
    ]
    description = "\n".join(lines) or "No declined questions recorded. 🎉"
    embed = discord.Embed(
        title="Questions I could not answer",
        description=shorten(description, DESCRIPTION_LIMIT),
        colour=KB_COLOUR,
    )
    rows = not_helpful_rows(not_helpful)
    if rows:
        value = "\n".join(rows)
        embed.add_field(name="Answers marked not helpful", value=value, inline=False)
    if chosen := picked_rows(picked):
        embed.add_field(
            name="Picked from the menu, marked not helpful (not the bot's answer)",
            value="\n".join(chosen),
            inline=False,
        )
    notes = []
    if questions:
        notes.append(
            "“Answer #n” opens a new fact prefilled with that question, in the topic picked "
            "below (or the guess)."
        )
    if rows:
        notes.append("“Exclude ✗n” stops that fact answering that question.")
    if notes:
        embed.set_footer(text=" ".join(notes))
    return enforce_total(embed)


def stats_embed(kb: KnowledgeBase, stats: FeedbackStats) -> discord.Embed:
    """Facts, questions asked, answer rate, votes and the most used facts."""
    embed = discord.Embed(title="Knowledge base statistics", colour=KB_COLOUR)
    embed.add_field(name="Facts", value=f"{len(kb.facts)} in {len(kb.topics)} topics")
    embed.add_field(name="Sources", value=str(len(kb.sources)))
    embed.add_field(name="Questions asked", value=str(stats.questions_asked))
    answered = f"{stats.answered} ({stats.answer_rate:.0%})" if stats.questions_asked else "0"
    if stats.hedged:
        answered += f", {stats.hedged} of them hedged (not sure it was what was asked)"
    embed.add_field(name="Answered", value=answered)
    embed.add_field(name="Votes", value=f"👍 {stats.helpful} · 👎 {stats.not_helpful}")
    top = "\n".join(f"`{fact_id}` — {count}" for fact_id, count in stats.top_facts[:10])
    embed.add_field(
        name="Most used facts", value=shorten(top, FIELD_VALUE_LIMIT) or "none yet", inline=False
    )
    return embed


def problems_text(problems: Sequence[Problem]) -> str:
    """Problems one per line, escaped, at most MAX_PROBLEMS."""
    lines = [f"• {escape(str(p))}" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(f"… and {len(problems) - MAX_PROBLEMS} more (see `python -m bot kb check`).")
    return "\n".join(lines)


def reload_embed(kb: KnowledgeBase, problems: Sequence[Problem]) -> discord.Embed:
    """The result of `/kb reload`: the new counts, or the problems and what keeps serving."""
    if not problems:
        return discord.Embed(
            title="Reloaded",
            description=f"{len(kb.facts)} facts in {len(kb.topics)} topics are live.",
            colour=KB_COLOUR,
        )
    description = (
        f"The files on disk have {len(problems)} problem(s); the last good knowledge base "
        f"({len(kb.facts)} facts) keeps serving.\n\n" + problems_text(problems)
    )
    return discord.Embed(
        title="Not reloaded",
        description=shorten(description, DESCRIPTION_LIMIT),
        colour=PROBLEM_COLOUR,
    )
