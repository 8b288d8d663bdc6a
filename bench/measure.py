"""Measuring one knowledge directory in the current process: the figures of one table row.

Memory is the process's peak resident set size, `resource.getrusage(RUSAGE_SELF).ru_maxrss`
(kernel-reported, so it includes numpy buffers and allocator overhead that tracemalloc would
miss); run each size in a fresh process (see run.py) so that one size's peak is not another's.
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from bot.core.engine import answer as answer_module
from bot.core.engine.answer import Engine
from bot.core.engine.evaluation import evaluate, load_items
from bot.core.engine.snapshot import load_engine
from bot.core.knowledge import aliasfile as aliasfile_module
from bot.core.knowledge import citations as citations_module
from bot.core.knowledge import factfile as factfile_module
from bot.core.knowledge import loader as loader_module
from bot.core.knowledge import sources as sources_module
from bot.core.knowledge.loader import load_knowledge

from .baseline import measure_baseline
from .queries import KINDS, Query, build_partials, build_queries
from .timing import (
    current_rss_mb,
    latency,
    load_average,
    peak_rss_mb,
    throughput,
    time_calls,
    timed_functions,
)

WARMUP = 20
PROFILE_ROWS = 12


def phase_timers() -> AbstractContextManager[dict[str, float]]:
    """Seconds spent in the named phases of loading and indexing (a few wrapped functions)."""
    index_calls = iter(("index: fact index", "index: passage index"))
    return timed_functions(
        [
            (factfile_module, "read_yaml", "load: YAML parsing"),
            (aliasfile_module, "read_yaml", "load: YAML parsing"),
            (sources_module, "read_yaml", "load: YAML parsing"),
            (citations_module, "locate_quote", "load: locating quotes"),
            (loader_module, "cross_check", "load: cross-checking facts"),
            (answer_module, "Index", lambda: next(index_calls, "index: other index")),
            (Engine, "_passages", "index: splitting passages"),
        ]
    )


def profile_calls(fn: Callable[[str], Any], texts: Sequence[str]) -> list[dict[str, Any]]:
    """The functions where calls of `fn` spend their own time (cProfile, top by tottime)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        fn(text)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in stats.values()) or 1.0
    rows = []
    for (file, line, name), (_, calls, tottime, cumtime, _) in stats.items():
        where = _short_path(file)
        rows.append(
            {
                "function": f"{where}:{line}({name})" if where != "~" else name,
                "calls": calls,
                "tottime_s": tottime,
                "cumtime_s": cumtime,
                "share": tottime / total,
            }
        )
    rows.sort(key=lambda r: -r["tottime_s"])
    return rows[:PROFILE_ROWS]


def _short_path(file: str) -> str:
    for marker in ("/bot/", "/site-packages/", "/lib/python3"):
        if marker in file:
            return file[file.index(marker) + 1 :]
    return file


def folder_bytes(root: Path, pattern: str) -> int:
    """Total size of the files under `root` matching a glob pattern."""
    return sum(p.stat().st_size for p in root.glob(pattern) if p.is_file())


