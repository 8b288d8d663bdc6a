"""Hostile and broken knowledge files: every problem is reported, located and bounded."""

from __future__ import annotations

import io
import os
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.errors import KnowledgeError, Problem
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.yamlsafe import MAX_FILE_BYTES

FACTS = "facts/islands.yaml"
TRADE_QUESTIONS = (
    "    questions:\n"
    "      - How much was trade in 1999?\n"
    "      - trade volume between the two countries\n"
    "      - what was the 1999 trade figure\n"
    "      - how big was bilateral trade\n"
)
TRADE_SOURCES = (
    "    sources:\n"
    "      - source: tiny\n"
    "        section: Trade\n"
    "        quote: Trade between the two countries was US$5 billion in 1999.\n"
)
TRADE_ANSWER = "    answer: Trade between the two countries was US$5 billion in 1999.\n"
TRADE_QUOTE = "quote: Trade between the two countries was US$5 billion in 1999."
# A well-formed second fact file, for cross-file problems.
MORE_FACT = """\
topic: More
facts:
  - id: {id}
    questions:
      - {question}
      - what else is in the example sea
      - more about the example islands please
      - tell me another thing about those rocks
    answer: The Example Islands are claimed by two countries.
    sources:
      - source: tiny
        section: Islands
        quote: The Example Islands are a group of rocks in the Example Sea.[1] They are claimed by two countries.
    tags: [islands]
"""


# -- helpers -------------------------------------------------------------------------------


