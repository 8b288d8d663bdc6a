"""Rewrite only what changed in a YAML file, so moderators' comments and layout survive a save.

A YAML dump of the data loses every comment and re-flows every fact. Instead the new data is
compared with the data the file holds, node by node, and only the lines of the values that
differ are replaced (by the canonical form of the new value, at the same indentation). Every
other line — comments above, between and inside facts, blank lines, hand-wrapped lists — is
copied byte for byte. A value that is rewritten loses the comments inside its own lines only.

The result is checked: it must parse to exactly the new data, or `splice` returns None and the
caller writes the canonical form instead (it never writes a file that reads differently).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ...log import get_logger
from ..knowledge.yamldump import dump_yaml
from ..knowledge.yamlsafe import Document, YamlRejected, parse_yaml

log = get_logger(__name__)

WIDTH = 100  # dump_yaml's line width, counted from column 0


class _CannotSplice(Exception):
    """This node cannot be changed in place; the caller rewrites its parent instead."""


@dataclass
class _Edits:
    """Line replacements on the original text: lines[start:end] becomes `new`."""

    lines: list[str]
    changes: list[tuple[int, int, list[str]]] = field(default_factory=list)

    def replace(self, start: int, end: int, new: list[str]) -> None:
        self.changes.append((start, end, new))

    def apply(self) -> str:
        out = list(self.lines)
        # Bottom-up, so earlier line numbers stay valid; an insertion at a line is applied
        # before a deletion that ends there (both keep their place).
        for start, end, new in sorted(self.changes, key=lambda c: (c[0], c[1]), reverse=True):
            out[start:end] = new
        return "".join(out)


def splice(text: str, new_data: Any, doc: Document | None = None) -> str | None:
    """`text` rewritten to hold `new_data`, changing only the lines of values that differ.

    None when the text is not a block mapping we can edit in place or when the spliced text
    would not read back as `new_data`; the caller then writes the canonical form. `doc` is
    `parse_yaml(text)` when the caller has it already (a parse of a large file is a large
    part of a save), and must not have been changed since.
    """
    if doc is None:
        try:
            doc = parse_yaml(text)
        except YamlRejected:
            return None
    if not text.endswith("\n"):
        text += "\n"
    edits = _Edits(text.splitlines(keepends=True))
    try:
        _splice_value(doc.node, doc.data, new_data, edits)
        result = edits.apply()
        if parse_yaml(result).data != new_data:
            raise _CannotSplice("the spliced text reads differently")
    except (_CannotSplice, YamlRejected) as exc:
        log.warning("could not keep the file's layout (%s); writing it canonically", exc)
        return None
    return result


def _splice_value(node: Node | None, old: Any, new: Any, edits: _Edits) -> None:
    """Change `node` (holding `old`) to hold `new`, in place; raise if only a rewrite can."""
    if old == new:
        return
    if isinstance(node, MappingNode) and not node.flow_style and _both(old, new, dict):
        _splice_mapping(node, old, new, edits)
    elif isinstance(node, SequenceNode) and not node.flow_style and _both(old, new, list):
        _splice_sequence(node, old, new, edits)
    else:
        raise _CannotSplice(f"a {type(new).__name__} replaces a {type(old).__name__}")


def _both(old: Any, new: Any, kind: type) -> bool:
    return isinstance(old, kind) and isinstance(new, kind) and bool(old) and bool(new)


def _last_line(node: Node, lines: list[str]) -> int:
    """0-based index of the last line holding the node's own text (not comments after it)."""
    if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(node, MappingNode) else last, lines)
    end = node.end_mark
    line = end.line if end.column > 0 else end.line - 1
    # A block scalar's end mark lies after the blank lines its chomping consumed.
    while line > node.start_mark.line and not lines[line].strip():
        line -= 1
    return line


def _render(data: Any, column: int) -> list[str]:
    """The canonical lines of `data`, indented to `column` and folded as in a whole-file dump."""
    text = dump_yaml(data, width=WIDTH - column)
    pad = " " * column
    return [pad + line if line.strip() else line for line in text.splitlines(keepends=True)]


