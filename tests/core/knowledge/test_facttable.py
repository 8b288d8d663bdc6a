"""FactTable: the facts of an engine snapshot, each chunk read back only when used."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path

import pytest

from bot.core.engine.aliases import AliasTable
from bot.core.engine.answer import Engine
from bot.core.engine.snapshot import load_engine
from bot.core.knowledge import questions
from bot.core.knowledge.facttable import CHUNK, FactTable
from bot.core.knowledge.models import Fact, KnowledgeBase
from bot.core.knowledge.questions import owners_of
from bot.core.moderation.store import KnowledgeStore


def _facts(n: int) -> tuple[Fact, ...]:
    return tuple(Fact(f"fact-{k}", (f"question {k}?",), f"Answer {k}.", ()) for k in range(n))


def _read_back(facts: tuple[Fact, ...]) -> FactTable:
    table = pickle.loads(pickle.dumps(FactTable.of(facts)))
    assert isinstance(table, FactTable)
    return table


@pytest.mark.parametrize("n", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5])
def test_a_table_read_back_is_the_tuple_of_its_facts(n: int) -> None:
    """Length, order, ids, indexing (negative too), slices and equality with the tuple, both
    ways; an index past the end raises as a tuple's would."""
    facts = _facts(n)
    table = _read_back(facts)
    assert len(table) == n and table.ids == tuple(f.id for f in facts)
    assert [table[k] for k in range(n)] == list(facts)
    if n:
        assert table[-1] == facts[-1] and table[1:-1:2] == facts[1:-1:2]
    assert table == facts and facts == table and table == _read_back(facts)
    assert table != (*facts[:-1], Fact("other", ("q?",), "a", ())) if n else table == ()
    assert list(table) == list(facts) and tuple(reversed(table)) == facts[::-1]
    with pytest.raises(IndexError):
        table[n]


def test_a_fact_read_twice_is_the_same_object_whichever_thread_reads_it() -> None:
    """Each chunk is unpickled once: a change matches the facts it kept by identity."""
    table = _read_back(_facts(4 * CHUNK))
    seen: list[Fact] = []
    threads = [threading.Thread(target=lambda: seen.append(table[CHUNK + 3])) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(f) for f in seen}) == 1 and seen[0] is table[CHUNK + 3]
    assert seen[0] in list(table) and next(f for f in table if f is seen[0])


def test_a_table_partly_read_pickles_again_to_the_same_facts() -> None:
    """A table whose chunks were partly read (a snapshot written after a warm start) pickles
    every chunk, read or not."""
    facts = _facts(3 * CHUNK)
    table = _read_back(facts)
    assert table[2 * CHUNK + 1] == facts[2 * CHUNK + 1]
    assert _read_back(tuple(pickle.loads(pickle.dumps(table)))) == facts


def test_a_chunk_with_the_wrong_count_is_refused() -> None:
    """A chunk that does not hold the facts its place says (a snapshot of another build) is an
    error, never a silent shift of every later fact."""
    facts = _facts(2 * CHUNK)
    short = pickle.dumps(facts[: CHUNK - 1])
    table = FactTable([f.id for f in facts], [short, pickle.dumps(facts[CHUNK:])])
    assert table[CHUNK] == facts[CHUNK]
    with pytest.raises(ValueError, match="has 31 facts"):
        table[0]
    with pytest.raises(ValueError, match="chunks"):
        FactTable([f.id for f in facts], [short])


def test_the_snapshot_reads_facts_lazily_and_answers_the_same(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """An engine read from its snapshot holds its facts in a FactTable (pickled once, with the
    knowledge base) and answers, looks up and compares exactly as the engine it was built as."""
    built = load_engine(tiny_knowledge, tmp_path / "cache")
    read = load_engine(tiny_knowledge, tmp_path / "cache")
    assert isinstance(read.kb.facts, FactTable) and read.facts is read.kb.facts
    assert not isinstance(built.kb.facts, FactTable)
    for question in ("where are the example islands", "how much was trade in 1999"):
        assert read.ask(question) == built.ask(question)
    fact_id = built.kb.facts[0].id
    assert read.kb.fact(fact_id) == built.kb.fact(fact_id) and read.kb.fact("nope") is None
    assert read.kb.fact_ids == built.kb.fact_ids and read.kb == built.kb


def test_an_engine_pickles_its_facts_once(shipped_kb: KnowledgeBase) -> None:
    """The engine's own reference to the facts is not pickled beside the knowledge base's:
    each answer is in the pickle once (inside its chunk), and the engine read back shares the
    knowledge base's table."""
    engine = Engine(shipped_kb)
    data = pickle.dumps(engine)
    sources = " ".join(s.text for s in shipped_kb.sources.values())
    own_words = [f for f in shipped_kb.facts if f.answer not in sources]  # not also a passage
    assert len(own_words) > len(shipped_kb.facts) // 2
    for fact in own_words:
        assert data.count(fact.answer.encode()) == 1, fact.id
    again = pickle.loads(data)
    assert again.facts is again.kb.facts and again.kb == shipped_kb


def test_a_knowledge_base_read_back_keeps_its_question_owners(
    shipped_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What was worked out from the facts and kept beside them (the question owners a change
    is checked against) is pickled with the knowledge base: recomputing it normalised every
    question of 100,000 facts, 21 s of another process's first reload."""
    table = AliasTable.build(shipped_kb.aliases)
    owners = owners_of(shipped_kb, table)
    again = pickle.loads(pickle.dumps(shipped_kb))

    def fail(*_: object) -> str:
        raise AssertionError("the question owners were computed again")

    monkeypatch.setattr(questions, "normalize_question", fail)
    kept = owners_of(again, table)
    assert list(kept.digests) == list(owners.digests) and list(kept.owners) == list(owners.owners)


def test_reading_all_in_a_thread_keeps_one_object_per_fact() -> None:
    """`read_all` in a background thread (a store's after a warm start) while another thread
    reads single facts: every fact ends up read once, each position one object."""
    facts = _facts(40 * CHUNK)
    table = _read_back(facts)
    assert table.unread_chunks == 40
    early = [table[k * CHUNK + 1] for k in range(0, 40, 3)]
    reader = threading.Thread(target=table.read_all)
    reader.start()
    during = [table[k * CHUNK + 1] for k in range(0, 40, 3)]
    reader.join()
    assert table.unread_chunks == 0 and list(table) == list(facts)
    after = [table[k * CHUNK + 1] for k in range(0, 40, 3)]
    assert all(a is b is c for a, b, c in zip(early, during, after, strict=True))


def test_a_store_started_warm_reads_its_facts_in_the_background(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A store whose engine came from the snapshot reads the rest of the facts in a thread;
    one that built its engine has them all and starts no thread."""
    cold = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert cold.facts_reader is None and not isinstance(cold.kb.facts, FactTable)
    warm = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert isinstance(warm.kb.facts, FactTable) and warm.facts_reader is not None
    warm.facts_reader.join(timeout=30)
    assert warm.kb.facts.unread_chunks == 0 and warm.kb == cold.kb
