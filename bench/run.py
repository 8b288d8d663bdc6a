"""Running the benchmark: the shipped knowledge and each synthetic size in a fresh process,
then process start-up, then the report.

`python -m bench.run --worker SPEC OUT` is the per-size worker: it measures one knowledge
directory (see measure.py) and writes the figures as JSON to OUT.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .synth import CACHE_DIR, DEFAULT_SEED, FACTS_PER_DOCUMENT, cache_key, ensure_kb
from .system import ROOT, machine_info

SHIPPED = ROOT / "knowledge"
EVAL_FILES = (
    ROOT.parent / "shared" / "eval" / "dev.yaml",
    ROOT / "tests" / "data" / "regression.yaml",
)
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZE = 200
STARTUP_QUESTION = "who controls dokdo?"


@dataclass(frozen=True)
class Options:
    """What to run; the defaults are the full benchmark."""

    sizes: tuple[int, ...] = DEFAULT_SIZES
    queries: int = 1000
    seed: int = DEFAULT_SEED
    soak: int = 50_000
    startup_runs: int = 5
    profile_queries: int = 200
    baseline_pairs: int = 60_000_000
    facts_per_document: int = FACTS_PER_DOCUMENT
    isolate: bool = True  # each size in a fresh process (needed for honest peak memory)
    load_experiment: bool = True  # also load the largest size with the GC paused, and snapshot
    cache_dir: Path = CACHE_DIR
    command: str = "python -m bench"
    eval_files: tuple[Path, ...] = field(default=EVAL_FILES)


def run_benchmark(opts: Options, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Every figure of a run, as a JSON-ready dict (render it with report.render)."""
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine_info(), "options": _jsonable(asdict(opts))}
    evals = [p for p in opts.eval_files if p.is_file()]
    log(f"measuring the shipped knowledge ({SHIPPED})")
    runs = [_measure(opts, SHIPPED, label="shipped", size=None, soak=opts.soak, eval_files=evals)]
    for size in opts.sizes:
        cached = (
            opts.cache_dir / cache_key(size, opts.seed, opts.facts_per_document) / ".complete"
        ).exists()
        t0 = time.perf_counter()
        root = ensure_kb(
            size, opts.seed, cache_dir=opts.cache_dir, facts_per_document=opts.facts_per_document
        )
        generated = time.perf_counter() - t0
        how = "cached" if cached else f"generated in {generated:.1f} s"
        log(f"measuring {size:,} facts ({how})")
        run = _measure(opts, root, label=f"{size:,} facts", size=size, soak=0, eval_files=())
        run["generate_s"] = None if cached else generated
        runs.append(run)
    results["runs"] = runs
    if opts.sizes and opts.load_experiment:
        size = max(opts.sizes)
        log(f"load experiment at {size:,} facts: collector paused, pickle snapshot")
        root = opts.cache_dir / cache_key(size, opts.seed, opts.facts_per_document)
        results["load_experiment"] = _experiment(opts, root) | {"size": size}
    if opts.startup_runs:
        log(f"timing process start to first answer ({opts.startup_runs} runs)")
        results["startup"] = startup_time(opts.startup_runs)
    results["seconds"] = time.perf_counter() - started
    return results


def _measure(
    opts: Options,
    root: Path,
    *,
    label: str,
    size: int | None,
    soak: int,
    eval_files: Sequence[Path],
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "root": str(root),
        "label": label,
        "n_queries": opts.queries,
        "seed": opts.seed,
        "baseline_pairs": opts.baseline_pairs,
        "profile_queries": opts.profile_queries,
        "soak_questions": soak,
        "eval_files": [str(p) for p in eval_files],
    }
    result = _measure_spec(spec) if not opts.isolate else _in_fresh_process(spec)
    result["size"] = size
    result["isolated"] = opts.isolate
    return result


def _experiment(opts: Options, root: Path) -> dict[str, Any]:
    spec = {"mode": "load_experiment", "root": str(root)}
    if not opts.isolate:
        return _measure_spec(spec)
    return _in_fresh_process(spec)


def _in_fresh_process(spec: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="citebot-bench-") as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, "-m", "bench.run", "--worker", json.dumps(spec), str(out)]
        subprocess.run(command, cwd=ROOT, check=True)
        result: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return result


def _measure_spec(spec: dict[str, Any]) -> dict[str, Any]:
    from .measure import measure_kb, measure_load_experiment  # the core loads only here

    if spec.get("mode") == "load_experiment":
        return measure_load_experiment(Path(spec["root"]))
    return measure_kb(
        Path(spec["root"]),
        label=spec["label"],
        n_queries=spec["n_queries"],
        seed=spec["seed"],
        baseline_pairs=spec["baseline_pairs"],
        profile_queries=spec["profile_queries"],
        soak_questions=spec["soak_questions"],
        eval_files=[Path(p) for p in spec["eval_files"]],
    )


def _timed_run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
    return time.perf_counter() - start


def startup_time(runs: int) -> dict[str, Any]:
    """Wall time of `python -m bot ask "..."` on the shipped knowledge: median of `runs`, with
    the bare interpreter and `import bot.cli` timed the same way to show where it goes."""
    env = dict(os.environ, CITEBOT_KNOWLEDGE_DIR=str(SHIPPED), CITEBOT_LOG_LEVEL="WARNING")
    env.pop("DISCORD_TOKEN", None)
    ask = [sys.executable, "-m", "bot", "ask", STARTUP_QUESTION]
    times = [_timed_run(ask, env) for _ in range(runs)]
    bare = [_timed_run([sys.executable, "-c", "pass"], env) for _ in range(runs)]
    imports = [_timed_run([sys.executable, "-c", "import bot.cli"], env) for _ in range(runs)]
    return {
        "runs": runs,
        "question": STARTUP_QUESTION,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "interpreter_median_s": statistics.median(bare),
        "imports_median_s": statistics.median(imports),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def worker_main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the per-size worker process."""
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--worker", required=True, help="JSON measurement spec")
    parser.add_argument("out", type=Path, help="where to write the JSON result")
    args = parser.parse_args(argv)
    result = _measure_spec(json.loads(args.worker))
    args.out.write_text(json.dumps(result), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(worker_main())
