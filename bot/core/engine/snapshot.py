"""A snapshot of the built engine, so a large knowledge base starts in seconds, not minutes.

Loading and indexing 100,000 facts takes most of a minute (see bench/RESULTS.md); reading back
a pickle of the engine built from the same bytes takes a few seconds. The snapshot is keyed by a
hash of every knowledge file and of the core's own source, so any change to either rebuilds it;
it lives in the bot's data directory, is written only by the bot (atomically), and a snapshot
that cannot be read is ignored and rebuilt. A trailer holds the pickle's size and CRC-32,
checked before anything is unpickled: the facts are kept pickled in chunks that are read back
only when first used (facttable.py), so a damaged page inside one used to load fine and then
fail a question, or answer differently, on every start. Never point the cache at a directory
others write: unpickling runs code.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import pickle
import stat
import time
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from ...log import get_logger
from ..errors import KnowledgeError, Problem
from ..gcpause import paused_gc
from ..knowledge.files import knowledge_files
from ..knowledge.loader import load_knowledge
from ..moderation.atomic import atomic_writer, remove_stale_temps
from ..progress import Progress, silent
from .answer import Engine
from .cold import cold_build
from .embedding import Embedder
from .sharecache import remove_stale_share_temps

FORMAT = 2  # 2: the size and CRC-32 trailer
PREFIX = "engine-"
_TRAILER_MAGIC = b"\ncitebot-snapshot-crc32\n"
_TRAILER = len(_TRAILER_MAGIC) + 12  # the magic, the pickle's size (8 bytes), its CRC-32 (4)
_CHUNK = 1 << 22
# Another matcher's snapshot (another model, a model's older version, the lexical matcher) goes
# when no start has read or written it for this long: each family keeps one snapshot, so one
# that a replaced model left behind (hundreds of MB at 100,000 facts) stayed for good.
UNUSED_FOR = 14 * 24 * 3600.0
# The snapshot each matcher family of this process started from or wrote, held open under a
# shared lock for as long as the process runs: a bot up for weeks read its snapshot once, so
# its mtime alone made it another matcher's leftover to a lexical run writing its own.
_HELD: dict[str, int] = {}
log = get_logger(__name__)
_CORE = Path(__file__).resolve().parent.parent  # bot/core: any change to the core rebuilds


def knowledge_digest(knowledge_dir: Path, matcher: str = "lexical") -> str:
    """Hash of every knowledge file (path and bytes), of the core's source code and of the
    matcher (the embedding model whose vectors the snapshot holds)."""
    digest = hashlib.sha256(f"citebot-snapshot-{FORMAT}-{matcher}".encode())
    digest.update(str(Path(knowledge_dir).resolve()).encode())  # the engine records its root
    for base, label in ((Path(knowledge_dir), "k"), (_CORE, "c")):
        found = base.rglob("*.py") if label == "c" else knowledge_files(base)
        try:
            for path in sorted(p for p in found if p.is_file()):
                rel = path.relative_to(base).as_posix()
                if "__pycache__" in rel or path.name.startswith("."):
                    continue  # temp files of an interrupted save are not knowledge
                digest.update(f"{label}:{rel}\0".encode())
                digest.update(path.read_bytes())
                digest.update(b"\0")
        except OSError as exc:
            if label == "c":
                raise  # the code itself: a broken install, not the knowledge
            # A file this process may not read (root's, in an image that runs as another
            # user): named as `kb check` names it, not a traceback.
            where = str(exc.filename) if exc.filename else str(base)
            reason = f"cannot read file: {exc.strerror or exc}"
            raise KnowledgeError([Problem(where, message=reason)]) from None
    return digest.hexdigest()[:32]


def _usable(cache_dir: Path) -> bool:
    """Whether a snapshot could be read or written there at all (a folder not made yet is,
    being made at the first write). A path too long, through a file or to a file is not: the
    engine is built without the cache, as a cache that cannot be written costs only the build."""
    reason = _unusable(cache_dir)
    if reason is not None:
        log.warning("engine cache %s unusable (%s); building without it", cache_dir, reason)
    return reason is None


def keeps_snapshots(cache_dir: Path) -> bool:
    """`_usable`, without a word: whether a build would leave a snapshot there for the next
    load (the bot's start builds first, then reads it back; `discord/runner.py`)."""
    return _unusable(Path(cache_dir)) is None


def _unusable(cache_dir: Path) -> str | None:
    """Why no snapshot can be read or written in `cache_dir`, or None."""
    try:
        mode = cache_dir.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return str(exc)
    if not stat.S_ISDIR(mode):  # each of the cold build's cache files then warned
        return "not a folder"
    if not os.access(cache_dir, os.R_OK | os.X_OK):
        # Another user's folder closed to this one (root's `python -m bot ask` with umask 077
        # made it; the bot runs as its own user): looking for the snapshot in it raised
        # PermissionError, and `ask` and the bot's start failed instead of building without.
        return "this user may not open it"
    return None


def load_engine(
    knowledge_dir: Path,
    cache_dir: Path | None,
    embedder: Embedder | None = None,
    progress: Progress = silent,
) -> Engine:
    """The engine for the knowledge on disk: from a matching snapshot, or built and saved.

    With an `embedder` the snapshot also holds the facts' vectors for that model (the model
    itself is never pickled; it is attached after reading). Raises KnowledgeError exactly as
    load_knowledge does when the files are invalid. `progress` hears of each stage.
    """
    if cache_dir is not None and not _usable(Path(cache_dir)):
        cache_dir = None
    if cache_dir is None:
        kb = load_knowledge(knowledge_dir, progress)
        progress(_building(len(kb.facts), embedder), 0, 0)
        return Engine(kb, embedder)
    matcher = embedder.name if embedder else "lexical"
    _remove_stale_temps(Path(cache_dir))
    progress("checking the knowledge files", 0, 0)
    digest = knowledge_digest(knowledge_dir, matcher)
    # One snapshot per matcher: a lexical run (CITEBOT_EMBEDDING_MODEL=off) sharing the data dir
    # with the bot must not evict the snapshot that holds the vectors.
    family = f"{PREFIX}{_tag(matcher)}-"
    path = Path(cache_dir) / f"{family}{digest}.pickle"
    if path.is_file():
        progress("reading the engine snapshot", 0, 0)
    engine = _read(path)
    if engine is not None:
        _mark_used(path, family)
        if embedder is not None:
            engine.attach(embedder)
        return engine
    # The knowledge changed since the last snapshot: its vectors still hold for every text
    # that did not change, so only new or edited texts are embedded again.
    previous = _newest_other(Path(cache_dir), path, family) if embedder is not None else None
    # Built by worker processes, and only the fact files that changed since the last build
    # are read again (engine/cold.py); the same engine as Engine(load_knowledge(...)).
    engine = cold_build(
        knowledge_dir,
        cache_dir=Path(cache_dir) / "cold",
        progress=progress,
        embedder=embedder,
        previous=previous,
    )
    if knowledge_digest(knowledge_dir, matcher) != digest:
        # Saved while it was being read (a moderator's save, a `git pull`): the engine may hold
        # either version of a file, so it is not kept under the digest of the first one, which
        # a revert would bring back. The next start builds and saves it.
        log.warning("the knowledge changed while it was read: the engine snapshot is not saved")
        return engine
    progress("saving the engine snapshot", 0, 0)
    _write(path, engine, family)
    return engine


def _remove_stale_temps(cache_dir: Path) -> None:
    """The temp files of a snapshot or share writer killed mid-write (each as large as what
    it was writing), at every start: a start that reads a snapshot writes nothing, and only
    a write used to remove them. Only provably stale ones go, never another bot's live save."""
    try:
        if cache_dir.is_dir():
            remove_stale_temps(cache_dir, also=(".snapshot-",))
    except OSError as exc:  # a cache that cannot be tidied is still a cache
        log.warning("could not remove stale temp files in %s: %s", cache_dir, exc)
    remove_stale_share_temps(cache_dir / "cold")


def _building(facts: int, embedder: Embedder | None) -> str:
    return f"indexing {facts:,} facts" + (" and embedding their texts" if embedder else "")


def _tag(matcher: str) -> str:
    return hashlib.sha256(matcher.encode()).hexdigest()[:8]


def _newest_other(cache_dir: Path, wanted: Path, family: str) -> Engine | None:
    try:
        others = sorted(
            (p for p in cache_dir.glob(f"{family}*.pickle") if p != wanted),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
    except OSError:
        return None
    return _read(others[0]) if others else None


class _Summing:
    """A file to pickle into that passes every write on, counting its bytes and their CRC."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.size = 0
        self.crc = 0

    def write(self, data: bytes | pickle.PickleBuffer) -> int:
        # Large arrays arrive as a PickleBuffer (protocol 5), which has no len().
        view = memoryview(data)
        self.size += view.nbytes
        self.crc = zlib.crc32(view, self.crc)
        return self.handle.write(view)


def _intact(handle: BinaryIO) -> bool:
    """Whether the file ends in our trailer and the bytes before it have its size and CRC.
    Read in chunks: the snapshot of 100,000 facts is a quarter of a gigabyte."""
    handle.seek(0, 2)
    total = handle.tell()
    if total < _TRAILER:
        return False
    handle.seek(total - _TRAILER)
    trailer = handle.read(_TRAILER)
    if not trailer.startswith(_TRAILER_MAGIC):
        return False
    size = int.from_bytes(trailer[len(_TRAILER_MAGIC) : len(_TRAILER_MAGIC) + 8], "big")
    expected = int.from_bytes(trailer[-4:], "big")
    if size != total - _TRAILER:
        return False
    handle.seek(0)
    crc = 0
    while chunk := handle.read(min(_CHUNK, size - handle.tell())):
        crc = zlib.crc32(chunk, crc)
    return crc == expected


# Classes an older snapshot names by the module they have since left (text.py was split in
# December 2026, and search.py's Field and Slot moved out of it after). Such a snapshot is
# never served, as its digest is of the older code, but after an upgrade it is the previous
# one, whose vectors spare embedding every text again (`_newest_other`): unreadable, the first
# start after the split embedded them all, hours at 100,000 facts.
_MOVED = {
    ("bot.core.engine.text", "AliasTable"): "bot.core.engine.aliases",
    ("bot.core.engine.search", "Field"): "bot.core.engine.indexbuild",
    ("bot.core.engine.search", "Slot"): "bot.core.engine.queryslots",
    ("bot.core.engine.answer", "PassageList"): "bot.core.engine.passages",
}


class _Unpickler(pickle.Unpickler):
    """pickle's unpickler, which finds a class that has moved (`_MOVED`) in its new module."""

    def find_class(self, module: str, name: str, /) -> Any:
        return super().find_class(_MOVED.get((module, name), module), name)


def _read(path: Path) -> Engine | None:
    if not path.is_file():
        return None
    try:
        with paused_gc(freeze=True), path.open("rb") as handle:
            if not _intact(handle):
                log.warning("ignoring damaged snapshot %s (its checksum does not match)", path.name)
                return None
            handle.seek(0)
            engine = _Unpickler(handle).load()
    except Exception as exc:  # a torn or stale snapshot is only a missed shortcut
        log.warning("ignoring unreadable snapshot %s: %s", path.name, exc)
        return None
    return engine if isinstance(engine, Engine) else None


def _write(path: Path, engine: Engine, family: str = PREFIX) -> None:
    """Save the snapshot through the same atomic helper as the knowledge files: a temp file
    with a random name (several bots may share the data volume), fsync, rename, directory
    fsync; then drop this matcher's older snapshots."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path) as handle:
            summing = _Summing(handle)
            pickle.dump(engine, summing, protocol=pickle.HIGHEST_PROTOCOL)
            size, crc = summing.size.to_bytes(8, "big"), summing.crc.to_bytes(4, "big")
            handle.write(_TRAILER_MAGIC + size + crc)
        for old in path.parent.glob(f"{family}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # no cache is slower, never wrong
        log.warning("could not save the engine snapshot %s: %s", path, exc)
        return
    _hold(path, family)
    _drop_unused_families(path.parent, family)


def _mark_used(path: Path, family: str = PREFIX) -> None:
    """Record that a start read this snapshot (its modification time; access times are often
    not kept), and hold it while this process runs (`_hold`), so that it is not taken for
    another matcher's leftover (`_drop_unused_families`)."""
    # A read-only cache cannot record it: the snapshot may then age out, costing one rebuild.
    with contextlib.suppress(OSError):
        os.utime(path)
    _hold(path, family)


def _hold(path: Path, family: str) -> None:
    """Keep `path` open under a shared lock until this process ends (or starts from another
    snapshot of the family), the sign `_in_use` reads: its mtime says only when it was read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:  # a volume without locks: only the mtime speaks for it
        os.close(fd)
        return
    previous = _HELD.pop(family, None)
    _HELD[family] = fd
    if previous is not None:
        os.close(previous)


def _in_use(path: Path) -> bool:
    """Whether a running process holds the snapshot (`_hold`): its lock cannot be taken. On a
    volume without locks nothing can tell, and the age alone decides, as before."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN)
    finally:
        os.close(fd)
    return False


def _drop_unused_families(cache_dir: Path, family: str, now: float | None = None) -> None:
    """Remove the snapshots of other matchers that no start has used for UNUSED_FOR and no
    running process holds (a bot up for longer than that, started from it)."""
    limit = (time.time() if now is None else now) - UNUSED_FOR
    try:
        for other in cache_dir.glob(f"{PREFIX}*.pickle"):
            if other.name.startswith(family) or other.stat().st_mtime >= limit:
                continue
            if not _in_use(other):
                other.unlink(missing_ok=True)
                log.info("removed %s: no start has used that matcher's snapshot", other.name)
    except OSError as exc:  # a leftover is only disk space
        log.warning("could not remove unused snapshots in %s: %s", cache_dir, exc)
