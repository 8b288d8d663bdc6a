"""Autocomplete choices shared by the cogs: facts by id or question, topics, alias groups.

Each returns at most 25 choices with names and values of at most 100 characters, and never
raises: an autocomplete error cannot be shown to anyone, only logged.
"""

from __future__ import annotations

import hashlib
import threading
import time
import weakref
from collections.abc import Iterable

from discord import app_commands

from bot.core.engine.answer import Engine
from bot.discord.formatting import CHOICE_COUNT_LIMIT, CHOICE_LIMIT, one_line, shorten

Choices = list[app_commands.Choice[str]]


def _choice(value: str, label: str) -> app_commands.Choice[str] | None:
    if not value or len(value) > CHOICE_LIMIT:
        return None
    return app_commands.Choice(name=shorten(one_line(label), CHOICE_LIMIT) or value, value=value)


def fact_choices(engine: Engine, current: str) -> Choices:
    """Facts whose id contains what was typed, then facts whose questions match it."""
    needle = current.strip().lower()
    picked: dict[str, str] = {}
    for fact in engine.facts:
        if len(picked) >= CHOICE_COUNT_LIMIT:
            break
        if not needle or needle in fact.id:
            picked[fact.id] = fact.questions[0]
    if needle and len(picked) < CHOICE_COUNT_LIMIT:
        for suggestion in engine.complete(current):
            picked.setdefault(suggestion.fact_id, suggestion.question)
    choices = (_choice(fact_id, f"{fact_id} — {question}") for fact_id, question in picked.items())
    return [c for c in choices if c is not None][:CHOICE_COUNT_LIMIT]


def closest_fact_choices(engine: Engine, question: str, current: str) -> Choices:
    """For a question being taught to a fact: the fact the engine answers it with and those
    it suggests, closest first (each labelled with its first phrasing), then the facts
    matching what was typed (`fact_choices`). Once something is typed, that alone."""
    picked: dict[str, str] = {}
    if question.strip() and not current.strip():
        answer = engine.ask(question)
        closest = [answer.fact_id] if answer.fact_id else []
        for fact_id in [*closest, *(s.fact_id for s in answer.suggestions)]:
            fact = engine.kb.fact(fact_id)
            if fact is not None:
                picked.setdefault(fact_id, fact.questions[0])
    choices = [_choice(fact_id, f"{fact_id} — {label}") for fact_id, label in picked.items()]
    shown = [c for c in choices if c is not None]
    seen = {c.value for c in shown}
    shown += [c for c in fact_choices(engine, current) if c.value not in seen]
    return shown[:CHOICE_COUNT_LIMIT]


def name_choices(names: Iterable[str], current: str) -> Choices:
    """Names (topics, alias groups) containing what was typed, in their given order."""
    needle = current.strip().lower()
    choices = (_choice(name, name) for name in names if needle in name.lower())
    return [c for c in choices if c is not None][:CHOICE_COUNT_LIMIT]


# Suggested questions whose answer is remembered, per engine: the phrasings of the facts, so
# bounded by the knowledge; past this many the memory starts again.
MAX_REMEMBERED = 50_000
# Discord drops choices sent after 3 s: past this much time spent asking, a suggestion not yet
# asked is left out (the next keystroke asks it) rather than every choice lost.
CHECK_BUDGET = 1.0


class AskChoices:
    """`/ask` autocomplete: fact questions matching what was typed, offered only when asking
    the offered text gives that fact's answer.

    A phrasing the engine itself declines (a statement screened as a remark, a form a decision
    rule refuses, a question cut to Discord's 100 characters) was offered as a question the bot
    knows, and picking it got "I can't find that in my sources". Whether the bot answers a
    suggestion is the engine's `ask`, remembered per suggestion until the knowledge (the
    engine) changes, so each phrasing is asked once per version, not on every keystroke.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Weakly: a change of the knowledge serves a new engine, and a strong reference kept
        # the replaced one (its indexes and embeddings) alive until /ask was next typed in.
        self._engine: weakref.ref[Engine] | None = None
        self._answers: dict[str, str | None] = {}

    def _remembers(self, engine: Engine) -> bool:
        """Whether the memory is that of `engine` (call with the lock held)."""
        return self._engine is not None and self._engine() is engine

    def _answered_by(self, engine: Engine, question: str, deadline: float) -> str | None:
        """The fact `/ask question` answers with, or None when it declines (or when it was
        not asked before and `deadline`, a time.monotonic(), has passed)."""
        with self._lock:
            if not self._remembers(engine) or len(self._answers) >= MAX_REMEMBERED:
                self._engine, self._answers = weakref.ref(engine), {}
            if question in self._answers:
                return self._answers[question]
        if time.monotonic() > deadline:
            return None
        answer = engine.ask(question)
        fact_id = answer.fact_id if answer.answered and answer.kind == "fact" else None
        with self._lock:
            if self._remembers(engine):
                self._answers[question] = fact_id
        return fact_id

    def choices(self, engine: Engine, current: str) -> Choices:
        """At most 25 questions, each at most 100 characters, each answered by its fact."""
        deadline = time.monotonic() + CHECK_BUDGET
        choices: Choices = []
        seen: set[str] = set()
        for suggestion in engine.complete(current):
            name = suggestion.question[:CHOICE_LIMIT]
            if not name.strip() or name in seen:
                continue
            seen.add(name)
            if self._answered_by(engine, name, deadline) == suggestion.fact_id:
                choices.append(app_commands.Choice(name=name, value=name))
        return choices[:CHOICE_COUNT_LIMIT]


REMOVED_SHOWN = 5  # removed facts offered beside the live ones when nothing is typed yet


def with_removed(live: Choices, removed: Iterable[str], current: str) -> Choices:
    """`live` (fact_choices) and the removed facts whose id contains what was typed, marked
    "removed": `/kb history` and `/kb revert` work on those too, and they are found nowhere
    else. Typed, the removed that match come first (there are few, and the id was asked
    for); untyped, a few follow the live ones."""
    needle = current.strip().lower()
    gone = [c for c in (_choice(i, f"{i} — removed") for i in removed if needle in i) if c]
    if needle:
        return (gone + live)[:CHOICE_COUNT_LIMIT]
    shown = gone[:REMOVED_SHOWN]
    return live[: CHOICE_COUNT_LIMIT - len(shown)] + shown


# A queued question longer than a choice's value may be (a declined question is kept up to 300
# characters) is offered under this token instead, which the command reads back from the queue.
QUEUED_PREFIX = "queued:"


def queued_token(question: str) -> str:
    """The choice value standing for a queued question too long to be one."""
    return QUEUED_PREFIX + hashlib.sha256(question.encode()).hexdigest()[:24]


def queued_choices(questions: Iterable[str], current: str) -> Choices:
    """Questions of the review queue containing what was typed, in their given order: each
    its own value, or its `queued_token` when longer than a value may be (Discord drops a
    choice whose value is over 100 characters, and such a question was not offered at all)."""
    needle = current.strip().lower()
    choices = (
        _choice(question if len(question) <= CHOICE_LIMIT else queued_token(question), question)
        for question in questions
        if needle in question.lower()
    )
    return [c for c in choices if c is not None][:CHOICE_COUNT_LIMIT]


def unqueued(question: str, queued: Iterable[str]) -> str | None:
    """The queued question a choice's value stands for (itself when not a token); None for a
    token no queued question has any more (taught or dismissed since it was offered)."""
    if not question.startswith(QUEUED_PREFIX):
        return question
    return next((q for q in queued if queued_token(q) == question), None)
