"""Buttons after a restart: the answer's components work with a new client, and any click the
bot cannot handle is answered with a sentence, never "interaction failed".

Over the loopback fake Discord: one client answers, closes, and a NEW client (the restart, with
nothing in memory from the first) receives the click on the first client's message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import discord
import pytest
import pytest_asyncio

from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot, create_bot
from bot.discord.formatting import TYPED_FILE
from bot.discord.stale import STALE_FORM
from bot.settings import Secret, Settings
from bot.wording import WORDINGS
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, Request, running, serving

QUESTION = "Who controls Dokdo?"
EPHEMERAL = 64


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


def new_bot(settings: Settings, store: KnowledgeStore) -> CitebotBot:
    """A client as `run` makes one; the feedback log is reopened from its file, as on start."""
    return create_bot(
        settings, store=store, feedback=FeedbackLog(settings.data_dir), guild_ready_timeout=0.1
    )


def component(message: dict[str, Any], kind: int) -> dict[str, Any]:
    """The first component of this type (2 button, 3 select) in a message payload."""
    for row in message["components"]:
        for item in row["components"]:
            if item["type"] == kind:
                return dict(item)
    raise AssertionError(f"no component of type {kind} in {message['components']}")


def pressed(message: dict[str, Any], label: str) -> dict[str, Any]:
    """The interaction data of a click on the button with this label."""
    for row in message["components"]:
        for item in row["components"]:
            if item.get("label") == label:
                return {"custom_id": item["custom_id"], "component_type": 2}
    raise AssertionError(f"no {label!r} button in {message['components']}")


async def answered_before_restart(
    server: FakeDiscord, settings: Settings, store: KnowledgeStore
) -> dict[str, Any]:
    """/ask answered by a first client, which then shuts down; the answer's message."""
    async with running(new_bot(settings, store)):
        mark = len(server.requests)
        data = {
            "id": "1",
            "name": "ask",
            "type": 1,
            "options": [{"name": "question", "type": 3, "value": QUESTION}],
        }
        await server.dispatch("INTERACTION_CREATE", server.interaction(2, data))
        await server.wait_for_request("POST", "/callback", after=mark)
    return server.created[-1]


async def click(server: FakeDiscord, message: dict[str, Any], data: dict[str, Any]) -> Request:
    """A member's click on `message`; the bot's first answer to it."""
    mark = len(server.requests)
    await server.dispatch("INTERACTION_CREATE", server.interaction(3, data, message=message))
    return await server.wait_for_request("POST", "/callback", after=mark)


async def test_votes_after_a_restart_are_counted(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore
) -> None:
    """A vote on an answer from before the restart is recorded, with the question asked."""
    message = await answered_before_restart(server, live_settings, store)
    fact_id = store.engine.ask(QUESTION).fact_id
    async with running(new_bot(live_settings, store)) as bot:
        voted = await click(server, message, pressed(message, "Not helpful"))
        assert voted.body["type"] == 4 and voted.body["data"]["flags"] & EPHEMERAL
        assert "moderators will review" in voted.body["data"]["content"]
        [(voted_fact, question, votes)] = bot.feedback.not_helpful()
        assert (voted_fact, question.lower(), votes) == (fact_id, QUESTION.lower(), 1)
        again = await click(server, message, pressed(message, "Helpful"))
        assert "already voted" in again.body["data"]["content"]


async def test_not_what_you_meant_after_a_restart_swaps_in_place(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore
) -> None:
    """The asker's pick from the menu replaces the answer in place, titled with their question,
    and the new menu offers the original fact to go back to."""
    message = await answered_before_restart(server, live_settings, store)
    original = store.engine.ask(QUESTION).fact_id
    menu = component(message, 3)
    pick = menu["options"][0]["value"]
    async with running(new_bot(live_settings, store)):
        swapped = await click(
            server,
            message,
            {"custom_id": menu["custom_id"], "component_type": 3, "values": [pick]},
        )
    assert swapped.body["type"] == 7  # the message itself is updated
    [embed] = swapped.body["data"]["embeds"]
    assert embed["footer"]["text"].startswith(f"fact {pick} ·")
    assert embed["title"] == QUESTION
    assert swapped.body["data"]["allowed_mentions"] == {"parse": []}
    new_menu = component(swapped.body["data"], 3)
    offered = {o["value"] for o in new_menu["options"]}
    assert original in offered and pick not in offered


