"""`simplify`: a text as the words it holds, however punctuated or accented, so that names match
however they are typed.

The alias table, the duplicate and fidelity checks and the answer rules all compare simplified
texts; `clean` (cleaning.py) comes first, then diacritics, apostrophes, acronym dots and the
percent sign, then every other character that is no letter or digit becomes a space.
"""

from __future__ import annotations

import re
import unicodedata

from .cleaning import ASCII_CONTROL, clean
from .memo import MEMO_TEXT_CHARS, keep

_APOSTROPHES = re.compile(r"['’‘`´]")
_POSSESSIVE = re.compile(r"(?<=[a-z])['’]s\b")
# The dot of an initial in an acronym ("u.s." -> "us"), dropped. Matched at the dot, the
# letter before it checked behind: a pattern that starts with a literal is searched from dot to
# dot, where one that starts with a lookbehind was tried at every character of every text
# holding a dot (a third of a cold build's texts; ten times slower, the same result).
_ACRONYM_DOT = re.compile(r"\.(?<=(?<![a-z])[a-z]\.)(?=[a-z](?:\.|\b))")
_NON_WORD = re.compile(r"[^\w]+")


def simplify(text: str) -> str:
    """Clean, then reduce punctuation to spaces so that names match however they are typed.

    "Japan's" becomes "japan", "Kim Dae-jung" becomes "kim dae jung", "U.S." becomes "us",
    "79%" becomes "79 percent": the sign is a word, and "what % of koreans" was "what of
    koreans", which asked no share and met no "percent" of the facts.
    """
    found = _SIMPLIFIED.get(text)
    if found is None:
        found = _simplify_ascii(text) if text.isascii() else _simplify_any(text)
        keep(_SIMPLIFIED, text, found, SIMPLIFIED_MEMO, MEMO_TEXT_CHARS)
    return found


# The last texts simplified: a loaded question is simplified by the duplicate check, the
# fidelity checks (through `AliasTable.applied`) and the answer rules, one after the other.
# Small and bounded (a few MB); a pure function, so the memo changes nothing.
SIMPLIFIED_MEMO = 1 << 14
_SIMPLIFIED: dict[str, str] = {}


# Latin letters with a diacritic (after NFKC, which composes them): Japanese names are
# romanised with a macron (Kōno, Shōwa), a circumflex (Kôno, the Kunrei style), or neither, and
# "what is the kôno statement" was declined where "kono" and "kōno" are answered. Read without
# the mark, as members most often type them; Hangul and kana are left alone (a decomposition
# would split them into letters, or a kana from its voicing mark).
_LATIN_MARKED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")


def _unmarked(letter: re.Match[str]) -> str:
    """The letter without its diacritic ("ō" -> "o"), or as it is ("ß", "ø" have none)."""
    return unicodedata.normalize("NFD", letter.group())[0]


def _simplify_any(text: str) -> str:
    """`simplify` of any text, step by step."""
    text = clean(text).replace("_", " ")
    if _LATIN_MARKED.search(text):
        text = _LATIN_MARKED.sub(_unmarked, text)
    if _APOSTROPHES.search(text):
        text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text))
    if "." in text:
        text = _ACRONYM_DOT.sub("", text)
    if "%" in text:
        text = text.replace("%", " percent ")
    return " ".join(_NON_WORD.sub(" ", text).split())


# ASCII text in one C pass: control characters dropped, letters lowered, every other
# character that is not a letter or a digit (the underscore too) a space. What `clean`, the
# underscore and `_NON_WORD` do to ASCII text (where \w is [A-Za-z0-9_]); whitespace need not
# be collapsed first, the final split does it. A cold build simplifies about a million texts.
_ASCII_MAP = bytes(
    ord(c.lower()) if c.isalnum() else ord(" ") for c in map(chr, range(128))
) + bytes(range(128, 256))
_ASCII_DROP = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])


def _simplify_ascii(text: str) -> str:
    """`simplify` of an ASCII text: `_simplify_any`'s result, almost three times sooner."""
    if "'" in text or "`" in text or "." in text:
        # The apostrophe and acronym rules read lowered text without control characters.
        text = text.lower()
        if not text.isprintable():
            text = ASCII_CONTROL.sub("", text)
        text = text.replace("_", " ")
        if "'" in text or "`" in text:
            text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text))
        if "." in text:
            text = _ACRONYM_DOT.sub("", text)
    if "%" in text:
        text = text.replace("%", " percent ")
    return " ".join(text.encode("ascii").translate(_ASCII_MAP, _ASCII_DROP).decode("ascii").split())