def rewrite(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in a knowledge file; fail loudly if the fixture changed."""
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {rel}; the tiny_knowledge fixture changed"
    path.write_text(text.replace(old, new, 1), "utf-8")


def line_of(root: Path, rel: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line (from line `start` on) of a file containing `needle`."""
    lines = (root / rel).read_text("utf-8").splitlines()
    for number, line in enumerate(lines[start - 1 :], start):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found in {rel}")


def line_count(root: Path, rel: str) -> int:
    """Number of lines in a file."""
    return len((root / rel).read_text("utf-8").splitlines())


def problems_of(root: Path) -> tuple[Problem, ...]:
    """The problems load_knowledge reports (it must refuse the directory)."""
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    return info.value.problems


def only(problems: tuple[Problem, ...], **expected: object) -> Problem:
    """The single problem whose attributes equal `expected`."""
    found = [p for p in problems if all(getattr(p, k) == v for k, v in expected.items())]
    assert len(found) == 1, f"expected one problem with {expected}, got {list(problems)}"
    return found[0]


def assert_named(problem: Problem, file: str, fact_id: str = "", field: str = "") -> None:
    """The rendered message names the file, and the fact and field where there are any."""
    text = str(problem)
    assert text.startswith(file), text
    if fact_id:
        assert f"fact '{fact_id}'" in text, text
    if field:
        assert f"field '{field}'" in text, text


@contextmanager
def bounded_memory(megabytes: float) -> Iterator[None]:
    """Fail if the block allocates (at peak) more than given: a sign it expanded or read all.

    Memory, not time: an allocation count does not depend on how busy the machine is.
    """
    tracemalloc.start()
    try:
        yield
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < megabytes * 1_000_000, f"peak allocation {peak / 1e6:.1f} MB (limit {megabytes})"


# -- one broken fact ------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """One edit to the trade-1999 fact and the problem it must cause."""

    old: str
    new: str
    field: str
    message: str
    line_at: str | None = None  # the problem's line must be this text's line
    fact_id: str = "trade-1999"


BROKEN_FACT = {
    "unknown source id": Broken(
        "- source: tiny\n        section: Trade",
        "- source: nowhere\n        section: Trade",
        "sources.source",
        "unknown source id 'nowhere'",
    ),
    "quote not in its document": Broken(
        TRADE_QUOTE,
        TRADE_QUOTE.replace("US$5", "US$6"),
        "sources.quote",
        "is not verbatim in 'tiny'",
    ),
    "quote with different punctuation": Broken(
        TRADE_QUOTE,
        TRADE_QUOTE.replace("two countries", "two-countries"),
        "sources.quote",
        "is not verbatim",
    ),
    "quote in the wrong section": Broken(
        "section: Trade",
        "section: Islands",
        "sources.section",
        "the quote lies in section 'Trade', not 'Islands'",
    ),
    "section that does not exist": Broken(
        "section: Trade", "section: Commerce", "sources.section", "not 'Commerce'"
    ),
    "empty answer": Broken(TRADE_ANSWER, "    answer: ''\n", "answer", "non-empty", "answer: ''"),
    "blank answer": Broken(
        TRADE_ANSWER, '    answer: "  \\t "\n', "answer", "non-empty", "answer:"
    ),
    "missing answer": Broken(TRADE_ANSWER, "", "answer", "non-empty string"),
    "answer opening with a bare yes": Broken(
        "answer: Trade", "answer: Yes. Trade", "answer", "bare yes or no", "answer: Yes."
    ),
    "answer opening with a no and a comma": Broken(
        "answer: Trade", "answer: no, trade", "answer", "bare yes or no", "answer: no,"
    ),
    "empty questions": Broken(
        TRADE_QUESTIONS, "    questions: []\n", "questions", "non-empty list", "questions: []"
    ),
    "blank question": Broken(
        "- how big was bilateral trade", "- '   '", "questions", "non-empty string", "questions:"
    ),
    "empty quote": Broken(TRADE_QUOTE, "quote: ''", "sources.quote", "must be a non-empty string"),
    "empty section": Broken(
        "section: Trade", "section: ''", "sources.section", "must be a non-empty string"
    ),
    "empty tags": Broken("tags: [trade]", "tags: []", "tags", "non-empty list", "tags: []"),
    "missing sources": Broken(TRADE_SOURCES, "", "sources", "non-empty list"),
    "unknown fact key": Broken(
        "tags: [trade]", "tags: [trade]\n    colour: red", "colour", "unknown key", "colour: red"
    ),
    "unknown citation key": Broken(
        "section: Trade", "section: Trade\n        page: 12", "sources.page", "unknown key"
    ),
    "too few questions": Broken(
        "      - how big was bilateral trade\n",
        "",
        "questions",
        "needs at least 4 phrasings, has 3",
        "questions:",
    ),
    "a question listed twice": Broken(
        "- how big was bilateral trade",
        "- HOW MUCH was trade in 1999 ?",
        "questions",
        "question listed twice",
        "questions:",
    ),
    "a question of punctuation alone": Broken(
        "- how big was bilateral trade", "- '?!'", "questions", "has no words", "questions:"
    ),
    "a question it does not answer of symbols alone": Broken(
        "    answer: Trade",
        "    does_not_answer: ['¿？']\n    answer: Trade",
        "does_not_answer",
        "has no words",
        "does_not_answer:",
    ),
    "id with capitals and underscore": Broken(
        "id: trade-1999", "id: Trade_1999", "id", "slug", "id: Trade_1999", "Trade_1999"
    ),
    "id with a double dash": Broken(
        "id: trade-1999", "id: trade--1999", "id", "slug", "id: trade--1999", "trade--1999"
    ),
    "id with a space": Broken(
        "id: trade-1999", "id: trade 1999", "id", "slug", "id: trade 1999", "trade 1999"
    ),
    "id too long": Broken(
        "id: trade-1999", "id: " + "t" * 81, "id", "at most 80", "id: ttt", "t" * 81
    ),
    "see_also to an unknown id": Broken(
        "tags: [trade]",
        "tags: [trade]\n    see_also: [no-such-fact]",
        "see_also",
        "unknown fact id 'no-such-fact'",
    ),
    "questions is a string": Broken(
        TRADE_QUESTIONS, "    questions: how much was trade\n", "questions", "non-empty list"
    ),
    "answer is a list": Broken(TRADE_ANSWER, "    answer: [a, b]\n", "answer", "non-empty string"),
    "sources is a mapping": Broken(
        TRADE_SOURCES, "    sources: {source: tiny}\n", "sources", "non-empty list"
    ),
    "a citation is a string": Broken(
        TRADE_SOURCES, "    sources: [tiny]\n", "sources", "each source must be a mapping"
    ),
    "tags is a number": Broken("tags: [trade]", "tags: 5", "tags", "non-empty list"),
    "see_also is a string": Broken(
        "tags: [trade]", "tags: [trade]\n    see_also: islands-where", "see_also", "non-empty list"
    ),
    "updated_by is a number": Broken(
        "tags: [trade]", "tags: [trade]\n    updated_by: 42", "updated_by", "must be a string"
    ),
    "refs is not a list": Broken(
        "section: Trade", "section: Trade\n        refs: 1", "sources.refs", "list of reference"
    ),
    "refs names an unknown reference": Broken(
        "section: Trade", "section: Trade\n        refs: [7]", "sources.refs", "[7]"
    ),
}


@pytest.mark.parametrize("case", BROKEN_FACT.values(), ids=BROKEN_FACT.keys())
def test_broken_fact_is_reported_with_file_fact_and_field(
    tiny_knowledge: Path, case: Broken
) -> None:
    """Each kind of broken fact gives one problem naming file, fact id, field and line."""
    rewrite(tiny_knowledge, FACTS, case.old, case.new)
    problem = only(problems_of(tiny_knowledge), field=case.field)
    assert problem.file == FACTS
    assert problem.fact_id == case.fact_id
    assert case.message in problem.message
    assert_named(problem, FACTS, case.fact_id, case.field)
    fact_line = line_of(tiny_knowledge, FACTS, f"- id: {case.fact_id}")
    if case.line_at is not None:
        assert problem.line == line_of(tiny_knowledge, FACTS, case.line_at, start=fact_line)
    else:
        # At least the fact's own lines (it is the last fact): never another's, never none.
        assert fact_line <= problem.line <= line_count(tiny_knowledge, FACTS)


def test_id_that_is_not_a_string_is_reported(tiny_knowledge: Path) -> None:
    """An unquoted numeric id is reported on the id field (it has no usable fact id)."""
    rewrite(tiny_knowledge, FACTS, "id: trade-1999", "id: 1999")
    problem = only(problems_of(tiny_knowledge), field="id")
    assert "slug" in problem.message
    assert problem.line == line_of(tiny_knowledge, FACTS, "id: 1999")


@pytest.mark.parametrize(
    "opening", ["No single figure is older; trade", "Nobody disputes it; trade", "Yesterday, trade"]
)
def test_an_answer_opening_with_a_word_that_starts_like_yes_or_no_loads(
    tiny_knowledge: Path, opening: str
) -> None:
    """Only a bare yes or no is refused, not "No single ...", "Nobody" or "Yesterday"."""
    rewrite(tiny_knowledge, FACTS, "answer: Trade", f"answer: {opening}")
    kb = load_knowledge(tiny_knowledge)
    fact = kb.fact("trade-1999")
    assert fact is not None and fact.answer.startswith(opening)


def test_only_the_broken_fact_is_reported(tiny_knowledge: Path) -> None:
    """A problem in one fact does not produce noise about its healthy neighbour."""
    rewrite(tiny_knowledge, FACTS, TRADE_QUOTE, TRADE_QUOTE.replace("US$5", "US$6"))
    problems = problems_of(tiny_knowledge)
    assert len(problems) == 1
    assert problems[0].fact_id == "trade-1999"


# -- quotes: whitespace is the only accepted difference -------------------------------------


@pytest.mark.parametrize(
    "quote",
    [
        '"Trade between   the two\\tcountries was\\nUS$5 billion in 1999."',
        ">-\n          Trade between the two countries\n          was US$5 billion in 1999.",
        '"  Trade between the two countries was US$5 billion in 1999.  "',
    ],
    ids=["spaces-tab-newline", "folded-scalar", "padded"],
)
def test_quote_differing_only_in_whitespace_is_accepted(tiny_knowledge: Path, quote: str) -> None:
    """Runs of spaces, tabs and line breaks in a quote match single spaces in the document."""
    rewrite(tiny_knowledge, FACTS, TRADE_QUOTE, f"quote: {quote}")
    kb = load_knowledge(tiny_knowledge)
    citation = kb.fact("trade-1999").sources[0]  # type: ignore[union-attr]
    assert citation.quote == "Trade between the two countries was US$5 billion in 1999."


def test_quote_carries_its_footnote_reference(tiny_knowledge: Path) -> None:
    """A quote directly followed by [1] in the document carries reference 1."""
    kb = load_knowledge(tiny_knowledge)
    citation = kb.fact("islands-where").sources[0]  # type: ignore[union-attr]
    assert citation.refs == (1,)


# -- problems between facts -----------------------------------------------------------------


def test_duplicate_id_across_files_is_reported(tiny_knowledge: Path) -> None:
    """Two facts with one id in two files give a 'duplicate id' problem on that id."""
    (tiny_knowledge / "facts" / "more.yaml").write_text(
        MORE_FACT.format(id="islands-where", question="which countries claim the islands"), "utf-8"
    )
    problem = only(problems_of(tiny_knowledge), field="id", fact_id="islands-where")
    assert "duplicate id" in problem.message
    assert problem.file in {FACTS, "facts/more.yaml"}
    assert problem.line > 0


def test_duplicate_id_problem_names_the_file_of_the_duplicate(tiny_knowledge: Path) -> None:
    """The duplicate-id problem points at the second definition, the one to rename."""
    (tiny_knowledge / "facts" / "more.yaml").write_text(
        MORE_FACT.format(id="islands-where", question="which countries claim the islands"), "utf-8"
    )
    problem = only(problems_of(tiny_knowledge), field="id", fact_id="islands-where")
    assert "facts/more.yaml" in str(problem)


@pytest.mark.parametrize(
    "question",
    [
        "where are the example islands",
        "WHERE are the Example Islands ?!",
        "Where are the Sample Rocks?",
    ],
    ids=["lowercase", "punctuation", "alias"],
)
def test_question_shared_by_two_facts_is_reported(tiny_knowledge: Path, question: str) -> None:
    """A question equal (after normalisation and aliases) to another fact's is a problem."""
    rewrite(tiny_knowledge, FACTS, "- how big was bilateral trade", f"- {question}")
    # The phrasing also asks the trade fact about the islands (a fidelity problem of its own).
    shared = tuple(p for p in problems_of(tiny_knowledge) if "also a question" in p.message)
    problem = only(shared, field="questions")
    assert problem.fact_id == "trade-1999"
    assert "islands-where" in problem.message
    assert_named(problem, FACTS, "trade-1999", "questions")
    assert problem.line == line_of(tiny_knowledge, FACTS, "- id: trade-1999")


def test_question_shared_across_files_is_reported(tiny_knowledge: Path) -> None:
    """The shared-question check spans files, naming the file of the second fact."""
    (tiny_knowledge / "facts" / "more.yaml").write_text(
        MORE_FACT.format(id="islands-claimants", question="How much was trade in 1999?"), "utf-8"
    )
    problems = problems_of(tiny_knowledge)
    problem = only(problems, field="questions")
    assert {problem.fact_id, *problem.message.split("'")} >= {"islands-claimants", "trade-1999"}
    assert problem.file in {FACTS, "facts/more.yaml"}


# -- the fact file itself ---------------------------------------------------------------------


def test_unknown_top_level_key_is_reported_with_its_line(tiny_knowledge: Path) -> None:
    """A key beside topic/facts is named with its line."""
    rewrite(tiny_knowledge, FACTS, "topic: Islands\n", "topic: Islands\nowner: someone\n")
    problem = only(problems_of(tiny_knowledge), field="owner")
    assert problem.message == "unknown key"
    assert problem.line == 2
    assert_named(problem, FACTS, field="owner")


def test_empty_topic_is_reported(tiny_knowledge: Path) -> None:
    """The topic title must be a non-empty string."""
    rewrite(tiny_knowledge, FACTS, "topic: Islands", "topic: '  '")
    problem = only(problems_of(tiny_knowledge), field="topic")
    assert problem.file == FACTS
    assert "non-empty" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "topic: X\nfacts: {islands-where: 1}\n",
        "topic: X\nfacts: islands-where\n",
        "topic: X\n",
        "- topic: X\n- facts: []\n",
        "just a sentence\n",
        "",
    ],
    ids=[
        "facts-mapping",
        "facts-string",
        "facts-missing",
        "file-is-list",
        "file-is-string",
        "empty",
    ],
)
def test_fact_file_of_the_wrong_shape_is_reported(tiny_knowledge: Path, text: str) -> None:
    """A file that is not a mapping with a 'facts' list gets one problem naming the file."""
    (tiny_knowledge / FACTS).write_text(text, "utf-8")
    problem = only(problems_of(tiny_knowledge), file=FACTS)
    assert "'facts' list" in problem.message


