"""A message that asks two questions, and its one reply, on every path a member or moderator
takes on it: the answer channels, the votes, the "Wrong fact" command, the menu."""

from __future__ import annotations

from tests.discord.conftest import World

# The first question answered plainly, the second declined (nothing says it).
DECLINED_SECOND = "who controls dokdo? and what is the best sushi restaurant in seoul?"
# The first question answered plainly, the second hedged.
HEDGED_SECOND = "who controls dokdo and how many people live there?"


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
