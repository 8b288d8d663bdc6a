"""Which of the audit log's last entries never reached the files, and dropping it.

The store appends a change's entry before it replaces the file, so a process killed (or a
disk that failed) in between leaves an entry for a change that is not on disk. This module
decides that from the entry and the knowledge as it is on disk; the store decides when (under
its lock, with the files read again), since deciding against stale knowledge drops a change
another process did land.
"""

from __future__ import annotations

from typing import Any

from ...log import get_logger
from ..engine.simplify import simplify
from ..knowledge.models import KnowledgeBase
from .audit import AuditEntry, AuditLog
from .edits import alias_record, fact_to_mapping

log = get_logger(__name__)


def drop_unlanded(audit: AuditLog, on_disk: KnowledgeBase | None, *, at_start: bool) -> None:
    """Drop a torn audit line, and a last entry whose change never reached the files.

    `on_disk`: the knowledge as the files hold it now; None when they do not load (then no
    entry is judged against them). `at_start`: an unreadable whole last line goes too, as it
    always did at start-up; a running store leaves such a line (perhaps a newer version's)
    alone. OSError when the log cannot be repaired."""
    audit.recover(unreadable=at_start)
    last = audit.last_line()
    if last is not None and on_disk is not None:
        # Only an entry not known to have landed is in question: one that did, whose file
        # was put back by hand since, looks the same on disk. Without the record (a data
        # directory from before it), only a start-up decides, as it always did.
        landed = audit.landed()
        if (landed is not None and last.n <= landed) or (landed is None and not at_start):
            return
        state = state_of(on_disk, last)
        if state != last.after and state == last.before:
            log.warning(
                "audit entry #%d (%s of %s by %s) never reached the files; removing it",
                last.n,
                last.action,
                last.fact_id or "aliases",
                last.user_name,
            )
            audit.drop_last()
    if at_start and on_disk is not None:
        # Every entry left after the start-up check above landed: recorded for a new data
        # directory, one from before the record, and one whose last change was saved without
        # being recorded (its directory's fsync failed). Left unrecorded, that change stayed in
        # question while the bot ran, and a file an editor then put back from an older buffer
        # made the next save drop its entry: a change that was on disk lost from the history.
        kept = audit.last_line()
        landed = audit.landed()
        if landed is not None and (kept is None or kept.n <= landed):
            return
        try:
            audit.mark_landed(kept.n if kept is not None else 0)
        except OSError as exc:  # then saves leave unlanded entries to the next start
            log.warning("could not record which audit entries landed: %s", exc)


def state_of(kb: KnowledgeBase, entry: AuditEntry) -> dict[str, Any] | None:
    """What `kb` holds of the fact (or alias group) `entry` changed, as the entry records it."""
    if entry.fact_id is not None:
        fact = kb.fact(entry.fact_id)
        return fact_to_mapping(fact) if fact else None
    wanted = simplify(str((entry.after or entry.before or {}).get("canonical", "")))
    # Several groups may share a canonical name (the shipped file has 55 such): the one the
    # entry changed is the one holding its state after, or before, the change.
    held = [alias_record(g) for g in kb.aliases if simplify(g.canonical) == wanted]
    # An entry written before the record held a term group's section has no "kind" in it.
    plain = [{k: v for k, v in h.items() if k != "kind"} for h in held]
    for state in (entry.after, entry.before):
        if state is not None and (state in held or state in plain):
            return state
    return held[0] if held else None