def test_fact_that_is_not_a_mapping_is_reported(tiny_knowledge: Path) -> None:
    """A list item that is a bare string is reported at its line."""
    (tiny_knowledge / FACTS).write_text("topic: X\nfacts:\n  - where are the islands\n", "utf-8")
    problem = only(problems_of(tiny_knowledge), file=FACTS)
    assert "must be a mapping" in problem.message
    assert problem.line == 3


def test_no_fact_files_is_reported(tiny_knowledge: Path) -> None:
    """An empty facts/ directory is a problem, not an empty bot."""
    (tiny_knowledge / FACTS).unlink()
    problem = only(problems_of(tiny_knowledge), file="facts/")
    assert "no fact files" in problem.message


# -- hostile YAML -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line_at"),
    [
        ("    answer: Trade", "   answer: Trade", "   answer: Trade"),
        ("- how big was bilateral trade", "- how big: was: trade", "- how big: was: trade"),
        ("tags: [trade]", "tags: [trade]\n\tcolour: red", "\tcolour: red"),
    ],
    ids=["bad-indent", "colon-in-plain-scalar", "tab"],
)
def test_broken_yaml_syntax_names_file_and_line(
    tiny_knowledge: Path, old: str, new: str, line_at: str
) -> None:
    """A syntax error is reported for its file with the line where it is."""
    rewrite(tiny_knowledge, FACTS, old, new)
    problem = only(problems_of(tiny_knowledge), file=FACTS)
    assert f"line {line_of(tiny_knowledge, FACTS, line_at)}," in problem.message


