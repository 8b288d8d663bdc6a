"""Who may change the knowledge base: a configured moderator role, or the Manage Server permission.

`app_commands.default_permissions(manage_guild=True)` only hides commands in the client (and a
server admin can change it per role), so every moderator command and button also runs
`is_moderator` on the server side.
"""

from __future__ import annotations

from collections.abc import Collection

import discord
from discord import app_commands

REFUSAL = (
    "Only moderators can change the knowledge base (a moderator role, or the Manage Server "
    "permission). Nothing was changed."
)


class NotModerator(app_commands.CheckFailure):
    """A member without a moderator role or Manage Server tried a moderator action."""

    def __init__(self) -> None:
        super().__init__(REFUSAL)


def is_moderator(interaction: discord.Interaction, moderator_role_ids: Collection[int]) -> bool:
    """True for members with Manage Server (or Administrator) or one of the moderator roles.

    The permissions come from the interaction payload, which Discord computes for the member in
    that channel: a crafted client cannot raise them.
    """
    if interaction.guild is None:
        return False
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    user = interaction.user
    if isinstance(user, discord.Member):
        return any(role.id in moderator_role_ids for role in user.roles)
    return False


def require_moderator(
    interaction: discord.Interaction, moderator_role_ids: Collection[int]
) -> None:
    """Raise NotModerator unless `is_moderator`; for buttons and modals outside a command check."""
    if not is_moderator(interaction, moderator_role_ids):
        raise NotModerator()
