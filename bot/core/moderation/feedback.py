"""What members asked and how answers landed: counts, declined questions and votes, in SQLite.

Kept in data_dir/feedback.sqlite3, apart from the curated knowledge. Privacy by design: no user
id is stored, and every row carries the server it came from, so a server's moderators are shown
only what was asked in their own server (or in the home servers together). A declined question
is kept normalised with a count and the last time it was asked; a vote keeps only a salted hash
of (answer, member), enough to refuse a second vote. Both are capped per server and in the
whole file (votes are counted apart, so /kb stats counts every vote after rows are trimmed).
The file itself (its tables, their migrations, the connections) is feedbackdb.py's; what
moderators read of it (the review queue's rows, /kb stats), feedbackqueries.py's.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from typing import Literal

from ..engine.cleaning import clean
from ..engine.simplify import simplify
from .feedbackdb import where_guilds
from .feedbackqueries import FeedbackQueries

MAX_QUESTION_CHARS = 300
# A flood of unique junk must not grow the file without bound, nor push out what other servers'
# members asked: each server keeps its own most asked rows, and the file as a whole is trimmed
# from whichever server holds the most.
MAX_UNANSWERED_PER_SERVER = 5000
MAX_UNANSWERED_ROWS = 50_000
# Votes too: each keeps a row with the question's text, and a member may vote on every answer
# they are given. Past a server's cap (then the file's, other servers first) the oldest go: a
# vote's row is needed to refuse a second vote (for the 10 minutes its buttons work) and to
# list a not-helpful answer in the review queue; the totals of /kb stats are kept apart.
MAX_VOTES_PER_SERVER = 10_000
MAX_VOTE_ROWS = 100_000


def _take_back_decline(db: sqlite3.Connection, guild_id: int, key: str) -> None:
    """One count less for a declined question (no count below zero; a row at zero goes, and one
    a moderator dismissed meanwhile stays dismissed)."""
    db.execute(
        "UPDATE unanswered SET count = count - 1 WHERE guild_id = ? AND question = ? AND count > 0",
        (guild_id, key),
    )
    db.execute(
        "DELETE FROM unanswered WHERE guild_id = ? AND question = ? AND count <= 0",
        (guild_id, key),
    )


def _drop_least_asked(
    db: sqlite3.Connection, guild_id: int, rows: int, spare: tuple[int, str]
) -> None:
    """Delete one server's `rows` least asked (then least recently asked) unanswered rows, never
    `spare` (the server and question just recorded): with every row asked twice, a new question
    (asked once) was the least asked, and the insert that recorded it deleted it at once."""
    db.execute(
        "DELETE FROM unanswered WHERE rowid IN (SELECT rowid FROM unanswered WHERE guild_id = ?"
        " AND NOT (guild_id = ? AND question = ?) ORDER BY count ASC, last_asked ASC LIMIT ?)",
        (guild_id, *spare, rows),
    )


def _drop_oldest_votes(db: sqlite3.Connection, guild_id: int, rows: int, spare: str) -> None:
    """Delete one server's `rows` oldest vote rows, never `spare` (the vote just recorded)."""
    db.execute(
        "DELETE FROM votes WHERE rowid IN (SELECT rowid FROM votes WHERE guild_id = ?"
        " AND voter != ? ORDER BY time ASC, rowid ASC LIMIT ?)",
        (guild_id, spare, rows),
    )


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _trim(question: str) -> str:
    return clean(question)[:MAX_QUESTION_CHARS]


