"""The autocomplete choices shared by the cogs: within Discord's limits, closest facts first."""

from __future__ import annotations

from bot.core.engine.answer import Engine
from bot.discord.autocomplete import closest_fact_choices, fact_choices


def test_the_facts_closest_to_a_question_come_first_once_each(engine: Engine) -> None:
    """For a question being taught, the fact the engine gives and those it suggests lead, in
    that order, each once, then the others; every choice within Discord's limits."""
    question = "what about dokdo fishing rights in 1800"
    answer = engine.ask(question)
    closest = [answer.fact_id] if answer.fact_id else []
    closest += [s.fact_id for s in answer.suggestions if s.fact_id not in closest]
    assert closest, "the question must come close to some fact"
    choices = closest_fact_choices(engine, question, "")
    values = [c.value for c in choices]
    assert values[: len(closest)] == closest
    assert len(values) == len(set(values)) == 25
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)
    assert choices[0].name.startswith(f"{closest[0]} — ")


def test_once_an_id_is_typed_only_what_was_typed_counts(engine: Engine) -> None:
    """Typing narrows the list as everywhere else: the question no longer reorders it."""
    typed = closest_fact_choices(engine, "what about dokdo fishing rights in 1800", "trade")
    assert typed and [c.value for c in typed] == [c.value for c in fact_choices(engine, "trade")]
    assert closest_fact_choices(engine, "", "") == fact_choices(engine, "")
