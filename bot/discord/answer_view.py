"""The components under an answer: "Not what you meant?", the votes and the asker's Remove,
which outlive restarts.

They are `discord.ui.DynamicItem`s: the custom id carries what a click needs (the fact shown,
the asker, helpful or not), the message carries the rest (the question in the embed, the other
facts in the menu's options), and the bot registers their templates at start. So a click is
handled the same way whether the bot made the message a minute ago or before a restart: nothing
is read from memory. The rules are the README's: the components work for `ANSWER_TIMEOUT` from
when the message was sent (its id's timestamp, which survives a restart); a later click, or one
on a fact removed since, gets a private sentence saying so. Remove alone has no deadline.

`AnswerView` is only the container that removes the components at the deadline while the bot
runs; after a restart, the first late click removes them instead. The menu is here, beside the
view it swaps in place; the votes are in `votes.py`, Remove in `remove_button.py`, and what a
click reads back from the message in `readback.py`.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import discord

from bot.core.knowledge.models import Answer
from bot.core.moderation.store import KnowledgeStore
from bot.discord.clicks import clicker_words, fits, reported, services
from bot.discord.embeds import answer_embed
from bot.discord.errors import claim, no_mentions, send_ephemeral
from bot.discord.formatting import CHOICE_LIMIT, one_line, shorten
from bot.discord.live_views import KnownByMessage, running
from bot.discord.readback import (
    answered_fact,
    asked_question,
    remover,
    seconds_left,
)
from bot.discord.remove_button import RemoveButton, expire, leave_remove_only
from bot.discord.views import ANSWER_TIMEOUT
from bot.discord.votes import VoteButton
from bot.render import PART_MARK
from bot.wording import WORDINGS, wording_for

__all__ = ["MAX_CHOICES", "AnswerView", "ChoiceMenu", "choice_pool"]

MAX_CHOICES = 10


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


def _own_reply(store: KnowledgeStore, question: str, fact_id: str) -> Answer | None:
    """The bot's own reply to a message that asked several questions, when `fact_id` is the
    fact it gave first (the one the menu keeps on offer to go back to); None otherwise.

    Going back to it from a fact picked in its place showed that fact alone, for the message
    whole: the answers to the other questions were gone for good. It is the whole reply again
    (every part, with the engine's own confidence), titled with the member's words."""
    if not question:
        return None
    own = store.engine.ask(question)
    if not own.parts or own.kind != "fact" or own.fact_id != fact_id:
        return None
    return replace(own, question=question)


class ChoiceMenu(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"citebot:choice:(?P<asker>\d+):(?P<current>[a-z0-9-]*)",
):
    """ "Not what you meant?" (or "Did you mean…" under a decline): the other facts on offer.

    The custom id names the asker (only they swap the answer in place) and the fact shown (so
    the asker can go back to it), unless that fact's id makes it too long: then the fact shown
    is read from the answer's footer, as the votes' is. The options are the other facts.
    """

    def __init__(
        self,
        asker_id: int,
        current: str | None,
        options: Sequence[discord.SelectOption],
        placeholder: str,
    ) -> None:
        custom_id = fits(f"citebot:choice:{asker_id}:{current or ''}")
        super().__init__(
            discord.ui.Select(
                placeholder=placeholder,
                options=list(options),
                custom_id=custom_id or f"citebot:choice:{asker_id}:",
            ),
            row=0,
        )
        self.asker_id = asker_id
        self.current = current

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ChoiceMenu:
        options = item.options if isinstance(item, discord.ui.Select) else []
        placeholder = item.placeholder if isinstance(item, discord.ui.Select) else None
        return cls(
            int(match["asker"]),
            match["current"] or answered_fact(interaction.message) or None,
            options,
            placeholder=placeholder or WORDINGS["en"].menu_answered,  # as sent, any language
        )

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        claim(interaction)
        return True

    def pool(self, store: KnowledgeStore) -> list[tuple[str, str]]:
        """The facts on offer: the one shown, then the menu's options."""
        pool: list[tuple[str, str]] = []
        if self.current:
            fact = store.kb.fact(self.current)
            pool.append((self.current, fact.questions[0] if fact else self.current))
        pool.extend((o.value, o.label) for o in self.item.options if o.value != self.current)
        return pool

    async def callback(self, interaction: discord.Interaction) -> None:
        await reported(self._choose(interaction), interaction)

    async def _choose(self, interaction: discord.Interaction) -> None:
        """Show the chosen fact: in place for the asker, privately for anyone else."""
        left = seconds_left(interaction.message)
        if left <= 0:
            await expire(interaction)
            return
        if not self.item.values:  # Discord asks for one; a hand-made payload may send none
            await send_ephemeral(interaction, clicker_words(interaction).pick_one)
            return
        store = services(interaction).store
        question = asked_question(interaction.message)
        reply = await asyncio.to_thread(_own_reply, store, question, self.item.values[0])
        chosen = reply or store.engine.answer_fact(self.item.values[0], question=question)
        if chosen is None:
            await send_ephemeral(interaction, clicker_words(interaction).picked_gone)
            return
        embed = answer_embed(chosen) if reply else answer_embed(chosen, chosen=True)
        if interaction.user.id != self.asker_id:
            await send_ephemeral(interaction, embed=embed)
            return
        message = interaction.message
        previous = AnswerView.live(message.id) if message else None
        expires_at = previous.expires_at if previous else time.monotonic() + left
        view = AnswerView(
            store,
            chosen,
            self.asker_id,
            pool=None if reply else self.pool(store),
            expires_at=expires_at,
            removable=remover(message) is not None,
        )
        response = await interaction.response.edit_message(
            embed=embed, view=view, allowed_mentions=no_mentions()
        )
        if previous is not None:
            previous.stop()  # its deadline passes to the new view; one cleanup, not two
            view.message = previous.message
        elif response is not None and isinstance(response.resource, discord.InteractionMessage):
            view.message = response.resource  # this click's token outlives the deadline


def _voted(answer: Answer) -> list[tuple[str, str, int]]:
    """(fact id, label mark, row) of each fact the answer gives, to vote on: its own, or for a
    reply to several questions each part's fact, its votes marked with the part's number (as
    its source field is) and in a row of their own. Only the first fact had votes: the answer
    to the second question could not be voted on at all.

    A later part's fact whose custom id would not fit gets none: a vote whose id cannot carry
    its fact reads the fact back from the footer, which names the first."""
    if not answer.fact_id:
        return []
    facts = [(n, p.fact_id) for n, p in enumerate(answer.parts, 1) if p.kind == "fact"]
    if len(facts) < 2 or facts[0][1] != answer.fact_id:
        return [(answer.fact_id, "", 1)]
    return [
        (fact_id, f" {PART_MARK} {n}", row)
        for row, (n, fact_id) in enumerate(facts, 1)
        if fact_id and (row == 1 or fits(f"citebot:vote:0:{fact_id}"))
    ]


class AnswerView(KnownByMessage):
    """Under an answer (or a decline): other facts the member may have meant, and votes.

    Only the asker swaps the answer in place; anyone else who picks a choice gets that answer
    privately, so nobody can change what the asker sees. Anyone may vote, once per answer.
    The view holds no state a click needs; it removes the components at the deadline.
    """

    def __init__(
        self,
        store: KnowledgeStore,
        answer: Answer,
        asker_id: int,
        *,
        pool: Sequence[tuple[str, str]] | None = None,
        expires_at: float | None = None,
        removable: bool = False,
    ) -> None:
        super().__init__(timeout=ANSWER_TIMEOUT, expires_at=expires_at)
        # A public answer's Remove outlasts the rest (`on_timeout`).
        self.remover = asker_id if removable else None
        pool = list(pool) if pool is not None else choice_pool(store, answer)
        options = [
            discord.SelectOption(
                label=shorten(one_line(label), CHOICE_LIMIT) or fact_id,
                value=fact_id[:CHOICE_LIMIT],
                description=shorten(f"fact {fact_id}", CHOICE_LIMIT),
            )
            for fact_id, label in pool
            if fact_id != answer.fact_id
        ][:MAX_CHOICES]
        words = wording_for(answer)
        self.remove_label = words.remove_label  # kept at the deadline (`on_timeout`)
        if options:
            placeholder = words.menu_answered if answer.answered else words.suggestions_field
            self.add_item(ChoiceMenu(asker_id, answer.fact_id, options, placeholder))
        if answer.kind == "fact" and answer.fact_id:
            for fact_id, mark, row in _voted(answer):
                self.add_item(VoteButton(True, fact_id, words.helpful_label + mark, row))
                self.add_item(VoteButton(False, fact_id, words.not_helpful_label + mark, row))
        if removable:
            self.add_item(RemoveButton(asker_id, words.remove_label))

    async def on_timeout(self) -> None:
        """At the deadline the menu and votes go; the asker's Remove, if any, stays."""
        await leave_remove_only(self.message, self.remover, "components", self.remove_label)

    @staticmethod
    def live(message_id: int) -> AnswerView | None:
        """The running view on this message, if this process made one and it has not ended."""
        view = running(message_id)
        return view if isinstance(view, AnswerView) else None

    def has_items(self) -> bool:
        """False when there is nothing to offer (no choices, nothing to vote on, no Remove)."""
        return bool(self.children)
