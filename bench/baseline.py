"""The baseline a simple bot would use, timed on the same queries as the engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, process

from bot.core.knowledge.models import KnowledgeBase

from .queries import Query, subset
from .timing import latency, time_calls

AUTOCOMPLETE_LIMIT = 25


def measure_baseline(
    kb: KnowledgeBase,
    queries: Sequence[Query],
    partials: Sequence[Query],
    ask_ns: Sequence[int],
    complete_ns: Sequence[int],
    budget: int,
) -> dict[str, Any]:
    """`process.extractOne(query, every_question, scorer=fuzz.WRatio)`: what a simple bot does.

    Autocomplete's baseline is `process.extract(..., limit=25)`, as many choices as ours. At
    large sizes the baseline runs on an evenly spaced subset (at most `budget` comparisons);
    the ratios compare our times on that same subset.
    """
    choices = [q for f in kb.facts for q in f.questions]
    owners = [f.id for f in kb.facts for _ in f.questions]
    count = min(len(queries), max(50, budget // max(1, len(choices))))
    picked = subset(queries, count)
    picked_partials = subset(partials, count)

    def ask(text: str) -> Any:
        return process.extractOne(text, choices, scorer=fuzz.WRatio)

    def complete(text: str) -> Any:
        return process.extract(text, choices, scorer=fuzz.WRatio, limit=AUTOCOMPLETE_LIMIT)

    texts = [queries[i].text for i in picked]
    partial_texts = [partials[i].text for i in picked_partials]
    for text in texts[:3]:
        ask(text)
    base_ask_ns, best = time_calls(ask, texts)
    base_complete_ns, lists = time_calls(complete, partial_texts)
    answerable = [(queries[i], b) for i, b in zip(picked, best, strict=True) if queries[i].fact_id]
    right = sum(b is not None and owners[b[2]] == q.fact_id for q, b in answerable)
    in_list = sum(
        any(owners[c[2]] == partials[i].fact_id for c in found)
        for i, found in zip(picked_partials, lists, strict=True)
    )
    ours_ask = latency([ask_ns[i] for i in picked])
    ours_complete = latency([complete_ns[i] for i in picked_partials])
    base_ask = latency(base_ask_ns)
    base_complete = latency(base_complete_ns)
    return {
        "queries": count,
        "choices": len(choices),
        "ask": base_ask,
        "complete": base_complete,
        "ask_throughput_qps": 1000.0 / base_ask["mean_ms"] if base_ask["mean_ms"] else 0.0,
        "ours_on_subset": {"ask": ours_ask, "complete": ours_complete},
        "ratio": {
            "ask_p50": ratio(ours_ask["p50_ms"], base_ask["p50_ms"]),
            "ask_p99": ratio(ours_ask["p99_ms"], base_ask["p99_ms"]),
            "complete_p50": ratio(ours_complete["p50_ms"], base_complete["p50_ms"]),
            "complete_p99": ratio(ours_complete["p99_ms"], base_complete["p99_ms"]),
            "ask_mean": ratio(ours_ask["mean_ms"], base_ask["mean_ms"]),
        },
        "accuracy": {
            "answerable_right_fact": right / len(answerable) if answerable else 0.0,
            "partial_in_suggestions": in_list / len(picked_partials) if picked_partials else 0.0,
        },
    }


def ratio(ours: float, theirs: float) -> float:
    """Our time as a multiple of the baseline's (0 when the baseline took no time)."""
    return ours / theirs if theirs else 0.0
