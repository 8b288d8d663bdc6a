"""Which chat replies ask for the answer's sources."""

from __future__ import annotations

import pytest

from bot.core.engine.replies import asks_for_source


@pytest.mark.parametrize(
    "text",
    [
        "source?",
        "Source??",
        "what's the source?",
        "got a source for that?",
        "link pls",
        "출처는?",
        "출처 좀",
        "근거가 뭐야?",
        "ソースは？",
        "出典は?",
        "ソースある？",
    ],
)
def test_requests_for_a_source(text: str) -> None:
    """Short replies asking for the source, in English, Korean or Japanese."""
    assert asks_for_source(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "thanks, that helps!",
        "is that true?",
        "lol ok",
        "ㅇㅋ 고마워",
        "本当に？",
        "who controls dokdo?",
        "what was the main source of friction between the two countries in 1965",
        "resources",
    ],
)
def test_other_replies(text: str) -> None:
    """Thanks, doubt, questions and long sentences that merely mention a source are not."""
    assert not asks_for_source(text)
