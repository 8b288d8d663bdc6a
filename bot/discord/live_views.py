"""The answer views (and a public search's pages) running in this process, by the id of the
message they are on.

Whatever replaces or takes down an answer's components (a choice swapped in, Remove, the
member's message edited or deleted) stops the view that would otherwise edit them again at its
deadline. Apart from the view (`answer_view.py`) so that the Remove button, which the view
holds, can stop it without importing it.
"""

from __future__ import annotations

import weakref

from bot.discord.views import BaseView

_LIVE: weakref.WeakValueDictionary[int, BaseView] = weakref.WeakValueDictionary()


def remember(message_id: int, view: BaseView) -> None:
    """Note the view on this message (held weakly: a finished view is not kept for it)."""
    _LIVE[message_id] = view


def running(message_id: int) -> BaseView | None:
    """The running view on this message, if this process made one and it has not ended."""
    view = _LIVE.get(message_id)
    return view if view is not None and not view.is_finished() else None
