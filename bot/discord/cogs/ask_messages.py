"""The message half of the cog that answers (`AskCog`): mentions of the bot, messages in the
answer channels, "source?" in reply to an answer, and a member's message deleted or edited
(its reply goes with it, or is changed in place); with the components under an answer, which
`/ask` shares.

A mixin of `AskCog` (which sets the attributes declared here in its `__init__`), apart from
`/ask` so that each half can be read alone: the bookkeeping of the replies is in
`bot.discord.answered`, the reading of "source?" in `bot.discord.sources_again`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.core.engine.replies import asks_for_source
from bot.core.knowledge.models import Answer
from bot.core.language import language_of
from bot.discord.addressed import channel_ids, mentions, strip_mentions_of
from bot.discord.answer_view import AnswerView
from bot.discord.cogs.ask_counts import QuestionCounts
from bot.discord.counting import stated_plainly, unsaid
from bot.discord.embeds import answer_embed
from bot.discord.errors import APOLOGY
from bot.discord.ratelimit import Cooldowns, RateLimiter, Verdict, wait_seconds
from bot.discord.readback import remover
from bot.discord.remove_button import remove_only
from bot.discord.sources_again import replied_to, sources_of
from bot.discord.views import ANSWER_TIMEOUT
from bot.log import get_logger
from bot.wording import wording_for, wording_of

if TYPE_CHECKING:
    from bot.discord.client import CitebotBot

log = get_logger(__name__)

MAX_QUESTION = 1000
# The message types a member types: every other type is a notice Discord writes.
_TYPED = frozenset({discord.MessageType.default, discord.MessageType.reply})
# In answer channels a decline is recorded only this close to a fact: near misses score about
# 0.5, ordinary chat under 0.3 (measured on the shipped knowledge).
CHANNEL_DECLINE_FLOOR = 0.4


def as_asked(answer: Answer, text: str) -> Answer:
    """The answer titled with the member's own words (the engine's copy is casefolded)."""
    return replace(answer, question=text.strip()[:MAX_QUESTION] or answer.question)


@dataclass
class _Turn:
    """One message being handled: what the cooldowns decided for its reply, once asked.

    A reply granted and then not sent (a bug while building it) is still the member's one
    reply: the apology takes it, rather than asking the cooldowns for a second one, which a
    member at their last reply was refused, and who then got nothing at all.
    """

    verdict: Verdict | None = None


class MessageAnswers(QuestionCounts):
    """Answers members' messages for `AskCog`: mentions, answer channels, "source?", edits."""

    bot: CitebotBot
    message_cooldowns: Cooldowns
    slow_notes: RateLimiter

    def _view(
        self,
        answer: Answer,
        asker_id: int,
        seconds: float = ANSWER_TIMEOUT,
        *,
        removable: bool = False,
    ) -> AnswerView | None:
        """The components under an answer, working for `seconds` (none when no time is left:
        a reply edited in place keeps the deadline of when it was first sent); with the
        asker's Remove button on a public answer (`removable`)."""
        if seconds <= 0:
            return None
        view = AnswerView(
            self.bot.store,
            answer,
            asker_id,
            expires_at=time.monotonic() + seconds,
            removable=removable,
        )
        return view if view.has_items() else None

    # -- mentions and answer channels -------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Reply to mentions; in answer channels, reply only when confident (`_answer`); then
        to an edit of the message made while it was answered (`AnsweredMessages.handle`)."""
        await self.answered.handle(message)

    async def _answer(self, message: discord.Message) -> None:
        """Reply to mentions; in answer channels, reply only when confident.

        A bug on the way (the engine raising) is logged with its traceback, and a member who
        mentioned the bot gets a short apology, as a command's error does: discord.py only
        logged it, and the member who asked was left with silence. Nobody asked in an answer
        channel, so there the bot stays silent.
        """
        turn = _Turn()
        try:
            await self._on_message(message, turn)
        except Exception:
            log.exception("unhandled error answering message %s", message.id)
            if message.author.bot or not self._mentions_me(message):
                return
            if self._grant(message, turn).allowed:
                try:
                    await self._reply_to(message, content=APOLOGY)
                except discord.HTTPException as exc:
                    log.warning("could not apologise (HTTP %s, code %s)", exc.status, exc.code)

    def _mentions_me(self, message: discord.Message) -> bool:
        """Whether a message in a server mentions the bot in its text (its user or its role)."""
        me = self.bot.user
        if me is None or message.guild is None:
            return False
        own_role = message.guild.self_role
        return mentions(me.id, message.content, own_role.id if own_role else None)

    def _in_answer_channel(self, message: discord.Message) -> bool:
        """Whether the message is in an answer channel (or a thread of one), where the bot
        reads every message."""
        return bool(channel_ids(message.channel) & set(self.bot.settings.answer_channel_ids))

    def _grant(self, message: discord.Message, turn: _Turn) -> Verdict:
        """Whether the cooldowns let this message have its one reply (asked once per message:
        a second call, for an apology, returns what the first decided)."""
        if turn.verdict is None:
            verdict = self.message_cooldowns.check(message.author.id, message.channel.id)
            if not verdict.allowed:
                log.debug(
                    "cooldown (%s) holds a reply for %.1f s", verdict.scope, verdict.retry_after
                )
            turn.verdict = verdict
        return turn.verdict

    async def _slow_down(self, message: discord.Message, verdict: Verdict, text: str) -> None:
        """Tell a member who mentioned the bot past their own cooldown when to ask again:
        the bot said nothing, and they could not tell a limit from a bot that is down.

        Once per member per `SLOW_NOTE_RATE`, and only within the channel's limit (which the
        note spends): past the channel's own limit the channel is busy, and a note would add
        to what the limit holds back. `/ask` says the same, privately.
        """
        if verdict.scope != "user" or self.slow_notes.retry_after(message.author.id):
            return
        if self.message_cooldowns.channel.hit(message.channel.id):
            return
        self.slow_notes.consume(message.author.id)
        note = wording_of(language_of(text)).slow_down
        try:
            await self._reply_to(
                message, content=note.format(seconds=wait_seconds(verdict.retry_after))
            )
        except discord.HTTPException as exc:
            log.warning(
                "could not ask a member to slow down (HTTP %s, code %s)", exc.status, exc.code
            )

    async def _on_message(self, message: discord.Message, turn: _Turn) -> None:
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id or message.guild is None:
            return
        if message.type not in _TYPED:
            # A system notice carries the member as author and a thread's name as content
            # ("alice started a thread: Who controls Dokdo?"): never a question to answer.
            return
        own_role = message.guild.self_role
        role_id = own_role.id if own_role is not None else None
        mentioned = mentions(me.id, message.content, role_id)
        text = strip_mentions_of(me.id, message.content, role_id)
        # "source?" in reply to one of our answers: its sources again (mention or not).
        asking_source = message.reference is not None and asks_for_source(text)
        if asking_source and await self._sources_again(message, me.id, turn):
            return
        in_channel = self._in_answer_channel(message)
        if not mentioned and not in_channel:
            return
        verdict = self._grant(message, turn) if mentioned else None
        if verdict is not None and not verdict.allowed:
            # A mention is always replied to, so its reply is asked for before matching: in a
            # flood, matching every mention the cooldowns then refused took the worker
            # threads (a model's time on the semantic matcher) that /ask answers in time with.
            await self._slow_down(message, verdict, text)
            return
        engine = self.bot.store.engine
        answer = as_asked(await asyncio.to_thread(engine.ask, text), text)
        if not mentioned and not stated_plainly(answer):
            # Answer channels: silence unless confident (a curated fact stated plainly, each
            # question's of a message that asked several: nobody asked the bot, so a fact it is
            # not sure of, or a decline beside a fact, would only interrupt). Count a decline
            # only if it came near some fact: chat ("my cat knocked my plant over") must not
            # fill the review queue; a question it was not sure of is one for the moderators.
            if answer.score >= CHANNEL_DECLINE_FLOOR:
                await self._record(unsaid(answer), message.guild.id, message.author.id, message.id)
            return
        if not self._grant(message, turn).allowed:  # (a mention's was granted above)
            return
        await self._reply(message, answer)
        await self._record(answer, message.guild.id, message.author.id, message.id)

    # -- "source?" in reply to an answer ------------------------------------------------------

    async def _sources_again(self, message: discord.Message, me_id: int, turn: _Turn) -> bool:
        """Reply with the sources of the answer this message replies to; False if it does not
        reply to one of our answers (the message is then handled like any other)."""
        original = await replied_to(message)
        if original is None or original.author.id != me_id:
            return False
        words = wording_of(language_of(message.content))
        shown = sources_of(self.bot.store.engine, original, words)
        if shown is None:
            return False
        if not self._grant(message, turn).allowed:
            return True
        try:
            if isinstance(shown, str):
                await self._reply_to(message, content=shown)
            else:
                # Titled with the question answered, word for word: the Remove of the member
                # who asked it (named by the answer's own), else of the member asking now.
                asker = remover(original) or message.author.id
                kept = remove_only(asker, words.remove_label)
                await self._reply_to(message, embed=shown, view=kept)
        except discord.HTTPException as exc:
            log.warning("could not reply with sources (HTTP %s, code %s)", exc.status, exc.code)
        return True

    async def _reply_to(self, message: discord.Message, **kwargs: Any) -> discord.Message:
        """Reply to the member's message, the reply remembered with it (`AnsweredMessages`)."""
        return await self.answered.reply_to(message, **kwargs)

    # -- a question deleted takes its reply with it; one edited is asked again ---------------

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """A member's message deleted: the bot's reply to it goes too."""
        await self.answered.deleted(payload.message_id)

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """Messages purged by a moderator: the bot's replies to them go too."""
        for message_id in payload.message_ids:
            await self.answered.deleted(message_id)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """A member edited a message the bot replied to: it is answered again, the reply
        changed in place (`AnsweredMessages.edited`)."""
        await self.answered.edited(payload.message)

    async def _reply(self, message: discord.Message, answer: Answer) -> None:
        """Reply with the answer, its components and Remove for the member it answers: their
        message deleted takes the reply with it only while the bot remembers the pair (not
        after a restart), and a member may not delete the bot's message themselves."""
        seconds = self.answered.seconds_for_view(message.id)
        view = self._view(answer, message.author.id, seconds, removable=True)
        try:
            if view is None:  # past the components' time (a reply edited in place): Remove
                kept = remove_only(message.author.id, wording_for(answer).remove_label)
                await self._reply_to(message, embed=answer_embed(answer), view=kept)
                return
            view.message = await self._reply_to(message, embed=answer_embed(answer), view=view)
        except discord.HTTPException as exc:
            # Discord refused (missing permissions, deleted message, outage): keep serving.
            if view is not None:
                view.stop()
            log.warning(
                "could not reply to message %s in channel %s (HTTP %s, code %s): %s",
                message.id,
                message.channel.id,
                exc.status,
                exc.code,
                exc.text,
            )
