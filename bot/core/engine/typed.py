"""The message as every rule and both matchers read it (`as_typed`): as typed, with what it
says spelt the way the knowledge spells it.

A year said in words or in a Japanese era, a question word typed with two letters swapped,
"explain like I'm five", half-width katakana and Hangul typed as decomposed letters are
rewritten before anything reads the message; case, punctuation and line breaks stay, because
the rules read them. Apart from `cleaning.py`, whose forms drop all of that; the characters
dropped here are the ones dropped there.
"""

from __future__ import annotations

import re
import unicodedata

from .cleaning import BLANKS, shown, without_surrogates

# Half-width katakana and Japanese punctuation ("ｿｰｽ", "ﾜｰﾙﾄﾞｶｯﾌﾟ", "｡", "､"), typed by
# Japanese chat for effect or by an old input method.
_HALF_WIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")


def _full_width_kana(run: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", run.group())


# A year of a Japanese era ("昭和40年", "平成１０年", "令和元年"): the facts and the documents
# count years from the common era only, so "昭和40年の日韓基本条約" met no year (and 昭和, the
# Showa era's name, no fact) and was declined where "1965年の日韓基本条約" is answered. Each
# era's year 1 (元年, "the first year") and its last year, past which a number is no year of it.
# (The era names are typed as one squared character too: ㍼ for 昭和, ㍻ for 平成.)
_ERA_YEAR = re.compile(r"(明治|大正|昭和|平成|令和|㍾|㍽|㍼|㍻|㋿)\s*(元|[0-9０-９]{1,2})\s*年")
_ERAS = {
    "明治": (1868, 45),
    "大正": (1912, 15),
    "昭和": (1926, 64),
    "平成": (1989, 31),
    "令和": (2019, 99),
}


def _common_era(found: re.Match[str]) -> str:
    """An era's year as a year of the common era ("昭和40年" -> "1965年"), or as it was."""
    first, last = _ERAS[unicodedata.normalize("NFKC", found.group(1))]
    number = 1 if found.group(2) == "元" else int(found.group(2))  # int reads "４０" too
    return f"{first + number - 1}年" if 1 <= number <= last else found.group()


# Question words typed with two letters swapped ("hwo owns dokdo", "waht is gsomia", "wehn was
# the world cup"): every other word of such a message is a name or a verb, so it read as a
# remark stating something ("X owns Y") and was declined as small talk, without even the
# suggestions. Every adjacent swap of what, when, where, who, why, which, how, whose and whom
# that is no English word (pyspellchecker's dictionary knows none of them). "hwo" is both "who"
# and "how": "how" where a word that only follows "how" comes next ("hwo many").
_SLIPPED_QUESTION_WORDS = {
    "hwat": "what", "waht": "what", "whta": "what",
    "hwen": "when", "wehn": "when", "whne": "when",
    "hwere": "where", "wehre": "where", "wheer": "where", "whree": "where",
    "hwo": "who", "woh": "who",
    "hwy": "why", "wyh": "why",
    "hwich": "which", "wihch": "which", "whcih": "which", "whihc": "which",
    "ohw": "how",
    "hwose": "whose", "wohse": "whose", "whsoe": "whose", "whoes": "whose",
    "hwom": "whom", "wohm": "whom", "whmo": "whom",
}  # fmt: skip
_SLIPPED = re.compile(
    r"\b(?:" + "|".join(_SLIPPED_QUESTION_WORDS) + r")\b(?:\s+(many|much|long|come|often|far)\b)?",
    re.IGNORECASE,
)


def _unslipped(found: re.Match[str]) -> str:
    """The question word `_SLIPPED` found spelt right, and the word after it as typed."""
    slip, after = found.group().split()[0].lower(), found[1]
    if after is None:
        return _SLIPPED_QUESTION_WORDS[slip]
    return f"{'how' if slip == 'hwo' else _SLIPPED_QUESTION_WORDS[slip]} {after}"


# A year said in words ("nineteen sixty five", "twenty fifteen", "two thousand and two",
# "nineteen ninety-eight"): the documents and the facts write years in digits, and the year
# said in words was three words no fact holds, so "what happened in nineteen sixty five" was
# declined. Read as the digits, as a Japanese era's year is (`_ERA_YEAR`).
_UNIT_WORDS = "one two three four five six seven eight nine".split()
_TEEN_WORDS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {
    **{w: i + 1 for i, w in enumerate(_UNIT_WORDS)},
    **{w: i + 10 for i, w in enumerate(_TEEN_WORDS.split())},
    **{w: (i + 2) * 10 for i, w in enumerate(_TENS_WORDS)},
}
_TWO_DIGITS = (
    rf"(?:({'|'.join(_TENS_WORDS)})(?:[\s-]+({'|'.join(_UNIT_WORDS)}))?"
    rf"|({_TEEN_WORDS.replace(' ', '|')}))"
)
# ("two thousand" needs the rest of a year after it, and none is followed by a word that makes
# it an amount: "two thousand women", "two thousand five hundred", "two thousand fifteen
# dollars" (read as 2015, it asked about the 2015 agreement); atomic, so that "nineteen
# forty five years" is not read as 1940 and five years.)
_YEAR_IN_WORDS = re.compile(
    rf"\b(?>(?:nineteen|twenty)[\s-]+{_TWO_DIGITS}"
    rf"|two thousand[\s-]+(?:and[\s-]+)?(?:{_TWO_DIGITS}|(?:{'|'.join(_UNIT_WORDS)})))\b"
    r"(?![\s-]+(?:hundred|thousand|million|billion|percent|people|women|men|years|yrs"
    r"|dollars?|usd|bucks|yen)\b)",
    re.IGNORECASE,
)


def _year_in_digits(found: re.Match[str]) -> str:
    """The year `_YEAR_IN_WORDS` found, in digits."""
    words = [w for w in re.split(r"[\s-]+", found.group().lower()) if w != "and"]
    if words[:2] == ["two", "thousand"]:
        return str(2000 + sum(_NUMBER_WORDS[w] for w in words[2:]))
    return str(_NUMBER_WORDS[words[0]] * 100 + sum(_NUMBER_WORDS[w] for w in words[1:]))


# "Explain like I'm five" spelt out is "eli5", a request that carries no topic: its "5" was read
# as a number the question asked about, and "explain like im 5 the comfort women issue" was
# declined where "explain the comfort women issue" is answered.
_LIKE_IM_FIVE = re.compile(
    r"\b(?:explain|say|tell)(?:\s+(?:it|this|that|me))*\s+like\s+(?:i\W?m|i am|im)\s+(?:5|five)"
    r"(?:\s*(?:yo|years? old|yrs? old))?\b",
    re.IGNORECASE,
)


def as_typed(text: str) -> str:
    """The message as every rule and both matchers read it: without lone surrogates, composed
    (NFC: Korean typed as decomposed letters is syllables, as the rules' words are), half-width
    katakana and Japanese punctuation in their usual width (`_HALF_WIDTH_KANA`), a Japanese era's
    year as the common era's (`_ERA_YEAR`), and without invisible characters (zero-width
    spaces, soft hyphens, direction marks). Rules that look for
    a word in the raw message ("출처", "근거", "教えて", "ソース") did not see one typed
    decomposed, half-width or with a zero-width space inside, and answered another fact. Unlike
    `clean`, it keeps case, punctuation and line breaks, which the rules read."""
    text = without_surrogates(text)
    if _LIKE_IM_FIVE.search(text):
        text = _LIKE_IM_FIVE.sub("eli5", text)
    if _YEAR_IN_WORDS.search(text):
        text = _YEAR_IN_WORDS.sub(_year_in_digits, text)
    if _SLIPPED.search(text):
        text = _SLIPPED.sub(_unslipped, text)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text).translate(BLANKS)
    if _HALF_WIDTH_KANA.search(text):
        text = _HALF_WIDTH_KANA.sub(_full_width_kana, text)
    text = "".join(ch for ch in text if ch.isspace() or shown(ch))
    return _ERA_YEAR.sub(_common_era, text) if "年" in text else text
