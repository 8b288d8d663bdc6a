"""Reading an eval file: what a correct reply must contain, as the file's author meant it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine.evaluation import load_items


def items_of(tmp_path: Path, text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    path = tmp_path / "set.yaml"
    path.write_text(text, "utf-8")
    return [(item.any_of, item.all_of) for item in load_items(path)]


def test_a_lone_string_or_number_stands_for_a_list_of_it(tmp_path: Path) -> None:
    """`any_of: xylophone` was read letter by letter: any reply with an "e" passed."""
    text = (
        "- q: a\n  expect: answer\n  any_of: xylophone\n"
        "- q: b\n  expect: answer\n  any_of: 1965\n  all_of: [Seoul, 1965]\n"
    )
    assert items_of(tmp_path, text) == [(("xylophone",), ()), (("1965",), ("Seoul", "1965"))]


def test_an_unquoted_date_is_its_text(tmp_path: Path) -> None:
    """YAML may read 1965-06-22 as a date: it stands for its own text, as it always did."""
    assert items_of(tmp_path, "- q: a\n  expect: answer\n  any_of: [1965-06-22]\n") == [
        (("1965-06-22",), ())
    ]


@pytest.mark.parametrize("value", ["{a: 1}", "[[nested]]", "true", "[yes, no]"])
def test_anything_else_is_a_clear_error(tmp_path: Path, value: str) -> None:
    with pytest.raises(ValueError, match=r"item 1: any_of must be a list of strings"):
        items_of(tmp_path, f"- q: a\n  expect: answer\n  any_of: {value}\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Ignored, the item had no string left and any answer passed it.
        (
            "- {q: a, expect: answer, anyof: [x]}",
            r"item 1: unknown key 'anyof' \(did you mean 'any_of'\?\)",
        ),
        ("- {q: a, expect: answer, any_of: [x], All-Of: [y]}", r"item 1: unknown key 'All-Of'"),
        ("- {q: a, expects: none}", r"item 1: unknown key 'expects' \(did you mean 'expect'\?\)"),
        # "" is in every reply.
        ('- {q: a, expect: answer, any_of: ["", x]}', r"item 1: any_of holds an empty string"),
        ('- {q: a, expect: answer, all_of: [" "]}', r"item 1: all_of holds an empty string"),
        # Nothing to find: any answer passed.
        ("- {q: a, expect: answer, any_of: [], all_of: []}", r"item 1: an answerable item needs"),
        ("- {q: a, expect: answer}", r"item 1: an answerable item needs"),
        # Taken for `answer`: a chat reply without it was counted as answerable.
        ("- {q: thanks lol}", r"item 1 needs 'expect: answer' or 'expect: none'"),
        # Counted twice (here once each way).
        (
            "- {q: a, expect: none}\n- {q: b, expect: none}\n- {q: ' a', expect: answer, any_of: [x]}",
            r"item 3 repeats the question of item 1",
        ),
        # Scored 0/0 = 100%.
        ("[]", r"holds no questions"),
    ],
)
def test_an_item_that_would_skew_the_figures_is_a_clear_error(
    tmp_path: Path, text: str, message: str
) -> None:
    """Each of these was scored without a word, and each changed a figure."""
    with pytest.raises(ValueError, match=r"set\.yaml: " + message):
        items_of(tmp_path, text + "\n")


def test_other_keys_are_notes(tmp_path: Path) -> None:
    """A labeller's own keys (`lang`, `note`, anything not like a scored one) are kept out of
    scoring, as before."""
    text = "- {q: a, expect: answer, any_of: [x], lang: en, note: n, persona: p, author: b}\n"
    assert items_of(tmp_path, text) == [(("x",), ())]
