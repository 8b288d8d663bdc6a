"""Reloading changed fact files: only the items that changed are checked again.

Another process's save changes one fact of a file of hundreds; the watcher reloads the file
(`reload_topics`) and must end with exactly what a whole load gives, while checking only the
fact that changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import KnowledgeError
from bot.core.knowledge import factfile
from bot.core.knowledge.loader import load_knowledge, reload_topics
from bot.core.knowledge.yamldump import dump_yaml
from bot.core.knowledge.yamlsafe import parse_yaml
from bot.core.moderation.edits import fact_to_mapping

TOPIC = "references"


def rewrite(root: Path, change_first: str, value: object) -> str:
    """Rewrite facts/references.yaml canonically with one field of its first fact changed;
    return that fact's id."""
    path = root / "facts" / f"{TOPIC}.yaml"
    data = parse_yaml(path.read_text("utf-8")).data
    first = data["facts"][0]
    if change_first == "refs":
        first["sources"][0]["refs"] = value
    else:
        first[change_first] = value
    path.write_text(dump_yaml(data), "utf-8")
    return str(first["id"])


def test_a_reload_keeps_unchanged_facts_and_checks_only_the_changed_one(
    knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unchanged facts of the file are the very facts already held (not checked again:
    the fidelity checks run once, for the edited fact), and the result is a whole load's."""
    kb = load_knowledge(knowledge_copy)
    edited = rewrite(knowledge_copy, "answer", "A new answer, with no number in it.")
    checked: list[str] = []
    real_check = factfile.check_fact
    monkeypatch.setattr(
        factfile, "check_fact", lambda fact, *a: checked.append(fact.id) or real_check(fact, *a)
    )
    new = reload_topics(kb, knowledge_copy, [TOPIC], fact_to_mapping)
    assert checked == [edited]
    old_by_id = {f.id: f for f in kb.facts}
    in_file = [f for f in new.facts if f.topic == TOPIC]
    assert len(in_file) > 10
    for fact in in_file:
        assert (fact is old_by_id[fact.id]) == (fact.id != edited)
    assert new.fact(edited).answer == "A new answer, with no number in it."
    assert new.facts == load_knowledge(knowledge_copy).facts


def test_without_canonical_every_fact_of_the_file_is_checked(knowledge_copy: Path) -> None:
    """Called without `canonical`, the reload checks every fact as before (and agrees)."""
    kb = load_knowledge(knowledge_copy)
    rewrite(knowledge_copy, "answer", "Another answer.")
    new = reload_topics(kb, knowledge_copy, [TOPIC])
    assert all(f is not kb.fact(f.id) for f in new.facts if f.topic == TOPIC)
    assert new.facts == load_knowledge(knowledge_copy).facts


def test_an_item_equal_only_in_python_is_checked_and_refused(knowledge_copy: Path) -> None:
    """`refs: [true]` equals the held fact's refs [1] in Python (True == 1) but is not a
    reference number: it is not taken for unchanged, and the reload refuses it exactly as a
    whole load does."""
    kb = load_knowledge(knowledge_copy)
    first = next(f for f in kb.facts if f.topic == TOPIC)
    assert first.sources[0].refs == (1,) and first.sources[0].explicit_refs
    rewrite(knowledge_copy, "refs", [True])
    with pytest.raises(KnowledgeError) as whole:
        load_knowledge(knowledge_copy)
    with pytest.raises(KnowledgeError) as reloaded:
        reload_topics(kb, knowledge_copy, [TOPIC], fact_to_mapping)
    assert [p.message for p in reloaded.value.problems] == [p.message for p in whole.value.problems]


@pytest.mark.parametrize("into", [TOPIC, "overview"])
def test_a_pasted_copy_of_an_unchanged_fact_is_a_duplicate_id(
    knowledge_copy: Path, into: str
) -> None:
    """A fact pasted a second time (into its own file or another) is refused as a duplicate
    id, as a whole load refuses it, although no fact of the reloaded files changed."""
    kb = load_knowledge(knowledge_copy)
    source = knowledge_copy / "facts" / f"{TOPIC}.yaml"
    first = parse_yaml(source.read_text("utf-8")).data["facts"][0]
    target = knowledge_copy / "facts" / f"{into}.yaml"
    data = parse_yaml(target.read_text("utf-8")).data
    data["facts"].append(first)
    target.write_text(dump_yaml(data), "utf-8")
    with pytest.raises(KnowledgeError) as whole:
        load_knowledge(knowledge_copy)
    with pytest.raises(KnowledgeError) as reloaded:
        reload_topics(kb, knowledge_copy, [into], fact_to_mapping)
    assert "duplicate id" in str(whole.value)
    assert [(p.fact_id, p.field) for p in reloaded.value.problems] == [(first["id"], "id")]
