"""What members asked and how answers landed: counts, declined questions and votes, in SQLite.

Kept in data_dir/feedback.sqlite3, apart from the curated knowledge. Privacy by design: no user
id is stored, and every row carries the server it came from, so a server's moderators are shown
only what was asked in their own server (or in the home servers together). A declined question
is kept normalised with a count and the last time it was asked; a vote keeps only a salted hash
of (answer, member), enough to refuse a second vote. Both are capped per server and in the
whole file (votes are counted apart, so /kb stats counts every vote after rows are trimmed).
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Collection, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from ...log import FailureNotice, get_logger
from ..engine.cleaning import clean
from ..engine.simplify import simplify
from ..errors import StoreError

log = get_logger(__name__)

FEEDBACK_UNAVAILABLE = "Feedback can't be recorded right now; please try again in a minute."
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

# Version 1: every row carries the id of the server it was asked in (0: unknown, i.e. recorded
# before servers were told apart), so a server's moderators see only their own server's rows.
# Version 2: votes are also counted in vote_counts, which trimming their rows leaves alone.
# Version 3: a vote says whether the fact was one the member picked from the menu under the
# answer (`picked`), not the one the bot gave: the review queue listed those as if the bot had
# answered the question with that fact.
SCHEMA_VERSION = 3
_TABLES = """
CREATE TABLE IF NOT EXISTS asked (
    guild_id INTEGER NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (guild_id, kind)
);
CREATE TABLE IF NOT EXISTS fact_answers (
    guild_id INTEGER NOT NULL, fact_id TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (guild_id, fact_id)
);
CREATE TABLE IF NOT EXISTS unanswered (
    guild_id INTEGER NOT NULL, question TEXT NOT NULL, count INTEGER NOT NULL,
    last_asked TEXT NOT NULL, PRIMARY KEY (guild_id, question)
);
CREATE TABLE IF NOT EXISTS votes (
    voter TEXT PRIMARY KEY, guild_id INTEGER NOT NULL, fact_id TEXT NOT NULL,
    question TEXT NOT NULL, question_key TEXT NOT NULL, helpful INTEGER NOT NULL,
    time TEXT NOT NULL, picked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS votes_by_fact ON votes (guild_id, helpful, fact_id, question_key);
CREATE INDEX IF NOT EXISTS votes_by_time ON votes (guild_id, time);
CREATE TABLE IF NOT EXISTS vote_counts (
    guild_id INTEGER NOT NULL, helpful INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (guild_id, helpful)
);
"""
# Version 0 had the same tables without guild_id; their rows move over as server 0.
_MIGRATE_FROM_0 = [
    ("asked", "guild_id, kind, count", "0, kind, count"),
    ("fact_answers", "guild_id, fact_id, count", "0, fact_id, count"),
    ("unanswered", "guild_id, question, count, last_asked", "0, question, count, last_asked"),
    (
        "votes",
        "voter, guild_id, fact_id, question, question_key, helpful, time",
        "voter, 0, fact_id, question, question_key, helpful, time",
    ),
]

Guilds = Collection[int] | None  # None: every server (the console); else only these


def _where(guild_ids: Guilds, prefix: str = "WHERE") -> tuple[str, tuple[int, ...]]:
    """The SQL filter for a set of servers, and its parameters (an empty set matches nothing)."""
    if guild_ids is None:
        return "", ()
    ids = tuple(sorted(set(guild_ids)))
    if not ids:
        return f" {prefix} 0 = 1", ()
    return f" {prefix} guild_id IN ({', '.join('?' * len(ids))})", ids


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
    # Of the answered, those given with a hedge (the bot was not sure the fact answers what
    # was asked): a phrasing in members' words, or a missing fact, is what they point to.
    hedged: int = 0


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


# SQLite's errors that a full or failing disk gives (`sqlite_errorname`): the file may well be
# sound, and opens once there is room again.
_DISK_TROUBLE = ("SQLITE_FULL", "SQLITE_IOERR")


def _disk_trouble(exc: BaseException | None) -> bool:
    """Whether `exc` is SQLite saying the disk is full or failing."""
    return str(getattr(exc, "sqlite_errorname", "")).startswith(_DISK_TROUBLE)


def _trim(question: str) -> str:
    return clean(question)[:MAX_QUESTION_CHARS]


class FeedbackLog:
    """Counters and feedback in SQLite; every method opens its own connection (thread-safe)."""

    def __init__(self, data_dir: Path, home: Collection[int] = ()) -> None:
        """`home`: the home servers, whose moderators read the review queue: when the file is
        full, the other servers' questions are trimmed first."""
        self.path = Path(data_dir) / "feedback.sqlite3"
        self.home = tuple(sorted(set(home)))
        # Open transactions, so that close() can wait for them: a vote being written when the
        # bot is told to stop is written whole.
        self._state = threading.Condition()
        self._active = 0
        self._closed = False
        # On a full disk every question counted fails alike: warned once while it lasts.
        self._notice = FailureNotice(log, f"the feedback store {self.path}")
        self._keeper: sqlite3.Connection | None = None  # set once the file is open
        self._salt = b""
        self._opening = threading.Lock()
        try:
            self._open()
        except StoreError as exc:
            if not _disk_trouble(exc.__cause__):
                raise
            # A full (or failing) data disk: the answers go on, as they do when the disk fills
            # while the bot runs; refusing to start stopped them, and its advice (move the file
            # away) was wrong. Each later use tries to open the file again.
            log.warning(
                "the feedback store %s cannot be opened now (%s): questions are answered but"
                " not counted, and votes refused, until it can be",
                self.path,
                exc.__cause__,
            )

    def _open(self) -> None:
        """Open the file (made, migrated and salted if need be) and hold it open; StoreError
        naming the file and SQLite's reason, for the operator, when it cannot be."""
        keeper: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._db(opening=True) as db:
                db.execute("PRAGMA journal_mode=WAL")
                self._migrate(db)
                db.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)",
                    (secrets.token_hex(32),),
                )
                row = db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
                keeper = self._keep_open()
        except OSError as exc:
            raise StoreError(
                f"Cannot open the feedback store in {self.path.parent}: {exc}"
            ) from exc
        except StoreError as exc:
            if keeper is not None:  # the commit failed after it was opened
                keeper.close()
            if not isinstance(exc.__cause__, sqlite3.Error):
                raise  # a newer schema: its own message says what to do
            # At start the reader is an operator, not a member: the file and SQLite's words.
            raise StoreError(
                f"Cannot open the feedback store {self.path}: {exc.__cause__}. If the file is"
                " damaged, move it away (a new one is made; the review queue and votes start"
                " empty); if another process holds it locked, stop that process."
            ) from exc.__cause__
        self._salt = bytes.fromhex(row[0])
        self._keeper = keeper

    def _open_late(self) -> None:
        """Open the file now, if the start could not (a full disk); members' words if not yet."""
        with self._opening:
            if self._keeper is not None:
                return
            try:
                self._open()
            except StoreError as exc:
                # (SQLite's reason is logged by `_db` as for any failed use)
                log.debug("the feedback store %s still cannot be opened: %s", self.path, exc)
                raise StoreError(FEEDBACK_UNAVAILABLE) from exc.__cause__

    def _keep_open(self) -> sqlite3.Connection:
        """A connection held open until `close`: while one is open, SQLite keeps the write-ahead
        log and its index (-wal, 32 KiB of -shm) in place. Without it the last short connection
        removed them, and every next one made them anew, which a full data disk refuses: then
        /kb stats and the review queue, mere reads, failed along with every write."""
        keeper = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        try:
            keeper.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # maps the index
        except BaseException:
            keeper.close()
            raise
        return keeper

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        """Bring the tables to SCHEMA_VERSION (recorded in PRAGMA user_version), in the one
        transaction: a crash midway leaves the old tables as they were."""
        db.execute("BEGIN IMMEDIATE")  # DDL does not open a transaction by itself
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The feedback store was written by a newer citebot (schema {version}); "
                "upgrade citebot or move the file away."
            )
        existing = {
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if version == 0 and "asked" in existing:
            db.execute("DROP INDEX IF EXISTS votes_by_fact")
            for table, _, _ in _MIGRATE_FROM_0:
                db.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        for statement in _TABLES.split(";"):
            if statement.strip():
                db.execute(statement)
        if version == 0 and "asked" in existing:
            for table, columns, values in _MIGRATE_FROM_0:
                db.execute(f"INSERT INTO {table} ({columns}) SELECT {values} FROM old_{table}")
                db.execute(f"DROP TABLE old_{table}")
        vote_columns = {row[1] for row in db.execute("PRAGMA table_info(votes)")}
        if "picked" not in vote_columns:  # votes cast so far were on the bot's own answers
            db.execute("ALTER TABLE votes ADD COLUMN picked INTEGER NOT NULL DEFAULT 0")
        if version < 2:  # the votes cast so far, counted once; later ones as they are cast
            db.execute(
                "INSERT OR REPLACE INTO vote_counts (guild_id, helpful, count)"
                " SELECT guild_id, helpful, COUNT(*) FROM votes GROUP BY guild_id, helpful"
            )
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _db(self, *, opening: bool = False) -> Iterator[sqlite3.Connection]:
        """One short transaction on a fresh connection; database errors become StoreError.
        `opening`: the one that opens the file (others open it first if the start could not)."""
        with self._state:
            if self._closed:
                raise StoreError("The feedback store is closed: the bot is stopping.")
            self._active += 1
        try:
            if self._keeper is None and not opening:
                self._open_late()
            with closing(sqlite3.connect(self.path, timeout=10)) as db:
                db.execute("PRAGMA synchronous=NORMAL")
                with db:
                    yield db
        except (sqlite3.Error, OverflowError) as exc:
            # Members see this message (a vote, a recorded question): the database's own words
            # ("database is locked", paths) go to the log only. OverflowError: a server id too
            # large for SQLite (settings refuse one, but a caller may pass anything).
            self._notice.failed(exc)
            raise StoreError(FEEDBACK_UNAVAILABLE) from exc
        else:
            self._notice.worked()
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
        finally:
            if self._keeper is not None:
                self._keeper.close()
        log.info("feedback store closed")
        return finished

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
                db.execute(
                    "UPDATE unanswered SET count = count - 1"
                    " WHERE guild_id = ? AND question = ? AND count > 0",
                    (guild_id, key),
                )
                db.execute(
                    "DELETE FROM unanswered WHERE guild_id = ? AND question = ? AND count <= 0",
                    (guild_id, key),
                )

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
        outside = _where(self.home, "WHERE NOT")
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

    def unanswered(self, limit: int = 20, guild_ids: Guilds = None) -> list[UnansweredQuestion]:
        """The most asked declined questions in these servers (counts added up over them),
        most recent first among equals."""
        where, params = _where(guild_ids)
        with self._db() as db:
            rows = db.execute(
                "SELECT question, SUM(count) AS n, MAX(last_asked) AS t FROM unanswered"
                f"{where} GROUP BY question ORDER BY n DESC, t DESC, question LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [UnansweredQuestion(q, c, t) for q, c, t in rows]

    def dismiss_unanswered(self, question: str, guild_ids: Guilds = None) -> None:
        """Forget a declined question in these servers (handled, or not worth a fact)."""
        where, params = _where(guild_ids, "AND")
        with self._db() as db:
            db.execute(
                f"DELETE FROM unanswered WHERE question = ?{where}", (simplify(question), *params)
            )

    def not_helpful(
        self, limit: int = 20, guild_ids: Guilds = None, *, picked: bool = False
    ) -> list[tuple[str, str, int]]:
        """(fact_id, question asked, votes) for answers marked not helpful in these servers,
        most votes first: the facts the bot answered with, or with `picked` those the members
        picked from the menu under its answer (the bot did not give them for that question)."""
        where, params = _where(guild_ids, "AND")
        with self._db() as db:
            rows = db.execute(
                "SELECT fact_id, MIN(question), COUNT(*) AS n FROM votes"
                f" WHERE helpful = 0 AND picked = ?{where}"
                " GROUP BY fact_id, question_key ORDER BY n DESC, fact_id LIMIT ?",
                (int(picked), *params, limit),
            ).fetchall()
        return [(f, q, n) for f, q, n in rows]

    def stats(self, top: int = 10, guild_ids: Guilds = None) -> FeedbackStats:
        """Questions asked, answered, the answer rate, the most used facts and the votes, over
        these servers."""
        where, params = _where(guild_ids)
        with self._db() as db:
            by_kind = dict(
                db.execute(
                    f"SELECT kind, SUM(count) FROM asked{where} GROUP BY kind", params
                ).fetchall()
            )
            top_facts = db.execute(
                f"SELECT fact_id, SUM(count) AS n FROM fact_answers{where}"
                " GROUP BY fact_id ORDER BY n DESC, fact_id LIMIT ?",
                (*params, top),
            ).fetchall()
            votes = dict(
                db.execute(
                    f"SELECT helpful, SUM(count) FROM vote_counts{where} GROUP BY helpful",
                    params,
                ).fetchall()
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
            hedged=by_kind.get("hedged", 0),
        )
