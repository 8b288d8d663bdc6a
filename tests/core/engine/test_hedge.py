"""Hedged answers: below the confidence where answers to members' own questions hold up, the
bot gives the closest fact and says it is not sure that is what was asked (Answer.hedged)."""

from __future__ import annotations

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.decide import BLENDED, LEXICAL
from bot.core.knowledge.models import Answer
from bot.render import HEDGE_INTRO, render_answer

# Questions of our own, in members' words: answered plainly, answered with a hedge, declined.
QUESTIONS = [
    "who controls dokdo",
    "when was the 1965 treaty signed",
    "how long did japan rule korea",
    "what is gsomia",
    "how much money did japan pay korea in 1965",
    "竹島は誰が管理している？",
    "what happened to the comfort women agreement",
    "whats the tallest mountain on earth",
    "thanks!",
]


# These ride on the model's cosines: above the band, but another fact about the same thing is
# closer in meaning. After a change of the knowledge, replace an example that drops out.
DISAGREEING = [
    "is the military pact an intelligence sharing agreement",
    "when was the world cup in korea and japan",
]


def _expected_hedge(which: Engine, question: str, answer: Answer) -> bool:
    """A fact answer below the band, or (both matchers) one that another candidate beats on
    words or on meaning; never a decline or a passage."""
    if answer.kind != "fact":
        return False
    if answer.score < which.params.hedge_below:
        return True
    if not which.params.plain_needs_agreement:
        return False
    candidates = which.consider(question).candidates
    top = next(c for c in candidates if which.facts[c.entry].id == answer.fact_id)
    assert top.semantic is not None
    return top.lexical < max(c.lexical for c in candidates) or top.semantic < max(
        c.semantic for c in candidates if c.semantic is not None
    )


@pytest.mark.parametrize("question", [*QUESTIONS, *DISAGREEING])
def test_only_fact_answers_below_the_band_or_in_dispute_are_hedged(
    engine: Engine, blended_engine: Engine, question: str
) -> None:
    """Each matcher hedges exactly its fact answers whose confidence is below its own band and,
    with both matchers, those another candidate beats on words or meaning; declines and
    passages never carry the flag."""
    for which, params in ((engine, LEXICAL), (blended_engine, BLENDED)):
        assert which.params == params
        answer = which.ask(question)
        assert answer.hedged == _expected_hedge(which, question, answer), question


@pytest.mark.parametrize("question", DISAGREEING)
def test_an_answer_the_matchers_dispute_is_hedged_however_high_its_score(
    blended_engine: Engine, question: str
) -> None:
    """Above the band, a fact is stated plainly only if no other candidate has better words or
    a closer meaning: here one does, so the answer comes with the hedge."""
    assert BLENDED.plain_needs_agreement and not LEXICAL.plain_needs_agreement
    answer = blended_engine.ask(question)
    assert answer.kind == "fact" and answer.score >= BLENDED.hedge_below
    assert answer.hedged


# These ride on the tuned parameters (decide.BLENDED, hedge_below from `python -m bench.tune`)
# with a margin of a few hundredths: after a re-sweep, replace an example that drops out.
def test_a_sure_answer_is_stated_plainly_and_a_weak_one_hedged(blended_engine: Engine) -> None:
    """A question every word of which the fact has is answered plainly; a bare acronym the
    model does not know reaches the fact only just, and is hedged."""
    plain = blended_engine.ask("how much money did japan pay korea in 1965")
    assert plain.fact_id == "cw-1965-800-million" and not plain.hedged
    assert plain.score >= BLENDED.hedge_below + 0.05
    weak = blended_engine.ask("what is gsomia")
    assert weak.fact_id == "security-intel-pact-what-is-it" and weak.hedged
    assert weak.score <= BLENDED.hedge_below - 0.05


def test_the_lexical_matcher_alone_states_only_full_matches_plainly(engine: Engine) -> None:
    """Alone, the lexical score never separated right from wrong answers to members' questions
    nine times in ten: only a question fully covered by a fact's phrasings is stated plainly."""
    assert LEXICAL.hedge_below == 1.0
    full = engine.ask("who controls dokdo")
    assert full.score == 1.0 and full.kind == "fact" and not full.hedged
    partial = engine.ask("when was the 1965 treaty signed")
    assert partial.fact_id == "history-diplomatic-relations-1965" and partial.hedged


def test_the_terminal_says_when_it_is_not_sure(engine: Engine) -> None:
    """The plain-text reply opens a hedged answer with the hedge and marks its footer; a sure
    answer has neither."""
    hedged = render_answer(engine.ask("when was the 1965 treaty signed"))
    assert hedged.startswith(HEDGE_INTRO + "\n")
    assert ", not sure ·" in hedged
    plain = render_answer(engine.ask("who controls dokdo"))
    assert HEDGE_INTRO not in plain and "not sure" not in plain
