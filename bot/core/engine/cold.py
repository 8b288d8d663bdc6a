"""The cold build: the engine from the knowledge files when no snapshot matches (issue 17).

Reading 100,000 facts one file after another, then tokenizing every text, took most of a
minute on one core (bench/RESULTS.md, `python -m bench.cold`). Here each fact file is read,
validated (with the fidelity checks) and its texts normalised and tokenized by worker
processes, in parallel; a worker sends back the file's share pickled once (its facts, its
problems, each question's normalised key for the cross-check and each text's index tokens),
so the loader's cross-check and the index never tokenize a text again. The documents' passages
are split, tokenized and classified by the workers too, in chunks of documents. With
`cache_dir` each share is kept on disk, keyed by the file's bytes, the other knowledge files
and the source of the code that computes a share (share.py and the core modules it imports;
the documents and aliases, with their problems, by the latter two): after one fact file
changed, only that file is read again, and after a change of the core that no share depends on
(how the engine decides, answers or embeds), none is.

What this builds is what `Engine(load_knowledge(root))` builds, to the token (the shares are
the same functions' results, merged in the same file order); tests/core/engine/test_cold.py
compares both.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import signal
import tempfile
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ...log import get_logger
from ..cpus import usable_cpus
from ..errors import KnowledgeError, Problem
from ..gcpause import paused_gc
from ..knowledge.aliasfile import load_aliases
from ..knowledge.crosscheck import Checked, dangling_links
from ..knowledge.factfile import FileShare, fact_paths
from ..knowledge.fidelity import EntityIndex
from ..knowledge.files import knowledge_files
from ..knowledge.loader import assemble
from ..knowledge.models import AliasGroup, Fact, KnowledgeBase, Source
from ..knowledge.questions import QuestionOwners
from ..knowledge.sources import load_sources
from ..knowledge.yamlsafe import YamlRejected, read_limited
from ..memory import release_free_memory
from ..moderation.atomic import ORPHANED_AFTER, abandoned, hold
from ..progress import Progress, silent
from .answer import Engine
from .embedding import Embedder
from .entries import Passage
from .kinds import KIND_NAMES
from .postings import IndexPart
from .prepared import Kinds, Prepared
from .share import (
    KindList,
    QuestionPart,
    code_digest,
    do_job,
    file_digest,
    start_worker,
    worker_job,
)

log = get_logger(__name__)
# A worker process starts in about half a second (forkserver, imports, the sources sent):
# worth it for a large knowledge base, not for a dozen files (the shipped one has 11).
MIN_PARALLEL_JOBS = 24
SOURCES_PER_CHUNK = 50  # documents per passage job (the shipped ones are ~20 KB each)
STALE_TEMP_S = 3600.0  # a share writer's temp file older than this is a killed one's


def cold_build(
    root: Path,
    *,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress = silent,
    embedder: Embedder | None = None,
    previous: Engine | None = None,
) -> Engine:
    """The engine for the knowledge directory `root`, built with `workers` processes (default:
    one per usable CPU, `usable_cpus`, when there are at least MIN_PARALLEL_JOBS files and
    document chunks to read; 1 reads in this process) and, with `cache_dir`, the per-file cache
    there.
    Raises KnowledgeError exactly as `load_knowledge` does."""
    with paused_gc(freeze=True):
        kb, prepared = load_shares(root, workers=workers, cache_dir=cache_dir, progress=progress)
        release_free_memory()  # the shares' temporaries: the index is built below them
        embedding = " and embedding their texts" if embedder is not None else ""
        progress(f"indexing {len(kb.facts):,} facts{embedding}", 0, 0)
        engine = Engine(kb, embedder, previous=previous, prepared=prepared)
        del prepared
        release_free_memory()  # the parts' and the merge's: the snapshot write needs room
        return engine


def load_shares(
    root: Path,
    *,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress = silent,
) -> tuple[KnowledgeBase, Prepared]:
    """`load_knowledge(root)`, and what the engine needs of every fact's and passage's texts,
    computed by the workers (or read from the cache)."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), message="knowledge directory not found")])
    context = _context_digest(root)
    used: set[str] = set()
    written = _Writes()  # the cache files this build wrote
    sources, aliases = _sources_and_aliases(root, context, cache_dir, problems, used, written)
    paths = fact_paths(root, problems)
    ids = list(sources)
    chunks = [ids[i : i + SOURCES_PER_CHUNK] for i in range(0, len(ids), SOURCES_PER_CHUNK)]
    jobs = [_Job("passages", "|".join(chunk), _chunk_digest(chunk, context)) for chunk in chunks]
    for path in paths:
        try:
            digest: str | None = file_digest(path.name, read_limited(path), context)
        except YamlRejected:
            digest = None  # read (and reported) by the worker
        jobs.append(_Job("facts", str(path), digest))
    passages: list[Passage] = []
    fact_parts: list[IndexPart] = []
    passage_parts: list[IndexPart] = []
    fact_kinds: dict[str, tuple[bool, ...]] = {}
    passage_kinds: KindList = []
    questions: list[QuestionPart] = []
    results = _run(jobs, sources, aliases, context, workers, cache_dir, used, written)

    def shares() -> Iterator[tuple[Path, FileShare]]:
        for done, (job, result) in enumerate(results):
            if job.kind == "passages":
                found_passages, part, kinds = result
                passages.extend(found_passages)
                passage_parts.append(part)
                passage_kinds.extend(kinds)
                continue
            progress("reading fact files", done - len(chunks), len(paths))
            found, found_problems, asked, fact_part, kinds = result
            problems.extend(found_problems)
            questions.append(asked)
            fact_parts.append(fact_part)
            for (fact, _), kind in zip(found[1], kinds, strict=True):
                fact_kinds.setdefault(fact.id, kind)
            yield Path(job.arg), found

    def check(facts: list[Fact], origin: Mapping[str, tuple[str, int]]) -> Checked | None:
        return check_questions(facts, origin, questions, problems)

    kb = assemble(root, sources, aliases, shares(), problems, check=check)
    if cache_dir is not None:
        if _context_digest(root) != context:
            # The documents or aliases were saved while the workers read: what they computed
            # may rest on either version, and would be kept under the older one's key.
            log.warning("the knowledge changed during the build: its cache files are not kept")
            for path in written.paths:
                _unlink_quietly(path)
        else:
            _prune(Path(cache_dir), used)
    # (Parts that do not add up to the facts cannot be: a fact left out is a problem, raised.)
    whole = sum(part.size for part in fact_parts) == len(kb.facts)
    prepared = Prepared(
        fact_parts=fact_parts if whole else None,
        fact_kinds=_kinds([fact_kinds[f.id] for f in kb.facts]),
        passages=passages,
        passage_parts=passage_parts,
        passage_kinds=_kinds(passage_kinds),
    )
    return kb, prepared


