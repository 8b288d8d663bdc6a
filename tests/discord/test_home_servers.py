"""One bot, many servers: only the home server's moderators change the shared knowledge.

The world's guild is the home server (CITEBOT_MODERATION_GUILD_IDS); a second server invites
the bot too, and its admin has Manage Server there. She must neither see `/kb` nor change
anything with a crafted interaction, and her members' questions stay out of the home server's
review queue.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import discord
import pytest
import pytest_asyncio
import simcord
from simcord import ChannelHandle, GuildHandle, MemberActor

from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.checks import NotModerator
from bot.discord.client import create_bot
from bot.settings import Settings
from bot.wording import WORDINGS
from tests.discord.conftest import World, crafted_slash, handled_errors
from tests.discord.test_moderation import FACT, modal_values, snapshot
from tests.discord.test_permissions import KB_COMMANDS


@pytest.fixture
def store(fresh_store: KnowledgeStore) -> KnowledgeStore:
    """These tests may change the knowledge (when a check is wrong): a store of their own."""
    return fresh_store


@dataclass
class Elsewhere:
    """A second server with the bot in it: its admin has Manage Server there."""

    guild: GuildHandle
    channel: ChannelHandle
    admin: MemberActor
    member: MemberActor


@pytest_asyncio.fixture
async def elsewhere(world: World) -> Elsewhere:
    """A second server, and the member commands registered globally as `sync` does."""
    guild = world.env.create_guild("Another server")
    channel = guild.create_text_channel("general")
    admin_role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    admin = guild.add_member(world.env.create_user("mallory"), roles=[admin_role])
    member = guild.add_member(world.env.create_user("carol"))
    await world.bot.tree.sync()  # global: /ask, /fact, /sources, /help (never /kb)
    return Elsewhere(guild, channel, admin, member)


def audit_exists(world: World) -> bool:
    return (world.bot.store.data_dir / "audit.jsonl").exists()


async def test_kb_is_registered_only_in_the_home_server(world: World, elsewhere: Elsewhere) -> None:
    """The home server's admin sees /kb; the other server's admin (Manage Server) does not,
    and /kb is not a global command."""
    assert world.env.backend.find_command("kb", None) is None
    assert "kb stats" in world.admin.available_commands(world.general)
    seen = elsewhere.admin.available_commands(elsewhere.channel)
    assert "ask" in seen and not any(c.startswith("kb") for c in seen)
    kb = world.env.backend.find_command("kb", world.guild.id)
    assert kb is not None and kb.get("integration_types") == [0] and kb.get("contexts") == [0]


@pytest.mark.parametrize(("command", "options"), KB_COMMANDS, ids=[c for c, _ in KB_COMMANDS])
async def test_manage_server_elsewhere_is_refused(
    world: World, elsewhere: Elsewhere, command: str, options: dict[str, Any]
) -> None:
    """A crafted /kb interaction from the other server, by its admin with Manage Server and
    borrowing the home server's command id, changes nothing on disk or in the audit log."""
    before = snapshot(world.bot.store.knowledge_dir)
    result = await crafted_slash(world, elsewhere.admin, elsewhere.channel, command, **options)
    assert result.modal is None
    assert result.ephemeral and result.response is not None
    assert "home server" in result.response.content
    assert snapshot(world.bot.store.knowledge_dir) == before
    assert not audit_exists(world)
    assert [type(e) for e in handled_errors(world.env)] == [NotModerator]


async def test_manage_server_at_home_is_allowed(world: World, elsewhere: Elsewhere) -> None:
    """The same crafted path from the home server's admin works: the check is the server,
    not the way the interaction was made."""
    result = await crafted_slash(world, world.admin, world.general, "kb edit", id=FACT)
    values = modal_values(result.modal)
    saved = await world.admin.submit_modal(result, {**values, "answer": "Checked at home."})
    assert saved.response is not None and saved.response.content.startswith(f"Saved `{FACT}`")
    assert [e.user_name for e in world.bot.store.history(FACT)] == ["jun"]


async def test_queue_and_stats_show_only_this_servers_questions(
    world: World, elsewhere: Elsewhere, near_miss: str
) -> None:
    """A question declined in the other server never reaches the home server's /kb
    unanswered or /kb stats, with either scope; the home server's own question does."""
    await elsewhere.member.slash(elsewhere.channel, "ask", question="what is carol's address?")
    await elsewhere.member.slash(elsewhere.channel, "ask", question="Who controls Dokdo?")
    for scope in ("server", "all"):
        queue = await world.moderator.slash(world.general, "kb unanswered", scope=scope)
        assert queue.response is not None
        assert "carol" not in (queue.response.embeds[0].description or "")
        stats = await world.moderator.slash(world.general, "kb stats", scope=scope)
        assert stats.response is not None
        fields = {f.name: f.value for f in stats.response.embeds[0].fields}
        assert fields["Questions asked"] == "0"

    await world.member.slash(world.general, "ask", question=near_miss)
    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.response is not None
    [recorded] = world.bot.feedback.unanswered(guild_ids=[world.guild.id])
    assert recorded.question in (queue.response.embeds[0].description or "")


