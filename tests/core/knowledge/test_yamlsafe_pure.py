"""The pure-Python YAML path refuses what the libyaml path refuses, naming the line.

libyaml is installed wherever the tests run, so `parse_yaml` never takes the pure-Python path
(`yamlstrict.StrictLoader`) on its own; these tests force it, as on a machine without libyaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import KnowledgeError
from bot.core.knowledge import yamlsafe
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.yamlsafe import MAX_DEPTH, YamlRejected, parse_yaml

ANCHOR = "YAML anchors (&name) are not allowed"
ALIAS = "YAML aliases (*name) are not allowed"
# Billion laughs cut to ten thousand: enough to show aliases expanding, yet, should the refusal
# be lost, small enough for the duplicate-key walk to finish and the test to fail, not hang.
LAUGHS = (
    "topic: lol\nfacts: []\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 4))
)
# (text, the line and column the refusal must name, message)
REFUSED = {
    "scalar anchor": ("topic: &t X\nfacts: []\n", "line 1, column 8", ANCHOR),
    "sequence anchor": ("topic: X\nfacts: &f\n  - a\n", "line 2, column 8", ANCHOR),
    "mapping anchor": ("topic: X\nfacts:\n  - &fact\n    id: a\n", "line 3, column 5", ANCHOR),
    "alias": ("topic: X\nfacts: [*nowhere]\n", "line 2, column 9", ALIAS),
    "merge key": ("topic: X\nfact:\n  <<: *base\n  id: a\n", "line 3, column 7", ALIAS),
    "anchored merge base": (
        "topic: X\nbase: &base {id: a}\nfact:\n  <<: *base\n",
        "line 2, column 7",
        ANCHOR,
    ),
    "laughs": (LAUGHS, "line 3, column 5", ANCHOR),
    "deep nesting": (
        "topic: X\nfacts: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
        "line 2, column",
        f"nesting deeper than {MAX_DEPTH} levels",
    ),
}


@pytest.fixture
def pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make parse_yaml take the pure-Python path, and fail if the libyaml path runs anyway."""

    def no_libyaml(text: str) -> None:
        raise AssertionError("the libyaml event scan ran; the pure-Python path was not taken")

    monkeypatch.setattr(yamlsafe, "CLoader", None)
    monkeypatch.setattr(yamlsafe, "check_events", no_libyaml)


@pytest.mark.usefixtures("pure_python")
@pytest.mark.parametrize(("text", "where", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_pure_python_path_refuses(text: str, where: str, message: str) -> None:
    """Anchors, aliases (also as merge keys) and deep nesting are refused, naming the line."""
    with pytest.raises(YamlRejected) as info:
        parse_yaml(text)
    assert str(info.value).startswith(where), str(info.value)
    assert str(info.value).endswith(message), str(info.value)


@pytest.mark.skipif(yamlsafe.CLoader is None, reason="needs libyaml to compare with")
@pytest.mark.parametrize("text", [t for t, _, _ in REFUSED.values()], ids=REFUSED.keys())
def test_both_paths_give_the_same_message(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """A file is refused with the same words whether or not libyaml is installed."""
    with pytest.raises(YamlRejected) as libyaml:
        parse_yaml(text)
    monkeypatch.setattr(yamlsafe, "CLoader", None)
    with pytest.raises(YamlRejected) as pure:
        parse_yaml(text)
    assert str(pure.value) == str(libyaml.value)


@pytest.mark.usefixtures("pure_python")
def test_pure_python_path_reads_plain_data() -> None:
    """Plain YAML still loads on the pure-Python path, so the refusals above are specific."""
    doc = parse_yaml("topic: X\nfacts:\n  - id: a\n    tags: [b, c]\n    note: '&not *an alias'\n")
    assert doc.data == {
        "topic": "X",
        "facts": [{"id": "a", "tags": ["b", "c"], "note": "&not *an alias"}],
    }
    assert doc.line_of("facts", 0, "tags") == 4


@pytest.mark.usefixtures("pure_python")
def test_loader_on_the_pure_python_path_names_the_file_and_line(tiny_knowledge: Path) -> None:
    """A fact file with an alias is one located problem for `kb check`, not a crash."""
    (tiny_knowledge / "facts" / "islands.yaml").write_text(
        "topic: Islands\nfacts:\n  - *nowhere\n", "utf-8"
    )
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tiny_knowledge)
    [problem] = info.value.problems
    assert problem.file == "facts/islands.yaml"
    assert problem.message == f"line 3, column 5: {ALIAS}"
