"""`in_time`: work off the event loop, the interaction acknowledged if it is slow."""

from __future__ import annotations

import asyncio
import gc
import threading
from typing import Any

import discord
import pytest

from bot.discord import intime


class _Response:
    """An interaction response whose acknowledgement Discord refuses (the token is gone)."""

    def is_done(self) -> bool:
        return False

    async def defer(self, **_: Any) -> None:
        raise discord.NotFound(_Refused(), "Unknown interaction")


class _Refused:
    status = 404
    reason = "Not Found"


class _Interaction:
    response = _Response()


async def test_a_refused_acknowledgement_still_lets_the_work_finish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When Discord refuses the acknowledgement of slow work, the error reaches the caller,
    the work still runs to its end (a vote is still written), and its own error is collected,
    never reported by asyncio as an exception nobody retrieved."""
    monkeypatch.setattr(intime, "ANSWER_WITHIN", 0.05)
    release, finished = threading.Event(), threading.Event()
    unretrieved: list[dict[str, Any]] = []
    asyncio.get_running_loop().set_exception_handler(lambda _, ctx: unretrieved.append(ctx))

    def work() -> None:
        release.wait(5)
        finished.set()
        raise RuntimeError("the work's own failure")

    with pytest.raises(discord.NotFound):
        await intime.in_time(_Interaction(), work)  # type: ignore[arg-type]
    release.set()
    for _ in range(100):
        if finished.is_set():
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.05)
    assert finished.is_set()
    gc.collect()
    await asyncio.sleep(0)
    assert not unretrieved
