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
    text = "- q: a\n  any_of: xylophone\n- q: b\n  any_of: 1965\n  all_of: [Seoul, 1965]\n"
    assert items_of(tmp_path, text) == [(("xylophone",), ()), (("1965",), ("Seoul", "1965"))]


def test_an_unquoted_date_is_its_text(tmp_path: Path) -> None:
    """YAML may read 1965-06-22 as a date: it stands for its own text, as it always did."""
    assert items_of(tmp_path, "- q: a\n  any_of: [1965-06-22]\n") == [(("1965-06-22",), ())]


@pytest.mark.parametrize("value", ["{a: 1}", "[[nested]]", "true", "[yes, no]"])
def test_anything_else_is_a_clear_error(tmp_path: Path, value: str) -> None:
    with pytest.raises(ValueError, match=r"item 1: any_of must be a list of strings"):
        items_of(tmp_path, f"- q: a\n  any_of: {value}\n")
