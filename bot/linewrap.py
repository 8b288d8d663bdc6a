"""Lines wrapped to a terminal's width, counted in columns: Korean, Japanese and Chinese
characters take two, Japanese (written without spaces) is broken between characters by its
line-breaking rules, and a continuation line keeps the indent of a quote or a list item.

textwrap counts characters, not columns, so it let a line of Korean run past the edge. Apart
from the console that prints them (console.py), which grew past what one module should hold.
"""

from __future__ import annotations

import re
import unicodedata

_ITEM = re.compile(r"(?:•|\d+\.) ")  # a bullet or a number starting a list item
_WORDS = re.compile(r"(\s*)(\S+)")  # each word with the spaces before it


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal: Korean, Japanese and Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(line: str, width: int) -> list[str]:
    """`line` in pieces of at most `width` columns, broken at spaces; continuation lines keep
    the indent (under the first letter of a quote, a bullet or a numbered item). A word wider
    than the line (a link) stays whole on a line of its own. textwrap counts characters, not
    columns, so it would let a line of Korean run past the edge."""
    if display_width(line) <= width:
        return [line]
    lead = line[: len(line) - len(line.lstrip())]
    marker = _ITEM.match(line.lstrip())
    indent = lead + " " * len(marker.group()) if marker else lead
    if line.startswith("  “"):
        indent = "   "
    lines: list[str] = []
    current, used = lead, display_width(lead)
    # The spaces before each word are kept where the word stays on the line: the two that
    # part a suggestion from its fact id ("question  (fact-id)") became one in any line
    # that was wrapped, and only there.
    for spaces, word in _WORDS.findall(line):
        size = display_width(word)
        gap = display_width(spaces) if current.strip() else 0
        if (
            used + gap + size > width
            and _has_wide(word)
            and (not _HANGUL.search(word) or size > width - display_width(indent))
        ):
            # Japanese (and Chinese) is written without spaces: a sentence is one "word", and
            # left whole it ran 40 columns past an 80-column window. It is broken between
            # characters, by the line-breaking rules below, filling the line it starts on.
            # Korean is spaced: a Korean word moves to the next line whole, as an English one
            # does, unless it is wider than a line by itself.
            first, *rest = _break_wide(word, width - used - gap, width - display_width(indent))
            if first:
                joined = f"{current}{spaces if gap else ''}{first}"
                current, used = joined, used + gap + display_width(first)
            for piece in rest:
                lines.append(current)
                current, used = indent + piece, display_width(indent) + display_width(piece)
            continue
        if current.strip() and used + gap + size > width:
            lines.append(current)
            current, used = indent + word, display_width(indent) + size
        elif current.strip():
            current, used = f"{current}{spaces}{word}", used + gap + size
        else:
            current, used = current + word, used + size
    lines.append(current)
    return lines


# Characters a Japanese line never starts with (closing marks, small kana, the long vowel
# mark) and never ends with (opening marks): 禁則処理, the basic set.
_NO_LINE_START = frozenset(
    "、。，．,.！？!?）)］]｝}〕〉》」』】〙〗〟’”ー～…‥・：；:;ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
_NO_LINE_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]")


def _has_wide(text: str) -> bool:
    """True if some character of `text` takes two columns."""
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def _break_wide(word: str, room: int, width: int) -> list[str]:
    """`word` in pieces: the first at most `room` columns (empty when none of it fits there),
    the others at most `width`, broken between characters but never before a closing mark or
    a small kana, nor after an opening mark (a piece may then be a column or two short)."""
    pieces: list[str] = []
    current, used, limit = "", 0, room
    for char in word:
        size = display_width(char)
        if used + size > limit and (current or limit < width):
            keep = current
            # Move the characters that may not end a line, or the one a closing mark may
            # not be parted from, to the next piece (never the whole piece).
            carried = ""
            if char in _NO_LINE_START and len(keep) > 1:
                carried, keep = keep[-1] + carried, keep[:-1]
            while len(keep) > 1 and keep[-1] in _NO_LINE_END:
                carried, keep = keep[-1] + carried, keep[:-1]
            pieces.append(keep)
            current, used, limit = carried, display_width(carried), width
        current += char
        used += size
    pieces.append(current)
    return pieces
