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
compares both. This module plans the jobs and merges their shares; running them (the worker
pool) is coldjobs.py's, and the cache on disk sharecache.py's.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from ...log import get_logger
from ..errors import KnowledgeError, Problem
from ..gcpause import paused_gc
from ..knowledge.aliasfile import load_aliases
from ..knowledge.crosscheck import Checked, dangling_links
from ..knowledge.factfile import FileShare, fact_paths
from ..knowledge.loader import assemble
from ..knowledge.models import AliasGroup, Fact, KnowledgeBase, Source
from ..knowledge.questions import QuestionOwners
from ..knowledge.sources import load_sources
from ..knowledge.yamlsafe import YamlRejected, read_limited
from ..memory import release_free_memory
from ..progress import Progress, silent
from .answer import Engine
from .coldjobs import Job, run_jobs
from .embedding import Embedder
from .entries import Passage
from .kinds import KIND_NAMES
from .postings import IndexPart
from .prepared import Kinds, Prepared
from .share import KindList, QuestionPart, file_digest
from .sharecache import Writes, chunk_digest, context_digest, prune, read_cached, unlink_quietly

log = get_logger(__name__)
SOURCES_PER_CHUNK = 50  # documents per passage job (the shipped ones are ~20 KB each)


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
    context = context_digest(root)
    used: set[str] = set()
    written = Writes()  # the cache files this build wrote
    sources, aliases = _sources_and_aliases(root, context, cache_dir, problems, used, written)
    paths = fact_paths(root, problems)
    ids = list(sources)
    chunks = [ids[i : i + SOURCES_PER_CHUNK] for i in range(0, len(ids), SOURCES_PER_CHUNK)]
    jobs = [Job("passages", "|".join(chunk), chunk_digest(chunk, context)) for chunk in chunks]
    for path in paths:
        try:
            digest: str | None = file_digest(path.name, read_limited(path), context)
        except YamlRejected:
            digest = None  # read (and reported) by the worker
        jobs.append(Job("facts", str(path), digest))
    passages: list[Passage] = []
    fact_parts: list[IndexPart] = []
    passage_parts: list[IndexPart] = []
    fact_kinds: dict[str, tuple[bool, ...]] = {}
    passage_kinds: KindList = []
    questions: list[QuestionPart] = []
    results = run_jobs(jobs, sources, aliases, context, workers, cache_dir, used, written)

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
        if context_digest(root) != context:
            # The documents or aliases were saved while the workers read: what they computed
            # may rest on either version, and would be kept under the older one's key.
            log.warning("the knowledge changed during the build: its cache files are not kept")
            for path in written.paths:
                unlink_quietly(path)
        else:
            prune(Path(cache_dir), used)
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
    written: Writes,
) -> tuple[dict[str, Source], list[AliasGroup]]:
    """The documents and aliases, read (and their problems found) as the loader does, or
    from the cache when neither they nor the code changed (`context` is their digest)."""
    path = Path(cache_dir) / "sources" / f"{context[:40]}.pickle" if cache_dir else None
    found = read_cached(path) if path is not None else None
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
