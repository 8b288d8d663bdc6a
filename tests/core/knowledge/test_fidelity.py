"""Fidelity of the shipped facts: an answer states no number or outside name its quotes lack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import Citation, Fact, KnowledgeBase

SHIPPED = Path(__file__).resolve().parents[3] / "knowledge"
FACTS = list(load_knowledge(SHIPPED).facts)

# A number with digits, optionally with thousands separators or a decimal part ("1,000", "8.3").
NUMBER = re.compile(r"\d+(?:[,.]\d+)*")
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000",
}  # fmt: skip
NUMBER_WORD = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)

# Values an answer may state although no quote writes them, each derived from quoted values.
# Keep this short: prefer quoting the number or not stating it.
DERIVED: dict[str, set[str]] = {}

# Names the answers' readers might expect but that neither document contains: a fact naming
# one promises what its sources never say. test_outside_terms_are_in_neither_document keeps
# the list honest.
OUTSIDE_TERMS = (
    "GSOMIA", "지소미아", "군사정보보호협정", "情報保護協定",  # the pact's later name
    "irreversible", "불가역", "不可逆",  # the 2015 agreement's later wording
    "Hamburg", "함부르크", "ハンブルク",  # where the July 2017 G20 was held
)  # fmt: skip


def numbers_in(text: str, words: bool = False) -> set[str]:
    """The numbers written in digits in a text (and in words, if asked), normalised.

    Thousands separators and leading zeros go ("1,000" and "07" are 1000 and 7); a currency
    sign is not part of a number, so "US$8" and "$8" are both 8.
    """
    found: set[str] = set()
    for match in NUMBER.finditer(text):
        raw = match.group()
        # A trailing sentence period is not a decimal point ("in 1965.").
        raw = raw.rstrip(".,")
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
            raw = raw.replace(",", "")
        for part in raw.split(","):  # "1965,1966" is a list, not a number
            found.add(part.lstrip("0") or "0")
    if words:
        found |= {NUMBER_WORDS[w.lower()] for w in NUMBER_WORD.findall(text)}
    return found


def quoted_numbers(citations: tuple[Citation, ...]) -> set[str]:
    """The numbers a fact's quotes state, in digits or words, and the footnotes they carry."""
    quoted: set[str] = set()
    for citation in citations:
        quoted |= numbers_in(citation.quote, words=True)
        quoted |= {str(ref) for ref in citation.refs}
    return quoted


def unquoted_numbers(fact: Fact) -> list[str]:
    """The numbers the answer writes in digits that no quote (nor the allow-list) states."""
    supported = quoted_numbers(fact.sources) | DERIVED.get(fact.id, set())
    return sorted(n for n in numbers_in(fact.answer) if n not in supported)


def outside_terms(fact: Fact, terms: tuple[str, ...] = OUTSIDE_TERMS) -> list[str]:
    """The listed outside terms that a fact's answer or any of its phrasings contains."""
    texts = [fact.answer, *fact.questions]
    return sorted(
        {t for t in terms for text in texts if re.search(re.escape(t), text, re.IGNORECASE)}
    )


def fidelity_problems(fact: Fact) -> list[str]:
    """Every fidelity problem of one fact, as readable messages."""
    problems = [
        f"{fact.id}: answer states {n!r}, which none of its quotes contains"
        for n in unquoted_numbers(fact)
    ]
    problems += [
        f"{fact.id}: names {t!r}, which neither document contains" for t in outside_terms(fact)
    ]
    return problems


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_fact_states_only_what_its_quotes_state(fact: Fact) -> None:
    """Every year and number in the answer is in a quote; no outside name anywhere."""
    assert fidelity_problems(fact) == []


def test_outside_terms_are_in_neither_document(shipped_kb: KnowledgeBase) -> None:
    """The outside-term list names only things absent from every source document."""
    for term in OUTSIDE_TERMS:
        for source in shipped_kb.sources.values():
            assert term.lower() not in source.collapsed.lower(), (term, source.id)


def test_derived_values_belong_to_shipped_facts() -> None:
    """The allow-list names only existing facts, so a stale entry cannot linger."""
    assert set(DERIVED) <= {f.id for f in FACTS}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US$8 million in 2015.", {"8", "2015"}),
        ("the 1,000th protest", {"1000"}),
        ("about 8.3 billion dollars", {"8.3"}),
        ("met 07 July", {"7"}),
        ("two hundred women", set()),
    ],
)
def test_numbers_are_normalised(text: str, expected: set[str]) -> None:
    """Thousands separators, currency signs, leading zeros and sentence periods do not count."""
    assert numbers_in(text) == expected


def test_quotes_may_write_numbers_in_words() -> None:
    """A quote's "four" supports an answer's "4"; a footnote a quote carries counts too."""
    quote = Citation(source="wikipedia", section="Comfort Women", quote="four men", refs=(8,))
    assert {"4", "8"} <= quoted_numbers((quote,))


def test_checker_flags_a_planted_bad_fact() -> None:
    """A fact stating an unquoted year and an outside name is reported on both counts."""
    bad = Fact(
        id="planted",
        questions=("is the GSOMIA pact irreversible?",),
        answer="The pact was signed in 2016 and paid US$1,000,000.",
        sources=(
            Citation(source="wikipedia", section="Military relations", quote="In 2012 a pact."),
        ),
    )
    problems = fidelity_problems(bad)
    assert any("'2016'" in p for p in problems)
    assert any("'1000000'" in p for p in problems)
    assert any("'GSOMIA'" in p for p in problems)
    assert any("'irreversible'" in p for p in problems)
    assert not any("'2012'" in p for p in problems)