async def test_a_click_past_the_deadline_says_so_and_removes_the_buttons(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore
) -> None:
    """Buttons work 10 minutes from when the answer was sent, also across a restart: a later
    click removes them (all but the asker's Remove) and tells the member why, privately; no
    vote is recorded."""
    message = await answered_before_restart(server, live_settings, store)
    sent = discord.utils.utcnow() - timedelta(minutes=11)
    message = {**message, "id": str(discord.utils.time_snowflake(sent))}
    async with running(new_bot(live_settings, store)) as bot:
        mark = len(server.requests)
        voted = await click(server, message, pressed(message, "Helpful"))
        assert voted.body["type"] == 7
        [row] = voted.body["data"]["components"]
        assert [c["label"] for c in row["components"]] == ["Remove"]
        note = await server.wait_for_request("POST", "/webhooks/", after=mark)
        assert (
            note.body["content"] == WORDINGS["en"].buttons_expired
            and note.body["flags"] & EPHEMERAL
        )
        assert bot.feedback.stats().helpful == 0


async def test_remove_after_a_restart_is_the_askers_alone(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore
) -> None:
    """The Remove button needs nothing from before the restart (its custom id names the
    asker) and outlasts the 10 minutes: another member is told privately that only the asker
    can remove the answer; the asker's click deletes it, through the click's own token."""
    message = await answered_before_restart(server, live_settings, store)
    sent = discord.utils.utcnow() - timedelta(minutes=11)
    message = {**message, "id": str(discord.utils.time_snowflake(sent))}
    someone = {**fake.MEMBER_USER, "id": str(fake.OWNER_ID), "username": "bob"}
    async with running(new_bot(live_settings, store)):
        mark = len(server.requests)
        payload = server.interaction(
            3,
            pressed(message, "Remove"),
            message=message,
            member=fake.member_payload(someone, permissions=0x0C00),
        )
        await server.dispatch("INTERACTION_CREATE", payload)
        refused = await server.wait_for_request("POST", "/callback", after=mark)
        assert refused.body["type"] == 4 and refused.body["data"]["flags"] & EPHEMERAL
        assert refused.body["data"]["content"] == WORDINGS["en"].remove_not_yours
        assert not any(r.method == "DELETE" for r in server.requests[mark:])
        removed = await click(server, message, pressed(message, "Remove"))
        assert removed.body["type"] == 6  # the click acknowledged; the message goes next
        await server.wait_for_request("DELETE", "/messages/@original", after=mark)


async def test_a_mention_reply_from_before_a_restart_is_its_askers_to_remove(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore
) -> None:
    """After a restart the bot no longer knows which reply answers which message, so deleting
    the mention leaves the reply (which repeats it) up; its Remove button still names the
    member who asked, whose click takes it down."""
    async with running(new_bot(live_settings, store)):
        mark = len(server.requests)
        asked = server.user_message(
            f"<@{fake.BOT_ID}> {QUESTION}",
            [{**fake.BOT_USER, "member": fake.member_payload(fake.BOT_USER)}],
        )
        await server.dispatch("MESSAGE_CREATE", asked)
        posted = await server.wait_for_request(
            "POST", f"/channels/{fake.CHANNEL_ID}/messages", after=mark
        )
    reply = server.message(fake.CHANNEL_ID, fake.BOT_USER, posted.body)
    async with running(new_bot(live_settings, store)):
        mark = len(server.requests)
        removed = await click(server, reply, pressed(reply, "Remove"))
        assert removed.body["type"] == 6
        await server.wait_for_request("DELETE", "/messages/@original", after=mark)


async def test_a_fact_removed_since_is_said_to_be_gone(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore
) -> None:
    """A pick of a fact that no longer exists gets a private sentence, not a failure."""
    message = await answered_before_restart(server, live_settings, store)
    menu = component(message, 3)
    menu["options"] = [{"label": "Gone", "value": "no-such-fact"}]
    message = {**message, "components": [{"type": 1, "components": [menu]}]}
    async with running(new_bot(live_settings, store)):
        picked = await click(
            server,
            message,
            {"custom_id": menu["custom_id"], "component_type": 3, "values": ["no-such-fact"]},
        )
    assert picked.body["type"] == 4 and picked.body["data"]["flags"] & EPHEMERAL
    assert picked.body["data"]["content"] == WORDINGS["en"].picked_gone


