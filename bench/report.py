"""Turning a run's figures into the table printed and written to bench/RESULTS.md.

Targets come from issue 7. For a miss the report says by how much, why (from what was measured
in the same run: phase timings and cProfile hotspots) and what would fix it (from diagnoses.py,
keyed by the phase or function that dominates, so the advice follows the code as it changes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._fmt import find_run, num, ratio_text, table
from .diagnoses import explain
from .queries import KINDS, SHARES
from .sections import accuracy, load_phases, profiles, startup_and_soak

TARGET_SIZE = 100_000


@dataclass(frozen=True)
class Target:
    """One target of the issue and how the run did against it."""

    name: str
    limit: float
    unit: str
    measured: float | None
    key: str  # what explain() diagnoses: ask, complete, load, memory, small_ask, startup, soak

    @property
    def passed(self) -> bool | None:
        """True/False, or None when the run did not measure it."""
        return None if self.measured is None else self.measured < self.limit

    def verdict(self) -> str:
        """PASS, MISS with the margin, or 'not measured'."""
        if self.measured is None:
            return "not measured in this run"
        if self.passed:
            return "PASS"
        over = self.measured - self.limit
        return f"**MISS** by {num(over)} {self.unit} ({self.measured / self.limit:.1f}× the limit)"


def targets(results: dict[str, Any]) -> list[Target]:
    """The issue's targets, measured or not."""
    big = find_run(results, TARGET_SIZE)
    small = find_run(results, None)
    startup = results.get("startup")
    soak = small.get("soak") if small else None

    def get(run: dict[str, Any] | None, fn: Callable[[dict[str, Any]], float]) -> float | None:
        return fn(run) if run else None

    return [
        Target("100,000 facts: `ask` p99", 20, "ms", get(big, lambda r: r["ask"]["p99_ms"]), "ask"),
        Target(
            "100,000 facts: autocomplete p99",
            10,
            "ms",
            get(big, lambda r: r["complete"]["p99_ms"]),
            "complete",
        ),
        Target(
            "100,000 facts: load + index",
            10,
            "s",
            get(big, lambda r: r["load_s"] + r["index_s"]),
            "load",
        ),
        Target(
            "100,000 facts: warm start (hash the files, read the engine snapshot)",
            10,
            "s",
            (results.get("load_experiment") or {}).get("snapshot_read_s"),
            "snapshot",
        ),
        Target(
            "100,000 facts: peak memory (RSS)",
            1000,
            "MB",
            get(big, lambda r: r["peak_rss_end_mb"]),
            "memory",
        ),
        Target(
            "shipped (~150 facts): `ask` p99",
            1,
            "ms",
            get(small, lambda r: r["ask"]["p99_ms"]),
            "small_ask",
        ),
        Target(
            "shipped: process start to first answer",
            1,
            "s",
            startup["median_s"] if startup else None,
            "startup",
        ),
        Target(
            "soak: RSS growth over the soak",
            max(1.0, 0.01 * soak["rss_before_mb"]) if soak else 1.0,
            "MB",
            soak["growth_mb"] if soak else None,
            "soak",
        ),
    ]


