"""The source passages as the engine keeps them, and the answer one of them gives alone.

When no curated fact answers, a document sentence that matches the question well enough and
passes the rules answers it, labelled as a passage (`Engine.ask`, answer.py). The passages are
kept as columns (`PassageList`) because the snapshot pickles them; the fallback is a mixin of
`Engine` over the same state, apart from the facts' answering because it has its own
threshold, its own rules and its own exclusions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from ..knowledge.models import Answer, SourceView, Suggestion
from .considering import Consideration, has_exact_evidence
from .decide import Candidate
from .enginestate import EngineState
from .entries import Passage

PASSAGE_THRESHOLD = 0.9


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


class PassageAnswering(EngineState):
    """The passage fallback of the engine's answers."""

    def _passage(
        self, question: str, shown: str, seen: Consideration, suggestions: tuple[Suggestion, ...]
    ) -> Answer | None:
        """A source sentence that answers on its own, when no curated fact does."""
        slots = self.passage_index.slots(question)
        hits = self.passage_index.search(question, limit=1, slots=slots)
        if not hits or hits[0].score < PASSAGE_THRESHOLD or not has_exact_evidence(slots):
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
