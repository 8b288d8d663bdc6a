"""Start the bot (`python -m bot run`) or sync its slash commands (`python -m bot sync`).

Failures an operator can fix (a bad token, an intent not enabled in the developer portal) end
with one line on stderr and exit status 1, not a traceback.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp
import discord

from bot.core.engine.embedding import load_embedder
from bot.core.engine.snapshot import keeps_snapshots, load_engine
from bot.core.errors import CitebotError
from bot.core.heartbeat import INTERVAL, Heartbeat, heartbeat_path, this_host, write_heartbeat
from bot.core.instance import running_alone, shards_run
from bot.discord.client import create_bot
from bot.discord.registration import NOT_COPIED, SyncFailed, sync_everywhere, sync_trial_guild
from bot.log import get_logger
from bot.settings import Settings
from bot.stopping import stop_signals_call, stop_status

log = get_logger(__name__)

BAD_TOKEN = (
    "citebot: Discord rejected the token in DISCORD_TOKEN. Copy it again from the Bot page of your "
    "application at https://discord.com/developers/applications."
)
UNREACHABLE = (
    "citebot: could not reach Discord to log in; check the network (and any proxy or firewall) "
    "and start again"
)
NEEDS_INTENT = (
    "citebot: answer channels are configured (CITEBOT_ANSWER_CHANNEL_IDS) but the Message Content "
    "intent is not enabled: turn it on under Bot → Privileged Gateway Intents in the developer "
    "portal, or unset CITEBOT_ANSWER_CHANNEL_IDS."
)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


async def serve(settings: Settings, **options: Any) -> int:
    """Log in, connect and answer until the connection is closed; the exit status.

    SIGTERM and SIGINT close the bot in order (see CitebotBot.close) and the exit status is 0:
    a stop asked for is not a failure, and a process manager must not restart on it. SIGHUP
    closes it the same way, with status 129 (`bot.stopping.stop_status`).
    """
    bot = create_bot(settings, **options)
    gateway: asyncio.Task[None] | None = None
    ending: list[asyncio.Task[None]] = []
    stopped_by: list[int] = []  # the first stop signal

    async def end_after_close() -> None:
        # Once the close is complete, nothing is left to wait for: not a login still in
        # flight, nor discord.py's reconnect backoff after a lost connection (start() returned
        # only after it, 10 s and more after "stopped").
        await bot.close()
        if gateway is not None and not gateway.done():
            gateway.cancel()

    def stop(signum: int) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        bot.request_stop(signum)
        if not stopped_by:
            stopped_by.append(signum)
        if not ending:
            ending.append(asyncio.create_task(end_after_close(), name="citebot-end"))

    try:
        with (
            running_alone(
                settings.data_dir,
                shards_run(settings.shard_count, settings.shard_ids),
                settings.shard_count,
            ),
            stop_signals_call(asyncio.get_running_loop(), stop),
        ):
            await bot.announce_start()  # a "connected" heartbeat a killed run left is stale
            async with bot:
                gateway = asyncio.create_task(bot.start(settings.discord_token.reveal()))
                try:
                    await gateway
                except (asyncio.CancelledError, Exception):
                    if not ending:
                        raise
                    # A stop was asked for: what the close cut short (a login in flight, the
                    # HTTP session under it) is no failure.
                    log.debug("the gateway ended with the stop", exc_info=True)
                # start() returns once the gateway is closed, and `async with` skips close()
                # on a closed client; wait for the whole close (feedback database, heartbeat)
                # before asyncio.run cancels what is left.
                await bot.close()
    except discord.LoginFailure:
        return _fail(BAD_TOKEN)
    except discord.PrivilegedIntentsRequired:
        return _fail(NEEDS_INTENT)
    except SyncFailed as exc:
        return _fail(str(exc))
    except CitebotError as exc:  # a data directory that cannot be written, and the like
        return _fail(f"citebot: {exc}")
    except aiohttp.ClientConnectionError as exc:  # no network, DNS, a firewall
        return _fail(f"{UNREACHABLE} ({type(exc).__name__}: {exc})")
    return stop_status(stopped_by[0]) if stopped_by else 0


def run_discord(settings: Settings) -> int:
    """Run the bot until interrupted; the exit status. The engine is made ready first, before
    the event loop starts (`prepare_engine`), so that a stop during its build is prompt."""
    prepare_engine(settings)
    return asyncio.run(serve(settings))


def prepare_engine(settings: Settings) -> None:
    """Build the engine and save its snapshot (or find the snapshot there already), in the
    calling thread, before the bot starts; the store that `setup_hook` opens then only reads
    the snapshot (0.4 s at 20,000 facts).

    Why here: the store is opened in a worker thread of the event loop, which no signal can
    interrupt, and Python waits for that thread at exit. A SIGTERM during a first start's
    build (a minute and more for a large knowledge base) said "stopped" at once, and then the
    process went on building, and saving the snapshot, until it was done: 99 s at 20,000
    facts, long past `docker stop`'s 10 s, whose SIGKILL then cut the snapshot's write. In
    the main thread, under `cli.cmd_run`'s handlers, the stop raises where the build is: the
    worker processes are shut down, a snapshot being written is removed, status 0 at once.

    Under the run lock, so that a second bot on this data directory is refused at once and
    not after a build; the heartbeat says "starting" meanwhile (`_starting`), and "stopped"
    if the build ends in a stop or an error (as after a stop before the bot connected)."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # the store refuses it in its own words (serve): no build, no warnings twice
    if not keeps_snapshots(settings.cache_dir):
        return  # nothing built here would be read back: the store builds it, once, and says why
    path = heartbeat_path(settings.data_dir, settings.shard_ids)
    started = time.time()
    with running_alone(
        settings.data_dir,
        shards_run(settings.shard_count, settings.shard_ids),
        settings.shard_count,
    ):
        _say(path, "starting", started)
        built = threading.Event()
        beating = threading.Thread(
            target=_starting, args=(path, started, built), name="citebot-starting", daemon=True
        )
        beating.start()
        try:
            try:
                embedder = load_embedder(settings.embedding_model, cache_dir=settings.cache_dir)
                load_engine(settings.knowledge_dir, settings.cache_dir, embedder)
            finally:
                built.set()
                beating.join()  # its last "starting" lands before a "stopped"
        except BaseException:
            _say(path, "stopped", started)
            raise


