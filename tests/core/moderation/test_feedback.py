"""FeedbackLog: counts, declined questions and votes in SQLite, with no user ids kept."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from bot.core.engine.simplify import simplify
from bot.core.errors import StoreError
from bot.core.moderation import feedback as feedback_module
from bot.core.moderation import feedbackdb
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.feedbackdb import FEEDBACK_UNAVAILABLE
from bot.core.moderation.feedbackqueries import UnansweredQuestion
from tests.processes import plain_env


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


def test_hedged_answers_count_as_answered_and_apart(log: FeedbackLog) -> None:
    """A fact given with a hedge is an answer (and its fact is counted), and stats say how
    many answers were hedged."""
    log.record_question("q", "a", "fact")
    log.record_question("q", "a", "hedged")
    log.record_question("q", None, "none")
    stats = log.stats()
    assert (stats.questions_asked, stats.answered, stats.hedged) == (3, 2, 1)
    assert stats.top_facts == [("a", 2)]


def test_a_question_withdrawn_is_no_longer_counted(log: FeedbackLog) -> None:
    """A question taken back (its member edited it) leaves every count it added, its declined
    row included when that was its last count; another server's counts and another member's
    count of the same question stay, and no count goes below zero."""
    for asked in ("Who won the cup?", "who won the cup"):  # two members, one question
        log.record_question(asked, None, "none", 1)
        log.record_decline(asked, 1)
    log.record_question("q", "a", "fact", 1)
    log.record_question("q", "a", "fact", 2)
    log.withdraw_question("Who won the cup?", None, "none", 1, decline=True)
    log.withdraw_question("q", "a", "fact", 1)
    [row] = log.unanswered(guild_ids=[1])
    assert (row.question, row.count) == ("who won the cup", 1)
    stats = log.stats(guild_ids=[1])
    assert (stats.questions_asked, stats.answered, stats.top_facts) == (1, 0, [])
    assert log.stats(guild_ids=[2]).top_facts == [("a", 1)]
    log.withdraw_question("who won the cup", None, "none", 1, decline=True)
    log.withdraw_question("who won the cup", None, "none", 1, decline=True)  # none left
    assert log.unanswered() == []
    assert log.stats(guild_ids=[1]).questions_asked == 0
    assert log.stats().questions_asked == 1


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
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_PER_SERVER", 10)
    log.record_decline("popular question")
    log.record_decline("popular question")
    for i in range(50):
        log.record_decline(f"junk {i}")
    rows = log.unanswered(limit=100)
    assert len(rows) == 10 and rows[0].question == "popular question"


def test_a_flood_in_one_server_keeps_another_servers_rows(
    log: FeedbackLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Junk typed in a server the bot merely joined never pushes out what the home server's
    members asked: each server's rows are capped on their own."""
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_PER_SERVER", 10)
    home, other = 1, 2
    asked_at_home = [f"home question {i}" for i in range(8)]
    for question in asked_at_home:
        log.record_decline(question, guild_id=home)
    for i in range(50):
        log.record_decline(f"junk {i}", guild_id=other)
    kept = {row.question for row in log.unanswered(limit=100, guild_ids=[home])}
    assert kept == set(asked_at_home)
    assert len(log.unanswered(limit=100, guild_ids=[other])) == 10


