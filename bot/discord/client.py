"""The bot: minimal intents, no pings, our cogs and command tree, and the knowledge watcher."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord.ext import commands

from bot.core.engine.embedding import load_embedder
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.core.moderation.watch import watch_knowledge
from bot.discord.checks import Moderators
from bot.discord.errors import CitebotTree
from bot.discord.registration import sync_dev_guild
from bot.log import get_logger
from bot.settings import Settings

log = get_logger(__name__)

WATCH_INTERVAL = 5.0


def build_intents(settings: Settings) -> discord.Intents:
    """Only what we use: guilds (commands, channels, roles) and guild messages (mentions).

    Message content is privileged; it is requested only when answer channels are configured,
    because mentions of the bot carry their content without it.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = bool(settings.answer_channel_ids)
    return intents


class CitebotBot(commands.Bot):
    """citebot on Discord. The store and feedback log can be passed in (tests) or are opened
    in `setup_hook` from the settings."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: KnowledgeStore | None = None,
        feedback: FeedbackLog | None = None,
        sync_on_start: bool = True,
        **options: Any,
    ) -> None:
        options.setdefault("max_messages", None)  # we never read old messages; keeps memory flat
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=build_intents(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=CitebotTree,
            help_command=None,
            chunk_guilds_at_startup=False,
            **options,
        )
        self.settings = settings
        self._store = store
        self._feedback = feedback
        self.sync_on_start = sync_on_start
        self._watcher: asyncio.Task[None] | None = None

    @property
    def store(self) -> KnowledgeStore:
        """The live knowledge (available once setup_hook has run)."""
        if self._store is None:
            raise RuntimeError("the knowledge store is opened in setup_hook")
        return self._store

    @property
    def moderators(self) -> Moderators:
        """Who may change the knowledge: moderators of the home servers (from the settings)."""
        settings = self.settings
        return Moderators.of(settings.moderation_guild_ids, settings.moderator_role_ids)

    @property
    def feedback(self) -> FeedbackLog:
        """Questions, declines and votes (available once setup_hook has run)."""
        if self._feedback is None:
            raise RuntimeError("the feedback log is opened in setup_hook")
        return self._feedback

    async def setup_hook(self) -> None:
        from bot.discord.cogs.ask import AskCog
        from bot.discord.cogs.lookup import LookupCog
        from bot.discord.cogs.moderation import ModerationCog
        from bot.discord.stale import StaleComponents

        settings = self.settings
        if self._store is None:
            self._store = await asyncio.to_thread(_open_store, settings)
        if self._feedback is None:
            self._feedback = await asyncio.to_thread(FeedbackLog, settings.data_dir)
        for cog in (AskCog(self), LookupCog(self), StaleComponents(self)):
            await self.add_cog(cog)
        if settings.moderation_guild_ids:
            # Guild commands of the home servers only: never global (see registration.py).
            homes = [discord.Object(id=g) for g in settings.moderation_guild_ids]
            await self.add_cog(ModerationCog(self), guilds=homes)
        else:
            log.info(
                "no home server set (CITEBOT_MODERATION_GUILD_IDS): the knowledge is read-only "
                "in Discord; /kb is not registered and the CLI still edits it"
            )
        if settings.watch:
            self._watcher = asyncio.create_task(
                watch_knowledge(self.store, WATCH_INTERVAL), name="citebot-watch"
            )
        if settings.dev_guild_id and self.sync_on_start:
            await sync_dev_guild(self, settings.dev_guild_id)

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: the ask cog's listener handles mentions and answer channels."""

    async def on_ready(self) -> None:
        user = self.user
        log.info(
            "connected as %s (%s) to %d guild(s)", user, user.id if user else "?", len(self.guilds)
        )

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)
            self._watcher = None
        await super().close()


class ShardedCitebotBot(CitebotBot, commands.AutoShardedBot):
    """The same bot run as shards (CITEBOT_SHARD_COUNT / CITEBOT_SHARD_IDS)."""


def create_bot(settings: Settings, **kwargs: Any) -> CitebotBot:
    """A CitebotBot, sharded when the settings ask for shards."""
    if settings.shard_count is not None or settings.shard_ids:
        kwargs.setdefault("shard_count", settings.shard_count)
        if settings.shard_ids:
            kwargs.setdefault("shard_ids", list(settings.shard_ids))
        return ShardedCitebotBot(settings, **kwargs)
    return CitebotBot(settings, **kwargs)


def _open_store(settings: Settings) -> KnowledgeStore:
    """The store, with the embedding model loaded first (off the event loop: it takes seconds)."""
    embedder = load_embedder(settings.embedding_model)
    return KnowledgeStore(settings.knowledge_dir, settings.data_dir, embedder=embedder)
