"""The changes moderators make to the knowledge: the only writer of its files.

`KnowledgeStore` serves the knowledge (served.py: the live pair, reloads, stopping), reads back
what the audit log records of it (history.py) and makes every change to it. A change is
validated in memory with the loader's own checks (`validate_fact`, `parse_aliases`,
`cross_check`) on the exact text about to be written, then recorded in the audit log (fsynced),
then written atomically, then swapped in.

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
from .aliaslog import alias_entries, removal_of
from .aliasplan import AliasChange, plan_alias, plan_unalias
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
from .filetext import text_of
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


class KnowledgeStore(FactReverts):
    """The knowledge base being served, and the only writer of the knowledge files."""

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

    def add_alias(
        self, canonical: str, name: str, actor: Actor, *, wait: bool = True
    ) -> AliasChange:
        """Add `name` to the alias group of `canonical`, creating the group if there is none;
        return what was done: that group's canonical name (`canonical` may be another of its
        names), and for a group created, the note it came back with. A group a change
        removed (`remove_alias` of its last name) comes back with its note and section from
        that change's audit record: the moderator was told the note is kept there.

        A new name changes how every text reads, so the engine is rebuilt in the background
        while the current one keeps answering everyone else; with `wait` (the default) this
        call returns once the new engine is served, so "it applies now" is true for the
        moderator who made the change."""
        with self._writing():
            self._sync()
            path = self.knowledge_dir / "aliases.yaml"
            entries = self._read_log(
                functools.partial(self.audit.entries_of, None), "the alias changes"
            )
            removal = removal_of(alias_entries(entries), canonical)
            plan = plan_alias(
                self.kb,
                canonical,
                name,
                header_of(path),
                on_disk=text_of(path),
                removed=removal.before if removal else None,
            )
            self._commit(plan, "alias", None, None, actor, self._stamp())
        if wait:
            self.wait_until_current()
        assert plan.after is not None
        note = plan.after.get("note")
        created = plan.before is None
        return AliasChange(
            str(plan.after["canonical"]),
            group_created=created,
            note=note if created else None,
            restored_from=removal.n if created and removal and note is not None else None,
        )

    def remove_alias(self, name: str, actor: Actor, *, wait: bool = True) -> AliasChange:
        """Take `name` out of its alias group, the undo of `add_alias` (a group left with no
        other name goes too, its note kept in the audit record, from which `add_alias` of
        the group's name brings it back); audited as an alias change, and validated like
        one. Returns the group's canonical name, whether it went, and its note then. `wait`
        as for `add_alias`."""
        with self._writing():
            self._sync()
            path = self.knowledge_dir / "aliases.yaml"
            plan = plan_unalias(self.kb, name, header_of(path), on_disk=text_of(path))
            self._commit(plan, "alias", None, None, actor, self._stamp())
        if wait:
            self.wait_until_current()
        assert plan.before is not None
        note = plan.before.get("note")
        return AliasChange(
            str(plan.before["canonical"]),
            group_removed=plan.after is None,
            note=note if plan.after is None and isinstance(note, str) else None,
        )

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
