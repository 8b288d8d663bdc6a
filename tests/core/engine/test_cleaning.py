"""`clean`, `clean_lines` and `for_embedding`: what every reader of a message drops."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.engine.cleaning import clean
from bot.core.engine.tokens import tokenize
from bot.core.engine.typed import as_typed


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＤＯＫＤＯ　１９６５", "dokdo 1965"),  # full-width letters, digits and space
        ("ｋｉｍ　ｄａｅ－ｊｕｎｇ", "kim dae-jung"),
        ("STRASSE Straße", "strasse strasse"),  # casefold, not lower()
        ("ＧＳＯＭＩＡ", "gsomia"),
        ("ﾀｹｼﾏ", "タケシマ"),  # half-width katakana
        ("㍻", "平成"),  # a squared era name
    ],
)
def test_clean_applies_nfkc_and_casefold(raw: str, expected: str) -> None:
    """Compatibility forms and case differences disappear."""
    assert clean(raw) == expected


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u200e",
        "\u200f",
        "\u202e",
        "\u2066",
        "\x00",
        "\x7f",
        "\ufe0f",
        "\ufe0e",
        "\U000e0100",
        "\u034f",
        "\u180b",
        "\u17b4",
    ],
    ids=[
        "zwsp", "zwnj", "zwj", "word-joiner", "bom", "lrm", "rlm", "rlo", "lri", "nul", "del",
        "vs16", "vs15", "vs17", "cgj", "mongolian-fvs", "khmer-aq",
    ],
)  # fmt: skip
def test_clean_removes_invisible_characters(invisible: str) -> None:
    """Zero-width, bidi and control characters, and the other default-ignorable ones (variation
    selectors, the grapheme joiner), neither split nor glue words, as the message is read by
    the matchers, by the rules and by the embedding model."""
    from bot.core.engine.cleaning import for_embedding

    assert clean(f"Dok{invisible}do{invisible} island") == "dokdo island"
    assert as_typed(f"독{invisible}도 island{invisible}") == "독도 island"
    assert for_embedding(f"who{invisible} controls dok{invisible}do") == "who controls dokdo"


@pytest.mark.parametrize("blank", ["\u3164", "\uffa0", "\u115f", "\u1160", "\u2800"], ids=repr)
def test_a_blank_typed_for_a_space_is_a_space(blank: str) -> None:
    """The Hangul fillers (Discord's "invisible character") and the empty Braille pattern draw a
    blank and are typed for a space: read as one, never as a letter gluing two words."""
    from bot.core.engine.cleaning import for_embedding

    assert clean(f"who{blank}controls{blank}dokdo") == "who controls dokdo"
    assert tokenize(f"who{blank}controls{blank}dokdo") == tokenize("who controls dokdo")
    assert as_typed(f"독도{blank}출처") == "독도 출처"
    assert for_embedding(f"who{blank}controls dokdo{blank}") == "who controls dokdo"


def test_clean_turns_line_breaks_and_tabs_into_single_spaces() -> None:
    """Whitespace control characters become one space instead of vanishing."""
    assert clean("  Kim\tDae-jung\r\n\n was\x0babducted ") == "kim dae-jung was abducted"


_ANY_TEXT = st.text(st.characters(codec=None), max_size=200)


@given(_ANY_TEXT)
def test_clean_is_idempotent_and_leaves_nothing_invisible(text: str) -> None:
    """Cleaning twice changes nothing, and no format/control/surrogate character survives."""
    once = clean(text)
    assert clean(once) == once
    assert not any(unicodedata.category(ch) in {"Cc", "Cf", "Cs"} for ch in once)


def test_clean_lines_keeps_one_line_break_per_run() -> None:
    """A run of whitespace that breaks a line is one line break, any other run one space; the
    rest is `clean`: NFKC, casefolded, invisible characters gone."""
    from bot.core.engine.cleaning import clean_lines

    assert clean_lines("Dokdo\r\n\n\n\u2028  is it\u200b Korean \t?") == "dokdo\nis it korean ?"
    assert clean_lines("ｃan\n\n") == "can"
    assert clean_lines("dokdo" + "\n" * 4000) == "dokdo"


def test_for_embedding_reads_the_message_as_typed_without_noise() -> None:
    """Capitals shouted and alternating case are lowered, an acronym beside other words or a
    name in camel case is not; invisible characters
    go; full-width Latin and decomposed Hangul are normalised."""
    import unicodedata

    from bot.core.engine.cleaning import for_embedding

    assert for_embedding("WHO CONTROLS DOKDO") == "who controls dokdo"
    assert for_embedding("GSOMIA 뭐야") == "GSOMIA 뭐야"
    assert for_embedding("wHo CoNtRoLs DoKdO") == "who controls dokdo"
    assert for_embedding("is NewJeans big in Japan") == "is NewJeans big in Japan"  # one name
    assert for_embedding("who\u200b controls\u00ad ｄokdo") == "who controls dokdo"
    decomposed = unicodedata.normalize("NFD", "독도 출처")
    assert for_embedding(decomposed) == "독도 출처"
    assert as_typed(decomposed + "\u200b?") == "독도 출처?"
    assert as_typed("Keep\nCase, punctuation!") == "Keep\nCase, punctuation!"
    assert as_typed("竹島のｿｰｽ､ﾜｰﾙﾄﾞｶｯﾌﾟ｡ＯＫ？") == "竹島のソース、ワールドカップ。ＯＫ？"


def test_for_embedding_drops_discord_markdown() -> None:
    """Emphasis, spoilers, code and line-start quotes, headings and list dashes are not read;
    a lone tilde, a hyphen inside a line and the words themselves are."""
    from bot.core.engine.cleaning import for_embedding

    assert for_embedding("**who** controls ||dokdo||") == "who controls dokdo"
    assert for_embedding("> `who` ~~controls~~ __dokdo__") == "who controls dokdo"
    assert for_embedding("# who\n-# controls\n- dokdo\n>>> now") == "who controls dokdo now"
    assert for_embedding("독도 땅이야~ a-b") == "독도 땅이야~ a-b"


def test_for_embedding_reads_a_run_of_question_marks_as_one() -> None:
    """ "??", "?!" and " ?" are read as one question mark after the word; dots are kept."""
    from bot.core.engine.cleaning import for_embedding

    assert for_embedding("dokdo ??? really?! ok !!") == "dokdo? really? ok!"
    assert for_embedding("독도 ？？") == "독도?"
    assert for_embedding("dokdo... u.s.") == "dokdo... u.s."


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ('"who controls dokdo"', "who controls dokdo"),
        ('"who controls dokdo"?', "who controls dokdo?"),
        ("“who controls dokdo?”", "who controls dokdo?"),
        ("「竹島は誰のもの」", "竹島は誰のもの"),
        ('"dokdo" or "takeshima"', '"dokdo" or "takeshima"'),  # two quotes, not one around all
        ('"comfort women" meaning', '"comfort women" meaning'),
        ("'who's in charge'", "'who's in charge'"),  # an apostrophe inside: left as typed
    ],
)
def test_for_embedding_reads_a_quoted_message_without_its_quotes(typed: str, read: str) -> None:
    """Quotation marks around the whole message go; quotes around some of its words stay."""
    from bot.core.engine.cleaning import for_embedding

    assert for_embedding(typed) == read
