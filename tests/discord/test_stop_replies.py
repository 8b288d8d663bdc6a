"""A stop (SIGTERM: `close()`) while a moderator's save waits for another process's store lock:
the save lands, and its reply still reaches the moderator before the connection closes, for a
form (a modal submit) as for a slash command. The stop used to wait only for commands' and
buttons' handlers, so a form's save landed with the moderator left at "thinking…", and a
moderator who retries it adds the fact twice."""

from __future__ import annotations

import asyncio
import fcntl
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import discord
import pytest
import pytest_asyncio
from aiohttp import web

from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import _HANDLER_TASKS, CitebotBot
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, eventually, kb_command, modal_submit, serving
from tests.discord.test_moderation import valid_form
from tests.processes import blocked_on

MODERATOR = fake.member_payload(fake.MEMBER_USER, permissions=0x20 | 0x400 | 0x800)


class DistantDiscord(FakeDiscord):
    """Discord is not on loopback: each follow-up takes 150 ms to be answered."""

    async def _rest(self, request: web.Request) -> web.Response:
        if "/webhooks/" in request.path:
            await asyncio.sleep(0.15)
        return await super()._rest(request)


@pytest_asyncio.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with serving(DistantDiscord(), monkeypatch) as discord_server:
        yield discord_server


@pytest.fixture
def store(fresh_store: KnowledgeStore) -> KnowledgeStore:
    return fresh_store


async def stopped_during(
    server: FakeDiscord, bot: CitebotBot, send_save: Callable[[], Awaitable[None]]
) -> str:
    """Send a save while another holder has the store lock, stop the bot, let the lock go: the
    bodies of the bot's calls to Discord from the save on, as one JSON text."""
    bot._owns_store = True  # as `run` does: it opens the store, so its close closes it
    lock_file = bot.store.data_dir / "store.lock"
    with lock_file.open("a") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        mark = len(server.requests)
        await send_save()
        await eventually(lambda: blocked_on(lock_file), 10, "the save waiting for the lock")
        stopping = asyncio.create_task(bot.close())
        await asyncio.sleep(0.3)
    await asyncio.wait_for(stopping, 10)  # the save lands now, well inside the grace
    return json.dumps([r.body for r in server.requests[mark:]])


async def test_a_form_saved_during_a_stop_is_still_answered(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    store = live_bot.store
    mark = len(server.requests)
    add = kb_command("add", [{"name": "topic", "type": 3, "value": "trade"}])
    await server.dispatch("INTERACTION_CREATE", server.interaction(2, add, member=MODERATOR))
    opened = await server.wait_for_request("POST", "/callback", after=mark)
    custom_id = opened.body["data"]["custom_id"]
    form = valid_form(store)

    async def submit() -> None:
        submitted = server.interaction(5, modal_submit(custom_id, form), member=MODERATOR)
        await server.dispatch("INTERACTION_CREATE", submitted)

    said = await stopped_during(server, live_bot, submit)
    assert store.history(store.kb.facts[-1].id)[-1].action == "add"  # the save landed
    assert "Saved `" in said, said[:600]


async def test_a_command_saved_during_a_stop_is_still_answered(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    alias = [
        {"name": "canonical", "type": 3, "value": "Liancourt Rocks"},
        {"name": "name", "type": 3, "value": "Stopping Test Islets"},
    ]

    async def send() -> None:
        command = server.interaction(2, kb_command("alias", alias), member=MODERATOR)
        await server.dispatch("INTERACTION_CREATE", command)

    said = await stopped_during(server, live_bot, send)
    assert "Stopping Test Islets" in said


def test_the_handler_task_names_are_still_discord_pys() -> None:
    """The stop finds the handlers by the names discord.py gives their tasks, which are not
    API: a release that renames one would let the stop cut that handler's reply off again."""
    source = "".join(p.read_text("utf-8") for p in Path(discord.__file__).parent.rglob("*.py"))
    for prefix in _HANDLER_TASKS:
        # Events are named f"discord.py: {event_name}": the prefix is what can change.
        named = "discord.py: " if prefix.startswith("discord.py: ") else prefix
        assert named in source, f"discord.py no longer names a task {prefix!r}"
