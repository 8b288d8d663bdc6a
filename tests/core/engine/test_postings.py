"""An index built from parts (one per fact file) is the index built from all entries at once."""

from __future__ import annotations

import itertools
import pickle

import numpy as np
import pytest

from bot.core.engine import search
from bot.core.engine.answer import Engine
from bot.core.engine.entries import fields_of, passages_of
from bot.core.engine.passages import PassageList
from bot.core.engine.postings import IndexPart, KeyList, Singles, index_part
from bot.core.engine.search import Index
from bot.core.engine.tokens import tokenize
from bot.core.knowledge.models import KnowledgeBase

KEYS = ["dokdo island", "", "独島 竹島", "a b c", "émile zola", "x"]


def test_key_list_keeps_every_key() -> None:
    """Keys come back as given, by index, by slice and whole, non-ASCII and empty ones too."""
    keys = KeyList.of(KEYS)
    assert len(keys) == len(KEYS)
    assert keys.tolist() == KEYS
    assert [keys[i] for i in range(len(KEYS))] == KEYS
    assert keys[-1] == "x"
    assert keys[1:4] == KEYS[1:4]
    assert keys[4:2] == []
    with pytest.raises(IndexError):
        keys[len(KEYS)]


@pytest.mark.parametrize("cut", [(0, 0), (0, 6), (1, 3), (2, 5), (5, 6)])
def test_key_list_take_and_concat(cut: tuple[int, int]) -> None:
    """Pieces taken out and put back together are the original keys."""
    keys = KeyList.of(KEYS)
    a, b = cut
    pieces = [keys.take(0, a), keys.take(a, b), keys.take(b, len(KEYS))]
    assert [p.tolist() for p in pieces] == [KEYS[:a], KEYS[a:b], KEYS[b:]]
    assert KeyList.concat(pieces) == keys
    views = [keys.view(0, a), keys.view(a, b), keys.view(b, len(KEYS))]
    joined = KeyList.concat(views)
    assert joined == keys and isinstance(joined.blob, bytes)
    assert KeyList.concat([]).tolist() == []
    assert pickle.loads(pickle.dumps(keys)) == keys


def _parts(engine: Engine, kb: KnowledgeBase, cuts: list[int]) -> list[IndexPart]:
    memo: dict[str, list[str]] = {}

    def tokens_of(text: str) -> list[str]:
        if text not in memo:
            memo[text] = tokenize(text, engine.aliases)
        return memo[text]

    bounds = [0, *cuts, len(kb.facts)]
    return [
        index_part(
            [fields_of(f, kb.sources) for f in kb.facts[a:b]],
            [f.questions for f in kb.facts[a:b]],
            tokens_of,
        )
        for a, b in itertools.pairwise(bounds)
    ]


@pytest.mark.parametrize("cuts", [[], [1], [10, 11, 80], [3, 3, 40]])
def test_an_index_of_parts_is_the_index_of_all_entries(
    engine: Engine, shipped_kb: KnowledgeBase, cuts: list[int]
) -> None:
    """Split anywhere (an empty part too), the merged parts give the same postings, the same
    token ids and the same phrase keys as one index over every fact."""
    whole = engine.fact_index
    merged = Index.from_parts(
        _parts(engine, shipped_kb, cuts), engine.aliases, [f.questions for f in shipped_kb.facts]
    )
    assert merged.tokens == whole.tokens
    assert merged.contents() == whole.contents()
    assert np.array_equal(merged.posting_entries, whole.posting_entries)
    assert merged.phrase_keys == whole.phrase_keys


def test_parts_must_cover_every_entry(engine: Engine, shipped_kb: KnowledgeBase) -> None:
    """One phrases list per entry of the parts, or no index."""
    parts = _parts(engine, shipped_kb, [5])
    with pytest.raises(ValueError, match="one phrases list"):
        Index.from_parts(parts, engine.aliases, [f.questions for f in shipped_kb.facts[:-1]])


def test_passages_kept_as_columns_are_the_passages(engine: Engine) -> None:
    """A PassageList gives back every passage, by index, by slice and in order, after a
    pickle round trip too; the passage index's phrasings are the passages' texts."""
    passages = passages_of(engine.kb.sources.values())
    kept = PassageList(passages)
    assert len(kept) == len(passages) > 10
    assert list(kept) == passages
    assert [kept[i] for i in (0, 5, -1)] == [passages[0], passages[5], passages[-1]]
    assert kept[3:7] == passages[3:7]
    again = pickle.loads(pickle.dumps(kept))
    assert list(again) == passages
    phrases = Singles(kept.texts)
    assert phrases[2] == (passages[2].text,)
    assert phrases[1:3] == [(p.text,) for p in passages[1:3]]
    assert engine.passage_index.contents()["phrases"] == [[p.text] for p in passages]


def test_decoded_phrase_keys_are_remembered_within_a_bound(
    shipped_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry's phrase keys are decoded once and remembered (for the last few entries only),
    always equal to the stored keys, and never pickled into a snapshot."""
    index = Engine(shipped_kb).fact_index
    monkeypatch.setattr(search, "KEYS_MEMO", 5)
    for entry in range(12):
        start, end = int(index.phrase_starts[entry]), int(index.phrase_starts[entry + 1])
        assert index.entry_keys(entry) == index.phrase_keys[start:end]
        assert index.entry_keys(entry) is index.entry_keys(entry)  # remembered
        assert len(index._keys) <= 5
    assert index._keys
    copy = pickle.loads(pickle.dumps(index))
    assert copy._keys == {} and copy._simple_phrases == {}
    assert copy.entry_keys(3) == index.entry_keys(3)
