"""The moderators' fact form (add and edit) and the button that reopens it after a refusal.

The submit re-checks the moderator permission on the server side: a modal is a new
interaction, and nothing stops a crafted client from sending one. It acknowledges the
interaction before it saves, so a slow save never shows "interaction failed"; and whatever
refuses the save (validation, a conflict, a fact removed meanwhile, the disk) gives the
moderator back what they typed.
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
from bot.core.moderation.store import KnowledgeStore
from bot.discord.checks import Moderators, NotModerator, actor_of
from bot.discord.embeds import answer_embed
from bot.discord.errors import claim, not_saved, report_error, send_ephemeral
from bot.discord.formatting import escape, given_back, one_line, shorten, typed_source_id
from bot.discord.intime import on_threads
from bot.discord.views import BaseView
from bot.log import get_logger

log = get_logger(__name__)

TEXT_LIMIT = 4000  # a modal text input holds at most 4,000 characters
MODAL_TITLE_LIMIT = 45
# A moderator may spend a long while finding a verbatim quote: the form stays valid for hours
# (its submit is a new interaction, with its own token), then is freed, since Discord never
# says a form was closed unsent; a submit after that gets its text back (`stale.py`).
FORM_TIMEOUT = 6 * 3600.0

# Saves a form: the fact as saved, and whether anything changed (an edit form submitted as
# it was opened saves nothing, and must not be told "Saved").
SaveFact = Callable[[FactInput, Actor], tuple[Fact, bool]]


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
            typed_source_id(self.source.value, self.store.kb.sources),
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
