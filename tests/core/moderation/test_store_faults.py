"""Faults while saving: a failed or killed save leaves the old file and a true audit log."""

from __future__ import annotations

import errno
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import StoreError
from bot.core.knowledge.loader import load_knowledge
from bot.core.moderation.atomic import STALE_AFTER
from bot.core.moderation.audit import AuditEntry, AuditLog
from bot.core.moderation.edits import fact_to_mapping
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore
from tests.conftest import ROOT

MOD = Actor(7, "mod")


@pytest.fixture
def store(tiny_knowledge: Path, tmp_path: Path) -> KnowledgeStore:
    """A store over the tiny knowledge base with one change already in its audit log."""
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    edit(store, "Trade was US$5 billion in 1999.")
    return store


def edit(store: KnowledgeStore, answer: str) -> None:
    """Change the answer of trade-1999 through the store."""
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    fields = replace(FactInput.from_fact(fact), answer=answer)
    store.edit_fact("trade-1999", fields, MOD, store.version_of("trade-1999"))


def fd_path(fd: int) -> str:
    """The path an open file descriptor refers to (Linux)."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


def inject(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    matches: Callable[[str], bool],
    code: int = errno.ENOSPC,
) -> list[str]:
    """Make `os.<name>` fail with `code` whenever it touches a path that `matches`."""
    real = getattr(os, name)
    hits: list[str] = []

    def fake(*args: Any, **kwargs: Any) -> Any:
        first = args[0]
        path = fd_path(first) if isinstance(first, int) else str(first)
        if matches(path):
            hits.append(path)
            raise OSError(code, os.strerror(code), path)
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, fake)
    return hits


FAULTS = [
    ("write", "audit.jsonl"),
    ("fsync", "audit.jsonl"),
    ("write", ".tmp"),
    ("fsync", ".tmp"),
    ("replace", ".tmp"),
]


@pytest.mark.parametrize(("function", "target"), FAULTS)
def test_failed_save_leaves_old_file_and_audit_log(
    store: KnowledgeStore,
    tiny_knowledge: Path,
    monkeypatch: pytest.MonkeyPatch,
    function: str,
    target: str,
) -> None:
    """Failing the write, fsync or rename (of the log or the file) changes nothing at all."""
    facts_file = tiny_knowledge / "facts" / "islands.yaml"
    old_file, old_log, kb = facts_file.read_bytes(), store.audit.path.read_bytes(), store.kb
    hits = inject(monkeypatch, function, lambda p: p.endswith(target))
    with pytest.raises(StoreError, match="the disk is full"):
        edit(store, "This answer must never reach the disk.")
    assert hits, f"os.{function} was never called on {target}"
    monkeypatch.undo()
    assert facts_file.read_bytes() == old_file
    assert store.audit.path.read_bytes() == old_log
    assert store.kb is kb
    assert not [p for p in facts_file.parent.iterdir() if p.name.endswith(".tmp")]
    edit(store, "A later save works and numbers on.")
    assert [e.n for e in store.history("trade-1999")] == [1, 2]
    assert load_knowledge(tiny_knowledge).facts == store.kb.facts


def test_failed_directory_fsync_still_lands_consistently(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If only the directory fsync fails, the change is in place and audited (a warning)."""
    facts_dir = str(tiny_knowledge / "facts")
    inject(monkeypatch, "fsync", lambda p: p == facts_dir, errno.EIO)
    edit(store, "Landed although the directory fsync failed.")
    monkeypatch.undo()
    fact = load_knowledge(tiny_knowledge).fact("trade-1999")
    assert fact is not None and fact.answer == "Landed although the directory fsync failed."
    assert store.history("trade-1999")[-1].after == fact_to_mapping(fact)


