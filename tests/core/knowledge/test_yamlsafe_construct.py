"""`parse_yaml` builds plain data itself (PyYAML's constructor was half a fact file's parse),
and gives exactly PyYAML's data, error and message for everything, plain or not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from yaml.constructor import SafeConstructor

from bot.core.knowledge.yamlsafe import YamlRejected, parse_yaml

SHIPPED = Path(__file__).resolve().parents[3] / "knowledge"

TEXTS = {
    "plain fact": "topic: X\nfacts:\n- id: a\n  questions: [one, 'two', \"three\"]\n  refs: [1, 2]\n",
    "every scalar kind": (
        "s: text\nq: 'quoted'\ni: 12\nhex: 0x1f\nf: 1.5\ninf: .inf\nb: yes\nn: ~\nempty:\n"
        "d: 2026-12-02\nts: 2026-12-02T01:00:00Z\nbin: !!binary aGVsbG8=\ntagged: !!str 12\n"
    ),
    "non-string keys": "1: one\ntrue: yes\n~: null key\n2026-01-01: a date\n1.5: float\n",
    "block scalars": "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n",
    "merge key": "base: {x: 1}\nfact:\n  <<: {y: 2, x: 3}\n  id: a\n",
    "merge list": "fact:\n  <<: [{y: 2}, {z: 3}]\n  id: a\n",
    "value key": "a:\n  =: 5\n  b: 1\n",
    "set": "s: !!set {a, b}\n",
    "omap": "o: !!omap [a: 1, b: 2]\n",
    "pairs": "p: !!pairs [a: 1, a: 2]\n",
    "tagged map": "m: !!map {a: 1}\nl: !!seq [1, 2]\n",
    "empty": "",
    "scalar document": "just text\n",
    "nested": "a:\n- - 1\n  - [2, {b: [3]}]\n- {c: {d: e}}\n",
}
ERRORS = {
    "unknown scalar tag": "a: !foo bar\n",
    "unknown collection tag": "a: !foo [1]\n",
    "bad timestamp": "a: !!timestamp nonsense\n",
    "bad int": "a: !!int abc\n",
    "merge of a scalar": "a:\n  <<: 5\n",
    "two errors": "a: !!int abc\nb: !foo [1]\n",
    "collection key": "? [a, b]\n: 1\n",
}


def pyyaml(text: str) -> object:
    """What PyYAML's own SafeLoader makes of the text."""
    return yaml.load(text, Loader=yaml.SafeLoader)


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_data_is_pyyamls(text: str) -> None:
    """The data, its types and key order are those of PyYAML's SafeLoader."""
    data = parse_yaml(text).data
    expected = pyyaml(text)
    assert data == expected
    assert repr(data) == repr(expected)


@pytest.mark.parametrize("text", ERRORS.values(), ids=ERRORS.keys())
def test_errors_are_pyyamls(text: str) -> None:
    """A text PyYAML cannot construct is refused with PyYAML's first error (a tagged value
    PyYAML fails on with a plain Python error is refused too, instead of crashing the load)."""
    with pytest.raises(Exception) as expected:
        pyyaml(text)
    with pytest.raises(YamlRejected) as refused:
        parse_yaml(text)
    error = expected.value
    if isinstance(error, yaml.MarkedYAMLError):
        assert str(error.problem) in str(refused.value)
    else:
        assert str(error) in str(refused.value) and "cannot be read" in str(refused.value)


@pytest.mark.parametrize("path", sorted(SHIPPED.rglob("*.yaml")), ids=lambda p: p.name)
def test_shipped_files_read_as_pyyaml_reads_them(path: Path) -> None:
    """Every shipped knowledge file gives PyYAML's data."""
    text = path.read_text("utf-8")
    assert repr(parse_yaml(text).data) == repr(pyyaml(text))


def test_plain_files_never_use_pyyamls_constructor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact file is built without PyYAML's (slow, generator-based) document constructor."""

    def refuse(self: object, node: object) -> object:
        raise AssertionError("PyYAML's constructor was used")

    monkeypatch.setattr(SafeConstructor, "construct_document", refuse)
    text = (SHIPPED / "facts" / "references.yaml").read_text("utf-8")
    monkeypatch.undo()
    expected = pyyaml(text)
    monkeypatch.setattr(SafeConstructor, "construct_document", refuse)
    assert parse_yaml(text).data == expected
