"""Why a target was missed (from the run's own measurements) and what would fix it.

The "why" is computed: the phases or profiled functions that take the time in this run. The
"fix" is looked up by the name of the dominant phase or function; the advice was written from
profiling the core (see the final section of RESULTS.md) and is keyed so that it stays attached
to the code it is about.
"""

from __future__ import annotations

from typing import Any

from ._fmt import find_run

# Advice per load/index phase (see measure.phase_timers for the names).
PHASE_FIXES: dict[str, str] = {
    "load: YAML parsing": (
        "YAML: libyaml parses, but PyYAML's pure-Python constructor builds every scalar, and each"
        " node is walked for duplicate keys (the anchor/nesting event scan already runs only on"
        " files that could need it). Constructing plain data straight from libyaml events"
        " would remove most of it."
    ),
    "index: fact index": (
        "Index build (`bot/core/engine/search.py`, `Index.__init__`): most of it is `tokenize`"
        " (alias replacement, stemming) of every question, answer and quote, once per distinct text"
        " (one memo serves both indexes; postings are CSR arrays). Handing the index the"
        " question tokens the loader's `cross_check` already computed would save one more"
        " tokenization of every question."
    ),
    "index: passage index": (
        "Passage index: sentences not already tokenized as quotes; small next to the fact index."
    ),
    "load: cross-checking facts": (
        "`loader.cross_check` runs `normalize_question` (a full tokenize) on every question;"
        " keep those tokens for the index instead of tokenizing the questions a second time."
    ),
    "load: other validation": (
        "`validate_fact` simplifies every question for its duplicate check: reuse that"
        " `simplify` result in `normalize_question` (memoise `simplify` for the load)."
    ),
}

# Advice per profiled hotspot: a substring of the function label -> the change that removes it.
HOTSPOT_FIXES: dict[str, str] = {
    "best_phrase": (
        "`Index.best_phrase` picks which phrasing of each suggested fact to show with"
        " `fuzz.WRatio` (slow on long Korean/Japanese strings); the query is simplified once and"
        " each fact's phrasings once. Suggest fewer facts per decline, or a cheaper scorer."
    ),
    "_similarities": (
        "`Index._similarities` scores the query against every phrasing of up to 60 candidates in"
        " one `process.cdist` call; scoring only the best ~20 candidates by coverage would cut"
        " it (the pool of 60 mostly feeds suggestions), at the risk of a changed ranking."
    ),
    "simplify": "Most `simplify`/`re.sub` calls come from tokenizing the query and suggestions.",
    "sub' of 're.Pattern'": (
        "Most `simplify`/`re.sub` calls come from tokenizing the query and suggestions."
    ),
    "_typo_candidates": (
        "`Index._typo_candidates` scores the vocabulary words of similar length and the same"
        " first letter with `process.extract`; cache per word (`functools.lru_cache` on the"
        " Index): repeated typos are common."
    ),
}

MEMORY_FIX = (
    "Most of the peak is transient: the retained RSS after building is close to the peak, yet"
    " tracemalloc at 10,000 facts traces about a quarter of the RSS as live objects; the rest is"
    " heap freed by YAML parsing and tokenizing but not returned to the OS. Build with fewer"
    " temporary objects (the shared tokenizer memo, numpy postings), drop each file's YAML node"
    " tree once its problems are reported, and a snapshot load allocates only what is kept."
)
STARTUP_FIX = (
    "Import less at start (`discord` and `numpy`/`rapidfuzz` only where used) and load the"
    " knowledge from a snapshot."
)
SOAK_FIX = "Find the cache or list that grows with each question and bound it."


def _largest(results: dict[str, Any]) -> dict[str, Any]:
    return max(results["runs"], key=lambda r: r["kb"]["facts"])


def _hotspots(run: dict[str, Any], key: str, limit: int = 4) -> tuple[str, str]:
    rows = run.get(key) or []
    if not rows:
        return "no profile was recorded in this run", "Re-run with profiling to locate the cost."
    why = "; ".join(
        f"`{row['function']}` {100 * row['share']:.0f}% of own time ({row['calls']:,} calls)"
        for row in rows[:limit]
    )
    fixes: list[str] = []
    for row in rows[:limit]:
        for needle, advice in HOTSPOT_FIXES.items():
            if needle in row["function"] and advice not in fixes:
                fixes.append(advice)
    fix = " ".join(fixes) or "No recorded remedy for these hotspots; see the profile tables."
    return f"cProfile over the first queries at {run['label']}: {why}.", fix


