"""Text to index tokens (`tokenize`), shared by the index and the query, so both sides always
agree.

The pipeline is: NFKC + casefold, drop invisible characters, simplify punctuation (simplify.py),
replace every alias name by its canonical token (aliases.py), then split into tokens here. Latin
words are lightly stemmed (stemming.py); Korean words lose their trailing particles (korean.py);
Han/Katakana/Hangul runs become character bigrams, because neither language puts spaces where
English does and bigrams survive inflection.
"""

from __future__ import annotations

import re

from .aliases import EMPTY_ALIASES, AliasTable
from .japanese import japanese_core
from .korean import korean_core
from .memo import MEMO_WORD_CHARS, keep
from .scripts import HAN_KATA, HANGUL, LATIN_TOKEN, SCRIPT_RUNS
from .stemming import stem
from .stopwords import ENGLISH_STOPWORDS, GENERIC_WORDS

# Chat words members stretch by repeating their last letter ("heyy", "hiii", "okk", "sooo",
# "lolll", "pleasee", "guyss", "umm"). Stretched, such a word was read as one the knowledge
# does not know, the strongest sign to decline: "heyy can someone explain what the asian
# women's fund was" was declined, "hey can ..." answered. Only these words, whose stretched
# forms are no English word: "inn", "bee" or "butt" cut to their stopword would lose a topic.
_STRETCHED_CHAT = frozenset(
    "hey hi hello yo ok okay so lol pls plz please yeah yes thanks guys yall idk btw tho um uh"
    " hm".split()
)
_STRETCHED = re.compile(r"([a-z])\1+$")


def _informative(word: str) -> bool:
    if len(word) <= 1 or word in ENGLISH_STOPWORDS or word in GENERIC_WORDS:
        return False
    stretched = _STRETCHED.search(word)
    if stretched is not None and word[: stretched.start() + 1] in _STRETCHED_CHAT:
        return False
    # An inflection of a filler word is filler too: "meaning", "happening", "things".
    root = stem(word)
    return root == word or (root not in ENGLISH_STOPWORDS and root not in GENERIC_WORDS)


def _bigrams(run: str) -> list[str]:
    if len(run) <= 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokenize(
    text: str, aliases: AliasTable = EMPTY_ALIASES, *, keep_stopwords: bool = False
) -> list[str]:
    """Text to index tokens, in order, with duplicates kept."""
    memo = _WORD_MEMO[keep_stopwords]
    tokens: list[str] = []
    for word in aliases.applied(text).split():
        found = memo.get(word)
        if found is None:
            found = _remember(word, keep_stopwords)
        tokens.extend(found[1])
    return tokens


def tokenize_words(
    text: str, aliases: AliasTable = EMPTY_ALIASES, *, keep_stopwords: bool = False
) -> list[list[str]]:
    """Tokens grouped by the word they come from: a Korean or Japanese word gives several
    bigrams, and the matcher must weigh them together as one word, not as several."""
    memo = _WORD_MEMO[keep_stopwords]
    groups: list[list[str]] = []
    after_latin = False  # the word before is a Latin one: a name, or a name an alias gave
    for word in aliases.applied(text).split():
        if word in _PARTICLE_OR_NAME and not after_latin:
            groups.append([word])
        else:
            found = memo.get(word)
            if found is None:
                found = _remember(word, keep_stopwords)
            groups.extend(map(list, found[0]))
        after_latin = LATIN_TOKEN.fullmatch(word) is not None
    return groups


# A particle that is a name as a word of its own: 이란 is "what is" after a name ("GSOMIA
# 이란?", and "영유권이란?" once the alias has made 영유권 a word of its own), but the country
# Iran at the start of a question or after a Korean word ("이란 일본 관계 어때?"). Dropped
# there as a particle left by an alias, it left "일본 관계 어때" and was answered with the
# fact on the relations of Japan and Korea.
_PARTICLE_OR_NAME = frozenset({"이란"})


