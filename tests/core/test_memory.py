"""Freed memory goes back to the system after a build; a loaded engine is frozen out of the
cyclic collector's way."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from bot.core import memory
from bot.core.engine import cold
from bot.core.engine.cold import cold_build
from bot.core.engine.snapshot import load_engine
from bot.core.gcpause import paused_gc
from tests.conftest import SHIPPED


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_small_objects_are_returned_to_the_system() -> None:
    """40,000 texts of 2 KB (too large for Python's own small-object allocator), all but
    every 50th freed, which leaves the C heap's freed pages mapped between the kept ones:
    after the release the process holds tens of MB less than before it."""
    kept = []
    freed = []
    for i in range(40_000):
        (kept if i % 50 == 0 else freed).append(f"{i:08d}".encode() * 256)
    del freed
    before = _rss_kb()
    released = memory.release_free_memory()
    after = _rss_kb()
    assert released
    assert before - after > 20_000, (before, after)
    assert len(kept) == 800


def test_a_cold_build_releases_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After reading the shares and after building the index."""
    calls: list[int] = []
    monkeypatch.setattr(cold, "release_free_memory", lambda: calls.append(1) or True)
    cold_build(SHIPPED, workers=1, cache_dir=tmp_path)
    assert calls == [1, 1]


def test_a_loaded_engine_is_out_of_the_collectors_way(tmp_path: Path) -> None:
    """Built cold and read from its snapshot, the engine's objects are frozen: the cyclic
    collector never scans them again (its first pass after a 100,000-fact read took 0.38 s)."""
    gc.unfreeze()
    try:
        built = load_engine(SHIPPED, tmp_path / "cache")
        assert gc.get_freeze_count() > 10 * len(built.facts)
        gc.unfreeze()
        read = load_engine(SHIPPED, tmp_path / "cache")
        assert read is not built and read.facts == built.facts
        assert gc.get_freeze_count() > 10 * len(read.facts)
    finally:
        gc.unfreeze()


def test_a_failed_block_freezes_nothing() -> None:
    """Only a block that ends normally freezes what it made; the collector runs again after."""
    gc.unfreeze()
    # The block restores the collector's state as it found it: enabled here, whatever a thread
    # an earlier test left building an engine (inside its own pause) had made of it. A CI run
    # failed so, the collector found paused and left paused, as it should be.
    gc.enable()
    with pytest.raises(ValueError), paused_gc(freeze=True):
        raise ValueError("no")
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
