"""Taking back a name a moderator added to an alias group: `KnowledgeStore.remove_alias`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.errors import CitebotError, KnowledgeError
from bot.core.knowledge.loader import load_knowledge
from bot.core.moderation.aliaslog import describe
from bot.core.moderation.aliasplan import AliasChange
from bot.core.moderation.store import Actor, KnowledgeStore

MOD = Actor(42, "mod")
HEADER = "# Names members use; keep one group per thing.\n"


@pytest.fixture
def store(tiny_knowledge: Path, tmp_path: Path) -> KnowledgeStore:
    """A store over the tiny knowledge base whose aliases.yaml opens with a comment."""
    aliases = tiny_knowledge / "aliases.yaml"
    aliases.write_text(HEADER + aliases.read_text("utf-8"), "utf-8")
    return KnowledgeStore(tiny_knowledge, tmp_path / "data")


def audit_lines(store: KnowledgeStore) -> list[dict[str, object]]:
    """Every line of the audit log, parsed."""
    return [json.loads(line) for line in store.audit.path.read_text("utf-8").splitlines()]


def groups_on_disk(root: Path) -> dict[str, tuple[str, ...]]:
    """The alias groups as a cold load reads them."""
    return {g.canonical: g.names for g in load_knowledge(root).aliases}


def test_a_name_added_by_mistake_is_taken_back(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """A name added to a group could only be taken out by editing aliases.yaml on the host.
    remove_alias takes it out: the file is back byte for byte (comment included), the live
    engine no longer reads the name, a cold load agrees, and both changes are audited."""
    path = tiny_knowledge / "aliases.yaml"
    original = path.read_bytes()
    asked = "where are the zorblax reefs"
    store.add_alias("Example Islands", "Zorblax Reefs", MOD)
    assert store.engine.ask(asked).fact_id == "islands-where"

    assert store.remove_alias("zorblax reefs", MOD) == AliasChange("Example Islands")
    assert path.read_bytes() == original
    assert store.engine.ask(asked).fact_id != "islands-where"
    assert groups_on_disk(tiny_knowledge) == {"Example Islands": ("Sample Rocks", "예시섬")}
    added, removed = audit_lines(store)
    assert added["action"] == removed["action"] == "alias"
    assert removed["before"] == added["after"] and removed["after"] == added["before"]
    # A restart keeps the entry: the audit's check that it reached the files agrees.
    assert len(audit_lines(KnowledgeStore(store.knowledge_dir, store.data_dir))) == 2


def test_a_group_made_for_one_name_goes_with_it(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """`/kb alias` with a new canonical makes a group; taking its only name out removes the
    group, and a restart keeps that change's audit entry (its `after` is no group)."""
    path = tiny_knowledge / "aliases.yaml"
    original = path.read_bytes()
    store.add_alias("Trade", "commerce", MOD)
    assert store.remove_alias("Commerce", MOD) == AliasChange("Trade", group_removed=True)
    assert path.read_bytes() == original
    assert "Trade" not in groups_on_disk(tiny_knowledge)
    assert audit_lines(store)[-1]["after"] is None
    restarted = KnowledgeStore(store.knowledge_dir, store.data_dir)
    assert [line["after"] for line in audit_lines(restarted)] == [
        {"canonical": "Trade", "names": ["commerce"]},
        None,
    ]