def render(results: dict[str, Any]) -> str:
    """The whole report as Markdown."""
    machine = results["machine"]
    opts = results["options"]
    runs = results["runs"]
    libs = ", ".join(f"{k} {v}" for k, v in machine["libraries"].items())
    shares = ", ".join(f"{int(share * 100)}% {kind}" for kind, share in SHARES)
    out = [
        "# citebot benchmark results",
        "",
        "Written by `make bench` (`python -m bench`); every run overwrites this file. Issue 7.",
        "",
        "## Run",
        "",
        f"- Date: {machine['date']}; command: `{opts['command']}`;"
        f" whole run {results['seconds']:.0f} s",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']:.1f} GB RAM,"
        f" {machine['os']}",
        f"- {machine['python']}; {libs};"
        f" libyaml compiled in: {'yes' if machine['libyaml'] else 'no'}",
        f"- Code: commit {machine['commit']}"
        + (" plus uncommitted changes in `bot/core`" if machine["core_uncommitted"] else ""),
        f"- Queries per size: {opts['queries']:,} ({shares}), and {opts['queries']:,} autocomplete"
        f" prefixes; seed {opts['seed']}."
        " Latency = wall time of one call (`time.perf_counter_ns`).",
        "- Memory: peak RSS (`resource.getrusage(RUSAGE_SELF).ru_maxrss`) of a fresh process per"
        " size"
        + ("" if all(r.get("isolated") for r in runs) else " (**not isolated in this run**)")
        + ", at the end of its run; MB = 10^6 bytes.",
        "",
        "## Targets (issue 7)",
        "",
    ]
    checks = targets(results)
    out += table(
        ["Target", "Limit", "Measured", "Result"],
        [
            [
                t.name,
                f"< {num(t.limit)} {t.unit}",
                "–" if t.measured is None else f"{num(t.measured)} {t.unit}",
                t.verdict(),
            ]
            for t in checks
        ],
    )
    out += ["", "## Figures", ""]
    out += table(
        [
            "Knowledge",
            "facts",
            "questions",
            "load s",
            "index s",
            "load+index s",
            "peak MB",
            "ask p50 ms",
            "ask p99 ms",
            "complete p50 ms",
            "complete p99 ms",
            "ask q/s",
        ],
        [
            [
                r["label"],
                f"{r['kb']['facts']:,}",
                f"{r['kb']['questions']:,}",
                num(r["load_s"]),
                num(r["index_s"]),
                num(r["load_s"] + r["index_s"]),
                f"{r['peak_rss_end_mb']:,.0f}",
                num(r["ask"]["p50_ms"]),
                num(r["ask"]["p99_ms"]),
                num(r["complete"]["p50_ms"]),
                num(r["complete"]["p99_ms"]),
                f"{r['ask_throughput_qps']:,.0f}",
            ]
            for r in runs
        ],
    )
    out += [
        "",
        "### CPU time beside wall time",
        "",
        "Wall time is what a user waits; CPU time (`time.process_time`, `time.thread_time_ns`) is"
        " what the code costs, and other processes cannot inflate it. The load average shows how"
        f" busy the {machine['cores']}-core machine was when each size started and ended.",
        "",
    ]
    out += table(
        [
            "Knowledge",
            "load CPU s",
            "index CPU s",
            "ask CPU p50 / p99 ms",
            "complete CPU p50 / p99 ms",
            "load average start / end",
        ],
        [
            [
                r["label"],
                num(r["load_cpu_s"]),
                num(r["index_cpu_s"]),
                f"{num(r['ask_cpu']['p50_ms'])} / {num(r['ask_cpu']['p99_ms'])}",
                f"{num(r['complete_cpu']['p50_ms'])} / {num(r['complete_cpu']['p99_ms'])}",
                f"{r['load_average_start']:.2f} / {r['load_average_end']:.2f}",
            ]
            for r in runs
        ],
    )
    out += ["", "### Against the simple baseline, measured in the same run", ""]
    out += [
        "Baseline: `rapidfuzz.process.extractOne(query, all_question_strings, scorer=fuzz.WRatio)`"
        " for `ask`, `process.extract(..., limit=25)` for autocomplete. Ratio = our time ÷ the"
        " baseline's on the same queries (below 1 = we are faster). At large sizes the baseline"
        f" runs on an evenly spaced subset (at most {opts['baseline_pairs']:,} comparisons).",
        "",
    ]
    out += table(
        [
            "Knowledge",
            "queries",
            "baseline ask p50 / p99 ms",
            "ours ÷ baseline p50",
            "p99",
            "baseline complete p50 / p99 ms",
            "ours ÷ baseline p50",
            "p99",
            "baseline q/s",
        ],
        [
            [
                r["label"],
                f"{b['queries']:,}",
                f"{num(b['ask']['p50_ms'])} / {num(b['ask']['p99_ms'])}",
                ratio_text(b["ratio"]["ask_p50"]),
                ratio_text(b["ratio"]["ask_p99"]),
                f"{num(b['complete']['p50_ms'])} / {num(b['complete']['p99_ms'])}",
                ratio_text(b["ratio"]["complete_p50"]),
                ratio_text(b["ratio"]["complete_p99"]),
                f"{b['ask_throughput_qps']:,.0f}",
            ]
            for r in runs
            for b in [r["baseline"]]
        ],
    )
    out += ["", "### `ask` latency by query kind (p50 / p99 ms)", ""]
    out += table(
        ["Knowledge", *KINDS],
        [
            [
                r["label"],
                *(
                    f"{num(r['ask_by_kind'][k]['p50_ms'])} / {num(r['ask_by_kind'][k]['p99_ms'])}"
                    for k in KINDS
                ),
            ]
            for r in runs
        ],
    )
    out += accuracy(results)
    out += startup_and_soak(results)
    out += _misses(results, checks)
    out += load_phases(runs, results.get("load_experiment"))
    out += profiles(runs)
    out += [
        "",
        "## How the synthetic knowledge is made",
        "",
        '`bench/synth.py`, seeded: facts about generated entities ("the Velmora Accord"), each'
        " asking when / who / how many / where / why / what, with 4-8 phrasings (formal, casual,"
        " with typos, now and then Korean or Japanese), a 1-3 sentence answer and 1-2 quotes that"
        " are verbatim sentences of generated source documents (sections, footnote markers, a"
        " reference list), so the real loader validates everything. Vocabulary: 4,000"
        " pseudo-words drawn with a Zipf law, common English, names, numbers and dates."
        f" Documents hold {opts['facts_per_document']} facts each (~20 KB, the size of the"
        " shipped ones); fact files at most 600 facts (the loader caps a file at 2 MB).",
        "",
    ]
    return "\n".join(out)


def _misses(results: dict[str, Any], checks: list[Target]) -> list[str]:
    missed = [t for t in checks if t.passed is False]
    out = ["", "## Misses: by how much, why, and what would fix it", ""]
    if not missed:
        return [*out, "No target was missed in this run."]
    for target in missed:
        why, fix = explain(target.key, results)
        out += [f"### {target.name}: {target.verdict()}", "", f"- Why: {why}", f"- Fix: {fix}", ""]
    return out
