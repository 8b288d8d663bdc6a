"""The alias changes of the audit log, read back for the moderators: which name was added to
or taken out of which group, by whom and when.

`/kb alias` and `/kb unalias` (and `kb alias|unalias`) record an entry of action "alias" with
the group before and after, but the history commands read the entries of one fact, so who
added or took back a name was shown nowhere. An entry is read back as written (a hand edit of
the log, another version's field): a value not shaped as a group's is shown as "?", never a
traceback that takes the whole listing with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..engine.cleaning import without_unseen
from ..engine.simplify import simplify
from .audit import AuditEntry


def name_key(name: str) -> str:
    """A name as `plan_unalias` matches it: as written, but for case, spacing and the
    characters nobody sees (a zero-width space pasted with it: the name was saved, and then
    typed as it reads, "not a name of any group" though `kb alias` of it said "already a
    name", so it could be taken out only by editing the file)."""
    return " ".join(without_unseen(name).split()).casefold()


def _names(group: dict[str, Any] | None) -> list[str]:
    names = group.get("names") if isinstance(group, dict) else None
    return [str(n) for n in names] if isinstance(names, list) else []


def _canonical(group: dict[str, Any] | None) -> str | None:
    value = group.get("canonical") if isinstance(group, dict) else None
    return str(value) if value is not None else None


def group_of(entry: AuditEntry) -> str:
    """The canonical name of the group the entry changed ("?" when the entry holds none)."""
    return _canonical(entry.after) or _canonical(entry.before) or "?"


def changed_names(entry: AuditEntry) -> tuple[list[str], list[str]]:
    """The names the entry added to its group and those it took out, in their order."""
    old, new = _names(entry.before), _names(entry.after)
    old_keys, new_keys = {name_key(n) for n in old}, {name_key(n) for n in new}
    return [n for n in new if name_key(n) not in old_keys], [
        n for n in old if name_key(n) not in new_keys
    ]


def _with_note(group: dict[str, Any] | None) -> str:
    """ ", note: …" for a group (as recorded) that has a note, else nothing."""
    note = group.get("note") if isinstance(group, dict) else None
    return f", note: {' '.join(str(note).split())}" if note is not None else ""


def describe(entry: AuditEntry) -> list[str]:
    """What the entry changed, one short line each: the names added and taken out, and
    whether it created or removed the group."""
    group = group_of(entry)
    added, removed = changed_names(entry)
    lines: list[str] = []
    if entry.before is None:
        lines.append(f"new group {group}{_with_note(entry.after)}")
    lines.extend(f"+ {name}  (a name of {group})" for name in added)
    lines.extend(f"− {name}  (no longer a name of {group})" for name in removed)
    if entry.after is None and entry.before is not None:
        # The note goes with the group: shown, or the history had no trace of it.
        lines.append(f"group {group} removed{_with_note(entry.before)}")
    if not lines:
        lines.append(f"{group}: no name added or taken out")
    return lines


def touches(entry: AuditEntry, name: str) -> bool:
    """Whether the entry concerns `name`: it added or took out that name, or `name` is the
    canonical name of the group it changed (then every change of that group does)."""
    key = name_key(name)
    if key in {name_key(c) for c in (_canonical(entry.before), _canonical(entry.after)) if c}:
        return True
    added, removed = changed_names(entry)
    return key in {name_key(n) for n in (*added, *removed)}


def alias_entries(entries: Iterable[AuditEntry], name: str | None = None) -> list[AuditEntry]:
    """The alias changes among `entries` (all of them, or those concerning `name`), in order."""
    return [e for e in entries if e.action == "alias" and (name is None or touches(e, name))]


def removal_of(entries: Sequence[AuditEntry], canonical: str) -> AuditEntry | None:
    """The last of the alias changes `entries` that changed a group of the canonical name
    `canonical`, if it removed that group: its `before` is the group as it was (note and
    section included), which `kb alias` of that name brings back. None when the group's last
    change did not remove it (it was brought back since, or never removed)."""
    key = simplify(canonical)  # as `group_named` finds the group a new name goes to
    for entry in reversed(entries):
        if key in {simplify(c) for c in (_canonical(entry.before), _canonical(entry.after)) if c}:
            return entry if entry.after is None and isinstance(entry.before, dict) else None
    return None


def recorded_names(entries: Sequence[AuditEntry]) -> list[str]:
    """Every name the alias changes added or took out, and the groups they changed, each
    once (first spelling kept), most recent change first: what a moderator may look up."""
    seen: dict[str, str] = {}
    for entry in reversed(entries):
        added, removed = changed_names(entry)
        for name in (*added, *removed, group_of(entry)):
            seen.setdefault(name_key(name), name)
    return list(seen.values())
