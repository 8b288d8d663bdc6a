"""What a chat reply to one of the bot's answers asks for.

A reply to an answer is not a new question (see the ask cog), but one kind deserves an answer:
"source?", "출처는?", "ソースは？" — the member wants the answer's sources again. This module
only decides whether a reply asks that; the front end shows the sources.
"""

from __future__ import annotations

from .text import simplify

# Words that ask for a source. English ones are whole words; Korean and Japanese ones are
# matched inside a word, since particles attach to them ("출처는", "ソースは", "出典を").
SOURCE_WORDS = frozenset(
    "source sources src sauce citation citations cite proof reference references ref refs"
    " link links".split()
)
SOURCE_STEMS = ("출처", "근거", "소스", "ソース", "出典", "根拠", "情報源", "出処", "出所")
# A request for a source is short ("got a source for that?"); a longer message that mentions
# a source ("what was the source of the 1905 dispute about fishing") is something else.
MAX_WORDS = 6


def asks_for_source(text: str) -> bool:
    """True when a short chat message asks for the source: "source?", "what's the source?",
    "출처는?", "출처 좀", "ソースは？", "出典は?"."""
    words = simplify(text).split()
    if not words or len(words) > MAX_WORDS:
        return False
    return any(w in SOURCE_WORDS or any(stem in w for stem in SOURCE_STEMS) for w in words)
