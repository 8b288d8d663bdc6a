"""The shipped knowledge: it loads cleanly, is verifiable, covers the documents, knows names."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bot.cliask import answer_to_json
from bot.core.engine.aliases import canonical_token
from bot.core.engine.answer import Engine
from bot.core.engine.sentences import split_sentences
from bot.core.engine.tokens import tokenize
from bot.core.knowledge.coverage import coverage
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import Fact, KnowledgeBase
from bot.core.knowledge.sources import collapse, locate_quote
from bot.core.knowledge.validate import MIN_QUESTIONS
from bot.core.moderation.store import KnowledgeStore

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "knowledge"
SEEDS = ROOT.parent / "shared" / "seeds"
MIN_COVERAGE = 0.95
NYT_2014 = 9  # wikipedia reference 9: The New York Times, December 2, 2014
HANGUL = re.compile(r"[\uac00-\ud7a3]")
KANA_OR_HAN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def all_facts() -> list[Fact]:
    """The shipped facts, for parametrising (loaded once at collection)."""
    return list(load_knowledge(SHIPPED).facts)


FACTS = all_facts()


def test_shipped_knowledge_loads_without_problems() -> None:
    """load_knowledge raises on any problem, so a drifted quote fails here."""
    kb = load_knowledge(SHIPPED)
    assert len(kb.facts) >= 100
    assert set(kb.sources) == {"wikipedia", "globalsecurity"}


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_fact_is_complete(fact: Fact) -> None:
    """At least 4 questions, a 1-4 sentence answer, and at least one source."""
    assert len(fact.questions) >= MIN_QUESTIONS
    assert fact.answer.strip()
    assert 1 <= len(split_sentences(fact.answer)) <= 4, fact.answer
    assert fact.sources


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_every_quote_is_verbatim_in_its_section(shipped_kb: KnowledgeBase, fact: Fact) -> None:
    """Each quote is in its document (whitespace aside) and inside the section it names."""
    for citation in fact.sources:
        source = shipped_kb.sources[citation.source]
        assert collapse(citation.quote) in source.collapsed, citation.quote
        where = locate_quote(source, citation.quote, citation.section)
        assert where is not None
        assert where.section is not None and where.section.title == citation.section


@pytest.mark.parametrize("source_id", ["wikipedia", "globalsecurity"])
def test_coverage_of_each_document_is_at_least_95_percent(
    shipped_kb: KnowledgeBase, source_id: str
) -> None:
    """At least 95% of each document's fact-stating sentences are quoted by some fact."""
    result = {r.source: r for r in coverage(shipped_kb)}[source_id]
    assert result.total > 20
    assert result.share >= MIN_COVERAGE, "not quoted:\n" + "\n".join(result.missing)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the repository")
def test_documents_are_byte_identical_to_the_seeds(shipped_kb: KnowledgeBase) -> None:
    """The shipped documents are exact copies of the two seed documents."""
    seeds = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    shipped = {
        hashlib.sha256((SHIPPED / s.file).read_bytes()).hexdigest()
        for s in shipped_kb.sources.values()
    }
    assert shipped == seeds


def test_sources_are_described(shipped_kb: KnowledgeBase) -> None:
    """Each document has a title, a publisher and a license note; the wikipedia one a URL."""
    for source in shipped_kb.sources.values():
        assert source.title and source.publisher and source.license
    assert shipped_kb.sources["wikipedia"].url
    assert shipped_kb.sources["wikipedia"].title == "Japan–South Korea relations"
    assert shipped_kb.sources["globalsecurity"].publisher.startswith("GlobalSecurity")


# -- aliases ---------------------------------------------------------------------------------

REQUIRED_ALIASES = {
    "Liancourt Rocks": ["Dokdo", "Takeshima", "Liancourt Rocks", "독도", "獨島", "竹島"],
    "South Korea": ["ROK", "South Korea"],
    "comfort women": ["comfort women", "wartime sex slaves", "위안부", "慰安婦"],
    "Korean wave": ["Korean wave", "Hallyu", "韓流"],
    "GSOMIA": ["GSOMIA", "military intelligence-sharing pact"],
    "1965 treaty": ["Treaty on Basic Relations", "normalization treaty"],
}


@pytest.mark.parametrize("names", REQUIRED_ALIASES.values(), ids=REQUIRED_ALIASES.keys())
def test_required_alias_group_exists(engine: Engine, names: list[str]) -> None:
    """All names of a thing the issue lists normalise to one alias token."""
    canonical = {canonical_token(group.canonical) for group in engine.kb.aliases}
    tokens = [set(tokenize(name, engine.aliases)) for name in names]
    shared = set.intersection(*tokens) & canonical
    assert shared, {name: sorted(t) for name, t in zip(names, tokens, strict=True)}


