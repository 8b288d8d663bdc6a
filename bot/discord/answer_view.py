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
runs; after a restart, the first late click removes them instead.
"""

from __future__ import annotations

import re
import time
import weakref
from collections.abc import Awaitable, Sequence
from datetime import timedelta
from typing import Any, Protocol, cast

import discord

from bot.core.knowledge.models import Answer
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.checks import Moderators
from bot.discord.embeds import DECLINE_TITLES, PICKED_FOOTER, SOURCES_PREFIX, answer_embed
from bot.discord.errors import claim, no_mentions, report_error, send_ephemeral
from bot.discord.formatting import (
    CHOICE_LIMIT,
    ELLIPSIS,
    TITLE_LIMIT,
    one_line,
    shorten,
    unescape,
)
from bot.discord.intime import in_time
from bot.discord.views import ANSWER_TIMEOUT, BaseView, Editable
from bot.log import get_logger
from bot.wording import WORDINGS, Wording, every, wording_for, wording_for_locale

log = get_logger(__name__)

MAX_CHOICES = 10
CUSTOM_ID_LIMIT = 100
# The question echoed under a decline, after "You asked" in any of the languages.
_ASKED = re.compile(
    "(?:" + "|".join(re.escape(label) for label in every("you_asked")) + r"): “(.*)”\s*$",
    re.DOTALL,
)
_FOOTER_FACT = re.compile(r"^fact ([a-z0-9-]+) ·")
_REMOVE = re.compile(r"citebot:remove:(?P<asker>\d+)")


class Services(Protocol):
    """What a click needs from the bot (CitebotBot; a protocol so this module imports no client)."""

    @property
    def store(self) -> KnowledgeStore: ...

    @property
    def feedback(self) -> FeedbackLog: ...

    @property
    def moderators(self) -> Moderators: ...


def services(interaction: discord.Interaction) -> Services:
    """The bot behind an interaction, as the store and feedback log it serves."""
    return cast(Services, interaction.client)


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


def complete_question(message: discord.Message | None) -> str:
    """What the member asked, read back from our embed (`asked_question`), or "" when the
    answer's title had to be cut to fit: it ends in the ellipsis `fit` adds, past half the
    limit (a question the member ended with "…" is most likely shorter). A cut question
    excluded from a fact would refuse other questions than the one asked, and stored it cannot
    be told from a whole one ("…" is kept as "...")."""
    question = asked_question(message)
    title = message.embeds[0].title or "" if message is not None and message.embeds else ""
    cut = title == ELLIPSIS or (title.endswith(ELLIPSIS) and len(title) >= TITLE_LIMIT // 2)
    return "" if cut else question


def asked_question(message: discord.Message | None) -> str:
    """What the member asked, read back from our embed: its title for an answer, the "You
    asked" line for a decline. Empty if the message carries neither."""
    if message is None or not message.embeds:
        return ""
    embed = message.embeds[0]
    if embed.title not in DECLINE_TITLES:
        return unescape((embed.title or "").removeprefix(SOURCES_PREFIX))
    found = _ASKED.search(embed.description or "")
    return unescape(found.group(1)) if found else ""


def answered_fact(message: discord.Message | None) -> str:
    """The id of the fact an answer of ours gave, read back from its footer ("fact <id> ·");
    empty for a decline, a passage or any other message."""
    if message is None or not message.embeds:
        return ""
    found = _FOOTER_FACT.match(message.embeds[0].footer.text or "")
    return found.group(1) if found else ""


def picked_from_menu(message: discord.Message | None) -> bool:
    """Whether the message shows a fact the member picked from the menu under the answer
    (its footer says so in place of a confidence), not the one the bot answered with."""
    if message is None or not message.embeds:
        return False
    footer = message.embeds[0].footer.text or ""
    return bool(_FOOTER_FACT.match(footer)) and footer.endswith(f" · {PICKED_FOOTER}")


def seconds_left(message: discord.Message | None) -> float:
    """How long the components of this message still work: ANSWER_TIMEOUT from its creation."""
    if message is None:
        return 0.0
    deadline = message.created_at + timedelta(seconds=ANSWER_TIMEOUT)
    return (deadline - discord.utils.utcnow()).total_seconds()


def clicker_words(interaction: discord.Interaction) -> Wording:
    """The sentences for whoever clicked, in their Discord client's language: they may not be
    the member who asked, whose question set the answer's language."""
    return wording_for_locale(str(interaction.locale))


