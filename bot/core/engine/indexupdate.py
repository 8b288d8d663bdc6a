"""An index updated in place of a rebuild, when moderators add, edit and remove facts.

Only the fresh entries are tokenized; the kept entries' postings and phrase keys are remapped
in a few vectorised passes, and the result must equal a cold build of the same entries.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Self

import numpy as np

from .indexbuild import Field, IndexBase, typo_key
from .postings import KeyList, phrase_key
from .tokens import tokenize


class IndexUpdate(IndexBase):
    """The incremental update of an index (`search.Index`)."""

    def updated(
        self,
        kept: np.ndarray,
        fresh: Sequence[Sequence[Field]],
        fresh_phrases: Sequence[Sequence[str]],
    ) -> Self:
        """A new index in which entry i is old entry `kept[i]`, or, where `kept[i]` is -1, the
        next of `fresh` (fields) with the next of `fresh_phrases`. This index is not changed.

        Kept entries must keep their relative order (`kept` increases where it is not -1), as
        they do when moderators add, edit and remove facts. Only the fresh entries are
        tokenized; the postings of the others are remapped in a few vectorised passes. The
        result holds exactly what a cold build of the same entries holds: the same postings,
        weights, IDF, vocabulary, typo pools and phrase keys (token ids may differ, and nothing
        depends on their values).
        """
        kept = np.asarray(kept, dtype=np.int64)
        size = int(kept.size)
        fresh_at = np.flatnonzero(kept < 0)
        if fresh_at.size != len(fresh) or len(fresh) != len(fresh_phrases):
            raise ValueError("one fields list and one phrases list per fresh entry")
        kept_at = np.flatnonzero(kept >= 0)
        if kept_at.size and np.any(np.diff(kept[kept_at]) <= 0):
            raise ValueError("kept entries must keep their order")
        new = object.__new__(type(self))  # an Index: the class this update is mixed into
        new.aliases = self.aliases
        new.size = size
        # Shared with this index until a fresh entry brings a token never seen (copied then):
        # copying a vocabulary of hundreds of thousands of tokens was a large part of an edit.
        ids = self._ids
        tokens = self.tokens
        memo: dict[str, list[str]] = {}

        def tokens_of(text: str) -> list[str]:
            found = memo.get(text)
            if found is None:
                found = memo[text] = tokenize(text, self.aliases)
            return found

        # The fresh entries' postings, keyed (token id, entry) like the CSR order.
        add_tokens: list[int] = []
        add_entries: list[int] = []
        add_weights: list[float] = []
        for at, fields in zip(fresh_at.tolist(), fresh, strict=True):
            best: dict[int, float] = {}
            for field in fields:
                for token in tokens_of(field.text):
                    tid = ids.get(token)
                    if tid is None:
                        if ids is self._ids:
                            ids, tokens = dict(ids), list(tokens)
                        tid = ids[token] = len(tokens)
                        tokens.append(token)
                    if best.get(tid, 0.0) < field.weight:
                        best[tid] = field.weight
            add_tokens.extend(best)
            add_entries.extend([at] * len(best))
            add_weights.extend(best.values())
        # The kept postings, remapped to their new entry numbers: still sorted by (token, entry)
        # because kept entries keep their order.
        remap = np.full(self.size, -1, dtype=np.int64)
        remap[kept[kept_at]] = kept_at
        old_counts = np.diff(self.posting_offsets)
        posting_tokens = np.repeat(np.arange(old_counts.size, dtype=np.int64), old_counts)
        moved = remap[self.posting_entries]
        keep = moved >= 0
        keep_tokens = posting_tokens[keep]
        keep_entries = moved[keep]
        keep_weights = self.posting_weights[keep]
        del posting_tokens, moved, keep
        stride = size + 1
        a_tok = np.asarray(add_tokens, dtype=np.int64)
        a_ent = np.asarray(add_entries, dtype=np.int64)
        a_w = np.asarray(add_weights, dtype=np.float32)
        a_key = a_tok * stride + a_ent
        order = np.argsort(a_key, kind="stable")
        a_tok, a_ent, a_w, a_key = a_tok[order], a_ent[order], a_w[order], a_key[order]
        where = np.searchsorted(keep_tokens * stride + keep_entries, a_key)
        new.posting_entries = np.insert(keep_entries, where, a_ent).astype(np.int32)
        new.posting_weights = np.insert(keep_weights, where, a_w).astype(np.float32)
        counts = np.bincount(keep_tokens, minlength=len(tokens)) + np.bincount(
            a_tok, minlength=len(tokens)
        )
        new._set_counts(counts)
        new.tokens = tokens
        new._ids = ids
        # `vocab` holds exactly the tokens with postings, so the tokens that went and came are
        # where the counts went to or from zero (a pass over the arrays, not the vocabulary).
        was = np.zeros(len(tokens), dtype=bool)
        was[: old_counts.size] = old_counts > 0
        now = counts > 0
        gone = [tokens[t] for t in np.flatnonzero(was & ~now).tolist()]
        came = sorted(tokens[t] for t in np.flatnonzero(now & ~was).tolist())
        if gone or came:
            new.vocab = dict(self.vocab)  # key order is never relied on, only membership
            for token in gone:
                del new.vocab[token]
            for token in came:
                new.vocab[token] = ids[token]
        else:
            new.vocab = self.vocab
        new.sorted_tokens = _sorted_with(self.sorted_tokens, came, gone)
        new.by_length = dict(self.by_length)
        touched: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
        for token, side in [*((t, 0) for t in came), *((t, 1) for t in gone)]:
            key = typo_key(token)
            if key is not None:
                touched.setdefault(key, ([], []))[side].append(token)
        for key, (plus, minus) in touched.items():
            pool = _sorted_with(self.by_length.get(key, []), sorted(plus), minus)
            if pool:
                new.by_length[key] = pool
            else:
                new.by_length.pop(key, None)
        # Phrasings and their keys: kept entries run by run (slices of the old lists and
        # offsets), fresh ones entry by entry.
        phrases: list[Sequence[str]] = []
        pieces: list[KeyList] = []
        parts = [np.zeros(1, dtype=np.int64)]
        total = 0  # phrase keys so far
        fresh_iter = iter(fresh_phrases)
        old_starts = self.phrase_starts
        for begin, end in _runs(kept):
            first = int(kept[begin])
            if first >= 0:
                last = first + (end - begin)
                a, b = int(old_starts[first]), int(old_starts[last])
                phrases.extend(self.phrases[first:last])
                pieces.append(self.phrase_keys.view(a, b))
                parts.append(old_starts[first + 1 : last + 1] + (total - a))
                total += b - a
                continue
            keys: list[str] = []
            for _ in range(end - begin):
                ps = tuple(next(fresh_iter))
                phrases.append(ps)
                keys.extend(phrase_key(tokens_of(p)) for p in ps)
                parts.append(np.asarray([total + len(keys)], dtype=np.int64))
            pieces.append(KeyList.of(keys))
            total += len(keys)
        new.phrases = phrases
        new.phrase_keys = KeyList.concat(pieces)
        new.phrase_starts = np.concatenate(parts).astype(np.int64)
        new._simple_phrases = {}
        new._keys = {}
        return new


def _runs(kept: np.ndarray) -> list[tuple[int, int]]:
    """[begin, end) spans of `kept`: each either consecutive old entries (k, k+1, ...) or
    fresh entries (-1)."""
    if kept.size == 0:
        return []
    fresh = kept < 0
    follows = np.zeros(kept.size, dtype=bool)
    follows[1:] = (fresh[1:] & fresh[:-1]) | (~fresh[1:] & ~fresh[:-1] & (np.diff(kept) == 1))
    begins = np.flatnonzero(~follows).tolist()
    return list(zip(begins, [*begins[1:], int(kept.size)], strict=True))


def _sorted_with(items: list[str], plus: Sequence[str], minus: Sequence[str]) -> list[str]:
    """A sorted list with the (sorted) `plus` inserted and `minus` removed; a copy."""
    if not plus and not minus:
        return items
    out = list(items)
    for token in minus:
        at = bisect.bisect_left(out, token)
        if at < len(out) and out[at] == token:
            del out[at]
    for token in plus:
        bisect.insort(out, token)
    return out
