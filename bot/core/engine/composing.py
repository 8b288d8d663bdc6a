"""What a half-typed Korean or Japanese word may become, for autocomplete.

A Korean keyboard composes each syllable as it is typed, so the text Discord sends on each
keystroke is not a prefix of the word being written: typing 독도 goes 도, 독, 독ㄷ, 독도 (the
ㄷ waits alone for its vowel), and typing 다케시마 goes 닼, 다케, 다켓, 다케시 (a consonant
first lands as the last syllable's final, then moves on when a vowel follows). Compound vowels
come in two steps too (우 then 위). `may_become` says whether a word can be the end of such a
typing; plain prefixes (Japanese, Latin, a finished syllable) count as well.
"""

from __future__ import annotations

_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3
# The compatibility letters a keyboard shows alone, in the order of the syllables' initials.
_INITIAL_LETTERS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
# Finals (index in a syllable) to the initial the same consonant takes in the next syllable;
# a double final (ㄳ, ㄺ, ...) splits, its second letter moving on.
_FINAL_MOVES: dict[int, tuple[int, int]] = {
    1: (0, 0), 2: (0, 1), 4: (0, 2), 7: (0, 3), 8: (0, 5), 16: (0, 6), 17: (0, 7),
    19: (0, 9), 20: (0, 10), 21: (0, 11), 22: (0, 12), 23: (0, 14), 24: (0, 15), 25: (0, 16),
    26: (0, 17), 27: (0, 18),
    3: (1, 9), 5: (4, 12), 6: (4, 18), 9: (8, 0), 10: (8, 6), 11: (8, 7), 12: (8, 9),
    13: (8, 16), 14: (8, 17), 15: (8, 18), 18: (17, 9),
}  # fmt: skip
# A vowel typed first, and the compound vowels it may still become (ㅗ -> ㅘ ㅙ ㅚ, ...).
_VOWEL_GROWS: dict[int, tuple[int, ...]] = {8: (9, 10, 11), 13: (14, 15, 16), 18: (19,)}
# A final that may still become a double final (ㄱ -> ㄳ, ㄴ -> ㄵ ㄶ, ㄹ -> ㄺ ... ㅀ, ㅂ -> ㅄ).
_FINAL_GROWS: dict[int, tuple[int, ...]] = {
    1: (3,),
    4: (5, 6),
    8: (9, 10, 11, 12, 13, 14, 15),
    17: (18,),
}


def _parts(char: str) -> tuple[int, int, int] | None:
    """(initial, vowel, final) of a Hangul syllable, or None for any other character."""
    code = ord(char)
    if not _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
        return None
    code -= _SYLLABLE_FIRST
    return code // 588, (code // 28) % 21, code % 28


def _initial_letter(char: str) -> int | None:
    """The initial a lone consonant letter stands for: a compatibility letter (ㄷ) as a
    keyboard shows it, or the conjoining one (U+1103) that NFKC makes of it."""
    if char in _INITIAL_LETTERS:
        return _INITIAL_LETTERS.index(char)
    code = ord(char) - 0x1100
    return code if 0 <= code < len(_INITIAL_LETTERS) else None


def _syllable_may_become(typed: str, word: str) -> int:
    """How many characters of `word` the last typed character `typed` may stand for while it
    is being composed: 1 (the syllable itself, or it with a vowel or final still to come), 2
    (its final is the next syllable's initial), or 0 (it cannot become the start of `word`)."""
    if not word:
        return 0
    if typed == word[0]:
        return 1
    letter = _initial_letter(typed)
    if letter is not None:
        head = _parts(word[0])
        return 1 if head is not None and head[0] == letter else 0
    got, want = _parts(typed), _parts(word[0])
    if got is None or want is None or got[0] != want[0]:
        return 0
    vowel_ok = want[1] == got[1] or want[1] in _VOWEL_GROWS.get(got[1], ())
    if not vowel_ok:
        return 0
    if got[2] == 0:
        return 1  # a final may still come
    if want[2] == got[2] or want[2] in _FINAL_GROWS.get(got[2], ()):
        return 1
    moves = _FINAL_MOVES.get(got[2])
    if moves is None or len(word) < 2 or want[1] != got[1]:
        return 0
    kept, initial = moves
    following = _parts(word[1])
    if want[2] == kept and following is not None and following[0] == initial:
        return 2
    return 0


def may_become(typed: str, word: str) -> bool:
    """True if `word` may be what `typed` turns into as the member goes on typing: `word`
    starts with `typed`, except that the last typed character may be a syllable or a letter
    still being composed ("독ㄷ" -> 독도, "다켓" -> 다케시마, "우" -> 위안부)."""
    if not typed:
        return False
    if word.startswith(typed):
        return True
    head, last = typed[:-1], typed[-1]
    if not word.startswith(head):
        return False
    rest = word[len(head) :]
    if _initial_letter(last) is not None and head:
        # A letter waiting for its vowel after a finished syllable ("독ㄷ"); the syllable
        # before it may still be taking it as its final ("도ㄱ" is rare: not covered).
        return _syllable_may_become(last, rest) == 1
    return _syllable_may_become(last, rest) > 0
