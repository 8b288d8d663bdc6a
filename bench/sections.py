"""The report's detail sections: accuracy, start-up and soak, load phases, profiles."""

from __future__ import annotations

from typing import Any

from ._fmt import find_run, num, pct, table
from .queries import KINDS
from .system import ROOT


def accuracy(results: dict[str, Any]) -> list[str]:
    """Eval accuracy on the shipped knowledge and right/wrong answers to benchmark queries."""
    out = ["", "## Accuracy beside speed", ""]
    shipped = find_run(results, None)
    if shipped and shipped.get("eval"):
        out += [
            "`eval` on the shipped knowledge (judging rule of `bot/core/engine/evaluation.py`):",
            "",
        ]
        out += table(
            ["File", "answerable right", "declined right"],
            [
                [
                    f"`{_shown_path(path)}`",
                    f"{pct(e['answer_accuracy'])} of {e['answerable']}",
                    f"{pct(e['decline_accuracy'])} of {e['declinable']}",
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
                    f"{pct(a.get(f'{k}_right_fact', 0.0))} / {pct(a.get(f'{k}_wrong_fact', 0.0))}"
                    for k in KINDS
                    if k != "offtopic"
                ),
                pct(a.get("offtopic_declined", 0.0)),
                pct(a["partial_in_suggestions"]),
                pct(b["answerable_right_fact"]),
                pct(b["partial_in_suggestions"]),
            ]
        )
    out += table(
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


def startup_and_soak(results: dict[str, Any]) -> list[str]:
    """Process start to first answer, and RSS over the soak."""
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
    shipped = find_run(results, None)
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


def load_phases(runs: list[dict[str, Any]], experiment: dict[str, Any] | None) -> list[str]:
    """Seconds per load/index phase per size, and the collector-paused and snapshot experiment."""
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
                *(num(r["phases_s"].get(n, 0.0)) for n in names),
                num(load_rest),
                num(index_rest),
            ]
        )
    out += table(["Knowledge", *names, "load: other validation", "index: other"], rows)
    if experiment:
        same = "identical" if experiment["snapshot_same_answers"] else "**different**"
        out += [
            "",
            f"Load experiment at {experiment['size']:,} facts, in a fresh process: with the cyclic"
            " garbage collector paused (`gc.disable()`), load"
            f" {num(experiment['load_s'])} s + index {num(experiment['index_s'])} s ="
            f" {num(experiment['load_s'] + experiment['index_s'])} s, peak"
            f" {experiment['peak_rss_mb']:,.0f} MB. The bot's engine snapshot"
            f" (`bot/core/engine/snapshot.py`) is {experiment['snapshot_mb']:,.0f} MB; a cold start"
            f" (build + write) took {num(experiment['snapshot_write_s'])} s and a warm start"
            f" (hash the files + read) {num(experiment['snapshot_read_s'])} s; its answers to"
            f" sample questions: {same}.",
        ]
    return out


def profiles(runs: list[dict[str, Any]]) -> list[str]:
    """cProfile hotspots of ask and autocomplete at the largest size."""
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
        out += table(
            ["function", "calls", "own s", "cumulative s", "share of own time"],
            [
                [
                    f"`{row['function']}`",
                    f"{row['calls']:,}",
                    f"{row['tottime_s']:.3f}",
                    f"{row['cumtime_s']:.3f}",
                    pct(row["share"]),
                ]
                for row in rows
            ],
        )
    return out
