"""The engine snapshot: used when the files are unchanged, rebuilt when anything changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import bot.core.engine.snapshot as snapshot
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
