"""Reading the documents: whitespace collapsed exactly as the regex rule says; quotes located."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.knowledge.models import Section, Source
from bot.core.knowledge.sources import collapse, locate_quote

_WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]


def test_str_split_and_the_regex_know_the_same_whitespace() -> None:
    """Every character the regex calls whitespace, and only those, is whitespace to str."""
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()] == _WHITESPACE


@given(st.text(st.sampled_from([*_WHITESPACE, "a", "b", ".", "\u200b", "\ufeff", "한"])))
def test_collapse_is_the_regex_rule(text: str) -> None:
    """Every whitespace run becomes one space, none at either end."""
    assert collapse(text) == re.sub(r"\s+", " ", text).strip()


def _document(sections: list[tuple[str, str]]) -> Source:
    """A document of these (title, text) sections, one after the other."""
    parts: list[Section] = []
    at = 0
    for title, text in sections:
        parts.append(Section(title, at, at + len(text) + 1))
        at += len(text) + 1
    collapsed = " ".join(text for _, text in sections)
    return Source("d", "D", "P", None, "CC", "d.txt", collapsed, collapsed, tuple(parts))


@pytest.mark.parametrize(
    ("prefer", "expected"),
    [
        ("Intro", 0),  # the first occurrence lies in it
        ("Later", 2),  # the third does: the first in the section is taken
        ("Elsewhere", 0),  # none does: the first of all
        (None, 0),
        ("", 0),
    ],
)
def test_a_repeated_quote_is_located_in_the_section_named(
    prefer: str | None, expected: int
) -> None:
    """A sentence written in several sections is found where the citation says it is (the
    first occurrence there), else at its first occurrence."""
    sentence = "The talks resumed in 2015."
    source = _document(
        [
            ("Intro", f"{sentence} Then silence. {sentence}"),
            ("Middle", "Nothing here."),
            ("Later", f"So it went. {sentence} And {sentence}"),
            ("Elsewhere", "Other things."),
        ]
    )
    starts = [i for i in range(len(source.collapsed)) if source.collapsed.startswith(sentence, i)]
    where = locate_quote(source, sentence, prefer_section=prefer)
    assert where is not None and where.start == starts[expected]
    assert where.section == source.section_at(starts[expected])
