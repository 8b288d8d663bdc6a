"""The components under our messages: answer choices and votes, pagination, confirmation.

Views hold their state in memory and end at a fixed deadline: `ANSWER_TIMEOUT` after they are
made, whatever is clicked meanwhile (discord.py would restart the timeout on every click, and
the final edit could then meet an interaction token past its 15 minutes). When a view ends, its
message is edited to remove the components, ephemeral messages included.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from bot.core.knowledge.models import Answer
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.embeds import answer_embed
from bot.discord.errors import no_mentions, report_error, send_ephemeral
from bot.discord.formatting import CHOICE_LIMIT, one_line, shorten
from bot.log import get_logger

log = get_logger(__name__)

ANSWER_TIMEOUT = 600.0
PAGE_TIMEOUT = 300.0
CONFIRM_TIMEOUT = 120.0
MAX_CHOICES = 10

Editable = discord.Message | discord.InteractionMessage


class BaseView(discord.ui.View):
    """A view whose errors go through the one error path, and which can clean up after itself."""

    def __init__(
        self, *, timeout: float, owner_id: int | None = None, expires_at: float | None = None
    ) -> None:
        now = time.monotonic()
        # A fixed deadline (monotonic clock): a view that replaces another keeps its deadline.
        self.expires_at = expires_at if expires_at is not None else now + timeout
        super().__init__(timeout=max(self.expires_at - now, 0.001))
        self.owner_id = owner_id
        self.message: Editable | None = None
        self.owner_only_note = "Only the member who asked can use this."

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        # discord.py extends the timeout by `timeout` after this check passes; setting it to
        # what is left makes that extension land on the same deadline.
        self.timeout = max(self.expires_at - time.monotonic(), 0.001)
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        await send_ephemeral(interaction, self.owner_only_note)
        return False

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_error(interaction, error)

    async def on_timeout(self) -> None:
        if self.message is None:
            return
        try:
            await self.message.edit(view=None, allowed_mentions=no_mentions())
        except discord.HTTPException as exc:  # deleted, or the token expired: nothing to clean
            log.info("could not remove expired components (HTTP %s)", exc.status)


def choice_pool(store: KnowledgeStore, answer: Answer) -> list[tuple[str, str]]:
    """(fact id, label) of every fact on offer: the answer itself, near ties, then suggestions.

    The answer's own fact stays in the pool so that after a swap the member can go back to it.
    """
    kb = store.kb
    pool: dict[str, str] = {}
    if answer.fact_id:
        fact = kb.fact(answer.fact_id)
        pool[answer.fact_id] = fact.questions[0] if fact else answer.fact_id
    for alt in answer.alternatives:
        if alt.fact_id and alt.fact_id not in pool:
            fact = kb.fact(alt.fact_id)
            pool[alt.fact_id] = fact.questions[0] if fact else alt.fact_id
    for suggestion in answer.suggestions:
        pool.setdefault(suggestion.fact_id, suggestion.question)
    return list(pool.items())[: MAX_CHOICES + 1]


class ChoiceSelect(discord.ui.Select["AnswerView"]):
    """The "Not what you meant?" menu: the other facts the question may have been about."""

    def __init__(
        self, pool: Sequence[tuple[str, str]], current: str | None, answered: bool
    ) -> None:
        options = [
            discord.SelectOption(
                label=shorten(one_line(label), CHOICE_LIMIT) or fact_id,
                value=fact_id[:CHOICE_LIMIT],
                description=shorten(f"fact {fact_id}", CHOICE_LIMIT),
            )
            for fact_id, label in pool
            if fact_id != current
        ][:MAX_CHOICES]
        super().__init__(
            placeholder="Not what you meant?" if answered else "Did you mean…",
            options=options,
            custom_id="citebot:choice",
            row=0,
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.choose(interaction, self.values[0])


class VoteButton(discord.ui.Button["AnswerView"]):
    """Helpful / Not helpful: one vote per member per answer, recorded for the moderators."""

    def __init__(self, helpful: bool) -> None:
        super().__init__(
            label="Helpful" if helpful else "Not helpful",
            style=discord.ButtonStyle.success if helpful else discord.ButtonStyle.secondary,
            custom_id=f"citebot:vote:{int(helpful)}",
            row=1,
        )
        self.helpful = helpful

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.vote(interaction, self.helpful)


class AnswerView(BaseView):
    """Under an answer (or a decline): other facts the member may have meant, and votes.

    Only the asker swaps the answer in place; anyone else who picks a choice gets that answer
    privately, so nobody can change what the asker sees. Anyone may vote, once per answer.
    """

    def __init__(
        self,
        store: KnowledgeStore,
        feedback: FeedbackLog,
        answer: Answer,
        asker_id: int,
        *,
        pool: Sequence[tuple[str, str]] | None = None,
        question: str | None = None,
        expires_at: float | None = None,
    ) -> None:
        super().__init__(timeout=ANSWER_TIMEOUT, expires_at=expires_at)
        self.store = store
        self.feedback = feedback
        self.answer = answer
        self.asker_id = asker_id
        self.question = question if question is not None else answer.question
        self.pool = list(pool) if pool is not None else choice_pool(store, answer)
        if any(fact_id != answer.fact_id for fact_id, _ in self.pool):
            self.add_item(ChoiceSelect(self.pool, answer.fact_id, answer.answered))
        if answer.kind == "fact" and answer.fact_id:
            self.add_item(VoteButton(True))
            self.add_item(VoteButton(False))

    def has_items(self) -> bool:
        """False when there is nothing to offer (no choices and nothing to vote on)."""
        return bool(self.children)

    async def choose(self, interaction: discord.Interaction, fact_id: str) -> None:
        """Show the chosen fact: in place for the asker, privately for anyone else."""
        chosen = self.store.engine.answer_fact(fact_id, question=self.question)
        if chosen is None:
            await send_ephemeral(interaction, "That fact no longer exists.")
            return
        if interaction.user.id != self.asker_id:
            await send_ephemeral(interaction, embed=answer_embed(chosen))
            return
        view = AnswerView(
            self.store,
            self.feedback,
            chosen,
            self.asker_id,
            pool=self.pool,
            question=self.question,
            expires_at=self.expires_at,  # the message's token does not live any longer
        )
        await interaction.response.edit_message(
            embed=answer_embed(chosen), view=view, allowed_mentions=no_mentions()
        )
        view.message = self.message
        self.stop()

    async def vote(self, interaction: discord.Interaction, helpful: bool) -> None:
        """Record one member's vote on the fact shown in this message."""
        fact_id = self.answer.fact_id
        if fact_id is None:  # votes are only offered on fact answers
            return
        message_id = interaction.message.id if interaction.message else 0
        counted = await asyncio.to_thread(
            self.feedback.record_vote,
            f"{message_id}:{fact_id}",
            interaction.user.id,
            fact_id,
            self.question,
            helpful,
            interaction.guild_id or 0,
        )
        if not counted:
            await send_ephemeral(interaction, "You have already voted on this answer.")
        elif helpful:
            await send_ephemeral(interaction, "Thanks! Noted as helpful.")
        else:
            await send_ephemeral(
                interaction,
                "Thanks — the moderators will review this answer. "
                "If you meant something else, try the menu above or rephrase with `/ask`.",
            )