def test_unterminated_list_is_reported(tiny_knowledge: Path) -> None:
    """An unclosed flow list is a syntax problem, located by line."""
    rewrite(tiny_knowledge, FACTS, "tags: [trade]", "tags: [trade")
    problem = only(problems_of(tiny_knowledge), file=FACTS)
    assert "line " in problem.message


def test_duplicate_key_in_a_fact_is_reported(tiny_knowledge: Path) -> None:
    """Two 'answer' keys in one fact (e.g. a bad merge) are a problem, not last-one-wins."""
    rewrite(tiny_knowledge, FACTS, TRADE_ANSWER, TRADE_ANSWER + "    answer: Something else.\n")
    problem = only(problems_of(tiny_knowledge), file=FACTS)
    assert "answer" in str(problem)


@pytest.mark.parametrize(
    "raw",
    [
        "topic: Café\nfacts: []\n".encode("latin-1"),
        "topic: Islands\nfacts: []\n".encode("utf-16"),
        b"topic: Islands\nfacts: []\n\xff\xfe\x00\n",
        b"topic: \xed\xa0\x80\nfacts: []\n",  # an encoded surrogate: invalid UTF-8
    ],
    ids=["latin-1", "utf-16", "stray-bytes", "surrogate"],
)
def test_non_utf8_file_is_reported(tiny_knowledge: Path, raw: bytes) -> None:
    """Bytes that are not UTF-8 give a clear 'not UTF-8' problem naming the file."""
    (tiny_knowledge / FACTS).write_bytes(raw)
    problem = only(problems_of(tiny_knowledge), file=FACTS)
    assert "not UTF-8" in problem.message


