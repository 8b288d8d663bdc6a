"""The changes moderators make to the knowledge: the only writer of its files.

`KnowledgeStore` serves the knowledge (served.py: the live pair, reloads, stopping), reads back
what the audit log records of it (history.py) and makes every change to it: here the facts'
(add, edit, exclude, teach, remove) and `kb fmt`'s, with the revert in revert.py and the alias
groups' changes in aliaschanges.py. A change is validated in memory with the loader's own checks
(`validate_fact`, `parse_aliases`, `cross_check`) on the exact text about to be written, then
recorded in the audit log (fsynced), then written atomically, then swapped in: the one write
path of commit.py, which every change takes.

Writers are serialised by a thread lock and, across processes (the bot and `python -m bot kb`),
by an `flock` on data_dir/store.lock (savelock.py). Before each change the store re-reads the
files if they changed on disk (ondisk.py), so an edit made in an editor or by `git pull` is never
overwritten from memory.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from ..engine.simplify import simplify
from ..errors import CitebotError, StoreError
from ..knowledge.models import Fact, KnowledgeBase
from .aliaschanges import AliasChanges
from .atomic import disk_error, write_atomic
from .audit import AuditEntry
from .changes import (
    file_order,
    fits_a_file,
    header_of,
    inner_comment_lines,
    topic_text,
    validate_topic,
)
from .edits import Actor, FactInput, compact_diff, fact_to_mapping, slug_for
from .revert import FactReverts

__all__ = [
    "Actor",
    "AuditEntry",
    "FactInput",
    "KnowledgeStore",
    "compact_diff",
    "fact_to_mapping",
]


def _partly_done(exc: CitebotError, done: str) -> StoreError:
    """A refusal after part of a change was saved: its "Nothing was changed" (or "nothing was
    saved") is no longer true, so its reason alone, then `done`, what was saved and what not."""
    reason = exc.reason.rstrip(" .")
    return StoreError(f"{reason}. {done}", reason=reason)


class KnowledgeStore(AliasChanges, FactReverts):
    """The knowledge base being served, and the only writer of the knowledge files.

    Each base adds one kind of change to the write path they share (ChangeWriter,
    commit.py); none overrides another's methods, so their order does not matter."""

    # -- reading ---------------------------------------------------------------------------

    def topics(self) -> list[str]:
        """The fact file stems, in file order."""
        return sorted(self.kb.topics, key=file_order)

    # -- changes ---------------------------------------------------------------------------

    def add_fact(self, fields: FactInput, actor: Actor, topic: str) -> Fact:
        """Add a new fact to the topic file `facts/<topic>.yaml` (created if new)."""
        with self._writing():
            self._sync()
            kb, stamp = self.kb, self._stamp()
            # Nor the id of a fact removed before: its history and the undo hint of its
            # removal ("/kb revert id:… to:1") would then be another fact's, and following the
            # hint replaced the new fact with the old one.
            taken = set(kb.fact_ids) | self._read_log(self.audit.fact_ids, "the new fact")
            fact_id = slug_for(fields, topic, taken)
            raw = fields.to_raw(fact_id, None, actor.name, stamp)
            fact = self._apply("add", fact_id, topic, raw, actor, stamp, replacing=False)
            assert fact is not None
            return fact

    def edit_fact(
        self, fact_id: str, fields: FactInput, actor: Actor, expected_version: str
    ) -> Fact:
        """Replace a fact's questions, answer, first source, tags and see_also."""
        return self.edit_fact_recorded(fact_id, fields, actor, expected_version)[0]

    def edit_fact_recorded(
        self, fact_id: str, fields: FactInput, actor: Actor, expected_version: str
    ) -> tuple[Fact, int | None]:
        """`edit_fact`, and the number of the change it recorded: None when the form held
        what the fact already says and nothing was saved. Told apart under the lock, as
        `revert_recorded` does: the edit form said "Saved" of a form submitted unchanged,
        though no change was written or recorded for `/kb history` and `/kb revert`."""
        with self._writing():
            self._sync()
            current = self._current(fact_id, expected_version)
            mark = self._read_log(self.audit.next_n, f"the edit of {fact_id}")
            stamp = self._stamp()
            raw = fields.to_raw(fact_id, current, actor.name, stamp)
            fact = self._apply("edit", fact_id, current.topic, raw, actor, stamp)
            assert fact is not None
            last = self._read_log(self.audit.last, f"the edit of {fact_id}")
            return fact, (last.n if last is not None and last.n >= mark else None)

    def exclude_question(self, fact_id: str, question: str, actor: Actor) -> Fact:
        """Add a question the fact does not answer to its `does_not_answer` (an audited edit,
        validated like any other): that question and those closer to it than to the fact's
        own phrasings are no longer answered by this fact (engine/refusals.py)."""
        with self._writing():
            self._sync()
            current = self._current(fact_id, None)
            if simplify(question) in {simplify(q) for q in current.does_not_answer}:
                # Already excluded (by another moderator, or in other case): nothing to save,
                # where validation refused it as "listed twice", read as a failure.
                return current
            fields = replace(
                FactInput.from_fact(current),
                does_not_answer=[*current.does_not_answer, question.strip()],
            )
            stamp = self._stamp()
            raw = fields.to_raw(fact_id, current, actor.name, stamp)
            fact = self._apply("edit", fact_id, current.topic, raw, actor, stamp)
            assert fact is not None
            return fact

    def teach_question(self, fact_id: str, question: str, actor: Actor) -> tuple[Fact, bool]:
        """Add a member's question, as they asked it, to the fact's phrasings (an audited edit,
        validated like any other: a question another fact has, or one naming what the fact
        does not mention, is refused): from a declined question in the review queue to an
        answer in one step, where `/kb edit` meant retyping the question into the form. A
        question the fact was told it does not answer leaves its `does_not_answer` in the same
        edit: the moderator has just said the opposite.

        Returns the fact and whether this call changed it: a caller comparing versions from
        before the lock took another moderator's edit, saved while this one waited, for its
        own, and offered `/kb revert` to take it back."""
        with self._writing():
            self._sync()
            current = self._current(fact_id, None)
            wanted = simplify(question)
            if wanted in {simplify(q) for q in current.questions}:
                # Taught already (by another moderator, or in other case): nothing to save,
                # where validation refused it as "listed twice", read as a failure.
                return current, False
            fields = replace(
                FactInput.from_fact(current),
                questions=[*current.questions, " ".join(question.split())],
                does_not_answer=[q for q in current.does_not_answer if simplify(q) != wanted],
            )
            stamp = self._stamp()
            raw = fields.to_raw(fact_id, current, actor.name, stamp)
            fact = self._apply("edit", fact_id, current.topic, raw, actor, stamp)
            assert fact is not None
            return fact, True

    def linked_from(self, fact_id: str) -> list[str]:
        """The facts that list `fact_id` under see_also, in file order."""
        return [f.id for f in self.kb.facts if fact_id in f.see_also]

    def remove_fact(
        self,
        fact_id: str,
        actor: Actor,
        expected_version: str | None = None,
        *,
        unlink: bool = False,
    ) -> list[str]:
        """Remove a fact (its history stays in the audit log and `revert` can bring it back).

        Other facts' see_also links to it would dangle, so the removal is refused while there
        are any, unless `unlink`: then each linking fact is first edited to drop the link, all
        under the one writer lock. Every step is a valid knowledge base of its own and is
        audited in that fact's history (a crash between steps leaves links dropped and the
        fact still there, never a dangling link). Returns the facts whose link was dropped.
        """
        with self._writing():
            self._sync()
            current = self._current(fact_id, expected_version)
            stamp = self._stamp()
            linking = [f for f in self.kb.facts if fact_id in f.see_also] if unlink else []
            if not linking:
                self._apply("remove", fact_id, current.topic, None, actor, stamp)
                return []
            try:
                return self._unlink_and_remove(current, linking, actor, stamp)
            except BaseException:
                # Some steps may have landed: serve exactly what is on disk now. Read whole:
                # the steps' own files carry the stamps they were written with, so a reload of
                # what changed since would leave them unread, their links still served (and
                # written back by the next edit of those facts).
                self._files.snapshot = {}
                self._reload(self._files.scan())
                raise

    def _unlink_and_remove(
        self, current: Fact, linking: list[Fact], actor: Actor, stamp: str
    ) -> list[str]:
        """Drop the links to `current` one fact at a time, then remove it; the engine is
        rebuilt once, at the end (a rebuild takes seconds on a large knowledge base)."""
        kb = self.kb
        dropped: list[str] = []
        try:
            for other in linking:
                kb = self._drop_link(kb, other, current.id, actor, stamp)
                dropped.append(other.id)
            plan = self._plan(kb, current.topic, current.id, None)
            self._commit(plan, "remove", current.id, current.topic, actor, stamp)
        except CitebotError as exc:
            if not dropped:
                raise
            raise _partly_done(
                exc,
                f"{current.id} was not removed, but the links to it were already dropped from "
                f"{', '.join(dropped)} (saved, each in its history): run the removal again "
                "once the cause is fixed.",
            ) from exc
        return dropped

    def _drop_link(
        self, kb: KnowledgeBase, other: Fact, target: str, actor: Actor, stamp: str
    ) -> KnowledgeBase:
        """One step of `_unlink_and_remove`: `other` without its link to `target`, saved."""
        raw = fact_to_mapping(other)
        kept = [ref for ref in other.see_also if ref != target]
        if kept:
            raw["see_also"] = kept
        else:
            del raw["see_also"]
        raw["updated_by"], raw["updated_at"] = actor.name, stamp
        # Each step edits the file as the previous one left it, in place: the comments
        # moderators wrote in it survive (a canonical rewrite dropped them).
        plan = self._plan(kb, other.topic, other.id, raw)
        self._commit(plan, "edit", other.id, other.topic, actor, stamp, swap=False)
        return plan.kb

    def format_all(self, *, keep_comments: bool = False) -> list[str]:
        """Rewrite every fact file in the canonical form; return the files that changed.

        The canonical form keeps only a file's header comment: with `keep_comments`, a file
        holding comments below it (`inner_comment_lines`) is left as it is."""
        changed: list[str] = []
        with self._writing():
            self._sync()
            kb = self.kb
            for topic in self.topics():
                path = self.knowledge_dir / "facts" / f"{topic}.yaml"
                facts = [f for f in kb.facts if f.topic == topic]
                mappings = [fact_to_mapping(f) for f in facts]
                text = topic_text(kb, topic, mappings, header_of(path))
                on_disk = path.read_bytes()
                if on_disk == text.encode("utf-8"):
                    continue
                if keep_comments and inner_comment_lines(on_disk.decode("utf-8", "replace")):
                    continue
                fits_a_file(f"facts/{path.name}", text)
                reparsed, problems = validate_topic(kb, topic, text)
                if problems or reparsed != facts:
                    raise RuntimeError(f"formatting {path.name} would change its content")
                try:
                    try:  # not over an editor's save landing meanwhile (see _commit)
                        unchanged = functools.partial(self._files.unchanged_since_planned, path)
                        write_atomic(path, text.encode("utf-8"), check=unchanged)
                    except OSError as exc:
                        raise disk_error(exc, f"facts/{path.name}") from exc
                except CitebotError as exc:
                    if not changed:
                        raise
                    # The files before it are formatted (each whole, its facts as they were).
                    raise _partly_done(
                        exc,
                        f"Already formatted, their facts unchanged: {', '.join(changed)}; "
                        "run it again once the cause is fixed.",
                    ) from exc
                self._files.note_written(path, text.encode("utf-8"))
                changed.append(f"facts/{path.name}")
        return changed
