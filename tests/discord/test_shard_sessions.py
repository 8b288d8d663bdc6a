"""A shard group whose shard gets a new session (op 9: the old one cannot be resumed) is
connected again once that shard is ready. discord.py dispatches `on_ready` again only when all
the group's shards started afresh, so the heartbeat said "not connected" for good, and a
container's health check had a working bot restarted."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
import pytest_asyncio

from bot.core.heartbeat import judge, read_heartbeat
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import create_bot
from bot.settings import Secret, Settings
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, eventually, serving


class ShardedDiscord(FakeDiscord):
    """The fake, answering each shard's IDENTIFY with a READY of that shard, and able to end
    one shard's session."""

    def __init__(self) -> None:
        super().__init__()
        self.sockets: dict[int, Any] = {}
        self.readies: list[int] = []

    def _ready(self) -> dict[str, Any]:
        data = super()._ready()
        shard = (self.identify or {}).get("shard")
        if shard is not None:
            data["shard"] = shard
            self.sockets[shard[0]] = self._ws
            self.readies.append(shard[0])
        return data

    async def invalidate(self, shard: int) -> None:
        self._ws = self.sockets[shard]
        await self._send({"op": 9, "d": False})


@pytest_asyncio.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[ShardedDiscord]:
    async with serving(ShardedDiscord(), monkeypatch) as discord_server:
        yield discord_server


async def test_a_shard_with_a_new_session_is_connected_again(
    server: ShardedDiscord, settings: Settings, store: KnowledgeStore
) -> None:
    live = replace(
        settings,
        discord_token=Secret(fake.TOKEN),
        moderation_guild_ids=(fake.GUILD_ID,),
        shard_count=2,
        shard_ids=(0, 1),
    )
    bot = create_bot(
        live, store=store, feedback=FeedbackLog(live.data_dir), guild_ready_timeout=0.1
    )
    await bot.login(fake.TOKEN)
    gateway = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 20)
        await eventually(lambda: bot.heartbeat_path.exists(), 10, "the first heartbeat")
        assert judge(read_heartbeat(bot.heartbeat_path), now=time.time())[0]
        await server.invalidate(1)
        await eventually(lambda: server.readies.count(1) == 2, 15, "shard 1 ready again")
        await eventually(
            lambda: judge(read_heartbeat(bot.heartbeat_path), now=time.time())[0],
            10,
            "a heartbeat saying connected",
        )
        assert all(not shard.is_closed() for shard in bot.shards.values())
    finally:
        await bot.close()
        await asyncio.wait_for(gateway, 10)