BILLION_LAUGHS = (
    "topic: lol\nfacts: []\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + ("".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10)))
)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (BILLION_LAUGHS, "anchors (&name) are not allowed", 3),
        ("topic: X\nfacts: [*nowhere]\n", "aliases (*name) are not allowed", 2),
        ("topic: &t X\nfacts: []\n", "anchors (&name) are not allowed", 1),
        ("topic: !!python/object/apply:os.system [ls]\nfacts: []\n", "constructor", 1),
        ("topic: !custom X\nfacts: []\n", "constructor", 1),
    ],
    ids=["billion-laughs", "alias", "anchor", "python-tag", "custom-tag"],
)
def test_yaml_tricks_are_rejected_before_expansion(
    tiny_knowledge: Path, text: str, message: str, line: int
) -> None:
    """Anchors, aliases and tags are refused before any expansion, in bounded memory."""
    (tiny_knowledge / FACTS).write_text(text, "utf-8")
    with bounded_memory(megabytes=20):
        problems = problems_of(tiny_knowledge)
    problem = only(problems, file=FACTS)
    assert message in problem.message
    assert problem.message.startswith(f"line {line},")


@pytest.mark.parametrize(
    "text",
    [
        "topic: X\nfacts: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "topic: X\nfacts: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
        "topic: X\nfacts:\n" + "".join("  " * i + "-\n" for i in range(1, 400)),
    ],
    ids=["10000-lists", "10000-mappings", "400-block-levels"],
)
def test_deep_nesting_is_rejected(tiny_knowledge: Path, text: str) -> None:
    """Absurd nesting is refused with a message, without recursion errors or blow-up."""
    (tiny_knowledge / FACTS).write_text(text, "utf-8")
    with bounded_memory(megabytes=50):
        problems = problems_of(tiny_knowledge)
    problem = only(problems, file=FACTS)
    assert "nesting" in problem.message


def test_file_over_the_size_limit_is_rejected(tiny_knowledge: Path) -> None:
    """A valid but > 2 MB fact file is refused with a message saying so."""
    path = tiny_knowledge / FACTS
    text = path.read_text("utf-8")
    path.write_text(text + "# " + "x" * (MAX_FILE_BYTES + 1000) + "\n", "utf-8")
    with bounded_memory(megabytes=20):
        problems = problems_of(tiny_knowledge)
    problem = only(problems, file=FACTS)
    assert "larger than 2 MB" in problem.message


