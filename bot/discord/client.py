"""The bot: minimal intents, no pings, our cogs and command tree, the knowledge watcher, the
heartbeat file, and an orderly close."""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import discord
from discord.ext import commands

from bot.core.engine.embedding import load_embedder
from bot.core.heartbeat import INTERVAL, Heartbeat, heartbeat_path, this_host, write_heartbeat
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
# How often the watcher asks whether a save renamed a file into a knowledge directory (a
# few stats): another process's save is live here within about this long (issue 17).
WATCH_QUICK = 0.25
# How long a stop waits for a moderator's save in progress (docker stop allows 10 s in all).
SAVE_GRACE = 5.0
REPLY_GRACE = 1.0  # the least the replies in flight get after the save's wait
# Votes are written on threads of their own: each waits (up to 10 s) while another process
# holds the feedback database, and on the loop's shared pool a few such waits took every
# thread matching needs (the questions' counts have the ask cog's own thread, for the same
# reason). A few, not one: a vote's wait delays only the votes queued behind it.
VOTE_THREADS = 4
# The moderators' saves, and the reads and review-queue writes that take the same locks, wait
# as long as another process holds the store's lock (the CLI) or the feedback database's: on
# the shared pool two of them left no thread to match the next question. Threads of their
# own; a few, so that a history read is not queued behind one waiting save of the same lock.
MODERATOR_THREADS = 4


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
        # What the bot opens itself it also closes; a store or log passed in is the caller's.
        self._owns_store = store is None
        self._owns_feedback = feedback is None
        self.heartbeat_path = heartbeat_path(settings.data_dir, settings.shard_ids)
        self._beating: asyncio.Task[None] | None = None
        self._started_at = time.time()
        self._connected_since: float | None = None
        self._last_answer_at: float | None = None
        self._answers = 0
        self._heartbeat_failing = False  # the last write failed (and said so)
        self._announced = False  # announce_start wrote "starting": this run owns the file
        self._stop_task: asyncio.Task[None] | None = None
        self._closing: asyncio.Future[None] | None = None
        self.vote_writes = ThreadPoolExecutor(VOTE_THREADS, thread_name_prefix="citebot-votes")
        self.moderator_writes = ThreadPoolExecutor(
            MODERATOR_THREADS, thread_name_prefix="citebot-moderators"
        )

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
            self._feedback = await asyncio.to_thread(
                FeedbackLog, settings.data_dir, settings.moderation_guild_ids
            )
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
                watch_knowledge(self.store, WATCH_INTERVAL, quick=WATCH_QUICK), name="citebot-watch"
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
        self._connected_since = time.time()
        if self._beating is None:
            # Started at the first ready, not in setup_hook: `python -m bot sync` runs
            # setup_hook too, and must not overwrite the heartbeat of the bot that is running.
            self._beating = asyncio.create_task(self._beat(), name="citebot-heartbeat")
        else:
            await self._write_heartbeat("running")

    async def on_resumed(self) -> None:
        self._connected_since = self._connected_since or time.time()
        if self._beating is not None:
            await self._write_heartbeat("running")

    async def on_disconnect(self) -> None:
        self._connected_since = None
        if self._beating is not None and not self.is_closed():
            await self._write_heartbeat("running")

    # -- the heartbeat (python -m bot health reads it) ------------------------------------

    def note_answer(self) -> None:
        """An answer went out: the heartbeat's "last answer" time."""
        self._answers += 1
        self._last_answer_at = time.time()

    def _connected(self) -> bool:
        if self._connected_since is None or self.is_closed() or not self.is_ready():
            return False
        shards = getattr(self, "shards", None)  # a sharded bot: every shard of the group
        return all(not shard.is_closed() for shard in shards.values()) if shards else True

    def heartbeat(self, state: str) -> Heartbeat:
        """What the heartbeat file says now."""
        from bot import __version__

        store = self._store
        return Heartbeat(
            time=time.time(),
            pid=os.getpid(),
            host=this_host(),
            state=state,
            connected=state == "running" and self._connected(),
            connected_since=self._connected_since,
            last_answer_at=self._last_answer_at,
            answers=self._answers,
            facts=len(store.kb.facts) if store is not None else 0,
            knowledge_version=store.version if store is not None else "",
            knowledge_problems=len(store.problems) if store is not None else 0,
            version=__version__,
            started_at=self._started_at,
        )

    async def announce_start(self) -> None:
        """Say "starting" in the heartbeat before logging in. A bot killed while connected left
        a file saying so, and in a container the restarted bot has the same pid (1) on the same
        host, so `health` read that file as this bot's and reported it healthy and connected
        until the first READY, which never came while Discord did not answer."""
        self._announced = True
        await self._write_heartbeat("starting")

    async def _write_heartbeat(self, state: str) -> None:
        beat = self.heartbeat(state)
        try:
            await asyncio.to_thread(write_heartbeat, self.heartbeat_path, beat)
        except OSError as exc:  # a full disk must not stop the answers; health will say stale
            # Said once, not at every beat: a line every 10 s for as long as the disk stays
            # full, into logs that may well be on that disk.
            if not self._heartbeat_failing:
                log.warning(
                    "could not write the heartbeat %s: %s (not said again until it is written)",
                    self.heartbeat_path,
                    exc,
                )
            self._heartbeat_failing = True
            return
        if self._heartbeat_failing:
            self._heartbeat_failing = False
            log.info("the heartbeat %s is written again", self.heartbeat_path)

    async def _beat(self) -> None:
        """Rewrite the heartbeat every INTERVAL seconds. It runs on the event loop, so a fresh
        heartbeat also means the loop is not stuck."""
        while True:
            await self._write_heartbeat("running")
            await asyncio.sleep(INTERVAL)

    # -- stopping -------------------------------------------------------------------------

    def request_stop(self, signum: int | None = None) -> None:
        """Start an orderly close (the SIGTERM/SIGINT handler calls this); idempotent."""
        if self._stop_task is None:
            self._stop_task = asyncio.create_task(self.close(), name="citebot-stop")

    async def close(self) -> None:
        """Close once, in order; every caller (a signal, `async with`) waits for the same run,
        so nothing returns, and no task is cancelled, before the close is complete."""
        if self._closing is None:
            self._closing = asyncio.ensure_future(self._close_in_order())
        await asyncio.shield(self._closing)

    async def _close_in_order(self) -> None:
        """No more knowledge polling or heartbeats; let a moderator's save in progress land
        and refuse new ones; close the Discord connection; close the feedback database; leave
        a "stopped" heartbeat so that `health` reports the stop at once."""
        # A heartbeat to update: it connected, or said "starting" (a stop during the start
        # left "starting" for good, which `health` elsewhere than in its container read as a
        # bot still starting). `python -m bot sync` does neither: the running bot's file stays.
        started = self._beating is not None or self._announced
        for task in (self._watcher, self._beating):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        self._watcher = self._beating = None
        if started:
            await self._write_heartbeat("stopping")
        # One budget for the save and the replies: each used to get 5 s in turn, 10 s in all,
        # which is all `docker stop` waits before it kills. The replies always get a second,
        # enough for the refusal of a save that gave up waiting for another process's lock.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SAVE_GRACE
        if self._owns_store and self._store is not None:
            await asyncio.to_thread(self._store.close, SAVE_GRACE)
        await _drain(max(REPLY_GRACE, deadline - loop.time()))
        await super().close()
        if self._owns_feedback and self._feedback is not None:
            await asyncio.to_thread(self._feedback.close)
        self.vote_writes.shutdown(wait=False, cancel_futures=True)
        self.moderator_writes.shutdown(wait=False, cancel_futures=True)
        if started:
            await self._write_heartbeat("stopped")
        log.info("stopped")