def check_questions(
    facts: list[Fact],
    origin: Mapping[str, tuple[str, int]],
    parts: Sequence[QuestionPart],
    problems: list[Problem],
) -> Checked | None:
    """`crosscheck.cross_check` from the workers' question digests, when they decide it: every
    file was read without a problem (so `facts` are all of the parts' facts, in order) and no
    two of the digests are equal (so no two facts share a question, and sorting by digest is
    sorting by (digest, owner) as QuestionOwners.build does). None otherwise: the loader
    then normalises every question here (slower, the same problems)."""
    if problems or any(part.clash for part in parts):
        return None
    if sum(part.facts for part in parts) != len(facts) or not parts:
        return None
    digests = np.concatenate([p.digests for p in parts])
    shifts = np.cumsum([0, *(p.facts for p in parts[:-1])], dtype=np.int64)
    counts = [p.rows.size for p in parts]
    rows = np.concatenate([p.rows for p in parts]).astype(np.int64) + np.repeat(shifts, counts)
    order = np.argsort(digests, kind="stable")
    digests = digests[order]
    if digests.size > 1 and bool(np.any(digests[1:] == digests[:-1])):
        return None
    ids = np.empty(len(facts), dtype=object)
    ids[:] = [f.id for f in facts]
    owners = QuestionOwners(digests.astype(np.int64), ids[rows[order]])
    return dangling_links(facts, origin, {f.id for f in facts}), owners


