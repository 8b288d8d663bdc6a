"""A message that asks two questions, and its one reply, on every path a member or moderator
takes on it: the answer channels, the votes, the "Wrong fact" command, the menu."""

from __future__ import annotations

import pytest

from bot.core.moderation.store import KnowledgeStore
from bot.discord.cogs.moderation import WRONG_FACT_MENU
from bot.discord.embeds import answer_embed
from tests.discord.conftest import World, assert_pings_nobody, components, guild_menu

# The first question answered plainly, the second declined (nothing says it).
DECLINED_SECOND = "who controls dokdo? and what is the best sushi restaurant in seoul?"
# The first question answered plainly, the second hedged.
HEDGED_SECOND = "who controls dokdo and how many people live there?"
# Two questions, each answered with its own fact.
TWO_FACTS = "what is gsomia. also when did the comfort women deal happen"


@pytest.fixture
def store(fresh_store: KnowledgeStore) -> KnowledgeStore:
    """A store of this test's own: the "Wrong fact" command changes the knowledge."""
    return fresh_store


def _bot_replies(world: World) -> list[object]:
    bot_id = world.bot.user.id if world.bot.user else 0
    return [m for m in world.answers.history() if m.author.id == bot_id]


async def test_answer_channel_keeps_back_a_reply_not_sure_of_every_question(
    world: World,
) -> None:
    """In an answer channel the bot speaks only when sure: a reply that answers one question
    plainly and declines or hedges the other is kept back, and each question it was not sure
    of joins the review queue as asked, never the message whole (two questions in one)."""
    engine = world.bot.store.engine
    declined = engine.ask(DECLINED_SECOND)
    assert [(p.kind, p.hedged) for p in declined.parts] == [("fact", False), ("none", False)]
    hedged = engine.ask(HEDGED_SECOND)
    assert [(p.kind, p.hedged) for p in hedged.parts] == [("fact", False), ("fact", True)]
    await world.member.send(world.answers, DECLINED_SECOND)
    await world.member.send(world.answers, HEDGED_SECOND)
    assert not _bot_replies(world)
    queued = sorted(q.question for q in world.bot.feedback.unanswered())
    assert queued == sorted(
        engine_part.question.lower().rstrip("?")
        for engine_part in (declined.parts[1], hedged.parts[1])
    )
    stats = world.bot.feedback.stats()
    assert (stats.questions_asked, stats.answered) == (2, 0)


async def test_answer_channel_edit_takes_back_the_parts_queued(world: World) -> None:
    """A kept-back message of two questions edited into one the bot is sure of: the question
    it queued leaves the review queue, and the message is answered."""
    asked = await world.member.send(world.answers, DECLINED_SECOND)
    assert world.bot.feedback.unanswered()
    await world.member.edit(asked, "who controls dokdo?")
    assert world.bot.feedback.unanswered() == []
    assert len(_bot_replies(world)) == 1
    stats = world.bot.feedback.stats()
    assert (stats.questions_asked, stats.answered) == (1, 1)


async def test_a_vote_on_a_reply_to_two_questions_is_on_the_question_its_fact_answered(
    world: World,
) -> None:
    """ "Not helpful" under the reply to two questions is a vote on the fact shown first and
    the question it answered, not the message whole: the review queue's Exclude acts on that
    pair, and refused the fact for a two-question message it never answered."""
    first = world.bot.store.engine.ask(DECLINED_SECOND).parts[0]
    result = await world.member.slash(world.general, "ask", question=DECLINED_SECOND)
    assert result.response is not None
    await world.member.click(result.response, label="Not helpful")
    assert world.bot.feedback.not_helpful() == [(first.fact_id, first.question, 1)]