def measure_kb(
    root: Path,
    *,
    label: str,
    n_queries: int = 1000,
    seed: int = 1,
    baseline_pairs: int = 60_000_000,
    profile_queries: int = 200,
    soak_questions: int = 0,
    eval_files: Sequence[Path] = (),
) -> dict[str, Any]:
    """Every per-size figure for the knowledge directory `root`, as a JSON-ready dict."""
    result: dict[str, Any] = {
        "label": label,
        "root": str(root),
        "load_average_start": load_average(),
    }
    gc.collect()
    result["rss_start_mb"] = current_rss_mb()
    with phase_timers() as phases:
        cpu_start, start = time.process_time(), time.perf_counter()
        kb = load_knowledge(root)
        cpu_loaded, loaded = time.process_time(), time.perf_counter()
        engine = Engine(kb)
        cpu_built, built = time.process_time(), time.perf_counter()
    result["load_s"] = loaded - start
    result["index_s"] = built - loaded
    result["load_cpu_s"] = cpu_loaded - cpu_start
    result["index_cpu_s"] = cpu_built - cpu_loaded
    result["phases_s"] = dict(sorted(phases.items()))
    result["peak_rss_after_build_mb"] = peak_rss_mb()
    result["rss_after_build_mb"] = current_rss_mb()
    result["kb"] = {
        "facts": len(kb.facts),
        "questions": sum(len(f.questions) for f in kb.facts),
        "quotes": sum(len(f.sources) for f in kb.facts),
        "documents": len(kb.sources),
        "passages": len(engine.passages),
        "fact_tokens": len(engine.fact_index.vocab),
        "passage_tokens": len(engine.passage_index.vocab),
        "fact_yaml_bytes": folder_bytes(root, "facts/*.yaml"),
        "document_bytes": folder_bytes(root, "sources/*"),
    }

    queries = build_queries(kb, n_queries, seed)
    partials = build_partials(kb, n_queries, seed)
    texts = [q.text for q in queries]
    partial_texts = [q.text for q in partials]
    for text in texts[:WARMUP]:
        engine.ask(text)
        engine.complete(text[: len(text) // 2])

    ask_cpu: list[int] = []
    complete_cpu: list[int] = []
    ask_ns, answers = time_calls(engine.ask, texts, ask_cpu)
    complete_ns, suggestions = time_calls(engine.complete, partial_texts, complete_cpu)
    result["ask"] = latency(ask_ns)
    result["ask_cpu"] = latency(ask_cpu)
    result["complete_cpu"] = latency(complete_cpu)
    result["ask_by_kind"] = {
        kind: latency([t for t, q in zip(ask_ns, queries, strict=True) if q.kind == kind])
        for kind in KINDS
    }
    result["complete"] = latency(complete_ns)
    result["ask_throughput_qps"] = throughput(engine.ask, texts)
    result["accuracy"] = _synthetic_accuracy(queries, answers, partials, suggestions)

    result["baseline"] = measure_baseline(
        kb, queries, partials, ask_ns, complete_ns, baseline_pairs
    )
    if profile_queries:
        result["profile_ask"] = profile_calls(engine.ask, texts[:profile_queries])
        result["profile_complete"] = profile_calls(engine.complete, partial_texts[:profile_queries])
    if eval_files:
        result["eval"] = {str(path): _eval(engine, path) for path in eval_files}
    if soak_questions:
        result["soak"] = soak(engine, texts, soak_questions)
    result["peak_rss_end_mb"] = peak_rss_mb()
    result["load_average_end"] = load_average()
    return result


def measure_load_experiment(root: Path, questions: int = 50) -> dict[str, Any]:
    """Load + index with the cyclic garbage collector paused, then a pickle round trip of the
    built engine: what the two cheapest load-time fixes would give, measured, not guessed."""
    gc.collect()
    gc.disable()
    try:
        with phase_timers() as phases:
            start = time.perf_counter()
            kb = load_knowledge(root)
            loaded = time.perf_counter()
            engine = Engine(kb)
            built = time.perf_counter()
    finally:
        gc.enable()
    result: dict[str, Any] = {
        "load_s": loaded - start,
        "index_s": built - loaded,
        "phases_s": dict(sorted(phases.items())),
        "peak_rss_mb": peak_rss_mb(),
    }
    probes = [q for f in kb.facts[:questions] for q in f.questions[:1]]
    expected = [engine.ask(q) for q in probes]
    del engine, kb
    gc.collect()
    # The bot's own snapshot path (bot/core/engine/snapshot.py): a cold start builds and writes it,
    # a warm start hashes the knowledge files and reads it back.
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        load_engine(root, Path(cache))
        result["snapshot_write_s"] = time.perf_counter() - start
        (stored,) = Path(cache).glob("engine-*.pickle")
        result["snapshot_mb"] = stored.stat().st_size / 1e6
        gc.collect()
        start = time.perf_counter()
        restored = load_engine(root, Path(cache))
        result["snapshot_read_s"] = time.perf_counter() - start
    result["snapshot_same_answers"] = [restored.ask(q) for q in probes] == expected
    return result


def _synthetic_accuracy(
    queries: Sequence[Query],
    answers: Sequence[Any],
    partials: Sequence[Query],
    suggestions: Sequence[Any],
) -> dict[str, float]:
    out: dict[str, float] = {}
    for kind in KINDS:
        pairs = [(q, a) for q, a in zip(queries, answers, strict=True) if q.kind == kind]
        if not pairs:
            continue
        if kind == "offtopic":
            out["offtopic_declined"] = sum(not a.answered for _, a in pairs) / len(pairs)
        else:
            out[f"{kind}_right_fact"] = sum(a.fact_id == q.fact_id for q, a in pairs) / len(pairs)
            out[f"{kind}_wrong_fact"] = sum(
                a.kind == "fact"
                and q.fact_id not in {a.fact_id, *(x.fact_id for x in a.alternatives)}
                for q, a in pairs
            ) / len(pairs)
    hits = [
        any(s.fact_id == q.fact_id for s in sugg)
        for q, sugg in zip(partials, suggestions, strict=True)
    ]
    out["partial_in_suggestions"] = sum(hits) / len(hits) if hits else 0.0
    return out


def _eval(engine: Engine, path: Path) -> dict[str, Any]:
    report = evaluate(engine, load_items(path))
    return {
        "answerable": report.answerable,
        "answer_accuracy": report.answer_accuracy,
        "declinable": report.declinable,
        "decline_accuracy": report.decline_accuracy,
    }


def soak(engine: Engine, texts: Sequence[str], questions: int) -> dict[str, Any]:
    """Ask `questions` questions (cycling through the query set); RSS must not grow."""
    for text in texts[: min(len(texts), 1000)]:
        engine.ask(text)
    gc.collect()
    before = current_rss_mb()
    checkpoints: list[float] = []
    step = max(1, questions // 10)
    start = time.perf_counter()
    for i in range(questions):
        engine.ask(texts[i % len(texts)])
        if (i + 1) % step == 0:
            checkpoints.append(current_rss_mb())
    elapsed = time.perf_counter() - start
    gc.collect()
    after = current_rss_mb()
    return {
        "questions": questions,
        "seconds": elapsed,
        "rss_before_mb": before,
        "rss_after_mb": after,
        "growth_mb": after - before,
        "checkpoints_mb": checkpoints,
    }
