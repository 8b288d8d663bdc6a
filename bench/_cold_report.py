"""The bench.cold section of RESULTS.md: targets, then the breakdown by case."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from ._fmt import num

BUILD_LIMIT_S = 10.0
PEAK_LIMIT_MB = 800.0
# Phases timed in the building process, and what each includes.
PHASES = (
    ("sources: all", "read sources.yaml, references and documents"),
    ("facts: YAML", "parse fact files (plain data from libyaml's events, yamlplain.py)"),
    ("facts: validate_fact", "fact checks, quotes located (next row) included"),
    ("facts: locating quotes", "find each quote in its document"),
    ("facts: fidelity checks", "fidelity.check_fact"),
    ("cross-check of questions", "loader.cross_check: normalise every question, find shared"),
    ("cross-check from digests", "the workers' question digests sorted, links checked"),
    ("index: tokenizing", "index parts: each entry's tokens (a cold build's workers do it)"),
    ("index: merging, CSR", "both indexes: parts merged, vocab, CSR, typo pools"),
    ("index: splitting passages", "source sentences"),
    ("index: answerability", "per-entry flags (simplify every question again)"),
    ("snapshot write", "pickle the engine"),
)


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _build_s(run: dict[str, Any]) -> float:
    steps = run["steps"]
    if "build" in steps:
        return float(steps["build"]["s"])
    return float(steps["load"]["s"] + steps["index"]["s"])


def _build_peak(run: dict[str, Any]) -> float:
    """The building process's peak before the snapshot write (which pickles the engine)."""
    steps = run["steps"]
    last = steps["build"] if "build" in steps else steps["index"]
    return float(last["peak_mb"])


def _cases(data: dict[str, Any]) -> dict[tuple[int, str], list[dict[str, Any]]]:
    out: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for run in data["runs"]:
        out.setdefault((run["size"], run["case"]), []).append(run)
    return out


def _load(runs: Sequence[dict[str, Any]]) -> str:
    loads = [r["load_average_start"] for r in runs] + [r["load_average_end"] for r in runs]
    return f"{min(loads):.2f}–{max(loads):.2f}"


def report(data: dict[str, Any]) -> str:
    """Markdown for the section (medians of the repeats)."""
    cases = _cases(data)
    machine = data.get("machine", {})
    lines = [
        "## Cold build (issue 17)",
        "",
        "Written by `python -m bench.cold` (this section only; `python -m bench` keeps it).",
        "",
        f"- Command: `{data.get('command', 'python -m bench.cold')}`; "
        f"{machine.get('date', '')}, code {machine.get('commit', '')}",
        f"- Machine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores; "
        f"workers: {data.get('workers')}",
        "- Each run a fresh process on the synthetic knowledge (`bench/synth.py`, seed 7); "
        "median of the repeats (count in the table). *Build* = load + index (what the bot "
        "waits for before the first answer); the snapshot write follows it. *Peak MB* = the "
        "building process's own VmHWM; *workers MB* = the peak RSS (VmHWM, sampled from /proc "
        "every 0.2 s) of the largest worker process / of all of them together (the workers and "
        "the forkserver they are forked from; gone before the index is built); *workers CPU "
        "s* = their CPU seconds together (from /proc, same sampling), which other processes' "
        "load does not inflate as it does the wall time. 1-minute load "
        "average at the start and end of the runs.",
        "",
        "### Targets",
        "",
        "| Target | Limit | Measured | Result |",
        "|---|---|---|---|",
    ]
    for (size, case), runs in sorted(cases.items()):
        if size != 100_000 or case.startswith("old"):
            continue
        build = _median([_build_s(r) for r in runs])
        peak = _median([_build_peak(r) for r in runs])
        verdict = "PASS" if build < BUILD_LIMIT_S else f"**MISS** by {build - BUILD_LIMIT_S:.1f} s"
        lines.append(
            f"| 100,000 facts, {case}: load + index | < {BUILD_LIMIT_S:.0f} s | "
            f"{num(build)} s (load average {_load(runs)}) | {verdict} |"
        )
        verdict = "PASS" if peak < PEAK_LIMIT_MB else f"**MISS** by {peak - PEAK_LIMIT_MB:.0f} MB"
        lines.append(
            f"| 100,000 facts, {case}: peak memory of the building process (before the "
            "snapshot write) | "
            f"< {PEAK_LIMIT_MB:.0f} MB | {peak:,.0f} MB | {verdict} |"
        )
    lines += [
        "",
        "### Figures",
        "",
        "| facts | case | runs | build s | snapshot write s | total s | build CPU s "
        "| workers CPU s | peak MB (build / with the write) | workers MB | snapshot MB "
        "| load average |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (size, case), runs in sorted(cases.items()):
        cpu = [
            sum(s["cpu_s"] for k, s in r["steps"].items() if k != "snapshot write") for r in runs
        ]
        lines.append(
            f"| {size:,} | {case} | {len(runs)} | {num(_median([_build_s(r) for r in runs]))} | "
            f"{num(_median([r['steps']['snapshot write']['s'] for r in runs]))} | "
            f"{num(_median([r['total_s'] for r in runs]))} | {num(_median(cpu))} | "
            f"{_workers_cpu(runs)} | "
            f"{_median([_build_peak(r) for r in runs]):,.0f} / "
            f"{_median([r['peak_mb'] for r in runs]):,.0f} | "
            f"{_median([r['workers_peak_mb'] for r in runs]):,.0f} / "
            f"{_median([r.get('workers_all_mb', 0.0) for r in runs]):,.0f} | "
            f"{_median([r['snapshot_mb'] for r in runs]):,.0f} | {_load(runs)} |"
        )
    lines += [
        "",
        "### Where the time goes (seconds in the building process, median)",
        "",
        "| phase | what | " + " | ".join(f"{s:,}: {c}" for s, c in sorted(cases)) + " |",
        "|---|---|" + "---|" * len(cases),
    ]
    for phase, what in PHASES:
        cells = []
        for key in sorted(cases):
            values = [r["phases_s"].get(phase) for r in cases[key]]
            present = [v for v in values if v is not None]
            cells.append(num(_median(present)) if present else "–")
        lines.append(f"| {phase} | {what} | " + " | ".join(cells) + " |")
    for note in data.get("notes", []):
        lines.append(f"\n{note}")
    return "\n".join(lines) + "\n"


def _workers_cpu(runs: list[dict[str, Any]]) -> str:
    """The workers' CPU seconds (median), or a dash for runs measured before it was kept."""
    values = [r["workers_cpu_s"] for r in runs if "workers_cpu_s" in r]
    return num(_median(values)) if values else "–"