async def test_wrong_fact_on_a_reply_to_two_questions_asks_which_and_excludes_its_question(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Wrong fact for this question" on the reply to two questions, each answered with its
    own fact: the moderator is asked which fact is wrong, one button each, and the second's
    excludes that fact from the question it answered (the part, not the message whole); the
    command excluded the first fact alone, from the message whole."""
    engine = world.bot.store.engine
    parts = engine.ask(TWO_FACTS).parts
    assert [p.kind for p in parts] == ["fact", "fact"], "no longer two facts"
    second = parts[1]
    assert second.fact_id
    menu = world.env.backend.find_command(WRONG_FACT_MENU, world.guild.id, 3)
    assert menu is not None
    world.guild.set_command_permissions(int(menu["id"]), {world.mod_role: True})
    asked = await world.member.slash(world.general, "ask", question=TWO_FACTS)
    assert asked.response is not None
    before = {p.fact_id: world.bot.store.kb.fact(p.fact_id or "") for p in parts}
    shown = await guild_menu(world, asked.response, monkeypatch)
    assert shown.ephemeral and shown.response is not None
    assert all(f"“{p.question}”" in shown.response.content for p in parts)
    assert world.bot.store.kb.fact(parts[0].fact_id or "") == before[parts[0].fact_id]
    done = await world.moderator.click(shown.response, label=f"2. {second.fact_id}")
    assert done.response is not None and "no longer answers" in done.response.content
    fact = world.bot.store.kb.fact(second.fact_id)
    assert fact is not None and fact.does_not_answer[-1] == second.question
    assert world.bot.store.kb.fact(parts[0].fact_id or "") == before[parts[0].fact_id]
    assert_pings_nobody(world.env)


async def test_wrong_fact_on_a_reply_with_one_fact_excludes_the_question_it_answered(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the reply to two questions of which one was declined (one fact given), the command
    excludes that fact from the question it answered at once, never the message whole."""
    question = "when did the comfort women deal happen? and what is the best sushi in seoul?"
    parts = world.bot.store.engine.ask(question).parts
    assert [p.kind for p in parts] == ["fact", "none"], "no longer one fact and a decline"
    first = parts[0]
    assert first.fact_id
    menu = world.env.backend.find_command(WRONG_FACT_MENU, world.guild.id, 3)
    assert menu is not None
    world.guild.set_command_permissions(int(menu["id"]), {world.mod_role: True})
    asked = await world.member.slash(world.general, "ask", question=question)
    assert asked.response is not None
    done = await guild_menu(world, asked.response, monkeypatch)
    assert done.response is not None and "no longer answers" in done.response.content
    fact = world.bot.store.kb.fact(first.fact_id)
    assert fact is not None and fact.does_not_answer[-1] == first.question
    assert_pings_nobody(world.env)


async def test_going_back_from_a_picked_fact_restores_every_answer(world: World) -> None:
    """The menu under the reply to two questions swaps it for the fact the asker picks, and
    keeps the bot's own first fact on offer to go back to: going back shows the whole reply
    again, each question over its answer, where it showed that first fact alone and the other
    question's answer was gone for good."""
    own = world.bot.store.engine.ask(TWO_FACTS)
    assert len(own.parts) == 2 and own.fact_id, "no longer two answers"
    result = await world.member.slash(world.general, "ask", question=TWO_FACTS)
    assert result.response is not None
    options = next(c for c in components(result.response) if c.get("type") == 3)["options"]
    other = next(o["value"] for o in options if o["value"] != own.fact_id)
    await world.member.select(result.response, [other])
    assert (result.response.embeds[0].footer.text or "").startswith(f"fact {other} ·")
    await world.member.select(result.response, [own.fact_id])
    embed = result.response.embeds[0]
    for part in own.parts:
        assert f"**▸ {part.question}**" in (embed.description or "")
        assert (part.answer or "")[:60] in (embed.description or "")
    assert (embed.footer.text or "") == (answer_embed(own).footer.text or "")
    labels = {c.get("label") for c in components(result.response)}
    assert {"Helpful ▸ 1", "Not helpful ▸ 2"} <= labels
    assert_pings_nobody(world.env)


async def test_the_second_answer_of_two_has_votes_of_its_own(world: World) -> None:
    """Under the reply to two questions each answer has its votes, marked with its number as
    its source is: "Not helpful ▸ 2" is a vote on the second fact and the question it
    answered, and a member may vote on each answer once (the second answer had no votes)."""
    parts = world.bot.store.engine.ask(TWO_FACTS).parts
    assert [p.kind for p in parts] == ["fact", "fact"], "no longer two facts"
    result = await world.member.slash(world.general, "ask", question=TWO_FACTS)
    assert result.response is not None
    rows = [[c.get("label") for c in row["components"]] for row in result.response.components]
    assert ["Helpful ▸ 1", "Not helpful ▸ 1", "Remove"] in rows
    assert ["Helpful ▸ 2", "Not helpful ▸ 2"] in rows
    await world.member.click(result.response, label="Not helpful ▸ 2")
    voted = await world.member.click(result.response, label="Not helpful ▸ 1")
    assert voted.response is not None and "already" not in voted.response.content
    assert sorted(world.bot.feedback.not_helpful()) == sorted(
        (p.fact_id, p.question, 1) for p in parts
    )
    assert_pings_nobody(world.env)
