"""The per-entry answer kinds are read fast and exactly as the rules define them.

A cold build reads every fact's answer and phrasings for the kinds (`answer_kinds`), so the
patterns carry first-letter lookaheads and the "why" phrasings are found without reading every
phrasing for a date or a number. These tests hold both shortcuts to the plain definitions: the
patterns as they were written before the lookaheads, and `question_wants`.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth import generate
from bot.core.engine import kinds
from bot.core.engine.entries import answer_text, passages_of
from bot.core.engine.kinds import _asks_for_a_reason, question_wants
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import KnowledgeBase

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# The patterns without the lookaheads: what each must keep matching, position for position.
PLAIN = {
    "_REASON": re.compile(
        r"\b(?:because|due to|owing to|since|as a result|result of|stemm\w*|caus\w*|led to"
        r"|lead to|so that|in order to|reason\w*|why|over|amid|fear\w*|concern\w*"
        r"|hop\w* to|seek\w* to|aim\w* to|wanted|to avoid|to prevent|to counter|to protect"
        r"|blame\w*|sparked|triggered|prompted|angered|opposed|protest\w*|demand\w*|believ\w*"
        r"|see\w* (?:it|them|this) as|view\w* (?:it|them|this) as|legacy|remain\w* from)\b"
    ),
    "_YEAR_OR_DATE": re.compile(
        r"\b(?:1[0-9]{3}|20[0-9]{2})s?\b|\b(?:" + _MONTHS + r")\b|\bcentury\b|\bdecades?\b|년|年"
    ),
    "_DATE_NUMBERS": re.compile(
        r"\b(?:1[0-9]{3}|20[0-9]{2})s?\b"
        r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")\b"
        r"|\b(?:" + _MONTHS + r")\s+\d{1,2}(?:st|nd|rd|th)?\b"
    ),
}
# Text made of the words and characters the patterns care about, in any order.
PIECES = st.sampled_from(
    [
        "because", "due to", "since", "over", "after", "caused", "seen it as", "views them as",
        "1910", "2015s", "1999", "3", "28", "28th", "december", "may", "march 1", "1 march",
        "century", "decades", "년", "年", "why", "how come", "when", "how many", "왜", "なぜ",
        "언제", "いつ", "remained from", "hoping to", "x", "-", " ", ".", "'s", "ſ", "K", "_",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=12).map(" ".join) | st.text(max_size=40)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _shipped_texts(kb: KnowledgeBase) -> list[str]:
    texts = [answer_text(f) for f in kb.facts]
    texts += [p.text for p in passages_of(kb.sources.values())]
    texts += [q for f in kb.facts for q in f.questions]
    return [t.casefold() for t in texts]


def test_the_lookaheads_change_no_match_on_the_shipped_texts(shipped_kb: KnowledgeBase) -> None:
    """Every answer, passage and phrasing: the same matches and the same substitutions."""
    texts = _shipped_texts(shipped_kb)
    for name, plain in PLAIN.items():
        fast = getattr(kinds, name)
        for text in texts:
            assert _matches(fast, text) == _matches(plain, text), (name, text)
        assert [fast.sub(" ", t) for t in texts] == [plain.sub(" ", t) for t in texts], name


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_the_lookaheads_change_no_match_on_any_text(text: str) -> None:
    """Crafted and random text, folded as the kinds read it."""
    folded = text.casefold()
    for name, plain in PLAIN.items():
        assert _matches(getattr(kinds, name), folded) == _matches(plain, folded), name


def test_a_reason_is_asked_exactly_when_question_wants_says_so(shipped_kb: KnowledgeBase) -> None:
    """The shortcut agrees with `question_wants` on every shipped phrasing, "why" or not."""
    questions = [q for f in shipped_kb.facts for q in f.questions]
    asked = [_asks_for_a_reason(q) for q in questions]
    assert asked == [question_wants(q) == "reason" for q in questions]
    assert any(asked) and not all(asked)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_a_reason_is_asked_exactly_when_question_wants_says_so_on_any_text(text: str) -> None:
    """And on crafted and random questions (a "when" or "how many" beside "why" is not one)."""
    assert _asks_for_a_reason(text) == (question_wants(text) == "reason")


NUMBER_PIECES = st.sampled_from(
    [
        "article 9", "footnote [12]", "[3]", "in their 80s", "the 1990s", "28 december 2015",
        "december 28th", "may 5", "2015", "one", "thirty", "hundreds", "half", "most", "percent",
        "명", "万", "١٢", "１２", "chapter", "section", "the", "treaty", "x", "-", ",", ".", "_",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.lists(NUMBER_PIECES, max_size=10).map(" ".join) | st.text(max_size=40))
def test_an_amount_is_read_after_the_dates_and_labels_are_cut_out(text: str) -> None:
    """The number kind is an amount left once every date and label is cut out of the text,
    ASCII or not, with digits or without (a text without any is read as it is)."""
    folded = text.casefold()
    cut = kinds._LABEL_NUMBERS.sub(" ", kinds._DATE_NUMBERS.sub(" ", folded))
    assert bool(kinds.answer_kinds([text], None)[2][0]) == bool(kinds._NUMBER.search(cut))


KIND_PIECES = st.sampled_from(
    [
        "article 9one", "article 9", "footnote [12]", "[3]x", "the 80s", "1990s", "2015", "1066",
        "28 december 2015", "may 5th", "century", "decade", "decades", "decadent", "number one",
        "number", "one", "ones", "most", "mostly", "mostx", "than", "outweighs", "dozens", "half",
        "because", "why", "section", "chapter 3", "1_000", "x1999", "3rd", "명", "年", "\x1c",
        "x", "-", ",", ".", "_", "(", "'", "[",
    ]
)  # fmt: skip


def _defined(text: str) -> tuple[bool, bool, bool, bool]:
    """A text's kinds as the Unicode patterns define them, every pattern run on it."""
    return kinds._kinds_of(text.casefold(), kinds._KIND_PATTERNS)


