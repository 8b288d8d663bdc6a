"""The canonical written form of knowledge files: stable key order, block style, long prose
folded, id lists inline, so that a moderator's save and a hand edit make small diffs.

The reading side is yamlsafe.py; `kb fmt` and every save (moderation/) write with `dump_yaml`.
"""

from __future__ import annotations

from typing import Any

import yaml

FLOW_KEYS = frozenset({"tags", "see_also", "refs", "names"})
FOLD_AT = 90


class _FlowList(list[Any]):
    """A list written inline ([a, b]): tags and id lists read best on one line."""


class _CanonicalDumper(yaml.SafeDumper):
    """Block style, with long prose folded (>-) and short id lists inline."""


# Characters YAML reads as line breaks (NEL, the line and paragraph separators): written raw
# inside a plain, quoted or folded scalar they read back as a break or a space, so a value
# holding one is written double-quoted, where the emitter escapes them (\N, \L, \P).
_YAML_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if not _YAML_BREAKS.isdisjoint(value):
        style = '"'
    elif len(value) > FOLD_AT and "\n" not in value and value == value.strip():
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_CanonicalDumper.add_representer(str, _represent_str)
_CanonicalDumper.add_representer(_FlowList, _represent_flow_list)


def _is_flat(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(i, str | int) for i in value)


def _mark_flow_lists(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: (_FlowList(v) if k in FLOW_KEYS and _is_flat(v) else _mark_flow_lists(v))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_mark_flow_lists(v) for v in data]
    return data


def dump_yaml(data: Any, width: int = 100) -> str:
    """The canonical written form of knowledge files, stable for small diffs.

    Keys keep their order, block style, unicode kept, long answers and quotes folded (>-),
    tags and id lists inline, and a blank line between the items of a top-level list of facts.
    `width` is narrower only for a value spliced in at an indentation (moderation/splice.py),
    so that it folds where a whole-file dump would.
    """
    text = yaml.dump(
        _mark_flow_lists(data),
        Dumper=_CanonicalDumper,
        sort_keys=False,
        allow_unicode=True,
        width=width,
        default_flow_style=False,
        indent=2,
    )
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if line.startswith(("- id:", "- canonical:")) and out and out[-1] not in ("", "facts:"):
            out.append("")
        out.append(line)
    return "\n".join(out)
