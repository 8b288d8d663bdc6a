"""The phrasing a fact is offered by: in the member's script, close to what was asked."""

from __future__ import annotations

import re

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.simplify import simplify
from bot.core.engine.tokens import tokenize

HANGUL = re.compile(r"[가-힣]")
KANA = re.compile(r"[\u3040-\u30ff]")
# Declined by both matchers, with suggestions (checked below, so a change that answers them
# fails here rather than testing nothing).
KOREAN = "독도 국제적으로 누구 땅이야"
JAPANESE = "冬ソナの主演俳優って今何してるの？"  # what the lead actor does now: no document says
ENGLISH = "hallyu in japan still big or nah"


def entry_of(engine: Engine, fact_id: str) -> int:
    return next(k for k, f in enumerate(engine.facts) if f.id == fact_id)


@pytest.mark.parametrize("matcher", ["lexical", "blended"])
def test_a_declined_question_is_offered_phrasings_in_its_own_script(
    matcher: str, engine: Engine, blended_engine: Engine
) -> None:
    bot = engine if matcher == "lexical" else blended_engine
    for question, script in ((KOREAN, HANGUL), (JAPANESE, KANA)):
        answer = bot.ask(question)
        assert answer.kind == "none"
        assert answer.suggestions
        for suggestion in answer.suggestions:
            fact = bot.kb.fact(suggestion.fact_id)
            assert fact is not None and suggestion.question in fact.questions
            if any(script.search(q) for q in fact.questions):
                assert script.search(suggestion.question), suggestion
    english = bot.ask(ENGLISH)
    assert english.kind == "none" and english.suggestions
    assert all(s.question.isascii() for s in english.suggestions)


def test_by_words_the_phrasing_sharing_the_rarest_words_is_offered(engine: Engine) -> None:
    """Without meaning, the phrasing with the question's telling words wins over the one
    that is merely similar as a string ("why do koreans resent japan")."""
    entry = entry_of(engine, "overview-colonial-occupation")
    question = simplify("when did korea get independence from japan")
    index = engine.fact_index
    offered = index.closest_phrase(entry, question, index.in_script_of(entry, question))
    assert "liberation" in tokenize(offered, engine.aliases)
    assert index.best_phrase(entry, question) == "why do koreans resent japan"


def test_by_meaning_the_closest_phrasing_is_offered(blended_engine: Engine) -> None:
    """With the semantic matcher the phrasing closest in meaning is chosen among those in the
    question's script: asked in a phrasing's own words, that phrasing."""
    bot = blended_engine
    assert bot.embedder is not None and bot.semantic is not None
    entry = entry_of(bot, "culture-korean-wave-japan")
    fact = bot.facts[entry]
    among = bot.fact_index.in_script_of(entry, simplify(ENGLISH))
    assert len(among) >= 3 and all(fact.questions[k].isascii() for k in among)
    for k in among[:4]:
        vectors = bot.embedder.embed([fact.questions[k]])
        cosines = bot.semantic.text_cosines(vectors, [entry])[entry]
        assert len(cosines) == len(fact.questions) + 1  # and the answer, last
        assert among[int(cosines[among].argmax())] == k
        assert bot.semantic.closeness(vectors, [entry])[entry] == float(cosines.max())
