"""Fixtures for the Discord adapter: a simulated server (simcord) around the real bot, and a
guard that fails any test in which discord.py (or, unless expected, citebot) logs an ERROR.

discord.py only logs exceptions raised in callbacks, views and listeners, so without the guard
a broken button would pass every test.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio
import simcord
from simcord import ChannelHandle, GuildHandle, MemberActor, RoleHandle

from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot, create_bot
from bot.discord.cogs.moderation import WRONG_FACT_MENU
from bot.settings import Secret, Settings
from tests import conftest as shared_fixtures
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, running, serving

GUILD_ID = 1_234_567_890_123_456_789


class _ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "allow_bot_errors: the test expects citebot (bot.*) to log an ERROR"
    )


@pytest.fixture(autouse=True)
def error_logs(request: pytest.FixtureRequest) -> Iterator[list[logging.LogRecord]]:
    """Fail the test if discord.py logs an ERROR, or citebot does without `allow_bot_errors`."""
    handler = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)
    allowed = request.node.get_closest_marker("allow_bot_errors") is not None
    bad = [
        r
        for r in handler.records
        if r.name == "discord"
        or r.name.startswith("discord.")
        or (not allowed and (r.name == "bot" or r.name.startswith("bot.")))
    ]
    if bad:
        lines = [f"{r.name}: {r.getMessage()}" for r in bad]
        pytest.fail("ERROR logged during the test:\n" + "\n".join(lines), pytrace=False)


@dataclass
class World:
    """A server with the bot in it: channels, roles and members of every kind."""

    env: simcord.Env
    bot: CitebotBot
    guild: GuildHandle
    general: ChannelHandle
    answers: ChannelHandle
    mod_role: RoleHandle
    member: MemberActor
    other: MemberActor
    moderator: MemberActor
    admin: MemberActor


@pytest.fixture
def settings(knowledge_copy: Path, tmp_path: Path) -> Settings:
    """Settings over a writable knowledge copy and a fresh data dir; no file watcher."""
    return Settings(
        knowledge_dir=knowledge_copy,
        data_dir=tmp_path / "data",
        dev_guild_id=GUILD_ID,
        moderation_guild_ids=(GUILD_ID,),
        answer_channel_ids=(1,),  # replaced by the real channel id once the world exists
        watch=False,
    )


@pytest.fixture(scope="session")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeStore:
    """One store over a copy of the shipped knowledge, for tests that never change it.

    Opening a store validates the whole knowledge base (most of a second); tests that change
    knowledge override the `store` fixture with a fresh one.
    """
    root = tmp_path_factory.mktemp("shared")
    shutil.copytree(shared_fixtures.SHIPPED, root / "knowledge")
    return KnowledgeStore(root / "knowledge", root / "data")


@pytest.fixture
def store(shared_store: KnowledgeStore) -> KnowledgeStore:
    """The knowledge store the bot serves (shared and read-only unless overridden)."""
    return shared_store


NEAR_MISSES = [
    "what about dokdo fishing rights in 1800?",
    "how many fishing boats sail near dokdo each year?",
    "what did the emperor eat at the 1965 treaty signing?",
    "who owns the moon?",
]
CHATTER = ["lol same, see you all tomorrow", "ok thanks everyone", "my cat knocked over my plant"]


@pytest.fixture
def near_miss(store: KnowledgeStore) -> str:
    """A question close to the knowledge that the engine still declines (picked from a few,
    since the knowledge grows)."""
    for question in NEAR_MISSES:
        answer = store.engine.ask(question)
        if not answer.answered and answer.suggestions and answer.score >= 0.4:
            return question
    pytest.fail("every near-miss question is answered now; add a new one to NEAR_MISSES")


@pytest.fixture
def chatter(store: KnowledgeStore) -> str:
    """Channel chat that the engine neither answers nor comes close to."""
    for text in CHATTER:
        answer = store.engine.ask(text)
        if not answer.answered and answer.score < 0.4:
            return text
    pytest.fail("every chatter line comes close to a fact now; add a new one to CHATTER")


@pytest.fixture
def fresh_store(settings: Settings) -> KnowledgeStore:
    """A store of its own over this test's knowledge copy, for tests that change knowledge."""
    return KnowledgeStore(settings.knowledge_dir, settings.data_dir)


@pytest_asyncio.fixture
async def world(settings: Settings, store: KnowledgeStore) -> AsyncIterator[World]:
    """The real bot, logged in to a simulated Discord with one guild."""
    bot = create_bot(settings, store=store, feedback=FeedbackLog(settings.data_dir))
    env = simcord.Env(bot)
    guild = env.create_guild("Korea–Japan study group", id=GUILD_ID)
    general = guild.create_text_channel("general")
    answers = guild.create_text_channel("ask-here")
    mod_role = guild.create_role("Fact checkers")
    admin_role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    member = guild.add_member(env.create_user("alice"))
    other = guild.add_member(env.create_user("bob"))
    moderator = guild.add_member(env.create_user("mika"), roles=[mod_role])
    admin = guild.add_member(env.create_user("jun"), roles=[admin_role])
    # The ids exist only now; the bot reads its settings when it starts.
    bot.settings = replace(
        settings, answer_channel_ids=(answers.id,), moderator_role_ids=(mod_role.id,)
    )
    await env.start()
    # As a server admin would under Integrations: let the moderator role see /kb.
    kb = env.backend.find_command("kb", GUILD_ID)
    assert kb is not None, "the /kb group was not synced to the dev guild"
    guild.set_command_permissions(int(kb["id"]), {mod_role: True})
    try:
        yield World(env, bot, guild, general, answers, mod_role, member, other, moderator, admin)
    finally:
        await env.shutdown()
        env._raise_errors_since(env._errors_acknowledged)