def _with_comments(rendered: list[str], value: Node, start: int, lines: list[str]) -> list[str]:
    """`rendered` (the new text of lines start..value's last line) with the comments those
    lines held: whole-line comments move above it, a comment after the value stays after it.

    A block scalar (>- or |) holds no comments: a '#' line in it is text.
    """
    end = _last_line(value, lines)
    if isinstance(value, ScalarNode) and value.style in (">", "|"):
        return rendered
    above = [line for line in lines[start + 1 : end + 1] if line.lstrip().startswith("#")]
    out = above + rendered
    if value.end_mark.line == end:
        rest = lines[end][value.end_mark.column :].rstrip("\n")
        if rest.strip().startswith("#") and out and out[-1].endswith("\n"):
            out[-1] = out[-1][:-1] + rest + "\n"
    return out


def _splice_mapping(
    node: MappingNode, old: dict[str, Any], new: dict[str, Any], edits: _Edits
) -> None:
    lines = edits.lines
    spans: dict[str, tuple[Node, Node, int, int]] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if not isinstance(key, str) or key not in old:
            raise _CannotSplice("a key that is not a plain string")
        spans[key] = (key_node, value_node, key_node.start_mark.line, _last_line(value_node, lines))
    column = node.value[0][0].start_mark.column
    first_key = node.value[0][0].value
    previous_end: int | None = None
    for key, value in new.items():
        if key in spans:
            key_node, value_node, start, end = spans[key]
            previous_end = end
            if old[key] == value:
                continue
            try:
                _splice_value(value_node, old[key], value, edits)
            except _CannotSplice:
                rendered = _render({key: value}, column)
                # Keep what precedes the key on its line (a sequence item's "- ").
                rendered[0] = lines[start][:column] + rendered[0][column:]
                edits.replace(start, end + 1, _with_comments(rendered, value_node, start, lines))
            continue
        if previous_end is None:
            raise _CannotSplice("a new first key")  # it would have to take over the "- "
        edits.replace(previous_end + 1, previous_end + 1, _render({key: value}, column))
    for key in old:
        if key in new:
            continue
        if key == first_key and lines[spans[key][2]][:column].strip():
            raise _CannotSplice("removing the key that carries the item's dash")
        _key_node, _value_node, start, end = spans[key]
        edits.replace(start, end + 1, [])


def _identity(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _splice_sequence(node: SequenceNode, old: list[Any], new: list[Any], edits: _Edits) -> None:
    lines = edits.lines
    if len(node.value) != len(old):
        raise _CannotSplice("the node tree and the data disagree")
    firsts: list[int] = []
    for item in node.value:
        first = item.start_mark.line
        if not lines[first][: item.start_mark.column].rstrip().endswith("-"):
            raise _CannotSplice("an item whose dash is not on its first line")
        firsts.append(first)
    lasts = [_last_line(item, lines) for item in node.value]
    dash = len(lines[firsts[0]]) - len(lines[firsts[0]].lstrip(" "))
    # Items separated by a blank line (facts, alias groups) get one around new items too.
    gap = ["\n"] if len(firsts) > 1 and not lines[firsts[1] - 1].strip() else []

    def render(items: list[Any]) -> list[str]:
        out: list[str] = []
        for i, item in enumerate(items):
            out += (gap if i else []) + _render([item], dash)
        return out

    matcher = SequenceMatcher(None, [_identity(x) for x in old], [_identity(x) for x in new], False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                try:
                    _splice_value(node.value[i], old[i], new[j], edits)
                except _CannotSplice:
                    rendered = _with_comments(render([new[j]]), node.value[i], firsts[i], lines)
                    edits.replace(firsts[i], lasts[i] + 1, rendered)
            continue
        if i2 > i1:  # delete, or the old side of an uneven replace
            start, end = firsts[i1], lasts[i2 - 1] + 1
            if j2 > j1:
                edits.replace(start, end, render(new[j1:j2]))
                continue
            blank_before = start > 0 and not lines[start - 1].strip()
            blank_after = end == len(lines) or not lines[end].strip()
            if gap and blank_before and blank_after:
                start -= 1  # do not leave two blank lines (or one at the end)
            edits.replace(start, end, [])
        elif i1 > 0:
            at = lasts[i1 - 1] + 1
            edits.replace(at, at, gap + render(new[j1:j2]))
        else:
            edits.replace(firsts[0], firsts[0], render(new[j1:j2]) + gap)
