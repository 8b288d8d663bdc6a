""" "source?" in reply to an answer shows that answer's sources again; other replies stay
unanswered."""

from __future__ import annotations

import pytest

from bot.wording import WORDINGS
from tests.discord.conftest import World, assert_pings_nobody

ANSWERED = "Who controls Dokdo?"
DECLINED = "How tall is Mount Fuji?"


def _bot_messages(world: World) -> list[object]:
    bot_id = world.bot.user.id if world.bot.user else 0
    return [m for m in world.general.history() if m.author.id == bot_id]


@pytest.mark.parametrize(
    "request_text", ["source?", "출처는?", "ソースは？", "got a source for that?"]
)
async def test_source_reply_shows_the_answers_sources(world: World, request_text: str) -> None:
    """Replying "source?" (in English, Korean or Japanese) to an answer gets, as a reply that
    pings nobody, the document, section and quote of every source of that answer."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, f"{me.mention} {ANSWERED}")
    [answer] = _bot_messages(world)
    asked = await world.other.send(world.general, request_text, reply_to=answer)
    reply = world.general.last_message
    assert reply is not None and reply.author.id == me.id and reply is not answer
    assert reply.reference is not None and reply.reference.message_id == asked.id
    [shown] = reply.embeds
    fact = world.bot.store.engine.ask(ANSWERED)
    assert shown.title == f"Sources: {ANSWERED}"
    assert [f.name for f in shown.fields] == [f.name for f in answer.embeds[0].fields][
        : len(fact.sources)
    ]
    assert (shown.fields[0].value or "").startswith("> “")
    assert not shown.description  # the answer itself is not repeated
    assert (shown.footer.text or "").startswith(f"fact {fact.fact_id} ·")
    assert not reply.mentions and not reply.mention_everyone
    assert_pings_nobody(world.env)


async def test_source_reply_to_an_ask_answer(world: World) -> None:
    """The same under an /ask answer (an interaction's message)."""
    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.response is not None
    await world.member.send(world.general, "source?", reply_to=result.response)
    reply = world.general.last_message
    assert reply is not None and reply.embeds and reply.embeds[0].title == f"Sources: {ANSWERED}"


async def test_source_reply_to_a_decline_says_there_is_none(world: World) -> None:
    """Under a decline there is no source: a sentence says so rather than nothing."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, f"{me.mention} {DECLINED}")
    [decline] = _bot_messages(world)
    await world.member.send(world.general, "source?", reply_to=decline)
    reply = world.general.last_message
    assert reply is not None and reply.author.id == me.id
    assert reply.content == WORDINGS["en"].no_source


@pytest.mark.parametrize(("request_text", "language"), [("출처는?", "ko"), ("ソースは？", "ja")])
async def test_source_asked_in_korean_or_japanese_is_answered_in_it(
    world: World, request_text: str, language: str
) -> None:
    """ "출처는?" under a decline is told in Korean that there is no source."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, f"{me.mention} {DECLINED}")
    [decline] = _bot_messages(world)
    await world.member.send(world.general, request_text, reply_to=decline)
    reply = world.general.last_message
    assert reply is not None and reply.author.id == me.id
    assert reply.content == WORDINGS[language].no_source  # type: ignore[index]


@pytest.mark.parametrize("text", ["thanks, that helps!", "is that true?", "lol ok", "ㅇㅋ 고마워"])
async def test_other_replies_stay_unanswered(world: World, text: str) -> None:
    """Chat replies that do not ask for the source get nothing, as before."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, f"{me.mention} {ANSWERED}")
    [answer] = _bot_messages(world)
    await world.member.send(world.general, text, reply_to=answer)
    assert len(_bot_messages(world)) == 1


async def test_source_reply_to_a_members_message_is_ignored(world: World) -> None:
    """ "source?" under someone else's message is not for the bot."""
    said = await world.other.send(world.general, "Dokdo belongs to Korea")
    await world.member.send(world.general, "source?", reply_to=said)
    assert not _bot_messages(world)


async def test_source_under_a_hedged_answer_stays_hedged(world: World) -> None:
    """ "source?" under an answer the bot said it was not sure of shows its sources as unsure
    as the answer (its footer and colour): looked up by id, the fact read as certain
    ("confidence 1.00", the confident colour)."""
    me = world.bot.user
    assert me is not None
    question = "when was the 1965 treaty signed"
    assert world.bot.store.engine.ask(question).hedged, "needs a hedged example"
    await world.member.send(world.general, f"{me.mention} {question}")
    answer = world.general.last_message
    assert answer is not None and answer.author.id == me.id
    shown = answer.embeds[0]
    assert (shown.footer.text or "").endswith("· not sure")
    await world.other.send(world.general, "source?", reply_to=answer)
    reply = world.general.last_message
    assert reply is not None and reply.author.id == me.id and reply.embeds
    assert reply.embeds[0].footer.text == shown.footer.text
    assert reply.embeds[0].colour == shown.colour
    assert reply.embeds[0].fields  # the sources themselves


async def test_source_under_a_sources_reply_is_not_titled_twice(world: World) -> None:
    """ "source?" under the bot's own sources reply shows the same sources, titled "Sources: "
    once (it read the title back as the question: "Sources: Sources: …")."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, f"{me.mention} who controls dokdo")
    answer = world.general.last_message
    assert answer is not None and answer.author.id == me.id
    await world.other.send(world.general, "source?", reply_to=answer)
    first = world.general.last_message
    assert first is not None and first.author.id == me.id and first.embeds
    await world.member.send(world.general, "source?", reply_to=first)
    second = world.general.last_message
    assert second is not None and second.author.id == me.id and second.embeds
    assert second.embeds[0].title == first.embeds[0].title
    assert (first.embeds[0].title or "").count("Sources:") == 1


async def test_a_japanese_question_naming_grounds_is_answered_not_sourced(world: World) -> None:
    """A Japanese follow-up question that uses 根拠 (grounds), mentioning the bot in reply to
    its answer, is answered as a question: Japanese has no spaces, so the whole sentence was
    one "word", short enough to read as "source?", and got the earlier answer's sources."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, f"{me.mention} {ANSWERED}")
    [answer] = _bot_messages(world)
    question = "日本が竹島を自国の領土だと主張する根拠は何？"
    await world.member.send(world.general, f"{me.mention} {question}", reply_to=answer)
    reply = world.general.last_message
    assert reply is not None and reply.author.id == me.id and reply is not answer
    assert reply.embeds
    assert not (reply.embeds[0].title or "").startswith("Sources:")


async def test_source_reply_to_two_answers_shows_both_facts_sources(world: World) -> None:
    """ "source?" under the reply to a message of two questions shows the sources of both
    facts it gave, the first fact's first."""
    question = "who controls dokdo and how many people live there?"
    parts = world.bot.store.engine.ask(question).parts
    assert [p.answered for p in parts] == [True, True], "no longer two answers"
    result = await world.member.slash(world.general, "ask", question=question)
    assert result.response is not None
    await world.member.send(world.general, "source?", reply_to=result.response)
    reply = world.general.last_message
    assert reply is not None and reply is not result.response
    [shown] = reply.embeds
    quotes = [f.value or "" for f in shown.fields]
    expected = [v.quote for p in parts for v in p.sources]
    assert len(quotes) == len(expected)
    assert all(quote[:50] in value for quote, value in zip(expected, quotes, strict=True))
    assert (shown.footer.text or "").startswith(f"fact {parts[0].fact_id} ·")
    assert_pings_nobody(world.env)
