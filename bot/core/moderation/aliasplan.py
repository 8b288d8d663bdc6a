"""Planning a change of `aliases.yaml`, purely: adding a name to a group, and taking one away.

A name a moderator added (`/kb alias`, `kb alias`) changes how every question reads, and a
wrong one (a typo, a name of something else) could only be taken back by editing the file on
the host: nothing in Discord or the `kb` commands removed a name, though the audit log kept
the change. `plan_unalias` is that undo. Both plans are validated as the loader validates the
file (`parse_aliases` of the very text to write, `cross_check`, and the fidelity rules a name
takes part in: an answer that names a thing by a name only that group gave its quote refuses
the name's removal).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..engine.aliases import AliasTable
from ..engine.simplify import simplify
from ..errors import CitebotError, KnowledgeError, Problem
from ..knowledge.aliasfile import parse_aliases
from ..knowledge.crosscheck import cross_check
from ..knowledge.fidelity import EntityIndex, check_fact
from ..knowledge.models import AliasGroup, KnowledgeBase
from ..knowledge.yamldump import dump_yaml
from ..knowledge.yamlsafe import parse_yaml
from .aliaslog import name_key
from .changes import Plan, _origin, _refuse_untextual, fits_a_file, spliced_text
from .edits import alias_record, alias_to_mapping

SECTIONS = (("alias", "aliases"), ("term", "terms"))


@dataclass(frozen=True)
class AliasChange:
    """What an alias change did, for the reply to the moderator who made it: a name taken
    out of a group that had no other one removed the whole group, its note with it, and the
    reply that said only "no longer a name of" hid that; a group brought back by naming it
    again came back with its note, which the reply says, and from which change."""

    canonical: str
    group_created: bool = False
    group_removed: bool = False
    note: str | None = None  # the group's note (for a removed group: the one that went)
    restored_from: int | None = None  # the change whose record gave a new group its note


def removed_group(
    kb: KnowledgeBase, canonical: str, record: dict[str, Any] | None
) -> AliasGroup | None:
    """The group `record` (the audit log's record of a group a change removed) brings back
    for `kb alias` of `canonical` and a new name, or None: only when no group is named so
    now and the record is of a group of that canonical name. Its note and section come back
    (as the moderator who removed it was told), its names do not: only the one now given."""
    if record is None or group_named(list(kb.aliases), canonical) is not None:
        return None
    recorded = record.get("canonical")
    if not isinstance(recorded, str) or simplify(recorded) != simplify(canonical):
        return None
    note = record.get("note")
    return AliasGroup(
        recorded.strip(),
        (),
        note=note if isinstance(note, str) and note.strip() else None,
        kind="term" if record.get("kind") == "term" else "alias",
    )


def group_named(groups: list[AliasGroup], canonical: str) -> int | None:
    """The index of the group `canonical` names: the one it is the canonical of, else the one
    it is another name of (a moderator asked for another name of "Takeshima" means the
    group "Liancourt Rocks", of which it is a name, not a new group "Takeshima" that every
    check then refused as holding a name of another group); None for a new group."""
    key = simplify(canonical)
    for i, group in enumerate(groups):
        if simplify(group.canonical) == key:
            return i
    for i, group in enumerate(groups):
        if key in {simplify(n) for n in group.names}:
            return i
    return None


def _is_item(item: Any, group: AliasGroup) -> bool:
    """Whether the parsed item of aliases.yaml is `group`: its canonical name and its names.
    The canonical alone is not enough: the file holds several groups under one canonical
    (55 of them in the shipped file, "signed" twice among the terms), and a change matched by
    it alone went to the first of them: `unalias` of a name of another one rewrote nothing,
    yet was audited and reported as done."""
    if not isinstance(item, dict) or not isinstance(item.get("names"), list):
        return False
    if simplify(str(item.get("canonical", ""))) != simplify(group.canonical):
        return False
    return [str(n).strip().casefold() for n in item["names"]] == [
        n.strip().casefold() for n in group.names
    ]


def _canonical_text(groups: list[AliasGroup]) -> str:
    """aliases.yaml in the canonical form, for a file the splicer cannot edit in place."""
    data: dict[str, Any] = {}
    for kind, section in SECTIONS:
        items = [alias_to_mapping(g) for g in groups if g.kind == kind]
        if items:
            data[section] = items
    return dump_yaml(data)


def _validated(kb: KnowledgeBase, text: str) -> list[AliasGroup]:
    """The groups `text` holds, checked as `kb check` checks aliases.yaml against the facts;
    KnowledgeError naming every problem."""
    fits_a_file("aliases.yaml", text)
    problems: list[Problem] = []
    new_groups = parse_aliases(parse_yaml(text, "aliases.yaml"), problems)
    problems.extend(cross_check(kb.facts, _origin(kb.facts), AliasTable.build(new_groups)))
    # A name changes what a phrasing or an answer names: the same fidelity rules as kb check.
    entities = EntityIndex.build(new_groups)
    for fact in kb.facts:
        problems.extend(
            Problem(f"facts/{fact.topic}.yaml", 0, fact.id, f.field, f.message)
            for f in check_fact(fact, entities, kb.sources)
        )
    if problems:
        raise KnowledgeError(problems)
    return new_groups


def plan_alias(
    kb: KnowledgeBase,
    canonical: str,
    name: str,
    header: str = "",
    on_disk: str | None = None,
    removed: dict[str, Any] | None = None,
) -> Plan:
    """Add `name` to the group of `canonical` (a new group if none); validate like the loader.

    `on_disk` is aliases.yaml's text: given, only the changed group's lines are
    rewritten, so the comments in the file survive. `removed` is the audit log's record of
    the group of that canonical name the last change of it removed, if that change did: a
    new group is that group again, with its note and in its section (`removed_group`).
    """
    canonical, name = canonical.strip(), name.strip()
    _refuse_untextual("aliases.yaml", {"canonical": canonical, "names": [name]})
    groups = list(kb.aliases)
    index = group_named(groups, canonical)
    if index is not None:
        canonical = groups[index].canonical
    key = simplify(canonical)
    before: AliasGroup | None = None
    created: AliasGroup | None = None
    if index is None:
        created = replace(
            removed_group(kb, canonical, removed) or AliasGroup(canonical, ()), names=(name,)
        )
        canonical = created.canonical
        key = simplify(canonical)
        groups.append(created)
    else:
        before = groups[index]
        if simplify(name) in {simplify(n) for n in (before.canonical, *before.names)}:
            raise CitebotError(f"'{name}' is already a name of '{before.canonical}'.")
        groups[index] = replace(before, names=(*before.names, name))

    def change(old: Any) -> Any | None:
        if not isinstance(old, dict):
            return None
        if before is not None:
            for _, section in SECTIONS:
                for item in old.get(section) or []:
                    if _is_item(item, before):
                        item["names"].append(name)
                        return old
            return None  # not in the file as served: written whole below
        assert created is not None
        section = dict(SECTIONS)[created.kind]
        if not isinstance(old.get(section) or [], list):
            return None
        old[section] = [*(old.get(section) or []), alias_to_mapping(created)]
        return old

    text = spliced_text(on_disk, change) or header + _canonical_text(groups)
    new_groups = _validated(kb, text)
    added = simplify(name)
    after = next(
        (
            g
            for g in new_groups
            if simplify(g.canonical) == key and added in {simplify(n) for n in g.names}
        ),
        None,
    )
    if after is None:  # never reported done unless the text to write holds the change
        raise CitebotError(f"'{name}' could not be added to '{canonical}'; nothing was changed.")
    return Plan(
        path="aliases.yaml",
        text=text,
        kb=replace(kb, aliases=tuple(new_groups)),
        before=alias_record(before) if before else None,
        after=alias_record(after),
    )


def plan_unalias(
    kb: KnowledgeBase, name: str, header: str = "", on_disk: str | None = None
) -> Plan:
    """Take `name` out of its group (the undo of `plan_alias`); a group left with no other
    name goes with it, as a group `plan_alias` created for that name came. A group's
    canonical name is refused: it is what the group is known by, not a name added to it."""
    name = name.strip()
    # Matched as written, but for case: `simplify` reads "ROK" and "R.O.K." alike, and both
    # are names of one group, so a key of it took out a name nobody asked to remove.
    key = name_key(name)
    groups = list(kb.aliases)
    index = next((i for i, g in enumerate(groups) if key in {name_key(n) for n in g.names}), None)
    if index is None:
        if any(name_key(g.canonical) == key for g in groups):
            raise CitebotError(
                f"'{name}' is the name a group is known by, not one added to it: remove the"
                " group's other names one by one."
            )
        raise CitebotError(f"'{name}' is not a name of any group; nothing was changed.")
    before = groups[index]
    names = tuple(n for n in before.names if name_key(n) != key)
    after = replace(before, names=names) if names else None
    if after is None:
        del groups[index]
    else:
        groups[index] = after

    def change(old: Any) -> Any | None:
        if not isinstance(old, dict):
            return None
        for _, section in SECTIONS:
            items = old.get(section) or []
            for i, item in enumerate(items):
                if _is_item(item, before):
                    item["names"] = [n for n in item["names"] if name_key(str(n)) != key]
                    if not item["names"]:
                        del items[i]
                        if not items:
                            del old[section]
                    return old
        return None

    text = spliced_text(on_disk, change) or header + _canonical_text(groups)
    new_groups = _validated(kb, text)
    if any(key in {name_key(n) for n in g.names} for g in new_groups):
        # Never reported done, and audited, unless the text to write lacks the name.
        raise CitebotError(
            f"'{name}' could not be taken out of '{before.canonical}'; nothing was changed."
        )
    return Plan(
        path="aliases.yaml",
        text=text,
        kb=replace(kb, aliases=tuple(new_groups)),
        before=alias_record(before),
        after=alias_record(after) if after is not None else None,
    )
