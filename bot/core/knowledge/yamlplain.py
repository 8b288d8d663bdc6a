"""Plain YAML data straight from libyaml's events, for the loader's bulk reads (issue 17).

`parse_yaml` has libyaml compose a node tree (a Python object and two marks per node, and a
Python `resolve` call per scalar), then builds the data from it and walks it again for
duplicate keys: more than a third of reading a fact file even with the cyclic collector
paused, and a cold build reads 100,000 facts. Knowledge files are plain data (block
mappings, lists and untagged scalars), so here the data is built from the event stream in one
pass, keeping only the lines the loader asks for on every read (each top-level key and each
item or key under one, by default). Anything else (an anchor, an alias, a tag, a duplicate
key, a key that is not a string, nesting past the limit, more than one document, any error)
returns None and the composing path reads the text, so its data, its refusals and their
messages are the only ones there are.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

_STR = "tag:yaml.org,2002:str"
_CLoader: Any = getattr(yaml, "CSafeLoader", None)

# A path of keys and indexes from the root -> the 1-based line its node starts on.
Lines = dict[tuple[str | int, ...], int]


class _NotPlain(Exception):
    """The text holds something the composing path must read."""


def plain_data(text: str, max_depth: int, levels: int = 2) -> tuple[Any, Lines] | None:
    """The data of a plain YAML document and the lines of its nodes down to `levels` levels
    (`()` the root's), or None when the text is not plain data or not valid YAML (then
    `parse_yaml`'s composing path must read it, and refuse it if it must)."""
    if _CLoader is None:
        return None
    parser = _CLoader(text)
    try:
        return _Walk(parser, max_depth, levels).document()
    except Exception:  # not plain, or not YAML: the composing path says which
        return None
    finally:
        parser.dispose()


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


class _Walk:
    def __init__(self, parser: Any, max_depth: int, levels: int) -> None:
        self.get = parser.get_event
        self.resolve = parser.resolve
        self.scalars = SafeConstructor()
        self.max_depth = max_depth
        self.levels = levels
        self.lines: Lines = {}
        self.tags: dict[str, str] = {}
        # The first characters some implicit resolver is registered for: a plain scalar that
        # starts with another character is a string, and `resolve` (a Python call and a list
        # built, per distinct scalar: most questions, answers and quotes) would say so.
        resolvers: dict[Any, Any] = getattr(parser, "yaml_implicit_resolvers", {None: ()})
        paths = getattr(parser, "yaml_path_resolvers", True)
        self.typed_firsts: frozenset[Any] | None = (
            None if None in resolvers or paths else frozenset(resolvers)
        )

    def document(self) -> tuple[Any, Lines]:
        if type(self.get()) is not StreamStartEvent or type(self.get()) is not DocumentStartEvent:
            raise _NotPlain  # (no document at all: the composing path's None)
        event = self.get()
        self.lines[()] = _line(event)
        data = self.node(event, 1, ())
        if type(self.get()) is not DocumentEndEvent or type(self.get()) is not StreamEndEvent:
            raise _NotPlain  # more than one document: the composing path refuses it
        return data, self.lines

    def node(self, event: Any, depth: int, path: tuple[str | int, ...] | None) -> Any:
        """The data of the node `event` starts; `path`: where it is, if its children's lines
        are kept (those of a sequence's items, and of a mapping's keys, as `line_of` gives)."""
        kind = type(event)
        if depth > self.max_depth or event.tag is not None or event.anchor is not None:
            raise _NotPlain
        if kind is ScalarEvent:
            return self.scalar(event)
        keep = path is not None and len(path) < self.levels
        if kind is SequenceStartEvent:
            items: list[Any] = []
            while True:
                event = self.get()
                if type(event) is SequenceEndEvent:
                    return items
                at = (*path, len(items)) if keep and path is not None else None
                if at is not None:
                    self.lines[at] = _line(event)
                items.append(self.node(event, depth + 1, at))
        if kind is MappingStartEvent:
            out: dict[str, Any] = {}
            while True:
                event = self.get()
                if type(event) is MappingEndEvent:
                    return out
                if type(event) is not ScalarEvent or event.tag is not None or event.anchor:
                    raise _NotPlain
                key = self.scalar(event)
                if type(key) is not str or key in out:
                    raise _NotPlain  # a duplicate is refused by the composing path's rule
                at = (*path, key) if keep and path is not None else None
                if at is not None:
                    self.lines[at] = _line(event)
                out[key] = self.node(self.get(), depth + 1, at)
        raise _NotPlain  # an alias, or an event out of place

    def scalar(self, event: Any) -> Any:
        if event.implicit[0]:  # plain: typed by the implicit resolvers, as composing does
            # (A plain scalar's tag depends on its text only: SafeLoader has no path resolvers.)
            value = event.value
            tag = self.tags.get(value)
            if tag is None:
                firsts = self.typed_firsts
                if value and firsts is not None and value[0] not in firsts:
                    tag = self.tags[value] = _STR  # (resolve's DEFAULT_SCALAR_TAG)
                else:
                    tag = self.tags[value] = self.resolve(ScalarNode, value, event.implicit)
        else:
            tag = _STR
        if tag == _STR:
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return self.scalars.construct_object(node)
