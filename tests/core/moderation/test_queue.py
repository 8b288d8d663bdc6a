"""What of the review queue is settled already (bot/core/moderation/queue.py)."""

from __future__ import annotations

from pathlib import Path

from bot.core.knowledge.loader import load_knowledge
from bot.core.moderation.queue import answered_now, settled_votes


def test_a_question_that_is_a_phrasing_now_is_answered(tiny_knowledge: Path) -> None:
    kb = load_knowledge(tiny_knowledge)
    asked = ["where are the example islands??", "when did the islands sink"]
    assert answered_now(kb, asked) == ["where are the example islands??"]


def test_votes_on_a_gone_fact_or_a_refused_question_are_settled(tiny_knowledge: Path) -> None:
    kb = load_knowledge(tiny_knowledge)
    rows = [("no-such-fact", "anything", 3), ("trade-1999", "how much was trade", 2)]
    assert settled_votes(kb, rows) == [("no-such-fact", "anything")]
