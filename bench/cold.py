"""`python -m bench.cold`: where a cold build of the engine spends its time and memory (issue 17).

A cold build is what a start without a matching engine snapshot does: read and validate every
knowledge file (YAML, the fact checks, the fidelity checks, the cross-check of questions),
tokenise every text, build the indexes and the answerability rules, and write the snapshot.
Each run is a fresh process on the synthetic knowledge of `bench/synth.py`; `--path old`
measures `load_knowledge` + `Engine` (the build every start used before `bot.core.engine.cold`),
`--path new` the parallel build with its per-file cache (`cold_build`), first with an empty
cache ("cold"), then again with the cache the first run filled ("one file changed": one fact
file is touched so its share alone is rebuilt), and then the same files and cache read by a
copy of the code whose decision module differs ("decision code changed": no share depends on
it). Phases are timed by wrapping the functions that do them, in the building process only (a
worker's time shows in the step that waits for it).
Writes its own section of bench/RESULTS.md (between markers).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from bot.core.engine import answer as answer_module
from bot.core.engine import cold as cold_module
from bot.core.engine import indexbuild as indexbuild_module
from bot.core.engine import snapshot as snapshot_module
from bot.core.knowledge import aliasfile as aliasfile_module
from bot.core.knowledge import citations as citations_module
from bot.core.knowledge import factfile as factfile_module
from bot.core.knowledge import loader as loader_module
from bot.core.knowledge import sources as sources_module

from .synth import ensure_kb
from .system import machine_info
from .timing import current_rss_mb, load_average, timed_functions

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
PROFILE_ROWS = 15


def own_peak_mb() -> float:
    """This process's own peak RSS (VmHWM; `ru_maxrss` would keep a parent's across exec)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    return 0.0


def _status_hwm_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return 0.0


def _descendants() -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [os.getpid()]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


class WorkerPeaks:
    """Samples the peak RSS (VmHWM) and the CPU time of every descendant process (the build's
    workers and the forkserver they come from: `RUSAGE_CHILDREN` never sees a forkserver's
    children). The CPU time is the last sample's (up to 0.2 s of a worker's end is missed):
    on a shared machine the workers' CPU seconds, unlike the wall time, do not grow with the
    other processes' load."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for pid in _descendants():
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), _status_hwm_mb(pid))
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_s(pid))

    def __enter__(self) -> WorkerPeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def phase_timers() -> AbstractContextManager[dict[str, float]]:
    """Seconds spent in named functions of the build, by wrapping them for the block.

    Nested phases are subtracted by the report (validation includes locating quotes)."""
    return timed_functions(
        [
            (sources_module, "read_yaml", "sources: YAML"),
            (loader_module, "load_sources", "sources: all"),
            (factfile_module, "read_yaml", "facts: YAML"),
            (aliasfile_module, "read_yaml", "facts: YAML"),
            (factfile_module, "validate_fact", "facts: validate_fact"),
            (citations_module, "locate_quote", "facts: locating quotes"),
            (factfile_module, "check_fact", "facts: fidelity checks"),
            (loader_module, "cross_check", "cross-check of questions"),
            (cold_module, "check_questions", "cross-check from digests"),
            (indexbuild_module, "index_part", "index: tokenizing"),
            (indexbuild_module.IndexBase, "_build", "index: merging, CSR"),
            (answer_module.Engine, "_passages", "index: splitting passages"),
            (answer_module, "Answerability", "index: answerability"),
            (snapshot_module, "_write", "snapshot write"),
        ],
        missing_ok=True,
    )


def _step(result: dict[str, Any], name: str, fn: Callable[[], Any]) -> Any:
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    result["steps"][name] = {
        "s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "rss_mb": current_rss_mb(),
        "peak_mb": own_peak_mb(),
    }
    return value


def measure(
    root: Path, path: str, workers: int, cache: Path | None, profile: bool
) -> dict[str, Any]:
    """One cold build of `root` in this process, by the old or the new path."""
    import bot
    from bot.core.engine.answer import Engine
    from bot.core.knowledge.loader import load_knowledge

    result: dict[str, Any] = {"path": path, "workers": workers, "steps": {}}
    result["code"] = str(Path(bot.__file__).resolve().parent)  # which checkout built it
    result["load_average_start"] = load_average()
    scratch = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    try:
        with phase_timers() as phases, WorkerPeaks() as workers_seen:
            if profiler:
                profiler.enable()
            if path == "old":
                kb = _step(result, "load", lambda: load_knowledge(root))
                engine = _step(result, "index", lambda: Engine(kb))
            else:
                from bot.core.engine.cold import cold_build

                engine = _step(
                    result, "build", lambda: cold_build(root, workers=workers, cache_dir=cache)
                )
            _step(
                result,
                "snapshot write",
                lambda: snapshot_module._write(scratch / "engine-x.pickle", engine),
            )
            if profiler:
                profiler.disable()
        result["total_s"] = time.perf_counter() - started
        result["snapshot_mb"] = (scratch / "engine-x.pickle").stat().st_size / 1e6
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["phases_s"] = phases
    result["facts"] = len(engine.facts)
    result["peak_mb"] = own_peak_mb()
    peaks = sorted(workers_seen.peaks.values())
    result["workers_peak_mb"] = peaks[-1] if peaks else 0.0
    result["workers_all_mb"] = sum(peaks)
    result["worker_processes"] = len(peaks)
    result["workers_cpu_s"] = sum(workers_seen.cpu.values())
    result["load_average_end"] = load_average()
    if profiler:
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        rows = sorted(stats.items(), key=lambda kv: -kv[1][2])[:PROFILE_ROWS]
        result["profile"] = [
            {
                "function": f"{Path(f).name}:{line}({fn})",
                "calls": v[1],
                "own_s": v[2],
                "cum_s": v[3],
            }
            for (f, line, fn), v in rows
        ]
    return result


def _child(size: int, path: str, workers: int, cache: Path | None, profile: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.cold", "--one", str(size), "--path", path]
    command += ["--workers", str(workers)]
    if cache is not None:
        command += ["--cache", str(cache)]
    if profile:
        command.append("--profile")
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _touch_one_file(root: Path) -> Path:
    """A copy of `root` in which one fact file differs (a comment line appended)."""
    copy = Path(tempfile.mkdtemp(prefix="bench-cold-kb-")) / "knowledge"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".complete"))
    first = sorted((copy / "facts").glob("*.yaml"))[0]
    with first.open("a", encoding="utf-8") as handle:
        handle.write("# touched by bench.cold\n")
    return copy


def _decision_changed_checkout() -> Path:
    """A copy of this checkout's code (`bot/` and `bench/`) in which the decision code differs
    (a comment appended to bot/core/engine/decide.py): what a new release that changed only
    how the engine decides looks like to a running build's per-file cache."""
    here = Path(__file__).resolve().parent.parent
    copy = Path(tempfile.mkdtemp(prefix="bench-cold-code-"))
    skip = shutil.ignore_patterns("__pycache__", ".cache")
    for package in ("bot", "bench"):
        shutil.copytree(here / package, copy / package, ignore=skip)
    with (copy / "bot" / "core" / "engine" / "decide.py").open("a", encoding="utf-8") as handle:
        handle.write("# changed by bench.cold\n")
    return copy