class FeedbackLog(FeedbackQueries):
    """Counters and feedback in SQLite; every method opens its own connection (thread-safe)."""

    def record_question(
        self, question: str, fact_id: str | None, kind: str, guild_id: int = 0
    ) -> None:
        """Count one question by answer kind ("fact", "hedged" for a fact given with a hedge,
        "passage", "none") and by fact, in the server it was asked in."""
        with self._db() as db:
            db.execute(
                "INSERT INTO asked (guild_id, kind, count) VALUES (?, ?, 1)"
                " ON CONFLICT(guild_id, kind) DO UPDATE SET count = count + 1",
                (guild_id, kind),
            )
            if fact_id:
                db.execute(
                    "INSERT INTO fact_answers (guild_id, fact_id, count) VALUES (?, ?, 1)"
                    " ON CONFLICT(guild_id, fact_id) DO UPDATE SET count = count + 1",
                    (guild_id, fact_id),
                )

    def withdraw_question(
        self,
        question: str,
        fact_id: str | None,
        kind: str,
        guild_id: int = 0,
        *,
        decline: bool = False,
    ) -> None:
        """Take back one count of `record_question` (and of `record_decline` with `decline`):
        the member edited the question, and what it asks now is counted instead, so one
        question is counted once. No count goes below zero, a row left at zero goes (the most
        used facts list no fact used zero times), and a declined question a moderator
        dismissed meanwhile stays dismissed."""
        key = simplify(question)[:MAX_QUESTION_CHARS].strip()
        with self._db() as db:
            db.execute(
                "UPDATE asked SET count = count - 1 WHERE guild_id = ? AND kind = ? AND count > 0",
                (guild_id, kind),
            )
            db.execute("DELETE FROM asked WHERE guild_id = ? AND count <= 0", (guild_id,))
            if fact_id:
                db.execute(
                    "UPDATE fact_answers SET count = count - 1"
                    " WHERE guild_id = ? AND fact_id = ? AND count > 0",
                    (guild_id, fact_id),
                )
                db.execute(
                    "DELETE FROM fact_answers WHERE guild_id = ? AND count <= 0", (guild_id,)
                )
            if decline and key:
                _take_back_decline(db, guild_id, key)

    def withdraw_decline(self, question: str, guild_id: int = 0) -> None:
        """Take back one count of `record_decline` alone: a question of a message that asked
        several, declined in a reply that answered another (the message is counted as the
        answered question it is, by `record_question`)."""
        key = simplify(question)[:MAX_QUESTION_CHARS].strip()
        if key:
            with self._db() as db:
                _take_back_decline(db, guild_id, key)

    def record_decline(self, question: str, guild_id: int = 0) -> None:
        """Remember a question the bot could not answer: normalised, counted, last asked, and
        in which server (so only that server's moderators see what its members typed)."""
        key = simplify(question)[:MAX_QUESTION_CHARS].strip()
        if not key:
            return
        with self._db() as db:
            db.execute(
                "INSERT INTO unanswered (guild_id, question, count, last_asked)"
                " VALUES (?, ?, 1, ?)"
                " ON CONFLICT(guild_id, question) DO UPDATE SET count = count + 1,"
                " last_asked = excluded.last_asked",
                (guild_id, key, _now()),
            )
            (rows,) = db.execute(
                "SELECT COUNT(*) FROM unanswered WHERE guild_id = ?", (guild_id,)
            ).fetchone()
            if rows > MAX_UNANSWERED_PER_SERVER:
                _drop_least_asked(db, guild_id, rows - MAX_UNANSWERED_PER_SERVER, (guild_id, key))
            (rows,) = db.execute("SELECT COUNT(*) FROM unanswered").fetchone()
            if rows > MAX_UNANSWERED_ROWS:
                victim = self._largest_to_trim(db, "unanswered")
                _drop_least_asked(db, victim, rows - MAX_UNANSWERED_ROWS, (guild_id, key))

    def _largest_to_trim(
        self, db: sqlite3.Connection, table: Literal["unanswered", "votes"]
    ) -> int:
        """The server that gives up rows of `table` when the file is full: the one holding the
        most of those that are not home servers (questions typed where no moderator reads them
        never push out a home server's, however many servers send them), else the largest
        home."""
        # NOT binds looser than IN in SQLite: not one of the homes (every server when none).
        outside = where_guilds(self.home, "WHERE NOT")
        for where, params in (outside, ("", ())):
            found = db.execute(
                f"SELECT guild_id FROM {table}{where} GROUP BY guild_id"
                " ORDER BY COUNT(*) DESC, guild_id LIMIT 1",
                params,
            ).fetchone()
            if found is not None:
                return int(found[0])
        return 0

    def record_vote(
        self,
        answer_key: str,
        user_id: int,
        fact_id: str,
        question: str,
        helpful: bool,
        guild_id: int = 0,
        picked: bool = False,
    ) -> bool:
        """Record a member's vote on one answer; False if they already voted on it. `picked`:
        the fact voted on is one the member picked from the menu, not the bot's answer."""
        key = simplify(question)[:MAX_QUESTION_CHARS].strip()  # not a 4,000-character key
        with self._db() as db:
            # (in the block: the salt is read when the file opens, perhaps only now)
            voter = hashlib.sha256(self._salt + f"{answer_key}\0{user_id}".encode()).hexdigest()
            cursor = db.execute(
                "INSERT OR IGNORE INTO votes"
                " (voter, guild_id, fact_id, question, question_key, helpful, time, picked)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    voter,
                    guild_id,
                    fact_id,
                    _trim(question),
                    key,
                    int(helpful),
                    _now(),
                    int(picked),
                ),
            )
            if cursor.rowcount != 1:
                return False
            db.execute(
                "INSERT INTO vote_counts (guild_id, helpful, count) VALUES (?, ?, 1)"
                " ON CONFLICT(guild_id, helpful) DO UPDATE SET count = count + 1",
                (guild_id, int(helpful)),
            )
            (rows,) = db.execute(
                "SELECT COUNT(*) FROM votes WHERE guild_id = ?", (guild_id,)
            ).fetchone()
            if rows > MAX_VOTES_PER_SERVER:
                _drop_oldest_votes(db, guild_id, rows - MAX_VOTES_PER_SERVER, voter)
            (rows,) = db.execute("SELECT COUNT(*) FROM votes").fetchone()
            if rows > MAX_VOTE_ROWS:
                victim = self._largest_to_trim(db, "votes")
                _drop_oldest_votes(db, victim, rows - MAX_VOTE_ROWS, voter)
            return True
