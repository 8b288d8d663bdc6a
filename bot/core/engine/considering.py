"""Considering a question: what both matchers and the rules make of it, before the decision.

The first half of answering (`Engine.ask` in answer.py makes the decision): the question's
slots without the words it says about the asker, its vectors, each fact either matcher proposes
with the rules' verdict on it, the facts refused by a phrasing they do not answer, and whether
the question is about a year or a name the documents never mention. A mixin of `Engine`, so the
engine's state (what the snapshot pickles) stays one object; kept apart from the answering
because it is the part the tuning (bench/tune.py) and most rule tests read on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .answerability import Verdict
from .asker import Asked, read_asker, without_thanks
from .cleaning import for_embedding
from .decide import LIFTED_BY_MEANING, Candidate
from .enginestate import MAX_QUESTION_CHARS, EngineState
from .framing import asks_about_now, asks_for_a_source, question_unanswerable
from .kinds import Wants, asks_superlative, question_wants
from .queryslots import Slot
from .search import Hit
from .sentences import message_sentences
from .tokens import tokenize
from .typed import as_typed

SEMANTIC_CANDIDATES = 5  # facts closest in meaning, scored beside the lexical candidates
YEAR = re.compile(r"1[89]\d\d|20\d\d")
# The tag of the facts that say what a document's footnote is (knowledge/facts/references.yaml).
REFERENCE_TAG = "reference"


@dataclass(frozen=True)
class Consideration:
    """A question as the engine sees it just before deciding."""

    wants: Wants
    candidates: list[Candidate]
    # Why no fact may answer whatever the scores: "unknown_year" (only years neither document
    # mentions), "unknown_name" (a name neither the facts nor the documents contain),
    # "opinion" (asks who is right); "" otherwise.
    blocked: str = ""
    # What the question asks, read once for the facts and the passage fallback alike: the
    # most / best of something; how things stand now.
    superlative: bool = False
    now: bool = False
    # Each candidate's texts' cosines to the message (`SemanticIndex.text_cosines`); None
    # without the semantic matcher. Kept to choose the phrasings the bot offers (not compared:
    # arrays have no single truth value).
    texts: dict[int, np.ndarray] | None = field(default=None, compare=False)


class Considering(EngineState):
    """The engine's reading of a question, up to the candidates and what blocks them."""

    def consider(self, question: str) -> Consideration:
        """What both matchers and the rules make of a question (before the decision)."""
        question = as_typed(question)
        asked = read_asker(question, self.aliases)
        # What kind of answer is wanted is read from the question, not the clause before it
        # ("i'm writing my thesis on hallyu, when did ...": its "when" opens the question).
        wants = question_wants(asked.question)
        slots = self._without_guessed_years(self._asked_slots(question, asked))
        vectors = self._embed(question)
        nearest: list[int] = []
        if vectors is not None and self.semantic is not None:
            nearest = self.semantic.nearest(vectors[0], SEMANTIC_CANDIDATES)
        hits = self.fact_index.search(question, limit=6, slots=slots, include=nearest)
        meaning: dict[int, float] | None = None
        texts: dict[int, np.ndarray] | None = None
        if vectors is not None and self.semantic is not None:
            # Each candidate's closest text to the message (or, when it has several sentences,
            # to their mean) or to one of its sentences.
            texts = self.semantic.text_cosines(vectors, [h.entry for h in hits])
            meaning = {e: float(c.max()) if c.size else -1.0 for e, c in texts.items()}
        # So are the most of something and how things stand now: "i'm learning about this in
        # school rn... what was the asian women's fund?" asks nothing about now.
        superlative = asks_superlative(asked.question)
        now = asks_about_now(asked.question)
        candidates = self._candidates(
            question, hits, slots, wants, meaning, superlative, now, asks_for_a_source(question)
        )
        if self.refusals.any:
            candidates = self._refused(candidates, slots, vectors)
        blocked = question_unanswerable(question) or ""
        if self._mentions_unknown_year(slots):
            blocked = "unknown_year"
        elif self._mentions_unknown_name(slots):
            blocked = "unknown_name"
        return Consideration(wants, candidates, blocked, superlative, now, texts)

    def _asked_slots(self, question: str, asked: Asked) -> list[Slot]:
        """The question's slots without the words it says about the asker (asker.py): a
        clause about what the member did or heard keeps its names and numbers, the topic it
        sets; one about who the member is keeps nothing. A word the question itself says
        stays whatever the clause."""
        slots = self.fact_index.slots(question)
        if not asked.context:
            return slots
        own = set(tokenize(asked.question, self.aliases))
        said = {t for c in asked.context for t in tokenize(c, self.aliases)} - own
        who = {t for c in asked.identity for t in tokenize(c, self.aliases)} - own
        names = self.fact_rules.names
        return [
            s
            for s in slots
            if s.word not in who and (s.word not in said or s.word in names or s.word.isdigit())
        ]

    def _embed(self, question: str) -> np.ndarray | None:
        """The message's vector, then one per sentence when it has several that say something
        (`message_sentences`), in one batch; None without the semantic matcher.

        A member wraps a question in remarks ("what was the asian womens fund? my teacher
        mentioned it and i got lost"), and the whole message's vector sits between the two: on the
        tuning sets, a fact's meaning score taken as its closest text to the message or to one
        of its sentences gave 6 more right answers and 1 more wrong one (commas as sentence
        ends too: 9 more right, 4 more wrong, one of them a chat reply).

        The message's own vector is not embedded when it has several sentences: the first row
        is then the mean of theirs, weighted by their length. The embedding's cost grows with the
        tokens it reads, and the whole message read again beside its sentences was half of it
        for the long messages that make the slowest answers; on the tuning sets the mean gave
        the same answers (one stated with a hedge instead of plainly)."""
        if self.embedder is None or self.semantic is None:
            return None
        text = for_embedding(without_thanks(question[:MAX_QUESTION_CHARS]))
        sentences = message_sentences(text, self.aliases)
        if not sentences:
            return self.embedder.embed([text])
        vectors = self.embedder.embed(sentences)
        weights = np.asarray([len(s) for s in sentences], dtype=np.float32)
        mean = weights @ vectors
        norm = float(np.linalg.norm(mean))
        if norm > 0:
            mean /= norm
        return np.vstack([mean[None, :], vectors]).astype(np.float32, copy=False)

    def _candidates(
        self,
        question: str,
        hits: list[Hit],
        slots: list[Slot],
        wants: Wants,
        meaning: dict[int, float] | None,
        superlative: bool,
        now: bool,
        source: bool = False,
    ) -> list[Candidate]:
        """Every fact either matcher proposes, with the rules' verdict on it. `source`: the
        question asks where something comes from (`asks_for_a_source`)."""
        # A match built only on guessed spellings ("lunch" read as "launch") is no evidence.
        exact = has_exact_evidence(slots)
        bare = not self.fact_rules.has_unread_words(question)
        either = self.fact_rules.alternatives(question)
        pairs = self.fact_rules.country_pairs(question)
        places = self.fact_rules.places(question)
        out: list[Candidate] = []
        for hit in hits:
            verdict = self.fact_rules.judge(
                hit.entry,
                slots,
                wants,
                bare=bare,
                superlative=superlative,
                either=either,
                pairs=pairs,
                places=places,
            )
            if verdict.ok and not exact:
                verdict = Verdict(False, "guessed_only")
            if verdict.ok and now and self.fact_rules.has_time[hit.entry]:
                # A dated answer ("as of 2007", "a 2014 poll") cannot say how things stand now.
                verdict = Verdict(False, "dated")
            if verdict.ok and not source and not self._reference_asked(hit.entry, slots):
                # "Footnote [18] is a Kyodo article, cited for the 1998 lifting of the ban"
                # restates the claim it backs, so its phrasings ("source for the lifting of
                # the ban") hold the claim's words; asked the claim alone, the fact that states
                # it answers.
                verdict = Verdict(False, "reference_unasked")
            cosine = meaning.get(hit.entry) if meaning is not None else None
            out.append(Candidate(hit.entry, hit.score, cosine, verdict))
        return out

    def _refused(
        self,
        candidates: list[Candidate],
        slots: list[Slot],
        vectors: np.ndarray | None,
    ) -> list[Candidate]:
        """The candidates, those closer to a phrasing their fact does not answer than to its
        own refused (refusals.py). Only facts the rules allow are checked: the others cannot
        answer anyway."""
        words = frozenset(s.word for s in slots)
        out: list[Candidate] = []
        for c in candidates:
            could = c.verdict.ok or c.verdict.reason in LIFTED_BY_MEANING
            # Most facts list no refused phrasing: their phrase keys are not fetched.
            if (
                could
                and self.refusals.words[c.entry]
                and self.refusals.refuses(
                    c.entry, words, self.fact_index.entry_keys(c.entry), vectors, c.semantic
                )
            ):
                c = Candidate(c.entry, c.lexical, c.semantic, Verdict(False, "not_this"))
            out.append(c)
        return out

    def _reference_asked(self, entry: int, slots: list[Slot]) -> bool:
        """False for a reference fact (tagged `reference`) when the question names neither its
        references' publication or author nor two words of a title, beyond the words most
        facts share; True for every other fact. One word of a title is no sign: "has a
        japanese emperor ever visited south korea" shares "emperor" with CNN's "South Korean
        leader bids farewell to Japanese emperor" and asks nothing about the article."""
        fact = self.facts[entry]
        if REFERENCE_TAG not in fact.tags:
            return True
        named: set[int] = set()  # the publications' and the authors' tokens
        titled: set[int] = set()  # the titles'
        for citation in fact.sources:
            source = self.kb.sources.get(citation.source)
            if source is None:
                continue
            for ref in (source.references[r] for r in citation.refs if r in source.references):
                named.update(self._known_tokens(f"{ref.publication or ''} {ref.author or ''}"))
                titled.update(self._known_tokens(ref.title or ""))
        asked = {tid for slot in slots for tid, credit in slot.alternatives if credit == 1}
        asked -= self.fact_rules.common
        return bool(asked & named) or len(asked & titled) >= 2

    def _known_tokens(self, text: str) -> set[int]:
        """The ids of the text's tokens that the fact index knows."""
        vocab = self.fact_index.vocab
        return {
            tid for tid in (vocab.get(t) for t in tokenize(text, self.aliases)) if tid is not None
        }

    def _without_guessed_years(self, slots: list[Slot]) -> list[Slot]:
        """The slots without a year no document mentions when another year asked is one they
        do: "wasnt it 1910? a podcast said 1905" asks about 1910, and 1905 is the member's
        guess, not a word the facts lack."""
        years = [s for s in slots if YEAR.fullmatch(s.word)]
        if not any(s.alternatives for s in years):
            return slots
        return [s for s in slots if not (YEAR.fullmatch(s.word) and not s.alternatives)]

    def _mentions_unknown_year(self, slots: list[Slot]) -> bool:
        """A year no document mentions, and no year that one does ("was it 1910 or 1905" is
        still about 1910)."""
        years = [s.word for s in slots if YEAR.fullmatch(s.word)]
        known = [y for y in years if y in self.fact_index.vocab or y in self.passage_index.vocab]
        return bool(years) and not known

    def _mentions_unknown_name(self, slots: list[Slot]) -> bool:
        """A name of the `aliases` groups (a person, event, place or agreement) that neither a
        fact nor a document sentence contains: "what is the difference between the Murayama
        and Kono statements" is about something the documents do not cover, however well the
        rest matches the Kono statement's fact."""
        names = self.fact_rules.names
        return any(
            s.word in names
            and s.word not in self.fact_index.vocab
            and s.word not in self.passage_index.vocab
            for s in slots
        )


def has_exact_evidence(slots: list[Slot]) -> bool:
    """Whether a slot matched a word exactly: a match built only on guessed spellings
    ("lunch" read as "launch") is no evidence, for a fact or a passage."""
    return any(credit == 1.0 for slot in slots for _, credit in slot.alternatives)
