"""The engine snapshot: used when the files are unchanged, rebuilt when anything changes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import bot.core.engine.snapshot as snapshot
from bot.core.engine.indexbuild import Field
from bot.core.engine.queryslots import Slot
from bot.core.engine.snapshot import load_engine
from bot.core.errors import KnowledgeError


def test_second_start_reads_the_snapshot(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With unchanged files the engine comes from the snapshot, not from the YAML."""
    cache = tmp_path / "cache"
    first = load_engine(tiny_knowledge, cache)
    assert len(list(cache.glob("engine-*.pickle"))) == 1

    def fail(_: Path) -> None:
        raise AssertionError("the knowledge was parsed again")

    monkeypatch.setattr(snapshot, "load_knowledge", fail)
    again = load_engine(tiny_knowledge, cache)
    assert again.ask("where are the example islands") == first.ask("where are the example islands")


def test_a_changed_file_rebuilds(tiny_knowledge: Path, tmp_path: Path) -> None:
    """Editing a fact file changes the key, so the new answer is served and one snapshot kept."""
    cache = tmp_path / "cache"
    load_engine(tiny_knowledge, cache)
    path = tiny_knowledge / "facts" / "islands.yaml"
    path.write_text(
        path.read_text("utf-8").replace("claimed by two countries.", "claimed by two states."),
        "utf-8",
    )
    engine = load_engine(tiny_knowledge, cache)
    assert engine.kb.fact("islands-where").answer.endswith("two states.")  # type: ignore[union-attr]
    assert len(list(cache.glob("engine-*.pickle"))) == 1


