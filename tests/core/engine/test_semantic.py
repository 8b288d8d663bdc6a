"""The semantic matcher with a small deterministic stand-in model, on hand-made knowledge.

The stand-in is a bag of words in 64 dimensions: words of one concept ("trade", "commerce")
share a dimension, so it finds a fact by meaning without a shared word, and it counts every
text it embeds, so the tests can tell a vector reused from one computed again.
"""

from __future__ import annotations

import pickle
import re
import zlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import bot.core.engine.snapshot as snapshot
from bot.core.engine.answer import Engine
from bot.core.engine.answerability import Verdict
from bot.core.engine.decide import (
    BLENDED,
    LEXICAL,
    Candidate,
    Params,
    allowed,
    choose,
    confidence,
    evidence,
    stated_plainly,
)
from bot.core.engine.embedding import EmbeddingUnavailable, FunctionEmbedder, load_embedder
from bot.core.engine.semantic import SemanticIndex
from bot.core.engine.snapshot import knowledge_digest, load_engine
from bot.core.engine.tokens import tokenize
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import Answer
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore

DIM = 64
CONCEPTS = [
    ("trade", "commerce", "business", "exchange"),
    ("islands", "island", "isles", "rocks", "islets", "crags"),
    ("sea", "ocean", "waters"),
]
CONCEPT_OF = {word: dim for dim, words in enumerate(CONCEPTS) for word in words}
FILLER = frozenset("a an the of in on is are was were what which how where who do does".split())
NAME = "stand-in:bag-of-words-64"
# Shares no word with the trade fact (nor any token after stemming and aliases).
BY_MEANING = "how large was the commerce"


def offered(answer: Answer) -> str | None:
    """The fact the reply puts first: the answer itself, or else the first suggestion."""
    if answer.fact_id is not None:
        return answer.fact_id
    return answer.suggestions[0].fact_id if answer.suggestions else None


def bag_of_words(texts: list[str]) -> np.ndarray:
    """A concept word counts 1 in its concept's dimension; any other word 0.2 in a hashed one."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"\w+", text.casefold()):
            if word in FILLER:
                continue
            if word in CONCEPT_OF:
                out[row, CONCEPT_OF[word]] += 1.0
            else:
                spare = DIM - len(CONCEPTS)
                out[row, len(CONCEPTS) + zlib.crc32(word.encode()) % spare] += 0.2
    return out


class StandIn:
    """The bag-of-words model behind the Embedder protocol, recording every text it embeds.

    Its encode function is a lambda, so it cannot be pickled: a snapshot that tried to keep
    the model would fail to write.
    """

    def __init__(self, name: str = NAME) -> None:
        self.texts: list[str] = []
        self._model = FunctionEmbedder(name, lambda batch: bag_of_words(batch))

    @property
    def name(self) -> str:
        return self._model.name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self._model.embed(texts)


def random_vectors(texts: list[str]) -> np.ndarray:
    """A fixed pseudo-random vector per text (seeded by its checksum)."""
    return np.stack(
        [np.random.default_rng(zlib.crc32(t.encode())).standard_normal(DIM) for t in texts]
    )


def fact_texts(engine: Engine) -> list[list[str]]:
    """What the engine embeds for each fact: its questions and its answer."""
    return [[*f.questions, f.answer] for f in engine.facts]


def by_id(engine: Engine, question: str) -> dict[str, Candidate]:
    """The question's candidates, keyed by fact id."""
    return {engine.facts[c.entry].id: c for c in engine.consider(question).candidates}


def edit_trade_answer(knowledge: Path, new: str) -> None:
    """Rewrite the trade fact's answer in its YAML file (as an editor or git pull would)."""
    path = knowledge / "facts" / "islands.yaml"
    old = "answer: Trade between the two countries was US$5 billion in 1999."
    text = path.read_text("utf-8")
    assert old in text, "the tiny_knowledge fixture changed"
    path.write_text(text.replace(old, f"answer: {new}"), "utf-8")


