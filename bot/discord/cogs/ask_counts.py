"""The counting half of the cog that answers (`AskCog`): each question answered or declined
written to the feedback log on a thread of its own, taken back when its message is edited, and
the counts still queued given their grace at the stop.

A mixin of `AskCog` (which sets the attributes declared here in its `__init__`), apart from
the answering so that a reader of how questions are answered need not read how they are
counted; the pure rules of what counts are in `bot.discord.counting`.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from bot.core.errors import StoreError
from bot.core.knowledge.models import Answer
from bot.discord.answered import AnsweredMessages
from bot.discord.counting import Count, for_review, record, withdraw
from bot.discord.ratelimit import RateLimiter
from bot.log import get_logger

if TYPE_CHECKING:
    from bot.discord.client import CitebotBot

log = get_logger(__name__)

# Questions counted but not yet written (the feedback database held by another process):
# past this many, further counts are dropped (logged) rather than queued without bound.
MAX_PENDING_RECORDS = 1000
# At the stop, how long the counts still queued may wait for the feedback database (as long as
# its close waits for the writes under way).
RECORDS_GRACE = 5.0


class QuestionCounts:
    """Counts the questions `AskCog` answers and declines in the feedback log."""

    bot: CitebotBot
    answered: AnsweredMessages[Count]
    decline_records: RateLimiter
    _recorder: ThreadPoolExecutor
    _pending: int

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
