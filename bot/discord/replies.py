"""Which of the bot's messages replies to which member's message, so that a question deleted
takes the bot's reply with it.

The reply's title echoes the question word for word, and only a moderator may delete the bot's
message: a member who deleted what they asked (something private pasted by mistake) still saw
it repeated under the bot's name, and a moderator who deleted a message for its words found
them again in the reply. Pure and bounded (no discord import): tested directly.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

# Replies remembered: the most recent ones; an older question deleted leaves its reply.
MAX_REMEMBERED = 10_000


@dataclass(frozen=True)
class Reply:
    """One reply of the bot: the channel it is in and its message id."""

    channel_id: int
    message_id: int


class Replies:
    """The bot's replies by the id of the message they answer, the `limit` most recent."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        if limit < 1:
            raise ValueError("limit must be >= 1")
        self.limit = limit
        self._replies: OrderedDict[int, list[Reply]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._replies)

    def note(self, question_id: int, reply: Reply) -> None:
        """Remember that `reply` answers the message `question_id` (a message may have more
        than one)."""
        self._replies.setdefault(question_id, []).append(reply)
        self._replies.move_to_end(question_id)
        while len(self._replies) > self.limit:
            self._replies.popitem(last=False)

    def pop(self, question_id: int) -> list[Reply]:
        """The replies to `question_id`, forgotten (it was deleted); empty if none."""
        return self._replies.pop(question_id, [])
