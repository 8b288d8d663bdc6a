"""Which of the bot's messages replies to which member's message, so that a question deleted
takes the bot's reply with it, and one edited gets a reply to what it asks now.

The reply's title echoes the question word for word, and only a moderator may delete the bot's
message: a member who deleted what they asked (something private pasted by mistake) still saw
it repeated under the bot's name, and a moderator who deleted a message for its words found
them again in the reply; a member who edited their question (a typo, or words they regretted)
kept the answer to the old one, under the old words. Pure and bounded (no discord import):
tested directly.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

# Replies remembered: the most recent ones; an older question deleted leaves its reply.
MAX_REMEMBERED = 10_000

# What the cog counted in the feedback log for a message (kept opaque here).
C = TypeVar("C")


@dataclass(frozen=True)
class Reply:
    """One reply of the bot: the channel it is in and its message id."""

    channel_id: int
    message_id: int


def digest(text: str) -> bytes:
    """A message's text as 16 bytes: 10,000 messages of up to 4,000 characters each are
    not kept, and an edit that leaves the text alone is told from one that changes it."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass
class _Answered(Generic[C]):
    asked: bytes  # the digest of the message's text when it was answered
    replies: list[Reply] = field(default_factory=list)
    counted: C | None = None  # what the answer to that text added to the statistics


class Replies(Generic[C]):
    """The bot's replies by the id of the message they answer, the `limit` most recent, and
    what answering each message counted (an edit takes it back: one question, one count)."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        if limit < 1:
            raise ValueError("limit must be >= 1")
        self.limit = limit
        self._answered: OrderedDict[int, _Answered[C]] = OrderedDict()
        # The message each remembered reply answers, by the reply's id (`forget_reply`).
        self._answers: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._answered)

    def __contains__(self, question_id: object) -> bool:
        """Whether the bot's reply to the message `question_id` is remembered."""
        return question_id in self._answered

    def note(self, question_id: int, asked: str, reply: Reply) -> None:
        """Remember that `reply` answers the message `question_id`, whose text was `asked`
        (a message may have more than one reply)."""
        answered = self._answered.get(question_id)
        if answered is None or answered.asked != digest(asked):
            if answered is not None:
                self._unindex(answered)
            answered = self._answered[question_id] = _Answered(digest(asked))
        answered.replies.append(reply)
        self._answers[reply.message_id] = question_id
        self._answered.move_to_end(question_id)
        while len(self._answered) > self.limit:
            self._unindex(self._answered.popitem(last=False)[1])

    def _unindex(self, answered: _Answered[C]) -> None:
        for reply in answered.replies:
            self._answers.pop(reply.message_id, None)

    def forget_reply(self, reply_id: int) -> None:
        """The reply `reply_id` was deleted (its Remove, a moderator): no longer one to edit
        in place when the message it answered is edited (a new reply is sent then, with its
        own components' time) nor to delete with it. The message stays remembered as
        replied to, so that an edit of it is still answered."""
        question_id = self._answers.pop(reply_id, None)
        answered = self._answered.get(question_id) if question_id is not None else None
        if answered is not None:
            answered.replies = [r for r in answered.replies if r.message_id != reply_id]

    def changed(self, question_id: int, text: str) -> bool:
        """True when the bot replied to `question_id` and its text is no longer `text`: an
        edit of what was asked (Discord also sends an update when a link's preview is
        added, the text unchanged: that is no new question)."""
        answered = self._answered.get(question_id)
        return answered is not None and answered.asked != digest(text)

    def count(self, question_id: int, counted: C) -> None:
        """Remember what answering `question_id` counted, if the bot replied to it (only a
        message replied to is answered again when edited)."""
        answered = self._answered.get(question_id)
        if answered is not None:
            answered.counted = counted

    def pop(self, question_id: int) -> list[Reply]:
        """The replies to `question_id`, forgotten (it was deleted); empty if none."""
        return self.take(question_id)[0]

    def take(self, question_id: int) -> tuple[list[Reply], C | None]:
        """The replies to `question_id` and what answering it counted, forgotten (it was
        edited: the replies are reused or deleted, the count taken back)."""
        answered = self._answered.pop(question_id, None)
        if answered is None:
            return [], None
        self._unindex(answered)
        return answered.replies, answered.counted