def test_facts_have_korean_and_japanese_phrasings(shipped_kb: KnowledgeBase) -> None:
    """Most facts can be found by members asking in Korean and in Japanese."""
    facts = shipped_kb.facts
    korean = sum(any(HANGUL.search(q) for q in f.questions) for f in facts)
    japanese = sum(any(KANA_OR_HAN.search(q) for q in f.questions) for f in facts)
    assert korean >= 0.5 * len(facts)
    assert japanese >= 0.5 * len(facts)


# -- topics and disagreements ----------------------------------------------------------------

REQUIRED_TOPICS = [
    "1965",
    "Kim Dae-jung",
    "Liancourt",
    "comfort women",
    "Kono",
    "Asian Women's Fund",
    "World Cup",
    "intelligence",
    "North Korea",
    "trade",
    "poll",
    "2015",
    "Moon",
]


@pytest.mark.parametrize("needle", REQUIRED_TOPICS)
def test_expected_topic_is_covered(shipped_kb: KnowledgeBase, needle: str) -> None:
    """Every topic the issue expects has at least one fact whose answer speaks of it."""
    assert any(needle.casefold() in f.answer.casefold() for f in shipped_kb.facts)


@pytest.mark.parametrize("needle", ["1965", "Kono"])
def test_disagreements_cite_both_documents(shipped_kb: KnowledgeBase, needle: str) -> None:
    """Where the documents differ (1965 treaty, apologies) a fact cites both of them."""
    both = [
        f
        for f in shipped_kb.facts
        if {c.source for c in f.sources} == {"wikipedia", "globalsecurity"} and needle in f.answer
    ]
    assert both


# -- the reference list ----------------------------------------------------------------------


def document_reference_list(kb: KnowledgeBase) -> dict[int, str]:
    """Number -> entry text, parsed from the wikipedia document's own reference list."""
    text = (SHIPPED / kb.sources["wikipedia"].file).read_text("utf-8")
    tail = text[text.index("\nSee also\n") :]
    return {int(m[1]): m[2] for m in re.finditer(r"^\s+(\d+)\. (.+)$", tail, re.MULTILINE)}


def test_reference_list_has_every_entry_of_the_document(shipped_kb: KnowledgeBase) -> None:
    """Each numbered entry of the document's reference list is structured data, verbatim."""
    entries = document_reference_list(shipped_kb)
    references = shipped_kb.sources["wikipedia"].references
    assert len(entries) >= 20
    assert set(entries) <= set(references)
    for number, entry in entries.items():
        assert collapse(references[number].text) in collapse(entry), number


def test_footnotes_in_the_text_resolve_where_the_list_has_them(shipped_kb: KnowledgeBase) -> None:
    """Every [n] the body cites is a known reference unless the document's list lacks it."""
    source = shipped_kb.sources["wikipedia"]
    body = source.text[: source.text.index("\nSee also\n")]
    cited = {int(n) for n in re.findall(r"\[(\d{1,3})\]", body)}
    entries = set(document_reference_list(shipped_kb))
    assert cited & entries <= set(source.references)
    assert cited & entries, "the body cites none of the listed references"


def test_nyt_2014_reference_is_structured(shipped_kb: KnowledgeBase) -> None:
    """Reference 9 is The New York Times of 2 December 2014."""
    ref = shipped_kb.sources["wikipedia"].references[NYT_2014]
    assert ref.publication == "The New York Times"
    assert ref.date == "2014-12-02"
    assert ref.describe() == "The New York Times, 2014-12-02"


def test_fact_quoting_the_nyt_carries_the_reference(engine: Engine) -> None:
    """The 'little evidence' fact carries the NYT 2014 reference through to the JSON answer."""
    carriers = [
        f
        for f in engine.kb.facts
        if any(c.section == "Comfort Women" and NYT_2014 in c.refs for c in f.sources)
    ]
    assert carriers
    for fact in carriers:
        answer = engine.answer_fact(fact.id)
        assert answer is not None
        described = [r for s in answer_to_json(answer)["sources"] for r in s["references"]]
        assert "The New York Times, 2014-12-02" in described


def test_shipped_fact_files_are_in_canonical_form(knowledge_copy: Path, tmp_path: Path) -> None:
    """A moderator's save rewrites its whole file canonically, and the watcher re-checks only
    the facts whose canonical text changed: a hand edit left in another form would turn the
    next save into a diff of the whole file. `python -m bot kb fmt` fixes it."""
    changed = KnowledgeStore(knowledge_copy, tmp_path / "data").format_all()
    assert changed == [], f"not in canonical form (run `python -m bot kb fmt`): {changed}"
