"""kb check's fidelity checks: numbers and alias-known names in answers and phrasings."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.errors import KnowledgeError
from bot.core.knowledge.fidelity import numbers_in
from bot.core.knowledge.loader import load_knowledge
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore

FACTS = Path("facts") / "islands.yaml"
ALIASES = """\
aliases:
  - canonical: Example Islands
    names: [Sample Rocks, 예시섬]
  - canonical: Example Sea
    names: [Sample Sea]
  - canonical: Elsewhere Land
    names: [Otherland]
terms:
  - canonical: trade
    names: [commerce]
"""


@pytest.fixture
def root(tiny_knowledge: Path) -> Path:
    """The tiny knowledge with two more alias groups (a sea and a country no quote names)."""
    (tiny_knowledge / "aliases.yaml").write_text(ALIASES, "utf-8")
    load_knowledge(tiny_knowledge)  # the fixture itself passes every check
    return tiny_knowledge


def change(root: Path, old: str, new: str) -> None:
    """Replace one snippet of the fact file (it must be there)."""
    path = root / FACTS
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def problems(root: Path) -> list[str]:
    """Every problem `kb check` reports, as printed."""
    try:
        load_knowledge(root)
    except KnowledgeError as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US$8 million in 2015.", {"8", "2015"}),
        ("the 1,000th protest", {"1000"}),
        ("the 1000th protest", {"1000"}),
        ("about 8.3 billion dollars", {"8.3"}),
        ("met 07 July", {"7"}),
        ("thirty-five survivors", {"35"}),
        ("Thirty five survivors", {"35"}),
        ("two hundred women", {"200"}),
        ("one hundred and twenty", {"120"}),
        ("35% agreed", {"35"}),
        ("35 percent agreed", {"35"}),
    ],
)
def test_numbers_in_digits_and_words_are_one_number(text: str, expected: set[str]) -> None:
    """Separators, currency signs, leading zeros, percent signs and spelling do not count."""
    assert numbers_in(text) == expected


def test_an_unquoted_year_in_an_answer_is_reported_with_its_place(root: Path) -> None:
    """A year no quote states is reported with file, line, fact id and field."""
    change(root, "US$5 billion in 1999.\n    sources", "US$5 billion in 2001.\n    sources")
    [problem] = problems(root)
    assert problem.startswith("facts/islands.yaml:21: fact 'trade-1999': field 'answer': ")
    assert "states 2001" in problem


def test_numbers_may_be_written_as_words_on_either_side(root: Path) -> None:
    """The quote's "two countries" supports an answer's "2 countries"; "1999" its own year."""
    change(root, "answer: Trade between the two", "answer: Trade between the 2")
    assert problems(root) == []


def test_a_number_word_in_an_answer_must_be_quoted(root: Path) -> None:
    """ "thirty-five" in an answer is 35, and no quote says 35."""
    change(root, "claimed by two countries.", "claimed by thirty-five countries.")
    [problem] = problems(root)
    assert "fact 'islands-where': field 'answer'" in problem and "states 35" in problem


def test_an_alias_known_name_in_the_answer_must_be_in_a_quote(root: Path) -> None:
    """The answer names Elsewhere Land (by another of its names), which no quote names."""
    change(root, "claimed by two countries.", "claimed by two countries, Otherland among them.")
    [problem] = problems(root)
    assert "fact 'islands-where': field 'answer'" in problem
    assert "names 'Elsewhere Land'" in problem


def test_a_name_counts_under_any_name_of_its_group(root: Path) -> None:
    """The answer says "Sample Sea"; the quote says "Example Sea": the same alias group."""
    change(root, "are rocks in the Example Sea,", "are rocks in the Sample Sea,")
    assert problems(root) == []


def test_a_phrasing_about_an_entity_nobody_mentions_is_reported(root: Path) -> None:
    """A phrasing about Elsewhere Land is reported on its own line; one about the Sample Sea
    (named by the quote as the Example Sea) is not."""
    change(
        root,
        "      - example islands location\n",
        "      - example islands location\n      - are the islands near otherland\n"
        "      - are the islands in the sample sea\n",
    )
    [problem] = problems(root)
    assert problem.startswith("facts/islands.yaml:8: fact 'islands-where': field 'questions': ")
    assert "'are the islands near otherland'" in problem and "'Elsewhere Land'" in problem


def test_kb_check_prints_the_fidelity_problems(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m bot kb check` fails and prints each fidelity problem with its place."""
    change(root, "US$5 billion in 1999.\n    sources", "US$5 billion in 2001.\n    sources")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(root))
    out = io.StringIO()
    assert main(["kb", "check"], out=out) == 1
    assert "facts/islands.yaml:21: fact 'trade-1999': field 'answer': states 2001" in out.getvalue()


