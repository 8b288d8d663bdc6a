"""The query side of the matcher: a question's informative words, each with the index
tokens that may stand for it (the word itself, a two-digit year's centuries, the completions
of a half-typed last word, a typo's corrections) and its IDF weight.

A word no entry contains weighs the most, so a question about what the knowledge lacks scores
low; but misspelt filler ("actualy") is dropped, not counted as such a word.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .indexbuild import IndexBase
from .simplify import simplify
from .stemming import stem
from .stopwords import ENGLISH_STOPWORDS, GENERIC_WORDS
from .tokens import tokenize_words

MAX_QUERY_TOKENS = 48
TYPO_MIN_LENGTH = 4
TYPO_CUTOFF = 80.0
TYPO_CREDIT = 0.95
NUMBER_CREDIT = 0.9
# How much a query word that no entry contains weighs, relative to the rarest known word.
UNKNOWN_SCALE = 1.0
# Misspelt filler ("actualy", "basicaly", "exactley") is filler, not a word the knowledge lacks:
# an unknown word this close to a stopword or an everyday word is dropped from the query.
FILLER_CUTOFF = 88.0
_FILLER_STEMS = tuple(
    sorted({stem(w) for w in ENGLISH_STOPWORDS | GENERIC_WORDS if len(w) >= 4 and w.isalpha()})
)


@dataclass(frozen=True)
class Slot:
    """One informative word of the query and the index tokens that may stand for it."""

    word: str
    weight: float
    alternatives: tuple[tuple[int, float], ...]  # (token id, credit)
    group: int = 0  # which word of the query it comes from (bigrams of one word share it)


class QuerySlots(IndexBase):
    """A query read into slots against an index's vocabulary (`search.Index`)."""

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


def _is_misspelt_filler(word: str) -> bool:
    if len(word) < 5 or not word.isascii() or not word.isalpha():
        return False
    found = process.extractOne(word, _FILLER_STEMS, scorer=fuzz.ratio, score_cutoff=FILLER_CUTOFF)
    return found is not None and found[0][0] == word[0]
