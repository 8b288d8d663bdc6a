"""Fidelity of the shipped facts: no answer states a number its quotes lack, and no answer or
phrasing uses a name that neither document contains.

The number and alias-name rules are `kb check` rules (bot/core/knowledge/fidelity.py, tested in
test_fidelity_checks.py); this file adds the names the alias file cannot know about because
neither document contains them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.knowledge import fidelity
from bot.core.knowledge.fidelity import EntityIndex, check_fact, unquoted_numbers
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import Citation, Fact, KnowledgeBase

SHIPPED = Path(__file__).resolve().parents[3] / "knowledge"
FACTS = list(load_knowledge(SHIPPED).facts)

# Names the answers' readers might expect but that neither document contains: a fact naming
# one promises what its sources never say. test_outside_terms_are_in_neither_document keeps
# the list honest.
OUTSIDE_TERMS = (
    "GSOMIA", "지소미아", "군사정보보호협정", "情報保護協定",  # the pact's later name
    "irreversible", "불가역", "不可逆",  # the 2015 agreement's later wording
    "Hamburg", "함부르크", "ハンブルク",  # where the July 2017 G20 was held
)  # fmt: skip


def outside_terms(fact: Fact, terms: tuple[str, ...] = OUTSIDE_TERMS) -> list[str]:
    """The listed outside terms that a fact's answer or any of its phrasings contains."""
    texts = [fact.answer, *fact.questions]
    return sorted(
        {t for t in terms for text in texts if re.search(re.escape(t), text, re.IGNORECASE)}
    )


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_fact_states_only_what_its_quotes_state(fact: Fact, shipped_kb: KnowledgeBase) -> None:
    """Every number in the answer is in a quote, every alias-known name too, every phrasing
    asks about what the fact mentions, and no outside name appears anywhere."""
    found = check_fact(fact, EntityIndex.build(shipped_kb.aliases), shipped_kb.sources)
    assert [f.message for f in found] == []
    assert outside_terms(fact) == []


def test_outside_terms_are_in_neither_document(shipped_kb: KnowledgeBase) -> None:
    """The outside-term list names only things absent from every source document."""
    for term in OUTSIDE_TERMS:
        for source in shipped_kb.sources.values():
            assert term.lower() not in source.collapsed.lower(), (term, source.id)


def test_checker_flags_a_planted_bad_fact() -> None:
    """A fact stating an unquoted year and amount and an outside name is reported."""
    bad = Fact(
        id="planted",
        questions=("is the GSOMIA pact irreversible?",),
        answer="The pact was signed in 2016 and paid US$1,000,000.",
        sources=(
            Citation(source="wikipedia", section="Military relations", quote="In 2012 a pact."),
        ),
    )
    assert unquoted_numbers(bad) == ["2016", "1000000"]
    assert outside_terms(bad) == ["GSOMIA", "irreversible"]


def test_quotes_may_write_numbers_in_words() -> None:
    """A quote's "four" supports an answer's "4"; a footnote a quote carries counts too."""
    fact = Fact(
        id="words",
        questions=("q",),
        answer="4 men, see footnote 8.",
        sources=(
            Citation(source="wikipedia", section="Comfort Women", quote="four men", refs=(8,)),
        ),
    )
    assert unquoted_numbers(fact) == []


_NUMBER_TEXT = st.lists(
    st.sampled_from(
        [
            *fidelity._UNITS,
            *fidelity._TENS,
            *("hundred", "thousand", "and", "-", " ", "  "),
            *("ſix", "SEVEN", "Twenty", "K", "İ", "x", "1,000", ".", "fivefold", "ＦＩＶＥ"),
        ]
    ),
    max_size=10,
).map("".join)


@given(_NUMBER_TEXT)
def test_number_words_are_found_as_without_the_first_letter_lookahead(text: str) -> None:
    """The lookahead that speeds up the number-word search finds exactly the same runs."""
    plain = re.compile(
        rf"\b(?:{fidelity._NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{fidelity._NUMBER_WORD}))*\b",
        re.IGNORECASE,
    )
    assert [m.span() for m in fidelity._WORD_RUN.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]
