"""The heartbeat of the real bot over a real socket: connected once ready, not connected when
the gateway goes away, stopped after close; `health` reads each state."""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.heartbeat import check, heartbeat_path
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import create_bot
from bot.discord.runner import sync
from bot.settings import Secret, Settings
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, serving


async def beat_where(path: Path, predicate: Callable[[dict[str, object]], bool]) -> None:
    """Wait (10 s at most) until the heartbeat file satisfies `predicate`."""
    deadline = time.monotonic() + 10
    while True:
        if path.exists() and predicate(json.loads(path.read_text("utf-8"))):
            return
        assert time.monotonic() < deadline, path.read_text("utf-8") if path.exists() else path
        await asyncio.sleep(0.02)


async def test_heartbeat_follows_the_gateway(
    settings: Settings,
    store: KnowledgeStore,
    monkeypatch: pytest.MonkeyPatch,
    error_logs: list[logging.LogRecord],
) -> None:
    """Ready: healthy with the served facts. Gateway gone (Discord unreachable): unhealthy,
    not connected. Closed: unhealthy, stopped."""
    live = replace(settings, discord_token=Secret(fake.TOKEN), dev_guild_id=None)
    server = FakeDiscord()
    async with serving(server, monkeypatch):
        bot = create_bot(
            live, store=store, feedback=FeedbackLog(live.data_dir), guild_ready_timeout=0.1
        )
        await bot.login(fake.TOKEN)  # first: see fake_discord.running
        runner = asyncio.create_task(bot.connect())
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 10)
            path = bot.heartbeat_path
            await beat_where(path, lambda b: b["connected"] is True)
            healthy, line = check(path, now=time.time())
            assert healthy and f"{len(store.kb.facts)} facts" in line, line

            # Discord goes away: the websocket closes and reconnecting is refused.
            assert server._ws is not None and server._runner is not None
            await server._ws.close()
            await server._runner.cleanup()
            server._runner = None
            await beat_where(path, lambda b: b["connected"] is False)
            healthy, line = check(path, now=time.time())
            assert not healthy and line == "unhealthy: not connected to Discord"
        finally:
            await bot.close()
            runner.cancel()
            await asyncio.gather(runner, return_exceptions=True)
    healthy, line = check(bot.heartbeat_path, now=time.time())
    assert not healthy and line.startswith("unhealthy: the bot stopped"), line
    # discord.py logs each failed reconnect at ERROR; here that is the scenario, not a fault.
    error_logs[:] = [r for r in error_logs if "Attempting a reconnect" not in r.getMessage()]


async def test_sync_leaves_the_running_bots_heartbeat_alone(
    settings: Settings, store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m bot sync` logs in without the gateway: it writes no heartbeat, so it cannot
    mark the bot that is running from the same data directory as stopped."""
    live = replace(settings, discord_token=Secret(fake.TOKEN), dev_guild_id=None)
    path = heartbeat_path(live.data_dir, live.shard_ids)
    async with serving(FakeDiscord(), monkeypatch):
        status = await sync(live, None, store=store, feedback=FeedbackLog(live.data_dir))
    assert status == 0
    assert not path.exists()


async def test_a_full_disk_is_said_once_not_every_beat(
    settings: Settings,
    store: KnowledgeStore,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A heartbeat that cannot be written (a full data disk) was a warning at every beat, a
    line every 10 s for as long as the disk stayed full (into logs perhaps on that disk): it
    is said once, and once more when the heartbeat is written again."""
    bot = create_bot(settings, store=store, feedback=FeedbackLog(settings.data_dir))
    real = os.replace

    def full(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst) == str(bot.heartbeat_path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src))
        real(src, dst)

    monkeypatch.setattr(os, "replace", full)
    caplog.set_level(logging.INFO, logger="bot.discord.client")
    for _ in range(3):
        await bot._write_heartbeat("running")
    failed = [r for r in caplog.records if "could not write the heartbeat" in r.getMessage()]
    assert len(failed) == 1 and failed[0].levelno == logging.WARNING
    assert not bot.heartbeat_path.exists()
    monkeypatch.setattr(os, "replace", real)
    await bot._write_heartbeat("running")
    await bot._write_heartbeat("running")
    assert check(bot.heartbeat_path, now=time.time())[1].startswith("unhealthy: not connected")
    again = [r for r in caplog.records if "written again" in r.getMessage()]
    assert len(again) == 1
