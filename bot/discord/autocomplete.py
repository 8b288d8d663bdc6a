"""Autocomplete choices shared by the cogs: facts by id or question, topics, alias groups.

Each returns at most 25 choices with names and values of at most 100 characters, and never
raises: an autocomplete error cannot be shown to anyone, only logged.
"""

from __future__ import annotations

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
