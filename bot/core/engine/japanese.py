"""Japanese as the index and the alias table read it: a run of kanji and katakana without the
filler words at its edges (`japanese_core`), and a name typed in hiragana found in katakana too
(`in_katakana`).

Japanese puts no space between words, so a run of kanji holds filler next to its topic
("結局何"), and a name is written in either kana; hiragana runs are particles and inflections,
which the tokenizer drops.
"""

from __future__ import annotations

import re

from .scripts import HAN_KATA
from .stopwords import CJK_STOPWORDS

# Japanese filler at the edge of a kanji run: kanji words are not separated by spaces or
# kana, so "結局何が決まった" gives the run 結局何, whose bigrams 結局 and 局何 are no topic.
# Only words of two characters or more are cut, and only when what is left is empty or still
# a word of two (一体化 keeps its 一体; a single kanji such as 教 would cut 教科書).
_JAPANESE_EDGE_FILLERS = tuple(
    sorted(
        {w for w in CJK_STOPWORDS if len(w) >= 2 and HAN_KATA.fullmatch(w)}
        | set("結局 当時 一体 実際 大体 正直 全然 一応".split()),
        key=len,
        reverse=True,
    )
)
_JAPANESE_QUESTION_TAILS = ("何", "誰")


def _without_japanese_fillers(run: str) -> str:
    """The kanji run without filler words at its start or end, and without a question word
    glued to its end ("併合何年" -> 併合, "結局何" -> "")."""
    while True:
        for word in _JAPANESE_EDGE_FILLERS:
            if run.startswith(word) and (len(run) == len(word) or len(run) - len(word) >= 2):
                run = run[len(word) :]
                break
            if run.endswith(word) and len(run) - len(word) >= 2:
                run = run[: -len(word)]
                break
        else:
            if run.endswith(_JAPANESE_QUESTION_TAILS) and len(run) >= 3:
                run = run[:-1]
                continue
            return run


_HIRAGANA_NAME = re.compile(r"[\u3041-\u3096]+")


def in_katakana(name: str) -> str:
    """A name written wholly in hiragana, in katakana (やすくに -> ヤスクニ, いあんふ -> イアンフ),
    or "" for any other name. Japanese writes a name in katakana too (for emphasis or
    distance), and the hiragana one alone missed it: "ヤスクニ" and "イアンフ" were unknown
    words while やすくに and いあんふ named their topics. Only this way round: a katakana name
    is mostly a loanword, and in hiragana it is often another word (ドイツ/どいつ,
    ホンダ/ほんだ). Terms are left alone too: いつ in katakana is the end of ドイツ."""
    if not _HIRAGANA_NAME.fullmatch(name):
        return ""
    return "".join(chr(ord(c) + 0x60) for c in name)


def japanese_core(run: str, keep_stopwords: bool) -> str:
    """What of a run of kanji and katakana the index reads, as bigrams: all of it when
    stopwords are kept; else "" for a stopword, and the run without its edge fillers."""
    if keep_stopwords:
        return run
    return "" if run in CJK_STOPWORDS else _without_japanese_fillers(run)
