"""`parse_yaml(lazy=True)` builds plain data from libyaml's events (yamlplain.py) and gives
the composing path's data, lines and refusals for every text, plain or not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.knowledge import yamlplain
from bot.core.knowledge.yamlsafe import MAX_DEPTH, YamlRejected, parse_yaml

from .test_yamlsafe_construct import ERRORS, TEXTS

SHIPPED = Path(__file__).resolve().parents[3] / "knowledge"
FACT = """\
topic: Plain
facts:
  - id: one
    questions:
      - When was it?
      - "quoted: yes"
    answer: >-
      Folded
      text.
    sources:
      - source: doc
        section: S
        quote: 'single'
        refs: [3, 4]
    tags: [1965, x, 2026-01-01, null, true]

  - id: two
    questions: []
extra: ~
"""
NOT_PLAIN = {
    "anchor and alias": "a: &x 1\nb: *x\n",
    "anchored mapping": "a: &x {b: 1}\n",
    "tag": "a: !!str 12\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "deep duplicate": "facts:\n- id: a\n  q: 1\n  q: 2\n",
    "int key": "1: one\n",
    "merge key": "base: {x: 1}\nfact:\n  <<: {y: 2}\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: [1, 2\n",
    "too deep": "a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n",
    "empty": "",
}


def eager_or_error(text: str) -> tuple[str, object]:
    try:
        return "ok", parse_yaml(text).data
    except YamlRejected as exc:
        return "refused", str(exc)


def lazy_or_error(text: str) -> tuple[str, object]:
    try:
        return "ok", parse_yaml(text, lazy=True).data
    except YamlRejected as exc:
        return "refused", str(exc)


def paths_of(data: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_of(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += paths_of(value, (*path, i))
    return found


ALL = {**TEXTS, **ERRORS, **NOT_PLAIN, "fact": FACT}


@pytest.mark.parametrize("text", ALL.values(), ids=ALL.keys())
def test_lazy_reads_what_the_composing_path_reads(text: str) -> None:
    """The same data (types and key order too), or the same refusal and message."""
    eager, lazy = eager_or_error(text), lazy_or_error(text)
    assert lazy == eager
    assert repr(lazy) == repr(eager)


@pytest.mark.parametrize("text", NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_what_is_not_plain_is_left_to_the_composing_path(text: str) -> None:
    """Anchors, tags, duplicate or non-string keys, errors: the event walk gives up."""
    assert yamlplain.plain_data(text, MAX_DEPTH) is None


def test_a_plain_fact_file_is_read_from_events_and_composed_only_when_asked() -> None:
    """Lines of the first two levels come from the walk; a deeper one composes the tree,
    and every line is the composing path's."""
    assert yamlplain.plain_data(FACT, MAX_DEPTH) is not None
    eager, lazy = parse_yaml(FACT), parse_yaml(FACT, lazy=True)
    assert lazy.data == eager.data
    assert lazy.line_of("facts", 1) == eager.line_of("facts", 1) == 17
    assert lazy.line_of("extra") == 19
    assert lazy._node is None  # two levels: no tree composed
    for path in [*paths_of(eager.data), ("facts", 9), ("nope",), ("facts", 0, "nope")]:
        assert lazy.line_of(*path) == eager.line_of(*path), path
    assert lazy._node is not None
    assert yaml.serialize(lazy.node) == yaml.serialize(eager.node)


def test_levels_keeps_deeper_lines_without_composing() -> None:
    """With `levels=3` a reference's line (references.yaml) needs no tree either."""
    text = "references:\n  doc-a:\n    - number: 1\n      text: x\n    - number: 2\n      text: y\n"
    lazy = parse_yaml(text, lazy=True, levels=3)
    assert lazy.line_of("references", "doc-a", 1) == 5
    assert lazy._node is None


@pytest.mark.parametrize("path", sorted(SHIPPED.rglob("*.yaml")), ids=lambda p: p.name)
def test_shipped_files_read_lazily_as_composed(path: Path) -> None:
    """Every shipped knowledge file: the same data and the same line for every node."""
    text = path.read_text("utf-8")
    eager, lazy = parse_yaml(text), parse_yaml(text, lazy=True, levels=3)
    assert repr(lazy.data) == repr(eager.data)
    assert lazy._node is None
    for where in paths_of(eager.data):
        assert lazy.line_of(*where) == eager.line_of(*where), where
