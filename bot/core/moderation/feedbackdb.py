"""The feedback store's file: its tables, their migrations, and every connection to it.

`FeedbackDatabase` makes, migrates and salts data_dir/feedback.sqlite3, holds it open while the
bot runs, gives each use one short transaction, and on `close` waits for the writes under way
and folds the write-ahead log into the file. What is recorded in it is feedback.py's
(`FeedbackLog`); what moderators read of it, feedbackqueries.py's. A full or failing disk
leaves the answers going: the file is opened again at its next use.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Collection, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from ...log import FailureNotice, get_logger
from ..errors import StoreError

log = get_logger(__name__)

FEEDBACK_UNAVAILABLE = "Feedback can't be recorded right now; please try again in a minute."

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


def where_guilds(guild_ids: Guilds, prefix: str = "WHERE") -> tuple[str, tuple[int, ...]]:
    """The SQL filter for a set of servers, and its parameters (an empty set matches nothing)."""
    if guild_ids is None:
        return "", ()
    ids = tuple(sorted(set(guild_ids)))
    if not ids:
        return f" {prefix} 0 = 1", ()
    return f" {prefix} guild_id IN ({', '.join('?' * len(ids))})", ids


# SQLite's errors that a full or failing disk gives (`sqlite_errorname`): the file may well be
# sound, and opens once there is room again.
_DISK_TROUBLE = ("SQLITE_FULL", "SQLITE_IOERR")


def _disk_trouble(exc: BaseException | None) -> bool:
    """Whether `exc` is SQLite saying the disk is full or failing."""
    return str(getattr(exc, "sqlite_errorname", "")).startswith(_DISK_TROUBLE)


class FeedbackDatabase:
    """The feedback file, opened once; every method opens its own connection (thread-safe)."""

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
