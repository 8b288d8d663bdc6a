""" "@citebot" typed in Discord often picks the bot's own managed role (the role Discord makes
for a bot when it joins, offered by the autocomplete beside the bot user under the same name):
the message then holds "<@&ROLE>", and the bot stayed silent. It answers it as a mention of
itself; a mention of any other role is not one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.discord.addressed import mentions, strip_mentions_of
from bot.discord.client import CitebotBot
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, eventually, serving

BOT_ROLE_ID = 900_000_000_000_000_042
OTHER_ROLE_ID = 900_000_000_000_000_043
_plain_guild = fake.guild_payload


def guild_with_the_bots_role() -> dict[str, Any]:
    guild = _plain_guild()
    role = {"permissions": "0", "color": 0, "hoist": False, "mentionable": True, "flags": 0}
    guild["roles"] += [
        {
            **role,
            "id": str(BOT_ROLE_ID),
            "name": "citebot",
            "position": 1,
            "managed": True,
            "tags": {"bot_id": str(fake.BOT_ID)},
        },
        {**role, "id": str(OTHER_ROLE_ID), "name": "helpers", "position": 2, "managed": False},
    ]
    for member in guild["members"]:
        if member["user"]["id"] == fake.BOT_USER["id"]:
            member["roles"] = [str(BOT_ROLE_ID)]
    return guild


@pytest_asyncio.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    monkeypatch.setattr(fake, "guild_payload", guild_with_the_bots_role)
    async with serving(FakeDiscord(), monkeypatch) as discord_server:
        yield discord_server


def replies(server: FakeDiscord, mark: int) -> list[Any]:
    """The bot's messages in the channel since request `mark`."""
    messages = f"/channels/{fake.CHANNEL_ID}/messages"
    return [r for r in server.requests[mark:] if r.method == "POST" and r.path == messages]


async def ask_mentioning(server: FakeDiscord, content: str, role_id: int) -> int:
    """Send `content` with `role_id` among its role mentions; the request count before it."""
    mark = len(server.requests)
    payload = server.user_message(content, [])
    payload["mention_roles"] = [str(role_id)]
    await server.dispatch("MESSAGE_CREATE", payload)
    return mark


async def test_a_mention_of_the_bots_own_role_is_answered(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    guild = live_bot.get_guild(fake.GUILD_ID)
    assert guild is not None and guild.self_role is not None
    mark = await ask_mentioning(server, f"<@&{BOT_ROLE_ID}> who controls dokdo?", BOT_ROLE_ID)
    await eventually(lambda: replies(server, mark), 20, "a reply to the role's mention")
    [reply] = replies(server, mark)
    assert reply.body["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_a_mention_of_another_role_is_not_a_question_to_the_bot(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """Then a mention of the bot, answered: by its reply, one to the first would have come
    too (the first message's handler started first and does the same work)."""
    mark = await ask_mentioning(server, f"<@&{OTHER_ROLE_ID}> who controls dokdo?", OTHER_ROLE_ID)
    await server.dispatch(
        "MESSAGE_CREATE", server.user_message(f"<@{fake.BOT_ID}> who controls dokdo?", [])
    )
    await eventually(lambda: replies(server, mark), 20, "the reply to the bot's mention")
    assert len(replies(server, mark)) == 1


def test_the_role_mention_is_read_and_stripped_like_the_users() -> None:
    text = f"<@&{BOT_ROLE_ID}> who controls dokdo? <@{fake.BOT_ID}>"
    assert mentions(fake.BOT_ID, text, BOT_ROLE_ID)
    assert not mentions(fake.BOT_ID, f"<@&{OTHER_ROLE_ID}> hi", BOT_ROLE_ID)
    assert strip_mentions_of(fake.BOT_ID, text, BOT_ROLE_ID) == "who controls dokdo?"
