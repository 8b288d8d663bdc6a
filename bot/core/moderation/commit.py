"""How one change of the knowledge lands, and nothing else: the store's write path.

`ChangeWriter` plans a change on the file as it is on disk now (only the changed fact's lines
are rewritten: the header and the comments stay), validates it, records it in the audit log
(fsynced), writes the file atomically, marks the entry landed and swaps the new knowledge and
engine in; a write that fails takes its entry back. It also holds the version check that
refuses a change made over another moderator's (`version_of`, `_current`). `KnowledgeStore`
(store.py) builds each change a moderator makes on top of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC
from typing import Any, TypeVar

from ...log import get_logger
from ..errors import ConflictError, UnknownFactError
from ..knowledge.models import Fact, KnowledgeBase
from .atomic import disk_error, write_atomic
from .audit import AuditEntry
from .changes import Plan, fits_a_file, header_of, plan_fact
from .edits import Actor, fact_to_mapping
from .filetext import holds, in_its_line_endings, text_of
from .history import KnowledgeHistory

log = get_logger(__name__)
_T = TypeVar("_T")


def _version(mapping: dict[str, Any]) -> str:
    blob = json.dumps(mapping, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:12]


class ChangeWriter(KnowledgeHistory):
    """The served knowledge, and the one way a change of it is written."""

    def version_of(self, fact_id: str) -> str:
        """A short hash of the fact as stored; pass it back to edit/remove to detect conflicts."""
        fact = self.kb.fact(fact_id)
        if fact is None:
            raise UnknownFactError(fact_id)
        return _version(fact_to_mapping(fact))

    def _stamp(self) -> str:
        return self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @staticmethod
    def _read_log(read: Callable[[], _T], what: str) -> _T:
        """`read` of the audit log, before a change; a disk error there (a bad block: the tail,
        which `_recover` checks, may still read) said as a save's, not as an apology."""
        try:
            return read()
        except OSError as exc:
            raise disk_error(exc, f"{what} (audit log)") from exc

    def _current(self, fact_id: str, expected_version: str | None) -> Fact:
        current = self.kb.fact(fact_id)
        if current is None:
            raise UnknownFactError(fact_id)
        if expected_version is not None and self.version_of(fact_id) != expected_version:
            who = f" by {current.updated_by}" if current.updated_by else ""
            when = f" at {current.updated_at}" if current.updated_at else ""
            reason = f"Fact '{fact_id}' has changed since you opened it (last change{who}{when})"
            raise ConflictError(
                f"{reason}. Open it again to see the current version; nothing was saved.",
                reason=reason,
            )
        return current

    def _apply(
        self,
        action: str,
        fact_id: str,
        topic: str,
        raw: dict[str, Any] | None,
        actor: Actor,
        stamp: str,
        *,
        replacing: bool = True,
    ) -> Fact | None:
        """Plan the change of one fact (validated) and commit it unless it changes nothing."""
        plan = self._plan(self.kb, topic, fact_id, raw, replacing=replacing)
        if not plan.is_noop:
            self._commit(plan, action, fact_id, topic, actor, stamp)
        return plan.kb.fact(fact_id) if raw is not None else None

    def _plan(
        self,
        kb: KnowledgeBase,
        topic: str,
        fact_id: str,
        raw: dict[str, Any] | None,
        *,
        replacing: bool = True,
    ) -> Plan:
        """`plan_fact` over the topic's file as it is on disk now: only the changed fact's
        lines are rewritten, and the file's header and comments stay."""
        path = self.knowledge_dir / "facts" / f"{topic}.yaml"
        return plan_fact(
            kb,
            topic,
            fact_id,
            raw,
            replacing=replacing,
            header=header_of(path),
            on_disk=text_of(path),
        )

    def _commit(
        self,
        plan: Plan,
        action: str,
        fact_id: str | None,
        topic: str | None,
        actor: Actor,
        stamp: str,
        *,
        swap: bool = True,
    ) -> None:
        """Audit (fsynced), then replace the file atomically, then swap in the new state
        (unless `swap` is False: a step of a longer change, whose last step swaps)."""
        # Built first: a failure here must not leave a half-done change. Only the facts this
        # change touched are indexed (and their new texts embedded); the rest is carried over.
        # An alias change touches how every text reads: that engine is built cold, in the
        # background, while the current one keeps answering.
        path = self.knowledge_dir / plan.path
        # The bytes as written: a file kept in \r\n grows a byte a line past what the plan
        # measured, and must still fit what the loader reads.
        data = in_its_line_endings(path, plan.text)
        fits_a_file(plan.path, data)
        live = self._live
        rebuild = swap and plan.kb.aliases != live.kb.aliases
        engine = live.engine.updated(plan.kb) if swap and not rebuild else None
        n = self._read_log(self.audit.next_n, f"the change to {plan.path}")
        entry = AuditEntry(
            n, stamp, actor.id, actor.name, action, fact_id, plan.before, plan.after, topic
        )
        try:
            offset = self.audit.append(entry)
        except OSError as exc:  # (`_recover` checks the log before the next change)
            raise disk_error(exc, f"the change to {plan.path} (audit log)") from exc
        interrupted: BaseException | None = None
        durable = False
        try:
            durable = write_atomic(
                path, data, check=lambda: self._files.unchanged_since_planned(path)
            )
        except BaseException as exc:
            # Ctrl-C (or a stop) can land just after the rename, in the directory's fsync: the
            # change is then on disk, and undoing its entry left a change nobody can revert.
            if not holds(path, data):
                self._undo_audit(offset)
                if isinstance(exc, OSError):
                    raise disk_error(exc, f"the change to {plan.path}") from exc
                raise
            if isinstance(exc, OSError):
                # Only closing the file failed, after its fsync and rename (a network volume
                # reports a late write error there): the change is on disk and audited, and
                # telling its moderator it failed made them redo a change that was live.
                log.warning("change #%d landed, but closing %s failed: %s", n, plan.path, exc)
            else:
                interrupted = exc
        try:
            self._files.note_written(path, data)
        except OSError as exc:  # unnoted, the next poll reads the file again: only that cost
            log.warning("could not stat %s after saving it: %s", plan.path, exc)
        try:
            # Not when its rename may not survive a power cut (the directory's fsync failed, or
            # was cut short): recorded as landed, its entry was kept at the next start even
            # where the cut had undone it. Unrecorded, the start checks it against the files.
            if durable:
                self.audit.mark_landed(n)
        except OSError as exc:  # the change landed; only the record of it did not
            log.warning("could not record that change #%d landed: %s", n, exc)
        if rebuild:
            self._rebuild_in_background(plan.kb, live.engine)
        elif engine is not None:
            self._serve(plan.kb, engine)
        log.info("change #%d: %s of %s by %s", n, action, fact_id or plan.path, actor.name)
        if interrupted is not None:
            raise interrupted

    def _undo_audit(self, offset: int) -> None:
        try:
            self.audit.truncate(offset)
        except OSError as exc:
            # The entry stays for now; `_recover` drops it before the next change.
            log.error("could not roll back the audit log: %s", exc)
