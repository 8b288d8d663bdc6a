"""The compact parts an Index is built from (issue 17).

An index's entries are read in pieces: a cold build's workers each turn one fact file (or a
chunk of documents) into an `IndexPart` (its own token list, each entry's token numbers and
weights as arrays, each phrasing's key), and the building process merges the parts with a
dictionary lookup per distinct token of a part and a few numpy passes, instead of a Python
loop over millions of tokens. `Index(...)` builds its one part the same way, so both paths
give the same postings and the same token ids.

Phrase keys (each phrasing's tokens, sorted and joined) are kept as a `KeyList`: one UTF-8
blob and the byte offset where each key ends. 620,000 keys as Python strings took about 80 MB
and as many objects to pickle into the engine snapshot and read back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, overload

import numpy as np


class Weighted(Protocol):
    """A field of an entry (indexbuild.Field): a text and how strongly a match in it counts."""

    @property
    def text(self) -> str: ...

    @property
    def weight(self) -> float: ...


class KeyList:
    """An immutable list of strings stored as one UTF-8 blob with the end offset of each."""

    def __init__(self, blob: bytes = b"", ends: np.ndarray | None = None) -> None:
        self.blob = blob
        self.ends: np.ndarray = np.zeros(0, np.int64) if ends is None else ends

    @classmethod
    def of(cls, keys: Iterable[str]) -> KeyList:
        """The KeyList holding `keys`, in order."""
        encoded = [key.encode("utf-8") for key in keys]
        sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        return cls(b"".join(encoded), np.cumsum(sizes, dtype=np.int64))

    @staticmethod
    def concat(parts: Sequence[KeyList]) -> KeyList:
        """One KeyList of `parts`, one after the other."""
        if not parts:
            return KeyList()
        shifts = np.cumsum([0, *(len(p.blob) for p in parts[:-1])], dtype=np.int64).tolist()
        ends = [p.ends + shift for p, shift in zip(parts, shifts, strict=True)]
        return KeyList(b"".join(p.blob for p in parts), np.concatenate(ends).astype(np.int64))

    def __len__(self) -> int:
        return int(self.ends.size)

    @overload
    def __getitem__(self, item: int) -> str: ...

    @overload
    def __getitem__(self, item: slice) -> list[str]: ...

    def __getitem__(self, item: int | slice) -> str | list[str]:
        if isinstance(item, slice):
            start, stop, step = item.indices(len(self))
            if step != 1:
                raise ValueError("a KeyList slice has step 1")
            return self.decode(start, stop)
        at = item + len(self) if item < 0 else item
        if not 0 <= at < len(self):
            raise IndexError(item)
        return self.decode(at, at + 1)[0]

    def _start(self, at: int) -> int:
        return int(self.ends[at - 1]) if at > 0 else 0

    def decode(self, start: int, stop: int) -> list[str]:
        """Keys start..stop-1."""
        if stop <= start:
            return []
        begin = self._start(start)
        out: list[str] = []
        blob = self.blob
        for end in self.ends[start:stop].tolist():
            out.append(blob[begin:end].decode("utf-8"))
            begin = end
        return out

    def take(self, start: int, stop: int) -> KeyList:
        """Keys start..stop-1 as a KeyList (a copy of their bytes)."""
        begin = self._start(start)
        end = self._start(stop) if stop > start else begin
        return KeyList(self.blob[begin:end], self.ends[start:stop] - begin)

    def view(self, start: int, stop: int) -> KeyList:
        """Keys start..stop-1 sharing this list's bytes (no copy), to `concat` with others:
        an update builds the new blob in one copy instead of two."""
        begin = self._start(start)
        end = self._start(stop) if stop > start else begin
        return KeyList(memoryview(self.blob)[begin:end], self.ends[start:stop] - begin)  # type: ignore[arg-type]

    def tolist(self) -> list[str]:
        """Every key, as Python strings."""
        return self.decode(0, len(self))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KeyList):
            return NotImplemented
        return self.blob == other.blob and np.array_equal(self.ends, other.ends)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"KeyList({len(self)} keys, {len(self.blob):,} bytes)"


class Singles(Sequence[tuple[str]]):
    """Each text as the one phrasing of its entry (a passage is its own phrasing), with no
    tuple per entry to keep, pickle and read back: the list of texts is shared with the
    passages."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, item: int) -> tuple[str]: ...

    @overload
    def __getitem__(self, item: slice) -> list[tuple[str]]: ...

    def __getitem__(self, item: int | slice) -> tuple[str] | list[tuple[str]]:
        if isinstance(item, slice):
            return [(text,) for text in self.texts[item]]
        return (self.texts[item],)


