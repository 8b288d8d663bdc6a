"""A member takes down a public `/ask` answer they asked by mistake: the answer's "Remove"
button, for the asker (or a member who may manage the channel's messages) only.

Only a moderator could delete the bot's message, and the answer (its title the member's own
question, word for word) stayed however the member regretted it.
"""

from __future__ import annotations

import asyncio
import logging

import discord
import pytest
import simcord

from bot.discord.client import CitebotBot
from bot.discord.views import ANSWER_TIMEOUT
from bot.wording import WORDINGS
from tests.discord import fake_discord as fake
from tests.discord.conftest import World, assert_pings_nobody, components
from tests.discord.fake_discord import FakeDiscord, eventually

ASKED = "Who controls Dokdo?"


def _from_bot(world: World, channel: simcord.ChannelHandle) -> list[discord.Message]:
    bot_id = world.bot.user.id if world.bot.user else 0
    return [m for m in channel.history() if m.author.id == bot_id]


async def test_the_asker_removes_their_public_answer(world: World) -> None:
    """The asker's click deletes the answer; another member's click only tells them, privately
    (in their Discord language), that only the asker can, and the answer stays."""
    asked = await world.member.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None and not asked.ephemeral
    refused = await world.other.click(asked.response, label="Remove")
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content == WORDINGS["en"].remove_not_yours
    assert [m.id for m in _from_bot(world, world.general)] == [asked.response.id]
    await world.member.click(asked.response, label="Remove")
    assert not _from_bot(world, world.general)
    assert_pings_nobody(world.env)


async def test_a_member_who_manages_messages_may_remove_it(world: World) -> None:
    """Someone who may delete any message in the channel may use the button too."""
    cleaner_role = world.guild.create_role(
        "Cleaners", permissions=discord.Permissions(manage_messages=True)
    )
    cleaner = world.guild.add_member(world.env.create_user("sora"), roles=[cleaner_role])
    asked = await world.member.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None
    await cleaner.click(asked.response, label="Remove")
    assert not _from_bot(world, world.general)


async def test_private_answers_have_nothing_to_remove(world: World, near_miss: str) -> None:
    """A decline and an answer shown only to the asker carry no Remove (the member dismisses
    those themselves); a public answer's menu swap keeps it."""
    declined = await world.member.slash(world.general, "ask", question=near_miss)
    assert declined.ephemeral and declined.response is not None
    assert "Remove" not in {c.get("label") for c in components(declined.response)}
    asked = await world.member.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None
    menu = next(c for c in components(asked.response) if c.get("type") == 3)
    await world.member.select(asked.response, [menu["options"][0]["value"]])
    assert "Remove" in {c.get("label") for c in components(asked.response)}


async def test_remove_outlasts_the_answers_other_buttons(world: World) -> None:
    """At the ten minutes the menu and votes go but Remove stays: a question regretted later
    is still the asker's to take down."""
    asked = await world.member.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None
    await world.env.advance_time(ANSWER_TIMEOUT + 10)
    assert [c.get("label") for c in components(asked.response)] == ["Remove"]
    await world.member.click(asked.response, label="Remove")
    assert not _from_bot(world, world.general)


