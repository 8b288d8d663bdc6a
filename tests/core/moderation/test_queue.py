"""The review queue without what is settled already (bot/core/moderation/queue.py)."""

from __future__ import annotations

from pathlib import Path

from bot.core.engine.answer import Engine
from bot.core.errors import StoreError
from bot.core.knowledge.loader import load_knowledge
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.queue import answered_now, open_entries, settled_votes


def test_a_phrasing_the_bot_answers_with_its_fact_is_answered(tiny_knowledge: Path) -> None:
    kb = load_knowledge(tiny_knowledge)
    engine = Engine(kb)
    asked = ["where are the example islands??", "when did the islands sink"]
    assert answered_now(kb, engine.ask, asked) == ["where are the example islands??"]


def test_a_phrasing_the_bot_still_declines_stays(tiny_knowledge: Path) -> None:
    """A phrasing is not enough: the engine declines some of its own phrasings (and reads
    "claims" as "claimed"), and such a question must stay before the moderators."""
    kb = load_knowledge(tiny_knowledge)
    declined = Engine(kb).ask("when did the islands sink")  # a decline, to stand for one
    assert not declined.answered
    assert answered_now(kb, lambda q: declined, ["where are the example islands??"]) == []


def test_votes_on_a_gone_fact_or_a_refused_question_are_settled(tiny_knowledge: Path) -> None:
    kb = load_knowledge(tiny_knowledge)
    rows = [("no-such-fact", "anything", 3), ("trade-1999", "how much was trade", 2)]
    assert settled_votes(kb, rows) == {("no-such-fact", "anything")}


def test_the_queue_is_shown_when_its_clean_up_cannot_write(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A busy feedback database (a backup, the CLI) costs only the clean-up."""
    kb = load_knowledge(tiny_knowledge)
    feedback = FeedbackLog(tmp_path)
    feedback.record_decline("where are the example islands??", 7)
    feedback.record_decline("when did the islands sink", 7)

    def busy(*args: object) -> None:
        raise StoreError("busy")

    feedback.dismiss_unanswered = busy  # type: ignore[method-assign]
    queue = open_entries(feedback, kb, Engine(kb).ask, 10, (7,))
    assert [q.question for q in queue.questions] == ["when did the islands sink"]
    assert queue.votes == [] and queue.answered == 1


def test_open_votes_are_found_past_many_settled_ones(tiny_knowledge: Path, tmp_path: Path) -> None:
    """Settled votes are kept (hidden): after a few dozen of them the open ones were past
    the rows read, and the queue's not-helpful part stayed empty."""
    kb = load_knowledge(tiny_knowledge)
    feedback = FeedbackLog(tmp_path)
    for n in range(60):  # votes on facts removed since, above the open one in the order
        feedback.record_vote(f"m{n}", 1, f"a-gone-{n:02d}", "anything", False, 7)
    feedback.record_vote("m-open", 1, "trade-1999", "how big was trade", False, 7)
    queue = open_entries(feedback, kb, Engine(kb).ask, 10, (7,))
    assert queue.votes == [("trade-1999", "how big was trade", 1)] and queue.hidden == 60


def test_only_settled_entries_that_would_have_shown_count_as_left_out(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A settled entry ranked below the last one shown was never going to show: it is not
    counted as left out (the answered question is still dismissed)."""
    kb = load_knowledge(tiny_knowledge)
    feedback = FeedbackLog(tmp_path)
    for _ in range(2):
        feedback.record_decline("when did the islands sink", 7)
    feedback.record_decline("where are the example islands??", 7)
    below = open_entries(feedback, kb, Engine(kb).ask, 1, (7,))
    assert [q.question for q in below.questions] == ["when did the islands sink"]
    assert below.answered == 0
    assert [q.question for q in feedback.unanswered(10, (7,))] == ["when did the islands sink"]

    for _ in range(3):
        feedback.record_decline("where are the example islands??", 7)
    above = open_entries(feedback, kb, Engine(kb).ask, 1, (7,))
    assert [q.question for q in above.questions] == ["when did the islands sink"]
    assert above.answered == 1
