"""Pick up edits made to the knowledge files on disk (an editor, a `git pull`) while running.

Polling, not inotify: a cheap stat of every file every few seconds works on every platform and
in containers with bind mounts, and needs no dependency.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Protocol

from ...log import get_logger
from ..errors import Problem

log = get_logger(__name__)

ProblemsCallback = Callable[[list[Problem]], Awaitable[None] | None]


class Pollable(Protocol):
    """What the watcher needs of a store."""

    def poll_changes(self) -> list[Problem] | None: ...


async def watch_knowledge(
    store: Pollable,
    interval: float = 2.0,
    on_problems: ProblemsCallback | None = None,
    *,
    quick: float | None = None,
) -> None:
    """Poll the store for changed files until cancelled; log (and report) broken files.

    Every `interval` seconds the store scans every file; with `quick` (and a store that has
    `saved_elsewhere`) it is also asked every `quick` seconds whether a file was saved (a stat
    of each directory), and scans at once when one was: another process's save is live here
    within a fraction of a second, without stat-ing a thousand files several times a second.
    The last good knowledge base keeps serving while files are broken; an unexpected error is
    logged with its traceback and the loop goes on.
    """
    hint = getattr(store, "saved_elsewhere", None) if quick is not None else None
    step = quick if hint is not None and quick is not None else interval
    waited = 0.0
    while True:
        try:
            if hint is not None and waited < interval and not await asyncio.to_thread(hint):
                await asyncio.sleep(step)
                waited += step
                continue
            waited = 0.0
            problems = await asyncio.to_thread(store.poll_changes)
        except Exception:
            log.exception("checking the knowledge files for changes failed")
            problems = None
        if problems:
            log.warning(
                "the knowledge files changed but have %d problem(s); still serving the last "
                "good version",
                len(problems),
            )
            for problem in problems:
                log.warning("  %s", problem)
            if on_problems is not None:
                try:
                    result = on_problems(problems)
                    if inspect.isawaitable(result):
                        await result
                except Exception:
                    log.exception("the on_problems callback failed")
        await asyncio.sleep(step)
        waited += step
