"""A member's message deleted takes the bot's reply with it, and one edited gets the answer to
its new text: the reply repeats the question word for word, and a member cannot delete the
bot's message."""

from __future__ import annotations

import discord
import simcord

from bot.discord.views import ANSWER_TIMEOUT
from tests.discord.conftest import World, assert_pings_nobody, components


def _from_bot(world: World, channel: simcord.ChannelHandle) -> list[discord.Message]:
    bot_id = world.bot.user.id if world.bot.user else 0
    return [m for m in channel.history() if m.author.id == bot_id]


def _shown(message: discord.Message) -> str:
    """What the bot's message shows of the question: the title of an answer, the "You
    asked" line of a decline."""
    embed = message.embeds[0]
    return f"{embed.title}\n{embed.description}"


async def test_a_question_deleted_by_its_asker_takes_the_reply_with_it(world: World) -> None:
    """The member deletes the mention they regret (a phone number pasted by mistake): the
    bot's reply, which echoed it, goes too; another member's answered question stays."""
    me = world.bot.user
    assert me is not None
    kept = await world.other.send(world.general, f"{me.mention} who controls dokdo?")
    regretted = await world.member.send(
        world.general, f"{me.mention} who controls dokdo? call me on 555-0123"
    )
    replies = _from_bot(world, world.general)
    assert len(replies) == 2 and any("555-0123" in _shown(m) for m in replies)
    await world.member.delete(regretted)
    [left] = _from_bot(world, world.general)
    assert left.reference is not None and left.reference.message_id == kept.id
    assert "555-0123" not in _shown(left)


async def test_messages_a_moderator_purges_take_the_replies_with_them(world: World) -> None:
    """A moderator purges questions for their words (a bulk delete): the bot's replies that
    repeated them go too, including a "source?" reply and an answer-channel reply."""
    me = world.bot.user
    assert me is not None
    asked = await world.member.send(world.answers, "who controls dokdo?")
    [answer] = _from_bot(world, world.answers)
    source = await world.member.send(world.answers, "source?", reply_to=answer)
    assert len(_from_bot(world, world.answers)) == 2
    world.env.backend.bulk_delete_messages(world.answers.id, [asked.id, source.id])
    await world.env.settle()
    assert not _from_bot(world, world.answers)


async def test_an_edited_question_gets_the_answer_to_what_it_asks_now(world: World) -> None:
    """The member edits their mention (a typo, or words they regret): the reply to the old
    text, which repeated it, now answers the edited question. Discord's update for a link
    preview (the text unchanged) changes nothing; an edit that no longer mentions the bot
    leaves no reply."""
    me = world.bot.user
    assert me is not None
    asked = await world.member.send(
        world.general, f"{me.mention} how tall is mount fuji? call me on 555-0123"
    )
    [old] = _from_bot(world, world.general)
    assert "555-0123" in _shown(old)
    await world.member.edit(asked, f"{me.mention} who controls dokdo?")
    [new] = _from_bot(world, world.general)
    assert new.reference and new.reference.message_id == asked.id
    assert new.embeds[0].title == "who controls dokdo?" and "555-0123" not in _shown(new)
    assert (new.embeds[0].footer.text or "").startswith("fact ")
    await world.member.edit(asked, f"{me.mention} who controls dokdo?")  # a preview's update
    assert [m.id for m in _from_bot(world, world.general)] == [new.id]
    await world.member.edit(asked, "never mind")
    assert not _from_bot(world, world.general)


async def test_a_question_edited_twice_quickly_gets_the_answer_to_its_last_text(
    world: World,
) -> None:
    """Two edits before the bot has replied to the first: the reply answers the last text,
    not the one edited away (the second edit came while the first's reply was not noted)."""
    me = world.bot.user
    assert me is not None
    asked = await world.member.send(world.general, f"{me.mention} how tall is mount fuji?")
    for text in ("who controls dokdo? call me on 555-0123", "who controls dokdo?"):
        world.env.backend.edit_message(
            world.general.id, asked.id, {"content": f"{me.mention} {text}"}
        )
    await world.env.settle()
    [reply] = _from_bot(world, world.general)
    assert reply.embeds[0].title == "who controls dokdo?"