@settings(max_examples=500, deadline=None)
@given(text=st.lists(KIND_PIECES, max_size=12).map(" ".join) | st.text(max_size=40))
def test_an_ascii_text_is_read_by_its_words_as_the_patterns_read_it(text: str) -> None:
    """The words of a printable ASCII text decide its kinds as the patterns do: whole words,
    a label that ends inside a word, "number one", dates and a year in digits."""
    folded = text.casefold()
    if folded.isascii() and folded.isprintable():
        assert kinds._ascii_kinds(folded) == _defined(text)
    found = kinds.answer_kinds([text], None)
    assert tuple(bool(column[0]) for column in found) == _defined(text)


def test_the_synthetic_knowledge_is_read_by_its_words_as_the_patterns_read_it(
    tmp_path: Path,
) -> None:
    """Every answer and document sentence of a synthetic knowledge base, written and loaded
    as a cold build reads it: the same kinds as every pattern run on each."""
    root = tmp_path / "knowledge"
    generate(root, 300, seed=5, facts_per_document=50)
    kb = load_knowledge(root)
    texts = [answer_text(f) for f in kb.facts] + [p.text for p in passages_of(kb.sources.values())]
    assert sum(t.isascii() for t in texts) > len(texts) // 2
    found = kinds.answer_kinds(texts, None)
    rows = list(zip(*(column.tolist() for column in found), strict=True))
    assert rows == [_defined(t) for t in texts]
    assert all(any(row[k] for row in rows) for k in range(4))
    assert not all(all(row) for row in rows)


def test_the_shipped_texts_are_read_by_their_words_as_the_patterns_read_them(
    shipped_kb: KnowledgeBase,
) -> None:
    """Every shipped answer, passage and phrasing."""
    texts = _shipped_texts(shipped_kb)
    found = kinds.answer_kinds(texts, None)
    rows = list(zip(*(column.tolist() for column in found), strict=True))
    assert rows == [_defined(t) for t in texts]