def remove_only(asker_id: int | None) -> discord.ui.View | None:
    """What is left under a public answer once its 10 minutes are over: the asker's Remove
    button alone (None where there was none). The view is finished at once: the button is a
    dynamic item, handled by its custom id, and a finished view is not kept in memory for
    every answer ever sent."""
    if asker_id is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(RemoveButton(asker_id))
    view.stop()
    return view


async def leave_remove_only(message: Editable | None, asker_id: int | None, what: str) -> None:
    """At a view's deadline, its components replaced by the asker's Remove alone
    (`remove_only`); `what` names them in the log line when the message cannot be edited (it
    was deleted, or the token expired: nothing is left to clean)."""
    if message is None:
        return
    try:
        await message.edit(view=remove_only(asker_id), allowed_mentions=no_mentions())
    except discord.HTTPException as exc:
        log.info("could not remove expired %s (HTTP %s)", what, exc.status)


def remover(message: discord.Message | None) -> int | None:
    """The asker named by the message's Remove button (a public answer carries one), or None
    when it has none."""
    if message is None:
        return None
    for row in message.components:
        for child in getattr(row, "children", ()):
            found = _REMOVE.fullmatch(getattr(child, "custom_id", None) or "")
            if found:
                return int(found["asker"])
    return None


async def expire(interaction: discord.Interaction) -> None:
    """A click past the deadline: remove the message's components (all but the asker's Remove)
    and say why, privately."""
    await interaction.response.edit_message(
        view=remove_only(remover(interaction.message)), allowed_mentions=no_mentions()
    )
    await send_ephemeral(interaction, clicker_words(interaction).buttons_expired)


async def reported(handling: Awaitable[None], interaction: discord.Interaction) -> None:
    """Run a click's handler through the one error path. discord.py only logs an exception in
    a dynamic item's callback (no view's on_error runs), and the member would see nothing."""
    try:
        await handling
    except Exception as exc:
        await report_error(interaction, exc)