async def test_a_question_edited_while_it_is_answered_gets_the_answer_to_its_new_text(
    world: World,
) -> None:
    """The member fixes their mention before the bot's reply is out: the reply to the old
    text (which repeats it) goes, and the edited question is answered."""
    me = world.bot.user
    assert me is not None
    backend = world.env.backend
    sent = backend.create_message(
        world.general.id, world.member.id, f"{me.mention} how tall is mount fuji? 555-0123"
    )
    backend.edit_message(
        world.general.id, sent.id, {"content": f"{me.mention} who controls dokdo?"}
    )
    await world.env.settle()
    [reply] = _from_bot(world, world.general)
    assert reply.embeds[0].title == "who controls dokdo?"
    assert "555-0123" not in _shown(reply)


async def test_an_edited_question_changes_the_reply_in_place(world: World) -> None:
    """The member fixes their mention: the bot's reply changes in place (the same message,
    still a reply to theirs, its menu and votes for the new answer) rather than a new
    message taking the old one's place at the bottom of the channel."""
    me = world.bot.user
    assert me is not None
    asked = await world.member.send(world.general, f"{me.mention} how tall is mount fuji?")
    [old] = _from_bot(world, world.general)
    await world.member.edit(asked, f"{me.mention} who controls dokdo?")
    [new] = _from_bot(world, world.general)
    assert new.id == old.id and new.reference and new.reference.message_id == asked.id
    assert new.embeds[0].title == "who controls dokdo?"
    assert (new.embeds[0].footer.text or "").startswith("fact ")
    assert any(c.get("custom_id", "").startswith("citebot:vote:1:") for c in components(new))
    assert_pings_nobody(world.env)  # the edit too


async def test_an_edited_question_is_counted_once(world: World) -> None:
    """A question asked, declined, then fixed by an edit and answered is one question: the
    statistics count it once, as what it asks now, and the text edited away leaves the
    moderators' review queue (it was a typo, not a question anyone still asks)."""
    me = world.bot.user
    assert me is not None
    feedback = world.bot.feedback
    asked = await world.member.send(world.general, f"{me.mention} how tall is mount fuji?")
    assert [q.question for q in feedback.unanswered()] == ["how tall is mount fuji"]
    await world.member.edit(asked, f"{me.mention} who controls dokdo?")
    stats = feedback.stats()
    assert (stats.questions_asked, stats.answered) == (1, 1)
    assert stats.top_facts == [("territory-liancourt-rocks-ownership", 1)]
    assert feedback.unanswered() == []
    await world.member.edit(asked, f"{me.mention} how tall is mount fuji?")
    stats = feedback.stats()
    assert (stats.questions_asked, stats.answered, stats.top_facts) == (1, 0, [])
    assert [(q.question, q.count) for q in feedback.unanswered()] == [("how tall is mount fuji", 1)]


async def test_the_declined_question_of_two_joins_the_review_queue_once(world: World) -> None:
    """A message asking two questions, one answered and one not, is one question in the
    statistics, answered; the question the reply declines joins the moderators' review queue
    (nothing answers it), and leaves it when the member edits the message to something else."""
    me = world.bot.user
    assert me is not None
    feedback = world.bot.feedback
    asked = await world.member.send(
        world.general,
        f"{me.mention} who controls dokdo? and what is the best sushi restaurant in seoul?",
    )
    [reply] = _from_bot(world, world.general)
    assert (reply.embeds[0].footer.text or "").startswith("fact ")
    stats = feedback.stats()
    assert (stats.questions_asked, stats.answered) == (1, 1)
    queued = [q.question for q in feedback.unanswered()]
    assert queued == ["what is the best sushi restaurant in seoul"]
    await world.member.edit(asked, f"{me.mention} who controls dokdo?")
    assert feedback.unanswered() == []
    assert feedback.stats().questions_asked == 1


