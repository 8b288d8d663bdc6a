"""The cold build: the engine from the knowledge files when no snapshot matches (issue 17).

Reading 100,000 facts one file after another, then tokenizing every text, took most of a
minute on one core (bench/RESULTS.md, `python -m bench.cold`). Here each fact file is read,
validated (with the fidelity checks) and its texts normalised and tokenized by worker
processes, in parallel; a worker sends back the file's share pickled once (its facts, its
problems, each question's normalised key for the cross-check and each text's index tokens),
so the loader's cross-check and the index never tokenize a text again. With `cache_dir` each
share is kept on disk, keyed by the file's bytes, the other knowledge files and the core's
source code: after one file changed, only that file is read again.

What this builds is what `Engine(load_knowledge(root))` builds, to the token (the shares are
the same functions' results, merged in the same file order); tests/core/engine/test_cold.py
compares both.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from ...log import get_logger
from ..errors import KnowledgeError, Problem
from ..gcpause import paused_gc
from ..knowledge.fidelity import EntityIndex
from ..knowledge.loader import (
    FileShare,
    assemble,
    fact_paths,
    load_aliases,
    read_fact_file,
)
from ..knowledge.models import AliasGroup, KnowledgeBase, Source
from ..knowledge.sources import load_sources
from ..progress import Progress, silent
from .answer import Engine, answer_text, fields_of
from .answerability import answer_kinds
from .embedding import Embedder
from .text import AliasTable, normalize_question, tokenize

log = get_logger(__name__)
FORMAT = 1
_CORE = Path(__file__).resolve().parent.parent  # bot/core
# One file's share: what read_fact_file found and the problems it added, each valid
# question's normalised key, each indexed text's tokens, and each valid fact's answer kinds.
Kinds = list[tuple[bool, bool, bool]]
Share = tuple[FileShare, list[Problem], dict[str, str], dict[str, list[str]], Kinds]


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
    one per core; 1 reads in this process) and, with `cache_dir`, the per-file cache there.
    Raises KnowledgeError exactly as `load_knowledge` does."""
    with paused_gc():
        kb, tokens, kinds = load_shares(
            root, workers=workers, cache_dir=cache_dir, progress=progress
        )
        progress(f"indexing {len(kb.facts):,} facts", 0, 0)
        t, r, n = (np.fromiter((k[i] for k in kinds), bool, len(kinds)) for i in range(3))
        return Engine(kb, embedder, previous=previous, tokens=tokens, kinds=(t, r, n))


def load_shares(
    root: Path,
    *,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress = silent,
) -> tuple[KnowledgeBase, dict[str, list[str]], Kinds]:
    """`load_knowledge(root)`, the index tokens of every fact's texts and each fact's answer
    kinds (`answer_kinds`), the fact files read in parallel."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), message="knowledge directory not found")])
    sources = load_sources(root, problems)
    aliases = load_aliases(root, problems)
    paths = fact_paths(root, problems)
    context = _context_digest(root)
    keys: dict[str, str] = {}
    tokens: dict[str, list[str]] = {}
    kinds: dict[str, tuple[bool, bool, bool]] = {}
    used: set[str] = set()

    def shares() -> Iterator[tuple[Path, FileShare]]:
        found = _shares(paths, sources, aliases, context, workers, cache_dir, used)
        for done, (path, share) in enumerate(found):
            progress("reading fact files", done, len(paths))
            found_here, share_problems, share_keys, share_tokens, share_kinds = share
            problems.extend(share_problems)
            keys.update(share_keys)
            tokens.update(share_tokens)
            for (fact, _), kind in zip(found_here[1], share_kinds, strict=True):
                kinds.setdefault(fact.id, kind)
            yield path, found_here

    kb = assemble(root, sources, aliases, shares(), problems, keys)
    if cache_dir is not None:
        _prune(Path(cache_dir), used)
    return kb, tokens, [kinds[f.id] for f in kb.facts]


def read_share(
    path: Path,
    sources: dict[str, Source],
    entities: EntityIndex,
    table: AliasTable,
    context: str,
) -> tuple[str, bytes]:
    """One fact file's share, pickled, with the digest it is cached under (of the bytes read
    here, so a file saved meanwhile is never cached under its older bytes' digest)."""
    raw = path.read_bytes() if path.is_file() else b""
    problems: list[Problem] = []
    share = read_fact_file(path, sources, problems, entities)
    keys: dict[str, str] = {}
    tokens: dict[str, list[str]] = {}
    facts = [fact for fact, _ in share[1]]
    flags = answer_kinds([answer_text(f) for f in facts], [f.questions for f in facts])
    kinds = [(bool(t), bool(r), bool(n)) for t, r, n in zip(*flags, strict=True)]
    for fact in facts:
        for question in fact.questions:
            if question not in keys:
                keys[question] = normalize_question(question, table)
        for field in fields_of(fact, sources):
            if field.text not in tokens:
                tokens[field.text] = tokenize(field.text, table)
    payload = pickle.dumps((share, problems, keys, tokens, kinds), protocol=pickle.HIGHEST_PROTOCOL)
    return _file_digest(path.name, raw, context), payload


