"""Misspelt names: a member's word that no text knows, read as the alias word it misspells.

The lexical matcher forgives a typo in an ordinary word (`Index._typo_candidates` offers the
vocabulary's nearest spellings), but not in a name: alias names are replaced by their group's
token before indexing, so "indepedence from japan" or "tekeshima" never reach the name they
misspell, and the rules that need the question's names found in the fact see none. The alias
file lists the common misspellings of the best-known names ("takeshma", "dokdoo"); this reads
every other one the same way, with the matcher's own rules for a typing slip: a word of five
letters or more that neither the alias table, the indexes nor the stopword lists know, close to
one alias word only (rapidfuzz ratio at least 80, 85 under six letters), with the same first and
last letter ("statues" is not "status") unless the slip swapped two neighbouring letters
("gsomai"). Only the word is replaced: the alias table then decides whether the words around
it make a name.

The alias table holds ordinary words too (its groups gather a concept's synonyms), and members
write many real words no text of ours has: "legally" is one slip from no alias word but two from
"lally", "partly" one from "party", "crash" one from "cash". So a word must also be missing from
an English dictionary: pyspellchecker's (160,000 words counted in OpenSubtitles and cleaned of
rare spellings, MIT, no dependencies of its own, 7 MB installed), read the first time a word
needs it (0.2 s; about 18 MB kept as a set, 33 MB while it is read). On the tuning sets every
correction it allowed was a misspelling.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable

from rapidfuzz import fuzz, process
from spellchecker import SpellChecker

from .aliases import AliasTable
from .stemming import stem
from .stopwords import ENGLISH_STOPWORDS, GENERIC_WORDS

MIN_LENGTH = 5
CUTOFF = 80.0
SHORT_CUTOFF = 85.0  # under six letters one slip is a larger share of the word
# Latin letters as typed, full-width ones too ("ｉｎｄｅｐｅｎｄａｎｃｅ", from a Japanese or
# Korean keyboard left in full-width mode): the matchers read those as ASCII (NFKC), so a
# slip in one is a slip all the same.
_WORD = re.compile(r"[A-Za-z\uff21-\uff3a\uff41-\uff5a]+")


class NameSpeller:
    """Corrects misspelt alias words in a message (see the module's docstring)."""

    def __init__(self, aliases: AliasTable) -> None:
        words = {w for phrase in aliases.phrases for w in phrase if w.isascii() and w.isalpha()}
        self.words = frozenset(words)
        # Candidates by first letter: a slip keeps the first letter, and the pool stays small.
        pools: dict[str, list[str]] = {}
        for word in sorted(words):
            if len(word) >= MIN_LENGTH - 2:
                pools.setdefault(word[0], []).append(word)
        self.pools = {letter: tuple(pool) for letter, pool in pools.items()}

    def correct(self, text: str, known: Callable[[str], bool]) -> str:
        """`text` with each misspelt alias word replaced by the word it misspells; `known`
        tells whether an index knows a (lowercase) word, so that no real word is changed."""
        if not text.isascii() and _WORD.search(text) is None:
            return text
        return _WORD.sub(lambda m: self._fixed(m.group(), known), text)

    def _fixed(self, word: str, known: Callable[[str], bool]) -> str:
        lower = (word if word.isascii() else unicodedata.normalize("NFKC", word)).lower()
        if (
            len(lower) < MIN_LENGTH
            or lower in self.words
            or lower in ENGLISH_STOPWORDS
            or lower in GENERIC_WORDS
            or known(lower)
        ):
            return word
        pool = [w for w in self.pools.get(lower[0], ()) if abs(len(w) - len(lower)) <= 2]
        cutoff = CUTOFF if len(lower) >= 6 else SHORT_CUTOFF
        found = [
            (w, score)
            for w, score, _ in process.extract(
                lower, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
            )
            if w[-1] == lower[-1] or _swapped(w, lower)
        ]
        if not found or (len(found) > 1 and found[1][1] == found[0][1]):
            return word  # no alias word is this close, or two are equally close
        return found[0][0]


def _swapped(word: str, typed: str) -> bool:
    """Whether `typed` is `word` with two neighbouring letters swapped, the commonest slip of
    all: at the end too ("gsomai"), where the rule of the same last letter would refuse it."""
    if len(word) != len(typed):
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, typed, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and word[diff[0]] == typed[diff[1]]
        and word[diff[1]] == typed[diff[0]]
    )


def known_to(*vocabularies: dict[str, int]) -> Callable[[str], bool]:
    """`known` for `NameSpeller.correct`: a word some index holds as written or by its stem,
    or an English word."""

    def known(word: str) -> bool:
        stemmed = stem(word)
        if any(word in v or stemmed in v for v in vocabularies):
            return True
        return word in english_words()

    return known


_ENGLISH: frozenset[str] | None = None
_ENGLISH_LOCK = threading.Lock()


def english_words() -> frozenset[str]:
    """pyspellchecker's English words, lowercase; read once, by the first caller (questions
    are answered in worker threads: the others wait for it rather than read it again)."""
    global _ENGLISH
    if _ENGLISH is None:
        with _ENGLISH_LOCK:
            if _ENGLISH is None:
                counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
                _ENGLISH = frozenset(counts)
    return _ENGLISH
