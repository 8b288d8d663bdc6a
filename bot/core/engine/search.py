"""The matcher: an inverted index over weighted fields, scored by weighted query coverage.

Why coverage: the question "how many coast guard ships patrol dokdo" shares three words with a
fact about the Coast Guard on Dokdo, yet the fact cannot answer it. Scoring each entry by the
share of the query's *informative* words (IDF-weighted; unknown words weigh the most) that it
contains makes such a match score low, while a typo'd or reworded question that hits the
fact's key words scores high. Candidates come from numpy posting arrays, so a query touches
only entries sharing a token with it, and scales to 100,000 facts.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .text import (
    ENGLISH_STOPWORDS,
    GENERIC_WORDS,
    AliasTable,
    simplify,
    stem,
    tokenize,
    tokenize_words,
)

MAX_QUERY_TOKENS = 48
TYPO_MIN_LENGTH = 4
TYPO_CUTOFF = 80.0
TYPO_CREDIT = 0.95
NUMBER_CREDIT = 0.9
# How much a query word that no entry contains weighs, relative to the rarest known word.
UNKNOWN_SCALE = 1.0
# The final score mixes coverage with the best phrasing's fuzzy similarity.
COVERAGE_MIX = 0.7
QUESTION_WEIGHT = 1.0
TAG_WEIGHT = 0.8
ANSWER_WEIGHT = 0.8
QUOTE_WEIGHT = 0.8
# Misspelt filler ("actualy", "basicaly", "exactley") is filler, not a word the knowledge lacks:
# an unknown word this close to a stopword or an everyday word is dropped from the query.
FILLER_CUTOFF = 88.0
_FILLER_STEMS = tuple(
    sorted({stem(w) for w in ENGLISH_STOPWORDS | GENERIC_WORDS if len(w) >= 4 and w.isalpha()})
)


@dataclass(frozen=True)
class Field:
    """Text of an entry with how strongly a match in it counts (1.0 = a question phrasing)."""

    text: str
    weight: float


@dataclass(frozen=True)
class Slot:
    """One informative word of the query and the index tokens that may stand for it."""

    word: str
    weight: float
    alternatives: tuple[tuple[int, float], ...]  # (token id, credit)
    group: int = 0  # which word of the query it comes from (bigrams of one word share it)


@dataclass(frozen=True)
class Hit:
    """An entry and how well it matches."""

    entry: int
    score: float
    coverage: float
    similarity: float


class Index:
    """A searchable set of entries (facts or source passages)."""

    def __init__(
        self,
        entries: Sequence[Sequence[Field]],
        aliases: AliasTable,
        phrases: Sequence[Sequence[str]] | None = None,
        memo: dict[str, list[str]] | None = None,
    ) -> None:
        self.aliases = aliases
        self.size = len(entries)
        vocab: dict[str, int] = {}
        rows: list[list[int]] = []
        weights: list[list[float]] = []
        # Texts are tokenized once, however many fields and indexes use them (a question is a
        # field and a phrasing; a quote is a fact field and a source passage).
        memo = {} if memo is None else memo

        def tokens_of(text: str) -> list[str]:
            found = memo.get(text)
            if found is None:
                found = memo[text] = tokenize(text, aliases)
            return found

        for fields in entries:
            best: dict[int, float] = {}
            for field in fields:
                for token in tokens_of(field.text):
                    tid = vocab.setdefault(token, len(vocab))
                    if best.get(tid, 0.0) < field.weight:
                        best[tid] = field.weight
            rows.append(list(best))
            weights.append(list(best.values()))
        self.vocab = vocab
        self.tokens = list(vocab)
        # Postings in one flat structure (CSR): the entries containing token t, with the weight
        # of the field it is in, are entries[offsets[t]:offsets[t + 1]].
        token_ids = np.fromiter((t for row in rows for t in row), dtype=np.int32)
        entry_ids = np.repeat(np.arange(self.size, dtype=np.int32), [len(r) for r in rows])
        field_weights = np.fromiter((w for row in weights for w in row), dtype=np.float32)
        order = np.argsort(token_ids, kind="stable")
        self.posting_entries = entry_ids[order]
        self.posting_weights = field_weights[order]
        counts = np.bincount(token_ids, minlength=len(vocab))
        self.posting_offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        n = max(self.size, 1)
        self.idf = np.log1p(n / np.maximum(counts, 1)).astype(np.float32)
        self.unknown_idf = float(math.log1p(n / 0.5))
        self.sorted_tokens = sorted(vocab)
        # Typo candidates by (first letter, length): slips keep the first letter.
        self.by_length: dict[tuple[str, int], list[str]] = {}
        for token in vocab:
            if token.isascii() and token.isalpha():
                self.by_length.setdefault((token[0], len(token)), []).append(token)
        # Per entry: the phrasings shown to users and compared for similarity.
        self.phrases: list[list[str]] = (
            [list(p) for p in phrases] if phrases is not None else [[] for _ in entries]
        )
        self._simple_phrases: dict[int, list[str]] = {}
        # Phrasings as sorted token strings: fuzz.ratio on them is token_sort_ratio, and all of
        # a query's candidates are scored in one rapidfuzz call.
        self.phrase_keys: list[str] = []
        starts = [0]
        for ps in self.phrases:
            self.phrase_keys.extend(" ".join(sorted(tokens_of(p))) for p in ps)
            starts.append(len(self.phrase_keys))
        self.phrase_starts = np.asarray(starts, dtype=np.int64)

    # -- query side -----------------------------------------------------------------------

    def slots(self, text: str, *, prefix_last: bool = False) -> list[Slot]:
        """The query's informative words, each with the index tokens that may stand for it."""
        # A word that became several bigrams (Korean, Japanese) shares one word's weight.
        share: dict[str, float] = {}
        group_of: dict[str, int] = {}
        for number, group in enumerate(tokenize_words(text, self.aliases)):
            for token in group:
                if token not in share and len(share) < MAX_QUERY_TOKENS:
                    share[token] = 1.0 / len(group)
                    group_of[token] = number
        words = list(share)
        out: list[Slot] = []
        for i, word in enumerate(words):
            is_last = i == len(words) - 1
            alts = self._alternatives(word, prefix=prefix_last and is_last)
            if alts:
                weight = max(float(self.idf[t]) for t, _ in alts)
            elif _is_misspelt_filler(word):
                continue
            else:
                weight = self.unknown_idf * UNKNOWN_SCALE
            out.append(Slot(word, weight * share[word], tuple(alts), group_of[word]))
        if prefix_last:
            out = self._complete_phrase(text, out)
        return out

    def _complete_phrase(self, text: str, slots: list[Slot]) -> list[Slot]:
        """Let a half-typed multi-word name ("winter son") complete its alias token."""
        raw = simplify(text).split()
        for size in (3, 2):
            if len(raw) < size:
                continue
            prefix = "_".join(raw[-size:])
            start = bisect.bisect_left(self.sorted_tokens, prefix)
            found = [t for t in self.sorted_tokens[start : start + 20] if t.startswith(prefix)]
            if found:
                covered = {stem(w) for w in raw[-size:]} | set(raw[-size:])
                kept = [s for s in slots if s.word not in covered]
                alts = tuple((self.vocab[t], 1.0) for t in found)
                weight = max(float(self.idf[t]) for t, _ in alts)
                return [*kept, Slot(prefix, weight, alts, len(slots))]
        return slots

    def _alternatives(self, word: str, *, prefix: bool) -> list[tuple[int, float]]:
        tid = self.vocab.get(word)
        alts: dict[int, float] = {}
        if tid is not None:
            alts[tid] = 1.0
        if word.isdigit() and len(word) == 2:
            for century in ("19", "20"):
                other = self.vocab.get(century + word)
                if other is not None:
                    alts[other] = NUMBER_CREDIT
        if prefix and len(word) >= 2:
            start = bisect.bisect_left(self.sorted_tokens, word)
            for token in self.sorted_tokens[start : start + 40]:
                if not token.startswith(word):
                    break
                alts.setdefault(self.vocab[token], 0.95)
        if not alts and len(word) >= TYPO_MIN_LENGTH and word.isascii() and word.isalpha():
            for fixed, score, _ in self._typo_candidates(word):
                alts[self.vocab[fixed]] = TYPO_CREDIT * score / 100.0
        return sorted(alts.items())

    def _typo_candidates(self, word: str) -> list[tuple[str, float, int]]:
        pool: list[str] = []
        for length in range(len(word) - 2, len(word) + 3):
            pool.extend(self.by_length.get((word[0], length), ()))
        if not pool:
            return []
        cutoff = TYPO_CUTOFF if len(word) >= 6 else 85.0
        found = process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=4)
        # Typing slips keep a word's first and last letters ("foriegn", "minster", "victms");
        # a different real word usually does not ("statues" is not "status").
        return [c for c in found if c[0][0] == word[0] and c[0][-1] == word[-1]][:2]

    # -- scoring --------------------------------------------------------------------------

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
            start, end = int(self.phrase_starts[entry]), int(self.phrase_starts[entry + 1])
            bounds.append((len(keys), len(keys) + end - start))
            keys.extend(self.phrase_keys[start:end])
        if not keys or not query_key:
            return [0.0] * len(entries)
        scores = process.cdist([query_key], keys, scorer=fuzz.ratio, dtype=np.float32)[0]
        return [float(scores[a:b].max()) / 100.0 if b > a else 0.0 for a, b in bounds]

    def best_phrase(self, entry: int, simple_query: str) -> str:
        """The entry's phrasing closest to what the user typed (already `simplify`-ed)."""
        phrases = self.phrases[entry]
        if not phrases:
            return ""
        simple = self._simple_phrases.get(entry)
        if simple is None:  # computed on first use: most entries are never suggested
            simple = self._simple_phrases[entry] = [simplify(p) for p in phrases]
        best = process.extractOne(simple_query, simple, scorer=fuzz.WRatio)
        return phrases[best[2]] if best else phrases[0]


def _is_misspelt_filler(word: str) -> bool:
    if len(word) < 5 or not word.isascii() or not word.isalpha():
        return False
    found = process.extractOne(word, _FILLER_STEMS, scorer=fuzz.ratio, score_cutoff=FILLER_CUTOFF)
    return found is not None and found[0][0] == word[0]


def fact_fields(
    questions: Iterable[str], answer: str, tags: Iterable[str], quotes: Iterable[str]
) -> list[Field]:
    """The weighted fields of a fact: its questions count fully, the rest as weaker evidence."""
    fields = [Field(q, QUESTION_WEIGHT) for q in questions]
    fields.append(Field(" ".join(tags).replace("-", " "), TAG_WEIGHT))
    fields.append(Field(answer, ANSWER_WEIGHT))
    fields.extend(Field(q, QUOTE_WEIGHT) for q in quotes)
    return fields