async def test_scope_all_adds_up_every_home_server(
    settings: Settings, store: KnowledgeStore, near_miss: str
) -> None:
    """With two home servers, each sees its own queue by default and both with scope all."""
    bot = create_bot(settings, store=store, feedback=FeedbackLog(settings.data_dir))
    env = simcord.Env(bot, strict_sync=False)
    first = env.create_guild("Home one")
    second = env.create_guild("Home two")
    roles = [
        g.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
        for g in (first, second)
    ]
    channels = [g.create_text_channel("general") for g in (first, second)]
    admins = [
        g.add_member(env.create_user(f"admin{i}"), roles=[r])
        for i, (g, r) in enumerate(zip((first, second), roles, strict=True))
    ]
    bot.settings = replace(settings, dev_guild_id=None, moderation_guild_ids=(first.id, second.id))
    await env.start()
    try:
        await admins[1].slash(channels[1], "ask", question=near_miss)
        own = await admins[0].slash(channels[0], "kb unanswered")
        every = await admins[0].slash(channels[0], "kb unanswered", scope="all")
        assert own.response is not None and every.response is not None
        [recorded] = bot.feedback.unanswered()
        assert recorded.question not in (own.response.embeds[0].description or "")
        assert recorded.question in (every.response.embeds[0].description or "")
    finally:
        await env.shutdown()


async def test_without_a_home_server_knowledge_is_read_only(
    settings: Settings, store: KnowledgeStore, caplog: pytest.LogCaptureFixture
) -> None:
    """No home server: /kb is not registered at all, members still ask, and the start says
    so in one log line."""
    bot = create_bot(
        replace(settings, moderation_guild_ids=()),
        store=store,
        feedback=FeedbackLog(settings.data_dir),
    )
    env = simcord.Env(bot)
    guild = env.create_guild(id=settings.dev_guild_id)
    channel = guild.create_text_channel("general")
    admin_role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    admin = guild.add_member(env.create_user("jun"), roles=[admin_role])
    with caplog.at_level(logging.INFO, logger="bot"):
        await env.start()
    try:
        assert env.backend.find_command("kb", guild.id) is None
        assert not any(c.startswith("kb") for c in admin.available_commands(channel))
        asked = await admin.slash(channel, "ask", question="Who controls Dokdo?")
        assert asked.response is not None and asked.response.embeds
        lines = [r.getMessage() for r in caplog.records if "read-only" in r.getMessage()]
        assert len(lines) == 1 and "CITEBOT_MODERATION_GUILD_IDS" in lines[0]
    finally:
        await env.shutdown()


async def test_the_everyone_role_is_no_moderator_role(world: World) -> None:
    """@everyone has the server's own id: with that id among the moderator roles (settings
    refuse it, but a bot built from code may not check), a plain member is still refused, and
    the moderator role still works."""
    settings = world.bot.settings
    world.bot.settings = replace(
        settings, moderator_role_ids=(*settings.moderator_role_ids, world.guild.id)
    )
    before = snapshot(world.bot.store.knowledge_dir)
    refused = await crafted_slash(world, world.member, world.general, "kb edit", id=FACT)
    assert refused.modal is None and refused.response is not None
    assert "Only moderators" in refused.response.content
    assert snapshot(world.bot.store.knowledge_dir) == before
    assert [type(e) for e in handled_errors(world.env)] == [NotModerator]
    opened = await world.moderator.slash(world.general, "kb edit", id=FACT)
    assert opened.modal is not None


async def test_not_helpful_promises_review_only_where_moderators_see_it(
    world: World, elsewhere: Elsewhere
) -> None:
    """ "Not helpful" told every member "the moderators will review this answer", but a vote
    cast in another server never reaches the home moderators' `/kb unanswered` (with either
    scope: other servers' questions are never shown), nor does the help's "tells the
    moderators" hold there. Elsewhere the vote is counted and the member is told only that;
    at home the promise stands, and the vote is in the queue."""
    question = "Who controls Dokdo?"
    asked = await elsewhere.member.slash(elsewhere.channel, "ask", question=question)
    assert asked.response is not None
    vote = await elsewhere.member.click(asked.response, label="Not helpful")
    assert vote.ephemeral and vote.response is not None
    assert vote.response.content == WORDINGS["en"].thanks_not_helpful_noted
    [(_, counted, _)] = world.bot.feedback.not_helpful(guild_ids=[elsewhere.guild.id])
    assert counted.lower() == question.lower()  # counted all the same, as that server's
    for scope in ("server", "all"):
        queue = await world.moderator.slash(world.general, "kb unanswered", scope=scope)
        assert queue.response is not None
        assert not queue.response.embeds[0].fields  # no "Answers marked not helpful"
    help_there = await elsewhere.member.slash(elsewhere.channel, "help")
    assert help_there.response is not None
    assert "moderators" not in str(help_there.response.embeds[0].fields[0].value)  # "rates it"

    at_home = await world.member.slash(world.general, "ask", question=question)
    assert at_home.response is not None
    vote = await world.member.click(at_home.response, label="Not helpful")
    assert vote.response is not None
    assert vote.response.content == WORDINGS["en"].thanks_not_helpful
    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.response is not None
    [field] = queue.response.embeds[0].fields
    assert field.name == "Answers marked not helpful" and question.lower() in str(field.value)
    help_here = await world.member.slash(world.general, "help")
    assert help_here.response is not None
    assert "tells the moderators" in str(help_here.response.embeds[0].fields[0].value)
