"""Looking things up: `/fact show`, `/fact search`, `/sources` and `/help`.

`/fact` holds only member commands. Moderator commands live in their own `/kb` group
(see `moderation.py`) because Discord applies `default_member_permissions` to a whole top-level
command, never to single subcommands: mixing both in `/fact` would show `/fact add` to everyone.

The lookups post in the channel, so they have cooldowns like `/ask`: a member gets
`LOOKUP_USER_RATE` of them a minute, and past `LOOKUP_CHANNEL_RATE` public replies a minute in
one channel, further ones are shown only to the member who asked. A public `/fact search` is
titled with the member's words, as an answer is with their question: it carries their Remove.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.errors import UnknownFactError
from bot.core.language import language_of
from bot.discord.autocomplete import Choices, fact_choices
from bot.discord.embeds import answer_embed
from bot.discord.errors import no_mentions, send_ephemeral
from bot.discord.formatting import typed_fact_id
from bot.discord.live_views import KnownByMessage
from bot.discord.lookup_embeds import help_embed, search_pages, sources_embed
from bot.discord.ratelimit import RateLimiter, wait_seconds
from bot.discord.remove_button import RemoveButton, leave_remove_only, remove_only
from bot.discord.views import Paginator
from bot.log import get_logger
from bot.wording import Wording, wording_for_locale, wording_of

if TYPE_CHECKING:
    from bot.discord.client import CitebotBot

log = get_logger(__name__)

SEARCH_LIMIT = 50
LOOKUP_USER_RATE = (6, 60.0)
LOOKUP_CHANNEL_RATE = (10, 60.0)


class LookupCog(commands.Cog):
    """Member commands to browse the knowledge base."""

    fact = app_commands.Group(name="fact", description="Look up curated facts")

    def __init__(self, bot: CitebotBot) -> None:
        self.bot = bot
        self.per_member = RateLimiter(*LOOKUP_USER_RATE)
        self.per_channel = RateLimiter(*LOOKUP_CHANNEL_RATE)

    async def _slowed(self, interaction: discord.Interaction, words: Wording) -> bool:
        """True (and the member told privately, in `words`) when the member is over their
        limit."""
        wait = self.per_member.hit(interaction.user.id)
        if wait:
            note = words.lookup_slow_down.format(seconds=wait_seconds(wait))
            await send_ephemeral(interaction, note)
        return wait > 0

    def _private(self, interaction: discord.Interaction) -> bool:
        """True when the channel is past its public limit: the reply is shown privately."""
        return self.per_channel.hit(interaction.channel_id or 0) > 0

    async def _reply(
        self,
        interaction: discord.Interaction,
        words: Wording,
        private: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Reply in the channel, or privately once the channel is past its public limit
        (`private`, when the caller asked `_private` already), saying why in `words`."""
        if private is None:
            private = self._private(interaction)
        content = words.lookup_busy_channel if private else None
        response = await interaction.response.send_message(
            content, ephemeral=private, allowed_mentions=no_mentions(), **kwargs
        )
        view = kwargs.get("view")
        if isinstance(view, Paginator) and isinstance(
            response.resource, discord.InteractionMessage
        ):
            view.message = response.resource

    @fact.command(name="show")
    @app_commands.rename(fact_id="id")
    @app_commands.describe(fact_id="The fact's id (type to search ids and questions)")
    async def show(self, interaction: discord.Interaction, fact_id: str) -> None:
        """Show one fact with its sources."""
        words = no_words_typed(interaction)
        if await self._slowed(interaction, words):
            return
        typed = typed_fact_id(fact_id)
        answer = self.bot.store.engine.answer_fact(typed)
        if answer is None:
            raise UnknownFactError(typed)
        await self._reply(interaction, words, embed=answer_embed(answer))

    @show.autocomplete("fact_id")
    async def show_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        return fact_choices(self.bot.store.engine, current)

    @fact.command(name="search")
    @app_commands.describe(query="Words to look for in fact ids, questions and answers")
    async def search(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]
    ) -> None:
        """Find facts; only you can turn the pages."""
        # Worded in the language of the words searched, as an answer is in its question's:
        # the title repeats them, and the notes of its cooldowns go with it.
        words = wording_of(language_of(query))
        if await self._slowed(interaction, words):
            return
        results = self.bot.store.engine.search_facts(query, limit=SEARCH_LIMIT)
        pages = search_pages(query, results, words)
        private = self._private(interaction)
        # In the channel the results repeat the member's words (the title): theirs to take
        # down, as the answer to their question is. Shown only to them, they dismiss it.
        remover = None if private else interaction.user.id
        label = words.remove_label
        if len(pages) == 1:
            kept = remove_only(remover, label)
            view = kept if kept is not None else discord.utils.MISSING
            await self._reply(interaction, words, private, embed=pages[0], view=view)
            return
        pager = SearchPages(pages, interaction.user.id, remover, self.bot, words)
        await self._reply(interaction, words, private, embed=pager.page, view=pager)

    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction) -> None:
        """The documents every answer quotes."""
        words = no_words_typed(interaction)
        if await self._slowed(interaction, words):
            return
        await self._reply(interaction, words, embed=sources_embed(self.bot.store.kb))

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """How to ask me, and what I can do."""
        moderator = self.bot.moderators.allows(interaction)
        await interaction.response.send_message(
            embed=help_embed(
                moderator,
                mentions=reads_mentions(interaction),
                home=self.bot.moderators.at_home(interaction),
            ),
            ephemeral=True,
            allowed_mentions=no_mentions(),
        )


