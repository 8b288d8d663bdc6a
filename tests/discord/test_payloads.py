"""What the adapter puts on the wire, over the loopback fake Discord: text a member typed or a
moderator saved reaches Discord inert (no live markup) and within its limits."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from bot.core.moderation.edits import Actor
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot, create_bot
from bot.settings import Secret, Settings
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, kb_command, modal_submit, running
from tests.discord.test_moderation import FACT
from tests.discord.timed_discord import ask_payload

# Discord's tags: a timestamp, a channel, a slash command, a custom emoji, a guide link.
TAGS = "<t:0:R> <#123456789012345678> </kb remove:123456789012345678> <:dokdo:1234567> <id:guide>"
_LIVE_TAG = re.compile(r"(?<!\\)<(?:t:|#|/|a?:|id:)")


async def ask(server: FakeDiscord, question: str) -> dict[str, Any]:
    """A member's `/ask`: the data of the bot's reply (its first response)."""
    reply = await server.interact(server.interaction(2, ask_payload(question)))
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


def form_values(modal: dict[str, Any]) -> dict[str, str]:
    """custom_id -> prefilled value of every text input of a modal as sent."""
    return {
        item["custom_id"]: item.get("value") or ""
        for row in modal["components"]
        for item in row["components"]
    }


@pytest.fixture
def store(fresh_store: KnowledgeStore) -> KnowledgeStore:
    """Tests that save facts get a store of their own."""
    return fresh_store


async def test_a_conflicting_editors_name_is_shown_as_written(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """A form saved after someone else changed the fact is refused naming who did: that name
    (a Discord username may hold `__`, which underlines) was sent unescaped, as every other
    refusal's text is not, and showed mangled."""
    options = [{"name": "id", "type": 3, "value": FACT}]
    opened = await server.interact(
        server.interaction_in(
            fake.GUILD_ID, 2, kb_command("edit", options), permissions=fake.MANAGE_GUILD
        )
    )
    assert opened.body["type"] == 9, opened.body  # the form, filled in
    other = Actor(None, "kim__lee__")
    live_bot.store.exclude_question(FACT, "what do the fishermen near dokdo catch", other)
    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction_in(
            fake.GUILD_ID,
            5,
            modal_submit(opened.body["data"]["custom_id"], form_values(opened.body["data"])),
            permissions=fake.MANAGE_GUILD,
        ),
    )
    refused = await server.wait_for_request("POST", "/webhooks/", after=mark)
    content = refused.body["content"]
    assert "has changed since you opened it" in content, content
    assert "by kim\\_\\_lee\\_\\_ at" in content, content
    assert refused.body["allowed_mentions"]["parse"] == []