def test_a_broken_file_is_reported_not_served_from_cache(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A file broken after a snapshot was taken still raises the loader's KnowledgeError."""
    cache = tmp_path / "cache"
    load_engine(tiny_knowledge, cache)
    (tiny_knowledge / "facts" / "islands.yaml").write_text("facts: [\n", "utf-8")
    with pytest.raises(KnowledgeError):
        load_engine(tiny_knowledge, cache)


def test_a_corrupt_snapshot_is_ignored_and_replaced(tiny_knowledge: Path, tmp_path: Path) -> None:
    """A torn snapshot is a missed shortcut: the engine is rebuilt and the file rewritten."""
    cache = tmp_path / "cache"
    load_engine(tiny_knowledge, cache)
    (stored,) = cache.glob("engine-*.pickle")
    stored.write_bytes(b"not a pickle")
    engine = load_engine(tiny_knowledge, cache)
    assert engine.ask("where are the example islands").fact_id == "islands-where"
    assert stored.read_bytes() != b"not a pickle"


def test_a_snapshot_damaged_inside_is_ignored_and_rebuilt(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Bytes changed inside the snapshot (a bad disk page), where the pickle still loads: the
    facts are unpickled only when first used, so the damage used to surface at question time
    on every start (a crash, or a changed answer). The checksum refuses the file at start."""
    cache = tmp_path / "cache"
    load_engine(tiny_knowledge, cache)
    (stored,) = cache.glob("engine-*.pickle")
    data = stored.read_bytes()
    assert b"claimed by two countries" in data
    stored.write_bytes(data.replace(b"claimed by two countries", b"claimed by six countries"))
    engine = load_engine(tiny_knowledge, cache)
    answer = engine.kb.fact("islands-where").answer  # type: ignore[union-attr]
    assert answer.endswith("claimed by two countries.")
    assert b"claimed by six countries" not in stored.read_bytes()  # rewritten whole


def test_no_cache_dir_builds_every_time(tiny_knowledge: Path) -> None:
    """Without a cache directory nothing is written and the engine is built from the files."""
    assert load_engine(tiny_knowledge, None).kb.fact("trade-1999") is not None


def test_the_snapshot_is_written_through_the_atomic_helper(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pickle goes to a random temp name, is fsynced, renamed, and the cache directory is
    fsynced after the rename (what atomic.py does for the knowledge files)."""
    from tests.core.moderation.test_atomic import SyscallLog

    cache = tmp_path / "cache"
    cache.mkdir()
    calls = SyscallLog(monkeypatch)
    load_engine(tiny_knowledge, cache)
    (stored,) = cache.glob("engine-*.pickle")
    replaced = calls.events.index(("replace", str(stored)))
    fsynced_file = calls.events[replaced - 1]
    assert fsynced_file[0] == "fsync" and Path(fsynced_file[1]).parent == cache
    assert Path(fsynced_file[1]).name.endswith(".tmp") and str(os.getpid()) not in fsynced_file[1]
    assert calls.events[replaced + 1] == ("fsync", str(cache))
    # Beside the snapshot only the cold build's per-file cache (engine/cold.py).
    assert sorted(p for p in cache.iterdir() if p.name != "cold") == [stored]


def test_a_failed_snapshot_rename_leaves_no_temp_file(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot that cannot be saved is only a missed shortcut: the engine still answers and
    no temp file is left in the cache."""
    cache = tmp_path / "cache"

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    engine = load_engine(tiny_knowledge, cache)
    assert engine.ask("where are the example islands").fact_id == "islands-where"
    assert [p for p in cache.rglob("*") if p.is_file()] == []  # nor of the cold build's cache


def test_a_file_saved_during_the_build_is_not_kept_under_the_older_digest(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save while the engine is built (after the digest was taken) leaves no snapshot: kept
    under the older files' digest, it was served again once they came back (a revert)."""
    cache = tmp_path / "cache"
    path = tiny_knowledge / "facts" / "islands.yaml"
    old = path.read_text("utf-8")
    new = old.replace("claimed by two countries.", "claimed by two states.")
    real_build = snapshot.cold_build

    def build_while_saved(*args: object, **kwargs: object) -> object:
        engine = real_build(*args, **kwargs)  # type: ignore[arg-type]
        path.write_text(new, "utf-8")  # saved while the build ran
        return engine

    monkeypatch.setattr(snapshot, "cold_build", build_while_saved)
    load_engine(tiny_knowledge, cache)
    assert not list(cache.glob("engine-*.pickle"))
    monkeypatch.setattr(snapshot, "cold_build", real_build)
    path.write_text(old, "utf-8")  # reverted
    engine = load_engine(tiny_knowledge, cache)
    assert engine.kb.fact("islands-where").answer.endswith("two countries.")  # type: ignore[union-attr]


def test_a_hidden_fact_file_is_no_knowledge(tiny_knowledge: Path, tmp_path: Path) -> None:
    """A fact file whose name starts with a dot (an editor's ".#islands.yaml") is neither read
    nor hashed: before, it was read but not hashed, so editing it kept the old snapshot."""
    cache = tmp_path / "cache"
    facts = tiny_knowledge / "facts"
    text = (facts / "islands.yaml").read_text("utf-8")
    (facts / ".draft.yaml").write_text(text.replace("islands-", "draft-"), "utf-8")
    engine = load_engine(tiny_knowledge, cache)
    assert not any(f.id.startswith("draft-") for f in engine.kb.facts)
    assert engine.kb.fact("islands-where") is not None


def test_stale_temp_files_go_at_every_start(tiny_knowledge: Path, tmp_path: Path) -> None:
    """A killed snapshot or share writer's temp file (as large as what it wrote) is removed by
    the next start, also one that reads the snapshot and writes nothing; a fresh one (another
    bot's save in progress) stays."""
    cache = tmp_path / "cache"
    load_engine(tiny_knowledge, cache)
    stale = [cache / ".engine-x.0123.tmp", cache / "cold" / "facts" / ".share-killed"]
    fresh = cache / "cold" / "facts" / ".share-live"
    for path in (*stale, fresh):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"partial")
    hours_ago = os.path.getmtime(fresh) - 3 * 3600
    for path in stale:
        os.utime(path, (hours_ago, hours_ago))
    load_engine(tiny_knowledge, cache)
    assert not any(path.exists() for path in stale)
    assert fresh.exists()


def test_the_trailer_counts_what_pickle_writes_out_of_a_buffer(tmp_path: Path) -> None:
    """pickle hands large arrays to write() as a PickleBuffer (protocol 5), which has no len():
    the size and CRC of the trailer are those of the bytes on disk, arrays included."""
    import pickle
    import zlib

    import numpy as np

    path = tmp_path / "x.pickle"
    with path.open("wb") as handle:
        summing = snapshot._Summing(handle)
        pickle.dump({"vectors": np.arange(300_000, dtype=np.int8)}, summing, protocol=5)
    data = path.read_bytes()
    assert summing.size == len(data) > 300_000
    assert summing.crc == zlib.crc32(data)


def test_editor_and_tool_files_keep_the_snapshot_and_the_shares(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A backup, an auto-save or a swap file beside the knowledge, or a git checkout's own files,
    changed the snapshot's key (a rebuild at the next start) and the key of every cached share
    (all of them read again: most of a minute at scale) at each edit, commit or `git status`."""
    cache = tmp_path / "cache"
    load_engine(tiny_knowledge, cache)
    before = sorted(p.relative_to(cache) for p in cache.rglob("*.pickle"))
    for name in ("facts/islands.yaml~", "#aliases.yaml#", "facts/.islands.yaml.swp", ".git/index"):
        (tiny_knowledge / name).parent.mkdir(exist_ok=True)
        (tiny_knowledge / name).write_text("being edited", "utf-8")
    load_engine(tiny_knowledge, cache)
    assert sorted(p.relative_to(cache) for p in cache.rglob("*.pickle")) == before


# A writer in another process: streams part of a file through the module's helper, says so, and
# waits to be killed (or let go) in the middle of it.
_WRITER = """
import sys, time
from pathlib import Path
from bot.core.engine.sharecache import _write_cached
from bot.core.moderation.atomic import atomic_writer
if sys.argv[1] == "share":
    import bot.core.engine.sharecache as sharecache
    def stall(fd):  # the share is written; killed before its rename
        print("writing", flush=True)
        time.sleep(600)
    sharecache.os.fsync = stall
    _write_cached(Path(sys.argv[2]), b"x" * (1 << 20))
else:
    with atomic_writer(Path(sys.argv[2])) as handle:
        handle.write(b"x" * (3 << 20))
        print("writing", flush=True)
        time.sleep(600)
"""


@pytest.mark.parametrize("kind", ["snapshot", "share"])
def test_a_killed_writers_temp_file_goes_at_the_next_start_a_live_ones_stays(
    tiny_knowledge: Path, tmp_path: Path, kind: str
) -> None:
    """A start killed while writing the snapshot (the out-of-memory killer strikes at the
    build's peak) left its temp file, as large as the snapshot, for an hour: a restart loop
    piled one up per start until the disk was full. A writer holds a lock on its temp file,
    which its death lets go: the next start removes it, whatever its age; a live writer's
    stays, as old as it may look."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    load_engine(tiny_knowledge, cache)
    target = (
        cache / "engine-x.pickle" if kind == "snapshot" else cache / "cold" / "facts" / "x.pickle"
    )
    pattern = ".engine-x.pickle.*.tmp" if kind == "snapshot" else ".share-*"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, kind, str(target)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(snapshot.__file__).resolve().parents[3],
        )
        for _ in range(2)
    ]
    try:
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        temps = list(target.parent.glob(pattern))
        assert len(temps) == 2
        killed, live = writers
        killed.kill()
        killed.wait()
        # Both as old as a restart after a slow build makes them (still well under the hour).
        minutes_ago = time.time() - 10 * 60
        for temp in temps:
            os.utime(temp, (minutes_ago, minutes_ago))
        load_engine(tiny_knowledge, cache)
        left = list(target.parent.glob(pattern))
        assert len(left) == 1 and _held_by(left[0], live.pid)
    finally:
        for writer in writers:
            writer.kill()
            writer.wait()


def _held_by(path: Path, pid: int) -> bool:
    """Whether process `pid` has `path` open (its writer's temp file)."""
    fds = Path(f"/proc/{pid}/fd")
    return any(os.path.realpath(fd) == str(path.resolve()) for fd in fds.iterdir())


def _age(path: Path, days: float) -> None:
    then = time.time() - days * 24 * 3600
    os.utime(path, (then, then))


def test_another_matchers_unused_snapshot_goes_a_used_one_stays(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A snapshot left by a replaced model (another family: one per matcher) goes when a start
    writes its own and nothing has used the leftover for two weeks; one used lately stays, and
    reading a snapshot counts as using it."""
    cache = tmp_path / "cache"
    cache.mkdir()
    leftover = cache / "engine-0badf00d-old-model.pickle"
    recent = cache / "engine-0c0ffee0-other-model.pickle"
    leftover.write_bytes(b"x" * 1000)
    recent.write_bytes(b"y" * 1000)
    _age(leftover, 15)
    _age(recent, 13)
    engine = load_engine(tiny_knowledge, cache)  # lexical: builds and writes its own
    [mine] = [p for p in cache.glob("engine-*.pickle") if p not in (leftover, recent)]
    assert not leftover.exists() and recent.exists() and mine.exists()
    # This matcher's snapshot, read by a start, is fresh again for the others' writes.
    _age(mine, 30)
    load_engine(tiny_knowledge, cache)
    other_family = "engine-0c0ffee0-"
    snapshot._write(cache / f"{other_family}new.pickle", engine, other_family)
    assert mine.exists() and not recent.exists()  # the other family keeps one of its own


_RUNNING_BOT = """
import sys, time
from pathlib import Path
from bot.core.engine.snapshot import load_engine
load_engine(Path(sys.argv[1]), Path(sys.argv[2]))
print("started", flush=True)
if sys.argv[3] == "runs":
    time.sleep(600)
"""


def test_a_snapshot_a_running_process_started_from_stays_however_old(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A bot up for weeks read its snapshot once, at its start: by its age alone it was another
    matcher's leftover to a lexical run writing its own, and the bot's next start rebuilt (and
    embedded) everything. A process holds the snapshot it started from while it runs; once
    it has stopped, the snapshot goes."""
    import subprocess
    import sys

    cache = tmp_path / "cache"

    def start(then: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", _RUNNING_BOT, str(tiny_knowledge), str(cache), then],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(snapshot.__file__).resolve().parents[3],
        )

    first = start("stops")  # builds and writes the snapshot
    assert first.wait() == 0
    [mine] = cache.glob("engine-*.pickle")
    bot = start("runs")  # reads it, and runs on
    engine = load_engine(tiny_knowledge, None)
    other_family = "engine-0c0ffee0-"
    try:
        assert bot.stdout is not None and bot.stdout.readline() == "started\n"
        _age(mine, 15)  # the bot has run for 15 days since
        snapshot._write(cache / f"{other_family}a.pickle", engine, other_family)
        assert mine.exists()
    finally:
        bot.kill()
        bot.wait()
    snapshot._write(cache / f"{other_family}b.pickle", engine, other_family)
    assert not mine.exists()


def test_a_snapshot_from_before_text_py_was_split_is_read() -> None:
    """An alias table pickled when it lived in engine/text.py unpickles as the one in aliases.py:
    after the upgrade that snapshot is the previous one, whose vectors are reused."""
    import io
    import pickle

    from bot.core.engine.aliases import AliasTable
    from bot.core.knowledge.models import AliasGroup

    table = AliasTable.build([AliasGroup("Liancourt Rocks", ("Dokdo", "독도"))])
    data = pickle.dumps(table, protocol=2)  # names the class as "module\nname\n"
    assert b"bot.core.engine.aliases\nAliasTable\n" in data
    old = data.replace(b"bot.core.engine.aliases\n", b"bot.core.engine.text\n")
    with pytest.raises(ModuleNotFoundError):
        pickle.loads(old)
    assert snapshot._Unpickler(io.BytesIO(old)).load() == table


@pytest.mark.parametrize(
    ("value", "new_module"),
    [
        (Field("who owns dokdo", 1.0), "bot.core.engine.indexbuild"),
        (Slot("dokdo", 2.5, ((3, 1.0),), 1), "bot.core.engine.queryslots"),
    ],
)
def test_a_snapshot_from_before_search_py_was_split_is_read(
    value: object, new_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Field or a Slot pickled when it lived in engine/search.py unpickles as the one in its
    new module, as the alias table of text.py does: through the redirect, not through
    search.py's own imports of them, which a later change may drop."""
    import io
    import pickle

    from bot.core.engine import search

    data = pickle.dumps(value, protocol=2)  # names the class as "module\nname\n"
    assert f"{new_module}\n".encode() in data
    old = data.replace(f"{new_module}\n".encode(), b"bot.core.engine.search\n")
    monkeypatch.delattr(search, type(value).__name__)
    with pytest.raises(AttributeError):
        pickle.loads(old)
    loaded = snapshot._Unpickler(io.BytesIO(old)).load()
    assert loaded == value and type(loaded) is type(value)


def test_a_snapshot_from_before_answer_py_was_split_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The engine's passages pickled when PassageList lived in engine/answer.py unpickle as
    the one in engine/passages.py: through the redirect, not through answer.py's own import
    of it, which a later change may drop."""
    import io
    import pickle

    from bot.core.engine import answer
    from bot.core.engine.entries import Passage
    from bot.core.engine.passages import PassageList

    value = PassageList([Passage("wikipedia", "Liancourt Rocks", "Dokdo is an islet.")])
    data = pickle.dumps(value, protocol=2)  # names the class as "module\nname\n"
    assert b"bot.core.engine.passages\nPassageList\n" in data
    old = data.replace(b"bot.core.engine.passages\n", b"bot.core.engine.answer\n")
    monkeypatch.delattr(answer, "PassageList")
    with pytest.raises(AttributeError):
        pickle.loads(old)
    loaded = snapshot._Unpickler(io.BytesIO(old)).load()
    assert type(loaded) is PassageList and list(loaded) == list(value)
