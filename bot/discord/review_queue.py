"""The buttons under `/kb unanswered`: answer a declined question, exclude a question a fact
answered unhelpfully, and the topic new facts go into.

Each Answer and Exclude button re-checks the moderator permission on the server side: a click
is a new interaction, and nothing stops a crafted client from sending one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor

import discord

from bot.core.moderation.edits import FactInput
from bot.core.moderation.feedbackqueries import UnansweredQuestion
from bot.core.moderation.store import KnowledgeStore
from bot.discord.checks import Moderators
from bot.discord.errors import no_mentions, send_ephemeral
from bot.discord.exclusion import TOO_LONG_TO_READ_BACK, exclude_question
from bot.discord.fact_form import FactModal, empty_form
from bot.discord.formatting import CHOICE_LIMIT
from bot.discord.views import BaseView

QUEUE_SIZE = 10
# Buttons under an ephemeral reply: it can only be edited (to remove them) with the token of
# the interaction it answers, which lives 15 minutes.
VIEW_TIMEOUT = 600.0
TOPIC_OPTIONS = 25  # a select menu holds at most 25 options


class TopicSelect(discord.ui.Select["UnansweredView"]):
    """Which topic file new facts from the queue go into (default: the guess per question)."""

    def __init__(self, topics: Sequence[str], guesses: Sequence[str] = ()) -> None:
        # The guessed topics first: with more topics than a menu holds, the first 25 in file
        # order were offered, and a guess past them ("territory" after 25 others) could not
        # be picked for another question.
        offered = list(dict.fromkeys([*(g for g in guesses if g in topics), *topics]))
        placeholder = "Topic for new facts (default: the guess shown)"
        if len(offered) > TOPIC_OPTIONS:
            placeholder = "Topic for new facts (default: the guess; others: /kb add topic:)"
        super().__init__(
            placeholder=placeholder,
            options=[
                discord.SelectOption(label=t[:CHOICE_LIMIT], value=t[:CHOICE_LIMIT])
                for t in offered[:TOPIC_OPTIONS]
            ],
            custom_id="citebot:topic",
            row=0,
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        self.view.topic = self.values[0]
        await interaction.response.defer()


class AnswerQuestionButton(discord.ui.Button["UnansweredView"]):
    """“Answer #n”: open the add-fact form prefilled with declined question n."""

    def __init__(self, index: int) -> None:
        super().__init__(
            label=f"Answer #{index + 1}",
            style=discord.ButtonStyle.primary,
            custom_id=f"citebot:answer:{index}",
            row=1 + index // 5,
        )
        self.index = index

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.open_form(interaction, self.index)


class ExcludeButton(discord.ui.Button["UnansweredView"]):
    """“Exclude ✗n”: the fact of not-helpful answer n no longer answers that question (nor
    questions closer to it than to the fact's own phrasings): `KnowledgeStore.exclude_question`."""

    def __init__(self, index: int) -> None:
        super().__init__(
            label=f"Exclude ✗{index + 1}",
            style=discord.ButtonStyle.danger,
            custom_id=f"citebot:exclude:{index}",
            row=3 + index // 5,
        )
        self.index = index

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.exclude(interaction, self)


class UnansweredView(BaseView):
    """The review queue's buttons: each “Answer #n” opens the add-fact form for one declined
    question; each “Exclude ✗n” stops a fact answering a question members marked its answer
    not helpful for."""

    def __init__(
        self,
        owner_id: int,
        questions: Sequence[UnansweredQuestion],
        guesses: Sequence[str],
        topics: Sequence[str],
        make_add_form: Callable[[str, FactInput, str | None], FactModal],
        moderators: Moderators,
        not_helpful: Sequence[tuple[str, str, int]] = (),
        store: KnowledgeStore | None = None,
        writes: Executor | None = None,
    ) -> None:
        super().__init__(timeout=VIEW_TIMEOUT, owner_id=owner_id)
        self.questions = list(questions)[:QUEUE_SIZE]
        self.guesses = list(guesses)
        self.topic: str | None = None
        self.make_add_form = make_add_form
        self.moderators = moderators
        self.not_helpful = list(not_helpful)[:QUEUE_SIZE] if store is not None else []
        self.store = store
        self.writes = writes  # the moderators' threads, for the exclusions (with the store)
        if self.questions and topics:
            self.add_item(TopicSelect(topics, self.guesses))
        for index in range(len(self.questions)):
            self.add_item(AnswerQuestionButton(index))
        for index in range(len(self.not_helpful)):
            self.add_item(ExcludeButton(index))

    async def exclude(self, interaction: discord.Interaction, button: ExcludeButton) -> None:
        """Exclude not-helpful question `button.index` from its fact, then disable the button.
        A refusal (the question is one of the fact's own phrasings, the fact is gone) is
        reported like any rejected change, and nothing is written."""
        self.moderators.require(interaction)
        assert self.store is not None and self.writes is not None
        fact_id, question, _ = self.not_helpful[button.index]
        if not question.strip():  # votes on answers whose question was cut (answer_view.complete)
            await send_ephemeral(interaction, TOO_LONG_TO_READ_BACK)
            return
        await exclude_question(interaction, self.store, fact_id, question, self.writes)
        button.disabled = True
        if self.message is not None:
            await self.message.edit(view=self, allowed_mentions=no_mentions())

    async def open_form(self, interaction: discord.Interaction, index: int) -> None:
        """Open the add-fact form for question `index`, in the chosen or guessed topic."""
        self.moderators.require(interaction)
        question = self.questions[index].question
        topic = self.topic or self.guesses[index]
        modal = self.make_add_form(topic, empty_form([question]), question)
        await interaction.response.send_modal(modal)