# -- in the worker processes --------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(sources: dict[str, Source], aliases: list[AliasGroup], context: str) -> None:
    """Keep what every file of the build is checked against (sent once per worker)."""
    entities = EntityIndex.build(aliases)
    # One alias table for the fidelity checks and the tokens: its memo then serves both.
    _WORKER.update(sources=sources, entities=entities, table=entities.table, context=context)


def _worker_share(path: str) -> tuple[str, bytes]:
    with paused_gc():
        w = _WORKER
        return read_share(Path(path), w["sources"], w["entities"], w["table"], w["context"])


# -- in the building process --------------------------------------------------------------


def _shares(
    paths: list[Path],
    sources: dict[str, Source],
    aliases: list[AliasGroup],
    context: str,
    workers: int | None,
    cache_dir: Path | None,
    used: set[str],
) -> Iterator[tuple[Path, Share]]:
    """Each file's share in file order: from the cache, or read (by the workers)."""
    folder = Path(cache_dir) / "facts" if cache_dir is not None else None
    cached: dict[Path, Share] = {}
    if folder is not None:
        for path in paths:
            try:
                digest = _file_digest(path.name, path.read_bytes(), context)
            except OSError:
                continue
            share = _read_cached(folder / f"{digest}.pickle")
            if share is not None:
                cached[path] = share
                used.add(digest)
    missing = [p for p in paths if p not in cached]
    count = min(workers or os.cpu_count() or 1, len(missing))
    pool: ProcessPoolExecutor | None = None
    futures: dict[Path, Future[tuple[str, bytes]]] = {}
    if count > 1:
        pool = ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_start_worker,
            initargs=(sources, aliases, context),
        )
        futures = {p: pool.submit(_worker_share, str(p)) for p in missing}
    try:
        local: dict[str, Any] = {}
        for path in paths:
            if path in cached:
                yield path, cached.pop(path)
                continue
            if pool is not None:
                digest, payload = futures.pop(path).result()
            else:
                if not local:
                    local.update(
                        entities=EntityIndex.build(aliases), table=AliasTable.build(aliases)
                    )
                digest, payload = read_share(
                    path, sources, local["entities"], local["table"], context
                )
            if folder is not None:
                _write_cached(folder / f"{digest}.pickle", payload)
                used.add(digest)
            yield path, pickle.loads(payload)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the core's source: a change of the rules or the tokenizer rebuilds all."""
    digest = hashlib.sha256(f"citebot-cold-{FORMAT}-{sys.version_info[:2]}".encode())
    for path in sorted(_CORE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(_CORE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _context_digest(root: Path) -> str:
    """The code and every knowledge file but the fact files: what a share depends on besides
    its own file (sources and references for quotes, aliases for tokens and fidelity)."""
    digest = hashlib.sha256(code_digest().encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("facts/") or any(part.startswith(".") for part in path.parts[-1:]):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _file_digest(name: str, raw: bytes, context: str) -> str:
    return hashlib.sha256(f"{context}\0{name}\0".encode() + raw).hexdigest()[:40]


def _read_cached(path: Path) -> Share | None:
    try:
        with path.open("rb") as handle:
            share: Share = pickle.load(handle)
        return share
    except FileNotFoundError:
        return None
    except Exception as exc:  # a torn or stale cache file is only a missed shortcut
        log.warning("ignoring unreadable cache file %s: %s", path.name, exc)
        return None


def _write_cached(path: Path, payload: bytes) -> None:
    """Write one share (temp file, then rename: a reader never sees half of it). Not fsynced:
    after a crash a torn file fails to unpickle and is read again from the fact file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".share-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temp, path)
    except OSError as exc:  # no cache is slower, never wrong
        log.warning("could not cache %s: %s", path.name, exc)


def _prune(cache_dir: Path, used: set[str]) -> None:
    """Drop the shares of file versions this build did not use (edited or removed files)."""
    folder = cache_dir / "facts"
    if not folder.is_dir():
        return
    for path in folder.glob("*.pickle"):
        if path.stem not in used:
            path.unlink(missing_ok=True)