def _starting(path: Path, started: float, built: threading.Event) -> None:
    """Say "starting" again every INTERVAL until the build is done. Written once, a build
    longer than `health`'s 60 s (114 s at 20,000 facts) read as "stale heartbeat ...: the bot
    is hung or gone" while it worked, which invites a restart that throws the build away."""
    while not built.wait(INTERVAL):
        if not _say(path, "starting", started):
            return  # said once (a full disk): not every 10 s for as long as the build runs


def _say(path: Path, state: str, started: float) -> bool:
    """Write a heartbeat that says `state` ("starting", "stopped") before the bot is made;
    whether it was written."""
    from bot import __version__

    beat = Heartbeat(
        time=time.time(),
        pid=os.getpid(),
        host=this_host(),
        state=state,
        version=__version__,
        started_at=started,
    )
    try:
        write_heartbeat(path, beat)
    except OSError as exc:  # as the bot's own writes: `health` then says why in its own words
        log.warning("could not write the heartbeat %s: %s", path, exc)
        return False
    return True


async def sync(settings: Settings, guild_id: int | None, **options: Any) -> int:
    """Register the slash commands with Discord: member commands globally and `/kb` in the
    home servers, or everything in one guild (to try the bot out there)."""
    bot = create_bot(settings, sync_on_start=False, **options)
    try:
        async with bot:
            await bot.login(settings.discord_token.reveal())  # runs setup_hook: cogs are loaded
            if guild_id is not None:
                count, copied = await sync_trial_guild(bot, guild_id)
                print(f"Synced {count} commands to guild {guild_id}{'' if copied else NOT_COPIED}.")
            else:
                await sync_everywhere(
                    bot, settings.moderation_guild_ids, settings.dev_guild_id, print
                )
    except discord.LoginFailure:
        return _fail(BAD_TOKEN)
    except SyncFailed as exc:
        return _fail(str(exc))
    except discord.HTTPException as exc:
        return _fail(f"citebot: Discord refused the sync (HTTP {exc.status}): {exc.text}")
    except aiohttp.ClientConnectionError as exc:  # as `run`: not aiohttp's words alone
        return _fail(f"{UNREACHABLE} ({type(exc).__name__}: {exc})")
    return 0


def sync_commands(settings: Settings, guild_id: int | None = None) -> int:
    """`python -m bot sync [--guild ID]`: the exit status."""
    from dataclasses import replace

    return asyncio.run(sync(replace(settings, watch=False), guild_id))
