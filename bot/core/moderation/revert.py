"""Undo: a fact brought back to how it was after any change its history records.

`FactReverts` adds `revert` to the write path (commit.py): the state recorded in the audit log
(after change #n, or before the first one: 0) is written back as a change of its own, recorded
like any other, so a revert can itself be reverted. A removed fact comes back the same way,
into the topic file it was removed from. `KnowledgeStore` (store.py) takes it in.
"""

from __future__ import annotations

import functools

from ..errors import CitebotError, UnknownFactError
from ..knowledge.models import Fact
from .commit import ChangeWriter
from .edits import Actor


class FactReverts(ChangeWriter):
    """The write path, and the revert of a fact to a recorded state."""

    def revert(self, fact_id: str, to: int, actor: Actor) -> Fact | None:
        """Restore the fact as it was after audit entry `to` (0: before its first recorded
        change); the revert is itself recorded. Returns None if that state is "removed"."""
        return self.revert_recorded(fact_id, to, actor)[0]

    def revert_recorded(
        self, fact_id: str, to: int, actor: Actor
    ) -> tuple[Fact | None, int | None]:
        """`revert`, and the number of the change it recorded: None when the fact already
        was in that state and nothing was saved. Told apart under the lock: a caller counting
        the history before and after took another moderator's change, saved meanwhile, for
        this one, and "Reverted" was said of a revert that changed nothing."""
        with self._writing():
            self._sync()
            mark = self._read_log(self.audit.next_n, f"the revert of {fact_id}")
            fact = self._revert(fact_id, to, actor)
            last = self._read_log(self.audit.last, f"the revert of {fact_id}")
            return fact, (last.n if last is not None and last.n >= mark else None)

    def _revert(self, fact_id: str, to: int, actor: Actor) -> Fact | None:
        """The body of `revert_recorded`, under its lock."""
        entries = self._read_log(
            functools.partial(self._entries_of, fact_id), f"the revert of {fact_id}"
        )
        current = self.kb.fact(fact_id)
        if to == 0 and not entries:
            # Never changed: the fact is as it was before its first change (it said "Change
            # #0 is not a change of fact", of the number that means "before any change").
            if current is None:
                raise UnknownFactError(fact_id)
            return current
        if to == 0:
            target, topic_hint = entries[0].before, entries[0].topic
        else:
            entry = next((e for e in entries if e.n == to), None)
            if entry is None:
                raise CitebotError(
                    f"Change #{to} is not a change of fact '{fact_id}'; see its history."
                )
            target, topic_hint = entry.after, entry.topic
        stamp = self._stamp()
        if target is None:
            if current is None:
                return None
            return self._apply("revert", fact_id, current.topic, None, actor, stamp)
        raw = {**target, "updated_by": actor.name, "updated_at": stamp}
        topic = current.topic if current else (topic_hint or "")
        return self._apply("revert", fact_id, topic, raw, actor, stamp)
