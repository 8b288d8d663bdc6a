"""A fact picked from the menu under an answer or a decline, over the loopback fake Discord:
what the member sees in its place."""

from __future__ import annotations

from typing import Any

from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot
from bot.discord.embeds import FACT_COLOUR
from bot.wording import WORDINGS
from tests.discord.fake_discord import GUILD_ID, FakeDiscord, Request, kb_command
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


async def test_a_vote_on_a_picked_fact_is_not_queued_as_the_bots_answer(
    server: FakeDiscord, live_bot: CitebotBot, store: KnowledgeStore
) -> None:
    """ "Not helpful" on a fact the member picked from the menu went to the review queue as
    if the bot had answered the question with that fact (and "Exclude" offered to stop it
    answering what it never answered). The vote says it was picked, and /kb unanswered lists
    it apart, without a button; a vote on the bot's own answer, gone back to from the menu,
    stays where it was."""
    found = store.engine.ask(HEDGED)
    assert found.fact_id and found.alternatives
    other = found.alternatives[0].fact_id
    assert other is not None
    await server.interact(server.interaction(2, ask_payload(HEDGED)))
    await pick(server, server.created[-1], other)
    swapped = server.created[-1]
    voted = await vote(server, swapped, helpful=False)
    assert voted.body["data"]["flags"] == 64
    assert live_bot.feedback.not_helpful() == []
    assert live_bot.feedback.not_helpful(picked=True) == [(other, HEDGED, 1)]

    mark = len(server.requests)
    moderator = server.interaction_in(GUILD_ID, 2, kb_command("unanswered"), permissions=0x20)
    assert (await server.interact(moderator)).body["type"] == 5  # deferred: the queue follows
    shown = (await server.wait_for_request("POST", "/webhooks/", after=mark)).body
    fields = {f["name"]: f["value"] for f in shown["embeds"][0].get("fields", [])}
    assert "Answers marked not helpful" not in fields
    assert fields["Picked from the menu, marked not helpful (not the bot's answer)"] == (
        f"• `{other}` — picked for “{HEDGED}” (1 vote(s))"
    )
    assert not shown.get("components")  # no "Exclude" for a fact the bot did not give
    assert shown["allowed_mentions"] == {"parse": []}

    # Back to the bot's own answer through the menu (marked picked, as any choice is): the
    # bot did answer the question with it, so the vote is queued as on its answer.
    await pick(server, swapped, found.fact_id)
    await vote(server, server.created[-1], helpful=False)
    assert live_bot.feedback.not_helpful() == [(found.fact_id, HEDGED, 1)]
    assert live_bot.feedback.not_helpful(picked=True) == [(other, HEDGED, 1)]


async def vote(server: FakeDiscord, message: dict[str, Any], *, helpful: bool) -> Request:
    """The member clicks Helpful or Not helpful under `message`; the bot's first answer."""
    prefix = f"citebot:vote:{int(helpful)}:"
    [button] = [
        item
        for row in message["components"]
        for item in row["components"]
        if item["type"] == 2 and item["custom_id"].startswith(prefix)
    ]
    data = {"custom_id": button["custom_id"], "component_type": 2}
    return await server.interact(server.interaction(3, data, message=message))


async def test_a_vote_on_a_fact_picked_under_a_decline_is_not_the_bots_answer(
    server: FakeDiscord, live_bot: CitebotBot, store: KnowledgeStore, near_miss: str
) -> None:
    """Under a decline the bot gave no fact: one the member picked from "Did you mean…" and
    marked not helpful is queued as picked, not as an answer the bot gave."""
    declined = store.engine.ask(near_miss)
    first = declined.suggestions[0].fact_id
    await server.interact(server.interaction(2, ask_payload(near_miss)))
    await pick(server, server.created[-1], first)
    await vote(server, server.created[-1], helpful=False)
    assert live_bot.feedback.not_helpful() == []
    [(fact_id, _, votes)] = live_bot.feedback.not_helpful(picked=True)
    assert (fact_id, votes) == (first, 1)
