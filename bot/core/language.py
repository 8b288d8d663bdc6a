"""Which language a member wrote in: English, Korean or Japanese, read from the scripts used.

The facts are written in English, but the bot's own sentences around them (why it declines,
that it is not sure, "did you mean") are what a member who writes Korean or Japanese reads
first; the front ends say them in the member's language (bot/wording.py).

The scripts are weighed by how much a word of each takes, so that a Korean or Japanese name
inside an English question ("what does 독도 mean") leaves the question English, and an
English name inside a Japanese one ("GSOMIAってなに") leaves it Japanese. Kanji alone count as
Japanese: of the three languages only Japanese is written in them today.

Latin words weigh as English only when English grammar holds them together: a question word,
an auxiliary, an article, a pronoun or a preposition. Without one, Latin words beside Korean or
Japanese are names in a Korean or Japanese sentence ("Takeshima 누구꺼?", "GSOMIAとは",
"Park Geun-hye 위안부 합의"), however many letters they take.

Kanji and katakana beside Korean words or English grammar, the same, weigh as Japanese only
when hiragana (the particles and endings of Japanese grammar, which Korean and English never
write) hold them together: without any, they are names or terms quoted in a Korean or English
sentence ("慰安婦問題 요약해줘", "河野談話 뭐임?", "タケシマ 누구땅", "what is 竹島問題"), whose
four kanji outweighed its other words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Language = Literal["en", "ko", "ja"]
LANGUAGES: tuple[Language, ...] = ("en", "ko", "ja")

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")  # full width too
# A Latin word, its hyphenated or apostrophised parts included ("Jae-in", "what's").
_LATIN_WORD = re.compile(
    r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]+"
    r"(?:['’\-][A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]+)*"
)
# The words of English grammar (with their chat spellings): one of them makes the Latin words
# around it an English sentence. Not the short ones that romanised Korean and Japanese names
# are made of: "in" (Moon Jae in), "an" (An Jung-geun), "no" and "to" (Takeshima no hi), "do",
# "so", "i", "u".
_ENGLISH_GRAMMAR = frozenset(
    """
    the a is are was were be been being am does did has have had can could will would should
    what whats what's wat who whos who's whom whose when where which why how hows
    it its it's this that these those there they them their you your ur we our my me he she his
    her of for from with about into at by on than and or but not if
    isnt isn't wasnt wasn't dont don't doesnt doesn't didnt didn't
    """.split()
)
# Hangul syllables, compatibility jamo (ㅋㅋ, ㅇㅋ) and conjoining jamo, but not the Hangul
# fillers (U+3164, U+115F, U+1160): blanks Discord users type for a space, no letter.
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u3163\u3165-\u318e\u1100-\u115e\u1161-\u11ff]")
# Hiragana, katakana (full and half width, phonetic extensions) and the CJK ideographs.
_JAPANESE = re.compile(r"[\u3041-\u30ff\u31f0-\u31ff\uff66-\uff9d\u3400-\u4dbf\u4e00-\u9fff]")
# What makes a sentence Korean or Japanese rather than a name in one: a Hangul syllable (not
# laughter typed in letters alone, ㅋㅋ), and hiragana.
_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
# Characters per word, about: so that each script's count is a count of words.
_LATIN_PER_WORD = 5.0
_HANGUL_PER_WORD = 2.5
_JAPANESE_PER_WORD = 2.0
# What a member pastes or Discord writes into a message that is in no language: a link ("이 기사
# 사실이야? https://n.news.naver.com/…" has more Latin letters in its link than Hangul in its
# question) and Discord's markup for a mention, a channel, a custom emoji (<:pepe_cry:123>) or
# a timestamp.
_NOT_WORDS = re.compile(
    r"(?:https?://|www\.)\S+|<(?:[@#][!&]?\d+|a?:\w+:\d+|t:-?\d+(?::\w)?|id:\w+)>",
    re.IGNORECASE,
)


def language_of(text: str) -> Language:
    """The language `text` is mostly written in; English when it has no letters at all (a
    number, an emoji) or when two weigh the same and one of them is English. Links and
    Discord's markup are not read: they are written in no language."""
    text = _NOT_WORDS.sub(" ", text)
    words = {
        "en": len(_LATIN.findall(text)) / _LATIN_PER_WORD,
        "ko": len(_HANGUL.findall(text)) / _HANGUL_PER_WORD,
        "ja": len(_JAPANESE.findall(text)) / _JAPANESE_PER_WORD,
    }
    english = _has_english_grammar(text)
    if (words["ko"] or words["ja"]) and not english:
        words["en"] = 0.0  # names in a Korean or Japanese sentence
    if words["ja"] and not _HIRAGANA.search(text) and (english or _HANGUL_SYLLABLE.search(text)):
        words["ja"] = 0.0  # names in a Korean or an English sentence
    best: Language = "en"
    for language in LANGUAGES:
        if words[language] > words[best]:
            best = language
    return best


def _has_english_grammar(text: str) -> bool:
    """Whether a Latin word of `text` is a word of English grammar (`_ENGLISH_GRAMMAR`)."""
    return any(
        unicodedata.normalize("NFKC", word).lower() in _ENGLISH_GRAMMAR
        for word in _LATIN_WORD.findall(text)
    )
