"""Helpful / Not helpful under an answer: one vote per member per answer, recorded for the
moderators' review.

A `discord.ui.DynamicItem` like the rest of the answer's components (`answer_view.py`): the
custom id carries the fact and the vote, the message the question, so a click after a restart
is handled the same way.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord.clicks import clicker_words, fits, reported, services
from bot.discord.errors import claim, send_ephemeral
from bot.discord.intime import in_time
from bot.discord.readback import answered_fact, complete_question, picked_from_menu, seconds_left
from bot.discord.remove_button import expire
from bot.wording import WORDINGS


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"citebot:vote:(?P<helpful>[01]):(?P<fact>[a-z0-9-]*)",
):
    """Helpful / Not helpful: one vote per member per answer, recorded for the moderators."""

    def __init__(self, helpful: bool, fact_id: str, label: str | None = None, row: int = 1) -> None:
        custom_id = fits(f"citebot:vote:{int(helpful)}:{fact_id}")
        english = WORDINGS["en"]
        # Labelled in the answer's language (wording.helpful_label, not_helpful_label); the
        # custom id, which the click is handled by, is the same in every language.
        super().__init__(
            discord.ui.Button(
                label=label or (english.helpful_label if helpful else english.not_helpful_label),
                style=discord.ButtonStyle.success if helpful else discord.ButtonStyle.secondary,
                # An id too long to carry is read back from the footer when clicked.
                custom_id=custom_id or f"citebot:vote:{int(helpful)}:",
            ),
            row=row,
        )
        self.helpful = helpful
        self.fact_id = fact_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> VoteButton:
        fact_id = match["fact"]
        if not fact_id:
            fact_id = answered_fact(interaction.message)
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(match["helpful"] == "1", fact_id, label)  # as sent, any language

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        claim(interaction)
        return True

    async def callback(self, interaction: discord.Interaction) -> None:
        await reported(self._vote(interaction), interaction)

    async def _vote(self, interaction: discord.Interaction) -> None:
        """Record one member's vote on the fact shown in this message."""
        if seconds_left(interaction.message) <= 0:
            await expire(interaction)
            return
        bot = services(interaction)
        if bot.store.kb.fact(self.fact_id) is None:
            await send_ephemeral(interaction, clicker_words(interaction).vote_gone)
            return
        message_id = interaction.message.id if interaction.message else 0
        # In time: another process holding the feedback database's lock (a backup, the CLI)
        # made the vote's first response miss Discord's 3 s. On the votes' own threads: the
        # wait took the shared pool's, which matching the next questions needs.
        question = complete_question(interaction.message)
        # What the member saw: a fact they picked from the menu is not the bot's answer to
        # the question, and the review queue listed it as if it were. The menu marks every
        # choice picked, the bot's own answer gone back to as well: that one is its answer.
        shown_picked = picked_from_menu(interaction.message)

        def record() -> bool:
            # Asked again: a reply to several questions gave this fact for one of them, and
            # the vote is on that question (`Answer.asked_of`), not the message whole, which
            # the review queue's Exclude then refused the fact for.
            asked = bot.store.engine.ask(question) if question else None
            picked = (
                shown_picked
                and asked is not None
                and not (asked.kind == "fact" and asked.fact_id == self.fact_id)
            )
            return bot.feedback.record_vote(
                f"{message_id}:{self.fact_id}",
                interaction.user.id,
                self.fact_id,
                asked.asked_of(self.fact_id) if asked is not None and not picked else question,
                self.helpful,
                interaction.guild_id or 0,
                picked,
            )

        counted = await in_time(interaction, record, bot.vote_writes)
        words = clicker_words(interaction)
        if not counted:
            await send_ephemeral(interaction, words.already_voted)
        elif self.helpful:
            await send_ephemeral(interaction, words.thanks_helpful)
        elif bot.moderators.at_home(interaction):
            await send_ephemeral(interaction, words.thanks_not_helpful)
        else:  # counted, but no moderator in Discord sees another server's questions
            await send_ephemeral(interaction, words.thanks_not_helpful_noted)
