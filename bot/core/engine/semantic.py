"""The semantic matcher: how close a question is in meaning to each fact.

Each fact is represented by the sentence embeddings of its questions (the ways members ask it)
and of its answer. A question's closeness to a fact is the best cosine between the question
and one of those texts: one phrasing in the member's words is enough, however many others
there are. It finds "when did japan annex korea" for a fact phrased around "colonial rule",
where no word is shared, and it reads Korean and Japanese directly.

Two stores keep this fast and small at 100,000 facts:
- one pooled vector per fact (the normalised mean of its texts, float32), scanned with one
  matrix product to find the facts closest in meaning that the lexical matcher missed;
- every text's own vector in int8 with a per-row scale (a quarter of float32; cosines move by
  about 0.002), read only for the dozen candidate facts of a question.

Vectors are computed once per distinct text and kept in the engine snapshot; an engine built
after a moderator's edit reuses the vectors of every unchanged text and embeds only new ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .embedding import Embedder

BUILD_CHUNK = 4096  # texts embedded and quantised at a time
SHORTLIST = 40  # entries the pooled scan hands to the exact per-text ranking


def _quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes and a per-row scale: code * scale is within 0.5 * scale of each value."""
    full = np.asarray(vectors, dtype=np.float32)
    scale = np.maximum(np.abs(full).max(axis=1), 1e-12) / 127.0
    codes = np.round(full / scale[:, None]).astype(np.int8)
    return codes, scale.astype(np.float32)


