"""Which of an entry's phrasings to show: the closest to what was typed, in the script it was
typed in, or the one sharing the most of the question's words for a suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from .indexbuild import IndexBase
from .simplify import simplify
from .tokens import tokenize


class Phrasings(IndexBase):
    """The phrasing of an entry of an index (`search.Index`) to offer for a question."""

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
