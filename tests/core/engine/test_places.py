"""A name the question sets its matter in ("in japan", 일본에서, 日本で) must be in the fact that
answers, even a name most facts contain (`places.py`, `Answerability.judge`)."""

from __future__ import annotations

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.decide import LEXICAL
from bot.core.engine.places import asked_places, may_set_a_place
from bot.core.engine.simplify import simplify

MATCHERS = ["lexical", "blended"]


def pick(request: pytest.FixtureRequest, matcher: str) -> Engine:
    """The lexical engine (`engine`) or the one with both matchers (`blended_engine`)."""
    return request.getfixturevalue("engine" if matcher == "lexical" else "blended_engine")


NAMES = {"japan", "south_korea", "united_states", "k_pop"}


def name_of(word: str) -> str:
    return word if word in NAMES else ""


@pytest.mark.parametrize(
    ("words", "places"),
    [
        ("how_many survivors live in japan", ["japan"]),
        ("troops in the united_states", ["united_states"]),
        ("k_pop popularity inside south_korea", ["south_korea"]),
        ("japan 에서 k_pop popularity 있어", ["japan"]),
        ("japan 내 south_korea how_many", ["japan"]),
        ("japan で k_pop popularity ある", ["japan"]),
        ("japan に住んでいる south_korea は how_many", ["japan"]),
        ("japan では dramas popularity", ["japan"]),
    ],
)
def test_a_name_after_a_word_of_place_is_a_place(words: str, places: list[str]) -> None:
    assert asked_places(words.split(), name_of) == places


@pytest.mark.parametrize(
    "words",
    [
        "japan and south_korea relations",  # names, but no word of place
        "japan 에 대해 알려줘",  # 에 대해: "about Japan"
        "japan 에 관한 뉴스",
        "south_korea について教えて",  # について: "about Korea"
        "japan に対して 謝罪",  # に対して: "towards Japan"
        "japan ですか",  # the copula
        "in 1965 japan paid",  # "in" before a year, not before the name
    ],
)
def test_other_uses_of_the_same_words_set_no_place(words: str) -> None:
    assert asked_places(words.split(), name_of) == []


SURVIVORS = "comfort-women-survivor-count"  # South Korea and North Korea, as of 2007


@pytest.mark.parametrize("matcher", MATCHERS)
@pytest.mark.parametrize(
    "question",
    [
        "how many comfort women survivors are there in japan",
        "위안부 생존자 일본에 몇 명 있어?",
        "日本に慰安婦の生存者は何人いる？",
    ],
)
def test_a_fact_without_the_place_does_not_answer(
    request: pytest.FixtureRequest, matcher: str, question: str
) -> None:
    """The survivors' count is for the two Koreas: asked about survivors in Japan, the fact
    scores high on every other word, and the place rule refuses it."""
    engine = pick(request, matcher)
    seen = [
        c for c in engine.consider(question).candidates if engine.facts[c.entry].id == SURVIVORS
    ]
    assert seen, "the survivors' fact is no longer a candidate"
    assert seen[0].lexical >= LEXICAL.threshold, "the example no longer scores high enough"
    assert seen[0].verdict.reason == "missing_place"
    assert engine.ask(question).fact_id != SURVIVORS


@pytest.mark.parametrize("matcher", MATCHERS)
@pytest.mark.parametrize(
    "question",
    [
        "how many comfort women survivors are there in south korea",
        "남한에 위안부 생존자 몇 명 있어?",
        "韓国に慰安婦の生存者は何人いる？",
    ],
)
def test_a_fact_with_the_place_still_answers(
    request: pytest.FixtureRequest, matcher: str, question: str
) -> None:
    assert pick(request, matcher).ask(question).fact_id == SURVIVORS


