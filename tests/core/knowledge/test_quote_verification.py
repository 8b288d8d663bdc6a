"""Quotes are verbatim: only whitespace may differ from the document, never letter case."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.errors import KnowledgeError
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.sources import locate_quote
from bot.core.moderation.edits import Actor, FactInput
from bot.core.moderation.store import KnowledgeStore

FACTS = "facts/islands.yaml"
QUOTE = "Trade between the two countries was US$5 billion in 1999."
# Each differs from the document only in letter case.
RECASED = [
    "trade between the two countries was US$5 billion in 1999.",
    "Trade between the two countries was us$5 billion in 1999.",
    "TRADE BETWEEN THE TWO COUNTRIES WAS US$5 BILLION IN 1999.",
]


def recase_trade_quote(root: Path, quote: str) -> None:
    """Replace the trade-1999 fact's quote in the tiny knowledge."""
    path = root / FACTS
    text = path.read_text("utf-8")
    assert f"quote: {QUOTE}" in text, "the tiny_knowledge fixture changed"
    path.write_text(text.replace(f"quote: {QUOTE}", f"quote: {quote}", 1), "utf-8")


def test_locate_quote_is_case_sensitive(tiny_knowledge: Path) -> None:
    """The exact quote and a whitespace-only variant are found; a recased one is not."""
    source = load_knowledge(tiny_knowledge).sources["tiny"]
    assert locate_quote(source, QUOTE) is not None
    assert locate_quote(source, QUOTE.replace(" ", "\n  ")) is not None
    for quote in RECASED:
        assert locate_quote(source, quote) is None, quote


@pytest.mark.parametrize("quote", RECASED)
def test_loader_refuses_a_recased_quote(tiny_knowledge: Path, quote: str) -> None:
    """The loader names the fact and field of a quote whose letter case differs."""
    recase_trade_quote(tiny_knowledge, quote)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tiny_knowledge)
    [problem] = info.value.problems
    assert (problem.file, problem.fact_id, problem.field) == (FACTS, "trade-1999", "sources.quote")
    assert problem.message.startswith("is not verbatim in 'tiny'")
    assert repr(quote) in problem.message


def test_kb_check_reports_a_recased_quote(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kb check` exits 1 and prints where the recased quote is and what is wrong with it."""
    recase_trade_quote(tiny_knowledge, RECASED[0])
    monkeypatch.chdir(tmp_path)  # no stray .env from the working directory
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(tiny_knowledge))
    out = io.StringIO()
    status = main(["kb", "check"], out=out)
    assert status == 1
    output = out.getvalue()
    assert output.startswith("1 problem(s):"), output
    assert f"{FACTS}:" in output
    assert "fact 'trade-1999': field 'sources.quote': is not verbatim in 'tiny'" in output


def test_store_refuses_a_recased_quote(tiny_knowledge: Path, tmp_path: Path) -> None:
    """A moderator's fact quoting with different letter case is refused and nothing is saved."""
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    before = (tiny_knowledge / FACTS).read_bytes()
    kb = store.kb
    fields = FactInput.from_lines(
        "What was the 1999 trade total?\n"
        "1999 bilateral trade total\n"
        "total trade of the two countries in 1999\n"
        "how large was trade in 1999\n",
        "US$5 billion.",
        "tiny",
        "Trade",
        RECASED[0],
    )
    with pytest.raises(KnowledgeError) as info:
        store.add_fact(fields, Actor(42, "mod"), "islands")
    assert [(p.field, p.message[:25]) for p in info.value.problems] == [
        ("sources.quote", "is not verbatim in 'tiny'")
    ]
    assert (tiny_knowledge / FACTS).read_bytes() == before
    assert store.kb is kb