def test_a_shipped_name_is_removed_in_place(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """A name of a hand-written flow list goes without touching the file's other lines."""
    path = tiny_knowledge / "aliases.yaml"
    before = path.read_text("utf-8").splitlines()
    store.remove_alias("예시섬", MOD)
    after = path.read_text("utf-8").splitlines()
    assert after[0] == HEADER.strip() and len(after) == len(before)
    assert groups_on_disk(tiny_knowledge) == {"Example Islands": ("Sample Rocks",)}
    assert store.kb.aliases == load_knowledge(tiny_knowledge).aliases


@pytest.mark.parametrize(
    ("name", "reason"),
    [("Example Islands", "known by"), ("Nowhere Reef", "not a name of any group")],
)
def test_a_canonical_or_unknown_name_is_refused(
    store: KnowledgeStore, tiny_knowledge: Path, name: str, reason: str
) -> None:
    """A group's canonical name, or a name no group has, is refused with the reason, and
    nothing is written or audited."""
    path = tiny_knowledge / "aliases.yaml"
    original = path.read_bytes()
    with pytest.raises(CitebotError, match=reason):
        store.remove_alias(name, MOD)
    assert path.read_bytes() == original
    assert not store.audit.path.exists()


def test_only_the_name_as_written_is_removed(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """Names that read alike ("EXI" and "E.X.I.", as the shipped "ROK" and "R.O.K.") are two
    names of a group: removing one, in any case, keeps the other."""
    path = tiny_knowledge / "aliases.yaml"
    path.write_text(
        path.read_text("utf-8").replace("[Sample Rocks,", "[Sample Rocks, EXI, E.X.I.,"), "utf-8"
    )
    store.reload()
    store.remove_alias("exi", MOD)
    assert groups_on_disk(tiny_knowledge) == {
        "Example Islands": ("Sample Rocks", "E.X.I.", "예시섬")
    }


def test_a_name_a_fact_stands_on_is_refused(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """An answer naming the Example Islands whose quote says "Sample Rocks" is supported
    through the group; taking that name out would leave it unsupported, so the removal is
    refused with kb check's reason (fact, field) and nothing is written or audited."""
    source = tiny_knowledge / "sources" / "tiny.txt"
    source.write_text(
        source.read_text("utf-8").replace(
            "claimed by two countries.\n", "claimed by two countries. The Sample Rocks are bare.\n"
        ),
        "utf-8",
    )
    facts = tiny_knowledge / "facts" / "islands.yaml"
    facts.write_text(
        facts.read_text("utf-8")
        .replace(
            "answer: The Example Islands are rocks in the Example Sea, claimed by two countries.",
            "answer: The Example Islands are bare.",
        )
        .replace(
            "quote: The Example Islands are a group of rocks in the Example Sea.",
            "quote: The Sample Rocks are bare.",
        ),
        "utf-8",
    )
    assert store.reload() == []
    fact = store.kb.fact("islands-where")
    assert fact is not None and fact.answer == "The Example Islands are bare."
    before = (tiny_knowledge / "aliases.yaml").read_bytes()
    with pytest.raises(KnowledgeError, match=r"islands-where.*answer.*Example Islands"):
        store.remove_alias("Sample Rocks", MOD)
    assert (tiny_knowledge / "aliases.yaml").read_bytes() == before
    assert not store.audit.path.exists()


TWO_SIGNED = """\
terms:
  - canonical: signed
    names: [signing]
  - canonical: signed
    names: [inked]
    note: everyday synonyms members use
"""


def names_on_disk(root: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Every alias group as a cold load reads it, in file order (groups may share a name)."""
    return [(g.canonical, g.names) for g in load_knowledge(root).aliases]


def test_a_name_of_a_second_group_under_one_canonical_is_taken_out(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """aliases.yaml may hold several groups under one canonical (the shipped file has "signed"
    twice among its terms). A change found its group in the file by the canonical alone, so
    taking out a name of the second one rewrote nothing, yet said it was done and audited it
    (again at every try); a name added through the second group's name went to the first."""
    path = tiny_knowledge / "aliases.yaml"
    path.write_text(path.read_text("utf-8") + TWO_SIGNED, "utf-8")
    store.add_alias("inked", "inkt", MOD)  # named by a name of the second group
    assert names_on_disk(tiny_knowledge)[1:] == [
        ("signed", ("signing",)),
        ("signed", ("inked", "inkt")),
    ]
    assert store.remove_alias("inked", MOD).canonical == "signed"
    assert store.remove_alias("inkt", MOD).canonical == "signed"
    assert names_on_disk(tiny_knowledge)[1:] == [("signed", ("signing",))]
    assert [(e["before"], e["after"]) for e in audit_lines(store)] == [
        (
            {
                "canonical": "signed",
                "names": ["inked"],
                "note": "everyday synonyms members use",
                "kind": "term",
            },
            {
                "canonical": "signed",
                "names": ["inked", "inkt"],
                "note": "everyday synonyms members use",
                "kind": "term",
            },
        ),
        (
            {
                "canonical": "signed",
                "names": ["inked", "inkt"],
                "note": "everyday synonyms members use",
                "kind": "term",
            },
            {
                "canonical": "signed",
                "names": ["inkt"],
                "note": "everyday synonyms members use",
                "kind": "term",
            },
        ),
        (
            {
                "canonical": "signed",
                "names": ["inkt"],
                "note": "everyday synonyms members use",
                "kind": "term",
            },
            None,
        ),
    ]
    with pytest.raises(CitebotError, match="not a name of any group"):
        store.remove_alias("inked", MOD)


def test_a_killed_unalias_of_a_second_group_leaves_no_entry(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """A save killed between its audit line and its file leaves an entry the next start
    drops when the files hold the state before it: the group was looked up by its canonical
    alone, so the first group of that name was compared, and the entry of a change that
    never landed stayed in the history."""
    path = tiny_knowledge / "aliases.yaml"
    path.write_text(path.read_text("utf-8") + TWO_SIGNED, "utf-8")
    before = path.read_bytes()
    KnowledgeStore(tiny_knowledge, store.data_dir)  # the start that records what landed
    fresh = KnowledgeStore(tiny_knowledge, store.data_dir)
    fresh.remove_alias("inked", MOD)
    # As if killed after the audit line, before the file and the record that it landed.
    path.write_bytes(before)
    fresh.audit.landed_path.write_text("0\n", "utf-8")
    restarted = KnowledgeStore(tiny_knowledge, store.data_dir)
    assert restarted.alias_history() == []
    assert ("signed", ("inked",)) in names_on_disk(tiny_knowledge)


NOTED = """\
terms:
  - canonical: signed
    names: [inked]
    note: everyday synonyms members use
"""


def test_the_last_name_of_a_group_takes_its_note_only_into_the_audit_log(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """Taking out the only name of a group removes the group, and its `note:` with it; the
    reply said only "no longer a name of", and `kb alias` of the name again made a bare
    group of `aliases:`: the note was gone for good, and a term came back as the name of a
    thing. The removal says the group and its note went, its audit record keeps both (the
    history shows the note), and naming the group again (in any spelling) brings them back,
    saying from which change, as a cold load reads it."""
    path = tiny_knowledge / "aliases.yaml"
    path.write_text(path.read_text("utf-8") + NOTED, "utf-8")
    store.reload()
    assert store.remove_alias("inked", MOD) == AliasChange(
        "signed", group_removed=True, note="everyday synonyms members use"
    )
    assert [g.canonical for g in load_knowledge(tiny_knowledge).aliases] == ["Example Islands"]
    [removal] = store.alias_history("signed")
    assert describe(removal)[-1] == "group signed removed, note: everyday synonyms members use"

    back = store.add_alias("Signed", "inked", MOD)
    assert back == AliasChange(
        "signed", group_created=True, note="everyday synonyms members use", restored_from=1
    )
    [group] = [g for g in load_knowledge(tiny_knowledge).aliases if g.canonical == "signed"]
    assert (group.names, group.note, group.kind) == (
        ("inked",),
        "everyday synonyms members use",
        "term",
    )
    assert store.kb.aliases == load_knowledge(tiny_knowledge).aliases
    assert describe(store.alias_history("signed")[-1])[0] == (
        "new group signed, note: everyday synonyms members use"
    )
    # Brought back once: the group's changes since are its own, and a new group of
    # another name is a bare one, as always.
    assert store.add_alias("signed", "inkt", MOD).restored_from is None
    assert store.add_alias("Trade", "commerce", MOD) == AliasChange("Trade", group_created=True)
    assert [(g.canonical, g.note) for g in load_knowledge(tiny_knowledge).aliases][1:] == [
        ("Trade", None),
        ("signed", "everyday synonyms members use"),
    ]


def test_a_name_saved_with_an_invisible_character_is_taken_out_as_it_reads(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """A name pasted with a zero-width space was saved; typed as it reads, `unalias` refused
    it as "not a name of any group" (while `alias` of it said "already a name"), and the
    alias history as "no change of it is recorded": only an edit of the file took it out."""
    path = tiny_knowledge / "aliases.yaml"
    original = path.read_bytes()
    store.add_alias("Example Islands", "\u200bZorblax Reefs", MOD)
    with pytest.raises(CitebotError, match="already a name"):
        store.add_alias("Example Islands", "Zorblax Reefs", MOD)
    assert [e.n for e in store.alias_history("zorblax reefs")] == [1]
    assert store.remove_alias("Zorblax Reefs", MOD) == AliasChange("Example Islands")
    assert path.read_bytes() == original
    assert [e.n for e in store.alias_history("Zorblax Reefs")] == [1, 2]
