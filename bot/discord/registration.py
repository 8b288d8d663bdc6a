"""Where the slash commands are registered: member commands globally, `/kb` in the home servers.

`/kb` changes the knowledge every server reads, so it is a guild command of the home servers
(`CITEBOT_MODERATION_GUILD_IDS`) and never global: a server that invites the bot does not even
receive its definition. So is the moderators' message command "Wrong fact for this question"
(cogs/moderation.py). The member commands (`/ask`, `/fact`, `/sources`, `/help`) are global.

A dev guild (`CITEBOT_DEV_GUILD_ID`) gets copies of the global commands at start, because guild
commands appear at once while global ones can take a while. Once the member commands are
registered globally, those copies would show every command twice there, so the start copies
them only while nothing is registered globally, and `python -m bot sync` removes them.

A refused sync (403: the bot is not in that server, or was invited without the
`applications.commands` scope) becomes `SyncFailed` with one line saying so, not a traceback.
"""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord.ext import commands

from bot.log import get_logger

log = get_logger(__name__)


class SyncFailed(Exception):
    """Discord refused to register the commands; the message is one line for the operator."""


def sync_error(exc: discord.HTTPException, where: str) -> SyncFailed:
    """The one-line explanation of a refused sync."""
    if isinstance(exc, discord.Forbidden):
        return SyncFailed(
            f"citebot: Discord refused to register the commands in {where} (HTTP 403: "
            f"{exc.text or 'Missing Access'}). Check that the bot is in that server and was "
            "invited with the applications.commands scope."
        )
    return SyncFailed(
        f"citebot: registering the commands in {where} failed (HTTP {exc.status}): {exc.text}"
    )


async def sync_guild(bot: commands.Bot, guild_id: int, *, with_global: bool) -> int:
    """Register the guild's own commands (`/kb` in a home server) in one server, with copies of
    the global ones when `with_global`; the number of commands it now has."""
    guild = discord.Object(id=guild_id)
    if with_global:
        bot.tree.copy_global_to(guild=guild)
    try:
        synced = await bot.tree.sync(guild=guild)
    except discord.HTTPException as exc:
        raise sync_error(exc, f"server {guild_id}") from exc
    return len(synced)


async def globals_registered(bot: commands.Bot) -> bool:
    """True when the member commands are already registered globally."""
    try:
        return bool(await bot.tree.fetch_commands())
    except discord.HTTPException as exc:
        raise sync_error(exc, "the application (reading its global commands)") from exc


NOT_COPIED = " (member commands are global already: not copied)"


async def sync_trial_guild(bot: commands.Bot, guild_id: int) -> tuple[int, bool]:
    """Register a server's guild commands with copies of the global ones only while none are
    registered globally (else every command would show twice there); the number of commands
    it now has, and whether the copies were made. Once the member commands are global this
    also clears the copies an earlier call made: the dev guild at start, and `sync --guild`,
    which copied them whatever was global, and left a server it was tried out in with every
    command twice, with no command to take the copies away."""
    copy = not await globals_registered(bot)
    return await sync_guild(bot, guild_id, with_global=copy), copy


async def sync_dev_guild(bot: commands.Bot, guild_id: int) -> None:
    """At start: the dev guild gets its guild commands, and copies of the global commands
    only while none are registered globally (`sync_trial_guild`)."""
    count, copied = await sync_trial_guild(bot, guild_id)
    log.info(
        "synced %d commands to the dev guild %s%s", count, guild_id, "" if copied else NOT_COPIED
    )


async def sync_everywhere(
    bot: commands.Bot,
    home_guild_ids: tuple[int, ...],
    dev_guild_id: int | None,
    say: Callable[[str], None],
) -> None:
    """`python -m bot sync`: member commands globally, `/kb` in each home server, and the dev
    guild reset to its own commands (no copies, no doubles). SyncFailed, naming every server
    that refused, once the others are synced."""
    try:
        synced = await bot.tree.sync()
    except discord.HTTPException as exc:
        raise sync_error(exc, "the application (global commands)") from exc
    say(f"Synced {len(synced)} member commands globally.")
    # A server that refuses (the bot was removed from it, or invited without the commands
    # scope) is named at the end, after the others are synced: the first refusal used to
    # stop the sync, and every home server listed after it was left without /kb.
    refused: list[SyncFailed] = []
    for guild_id in home_guild_ids:
        try:
            count = await sync_guild(bot, guild_id, with_global=False)
        except SyncFailed as exc:
            refused.append(exc)
            continue
        say(
            f"Synced /kb and the message command to the home server {guild_id} "
            f"({count} guild command(s))."
        )
    if not home_guild_ids:
        say(
            "No home server is set (CITEBOT_MODERATION_GUILD_IDS): /kb is not registered "
            "anywhere and the knowledge is read-only in Discord."
        )
    if dev_guild_id is not None and dev_guild_id not in home_guild_ids:
        try:
            await sync_guild(bot, dev_guild_id, with_global=False)
        except SyncFailed as exc:
            refused.append(exc)
        else:
            say(f"Removed the copies of the member commands from the dev guild {dev_guild_id}.")
    if refused:
        raise SyncFailed("\n".join(str(exc) for exc in refused))