def test_the_whole_file_is_trimmed_from_the_largest_server(
    log: FeedbackLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many servers each under their own cap still bound the file: the server holding most
    rows gives up its least asked ones."""
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_PER_SERVER", 10)
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_ROWS", 12)
    for i in range(4):
        log.record_decline(f"home question {i}", guild_id=1)
    for i in range(9):
        log.record_decline(f"busy {i}", guild_id=2)
    assert len(log.unanswered(limit=100)) == 12
    assert len(log.unanswered(limit=100, guild_ids=[1])) == 4
    assert len(log.unanswered(limit=100, guild_ids=[2])) == 8


def test_a_full_file_never_trims_a_home_server_for_other_servers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The busiest server is usually the home server, whose moderators read the queue: once
    the file is full, junk typed in many other servers trims those servers, never the home
    server's questions (it used to trim the largest, the home server)."""
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_PER_SERVER", 5)
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_ROWS", 20)
    log = FeedbackLog(tmp_path, home=[7])
    asked_at_home = [f"home question {i}" for i in range(5)]
    for question in asked_at_home:
        log.record_decline(question, guild_id=7)
    for server in range(100, 110):
        for i in range(5):
            log.record_decline(f"junk {server} {i}", guild_id=server)
    assert {r.question for r in log.unanswered(limit=100, guild_ids=[7])} == set(asked_at_home)
    assert len(log.unanswered(limit=1000)) == 20
    # With only home servers' rows in the file, the largest of them gives rows up.
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_PER_SERVER", 10)
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_ROWS", 12)
    homes = FeedbackLog(tmp_path / "homes", home=[1, 2])
    for i in range(4):
        homes.record_decline(f"first {i}", guild_id=1)
    for i in range(9):
        homes.record_decline(f"second {i}", guild_id=2)
    assert len(homes.unanswered(limit=100, guild_ids=[1])) == 4
    assert len(homes.unanswered(limit=100, guild_ids=[2])) == 8


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


def test_rows_are_kept_per_server(log: FeedbackLog) -> None:
    """Declines, counts and votes are read back per server, or added up over several."""
    log.record_decline("Who won the 2002 World Cup?", guild_id=1)
    log.record_decline("Who won the 2002 World Cup?", guild_id=2)
    log.record_decline("What is my neighbour's phone number?", guild_id=3)
    log.record_question("q", "a", "fact", guild_id=1)
    log.record_question("q", "a", "fact", guild_id=3)
    log.record_vote("m:a", 7, "a", "q", False, guild_id=3)
    assert [q.count for q in log.unanswered(guild_ids=[1])] == [1]
    [both] = log.unanswered(guild_ids=[1, 2])
    assert both.count == 2
    assert log.unanswered(guild_ids=[]) == []
    assert log.stats(guild_ids=[1]).questions_asked == 1
    assert log.stats(guild_ids=[1]).top_facts == [("a", 1)]
    assert log.not_helpful(guild_ids=[1, 2]) == [] and len(log.not_helpful(guild_ids=[3])) == 1
    log.dismiss_unanswered("who won the 2002 world cup", guild_ids=[1])
    assert [q.count for q in log.unanswered(guild_ids=[1, 2])] == [1]


def test_a_version_0_database_is_migrated(tmp_path: Path) -> None:
    """A feedback file from before servers were told apart keeps its rows, as server 0
    (shown to no server's moderators, counted by the console), and records the version."""
    path = tmp_path / "feedback.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('salt', '00ff');
            CREATE TABLE asked (kind TEXT PRIMARY KEY, count INTEGER NOT NULL);
            INSERT INTO asked VALUES ('fact', 3), ('none', 1);
            CREATE TABLE fact_answers (fact_id TEXT PRIMARY KEY, count INTEGER NOT NULL);
            INSERT INTO fact_answers VALUES ('a', 3);
            CREATE TABLE unanswered (
                question TEXT PRIMARY KEY, count INTEGER NOT NULL, last_asked TEXT NOT NULL
            );
            INSERT INTO unanswered VALUES ('old question', 4, '2025-01-01T00:00:00Z');
            CREATE TABLE votes (
                voter TEXT PRIMARY KEY, fact_id TEXT NOT NULL, question TEXT NOT NULL,
                question_key TEXT NOT NULL, helpful INTEGER NOT NULL, time TEXT NOT NULL
            );
            INSERT INTO votes VALUES ('v', 'a', 'q', 'q', 0, '2025-01-01T00:00:00Z');
            """
        )
    log = FeedbackLog(tmp_path)
    assert [(q.question, q.count) for q in log.unanswered()] == [("old question", 4)]
    assert log.unanswered(guild_ids=[1]) == []
    assert log.stats().questions_asked == 4 and log.stats(guild_ids=[1]).questions_asked == 0
    assert log.not_helpful() == [("a", "q", 1)]
    assert (log.stats().helpful, log.stats().not_helpful) == (0, 1)  # counted as they were
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (feedbackdb.SCHEMA_VERSION,)
    FeedbackLog(tmp_path)  # opening again is a no-op
    assert log.unanswered()[0].count == 4


def test_a_version_2_database_keeps_its_votes_as_votes_on_the_bots_answers(
    tmp_path: Path,
) -> None:
    """Version 3 records whether a vote was on a fact picked from the menu: the votes of a
    version 2 file, cast before that was told, stay in the queue as votes on the bot's own
    answers, and a picked vote recorded after the migration is listed apart."""
    path = tmp_path / "feedback.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('salt', '00ff');
            CREATE TABLE votes (
                voter TEXT PRIMARY KEY, guild_id INTEGER NOT NULL, fact_id TEXT NOT NULL,
                question TEXT NOT NULL, question_key TEXT NOT NULL, helpful INTEGER NOT NULL,
                time TEXT NOT NULL
            );
            INSERT INTO votes VALUES ('v', 7, 'a', 'q', 'q', 0, '2025-01-01T00:00:00Z');
            CREATE TABLE vote_counts (
                guild_id INTEGER NOT NULL, helpful INTEGER NOT NULL, count INTEGER NOT NULL,
                PRIMARY KEY (guild_id, helpful)
            );
            INSERT INTO vote_counts VALUES (7, 0, 1);
            PRAGMA user_version = 2;
            """
        )
    log = FeedbackLog(tmp_path)
    assert log.not_helpful() == [("a", "q", 1)] and log.not_helpful(picked=True) == []
    assert log.record_vote("m:b", 1, "b", "q", False, 7, picked=True)
    assert log.not_helpful() == [("a", "q", 1)]
    assert log.not_helpful(picked=True) == [("b", "q", 1)]
    assert log.stats().not_helpful == 2
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (feedbackdb.SCHEMA_VERSION,)