async def test_remove_on_an_answer_already_gone_is_not_an_error(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """Two quick clicks, or a moderator who deleted the answer first: the second deletion
    finds it gone, which is what the member asked for. It was taken for a bug: an apology to
    the member and an ERROR with a traceback in the log."""
    mark = len(server.requests)
    data = {
        "id": "1",
        "name": "ask",
        "type": 1,
        "options": [{"name": "question", "type": 3, "value": ASKED}],
    }
    await server.dispatch("INTERACTION_CREATE", server.interaction(2, data))
    await server.wait_for_request("POST", "/callback", after=mark)
    message = server.created[-1]
    [remove] = [
        c for row in message["components"] for c in row["components"] if c.get("label") == "Remove"
    ]
    server.faults.append(fake.Fault("DELETE", "/webhooks/", 404, 10008, "Unknown Message"))
    mark = len(server.requests)
    click = {"custom_id": remove["custom_id"], "component_type": 2}
    await server.dispatch("INTERACTION_CREATE", server.interaction(3, click, message=message))
    await server.wait_for_request("DELETE", "/messages/@original", after=mark)
    await eventually(lambda: not _clicks_running(), 5, "the click handled")
    assert not [r for r in server.requests[mark:] if r.method == "POST" and "/webhooks/" in r.path]


def _clicks_running() -> list[asyncio.Task[object]]:
    """discord.py's tasks handling a click on a dynamic item, still running."""
    return [
        t
        for t in asyncio.all_tasks()
        if t.get_name().startswith("discord-ui-dynamic-item-") and not t.done()
    ]


async def test_the_member_who_mentioned_the_bot_removes_its_reply(world: World) -> None:
    """A reply to a mention (or in an answer channel) carries Remove too, for the member it
    answers: deleting their message takes the reply with it only while the bot remembers the
    pair, which a restart forgets. Edited in place past its ten minutes, it keeps Remove."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, f"{me.mention} {ASKED}")
    [reply] = _from_bot(world, world.general)
    refused = await world.other.click(reply, label="Remove")
    assert refused.ephemeral and _from_bot(world, world.general)
    await world.member.click(reply, label="Remove")
    assert not _from_bot(world, world.general)
    asked = await world.member.send(world.general, f"{me.mention} how tall is mount fuji?")
    await world.env.advance_time(ANSWER_TIMEOUT + 10)
    await world.member.edit(asked, f"{me.mention} {ASKED}")
    [reply] = _from_bot(world, world.general)
    assert reply.embeds[0].title == ASKED
    assert [c.get("label") for c in components(reply)] == ["Remove"]


async def test_a_sources_reply_is_removed_by_the_member_whose_question_it_repeats(
    world: World,
) -> None:
    """ "source?" under an answer gets the sources titled with the question answered, word for
    word, as the answer is: the member who asked it may take that down too (their answer's
    Remove left the sources repeating it). Anyone else is told privately that they cannot."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, f"{me.mention} {ASKED}")
    [answer] = _from_bot(world, world.general)
    await world.other.send(world.general, "source?", reply_to=answer)
    sources = world.general.last_message
    assert sources is not None and sources.author.id == me.id and sources is not answer
    assert sources.embeds[0].title == f"Sources: {ASKED}"
    assert [c.get("label") for c in components(sources)] == ["Remove"]
    refused = await world.other.click(sources, label="Remove")
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content == WORDINGS["en"].remove_not_yours
    await world.member.click(sources, label="Remove")
    assert [m.id for m in _from_bot(world, world.general)] == [answer.id]
    assert_pings_nobody(world.env)


async def test_sources_under_an_answer_without_remove_are_the_requesters_to_remove(
    world: World,
) -> None:
    """Under an answer that names nobody (a moderator's `/fact show`), the sources are the
    member's who asked for them."""
    me = world.bot.user
    assert me is not None
    fact_id = world.bot.store.engine.ask(ASKED).fact_id
    shown = await world.moderator.slash(world.general, "fact show", id=fact_id)
    assert shown.response is not None and not components(shown.response)
    await world.member.send(world.general, "source?", reply_to=shown.response)
    sources = world.general.last_message
    assert sources is not None and sources.author.id == me.id and sources.embeds
    await world.member.click(sources, label="Remove")
    assert [m.id for m in _from_bot(world, world.general)] == [shown.response.id]


@pytest.mark.parametrize(
    "query", ["fishing", "comfort women", "zzzzqqq"], ids=["page", "pages", "none"]
)
async def test_the_searcher_removes_a_public_search(world: World, query: str) -> None:
    """`/fact search` in the channel titles its results with the member's words: a single
    page, pages, or no match at all carry the searcher's Remove, which outlasts the page
    buttons. Only the searcher (or a member who manages messages) may use it."""
    result = await world.member.slash(world.general, "fact search", query=query)
    assert result.response is not None and not result.ephemeral
    labels = [c.get("label") for c in components(result.response)]
    assert labels[-1] == "Remove" and labels.count("Remove") == 1
    refused = await world.other.click(result.response, label="Remove")
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content == WORDINGS["en"].remove_not_yours
    await world.env.advance_time(ANSWER_TIMEOUT + 10)
    assert [c.get("label") for c in components(result.response)] == ["Remove"]
    await world.member.click(result.response, label="Remove")
    assert not _from_bot(world, world.general)


async def test_a_search_shown_only_to_the_searcher_has_nothing_to_remove(world: World) -> None:
    """Past the channel's public lookups the results are private: the member dismisses them."""
    from bot.discord.cogs.lookup import LOOKUP_CHANNEL_RATE

    members = [world.member, world.other, world.moderator, world.admin]
    for n in range(LOOKUP_CHANNEL_RATE[0]):
        await members[n % len(members)].slash(world.general, "sources")
    busy = await world.other.slash(world.general, "fact search", query="dokdo")
    assert busy.ephemeral and busy.response is not None
    assert "Remove" not in {c.get("label") for c in components(busy.response)}


async def test_expired_search_pages_leave_every_remove_working(world: World) -> None:
    """discord.py forgot the Remove button's template when a search's pages (ordinary
    buttons beside it) expired: every Remove sent before, under answers too, then said it no
    longer worked. An answer asked before the search is still removed by its asker after."""
    asked = await world.other.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None and not asked.ephemeral
    paged = await world.member.slash(world.general, "fact search", query="comfort women")
    assert paged.response is not None and len(components(paged.response)) > 1
    await world.env.advance_time(ANSWER_TIMEOUT + 10)
    await world.other.click(asked.response, label="Remove")
    assert [m.id for m in _from_bot(world, world.general)] == [paged.response.id]


async def test_removing_search_pages_leaves_every_remove_working(world: World) -> None:
    """Remove on a public search of several pages stops its pages view, and discord.py forgot
    the Remove button's template as that view left its store, as at its deadline: every Remove
    sent before, under answers in every server too, then said "These buttons no longer work"
    until the next restart. An answer asked before the search is still removed by its asker."""
    asked = await world.other.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None and not asked.ephemeral
    paged = await world.member.slash(world.general, "fact search", query="comfort women")
    assert paged.response is not None and len(components(paged.response)) > 1
    await world.member.click(paged.response, label="Remove")
    assert [m.id for m in _from_bot(world, world.general)] == [asked.response.id]
    removed = await world.other.click(asked.response, label="Remove")
    assert removed.response is None  # deleted, nothing said
    assert not _from_bot(world, world.general)


async def test_removing_search_pages_stops_them(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Remove takes down a public `/fact search` of several pages: its pages view went on
    running, and at its deadline tried to take its buttons off the deleted message (a request
    Discord refuses, and a log line about it). Removing the message stops the view."""
    paged = await world.member.slash(world.general, "fact search", query="comfort women")
    assert paged.response is not None and len(components(paged.response)) > 1
    await world.member.click(paged.response, label="Remove")
    assert not _from_bot(world, world.general)
    with caplog.at_level(logging.INFO, logger="bot.discord"):
        await world.env.advance_time(ANSWER_TIMEOUT + 10)
    assert not [r.getMessage() for r in caplog.records if "could not remove" in r.getMessage()]


@pytest.mark.parametrize(
    ("language", "query"),
    [("ko", "독도"), ("ko", "위안부"), ("ja", "竹島"), ("ja", "慰安婦")],
    ids=["ko-page", "ko-pages", "ja-page", "ja-pages"],
)
async def test_a_search_in_korean_or_japanese_labels_its_remove_so(
    world: World, language: str, query: str
) -> None:
    """The Remove under a public `/fact search` typed in Korean or Japanese was labelled in
    English, while the one under an answer to the same words was translated. It speaks the
    language of what was searched (which its title repeats), and keeps it, and works, once
    the page buttons are gone."""
    words = WORDINGS[language]  # type: ignore[index]
    result = await world.member.slash(world.general, "fact search", query=query)
    assert result.response is not None and not result.ephemeral
    labels = [c.get("label") for c in components(result.response)]
    assert labels[-1] == words.remove_label and "Remove" not in labels
    await world.env.advance_time(ANSWER_TIMEOUT + 10)
    assert [c.get("label") for c in components(result.response)] == [words.remove_label]
    await world.member.click(result.response, label=words.remove_label)
    assert not _from_bot(world, world.general)
