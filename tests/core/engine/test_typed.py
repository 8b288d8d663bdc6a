"""`as_typed`: the message as the rules read it, what it says spelt as the knowledge spells it."""

from __future__ import annotations

import pytest

from bot.core.engine.typed import as_typed


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("昭和40年", "1965年"),
        ("昭和４０年に", "1965年に"),
        ("平成 元年", "1989年"),
        ("令和6年", "2024年"),
        ("大正15年", "1926年"),
        ("㍼40年", "1965年"),  # the era's name as one squared character
        ("㋿元年", "2019年"),
        ("平成32年", "平成32年"),  # no year of Heisei (it ended in its 31st)
        ("昭和天皇", "昭和天皇"),
    ],
)
def test_as_typed_reads_a_japanese_era_year_as_the_common_era(typed: str, read: str) -> None:
    """The knowledge counts years from the common era only."""
    from bot.core.engine.typed import as_typed

    assert as_typed(typed) == read


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hwo owns dokdo", "who owns dokdo"),
        ("Hwo many survivors", "how many survivors"),
        ("WAHT is gsomia", "what is gsomia"),
        ("whcih year", "which year"),
        ("the world cup", "the world cup"),
    ],
)
def test_a_question_word_typed_with_two_letters_swapped_is_read_as_typed_right(
    typed: str, meant: str
) -> None:
    """The rules read "hwo" as "who" ("how" before "many"); other words stay as typed."""
    assert as_typed(typed).lower() == meant


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("in nineteen sixty five", "in 1965"),
        ("Nineteen Ninety-Eight?", "1998?"),
        ("twenty fifteen deal", "2015 deal"),
        ("two thousand and two", "2002"),
        ("nineteen ten", "1910"),
        # amounts and plain numbers stay words
        ("two thousand women", "two thousand women"),
        ("two thousand five hundred", "two thousand five hundred"),
        ("two thousand fifteen dollars", "two thousand fifteen dollars"),
        ("twenty five survivors", "twenty five survivors"),
        ("nineteen forty five years ago", "nineteen forty five years ago"),
    ],
)
def test_a_year_said_in_words_is_read_in_digits(typed: str, read: str) -> None:
    """The rules and matchers read a year said in words as the documents write it."""
    assert as_typed(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("explain like im 5 the kono statement", "eli5 the kono statement"),
        ("Explain it like I'm five: gsomia", "eli5: gsomia"),
        ("explain like im 50", "explain like im 50"),
    ],
)
def test_explain_like_im_five_is_read_as_eli5(typed: str, read: str) -> None:
    """The spelt-out request is the chat word for it, which carries no topic."""
    assert as_typed(typed) == read
