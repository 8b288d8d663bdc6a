"""One error path for every interaction: commands, buttons, selects and modals.

Errors a member can cause (a CitebotError, a failed check) become a short ephemeral message that
says what to fix. Anything else is a bug: logged with its traceback, answered with an apology.
A follow-up is used when the interaction already has a response.
"""

from __future__ import annotations

from typing import Any, TypeGuard

import discord
from discord import app_commands

from bot.core.errors import BrokenFilesError, CitebotError, KnowledgeError
from bot.discord.checks import Moderators, NotModerator
from bot.discord.formatting import CONTENT_LIMIT, escape, shorten
from bot.discord.ratelimit import wait_words
from bot.log import get_logger

log = get_logger(__name__)

_CLAIM = "citebot_handled"
APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."
MAX_PROBLEMS = 10
# Discord's codes for an interaction it takes no response to any more: the first response
# came after its 3 s (Unknown interaction), or a follow-up after the token's 15 minutes
# (Unknown Webhook). Nothing reaches the member through it, an apology included.
EXPIRED_CODES = frozenset({10062, 10015})
# Discord's codes for a response refused because what it acts on changed meanwhile, by
# someone else: the message was deleted (Unknown Message: a click on an answer being removed),
# its channel deleted (Unknown Channel), its thread archived or locked. The member's click
# raced a deletion; the bot did nothing wrong, and an apology about a message that is gone
# says "something went wrong on my side" when nothing did.
GONE_CODES = frozenset({10003, 10008, 50083, 160005})
STALE_COMMAND = (
    "That command is no longer one of mine here (Discord still lists an old registration); "
    "nothing was done. `/help` lists what I can do."
)


class UnknownCommand(app_commands.CheckFailure):
    """Discord sent a command this bot does not have where it was used: one an earlier setup
    registered and nobody removed (a renamed command, `/kb` of a former home server)."""

    def __init__(self, message: str = STALE_COMMAND) -> None:
        super().__init__(message)


def no_mentions() -> discord.AllowedMentions:
    """A fresh "ping nobody" policy (discord.py mutates the object it is given on replies)."""
    return discord.AllowedMentions.none()


def knowledge_problems(error: KnowledgeError) -> str:
    """The reasons a change was rejected, one per line, safe to show."""
    lines = [f"• {escape(str(p))}" for p in error.problems[:MAX_PROBLEMS]]
    more = len(error.problems) - MAX_PROBLEMS
    if more > 0:
        lines.append(f"… and {more} more.")
    return "\n".join(lines)


BROKEN_FILES = (
    "Not saved — the knowledge files on disk have problems (an edit made outside the bot), "
    "so no change is made until they are fixed; the last good version keeps answering. "
    "Their problems:"
)


def not_saved(error: KnowledgeError) -> str:
    """Why a change was refused: its own problems, or (BrokenFilesError) those of the files
    on disk, which the change did not cause and editing it again does not fix."""
    if isinstance(error, BrokenFilesError):
        return f"{BROKEN_FILES}\n" + knowledge_problems(error)
    return "Not saved — the change has problems:\n" + knowledge_problems(error)


def user_message(error: BaseException) -> str | None:
    """The message for an error a member caused, or None if it is a bug."""
    if isinstance(error, KnowledgeError):
        return not_saved(error)
    if isinstance(error, CitebotError):
        return escape(str(error))
    if isinstance(error, NotModerator | UnknownCommand):
        return str(error)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in a server, not in direct messages."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {wait_words(error.retry_after)}."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't read the value {escape(str(error.value))[:100]!r}; please check it."
    return None


def expired(error: BaseException) -> TypeGuard[discord.NotFound]:
    """Whether Discord refused a response because the interaction's token is dead
    (`EXPIRED_CODES`): a late bot, not a bug in it."""
    return isinstance(error, discord.NotFound) and error.code in EXPIRED_CODES


def gone(error: BaseException) -> TypeGuard[discord.HTTPException]:
    """Whether Discord refused a response because its message, channel or thread went away
    meanwhile (`GONE_CODES`): another member's doing, not a bug."""
    return isinstance(error, discord.HTTPException) and error.code in GONE_CODES


def claim(interaction: discord.Interaction) -> None:
    """Mark a component or form interaction as ours, before any await in its handler.

    discord.py drops a click on a custom id it does not know without a word, and the member
    sees "interaction failed"; the stale-component fallback (`bot/discord/stale.py`) answers
    every component interaction nobody claimed. The mark is set in `interaction_check`, which
    discord.py runs before the fallback listener gets its turn.
    """
    interaction.extras[_CLAIM] = True