def _pooled(codes: np.ndarray, scale: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """One unit vector per entry: the normalised sum of its texts' vectors. Row by row, so an
    entry's pooled vector is the same bits whichever other entries are computed beside it, and
    no temporary as large as the matrix is made (`np.linalg.norm(pooled, axis=1)` squared the
    whole matrix first: 205 MB more at the peak of a 100,000-fact cold start)."""
    size = int(starts.size) - 1
    dim = codes.shape[1] if codes.ndim == 2 else 0
    pooled = np.zeros((size, dim), dtype=np.float32)
    for entry in range(size):
        start, end = int(starts[entry]), int(starts[entry + 1])
        if end > start:
            rows = codes[start:end].astype(np.float32) * scale[start:end, None]
            total = rows.sum(axis=0)
            norm = float(np.sqrt(np.dot(total, total)))
            pooled[entry] = total / max(norm, 1e-12)
    return pooled


class SemanticIndex:
    """Vectors of every entry's texts; the entries nearest a query, and exact closeness."""

    def __init__(
        self,
        embedder: Embedder,
        texts: Sequence[Sequence[str]],
        previous: SemanticIndex | None = None,
    ) -> None:
        self.model = embedder.name
        self.size = len(texts)
        known: dict[str, tuple[np.ndarray, float]] = {}
        if previous is not None and previous.model == self.model:
            known = previous.codes_by_text()
        flat: list[str] = []
        starts = [0]
        for entry_texts in texts:
            flat.extend(dict.fromkeys(t for t in entry_texts if t.strip()))
            starts.append(len(flat))
        self.texts = flat
        self.starts = np.asarray(starts, dtype=np.int64)
        first: dict[str, int] = {}  # each distinct text's first row
        for row, text in enumerate(flat):
            first.setdefault(text, row)
        missing = [t for t in first if t not in known]
        self.embedded = len(missing)  # how many texts this build had to embed
        # An index without a single text has no dimension (0), whatever the model: an update
        # that leaves no text gives the same shapes as this cold build (`updated`).
        dim = next(iter(known.values()))[0].shape[0] if known and flat else 0
        self.codes = np.zeros((len(flat), dim), dtype=np.int8)
        self.scale = np.zeros(len(flat), dtype=np.float32)
        # Embedded and quantised a chunk at a time, each chunk's codes written straight into
        # their rows: a build of 100,000 facts holds one chunk of float32 vectors beside the
        # int8 rows it keeps, and no second copy of those rows.
        for chunk in range(0, len(missing), BUILD_CHUNK):
            part = missing[chunk : chunk + BUILD_CHUNK]
            codes, scale = _quantise(embedder.embed(part))
            if self.codes.shape[1] != codes.shape[1]:
                self.codes = np.zeros((len(flat), codes.shape[1]), dtype=np.int8)
            rows = np.fromiter((first[t] for t in part), dtype=np.int64, count=len(part))
            self.codes[rows] = codes
            self.scale[rows] = scale
            del codes, scale, rows
        for text, row in first.items():
            if text in known:
                self.codes[row], self.scale[row] = known[text]
        del known
        # A text listed by several entries: its later rows copy the first.
        copies = [(row, first[text]) for row, text in enumerate(flat) if first[text] != row]
        if copies:
            to, source = (np.asarray(c, dtype=np.int64) for c in zip(*copies, strict=True))
            self.codes[to] = self.codes[source]
            self.scale[to] = self.scale[source]
        del first, copies
        self.pooled = _pooled(self.codes, self.scale, self.starts)

    def updated(
        self, embedder: Embedder, kept: np.ndarray, fresh: Sequence[Sequence[str]]
    ) -> SemanticIndex:
        """A new index in which entry i is old entry `kept[i]`, or, where `kept[i]` is -1, the
        next of `fresh` (texts); see `Index.updated`. This index is not changed.

        Kept entries keep their rows and pooled vectors (copied, never recomputed); a fresh
        entry's texts reuse the stored vector of the same text when this index has one and are
        embedded otherwise, so an edit embeds only the texts it changed. The result is what a
        cold build of the same entries holds, as long as a text's vector depends on the text
        alone (see the equivalence test).
        """
        if embedder.name != self.model:
            raise ValueError("an update needs the model the index was built with")
        kept = np.asarray(kept, dtype=np.int64)
        fresh_at = np.flatnonzero(kept < 0)
        kept_at = np.flatnonzero(kept >= 0)
        if fresh_at.size != len(fresh):
            raise ValueError("one list of texts per fresh entry")
        fresh_texts = [list(dict.fromkeys(t for t in texts if t.strip())) for texts in fresh]
        wanted = {t for texts in fresh_texts for t in texts}
        # Where the fresh texts are stored already (one pass over the texts, stopping once
        # all are found): an edit usually keeps most of a fact's phrasings.
        found: dict[str, int] = {}
        if wanted:
            for row, text in enumerate(self.texts):
                if text in wanted and text not in found:
                    found[text] = row
                    if len(found) == len(wanted):
                        break
        missing = [t for t in dict.fromkeys(t for ts in fresh_texts for t in ts) if t not in found]
        embedded: dict[str, tuple[np.ndarray, float]] = {}
        for chunk in range(0, len(missing), BUILD_CHUNK):
            part = missing[chunk : chunk + BUILD_CHUNK]
            codes, scale = _quantise(embedder.embed(part))
            embedded.update(zip(part, zip(codes, scale.tolist(), strict=True), strict=True))
        new = object.__new__(SemanticIndex)
        new.model = self.model
        new.size = int(kept.size)
        new.embedded = len(missing)
        # Row sources: an old row number, or -1 for a freshly embedded text.
        lengths = np.zeros(new.size, dtype=np.int64)
        old_lengths = np.diff(self.starts)
        lengths[kept_at] = old_lengths[kept[kept_at]]
        lengths[fresh_at] = [len(ts) for ts in fresh_texts]
        new.starts = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        rows = int(new.starts[-1])
        dim = self.codes.shape[1] if self.codes.ndim == 2 and self.codes.shape[1] else 0
        if not dim and embedded:
            dim = next(iter(embedded.values()))[0].shape[0]
        if not rows:
            dim = 0  # no text left: no dimension, as a cold build of no text has
        source_row = np.full(rows, -1, dtype=np.int64)
        texts: list[str] = []
        fresh_iter = iter(fresh_texts)
        for entry, old in enumerate(kept.tolist()):
            start = int(new.starts[entry])
            if old >= 0:
                a, b = int(self.starts[old]), int(self.starts[old + 1])
                source_row[start : start + b - a] = np.arange(a, b)
                texts.extend(self.texts[a:b])
            else:
                entry_texts = next(fresh_iter)
                for offset, text in enumerate(entry_texts):
                    if text in found:
                        source_row[start + offset] = found[text]
                texts.extend(entry_texts)
        new.texts = texts
        new.codes = np.zeros((rows, dim), dtype=np.int8)
        new.scale = np.zeros(rows, dtype=np.float32)
        reused = np.flatnonzero(source_row >= 0)
        if reused.size:
            new.codes[reused] = self.codes[source_row[reused]]
            new.scale[reused] = self.scale[source_row[reused]]
        for row in np.flatnonzero(source_row < 0).tolist():
            new.codes[row], new.scale[row] = embedded[texts[row]]
        new.pooled = np.zeros((new.size, dim), dtype=np.float32)
        if self.pooled.shape[1] == dim:
            # Otherwise this index had no text (its entries' pooled vectors are all zero) or
            # the new one has none.
            new.pooled[kept_at] = self.pooled[kept[kept_at]]
        if fresh_at.size:
            fresh_starts = np.concatenate(([0], np.cumsum(lengths[fresh_at])))
            fresh_rows = np.concatenate(
                [np.arange(new.starts[e], new.starts[e + 1]) for e in fresh_at.tolist()]
            ).astype(np.int64)
            new.pooled[fresh_at] = _pooled(
                new.codes[fresh_rows], new.scale[fresh_rows], fresh_starts
            )
        return new

    def codes_by_text(self) -> dict[str, tuple[np.ndarray, float]]:
        """Each text's int8 vector and scale, for reuse by the next engine."""
        return {t: (self.codes[i], float(self.scale[i])) for i, t in enumerate(self.texts)}

    def _rows(self, start: int, end: int) -> np.ndarray:
        rows: np.ndarray = self.codes[start:end].astype(np.float32) * self.scale[start:end, None]
        return rows

    def vectors_by_text(self) -> dict[str, np.ndarray]:
        """Each text's vector (as stored), for inspection and tests."""
        return {t: self._rows(i, i + 1)[0] for i, t in enumerate(self.texts)}

    def nearest(self, query: np.ndarray, count: int, shortlist: int = SHORTLIST) -> list[int]:
        """The `count` entries with the closest single text to the query, closest first.

        A fact's pooled vector is the mean of many phrasings, so one phrasing in the member's
        own words ("what year was korea annexed") is diluted by the others: ranked by pooled
        vectors alone, such a fact can miss the top few. The pooled scan (one matrix product,
        cheap at any size) only shortlists `shortlist` entries; those are ranked by their best
        text's cosine, as `closeness` scores them.
        """
        if self.size == 0 or count <= 0 or query.size == 0:
            return []
        cosines = self.pooled @ query.astype(np.float32)
        wide = min(max(count, shortlist), self.size)
        top = np.argpartition(-cosines, wide - 1)[:wide]
        shortlisted = [int(i) for i in top[np.argsort(-cosines[top], kind="stable")]]
        best = self.closeness(query, shortlisted)
        ranked = sorted(shortlisted, key=lambda e: -best[e])  # stable: pooled order breaks ties
        return ranked[: min(count, self.size)]

    def closeness(self, query: np.ndarray, entries: Iterable[int]) -> dict[int, float]:
        """For each entry, the best cosine between the query and one of its texts. `query` is
        one vector, or several as rows (a message's sentences and their mean): the best over
        all."""
        return {
            entry: float(cosines.max()) if cosines.size else -1.0
            for entry, cosines in self.text_cosines(query, entries).items()
        }

    def text_cosines(self, query: np.ndarray, entries: Iterable[int]) -> dict[int, np.ndarray]:
        """For each entry, the cosine of each of its texts (its questions, then its answer) to
        the query, the best over the query's rows; `closeness` is their maximum. Kept by the
        engine to offer each suggested fact by its phrasing closest to the question."""
        out: dict[int, np.ndarray] = {}
        q = query.astype(np.float32).T
        for entry in entries:
            start, end = int(self.starts[entry]), int(self.starts[entry + 1])
            if end <= start:
                out[entry] = np.zeros(0, dtype=np.float32)
                continue
            cosines = self._rows(start, end) @ q
            out[entry] = cosines if cosines.ndim == 1 else cosines.max(axis=1)
        return out
