"""The matcher: an inverted index over weighted fields, scored by weighted query coverage.

Why coverage: the question "how many coast guard ships patrol dokdo" shares three words with a
fact about the Coast Guard on Dokdo, yet the fact cannot answer it. Scoring each entry by the
share of the query's *informative* words (IDF-weighted; unknown words weigh the most) that it
contains makes such a match score low, while a typo'd or reworded question that hits the
fact's key words scores high. Candidates come from numpy posting arrays, so a query touches
only entries sharing a token with it, and scales to 100,000 facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .indexbuild import Field
from .indexupdate import IndexUpdate
from .phrasings import Phrasings
from .queryslots import QuerySlots, Slot

KEYS_MEMO = 4096  # entries whose decoded phrase keys an index remembers (`entry_keys`)
# The final score mixes coverage with the best phrasing's fuzzy similarity.
COVERAGE_MIX = 0.7
QUESTION_WEIGHT = 1.0
TAG_WEIGHT = 0.8
ANSWER_WEIGHT = 0.8
QUOTE_WEIGHT = 0.8


@dataclass(frozen=True)
class Hit:
    """An entry and how well it matches."""

    entry: int
    score: float
    coverage: float
    similarity: float


class Index(IndexUpdate, QuerySlots, Phrasings):
    """A searchable set of entries (facts or source passages): built (indexbuild.py), updated
    (indexupdate.py), read a query into slots (queryslots.py), scored here, and its phrasings
    offered (phrasings.py)."""

    def coverage(self, slots: Sequence[Slot]) -> np.ndarray:
        """For every entry, the IDF-weighted share of the query's slots it contains."""
        total = sum(s.weight for s in slots)
        scores = np.zeros(self.size, dtype=np.float32)
        if not slots or total <= 0 or self.size == 0:
            return scores
        for slot in slots:
            if not slot.alternatives:
                continue
            best = np.zeros(self.size, dtype=np.float32)
            for tid, credit in slot.alternatives:
                start, end = self.posting_offsets[tid], self.posting_offsets[tid + 1]
                entries = self.posting_entries[start:end]
                weights = self.posting_weights[start:end]
                np.maximum.at(best, entries, weights * credit)
            scores += best * slot.weight
        return scores / total

    def search(
        self,
        text: str,
        *,
        limit: int = 10,
        prefix_last: bool = False,
        pool: int = 60,
        slots: list[Slot] | None = None,
        include: Sequence[int] = (),
    ) -> list[Hit]:
        """The best entries for a query, best first; deterministic (ties broken by entry order).

        Pass `slots` when the caller already computed them for this index, and `include` for
        entries to score whatever their coverage (candidates another matcher found); they are
        returned beside the `limit` best.
        """
        if slots is None:
            slots = self.slots(text, prefix_last=prefix_last)
        if not slots:
            return []
        cov = self.coverage(slots)
        candidates = np.flatnonzero(cov > 0)
        if candidates.size > pool:
            top = np.argpartition(-cov[candidates], pool - 1)[:pool]
            candidates = candidates[top]
        entries = candidates.tolist()
        have = set(entries)
        entries.extend(e for e in dict.fromkeys(include) if 0 <= e < self.size and e not in have)
        if not entries:
            return []
        similarities = self._similarities(" ".join(sorted(s.word for s in slots)), entries)
        hits: list[Hit] = []
        for entry, similarity in zip(entries, similarities, strict=True):
            coverage = float(cov[entry])
            score = COVERAGE_MIX * coverage + (1.0 - COVERAGE_MIX) * similarity
            hits.append(Hit(entry, min(1.0, score), coverage, similarity))
        hits.sort(key=lambda h: (-round(h.score, 4), h.entry))
        wanted = set(include)
        kept = hits[:limit] + [h for h in hits[limit:] if h.entry in wanted]
        return [
            Hit(h.entry, round(h.score, 4), round(h.coverage, 4), round(h.similarity, 4))
            for h in kept
        ]

    def _similarities(self, query_key: str, entries: list[int]) -> list[float]:
        """For each entry, the best fuzzy similarity of the query to one of its phrasings."""
        keys: list[str] = []
        bounds: list[tuple[int, int]] = []
        for entry in entries:
            found = self.entry_keys(entry)
            bounds.append((len(keys), len(keys) + len(found)))
            keys.extend(found)
        if not keys or not query_key:
            return [0.0] * len(entries)
        scores = process.cdist([query_key], keys, scorer=fuzz.ratio, dtype=np.float32)[0]
        return [float(scores[a:b].max()) / 100.0 if b > a else 0.0 for a, b in bounds]

    def entry_keys(self, entry: int) -> list[str]:
        """The entry's phrase keys, decoded from their compact bytes once and remembered for
        the last `KEYS_MEMO` entries asked about: a question's candidates are mostly the same
        few facts, and decoding their keys again for every question cost about 0.5 ms of a
        10 ms `ask` on the shipped knowledge (mean over 3,000 questions, both matchers)."""
        memo = self._keys
        found = memo.get(entry)
        if found is None:
            start, end = int(self.phrase_starts[entry]), int(self.phrase_starts[entry + 1])
            found = self.phrase_keys[start:end]
            if len(memo) >= KEYS_MEMO:
                memo.clear()
            memo[entry] = found
        return found


def fact_fields(
    questions: Iterable[str], answer: str, tags: Iterable[str], quotes: Iterable[str]
) -> list[Field]:
    """The weighted fields of a fact: its questions count fully, the rest as weaker evidence."""
    fields = [Field(q, QUESTION_WEIGHT) for q in questions]
    fields.append(Field(" ".join(tags).replace("-", " "), TAG_WEIGHT))
    fields.append(Field(answer, ANSWER_WEIGHT))
    fields.extend(Field(q, QUOTE_WEIGHT) for q in quotes)
    return fields
