"""Work that may outlast Discord's 3 s for an interaction's first response.

Discord shows "The application did not respond" when an interaction gets no first response
within 3 s. Matching a question on a busy host, or writing a vote while another process holds
the feedback database's lock, can take longer: the work runs in a worker thread, and when it
is not done within `ANSWER_WITHIN` the interaction is acknowledged first (privately,
"thinking"), so that the reply that follows is a follow-up or an edit, which has 15 minutes.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

import discord

# Half of Discord's 3 s: room for the acknowledgement itself on a slow link.
ANSWER_WITHIN = 1.5

T = TypeVar("T")


async def in_time(
    interaction: discord.Interaction, work: Callable[[], T], executor: Executor | None = None
) -> T:
    """`work()` run off the event loop, on `executor` (the loop's shared pool by default: work
    that may wait on a lock gets its own, so that its waits leave the pool to matching); the
    interaction is deferred (ephemeral, thinking) if it is not done within ANSWER_WITHIN
    seconds. Its exceptions reach the caller."""
    running: asyncio.Future[T]
    if executor is None:
        running = asyncio.ensure_future(asyncio.to_thread(work))
    else:
        running = asyncio.get_running_loop().run_in_executor(executor, work)
    try:
        return await asyncio.wait_for(asyncio.shield(running), ANSWER_WITHIN)
    except TimeoutError:
        if not interaction.response.is_done():
            try:
                await interaction.response.defer(ephemeral=True, thinking=True)
            except BaseException:
                # The work goes on (a vote is still written); its outcome is collected, never
                # left as an exception nobody retrieved.
                running.add_done_callback(_collected)
                raise
        return await running


async def on_threads(executor: Executor, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`work(*args, **kwargs)` run on `executor`'s threads, as `asyncio.to_thread` runs it on
    the loop's shared pool: for work that may wait on a lock (a moderator's save while another
    process holds the store's), whose waits must leave the shared pool to matching."""
    call = functools.partial(work, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(executor, call)


def _collected(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()