# -- SemanticIndex ---------------------------------------------------------------------------

TEXTS = [[f"entry {e} text {t}" for t in range(1 + e % 4)] for e in range(30)]


def test_closeness_is_the_best_cosine_within_int8_error() -> None:
    """closeness() gives, per entry, the best float cosine of its texts to within 0.01."""
    model = FunctionEmbedder("random", random_vectors)
    index = SemanticIndex(model, TEXTS)
    for seed in range(5):
        query = model.embed([f"query {seed}"])[0]
        got = index.closeness(query, range(len(TEXTS)))
        for entry, texts in enumerate(TEXTS):
            exact = float((model.embed(texts) @ query).max())
            assert abs(got[entry] - exact) < 0.01


def test_closeness_of_several_queries_is_the_best_of_each() -> None:
    """Given a message's vector and its sentences' as rows, closeness() takes the best cosine
    of any row to any of the entry's texts."""
    model = FunctionEmbedder("random", random_vectors)
    index = SemanticIndex(model, TEXTS)
    rows = model.embed(["query a", "query b", "query c"])
    together = index.closeness(rows, range(len(TEXTS)))
    alone = [index.closeness(row, range(len(TEXTS))) for row in rows]
    for entry in range(len(TEXTS)):
        assert together[entry] == pytest.approx(max(one[entry] for one in alone), abs=1e-6)


def test_nearest_ranks_the_shortlist_by_each_entrys_best_text() -> None:
    """nearest() shortlists entries by their pooled vector (the normalised mean of the stored
    int8 vectors, so reused vectors rank like fresh ones), then ranks the shortlist by the best
    single text's cosine, as closeness() scores it."""
    model = FunctionEmbedder("random", random_vectors)
    index = SemanticIndex(model, TEXTS)
    stored = index.vectors_by_text()
    pooled = np.stack([np.mean([stored[t] for t in texts], axis=0) for texts in TEXTS])
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    for seed in range(5):
        query = model.embed([f"query {seed}"])[0]
        best = np.array([max(float(stored[t] @ query) for t in texts) for texts in TEXTS])
        everyone = [int(i) for i in np.argsort(-best, kind="stable")]
        assert index.nearest(query, 5, shortlist=len(TEXTS)) == everyone[:5]
        # A short shortlist keeps only the entries closest by their pooled vector.
        short = {int(i) for i in np.argsort(-(pooled @ query))[:6]}
        got = index.nearest(query, 5, shortlist=6)
        assert set(got) <= short
        assert got == sorted(short, key=lambda e: -best[e])[:5]


def test_one_phrasing_in_the_members_words_is_enough_to_be_nearest() -> None:
    """A fact with one phrasing close to the question and many unrelated ones is found before a
    fact whose every phrasing is half-way close: the pooled mean alone would rank it lower."""
    model = StandIn()
    index = SemanticIndex(
        model,
        [
            ["trade sea", "trade islands", "sea islands trade"],
            ["trade commerce business", "weather", "football", "music", "food", "films"],
        ],
    )
    query = model.embed(["business exchange commerce"])[0]
    assert index.nearest(query, 1) == [1]
    pooled_order = [int(i) for i in np.argsort(-(index.pooled @ query))]
    assert pooled_order[0] == 0  # what the pooled vectors alone would have chosen