# discord.py's names for the tasks that handle what members do: slash commands, buttons and
# menus, forms (a moderator's fact form saves in its submit), the components that outlive a
# restart (votes, "Not what you meant?") and events (our mention and answer-channel replies run
# in `on_message`). tests/discord/test_stop_replies.py stops the bot during a form's save.
_HANDLER_TASKS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-modal-dispatch-",
    "discord-ui-dynamic-item-",
    "discord.py: on_message",
)


async def _drain(timeout: float) -> None:
    """Wait up to `timeout` seconds for the handlers already running to finish, so that the
    reply to a save that just landed still reaches the moderator before the connection closes."""
    current = asyncio.current_task()
    running = [
        task
        for task in asyncio.all_tasks()
        if task is not current and task.get_name().startswith(_HANDLER_TASKS)
    ]
    if running:
        _, pending = await asyncio.wait(running, timeout=timeout)
        if pending:
            log.warning("%d handler(s) still running after %.0f s; closing", len(pending), timeout)


class ShardedCitebotBot(CitebotBot, commands.AutoShardedBot):
    """The same bot run as shards (CITEBOT_SHARD_COUNT / CITEBOT_SHARD_IDS)."""

    # A shard that drops clears the connection (on_disconnect). One that gets a new session
    # (not resumed) is ready again by itself: discord.py dispatches `on_ready` only once all
    # the group's shards have started afresh, so without these the heartbeat said "not
    # connected" for good, and `health` had a working bot restarted.
    async def on_shard_ready(self, shard_id: int) -> None:
        await self.on_resumed()  # (a resumed shard dispatches `on_resumed` itself)


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
    embedder = load_embedder(settings.embedding_model, cache_dir=settings.cache_dir)
    return KnowledgeStore(settings.knowledge_dir, settings.data_dir, embedder=embedder)
