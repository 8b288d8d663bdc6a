"""The moderators' forms: the fact modal (add and edit), a retry button, and the review queue.

Every submit and button re-checks the moderator permission on the server side: a modal or a
button is a new interaction, and nothing stops a crafted client from sending one. A submit
acknowledges the interaction before it saves, so a slow save never shows "interaction failed".
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any

import discord

from bot.core.errors import (
    CitebotError,
    ConflictError,
    KnowledgeError,
    StoreError,
    UnknownFactError,
)
from bot.core.knowledge.models import Fact
from bot.core.moderation.edits import Actor, FactInput
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.feedbackqueries import UnansweredQuestion
from bot.core.moderation.store import KnowledgeStore
from bot.discord.checks import Moderators, NotModerator
from bot.discord.embeds import answer_embed
from bot.discord.errors import (
    claim,
    no_mentions,
    not_saved,
    report_error,
    send_ephemeral,
)
from bot.discord.formatting import CHOICE_LIMIT, escape, given_back, one_line, shorten
from bot.discord.intime import on_threads
from bot.discord.views import BaseView
from bot.log import get_logger

log = get_logger(__name__)

TEXT_LIMIT = 4000  # a modal text input holds at most 4,000 characters
MODAL_TITLE_LIMIT = 45
QUEUE_SIZE = 10
TOO_LONG_TO_READ_BACK = (
    "That question was too long to read back from the answer; use `/kb exclude` with the "
    "question as the member asked it."
)
# A moderator may spend a long while finding a verbatim quote: the form stays valid for hours
# (its submit is a new interaction, with its own token), then is freed, since Discord never
# says a form was closed unsent; a submit after that gets its text back (`stale.py`).
FORM_TIMEOUT = 6 * 3600.0
# Buttons under an ephemeral reply: it can only be edited (to remove them) with the token of
# the interaction it answers, which lives 15 minutes.
VIEW_TIMEOUT = 600.0

# Saves a form: the fact as saved, and whether anything changed (an edit form submitted as
# it was opened saves nothing, and must not be told "Saved").
SaveFact = Callable[[FactInput, Actor], tuple[Fact, bool]]


def actor_of(interaction: discord.Interaction) -> Actor:
    """The member making a change, as the audit log records them."""
    return Actor(interaction.user.id, interaction.user.name)


def empty_form(questions: Sequence[str] = ()) -> FactInput:
    """A blank fact form, optionally with questions filled in."""
    return FactInput(questions=list(questions), answer="", source="", section="", quote="")


class FactModal(discord.ui.Modal):
    """One fact: questions (one per line), answer, and its source, section and verbatim quote."""

    def __init__(
        self,
        *,
        title: str,
        store: KnowledgeStore,
        feedback: FeedbackLog,
        moderators: Moderators,
        writes: Executor,
        save: SaveFact,
        values: FactInput,
        dismiss: str | None = None,
        dismiss_in: Sequence[int] = (),
    ) -> None:
        super().__init__(title=shorten(title, MODAL_TITLE_LIMIT), timeout=FORM_TIMEOUT)
        self.store = store
        self.feedback = feedback
        self.moderators = moderators
        self.writes = writes  # the moderators' threads: a save waits for the store's lock
        self.save = save
        self.dismiss = dismiss  # a declined question this fact answers, dropped from the queue
        self.dismiss_in = tuple(dismiss_in)  # ...of these servers' queues
        for name, value in (
            ("questions", values.questions_text),
            ("answer", values.answer),
            ("quote", values.quote),
        ):
            if len(value) > TEXT_LIMIT:
                raise CitebotError(
                    f"The {name} of this fact is longer than a Discord form holds "
                    f"({TEXT_LIMIT} characters); edit its YAML file instead."
                )
        sources = ", ".join(store.kb.sources)
        self.questions: discord.ui.TextInput[FactModal] = discord.ui.TextInput(
            label="Questions (one per line)",
            style=discord.TextStyle.paragraph,
            default=values.questions_text or None,
            max_length=TEXT_LIMIT,
            custom_id="questions",
        )
        self.answer: discord.ui.TextInput[FactModal] = discord.ui.TextInput(
            label="Answer",
            style=discord.TextStyle.paragraph,
            default=values.answer or None,
            max_length=TEXT_LIMIT,
            custom_id="answer",
        )
        self.source: discord.ui.TextInput[FactModal] = discord.ui.TextInput(
            label="Source id",
            placeholder=shorten(f"one of: {sources}", 100),
            default=values.source or None,
            max_length=100,
            custom_id="source",
        )
        self.section: discord.ui.TextInput[FactModal] = discord.ui.TextInput(
            label="Section of the source",
            default=values.section or None,
            max_length=200,
            custom_id="section",
        )
        self.quote: discord.ui.TextInput[FactModal] = discord.ui.TextInput(
            label="Quote (verbatim from the source)",
            style=discord.TextStyle.paragraph,
            default=values.quote or None,
            max_length=TEXT_LIMIT,
            custom_id="quote",
        )
        for item in (self.questions, self.answer, self.source, self.section, self.quote):
            self.add_item(item)

    def reopen(self, values: FactInput) -> FactModal:
        """The same form again, filled with what the moderator typed."""
        return FactModal(
            title=self.title,
            store=self.store,
            feedback=self.feedback,
            moderators=self.moderators,
            writes=self.writes,
            save=self.save,
            values=values,
            dismiss=self.dismiss,
            dismiss_in=self.dismiss_in,
        )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        fields = FactInput.from_lines(
            self.questions.value,
            self.answer.value,
            self.source.value,
            self.section.value,
            self.quote.value,
        )
        try:
            self.moderators.require(interaction)
        except NotModerator as refusal:
            # Checked on the submit, which may come hours after the form opened: the role
            # taken away meanwhile (a reshuffle, a mistake being fixed) must not take the
            # text with it. It is the member's own typing (and a public fact's), so giving
            # it back shows nobody anything new; nothing is saved.
            log.debug("refused a fact form: %s", refusal)
            await send_ephemeral(interaction, **typed_back(str(refusal), fields))
            return
        # Acknowledge first: a save validates and re-indexes the whole knowledge base (seconds
        # at 10,000 facts), past the 3 s Discord gives the first response. Everything after
        # this is a follow-up, which has 15 minutes.
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            fact, changed = await on_threads(self.writes, self.save, fields, actor_of(interaction))
        except KnowledgeError as exc:
            # The text too, not only the button: finding the right quote takes a while, and
            # the form the button reopens holds the text only while this process runs.
            retry = RetryView(interaction.user.id, lambda: self.reopen(fields))
            why = not_saved(exc)
            await send_ephemeral(interaction, **typed_back(why, fields), view=retry)
            return
        except ConflictError as exc:
            # Escaped like every refusal: it names who changed the fact, and a username may
            # hold `__` (underlined, the underscores gone).
            await send_ephemeral(interaction, **typed_back(escape(str(exc)), fields))
            return
        except UnknownFactError as exc:
            # Removed while the form was open: nothing to edit, but the text is the moderator's.
            why = (
                f"{escape(str(exc))} It was removed while your form was open; `/kb revert` "
                "brings it back."
            )
            await send_ephemeral(interaction, **typed_back(why, fields))
            return
        except CitebotError as exc:  # the disk (full, read-only), the lock, a stop under way
            await send_ephemeral(interaction, **typed_back(escape(str(exc)), fields))
            return
        if not changed:
            await send_ephemeral(
                interaction,
                f"`{fact.id}` already says what the form holds; nothing was saved, and no "
                "change was recorded.",
            )
            return
        queued = await self._leave_queue(self.dismiss, fact.id) if self.dismiss else ""
        shown = self.store.engine.answer_fact(fact.id)
        await send_ephemeral(
            interaction,
            f"Saved `{fact.id}`; it answers questions now.{queued}",
            embed=answer_embed(shown) if shown else discord.utils.MISSING,
        )

    async def _leave_queue(self, question: str, fact_id: str) -> str:
        """Drop the declined question this form was opened for ("Answer #n") from the review
        queue, if the bot answers it now; what to add to "Saved" about it.

        Asked of the knowledge just saved: a form whose questions were rewritten may leave
        that question declined still, and dropping it regardless hid from the moderators a
        question members kept getting no answer to."""
        answer = await asyncio.to_thread(self.store.engine.ask, question)
        if not answer.answered:
            return (
                f" I still cannot answer “{escape(one_line(question))}”, so it stays in "
                f"`/kb unanswered` (if `{fact_id}` answers it, add it to its questions with "
                "`/kb teach`)."
            )
        try:
            await on_threads(
                self.writes, self.feedback.dismiss_unanswered, question, self.dismiss_in
            )
        except StoreError:
            # The fact is saved: say so. Only the queue's clean-up waits (the feedback
            # database locked by another process, or a full disk; logged by the store).
            return (
                " The question is still in `/kb unanswered` (the feedback store was busy);"
                " it is answered now, so the queue drops it the next time it is shown."
            )
        return ""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        claim(interaction)  # a known form: the stale-component fallback stays quiet
        return True

    # discord.py's Modal narrows View.on_error (no `item`); mypy flags any override of it.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await report_error(interaction, error)


def typed_back(why: str, fields: FactInput) -> dict[str, Any]:
    """A refusal that cannot reopen the form (`send_ephemeral`'s arguments), with what the
    moderator typed in it (answer first, then the questions, the source and section, and the
    quote), so that none of it is lost: the source and section too, since a new quote often
    lies in another section, and the form `/kb edit` opens next holds the old one."""
    cited = "\n".join(
        f"{name}: {value}"
        for name, value in (("source", fields.source), ("section", fields.section))
        if value
    )
    return given_back(why, (fields.answer, "\n".join(fields.questions), cited, fields.quote))


class RetryView(BaseView):
    """After a rejected change: reopen the form with what was typed, to fix and resubmit."""

    def __init__(self, owner_id: int, make_modal: Callable[[], FactModal]) -> None:
        # As long as a form: the moderator went off to find the passage the refusal asks for.
        super().__init__(timeout=FORM_TIMEOUT, owner_id=owner_id)
        self.make_modal = make_modal

    @discord.ui.button(
        label="Edit and resubmit", style=discord.ButtonStyle.primary, custom_id="citebot:retry"
    )
    async def retry(
        self, interaction: discord.Interaction, button: discord.ui.Button[RetryView]
    ) -> None:
        await interaction.response.send_modal(self.make_modal())


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


async def exclude_question(
    interaction: discord.Interaction,
    store: KnowledgeStore,
    fact_id: str,
    question: str,
    writes: Executor,
) -> Fact:
    """Save `question` as one `fact_id` does not answer (`KnowledgeStore.exclude_question`,
    on the moderators' threads `writes`, acknowledged first) and tell the moderator: the one path of
    `/kb exclude`, the review queue's Exclude buttons and the Wrong fact message command."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    fact = await on_threads(
        writes, store.exclude_question, fact_id, question, actor_of(interaction)
    )
    await send_ephemeral(
        interaction,
        f"{escape(fact.id)} no longer answers “{escape(one_line(question))}” or questions "
        f"closer to it than to its own phrasings ({len(fact.does_not_answer)} listed); it "
        "applies now.",
    )
    return fact


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
