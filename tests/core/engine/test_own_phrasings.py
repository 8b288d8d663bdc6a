"""Every shipped phrasing is answered, plainly, by its own fact with the product's engine.

A member who types a fact's phrasing (or picks it from /ask autocomplete) should get that fact.
A phrasing written as a statement is screened as a remark, one that asks about "now" is held
back from a dated fact, and a near copy of another fact's phrasing is answered by that fact:
this test names each such phrasing, so that an edit of the knowledge (or of the rules) that
breaks one is caught when it is made.
"""

from __future__ import annotations

from bot.core.engine.answer import Engine

# The close calls left as they are: the phrasing is right for its fact, and no rewording that
# keeps it a member's question wins without costing elsewhere. (fact id, phrasing) -> what the
# engine does with it, and why it stays.
CLOSE_CALLS: dict[tuple[str, str], str] = {
    # Hedged: the euphemism fact (cw-sex-slaves-term) also defines the term.
    (
        "comfort-women-who-were-they",
        "definition of comfort women wartime sex slaves ww2",
    ): "hedged",
    # Hedged: several comfort-women facts match "どういう人たち" as closely.
    ("comfort-women-who-were-they", "慰安婦問題の慰安婦ってどういう人たちだっけ"): "hedged",
    # Hedged: the other facts on who the women were match the nationalities as well.
    (
        "cw-who-were-the-women",
        "were comfort women only korean? i thought there were also chinese filipina dutch women",
    ): "hedged",
    # Hedged: the pact's other facts (signing, postponement) match as closely.
    (
        "security-intel-pact-what-is-it",
        "is the military pact an intelligence sharing agreement",
    ): "hedged",
    # Answered by comfort-women-survivors-age (a near meaning); the rewording tried cost a
    # right answer on the development set.
    (
        "comfort-women-survivors-want-apology",
        "what would satisfy the comfort women who are still alive",
    ): "other",
}


def _outcome(engine: Engine, fact_id: str, question: str) -> str:
    """'own' when the fact answers without a hedge, else what happened instead."""
    answer = engine.ask(question)
    if not answer.answered:
        return f"declined ({answer.reason})"
    if answer.fact_id != fact_id:
        return "other"
    return "hedged" if answer.hedged else "own"


def test_every_phrasing_is_answered_by_its_own_fact(semantic_engine: Engine) -> None:
    """Each phrasing of each fact gets that fact, unhedged, except the listed close calls, and
    each close call still behaves as listed (a fixed one is taken off the list)."""
    wrong: list[str] = []
    for fact in semantic_engine.facts:
        for question in fact.questions:
            got = _outcome(semantic_engine, fact.id, question)
            expected = CLOSE_CALLS.get((fact.id, question), "own")
            if got != expected:
                wrong.append(f"{fact.id}: {question!r} -> {got} (expected {expected})")
    assert not wrong, "\n".join(wrong)


def test_the_close_calls_are_shipped_phrasings(semantic_engine: Engine) -> None:
    """A close call whose phrasing was reworded or removed is taken off the list too."""
    shipped = {(f.id, q) for f in semantic_engine.facts for q in f.questions}
    assert set(CLOSE_CALLS) <= shipped
