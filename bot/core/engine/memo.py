"""The bound every memo of the text pipeline keeps to.

`simplify`, `AliasTable.applied` and the tokens of a word are pure functions read again and
again (a loaded question by several checks, a cold build's million texts of a few tens of
thousands of words), so each remembers its last results; one rule bounds them all, by count and
by key length, so that a flood of long distinct messages cannot make them grow.
"""

from __future__ import annotations

from typing import TypeVar

# Only texts this short are remembered (by `simplify` and `AliasTable.applied`): phrasings and
# most answers are, and a flood of distinct 4,000-character messages then holds at most a few
# tens of MB in the memos instead of gigabytes.
MEMO_TEXT_CHARS = 500
# And only words this short by the word memos (a word of a few thousand kanji would keep a few
# thousand bigrams).
MEMO_WORD_CHARS = 40
_V = TypeVar("_V")


def keep(memo: dict[str, _V], key: str, value: _V, entries: int, chars: int) -> None:
    """Remember `value` under `key` if the key is at most `chars` long; a memo holding
    `entries` already starts over (each memo kept so is bounded by count and by key length)."""
    if len(key) <= chars:
        if len(memo) >= entries:
            memo.clear()
        memo[key] = value
