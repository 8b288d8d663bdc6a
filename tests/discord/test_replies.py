"""The memory of which reply answers which message (bot/discord/replies.py)."""

from __future__ import annotations

import pytest

from bot.discord.replies import Replies, Reply


def test_a_message_gives_back_its_replies_once() -> None:
    """Every reply to a message is given back when it is deleted, then forgotten."""
    replies = Replies()
    replies.note(1, "who controls dokdo?", Reply(10, 100))
    replies.note(1, "who controls dokdo?", Reply(10, 101))
    replies.note(2, "what is gsomia?", Reply(10, 102))
    assert replies.pop(1) == [Reply(10, 100), Reply(10, 101)]
    assert replies.pop(1) == []
    assert len(replies) == 1
    assert 2 in replies and 1 not in replies


def test_only_an_edit_of_the_text_answered_is_a_change() -> None:
    """An update with the same text (a link preview added) is no change; another text is,
    and only for a message the bot replied to."""
    replies = Replies()
    replies.note(1, "who controls dokdo?", Reply(10, 100))
    assert not replies.changed(1, "who controls dokdo?")
    assert replies.changed(1, "who controls takeshima?")
    assert not replies.changed(2, "anything")


def test_only_the_most_recent_are_remembered() -> None:
    """Past the limit the oldest question is forgotten (a flood keeps the memory bounded);
    one replied to again counts as recent."""
    replies = Replies(limit=2)
    replies.note(1, "a", Reply(10, 100))
    replies.note(2, "b", Reply(10, 101))
    replies.note(1, "a", Reply(10, 102))
    replies.note(3, "c", Reply(10, 103))
    assert len(replies) == 2
    assert replies.pop(2) == []
    assert replies.pop(1) == [Reply(10, 100), Reply(10, 102)]


def test_rejects_a_limit_below_one() -> None:
    """A memory of nothing is a mistake in the caller."""
    with pytest.raises(ValueError):
        Replies(limit=0)


def test_an_edited_message_gives_back_its_replies_and_its_count() -> None:
    """What answering a message counted is kept with its replies, for a message replied to
    only, and given back with them once (the edit takes the count back)."""
    replies: Replies[str] = Replies()
    replies.note(1, "who controls dokdo?", Reply(10, 100))
    replies.count(1, "counted as fact")
    replies.count(2, "a message never replied to")
    assert replies.take(1) == ([Reply(10, 100)], "counted as fact")
    assert replies.take(1) == ([], None)
    assert replies.take(2) == ([], None)


def test_a_reply_deleted_is_forgotten_and_its_message_stays_replied_to() -> None:
    """A reply deleted (its Remove, a moderator) is no longer given back; the message it
    answered is still one replied to, whose edit is a change; a forgotten message's reply,
    or another message's id, changes nothing."""
    replies = Replies(limit=2)
    replies.note(1, "who controls dokdo?", Reply(10, 100))
    replies.note(1, "who controls dokdo?", Reply(10, 101))
    replies.forget_reply(100)
    replies.forget_reply(999)
    assert 1 in replies and replies.changed(1, "who controls takeshima?")
    assert replies.take(1) == ([Reply(10, 101)], None)
    replies.note(2, "a", Reply(10, 102))
    replies.note(3, "b", Reply(10, 103))
    replies.note(4, "c", Reply(10, 104))  # 2 is forgotten, and with it its reply 102
    replies.forget_reply(102)
    assert replies.pop(3) == [Reply(10, 103)]
