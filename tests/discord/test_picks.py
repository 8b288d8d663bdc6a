"""A fact picked from the menu under an answer or a decline, over the loopback fake Discord:
what the member sees in its place."""

from __future__ import annotations

from typing import Any

from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot
from bot.discord.embeds import FACT_COLOUR
from bot.wording import WORDINGS
from tests.discord.fake_discord import FakeDiscord, Request
from tests.discord.timed_discord import ask_payload

HEDGED = "what is gsomia"


def menu_of(message: dict[str, Any]) -> dict[str, Any]:
    """The select menu of a message payload."""
    for row in message["components"]:
        for item in row["components"]:
            if item["type"] == 3:
                return dict(item)
    raise AssertionError(f"no menu in {message['components']}")


async def pick(server: FakeDiscord, message: dict[str, Any], fact_id: str) -> Request:
    """The asker picks `fact_id` from the menu of `message`; the bot's first answer."""
    menu = menu_of(message)
    data = {"custom_id": menu["custom_id"], "component_type": 3, "values": [fact_id]}
    return await server.interact(server.interaction(3, data, message=message))


async def test_going_back_to_a_hedged_answer_keeps_it_unsure(
    server: FakeDiscord, live_bot: CitebotBot, store: KnowledgeStore
) -> None:
    """A fact shown because the member picked it is their choice, not a match: its footer
    gave "confidence 1.00", so going back from the menu to the answer the bot was not sure of
    restated it as certain (no "not sure", the confident colour) under the member's question."""
    found = store.engine.ask(HEDGED)
    assert found.hedged and found.fact_id and found.alternatives
    asked = await server.interact(server.interaction(2, ask_payload(HEDGED)))
    first = asked.body["data"]
    assert first["embeds"][0]["author"]["name"] == WORDINGS["en"].hedged_author
    other = found.alternatives[0].fact_id
    assert other is not None
    swapped = (await pick(server, server.created[-1], other)).body["data"]
    back = (await pick(server, server.created[-1], found.fact_id)).body["data"]
    for data, fact_id in ((swapped, other), (back, found.fact_id)):
        footer = data["embeds"][0]["footer"]["text"]
        assert footer.startswith(f"fact {fact_id} ·"), footer
        assert "confidence" not in footer, footer
        assert data["embeds"][0]["author"]["name"] == WORDINGS["en"].picked_author
        assert data["embeds"][0]["color"] != FACT_COLOUR.value
