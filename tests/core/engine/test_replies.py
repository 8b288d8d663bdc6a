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
        "出典を教えてください",
        "その情報のソースはどこですか？",
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
        # Japanese has no spaces: a whole question was one "word", so always "short".
        "日本が竹島を自国の領土だと主張する根拠は何？",
        "韓国が竹島を実効支配しているという情報源は何ですか",
        "竹島が日本の領土だという根拠は？",
    ],
)
def test_other_replies(text: str) -> None:
    """Thanks, doubt, questions and long sentences that merely mention a source are not."""
    assert not asks_for_source(text)
