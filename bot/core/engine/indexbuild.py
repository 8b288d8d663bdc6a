"""An index's data, built from its entries' weighted fields: the postings, the IDF, the
vocabulary, the typo pools and the phrase keys.

Postings are one flat CSR structure of numpy arrays, so a query touches only the entries that
share a token with it (search.py). Built once from entries or from a cold build's parts, then
changed only by `IndexUpdate.updated`, which must leave exactly what a build would.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np

from .aliases import AliasTable
from .postings import IndexPart, Singles, index_part, merge
from .tokens import tokenize


@dataclass(frozen=True)
class Field:
    """Text of an entry with how strongly a match in it counts (1.0 = a question phrasing)."""

    text: str
    weight: float


class IndexBase:
    """The built data of an index (`search.Index`), with what builds and compares it."""

    def __init__(
        self,
        entries: Sequence[Sequence[Field]],
        aliases: AliasTable,
        phrases: Sequence[Sequence[str]] | None = None,
        memo: dict[str, list[str]] | None = None,
    ) -> None:
        """`memo`: texts already tokenized (filled in here)."""
        # Texts are tokenized once, however many fields and indexes use them (a question is a
        # field and a phrasing; a quote is a fact field and a source passage).
        memo = {} if memo is None else memo

        def tokens_of(text: str) -> list[str]:
            found = memo.get(text)
            if found is None:
                found = memo[text] = tokenize(text, aliases)
            return found

        phrases = phrases if phrases is not None else [[] for _ in entries]
        self._build([index_part(entries, phrases, tokens_of)], aliases, phrases)

    @classmethod
    def from_parts(
        cls, parts: Sequence[IndexPart], aliases: AliasTable, phrases: Sequence[Sequence[str]]
    ) -> Self:
        """The index of the parts' entries, one part after another (a cold build's workers
        make one part per file): the same index as one built from all their entries."""
        if sum(p.size for p in parts) != len(phrases):
            raise ValueError("one phrases list per entry of the parts")
        new = object.__new__(cls)
        new._build(parts, aliases, phrases)
        return new

    def _build(
        self, parts: Sequence[IndexPart], aliases: AliasTable, phrases: Sequence[Sequence[str]]
    ) -> None:
        merged = merge(parts)
        self.aliases = aliases
        self.size = len(phrases)
        vocab = merged.vocab
        self.vocab = vocab
        self.tokens = list(vocab)
        # Every token that has an id, also those no entry contains any more after an update
        # (their ids stay reserved; `vocab` holds only the tokens some entry contains).
        self._ids = vocab
        # Postings in one flat structure (CSR): the entries containing token t, with the weight
        # of the field it is in, are entries[offsets[t]:offsets[t + 1]].
        order = np.argsort(merged.token_ids, kind="stable")
        self.posting_entries = merged.entry_ids[order]
        self.posting_weights = merged.weights[order]
        counts = np.bincount(merged.token_ids, minlength=len(vocab))
        del order, merged.token_ids, merged.entry_ids, merged.weights
        self._set_counts(counts)
        self.sorted_tokens = sorted(vocab)
        # Typo candidates by (first letter, length): slips keep the first letter. Each pool is
        # sorted, so that ties between candidates break the same way however the vocabulary
        # grew (a cold build and an incrementally updated index must correct alike).
        self.by_length: dict[tuple[str, int], list[str]] = {}
        for token in self.sorted_tokens:
            if typo_key(token) is not None:
                self.by_length.setdefault((token[0], len(token)), []).append(token)
        # Per entry: the phrasings shown to users and compared for similarity.
        # (Tuples are kept as given: a fact's questions are shared with the fact, not copied.)
        self.phrases: Sequence[Sequence[str]] = (
            phrases if isinstance(phrases, Singles) else [tuple(p) for p in phrases]
        )
        self._simple_phrases: dict[int, list[str]] = {}
        # Phrasings as sorted token strings: fuzz.ratio on them is token_sort_ratio, and all of
        # a query's candidates are scored in one rapidfuzz call.
        self.phrase_keys = merged.keys
        self.phrase_starts = merged.phrase_starts
        self._keys: dict[int, list[str]] = {}

    def __getstate__(self) -> dict[str, object]:
        """Pickled without its memos (`entry_keys`, `_simple`): a snapshot holds the index as
        built, whatever questions it has seen."""
        state = dict(self.__dict__)
        state["_keys"] = {}
        state["_simple_phrases"] = {}
        return state

    def _set_counts(self, counts: np.ndarray) -> None:
        """Offsets and IDF from the number of entries per token id."""
        self.posting_offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self.idf = _idf(self.size, counts)
        self.unknown_idf = float(math.log1p(max(self.size, 1) / 0.5))

    def contents(self) -> dict[str, object]:
        """Everything the index answers from, independent of token ids (to compare builds)."""
        postings = {}
        for token, tid in self.vocab.items():
            a, b = int(self.posting_offsets[tid]), int(self.posting_offsets[tid + 1])
            postings[token] = (
                self.posting_entries[a:b].tolist(),
                self.posting_weights[a:b].tolist(),
                float(self.idf[tid]),
            )
        return {
            "size": self.size,
            "postings": postings,
            "unknown_idf": self.unknown_idf,
            "sorted_tokens": self.sorted_tokens,
            "by_length": self.by_length,
            "phrases": [list(p) for p in self.phrases],
            "phrase_keys": self.phrase_keys.tolist(),
            "phrase_starts": self.phrase_starts.tolist(),
        }


def typo_key(token: str) -> tuple[str, int] | None:
    return (token[0], len(token)) if token.isascii() and token.isalpha() else None


def _idf(size: int, counts: np.ndarray) -> np.ndarray:
    """IDF per token id from its entry count: computed once per distinct count with
    `math.log1p`, so a token's IDF never depends on where its id sits in the array (a
    vectorised log may round the tail of an array differently)."""
    n = max(size, 1)
    distinct, inverse = np.unique(np.maximum(counts, 1), return_inverse=True)
    values = np.asarray([math.log1p(n / int(c)) for c in distinct.tolist()], dtype=np.float32)
    out: np.ndarray = values[inverse].reshape(-1) if counts.size else np.zeros(0, np.float32)
    return out
