"""Turning a run's figures into the table printed and written to bench/RESULTS.md.

Targets come from issue 7. For a miss the report says by how much, why (from what was measured
in the same run: phase timings and cProfile hotspots) and what would fix it (from diagnoses.py,
keyed by the phase or function that dominates, so the advice follows the code as it changes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .diagnoses import explain
from .queries import KINDS, SHARES
from .system import ROOT

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
        return f"**MISS** by {_num(over)} {self.unit} ({self.measured / self.limit:.1f}× the limit)"


def _run(results: dict[str, Any], size: int | None) -> dict[str, Any] | None:
    for run in results["runs"]:
        if run.get("size") == size:
            return run
    return None


def targets(results: dict[str, Any]) -> list[Target]:
    """The issue's targets, measured or not."""
    big = _run(results, TARGET_SIZE)
    small = _run(results, None)
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


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _ratio(value: float) -> str:
    if not value:
        return "–"
    if value >= 1:
        return f"{value:.2f}× (slower)"
    return (
        f"{value:.2g}× ({1 / value:.2g}× faster)"
        if value < 0.1
        else f"{value:.2f}× ({1 / value:.1f}× faster)"
    )


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
    out += _table(
        ["Target", "Limit", "Measured", "Result"],
        [
            [
                t.name,
                f"< {_num(t.limit)} {t.unit}",
                "–" if t.measured is None else f"{_num(t.measured)} {t.unit}",
                t.verdict(),
            ]
            for t in checks
        ],
    )
    out += ["", "## Figures", ""]
    out += _table(
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
                _num(r["load_s"]),
                _num(r["index_s"]),
                _num(r["load_s"] + r["index_s"]),
                f"{r['peak_rss_end_mb']:,.0f}",
                _num(r["ask"]["p50_ms"]),
                _num(r["ask"]["p99_ms"]),
                _num(r["complete"]["p50_ms"]),
                _num(r["complete"]["p99_ms"]),
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
    out += _table(
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
                _num(r["load_cpu_s"]),
                _num(r["index_cpu_s"]),
                f"{_num(r['ask_cpu']['p50_ms'])} / {_num(r['ask_cpu']['p99_ms'])}",
                f"{_num(r['complete_cpu']['p50_ms'])} / {_num(r['complete_cpu']['p99_ms'])}",
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
    out += _table(
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
                f"{_num(b['ask']['p50_ms'])} / {_num(b['ask']['p99_ms'])}",
                _ratio(b["ratio"]["ask_p50"]),
                _ratio(b["ratio"]["ask_p99"]),
                f"{_num(b['complete']['p50_ms'])} / {_num(b['complete']['p99_ms'])}",
                _ratio(b["ratio"]["complete_p50"]),
                _ratio(b["ratio"]["complete_p99"]),
                f"{b['ask_throughput_qps']:,.0f}",
            ]
            for r in runs
            for b in [r["baseline"]]
        ],
    )
    out += ["", "### `ask` latency by query kind (p50 / p99 ms)", ""]
    out += _table(
        ["Knowledge", *KINDS],
        [
            [
                r["label"],
                *(
                    f"{_num(r['ask_by_kind'][k]['p50_ms'])} / {_num(r['ask_by_kind'][k]['p99_ms'])}"
                    for k in KINDS
                ),
            ]
            for r in runs
        ],
    )
    out += _accuracy(results)
    out += _startup_and_soak(results)
    out += _misses(results, checks)
    out += _phases(runs, results.get("load_experiment"))
    out += _profiles(runs)
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
        f" Documents hold {opts['facts_per_document']} facts each (~14 KB, like the shipped ones);"
        " fact files at most 600 facts (the loader caps a file at 2 MB).",
        "",
    ]
    return "\n".join(out)


def _accuracy(results: dict[str, Any]) -> list[str]:
    out = ["", "## Accuracy beside speed", ""]
    shipped = _run(results, None)
    if shipped and shipped.get("eval"):
        out += ["`eval` on the shipped knowledge (judging rule of `bot/core/evaluation.py`):", ""]
        out += _table(
            ["File", "answerable right", "declined right"],
            [
                [
                    f"`{_shown_path(path)}`",
                    f"{_pct(e['answer_accuracy'])} of {e['answerable']}",
                    f"{_pct(e['decline_accuracy'])} of {e['declinable']}",
                ]
                for path, e in shipped["eval"].items()
            ],
        )
        out.append("")
    else:
        out += ["No eval file found (../shared/eval/dev.yaml, tests/data/regression.yaml).", ""]
    out += [
        "Benchmark queries: share whose top answer is the fact the query was made from / share"
        " confidently answered with another fact (neither top nor a near-tie alternative; the"
        " rest declined). Baseline: the owner of the best-scoring question (it never declines)."
        " Also off-topic queries declined, and prefixes whose fact is among the autocomplete"
        " choices.",
        "",
    ]
    rows = []
    for r in results["runs"]:
        a, b = r["accuracy"], r["baseline"]["accuracy"]
        rows.append(
            [
                r["label"],
                *(
                    f"{_pct(a.get(f'{k}_right_fact', 0.0))} / {_pct(a.get(f'{k}_wrong_fact', 0.0))}"
                    for k in KINDS
                    if k != "offtopic"
                ),
                _pct(a.get("offtopic_declined", 0.0)),
                _pct(a["partial_in_suggestions"]),
                _pct(b["answerable_right_fact"]),
                _pct(b["partial_in_suggestions"]),
            ]
        )
    out += _table(
        [
            "Knowledge",
            "exact right / wrong",
            "typo",
            "paraphrase",
            "off-topic declined",
            "prefix in choices",
            "baseline answerable",
            "baseline prefix in choices",
        ],
        rows,
    )
    return out


