"""Mentions of the bot over the loopback fake Discord: what the member gets back when
something goes wrong on the bot's side."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.discord.client import CitebotBot
from bot.discord.cogs import ask, ask_messages
from bot.discord.errors import APOLOGY
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord

MENTION = {**fake.BOT_USER, "member": fake.member_payload(fake.BOT_USER)}
MESSAGES = f"/channels/{fake.CHANNEL_ID}/messages"


async def mention_reply(server: FakeDiscord, text: str) -> dict[str, Any]:
    """The member's message mentioning the bot; the body of the bot's reply to it."""
    mark = len(server.requests)
    payload = server.user_message(f"<@{fake.BOT_ID}> {text}", [MENTION])
    await server.dispatch("MESSAGE_CREATE", payload)
    reply = await server.wait_for_request("POST", MESSAGES, after=mark)
    body: dict[str, Any] = reply.body
    assert body["message_reference"]["message_id"] == int(payload["id"])
    return body


def broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug in the engine")


@pytest.mark.allow_bot_errors
async def test_a_bug_answering_a_mention_is_apologised_for(
    server: FakeDiscord,
    live_bot: CitebotBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The engine raising on a mention: the member got no reply at all (discord.py only
    logged "Ignoring exception in on_message"); now the apology a command gets, as a reply
    that pings nobody, with the traceback in citebot's log. The next question is answered."""
    with monkeypatch.context() as patch:
        patch.setattr(live_bot.store.engine, "ask", broken)
        with caplog.at_level(logging.ERROR):
            reply = await mention_reply(server, "who controls dokdo?")
    assert reply["content"] == APOLOGY and not reply.get("embeds")
    assert reply["allowed_mentions"] == {"parse": [], "replied_user": False}
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.name == "bot.discord.cogs.ask_messages" and record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)
    answered = await mention_reply(server, "who controls dokdo?")
    assert answered["embeds"][0]["footer"]["text"].startswith("fact ")


@pytest.mark.allow_bot_errors
async def test_a_bug_after_the_cooldown_let_a_reply_through_is_still_apologised_for(
    server: FakeDiscord, live_bot: CitebotBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug while building the reply, after the cooldowns granted it: the apology takes the
    reply granted. It asked the cooldowns for a second one, so each failure cost the member
    two of their three replies, and the second mention in a row got nothing at all. The
    cooldown still bounds the replies: past the member's three, only the note to slow down."""
    monkeypatch.setattr(ask_messages, "answer_embed", broken)
    for _ in range(ask.MESSAGE_USER_RATE[0]):
        reply = await mention_reply(server, "who controls dokdo?")
        assert reply["content"] == APOLOGY
    reply = await mention_reply(server, "who controls dokdo?")
    assert reply["content"].startswith("You're asking quickly")


@pytest.mark.parametrize("invisible", ["\u200b", "\u2066\u2069", "\u3164", "\u200d\ufe0f"])
async def test_a_mention_with_nothing_visible_is_not_echoed(
    server: FakeDiscord, live_bot: CitebotBot, invisible: str
) -> None:
    """The bot's mention and invisible characters only (a zero-width space, bidi isolates,
    the Hangul filler): the bot asks for a question, and no longer echoes "You asked: “”"
    with nothing between the quotes."""
    reply = await mention_reply(server, invisible)
    description = reply["embeds"][0]["description"]
    assert description.startswith("Ask me a question")
    assert "You asked" not in description
