"""Smoke tests over a real socket: the real bot logs in to a fake Discord on 127.0.0.1.

simcord replaces discord.py's HTTP client and gateway; these tests keep both real (aiohttp,
JSON over HTTP, the websocket handshake, heartbeats), so a wire-level mistake shows up here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import discord
import pytest
import pytest_asyncio
import yaml

from bot.core.heartbeat import heartbeat_path
from bot.core.instance import running_alone
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot, create_bot
from bot.discord.cogs.moderation import WRONG_FACT_MENU
from bot.discord.runner import serve, sync
from bot.settings import Secret, Settings
from bot.wording import WORDINGS
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import (
    FakeDiscord,
    database_held,
    eventually,
    running,
    serving,
)


@pytest_asyncio.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """The fake Discord, with discord.py's REST base and gateway pointed at it."""
    async with serving(FakeDiscord(), monkeypatch) as discord_server:
        yield discord_server


@pytest.fixture
def live_settings(settings: Settings) -> Settings:
    return replace(
        settings,
        discord_token=Secret(fake.TOKEN),
        dev_guild_id=fake.GUILD_ID,
        moderation_guild_ids=(fake.GUILD_ID,),
    )


@pytest_asyncio.fixture
async def live_bot(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore
) -> AsyncIterator[CitebotBot]:
    """The real bot, connected to the fake Discord and ready."""
    bot = create_bot(
        live_settings,
        store=store,
        feedback=FeedbackLog(live_settings.data_dir),
        guild_ready_timeout=0.1,
    )
    async with running(bot):
        yield bot


def button_id(message: dict[str, Any], label: str) -> str:
    """The custom id of the component with this label in a message payload."""
    for row in message["components"]:
        for component in row["components"]:
            if component.get("label") == label:
                return str(component["custom_id"])
    raise AssertionError(f"no {label!r} component in {message['components']}")


def embeds_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    data = body.get("data", body)
    return list(data.get("embeds") or [])


async def test_logs_in_syncs_and_identifies(server: FakeDiscord, live_bot: CitebotBot) -> None:
    """Login asks for the user, then the application; commands sync to the dev guild; the
    gateway IDENTIFY carries the minimal intents."""
    calls = [(r.method, r.path) for r in server.requests]
    assert calls[:2] == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]
    assert ("PUT", f"/applications/{fake.APP_ID}/guilds/{fake.GUILD_ID}/commands") in calls
    assert live_bot.user is not None and live_bot.user.id == fake.BOT_ID
    assert server.identify is not None and server.identify["token"] == fake.TOKEN
    intents = discord.Intents._from_value(server.identify["intents"])
    assert intents.guilds and intents.guild_messages and intents.message_content
    assert not intents.members and not intents.presences
    assert live_bot.get_guild(fake.GUILD_ID) is not None


async def test_ask_autocomplete_button_over_the_wire(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """/ask gets its embed, autocomplete its choices, and a vote button its reply."""
    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction(
            4,
            {
                "id": "1",
                "name": "ask",
                "type": 1,
                "options": [{"name": "question", "type": 3, "value": "dokdo", "focused": True}],
            },
        ),
    )
    completed = await server.wait_for_request("POST", "/callback", after=mark)
    assert completed.body["type"] == 8
    choices = completed.body["data"]["choices"]
    assert 0 < len(choices) <= 25 and all(len(c["name"]) <= 100 for c in choices)

    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction(
            2,
            {
                "id": "1",
                "name": "ask",
                "type": 1,
                "options": [{"name": "question", "type": 3, "value": "Who controls Dokdo?"}],
            },
        ),
    )
    answered = await server.wait_for_request("POST", "/callback", after=mark)
    assert answered.query == {"with_response": "1"}
    assert answered.body["type"] == 4
    assert answered.body["data"]["allowed_mentions"] == {"parse": []}
    [embed] = embeds_of(answered.body)
    assert embed["footer"]["text"].startswith("fact ")
    message = server.created[-1]  # the response message, where the answer's view lives
    helpful = button_id(message, "Helpful")

    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction(3, {"custom_id": helpful, "component_type": 2}, message=message),
    )
    voted = await server.wait_for_request("POST", "/callback", after=mark)
    assert voted.body["type"] == 4
    assert voted.body["data"]["flags"] & 64  # ephemeral
    assert voted.body["data"]["content"] == WORDINGS["en"].thanks_helpful

    # A member whose Discord is in Korean reads the click's note in Korean (whoever clicks may
    # not be the one who asked: the answer's language is the asker's).
    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction(
            3, {"custom_id": helpful, "component_type": 2}, message=message, locale="ko"
        ),
    )
    again = await server.wait_for_request("POST", "/callback", after=mark)
    assert again.body["data"]["content"] == WORDINGS["ko"].already_voted


