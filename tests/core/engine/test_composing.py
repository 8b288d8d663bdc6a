"""What a half-typed Korean or Japanese word may become (bot/core/engine/composing.py)."""

from __future__ import annotations

import pytest

from bot.core.engine.composing import may_become


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("독", "독도"),  # a plain prefix
        ("도", "독도"),  # the final ㄱ still to come
        ("독ㄷ", "독도"),  # a letter waiting for its vowel
        ("독\u1103", "독도"),  # the same letter as NFKC leaves it
        ("닼", "다케시마"),  # ㅋ typed as 다's final, moves on with the next vowel
        ("다켓", "다케시마"),
        ("우", "위안부"),  # ㅜ before it becomes ㅟ
        ("윙", "위안부"),  # ㅇ as 위's final before ㅏ takes it
        ("위안ㅂ", "위안부"),
        ("たけ", "たけしま"),
        ("竹", "竹島"),
    ],
)
def test_half_typed_word_may_become_the_word(typed: str, word: str) -> None:
    """Each keystroke's text on the way to a word may become that word."""
    assert may_become(typed, word)


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("독ㄷ", "독섬"),  # ㄷ is not 섬's initial
        ("고", "독도"),
        ("독도ㄴ", "독도"),  # longer than the word
        ("위안ㅂ", "위안소"),
        ("たか", "たけしま"),
        ("", "독도"),
    ],
)
def test_other_words_are_not_what_was_typed(typed: str, word: str) -> None:
    """A different syllable, initial or vowel is not the word being typed."""
    assert not may_become(typed, word)
