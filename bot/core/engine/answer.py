"""From a question to an Answer: a curated fact, a labelled source passage, or an honest decline.

Thresholds were chosen from data (see README, "How the bot decides"): `python -m bot eval`
over ../shared/eval/dev.yaml and tests/data/regression.yaml, sweeping the threshold and taking
the value that keeps wrong confident answers rarest while answering the most.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from ..gcpause import paused_gc
from ..knowledge.models import Answer, Fact, KnowledgeBase, SourceView, Suggestion
from .aliases import AliasTable
from .answerability import Answerability, Verdict
from .asker import Asked, read_asker, without_thanks
from .cleaning import clean, clean_lines, for_embedding, without_surrogates
from .composing import may_become
from .compound import NOT_QUESTIONS, TOPIC_SHARE, joined_answer, message_parts
from .decide import (
    BLENDED,
    LEXICAL,
    LIFTED_BY_MEANING,
    Candidate,
    Params,
    choose,
    confidence,
    stated_plainly,
)
from .embedding import Embedder
from .entries import Passage, answer_text, fields_of, passages_of
from .framing import asks_about_now, asks_for_a_source, question_unanswerable
from .indexbuild import Field
from .kinds import Wants, asks_superlative, question_wants
from .markup import strip_chat_markup
from .postings import IndexPart, Singles
from .queryslots import Slot
from .refusals import Refusals
from .search import Hit, Index
from .semantic import SemanticIndex
from .sentences import message_sentences
from .simplify import simplify
from .spelling import NameSpeller, known_to
from .tokens import tokenize
from .typed import as_typed

ANSWER_THRESHOLD = LEXICAL.threshold
SEMANTIC_CANDIDATES = 5  # facts closest in meaning, scored beside the lexical candidates
PASSAGE_THRESHOLD = 0.9
NEAR_TIE_MARGIN = 0.03
SUGGESTION_FLOOR = 0.2
MAX_QUESTION_CHARS = 1000
AUTOCOMPLETE_LIMIT = 25
# Names a half-typed Korean or Japanese word is completed to, shortest first (`complete`).
COMPLETED_NAMES = 4
# A half-typed Latin word shorter than this is not completed to a name ("do" to dokdo).
MIN_COMPLETED = 3
# The Korean or Japanese word a partial question ends with, lone Korean letters included.
_CJK_TAIL = re.compile(
    r"[\u1100-\u1112\u3131-\u318e\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]+$"
)
CHOICE_NAME_LIMIT = 100

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


class PassageList(Sequence[Passage]):
    """Passages kept as three lists (documents, sections, texts), each Passage made when asked
    for: 190,000 Passage objects were a fifth of the engine snapshot's read at 100,000 facts."""

    def __init__(self, passages: Iterable[Passage] = ()) -> None:
        items = list(passages)
        self.sources = [p.source for p in items]
        self.sections = [p.section for p in items]
        self.texts = [p.text for p in items]

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, item: int) -> Passage: ...

    @overload
    def __getitem__(self, item: slice) -> list[Passage]: ...

    def __getitem__(self, item: int | slice) -> Passage | list[Passage]:
        if isinstance(item, slice):
            columns = zip(self.sources[item], self.sections[item], self.texts[item], strict=True)
            return [Passage(*row) for row in columns]
        return Passage(self.sources[item], self.sections[item], self.texts[item])

    def __iter__(self) -> Iterator[Passage]:
        for row in zip(self.sources, self.sections, self.texts, strict=True):
            yield Passage(*row)


Kinds = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass
class Prepared:
    """What a cold build's workers computed for an engine (engine/cold.py), each exactly what
    the engine would compute itself: the fact index's and the passage index's parts (one per
    fact file or chunk of documents, in order; tokenized with the knowledge's aliases), the
    facts' and the passages' answer kinds (`answer_kinds`), and the passages. None: the
    engine computes it."""

    fact_parts: list[IndexPart] | None = None
    fact_kinds: Kinds | None = None
    passages: list[Passage] | None = None
    passage_parts: list[IndexPart] | None = None
    passage_kinds: Kinds | None = None


