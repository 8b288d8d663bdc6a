"""The bot itself: intents, sharding, command registration and syncing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import discord
import pytest
import simcord
from simcord import SetupError

from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot, ShardedCitebotBot, build_intents, create_bot
from bot.settings import Settings
from tests.discord.conftest import GUILD_ID


@pytest.mark.parametrize(("channels", "content"), [((), False), ((123,), True)])
def test_intents_are_minimal(channels: tuple[int, ...], content: bool) -> None:
    """Guilds and guild messages only; message content only with answer channels."""
    intents = build_intents(Settings(answer_channel_ids=channels))
    assert intents.guilds and intents.guild_messages
    assert intents.message_content is content
    assert not (intents.members or intents.presences or intents.dm_messages)


def test_mentions_are_off_by_default() -> None:
    """The client-wide default pings nobody, in case a send ever forgets its own."""
    bot = create_bot(Settings())
    mentions = bot.allowed_mentions
    assert mentions is not None and mentions.to_dict() == {"parse": []}
    assert not mentions.replied_user


def test_shards_make_an_auto_sharded_bot() -> None:
    """CITEBOT_SHARD_COUNT/IDS select the sharded client with those shards."""
    plain = create_bot(Settings())
    assert type(plain) is CitebotBot
    sharded = create_bot(Settings(shard_count=4, shard_ids=(2, 3)))
    assert isinstance(sharded, ShardedCitebotBot)
    assert isinstance(sharded, discord.AutoShardedClient)
    assert (sharded.shard_count, sharded.shard_ids) == (4, [2, 3])


async def test_sharded_bot_answers(settings: Settings, store: KnowledgeStore) -> None:
    """The sharded bot runs the same cogs: /ask works in a guild of shard 1 of 2."""
    bot = create_bot(
        replace(settings, shard_count=2, dev_guild_id=None),
        store=store,
        feedback=FeedbackLog(settings.data_dir),
    )
    env = simcord.Env(bot, strict_sync=False)  # no dev guild: commands registered on use
    guild = env.create_guild(shard_id=1)
    channel = guild.create_text_channel("general")
    member = guild.add_member(env.create_user("alice"))
    await env.start()
    try:
        result = await member.slash(channel, "ask", question="Who controls Dokdo?")
        assert result.response is not None and result.response.embeds
    finally:
        await env.shutdown()


async def test_without_a_dev_guild_nothing_is_synced_at_start(
    tmp_path: Path, settings: Settings, store: KnowledgeStore
) -> None:
    """Commands reach Discord only through the dev guild or `python -m bot sync`."""
    bot = create_bot(
        replace(settings, dev_guild_id=None), store=store, feedback=FeedbackLog(tmp_path / "d")
    )
    async with simcord.run(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        member = guild.add_member(env.create_user("alice"))
        assert not [r for r in env.http_requests if r.method == "PUT"]
        with pytest.raises(SetupError, match="never synced"):
            await member.slash(channel, "ask", question="Who controls Dokdo?")


async def test_registered_commands(world: object) -> None:
    """What Discord gets: described commands; /kb guild-only with Manage Server by default;
    /ask's question limited to 1,000 characters."""
    from tests.discord.conftest import World

    assert isinstance(world, World)
    backend = world.env.backend
    names = {"ask", "fact", "sources", "help", "kb"}
    commands = {n: backend.find_command(n, GUILD_ID) for n in names}
    assert all(commands.values())
    kb = commands["kb"]
    assert kb is not None
    assert int(kb["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    assert kb.get("contexts") == [0]
    subcommands = {o["name"] for o in kb["options"]}
    assert subcommands == {
        "add",
        "edit",
        "remove",
        "alias",
        "unalias",
        "alias-history",
        "exclude",
        "teach",
        "history",
        "revert",
        "unanswered",
        "stats",
        "reload",
    }
    ask = commands["ask"]
    assert ask is not None
    [question] = ask["options"]
    assert question["max_length"] == 1000 and question["autocomplete"]
    for command in commands.values():
        assert command is not None and 0 < len(command["description"]) <= 100