def _sources_and_aliases(
    root: Path,
    context: str,
    cache_dir: Path | None,
    problems: list[Problem],
    used: set[str],
    written: _Writes,
) -> tuple[dict[str, Source], list[AliasGroup]]:
    """The documents and aliases, read (and their problems found) as the loader does, or
    from the cache when neither they nor the code changed (`context` is their digest)."""
    path = Path(cache_dir) / "sources" / f"{context[:40]}.pickle" if cache_dir else None
    found = _read_cached(path) if path is not None else None
    if found is None:
        found_problems: list[Problem] = []
        sources = load_sources(root, found_problems)
        aliases = load_aliases(root, found_problems)
        found = (sources, aliases, found_problems)
        if path is not None:
            written.write(path, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    if path is not None:
        used.add(path.stem)
    sources, aliases, found_problems = found
    problems.extend(found_problems)
    return sources, aliases


def _kinds(rows: KindList) -> Kinds:
    """Per-entry flags as the boolean arrays Answerability keeps (KIND_NAMES)."""
    t, r, n, s = (
        np.fromiter((row[i] for row in rows), bool, len(rows)) for i in range(len(KIND_NAMES))
    )
    return t, r, n, s


# -- in the building process --------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    """One unit of work: a fact file or a chunk of documents, and its cache key if known."""

    kind: str  # "facts" or "passages"
    arg: str  # the file's path, or the documents' ids joined by "|"
    digest: str | None


def _run(
    jobs: list[_Job],
    sources: dict[str, Source],
    aliases: list[AliasGroup],
    context: str,
    workers: int | None,
    cache_dir: Path | None,
    used: set[str],
    written: _Writes,
) -> Iterator[tuple[_Job, Any]]:
    """Each job's unpickled result, in job order: from the cache, or computed by the workers
    (or here, with one worker or one job to do)."""
    folder = Path(cache_dir) if cache_dir is not None else None
    cached: dict[int, Any] = {}
    if folder is not None:
        for n, job in enumerate(jobs):
            if job.digest is None:
                continue
            found = _read_cached(folder / job.kind / f"{job.digest}.pickle")
            if found is not None:
                cached[n] = found
                used.add(job.digest)
    missing = [n for n in range(len(jobs)) if n not in cached]
    count = min(workers or usable_cpus(), len(missing))
    if workers is None and len(missing) < MIN_PARALLEL_JOBS:
        count = 1  # starting the workers would cost more than it saves
    pool: ProcessPoolExecutor | None = None
    futures: dict[int, Future[tuple[str | None, bytes]]] = {}
    if count > 1:
        try:
            # forkserver: a worker never inherits the bot's threads or locks (fork would). It
            # imports the main module again (guarded in `python -m bot` and the console script);
            # where it cannot (a program read from stdin) the workers die and the build goes on
            # here (BrokenProcessPool below).
            with _hangups_held():
                pool = ProcessPoolExecutor(
                    count,
                    mp_context=multiprocessing.get_context("forkserver"),
                    initializer=start_worker,
                    initargs=(sources, aliases, context, os.getpid()),
                )
                futures = {n: pool.submit(worker_job, jobs[n].kind, jobs[n].arg) for n in missing}
        except (OSError, ValueError) as exc:  # no semaphores, no processes: slower, not wrong
            log.warning("cold build without worker processes: %s", exc)
            pool = None
    try:
        local: dict[str, Any] = {}
        for n, job in enumerate(jobs):
            if n in cached:
                yield job, cached.pop(n)
                continue
            result: tuple[str | None, bytes] | None = None
            if pool is not None:
                try:
                    result = futures.pop(n).result()
                except BrokenProcessPool as exc:  # a worker was killed (out of memory?)
                    log.warning("a cold-build worker died (%s); reading on in this process", exc)
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
            if result is None:
                if not local:
                    local.update(sources=sources, entities=EntityIndex.build(aliases))
                    local["context"] = context
                result = do_job(job.kind, job.arg, local)
            digest, payload = result
            # A fact file's share goes under the digest of the bytes the worker parsed (the
            # file may have been saved since `job.digest` was taken), a passages chunk under
            # its job's.
            digest = job.digest if job.kind == "passages" else digest
            if folder is not None and digest is not None:
                written.write(folder / job.kind / f"{digest}.pickle", payload)
                used.add(digest)
            yield job, pickle.loads(payload)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _hangups_held() -> Iterator[None]:
    """SIGHUP blocked in this thread while the pool starts its processes (the resource
    tracker, the forkserver, the workers), which inherit the blocked mask and so never die of
    it: a closed terminal sends SIGHUP to its whole foreground group, and the bot stops on it
    cleanly (`bot.stopping`), but the helpers, which ignore SIGINT and SIGTERM and leave the
    stop to the bot, died of SIGHUP, and the log filled with "resource_tracker: process died
    unexpectedly" and its tracebacks. A SIGHUP sent to this process meanwhile waits the few
    milliseconds until the block ends, then stops it as usual."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _context_digest(root: Path) -> str:
    """The code and every knowledge file but the fact files: what a share depends on besides
    its own file (sources and references for quotes, aliases for tokens and fidelity)."""
    digest = hashlib.sha256(code_digest().encode())
    for path in sorted(p for p in knowledge_files(root) if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("facts/") or any(part.startswith(".") for part in path.parts[-1:]):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _chunk_digest(ids: list[str], context: str) -> str:
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


def _read_cached(path: Path) -> Any:
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
class _Writes:
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
    Its warning speaks for the whole build, which writes no more (`_Writes`)."""
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
            _unlink_quietly(Path(temp))
        return False


def _unlink_quietly(path: Path) -> None:
    """Remove a cache file; one that cannot be removed (a read-only volume) only stays."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove the cache file %s: %s", path, exc)


def _prune(cache_dir: Path, used: set[str]) -> None:
    """Drop the shares this build did not use (of edited or removed files, older sources)."""
    for kind in ("facts", "passages", "sources"):
        folder = cache_dir / kind
        if not folder.is_dir():
            continue
        for path in folder.glob("*.pickle"):
            if path.stem not in used:
                _unlink_quietly(path)
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
