"""The components under our messages: the base view, pagination, confirmation.

The answer's components (choices and votes) live in `answer_view.py`: they outlive restarts.

Views hold their state in memory and end at a fixed deadline: `ANSWER_TIMEOUT` after they are
made, whatever is clicked meanwhile (discord.py would restart the timeout on every click, and
the final edit could then meet an interaction token past its 15 minutes). When a view ends, its
message is edited to remove the components, ephemeral messages included.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from bot.discord.clicks import clicker_words
from bot.discord.errors import claim, no_mentions, report_error, send_ephemeral
from bot.log import get_logger
from bot.wording import Wording

log = get_logger(__name__)

# Buttons and menus work for 10 minutes from when their message was sent (README), pages of
# /fact search included; a moderator's confirmation of a removal or revert, for 2 minutes only,
# so that a stale one is never clicked long after the moderator looked at it.
ANSWER_TIMEOUT = 600.0
PAGE_TIMEOUT = ANSWER_TIMEOUT
CONFIRM_TIMEOUT = 120.0

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
        claim(interaction)
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        await send_ephemeral(interaction, self.not_yours(interaction))
        return False

    def not_yours(self, interaction: discord.Interaction) -> str:
        """What a member whose click these components refuse (not `owner_id`) is told."""
        return self.owner_only_note

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


class Paginator(BaseView):
    """Pages of embeds with Previous/Next buttons that only the invoking member can press.

    Labelled in `words` (a member's `/fact search` in the language searched; English when
    not given, as for moderators' pages): only the labels change, never the custom ids.
    """

    def __init__(
        self, pages: Sequence[discord.Embed], owner_id: int, words: Wording | None = None
    ) -> None:
        super().__init__(timeout=PAGE_TIMEOUT, owner_id=owner_id)
        self.pages = list(pages)
        self.index = 0
        if words is not None:
            self.previous_page.label = words.previous_label
            self.next_page.label = words.next_label
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1
        self.position.label = f"{self.index + 1}/{len(self.pages)}"

    def not_yours(self, interaction: discord.Interaction) -> str:
        """In the clicker's Discord language, as every note of a click on someone else's
        message (`clicks.clicker_words`): they may not read the language searched in."""
        return clicker_words(interaction).pages_not_yours

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
        try:
            await self.on_confirm(interaction)
        except Exception:
            # Refused (a conflict, the disk): the error is reported as a follow-up, and the
            # buttons, which no longer do anything, go (they stayed, looking live).
            with contextlib.suppress(discord.HTTPException):
                if interaction.response.is_done():
                    await interaction.edit_original_response(
                        view=None, allowed_mentions=no_mentions()
                    )
                else:
                    await interaction.response.edit_message(
                        view=None, allowed_mentions=no_mentions()
                    )
            raise

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