async def test_a_reply_edited_in_place_keeps_its_components_deadline(world: World) -> None:
    """The reply edited in place keeps the deadline of when it was sent, which is all a click
    after a restart can read (the message's id): its new menu and votes go with the rest of
    its ten minutes, and an edit after them gets the new answer with Remove alone."""
    me = world.bot.user
    assert me is not None
    asked = await world.member.send(world.general, f"{me.mention} how tall is mount fuji?")
    await world.env.advance_time(ANSWER_TIMEOUT - 100)
    await world.member.edit(asked, f"{me.mention} who controls dokdo?")
    [reply] = _from_bot(world, world.general)
    assert reply.embeds[0].title == "who controls dokdo?" and components(reply)
    await world.env.advance_time(150)
    [reply] = _from_bot(world, world.general)
    assert [c.get("label") for c in components(reply)] == ["Remove"]
    await world.member.edit(asked, f"{me.mention} what is gsomia?")
    [reply] = _from_bot(world, world.general)
    assert reply.embeds[0].title == "what is gsomia?"
    assert [c.get("label") for c in components(reply)] == ["Remove"]


async def test_a_question_deleted_while_it_is_answered_leaves_no_reply(world: World) -> None:
    """The member deletes their mention before the bot's reply is out, or right after an edit
    (a number pasted by mistake, seen at once): the reply, which repeats it, goes too. The
    reply edited in place stayed under the deleted message, showing the text deleted."""
    me = world.bot.user
    assert me is not None
    backend = world.env.backend
    sent = backend.create_message(
        world.general.id, world.member.id, f"{me.mention} who controls dokdo? 555-0123"
    )
    backend.delete_message(world.general.id, sent.id)
    await world.env.settle()
    assert not _from_bot(world, world.general)
    asked = await world.member.send(world.general, f"{me.mention} how tall is mount fuji?")
    assert _from_bot(world, world.general)
    backend.edit_message(
        world.general.id, asked.id, {"content": f"{me.mention} who controls dokdo? 555-0123"}
    )
    backend.delete_message(world.general.id, asked.id)
    await world.env.settle()
    assert not _from_bot(world, world.general)


async def test_a_message_edited_to_mention_the_bot_is_answered(world: World) -> None:
    """A member asks and then adds the mention they forgot: the edit is their question to
    the bot, answered as a reply to it (it got nothing, the bot keeping no copy of the old
    text to tell a mention added). Updates that leave the text alone (a link's preview, a
    pin) ask nothing, before the mention and after it: one reply, one question counted."""
    me = world.bot.user
    assert me is not None
    asked = await world.member.send(world.general, "who controls dokdo?")
    await world.member.edit(asked, "who controls dokdo?")
    assert not _from_bot(world, world.general)
    await world.member.edit(asked, f"who controls dokdo? {me.mention}")
    [reply] = _from_bot(world, world.general)
    assert reply.reference is not None and reply.reference.message_id == asked.id
    assert reply.embeds[0].title == "who controls dokdo?"
    await world.member.edit(asked, f"who controls dokdo? {me.mention}")
    assert [m.id for m in _from_bot(world, world.general)] == [reply.id]
    assert world.bot.feedback.stats().questions_asked == 1
    assert_pings_nobody(world.env)


async def test_a_mention_added_while_the_message_is_handled_is_answered(world: World) -> None:
    """In an answer channel, the mention added while the bot was still matching the message
    (which it would not have answered): the edit was kept as the latest text, then dropped,
    the old text having no reply. It is answered, as a reply to the message."""
    me = world.bot.user
    assert me is not None
    backend = world.env.backend
    sent = backend.create_message(world.answers.id, world.member.id, "how tall is mount fuji?")
    edited = f"{me.mention} how tall is mount fuji?"
    backend.edit_message(world.answers.id, sent.id, {"content": edited})
    await world.env.settle()
    [reply] = _from_bot(world, world.answers)
    assert reply.reference is not None and reply.reference.message_id == sent.id
    assert "how tall is mount fuji?" in _shown(reply)


