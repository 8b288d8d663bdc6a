"""Start the bot (`python -m bot run`) or sync its slash commands (`python -m bot sync`).

Failures an operator can fix (a bad token, an intent not enabled in the developer portal) end
with one line on stderr and exit status 1, not a traceback.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any

import discord

from bot.discord.client import create_bot
from bot.log import get_logger
from bot.settings import Settings
from bot.stopping import stop_signals_call

log = get_logger(__name__)

BAD_TOKEN = (
    "citebot: Discord rejected the token in DISCORD_TOKEN. Copy it again from the Bot page of your "
    "application at https://discord.com/developers/applications."
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
    a stop asked for is not a failure, and a process manager must not restart on it.
    """
    bot = create_bot(settings, **options)

    def stop(signum: int) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        bot.request_stop(signum)

    try:
        with stop_signals_call(asyncio.get_running_loop(), stop):
            async with bot:
                await bot.start(settings.discord_token.reveal())
                # start() returns once the gateway is closed, and `async with` skips close()
                # on a closed client; wait for the whole close (feedback database, heartbeat)
                # before asyncio.run cancels what is left.
                await bot.close()
    except discord.LoginFailure:
        return _fail(BAD_TOKEN)
    except discord.PrivilegedIntentsRequired:
        return _fail(NEEDS_INTENT)
    return 0


def run_discord(settings: Settings) -> int:
    """Run the bot until interrupted; the exit status."""
    return asyncio.run(serve(settings))


async def sync(settings: Settings, guild_id: int | None, **options: Any) -> int:
    """Register the slash commands with Discord, in one guild or globally."""
    bot = create_bot(settings, sync_on_start=False, **options)
    try:
        async with bot:
            await bot.login(settings.discord_token.reveal())  # runs setup_hook: cogs are loaded
            if guild_id is not None:
                guild = discord.Object(id=guild_id)
                bot.tree.copy_global_to(guild=guild)
                synced = await bot.tree.sync(guild=guild)
                print(f"Synced {len(synced)} commands to guild {guild_id}.")
            else:
                synced = await bot.tree.sync()
                print(f"Synced {len(synced)} commands globally.")
    except discord.LoginFailure:
        return _fail(BAD_TOKEN)
    except discord.HTTPException as exc:
        return _fail(f"citebot: Discord refused the sync (HTTP {exc.status}): {exc.text}")
    return 0


def sync_commands(settings: Settings, guild_id: int | None = None) -> int:
    """`python -m bot sync [--guild ID]`: the exit status."""
    from dataclasses import replace

    return asyncio.run(sync(replace(settings, watch=False), guild_id))
