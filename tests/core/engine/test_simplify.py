"""`simplify`: names match however they are punctuated; the ASCII fast path and the memo change nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.engine import simplify as simplify_module
from bot.core.engine.simplify import simplify


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Japan's apology", "japan apology"),  # possessive 's goes: "Japan's" means Japan
        ("Japan’s apology", "japan apology"),
        ("didn't", "didnt"),
        ("Kim Dae-jung", "kim dae jung"),
        ("the U.S. alliance", "the us alliance"),
        ("Liancourt_Rocks!!", "liancourt rocks"),
        ("  ...?!  ", ""),
        ("what % of koreans", "what percent of koreans"),  # the sign is a word
        ("Kōno, KÔNO, Shinzô", "kono kono shinzo"),  # a romanisation's marks go
        ("독도 Dōkdo 竹島が", "독도 dokdo 竹島が"),  # Hangul and kana are left whole
        ("79%, 13％", "79 percent 13 percent"),
    ],
)
def test_simplify_reduces_punctuation(raw: str, expected: str) -> None:
    """Possessives and apostrophes vanish, punctuation becomes space, acronyms lose dots."""
    assert simplify(raw) == expected


_ANY_TEXT = st.text(st.characters(codec=None), max_size=200)


@given(_ANY_TEXT)
def test_simplify_is_idempotent(text: str) -> None:
    """Simplified text is already simple: the query and index sides cannot drift apart."""
    once = simplify(text)
    assert simplify(once) == once


_ASCII = st.text(
    st.sampled_from(list("aZz09_ .'`-?!,\t\n\x01\x1f\x7fsSuU")) | st.characters(max_codepoint=127)
)


@pytest.mark.parametrize(
    "text",
    [
        "U.S. and Japan's",
        "a\x01b_c",
        "don`t  it's  o'clock",
        "u\x01.s. policy",
        "   ",
        "",
        "Kim Dae-jung, 1,000th (ROK)...",
        "tab\there\x0bvt\x1cfs",
        "'s 's's s'",
    ],
)
def test_simplify_of_ascii_is_the_general_path(text: str) -> None:
    """ASCII text takes a one-pass path that gives what the step-by-step path gives."""
    assert text.isascii()
    assert simplify(text) == simplify_module._simplify_any(text)


@given(_ASCII)
def test_simplify_of_any_ascii_text_is_the_general_path(text: str) -> None:
    """The one-pass ASCII path agrees with the step-by-step one on any ASCII text."""
    assert simplify(text) == simplify_module._simplify_any(text)


def test_simplify_memo_is_bounded_and_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simplified texts are remembered, a few thousand at most, and read the same again."""
    monkeypatch.setattr(simplify_module, "SIMPLIFIED_MEMO", 2)
    texts = ["Japan's U.S. policy", "ＤＯＫＤＯ　１９６５", "kim dae-jung", "Japan's U.S. policy"]
    expected = [simplify_module._simplify_any(t) for t in texts]
    assert [simplify(t) for t in texts] == expected
    assert [simplify(t) for t in texts] == expected
    assert len(simplify_module._SIMPLIFIED) <= 2
