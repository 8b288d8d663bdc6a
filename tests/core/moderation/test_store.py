"""KnowledgeStore: moderators' changes are validated, written canonically, audited and live."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.engine.answer import Engine
from bot.core.engine.snapshot import load_engine
from bot.core.errors import (
    CitebotError,
    ConflictError,
    KnowledgeError,
    StoreError,
    UnknownFactError,
)
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.yamldump import dump_yaml
from bot.core.moderation.edits import fact_to_mapping
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore, compact_diff
from tests.processes import blocked_on

MOD = Actor(42, "mod")
OTHER = Actor(43, "other")


@pytest.fixture
def store(tiny_knowledge: Path, tmp_path: Path) -> KnowledgeStore:
    """A store over the tiny knowledge base, with its own data directory."""
    return KnowledgeStore(tiny_knowledge, tmp_path / "data")


def claims_input(**changes: object) -> FactInput:
    """A valid new fact for the tiny knowledge base."""
    fields = FactInput.from_lines(
        "How many countries claim the Example Islands?\n"
        "- who claims the sample rocks\n"
        "\n"
        "is the example islands ownership disputed\n"
        "how many claimants are there for the islands\n",
        "Two countries claim the Example Islands.",
        "tiny",
        "Islands",
        "The Example Islands are a group of rocks in the Example Sea.[1] They are claimed by two countries.",
    )
    return replace(fields, **changes)  # type: ignore[arg-type]


def audit_lines(store: KnowledgeStore) -> list[dict[str, object]]:
    """Every line of the audit log, parsed."""
    text = store.audit.path.read_text("utf-8") if store.audit.path.exists() else ""
    return [json.loads(line) for line in text.splitlines()]


def test_add_fact_is_live_written_and_audited(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """An added fact answers the next question, survives a reload, and is audited."""
    fact = store.add_fact(claims_input(), MOD, "islands")
    assert fact.id == "how-many-countries-claim-the-example-islands"
    assert store.engine.ask("how many countries claim the example islands").fact_id == fact.id
    assert load_knowledge(tiny_knowledge).facts == store.kb.facts
    [entry] = audit_lines(store)
    assert entry["action"] == "add" and entry["fact_id"] == fact.id and entry["before"] is None
    assert entry["user_id"] == 42 and entry["user_name"] == "mod" and entry["n"] == 1
    assert entry["after"] == fact_to_mapping(fact)
    assert fact.updated_by == "mod" and fact.updated_at == entry["time"]


def test_add_to_new_topic_creates_the_file(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """Adding to a topic that has no file yet creates facts/<topic>.yaml."""
    fact = store.add_fact(claims_input(fact_id="islands-claims"), MOD, "claims")
    assert (tiny_knowledge / "facts" / "claims.yaml").is_file()
    assert store.topics() == ["claims", "islands"]
    assert load_knowledge(tiny_knowledge).fact(fact.id) == fact


def test_add_rejects_a_topic_that_is_not_a_slug(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """A topic name that could escape the facts directory is refused."""
    with pytest.raises(KnowledgeError, match="topic"):
        store.add_fact(claims_input(), MOD, "../evil")
    assert sorted(p.name for p in (tiny_knowledge / "facts").iterdir()) == ["islands.yaml"]


def test_edit_round_trip(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """An edit changes the answer live and on disk, stamps the author, and keeps the order."""
    current = store.kb.fact("trade-1999")
    assert current is not None
    fields = replace(FactInput.from_fact(current), answer="Trade was US$5 billion in 1999.")
    fact = store.edit_fact("trade-1999", fields, MOD, store.version_of("trade-1999"))
    assert fact.answer == "Trade was US$5 billion in 1999." and fact.updated_by == "mod"
    assert store.engine.ask("How much was trade in 1999?").answer == fact.answer
    reloaded = load_knowledge(tiny_knowledge)
    assert reloaded.facts == store.kb.facts
    assert reloaded.fact_ids == ["islands-where", "trade-1999"]
    [entry] = store.history("trade-1999")
    assert entry.action == "edit" and entry.before == fact_to_mapping(current)


def test_edit_keeps_the_sources_the_form_cannot_show(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """Only the first source is in the form; an edit keeps the fact's other sources."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    second = (
        "      - source: tiny\n        section: Islands\n"
        "        quote: The Example Islands are a group of rocks in the Example Sea.[1] They are claimed by two countries.\n        refs: [1]\n"
    )
    path.write_text(
        path.read_text("utf-8").replace("    tags: [islands]", second + "    tags: [islands]")
    )
    assert store.reload() == []
    current = store.kb.fact("islands-where")
    assert current is not None and len(current.sources) == 2
    fields = replace(FactInput.from_fact(current), answer="They lie in the Example Sea.")
    fact = store.edit_fact("islands-where", fields, MOD, store.version_of("islands-where"))
    assert fact.sources == current.sources