def test_a_moderators_save_is_refused_by_the_same_rules(root: Path, tmp_path: Path) -> None:
    """An edit whose answer states an unquoted number is refused, says why, and writes
    nothing; the same edit without it is saved."""
    store = KnowledgeStore(root, tmp_path / "data")
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    before = (root / FACTS).read_bytes()
    fields = FactInput.from_fact(fact)
    bad = FactInput(**{**vars(fields), "answer": "Trade was US$5 billion in 1999, up 40%."})
    with pytest.raises(KnowledgeError) as refused:
        store.edit_fact(fact.id, bad, Actor(1, "mod"), store.version_of(fact.id))
    assert "field 'answer': states 40" in str(refused.value)
    assert (root / FACTS).read_bytes() == before
    good = FactInput(**{**vars(fields), "answer": "Trade was US$5 billion in 1999."})
    store.edit_fact(fact.id, good, Actor(1, "mod"), store.version_of(fact.id))
    assert load_knowledge(root).fact(fact.id) == store.kb.fact(fact.id)


def test_an_alias_that_makes_a_phrasing_unanswered_is_refused(root: Path, tmp_path: Path) -> None:
    """Adding "bilateral" as a name of Elsewhere Land would make the phrasing "how big was
    bilateral trade" ask about a country its fact never mentions: refused, nothing written."""
    store = KnowledgeStore(root, tmp_path / "data")
    before = (root / "aliases.yaml").read_bytes()
    with pytest.raises(KnowledgeError) as refused:
        store.add_alias("Elsewhere Land", "bilateral", Actor(1, "mod"))
    assert "'how big was bilateral trade' asks about 'Elsewhere Land'" in str(refused.value)
    assert (root / "aliases.yaml").read_bytes() == before


def mark_unsourced(root: Path, sentence: str) -> None:
    """Mark one sentence of the tiny document "[citation needed]", as Wikipedia does."""
    path = root / "sources" / "tiny.txt"
    text = path.read_text("utf-8")
    assert sentence in text
    path.write_text(text.replace(sentence, sentence + "[citation needed]"), "utf-8")


@pytest.mark.parametrize(
    "quote",
    [
        "Trade between the two countries was US$5 billion in 1999.",
        "the two countries was US$5 billion in 1999",  # a part of the marked sentence
    ],
)
def test_an_answer_resting_on_an_unsourced_sentence_must_say_so(root: Path, quote: str) -> None:
    """A quote of a sentence the document marks [citation needed] is reported until the
    answer passes the mark on; the other fact, whose sentence is sourced, is not."""
    mark_unsourced(root, "US$5 billion in 1999.")
    change(
        root,
        "quote: Trade between the two countries was US$5 billion in 1999.",
        f"quote: {quote}",
    )
    [problem] = problems(root)
    assert problem.startswith("facts/islands.yaml:21: fact 'trade-1999': field 'answer': ")
    assert "marks [citation needed]" in problem
    change(
        root,
        "US$5 billion in 1999.\n    sources",
        "US$5 billion in 1999 (the article marks this 'citation needed').\n    sources",
    )
    assert problems(root) == []


