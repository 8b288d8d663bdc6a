"""Asking: `/ask`, mentions of the bot, and messages in the configured answer channels.

- `/ask` always answers the asker. A decline is ephemeral with suggestions; an answer is public
  unless the channel has had many answers lately, then it is shown to the asker only.
- A mention gets a reply to that message (answer or decline), within the cooldowns. A reply
  to the bot's message is a mention only when its text mentions the bot: "thanks!" in reply to
  an answer is not a new question.
- In an answer channel the bot replies only when a curated fact matches confidently (stated
  plainly, not hedged, and for a message of several questions every one so:
  `counting.stated_plainly`); otherwise it stays silent. Cooldowns per member and per channel
  bound how much it can say.

Every answered question and every real decline ("low confidence", not small talk) is recorded
in the feedback log; in answer channels, a declined message counts only if it came close to
some fact (`CHANNEL_DECLINE_FLOOR`), so ordinary chat does not fill the moderators' review queue,
and each member adds at most `DECLINE_RECORD_RATE` declines to each server's queue.

This module holds the cog, its limits and `/ask`; the cog's two halves are mixins beside it:
`ask_messages` (mentions, answer channels, "source?", edits and deletions) and `ask_counts`
(the counts written to the feedback log).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.language import language_of
from bot.discord.answered import AnsweredMessages
from bot.discord.autocomplete import AskChoices
from bot.discord.cogs.ask_messages import MAX_QUESTION, MessageAnswers, as_asked
from bot.discord.counting import Count
from bot.discord.embeds import answer_embed
from bot.discord.errors import no_mentions, send_ephemeral
from bot.discord.intime import in_time
from bot.discord.ratelimit import Cooldowns, RateLimiter, wait_seconds
from bot.log import get_logger
from bot.wording import wording_of

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
# Declined questions a member can add to a server's review queue: one member repeating a
# question 40 times must not make it the top of the queue.
DECLINE_RECORD_RATE = (3, 600.0)


def _limiter(rate: tuple[int, float]) -> RateLimiter:
    return RateLimiter(rate[0], rate[1])


class AskCog(MessageAnswers, commands.Cog):
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
