"""Asking: `/ask`, mentions of the bot, and messages in the configured answer channels.

- `/ask` always answers the asker. A decline is ephemeral with suggestions; an answer is public
  unless the channel has had many answers lately, then it is shown to the asker only.
- A mention gets a reply to that message (answer or decline), within the cooldowns. A reply
  to the bot's message is a mention only when its text mentions the bot: "thanks!" in reply to
  an answer is not a new question.
- In an answer channel the bot replies only when a curated fact matches confidently (stated
  plainly, not hedged: `Answer.hedged`); otherwise it stays silent. Cooldowns per member and
  per channel bound how much it can say.

Every answered question and every real decline ("low confidence", not small talk) is recorded
in the feedback log; in answer channels, a declined message counts only if it came close to
some fact (`CHANNEL_DECLINE_FLOOR`), so ordinary chat does not fill the moderators' review queue,
and each member adds at most `DECLINE_RECORD_RATE` declines to each server's queue.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.engine.replies import asks_for_source
from bot.core.errors import StoreError
from bot.core.knowledge.models import Answer
from bot.core.language import language_of
from bot.discord.addressed import channel_ids, mentions, strip_mentions_of
from bot.discord.answer_view import AnswerView
from bot.discord.answered import AnsweredMessages
from bot.discord.autocomplete import AskChoices
from bot.discord.counting import Count, for_review, record, stated_plainly, unsaid, withdraw
from bot.discord.embeds import answer_embed
from bot.discord.errors import APOLOGY, no_mentions, send_ephemeral
from bot.discord.intime import in_time
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

# (replies, seconds). Mentions and answer channels share one set; /ask has its own per-member
# limit and a per-channel limit on *public* answers (past it, answers are shown privately).
MESSAGE_USER_RATE = (3, 60.0)
MESSAGE_CHANNEL_RATE = (8, 60.0)
ASK_USER_RATE = (6, 60.0)
ASK_CHANNEL_RATE = (10, 60.0)
# "You're asking quickly" to a member who mentions the bot past their cooldown: once a minute.
SLOW_NOTE_RATE = (1, 60.0)
# Questions counted but not yet written (the feedback database held by another process):
# past this many, further counts are dropped (logged) rather than queued without bound.
MAX_PENDING_RECORDS = 1000
# At the stop, how long the counts still queued may wait for the feedback database (as long as
# its close waits for the writes under way).
RECORDS_GRACE = 5.0
MAX_QUESTION = 1000
# The message types a member types: every other type is a notice Discord writes.
_TYPED = frozenset({discord.MessageType.default, discord.MessageType.reply})
# In answer channels a decline is recorded only this close to a fact: near misses score about
# 0.5, ordinary chat under 0.3 (measured on the shipped knowledge).
CHANNEL_DECLINE_FLOOR = 0.4
# Declined questions a member can add to a server's review queue: one member repeating a
# question 40 times must not make it the top of the queue.
DECLINE_RECORD_RATE = (3, 600.0)


def _limiter(rate: tuple[int, float]) -> RateLimiter:
    return RateLimiter(rate[0], rate[1])


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


class AskCog(commands.Cog):
    """Answers questions wherever members ask them."""

    def __init__(self, bot: CitebotBot) -> None:
        self.bot = bot
        self.message_cooldowns = Cooldowns(
            _limiter(MESSAGE_USER_RATE), _limiter(MESSAGE_CHANNEL_RATE)
        )
        self.ask_user = _limiter(ASK_USER_RATE)
        self.ask_channel = _limiter(ASK_CHANNEL_RATE)
        self.decline_records = _limiter(DECLINE_RECORD_RATE)
        self.slow_notes = _limiter(SLOW_NOTE_RATE)
        self.ask_choices = AskChoices()
        # The replies to members' messages, which follow the message edited or deleted.
        self.answered: AnsweredMessages[Count] = AnsweredMessages(
            bot, self._answer, self._withdraw, self._mentions_me, self._in_answer_channel
        )
        # Counting a question writes the feedback database, which waits (up to 10 s) while
        # another process holds it: on the loop's shared pool, a few such waits took every
        # thread matching needs, and every question after them was answered late and
        # privately. Writes are serialised by SQLite anyway: one thread of their own.
        self._recorder = ThreadPoolExecutor(1, thread_name_prefix="citebot-feedback")
        self._pending = 0

    async def cog_unload(self) -> None:
        """At the stop, before the feedback database closes: let the counts still waiting for
        it (another process holding its lock) be written, for up to RECORDS_GRACE seconds.

        The database's close waits only for the writes under way, and on one thread only one
        is: the counts queued behind it were refused by the closed database and lost, where on
        the shared pool each had been under way and was waited for. Past the grace, those not
        begun are dropped (logged) so that the stop is not held by a queue of 10 s waits.
        """
        written = asyncio.wrap_future(self._recorder.submit(lambda: None))  # after all before it
        _, late = await asyncio.wait({written}, timeout=RECORDS_GRACE)
        if late:
            log.warning(
                "stopping: %d question count(s) not written, the feedback database is held",
                self._pending,
            )
        self._recorder.shutdown(wait=False, cancel_futures=True)

    # -- recording ------------------------------------------------------------------------

    async def _record(
        self,
        answer: Answer,
        guild_id: int | None,
        user_id: int,
        question_id: int | None = None,
    ) -> None:
        """Count the question; a failure here is logged and never reaches the member.

        With the id of the member's message (`question_id`) the count is remembered with the
        bot's reply to it (or with the message, left unanswered in an answer channel), so that
        an edit of the message takes it back (`_withdraw`).

        A decline joins the review queue only within the member's own limit in that server:
        each server has its own queue, and a limit shared by all of them let a member's near
        misses in another server (or in direct messages) keep their question in a home
        server out of its moderators' queue.
        """
        self.bot.note_answer()
        if self.bot.feedback.closed:
            return  # stopping: the answer went out, the count is not worth an error
        queued = for_review(answer)
        decline = queued and self.decline_records.hit((guild_id or 0, user_id)) == 0.0
        if self._pending >= MAX_PENDING_RECORDS:
            log.warning("the feedback store is not keeping up: a question was not counted")
            return
        count = Count(answer, guild_id or 0, decline)
        if question_id is not None:
            self.answered.count(question_id, count)

        def write() -> None:
            record(self.bot.feedback, answer, count.guild_id, decline=decline)
            count.written = True

        self._pending += 1
        try:
            await asyncio.get_running_loop().run_in_executor(self._recorder, write)
        except StoreError:
            # The store logged why (once while it lasts: a full disk fails every count alike);
            # a traceback a question said nothing more.
            log.debug("a question was not counted: the feedback store failed")
        except Exception:
            if self.bot.feedback.closed:  # the stop's grace ran out: said once, at the stop
                log.debug("a question was not counted: the bot stopped first")
            else:
                log.exception("could not record a question in the feedback log")
        finally:
            self._pending -= 1

    async def _withdraw(self, count: Count) -> None:
        """Take back a question's count (its message was edited and is counted again), on the
        recorder's thread after the count itself; a failure is logged, as a count's is."""
        if self.bot.feedback.closed:
            return

        def take_back() -> None:
            if count.written:  # a count refused or dropped has nothing to take back
                withdraw(self.bot.feedback, count.answer, count.guild_id, decline=count.decline)

        try:
            await asyncio.get_running_loop().run_in_executor(self._recorder, take_back)
        except StoreError:
            log.debug("a question's count was not taken back: the feedback store failed")
        except Exception:
            if self.bot.feedback.closed:
                log.debug("a question's count was not taken back: the bot stopped first")
            else:
                log.exception("could not take back a question's count in the feedback log")

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

    # -- /ask -----------------------------------------------------------------------------

    @app_commands.command(name="ask")
    @app_commands.describe(question="Your question about Japan–South Korea relations")
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, MAX_QUESTION]
    ) -> None:
        """Ask a question; the answer comes with its sources."""
        words = wording_of(language_of(question))
        wait = self.ask_user.hit(interaction.user.id)
        if wait:
            await send_ephemeral(interaction, words.slow_down.format(seconds=wait_seconds(wait)))
            return
        # Matching runs in a worker thread: with the semantic matcher a question costs
        # milliseconds of CPU, and the event loop must keep acknowledging other interactions.
        # Discord wants a first response within 3 s: if the answer is not ready in time (a
        # burst of questions on a busy host), acknowledge first and answer privately after.
        engine = self.bot.store.engine
        found = await in_time(interaction, lambda: engine.ask(question))
        answer = as_asked(found, question)
        if interaction.response.is_done():  # acknowledged privately: the answer is too
            view = self._view(answer, interaction.user.id)
            content = words.busy_bot if answer.answered else None
            message = await interaction.edit_original_response(
                content=content,
                embed=answer_embed(answer),
                view=view,
                allowed_mentions=no_mentions(),
            )
            if view is not None:
                view.message = message
            await self._record(answer, interaction.guild_id, interaction.user.id)
            return
        private = not answer.answered or self.ask_channel.hit(interaction.channel_id or 0) > 0
        # A public answer repeats the member's question to the channel: theirs to take down.
        view = self._view(answer, interaction.user.id, removable=not private)
        content = None
        if answer.answered and private:
            content = words.busy_channel
        response = await interaction.response.send_message(
            content,
            embed=answer_embed(answer),
            view=view if view is not None else discord.utils.MISSING,
            ephemeral=private,
            allowed_mentions=no_mentions(),
        )
        if view is not None and isinstance(response.resource, discord.InteractionMessage):
            view.message = response.resource
        await self._record(answer, interaction.guild_id, interaction.user.id)

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Fact questions matching what the member has typed so far, that the bot answers
        with their fact (off the event loop: a suggestion not yet checked is asked)."""
        engine = self.bot.store.engine
        return await asyncio.to_thread(self.ask_choices.choices, engine, current)

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
