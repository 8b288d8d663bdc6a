"""English as members type it in a channel, read by the shipped engine with both matchers."""

from __future__ import annotations

import pytest

from bot.core.engine.answer import Engine

# The two facts on what Japan and South Korea settled in December 2015.
DECEMBER_2015 = {"diplomacy-kishida-yun-december-2015", "cw-2015-agreement-announced"}


@pytest.mark.parametrize(
    "question",
    ["what happened on dec 28th 2015", "what happened on december 28th 2015"],
)
def test_an_ordinal_date_is_answered_as_the_date(blended_engine: Engine, question: str) -> None:
    """A day typed as an ordinal finds the facts of that day, as the plain number does."""
    answer = blended_engine.ask(question)
    assert answer.fact_id in DECEMBER_2015, answer
