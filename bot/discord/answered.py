"""A member's message after the bot answered it: edited, it is answered again and the reply
changes in place; deleted, the reply goes with it.

The reply's title repeats the question word for word, and only a moderator may delete the
bot's message, so the reply follows what the member does to their own. Apart from the cog that
answers (cogs/ask.py), which grew past what one module should hold: this is the bookkeeping of
which reply answers which message (`replies.Replies`) and of the messages being handled while
they are edited or deleted. The cog keeps the listeners and what answering a message means.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import discord

from bot.discord.addressed import reply_to
from bot.discord.answer_view import AnswerView
from bot.discord.errors import no_mentions
from bot.discord.replies import Replies, Reply, digest
from bot.discord.views import ANSWER_TIMEOUT
from bot.log import get_logger

log = get_logger(__name__)

# What the cog counted in the feedback log for a message (kept opaque here).
C = TypeVar("C")

# Messages remembered that did not ask the bot (the most recent): one edited to mention it is
# answered then. The bot keeps no message cache, and an edit shows only the new text.
MAX_UNASKED = 10_000


@dataclass
class _Unasked(Generic[C]):
    """A message handled that got no reply: the digest of the text handled (never the text),
    and what handling it counted (an answer channel's silent decline), taken back if an edit
    makes it a question to answer."""

    asked: bytes
    counted: C | None = None


class AnsweredMessages(Generic[C]):
    """The messages the bot handles and the replies it made to them, followed after.

    `answer` handles one message (sent, or edited and asked again); `withdraw` takes back what
    answering it counted, so that an edited question is counted once, as what it asks now;
    `mentions_bot` tells a message that mentions the bot; `reads_all` one where the bot reads
    every message (an answer channel), so that an edit of its text asks again.
    """

    def __init__(
        self,
        client: discord.Client,
        answer: Callable[[discord.Message], Awaitable[None]],
        withdraw: Callable[[C], Awaitable[None]],
        mentions_bot: Callable[[discord.Message], bool],
        reads_all: Callable[[discord.Message], bool],
    ) -> None:
        self.client = client
        self._answer = answer
        self._withdraw = withdraw
        self._mentions_bot = mentions_bot
        self._reads_all = reads_all
        self.replies: Replies[C] = Replies()
        # Messages being handled (sent or edited), with their latest text: an edit meanwhile
        # is handled after (`edited`).
        self._handling: dict[int, discord.Message] = {}
        # Edited messages being answered again: the bot's replies to their old text, which
        # the new reply edits in place (`reply_to`); those left over are deleted.
        self._replacing: dict[int, list[Reply]] = {}
        # Messages deleted while being handled: their reply, sent (or edited) after the
        # deletion was handled, goes when the handling ends (`_handled`).
        self._deleted: set[int] = set()
        # Messages handled that neither mentioned the bot nor got a reply (`_unasked`): an
        # edit that adds a mention is a question then, as is, in an answer channel, one that
        # changes the text (`edited`). A digest of the text, never the text: an update that
        # leaves it alone (a link's preview, a pin) is no question.
        self._unasked: OrderedDict[int, _Unasked[C]] = OrderedDict()
        # What handling a message being handled counted while it got no reply (an answer
        # channel's silent decline): kept with it in `_unasked` once handled.
        self._unreplied_counts: dict[int, C] = {}

    async def handle(self, message: discord.Message, taken_back: C | None = None) -> None:
        """Answer a new message, then an edit of it made while it was answered (`_catch_up`);
        for a message edited into a question (`_asks_now`), what its old text counted is
        taken back first (`taken_back`)."""
        self._handling[message.id] = message
        try:
            if taken_back is not None:
                await self._withdraw(taken_back)
            await self._answer(message)
            await self._catch_up(message)
        finally:
            await self._handled(message.id)

    async def _handled(self, message_id: int) -> None:
        """The message is handled: if it was deleted meanwhile, its reply goes now.

        A deletion while the reply was being made found no reply to delete, and the reply
        then sent (where Discord refuses replies, as a plain message) or edited in place (an
        edited question) stayed under the bot's name, repeating the words deleted.
        """
        latest = self._handling.pop(message_id)
        counted = self._unreplied_counts.pop(message_id, None)
        if message_id in self._deleted:
            self._deleted.discard(message_id)
            await self._delete_replies(message_id)
        elif message_id not in self.replies and not self._mentions_bot(latest):
            self._unasked[message_id] = _Unasked(digest(latest.content), counted)
            self._unasked.move_to_end(message_id)
            while len(self._unasked) > MAX_UNASKED:
                self._unasked.popitem(last=False)

    def _asks_again(self, before: bytes, message: discord.Message) -> bool:
        """Whether `message`, which got no reply to its text of digest `before` (nor mentioned
        the bot), asks the bot now: it mentions the bot, or, where the bot reads every message
        (an answer channel), its text changed (a question finished or fixed after it was
        sent, Enter pressed too soon or a typo)."""
        if self._mentions_bot(message):
            return True
        return self._reads_all(message) and digest(message.content) != before

    def _asks_now(self, message: discord.Message) -> _Unasked[C] | None:
        """The record of a message that got no reply, if this edit makes it a question to
        answer as if sent now (`_asks_again`); forgotten once asked. None otherwise."""
        unasked = self._unasked.get(message.id)
        if unasked is None or not self._asks_again(unasked.asked, message):
            return None
        del self._unasked[message.id]
        return unasked

    # -- the replies ----------------------------------------------------------------------

    async def reply_to(self, message: discord.Message, **kwargs: Any) -> discord.Message:
        """`reply_to`, remembering the reply so that it goes if the message is deleted; for
        an edited message, the bot's reply to its old text edited in place (`_replace`)."""
        sent = await self._replace(message.id, **kwargs) or await reply_to(message, **kwargs)
        self.replies.note(message.id, message.content, Reply(sent.channel.id, sent.id))
        return sent

    def count(self, question_id: int, counted: C) -> None:
        """Remember what answering the message counted, with the bot's reply to it, or, if it
        got none (an answer channel's silent decline), with the message: an edit that makes it
        a question takes it back."""
        if question_id in self.replies:
            self.replies.count(question_id, counted)
        elif question_id in self._handling:
            self._unreplied_counts[question_id] = counted

    async def _replace(self, question_id: int, **kwargs: Any) -> discord.Message | None:
        """Edit the bot's reply to the old text of an edited message into the new reply:
        everything in it replaced (text, embed, components), where it is, still a reply to
        the member's message. None when there is none to edit (a moderator deleted it
        meanwhile): the new reply is then sent as a new message.

        A member who fixed a typo saw the answer to the old text vanish and a new one appear
        at the bottom of the channel, away from their question; as chat assistants do, the
        reply changes in place.
        """
        old = self._replacing.get(question_id)
        while old:
            reply = old.pop(0)
            view = AnswerView.live(reply.message_id)
            if view is not None:
                view.stop()  # the new components (or none) replace its own
            channel = self.client.get_partial_messageable(reply.channel_id)
            try:
                return await channel.get_partial_message(reply.message_id).edit(
                    content=kwargs.get("content"),
                    embed=kwargs.get("embed"),
                    view=kwargs.get("view"),
                    allowed_mentions=no_mentions(),
                )
            except discord.NotFound:
                continue  # deleted meanwhile: the next one, or a new reply
            except discord.HTTPException:
                old.append(reply)  # still there, answering the old text: it is deleted after
                raise
        return None

    def seconds_for_view(self, question_id: int) -> float:
        """How long the components of the reply to this message may work: ANSWER_TIMEOUT,
        or for a reply edited in place what is left of its own (from when it was sent, which
        is all a click after a restart can tell: `readback.seconds_left`)."""
        old = self._replacing.get(question_id)
        if not old:
            return ANSWER_TIMEOUT
        sent = discord.utils.snowflake_time(old[0].message_id)
        return ANSWER_TIMEOUT - (discord.utils.utcnow() - sent).total_seconds()

    # -- a question deleted takes its reply with it; one edited is asked again ---------------

    async def deleted(self, message_id: int) -> None:
        """A member's message deleted (by them, or by a moderator for its words): delete the
        bot's reply to it, whose title repeats it word for word and which the member cannot
        delete themselves. One of the bot's replies deleted (its Remove, a moderator) is
        forgotten: an edit of the question it answered gets a new reply, with its own ten
        minutes, where it had what was left of the deleted one's (none, past them: no menu,
        no votes)."""
        self.replies.forget_reply(message_id)
        if message_id in self._handling:
            self._deleted.add(message_id)
        await self._delete_replies(message_id)

    async def edited(self, message: discord.Message) -> None:
        """A member edited a message the bot replied to: the reply answered the old text and
        repeats it, so the message is handled as if sent now and the reply changes in place
        (to the answer to what it asks, within the cooldowns; it goes if the message no longer
        asks the bot), counted once (`_answer_again`).

        A message that did not ask the bot, edited to mention it (the mention forgotten, or
        the question typed first), is answered as if sent now: it went unanswered, as the
        edit carried no sign that the old text lacked the mention.
        """
        if message.id in self._handling:
            # Edited while the message (or its last edit) is answered: the reply is not noted
            # yet, so this edit would be taken for one of a message the bot never answered,
            # and the reply would answer (and repeat) the text edited away. It is handled
            # after, as the latest text (`_catch_up`).
            self._handling[message.id] = message
            return
        unasked = self._asks_now(message)
        if unasked is not None:
            await self.handle(message, unasked.counted)
            return
        if not self.replies.changed(message.id, message.content):
            return
        self._handling[message.id] = message
        try:
            await self._answer_again(message)
            await self._catch_up(message)
        finally:
            await self._handled(message.id)

    async def _catch_up(self, message: discord.Message) -> None:
        """After `message` was answered: while it was edited meanwhile and the bot replied to
        the text before, the latest text is answered again (`_answer_again`); one that did not
        mention the bot and got no reply is answered if the edit asks the bot now (added the
        mention, or changed the text where the bot reads every message: `_asks_again`)."""
        while message.id not in self._deleted:
            latest = self._handling[message.id]
            if latest is message:
                return
            if self.replies.changed(latest.id, latest.content):
                await self._answer_again(latest)
            elif (
                latest.id not in self.replies
                and not self._mentions_bot(message)
                and self._asks_again(digest(message.content), latest)
            ):
                counted = self._unreplied_counts.pop(latest.id, None)
                if counted is not None:
                    await self._withdraw(counted)
                await self._answer(latest)
            else:
                return
            message = latest

    async def _answer_again(self, message: discord.Message) -> None:
        """Answer an edited message: its reply to the old text is edited into the new reply
        (`reply_to`), or deleted when there is none (no longer asking the bot, a cooldown);
        the old text's count is taken back, the new one counted: an edit is not a second
        question, and the statistics and the review queue counted it twice (the declined
        typo stayed in the queue beside the corrected question)."""
        old, count = self.replies.take(message.id)
        if count is not None:
            await self._withdraw(count)
        self._replacing[message.id] = old
        try:
            await self._answer(message)
        finally:
            await self._delete(message.id, self._replacing.pop(message.id))

    async def _delete_replies(self, question_id: int) -> None:
        await self._delete(question_id, self.replies.pop(question_id))

    async def _delete(self, question_id: int, replies: list[Reply]) -> None:
        for reply in replies:
            view = AnswerView.live(reply.message_id)
            if view is not None:
                view.stop()  # nothing left to take the buttons off
            channel = self.client.get_partial_messageable(reply.channel_id)
            try:
                await channel.get_partial_message(reply.message_id).delete()
            except discord.NotFound:
                pass  # a moderator deleted it already
            except discord.HTTPException as exc:
                log.warning(
                    "could not delete the reply to message %s (HTTP %s, code %s)",
                    question_id,
                    exc.status,
                    exc.code,
                )