async def test_a_long_stale_form_gives_its_whole_text_back_attached(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore
) -> None:
    """A form holds up to 12,000 characters and a message 2,000: the reply shows the start of
    what was typed and attaches all of it, as typed (backticks included), not cut at 1,400."""
    answer = "A careful rewrite with `code` in it. " * 60
    quote = "The passage, found after an hour of reading. " * 40
    data = fake.modal_submit("0123456789abcdef", {"answer": answer, "quote": quote})
    message = await answered_before_restart(server, live_settings, store)
    async with running(new_bot(live_settings, store)):
        mark = len(server.requests)
        await server.dispatch("INTERACTION_CREATE", server.interaction(5, data, message=message))
        reply = await server.wait_for_request("POST", "/callback", after=mark)
    content = reply.body["data"]["content"]
    assert content.startswith(STALE_FORM) and len(content) <= 2000
    assert f"all {len(answer.strip()) + 2 + len(quote.strip()):,} characters" in content
    assert reply.files == {TYPED_FILE: f"{answer.strip()}\n\n{quote.strip()}".encode()}
    assert reply.body["data"]["flags"] & EPHEMERAL


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (3, {"custom_id": "citebot:vote:1", "component_type": 2}),  # a vote from before 2.0
        (3, {"custom_id": "citebot:next", "component_type": 2}),  # a page of /fact search
        (3, {"custom_id": "citebot:confirm", "component_type": 2}),  # a /kb remove confirm
        (5, fake.modal_submit("0123456789abcdef", {"answer": "typed before the restart"})),
    ],
    ids=["old-vote", "page", "confirm", "form"],
)
async def test_clicks_nobody_handles_get_a_sentence(
    server: FakeDiscord,
    live_settings: Settings,
    store: KnowledgeStore,
    kind: int,
    data: dict[str, Any],
) -> None:
    """A leftover button or form the new client does not know is answered privately."""
    message = await answered_before_restart(server, live_settings, store)
    async with running(new_bot(live_settings, store)):
        mark = len(server.requests)
        await server.dispatch("INTERACTION_CREATE", server.interaction(kind, data, message=message))
        answer = await server.wait_for_request("POST", "/callback", after=mark)
    assert answer.body["type"] == 4 and answer.body["data"]["flags"] & EPHEMERAL
    content = answer.body["data"]["content"]
    if kind == 5:  # a form gives back what was typed in it: a moderator's work is never lost
        assert content.startswith(STALE_FORM) and "typed before the restart" in content
    else:
        assert content == WORDINGS["en"].stale_buttons
    assert answer.body["data"]["allowed_mentions"] == {"parse": []}


SEARCH = {
    "id": "1",
    "name": "fact",
    "type": 1,
    "options": [
        {
            "name": "search",
            "type": 1,
            "options": [{"name": "query", "type": 3, "value": "comfort women"}],
        }
    ],
}


@pytest.mark.parametrize("language", ["ko", "ja"])
async def test_a_page_click_is_refused_in_the_clickers_discord_language(
    server: FakeDiscord, live_settings: Settings, store: KnowledgeStore, language: str
) -> None:
    """Another member's click on a search's Next ("Only the member who ran this can turn its
    pages…") and any click on the pages once the bot restarted ("These buttons no longer
    work…") were English to a member whose Discord is in Korean or Japanese. Both speak the
    clicker's Discord language, as the other notes of a click on someone's message do (Remove,
    votes): whoever clicks may not read the language of what was searched."""
    words = WORDINGS[language]  # type: ignore[index]
    someone = {**fake.MEMBER_USER, "id": str(fake.OWNER_ID), "username": "bob"}
    async with running(new_bot(live_settings, store)):
        searched = await server.interact(server.interaction(2, SEARCH))
        assert searched.body["type"] == 4
        pages = server.created[-1]
        refused = await server.interact(
            server.interaction(
                3,
                pressed(pages, "Next"),
                message=pages,
                member=fake.member_payload(someone, permissions=0x0C00),
                locale=language,
            )
        )
        assert refused.body["type"] == 4 and refused.body["data"]["flags"] & EPHEMERAL
        assert refused.body["data"]["content"] == words.pages_not_yours
    async with running(new_bot(live_settings, store)):
        stale = await server.interact(
            server.interaction(3, pressed(pages, "Next"), message=pages, locale=language)
        )
    assert stale.body["type"] == 4 and stale.body["data"]["flags"] & EPHEMERAL
    assert stale.body["data"]["content"] == words.stale_buttons