async def test_a_mention_is_answered_where_the_bot_may_not_reply(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """A channel that denies the bot Read Message History refuses every reply (403, code
    160002): the answer to a mention was dropped with a log line, the member got nothing. It
    is sent to the channel instead, as a plain message that pings nobody, with its menu."""
    messages = f"/channels/{fake.CHANNEL_ID}/messages"
    server.faults.append(
        fake.Fault(
            "POST", messages, 403, 160002, "Cannot reply without permission to read message history"
        )
    )
    mention = {**fake.BOT_USER, "member": fake.member_payload(fake.BOT_USER)}
    mark = len(server.requests)
    await server.dispatch(
        "MESSAGE_CREATE", server.user_message(f"<@{fake.BOT_ID}> who controls dokdo?", [mention])
    )
    refused = await server.wait_for_request("POST", messages, after=mark)
    assert refused.body["message_reference"]["message_id"]
    sent = await server.wait_for_request("POST", messages, after=server.requests.index(refused) + 1)
    assert "message_reference" not in sent.body
    assert sent.body["allowed_mentions"]["parse"] == []
    assert sent.body["embeds"][0]["footer"]["text"].startswith("fact ")
    assert sent.body["components"], "the answer's menu and votes"


# The longest id a fact may have (80 characters): with the asker's id it no longer fits the
# menu's custom id (100).
LONG_ID = "territory-liancourt-rocks-ownership-occupied-by-south-korea-disputed-by-japan-no"


def menu_of(message: dict[str, Any]) -> dict[str, Any]:
    """The select menu of a message payload."""
    return next(c for row in message["components"] for c in row["components"] if c["type"] == 3)


async def test_the_asker_can_go_back_to_a_fact_whose_id_is_too_long_for_the_menu(
    server: FakeDiscord, settings: Settings
) -> None:
    """After picking another fact from "Not what you meant?", the menu offers the answer's
    own fact to go back to. A fact id too long to ride in the menu's custom id was dropped
    there, and with it the way back: it is read from the answer's footer instead, as the
    votes' is."""
    facts = settings.knowledge_dir / "facts" / "territory.yaml"
    facts.write_text(facts.read_text("utf-8").replace(FACT, LONG_ID), "utf-8")
    live = replace(settings, discord_token=Secret(fake.TOKEN), dev_guild_id=fake.GUILD_ID)
    store = KnowledgeStore(settings.knowledge_dir, settings.data_dir)
    bot = create_bot(
        live, store=store, feedback=FeedbackLog(live.data_dir), guild_ready_timeout=0.1
    )
    async with running(bot):
        answered = await ask(server, "who controls dokdo?")
        assert answered["embeds"][0]["footer"]["text"].startswith(f"fact {LONG_ID} ·")
        message = server.created[-1]
        menu = menu_of(message)
        assert len(menu["custom_id"]) <= 100
        pick = menu["options"][0]["value"]
        mark = len(server.requests)
        data = {"custom_id": menu["custom_id"], "component_type": 3, "values": [pick]}
        await server.dispatch("INTERACTION_CREATE", server.interaction(3, data, message=message))
        swapped = await server.wait_for_request("POST", "/callback", after=mark)
    assert swapped.body["type"] == 7, swapped.body  # the answer replaced in place
    assert swapped.body["data"]["embeds"][0]["footer"]["text"].startswith(f"fact {pick} ·")
    offered = [o["value"] for o in menu_of(swapped.body["data"])["options"]]
    assert LONG_ID in offered, offered


class Gate:
    """Holds a wrapped method until `open()`: a feedback store another process has locked,
    or a busy host."""

    def __init__(self) -> None:
        self.opened = threading.Event()

    def wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            if not self.opened.wait(60):
                raise RuntimeError("the test never opened the gate")
            return method(*args, **kwargs)

        return held


@pytest.mark.parametrize(("sub", "reads"), [("unanswered", "unanswered"), ("stats", "stats")])
async def test_the_review_queue_and_stats_are_acknowledged_before_the_feedback_store_is_read(
    server: FakeDiscord, live_bot: CitebotBot, monkeypatch: pytest.MonkeyPatch, sub: str, reads: str
) -> None:
    """`/kb unanswered` and `/kb stats` read the feedback database (the queue also asks the
    engine whether each of its questions is answered now, and dismisses those): with the
    database locked by another process or a busy host that takes past Discord's 3 s, and they
    responded only after it ("The application did not respond", the reply refused). They
    acknowledge first, privately, and the reply follows."""
    gate = Gate()
    monkeypatch.setattr(live_bot.feedback, reads, gate.wrap(getattr(live_bot.feedback, reads)))
    try:
        mark = len(server.requests)
        await server.dispatch(
            "INTERACTION_CREATE",
            server.interaction_in(fake.GUILD_ID, 2, kb_command(sub), permissions=fake.MANAGE_GUILD),
        )
        first = await server.wait_for_request("POST", "/callback", after=mark, timeout=5)
        assert first.body["type"] == 5 and first.body["data"]["flags"] & 64  # deferred, private
    finally:
        gate.opened.set()
    reply = await server.wait_for_request("POST", "/webhooks/", after=mark, timeout=15)
    assert reply.body["embeds"][0]["title"]
    assert reply.body["allowed_mentions"]["parse"] == []