class SearchPages(KnownByMessage, Paginator):
    """`/fact search` pages, with the searcher's Remove when shown in the channel (`remover`):
    the answer's dynamic item (`remove_button.RemoveButton`), handled by its custom id whoever
    may turn the pages, after a restart too, and kept when the page buttons go. Known by its
    message (`KnownByMessage`), so that Remove, which deletes the message, stops it. Its
    buttons are labelled in `words` (the search's language), Remove then and once the page
    buttons go."""

    def __init__(
        self,
        pages: list[discord.Embed],
        owner_id: int,
        remover: int | None,
        client: discord.Client,
        words: Wording | None = None,
    ) -> None:
        super().__init__(pages, owner_id, words)
        self.remover = remover
        self.client = client
        self.remove_label = words.remove_label if words is not None else None
        if remover is not None:
            self.add_item(RemoveButton(remover, self.remove_label))

    def _keep_remove_working(self) -> None:
        """discord.py (2.7) forgets a dynamic item's template when a view that holds it beside
        ordinary buttons leaves its store, at its deadline or stopped (Remove stops it): every
        Remove (under answers too, in every server) then met "these buttons no longer work"
        until a restart. The template is registered again."""
        if self.remover is not None:
            self.client.add_dynamic_items(RemoveButton)

    def stop(self) -> None:
        """Stopped (its message removed): it leaves the store, keeping every Remove working."""
        super().stop()
        self._keep_remove_working()

    async def on_timeout(self) -> None:
        """At the deadline the page buttons go; the searcher's Remove, if any, stays."""
        self._keep_remove_working()
        await leave_remove_only(self.message, self.remover, "page buttons", self.remove_label)


def no_words_typed(interaction: discord.Interaction) -> Wording:
    """The notes of a lookup that carries no words to read a language from (`/fact show`'s
    id, `/sources`): in the member's Discord language, as the notes of a click are."""
    return wording_for_locale(str(interaction.locale))


def reads_mentions(interaction: discord.Interaction) -> bool:
    """Whether a mention of the bot where this interaction comes from would reach it: in a
    server the bot is a member of (its guilds intent keeps every such server in its cache),
    not in a direct message (the bot asks for no direct-message events), nor through a
    member's own install of the app, nor an install in a server with the
    applications.commands scope alone (a guild integration without the bot user): it
    receives none of that server's messages. Not `interaction.guild`: discord.py makes one up
    for any server an interaction names."""
    if interaction.guild_id is None:
        return False
    return interaction.client.get_guild(interaction.guild_id) is not None