def test_huge_file_is_rejected_without_reading_it(tiny_knowledge: Path) -> None:
    """A 1 GB file is refused from its size alone: no memory spent reading it."""
    path = tiny_knowledge / FACTS
    with path.open("r+b") as handle:
        handle.truncate(1 << 30)  # sparse: costs no disk, but reading it would cost 1 GB
    with bounded_memory(megabytes=5):
        problems = problems_of(tiny_knowledge)
    problem = only(problems, file=FACTS)
    assert "larger than 2 MB" in problem.message


def test_file_just_under_the_size_limit_is_read(tiny_knowledge: Path) -> None:
    """The limit is on size, not on content: a big comment under 2 MB loads normally."""
    path = tiny_knowledge / FACTS
    text = path.read_text("utf-8")
    path.write_text(text + "# " + "x" * (MAX_FILE_BYTES - len(text) - 100) + "\n", "utf-8")
    assert os.path.getsize(path) <= MAX_FILE_BYTES
    assert len(load_knowledge(tiny_knowledge).facts) == 2


# -- the other files --------------------------------------------------------------------------

ALIASES_CASES = {
    "syntax error": ("aliases:\n  - canonical: [x\n", None, "line "),
    "not a mapping": ("- a\n- b\n", None, "must be a mapping"),
    "unknown top-level key": ("aliases: []\nsynonyms: []\n", "synonyms", "unknown key"),
    "aliases not a list": ("aliases: {a: b}\n", "aliases", "must be a list"),
    "group without names": (
        "aliases:\n  - canonical: Example Islands\n",
        "names",
        "non-empty list",
    ),
    "group with empty canonical": (
        "aliases:\n  - canonical: ''\n    names: [x]\n",
        "canonical",
        "non-empty",
    ),
    "group with a blank name": (
        "aliases:\n  - canonical: Example Islands\n    names: ['  ']\n",
        "names",
        "non-empty list",
    ),
    "name of punctuation alone": (
        "aliases:\n  - canonical: Example Islands\n    names: [Rocks, '?!']\n",
        "names",
        "'?!' has no words",
    ),
    "canonical of symbols alone": (
        "aliases:\n  - canonical: '👍'\n    names: [Rocks]\n",
        "canonical",
        "'👍' has no words",
    ),
    "group with unknown key": (
        "aliases:\n  - canonical: A\n    names: [b]\n    colour: red\n",
        None,
        "canonical, names and an optional note",
    ),
    "name in two groups": (
        "aliases:\n  - canonical: Example Islands\n    names: [Rocks]\n"
        "  - canonical: Sample Rocks\n    names: [rocks]\n",
        "names",
        "in two groups",
    ),
    "one-character CJK name": (
        "aliases:\n  - canonical: Example Islands\n    names: [島]\n",
        "names",
        "shorter than 2",
    ),
    "anchor": ("aliases: &a []\n", None, "anchors"),
    # `kb unalias` and `kb alias-history` print a removed group's note: a terminal obeyed one.
    "note with an escape sequence": (
        'aliases:\n  - canonical: Example Islands\n    names: [Rocks]\n    note: "a\\e[2J"\n',
        "note",
        "control character U+001B",
    ),
    "note with a bidi override": (
        "aliases:\n  - canonical: Example Islands\n    names: [Rocks]\n    note: \u202eb\n",
        "note",
        "bidirectional control U+202E",
    ),
}


@pytest.mark.parametrize(
    ("text", "field", "message"), ALIASES_CASES.values(), ids=ALIASES_CASES.keys()
)
def test_broken_aliases_file_is_reported(
    tiny_knowledge: Path, text: str, field: str | None, message: str
) -> None:
    """Each kind of broken aliases.yaml gives a problem naming aliases.yaml (and the field)."""
    (tiny_knowledge / "aliases.yaml").write_text(text, "utf-8")
    problems = [p for p in problems_of(tiny_knowledge) if p.file == "aliases.yaml"]
    assert problems, "no problem names aliases.yaml"
    problem = problems[0]
    assert message in problem.message
    if field is not None:
        assert problem.field == field
        assert problem.line > 0


SOURCES_CASES = {
    "syntax error": ("sources: [\n", "", "line "),
    "sources not a list": ("sources: {id: tiny}\n", "", "'sources' list"),
    "unknown key": (
        "file: sources/tiny.txt",
        "file: sources/tiny.txt\n    colour: red",
        "unknown key",
    ),
    "missing document": ("file: sources/tiny.txt", "file: sources/missing.txt", "not found"),
    "document outside the directory": (
        "file: sources/tiny.txt",
        "file: ../../../etc/hostname",
        "not found",
    ),
    "missing title": ("    title: Tiny Source\n", "", "is missing"),
    "section marker not in the document": (
        'starts_at: "Islands"',
        'starts_at: "Peninsulas"',
        "not in the document",
    ),
    "sections out of order": (
        '  - title: Islands\n        starts_at: "Islands"\n'
        '      - title: Trade\n        starts_at: "Trade\\n"',
        '  - title: Trade\n        starts_at: "Trade\\n"\n'
        '      - title: Islands\n        starts_at: "Islands"',
        "document order",
    ),
}