def test_no_op_edit_writes_nothing(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """Saving the form unchanged neither rewrites the file nor adds an audit entry."""
    before = (tiny_knowledge / "facts" / "islands.yaml").read_bytes()
    current = store.kb.fact("trade-1999")
    assert current is not None
    store.edit_fact("trade-1999", FactInput.from_fact(current), MOD, store.version_of("trade-1999"))
    assert (tiny_knowledge / "facts" / "islands.yaml").read_bytes() == before
    assert store.history("trade-1999") == []


def test_remove_then_revert_brings_the_fact_back(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """A removed fact is gone from disk and engine; revert to the add restores it."""
    fact = store.add_fact(claims_input(), MOD, "islands")
    store.remove_fact(fact.id, MOD, store.version_of(fact.id))
    assert store.kb.fact(fact.id) is None
    assert load_knowledge(tiny_knowledge).fact(fact.id) is None
    restored = store.revert(fact.id, to=1, actor=OTHER)
    assert restored is not None and restored.answer == fact.answer
    assert restored.updated_by == "other"
    assert [e.action for e in store.history(fact.id)] == ["add", "remove", "revert"]
    assert load_knowledge(tiny_knowledge).facts == store.kb.facts


def test_revert_to_a_removal_removes(store: KnowledgeStore) -> None:
    """Reverting to the state after a removal removes the fact again (and returns None)."""
    fact = store.add_fact(claims_input(), MOD, "islands")
    store.remove_fact(fact.id, MOD)
    store.revert(fact.id, to=1, actor=MOD)
    assert store.revert(fact.id, to=2, actor=MOD) is None
    assert store.kb.fact(fact.id) is None
    assert [e.action for e in store.history(fact.id)] == ["add", "remove", "revert", "revert"]


def test_revert_to_zero_restores_the_original(store: KnowledgeStore) -> None:
    """`to=0` restores the fact as it was before its first recorded change."""
    original = store.kb.fact("trade-1999")
    assert original is not None
    for answer in ("First rewrite of the trade fact.", "Second rewrite of the trade fact."):
        fields = replace(FactInput.from_fact(original), answer=answer)
        store.edit_fact("trade-1999", fields, MOD, store.version_of("trade-1999"))
    restored = store.revert("trade-1999", to=0, actor=MOD)
    assert restored is not None and restored.answer == original.answer
    assert store.revert("trade-1999", to=1, actor=MOD).answer == "First rewrite of the trade fact."  # type: ignore[union-attr]


def test_revert_to_another_facts_change_is_refused(store: KnowledgeStore) -> None:
    """A change number that belongs to another fact is refused with a clear message."""
    store.add_fact(claims_input(), MOD, "islands")
    with pytest.raises(CitebotError, match="not a change of fact 'trade-1999'"):
        store.revert("trade-1999", to=1, actor=MOD)


def test_add_alias_to_a_group_and_a_new_group(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """A new name joins its group (and matches at once); an unknown canonical makes a group."""
    assert store.engine.ask("where are the demo reefs").fact_id is None
    store.add_alias("Example Islands", "Demo Reefs", MOD)
    store.add_alias("Trade", "commerce", MOD)
    groups = {g.canonical: g.names for g in load_knowledge(tiny_knowledge).aliases}
    assert groups == {
        "Example Islands": ("Sample Rocks", "예시섬", "Demo Reefs"),
        "Trade": ("commerce",),
    }
    assert store.engine.ask("where are the demo reefs").fact_id == "islands-where"
    entries = audit_lines(store)
    assert [e["action"] for e in entries] == ["alias", "alias"]
    assert entries[0]["before"] == {
        "canonical": "Example Islands",
        "names": ["Sample Rocks", "예시섬"],
    }


@pytest.mark.parametrize("canonical", ["Sample Rocks", "예시섬", "sample rocks"])
def test_alias_given_another_name_of_a_group_joins_that_group(
    store: KnowledgeStore, tiny_knowledge: Path, canonical: str
) -> None:
    """A new name "for" one of a group's other names (in any spelling) joins that group,
    where it made a new group of that name, refused as holding a name of another group."""
    assert store.add_alias(canonical, "Demo Reefs", MOD).canonical == "Example Islands"
    groups = {g.canonical: g.names for g in load_knowledge(tiny_knowledge).aliases}
    assert groups == {"Example Islands": ("Sample Rocks", "예시섬", "Demo Reefs")}
    assert store.engine.ask("where are the demo reefs").fact_id == "islands-where"
    [entry] = audit_lines(store)
    assert entry["after"] == {
        "canonical": "Example Islands",
        "names": ["Sample Rocks", "예시섬", "Demo Reefs"],
    }


def test_alias_already_in_a_group_is_refused(store: KnowledgeStore) -> None:
    """Adding a name its group already has (in any spelling) changes nothing."""
    with pytest.raises(CitebotError, match="already a name"):
        store.add_alias("Example Islands", "sample rocks", MOD)
    assert audit_lines(store) == []


def test_alias_in_two_groups_is_rejected(store: KnowledgeStore) -> None:
    """A name that another group already owns is rejected like `kb check` would."""
    with pytest.raises(KnowledgeError, match="two groups"):
        store.add_alias("Trade", "Sample Rocks", MOD)


@pytest.mark.parametrize(
    ("canonical", "name"), [("Example Islands", "ex\udcffrocks"), ("\ud800", "x")]
)
def test_alias_with_a_lone_surrogate_is_refused(
    store: KnowledgeStore, tiny_knowledge: Path, canonical: str, name: str
) -> None:
    """A name that no file can hold is refused with a clear reason; nothing is written."""
    before = (tiny_knowledge / "aliases.yaml").read_bytes()
    with pytest.raises(KnowledgeError, match="not text"):
        store.add_alias(canonical, name, MOD)
    assert (tiny_knowledge / "aliases.yaml").read_bytes() == before
    assert audit_lines(store) == []


REJECTIONS = [
    (
        {"quote": "The Example Islands are a group of stones in the Example Sea."},
        ["sources.quote"],
    ),
    ({"source": "atlas"}, ["sources.source"]),
    ({"questions": ["one?", "two?"]}, ["questions"]),
    ({"section": "Trade"}, ["sources.section"]),
    ({"see_also": ["no-such-fact"]}, ["see_also"]),
    (
        {"questions": ["one?"], "answer": "  ", "quote": "not in the document at all"},
        ["answer", "questions", "sources.quote"],
    ),
    # A lone surrogate (Discord's JSON allows "\\udcff") cannot be written to a YAML file.
    ({"answer": "Two countries claim the Example Islands.\udcff"}, ["answer"]),
    (
        {
            "questions": [
                "How many countries claim the Example Islands?",
                "who claims the sample \ud800rocks",
                "is the example islands ownership disputed",
                "how many claimants are there for the islands",
            ]
        },
        ["questions"],
    ),
    ({"does_not_answer": ["who owns the example sea \udbff"]}, ["does_not_answer"]),
    ({"tags": ["islands\udcff"]}, ["tags"]),
    ({"fact_id": "islands\udcff-claims"}, ["id"]),
    (
        {"quote": "The Example Islands are a group of rocks in the Example Sea.\udcff"},
        ["sources.quote"],
    ),
]


@pytest.mark.parametrize(("changes", "fields"), REJECTIONS)
def test_rejected_change_saves_nothing_and_names_every_reason(
    store: KnowledgeStore, tiny_knowledge: Path, changes: dict[str, object], fields: list[str]
) -> None:
    """An invalid fact raises KnowledgeError listing every problem; nothing is saved."""
    before = (tiny_knowledge / "facts" / "islands.yaml").read_bytes()
    kb = store.kb
    with pytest.raises(KnowledgeError) as caught:
        store.add_fact(claims_input(**changes), MOD, "islands")
    assert sorted({p.field for p in caught.value.problems}) == fields
    if re.search(r"\\ud[89a-f]", json.dumps(changes)):  # a lone surrogate, escaped
        assert all("not text" in p.message for p in caught.value.problems)
        str(caught.value).encode("utf-8")  # what the moderator is shown can be sent
    assert (tiny_knowledge / "facts" / "islands.yaml").read_bytes() == before
    assert store.kb is kb and audit_lines(store) == []


def test_a_question_another_fact_has_is_rejected(store: KnowledgeStore) -> None:
    """Questions must stay unique across facts (after normalisation), as in `kb check`."""
    questions = ["where are the example islands", *claims_input().questions]
    with pytest.raises(KnowledgeError, match="also a question of fact 'islands-where'"):
        store.add_fact(claims_input(questions=questions), MOD, "islands")


def test_removing_a_fact_others_point_to_is_rejected(store: KnowledgeStore) -> None:
    """A removal that would leave a dangling see_also is refused, naming the fact."""
    current = store.kb.fact("islands-where")
    assert current is not None
    fields = replace(FactInput.from_fact(current), see_also=["trade-1999"])
    store.edit_fact("islands-where", fields, MOD, store.version_of("islands-where"))
    with pytest.raises(KnowledgeError, match="unknown fact id 'trade-1999'"):
        store.remove_fact("trade-1999", MOD)
    assert store.kb.fact("trade-1999") is not None


def test_stale_version_is_a_conflict(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """Two moderators open the same fact; the second save gets ConflictError, not an overwrite."""
    current = store.kb.fact("trade-1999")
    assert current is not None
    opened = store.version_of("trade-1999")
    first = replace(FactInput.from_fact(current), answer="First moderator's answer.")
    store.edit_fact("trade-1999", first, MOD, opened)
    saved = (tiny_knowledge / "facts" / "islands.yaml").read_bytes()
    second = replace(FactInput.from_fact(current), answer="Second moderator's answer.")
    with pytest.raises(ConflictError, match="changed since you opened it"):
        store.edit_fact("trade-1999", second, OTHER, opened)
    with pytest.raises(ConflictError):
        store.remove_fact("trade-1999", OTHER, opened)
    assert (tiny_knowledge / "facts" / "islands.yaml").read_bytes() == saved
    assert store.kb.fact("trade-1999").answer == "First moderator's answer."  # type: ignore[union-attr]


def test_unknown_fact_id(store: KnowledgeStore) -> None:
    """Editing, removing or versioning an id that does not exist says so."""
    with pytest.raises(UnknownFactError):
        store.version_of("nope")
    with pytest.raises(UnknownFactError):
        store.remove_fact("nope", MOD)
    with pytest.raises(UnknownFactError):
        store.edit_fact("nope", claims_input(), MOD, "0")


def test_threads_adding_at_once_lose_nothing(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """Eight threads adding facts to one file at once: every fact lands, numbered in order."""
    errors: list[BaseException] = []

    def add(i: int) -> None:
        questions = [f"question {i} {word} about the islands" for word in ("a", "b", "c", "d")]
        try:
            store.add_fact(claims_input(questions=questions, fact_id=f"t-{i}"), MOD, "islands")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ids = set(load_knowledge(tiny_knowledge).fact_ids)
    assert {f"t-{i}" for i in range(8)} <= ids
    assert [e["n"] for e in audit_lines(store)] == list(range(1, 9))


def test_threads_editing_one_fact_with_retries_lose_nothing(store: KnowledgeStore) -> None:
    """Concurrent edits of one fact: stale ones get ConflictError, retries keep every change."""
    conflicts = 0
    lock = threading.Lock()

    def add_question(i: int) -> None:
        nonlocal conflicts
        while True:
            version = store.version_of("trade-1999")
            fact = store.kb.fact("trade-1999")
            assert fact is not None
            if store.version_of("trade-1999") != version:
                continue
            fields = replace(FactInput.from_fact(fact), questions=[*fact.questions, f"extra {i}?"])
            try:
                store.edit_fact("trade-1999", fields, MOD, version)
                return
            except ConflictError:
                with lock:
                    conflicts += 1

    threads = [threading.Thread(target=add_question, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    assert {f"extra {i}?" for i in range(6)} <= set(fact.questions)
    assert len(store.history("trade-1999")) == 6


def test_written_file_is_canonical(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """A save keeps a canonical file canonical: it is exactly dump_yaml of the canonical
    mappings, and `format_all` then has nothing to do."""
    assert store.format_all() == ["facts/islands.yaml"]  # the fixture is hand-indented
    fact = store.add_fact(claims_input(), MOD, "islands")
    text = (tiny_knowledge / "facts" / "islands.yaml").read_text("utf-8")
    expected = {"topic": "Islands", "facts": [fact_to_mapping(f) for f in store.kb.facts]}
    assert text == dump_yaml(expected)
    assert list(expected["facts"][-1]) == [  # type: ignore[index]
        "id", "questions", "answer", "sources", "updated_by", "updated_at",
    ]  # fmt: skip
    assert fact.id in text and store.format_all() == []


def test_format_all_changes_form_not_content(knowledge_copy: Path, tmp_path: Path) -> None:
    """`kb fmt` rewrites hand-formatted files canonically and they load to the same facts."""
    hand = knowledge_copy / "facts" / "trade.yaml"
    data = yaml.safe_load(hand.read_text("utf-8"))
    hand.write_text(yaml.safe_dump(data, allow_unicode=True, width=60), "utf-8")
    store = KnowledgeStore(knowledge_copy, tmp_path / "data")
    before = store.kb  # as load_knowledge read the hand-formatted file
    changed = store.format_all()
    assert changed == ["facts/trade.yaml"]
    after = load_knowledge(knowledge_copy)
    assert after.facts == before.facts and after.topics == before.topics
    assert store.format_all() == []
    assert audit_lines(store) == []


def test_poll_changes_picks_up_edits_on_disk(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """An edit in an editor is loaded by the next poll; an unchanged directory returns None."""
    assert store.poll_changes() is None
    path = tiny_knowledge / "facts" / "islands.yaml"
    path.write_text(
        path.read_text("utf-8").replace("claimed by two countries.", "claimed by two states."),
        "utf-8",
    )
    assert store.poll_changes() == []
    assert store.kb.fact("islands-where").answer.endswith("two states.")  # type: ignore[union-attr]
    assert store.poll_changes() is None


def test_broken_file_keeps_the_last_good_kb(store: KnowledgeStore, tiny_knowledge: Path) -> None:
    """A broken file is reported, the old KB keeps answering, and changes wait for a fix."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    good = path.read_text("utf-8")
    kb = store.kb
    path.write_text(good + "  - id: [unclosed\n", "utf-8")
    problems = store.poll_changes()
    assert problems and problems[0].file == "facts/islands.yaml"
    assert store.kb is kb
    assert store.engine.ask("Where are the Example Islands?").fact_id == "islands-where"
    assert store.reload() == problems
    with pytest.raises(KnowledgeError):
        store.add_fact(claims_input(), MOD, "islands")
    assert path.read_text("utf-8") == good + "  - id: [unclosed\n"  # the broken edit is not lost
    path.write_text(good, "utf-8")
    assert store.poll_changes() == []
    store.add_fact(claims_input(), MOD, "islands")


def test_a_change_never_overwrites_an_unpolled_disk_edit(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """A file edited on disk since the last poll is re-read before a change is written."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    path.write_text(
        path.read_text("utf-8").replace("claimed by two countries.", "claimed by two states."),
        "utf-8",
    )
    current = store.kb.fact("trade-1999")
    assert current is not None
    fields = replace(FactInput.from_fact(current), answer="Trade was US$5 billion in 1999.")
    store.edit_fact("trade-1999", fields, MOD, store.version_of("trade-1999"))
    reloaded = load_knowledge(tiny_knowledge)
    assert reloaded.fact("islands-where").answer.endswith("two states.")  # type: ignore[union-attr]
    assert reloaded.fact("trade-1999").answer == "Trade was US$5 billion in 1999."  # type: ignore[union-attr]


def test_two_stores_on_one_directory_share_the_sequence(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """The bot and a `kb` command (two stores) see each other's changes and number on."""
    first = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    second = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    fact = first.add_fact(claims_input(), MOD, "islands")
    second.remove_fact(fact.id, OTHER)
    assert [e.n for e in first.history(fact.id)] == [1, 2]
    # history() checks the log against the files as they are, so it serves them too
    assert first.kb.fact(fact.id) is None and first.poll_changes() is None


def test_from_lines_and_from_fact() -> None:
    """The form parser drops blank lines and bullets; from_fact prefills the first source."""
    fields = FactInput.from_lines(" a?\n\n- b?\n• c?\n* d?\n", " x ", " tiny ", " S ", " q ")
    assert fields.questions == ["a?", "b?", "c?", "d?"]
    assert (fields.answer, fields.source, fields.section, fields.quote) == ("x", "tiny", "S", "q")
    assert fields.questions_text == "a?\nb?\nc?\nd?"
    assert fields.tags is None and fields.see_also is None


def test_from_fact_prefills(store: KnowledgeStore) -> None:
    """The edit form is prefilled from the fact as stored."""
    fact = store.kb.fact("islands-where")
    assert fact is not None
    fields = FactInput.from_fact(fact)
    assert fields.questions == list(fact.questions) and fields.tags == ["islands"]
    assert fields.quote == fact.sources[0].quote


DIFFS = [
    (None, {"id": "x", "questions": ["a", "b"]}, ["created (2 entries)"]),
    ({"id": "x"}, None, ["removed"]),
    ({"questions": ["a", "b", "c"]}, {"questions": ["a", "d", "e"]}, ["questions: +2 −2"]),
    ({"answer": "old text"}, {"answer": "new text"}, ["answer: 'old text' → 'new text'"]),
    ({"tags": ["a", "b"]}, {"tags": ["b", "c"]}, ["tags: +c −a"]),
    ({"updated_at": "1", "answer": "a"}, {"updated_at": "2", "answer": "a"}, []),
    (
        {"sources": [{"source": "s", "section": "A", "quote": "q1"}]},
        {"sources": [{"source": "s", "section": "B", "quote": "q1"}, {"source": "t"}]},
        ["sources[1].section: 'A' → 'B'", "sources: 1 → 2"],
    ),
]


@pytest.mark.parametrize(("before", "after", "expected"), DIFFS)
def test_compact_diff(
    before: dict[str, object] | None, after: dict[str, object] | None, expected: list[str]
) -> None:
    """The history diff names each changed field in one short line."""
    assert compact_diff(before, after) == expected


def test_compact_diff_shortens_long_answers_around_the_change() -> None:
    """A long answer shows where it changed, not its unchanged beginning."""
    old = "A" * 80 + " ends in 1999."
    [line] = compact_diff({"answer": old}, {"answer": old.replace("1999", "2001")})
    assert "1999" in line and "2001" in line and len(line) < 120


def test_rewrites_keep_the_files_header_comment(
    store: KnowledgeStore, tiny_knowledge: Path
) -> None:
    """The comment block at the top of aliases.yaml and of a fact file survives a change."""
    for name in ("aliases.yaml", "facts/islands.yaml"):
        path = tiny_knowledge / name
        path.write_text("# Read AUTHORING.md first.\n#\n\n" + path.read_text("utf-8"), "utf-8")
    assert store.reload() == []
    store.add_alias("Example Islands", "Demo Reefs", MOD)
    store.add_fact(claims_input(), MOD, "islands")
    for name in ("aliases.yaml", "facts/islands.yaml"):
        assert (
            (tiny_knowledge / name)
            .read_text("utf-8")
            .startswith("# Read AUTHORING.md first.\n#\n\n")
        )
    # Saves keep the fixture's hand indentation; `kb fmt` normalises it, header included.
    assert store.format_all() == ["facts/islands.yaml"]
    text = (tiny_knowledge / "facts/islands.yaml").read_text("utf-8")
    assert text.startswith("# Read AUTHORING.md first.\n#\n\n")


def test_removing_a_linked_fact_with_unlink_drops_the_links(store: KnowledgeStore) -> None:
    """With unlink, the links to the fact are dropped (each an audited edit) and the fact is
    removed; the result loads cleanly."""
    current = store.kb.fact("islands-where")
    assert current is not None
    fields = replace(FactInput.from_fact(current), see_also=["trade-1999"])
    store.edit_fact("islands-where", fields, MOD, store.version_of("islands-where"))
    assert store.linked_from("trade-1999") == ["islands-where"]
    unlinked = store.remove_fact("trade-1999", MOD, unlink=True)
    assert unlinked == ["islands-where"]
    assert store.kb.fact("trade-1999") is None
    linking = store.kb.fact("islands-where")
    assert linking is not None and "trade-1999" not in linking.see_also
    assert [e.action for e in store.history("islands-where")] == ["edit", "edit"]
    assert [e.action for e in store.history("trade-1999")] == ["remove"]
    assert store.reload() == []


def test_a_store_starting_during_another_processs_save_keeps_that_saves_entry(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store reads the files, then takes the lock to check the audit log's last entry: a
    save another store made in between (its file written, its entry last in the log) is kept,
    not dropped as a change that never reached the files."""
    data = tmp_path / "data"
    other = KnowledgeStore(tiny_knowledge, data)

    def load_then_let_the_other_save(*args: Any, **kwargs: Any) -> Engine:
        engine = load_engine(*args, **kwargs)
        other.add_fact(claims_input(), OTHER, "islands")  # lands after this read
        return engine

    monkeypatch.setattr("bot.core.moderation.served.load_engine", load_then_let_the_other_save)
    starting = KnowledgeStore(tiny_knowledge, data)
    fact_id = "how-many-countries-claim-the-example-islands"
    assert [e.fact_id for e in starting.audit.entries()] == [fact_id]
    assert [e.action for e in starting.history(fact_id)] == ["add"]
    assert starting.kb.fact(fact_id) is not None


def _removed_between_reads(
    other: KnowledgeStore, reader: Any, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Link islands-where to a new fact of another file, through `other`; then make
    `reader.read_fact_file` let `other` remove that fact, and the link with it (two files),
    right after islands.yaml was read. The new fact's id."""
    linked = other.add_fact(claims_input(fact_id="x-linked"), OTHER, "zz")
    where = other.kb.fact("islands-where")
    assert where is not None
    fields = replace(FactInput.from_fact(where), see_also=[linked.id])
    other.edit_fact("islands-where", fields, OTHER, other.version_of("islands-where"))
    real_read = reader.read_fact_file

    def read_then_other_saves(path: Path, *args: Any, **kwargs: Any) -> Any:
        found = real_read(path, *args, **kwargs)
        if path.name == "islands.yaml" and other.kb.fact(linked.id) is not None:
            other.remove_fact(linked.id, OTHER, unlink=True)  # lands between two reads
        return found

    monkeypatch.setattr(reader, "read_fact_file", read_then_other_saves)
    return linked.id


def test_a_store_starting_during_a_save_of_two_files_starts(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A removal that drops the links to a fact writes two files. A store reading the files
    one by one in between saw the link and not the fact, and failed to start on valid files;
    it reads them again under the lock, where they are whole."""
    from bot.core.engine import share

    data = tmp_path / "data"
    linked = _removed_between_reads(KnowledgeStore(tiny_knowledge, data), share, monkeypatch)
    starting = KnowledgeStore(tiny_knowledge, data)
    assert starting.kb.fact(linked) is None
    assert starting.kb.fact("islands-where") is not None
    assert not starting.kb.fact("islands-where").see_also  # type: ignore[union-attr]


def test_a_poll_during_a_save_of_two_files_reports_no_problem(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher's reload reads the changed files one by one too: a save of two files
    landing between those reads is read again under the lock, not reported as broken files."""
    from bot.core.knowledge import loader

    data = tmp_path / "data"
    watcher = KnowledgeStore(tiny_knowledge, data)
    linked = _removed_between_reads(KnowledgeStore(tiny_knowledge, data), loader, monkeypatch)
    assert watcher.poll_changes() == []
    assert watcher.kb.fact(linked) is None
    assert not watcher.kb.fact("islands-where").see_also  # type: ignore[union-attr]


def test_history_during_an_alias_rebuild_keeps_the_alias_entry(
    store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """history() checks that the last entry reached the files against the knowledge served;
    while an alias change's engine is still built in the background that is the older
    knowledge, so it waits for the rebuild instead of dropping the change as unlanded."""
    from bot.core.moderation import served as served_module

    real_engine = served_module.Engine

    def slow_engine(*args: Any, **kwargs: Any) -> Engine:
        time.sleep(0.5)
        return real_engine(*args, **kwargs)

    monkeypatch.setattr(served_module, "Engine", slow_engine)
    store.add_alias("Example Islands", "Demo Reefs", MOD, wait=False)
    store.history("islands-where")
    assert [line["action"] for line in audit_lines(store)] == ["alias"]


def test_a_landed_change_put_back_by_hand_stays_in_history(
    store: KnowledgeStore, tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A change that reached the files, whose file an editor then saves from an older buffer
    (or a `git checkout` puts back), looks on disk like one that never landed. It is recorded
    as landed, so neither the next save, nor history, nor a restart removes its entry."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    older_buffer = path.read_bytes()
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    fields = replace(FactInput.from_fact(fact), answer="Trade was US$5 billion in 1999.")
    store.edit_fact("trade-1999", fields, MOD, store.version_of("trade-1999"))
    path.write_bytes(older_buffer)  # the editor saves
    assert [e.n for e in store.history("trade-1999")] == [1]
    store.add_fact(claims_input(), MOD, "islands")
    assert [e.n for e in store.history("trade-1999")] == [1]
    reopened = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert [e.n for e in reopened.history("trade-1999")] == [1]
    assert [line["n"] for line in audit_lines(reopened)] == [1, 2]


def test_close_lets_a_save_in_progress_land_then_refuses_changes(
    store: KnowledgeStore, tiny_knowledge: Path, tmp_path: Path
) -> None:
    """close() waits for the save under way (here held up by another holder of the store's
    flock), which then lands whole; a change after close() is refused and nothing is written."""
    events: list[str] = []
    lock_file = tmp_path / "data" / "store.lock"
    holder = lock_file.open("a")
    fcntl.flock(holder.fileno(), fcntl.LOCK_EX)

    def save() -> None:
        store.add_fact(claims_input(), MOD, "islands")
        events.append("saved")

    def close() -> None:
        events.append(f"closed {store.close(timeout=30)}")

    saver = threading.Thread(target=save)
    saver.start()
    deadline = time.monotonic() + 30
    while not blocked_on(lock_file):
        assert time.monotonic() < deadline, "the save never waited for the lock"
        time.sleep(0.01)
    closer = threading.Thread(target=close)
    closer.start()
    holder.close()  # releases the flock: the save goes on
    saver.join(30)
    closer.join(30)

    assert events == ["saved", "closed True"]
    assert store.kb.fact("how-many-countries-claim-the-example-islands") is not None
    assert [line["action"] for line in audit_lines(store)] == ["add"]
    before = (tiny_knowledge / "facts" / "islands.yaml").read_bytes()
    with pytest.raises(StoreError, match="stopping"):
        store.remove_fact("trade-1999", MOD)
    assert (tiny_knowledge / "facts" / "islands.yaml").read_bytes() == before
    assert len(audit_lines(store)) == 1
    assert store.engine.ask("How much was trade in 1999?").fact_id == "trade-1999"  # reads go on


def test_close_gives_up_on_a_save_that_cannot_finish(
    store: KnowledgeStore, tmp_path: Path, tiny_knowledge: Path
) -> None:
    """A save stuck behind another process's lock does not hold the stop: once the store is
    closed it gives up waiting, says the bot is stopping, and writes nothing, even when the
    lock comes free later; and the lock it had queued for is let go at once (it used to wait as
    long as the other holder, and land after "stopped" with its moderator never told)."""
    lock_file = tmp_path / "data" / "store.lock"
    holder = lock_file.open("a")
    fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
    before = (tiny_knowledge / "facts" / "islands.yaml").read_bytes()
    outcome: list[BaseException | None] = []

    def save() -> None:
        try:
            store.add_fact(claims_input(), MOD, "islands")
            outcome.append(None)
        except StoreError as exc:
            outcome.append(exc)

    saver = threading.Thread(target=save)
    saver.start()
    try:
        deadline = time.monotonic() + 30
        while not blocked_on(lock_file):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert store.close(timeout=0.2) is False
        assert store.closed
        saver.join(10)
        assert not saver.is_alive(), "the save still waits for the other process's lock"
        assert len(outcome) == 1 and "stopping" in str(outcome[0])
    finally:
        holder.close()  # the other process lets go
        saver.join(30)
    deadline = time.monotonic() + 10
    other = lock_file.open("a")
    with other:
        while True:  # the abandoned wait is granted, and lets go at once
            try:
                fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, "the abandoned wait kept the lock"
                time.sleep(0.01)
    assert (tiny_knowledge / "facts" / "islands.yaml").read_bytes() == before
    assert audit_lines(store) == []
    assert store.kb.fact("how-many-countries-claim-the-example-islands") is None


def test_a_refused_edit_of_a_linked_fact_names_only_its_own_problem(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    """Facts that list the edited fact under see_also are not reported as linking to an
    unknown id when the edit itself is refused: the reason is the only problem shown."""
    store = KnowledgeStore(knowledge_copy, tmp_path / "data")
    fact_id = "territory-liancourt-rocks-ownership"
    assert store.linked_from(fact_id)
    current = store.kb.fact(fact_id)
    assert current is not None
    fields = replace(FactInput.from_fact(current), quote="A sentence no document has.")
    with pytest.raises(KnowledgeError) as caught:
        store.edit_fact(fact_id, fields, MOD, store.version_of(fact_id))
    problems = caught.value.problems
    assert problems and all(p.fact_id == fact_id for p in problems), problems
    assert not any("unknown fact id" in p.message for p in problems)


def test_a_change_that_would_outgrow_a_file_is_refused(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that would make a file larger than the loader reads (2 MB; here its size now, so
    any growth) is refused with the file named, and nothing is written: it used to be written,
    after which no start and no `kb` command could load the knowledge to undo it."""
    from bot.core.moderation import changes

    facts = tiny_knowledge / "facts" / "islands.yaml"
    aliases = tiny_knowledge / "aliases.yaml"
    before = {p: p.read_bytes() for p in (facts, aliases)}

    def limit_to(path: Path) -> None:  # the limit a save checks; the loader keeps its own
        monkeypatch.setattr(changes, "MAX_FILE_BYTES", path.stat().st_size, raising=False)

    limit_to(facts)
    with pytest.raises(KnowledgeError, match=r"facts/islands\.yaml.*more than"):
        store.add_fact(claims_input(), MOD, "islands")
    limit_to(aliases)
    with pytest.raises(KnowledgeError, match=r"aliases\.yaml.*more than"):
        store.add_alias("Example Islands", "Demo Reefs", MOD)
    assert {p: p.read_bytes() for p in (facts, aliases)} == before
    assert audit_lines(store) == []
    assert load_knowledge(tiny_knowledge).facts == store.kb.facts


def test_a_symlinked_fact_file_is_saved_through_its_link(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A fact file that is a link (to a checkout elsewhere, say) gets the save in the file it
    points to, and stays a link: the rename used to replace the link with a plain file, so
    the linked file never saw the change, and later changes to it were no longer read."""
    elsewhere = tmp_path / "checkout"
    elsewhere.mkdir()
    link = tiny_knowledge / "facts" / "islands.yaml"
    real = elsewhere / "islands.yaml"
    real.write_bytes(link.read_bytes())
    link.unlink()
    link.symlink_to(real)
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    store.add_fact(claims_input(), MOD, "islands")
    assert link.is_symlink() and link.resolve() == real
    assert "How many countries claim the Example Islands?" in real.read_text("utf-8")
    assert [p.name for p in elsewhere.iterdir()] == ["islands.yaml"]  # no temp file left
    assert load_knowledge(tiny_knowledge).facts == store.kb.facts


def test_a_windows_file_is_measured_as_written(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file kept in \\r\\n is written a byte a line larger than the text its change was
    planned with: the limit is checked on the bytes written (a reviewer's repro wrote a file
    past 2 MB this way)."""
    import shutil

    from bot.core.moderation import changes

    facts = tiny_knowledge / "facts" / "islands.yaml"
    facts.write_bytes(facts.read_bytes().replace(b"\n", b"\r\n"))
    # The same change on a copy, without a limit: how large it is planned and written.
    trial = tmp_path / "trial"
    shutil.copytree(tiny_knowledge, trial)
    KnowledgeStore(trial, tmp_path / "trial-data").add_fact(claims_input(), MOD, "islands")
    written = (trial / "facts" / "islands.yaml").read_bytes()
    planned = len(written) - written.count(b"\r\n")
    monkeypatch.setattr(changes, "MAX_FILE_BYTES", planned, raising=False)
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    before = facts.read_bytes()
    with pytest.raises(KnowledgeError, match=r"facts/islands\.yaml.*more than"):
        store.add_fact(claims_input(), MOD, "islands")
    assert facts.read_bytes() == before
    assert audit_lines(store) == []


def test_a_lock_file_that_cannot_be_opened_is_named_before_the_engine_is_built(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start takes the store's lock after building the engine (a minute at 100,000 facts
    without a snapshot): a lock file that cannot be opened (a directory in its place here; a
    read-only data directory does the same) is refused first, with the engine never built."""
    data = tmp_path / "data"
    (data / "store.lock").mkdir(parents=True)
    built: list[Path] = []

    def counting_load(root: Path, *args: Any, **kwargs: Any) -> Engine:
        built.append(root)
        return load_engine(root, *args, **kwargs)

    monkeypatch.setattr("bot.core.moderation.served.load_engine", counting_load)
    with pytest.raises(StoreError, match=r"store\.lock, which every change"):
        KnowledgeStore(tiny_knowledge, data)
    assert built == []


def test_a_crashed_save_through_a_link_leaves_no_temp_file_beside_its_target(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A save through a symlinked fact file writes its temp file beside the file the link
    points to; one a killed save left there is swept at the next start like those in the
    knowledge's own folders, and only that file's: another file's temp there is not ours."""
    elsewhere = tmp_path / "checkout"
    elsewhere.mkdir()
    link = tiny_knowledge / "facts" / "islands.yaml"
    real = elsewhere / "islands.yaml"
    real.write_bytes(link.read_bytes())
    link.unlink()
    link.symlink_to(real)
    ours = elsewhere / ".islands.yaml.deadbeef-0123456789ab.tmp"
    other = elsewhere / ".notes.yaml.deadbeef-0123456789ab.tmp"
    lookalike = elsewhere / ".islands.yaml.bak.deadbeef-0123456789ab.tmp"  # not a save's
    for temp in (ours, other, lookalike):
        temp.write_text("half a save")
        os.utime(temp, (time.time() - 7200, time.time() - 7200))
    KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert not ours.exists() and other.exists() and lookalike.exists()


def test_a_symlinked_facts_folder_is_watched_and_keys_the_snapshot(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """`facts/` as a link to a folder elsewhere: an edit there made on disk is seen by the
    store watching it and by the next store to start (the engine snapshot's key covers the
    fact files). The scans skipped symlinked folders: the edit was never seen, and the next
    save, built on the stale fact, wrote it away."""
    elsewhere = tmp_path / "checkout-facts"
    (tiny_knowledge / "facts").rename(elsewhere)
    (tiny_knowledge / "facts").symlink_to(elsewhere, target_is_directory=True)
    data = tmp_path / "data"
    watching = KnowledgeStore(tiny_knowledge, data)  # writes the engine snapshot
    fact = watching.kb.facts[0]
    path = elsewhere / f"{fact.topic}.yaml"
    path.write_text(path.read_text("utf-8").replace(fact.answer, "Edited on disk."), "utf-8")
    assert watching.poll_changes() == []
    assert watching.kb.fact(fact.id).answer == "Edited on disk."  # type: ignore[union-attr]
    started = KnowledgeStore(tiny_knowledge, data)
    assert started.kb.fact(fact.id).answer == "Edited on disk."  # type: ignore[union-attr]


def test_ctrl_c_just_after_the_rename_keeps_the_change_revertible(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during `kb remove` landing in the directory's fsync, after the rename: the file
    no longer has the fact, and its audit entry used to be undone with the "failed" write, so
    history said nothing and revert could not bring it back. The entry stays; Ctrl-C still
    ends the command."""
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    fact = store.kb.facts[0]

    def interrupted(directory: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("bot.core.moderation.atomic.fsync_dir", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.remove_fact(fact.id, MOD, store.version_of(fact.id))
    monkeypatch.undo()
    assert f"id: {fact.id}" not in (tiny_knowledge / "facts" / f"{fact.topic}.yaml").read_text()
    later = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert later.kb.fact(fact.id) is None
    assert [e.action for e in later.history(fact.id)] == ["remove"]
    restored = later.revert(fact.id, to=0, actor=OTHER)
    assert restored is not None and restored.answer == fact.answer


def test_ctrl_c_before_the_rename_still_saves_nothing(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted before the new file is in place: nothing changed, no entry is left."""
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    fact = store.kb.facts[0]
    before = (tiny_knowledge / "facts" / f"{fact.topic}.yaml").read_bytes()

    def interrupted(source: object, target: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("bot.core.moderation.atomic.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.remove_fact(fact.id, MOD, store.version_of(fact.id))
    monkeypatch.undo()
    assert (tiny_knowledge / "facts" / f"{fact.topic}.yaml").read_bytes() == before
    assert audit_lines(store) == []


def test_a_removal_failing_after_its_links_were_dropped_says_what_was_saved(
    store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`remove --unlink` whose last step (the removal) fails on disk after the link was
    dropped: the link's edit stands (saved, in its history), and the message says so instead
    of the disk error's "Nothing was changed"."""
    import bot.core.moderation.commit as commit_module

    current = store.kb.fact("islands-where")
    assert current is not None
    fields = replace(FactInput.from_fact(current), see_also=["trade-1999"])
    store.edit_fact("islands-where", fields, MOD, store.version_of("islands-where"))
    real_write = commit_module.write_atomic
    writes: list[Path] = []

    def second_write_fails(path: Path, data: bytes, **kwargs: Any) -> None:
        writes.append(path)
        if len(writes) == 2:
            raise OSError(errno.EFBIG, "File too large")
        real_write(path, data, **kwargs)

    monkeypatch.setattr(commit_module, "write_atomic", second_write_fails)
    with pytest.raises(StoreError) as failed:
        store.remove_fact("trade-1999", MOD, unlink=True)
    message = str(failed.value)
    assert "Nothing was changed" not in message
    assert "already dropped from islands-where" in message and "was not removed" in message
    assert store.kb.fact("trade-1999") is not None
    assert store.linked_from("trade-1999") == []
    assert [e.action for e in store.history("islands-where")][-1] == "edit"


def tag_islands_where(store: KnowledgeStore) -> None:
    """The store's own edit of `islands-where` (its tags), planned on the fact as served."""
    current = store.kb.fact("islands-where")
    assert current is not None
    fields = replace(FactInput.from_fact(current), tags=["edited-by-the-store"])
    store.edit_fact("islands-where", fields, MOD, store.version_of("islands-where"))


def editor_saves_after_the_store_reads(
    monkeypatch: pytest.MonkeyPatch,
    path: Path,
    edit: Callable[[str], str],
    *,
    in_one_tick: bool = False,
) -> None:
    """An editor rewrites `path` with `edit` right after the store first reads it to plan a
    change (in the milliseconds before the store's rename). `in_one_tick`: in place, within
    the tick of the file system's clock of the file's last write, which leaves the file the
    same stamp when the size stays (test_watch._write_in_place)."""
    import bot.core.moderation.commit as commit_module
    from tests.core.moderation.test_watch import _write_in_place

    real_text_of = commit_module.text_of
    edited: list[bool] = []

    def read_then_editor_saves(at: Path) -> str | None:
        text = real_text_of(at)
        if at == path and not edited:
            edited.append(True)
            if in_one_tick:
                _write_in_place(path, edit(path.read_text("utf-8")), path.stat().st_mtime_ns)
            else:
                path.write_text(edit(path.read_text("utf-8")), "utf-8")
        return text

    monkeypatch.setattr(commit_module, "text_of", read_then_editor_saves)


def test_an_editors_save_landing_during_a_save_is_never_written_over(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor (or `git pull`) writes the fact file after the store read it to plan a
    change and before the rename: the store's save used to replace the file, losing the
    editor's change. It is refused as a conflict, with nothing written and no entry; tried
    again once the editor's file is served, it is planned on it and both changes stand."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    editor_saves_after_the_store_reads(
        monkeypatch,
        path,
        lambda text: text.replace("claimed by two countries.", "claimed by two states."),
    )
    with pytest.raises(ConflictError, match="changed on disk"):
        tag_islands_where(store)
    assert "claimed by two states." in path.read_text("utf-8")
    assert audit_lines(store) == []
    assert store.poll_changes() == []  # the watcher serves the editor's file (valid)
    tag_islands_where(store)
    saved = load_knowledge(tiny_knowledge).fact("islands-where")
    assert saved is not None and saved.answer.endswith("two states.")
    assert saved.tags == ("edited-by-the-store",)


def test_an_editors_same_size_save_in_one_clock_tick_is_never_written_over(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As above, with the editor's save leaving the file its stamp (in place, the same size,
    in the same tick of a coarse file-system clock): the stamp check before the rename passed
    it, and the store's save wrote the editor's change away. A file scanned fresh is
    compared by its content too (ondisk.FreshFiles)."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    os.utime(path)  # last written now: the editor's save comes within the same tick
    editor_saves_after_the_store_reads(
        monkeypatch,
        path,
        lambda text: text.replace("claimed by two countries.", "claimed by two nations.  "),
        in_one_tick=True,
    )
    with pytest.raises(ConflictError, match="changed on disk"):
        tag_islands_where(store)
    assert "claimed by two nations." in path.read_text("utf-8")
    assert audit_lines(store) == []


def test_kb_fmt_does_not_write_over_an_editors_save(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kb fmt` rewrites a file from the knowledge it served: an editor's save landing after
    it looked is refused as a conflict, not formatted away."""
    import bot.core.moderation.store as store_module

    path = tiny_knowledge / "facts" / "islands.yaml"
    real_validate = store_module.validate_topic

    def validate_then_editor_saves(*args: Any, **kwargs: Any) -> Any:
        found = real_validate(*args, **kwargs)
        path.write_text(path.read_text("utf-8") + "# an editor's note\n", "utf-8")
        return found

    monkeypatch.setattr(store_module, "validate_topic", validate_then_editor_saves)
    with pytest.raises(ConflictError, match="changed on disk"):
        store.format_all()
    assert path.read_text("utf-8").endswith("# an editor's note\n")


def test_a_removal_stopped_by_an_editor_after_its_links_serves_what_is_on_disk(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link is dropped in one file, then an editor's save in the removed fact's file stops
    the removal as a conflict: the store serves the files as they are (the link gone), not the
    knowledge from before the steps, whose link the next edit of that fact wrote back."""
    linking = store.add_fact(replace(claims_input(), see_also=["trade-1999"]), MOD, "zz")
    islands = tiny_knowledge / "facts" / "islands.yaml"
    editor_saves_after_the_store_reads(
        monkeypatch, islands, lambda text: text + "# an editor's note\n"
    )
    with pytest.raises(StoreError) as stopped:
        store.remove_fact("trade-1999", MOD, unlink=True)
    message = str(stopped.value)
    assert "changed on disk" in message and "was not removed" in message
    assert "nothing was saved" not in message.lower()
    assert store.kb.fact("trade-1999") is not None
    assert store.linked_from("trade-1999") == []
    current = store.kb.fact(linking.id)
    assert current is not None
    store.edit_fact(
        linking.id,
        replace(FactInput.from_fact(current), tags=["later"]),
        MOD,
        store.version_of(linking.id),
    )
    assert "trade-1999" not in (tiny_knowledge / "facts" / "zz.yaml").read_text("utf-8")


def test_a_new_fact_never_takes_the_id_of_a_removed_one(store: KnowledgeStore) -> None:
    """A removed fact's id stays its own: a new fact whose first question makes the same slug
    (its first seven words) gets another, so the removal's undo (`revert … to:1`) brings back
    the removed fact and leaves the new one alone; it used to replace the new one."""
    first = store.add_fact(claims_input(), MOD, "islands")
    store.remove_fact(first.id, MOD)
    other = claims_input(
        questions=[
            "How many countries claim the Example Islands today, by name?",
            "which states lay claim to the sample rocks now",
            "name the claimants of the example islands",
            "list every country that claims the islands",
        ],
        answer="Two countries claim them, by another account.",
    )
    second = store.add_fact(other, OTHER, "islands")
    assert second.id != first.id
    restored = store.revert(first.id, to=1, actor=MOD)
    assert restored is not None and restored.answer == first.answer
    kept = store.kb.fact(second.id)
    assert kept is not None and kept.answer == "Two countries claim them, by another account."
    assert [e.action for e in store.history(second.id)] == ["add"]


def test_a_volume_without_file_locks_is_one_clear_refusal(
    store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """flock refused (ENOLCK: NFS without lockd) was a raw OSError: a traceback in the CLI,
    an apology in Discord. It is a StoreError saying what to do, nothing is written, and the
    history is still read."""

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr("bot.core.moderation.savelock.fcntl.flock", no_locks)
    with pytest.raises(StoreError, match="takes no file locks"):
        store.add_fact(claims_input(), MOD, "islands")
    assert store.history("islands-where") == []  # read as the log is, as when closed
    monkeypatch.undo()
    assert audit_lines(store) == []


def test_a_refusal_that_saved_nothing_carries_its_reason_apart(
    store: KnowledgeStore, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stale edit, an editor's save under the store and a stop each say that nothing was
    saved; the error also carries its reason without that claim, set where it is raised, for
    `remove --unlink`, which did save its dropped links and must not repeat it."""
    current = store.kb.fact("islands-where")
    assert current is not None
    fields = replace(FactInput.from_fact(current), answer="Changed.")
    refusals: list[BaseException] = []
    with pytest.raises(ConflictError) as stale:
        store.edit_fact("islands-where", fields, MOD, "0" * 12)
    refusals.append(stale.value)
    editor_saves_after_the_store_reads(
        monkeypatch, tiny_knowledge / "facts" / "islands.yaml", lambda text: text + "# note\n"
    )
    with pytest.raises(ConflictError) as edited:
        store.edit_fact("islands-where", fields, MOD, store.version_of("islands-where"))
    refusals.append(edited.value)
    monkeypatch.undo()
    store.close()
    with pytest.raises(StoreError) as stopped:
        store.edit_fact("islands-where", fields, MOD, store.version_of("islands-where"))
    refusals.append(stopped.value)
    for refusal in refusals:
        assert isinstance(refusal, CitebotError)
        message, reason = str(refusal), refusal.reason
        assert "nothing was saved" in message.lower()
        assert message.startswith(reason) and "nothing" not in reason.lower(), message


@pytest.mark.parametrize(
    "changes",
    [
        {"answer": "Two countries \x1b]0;owned\x07claim the \x1b[2JExample Islands."},
        {"does_not_answer": ["who claims the islands \x1b[31mnow\x1b[0m"]},
        {"questions": ["how many claim the islands\x9b2J", "who claims the rocks", "a", "b"]},
        {"tags": ["islands\x00"]},
    ],
)
def test_control_characters_are_refused(store: KnowledgeStore, changes: dict[str, Any]) -> None:
    """A terminal's control sequences in a fact (typed into a form by a moderator's crafted
    client) were saved, then written raw to the operator's terminal by `kb history`, `ask`
    and the console chat (retitling it, clearing it); they are refused with the field named."""
    with pytest.raises(KnowledgeError) as refused:
        store.add_fact(claims_input(**changes), MOD, "islands")
    [field] = set(changes)
    assert any(
        p.field == field and "control character" in p.message for p in refused.value.problems
    )
    assert not store.audit.path.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"answer": "Two countries claim the \u202esdnalsI elpmaxE."},
        {
            "questions": [
                "how many claim the islands \u2066now\u2069",
                "who claims the rocks",
                "a",
                "b",
            ]
        },
        {"does_not_answer": ["who claims the \u202bislands"]},
    ],
)
def test_bidirectional_controls_are_refused(
    store: KnowledgeStore, tiny_knowledge: Path, changes: dict[str, Any]
) -> None:
    """An invisible bidi override in a fact (a crafted form, a paste) was saved: the YAML
    file, its diff and `kb history` showed "Example Islands." where every Discord reply, which
    strips it, showed the reversed text, so what a reviewer read was not what members got.
    Refused with the field named, as control characters are, in an alias name too."""
    with pytest.raises(KnowledgeError) as refused:
        store.add_fact(claims_input(**changes), MOD, "islands")
    [field] = set(changes)
    assert any(p.field == field and "bidirectional" in p.message for p in refused.value.problems)
    aliases = (tiny_knowledge / "aliases.yaml").read_bytes()
    with pytest.raises(KnowledgeError, match=r"bidirectional control U\+202E"):
        store.add_alias("Example Islands", "\u202eskcoR elpmaS", MOD)
    assert (tiny_knowledge / "aliases.yaml").read_bytes() == aliases
    assert not store.audit.path.exists()


def test_windows_line_endings_typed_into_a_fact_are_line_breaks(store: KnowledgeStore) -> None:
    """`kb edit --answer "$(cat answer.txt)"` with a file saved on Windows passes \\r\\n line
    breaks and a last \\r (the shell drops only the \\n): refused as control characters once
    those were, though nothing but line breaks was typed. They are read as \\n."""
    fields = claims_input(
        answer="Two countries claim\r\nthe Example Islands.\r",
        questions=[
            "How many countries claim the Example Islands?\r",
            *claims_input().questions[1:],
        ],
        tags=["islands\r"],
    )
    fact = store.add_fact(fields, MOD, "islands")
    assert fact.answer == "Two countries claim the Example Islands."  # a break reads as a space
    assert fact.questions[0] == "How many countries claim the Example Islands?"
    assert list(fact.tags) == ["islands"]
    saved = (store.knowledge_dir / "facts" / "islands.yaml").read_text("utf-8")
    assert "\\r" not in saved and "\r" not in saved
