"""What members asked and how answers landed: counts, declined questions and votes, in SQLite.

Kept in data_dir/feedback.sqlite3, apart from the curated knowledge. Privacy by design: no user
id is stored. A declined question is kept normalised with a count and the last time it was asked;
a vote keeps only a salted hash of (answer, member), enough to refuse a second vote.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ...log import get_logger
from ..engine.text import clean, simplify
from ..errors import StoreError

log = get_logger(__name__)

MAX_QUESTION_CHARS = 300
MAX_UNANSWERED_ROWS = 5000  # a flood of unique junk must not grow the file without bound

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS asked (kind TEXT PRIMARY KEY, count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS fact_answers (fact_id TEXT PRIMARY KEY, count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS unanswered (
    question TEXT PRIMARY KEY, count INTEGER NOT NULL, last_asked TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    voter TEXT PRIMARY KEY, fact_id TEXT NOT NULL, question TEXT NOT NULL,
    question_key TEXT NOT NULL, helpful INTEGER NOT NULL, time TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS votes_by_fact ON votes (helpful, fact_id, question_key);
"""


@dataclass(frozen=True)
class UnansweredQuestion:
    """A declined question (normalised), how often it was asked, and when last."""

    question: str
    count: int
    last_asked: str


@dataclass(frozen=True)
class FeedbackStats:
    """Totals for /kb stats."""

    questions_asked: int
    answered: int
    answer_rate: float
    top_facts: list[tuple[str, int]]
    helpful: int
    not_helpful: int


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _trim(question: str) -> str:
    return clean(question)[:MAX_QUESTION_CHARS]


class FeedbackLog:
    """Counters and feedback in SQLite; every method opens its own connection (thread-safe)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "feedback.sqlite3"
        # Open transactions, so that close() can wait for them: a vote being written when the
        # bot is told to stop is written whole.
        self._state = threading.Condition()
        self._active = 0
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._db() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
                db.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)",
                    (secrets.token_hex(32),),
                )
                row = db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        except OSError as exc:
            raise StoreError(f"Cannot open the feedback store in {data_dir}: {exc}") from exc
        self._salt = bytes.fromhex(row[0])

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """One short transaction on a fresh connection; database errors become StoreError."""
        with self._state:
            if self._closed:
                raise StoreError("The feedback store is closed: the bot is stopping.")
            self._active += 1
        try:
            with closing(sqlite3.connect(self.path, timeout=10)) as db:
                db.execute("PRAGMA synchronous=NORMAL")
                with db:
                    yield db
        except sqlite3.Error as exc:
            raise StoreError(f"The feedback store {self.path.name} failed: {exc}") from exc
        finally:
            with self._state:
                self._active -= 1
                self._state.notify_all()

    @property
    def closed(self) -> bool:
        """True once `close` was called: nothing more is recorded."""
        return self._closed

    def close(self, timeout: float = 5.0) -> bool:
        """Refuse new writes, wait up to `timeout` s for those under way, then fold the
        write-ahead log into the database file, so that what is on disk is complete in one file
        (a backup copying only feedback.sqlite3 misses nothing). True when nothing was cut."""
        with self._state:
            self._closed = True
            finished = self._state.wait_for(lambda: self._active == 0, timeout)
        if not finished:
            log.warning("a feedback write was still running after %.0f s", timeout)
        try:
            with closing(sqlite3.connect(self.path, timeout=timeout)) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            log.warning("could not checkpoint %s: %s", self.path.name, exc)
            return False
        log.info("feedback store closed")
        return finished

    def record_question(self, question: str, fact_id: str | None, kind: str) -> None:
        """Count one question by answer kind ("fact", "passage", "none") and by fact."""
        with self._db() as db:
            db.execute(
                "INSERT INTO asked (kind, count) VALUES (?, 1)"
                " ON CONFLICT(kind) DO UPDATE SET count = count + 1",
                (kind,),
            )
            if fact_id:
                db.execute(
                    "INSERT INTO fact_answers (fact_id, count) VALUES (?, 1)"
                    " ON CONFLICT(fact_id) DO UPDATE SET count = count + 1",
                    (fact_id,),
                )

    def record_decline(self, question: str) -> None:
        """Remember a question the bot could not answer: normalised, counted, last asked."""
        key = simplify(question)[:MAX_QUESTION_CHARS].strip()
        if not key:
            return
        with self._db() as db:
            db.execute(
                "INSERT INTO unanswered (question, count, last_asked) VALUES (?, 1, ?)"
                " ON CONFLICT(question) DO UPDATE SET count = count + 1,"
                " last_asked = excluded.last_asked",
                (key, _now()),
            )
            (rows,) = db.execute("SELECT COUNT(*) FROM unanswered").fetchone()
            if rows > MAX_UNANSWERED_ROWS:
                db.execute(
                    "DELETE FROM unanswered WHERE question IN (SELECT question FROM unanswered"
                    " ORDER BY count ASC, last_asked ASC LIMIT ?)",
                    (rows - MAX_UNANSWERED_ROWS,),
                )

    def record_vote(
        self, answer_key: str, user_id: int, fact_id: str, question: str, helpful: bool
    ) -> bool:
        """Record a member's vote on one answer; False if they already voted on it."""
        voter = hashlib.sha256(self._salt + f"{answer_key}\0{user_id}".encode()).hexdigest()
        with self._db() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO votes"
                " (voter, fact_id, question, question_key, helpful, time)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (voter, fact_id, _trim(question), simplify(question), int(helpful), _now()),
            )
            return cursor.rowcount == 1

    def unanswered(self, limit: int = 20) -> list[UnansweredQuestion]:
        """The most asked declined questions, most recent first among equals."""
        with self._db() as db:
            rows = db.execute(
                "SELECT question, count, last_asked FROM unanswered"
                " ORDER BY count DESC, last_asked DESC, question LIMIT ?",
                (limit,),
            ).fetchall()
        return [UnansweredQuestion(q, c, t) for q, c, t in rows]

    def dismiss_unanswered(self, question: str) -> None:
        """Forget a declined question (handled, or not worth a fact)."""
        with self._db() as db:
            db.execute("DELETE FROM unanswered WHERE question = ?", (simplify(question),))

    def not_helpful(self, limit: int = 20) -> list[tuple[str, str, int]]:
        """(fact_id, question asked, votes) for answers marked not helpful, most votes first."""
        with self._db() as db:
            rows = db.execute(
                "SELECT fact_id, MIN(question), COUNT(*) AS n FROM votes WHERE helpful = 0"
                " GROUP BY fact_id, question_key ORDER BY n DESC, fact_id LIMIT ?",
                (limit,),
            ).fetchall()
        return [(f, q, n) for f, q, n in rows]

    def stats(self, top: int = 10) -> FeedbackStats:
        """Questions asked, answered, the answer rate, the most used facts and the votes."""
        with self._db() as db:
            by_kind = dict(db.execute("SELECT kind, count FROM asked").fetchall())
            top_facts = db.execute(
                "SELECT fact_id, count FROM fact_answers ORDER BY count DESC, fact_id LIMIT ?",
                (top,),
            ).fetchall()
            votes = dict(
                db.execute("SELECT helpful, COUNT(*) FROM votes GROUP BY helpful").fetchall()
            )
        asked = sum(by_kind.values())
        answered = asked - by_kind.get("none", 0)
        return FeedbackStats(
            questions_asked=asked,
            answered=answered,
            answer_rate=answered / asked if asked else 0.0,
            top_facts=[(f, n) for f, n in top_facts],
            helpful=votes.get(1, 0),
            not_helpful=votes.get(0, 0),
        )
