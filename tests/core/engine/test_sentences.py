"""`split_sentences` and `message_sentences`: where prose and chat messages end a sentence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.engine.sentences import message_sentences, split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Relations were normalized in 1965.[8] Trade grew.",
            ["Relations were normalized in 1965.[8]", "Trade grew."],
        ),
        (
            "It was reported.[8][9] Then it was denied.",
            ["It was reported.[8][9]", "Then it was denied."],
        ),
        (
            "Some facts are disputed.[citation needed] Others are not.",
            ["Some facts are disputed.[citation needed]", "Others are not."],
        ),
        (
            "The U.S. and Japan signed it. Korea did not.",
            ["The U.S. and Japan signed it.", "Korea did not."],
        ),
        ("Mr. Abe met Park. They talked.", ["Mr. Abe met Park.", "They talked."]),
        ("Samuel J. Smith came. He left.", ["Samuel J. Smith came.", "He left."]),
        ('He said "no." Then he left!', ['He said "no."', "Then he left!"]),
        ("Really? Yes.", ["Really?", "Yes."]),
        ("It grew e.g. in trade. It fell.", ["It grew e.g. in trade.", "It fell."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
        ("US$5.5 billion in 1999.", ["US$5.5 billion in 1999."]),
    ],
    ids=[
        "footnote",
        "two-footnotes",
        "citation-needed",
        "U.S.",
        "Mr.",
        "initial",
        "closing-quote",
        "question-mark",
        "lowercase-after-dot",
        "line-break",
        "decimal",
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    """Sentences end at . ! ? (with footnotes) before a capital, not at abbreviations."""
    assert split_sentences(text) == sentences


@given(st.text(max_size=300))
def test_split_sentences_loses_no_words(text: str) -> None:
    """Splitting keeps every non-space character, in order."""
    joined = "".join("".join(s.split()) for s in split_sentences(text))
    assert joined == "".join(text.split())


@pytest.mark.parametrize(
    ("message", "sentences"),
    [
        # One sentence that says something: nothing to read apart.
        ("when was the treaty signed", []),
        ("when was the treaty signed?", []),
        ("when was the treaty signed? lol", []),
        # Two or more: each, in order.
        (
            "when was the treaty signed? my teacher said 1965 and i forgot",
            ["when was the treaty signed", "my teacher said 1965 and i forgot"],
        ),
        (
            "독도 누구 땅임? 일본 교과서는 다르게 말하던데",
            ["독도 누구 땅임", "일본 교과서는 다르게 말하던데"],
        ),
        (
            "韓流ブームはいつから？冬のソナタの頃かな",
            ["韓流ブームはいつから", "冬のソナタの頃かな"],
        ),
        # The inner dots of an abbreviation or a decimal do not end a sentence (the last dot of
        # "U.S." does, leaving "did the U.S", which says nothing); a line break does.
        ("did the U.S. push both sides to talk", []),
        (
            "trade was 2.5 times larger\nwhy did it grow so fast",
            ["trade was 2.5 times larger", "why did it grow so fast"],
        ),
        # At most four.
        (
            "dokdo location. gsomia pact. kono statement. winter sonata fans. fund closing",
            ["dokdo location", "gsomia pact", "kono statement", "winter sonata fans"],
        ),
    ],
)
def test_message_sentences(message: str, sentences: list[str]) -> None:
    """The sentences of a message that say something, when it has several."""
    assert message_sentences(message) == sentences