# What each word of a simplified text becomes, remembered (a pure function of the word): a cold
# build tokenizes about a million texts of a vocabulary of a few tens of thousands of words,
# and the rules below cost microseconds a word. One memo with stopwords dropped, one with them
# kept: each word's token groups, and their tokens in one tuple. Bounded: cleared when full.
WORD_MEMO = 1 << 16
_Tokens = tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]
_WORD_MEMO: tuple[dict[str, _Tokens], dict[str, _Tokens]] = ({}, {})


def _remember(word: str, keep_stopwords: bool) -> _Tokens:
    groups = tuple(map(tuple, _word_tokens(word, keep_stopwords)))
    # (Most words are one group: its tuple is their tokens too, one object fewer to keep.)
    tokens = groups[0] if len(groups) == 1 else tuple(t for group in groups for t in group)
    found = (groups, tokens)
    # (A long run of kanji or hangul gives a bigram a character: such words are not kept.)
    keep(_WORD_MEMO[keep_stopwords], word, found, WORD_MEMO, MEMO_WORD_CHARS)
    return found


# An ordinal typed with digits ("dec 28th", "the 21st century") is its number: the documents
# write dates "28 December 2015", and "28th" was a word no fact holds, so "what happened on dec
# 28th 2015" lost the day and was declined where "december 28 2015" was answered.
_ORDINAL = re.compile(r"([0-9]+)(?:st|nd|rd|th)")


def _word_tokens(word: str, keep_stopwords: bool) -> list[list[str]]:
    """The token groups of one word of a simplified text (alias tokens included)."""
    if LATIN_TOKEN.fullmatch(word):
        if "_" in word or word.isdigit():
            return [[word]]
        ordinal = _ORDINAL.fullmatch(word)
        if ordinal is not None:
            return [[ordinal[1]]]
        if keep_stopwords or _informative(word):
            return [[stem(word)]]
        return []
    return _mixed_word_tokens(word, keep_stopwords)


def _mixed_word_tokens(word: str, keep_stopwords: bool) -> list[list[str]]:
    """Tokens of a word that mixes scripts, e.g. '2007년에', 'dokdo는' or '慰安婦で多かった',
    grouped by script run."""
    out: list[list[str]] = []
    for run in SCRIPT_RUNS.findall(word):
        if LATIN_TOKEN.fullmatch(run):
            if "_" in run or run.isdigit():
                out.append([run])
            elif keep_stopwords or _informative(run):
                out.append([stem(run)])
        elif HANGUL.fullmatch(run):
            core = korean_core(run, keep_stopwords)
            if core:
                out.append(_bigrams(core))
        elif HAN_KATA.fullmatch(run):
            core = japanese_core(run, keep_stopwords)
            if core:
                out.append(_bigrams(core))
        # Hiragana runs are particles and inflections: no topic, dropped.
    return out


def normalize_question(text: str, aliases: AliasTable = EMPTY_ALIASES) -> str:
    """A canonical string for comparing questions: tokens joined by spaces."""
    return " ".join(tokenize(text, aliases, keep_stopwords=True))


def tokens_and_key(text: str, aliases: AliasTable = EMPTY_ALIASES) -> tuple[list[str], str]:
    """`tokenize(text, aliases)` and `normalize_question(text, aliases)` from one reading of
    the text's words: a cold build's workers need both of every phrasing (its index tokens,
    its key for the cross-check), and read each phrasing's words twice for them."""
    dropped, kept = _WORD_MEMO
    tokens: list[str] = []
    every: list[str] = []
    for word in aliases.applied(text).split():
        found = dropped.get(word)
        if found is None:
            found = _remember(word, False)
        tokens.extend(found[1])
        found = kept.get(word)
        if found is None:
            found = _remember(word, True)
        every.extend(found[1])
    return tokens, " ".join(every)