def _fits(custom_id: str) -> str:
    return custom_id if len(custom_id) <= CUSTOM_ID_LIMIT else ""


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
        custom_id = _fits(f"citebot:choice:{asker_id}:{current or ''}")
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
        chosen = store.engine.answer_fact(
            self.item.values[0], question=asked_question(interaction.message)
        )
        if chosen is None:
            await send_ephemeral(interaction, clicker_words(interaction).picked_gone)
            return
        if interaction.user.id != self.asker_id:
            await send_ephemeral(interaction, embed=answer_embed(chosen, chosen=True))
            return
        message = interaction.message
        previous = AnswerView.live(message.id) if message else None
        expires_at = previous.expires_at if previous else time.monotonic() + left
        view = AnswerView(
            store,
            chosen,
            self.asker_id,
            pool=self.pool(store),
            expires_at=expires_at,
            removable=remover(message) is not None,
        )
        response = await interaction.response.edit_message(
            embed=answer_embed(chosen, chosen=True), view=view, allowed_mentions=no_mentions()
        )
        if previous is not None:
            previous.stop()  # its deadline passes to the new view; one cleanup, not two
            view.message = previous.message
        elif response is not None and isinstance(response.resource, discord.InteractionMessage):
            view.message = response.resource  # this click's token outlives the deadline


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"citebot:vote:(?P<helpful>[01]):(?P<fact>[a-z0-9-]*)",
):
    """Helpful / Not helpful: one vote per member per answer, recorded for the moderators."""

    def __init__(self, helpful: bool, fact_id: str) -> None:
        custom_id = _fits(f"citebot:vote:{int(helpful)}:{fact_id}")
        super().__init__(
            discord.ui.Button(
                label="Helpful" if helpful else "Not helpful",
                style=discord.ButtonStyle.success if helpful else discord.ButtonStyle.secondary,
                # An id too long to carry is read back from the footer when clicked.
                custom_id=custom_id or f"citebot:vote:{int(helpful)}:",
            ),
            row=1,
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
        return cls(match["helpful"] == "1", fact_id)

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
        # made the vote's first response miss Discord's 3 s.
        question = complete_question(interaction.message)
        # What the member saw: a fact they picked from the menu is not the bot's answer to
        # the question, and the review queue listed it as if it were. The menu marks every
        # choice picked, the bot's own answer gone back to as well: that one is its answer.
        shown_picked = picked_from_menu(interaction.message)

        def record() -> bool:
            asked = bot.store.engine.ask(question) if shown_picked else None
            picked = asked is not None and not (
                asked.kind == "fact" and asked.fact_id == self.fact_id
            )
            return bot.feedback.record_vote(
                f"{message_id}:{self.fact_id}",
                interaction.user.id,
                self.fact_id,
                question,
                self.helpful,
                interaction.guild_id or 0,
                picked,
            )

        counted = await in_time(interaction, record)
        words = clicker_words(interaction)
        if not counted:
            await send_ephemeral(interaction, words.already_voted)
        elif self.helpful:
            await send_ephemeral(interaction, words.thanks_helpful)
        elif bot.moderators.at_home(interaction):
            await send_ephemeral(interaction, words.thanks_not_helpful)
        else:  # counted, but no moderator in Discord sees another server's questions
            await send_ephemeral(interaction, words.thanks_not_helpful_noted)


class RemoveButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=_REMOVE,
):
    """Remove, under a public `/ask` answer: the member who asked takes it down (asked by
    mistake, or a question misread, which the answer's title repeats word for word). Only a
    moderator could delete the bot's message; the member could not. The same item is under a
    reply to a mention, a "source?" reply and a public `/fact search`, for the same reason.

    The custom id names the asker, so a click after a restart needs nothing from memory; a
    member who may manage the channel's messages may remove it too (they could delete it
    anyway). Anyone else is told privately that only the asker can. It has no deadline: it
    outlasts the menu and votes (`remove_only`).
    """

    def __init__(self, asker_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Remove",
                style=discord.ButtonStyle.danger,
                custom_id=f"citebot:remove:{asker_id}",
            ),
            row=1,
        )
        self.asker_id = asker_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> RemoveButton:
        return cls(int(match["asker"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        claim(interaction)
        return True

    async def callback(self, interaction: discord.Interaction) -> None:
        await reported(self._remove(interaction), interaction)

    async def _remove(self, interaction: discord.Interaction) -> None:
        """Delete the answer for its asker (or a member who manages messages here)."""
        allowed = interaction.user.id == self.asker_id or interaction.permissions.manage_messages
        if not allowed:
            await send_ephemeral(interaction, clicker_words(interaction).remove_not_yours)
            return
        message = interaction.message
        view = AnswerView.live(message.id) if message is not None else None
        if view is not None:
            view.stop()  # nothing left to take the buttons off
        # Through the click's own token: the message the button is on is its "original", so
        # this needs no permission in the channel (nor the bot in the server, as installed
        # for a user only), where deleting it as a channel message would.
        await interaction.response.defer()
        try:
            await interaction.delete_original_response()
        except discord.NotFound:
            # Gone already (a second quick click, a moderator first): what was asked for.
            log.info("an answer to remove was gone already")


_LIVE: weakref.WeakValueDictionary[int, AnswerView] = weakref.WeakValueDictionary()


class AnswerView(BaseView):
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
        if options:
            words = wording_for(answer)
            placeholder = words.menu_answered if answer.answered else words.suggestions_field
            self.add_item(ChoiceMenu(asker_id, answer.fact_id, options, placeholder))
        if answer.kind == "fact" and answer.fact_id:
            self.add_item(VoteButton(True, answer.fact_id))
            self.add_item(VoteButton(False, answer.fact_id))
        if removable:
            self.add_item(RemoveButton(asker_id))

    async def on_timeout(self) -> None:
        """At the deadline the menu and votes go; the asker's Remove, if any, stays."""
        await leave_remove_only(self.message, self.remover, "components")

    @property
    def message(self) -> Editable | None:
        """The message the view is on; known views are found by its id (see `live`)."""
        return self._message

    @message.setter
    def message(self, value: Editable | None) -> None:
        self._message = value
        if value is not None:
            _LIVE[value.id] = self

    @staticmethod
    def live(message_id: int) -> AnswerView | None:
        """The running view on this message, if this process made one and it has not ended."""
        view = _LIVE.get(message_id)
        return view if view is not None and not view.is_finished() else None

    def has_items(self) -> bool:
        """False when there is nothing to offer (no choices, nothing to vote on, no Remove)."""
        return bool(self.children)