@dataclass
class IndexPart:
    """Consecutive entries of an index: what Index needs of them, with token numbers local to
    the part (`vocab[i]` is token i). Each entry's tokens are its distinct tokens in order of
    first occurrence, with the weight of the strongest field holding each."""

    vocab: list[str]  # the part's tokens, in order of first occurrence
    lengths: np.ndarray  # int32: distinct tokens per entry
    ids: np.ndarray  # int32: each entry's tokens, entry after entry
    weights: np.ndarray  # float32, parallel to ids
    phrase_counts: np.ndarray  # int64: phrasings per entry
    keys: KeyList  # each phrasing's key, entry after entry

    @property
    def size(self) -> int:
        """The number of entries."""
        return int(self.lengths.size)


def phrase_key(tokens: Sequence[str]) -> str:
    """A phrasing's key: its tokens sorted (fuzz.ratio on keys is token_sort_ratio)."""
    return " ".join(sorted(tokens))


def index_part(
    entries: Sequence[Sequence[Weighted]],
    phrases: Sequence[Sequence[str]],
    tokens_of: Callable[[str], list[str]],
) -> IndexPart:
    """The part of these entries (each a list of fields) and their phrasings."""
    vocab: dict[str, int] = {}
    ids: list[int] = []
    weights: list[float] = []
    lengths: list[int] = []
    for fields in entries:
        # Keyed by token, in order of first occurrence: ids are then given in the same order
        # as one lookup per occurrence would give them, with one lookup per token.
        best: dict[str, float] = {}
        for field in fields:
            weight = field.weight
            for token in tokens_of(field.text):
                if best.get(token, 0.0) < weight:
                    best[token] = weight
        ids.extend([vocab.setdefault(token, len(vocab)) for token in best])
        weights.extend(best.values())
        lengths.append(len(best))
    keys = KeyList.of(phrase_key(tokens_of(p)) for ps in phrases for p in ps)
    return IndexPart(
        list(vocab),
        np.asarray(lengths, dtype=np.int32),
        np.asarray(ids, dtype=np.int32),
        np.asarray(weights, dtype=np.float32),
        np.asarray([len(ps) for ps in phrases], dtype=np.int64),
        keys,
    )


@dataclass
class Merged:
    """Parts merged: one vocabulary (ids in order of first occurrence over all parts) and the
    postings' raw material, entry after entry."""

    vocab: dict[str, int]
    token_ids: np.ndarray  # int32
    entry_ids: np.ndarray  # int32
    weights: np.ndarray  # float32
    phrase_starts: np.ndarray  # int64, one more than entries
    keys: KeyList


def merge(parts: Sequence[IndexPart]) -> Merged:
    """The parts as one: each part's tokens renumbered in the merged vocabulary."""
    vocab: dict[str, int] = {}
    token_ids: list[np.ndarray] = []
    for part in parts:
        local = np.fromiter(
            (vocab.setdefault(token, len(vocab)) for token in part.vocab),
            dtype=np.int32,
            count=len(part.vocab),
        )
        token_ids.append(local[part.ids])
    lengths = _concat([p.lengths for p in parts], np.int32)
    size = int(lengths.size)
    counts = _concat([p.phrase_counts for p in parts], np.int64)
    return Merged(
        vocab,
        _concat(token_ids, np.int32),
        np.repeat(np.arange(size, dtype=np.int32), lengths),
        _concat([p.weights for p in parts], np.float32),
        np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        KeyList.concat([p.keys for p in parts]),
    )


def _concat(arrays: Sequence[np.ndarray], dtype: type) -> np.ndarray:
    if not arrays:
        return np.zeros(0, dtype=dtype)
    return np.concatenate(arrays).astype(dtype, copy=False)