@pytest.mark.parametrize(
    ("old", "new", "message"), SOURCES_CASES.values(), ids=SOURCES_CASES.keys()
)
def test_broken_sources_file_is_reported(
    tiny_knowledge: Path, old: str, new: str, message: str
) -> None:
    """Each kind of broken sources.yaml gives a problem naming sources.yaml."""
    if old.startswith("sources:"):
        (tiny_knowledge / "sources.yaml").write_text(old, "utf-8")
    else:
        rewrite(tiny_knowledge, "sources.yaml", old, new)
    problems = [p for p in problems_of(tiny_knowledge) if p.file == "sources.yaml"]
    assert any(message in p.message for p in problems), problems


def test_missing_sources_file_is_reported(tiny_knowledge: Path) -> None:
    """Without sources.yaml nothing can be verified; the problem says so."""
    (tiny_knowledge / "sources.yaml").unlink()
    problem = only(problems_of(tiny_knowledge), file="sources.yaml")
    assert "cannot read" in problem.message


def test_document_that_is_not_utf8_is_reported(tiny_knowledge: Path) -> None:
    """A source document in another encoding is refused, naming its file field."""
    (tiny_knowledge / "sources" / "tiny.txt").write_bytes("Café\n".encode("latin-1"))
    problem = only(problems_of(tiny_knowledge), file="sources.yaml", field="file")
    assert "UTF-8" in problem.message


@pytest.mark.parametrize("name", ["sources/.tiny.txt", ".drafts/tiny.txt", "sources/tiny.txt~"])
def test_document_the_watch_leaves_out_is_refused(tiny_knowledge: Path, name: str) -> None:
    """A hidden or backup file is an editor's or a tool's, not knowledge: the snapshot's key,
    the cache's and the watcher leave it out, so a document kept in one was read by the loader
    and its later edits never served (the old snapshot kept answering). It is refused."""
    (tiny_knowledge / name).parent.mkdir(exist_ok=True)
    (tiny_knowledge / "sources" / "tiny.txt").rename(tiny_knowledge / name)
    rewrite(tiny_knowledge, "sources.yaml", "file: sources/tiny.txt", f"file: {name}")
    problem = only(problems_of(tiny_knowledge), file="sources.yaml", field="file")
    assert name in problem.message and "hidden or backup" in problem.message


REFERENCES_CASES = {
    "syntax error": ("references:\n  tiny: [\n", None, "line "),
    "not a mapping": ("- 1\n", None, "'references' mapping"),
    "entries not a list": ("references:\n  tiny: {number: 1}\n", None, "must be a list"),
    "number not an integer": (
        "references:\n  tiny:\n    - number: one\n      text: x\n",
        "number",
        "positive integer",
    ),
    "number listed twice": (
        "references:\n  tiny:\n    - number: 1\n      text: The Example Times\n"
        "    - number: 1\n      text: The Example Times\n",
        "number",
        "listed twice",
    ),
    "text not in the document": (
        "references:\n  tiny:\n    - number: 1\n      text: The Other Times\n",
        "text",
        "not verbatim",
    ),
    "missing text": ("references:\n  tiny:\n    - number: 1\n", "text", "is missing"),
    "unknown key": (
        "references:\n  tiny:\n    - number: 1\n      text: The Example Times\n      pages: 3\n",
        "pages",
        "unknown key",
    ),
    "unknown source": ("references:\n  nowhere: []\n", None, "unknown source 'nowhere'"),
}


@pytest.mark.parametrize(
    ("text", "field", "message"), REFERENCES_CASES.values(), ids=REFERENCES_CASES.keys()
)
def test_broken_references_file_is_reported(
    tiny_knowledge: Path, text: str, field: str | None, message: str
) -> None:
    """Each kind of broken references.yaml gives a problem naming references.yaml."""
    (tiny_knowledge / "references.yaml").write_text(text, "utf-8")
    problems = [p for p in problems_of(tiny_knowledge) if p.file == "references.yaml"]
    matching = [p for p in problems if message in p.message]
    assert matching, problems
    if field is not None:
        assert matching[0].field == field


# -- everything at once -----------------------------------------------------------------------


