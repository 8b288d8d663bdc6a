"""`stem`: an English word and its inflections, British or American, meet at one key."""

from __future__ import annotations

import pytest

from bot.core.engine.stemming import stem
from bot.core.engine.tokens import tokenize


@pytest.mark.parametrize(
    "words",
    [
        ("vote", "voted", "voting", "votes"),
        ("treaty", "treaties"),
        ("island", "islands"),
        ("stop", "stopped", "stopping"),
        ("apology", "apologies"),
        ("apologize", "apologized", "apologizes", "apologizing"),
        ("sign", "signed", "signing", "signs"),
        ("state", "states", "stated"),
        ("claim", "claims", "claimed"),
        ("abduct", "abducted", "abducting"),
        ("protest", "protests", "protested"),
    ],
)
def test_inflections_share_one_stem(words: tuple[str, ...]) -> None:
    """A word and its inflections map to one key."""
    assert len({stem(w) for w in words}) == 1, {w: stem(w) for w in words}


@pytest.mark.parametrize(
    "words",
    [
        ("apologise", "apologised", "apologising", "apologize", "apologized"),
        ("normalisation", "normalization"),
        ("organisations", "organizations"),
        ("analysed", "analyse", "analyzed"),
        ("labour", "labor"),
        ("neighbours", "neighbors"),
        ("favourable", "favorable"),
        ("defence", "defense"),
        ("centre", "center"),
        ("judgement", "judgment"),
        ("programme", "program"),
    ],
)
def test_british_spellings_meet_american_ones(words: tuple[str, ...]) -> None:
    """Members write British English too: its spellings share the American words' key."""
    assert len({stem(w) for w in words}) == 1, {w: stem(w) for w in words}


@pytest.mark.parametrize(
    ("word", "key"),
    [("hour", "hour"), ("four", "four"), ("raised", "rais"), ("fence", "fenc"), ("arise", "aris")],
)
def test_words_that_only_look_british_are_not_respelt(word: str, key: str) -> None:
    """-our, -ence and -ise are respelt only where British English has them."""
    assert stem(word) == key


@pytest.mark.parametrize("word", ["us", "gas", "abe", "kono", "moon", "status", "basis", "press"])
def test_stem_leaves_short_words_and_ss_us_is_endings_alone(word: str) -> None:
    """Short words and -ss/-us/-is endings are not mangled ('status' is no plural)."""
    assert stem(word) == word


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("women", "woman"), ("women's", "woman"), ("womens", "woman"), ("men", "man"),
     ("children", "child")],
)  # fmt: skip
def test_irregular_plurals_read_as_their_singular(plural: str, singular: str) -> None:
    """No suffix rule takes "women" to "woman": the two were different words, so "a comfort
    woman" asked met "comfort women" in the facts only by meaning."""
    assert tokenize(f"comfort {plural}") == tokenize(f"comfort {singular}")