def run(sizes: Sequence[int], paths: Sequence[str], repeats: int, workers: int) -> dict[str, Any]:
    """Every (size, path) `repeats` times, each in a fresh process."""
    runs: list[dict[str, Any]] = []
    for size in sizes:
        root = ensure_kb(size)
        for path in paths:
            for _ in range(repeats):
                if path == "old":
                    found = _child(size, "old", workers, None, False)
                    found["case"] = "old: load_knowledge + Engine"
                    runs.append(found)
                    continue
                cache = Path(tempfile.mkdtemp(prefix="bench-cold-cache-"))
                try:
                    found = _child(size, "new", workers, cache, False)
                    found["case"] = "new: empty cache"
                    runs.append(found)
                    touched = _touch_one_file(root)
                    checkout = _decision_changed_checkout()
                    try:
                        again = _child_root(touched, workers, cache)
                        # The same files and the cache that run left (it keeps only the shares
                        # it used), read by changed decision code: no share depends on it, so
                        # none is read again.
                        decided = _child_root(touched, workers, cache, cwd=checkout)
                    finally:
                        shutil.rmtree(touched.parent, ignore_errors=True)
                        shutil.rmtree(checkout, ignore_errors=True)
                    again["case"] = "new: one file changed"
                    decided["case"] = "new: decision code changed"
                    for found_again in (again, decided):
                        found_again["size"] = size
                        runs.append(found_again)
                finally:
                    shutil.rmtree(cache, ignore_errors=True)
                found["size"] = size
        for r in runs:
            r.setdefault("size", size)
    return {"runs": runs, "machine": machine_info(), "workers": workers}


def _child_root(root: Path, workers: int, cache: Path, cwd: Path | None = None) -> dict[str, Any]:
    """A build of `root` in a fresh process, with the code of `cwd` (this checkout's if None:
    `python -m` puts its working directory first on the path)."""
    command = [sys.executable, "-m", "bench.cold", "--root", str(root), "--path", "new"]
    command += ["--workers", str(workers), "--cache", str(cache)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd or Path(__file__).resolve().parent.parent,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def median_of(values: Sequence[float]) -> float:
    """The median (the runs are few and the machine is shared)."""
    return statistics.median(values) if values else float("nan")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print JSON, and optionally write the RESULTS.md section."""
    parser = argparse.ArgumentParser(prog="python -m bench.cold", description=__doc__)
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--paths", default="old,new")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=None, help="write this RESULTS.md section")
    parser.add_argument("--from-json", type=Path, default=None, help="report a saved run")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--path", default="old", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    if args.one is not None or args.root is not None:
        root = args.root if args.root is not None else ensure_kb(args.one)
        found = measure(root, args.path, args.workers, args.cache, args.profile)
        print(json.dumps(found))
        return 0
    if args.from_json is not None:
        data = json.loads(args.from_json.read_text("utf-8"))
    else:
        sizes = [int(s) for s in args.sizes.split(",")]
        data = run(sizes, args.paths.split(","), args.repeats, args.workers)
        data["command"] = "python -m bench.cold " + " ".join(argv or sys.argv[1:])
    if args.json is not None:
        args.json.write_text(json.dumps(data, indent=1), "utf-8")
    from ._cold_report import report

    section = report(data)
    print(section)
    if args.output is not None:
        from ._splice import COLD, replace_section

        old = args.output.read_text("utf-8") if args.output.exists() else ""
        args.output.write_text(replace_section(old, section, COLD), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
