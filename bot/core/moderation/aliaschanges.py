"""The alias groups' changes: a name added to a group, or taken back.

`AliasChanges` adds `add_alias` and `remove_alias` to the write path (commit.py): each is
planned over aliases.yaml as it is on disk (aliasplan.py), validated like the loader does,
audited as an "alias" change and written atomically. A new name changes how every text reads,
so the engine is rebuilt in the background while the current one answers. A group a change
removed comes back with the note its audit record kept (aliaslog.py). `KnowledgeStore`
(store.py) takes it in.
"""

from __future__ import annotations

import functools

from .aliaslog import alias_entries, removal_of
from .aliasplan import AliasChange, plan_alias, plan_unalias
from .changes import header_of
from .commit import ChangeWriter
from .edits import Actor
from .filetext import text_of


class AliasChanges(ChangeWriter):
    """The write path, and the changes of the alias groups."""

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
