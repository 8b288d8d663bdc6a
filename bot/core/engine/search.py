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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .aliases import AliasTable
from .postings import IndexPart, KeyList, Singles, index_part, merge, phrase_key
from .simplify import simplify
from .stemming import stem
from .stopwords import ENGLISH_STOPWORDS, GENERIC_WORDS
from .tokens import tokenize, tokenize_words

MAX_QUERY_TOKENS = 48
KEYS_MEMO = 4096  # entries whose decoded phrase keys an index remembers (`entry_keys`)
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
    ) -> Index:
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
            if _typo_key(token) is not None:
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

    # -- incremental updates --------------------------------------------------------------

    def updated(
        self,
        kept: np.ndarray,
        fresh: Sequence[Sequence[Field]],
        fresh_phrases: Sequence[Sequence[str]],
    ) -> Index:
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
        new = object.__new__(Index)
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
            key = _typo_key(token)
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

    def best_phrase(self, entry: int, simple_query: str) -> str:
        """The entry's phrasing closest to what the user typed (already `simplify`-ed)."""
        phrases = self.phrases[entry]
        if not phrases:
            return ""
        best = process.extractOne(simple_query, self._simple(entry), scorer=fuzz.WRatio)
        return phrases[best[2]] if best else phrases[0]

    def in_script_of(self, entry: int, simple_query: str) -> list[int]:
        """The numbers of the entry's phrasings written in the script of the question (already
        `simplify`-ed): a Korean question is offered Korean phrasings; all of them when the
        entry has none in that script."""
        simple = self._simple(entry)
        script = _script(simple_query)
        return [k for k, p in enumerate(simple) if _script(p) == script] or list(range(len(simple)))

    def closest_phrase(self, entry: int, simple_query: str, among: Sequence[int]) -> str:
        """Of the entry's phrasings numbered `among`, the one to offer for a question it did
        not answer (already `simplify`-ed), by words when no meaning is known: the one sharing
        the most of the question's words (IDF-weighted, names read through the aliases), then
        the closest as a string. By string alone (`best_phrase`, right for a half-typed
        autocomplete) "when did korea get independence from japan" was offered "why do koreans
        resent japan" for the fact on colonial rule."""
        phrases = self.phrases[entry]
        if not phrases or not among:
            return phrases[0] if phrases else ""
        simple = self._simple(entry)
        weights = {
            t: float(self.idf[self.vocab[t]])
            for t in tokenize(simple_query, self.aliases)
            if t in self.vocab
        }
        fuzzy = process.extract(
            simple_query, {k: simple[k] for k in among}, scorer=fuzz.WRatio, limit=None
        )
        similar = {k: score for _, score, k in fuzzy}

        def closeness(k: int) -> tuple[float, float]:
            shared = set(tokenize(simple[k], self.aliases)) & weights.keys()
            return (round(sum(weights[t] for t in shared), 6), similar.get(k, 0.0))

        return phrases[max(among, key=closeness)]

    def _simple(self, entry: int) -> list[str]:
        simple = self._simple_phrases.get(entry)
        if simple is None:  # computed on first use: most entries are never suggested
            simple = self._simple_phrases[entry] = [simplify(p) for p in self.phrases[entry]]
        return simple


def _script(text: str) -> str:
    """'ko' for text with Hangul, 'ja' for text with kana or kanji, else 'latin'."""
    if text.isascii():
        return "latin"
    if _HANGUL.search(text):
        return "ko"
    return "ja" if _KANA_HAN.search(text) else "latin"


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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


def _typo_key(token: str) -> tuple[str, int] | None:
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
