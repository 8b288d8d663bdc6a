"""Incremental updates: after any sequence of changes the engine is the one a cold build makes.

A moderator's change updates the live engine for the facts it touches only (`Engine.updated`),
and another process watching the files applies the same change from the changed file alone
(`KnowledgeStore.poll_changes`). Neither may ever answer differently from an engine built cold
from the same files: these tests apply a few hundred random changes through the real store, on
a copy of the shipped knowledge, and compare both with `Engine(load_knowledge(...))` along the
way, index contents and answers alike.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.embedding import FunctionEmbedder
from bot.core.engine.kept import kept_entries
from bot.core.engine.kinds import KIND_NAMES
from bot.core.errors import CitebotError
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import Fact
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore

MOD = Actor(7, "mod")
DIM = 32
CHANGES = 200
COMPARE_EVERY = 40
_WORDS: dict[str, np.ndarray] = {}


def word_vectors(texts: list[str]) -> np.ndarray:
    """A stand-in for a sentence model: the sum of a fixed random vector per word, so texts
    sharing words are close. A text's vector depends on the text alone, as the equivalence
    needs (the cold build embeds in batches, an update one fact's texts at a time)."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"\w+", text.casefold()):
            vector = _WORDS.get(word)
            if vector is None:
                rng = np.random.default_rng(zlib.crc32(word.encode()))
                vector = _WORDS[word] = rng.standard_normal(DIM).astype(np.float32)
            out[row] += vector
    return out


@pytest.fixture
def embedder() -> FunctionEmbedder:
    """The stand-in model behind the Embedder protocol."""
    return FunctionEmbedder("stand-in:word-sum-32", word_vectors)


def rules_contents(engine: Engine) -> dict[str, object]:
    """The fact rules' prepared state, with token ids turned back into tokens."""
    rules, index = engine.fact_rules, engine.fact_index
    return {
        "names": rules.names,
        "entities": {index.tokens[t] for t in rules.entities},
        "common": {index.tokens[t] for t in rules.common},
        **{name: getattr(rules, name).tolist() for name in KIND_NAMES},
    }


def assert_same_engine(live: Engine, cold: Engine, questions: Sequence[str]) -> None:
    """Same facts, same index contents, same rules, same vectors, same answers."""
    assert live.facts == cold.facts
    assert live.fact_index.contents() == cold.fact_index.contents()
    assert rules_contents(live) == rules_contents(cold)
    assert (live.semantic is None) == (cold.semantic is None)
    if live.semantic is not None and cold.semantic is not None:
        assert live.semantic.texts == cold.semantic.texts
        for name in ("starts", "codes", "scale", "pooled"):
            assert np.array_equal(getattr(live.semantic, name), getattr(cold.semantic, name)), name
    assert live.refusals.keys == cold.refusals.keys
    assert live.refusals.words == cold.refusals.words
    assert live.refusals.any == cold.refusals.any
    assert live.refusals.model == cold.refusals.model
    assert (live.refusals.vectors is None) == (cold.refusals.vectors is None)
    if live.refusals.vectors is not None and cold.refusals.vectors is not None:
        for name in ("starts", "codes", "scale"):
            assert np.array_equal(
                getattr(live.refusals.vectors, name), getattr(cold.refusals.vectors, name)
            ), name
    for question in questions:
        assert live.ask(question) == cold.ask(question), question
        assert live.complete(question[: len(question) // 2]) == cold.complete(
            question[: len(question) // 2]
        ), question


class Changes:
    """Random moderators' changes of every kind, made through the real store."""

    def __init__(self, store: KnowledgeStore, seed: int) -> None:
        self.store = store
        self.rng = random.Random(seed)
        self.words = sorted(
            {
                w
                for f in store.kb.facts
                for q in f.questions
                for w in re.findall(r"[a-z]{4,}", q.casefold())
            }
        )
        self.added = 0
        self.applied: list[str] = []

    def phrase(self, quotes: str) -> str:
        """A question made of words the knowledge uses, so it moves real postings; the words
        come from the fact's own quotes, so the fidelity checks (a phrasing may name only what
        the quotes mention) accept it."""
        pool = sorted(set(re.findall(r"[a-z]{4,}", quotes.casefold()))) or self.words
        picked = self.rng.sample(pool, min(len(pool), self.rng.randint(2, 5)))
        start = self.rng.choice(["what about", "when did", "how many", "why did", "who"])
        return f"{start} {' '.join(picked)}?"

    def answer(self, quotes: str) -> str:
        """An answer in the quotes' own words, which may give a year or a number (when the
        quotes have one) or a reason: the rules read them, and the fidelity checks accept only
        numbers and names the quotes contain."""
        words = re.findall(r"[A-Za-z]{4,}|\d+", quotes)
        numbers = [w for w in words if w.isdigit()]
        tail = self.rng.choice(["", " because of it", f" in {numbers[0]}" if numbers else ""])
        picked = self.rng.sample(words, min(len(words), 6))
        return " ".join(w for w in picked if not w.isdigit()).capitalize() + tail + "."

    def fact(self) -> Fact:
        facts = self.store.kb.facts
        return facts[self.rng.randrange(len(facts))]

    def one(self) -> None:
        """Apply one random change; a change the store refuses (a question another fact has,
        a fact others point to) is skipped, as a moderator would see it refused."""
        kind = self.rng.choices(
            ["add", "edit", "edit_answer", "exclude", "remove", "revert", "alias"],
            [10, 12, 6, 4, 6, 4, 1],
        )[0]
        store = self.store
        try:
            if kind == "add":
                model = self.fact().sources[0]
                self.added += 1
                fields = FactInput(
                    [self.phrase(model.quote) for _ in range(self.rng.randint(4, 6))],
                    self.answer(model.quote),
                    model.source,
                    model.section,
                    model.quote,
                    tags=self.rng.sample(self.words, 2),
                    fact_id=f"random-{self.added}",
                )
                topic = self.rng.choice([*store.topics(), "zz-extra", "aa-extra"])
                store.add_fact(fields, MOD, topic)
            elif kind in ("edit", "edit_answer"):
                fact = self.fact()
                fields = FactInput.from_fact(fact)
                quotes = " ".join(c.quote for c in fact.sources)
                if kind == "edit":
                    kept = self.rng.sample(list(fact.questions), len(fact.questions) // 2)
                    fresh = [self.phrase(quotes) for _ in range(3)]
                    fields = replace(fields, questions=kept + fresh)
                else:
                    fields = replace(fields, answer=self.answer(quotes))
                store.edit_fact(fact.id, fields, MOD, store.version_of(fact.id))
            elif kind == "exclude":
                # A question made of another fact's words: what a moderator excludes after a
                # wrong answer.
                other = " ".join(c.quote for c in self.fact().sources)
                store.exclude_question(self.fact().id, self.phrase(other), MOD)
            elif kind == "remove":
                store.remove_fact(self.fact().id, MOD)
            elif kind == "revert":
                entries = store.audit.entries()
                if not entries:
                    return
                entry = self.rng.choice(entries)
                assert entry.fact_id is not None or entry.action == "alias"
                if entry.fact_id is None:
                    return
                store.revert(entry.fact_id, self.rng.choice([0, entry.n]), MOD)
            else:
                group = self.rng.choice([g for g in store.kb.aliases if g.kind == "alias"])
                try:
                    # A word the facts use: every text with it reads differently afterwards.
                    store.add_alias(group.canonical, self.rng.choice(self.words), MOD, wait=False)
                except CitebotError:
                    # Refused (it would leave a phrasing naming what its answer does not): a
                    # new name still changes the alias table and takes the rebuild path.
                    store.add_alias(group.canonical, f"zzname{self.added}x", MOD, wait=False)
                    self.added += 1
        except CitebotError:
            return
        self.applied.append(kind)

    def questions(self, count: int) -> list[str]:
        """Questions to compare answers on: phrasings of the facts (some with a letter
        dropped), random ones and a few in other scripts."""
        facts = self.store.kb.facts
        out = []
        for _ in range(count):
            fact = facts[self.rng.randrange(len(facts))]
            question = self.rng.choice([*fact.questions, *fact.does_not_answer])
            if self.rng.random() < 0.3 and len(question) > 8:
                cut = self.rng.randrange(1, len(question) - 1)
                question = question[:cut] + question[cut + 1 :]
            out.append(question)
        # Questions mixing words from all over the knowledge, not only one fact's quotes.
        out += [self.phrase(" ".join(self.rng.sample(self.words, 8))) for _ in range(count // 4)]
        out += ["독도는 누구 땅", "竹島は誰のもの", "when was the 1965 treaty signed"]
        return out


def test_random_changes_keep_the_engine_equal_to_a_cold_build(
    knowledge_copy: Path, tmp_path: Path, embedder: FunctionEmbedder
) -> None:
    """A few hundred random adds, edits, exclusions, removes, reverts and alias changes, applied
    incrementally in this process and, by watching the files, in a second one: both engines
    stay equal to a cold build of the files (index contents, rules, vectors and answers)."""
    store = KnowledgeStore(knowledge_copy, tmp_path / "data", embedder=embedder)
    watcher = KnowledgeStore(knowledge_copy, tmp_path / "data2", embedder=embedder)
    changes = Changes(store, seed=17)
    for step in range(1, CHANGES + 1):
        changes.one()
        if step % COMPARE_EVERY == 0 or step == CHANGES:
            assert store.wait_until_current(timeout=120)
            assert watcher.poll_changes() in ([], None)
            cold = Engine(load_knowledge(knowledge_copy), embedder)
            questions = changes.questions(40)
            assert_same_engine(store.engine, cold, questions)
            assert_same_engine(watcher.engine, cold, questions)
    # Every kind of change was exercised, and most changes were accepted.
    assert set(changes.applied) == {
        "add",
        "edit",
        "edit_answer",
        "exclude",
        "remove",
        "revert",
        "alias",
    }
    assert len(changes.applied) > CHANGES * 0.7


def test_an_edit_is_incremental_and_leaves_the_old_engine_intact(
    knowledge_copy: Path, tmp_path: Path, embedder: FunctionEmbedder
) -> None:
    """An edit embeds only its new texts, keeps every other fact's index rows, and the engine
    that answered before the change still answers as before (readers see old or new)."""
    store = KnowledgeStore(knowledge_copy, tmp_path / "data", embedder=embedder)
    old = store.engine
    fact = store.kb.facts[10]
    question = "what about the glorbnak treaty in 1965?"
    before = old.ask(question)
    old_contents = old.fact_index.contents()
    _add_phrasing(store, fact, question)
    new = store.engine
    assert new is not old and new.fact_index is not old.fact_index
    assert new.passage_index is old.passage_index  # sources unchanged: shared, not rebuilt
    assert new.semantic is not None and new.semantic.embedded == 1  # only the new phrasing
    assert old.ask(question) == before
    assert old.fact_index.contents() == old_contents
    assert new.ask(question).fact_id == fact.id


def _add_phrasing(store: KnowledgeStore, fact: Fact, question: str) -> None:
    """A moderator's edit that adds one phrasing to `fact`, through the real store."""
    fields = FactInput.from_fact(fact)
    store.edit_fact(
        fact.id,
        replace(fields, questions=[*fields.questions, question]),
        MOD,
        store.version_of(fact.id),
    )


def test_kept_entries_keeps_order_and_marks_changed_facts(knowledge_copy: Path) -> None:
    """Equal facts in the same order are kept; edited, added and moved facts are fresh."""
    facts = load_knowledge(knowledge_copy).facts[:6]
    edited = replace(facts[2], answer="Changed.")
    new = (facts[0], facts[3], edited, facts[1], facts[4], facts[5])
    assert kept_entries(facts, new).tolist() == [0, 3, -1, -1, 4, 5]


@pytest.mark.parametrize("copies", [1, 20])
def test_kept_entries_matches_equal_copies_as_by_id(knowledge_copy: Path, copies: int) -> None:
    """Facts equal to old ones but not the same objects (one, or many: looked up one by one
    or through a table) are kept where their id is, and an unequal one is fresh."""
    old = load_knowledge(knowledge_copy).facts[:40]
    new = list(old)
    for i in range(3, 3 + copies):
        new[i] = replace(old[i])  # equal, another object
    new[30] = replace(old[30], answer="Changed.")
    del new[31]
    new.append(old[0])  # moved to the end: fresh, as it would break the order
    expected = [i for i in range(40) if i != 31]
    expected[30] = -1
    assert kept_entries(old, new).tolist() == [0, *expected[1:], -1]


def test_an_update_never_changes_the_old_index(knowledge_copy: Path) -> None:
    """A fresh entry with a word no entry had gets a new token id in the new index only: the
    old index (still answering) keeps its vocabulary, token list and answers."""
    store = KnowledgeStore(knowledge_copy, knowledge_copy.parent / "data")
    old = store.engine
    index = old.fact_index
    ids, tokens, vocab = dict(index._ids), list(index.tokens), dict(index.vocab)
    question = "what does the word zorbulax mean here?"
    before = old.ask(question)
    fact = store.kb.facts[5]
    _add_phrasing(store, fact, question)
    new = store.engine.fact_index
    assert "zorbulax" in new.vocab and "zorbulax" not in index.vocab
    assert (index._ids, index.tokens, index.vocab) == (ids, tokens, vocab)
    assert old.ask(question) == before


def test_an_alias_change_serves_the_old_engine_until_the_rebuild(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    """An alias change rebuilds cold in the background; the next change waits for it."""
    store = KnowledgeStore(knowledge_copy, tmp_path / "data")
    old = store.engine
    group = next(g for g in store.kb.aliases if g.canonical == "Liancourt Rocks")
    store.add_alias(group.canonical, "Glorbnak Rocks", MOD, wait=False)
    # Until the rebuild is served, the old engine and its knowledge answer (never a mix).
    assert store.kb is old.kb or store.kb is store.engine.kb
    fact = store.kb.facts[0]
    store.edit_fact(  # waits for the rebuild: planned against the served knowledge
        fact.id,
        replace(FactInput.from_fact(fact), answer="Edited after the alias."),
        MOD,
        store.version_of(fact.id),
    )
    assert store.wait_until_current(timeout=120)
    assert store.kb.aliases == load_knowledge(knowledge_copy).aliases
    assert (
        store.engine.ask("who controls glorbnak rocks").fact_id
        == store.engine.ask("who controls dokdo").fact_id
    )
    assert store.kb == store.engine.kb
    assert store.kb.fact(fact.id).answer == "Edited after the alias."  # type: ignore[union-attr]