@pytest.fixture
def env(world: World) -> simcord.Env:
    """The simulated Discord of `world`."""
    return world.env


# -- what the bot sent ---------------------------------------------------------------------------


def sent_messages(env: simcord.Env) -> list[dict[str, Any]]:
    """The body of every message the bot sent or edited, as it went over the (fake) wire."""
    out: list[dict[str, Any]] = []
    for request in env.http_requests:
        body = request.json
        if not isinstance(body, dict):
            continue
        if request.path.endswith("/callback"):
            if body.get("type") in (4, 7) and isinstance(body.get("data"), dict):
                out.append(body["data"])
        elif request.method in ("POST", "PATCH") and (
            "/messages" in request.path or request.path.startswith("/webhooks/")
        ):
            out.append(body)
    return out


def assert_pings_nobody(env: simcord.Env) -> None:
    """Every message the bot sent carries allowed_mentions with nothing to parse."""
    messages = sent_messages(env)
    assert messages, "the bot sent nothing"
    for body in messages:
        mentions = body.get("allowed_mentions")
        assert mentions is not None, body
        assert mentions.get("parse") == [], body
        assert not mentions.get("users") and not mentions.get("roles"), body
        assert not mentions.get("replied_user"), body


def components(message: Any) -> list[dict[str, Any]]:
    """The interactive components of a message (buttons and selects), flattened."""
    rows = message.components
    flat: list[dict[str, Any]] = []
    for row in rows:
        row_dict = row if isinstance(row, dict) else row.to_dict()
        flat.extend(row_dict.get("components", []))
    return flat


async def crafted_slash(
    world: World, actor: MemberActor, channel: ChannelHandle, command: str, /, **options: Any
) -> simcord.InteractionResult:
    """Invoke a command as a modified client could: skipping the visibility check by which
    Discord hides commands whose default_member_permissions the member lacks."""
    from simcord import interactions as sim_interactions
    from simcord.actors import _dispatch_actor_interaction
    from simcord.enums import AppCommandType, InteractionType

    parts = command.split()
    root = world.env.backend.find_command(parts[0], world.guild.id, AppCommandType.CHAT_INPUT)
    assert root is not None, command
    leaf, nesting = sim_interactions.walk_to_subcommand(root, parts[1:])
    leaf_options, _ = sim_interactions.build_options(
        actor, command, leaf, options, channel_id=channel.id
    )
    data: dict[str, Any] = {
        "id": root["id"],
        "name": root["name"],
        "type": AppCommandType.CHAT_INPUT,
        "options": sim_interactions.nest_options(root, nesting, leaf_options),
    }
    if root.get("guild_id"):
        data["guild_id"] = root["guild_id"]
    return await _dispatch_actor_interaction(
        actor, InteractionType.APPLICATION_COMMAND, channel, data
    )


def handled_errors(env: simcord.Env) -> list[BaseException]:
    """Errors the bot raised and its error handler answered (acknowledged, so teardown passes).

    simcord records every error that reaches the tree's or a view's error handler, also those
    we turn into a friendly message; a test that expects one takes it from here.
    """
    out: list[BaseException] = []
    for error in env.errors:
        out.append(getattr(error, "original", error))
    return out


# -- the loopback fake Discord ---------------------------------------------------------------


@pytest_asyncio.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """The fake Discord on 127.0.0.1, with discord.py's REST base and gateway pointed at it
    (a module may define its own)."""
    async with serving(FakeDiscord(), monkeypatch) as discord_server:
        yield discord_server


@pytest_asyncio.fixture
async def live_bot(
    server: FakeDiscord, settings: Settings, store: KnowledgeStore
) -> AsyncIterator[CitebotBot]:
    """The real bot connected to the fake, with the fake's guild as its home server (a module
    may define its own)."""
    live = replace(
        settings,
        discord_token=Secret(fake.TOKEN),
        dev_guild_id=fake.GUILD_ID,
        moderation_guild_ids=(fake.GUILD_ID,),
    )
    bot = create_bot(
        live, store=store, feedback=FeedbackLog(live.data_dir), guild_ready_timeout=0.1
    )
    async with running(bot):
        yield bot


async def guild_menu(
    world: World, target: Any, monkeypatch: pytest.MonkeyPatch, actor: Any = None
) -> Any:
    """ "Wrong fact for this question" on `target`, by the moderator (or `actor`). simcord's
    context_menu leaves out the interaction data's guild_id, which Discord sends for a guild
    command (as simcord's slash does) and by which discord.py finds a guild's message command:
    added."""
    actor = actor or world.moderator
    original = actor._dispatch_interaction

    async def in_guild(kind: int, channel: Any, data: dict[str, Any], **extra: Any) -> Any:
        data.setdefault("guild_id", str(world.guild.id))
        return await original(kind, channel, data, **extra)

    with monkeypatch.context() as patch:
        patch.setattr(actor, "_dispatch_interaction", in_guild)
        return await actor.context_menu(world.general, WRONG_FACT_MENU, target)
