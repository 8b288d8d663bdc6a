"""Clocks and memory gauges: per-call latency, throughput, RSS and load average."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

# A function to time: its owner (module or class), its name there, and the phase it counts
# under (or a function giving the phase at each call).
Wrapped = tuple[Any, str, "str | Callable[[], str]"]


@contextmanager
def timed_functions(
    wrapped: Sequence[Wrapped], *, missing_ok: bool = False
) -> Iterator[dict[str, float]]:
    """Seconds spent in each phase while the block runs, by wrapping the named functions (and
    static methods) for its duration; the originals are put back however it ends. With
    `missing_ok`, a name its owner does not define is skipped."""
    totals: dict[str, float] = {}
    patches: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, attr: str, label: str | Callable[[], str]) -> None:
        if missing_ok and attr not in owner.__dict__:
            return
        original = owner.__dict__[attr]
        static = isinstance(original, staticmethod)
        target = original.__func__ if static else original

        def timed(*args: Any, **kwargs: Any) -> Any:
            name = label() if callable(label) else label
            start = time.perf_counter()
            try:
                return target(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.perf_counter() - start

        setattr(owner, attr, staticmethod(timed) if static else timed)
        patches.append((owner, attr, original))

    try:
        for owner, attr, label in wrapped:
            wrap(owner, attr, label)
        yield totals
    finally:
        for owner, attr, original in reversed(patches):
            setattr(owner, attr, original)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (10^6 bytes); Linux reports KiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def current_rss_mb() -> float:
    """Resident set size of this process now, in MB (10^6 bytes)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def latency(ns: Sequence[int]) -> dict[str, float]:
    """p50, p99, mean and max of per-call times (nanoseconds) in milliseconds."""
    if not ns:
        return {"n": 0, "p50_ms": 0.0, "p99_ms": 0.0, "mean_ms": 0.0, "max_ms": 0.0}
    ordered = sorted(ns)

    def pct(p: float) -> float:
        # Nearest rank: the smallest time that at least p% of calls do not exceed.
        rank = max(1, -(-len(ordered) * p // 100))
        return ordered[int(rank) - 1] / 1e6

    return {
        "n": len(ordered),
        "p50_ms": pct(50),
        "p99_ms": pct(99),
        "mean_ms": sum(ordered) / len(ordered) / 1e6,
        "max_ms": ordered[-1] / 1e6,
    }


def time_calls(
    fn: Callable[[str], Any], texts: Sequence[str], cpu: list[int] | None = None
) -> tuple[list[int], list[Any]]:
    """Call `fn` on each text; the wall time of each call (ns) and its result. With `cpu`, also
    append each call's CPU time (ns) to it: unlike wall time, other processes do not inflate it."""
    times: list[int] = []
    results: list[Any] = []
    clock = time.perf_counter_ns
    cpu_clock = time.thread_time_ns
    for text in texts:
        cpu_start = cpu_clock()
        start = clock()
        result = fn(text)
        times.append(clock() - start)
        if cpu is not None:
            cpu.append(cpu_clock() - cpu_start)
        results.append(result)
    return times, results


def load_average() -> float:
    """The 1-minute load average: above the core count, other work competed with the run."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return float(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def throughput(fn: Callable[[str], Any], texts: Sequence[str]) -> float:
    """Calls per second over all texts, one after another (a busy channel's backlog)."""
    start = time.perf_counter()
    for text in texts:
        fn(text)
    elapsed = time.perf_counter() - start
    return len(texts) / elapsed if elapsed > 0 else 0.0
