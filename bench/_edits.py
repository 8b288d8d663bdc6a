"""Character edits people make when typing fast: the typos of synthetic questions and queries."""

from __future__ import annotations

import random

# Neighbouring keys on a QWERTY keyboard: a substituted letter is usually one of these.
_NEIGHBOURS = {
    "a": "qwsz",
    "b": "vghn",
    "c": "xdfv",
    "d": "serfcx",
    "e": "wsdr",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "i": "ujko",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "m": "njk",
    "n": "bhjm",
    "o": "iklp",
    "p": "ol",
    "q": "wa",
    "r": "edft",
    "s": "awedxz",
    "t": "rfgy",
    "u": "yhji",
    "v": "cfgb",
    "w": "qase",
    "x": "zsdc",
    "y": "tghu",
    "z": "asx",
}


def misspell(word: str, rng: random.Random) -> str:
    """One edit of a word of 4+ characters: drop, double, swap or hit a neighbouring key."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    keys = _NEIGHBOURS.get(word[i].lower())
    return word[:i] + rng.choice(keys) + word[i + 1 :] if keys else word[:i] + word[i + 1 :]


def add_typos(
    text: str, rng: random.Random, edits: int = 1, keep: frozenset[str] | set[str] = frozenset()
) -> str:
    """The text with `edits` words (of 4+ characters, not in `keep`) misspelled once each."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.lower() not in keep]
    if not candidates:
        return text
    for i in rng.sample(candidates, min(edits, len(candidates))):
        words[i] = misspell(words[i], rng)
    return " ".join(words)
