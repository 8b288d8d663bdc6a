"""How a member's message reaches the bot, and how the bot replies to it.

A mention typed in the text (of the bot's user, or of the role Discord made for it) is what
asks the bot; the reply pings nobody and survives a channel that refuses replies. Apart from
the cog that answers (cogs/ask.py), which grew past what one module should hold.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord.errors import no_mentions
from bot.log import get_logger

log = get_logger(__name__)


def _mention(user_id: int, role_id: int | None) -> str:
    """A mention of the bot: of its user, or of the role Discord made for it when it joined,
    which the "@citebot" autocomplete offers beside the user under the same name."""
    role = f"|<@&{role_id}>" if role_id is not None else ""
    return rf"<@!?{user_id}>{role}"


def mentions(user_id: int, text: str, role_id: int | None = None) -> bool:
    """True when the text itself mentions the bot (its user, or its own role `role_id`).

    Discord also lists the author of the message replied to in `message.mentions` (a reply
    pings by default), so "thanks, that helps!" as a reply to an answer would count as a
    question to the bot; only a mention typed in the text does.
    """
    return re.search(_mention(user_id, role_id), text) is not None


def strip_mentions_of(user_id: int, text: str, role_id: int | None = None) -> str:
    """The message text without mentions of the bot (its user, or its own role `role_id`)."""
    return re.sub(_mention(user_id, role_id), " ", text).strip()


# Discord refuses a reply where the bot may not read the message history (403, this code),
# whatever else it may do there.
CANNOT_REPLY = 160002


async def reply_to(message: discord.Message, **kwargs: Any) -> discord.Message:
    """Reply to `message`, pinging nobody; where Discord refuses replies (the channel denies
    the bot Read Message History) send the same to the channel instead, so the member still
    gets the answer they asked for."""
    try:
        return await message.reply(mention_author=False, allowed_mentions=no_mentions(), **kwargs)
    except discord.Forbidden as exc:
        if exc.code != CANNOT_REPLY:
            raise
        log.info(
            "replies refused in channel %s (no message history): sent plainly", message.channel.id
        )
        return await message.channel.send(allowed_mentions=no_mentions(), **kwargs)


def channel_ids(channel: object) -> set[int]:
    """The channel's id, and its parent's for a thread, so threads of answer channels count."""
    ids = {getattr(channel, "id", 0)}
    parent_id = getattr(channel, "parent_id", None)
    if parent_id:
        ids.add(parent_id)
    return ids
