"""Strict YAML reading: plain data only, with positions, and no way to blow up memory.

`yaml.safe_load` already refuses arbitrary objects, but it still expands anchors and aliases
("billion laughs") and recurses without limit. Knowledge files never need either: both are
refused (yamlstrict.py). Files are read here; their canonical written form is yamldump.py.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .yamlplain import Lines, plain_data
from .yamlstrict import MAX_DEPTH, CLoader, StrictLoader, check_events, needs_event_scan

MAX_FILE_BYTES = 2_000_000


class YamlRejected(Exception):
    """The file is not acceptable YAML; the message says why and where."""


class Document:
    """Parsed YAML data plus the node tree, so problems can name a line.

    A document read with `lazy=True` keeps the lines of its first two levels (what the loader
    asks for every fact) and composes its node tree only when something deeper is asked."""

    __slots__ = ("_lines", "_node", "_text", "data")

    def __init__(
        self, data: Any, node: Node | None, *, text: str | None = None, lines: Lines | None = None
    ) -> None:
        self.data = data
        self._node = node
        self._text = text
        self._lines = lines

    @property
    def node(self) -> Node | None:
        """The root node (composed now if the document was read without it)."""
        if self._node is None and self._text is not None:
            self._node = _compose(self._text)
            self._text = None
        return self._node

    def line_of(self, *path: str | int) -> int:
        """1-based line of the node at a path of keys/indexes, or of its deepest existing parent."""
        if self._lines is not None:
            found = self._lines.get(path)
            if found is not None:
                return found
        node = self.node
        line = node.start_mark.line + 1 if node is not None else 0
        for step in path:
            child: Node | None = None
            if isinstance(node, MappingNode) and isinstance(step, str):
                for key, value in node.value:
                    if getattr(key, "value", None) == step:
                        child = value
                        line = key.start_mark.line + 1
                        break
            elif (
                isinstance(node, SequenceNode)
                and isinstance(step, int)
                and 0 <= step < len(node.value)
            ):
                child = node.value[step]
                line = child.start_mark.line + 1
            if child is None:
                return line
            node = child
        return line


def parse_yaml(text: str, name: str = "<text>", *, lazy: bool = False, levels: int = 2) -> Document:
    """Parse one YAML document strictly; raise YamlRejected with a readable message.

    `lazy`: plain data is built from libyaml's events (yamlplain.py: a 600-fact file in
    ~43 ms instead of ~69 ms with the collector paused, as a cold build's workers read, and
    of ~190 ms without) and the node tree composed only if a line deeper than `levels` is
    asked for; the data, and what is refused and why, are the same."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise YamlRejected(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    if lazy:
        plain = plain_data(text, MAX_DEPTH, levels)
        if plain is not None:
            return Document(plain[0], None, text=text, lines=plain[1])
    try:
        if CLoader is not None:
            # libyaml is ~10x faster; its composer cannot be subclassed, so the same rules are
            # enforced on the event stream first (events never expand aliases), whenever the
            # text could hold an anchor, an alias or deep nesting at all.
            if needs_event_scan(text):
                check_events(text)
            loader: Any = CLoader(text)
        else:
            loader = StrictLoader(text)
    except yaml.MarkedYAMLError as exc:
        raise YamlRejected(_describe(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlRejected(f"invalid YAML: {exc}") from None
    try:
        node = loader.get_single_node()
        data = _construct_plain(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise YamlRejected(_describe(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlRejected(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlRejected("nesting is too deep") from None
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        # PyYAML's constructors raise these for an explicitly tagged value they cannot read
        # ("!!int abc", "!!timestamp soon"); a hostile file must still get a clear refusal.
        raise YamlRejected(f"invalid YAML: a tagged value cannot be read ({exc})") from None
    finally:
        loader.dispose()
    _reject_duplicate_keys(node)
    return Document(data, node)


def _compose(text: str) -> Node | None:
    """The node tree of a text `parse_yaml` has read (a lazy Document's, when asked for)."""
    loader = CLoader(text) if CLoader is not None else StrictLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SPECIAL_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})


class _Unusual(Exception):
    """A node the plain-data constructor leaves to PyYAML's."""


def _construct_plain(loader: Any, root: Node) -> Any:
    """`loader.construct_document(root)`, faster for the plain data knowledge files hold.

    PyYAML's Python constructor was about half of parsing a fact file (and a file is parsed
    twice per save, once more in every other process). Strings, lists and string-keyed
    mappings are built directly here, every other scalar by PyYAML's own SafeConstructor;
    anything else (merge keys, a collection as a key, an explicit or unknown tag on a
    collection), and any error, is left to `loader.construct_document` from the start, so the
    data, and the error and its message, are always PyYAML's.
    """
    scalars = SafeConstructor()

    def build(node: Node) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            return node.value if node.tag == _STR else scalars.construct_object(node)
        if kind is SequenceNode and node.tag == _SEQ:
            return [build(child) for child in node.value]
        if kind is MappingNode and node.tag == _MAP:
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode or key_node.tag in _SPECIAL_KEYS:
                    raise _Unusual
                out[build(key_node)] = build(value_node)
            return out
        raise _Unusual

    try:
        return build(root)
    except Exception:
        return loader.construct_document(root)


def _reject_duplicate_keys(root: Node | None) -> None:
    """PyYAML keeps the last of two equal keys silently; a bad merge must not lose data so."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = str(getattr(key, "value", ""))
                if name in seen:
                    line = key.start_mark.line + 1
                    raise YamlRejected(f"line {line}: key '{name}' appears twice in one mapping")
                seen.add(name)
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _describe(exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}{exc.problem or exc.context or 'invalid YAML'}"


def read_limited(path: Path) -> bytes:
    """A knowledge file's bytes: a regular file (or a link to one) of at most MAX_FILE_BYTES.
    Anything else named *.yaml is refused with YamlRejected, never read: a directory raised
    IsADirectoryError, a FIFO blocked its reader for good, and a link to /dev/zero read until
    memory ran out (both report a size of 0)."""
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer; no effect on a file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise YamlRejected(f"cannot read file: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            # Said of any file read here (sources.yaml, aliases.yaml, an eval file), not
            # only of fact files, as it was: `eval` of a folder spoke of a fact file.
            kind = "a directory" if stat.S_ISDIR(mode) else "a special file (pipe, device, socket)"
            raise YamlRejected(f"{kind}, not a plain file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise YamlRejected(f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise YamlRejected(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    return data


def read_yaml(
    path: Path, *, lazy: bool = False, levels: int = 2, raw: bytes | None = None
) -> Document:
    """Read and parse a YAML file, rejecting oversize and non-UTF-8 files up front (`lazy`:
    see `parse_yaml`). `raw`: the file's bytes, when the caller read them already (a cold
    build's cached share is keyed by the bytes it was parsed from, never by a second read)."""
    if raw is None:
        raw = read_limited(path)
    elif len(raw) > MAX_FILE_BYTES:
        raise YamlRejected(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlRejected(f"not UTF-8 (byte {exc.start}): save the file as UTF-8") from None
    return parse_yaml(text, str(path), lazy=lazy, levels=levels)
