"""What `/kb alias` and `/kb unalias` say once a name is added to a group or taken back.

Apart from the moderator cog (cogs/moderation.py), which grew past what one module should
hold: this is wording only, read from the store's `AliasChange`; the cog makes the change
and replies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.engine.simplify import simplify
from bot.discord.formatting import escape, fit, one_line

if TYPE_CHECKING:
    from bot.core.moderation.aliasplan import AliasChange


def alias_added(done: AliasChange, canonical: str, name: str) -> str:
    """The reply to `/kb alias` of `canonical` and `name`: which group the name joined
    (`canonical` may be another name of it), and the note a group brought back came with."""
    of = f"“{escape(done.canonical)}”"
    if simplify(done.canonical) != simplify(canonical):
        of += f" (which “{escape(canonical.strip())}” is a name of)"
    back = ""
    if done.restored_from is not None and done.note is not None:
        back = (
            f" The group is back with the note change #{done.restored_from} removed with"
            f" it: “{fit(one_line(done.note), 300)}”."
        )
    return (
        f"Added “{escape(name.strip())}” as a name of {of}; it applies now "
        f"(`/kb unalias` takes it back).{back}"
    )


def alias_removed(done: AliasChange, name: str) -> str:
    """The reply to `/kb unalias` of `name`: a group that went with its last name is said,
    or "from the names of" hid that it is gone (and how to bring it back)."""
    group = escape(done.canonical)
    gone = ""
    if done.group_removed:
        note = (
            f", and its note “{fit(one_line(done.note), 300)}” with it"
            if done.note is not None
            else ""
        )
        gone = (
            f" It was the group's last name: the group “{group}” is removed{note}"
            f" (`/kb alias` of “{group}” and a name brings it back)."
        )
    return f"Removed “{escape(name.strip())}” from the names of “{group}”; it applies now.{gone}"