def test_the_mark_covers_its_own_sentence_only(root: Path) -> None:
    """Marking the islands' second sentence leaves the quote of the first unflagged (it ends
    before the mark's sentence starts); quoting the second too is reported."""
    mark_unsourced(root, "They are claimed by two countries.")
    assert problems(root) == []
    change(
        root,
        "quote: The Example Islands are a group of rocks in the Example Sea.\n",
        "quote: The Example Islands are a group of rocks in the Example Sea.\n"
        "      - source: tiny\n        section: Islands\n"
        "        quote: They are claimed by two countries.\n",
    )
    [problem] = problems(root)
    assert "fact 'islands-where'" in problem and "marks [citation needed]" in problem


def test_a_moderators_save_on_an_unsourced_sentence_is_refused(root: Path, tmp_path: Path) -> None:
    """A moderator's edit of the answer that drops the flag is refused and writes nothing."""
    mark_unsourced(root, "US$5 billion in 1999.")
    change(
        root,
        "US$5 billion in 1999.\n    sources",
        "US$5 billion in 1999 (the article marks this 'citation needed').\n    sources",
    )
    store = KnowledgeStore(root, tmp_path / "data")
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    before = (root / FACTS).read_bytes()
    bad = FactInput(
        **{**vars(FactInput.from_fact(fact)), "answer": "Trade was US$5 billion in 1999."}
    )
    with pytest.raises(KnowledgeError) as refused:
        store.edit_fact(fact.id, bad, Actor(1, "mod"), store.version_of(fact.id))
    assert "marks [citation needed]" in str(refused.value)
    assert (root / FACTS).read_bytes() == before


def test_a_quotes_time_word_repeated_as_the_answers_own_is_reported(root: Path) -> None:
    """The document dates a claim to its writing ("They are still claimed ..."); the answer
    repeating "still" bare makes it the member's day, and is reported until it says whose time
    it is. An answer's "still" that no quote says is another matter, not this check's."""
    path = root / "sources" / "tiny.txt"
    text = path.read_text("utf-8")
    path.write_text(text.replace("They are claimed", "They are still claimed"), "utf-8")
    change(
        root, "rocks in the Example Sea, claimed by", "rocks in the Example Sea, still claimed by"
    )
    assert problems(root) == []  # its quote does not say "still"
    change(
        root,
        "quote: The Example Islands are a group of rocks in the Example Sea.\n",
        "quote: The Example Islands are a group of rocks in the Example Sea.\n"
        "      - source: tiny\n        section: Islands\n"
        "        quote: They are still claimed by two countries.\n",
    )
    [problem] = problems(root)
    assert problem.startswith("facts/islands.yaml:9: fact 'islands-where': field 'answer': ")
    assert "says 'still' as its own" in problem
    change(root, "Sea, still claimed by", "Sea, still claimed (as the document was written) by")
    assert problems(root) == []


def test_a_marked_sentence_follows_the_sections_of_sources_yaml_not_a_cache(root: Path) -> None:
    """The marked sentence starts at its section's start when no sentence ends before it, and
    the sections come from sources.yaml, not from the document's text: with the Trade section
    gone (the text unchanged), the run-on sentence before the mark reaches back into the
    Islands section, and a quote of it is reported, in the same process as in a fresh one."""
    path = root / "sources" / "tiny.txt"
    text = path.read_text("utf-8")
    path.write_text(text.replace("two countries.\n", "two countries\n"), "utf-8")
    mark_unsourced(root, "US$5 billion in 1999.")
    change(
        root,
        "US$5 billion in 1999.\n    sources",
        "US$5 billion in 1999 (the article marks this 'citation needed').\n    sources",
    )
    change(
        root,
        "quote: The Example Islands are a group of rocks in the Example Sea.\n",
        "quote: The Example Islands are a group of rocks in the Example Sea.\n"
        "      - source: tiny\n        section: Islands\n"
        "        quote: They are claimed by two countries\n",
    )
    assert problems(root) == []  # the Trade section starts the marked sentence
    sources = root / "sources.yaml"
    yaml_text = sources.read_text("utf-8")
    dropped = '      - title: Trade\n        starts_at: "Trade\\n"\n'
    assert dropped in yaml_text
    sources.write_text(yaml_text.replace(dropped, ""), "utf-8")
    change(root, "section: Trade", "section: Islands")
    [problem] = problems(root)
    assert "fact 'islands-where'" in problem and "marks [citation needed]" in problem
