"""Anchors, aliases and deep nesting refused while a YAML text is read.

`yaml.safe_load` expands anchors and aliases ("billion laughs") and recurses without limit;
knowledge files never need either. The refusal is made twice over, with the same words: on
libyaml's event stream (`check_events`, before libyaml's composer, which cannot be subclassed,
reads the text; skipped by `needs_event_scan` for a text that cannot hold any of them), and in
PyYAML's own composer (`StrictLoader`) where libyaml is not installed. yamlsafe.py reads with
them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.nodes import Node

MAX_DEPTH = 32
CLoader: Any = getattr(yaml, "CSafeLoader", None)


class StrictLoader(yaml.SafeLoader):
    """A SafeLoader that rejects anchors, aliases and deep nesting while composing."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(
                None,
                None,
                "YAML aliases (*name) are not allowed",
                event.start_mark,  # type: ignore[arg-type]
            )
        if getattr(event, "anchor", None):
            raise ComposerError(
                None,
                None,
                "YAML anchors (&name) are not allowed",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(
                    None,
                    None,
                    f"nesting deeper than {MAX_DEPTH} levels",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_BRACKETS = re.compile(r"[\[\]{}]")
_COMPACT_NESTING = re.compile(r"(?m)^[ \t]*(?:[-?][ \t]+){2,}")
_DEEP_INDENT = re.compile(rf"(?m)^[ \t]{{{MAX_DEPTH // 2},}}")


def needs_event_scan(text: str) -> bool:
    """False only when the text cannot contain an anchor, an alias or nesting past MAX_DEPTH.

    Each block level costs at least one column of indentation, so deep block nesting shows as
    deep indentation; flow brackets and compact "- - -" sequences are checked directly. Each
    test may over-estimate depth, never under-estimate it.
    """
    if "&" in text or "*" in text or _COMPACT_NESTING.search(text) or _DEEP_INDENT.search(text):
        return True
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH // 2:
            return True
    return False


def check_events(text: str) -> None:
    """Reject anchors, aliases and deep nesting by scanning libyaml's event stream."""
    parser = CLoader(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return
            mark = getattr(event, "start_mark", None)
            if isinstance(event, yaml.AliasEvent):
                raise ComposerError(None, None, "YAML aliases (*name) are not allowed", mark)
            if getattr(event, "anchor", None):
                raise ComposerError(None, None, "YAML anchors (&name) are not allowed", mark)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ComposerError(None, None, f"nesting deeper than {MAX_DEPTH} levels", mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()
