"""What the audit log records of the knowledge, read back for the moderators.

`KnowledgeHistory` adds to the served knowledge (served.py) the history of a fact, of the alias
groups, and the facts removed: the reads of the audit log (audit.py) that `/kb history`,
`/kb alias-history`, the revert form and `kb history` show. `history` and `alias_history` drop
a killed save's entry first (under the save lock, as a save does), so no change that never
landed is shown; the choices of /kb history and revert (`recorded`, `removed_fact_ids`) read the
log as it is, not to wait at each keystroke for a save under way. `KnowledgeStore` (store.py)
makes the changes on top of it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from ..errors import CitebotError, StoreError, UnknownFactError
from .aliaslog import alias_entries, name_key
from .atomic import disk_reason
from .audit import AuditEntry
from .served import ServedKnowledge

_T = TypeVar("_T")


class KnowledgeHistory(ServedKnowledge):
    """The served knowledge, and the changes of it the audit log records."""

    def history(self, fact_id: str) -> list[AuditEntry]:
        """Every recorded change of a fact, oldest first (also after it was removed)."""
        return self._recovered(functools.partial(self._entries_of, fact_id), fact_id)

    def alias_history(self, name: str | None = None) -> list[AuditEntry]:
        """The recorded alias changes, oldest first: all of them, or those that added or
        took out `name` (every change of the group when `name` is a group's canonical name).
        The history of a fact shows none of them: who added a name, or took one back, was
        recorded and shown nowhere."""
        entries = self._recovered(
            functools.partial(self.audit.entries_of, None), "the alias changes"
        )
        found = alias_entries(entries, name)
        if name is not None and not found and not self._is_a_name(name):
            # A typo read "no recorded changes", as if the name were served and never changed.
            raise CitebotError(
                f"'{name.strip()}' is not a name of any group, and no change of it is recorded."
            )
        return found

    def unknown_fact(self, fact_id: str) -> UnknownFactError:
        """The refusal of a history asked for a fact that does not exist: when what was typed
        is a name of an alias group (served, or one whose changes are recorded), it says where
        that name's changes are, since a fact's history never shows them."""
        try:
            named = self._is_a_name(fact_id) or bool(self.alias_history(fact_id))
        except CitebotError:  # an unknown name, or an audit log that does not read
            named = False
        if not named:
            return UnknownFactError(fact_id)
        return UnknownFactError(
            fact_id,
            f"'{fact_id.strip()}' is a name of an alias group: the alias history shows its"
            " changes (/kb alias-history, or kb alias-history on the console).",
        )

    def _is_a_name(self, name: str) -> bool:
        key = name_key(name)
        return any(key in {name_key(n) for n in (g.canonical, *g.names)} for g in self.kb.aliases)

    def _recovered(self, read: Callable[[], _T], what: str) -> _T:
        """`read` of the audit log once a killed save's entry is gone: a failed save, here or
        in a process killed mid-save, may have left an entry that must not show (checked
        under the lock, as a save does; not once the store is closed)."""
        try:
            with self._writing():
                if not self._disk_problems:
                    self._recover()
        except StoreError:
            pass  # closed: the log is read as it is
        try:
            return read()
        except OSError as exc:
            reason = f"Could not read the history of {what} (audit log): {disk_reason(exc)}"
            raise StoreError(f"{reason}.", reason=reason) from exc

    def recorded(self, fact_id: str) -> list[AuditEntry]:
        """The fact's changes as the log holds them now, without the lock `history` takes
        to drop a killed save's entry first: for the revert form's autocomplete, where a save
        under way must not hold up the choices of every keystroke."""
        return self._entries_of(fact_id)

    def removed_fact_ids(self) -> list[str]:
        """The facts the audit log records and the knowledge no longer has, sorted: what
        `revert` can bring back, for the moderators to find (a removed fact is in no search,
        and the removal's undo hint is gone with its message)."""
        live = set(self.kb.fact_ids)
        return sorted(i for i in self.audit.fact_ids() if i not in live)

    def _entries_of(self, fact_id: str) -> list[AuditEntry]:
        return self.audit.entries_of(fact_id)
