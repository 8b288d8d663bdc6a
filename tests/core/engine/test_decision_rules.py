"""The engine's decision rules at their edges: when two facts tie, when a passage is offered.

Each test asserts the scores it relies on as well as the behaviour, so a scoring change that
moves an example out of its band fails loudly here instead of silently testing nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine.answer import ANSWER_THRESHOLD, NEAR_TIE_MARGIN, Engine
from bot.core.engine.passages import PASSAGE_THRESHOLD
from bot.core.engine.search import Hit
from bot.core.knowledge.loader import load_knowledge

FACTS = "facts/islands.yaml"
# The widest margin a careless edit might set; the non-tie below must still be told apart.
WIDE_MARGIN = 0.5
# The lowest passage threshold a careless edit might set; the weak passage must score above it.
LOW_PASSAGE_THRESHOLD = 0.60


def top_two(engine: Engine, question: str) -> tuple[Hit, Hit]:
    """The two best fact hits for a question, checked to be islands-where and islands-sea."""
    first, second = engine.fact_index.search(question, limit=2)
    assert {engine.facts[first.entry].id, engine.facts[second.entry].id} == {
        "islands-where",
        "islands-sea",
    }
    return first, second


@pytest.fixture
def passages_only_for_trade(tiny_knowledge: Path) -> Engine:
    """The tiny knowledge without its trade fact: trade questions can only meet the passage."""
    path = tiny_knowledge / FACTS
    text = path.read_text("utf-8")
    path.write_text(text[: text.index("  - id: trade-1999")], "utf-8")
    return Engine(load_knowledge(tiny_knowledge))


def test_facts_within_the_margin_are_both_offered(two_island_facts: Engine) -> None:
    """Two confident facts scoring within NEAR_TIE_MARGIN: one answers, the other is offered."""
    question = "Where are the Example Islands?"
    first, second = top_two(two_island_facts, question)
    assert second.score >= ANSWER_THRESHOLD
    assert first.score - second.score <= NEAR_TIE_MARGIN

    answer = two_island_facts.ask(question)
    assert answer.kind == "fact"
    assert [a.fact_id for a in answer.alternatives] == [
        ({"islands-where", "islands-sea"} - {answer.fact_id}).pop()
    ]
    assert answer.alternatives[0].kind == "fact" and answer.alternatives[0].sources


def test_facts_beyond_the_margin_are_not_a_tie(two_island_facts: Engine) -> None:
    """A clearly better fact answers alone, although the runner-up is confident too."""
    question = "which sea are the islands in"
    first, second = top_two(two_island_facts, question)
    gap = first.score - second.score

    answer = two_island_facts.ask(question)
    assert answer.kind == "fact"
    assert answer.fact_id == two_island_facts.facts[first.entry].id == "islands-sea"
    assert answer.alternatives == (), f"gap {gap:.3f} offered as a tie (margin {NEAR_TIE_MARGIN})"
    # Both clear the answer threshold, so only the margin keeps the runner-up out; the gap is
    # wider than the margin but narrower than a careless WIDE_MARGIN.
    assert second.score >= ANSWER_THRESHOLD
    assert NEAR_TIE_MARGIN < gap < WIDE_MARGIN, f"gap {gap:.3f}"


def test_a_strong_passage_is_offered(passages_only_for_trade: Engine) -> None:
    """With no fact for it, a source sentence scoring at least PASSAGE_THRESHOLD is offered."""
    question = "how much was trade between the two countries in 1999"
    [hit] = passages_only_for_trade.passage_index.search(question, limit=1)
    assert hit.score >= PASSAGE_THRESHOLD

    answer = passages_only_for_trade.ask(question)
    assert answer.kind == "passage"
    assert answer.answer == "Trade between the two countries was US$5 billion in 1999."


def test_a_weak_passage_is_declined(passages_only_for_trade: Engine) -> None:
    """A best passage scoring under PASSAGE_THRESHOLD is declined, not offered as the answer.

    The document never mentions a deficit, so its trade sentence cannot answer the question,
    however many other words it shares with it.
    """
    engine = passages_only_for_trade
    question = "how much was the trade deficit between the two countries"
    [hit] = engine.passage_index.search(question, limit=1)

    answer = engine.ask(question)
    assert (answer.kind, answer.reason) == ("none", "low_confidence"), (
        f"passage scoring {hit.score:.3f} offered (threshold {PASSAGE_THRESHOLD})"
    )
    assert answer.answer is None and answer.sources == ()
    # The decline is the passage threshold's doing: no fact is confident, and the trade
    # sentence scores under the threshold but over a careless LOW_PASSAGE_THRESHOLD.
    assert engine.passages[hit.entry].section == "Trade"
    assert all(h.score < ANSWER_THRESHOLD for h in engine.fact_index.search(question, limit=1))
    assert LOW_PASSAGE_THRESHOLD < hit.score < PASSAGE_THRESHOLD, f"score {hit.score:.3f}"