def claimed(interaction: discord.Interaction) -> bool:
    """True when a view, form or dynamic item of ours took this interaction."""
    return bool(interaction.extras.get(_CLAIM))


async def send_ephemeral(
    interaction: discord.Interaction,
    content: str | None = None,
    **kwargs: Any,
) -> None:
    """Reply only to the member, as a response or, if one was already sent, a follow-up.

    A view sent along learns its message, so that it can remove its components when it ends:
    an ephemeral message can only be edited through the interaction's token.
    """
    if content is not None:
        content = shorten(content, CONTENT_LIMIT)
    kwargs.setdefault("allowed_mentions", no_mentions())
    message: discord.Message | None = None
    if interaction.response.is_done():
        text = content if content is not None else discord.utils.MISSING
        message = await interaction.followup.send(text, ephemeral=True, wait=True, **kwargs)
    else:
        response = await interaction.response.send_message(content, ephemeral=True, **kwargs)
        if isinstance(response.resource, discord.InteractionMessage):
            message = response.resource
    view = kwargs.get("view")
    if message is not None and isinstance(view, discord.ui.View) and hasattr(view, "message"):
        view.message = message


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the member what went wrong (or apologise and log the bug).

    A response Discord refused because the interaction expired (`expired`: the bot was later
    than Discord's 3 s) is no bug and cannot be apologised for through the same token: it was
    logged as one, with a traceback, and the apology sent after it was refused again. It is
    a warning line, and nothing more is sent. So is a response refused because its message,
    channel or thread went away meanwhile (`gone`): no bug of ours to apologise for.
    """
    original = error
    if isinstance(error, app_commands.CommandInvokeError):
        original = error.original
    where = interaction.command.qualified_name if interaction.command else interaction.type.name
    if expired(original):
        log.warning(
            "could not answer %s: Discord no longer takes a response to it (HTTP %s, code %s)",
            where,
            original.status,
            original.code,
        )
        return
    if gone(original):
        log.warning(
            "could not answer %s: what it acts on is gone (HTTP %s, code %s: %s)",
            where,
            original.status,
            original.code,
            original.text,
        )
        return
    message = user_message(original)
    if message is None:
        log.error("unhandled error in %s", where, exc_info=original)
        message = APOLOGY
    else:
        log.debug("refused %s: %s", interaction.type.name, original)
    if interaction.type is discord.InteractionType.autocomplete:
        # A message cannot answer it (discord.py brings only a command it does not know here,
        # such as `/kb` left in a former home server); left unanswered, the member watches
        # "Loading options failed". No choices is the answer that says nothing.
        if not interaction.response.is_done():
            try:
                await interaction.response.autocomplete([])
            except discord.HTTPException as exc:
                log.warning("could not answer an autocomplete (HTTP %s): %s", exc.status, exc.text)
        return
    try:
        await send_ephemeral(interaction, message)
    except discord.HTTPException as exc:
        log.warning("could not tell the member about an error (HTTP %s): %s", exc.status, exc.text)


def unknown_command(
    interaction: discord.Interaction, moderators: Moderators | None
) -> app_commands.CheckFailure:
    """The refusal of a command the tree does not know (`CommandNotFound`).

    Discord keeps a guild's commands until they are overwritten, and `python -m bot sync`
    registers `/kb` in the home servers it is told of now: a server dropped from
    `CITEBOT_MODERATION_GUILD_IDS` (or every server, once none is set) keeps a `/kb` and a
    "Wrong fact" menu that its admins still see and use. Our only guild commands are those, so
    a guild command we do not know gets the moderators' own refusal ("edited only from the
    home server"), as a crafted `/kb` does; anything else is a leftover to say so of. Neither
    is a bug in the bot: no apology, no traceback.
    """
    data: dict[str, Any] = dict(interaction.data or {})
    if moderators is not None and data.get("guild_id"):
        try:
            moderators.require(interaction)
        except NotModerator as refusal:
            return refusal
    return UnknownCommand()


class CitebotTree(app_commands.CommandTree[Any]):
    """The command tree with our single error handler."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandNotFound):
            data: dict[str, Any] = dict(interaction.data or {})
            if interaction.type is not discord.InteractionType.autocomplete:
                log.warning(
                    "Discord sent the command %r (registered in %s) from server %s, where this "
                    "bot has no such command: a registration left by an earlier setup",
                    error.name,
                    f"server {data['guild_id']}" if data.get("guild_id") else "every server",
                    interaction.guild_id,
                )
            moderators = getattr(self.client, "moderators", None)
            error = unknown_command(
                interaction, moderators if isinstance(moderators, Moderators) else None
            )
        await report_error(interaction, error)
