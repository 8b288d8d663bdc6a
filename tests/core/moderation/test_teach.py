"""A moderator teaches a fact a member's question: added to its phrasings, audited, live, on disk,
validated like any edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import KnowledgeError
from bot.core.knowledge.loader import load_knowledge
from bot.core.moderation.store import Actor, KnowledgeStore

MOD = Actor(42, "mod")
OTHER = Actor(43, "other")
# In none of the tiny knowledge's words: declined before it is taught.
ASKED = "what was the commerce worth  back then\n(between both nations)"
TAUGHT = "what was the commerce worth back then (between both nations)"


def test_a_taught_question_is_answered_by_its_fact_live_audited_and_on_disk(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert store.engine.ask(ASKED).fact_id != "trade-1999"  # the test tests something
    fact, taught = store.teach_question("trade-1999", ASKED, MOD)
    assert taught and fact.questions[-1] == TAUGHT  # one line, as the form shows phrasings
    answer = store.engine.ask(ASKED)
    assert (answer.kind, answer.fact_id) == ("fact", "trade-1999")
    [entry] = store.history("trade-1999")
    assert entry.action == "edit" and entry.user_name == "mod"
    assert entry.after is not None and entry.after["questions"][-1] == TAUGHT
    on_disk = load_knowledge(tiny_knowledge).fact("trade-1999")
    assert on_disk is not None and on_disk.questions[-1] == TAUGHT
    # Taught again (another moderator, other case): done already, nothing written.
    again, taught = store.teach_question("trade-1999", TAUGHT.upper(), OTHER)
    assert not taught and again.questions == fact.questions
    assert len(store.history("trade-1999")) == 1
    # /kb revert to before it takes it back.
    restored = store.revert("trade-1999", 0, MOD)
    assert restored is not None and TAUGHT not in restored.questions


def test_a_question_another_fact_has_is_refused_and_nothing_is_written(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Two facts cannot share a phrasing: the loader's refusal, and no change or audit entry."""
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    before = (tiny_knowledge / "facts" / "islands.yaml").read_bytes()
    with pytest.raises(KnowledgeError):
        store.teach_question("trade-1999", "where are the example islands", MOD)
    assert (tiny_knowledge / "facts" / "islands.yaml").read_bytes() == before
    assert store.history("trade-1999") == []
    assert store.engine.ask("where are the example islands").fact_id == "islands-where"


def test_teaching_a_question_the_fact_was_told_it_does_not_answer_takes_it_off_that_list(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """The moderator has just said the fact answers it: one edit both adds the phrasing and
    drops the exclusion (kept, they would contradict each other and the edit be refused)."""
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    store.exclude_question("trade-1999", TAUGHT, MOD)
    fact, _ = store.teach_question("trade-1999", TAUGHT.capitalize(), OTHER)
    assert fact.does_not_answer == () and fact.questions[-1] == TAUGHT.capitalize()
    assert store.engine.ask(TAUGHT).fact_id == "trade-1999"
    assert len(store.history("trade-1999")) == 2
