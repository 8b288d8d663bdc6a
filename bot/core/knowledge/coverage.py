"""Which fact-stating sentences of each document are quoted by at least one fact.

Boilerplate (site navigation, template debris, headings, the reference list) is excluded; a
sentence counts as covered when quotes span at least 60% of its characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..engine.sentences import split_sentences
from .models import KnowledgeBase
from .sources import collapse, locate_quote

COVERED_SHARE = 0.6
BOILERPLATE = re.compile(
    r"^(Template:|Main article:|See also$|Find a Security Clearance Job"
    r"|Join the mailing list|Open Access Articles)",
)
EXCLUDED_SECTIONS = {"(preamble)", "References"}


@dataclass(frozen=True)
class DocumentCoverage:
    """Coverage of one document."""

    source: str
    total: int
    covered: int
    missing: tuple[str, ...]

    @property
    def share(self) -> float:
        """Covered sentences over fact-stating sentences (1.0 for a document with none)."""
        return self.covered / self.total if self.total else 1.0


def fact_sentences(kb: KnowledgeBase, source_id: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) in collapsed offsets for every fact-stating sentence."""
    source = kb.sources[source_id]
    titles = {s.title for s in source.sections}
    out: list[tuple[int, int, str]] = []
    cursor = 0
    for sentence in split_sentences(source.text):
        text = collapse(sentence)
        start = source.collapsed.find(text, cursor)
        if start < 0:
            continue
        cursor = start + len(text)
        section = source.section_at(start)
        if section is None or section.title in EXCLUDED_SECTIONS:
            continue
        if BOILERPLATE.match(text) or len(text.split()) < 4 or text in titles:
            continue  # navigation, template debris and headings state no fact
        out.append((start, start + len(text), text))
    return out


def coverage(kb: KnowledgeBase) -> list[DocumentCoverage]:
    """Coverage per document, in sources.yaml order."""
    spans: dict[str, list[tuple[int, int]]] = {s: [] for s in kb.sources}
    for fact in kb.facts:
        for citation in fact.sources:
            source = kb.sources.get(citation.source)
            if source is None:
                continue
            where = locate_quote(source, citation.quote, citation.section)
            if where is not None:
                spans[citation.source].append((where.start, where.end))
    out: list[DocumentCoverage] = []
    for source_id in kb.sources:
        covered = 0
        missing: list[str] = []
        sentences = fact_sentences(kb, source_id)
        for start, end, text in sentences:
            marked = bytearray(end - start)
            for s, e in spans[source_id]:
                lo, hi = max(s, start), min(e, end)
                if lo < hi:
                    marked[lo - start : hi - start] = b"\x01" * (hi - lo)
            if sum(marked) >= COVERED_SHARE * (end - start):
                covered += 1
            else:
                missing.append(text)
        out.append(DocumentCoverage(source_id, len(sentences), covered, tuple(missing)))
    return out
