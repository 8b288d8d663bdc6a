"""A message cleaned for each reader: the index's `clean`, `clean_lines` for the rules that
read where a line breaks, the embedding model's `for_embedding`, and `without_surrogates` for
anything handed to a codec.

Every form drops what a reader never sees but a matcher would read as part of a word:
invisible formatting, control characters, default-ignorable characters and the blanks typed
for a space. The rules that reread what a message says (`typed.py`) and `simplify` build on
these; so that all of them drop the same characters, the character classes live here once.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible formatting (zero-width, bidi controls) and control characters carry no meaning but
# would split or glue words; they are removed before anything else.
_INVISIBLE = {"Cf", "Cc", "Cs", "Co", "Cn"}
# And Unicode's other default-ignorable characters, invisible too though of other categories: the
# variation selectors (U+FE0F follows many an emoji, "❤️"; typed inside a word, "독\ufe0f도" was
# two words and declined where "독\u200b도" was answered), the combining grapheme joiner, the
# Mongolian and Khmer ones. The embedding model read one after each word as noise (a cosine of
# 0.48 to the same question without them).
_IGNORABLE = frozenset(
    map(chr, (0x034F, 0x17B4, 0x17B5, *range(0x180B, 0x1810), *range(0xFE00, 0xFE10)))
) | frozenset(map(chr, range(0xE0100, 0xE01F0)))
# The Hangul fillers are default-ignorable letters that draw a blank: Discord's "invisible
# character" (U+3164) is typed for a space, and read as one ("who\u3164controls\u3164dokdo"
# was one word, declined as chat); so is the other blank typed for one, the empty Braille
# pattern (U+2800), which the embedding model read as a word.
BLANKS = str.maketrans(dict.fromkeys("\u115f\u1160\u3164\uffa0\u2800", " "))


def shown(ch: str) -> bool:
    """Whether a character is seen: neither invisible formatting, a control character, nor
    default-ignorable (`_IGNORABLE`)."""
    return unicodedata.category(ch) not in _INVISIBLE and ch not in _IGNORABLE


def without_unseen(text: str) -> str:
    """`text` without the characters nobody sees (`shown`): a name pasted with a zero-width
    space is the name it reads as, for a moderator who types it to take it back."""
    return "".join(ch for ch in text if ch.isspace() or shown(ch))


_SPACES = re.compile(r"\s+")
ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not the whitespace ones


def without_surrogates(text: str) -> str:
    """The text without lone surrogates (U+D800-U+DFFF), which `clean` drops too.

    A Python string may hold them although no encoder takes them: JSON allows "\\ud800", and a
    command line's undecodable bytes arrive as them (surrogateescape). Text handed to a codec
    (the embedding model's tokenizer, a terminal, a YAML file) goes through this first.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(ch for ch in text if not "\ud800" <= ch <= "\udfff")
    return text


def clean(text: str) -> str:
    """NFKC, casefold, drop invisible and control characters, collapse whitespace."""
    if text.isascii():
        return _SPACES.sub(" ", ASCII_CONTROL.sub("", text).lower()).strip()
    text = unicodedata.normalize("NFKC", text).translate(BLANKS)
    text = "".join(
        " " if ch in "\t\n\r\x0b\x0c" else ch for ch in text if ch in "\t\n\r\x0b\x0c" or shown(ch)
    )
    return _SPACES.sub(" ", text.casefold()).strip()


_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _visible(text: str) -> str:
    """NFKC, without invisible and control characters; whitespace kept as it is."""
    if text.isascii():
        return ASCII_CONTROL.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(BLANKS)
    return "".join(ch for ch in text if ch.isspace() or shown(ch))


def clean_lines(text: str) -> str:
    """`clean`, but a run of whitespace that breaks a line stays one line break: for rules
    that read where a clause starts. (Each run is one character, so a regex that starts at
    every line break, as `_REMARK_AUX` does, starts once per run, not once per character:
    4,000 newlines took 1.5 s.)"""
    text = _visible(text)
    return _SPACES.sub(
        lambda run: "\n" if any(ch in _LINE_BREAKS for ch in run.group()) else " ",
        text.casefold(),
    ).strip()


_CAPITAL_WORDS = re.compile(r"\b[A-Z]{2,}\b")
# A capital right after a small letter inside a word: "wHo CoNtRoLs DoKdO", typed in mockery or
# for fun, has it in every word; a name ("NewJeans", "iPhone", "McArthur") in one or two.
_CASE_SWITCH = re.compile(r"[a-z][A-Z]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# Discord's markdown, whose characters the reader never sees: emphasis and underline (*, _),
# strike-through (~~), spoilers (||), code (`), and at a line's start a block quote (>, >>>),
# a heading (#, ##, ###), subtext (-#) or a list item's dash. The model read them as words of
# the message: a tuning question wrapped in ** or || or quoted with "> " got another fact, or
# was stated plainly instead of hedged, 138, 182 and 90 times in 2,379.
_MARKDOWN = re.compile(r"[*`_]+|~~+|\|\|+|^[ \t]*(?:>>>|>|-#|#{1,3}|-)[ \t]", re.MULTILINE)


# A question mark or an exclamation mark typed after a space, or several times ("dokdo ?",
# "dokdo???", "dokdo?!"): read as one, right after the word.
_LOUD_PUNCTUATION = re.compile(r" ?([?!])[?!]*")


def _first_mark(run: re.Match[str]) -> str:
    return run.group(1)


# Quotation marks around the whole message (a question quoted, or pasted from elsewhere): the
# model read them, and a regression question in quotes got another answer 39 times in 300.
# Only a pair with no other closing mark inside ('"dokdo" or "takeshima"' keeps its own).
_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "「": "」", "『": "』", "«": "»"}
_END_MARKS = "?!."


def _unquoted(text: str) -> str:
    """The message without quotation marks around all of it (see `_QUOTE_PAIRS`)."""
    closing = _QUOTE_PAIRS.get(text[:1])
    if closing is None:
        return text
    body = text[1:].rstrip(_END_MARKS)
    end = text[1 + len(body) :]
    if len(body) < 2 or not body.endswith(closing) or closing in body[:-1]:
        return text
    return (body[:-1].strip() + end).strip()


def for_embedding(text: str) -> str:
    """The message as the embedding model should read it: NFKC ("ｃan" is "can", Hangul typed
    as letters is syllables), invisible and control characters dropped, Discord's markdown
    dropped (`_MARKDOWN`), whitespace collapsed, a run of question marks read as one, quotation
    marks around the whole message dropped, and a message typed all in capitals or in
    alternating case (`_in_mixed_case`) in lower case. The model reads characters as typed and
    is case-sensitive: "WHO CONTROLS DOKDO" sat at a cosine of 0.61 from "who controls dokdo",
    and one zero-width space, or a soft hyphen, changed which fact was stated plainly."""
    text = _MARKDOWN.sub(" ", _visible(text))
    text = _SPACES.sub(" ", text).strip()
    text = _unquoted(_LOUD_PUNCTUATION.sub(_first_mark, text))
    shouted = text.isupper() and len(_CAPITAL_WORDS.findall(text)) >= 3  # not "GSOMIA 뭐야"
    return text.lower() if shouted or _in_mixed_case(text) else text


def _in_mixed_case(text: str) -> bool:
    """Whether the message is typed in alternating case ("wHaT iS tHe AsIaN wOmEnS fUnD"):
    two words or more, and half its Latin words, switch from a small letter to a capital."""
    if _CASE_SWITCH.search(text) is None:
        return False
    words = [w for w in text.split() if _LATIN_LETTER.search(w)]
    switched = sum(1 for w in words if _CASE_SWITCH.search(w))
    return switched >= 2 and 2 * switched >= len(words)
