"""Reading the documents: whitespace collapsed exactly as the regex rule says."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from bot.core.knowledge.sources import collapse

_WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]


def test_str_split_and_the_regex_know_the_same_whitespace() -> None:
    """Every character the regex calls whitespace, and only those, is whitespace to str."""
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()] == _WHITESPACE


@given(st.text(st.sampled_from([*_WHITESPACE, "a", "b", ".", "\u200b", "\ufeff", "한"])))
def test_collapse_is_the_regex_rule(text: str) -> None:
    """Every whitespace run becomes one space, none at either end."""
    assert collapse(text) == re.sub(r"\s+", " ", text).strip()