def test_one_of_two_places_offered_as_alternatives_is_enough(engine: Engine) -> None:
    """ "Signed in tokyo or seoul": a fact that names Seoul and not Tokyo may answer, as with
    other names offered as alternatives (`Answerability.alternatives`)."""
    rules = engine.fact_rules
    question = "was the money paid in tokyo or seoul"
    places = rules.places(question)
    assert places == ("tokyo",)
    entry = next(i for i, fact in enumerate(engine.facts) if fact.id == "cw-1965-800-million")
    seoul_only = engine.fact_index.slots("seoul")
    either = rules.alternatives(question)
    assert rules.judge(entry, seoul_only, None, places=places).reason == "missing_place"
    assert rules.judge(entry, seoul_only, None, places=places, either=either).reason != (
        "missing_place"
    )


@pytest.mark.parametrize(
    ("question", "places"),
    [
        # Korean chat contracts 에서는 and 에는, and adds 도 ("also") or 의 ("of")
        ("일본에선 케이팝 인기 많아?", ("japan",)),
        ("한국에선 일본 드라마 틀어도 돼?", ("south_korea",)),
        ("일본엔 한국인 몇 명 살아?", ("japan",)),
        ("일본에서도 한류 인기야?", ("japan",)),
        ("일본에서의 한류 인기는?", ("japan",)),
        # Japanese "within": 国内で, 韓国内で, の中で
        ("日本国内で韓流は人気？", ("japan",)),
        ("韓国内で日本のドラマは禁止？", ("south_korea",)),
        ("日本の中で韓流は人気？", ("japan",)),
    ],
)
def test_a_place_said_the_way_chat_says_it(
    engine: Engine, question: str, places: tuple[str, ...]
) -> None:
    """The contracted and "within" forms set a place as the full ones do, read with the
    shipped aliases."""
    assert engine.fact_rules.places(question) == places


@pytest.mark.parametrize(
    "question", ["위안부 생존자 일본엔 몇 명 있어?", "위안부 생존자 일본에선 몇 명이야?"]
)
def test_a_contracted_place_still_refuses_the_fact_without_it(
    engine: Engine, question: str
) -> None:
    """The survivors' count (the two Koreas) does not answer survivors "in Japan" said in chat."""
    seen = [
        c for c in engine.consider(question).candidates if engine.facts[c.entry].id == SURVIVORS
    ]
    assert seen and seen[0].verdict.reason == "missing_place"
    assert engine.ask(question).fact_id != SURVIVORS


@pytest.mark.parametrize(
    "question",
    [
        "what is the biggest issue in japan korea relations",
        "what role does china play in japan-korea relations",
        "whats the biggest dispute in japan and korea relations",
        "what role does north korea play in japan south korea relations",
        "in korea japan relations what is gsomia",
        "is there progress in the japan–korea relationship",
    ],
)
def test_two_names_before_a_relationship_set_no_place(engine: Engine, question: str) -> None:
    """ "In japan-korea relations" is about the relationship, not about something in Japan:
    the first name of the pair is no place a fact must contain."""
    assert engine.fact_rules.places(question) == ()


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("is kpop popular in japan and korea", ("japan",)),
        ("is kpop popular in japan", ("japan",)),
        ("what do people in korea think of japan", ("korea",)),
    ],
)
def test_a_name_not_before_a_relationship_is_still_a_place(
    engine: Engine, question: str, places: tuple[str, ...]
) -> None:
    assert engine.fact_rules.places(question) == places


@pytest.mark.parametrize(
    "question",
    [
        "how many comfort women survivors are there in japan",
        "위안부 생존자 일본엔 몇 명 있어?",
        "韓国内で日本のドラマは禁止？",
        "日本で韓流は人気？",
    ],
)
def test_a_text_with_a_place_holds_a_word_of_place(question: str) -> None:
    """The quick look before the aliases' reading (`may_set_a_place`) finds every form the
    reading reads a place after; a text without one is not read a second time."""
    assert may_set_a_place(simplify(question))


@pytest.mark.parametrize("question", ["who controls dokdo", "독도는 누가 지배해?", "1番" * 50])
def test_a_text_without_a_word_of_place_is_not_read_for_one(engine: Engine, question: str) -> None:
    assert not may_set_a_place(simplify(question))
    assert engine.fact_rules.places(question) == ()