def _shown_path(path: str) -> str:
    """An eval file's path relative to the repository (or its parent, for ../shared)."""
    root = str(ROOT) + "/"
    parent = str(ROOT.parent) + "/"
    if path.startswith(root):
        return path[len(root) :]
    return "../" + path[len(parent) :] if path.startswith(parent) else path


def _startup_and_soak(results: dict[str, Any]) -> list[str]:
    out = ["", "## Start-up and soak", ""]
    startup = results.get("startup")
    if startup:
        out.append(
            f'- `python -m bot ask "{startup["question"]}"` on the shipped knowledge: median'
            f" {startup['median_s']:.2f} s of {startup['runs']} runs (min {startup['min_s']:.2f},"
            f" max {startup['max_s']:.2f}); of which a bare interpreter takes"
            f" {startup['interpreter_median_s']:.2f} s and `import bot.cli`"
            f" {startup['imports_median_s']:.2f} s in all."
        )
    else:
        out.append("- Start-up was not measured in this run.")
    shipped = _run(results, None)
    soak = shipped.get("soak") if shipped else None
    if soak:
        points = ", ".join(f"{p:.1f}" for p in soak["checkpoints_mb"])
        out.append(
            f"- Soak: {soak['questions']:,} questions through one engine (shipped knowledge) in"
            f" {soak['seconds']:.0f} s; RSS {soak['rss_before_mb']:.1f} MB before,"
            f" {soak['rss_after_mb']:.1f} MB after ({soak['growth_mb']:+.2f} MB);"
            f" at every tenth: {points}."
        )
    return out


def _misses(results: dict[str, Any], checks: list[Target]) -> list[str]:
    missed = [t for t in checks if t.passed is False]
    out = ["", "## Misses: by how much, why, and what would fix it", ""]
    if not missed:
        return [*out, "No target was missed in this run."]
    for target in missed:
        why, fix = explain(target.key, results)
        out += [f"### {target.name}: {target.verdict()}", "", f"- Why: {why}", f"- Fix: {fix}", ""]
    return out


def _phases(runs: list[dict[str, Any]], experiment: dict[str, Any] | None) -> list[str]:
    names = sorted({name for r in runs for name in r["phases_s"]})
    out = ["", "## Where load and index time goes (seconds)", ""]
    rows = []
    if experiment:
        runs = [*runs, experiment | {"label": f"{experiment['size']:,} facts, GC paused"}]
    for r in runs:
        load_rest = r["load_s"] - sum(v for k, v in r["phases_s"].items() if k.startswith("load:"))
        index_rest = r["index_s"] - sum(
            v for k, v in r["phases_s"].items() if k.startswith("index:")
        )
        rows.append(
            [
                r["label"],
                *(_num(r["phases_s"].get(n, 0.0)) for n in names),
                _num(load_rest),
                _num(index_rest),
            ]
        )
    out += _table(["Knowledge", *names, "load: other validation", "index: other"], rows)
    if experiment:
        same = "identical" if experiment["snapshot_same_answers"] else "**different**"
        out += [
            "",
            f"Load experiment at {experiment['size']:,} facts, in a fresh process: with the cyclic"
            " garbage collector paused (`gc.disable()`), load"
            f" {_num(experiment['load_s'])} s + index {_num(experiment['index_s'])} s ="
            f" {_num(experiment['load_s'] + experiment['index_s'])} s, peak"
            f" {experiment['peak_rss_mb']:,.0f} MB. A pickle snapshot of the built engine is"
            f" {experiment['snapshot_mb']:,.0f} MB, written in"
            f" {_num(experiment['snapshot_write_s'])} s and read back in"
            f" {_num(experiment['snapshot_read_s'])} s; its answers to sample questions: {same}.",
        ]
    return out


def _profiles(runs: list[dict[str, Any]]) -> list[str]:
    biggest = max(runs, key=lambda r: r["kb"]["facts"])
    out: list[str] = []
    for key, title in (("profile_ask", "`ask`"), ("profile_complete", "autocomplete")):
        rows = biggest.get(key)
        if not rows:
            continue
        out += [
            "",
            f"## Profile of {title} at {biggest['label']} (cProfile, top functions by own time)",
            "",
        ]
        out += _table(
            ["function", "calls", "own s", "cumulative s", "share of own time"],
            [
                [
                    f"`{row['function']}`",
                    f"{row['calls']:,}",
                    f"{row['tottime_s']:.3f}",
                    f"{row['cumtime_s']:.3f}",
                    _pct(row["share"]),
                ]
                for row in rows
            ],
        )
    return out
