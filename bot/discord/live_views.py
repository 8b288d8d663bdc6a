"""The answer views (and a public search's pages) running in this process, by the id of the
message they are on.

Whatever replaces or takes down an answer's components (a choice swapped in, Remove, the
member's message edited or deleted) stops the view that would otherwise edit them again at its
deadline. Apart from the view (`answer_view.py`) so that the Remove button, which the view
holds, can stop it without importing it.
"""

from __future__ import annotations

import weakref

from bot.discord.views import BaseView, Editable

_LIVE: weakref.WeakValueDictionary[int, BaseView] = weakref.WeakValueDictionary()


def remember(message_id: int, view: BaseView) -> None:
    """Note the view on this message (held weakly: a finished view is not kept for it)."""
    _LIVE[message_id] = view


def running(message_id: int) -> BaseView | None:
    """The running view on this message, if this process made one and it has not ended."""
    view = _LIVE.get(message_id)
    return view if view is not None and not view.is_finished() else None


class KnownByMessage(BaseView):
    """A view found by the id of the message it is on (`running`): putting it on a message
    remembers it, so that whatever takes the message down (Remove, the member's message edited
    or deleted) stops it; left running, at its deadline it edited the deleted message."""

    _message: Editable | None

    @property
    def message(self) -> Editable | None:
        """The message the view is on."""
        return self._message

    @message.setter
    def message(self, value: Editable | None) -> None:
        self._message = value
        if value is not None:
            remember(value.id, self)
