"""The cold build's cache on disk: each share kept under its key, checked when read back.

A share (share.py) is kept per fact file and per chunk of documents, keyed by what it was
computed from (`context_digest`: the code and every knowledge file but the fact files; the
file's own bytes), so a later build reads only what changed (cold.py). Apart from the build
because how a share is framed, written atomically, checked and pruned is its own concern, one
the snapshot's start also needs (`remove_stale_share_temps`, snapshot.py).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...log import get_logger
from ..knowledge.files import knowledge_files
from ..moderation.atomic import ORPHANED_AFTER, abandoned, hold
from .share import code_digest

log = get_logger(__name__)
STALE_TEMP_S = 3600.0  # a share writer's temp file older than this is a killed one's


def context_digest(root: Path) -> str:
    """The code and every knowledge file but the fact files: what a share depends on besides
    its own file (sources and references for quotes, aliases for tokens and fidelity)."""
    digest = hashlib.sha256(code_digest().encode())
    for path in sorted(p for p in knowledge_files(root) if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("facts/") or any(part.startswith(".") for part in path.parts[-1:]):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def chunk_digest(ids: list[str], context: str) -> str:
    return hashlib.sha256(f"{context}\0passages\0{'|'.join(ids)}".encode()).hexdigest()[:40]


# A cached file: a header (the format's mark, the payload's length and CRC-32), then the pickle.
# A file damaged on disk (zeroed pages after a power cut, a bad sector) can still unpickle, as
# other data: 61 of 297 shares with one 4 KiB page zeroed did, and gave wrong answers that
# the engine snapshot then kept. The checksum refuses them.
_MAGIC = b"citebot-share-1\n"
_HEADER = len(_MAGIC) + 12


def _header(payload: bytes) -> bytes:
    size, crc = len(payload).to_bytes(8, "big"), zlib.crc32(payload).to_bytes(4, "big")
    return _MAGIC + size + crc


def _unframed(data: bytes) -> memoryview | None:
    """The payload of a cached file (a view: shares come to hundreds of MB, not copied), or
    None if the file is not whole and intact."""
    if len(data) < _HEADER or not data.startswith(_MAGIC):
        return None
    size = int.from_bytes(data[len(_MAGIC) : len(_MAGIC) + 8], "big")
    crc = int.from_bytes(data[len(_MAGIC) + 8 : _HEADER], "big")
    payload = memoryview(data)[_HEADER:]
    return payload if len(payload) == size and zlib.crc32(payload) == crc else None


def read_cached(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # not cached (the write says why)
        return None
    except OSError as exc:
        log.warning("ignoring unreadable cache file %s: %s", path, exc)
        return None
    payload = _unframed(data)
    if payload is None:
        log.warning("ignoring damaged cache file %s (its checksum does not match)", path)
        return None
    try:
        return pickle.loads(payload)
    except Exception as exc:  # a stale cache file is only a missed shortcut
        log.warning("ignoring unreadable cache file %s: %s", path, exc)
        return None


@dataclass
class Writes:
    """The cache files one build wrote; after the first that could not be, it tries no more.
    A folder that refuses one share (a read-only or full volume, a file in its way) refuses
    the next: one warning per fact file and documents chunk was a screenful on a read-only
    data volume, growing with the knowledge, where one says it all."""

    paths: list[Path] = field(default_factory=list)
    refused: bool = False

    def write(self, path: Path, payload: bytes) -> None:
        """Keep `path` (`_write_cached`) unless an earlier write of this build failed."""
        if self.refused:
            return
        if _write_cached(path, payload):
            self.paths.append(path)
        else:
            self.refused = True


def _write_cached(path: Path, payload: bytes) -> bool:
    """Write one share (temp file, fsync, rename: a reader never sees half of it, and a power
    cut never leaves a renamed file whose pages did not reach the disk); True when written.
    Its warning speaks for the whole build, which writes no more (`Writes`)."""
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".share-", dir=path.parent)
        hold(fd)  # until renamed: a killed writer's temp file is known by its free lock
        with os.fdopen(fd, "wb") as handle:
            handle.write(_header(payload))
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            os.replace(temp, path)
        return True
    except OSError as exc:  # no cache is slower, never wrong
        log.warning("could not cache %s: %s; the rest of this build is not cached", path.name, exc)
        if temp is not None:
            unlink_quietly(Path(temp))
        return False


def unlink_quietly(path: Path) -> None:
    """Remove a cache file; one that cannot be removed (a read-only volume) only stays."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove the cache file %s: %s", path, exc)


def prune(cache_dir: Path, used: set[str]) -> None:
    """Drop the shares this build did not use (of edited or removed files, older sources)."""
    for kind in ("facts", "passages", "sources"):
        folder = cache_dir / kind
        if not folder.is_dir():
            continue
        for path in folder.glob("*.pickle"):
            if path.stem not in used:
                unlink_quietly(path)
    remove_stale_share_temps(cache_dir)


def remove_stale_share_temps(cache_dir: Path) -> None:
    """Remove the temp files of a share writer killed mid-write (a live one holds its file):
    after every cold build, and at every start (a start that reads the engine snapshot builds
    nothing, and would otherwise keep them)."""
    for kind in ("facts", "passages", "sources"):
        try:
            temps = list((cache_dir / kind).glob(".share-*"))
        except OSError:
            continue
        for path in temps:
            try:
                age = time.time() - path.stat().st_mtime
                if age > STALE_TEMP_S or (age >= ORPHANED_AFTER and abandoned(path)):
                    path.unlink(missing_ok=True)
            except OSError:
                continue