def test_a_locked_database_is_a_generic_message(
    log: FeedbackLog, caplog: pytest.LogCaptureFixture
) -> None:
    """What a member may see says nothing of SQLite; the detail goes to the log."""
    blocker = sqlite3.connect(log.path)
    blocker.execute("BEGIN EXCLUSIVE")
    original = sqlite3.connect

    def impatient(*args: object, **kwargs: object) -> sqlite3.Connection:
        kwargs["timeout"] = 0.05
        return original(*args, **kwargs)  # type: ignore[arg-type]

    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(feedbackdb.sqlite3, "connect", impatient)
            with pytest.raises(StoreError) as raised:
                log.record_vote("m:a", 1, "a", "q", True)
    finally:
        blocker.rollback()
        blocker.close()
    assert str(raised.value) == feedbackdb.FEEDBACK_UNAVAILABLE
    assert "locked" not in str(raised.value)
    assert "database is locked" in caplog.text


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


def test_a_server_id_too_large_for_sqlite_is_a_store_error(log: FeedbackLog) -> None:
    """SQLite holds no integer past 2**63: such a server id is the store's short message, as a
    locked database is, never an OverflowError from deep inside sqlite3."""
    with pytest.raises(StoreError, match="can't be recorded"):
        log.record_decline("who controls dokdo", guild_id=2**64)
    with pytest.raises(StoreError):
        log.unanswered(guild_ids=[1, 123456789012345678901])


