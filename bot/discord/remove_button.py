"""The asker's Remove under a public answer, and what is left of the components at their
deadline: that button alone.

It is a `discord.ui.DynamicItem` like the menu and votes (`answer_view.py`): the custom id
names the asker, so a click after a restart needs nothing from memory. It has no deadline; at
the others' (`ANSWER_TIMEOUT`), whether the view ends while the bot runs or a late click finds
them after a restart, they are replaced by Remove alone.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord.clicks import clicker_words, reported
from bot.discord.errors import claim, no_mentions, send_ephemeral
from bot.discord.live_views import running
from bot.discord.readback import REMOVE_ID, remove_label, remover
from bot.discord.views import Editable
from bot.log import get_logger
from bot.wording import WORDINGS

log = get_logger(__name__)


def remove_only(asker_id: int | None, label: str | None = None) -> discord.ui.View | None:
    """What is left under a public answer once its 10 minutes are over: the asker's Remove
    button alone (None where there was none), labelled in the answer's language (`label`).
    The view is finished at once: the button is a dynamic item, handled by its custom id, and
    a finished view is not kept in memory for every answer ever sent."""
    if asker_id is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(RemoveButton(asker_id, label))
    view.stop()
    return view


async def leave_remove_only(
    message: Editable | None, asker_id: int | None, what: str, label: str | None = None
) -> None:
    """At a view's deadline, its components replaced by the asker's Remove alone
    (`remove_only`, labelled `label`); `what` names them in the log line when the message
    cannot be edited (it was deleted, or the token expired: nothing is left to clean)."""
    if message is None:
        return
    try:
        await message.edit(view=remove_only(asker_id, label), allowed_mentions=no_mentions())
    except discord.HTTPException as exc:
        log.info("could not remove expired %s (HTTP %s)", what, exc.status)


async def expire(interaction: discord.Interaction) -> None:
    """A click past the deadline: remove the message's components (all but the asker's Remove)
    and say why, privately."""
    message = interaction.message
    await interaction.response.edit_message(
        view=remove_only(remover(message), remove_label(message)), allowed_mentions=no_mentions()
    )
    await send_ephemeral(interaction, clicker_words(interaction).buttons_expired)


class RemoveButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=REMOVE_ID,
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

    def __init__(self, asker_id: int, label: str | None = None) -> None:
        # Labelled in the answer's language (wording.remove_label); the custom id, which the
        # click is handled by, is the same in every language.
        super().__init__(
            discord.ui.Button(
                label=label or WORDINGS["en"].remove_label,
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
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(int(match["asker"]), label)  # as sent, any language

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
        view = running(message.id) if message is not None else None
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