def _phases(run: dict[str, Any], results: dict[str, Any]) -> tuple[str, str]:
    total = run["load_s"] + run["index_s"]
    phases = dict(run["phases_s"])
    phases["load: other validation"] = run["load_s"] - sum(
        v for k, v in run["phases_s"].items() if k.startswith("load:")
    )
    phases["index: other"] = run["index_s"] - sum(
        v for k, v in run["phases_s"].items() if k.startswith("index:")
    )
    ranked = sorted(phases.items(), key=lambda kv: -kv[1])
    experiment = results.get("load_experiment")
    lead: list[str] = []
    if experiment and experiment.get("size") == run.get("size"):
        paused = experiment["load_s"] + experiment["index_s"]
        lead.append(
            f"A cold build parses and validates every file and tokenizes every text: {total:.0f} s"
            f" here ({paused:.0f} s in the separate fresh-process run). The bot already pauses the"
            " collector while building and keeps a snapshot of the built engine"
            " (`bot/core/engine/snapshot.py`, keyed by a hash of the files): every start after the"
            f" first takes {experiment['snapshot_read_s']:.1f} s"
            f" ({experiment['snapshot_mb']:.0f} MB), see the warm-start target. A faster cold"
            " build needs the loader and the index to share one tokenization of each question"
            " (cross_check tokenizes them too) and YAML constructed without PyYAML's"
            " pure-Python constructor."
        )
    why = ", ".join(f"{name} {secs:.1f} s ({100 * secs / total:.0f}%)" for name, secs in ranked[:4])
    fixes = [
        PHASE_FIXES[name]
        for name, secs in ranked[:4]
        if name in PHASE_FIXES and secs > 0.05 * total
    ]
    fix = " ".join(lead + fixes) or "No recorded remedy for these phases; see the phase table."
    return (
        f"at {run['label']} load {run['load_s']:.1f} s + index {run['index_s']:.1f} s: {why}.",
        fix,
    )


def explain(key: str, results: dict[str, Any]) -> tuple[str, str]:
    """(why, fix) for a missed target of the given key."""
    big = _largest(results)
    if key == "ask":
        return _hotspots(big, "profile_ask")
    if key == "complete":
        return _hotspots(big, "profile_complete")
    if key == "load":
        return _phases(big, results)
    if key == "snapshot":
        experiment = results.get("load_experiment") or {}
        why = (
            "hashing the knowledge files and unpickling a"
            f" {experiment.get('snapshot_mb', 0):.0f} MB engine snapshot."
        )
        return why, "Store the postings as raw numpy buffers (np.save) beside a smaller pickle."
    if key == "memory":
        kb = big["kb"]
        why = (
            f"at {big['label']} RSS is {big['rss_start_mb']:.0f} MB before loading,"
            f" {big['peak_rss_after_build_mb']:.0f} MB at peak after load + index"
            f" ({kb['questions']:,} questions, {kb['passages']:,} passages,"
            f" {kb['fact_tokens']:,} + {kb['passage_tokens']:,} index tokens)."
        )
        return why, MEMORY_FIX
    if key == "small_ask":
        shipped = find_run(results, None)
        return _hotspots(shipped, "profile_ask") if shipped else ("not measured", "")
    if key == "startup":
        startup = results.get("startup") or {}
        shipped = find_run(results, None) or {}
        why = (
            f"median {startup.get('median_s', 0):.2f} s: interpreter"
            f" {startup.get('interpreter_median_s', 0):.2f} s, imports (incl. interpreter)"
            f" {startup.get('imports_median_s', 0):.2f} s, load {shipped.get('load_s', 0):.2f} s,"
            f" index {shipped.get('index_s', 0):.2f} s."
        )
        return why, STARTUP_FIX
    if key == "soak":
        shipped = find_run(results, None) or {}
        soak = shipped.get("soak") or {}
        points = ", ".join(f"{p:.1f}" for p in soak.get("checkpoints_mb", []))
        return f"RSS at every tenth of the soak: {points} MB.", SOAK_FIX
    return "unknown target", ""
