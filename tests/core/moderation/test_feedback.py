"""FeedbackLog: counts, declined questions and votes in SQLite, with no user ids kept."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from bot.core.engine.text import simplify
from bot.core.errors import StoreError
from bot.core.moderation import feedback as feedback_module
from bot.core.moderation.feedback import FeedbackLog, UnansweredQuestion


@pytest.fixture
def log(tmp_path: Path) -> FeedbackLog:
    """A feedback log in a fresh data directory."""
    return FeedbackLog(tmp_path / "data")


def test_stats_count_questions_answers_and_top_facts(log: FeedbackLog) -> None:
    """Questions are counted by kind and by fact; the answer rate excludes declines."""
    for fact_id, kind in [("a", "fact"), ("a", "fact"), ("b", "fact"), (None, "passage")]:
        log.record_question("q", fact_id, kind)
    log.record_question("q", None, "none")
    stats = log.stats()
    assert (stats.questions_asked, stats.answered) == (5, 4)
    assert stats.answer_rate == pytest.approx(0.8)
    assert stats.top_facts == [("a", 2), ("b", 1)]


def test_empty_stats(log: FeedbackLog) -> None:
    """With nothing recorded the rate is 0, not a division error."""
    stats = log.stats()
    assert (stats.questions_asked, stats.answer_rate, stats.top_facts) == (0, 0.0, [])


def test_declined_questions_are_normalised_and_counted(log: FeedbackLog) -> None:
    """Spellings that normalise alike share one row with a count and a last-asked time."""
    log.record_decline("Who won the 2002 World Cup?")
    log.record_decline("who won the 2002 world cup")
    log.record_decline("  WHO won the 2002 World-Cup!! ")
    log.record_decline("What is kimchi?")
    [top, other] = log.unanswered()
    assert (top.question, top.count) == (simplify("Who won the 2002 World Cup?"), 3)
    assert (other.question, other.count) == (simplify("What is kimchi?"), 1)
    assert top.last_asked.endswith("Z")
    assert log.unanswered(limit=1) == [top]


def test_blank_and_huge_declines(log: FeedbackLog) -> None:
    """Punctuation-only questions are not stored; a 4,000-character one is cut to 300."""
    log.record_decline("?!…")
    log.record_decline("x" * 4000)
    [row] = log.unanswered()
    assert isinstance(row, UnansweredQuestion) and len(row.question) == 300


def test_dismiss_unanswered(log: FeedbackLog) -> None:
    """A dismissed question leaves the list (given in any spelling)."""
    log.record_decline("What is kimchi?")
    log.dismiss_unanswered("what is KIMCHI")
    assert log.unanswered() == []


def test_unanswered_rows_are_bounded(log: FeedbackLog, monkeypatch: pytest.MonkeyPatch) -> None:
    """A flood of unique junk keeps only the most asked rows."""
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_ROWS", 10)
    log.record_decline("popular question")
    log.record_decline("popular question")
    for i in range(50):
        log.record_decline(f"junk {i}")
    rows = log.unanswered(limit=100)
    assert len(rows) == 10 and rows[0].question == "popular question"


def test_one_vote_per_member_per_answer(log: FeedbackLog, tmp_path: Path) -> None:
    """A second vote on the same answer is refused, also after a restart."""
    assert log.record_vote("msg-1", 1001, "fact-a", "who owns dokdo", helpful=False)
    assert not log.record_vote("msg-1", 1001, "fact-a", "who owns dokdo", helpful=True)
    assert log.record_vote("msg-1", 1002, "fact-a", "Who owns Dokdo?", helpful=False)
    assert log.record_vote("msg-2", 1001, "fact-b", "trade in 1999", helpful=True)
    assert not FeedbackLog(tmp_path / "data").record_vote("msg-1", 1001, "fact-a", "x", True)
    stats = log.stats()
    assert (stats.helpful, stats.not_helpful) == (1, 2)
    assert log.not_helpful() == [("fact-a", "who owns dokdo", 2)]


def test_no_user_ids_are_stored(log: FeedbackLog) -> None:
    """The database holds no member id: votes keep only a salted hash."""
    member = 987654321098765432
    log.record_vote("msg-1", member, "fact-a", "question", helpful=False)
    log.record_decline("question nobody answers")
    assert str(member).encode() not in log.path.read_bytes()
    wal = log.path.with_name(log.path.name + "-wal")
    assert not wal.exists() or str(member).encode() not in wal.read_bytes()
    with sqlite3.connect(log.path) as db:
        columns = {
            row[1] for t in ("votes", "unanswered") for row in db.execute(f"PRAGMA table_info({t})")
        }
    assert not {c for c in columns if "user" in c}


def test_uses_wal(log: FeedbackLog) -> None:
    """The database runs in WAL mode, so readers never block the writer."""
    with sqlite3.connect(log.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_threads_lose_no_counts(log: FeedbackLog) -> None:
    """Eight threads recording at once: every count lands."""

    def work() -> None:
        for _ in range(25):
            log.record_decline("same question")
            log.record_question("same question", "fact-a", "fact")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert log.unanswered()[0].count == 200
    assert log.stats().top_facts == [("fact-a", 200)]


def test_close_waits_for_a_write_under_way_then_refuses(log: FeedbackLog) -> None:
    """close() lets a transaction that already began commit, then refuses new writes; the
    database is left in one file (the write-ahead log folded in) and consistent."""
    entered, release = threading.Event(), threading.Event()
    real_db = log._db

    @contextmanager
    def slow_db() -> Iterator[sqlite3.Connection]:
        with real_db() as db:
            yield db
            entered.set()
            assert release.wait(30)

    log._db = slow_db  # type: ignore[method-assign]
    writer = threading.Thread(target=log.record_question, args=("q", "a", "fact"))
    writer.start()
    assert entered.wait(30)
    log._db = real_db  # type: ignore[method-assign]
    results: list[bool] = []
    closer = threading.Thread(target=lambda: results.append(log.close(timeout=30)))
    closer.start()
    release.set()
    writer.join(30)
    closer.join(30)

    assert results == [True] and log.closed
    with pytest.raises(StoreError, match="closed"):
        log.record_question("later", None, "none")
    wal = log.path.with_name(log.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    with closing(sqlite3.connect(log.path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count FROM asked WHERE kind = 'fact'").fetchone() == (1,)
