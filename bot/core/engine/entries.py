"""What the engine indexes: each fact's weighted fields, each document sentence, and the text
each entry answers from.

Kept apart from the engine (answer.py) because a cold build's worker processes compute the same
texts file by file (share.py): what a cached share depends on is the code it imports, and the
engine's decision code is not part of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..knowledge.models import Fact, Reference, Source
from .indexbuild import Field
from .search import fact_fields
from .sentences import split_sentences

MIN_PASSAGE_CHARS = 40


def fields_of(fact: Fact, sources: Mapping[str, Source]) -> list[Field]:
    """The weighted fields a fact is indexed by: its questions, tags, answer, quotes and the
    references its quotes cite (a cold build's workers tokenize the same texts)."""
    quotes: list[str] = []
    for citation in fact.sources:
        quotes.append(citation.quote)
        source = sources.get(citation.source)
        if source is not None:
            quotes.extend(
                _reference_text(source.references[r])
                for r in citation.refs
                if r in source.references
            )
    return fact_fields(fact.questions, fact.answer, fact.tags, quotes)


@dataclass(frozen=True)
class Passage:
    """A sentence of a source document, searchable when no curated fact is confident."""

    source: str
    section: str
    text: str


def passages_of(sources: Iterable[Source]) -> list[Passage]:
    """The searchable sentences of the documents, in order (not the preamble or references)."""
    out: list[Passage] = []
    for source in sources:
        for sentence in split_sentences(source.text):
            if len(sentence) < MIN_PASSAGE_CHARS:
                continue
            offset = source.collapsed.find(" ".join(sentence.split()))
            section = source.section_at(offset) if offset >= 0 else None
            if section is None or section.title in {"(preamble)", "References"}:
                continue
            out.append(Passage(source.id, section.title, sentence))
    return out


def answer_text(fact: Fact) -> str:
    """What a fact answers from, for the rules (answerability.py): its answer and quotes."""
    return " ".join([fact.answer, *(c.quote for c in fact.sources)])


def _reference_text(ref: Reference) -> str:
    return " ".join(p for p in (ref.text, ref.publication, ref.author, ref.date) if p)
