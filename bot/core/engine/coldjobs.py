"""The cold build's jobs run: each from the cache, by the worker processes, or here.

`run_jobs` yields every job's share in job order, whichever way it was got, so the build
(cold.py) merges them as if read one after another. Apart from the build because starting and
stopping a pool of processes safely (forkserver, SIGHUP held, a dead worker's jobs done here) is
its own concern, the part of the build that only a machine with several CPUs exercises.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...log import get_logger
from ..cpus import usable_cpus
from ..knowledge.fidelity import EntityIndex
from ..knowledge.models import AliasGroup, Source
from .share import do_job, start_worker, worker_job
from .sharecache import Writes, read_cached

log = get_logger(__name__)
# A worker process starts in about half a second (forkserver, imports, the sources sent):
# worth it for a large knowledge base, not for a dozen files (the shipped one has 11).
MIN_PARALLEL_JOBS = 24


@dataclass(frozen=True)
class Job:
    """One unit of work: a fact file or a chunk of documents, and its cache key if known."""

    kind: str  # "facts" or "passages"
    arg: str  # the file's path, or the documents' ids joined by "|"
    digest: str | None


def run_jobs(
    jobs: list[Job],
    sources: dict[str, Source],
    aliases: list[AliasGroup],
    context: str,
    workers: int | None,
    cache_dir: Path | None,
    used: set[str],
    written: Writes,
) -> Iterator[tuple[Job, Any]]:
    """Each job's unpickled result, in job order: from the cache, or computed by the workers
    (or here, with one worker or one job to do)."""
    folder = Path(cache_dir) if cache_dir is not None else None
    cached: dict[int, Any] = {}
    if folder is not None:
        for n, job in enumerate(jobs):
            if job.digest is None:
                continue
            found = read_cached(folder / job.kind / f"{job.digest}.pickle")
            if found is not None:
                cached[n] = found
                used.add(job.digest)
    missing = [n for n in range(len(jobs)) if n not in cached]
    count = min(workers or usable_cpus(), len(missing))
    if workers is None and len(missing) < MIN_PARALLEL_JOBS:
        count = 1  # starting the workers would cost more than it saves
    pool: ProcessPoolExecutor | None = None
    futures: dict[int, Future[tuple[str | None, bytes]]] = {}
    if count > 1:
        try:
            # forkserver: a worker never inherits the bot's threads or locks (fork would). It
            # imports the main module again (guarded in `python -m bot` and the console script);
            # where it cannot (a program read from stdin) the workers die and the build goes on
            # here (BrokenProcessPool below).
            with _hangups_held():
                pool = ProcessPoolExecutor(
                    count,
                    mp_context=multiprocessing.get_context("forkserver"),
                    initializer=start_worker,
                    initargs=(sources, aliases, context, os.getpid()),
                )
                futures = {n: pool.submit(worker_job, jobs[n].kind, jobs[n].arg) for n in missing}
        except (OSError, ValueError) as exc:  # no semaphores, no processes: slower, not wrong
            log.warning("cold build without worker processes: %s", exc)
            pool = None
    try:
        local: dict[str, Any] = {}
        for n, job in enumerate(jobs):
            if n in cached:
                yield job, cached.pop(n)
                continue
            result: tuple[str | None, bytes] | None = None
            if pool is not None:
                try:
                    result = futures.pop(n).result()
                except BrokenProcessPool as exc:  # a worker was killed (out of memory?)
                    log.warning("a cold-build worker died (%s); reading on in this process", exc)
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
            if result is None:
                if not local:
                    local.update(sources=sources, entities=EntityIndex.build(aliases))
                    local["context"] = context
                result = do_job(job.kind, job.arg, local)
            digest, payload = result
            # A fact file's share goes under the digest of the bytes the worker parsed (the
            # file may have been saved since `job.digest` was taken), a passages chunk under
            # its job's.
            digest = job.digest if job.kind == "passages" else digest
            if folder is not None and digest is not None:
                written.write(folder / job.kind / f"{digest}.pickle", payload)
                used.add(digest)
            yield job, pickle.loads(payload)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _hangups_held() -> Iterator[None]:
    """SIGHUP blocked in this thread while the pool starts its processes (the resource
    tracker, the forkserver, the workers), which inherit the blocked mask and so never die of
    it: a closed terminal sends SIGHUP to its whole foreground group, and the bot stops on it
    cleanly (`bot.stopping`), but the helpers, which ignore SIGINT and SIGTERM and leave the
    stop to the bot, died of SIGHUP, and the log filled with "resource_tracker: process died
    unexpectedly" and its tracebacks. A SIGHUP sent to this process meanwhile waits the few
    milliseconds until the block ends, then stops it as usual."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