def test_all_problems_are_reported_at_once(tiny_knowledge: Path) -> None:
    """Problems in two facts, another file and aliases.yaml all come back in one error."""
    rewrite(tiny_knowledge, FACTS, "answer: The Example Islands are rocks", "answer: '' #")
    rewrite(tiny_knowledge, FACTS, "section: Trade", "section: Islands")
    (tiny_knowledge / "facts" / "more.yaml").write_text(
        MORE_FACT.format(id="Bad_Id", question="which countries claim the islands"), "utf-8"
    )
    (tiny_knowledge / "aliases.yaml").write_text("aliases: oops\n", "utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tiny_knowledge)
    problems = info.value.problems
    located = {(p.file, p.fact_id, p.field) for p in problems}
    assert located >= {
        (FACTS, "islands-where", "answer"),
        (FACTS, "trade-1999", "sources.section"),
        ("facts/more.yaml", "Bad_Id", "id"),
        ("aliases.yaml", "", "aliases"),
    }
    assert str(info.value).startswith(f"{len(problems)} problem(s)")


def test_two_broken_facts_give_two_problems(tiny_knowledge: Path) -> None:
    """Two facts each with one fault give exactly two problems, one per fact."""
    rewrite(tiny_knowledge, FACTS, "      - example islands location\n", "")
    rewrite(tiny_knowledge, FACTS, "      - how big was bilateral trade\n", "")
    problems = problems_of(tiny_knowledge)
    assert [(p.fact_id, p.field) for p in problems] == [
        ("islands-where", "questions"),
        ("trade-1999", "questions"),
    ]


# -- `python -m bot kb check` -----------------------------------------------------------------


def run_kb_check(monkeypatch: pytest.MonkeyPatch, root: Path, tmp_path: Path) -> tuple[int, str]:
    """Run `kb check` on a knowledge directory; return the exit status and output."""
    monkeypatch.chdir(tmp_path)  # no stray .env from the working directory
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(root))
    out = io.StringIO()
    status = main(["kb", "check"], out=out)
    return status, out.getvalue()


def test_kb_check_prints_every_problem_and_exits_1(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kb check` on a broken directory lists each problem with its location and exits 1."""
    rewrite(tiny_knowledge, FACTS, "      - example islands location\n", "")
    rewrite(tiny_knowledge, FACTS, "section: Trade", "section: Islands")
    status, output = run_kb_check(monkeypatch, tiny_knowledge, tmp_path)
    assert status == 1
    assert output.startswith("2 problem(s):")
    assert f"{FACTS}:4: fact 'islands-where': field 'questions': needs at least 4" in output
    assert "fact 'trade-1999': field 'sources.section'" in output


def test_kb_check_reports_hostile_yaml(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kb check` turns a billion-laughs file into a one-line problem, not a crash."""
    (tiny_knowledge / FACTS).write_text(BILLION_LAUGHS, "utf-8")
    status, output = run_kb_check(monkeypatch, tiny_knowledge, tmp_path)
    assert status == 1
    assert f"{FACTS}: line 3, column 5: YAML anchors (&name) are not allowed" in output


def test_kb_check_passes_on_the_shipped_knowledge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kb check` on the repository's knowledge exits 0 and says ok."""
    shipped = Path(__file__).resolve().parents[3] / "knowledge"
    status, output = run_kb_check(monkeypatch, shipped, tmp_path)
    assert status == 0, output
    assert output.startswith("ok: ")


def test_kb_check_on_a_missing_directory_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A knowledge directory that does not exist is one error naming it, exit 1."""
    status, _ = run_kb_check(monkeypatch, tmp_path / "nowhere", tmp_path)
    assert status == 1
    assert f"knowledge directory not found: {tmp_path / 'nowhere'}" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["directory", "fifo", "device"])
def test_a_fact_file_that_is_not_a_plain_file_is_a_problem_read_by_nobody(
    tiny_knowledge: Path, tmp_path: Path, kind: str
) -> None:
    """A directory, a FIFO or a link to /dev/zero named facts/*.yaml is one problem naming the
    file, found without reading it, by the loader and by a cold build's workers alike: it was
    an IsADirectoryError traceback, a reader blocked for good, and a read that never ended."""
    from bot.core.engine.cold import cold_build

    path = tiny_knowledge / "facts" / "new.yaml"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    problem = only(problems_of(tiny_knowledge), file="facts/new.yaml")
    assert "plain file" in problem.message
    with pytest.raises(KnowledgeError, match="plain file"):
        cold_build(tiny_knowledge, workers=1, cache_dir=tmp_path / "cache")
