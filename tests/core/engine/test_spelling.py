"""Misspelt names read as the names they misspell, and no real word changed (spelling.py)."""

from __future__ import annotations

import pytest

from bot.core.engine.aliases import AliasTable
from bot.core.engine.answer import Engine
from bot.core.engine.spelling import NameSpeller, english_words, known_to
from bot.core.knowledge.models import AliasGroup

NOTHING_INDEXED: dict[str, int] = {}


@pytest.fixture(scope="module")
def speller() -> NameSpeller:
    return NameSpeller(
        AliasTable.build(
            [
                AliasGroup("Liancourt Rocks", ("Dokdo", "Takeshima", "독도")),
                AliasGroup("liberation", ("independence from Japan", "Korean liberation")),
                AliasGroup("political party", ("party",)),
                AliasGroup("GSOMIA", ("military intelligence-sharing pact",)),
            ]
        )
    )


def spelt(speller: NameSpeller, text: str, indexed: dict[str, int] = NOTHING_INDEXED) -> str:
    return speller.correct(text, known_to(indexed))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("when did korea get indepedence from japan", "when did korea get independence from japan"),
        ("who owns Tekeshima", "who owns takeshima"),
        ("was the military intellgence pact signed", "was the military intelligence pact signed"),
        ("what is gsomai", "what is gsomia"),  # the last two letters swapped
        ("who owns takeshiam", "who owns takeshima"),
    ],
)
def test_a_misspelt_alias_word_is_read_as_the_word(
    speller: NameSpeller, text: str, expected: str
) -> None:
    assert spelt(speller, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "was it legally binding",  # English, though one slip from no name ("lally" is two)
        "partly true",  # English, one slip from "party"
        "who owns dokdo",  # the name itself
        "who owns dokdu",  # under five letters: too short to tell a slip from another word
        "indepandancy",  # far from any name
        "takeshimo",  # a slip keeps the last letter: "takeshima" ends otherwise
        "독도는 누구 땅이야",  # no Latin word
    ],
)
def test_other_words_are_left_as_written(speller: NameSpeller, text: str) -> None:
    assert spelt(speller, text) == text


def test_a_word_an_index_knows_is_left_as_written(speller: NameSpeller) -> None:
    """A fact's own word is no misspelling, dictionary or not ("taksehima" made up here)."""
    assert spelt(speller, "taksehima") == "takeshima"
    assert spelt(speller, "taksehima", {"taksehima": 0}) == "taksehima"


def test_two_equally_close_names_leave_the_word_alone() -> None:
    speller = NameSpeller(AliasTable.build([AliasGroup("Kabcde", ()), AliasGroup("Kbbcde", ())]))
    assert spelt(speller, "kcbcde") == "kcbcde"
    assert spelt(speller, "kabcdd") == "kabcdd"  # the last letter differs from both
    assert spelt(speller, "kabcxe") == "kabcde"


def test_the_dictionary_holds_english_words_and_not_their_misspellings() -> None:
    words = english_words()
    assert {"legally", "partly", "crash", "independence"} <= words
    assert not {"indepedence", "goverment", "recieve"} & words


def test_the_engine_answers_a_question_with_a_misspelt_name(engine: Engine) -> None:
    """Korea's liberation is an alias group ("independence from Japan"): misspelt, it was
    declined (the colonial-rule fact answers only a question naming the liberation)."""
    right = engine.ask("when did korea get independence from japan")
    assert right.kind == "fact"
    misspelt = engine.ask("when did korea get indepedence from japan")
    assert misspelt.kind == "fact"
    assert misspelt.fact_id == right.fact_id
    assert misspelt.question == "when did korea get indepedence from japan"  # shown as asked


def test_a_misspelt_name_typed_in_full_width_letters_is_read_as_the_name(
    speller: NameSpeller,
) -> None:
    """Full-width letters (a Japanese or Korean keyboard left in full-width mode) are Latin
    letters to the matchers (NFKC), so a slip typed in them is corrected as one typed in ASCII."""
    assert spelt(speller, "ｗｈｏ ｏｗｎｓ Ｔｅｋｅｓｈｉｍａ") == "ｗｈｏ ｏｗｎｓ takeshima"
    assert spelt(speller, "ｄｏｋｄｏ") == "ｄｏｋｄｏ"  # the name itself: left as typed


@pytest.mark.parametrize(
    "question",
    [
        "when did korea get independance from japan",
        "who was the tokyo governer who wanted a pro north korean univ",
    ],
)
def test_a_question_with_a_slip_answers_alike_in_full_width(
    blended_engine: Engine, question: str
) -> None:
    """The same misspelt question typed in full-width letters gets the same answer, stated as
    plainly, as typed in ASCII."""
    wide = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in question)
    typed, asked = blended_engine.ask(question), blended_engine.ask(wide)
    assert typed.fact_id is not None
    assert (asked.fact_id, asked.hedged) == (typed.fact_id, typed.hedged)


def test_the_engine_answers_a_name_with_its_last_letters_swapped(engine: Engine) -> None:
    """ "gsomai" is "gsomia" typed with two letters swapped: it gets the answer "gsomia" gets
    (it was declined, the word unknown to the knowledge)."""
    right = engine.ask("what is gsomia")
    swapped = engine.ask("what is gsomai")
    assert right.kind == "fact"
    assert (swapped.kind, swapped.fact_id) == (right.kind, right.fact_id)