class Paginator(BaseView):
    """Pages of embeds with Previous/Next buttons that only the invoking member can press."""

    def __init__(self, pages: Sequence[discord.Embed], owner_id: int) -> None:
        super().__init__(timeout=PAGE_TIMEOUT, owner_id=owner_id)
        self.pages = list(pages)
        self.index = 0
        self.owner_only_note = (
            "Only the member who ran this can turn its pages; run the command yourself."
        )
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1
        self.position.label = f"{self.index + 1}/{len(self.pages)}"

    @property
    def page(self) -> discord.Embed:
        """The page being shown."""
        return self.pages[self.index]

    async def _show(self, interaction: discord.Interaction) -> None:
        self._sync_buttons()
        await interaction.response.edit_message(
            embed=self.page, view=self, allowed_mentions=no_mentions()
        )

    @discord.ui.button(
        label="Previous", style=discord.ButtonStyle.secondary, custom_id="citebot:prev"
    )
    async def previous_page(
        self, interaction: discord.Interaction, button: discord.ui.Button[Paginator]
    ) -> None:
        self.index = max(0, self.index - 1)
        await self._show(interaction)

    @discord.ui.button(
        label="1/1", style=discord.ButtonStyle.secondary, disabled=True, custom_id="citebot:pos"
    )
    async def position(
        self, interaction: discord.Interaction, button: discord.ui.Button[Paginator]
    ) -> None:
        await interaction.response.defer()  # never enabled; here only to show the position

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary, custom_id="citebot:next")
    async def next_page(
        self, interaction: discord.Interaction, button: discord.ui.Button[Paginator]
    ) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        await self._show(interaction)


class ConfirmView(BaseView):
    """A "are you sure?" with a red confirm button that runs `on_confirm`, and Cancel."""

    def __init__(
        self,
        owner_id: int,
        confirm_label: str,
        on_confirm: Callable[[discord.Interaction], Awaitable[None]],
    ) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT, owner_id=owner_id)
        self.on_confirm = on_confirm
        self.confirm.label = confirm_label

    @discord.ui.button(
        label="Confirm", style=discord.ButtonStyle.danger, custom_id="citebot:confirm"
    )
    async def confirm(
        self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]
    ) -> None:
        self.stop()
        await self.on_confirm(interaction)

    @discord.ui.button(
        label="Cancel", style=discord.ButtonStyle.secondary, custom_id="citebot:cancel"
    )
    async def cancel(
        self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]
    ) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Cancelled; nothing changed.", view=None, allowed_mentions=no_mentions()
        )
