"""What the adapter puts on the wire, over the loopback fake Discord: text a member typed or a
moderator saved reaches Discord inert (no live markup) and within its limits."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.discord.client import CitebotBot
from tests.discord.fake_discord import FakeDiscord
from tests.discord.timed_discord import ask_payload

# Discord's tags: a timestamp, a channel, a slash command, a custom emoji, a guide link.
TAGS = "<t:0:R> <#123456789012345678> </kb remove:123456789012345678> <:dokdo:1234567> <id:guide>"
_LIVE_TAG = re.compile(r"(?<!\\)<(?:t:|#|/|a?:|id:)")


async def ask(server: FakeDiscord, question: str) -> dict[str, Any]:
    """A member's `/ask`: the data of the bot's reply (its first response)."""
    mark = len(server.requests)
    await server.dispatch("INTERACTION_CREATE", server.interaction(2, ask_payload(question)))
    reply = await server.wait_for_request("POST", "/callback", after=mark)
    assert reply.body["type"] == 4, reply.body
    data: dict[str, Any] = reply.body["data"]
    return data


@pytest.mark.parametrize(
    ("question", "answered"),
    [("who controls dokdo <t:0:R>", True), (f"how tall is fuji {TAGS}", False)],
)
async def test_discord_tags_in_a_question_are_echoed_as_typed(
    server: FakeDiscord, live_bot: CitebotBot, question: str, answered: bool
) -> None:
    """A timestamp, channel, slash command or emoji tag in a question is shown as the text
    typed, in an answer's title and in a decline's "You asked": they were sent live, so
    Discord drew a date, a channel link or a clickable command where the member's words
    were (and so did the review queue, beside an answer voted not helpful)."""
    reply = await ask(server, question)
    embed = reply["embeds"][0]
    assert (embed["title"] != "No sourced answer") == answered
    echoed = embed["title"] if answered else embed["description"]
    assert question.split("<")[0] in echoed, echoed
    assert _LIVE_TAG.search(echoed) is None, echoed
