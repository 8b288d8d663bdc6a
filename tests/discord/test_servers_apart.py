"""One process, many servers: what one server's members do must not change what another
server's moderators see or what its members get. Over the loopback fake Discord."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.moderation.feedback import FeedbackLog
from bot.discord.client import CitebotBot
from bot.discord.cogs.ask import DECLINE_RECORD_RATE
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, Request, eventually
from tests.discord.timed_discord import ask_payload


def queued(feedback: FeedbackLog, guild_id: int) -> list[int]:
    """How often each declined question of one server's review queue was counted."""
    return [row.count for row in feedback.unanswered(20, [guild_id])]


async def test_declines_elsewhere_do_not_use_up_a_members_share_of_the_home_queue(
    server: FakeDiscord, live_bot: CitebotBot, near_miss: str
) -> None:
    """A member's declined questions join the review queue at most a few times per 10 minutes
    (so one member cannot fill it), but the limit was one for every server: three near
    misses asked in another server (whose queue no home moderator sees) kept the member's
    question in the home server out of the home moderators' queue. The limit is per server."""
    for _ in range(DECLINE_RECORD_RATE[0]):
        reply = await server.interact(
            server.interaction_in(fake.OTHER_GUILD_ID, 2, ask_payload(near_miss))
        )
        assert reply.body["data"]["flags"] & 64  # declined, privately
    feedback = live_bot.feedback
    await eventually(
        lambda: queued(feedback, fake.OTHER_GUILD_ID) == [DECLINE_RECORD_RATE[0]],
        5,
        "the other server's declines counted",
    )
    reply = await server.interact(server.interaction(2, ask_payload(near_miss)))
    assert reply.body["data"]["flags"] & 64
    await eventually(
        lambda: queued(feedback, fake.GUILD_ID) == [1],
        5,
        "the home server's decline in its own review queue",
    )


HELP = {"id": "1", "name": "help", "type": 1}


def in_direct_messages(server: FakeDiscord, data: dict[str, Any]) -> dict[str, Any]:
    """An INTERACTION_CREATE from the member in a direct message with the bot."""
    payload = server.interaction(2, data)
    del payload["guild_id"], payload["member"]
    payload["user"] = fake.MEMBER_USER
    payload["channel"] = {"id": "123", "type": 1, "recipients": [fake.MEMBER_USER]}
    payload["channel_id"] = "123"
    payload["context"] = 1
    payload["authorizing_integration_owners"] = {"0": "0"}
    return payload


def user_installed_in(server: FakeDiscord, guild_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """An INTERACTION_CREATE from the member's own install of the app (a user install) in a
    server the bot is not in."""
    payload = server.interaction_in(guild_id, 2, data)
    payload["authorizing_integration_owners"] = {"1": str(fake.MEMBER_ID)}
    return payload


def help_text(reply: Request) -> str:
    """Every field of the /help embed, as one text."""
    [embed] = reply.body["data"]["embeds"]
    return "\n".join(f"{f['name']}: {f['value']}" for f in embed["fields"])


@pytest.mark.parametrize("where", ["direct-message", "user-install"])
async def test_help_offers_mentions_only_where_the_bot_reads_them(
    server: FakeDiscord, live_bot: CitebotBot, where: str
) -> None:
    """`/help` told every member to mention the bot, also in a direct message (the bot reads
    no direct messages: it has no intent for them) and through a user install in a server
    the bot is not in (it receives none of that server's messages): the mention got nothing.
    There it offers `/ask` alone; in a server the bot is in, mentions too."""
    if where == "direct-message":
        payload = in_direct_messages(server, HELP)
    else:
        payload = user_installed_in(server, fake.OTHER_GUILD_ID, HELP)
    elsewhere = help_text(await server.interact(payload))
    assert "/ask" in elsewhere and "Mention me" not in elsewhere
    at_home = help_text(await server.interact(server.interaction(2, HELP)))
    assert "Mention me" in at_home


async def test_help_offers_no_mentions_through_a_commands_only_server_install(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """An app added to a server with the applications.commands scope alone is installed there
    (a guild integration) without the bot being a member: it receives none of that server's
    messages, so a mention there gets nothing, and `/help` offers `/ask` alone."""
    payload = server.interaction_in(fake.OTHER_GUILD_ID, 2, HELP)
    payload["authorizing_integration_owners"] = {"0": str(fake.OTHER_GUILD_ID)}
    assert live_bot.get_guild(fake.OTHER_GUILD_ID) is None  # the bot is not in that server
    text = help_text(await server.interact(payload))
    assert "/ask" in text and "Mention me" not in text