async def test_an_answer_channel_message_is_not_answered_twice(world: World, chatter: str) -> None:
    """In an answer channel a question answered, then edited to mention the bot, keeps its
    one reply (changed in place); chat the bot stayed silent on, edited without a mention,
    stays unanswered."""
    me = world.bot.user
    assert me is not None
    asked = await world.member.send(world.answers, "who controls dokdo?")
    [reply] = _from_bot(world, world.answers)
    await world.member.edit(asked, f"{me.mention} who controls dokdo?")
    assert [m.id for m in _from_bot(world, world.answers)] == [reply.id]
    said = await world.other.send(world.answers, chatter)
    await world.other.edit(said, f"{chatter} (edited)")
    assert [m.id for m in _from_bot(world, world.answers)] == [reply.id]


async def test_an_answer_channel_question_fixed_by_an_edit_is_answered(world: World) -> None:
    """In an answer channel a question sent before it was finished ("who controls", Enter
    pressed too soon) gets no reply, and joins the review queue; the member edits it into the
    question they meant. It was left unanswered, the bot following edits only of messages it
    had replied to or that came to mention it, and the half question stayed in the queue. The
    edit is the question, handled as if sent now, and counted once, as what it asks now.
    Discord's update for a link preview (the text unchanged) asks nothing."""
    feedback = world.bot.feedback
    asked = await world.member.send(world.answers, "who controls")
    assert not _from_bot(world, world.answers)
    assert [q.question for q in feedback.unanswered()] == ["who controls"]
    await world.member.edit(asked, "who controls")  # a preview's update: nothing asked
    assert not _from_bot(world, world.answers)
    await world.member.edit(asked, "who controls dokdo?")
    [reply] = _from_bot(world, world.answers)
    assert reply.reference is not None and reply.reference.message_id == asked.id
    assert reply.embeds[0].title == "who controls dokdo?"
    stats = feedback.stats()
    assert (stats.questions_asked, stats.answered) == (1, 1)
    assert feedback.unanswered() == []
    assert_pings_nobody(world.env)


async def test_an_answer_channel_question_fixed_while_it_is_matched_is_answered(
    world: World,
) -> None:
    """The same edit made while the bot was still matching the half question: the catch-up
    answered only a mention added meanwhile, and dropped the finished question."""
    backend = world.env.backend
    sent = backend.create_message(world.answers.id, world.member.id, "who controls")
    backend.edit_message(world.answers.id, sent.id, {"content": "who controls dokdo?"})
    await world.env.settle()
    [reply] = _from_bot(world, world.answers)
    assert reply.reference is not None and reply.reference.message_id == sent.id
    assert reply.embeds[0].title == "who controls dokdo?"
    assert world.bot.feedback.unanswered() == []


async def test_a_question_edited_after_its_reply_was_removed_gets_a_whole_new_reply(
    world: World,
) -> None:
    """The asker takes down the bot's reply to their question (Remove), then fixes the
    question by an edit: the new reply, a new message, had only what was left of the removed
    reply's ten minutes for its menu and votes, and none past them (Remove alone). A reply
    deleted is forgotten: the new one has its own ten minutes."""
    me = world.bot.user
    assert me is not None
    asked = await world.member.send(world.general, f"{me.mention} how tall is mount fuji?")
    [old] = _from_bot(world, world.general)
    await world.env.advance_time(ANSWER_TIMEOUT + 10)
    await world.member.click(old, label="Remove")
    assert not _from_bot(world, world.general)
    await world.member.edit(asked, f"{me.mention} who controls dokdo?")
    [new] = _from_bot(world, world.general)
    assert new.id != old.id and new.embeds[0].title == "who controls dokdo?"
    labels = {c.get("label") for c in components(new)}
    assert {"Helpful", "Not helpful", "Remove"} <= labels, labels
    await world.env.advance_time(ANSWER_TIMEOUT - 60)
    assert {"Helpful", "Remove"} <= {c.get("label") for c in components(new)}