def test_disk_errors_have_clear_messages(
    store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EIO and a read-only file system are named in words, and say nothing was changed."""
    inject(monkeypatch, "replace", lambda p: p.endswith(".tmp"), errno.EROFS)
    with pytest.raises(StoreError, match=r"read-only.*Nothing was changed") as caught:
        edit(store, "Not saved.")
    assert "facts/islands.yaml" in str(caught.value)
    monkeypatch.undo()
    inject(monkeypatch, "fsync", lambda p: p.endswith("audit.jsonl"), errno.EIO)
    with pytest.raises(StoreError, match="input/output error"):
        edit(store, "Not saved either.")


def test_failed_save_whose_log_rollback_fails_never_shows_in_history(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If even cutting the log back fails, the stray entry is dropped before anyone reads it."""
    inject(monkeypatch, "replace", lambda p: p.endswith(".tmp"))
    inject(monkeypatch, "ftruncate", lambda p: p.endswith("audit.jsonl"), errno.EIO)
    with pytest.raises(StoreError):
        edit(store, "Never landed.")
    monkeypatch.undo()
    assert len(store.audit.path.read_text("utf-8").splitlines()) == 2  # the stray entry
    assert [e.n for e in store.history("trade-1999")] == [1]
    assert len(store.audit.path.read_text("utf-8").splitlines()) == 1


def test_entry_of_a_save_killed_before_the_rename_is_dropped_at_start(
    store: KnowledgeStore, tiny_knowledge: Path, tmp_path: Path
) -> None:
    """An audited change whose file never changed (killed in between) is removed at start-up."""
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    before = fact_to_mapping(fact)
    after = {**before, "answer": "Logged, then the process died."}
    log = AuditLog(tmp_path / "data" / "audit.jsonl")
    log.append(AuditEntry(2, "t", 7, "mod", "edit", "trade-1999", before, after, "islands"))
    reopened = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert [e.n for e in reopened.history("trade-1999")] == [1]


def test_entry_whose_change_landed_is_kept_at_start(
    store: KnowledgeStore, tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Start-up keeps the last entry when the file holds its `after` state."""
    reopened = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert [e.n for e in reopened.history("trade-1999")] == [1]


@pytest.mark.parametrize(
    "tail",
    [b'{"n":2,"time":"2024', b"\x00\x00\x00\x00", b"not json at all\n", b'{"n": "x"}\n'],
)
def test_torn_last_line_is_truncated_at_start(
    store: KnowledgeStore, tiny_knowledge: Path, tmp_path: Path, tail: bytes
) -> None:
    """A torn or unreadable last line is cut away; good lines stay and numbering goes on."""
    good = store.audit.path.read_bytes()
    with store.audit.path.open("ab") as f:
        f.write(tail)
    reopened = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert reopened.audit.path.read_bytes() == good
    edit(reopened, "After the repair.")
    assert [e.n for e in reopened.history("trade-1999")] == [1, 2]


def test_unreadable_line_in_the_middle_is_skipped_not_deleted(
    store: KnowledgeStore, tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Only the last line is ever cut; a bad line inside the log is kept and skipped."""
    with store.audit.path.open("ab") as f:
        f.write(b"garbage in the middle\n")
    edit(store, "A second change.")
    reopened = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert b"garbage in the middle" in reopened.audit.path.read_bytes()
    assert [e.n for e in reopened.history("trade-1999")] == [1, 2]


def test_stale_temp_files_are_ignored_and_cleaned(tiny_knowledge: Path, tmp_path: Path) -> None:
    """A half-written temp file left by a crash long ago is never loaded and is removed at
    start-up; a fresh one (another container's save in progress) is ignored and kept."""
    stale = tiny_knowledge / "facts" / ".islands.yaml.0badc0de-000000000001.tmp"
    stale.write_text("topic: Islands\nfacts:\n  - id: half-writ", "utf-8")
    old = time.time() - 2 * STALE_AFTER
    os.utime(stale, (old, old))
    live = tiny_knowledge / "facts" / ".islands.yaml.0badc0de-000000000002.tmp"
    live.write_text("topic: Islands\nfacts:\n  - id: being-writ", "utf-8")
    marker = tmp_path / "data" / ".audit.landed.0badc0de-000000000003.tmp"  # in the data dir
    marker.parent.mkdir()
    marker.write_text("1", "utf-8")
    os.utime(marker, (old, old))
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert not stale.exists() and not marker.exists()
    assert live.exists()
    assert store.kb.fact_ids == ["islands-where", "trade-1999"]


SAVE_LOOP = """
import sys
from dataclasses import replace
from pathlib import Path
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore

store = KnowledgeStore(Path(sys.argv[1]), Path(sys.argv[2]))
print("ready", flush=True)
i = 0
while True:
    i += 1
    fact = store.kb.fact("trade-1999")
    # No number in the answer: the fidelity check refuses one its quote lacks.
    answer = "A revision of the trade answer." + " More words." * (i % 40)
    fields = replace(FactInput.from_fact(fact), answer=answer)
    store.edit_fact("trade-1999", fields, Actor(1, "loop"), store.version_of("trade-1999"))
"""


def test_killed_save_loop_never_leaves_a_partial_file(tiny_knowledge: Path, tmp_path: Path) -> None:
    """SIGKILL at random moments of a save loop: files load, audit lines parse and agree."""
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    saved = 0
    for round_ in range(5):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVE_LOOP, str(tiny_knowledge), str(data_dir)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.02, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait()
        where = f"(seed {seed}, round {round_})"

        kb = load_knowledge(tiny_knowledge)  # every file loads: old or new, never partial
        fact = kb.fact("trade-1999")
        assert fact is not None, where
        raw = (data_dir / "audit.jsonl").read_bytes()
        lines = raw.split(b"\n")
        for line in lines[:-1]:
            json.loads(line)  # every complete line parses
        assert lines[-1] == b"" or raw.endswith(b"\n"), f"torn audit line {where}"

        store = KnowledgeStore(tiny_knowledge, data_dir)  # start-up recovery
        entries = store.history("trade-1999")
        assert [e.n for e in entries] == list(range(1, len(entries) + 1)), where
        if entries:
            assert entries[-1].after == fact_to_mapping(fact), f"history disagrees {where}"
        saved = len(entries)
    assert saved > 0, "the save loop never saved: the test did not exercise anything"


def test_a_newer_versions_entry_is_kept_at_start(
    store: KnowledgeStore, tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A whole last line that is an entry this version cannot read (a newer citebot's action,
    back on the older release after a rollback) was taken for a torn line and deleted by every
    start, `kb history` included; it is kept, skipped when read, and numbering goes on after it."""
    newer = (
        b'{"n":2,"time":"2027-01-01T00:00:00Z","user_id":7,"user_name":"mod",'
        b'"action":"rename","fact_id":"trade-1999","before":null,"after":null}\n'
    )
    with store.audit.path.open("ab") as f:
        f.write(newer)
    kept = store.audit.path.read_bytes()
    reopened = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert [e.n for e in reopened.history("trade-1999")] == [1]
    assert reopened.audit.path.read_bytes() == kept
    edit(reopened, "After the newer entry.")
    assert [e.n for e in reopened.history("trade-1999")] == [1, 3]
    assert newer in reopened.audit.path.read_bytes()


def _landed(path: str) -> bool:
    """The fact file, once it holds the new answer (the rename is done)."""
    return path.endswith("islands.yaml") and b"Landed after all" in Path(path).read_bytes()


@pytest.mark.parametrize("function", ["close", "stat"])
def test_a_disk_error_after_the_rename_is_no_failure(
    store: KnowledgeStore,
    tiny_knowledge: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    function: str,
) -> None:
    """An error after the file was renamed into place (closing it: a network volume reports a
    late write error there; the stat that notes it as written) left the change on disk,
    audited, and reported to the moderator as a failure; with a stat, not even served. It is a
    save like any other, the error logged."""
    hits = inject(monkeypatch, function, _landed, errno.EIO)
    edit(store, "Landed after all.")
    monkeypatch.undo()
    assert hits, f"os.{function} was never called on the renamed file"
    fact = load_knowledge(tiny_knowledge).fact("trade-1999")
    assert fact is not None and fact.answer == "Landed after all."
    assert store.kb.fact("trade-1999") == fact
    assert store.history("trade-1999")[-1].after == fact_to_mapping(fact)
    # (closing failed before the directory's fsync: the next start checks it against the file)
    assert store.audit.landed() == (1 if function == "close" else 2)
    assert "input/output error" in caplog.text.lower()


def test_kb_fmt_failing_midway_names_the_files_it_formatted(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kb fmt` rewrites file after file: a full disk at the second said "Nothing was changed"
    of the first, already rewritten. It names what was formatted (the facts unchanged)."""
    facts = tiny_knowledge / "facts"
    head, tail = (facts / "islands.yaml").read_text("utf-8").split("  - id: trade-1999")
    (facts / "a.yaml").write_text(head.replace("topic: Islands", "topic: A"), "utf-8")
    (facts / "b.yaml").write_text(f"topic: B\nfacts:\n  - id: trade-1999{tail}", "utf-8")
    (facts / "islands.yaml").unlink()
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    old_b = (facts / "b.yaml").read_bytes()
    inject(monkeypatch, "replace", lambda p: "/.b.yaml." in p)
    with pytest.raises(StoreError) as caught:
        store.format_all()
    monkeypatch.undo()
    assert "Nothing was changed" not in str(caught.value)
    assert str(caught.value).startswith("Could not save facts/b.yaml: the disk is full.")
    assert "facts/a.yaml" in str(caught.value)
    assert (facts / "b.yaml").read_bytes() == old_b
    assert load_knowledge(tiny_knowledge).facts == store.kb.facts
    assert store.format_all() == ["facts/b.yaml"]


class _BadFirstBlock(io.BufferedReader):
    """The audit log with an unreadable first block (a bad sector): reading there fails."""

    def _check(self) -> None:
        if self.tell() < 4096:
            raise OSError(errno.EIO, os.strerror(errno.EIO), "audit.jsonl")

    def read(self, size: int | None = -1, /) -> bytes:
        self._check()
        return super().read(size)

    def readline(self, size: int | None = -1, /) -> bytes:
        self._check()
        return super().readline(size)

    def __next__(self) -> bytes:
        self._check()
        return super().__next__()


@pytest.fixture
def bad_first_block(store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A log of several blocks whose first can no longer be read: its tail, which every save
    checks, still reads; a read of the whole log (a history, a revert, a new fact's id) fails."""
    for number in range(12):
        edit(store, "A revision of the trade answer." + " More words." * number)
    assert store.audit.path.stat().st_size > 3 * 4096
    real = io.open

    def bad_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("audit.jsonl") and mode == "rb":
            return _BadFirstBlock(io.FileIO(file, "r"))
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", bad_open)


@pytest.mark.usefixtures("bad_first_block")
def test_an_unreadable_audit_log_is_said_in_words(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An audit log that cannot be read (EIO) reached the moderator of a history, a revert or
    a new fact as a bare OSError, an apology; each says what failed, and nothing changed."""
    facts_file = tiny_knowledge / "facts" / "islands.yaml"
    old = facts_file.read_bytes()
    with pytest.raises(StoreError, match=r"audit log.*input/output error"):
        store.history("trade-1999")
    with pytest.raises(StoreError, match=r"input/output error.*Nothing was changed"):
        store.revert("trade-1999", 1, MOD)
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    fields = replace(FactInput.from_fact(fact), questions=[f"{q} again" for q in fact.questions])
    with pytest.raises(StoreError, match=r"input/output error.*Nothing was changed"):
        store.add_fact(fields, MOD, "islands")
    assert facts_file.read_bytes() == old
    monkeypatch.undo()
    assert len(store.history("trade-1999")) == 13


def test_a_rename_not_made_durable_is_checked_again_at_start(
    store: KnowledgeStore, tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fact file's directory could not be fsynced after its rename, so a power cut may
    undo the rename; the change was recorded as landed all the same, and the next start kept
    its entry although the file held the old version: a history showing a change that is not
    there. The start checks such a change against the files."""
    facts_file = tiny_knowledge / "facts" / "islands.yaml"
    old = facts_file.read_bytes()
    inject(monkeypatch, "fsync", lambda p: p == str(facts_file.parent), errno.EIO)
    edit(store, "Renamed, but the rename is not on the disk yet.")
    monkeypatch.undo()
    assert store.audit.landed() == 1  # change #2 is not known to be on the disk
    facts_file.write_bytes(old)  # the power cut undid the rename
    reopened = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert [e.n for e in reopened.history("trade-1999")] == [1]
    fact = reopened.kb.fact("trade-1999")
    assert fact is not None and reopened.history("trade-1999")[-1].after == fact_to_mapping(fact)


def test_broken_files_are_reported_when_the_data_dir_turned_read_only(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file broken on disk is read again under the save lock before it is reported (another
    process may be between two files). With the data directory turned read-only the lock
    cannot be opened: every poll raised (an ERROR with a traceback every 2 s in the bot),
    parsed the files again, and never reported them. The unlocked read's problems stand."""
    real = io.open

    def read_only(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("store.lock"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", read_only)
    facts_file = tiny_knowledge / "facts" / "islands.yaml"
    served = store.kb
    facts_file.write_text(facts_file.read_text("utf-8").replace("answer: Trade", "answer: [T"))
    problems = store.poll_changes()
    assert problems and problems[0].file == "facts/islands.yaml"
    assert store.problems == tuple(problems)
    assert store.kb is served
    assert store.poll_changes() is None  # reported once, not parsed again at every poll


def test_a_change_kept_at_start_is_recorded_as_landed(
    store: KnowledgeStore, tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change whose directory fsync failed is left unrecorded, for the next start to check
    against the files. That start found it on disk and kept it, but recorded nothing: the
    change stayed "not known to have landed", so when an editor then saved the file from an
    older buffer, the next look at the log took it for one that never landed and removed its
    entry, a change that was on disk through a restart gone from the history."""
    facts_file = tiny_knowledge / "facts" / "islands.yaml"
    older_buffer = facts_file.read_bytes()
    inject(monkeypatch, "fsync", lambda p: p == str(facts_file.parent), errno.EIO)
    edit(store, "Renamed, and the rename survived.")
    monkeypatch.undo()
    store.close()
    reopened = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert [e.n for e in reopened.history("trade-1999")] == [1, 2]
    assert reopened.audit.landed() == 2  # the start found it on the disk
    facts_file.write_bytes(older_buffer)  # the editor saves
    assert [e.n for e in reopened.history("trade-1999")] == [1, 2]