class Engine:
    """The answer engine over one immutable KnowledgeBase. Build a new Engine to swap knowledge."""

    def __init__(
        self,
        kb: KnowledgeBase,
        embedder: Embedder | None = None,
        previous: Engine | None = None,
        prepared: Prepared | None = None,
    ) -> None:
        """Index `kb`; with an `embedder`, also by meaning. `previous`: the engine this one
        replaces, whose vectors are reused for every text that did not change. `prepared`:
        what a cold build's workers already computed from the same knowledge (cold.py)."""
        self.kb = kb
        self.aliases = AliasTable.build(kb.aliases)
        self.speller = NameSpeller(self.aliases)
        self.facts: Sequence[Fact] = kb.facts
        prepared = prepared or Prepared()
        # Quotes are also passages: each text is tokenized once.
        memo: dict[str, list[str]] = {}
        questions = [f.questions for f in kb.facts]
        with paused_gc():
            if prepared.fact_parts is not None:
                self.fact_index = Index.from_parts(prepared.fact_parts, self.aliases, questions)
            else:
                fields = [self._fields(f) for f in kb.facts]
                self.fact_index = Index(fields, self.aliases, phrases=questions, memo=memo)
            self.passages = PassageList(
                self._passages(kb) if prepared.passages is None else prepared.passages
            )
            texts = Singles(self.passages.texts)
            if prepared.passage_parts is not None:
                self.passage_index = Index.from_parts(prepared.passage_parts, self.aliases, texts)
            else:
                self.passage_index = Index(
                    [[Field(t, 1.0)] for t in self.passages.texts],
                    self.aliases,
                    phrases=texts,
                    memo=memo,
                )
            del memo
            self.refusals = Refusals.build(kb.facts, self.aliases)
            self.fact_rules = Answerability(
                self.fact_index,
                self.aliases,
                kb.aliases,
                [answer_text(f) for f in kb.facts],
                prepared.fact_kinds,
            )
            self.passage_rules = Answerability(
                self.passage_index,
                self.aliases,
                kb.aliases,
                self.passages.texts,
                prepared.passage_kinds,
            )
        self.embedder: Embedder | None = None
        self.semantic: SemanticIndex | None = None
        if embedder is not None:
            # An engine read from an older snapshot may predate the vectors: reuse only real ones.
            vectors = getattr(previous, "semantic", None)
            refusals = getattr(previous, "refusals", None)
            self.attach(
                embedder,
                vectors if isinstance(vectors, SemanticIndex) else None,
                refusals if isinstance(refusals, Refusals) else None,
            )

    def attach(
        self,
        embedder: Embedder,
        previous: SemanticIndex | None = None,
        refusals: Refusals | None = None,
    ) -> None:
        """Use `embedder` for questions; (re)build the fact vectors unless they are its own
        (`previous` and `refusals`: an earlier engine's vectors, reused for unchanged texts)."""
        if self.semantic is None or self.semantic.model != embedder.name:
            texts = [[*f.questions, f.answer] for f in self.facts]
            with paused_gc():
                self.semantic = SemanticIndex(embedder, texts, previous or self.semantic)
        if self.refusals.model != embedder.name:
            self.refusals = self.refusals.with_vectors(embedder, self.facts, refusals)
        self.embedder = embedder

    def updated(self, kb: KnowledgeBase) -> Engine:
        """The engine over `kb`, built from this one for the facts that changed only.

        `kb` must share this engine's sources and aliases (a moderator's add, edit, remove or
        revert); a change of either touches every entry and is built cold instead. Facts equal
        to one of this engine's, in the same order, keep their postings, phrase keys, rule
        flags and vectors; the others are indexed as new. This engine is not changed, so
        readers of it never see a mix; answers of the new one are exactly those of
        `Engine(kb)` (tests/core/engine/test_incremental.py checks it).
        """
        if kb.aliases != self.kb.aliases or (
            kb.sources is not self.kb.sources and kb.sources != self.kb.sources
        ):
            return Engine(kb, self.embedder, previous=self)
        kept = kept_entries(self.facts, kb.facts)
        fresh = [f for f, k in zip(kb.facts, kept.tolist(), strict=True) if k < 0]
        new = object.__new__(Engine)
        new.__dict__.update(self.__dict__)
        new.kb = kb
        new.facts = kb.facts
        with paused_gc():
            new.fact_index = self.fact_index.updated(
                kept, [new._fields(f) for f in fresh], [f.questions for f in fresh]
            )
            new.fact_rules = self.fact_rules.updated(
                new.fact_index, kept, [answer_text(f) for f in fresh]
            )
            if self.semantic is not None and self.embedder is not None:
                new.semantic = self.semantic.updated(
                    self.embedder, kept, [[*f.questions, f.answer] for f in fresh]
                )
            else:
                new.semantic = None
            new.refusals = self.refusals.updated(
                kept, fresh, self.aliases, self.embedder if new.semantic is not None else None
            )
        return new

    @property
    def params(self) -> Params:
        """The decision parameters for the matchers this engine has."""
        return BLENDED if self.embedder is not None else LEXICAL

    @property
    def matcher(self) -> str:
        """Which matchers answer: 'lexical', or 'lexical+semantic (model)'."""
        if self.embedder is None or self.semantic is None:
            return "lexical"
        return f"lexical+semantic ({self.semantic.model})"

    def __getstate__(self) -> dict[str, object]:
        # The model is never pickled into the snapshot (it is loaded from its package at
        # start); the vectors are. The facts are the knowledge base's, pickled with it (as a
        # FactTable: models.KnowledgeBase.__reduce__), not a second time as they are here.
        state = dict(self.__dict__)
        state["embedder"] = None
        del state["facts"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.facts = self.kb.facts

    def _fields(self, fact: Fact) -> list[Field]:
        return fields_of(fact, self.kb.sources)

    @staticmethod
    def _passages(kb: KnowledgeBase) -> list[Passage]:
        return passages_of(kb.sources.values())

    # -- answering ------------------------------------------------------------------------

    def ask(self, question: str) -> Answer:
        """Answer one question, or each question of a message that asks two or three when the
        message read whole is not answered plainly (compound.py). Never raises on any input
        string."""
        question = question if isinstance(question, str) else str(question)
        whole, blocked = self._ask_one(question)
        plain = whole.kind == "fact" and not whole.hedged
        if plain or blocked or whole.reason in NOT_QUESTIONS or len(question) > MAX_QUESTION_CHARS:
            return whole
        parts = message_parts(clean_lines(question), self.aliases, self.is_topic)
        if not parts:
            return whole
        return joined_answer(whole, [self._ask_one(part)[0] for part in parts]) or whole

    def is_topic(self, token: str) -> bool:
        """Whether `token` is a name a question is about: a known name (aliases.yaml) that
        fewer than `TOPIC_SHARE` of the facts hold, so not Japan or Korea, which nearly all
        do. A question that names none borrows the first question's (compound.py)."""
        index = self.fact_index
        tid = index.vocab.get(token)
        if tid is None or token not in self.fact_rules.names:
            return False
        count = int(index.posting_offsets[tid + 1] - index.posting_offsets[tid])
        return count < index.size * TOPIC_SHARE

    def _ask_one(self, question: str) -> tuple[Answer, bool]:
        """Answer `question` read whole, as one question; and whether it was declined for
        asking about what the documents do not cover (`Consideration.blocked`): a year or name
        they never mention, or a verdict, which no part of the message is answered beside."""
        if len(question) > MAX_QUESTION_CHARS * 4:
            # Refused as it came, never normalised first: NFKC can grow a hostile string many
            # times over.
            head = without_surrogates(question[:MAX_QUESTION_CHARS])
            too_long = Answer(
                clean(head)[:MAX_QUESTION_CHARS], "none", None, None, 0.0, reason="too_long"
            )
            return too_long, False
        # The question shown with the answer is the member's own (`clean` reads it as
        # `as_typed` does, but for an era's year, which stays as typed).
        cleaned = clean(question)
        question = as_typed(question)
        early = self._screen(question, cleaned)
        if early is not None:
            return early, False
        shown = cleaned[:MAX_QUESTION_CHARS]
        question = self._spelt(strip_chat_markup(question))
        seen = self.consider(question)
        simple = simplify(question)  # once, for choosing the phrasings to suggest
        candidates = seen.candidates
        # Each candidate's confidence once, best first (stable: ties keep the matchers' order).
        ranked = sorted(((c, self._confidence(c)) for c in candidates), key=lambda pair: -pair[1])
        suggestions = tuple(
            self._suggestion(c.entry, score, simple, seen.texts)
            for c, score in ranked[:3]
            if score >= SUGGESTION_FLOOR
        )
        best = ranked[0][1] if ranked else 0.0
        declined = Answer(
            shown,
            "none",
            None,
            None,
            best,
            (),
            suggestions,
            reason="low_confidence",
            matcher=self.matcher,
        )
        # A year or a name neither document mentions, or a question asking for a verdict, is
        # about something the documents do not cover, however well the other words match.
        if seen.blocked:
            return declined, True
        chosen = choose(candidates, self.params)
        if chosen is not None:
            top, score, ties = chosen
            alternatives = tuple(self._fact_answer(shown, c.entry, s) for c, s in ties)
            others = tuple(
                self._suggestion(c.entry, score, simple, seen.texts)
                for c, score in ranked[:4]
                if c.entry != top.entry and score >= SUGGESTION_FLOOR
            )[:3]
            answer = self._fact_answer(shown, top.entry, score)
            hedged = not stated_plainly(top, score, candidates, self.params)
            if hedged and seen.wants == "reason" and self.params.plain_reasons_only:
                # A reason the bot is not sure of is mostly the reason for something else
                # (`Params.plain_reasons_only`): declined, with the suggestions, and queued for
                # the moderators like any other decline.
                return declined, False
            fact = Answer(
                answer.question,
                "fact",
                answer.answer,
                answer.fact_id,
                answer.score,
                answer.sources,
                others,
                alternatives=alternatives,
                matcher=self.matcher,
                hedged=hedged,
            )
            return fact, False
        passage = self._passage(question, shown, seen, suggestions)
        return passage or declined, False

    def _screen(self, question: str, cleaned: str) -> Answer | None:
        """The decline for a message that is not a question at all: too long once `cleaned`
        (the message as `clean` shows it), empty, chat."""
        if len(cleaned) > MAX_QUESTION_CHARS * 4:
            # NFKC grew it past the limit ("ﷺ" is 18 characters, "㌀" 4): every rule and both
            # matchers normalise it again, a dozen times, so 3,990 characters that grow to
            # 72,000 took 2.6 s.
            return Answer(cleaned[:MAX_QUESTION_CHARS], "none", None, None, 0.0, reason="too_long")
        shown = cleaned[:MAX_QUESTION_CHARS]
        question = strip_chat_markup(question)
        if not tokenize(question, self.aliases):
            reason = "smalltalk" if simplify(question) else "empty"
            return Answer(shown, "none", None, None, 0.0, reason=reason)
        if self.fact_rules.is_chat(question):
            return Answer(shown, "none", None, None, 0.0, reason="smalltalk")
        return None

    def _spelt(self, question: str) -> str:
        """The question with its misspelt names read as the names (spelling.py)."""
        known = known_to(self.fact_index.vocab, self.passage_index.vocab)
        return self.speller.correct(question, known)

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

    def _passage(
        self, question: str, shown: str, seen: Consideration, suggestions: tuple[Suggestion, ...]
    ) -> Answer | None:
        """A source sentence that answers on its own, when no curated fact does."""
        slots = self.passage_index.slots(question)
        hits = self.passage_index.search(question, limit=1, slots=slots)
        if not hits or hits[0].score < PASSAGE_THRESHOLD or not _has_exact_evidence(slots):
            return None
        hit = hits[0]
        bare = not self.passage_rules.has_unread_words(question)
        places = self.passage_rules.places(question)
        if not self.passage_rules.judge(
            hit.entry, slots, seen.wants, bare=bare, superlative=seen.superlative, places=places
        ).ok:
            return None
        if seen.now and self.passage_rules.has_time[hit.entry]:
            return None  # a dated sentence cannot say how things stand now
        passage = self.passages[hit.entry]
        if self._quoted_by_a_refused_fact(passage, seen.candidates):
            # A fact that does not answer this question (`does_not_answer`) would otherwise
            # reach the member through its own quote: what a moderator excluded stays out.
            return None
        source = self.kb.sources[passage.source]
        view = SourceView(source.id, source.title, passage.section, source.url, passage.text)
        return Answer(
            shown,
            "passage",
            passage.text,
            None,
            hit.score,
            (view,),
            suggestions,
            matcher="lexical",
        )

    def _quoted_by_a_refused_fact(self, passage: Passage, candidates: list[Candidate]) -> bool:
        """Whether the sentence lies in a quote of a fact the question was refused by."""
        sentence = " ".join(passage.text.split())
        for c in candidates:
            if c.verdict.reason != "not_this":
                continue
            for citation in self.facts[c.entry].sources:
                if citation.source == passage.source and sentence in " ".join(
                    citation.quote.split()
                ):
                    return True
        return False

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
        exact = _has_exact_evidence(slots)
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

    def _confidence(self, candidate: Candidate) -> float:
        return round(confidence(candidate, self.params), 4)

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

    def _fact_answer(self, question: str, entry: int, score: float) -> Answer:
        fact = self.facts[entry]
        return Answer(
            question,
            "fact",
            fact.answer,
            fact.id,
            score,
            self.source_views(fact),
            matcher=self.matcher,
        )

    def _suggestion(
        self,
        entry: int,
        score: float,
        simple_question: str,
        texts: dict[int, np.ndarray] | None = None,
    ) -> Suggestion:
        """A fact offered for the question, in the question's script, by the phrasing closest
        in meaning to it when its texts' cosines are known (`Consideration.texts`), else by
        its words."""
        fact = self.facts[entry]
        among = self.fact_index.in_script_of(entry, simple_question)
        cosines = texts.get(entry) if texts is not None else None
        if cosines is not None and among and cosines.size > max(among):
            phrase = fact.questions[among[int(np.argmax(cosines[among]))]]
        else:
            phrase = self.fact_index.closest_phrase(entry, simple_question, among)
        return Suggestion(fact.id, phrase, score)

    def source_views(self, fact: Fact) -> tuple[SourceView, ...]:
        """A fact's citations resolved to titles, URLs and the references each quote carries."""
        views: list[SourceView] = []
        for citation in fact.sources:
            source = self.kb.sources[citation.source]
            refs = tuple(source.references[r] for r in citation.refs if r in source.references)
            views.append(
                SourceView(
                    source.id, source.title, citation.section, source.url, citation.quote, refs
                )
            )
        return tuple(views)

    def answer_fact(self, fact_id: str, question: str = "") -> Answer | None:
        """The Answer for a chosen fact (a suggestion the user picked, or /fact show)."""
        fact = self.kb.fact(fact_id)
        if fact is None:
            return None
        question = without_surrogates(question)
        return Answer(
            question or fact.questions[0],
            "fact",
            fact.answer,
            fact.id,
            1.0,
            self.source_views(fact),
        )

    # -- autocomplete ---------------------------------------------------------------------

    def complete(self, partial: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[Suggestion]:
        """Fact questions matching what the user has typed so far (for autocomplete)."""
        limit = max(0, min(limit, AUTOCOMPLETE_LIMIT))
        partial = (
            strip_chat_markup(without_surrogates(partial[: CHOICE_NAME_LIMIT * 3]))
            if isinstance(partial, str)
            else ""
        )
        ends_mid_word = bool(partial) and not partial[-1].isspace()
        queries = (
            self._completed_names(partial) or self._completed_latin_names(partial)
            if ends_mid_word
            else []
        )
        if tokenize(partial, self.aliases):
            queries.insert(0, partial)
        if not queries:
            return [Suggestion(f.id, _choice(f.questions[0]), 0.0) for f in self.facts[:limit]]
        # Each fact at its best score; on a tie, what was typed before a completion of it.
        best: dict[int, tuple[float, int, str]] = {}
        for order, query in enumerate(queries):
            simple = simplify(query)
            for h in self.fact_index.search(query, limit=limit, prefix_last=ends_mid_word):
                if h.entry not in best or h.score > best[h.entry][0]:
                    best[h.entry] = (h.score, order, simple)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
        return [
            Suggestion(
                self.facts[entry].id,
                _choice(self.fact_index.best_phrase(entry, simple)),
                score,
            )
            for entry, (score, _, simple) in ranked[:limit]
        ]

    def _completed_names(self, partial: str) -> list[str]:
        """`partial` with its last Korean or Japanese word completed to each name it may be
        the start of (at most a few): "독" or "독ㄷ" (독도 half-typed), "위안" (위안부),
        "たけ" (たけしま), "竹" (竹島). Such a start has no token the facts share, or a wrong
        one (a lone syllable is no bigram; 위안부 is read as its canonical name, so the facts
        hold no bigram 위안), and autocomplete offered the first facts in English, or nothing."""
        tail = _CJK_TAIL.search(partial)
        if tail is None:
            return []
        typed = tail.group()
        head = partial[: tail.start()]
        out: list[str] = []
        seen: set[str] = set()
        for name, token in sorted(self.aliases.cjk_canonical.items(), key=lambda kv: len(kv[0])):
            if token not in seen and name != typed and may_become(typed, name):
                seen.add(token)
                out.append(head + name)
                if len(out) == COMPLETED_NAMES:
                    break
        return out

    def _completed_latin_names(self, partial: str) -> list[str]:
        """`partial` with its last words completed to each Latin-script alias name they may
        be the start of (at most a few, the shortest first): "dok" (dokdo), "where is samp"
        (sample rocks), "liancourt ro". Such a name reads as its group's canonical token, which
        the facts hold and the half-typed word does not start, so the prefix search found no
        fact with it: "dok", "takesh" and "gsom" got nothing, "dokd" an unrelated fact. A
        word of fewer than MIN_COMPLETED letters is completed only inside a longer name."""
        words = simplify(partial).split()
        if not words or not words[-1].isalpha() or not words[-1].isascii():
            return []
        last = words[-1]
        before = set(words[:-1])
        candidates: list[tuple[int, str, str]] = []
        for name, token in self.aliases.phrases.items():
            if not name[0].startswith(last) and name[0] not in before:
                continue  # most names: neither begun by the last word nor by one before it
            for k in range(1, min(len(name), len(words)) + 1):
                typed, whole = words[len(words) - k :], name[: k - 1]
                if (
                    typed[:-1] == list(whole)
                    and name[k - 1] != last
                    and name[k - 1].startswith(last)
                    and (k > 1 or len(last) >= MIN_COMPLETED)
                ):
                    head = " ".join(words[: len(words) - k])
                    candidates.append((len(" ".join(name)), token, f"{head} {' '.join(name)}"))
                    break
        out: list[str] = []
        seen: set[str] = set()
        for _, token, query in sorted(candidates):
            if token not in seen:
                seen.add(token)
                out.append(query.strip())
                if len(out) == COMPLETED_NAMES:
                    break
        return out

    def search_facts(self, query: str, limit: int = 50) -> list[Suggestion]:
        """Facts matching a query, for /fact search: by id fragment or by content."""
        query = without_surrogates(query)
        needle = simplify(query).replace(" ", "-")
        by_id = [f for f in self.facts if needle and needle in f.id]
        out = [Suggestion(f.id, f.questions[0], 1.0) for f in by_id[:limit]]
        seen = {s.fact_id for s in out}
        for hit in self.fact_index.search(query, limit=limit):
            fact = self.facts[hit.entry]
            if fact.id not in seen and hit.score >= SUGGESTION_FLOOR:
                out.append(Suggestion(fact.id, fact.questions[0], hit.score))
                seen.add(fact.id)
        return out[:limit]


def kept_entries(old: Sequence[Fact], new: Sequence[Fact]) -> np.ndarray:
    """For each fact of `new`, the position of the same fact (equal in every field) in `old`,
    or -1 when it is new or changed. Kept positions increase: a fact that moved before
    another kept one counts as new, so the entries' order stays that of `new`."""
    # After a change almost every fact of `new` is the very object of `old` (a change builds
    # the new knowledge base from the old one's facts): those are matched by object identity
    # in a few array passes; only the others are looked up by id and compared field by field.
    # Both give the same positions as one lookup by id per fact (a fact's id is unique in a
    # valid knowledge base, so the object found is the one its id names).
    n_old, n_new = len(old), len(new)
    out = np.full(n_new, -1, dtype=np.int64)
    if not n_old or not n_new:
        return out
    old_ptr = np.fromiter(map(id, old), dtype=np.int64, count=n_old)
    new_ptr = np.fromiter(map(id, new), dtype=np.int64, count=n_new)
    order = np.argsort(old_ptr, kind="stable")
    sorted_ptr = old_ptr[order]
    at = np.minimum(np.searchsorted(sorted_ptr, new_ptr), n_old - 1)
    same = sorted_ptr[at] == new_ptr
    candidate = np.where(same, order[at], -1)
    others = np.flatnonzero(~same).tolist()
    if others:
        old_ids = [f.id for f in old]
        where = {f: k for k, f in enumerate(old_ids)} if len(others) > 8 else None
        for i in others:
            fact = new[i]
            if where is not None:
                j = where.get(fact.id, -1)
            else:  # the last with that id, as the dict would have it
                j = n_old - 1 - old_ids[::-1].index(fact.id) if fact.id in old_ids else -1
            if j >= 0 and old[j] == fact:
                candidate[i] = j
    # Kept positions increase: a candidate not above every earlier one is new (the earlier
    # ones that were refused were no higher than an accepted one, so the running maximum of
    # all earlier candidates is that of the accepted ones).
    before = np.maximum.accumulate(np.concatenate(([-1], candidate[:-1])))
    keep = candidate > before
    out[keep] = candidate[keep]
    return out


def _has_exact_evidence(slots: list[Slot]) -> bool:
    return any(credit == 1.0 for slot in slots for _, credit in slot.alternatives)


def _choice(text: str) -> str:
    return text if len(text) <= CHOICE_NAME_LIMIT else text[: CHOICE_NAME_LIMIT - 1] + "…"
