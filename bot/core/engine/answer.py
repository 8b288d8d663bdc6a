"""From a question to an Answer: a curated fact, a labelled source passage, or an honest decline.

Thresholds were chosen from data (see README, "How the bot decides"): `python -m bot eval`
over ../shared/eval/dev.yaml and tests/data/regression.yaml, sweeping the threshold and taking
the value that keeps wrong confident answers rarest while answering the most.

The engine is composed of parts, one concern a module, each a mixin over the same state
(enginestate.py): considering a question (considering.py), the passage fallback (passages.py)
and the facts it offers (suggesting.py). This module builds the engine, updates it, and makes
the decision.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..gcpause import paused_gc
from ..knowledge.models import Answer, Fact, KnowledgeBase, SourceView
from .aliases import AliasTable
from .answerability import Answerability
from .cleaning import clean, clean_lines, without_surrogates
from .compound import NOT_QUESTIONS, TOPIC_SHARE, joined_answer, message_parts
from .considering import Considering
from .decide import (
    BLENDED,
    LEXICAL,
    Candidate,
    Params,
    choose,
    confidence,
    stated_plainly,
)
from .embedding import Embedder
from .enginestate import MAX_QUESTION_CHARS
from .entries import Passage, answer_text, fields_of, passages_of
from .indexbuild import Field
from .kept import kept_entries
from .markup import strip_chat_markup
from .passages import PassageAnswering, PassageList
from .postings import Singles
from .prepared import Prepared
from .refusals import Refusals
from .search import Index
from .semantic import SemanticIndex
from .simplify import simplify
from .spelling import NameSpeller, known_to
from .suggesting import SUGGESTION_FLOOR, Suggesting
from .tokens import tokenize
from .typed import as_typed

ANSWER_THRESHOLD = LEXICAL.threshold
NEAR_TIE_MARGIN = 0.03


class Engine(Considering, PassageAnswering, Suggesting):
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

    def _confidence(self, candidate: Candidate) -> float:
        return round(confidence(candidate, self.params), 4)

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
