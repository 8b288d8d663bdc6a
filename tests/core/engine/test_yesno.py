"""A leading "Yes." or "No." is shown only for a question that a yes or a no answers."""

from __future__ import annotations

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.yesno import asks_with_a_question_word, fitted

BAN = (
    "Yes. After the end of World War II, South Korea banned Japanese cultural imports such as "
    "music, film, video games and literature (manga)."
)


@pytest.mark.parametrize(
    "question",
    [
        "why did korea ban japanese movies",
        "what did south korea ban after the war",
        "한국은 왜 일본 영화를 금지했어?",
        "韓国はなぜ日本の映画を禁止したの？",
    ],
)
def test_a_question_word_drops_the_leading_yes(question: str) -> None:
    assert asks_with_a_question_word(question)
    assert fitted(BAN, question) == BAN.removeprefix("Yes. ")


@pytest.mark.parametrize(
    "question",
    ["did korea ban japanese movies?", "is it true korea banned anime", "일본 영화 금지였어?", ""],
)
def test_a_yes_or_no_question_keeps_it(question: str) -> None:
    assert fitted(BAN, question) == BAN


def test_no_is_dropped_like_yes_and_an_attribution_is_kept() -> None:
    """A bare "No." goes the same way; "Yes, according to X." is not bare and stays whole."""
    no = "No. According to the article it is still illegal to broadcast Japanese dramas."
    assert fitted(no, "when could japanese dramas air in korea") == no.removeprefix("No. ")
    attributed = "Yes, according to GlobalSecurity. Abe apologized as prime minister."
    assert fitted(attributed, "what did abe say") == attributed
    plain = "The Yes. campaign started in 2001."
    assert fitted(plain, "what started in 2001") == plain


def test_the_engine_shows_the_fitted_answer(engine: Engine) -> None:
    """Through the real engine: the shipped fact about the ban starts with "Yes."; asked with
    "why" its answer starts with what happened, asked with "did" it keeps the "Yes."."""
    fact = engine.kb.fact("culture-japanese-culture-ban")
    assert fact is not None and fact.answer.startswith("Yes. ")
    why = engine.answer_fact(fact.id, "why did korea ban japanese culture")
    did = engine.answer_fact(fact.id, "did korea ban japanese culture")
    assert why is not None and did is not None
    assert why.answer == fact.answer.removeprefix("Yes. ")
    assert did.answer == fact.answer
    asked = engine.ask("what japanese culture did south korea ban after world war 2")
    assert asked.fact_id == fact.id
    assert asked.answer is not None and not asked.answer.startswith("Yes")
