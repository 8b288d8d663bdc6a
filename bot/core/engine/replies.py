"""What a chat reply to one of the bot's answers asks for.

A reply to an answer is not a new question (see the ask cog), but one kind deserves an answer:
"source?", "출처는?", "ソースは？" — the member wants the answer's sources again. This module
only decides whether a reply asks that; the front end shows the sources.
"""

from __future__ import annotations

import re

from .simplify import simplify

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
# Japanese is written without spaces: a whole sentence is one "word" of `split`, and
# "日本が竹島を自国の領土だと主張する根拠は何？" (what are the grounds of Japan's claim), a
# question, was read as a short request for the sources of the answer it replied to. Its words
# are counted as its runs of one script (竹島|が|日本|の|領土|だという|根拠|は), as close to
# English words as a rule without a dictionary gets.
_RUNS = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]+|[\u3041-\u309f]+|[\u30a0-\u30ff]+"
    r"|[^\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]+"
)
_JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _word_count(words: list[str]) -> int:
    """Words as an English reader would count them: a Japanese word split into its runs."""
    return sum(len(_RUNS.findall(w)) if _JAPANESE.search(w) else 1 for w in words)


def asks_for_source(text: str) -> bool:
    """True when a short chat message asks for the source: "source?", "what's the source?",
    "출처는?", "출처 좀", "ソースは？", "出典は?"."""
    words = simplify(text).split()
    if not words or _word_count(words) > MAX_WORDS:
        return False
    return any(w in SOURCE_WORDS or any(stem in w for stem in SOURCE_STEMS) for w in words)