def test_an_entry_without_texts_is_never_close() -> None:
    """An entry with only blank texts has no vector: closeness -1, and the others still rank."""
    model = StandIn()
    index = SemanticIndex(model, [["trade figures"], ["  "], ["island location"]])
    query = model.embed(["commerce"])[0]
    assert index.closeness(query, [1])[1] == -1.0
    assert index.nearest(query, 1) == [0]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ([[], []], [[], ["trade figures"]]),  # the first text of an empty index
        ([[], ["trade figures"]], [[], []]),  # its last text removed
    ],
    ids=["first text", "last text removed"],
)
def test_an_update_to_or_from_no_text_equals_a_cold_build(
    before: list[list[str]], after: list[list[str]]
) -> None:
    """An index without a single text (most facts list no `does_not_answer` phrasing) has no
    dimension; updating it to one text, or its one text away, gives the cold build's shapes
    and values."""
    model = StandIn()
    old = SemanticIndex(model, before)
    updated = old.updated(model, np.asarray([0, -1]), [after[1]])
    cold = SemanticIndex(model, after)
    for name in ("starts", "codes", "scale", "pooled"):
        assert np.array_equal(getattr(updated, name), getattr(cold, name)), name
        assert getattr(updated, name).shape == getattr(cold, name).shape, name
    assert updated.texts == cold.texts


def test_a_rebuild_embeds_only_new_texts() -> None:
    """Given the previous index, a new one embeds only texts it has no vector for."""
    model = StandIn()
    first = SemanticIndex(model, [["trade figures", "commerce"], ["island location"]])
    assert first.embedded == 3
    model.texts.clear()
    texts = [["trade figures", "commerce", "business volume"], ["island location"], ["sea"]]
    second = SemanticIndex(model, texts, previous=first)
    assert sorted(model.texts) == ["business volume", "sea"]
    assert second.embedded == 2
    reused = second.vectors_by_text()
    for text, vector in first.vectors_by_text().items():
        assert np.array_equal(reused[text], vector)


def test_a_rebuild_with_another_model_embeds_everything() -> None:
    """Vectors of another model are never reused."""
    first = SemanticIndex(StandIn("model-a"), [["trade figures"], ["island location"]])
    other = StandIn("model-b")
    second = SemanticIndex(other, [["trade figures"], ["island location"]], previous=first)
    assert second.embedded == 2 and sorted(other.texts) == ["island location", "trade figures"]


# -- Engine ----------------------------------------------------------------------------------


def test_engine_finds_a_fact_by_meaning_without_a_shared_word(tiny_knowledge: Path) -> None:
    """A question sharing no word with the trade fact finds it by meaning and offers it."""
    kb = load_knowledge(tiny_knowledge)
    engine = Engine(kb, StandIn())
    trade = kb.fact("trade-1999")
    assert trade is not None
    fact_tokens = set(tokenize(" ".join([*trade.questions, trade.answer]), engine.aliases))
    assert not set(tokenize(BY_MEANING, engine.aliases)) & fact_tokens

    candidates = by_id(engine, BY_MEANING)
    assert candidates["trade-1999"].semantic is not None
    assert candidates["trade-1999"].semantic >= 0.8
    assert candidates["trade-1999"].semantic > (candidates["islands-where"].semantic or 0.0)
    answer = engine.ask(BY_MEANING)
    assert offered(answer) == "trade-1999"
    assert answer.matcher == f"lexical+semantic ({NAME})"
    # The lexical matcher alone has nothing to go on.
    assert Engine(kb).consider(BY_MEANING).candidates == []


def test_a_question_wrapped_in_remarks_is_read_sentence_by_sentence(tiny_knowledge: Path) -> None:
    """A message of several sentences is embedded sentence by sentence, in one batch, and not
    whole: its shortlist query is the mean of its sentences' vectors, weighted by their length.
    A fact's meaning score is its best over them, so the remarks around a question do not
    drown it. A message of one sentence is embedded once."""
    kb = load_knowledge(tiny_knowledge)
    model = StandIn()
    engine = Engine(kb, model)
    remark = "my cousin brought it up at dinner yesterday and nobody knew"
    message = f"{BY_MEANING}? {remark}"
    model.texts.clear()
    wrapped = by_id(engine, message)["trade-1999"].semantic
    assert model.texts == [BY_MEANING, remark]
    rows = engine._embed(message)
    assert rows is not None and rows.shape[0] == 3
    mean = len(BY_MEANING) * rows[1] + len(remark) * rows[2]
    assert rows[0] == pytest.approx(mean / np.linalg.norm(mean), abs=1e-6)
    plain = by_id(engine, BY_MEANING)["trade-1999"].semantic
    assert wrapped is not None and plain is not None
    assert wrapped == pytest.approx(plain)
    whole = engine.semantic.closeness(model.embed([message])[0], [kb.fact_ids.index("trade-1999")])
    assert wrapped > max(whole.values()) + 0.1
    model.texts.clear()
    engine.consider("how large was the commerce in 1999")
    assert model.texts == ["how large was the commerce in 1999"]


