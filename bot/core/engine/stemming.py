"""`stem`: an English word and its inflections as one key, identically on the index's side and
the question's.

Deliberately small: plurals (irregular ones too), possessives, common verb endings, and
British spellings read as the American ones the facts mostly use.
"""

from __future__ import annotations

import functools
import re

# Words whose final s is not a plural ending.
_NOT_PLURAL = frozenset(
    "news series species means always perhaps sometimes politics economics ethics physics".split()
)


# British spellings, read as the American ones the facts mostly use ("apologise", "normalisation",
# "analysed", "labour", "defence", "centre" meet "apologize", "normalization", "analyzed",
# "labor", "defense", "center"). -ise/-yse forms are respelt whatever the word, on both sides
# alike ("promise" is "promize" everywhere), when three letters or more come before them, so a
# short word keeps its own key ("raise", "arise", "noise", "prise" and their inflections).
_BRITISH_ISE = re.compile(r"^([a-z]{3,}[iy])s(e|ed|es|er|ers|ing|ings|ation|ations)$")
# -our, -ence and -tre are respelt for the words that have them only ("hour", "four", "fence",
# "metre"'s cousins "acre" and "genre" are no British spellings).
_BRITISH_ROOTS = {
    **{
        root: root[:-2] + "r"
        for root in (
            "armour behaviour candour clamour colour endeavour favour fervour flavour harbour "
            "honour humour labour neighbour odour parlour rigour rumour saviour savour "
            "splendour tumour valour vapour vigour"
        ).split()
    },
    **{root: root[:-2] + "se" for root in ("defence", "offence", "licence", "pretence")},
    **{
        root: root[:-2] + "er"
        for root in "centre theatre metre litre fibre calibre spectre sombre lustre".split()
    },
    "judgement": "judgment",
    "acknowledgement": "acknowledgment",
    "programme": "program",
    "practise": "practice",
    "sceptic": "skeptic",
    "manoeuvre": "maneuver",
}
_BRITISH_FIRST = {root[0] for root in _BRITISH_ROOTS}


def _american(word: str) -> str:
    """The American spelling of a British one (see `_BRITISH_ISE`), or the word itself."""
    if word[0] in _BRITISH_FIRST:
        for root, american in _BRITISH_ROOTS.items():
            if word.startswith(root):
                return american + word[len(root) :]
    found = _BRITISH_ISE.match(word)
    return f"{found.group(1)}z{found.group(2)}" if found else word


# Plurals no suffix rule reaches, read as their singular: "asian woman's fund" and "a comfort
# woman" asked, "Women's" and "comfort women" in the facts ("womens" is how "women's" reads
# once its apostrophe goes).
_IRREGULAR_PLURALS = {
    "women": "woman",
    "womens": "woman",
    "womans": "woman",
    "men": "man",
    "mens": "man",
    "children": "child",
    "childrens": "child",
}


def singular_words(words: list[str]) -> tuple[str, ...]:
    """The words with each irregular plural read as its singular (`_IRREGULAR_PLURALS`)."""
    # (map with the words twice: `get(w, w)` for each, in C; a cold build reads a million words)
    return tuple(map(_IRREGULAR_PLURALS.get, words, words))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately small English stemmer: plurals, possessives and common verb endings,
    British spellings read as American ones (`_american`).

    It only needs to map a word and its inflections to one key, identically on both sides.
    """
    irregular = _IRREGULAR_PLURALS.get(word)
    if irregular is not None:
        return irregular
    if len(word) <= 3 or not word.isascii() or not word.isalpha() or word in _NOT_PLURAL:
        return word
    word = _american(word)
    for suffix, repl, min_len in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ness", "", 7),
        ("ings", "", 7),
        ("ing", "", 6),
        ("ied", "y", 5),
        ("eed", "ee", 5),
        ("ed", "", 5),
        ("ly", "", 6),
        ("es", "", 6),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses", "zes")):
                return _drop_final_e(word[:-1])
            base = word[: len(word) - len(suffix)] + repl
            if suffix in ("ed", "ing", "ings") and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]  # "stopped" -> "stop", "mapping" -> "map"
            return _drop_final_e(base)
    return _drop_final_e(word)


def _drop_final_e(word: str) -> str:
    # "vote"/"voted"/"voting" and "state"/"states" must meet at one key.
    return word[:-1] if len(word) >= 4 and word.endswith("e") and not word.endswith("ee") else word
