"""Who may change the knowledge base: moderators of a home server, and nobody else.

The knowledge is one set of files shared by every server the bot is in, so "moderator" cannot
mean "Manage Server wherever the command comes from": any server that invites the bot would
then edit what every other server's members read. A moderator is a member *of a home server*
(`CITEBOT_MODERATION_GUILD_IDS`) with a configured moderator role or Manage Server there.

`/kb` is registered only in the home servers, and `app_commands.default_permissions` hides it
from members without Manage Server; both only shape what the client shows. Every moderator
command, form and button therefore also runs `Moderators.require` on the server side, on the
guild id and permissions of the interaction itself; `actor_of` names the member making a
change, as the audit log records them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import discord
from discord import app_commands

from bot.core.moderation.edits import Actor

REFUSAL = (
    "Only moderators can change the knowledge base (a moderator role, or the Manage Server "
    "permission). Nothing was changed."
)
NOT_HOME = "The knowledge base is edited only from the bot's home server; nothing was changed here."
READ_ONLY = (
    "The knowledge base cannot be changed from Discord (no home server is set); nothing was "
    "changed."
)


def payload_role_ids(member: discord.Member) -> frozenset[int]:
    """The ids of the member's roles as the interaction payload lists them: never @everyone
    (whose id is the server's own, so a server id among the moderator roles cannot make every
    member a moderator). `Member.roles` would map these ids through the server's role cache,
    which is empty while the server is unavailable or not yet received after a reconnect, and
    so refuse every role moderator then; discord.py keeps the payload's ids in `_roles`."""
    ids = getattr(member, "_roles", None)
    if ids is None:  # not a discord.py 2.x Member: the cached roles, @everyone left out
        return frozenset(role.id for role in member.roles if not role.is_default())
    guild_id = member.guild.id if member.guild is not None else None
    return frozenset(int(i) for i in ids if int(i) != guild_id)


class NotModerator(app_commands.CheckFailure):
    """Someone who is not a home-server moderator tried a moderator action."""

    def __init__(self, message: str = REFUSAL) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class Moderators:
    """The home servers and the moderator roles in them: the one permission rule of `/kb`."""

    guild_ids: frozenset[int]
    role_ids: frozenset[int]

    @classmethod
    def of(cls, guild_ids: Collection[int], role_ids: Collection[int]) -> Moderators:
        """The rule for these home servers and roles (from the settings)."""
        return cls(frozenset(guild_ids), frozenset(role_ids))

    @property
    def enabled(self) -> bool:
        """False when no home server is configured: the knowledge is read-only in Discord."""
        return bool(self.guild_ids)

    def at_home(self, interaction: discord.Interaction) -> bool:
        """True when the interaction comes from one of the home servers."""
        return interaction.guild_id is not None and interaction.guild_id in self.guild_ids

    def allows(self, interaction: discord.Interaction) -> bool:
        """True for a member of a home server with Manage Server (or Administrator) there, or
        one of the moderator roles and no timeout.

        The guild id and permissions come from the interaction payload, which Discord computes
        for the member in that channel: a crafted client cannot raise them, and a command id
        borrowed from a home server does not change where the interaction comes from.
        """
        if not self.at_home(interaction):
            return False
        permissions = interaction.permissions
        if permissions.manage_guild or permissions.administrator:
            return True
        user = interaction.user
        if isinstance(user, discord.Member):
            # A timed-out member keeps their roles, but Discord leaves them no permission but
            # to view and read history (Manage Server is gone from the payload above): a
            # moderator role must not be the way around that while the timeout lasts.
            if user.is_timed_out():
                return False
            return bool(payload_role_ids(user) & self.role_ids)
        return False

    def require(self, interaction: discord.Interaction) -> None:
        """Raise NotModerator unless `allows`; for commands, buttons and modals alike."""
        if not self.enabled:
            raise NotModerator(READ_ONLY)
        if not self.at_home(interaction):
            raise NotModerator(NOT_HOME)
        if not self.allows(interaction):
            raise NotModerator()


def actor_of(interaction: discord.Interaction) -> Actor:
    """The member making a change, as the audit log records them."""
    return Actor(interaction.user.id, interaction.user.name)