def test_engine_params_and_matcher_follow_the_embedder(tiny_knowledge: Path) -> None:
    """Without a model: lexical parameters; with one: the blended ones, and it says so."""
    kb = load_knowledge(tiny_knowledge)
    lexical, blended = Engine(kb), Engine(kb, StandIn())
    assert (lexical.params, lexical.matcher, lexical.semantic) == (LEXICAL, "lexical", None)
    assert blended.params == BLENDED and blended.matcher == f"lexical+semantic ({NAME})"
    assert lexical.ask("where are the example islands").matcher == "lexical"


def test_engine_pickles_without_its_model_and_answers_again_after_attach(
    tiny_knowledge: Path,
) -> None:
    """Pickling keeps the vectors, drops the model; attach() restores meaning, embedding nothing."""
    engine = Engine(load_knowledge(tiny_knowledge), StandIn())
    restored = pickle.loads(pickle.dumps(engine))  # the stand-in itself cannot be pickled
    assert restored.embedder is None and restored.matcher == "lexical"
    assert restored.semantic is not None and restored.semantic.texts == engine.semantic.texts  # type: ignore[union-attr]
    assert offered(restored.ask(BY_MEANING)) is None

    model = StandIn()
    restored.attach(model)
    assert model.texts == []
    assert restored.matcher == f"lexical+semantic ({NAME})"
    assert offered(restored.ask(BY_MEANING)) == "trade-1999"


# -- snapshot --------------------------------------------------------------------------------


