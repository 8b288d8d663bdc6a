"""The shapes the core passes around.

All frozen: the live knowledge base is swapped whole, never mutated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .facttable import FactTable


@dataclass(frozen=True)
class Reference:
    """One entry of a source document's own reference list (its footnotes)."""

    number: int
    text: str
    publication: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    note: str | None = None

    def describe(self) -> str:
        """A short human label, e.g. 'The New York Times, 2014-12-02'."""
        parts = [p for p in (self.author, self.publication or self.title, self.date) if p]
        return ", ".join(parts) if parts else self.text


@dataclass(frozen=True)
class Section:
    """A span of a document (offsets into its whitespace-collapsed text)."""

    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    """A document that facts cite."""

    id: str
    title: str
    publisher: str
    url: str | None
    license: str
    file: str
    text: str  # the raw document
    collapsed: str  # the document with every whitespace run collapsed to one space
    sections: tuple[Section, ...]
    references: dict[int, Reference] = field(default_factory=dict)

    def section_at(self, offset: int) -> Section | None:
        """The section containing a collapsed-text offset."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None


@dataclass(frozen=True)
class Citation:
    """A verbatim quote of a source that supports a fact's answer."""

    source: str
    section: str
    quote: str
    refs: tuple[int, ...] = ()
    explicit_refs: bool = False  # True when the YAML named refs; otherwise derived from the text


@dataclass(frozen=True)
class Fact:
    """A curated answer with the questions that lead to it and the quotes that back it."""

    id: str
    questions: tuple[str, ...]
    answer: str
    sources: tuple[Citation, ...]
    tags: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    # Questions close to the fact's own that it does not answer ("how many koreans live in
    # japan" beside a count of survivors): a question closer to one of them than to every
    # phrasing, by its words and (semantic matcher on) its meaning, is not answered by this
    # fact (engine/refusals.py).
    does_not_answer: tuple[str, ...] = ()
    topic: str = ""  # the file stem, e.g. "comfort-women"
    updated_by: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class AliasGroup:
    """Names that mean the same thing; every name is normalised to the canonical form."""

    canonical: str
    names: tuple[str, ...]
    note: str | None = None
    kind: Literal["alias", "term"] = "alias"


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the engine needs, loaded and validated as one immutable unit."""

    root: Path
    sources: dict[str, Source]
    facts: Sequence[Fact]
    aliases: tuple[AliasGroup, ...]
    topics: dict[str, str]  # file stem -> topic title

    def __post_init__(self) -> None:
        # Positions, not the facts: a snapshot's facts are read only when used (FactTable).
        object.__setattr__(self, "_by_id", {fact_id: k for k, fact_id in enumerate(self.fact_ids)})

    def fact(self, fact_id: str) -> Fact | None:
        """The fact with this id, or None."""
        by_id: dict[str, int] = self.__dict__["_by_id"]
        position = by_id.get(fact_id)
        return None if position is None else self.facts[position]

    @property
    def fact_ids(self) -> list[str]:
        """All fact ids, in file order."""
        if isinstance(self.facts, FactTable):
            return list(self.facts.ids)
        return [f.id for f in self.facts]

    def __reduce__(
        self,
    ) -> tuple[type[KnowledgeBase], tuple[object, ...], dict[str, object]]:
        """Pickled (into an engine snapshot) with its facts in a FactTable, which reads each
        chunk of them back only when one is used, and with what was worked out from them and
        kept beside (the question owners of questions.py: a change checks against them)."""
        facts = self.facts if isinstance(self.facts, FactTable) else FactTable.of(self.facts)
        kept = {k: v for k, v in self.__dict__.items() if k.startswith("_") and k != "_by_id"}
        return KnowledgeBase, (self.root, self.sources, facts, self.aliases, self.topics), kept


@dataclass(frozen=True)
class SourceView:
    """A citation resolved for display: what a reader needs to check the answer."""

    doc: str
    title: str
    section: str
    url: str | None
    quote: str
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A fact the user may have meant."""

    fact_id: str
    question: str
    score: float


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question."""

    question: str
    kind: Literal["fact", "passage", "none"]
    answer: str | None
    fact_id: str | None
    score: float
    sources: tuple[SourceView, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    reason: str = ""  # why it declined: "empty", "smalltalk", "low_confidence", "too_long"
    alternatives: tuple[Answer, ...] = ()  # near-equal facts offered beside the top one
    matcher: str = ""  # which matchers decided: "lexical" or "lexical+semantic (model)"
    # A fact answer whose confidence is below the band where answers hold up (decide.Params.
    # hedge_below), or that another fact beats on words or meaning (decide.stated_plainly):
    # every front end says the bot is not sure this is what was asked.
    hedged: bool = False
    # A message that asks two or three questions, none of which one fact answers ("who
    # controls dokdo and how many people live there"): each question's own answer, in the
    # order asked, declined ones too (engine/compound.py). The fields above then repeat the
    # first part answered, for whatever reads one answer (a vote, a "source?" reply).
    parts: tuple[Answer, ...] = ()

    @property
    def answered(self) -> bool:
        """True when the reply carries an answer (a curated fact or a source passage)."""
        return self.kind != "none"

    def asked_of(self, fact_id: str) -> str:
        """The question this reply answered with `fact_id`: the part's own when the message
        asked several (`parts`), else the question. A vote or a "wrong fact" exclusion is
        about that fact and the question it answered; the message whole pairs it with
        questions it never answered."""
        for part in self.parts:
            if part.kind == "fact" and part.fact_id == fact_id:
                return part.question
        return self.question
