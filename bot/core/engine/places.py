"""The names a question puts what it asks about *in*: "how many koreans live in japan", 일본에서
인기 있어?, 日本で人気？

The rules let a fact answer without repeating a name that a quarter of the facts contain (Japan,
Korea: `answerability.SUBJECT_SHARE`), since most questions name them only as the subject of the
whole knowledge base. A place the question sets its matter in is not that: "koreans living in
japan" is not answered by the Korean residents of the islets, nor "popular in japan" by a fact
about Korea alone. So a name read as a place must be in the fact (`Answerability.judge`).

The words are read after the aliases (`Aliases.applied`), which write each name as one token and
split the Korean and Japanese particles off it ("일본에서" → "japan 에서", "日本で" → "japan で").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# English: the prepositions that set a place ("in", "inside", "within"), and what may stand
# between them and the name ("in the us").
_EN_BEFORE = frozenset({"in", "inside", "within"})
_EN_BETWEEN = frozenset({"the"})
# Two names joined ("japan korea", "japan and korea", "japan n korea") before a word for what is
# between them name a relationship, not a place ("in japan-korea relations"); "-" is a space
# once the aliases have read the text.
_PAIR_JOINERS = frozenset({"and", "n", "&", "/"})
_RELATIONSHIP = (
    "relation",
    "relationship",
    "tie",
    "talk",
    "dispute",
    "conflict",
    "rivalry",
    "tension",
    "friendship",
    "cooperation",
    "summit",
    "feud",
    "negotiation",
)
# Korean: the particles of place after the name (에 "in/at", 에서 "in", 내/안에서 "within"),
# unless the next word makes 에 mean "about" (일본에 대해, 일본에 관한).
# Chat contracts them (에선 for 에서는, 엔 for 에는) and adds "also" or "of" (에서도, 에서의).
_KO_AFTER = frozenset(
    {"에", "에서", "내", "내에서", "안에서", "에서는", "에는", "에선", "엔", "에서도", "에서의"}
)
_KO_ABOUT = frozenset({"대해", "대한", "대해서", "대하여", "관해", "관한", "관해서", "관련"})
# Japanese: で and に (and their run-on forms: "に住んでいる", "では"), unless they begin
# "about"/"towards"/"for" (について, に対して, にとって, に関する, によると) or the copula (です).
_JA_AFTER = ("で", "に")
# "Within" as a word of its own after the name: 国内で (read "domestic で"), 韓国内で, の中で.
_JA_WITHIN = ("内で", "内に", "の中で", "の中に")
_JA_NOT = ("につい", "に対", "にたい", "にとっ", "に関", "にかん", "によ", "です", "でし", "でな")


# Every word of place above holds one of these (in a simplified text): a text without any sets
# no place, and is not read with the aliases a second time (a long message is not remembered
# by `AliasTable.applied`, and a 4,000-character one took 17 ms a reading).
_MARKS = re.compile(r"\b(?:in|inside|within)\b|[에엔내でに]")


def may_set_a_place(simplified: str) -> bool:
    """Whether a simplified text holds a word that can set a place (`asked_places` reads
    places only after one)."""
    return _MARKS.search(simplified) is not None


def asked_places(words: Sequence[str], name_of: Callable[[str], str]) -> list[str]:
    """The names (index tokens, as `name_of` gives them) that the question's words put its
    matter in. `words`: the question after the aliases, split on spaces."""
    places: list[str] = []
    for i, word in enumerate(words):
        name = name_of(word)
        if not name:
            continue
        if _names_a_pair(words, i, name_of):
            continue
        if _after_english_place(words, i) or _before_place_particle(words, i):
            places.append(name)
    return places


def _names_a_pair(words: Sequence[str], at: int, name_of: Callable[[str], str]) -> bool:
    """Whether the name at `at` is the first of two that name a relationship ("in japan korea
    relations", "in japan-korea ties", "in japan and south korea relations"): the matter is
    the relationship between the two, not something inside the first."""
    after = at + 1
    if after < len(words) and words[after] in _PAIR_JOINERS:
        after += 1
    return (
        after + 1 < len(words)
        and bool(name_of(words[after]))
        and words[after + 1].startswith(_RELATIONSHIP)
    )


def _after_english_place(words: Sequence[str], at: int) -> bool:
    before = at - 1
    while before >= 0 and words[before] in _EN_BETWEEN:
        before -= 1
    return before >= 0 and words[before] in _EN_BEFORE


def _before_place_particle(words: Sequence[str], at: int) -> bool:
    if at + 1 >= len(words):
        return False
    after = words[at + 1]
    if after in _KO_AFTER:
        return not (at + 2 < len(words) and words[at + 2] in _KO_ABOUT)
    if after.startswith(_JA_WITHIN):
        return True
    if after == "domestic" and at + 2 < len(words):
        after = words[at + 2]
    return after.startswith(_JA_AFTER) and not after.startswith(_JA_NOT)