def test_snapshot_keeps_the_vectors_and_the_second_load_embeds_nothing(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load embeds and saves the vectors; the second reads them and embeds nothing."""
    cache = tmp_path / "cache"
    first_model = StandIn()
    first = load_engine(tiny_knowledge, cache, first_model)
    assert first.semantic is not None and first_model.texts
    (stored,) = cache.glob("engine-*.pickle")
    with stored.open("rb") as handle:
        saved = pickle.load(handle)
    assert saved.embedder is None and saved.semantic.model == NAME
    assert saved.semantic.texts == first.semantic.texts

    def fail(_: Path) -> None:
        raise AssertionError("the knowledge was parsed again")

    monkeypatch.setattr(snapshot, "load_knowledge", fail)
    second_model = StandIn()
    second = load_engine(tiny_knowledge, cache, second_model)
    assert second_model.texts == []
    assert second.embedder is second_model
    assert offered(second.ask(BY_MEANING)) == "trade-1999"
    assert second_model.texts == [BY_MEANING]  # the question only


def test_the_snapshot_key_names_the_matcher(tiny_knowledge: Path, tmp_path: Path) -> None:
    """A lexical load and loads with different models never read each other's snapshot."""
    digests = {
        knowledge_digest(tiny_knowledge),
        knowledge_digest(tiny_knowledge, "model-a"),
        knowledge_digest(tiny_knowledge, "model-b"),
    }
    assert len(digests) == 3
    cache = tmp_path / "cache"
    load_engine(tiny_knowledge, cache, StandIn())
    semantic_files = {p.name for p in cache.glob("engine-*.pickle")}
    lexical = load_engine(tiny_knowledge, cache)
    assert lexical.semantic is None and lexical.matcher == "lexical"
    both = {p.name for p in cache.glob("engine-*.pickle")}
    # The lexical snapshot is written beside the one with vectors and does not evict it: the
    # next load with the model reads its vectors and embeds nothing.
    assert semantic_files < both and len(both) == 2
    again = StandIn()
    load_engine(tiny_knowledge, cache, again)
    assert again.texts == []


def test_after_an_edit_on_disk_the_load_embeds_only_the_changed_texts(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A rebuild after editing one fact's answer embeds that answer and nothing else."""
    cache = tmp_path / "cache"
    load_engine(tiny_knowledge, cache, StandIn())
    new = "Trade between the two countries reached US$5 billion in 1999."
    edit_trade_answer(tiny_knowledge, new)
    model = StandIn()
    engine = load_engine(tiny_knowledge, cache, model)
    assert model.texts == [new]
    assert engine.semantic is not None and engine.semantic.embedded == 1
    assert engine.ask("How much was trade in 1999?").answer == new


# -- the store -------------------------------------------------------------------------------


def test_a_moderators_edit_embeds_only_that_facts_changed_texts(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Editing one fact through the store embeds its new answer and new question only."""
    model = StandIn()
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data", embedder=model)
    before = store.engine.semantic
    assert before is not None
    current = store.kb.fact("trade-1999")
    assert current is not None
    fields = replace(
        FactInput.from_fact(current),
        questions=[*current.questions, "what was the bilateral commerce in 1999"],
        answer="Bilateral trade was US$5 billion in 1999.",
    )
    model.texts.clear()
    store.edit_fact("trade-1999", fields, Actor(42, "mod"), store.version_of("trade-1999"))
    after = store.engine.semantic
    assert after is not None and after is not before
    assert sorted(model.texts) == [
        "Bilateral trade was US$5 billion in 1999.",
        "what was the bilateral commerce in 1999",
    ]
    assert after.embedded == 2
    kept = after.vectors_by_text()
    for text, vector in before.vectors_by_text().items():
        if text in kept:
            assert np.array_equal(kept[text], vector)


# -- choosing the model ----------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["off", "OFF", "none", "lexical", " 0 "])
def test_load_embedder_off(spec: str) -> None:
    """'off' and its synonyms mean the lexical matcher alone."""
    assert load_embedder(spec) is None


def test_load_embedder_refuses_an_unknown_name() -> None:
    """A model named explicitly that does not exist is an error, not a silent fallback."""
    with pytest.raises(EmbeddingUnavailable, match="unknown embedding model"):
        load_embedder("no-such-model")


def test_load_embedder_refuses_a_directory_it_cannot_read(tmp_path: Path) -> None:
    """A local directory that is not a readable model2vec model is an error naming it."""
    with pytest.raises(EmbeddingUnavailable, match=re.escape(str(tmp_path))):
        load_embedder(str(tmp_path))


def test_function_embedder_gives_unit_rows() -> None:
    """Any encode function's output is normalised row by row; no text gives no rows."""
    model = FunctionEmbedder("scaled", lambda batch: [[3.0, 4.0] for _ in batch])
    assert np.allclose(model.embed(["a", "b"]), [[0.6, 0.8], [0.6, 0.8]])
    assert model.embed([]).shape[0] == 0
    single = FunctionEmbedder("flat", lambda batch: [0.0, 2.0])
    assert np.allclose(single.embed(["a"]), [[0.0, 1.0]])


# -- the decision ----------------------------------------------------------------------------

OK = Verdict(True)


def test_confidence_blends_the_two_matchers() -> None:
    """Lexical alone without a cosine; with one, a weighted mix clipped to the floor and ceiling."""
    params = Params(threshold=0.5, sem_weight=0.4, sem_floor=0.2, sem_ceil=0.8)
    assert confidence(Candidate(0, 0.7, None, OK), params) == 0.7
    assert confidence(Candidate(0, 0.7, 0.9, OK), LEXICAL) == 0.7
    assert confidence(Candidate(0, 0.5, 0.1, OK), params) == pytest.approx(0.3)
    assert confidence(Candidate(0, 0.5, 0.5, OK), params) == pytest.approx(0.5)
    assert confidence(Candidate(0, 0.5, 0.95, OK), params) == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("reason", "cosine", "expected"),
    [
        ("one_word", 0.9, True),
        ("guessed_only", 0.9, True),
        ("one_word", 0.5, False),
        ("one_word", None, False),
        ("missing_entity", 0.99, False),
        ("no_date", 0.99, False),
        ("no_number", 0.99, False),
    ],
)
def test_a_close_meaning_lifts_only_the_word_count_rules(
    reason: str, cosine: float | None, expected: bool
) -> None:
    """A cosine at or above `strong` lifts 'one_word' and 'guessed_only', nothing else."""
    params = Params(threshold=0.5, sem_weight=0.4, strong=0.85)
    assert allowed(Candidate(0, 0.9, cosine, Verdict(False, reason)), params) is expected
    assert allowed(Candidate(0, 0.9, cosine, OK), params)


def test_choose_takes_the_most_confident_allowed_candidate_and_its_near_ties() -> None:
    """The best allowed candidate over the threshold answers, near ties are offered, no other."""
    params = Params(threshold=0.6, margin=0.05)
    refused = Candidate(0, 0.99, None, Verdict(False, "missing_entity"))
    top = Candidate(3, 0.8, None, OK)
    tie = Candidate(1, 0.77, None, OK)
    far = Candidate(2, 0.7, None, OK)
    chosen = choose([far, refused, tie, top], params)
    assert chosen is not None
    assert chosen[0] == top and chosen[1] == 0.8
    assert [c for c, _ in chosen[2]] == [tie]
    assert choose([refused, Candidate(4, 0.59, None, OK)], params) is None
    same = choose([Candidate(5, 0.8, None, OK), Candidate(4, 0.8, None, OK)], params)
    assert same is not None and same[0].entry == 4  # a tie goes to the earlier fact


def test_candidates_raised_to_the_threshold_are_told_apart_by_their_evidence() -> None:
    """Several facts raised to the threshold by `lexical_sure` ("what is gsomia" against every
    fact about the pact) have the same confidence: the one whose words and meaning fit the
    question best answers, not the first in file order."""
    params = Params(threshold=0.64, sem_weight=0.4, sem_floor=0.3, sem_ceil=0.9, lexical_sure=0.9)
    first = Candidate(0, 0.96, 0.19, OK)  # blended 0.576
    better = Candidate(1, 0.95, 0.45, OK)  # blended 0.57 + 0.1 = 0.67 > the threshold alone
    fitting = Candidate(2, 0.95, 0.31, OK)  # blended 0.577
    assert confidence(first, params) == confidence(fitting, params) == 0.64
    chosen = choose([first, fitting], params)
    assert chosen is not None and chosen[0] == fitting
    assert [c for c, _ in chosen[2]] == [first]  # still offered beside it: the same confidence
    chosen = choose([first, fitting, better], params)
    assert chosen is not None and chosen[0] == better  # a higher confidence still comes first


def test_candidates_at_the_capped_evidence_are_told_apart_by_the_closer_meaning() -> None:
    """A cosine at `sem_ceil` or above counts fully, so two facts whose words both cover the
    question and whose meanings are both past the ceiling have the same evidence (1.0): the
    one whose meaning is closer answers ("慰安婦って何？", its own fact's phrasing at cosine 1.00,
    went to a fact earlier in the files at 0.93)."""
    params = Params(threshold=0.64, sem_weight=0.4, sem_floor=0.3, sem_ceil=0.9)
    near = Candidate(0, 1.0, 0.93, OK)
    own = Candidate(1, 1.0, 1.0, OK)
    assert evidence(near, params) == evidence(own, params) == 1.0
    chosen = choose([near, own], params)
    assert chosen is not None and chosen[0] == own
    assert [c for c, _ in chosen[2]] == [near]


def reference_rows(
    model: FunctionEmbedder, texts: list[list[str]], previous: SemanticIndex | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows as the index built them before it wrote each chunk straight into place (every
    text's codes gathered in a dict, then copied row by row), and its pooled vectors."""
    from bot.core.engine.semantic import _pooled, _quantise

    known = previous.codes_by_text() if previous is not None else {}
    flat: list[str] = []
    starts = [0]
    for entry_texts in texts:
        flat.extend(dict.fromkeys(t for t in entry_texts if t.strip()))
        starts.append(len(flat))
    missing = list(dict.fromkeys(t for t in flat if t not in known))
    for chunk in range(0, len(missing), 3):
        part = missing[chunk : chunk + 3]
        codes, scale = _quantise(model.embed(part))
        known.update(zip(part, zip(codes, scale.tolist(), strict=True), strict=True))
    dim = next(iter(known.values()))[0].shape[0]
    out_codes = np.zeros((len(flat), dim), dtype=np.int8)
    out_scale = np.zeros(len(flat), dtype=np.float32)
    for row, text in enumerate(flat):
        out_codes[row], out_scale[row] = known[text]
    pooled = _pooled(out_codes, out_scale, np.asarray(starts, dtype=np.int64))
    return out_codes, out_scale, pooled


def test_the_index_rows_are_those_of_the_gathering_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Written chunk by chunk into place (texts shared by entries, empty texts, a previous
    index whose vectors are reused, chunks smaller than the texts), the rows and pooled
    vectors are bit for bit what gathering every text's codes first gave."""
    import bot.core.engine.semantic as semantic

    monkeypatch.setattr(semantic, "BUILD_CHUNK", 3)
    model = FunctionEmbedder("random", random_vectors)
    texts = [
        ["when was the treaty signed", "treaty year", "  "],
        ["who signed it", "treaty year", "who signed it"],
        ["a fresh text", "another one", "when was the treaty signed", "x y z"],
        [],
        ["last entry"],
    ]
    previous = SemanticIndex(model, texts[:2])
    for prior in (None, previous):
        built = SemanticIndex(model, texts, prior)
        codes, scale, pooled = reference_rows(model, texts, prior)
        assert np.array_equal(built.codes, codes)
        assert np.array_equal(built.scale, scale)
        assert np.array_equal(built.pooled, pooled)
    assert SemanticIndex(model, texts, previous).embedded == 4


def test_a_fact_is_stated_plainly_only_above_the_band_and_first_for_both_matchers() -> None:
    """Above `hedge_below`, with agreement asked for, the fact must have the best lexical score
    and the closest meaning of all the candidates; without a cosine (lexical matcher) or without
    the requirement, the band alone decides."""
    agreeing = Params(threshold=0.6, sem_weight=0.4, hedge_below=0.8, plain_needs_agreement=True)
    band_only = Params(threshold=0.6, sem_weight=0.4, hedge_below=0.8)
    top = Candidate(0, 0.95, 0.8, OK)
    closer = Candidate(1, 0.7, 0.85, OK)
    wordier = Candidate(2, 0.97, 0.5, OK)
    behind = Candidate(3, 0.6, 0.4, OK)
    assert stated_plainly(top, 0.9, [top, behind], agreeing)
    assert not stated_plainly(top, 0.79, [top, behind], agreeing)  # below the band
    assert not stated_plainly(top, 0.9, [top, closer, behind], agreeing)  # closer meaning
    assert not stated_plainly(top, 0.9, [wordier, top], agreeing)  # better words
    assert stated_plainly(top, 0.9, [top, closer, wordier], band_only)
    tied = Candidate(4, 0.95, 0.8, OK)
    assert stated_plainly(top, 0.9, [top, tied], agreeing)  # a tie is not a dispute
    lexical = Candidate(0, 0.95, None, OK)
    assert stated_plainly(lexical, 0.9, [lexical, Candidate(1, 0.97, None, OK)], agreeing)