async def test_mention_reply_and_an_api_error_on_reply(
    server: FakeDiscord, live_bot: CitebotBot, caplog: pytest.LogCaptureFixture
) -> None:
    """A refused reply (403) is logged as a warning and the bot keeps answering."""
    mention = {**fake.BOT_USER, "member": fake.member_payload(fake.BOT_USER)}
    messages = f"/channels/{fake.CHANNEL_ID}/messages"
    server.faults.append(fake.Fault("POST", messages, 403, 50013, "Missing Permissions"))
    with caplog.at_level(logging.WARNING, logger="bot"):
        mark = len(server.requests)
        await server.dispatch(
            "MESSAGE_CREATE",
            server.user_message(f"<@{fake.BOT_ID}> who controls dokdo?", [mention]),
        )
        await server.wait_for_request("POST", messages, after=mark)
        # Polled: the warning is logged after the refused request, and the fake re-checks its
        # waits only on requests and frames (on Python 3.12 the last re-check came first).
        await eventually(
            lambda: any("could not reply" in r.message for r in caplog.records),
            5,
            "the refused reply logged",
        )

    mark = len(server.requests)
    await server.dispatch(
        "MESSAGE_CREATE", server.user_message(f"<@{fake.BOT_ID}> who controls dokdo?", [mention])
    )
    reply = await server.wait_for_request("POST", messages, after=mark)
    assert reply.body["message_reference"]["message_id"]
    assert reply.body["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert embeds_of(reply.body)[0]["footer"]["text"].startswith("fact ")
    assert not live_bot.is_closed()


async def test_gateway_reconnect_resumes_without_losing_or_repeating_anything(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """After Discord asks the bot to reconnect, it resumes the session (no new IDENTIFY),
    keeps its knowledge, and answers each mention exactly once."""
    store = live_bot.store
    mention = {**fake.BOT_USER, "member": fake.member_payload(fake.BOT_USER)}
    messages = f"/channels/{fake.CHANNEL_ID}/messages"

    def replies() -> int:
        return sum(1 for r in server.requests if r.method == "POST" and r.path == messages)

    await server.dispatch(
        "MESSAGE_CREATE", server.user_message(f"<@{fake.BOT_ID}> who controls dokdo?", [mention])
    )
    await server.wait_for(lambda: replies() == 1)
    await server.ask_to_reconnect()
    await server.wait_for(lambda: server.resumes == 1)
    await server.dispatch(
        "MESSAGE_CREATE", server.user_message(f"<@{fake.BOT_ID}> who controls dokdo?", [mention])
    )
    await server.wait_for(lambda: replies() == 2)
    await asyncio.sleep(0.2)  # time for a duplicate to show up, if there were one
    assert replies() == 2
    assert (server.connections, server.resumes) == (2, 1)
    assert live_bot.store is store and live_bot.store.kb.facts


async def test_the_watcher_serves_edits_made_on_disk(
    server: FakeDiscord,
    live_settings: Settings,
    fresh_store: KnowledgeStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The watcher that setup_hook starts picks up a file edited on disk (an editor, a git
    pull): the next answer is the new one, without a restart or /kb reload."""
    monkeypatch.setattr("bot.discord.client.WATCH_INTERVAL", 0.05)
    bot = create_bot(
        replace(live_settings, watch=True),
        store=fresh_store,
        feedback=FeedbackLog(live_settings.data_dir),
        guild_ready_timeout=0.1,
    )
    await bot.login(fake.TOKEN)  # first: see fake_discord.running
    runner = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        fact_id = "territory-liancourt-rocks-ownership"
        fact = fresh_store.kb.fact(fact_id)
        assert fact is not None
        path = live_settings.knowledge_dir / "facts" / f"{fact.topic}.yaml"
        data = yaml.safe_load(path.read_text("utf-8"))
        next(f for f in data["facts"] if f["id"] == fact_id)["answer"] = "Edited on disk."
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        for _ in range(200):  # the watcher polls every 50 ms here; reloading takes a moment
            current = fresh_store.kb.fact(fact_id)
            if current is not None and current.answer == "Edited on disk.":
                break
            await asyncio.sleep(0.05)
        mark = len(server.requests)
        await server.dispatch(
            "INTERACTION_CREATE",
            server.interaction(
                2,
                {
                    "id": "2",
                    "name": "fact",
                    "type": 1,
                    "options": [
                        {
                            "name": "show",
                            "type": 1,
                            "options": [{"name": "id", "type": 3, "value": fact_id}],
                        }
                    ],
                },
            ),
        )
        shown = await server.wait_for_request("POST", "/callback", after=mark)
        assert embeds_of(shown.body)[0]["description"] == "Edited on disk."
    finally:
        await bot.close()
        await asyncio.wait_for(runner, 10)


async def test_bad_token_is_one_line_and_exit_status_1(
    server: FakeDiscord, live_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Discord refusing the token ends the run with one line on stderr, no traceback."""
    status = await serve(
        replace(live_settings, discord_token=Secret("wrong")), guild_ready_timeout=0.1
    )
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err and "Traceback" not in err
    assert [(r.method, r.path) for r in server.requests] == [("GET", "/users/@me")]


async def test_a_second_bot_on_the_same_data_directory_is_one_line(
    server: FakeDiscord, live_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bot already runs with this data directory and shard group: the second one says so in
    one line and exits 1 before it logs in or touches the first one's heartbeat."""
    beat = heartbeat_path(live_settings.data_dir)
    with running_alone(live_settings.data_dir, (0,)):
        status = await serve(live_settings, guild_ready_timeout=0.1)
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already running" in err and "Traceback" not in err
    assert server.requests == [] and not beat.exists()


async def test_a_shard_group_overlapping_a_running_one_is_one_line(
    server: FakeDiscord, live_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Shards "1,2" of 3 while a bot runs "0,1" here: shard 1 would be answered twice, so
    the start stops at once, naming the shard."""
    grouped = replace(live_settings, shard_count=3, shard_ids=(1, 2))
    with running_alone(live_settings.data_dir, (0, 1), 3):
        status = await serve(grouped, guild_ready_timeout=0.1)
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "shard 1" in err and server.requests == []


async def test_missing_message_content_intent_is_one_line(
    server: FakeDiscord,
    live_settings: Settings,
    store: KnowledgeStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Answer channels without the portal's Message Content toggle: one line, exit status 1."""
    server.message_content_approved = False
    status = await serve(
        live_settings,
        store=store,
        feedback=FeedbackLog(live_settings.data_dir),
        guild_ready_timeout=0.1,
    )
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Message Content" in err and "Traceback" not in err


async def test_sync_registers_member_commands_globally_and_kb_in_the_home_server(
    server: FakeDiscord,
    live_settings: Settings,
    store: KnowledgeStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`python -m bot sync` logs in (no gateway), registers the member commands globally and
    /kb only as a guild command of the home server, never globally."""
    status = await sync(
        live_settings, None, store=store, feedback=FeedbackLog(live_settings.data_dir)
    )
    assert status == 0
    puts = {r.path: {c["name"] for c in r.body} for r in server.requests if r.method == "PUT"}
    base = f"/applications/{fake.APP_ID}"
    assert puts == {
        f"{base}/commands": {"ask", "fact", "sources", "help"},
        f"{base}/guilds/{fake.GUILD_ID}/commands": {"kb", WRONG_FACT_MENU},
    }
    assert server.identify is None  # never connected to the gateway
    out = capsys.readouterr().out
    assert "Synced 4 member commands globally." in out and "home server" in out


async def test_sync_to_one_guild_registers_everything_there(
    server: FakeDiscord,
    live_settings: Settings,
    store: KnowledgeStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`sync --guild ID` (to try the bot out in the home server) registers every command in
    that guild in one call."""
    status = await sync(
        live_settings, fake.GUILD_ID, store=store, feedback=FeedbackLog(live_settings.data_dir)
    )
    assert status == 0
    puts = [r for r in server.requests if r.method == "PUT"]
    assert [r.path for r in puts] == [
        f"/applications/{fake.APP_ID}/guilds/{fake.GUILD_ID}/commands"
    ]
    assert {c["name"] for c in puts[0].body} == {
        "ask",
        "fact",
        "sources",
        "help",
        "kb",
        WRONG_FACT_MENU,
    }
    assert "Synced 6 commands" in capsys.readouterr().out


async def test_sync_without_a_home_server_registers_no_kb(
    server: FakeDiscord,
    live_settings: Settings,
    store: KnowledgeStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With no home server /kb is registered nowhere; the dev guild's copies are removed."""
    settings = replace(live_settings, moderation_guild_ids=())
    status = await sync(settings, None, store=store, feedback=FeedbackLog(settings.data_dir))
    assert status == 0
    puts = {r.path: {c["name"] for c in r.body} for r in server.requests if r.method == "PUT"}
    base = f"/applications/{fake.APP_ID}"
    assert puts == {
        f"{base}/commands": {"ask", "fact", "sources", "help"},
        f"{base}/guilds/{fake.GUILD_ID}/commands": set(),
    }
    assert "read-only" in capsys.readouterr().out


async def test_a_refused_guild_sync_is_one_line(
    server: FakeDiscord,
    live_settings: Settings,
    store: KnowledgeStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A 403 on a home server's sync (bot not in it) ends with one line, exit status 1."""
    guild_commands = f"/applications/{fake.APP_ID}/guilds/{fake.GUILD_ID}/commands"
    server.faults.append(fake.Fault("PUT", guild_commands, 403, 50001, "Missing Access"))
    status = await sync(
        live_settings, None, store=store, feedback=FeedbackLog(live_settings.data_dir)
    )
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"server {fake.GUILD_ID}" in err and "applications.commands" in err


async def test_a_refused_dev_guild_sync_at_start_is_one_line(
    server: FakeDiscord,
    live_settings: Settings,
    store: KnowledgeStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`run` with a dev guild the bot may not register commands in: one line, exit 1."""
    guild_commands = f"/applications/{fake.APP_ID}/guilds/{fake.GUILD_ID}/commands"
    server.faults.append(fake.Fault("PUT", guild_commands, 403, 50001, "Missing Access"))
    status = await serve(
        live_settings,
        store=store,
        feedback=FeedbackLog(live_settings.data_dir),
        guild_ready_timeout=0.1,
    )
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "403" in err and "Traceback" not in err


async def test_dev_guild_gets_no_copies_once_commands_are_global(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore
) -> None:
    """Once the member commands are global, starting with a dev guild registers only its own
    guild commands there, so no command shows twice."""
    await sync(live_settings, None, store=store, feedback=FeedbackLog(live_settings.data_dir))
    mark = len(server.requests)
    bot = create_bot(
        live_settings,
        store=store,
        feedback=FeedbackLog(live_settings.data_dir),
        guild_ready_timeout=0.1,
    )
    async with running(bot):
        put = await server.wait_for_request("PUT", f"/guilds/{fake.GUILD_ID}/", after=mark)
    assert {c["name"] for c in put.body} == {"kb", WRONG_FACT_MENU}


async def test_discord_unreachable_is_one_line_and_exit_status_1(
    live_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No network (here: a port nothing listens on) ends the run with one line saying to check
    the network, status 1 so that a process manager retries, and no aiohttp traceback."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now: connection refused
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    status = await serve(live_settings, guild_ready_timeout=0.1)
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not reach Discord" in err, err
    assert "Traceback" not in err


async def test_a_vote_waiting_on_a_locked_database_is_acknowledged_first(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """Another process holds the feedback database's write lock (a backup, the CLI, another
    shard group) for longer than Discord's 3 s: the vote is acknowledged first (deferred,
    privately), and its thanks follow once the lock is released. It used to answer only after
    the lock, past the deadline ("The application did not respond")."""
    ask = {"id": "1", "name": "ask", "type": 1, "options": [
        {"name": "question", "type": 3, "value": "Who controls Dokdo?"}
    ]}  # fmt: skip
    mark = len(server.requests)
    await server.dispatch("INTERACTION_CREATE", server.interaction(2, ask))
    await server.wait_for_request("POST", "/callback", after=mark)
    message = server.created[-1]
    not_helpful = button_id(message, "Not helpful")
    await eventually(  # the /ask records its question after answering
        lambda: live_bot.feedback.stats().questions_asked == 1, 5, "the question recorded"
    )

    with database_held(live_bot.feedback.path):
        mark = len(server.requests)
        click = {"custom_id": not_helpful, "component_type": 2}
        await server.dispatch("INTERACTION_CREATE", server.interaction(3, click, message=message))
        first = await server.wait_for_request("POST", "/callback", after=mark, timeout=10)
        assert first.body["type"] == 5 and first.body["data"]["flags"] & 64  # deferred, private
    thanks = await server.wait_for_request("POST", "/webhooks/", after=mark, timeout=15)
    assert "moderators will review" in json.dumps(thanks.body)
    assert live_bot.feedback.stats().not_helpful == 1


async def members_ask(server: FakeDiscord, count: int, pause: float = 0.0) -> list[int]:
    """`count` members in turn ask `/ask Who controls Dokdo?`; the type of the bot's first
    response to each (4: answered at once), `pause` seconds after it."""
    ask = {"id": "1", "name": "ask", "type": 1, "options": [
        {"name": "question", "type": 3, "value": "Who controls Dokdo?"}
    ]}  # fmt: skip
    first_responses: list[int] = []
    for number in range(count):
        user = {**fake.MEMBER_USER, "id": str(fake.MEMBER_ID + 1 + number)}
        payload = server.interaction(2, ask, member=fake.member_payload(user))
        first = await server.interact(payload, timeout=10)
        first_responses.append(first.body["type"])
        await asyncio.sleep(pause)
    return first_responses


async def test_questions_are_answered_in_time_while_the_feedback_database_is_locked(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """Another process holds the feedback database's write lock (a backup, the CLI, another
    shard group): counting each question waits for it, up to 10 s. Those waits ran on the
    loop's shared pool (here two threads, a two-core host's share), so after two questions
    no thread was left to match the next: it was answered late, privately, behind a
    "thinking". Counting has a thread of its own now; the counts land once the lock goes."""
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(2))
    with database_held(live_bot.feedback.path):
        # (each count under way, waiting for the lock, before the next question)
        first_responses = await members_ask(server, 4, pause=0.2)
    assert first_responses == [4, 4, 4, 4]  # each answered at once, in the channel
    await eventually(
        lambda: live_bot.feedback.stats().questions_asked == 4, 30, "every question counted"
    )


async def test_votes_waiting_for_a_locked_database_leave_questions_answered_in_time(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """Members vote while another process holds the feedback database's write lock: each
    vote waits for it, up to 10 s. The votes waited on the loop's shared pool (here two
    threads, a two-core host's share), so two votes left no thread to match the next question:
    it was answered late, privately, behind a "thinking", as the questions' counts once did.
    Votes are written on threads of their own; they land once the lock goes."""
    ask = {"id": "1", "name": "ask", "type": 1, "options": [
        {"name": "question", "type": 3, "value": "Who controls Dokdo?"}
    ]}  # fmt: skip
    await server.interact(server.interaction(2, ask))
    message = server.created[-1]
    helpful = {"custom_id": button_id(message, "Helpful"), "component_type": 2}
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(2))
    voters = [{**fake.MEMBER_USER, "id": str(fake.MEMBER_ID + 1 + n)} for n in range(3)]
    with database_held(live_bot.feedback.path):
        mark = len(server.requests)
        for user in voters[:2]:
            click = server.interaction(
                3, helpful, message=message, member=fake.member_payload(user)
            )
            await server.dispatch("INTERACTION_CREATE", click)
        await server.wait_for(  # both votes acknowledged (deferred), both waiting for the lock
            lambda: len([r for r in server.requests[mark:] if r.path.endswith("/callback")]) == 2,
            timeout=10,
        )
        payload = server.interaction(2, ask, member=fake.member_payload(voters[2]))
        first = await server.interact(payload, timeout=10)
    assert first.body["type"] == 4 and not first.body["data"].get("flags", 0) & 64
    await eventually(lambda: live_bot.feedback.stats().helpful == 2, 30, "both votes counted")


async def test_counts_waiting_for_a_locked_database_at_the_stop_are_written(
    server: FakeDiscord, settings: Settings, store: KnowledgeStore
) -> None:
    """Questions answered while another process holds the feedback database wait on the
    counting thread, one under way and the others queued; the bot is stopped before the lock
    goes. The database's close waits for the write under way only, so the queued counts met a
    closed database: lost, each an ERROR with a traceback (before the counting thread, each
    was under way and waited for). The stop now lets the queue be written first."""
    live = replace(settings, discord_token=Secret(fake.TOKEN), dev_guild_id=fake.GUILD_ID)
    bot = create_bot(live, store=store, guild_ready_timeout=0.1)  # it owns the feedback log
    unloaded = threading.Event()

    def hold_until_the_stop(other: sqlite3.Connection) -> None:
        """The other process lets go once the stop has reached the ask cog."""
        for _ in range(3000):
            if bot.get_cog("AskCog") is None:
                break
            time.sleep(0.01)
        other.execute("ROLLBACK")
        other.close()
        unloaded.set()

    async with running(bot):
        path = bot.feedback.path
        other = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")  # the other writer
        holder = threading.Thread(target=hold_until_the_stop, args=(other,))
        holder.start()
        assert await members_ask(server, 3) == [4, 4, 4]
    await asyncio.to_thread(holder.join, 30)
    assert unloaded.is_set()
    reopened = FeedbackLog(live.data_dir)
    try:
        assert reopened.stats().questions_asked == 3
    finally:
        reopened.close()


async def test_a_full_feedback_disk_is_one_warning_not_a_traceback_per_question(
    server: FakeDiscord,
    live_bot: CitebotBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The feedback database on a full disk: each question answered logged the store's
    warning and an ERROR with a traceback from the ask cog (a known condition, no bug), two
    screenfuls a question for as long as the disk stayed full. One warning says it, and one
    line says when counting works again."""
    real = sqlite3.connect
    tried: list[object] = []

    def full(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        tried.append(args[0])
        raise sqlite3.OperationalError("database or disk is full")

    caplog.set_level(logging.INFO, logger="bot")
    monkeypatch.setattr(sqlite3, "connect", full)
    assert await members_ask(server, 3) == [4, 4, 4]  # answered all the same
    cog: Any = live_bot.get_cog("AskCog")
    await eventually(lambda: len(tried) == 3 and cog._pending == 0, 10, "three counts tried")
    monkeypatch.setattr(sqlite3, "connect", real)
    said = [r for r in caplog.records if r.name.startswith("bot") and r.levelno >= logging.WARNING]
    assert [r.getMessage().split(": ", 1)[1] for r in said] == [
        "database or disk is full (not said again while it lasts)"
    ]
    assert await members_ask(server, 1) == [4]
    await eventually(lambda: live_bot.feedback.stats().questions_asked == 1, 10, "counted")
    assert "works again" in caplog.text
