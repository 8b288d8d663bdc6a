""" "Wrong fact for this question" on a reply that gave several facts (one per question of a
message that asked several): which of them is wrong, asked with a button per fact.

The message command takes no option, and the footer names every fact the reply gave; the
first alone was excluded, so a second answer that was wrong could not be excluded from the
answer at all. Each button excludes its fact from the question it answered (the part).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor

import discord

from bot.core.moderation.store import KnowledgeStore
from bot.discord.checks import Moderators
from bot.discord.errors import no_mentions
from bot.discord.exclusion import exclude_question
from bot.discord.formatting import fit, one_line, shorten
from bot.discord.views import BaseView

# The buttons work as long as the moderator's ephemeral message can be edited (its token).
VIEW_TIMEOUT = 600.0
BUTTON_LABEL_LIMIT = 80
QUESTION_LIMIT = 300  # three of them, escaped, well within a message

__all__ = ["WrongFactView", "choose_text"]


def choose_text(pairs: Sequence[tuple[str, str]]) -> str:
    """What the moderator is asked: each fact the reply gave and the question it answered."""
    lines = [
        f"{n}. `{fact_id}` — “{fit(one_line(q), QUESTION_LIMIT)}”"
        for n, (fact_id, q) in enumerate(pairs, 1)
    ]
    return "This answer gives a fact for each question. Which one is wrong?\n" + "\n".join(lines)


class _WrongFactButton(discord.ui.Button["WrongFactView"]):
    """One fact of the reply: it no longer answers the question it was given for."""

    def __init__(self, index: int, fact_id: str) -> None:
        super().__init__(
            label=shorten(f"{index + 1}. {fact_id}", BUTTON_LABEL_LIMIT),
            style=discord.ButtonStyle.danger,
            custom_id=f"citebot:wrongfact:{index}",
        )
        self.index = index

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.exclude(interaction, self)


class WrongFactView(BaseView):
    """A button per fact of the reply (`pairs`: fact id, the question it answered), for the
    moderator who used the command; each re-checks the moderator on the server side."""

    def __init__(
        self,
        owner_id: int,
        pairs: Sequence[tuple[str, str]],
        moderators: Moderators,
        store: KnowledgeStore,
        writes: Executor,
    ) -> None:
        super().__init__(timeout=VIEW_TIMEOUT, owner_id=owner_id)
        self.pairs = list(pairs)
        self.moderators = moderators
        self.store = store
        self.writes = writes
        for index, (fact_id, _) in enumerate(self.pairs):
            self.add_item(_WrongFactButton(index, fact_id))

    async def exclude(self, interaction: discord.Interaction, button: _WrongFactButton) -> None:
        """Exclude the button's fact from its question, then disable the button."""
        self.moderators.require(interaction)
        fact_id, question = self.pairs[button.index]
        await exclude_question(interaction, self.store, fact_id, question, self.writes)
        button.disabled = True
        if self.message is not None:
            await self.message.edit(view=self, allowed_mentions=no_mentions())
