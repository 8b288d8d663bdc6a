"""`strip_chat_markup`: what Discord adds around a question is no word of it."""

from __future__ import annotations

import pytest


def test_a_masked_link_keeps_its_text_after_a_run_of_brackets() -> None:
    """The link's visible text holds no bracket, so a run of "[" before it stays as typed."""
    from bot.core.engine.markup import strip_chat_markup

    text = strip_chat_markup("[[[ see [the 1965 treaty](https://example.org/t) @x")
    assert "the 1965 treaty" in text and "example.org" not in text and text.startswith("[[[")


@pytest.mark.parametrize(
    ("markup", "kept"),
    [
        ("<t:1234567890:R>", ""),
        ("<t:-157766400>", ""),
        ("</ask:123456789012345678>", ""),
        ("</kb edit:123>", ""),
        ("<id:customize>", ""),
        ("<t:soon>", "<t:soon>"),  # not a timestamp: left as typed
        ("</ask>", "</ask>"),  # no command id: an HTML-like tag, left as typed
    ],
)
def test_discord_markup_rendered_in_place_is_removed(markup: str, kept: str) -> None:
    """Timestamps, slash command mentions and server guide channels go as mentions do."""
    from bot.core.engine.markup import strip_chat_markup

    assert strip_chat_markup(f"{markup} dokdo").split() == [*kept.split(), "dokdo"]


def test_a_code_blocks_language_is_not_read() -> None:
    """The language after a code block's opening fence goes; a word after a closing one (no
    line break after it) stays."""
    from bot.core.engine.markup import strip_chat_markup

    assert strip_chat_markup("```yaml\nwhen was the treaty signed\n```").split() == [
        "```",
        "when",
        "was",
        "the",
        "treaty",
        "signed",
        "```",
    ]
    assert strip_chat_markup("```treaty``` signed") == "```treaty``` signed"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("dokdo <3", "dokdo"),
        ("<333 dokdo</3", "dokdo"),
        ("dokdo :3", "dokdo"),
        ("trade <3% of gdp", "trade <3% of gdp"),  # a number compared, not a heart
        ("2<3 and 2:3 at 10:30", "2<3 and 2:3 at 10:30"),
        ("<3.5 million", "<3.5 million"),
        ("3:3,5 and <3,000", "3:3,5 and <3,000"),
        ("who controls dokdo <3.", "who controls dokdo ."),  # the sentence's full stop
        ("when was the treaty signed :3, thanks", "when was the treaty signed , thanks"),
    ],
)
def test_emoticons_with_a_digit_are_not_read_as_a_number(typed: str, read: str) -> None:
    """The heart and the cat's face go with the other chat markup; a 3 in a comparison, a
    ratio or a time stays."""
    from bot.core.engine.markup import strip_chat_markup

    assert strip_chat_markup(typed).split() == read.split()
