"""Where sentences end: in the documents' prose (`split_sentences`, for coverage and passage
search) and in a chat message that says several things (`message_sentences`, each read on its
own by the matcher).
"""

from __future__ import annotations

import re

from .aliases import EMPTY_ALIASES, AliasTable
from .tokens import tokenize

_SENTENCE_END = re.compile(
    r"[.!?][\"”’']?(?:\[\d{1,3}\]|\[citation needed\])*[\"”’']?(?=\s+[A-Z\"“(])"
)
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Vol|vs|Jr|Sr|Gen|Lt|Col|Rep|Sen|Feb|Jan|Dec|Nov|Oct|Sept|Aug))\.$"
)
# The most characters an abbreviation with its dot is ("Sept."): a match ends the text it is
# searched in, so it starts at most this far from its end, where the search starts (\b still
# sees the character before): every sentence of every document was scanned from its start.
_ABBREVIATION_CHARS = 5


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences; good enough for coverage and passage search.

    A sentence ends at . ! or ? (with any closing quote and footnote markers such as [8]) before
    a capitalised word; single initials and common abbreviations ("U.S.", "Samuel J.") do not
    end a sentence.
    """
    out: list[str] = []
    for block in re.split(r"\n", text):
        block = block.strip()
        start = 0
        for match in _SENTENCE_END.finditer(block):
            head = block[start : match.start() + 1]
            if _ABBREVIATION.search(head, max(0, len(head) - _ABBREVIATION_CHARS)):
                continue
            piece = block[start : match.end()].strip()
            if piece:
                out.append(piece)
            start = match.end()
        tail = block[start:].strip()
        if tail:
            out.append(tail)
    return out


# Where a sentence of a chat message ends: ? ! ; (also full-width), a full stop before a space or
# the end (not the inner dots of "U.S." or "2.5"), a line break.
_MESSAGE_SENTENCE_END = re.compile(r"[?!;。？！\n]+|\.+(?=\s|$)")


def message_sentences(text: str, aliases: AliasTable = EMPTY_ALIASES, limit: int = 4) -> list[str]:
    """The sentences of a chat message that say something (two informative words or more), when
    it has two such sentences or more; [] otherwise. Up to `limit`, in order.

    "what was the asian womens fund? my teacher mentioned it and i got lost": the message's
    vector as a whole sits between the question and the remark around it, so the matcher also
    reads each sentence on its own (`Engine.consider`)."""
    pieces = [p.strip() for p in _MESSAGE_SENTENCE_END.split(text)]
    saying = [p for p in pieces if p and len(tokenize(p, aliases)) >= 2]
    return saying[:limit] if len(saying) >= 2 else []