def test_a_new_question_enters_a_full_queue_of_questions_asked_twice(
    log: FeedbackLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every kept row asked twice, a new question (asked once) is the least asked: the
    insert that recorded it deleted it at once, so the queue froze (a reviewer's repro). The
    row just recorded is never the one trimmed."""
    monkeypatch.setattr(feedback_module, "MAX_UNANSWERED_PER_SERVER", 5)
    for i in range(5):
        log.record_decline(f"old question {i}", guild_id=1)
        log.record_decline(f"old question {i}", guild_id=1)
    log.record_decline("a brand new question", guild_id=1)
    kept = {row.question for row in log.unanswered(limit=100, guild_ids=[1])}
    assert "a brand new question" in kept and len(kept) == 5


def test_a_damaged_file_at_start_is_named_for_the_operator(tmp_path: Path) -> None:
    """The members' "can't be recorded right now" was all `run` printed when the file was
    damaged: at start the error names the file, SQLite's reason and what to do."""
    (tmp_path / "feedback.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as failed:
        FeedbackLog(tmp_path)
    message = str(failed.value)
    assert str(tmp_path / "feedback.sqlite3") in message
    assert "not a database" in message and "move it away" in message
    assert FEEDBACK_UNAVAILABLE not in message


def test_vote_rows_are_bounded_and_the_counts_stay_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Votes kept their row (the question's text included) forever: a member voting on every
    answer they are given grew the file without bound, where declined questions are capped.
    Rows past a server's cap, then past the file's (other servers first), go oldest first,
    and /kb stats still counts every vote ever cast."""
    monkeypatch.setattr(feedback_module, "MAX_VOTES_PER_SERVER", 10)
    monkeypatch.setattr(feedback_module, "MAX_VOTE_ROWS", 25)
    log = FeedbackLog(tmp_path, home=[7])
    for i in range(30):
        assert log.record_vote(f"msg-{i}", 1, "fact-a", f"home question {i}", i % 3 == 0, 7)
    for server in range(100, 103):
        for i in range(12):
            log.record_vote(f"msg-{server}-{i}", 2, "fact-b", f"junk {i}", False, server)
    with closing(sqlite3.connect(tmp_path / "feedback.sqlite3")) as db:
        per_server = dict(db.execute("SELECT guild_id, COUNT(*) FROM votes GROUP BY guild_id"))
        kept_home = {q for (q,) in db.execute("SELECT question FROM votes WHERE guild_id = 7")}
    assert sum(per_server.values()) == 25 and per_server[7] == 10
    assert kept_home == {f"home question {i}" for i in range(20, 30)}  # the newest
    stats = log.stats(guild_ids=[7])
    assert (stats.helpful, stats.not_helpful) == (10, 20)
    assert log.stats().not_helpful == 20 + 36


# In a child process: a file size limit of one byte makes every write to a file fail as a full
# disk does (no file may grow, EFBIG), without a small volume to fill.
_FULL_DISK = textwrap.dedent(
    """\
    import resource, signal, sys
    from pathlib import Path
    from bot.core.errors import StoreError
    from bot.core.moderation.feedback import FeedbackLog

    log = FeedbackLog(Path(sys.argv[1]))
    log.record_question("who won?", None, "none", 1)
    log.record_decline("who won the 2002 world cup", 1)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))
    stats = log.stats()
    print("stats", stats.questions_asked, stats.answered)
    print("unanswered", [q.question for q in log.unanswered()])
    try:
        log.record_question("and now?", None, "none", 1)
    except StoreError as exc:
        print("record refused:", exc)
    """
)


def _child(script: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """A child process running `script` on `data_dir`, which must succeed: its file-size
    limit, the full disk, is its own."""
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_the_queue_and_stats_still_read_when_the_disk_is_full(tmp_path: Path) -> None:
    """On a full data disk /kb stats and the review queue still read (only recording fails,
    with the members' message): each short connection used to make SQLite's write-ahead index
    anew, which a full disk refuses, so the reads failed as well."""
    assert _child(_FULL_DISK, tmp_path / "data").stdout.splitlines() == [
        "stats 1 0",
        "unanswered ['who won the 2002 world cup']",
        f"record refused: {FEEDBACK_UNAVAILABLE}",
    ]


_FULL_AT_START = textwrap.dedent(
    """\
    import resource, signal, sys
    from pathlib import Path
    from bot.core.errors import StoreError
    from bot.core.moderation.feedback import FeedbackLog

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))
    log = FeedbackLog(Path(sys.argv[1]))  # the disk full from the start
    print("started")
    try:
        log.record_question("who won?", None, "none", 1)
    except StoreError as exc:
        print("record refused:", exc)
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)  # room again
    log.record_question("who won?", None, "none", 1)
    print("asked", log.stats().questions_asked)
    """
)


def test_a_full_disk_at_start_stops_nothing(tmp_path: Path) -> None:
    """A full data disk at start stopped the bot ("Cannot open the feedback store: disk I/O
    error... if the file is damaged, move it away"), where a disk filling while it runs stops
    nothing: it starts, questions go uncounted, and once there is room again the file opens."""
    before = FeedbackLog(tmp_path / "data")
    before.record_question("before", None, "none", 1)
    before.close()  # its write-ahead files go: the child must make them, on a full disk
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["feedback.sqlite3"]
    result = _child(_FULL_AT_START, tmp_path / "data")
    assert result.stdout.splitlines() == [
        "started",
        f"record refused: {FEEDBACK_UNAVAILABLE}",
        "asked 2",
    ]
    assert "cannot be opened now" in result.stderr
