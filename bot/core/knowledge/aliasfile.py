"""knowledge/aliases.yaml: read it and check its alias groups and multilingual terms.

`parse_aliases` also checks the text a moderator's alias change is about to write, so a
change is refused for what the next load would refuse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..engine.scripts import is_cjk
from ..engine.simplify import simplify
from ..errors import Problem
from .models import AliasGroup
from .textrules import NO_WORDS, control_problem
from .yamlsafe import Document, YamlRejected, read_yaml


def load_aliases(root: Path, problems: list[Problem]) -> list[AliasGroup]:
    """Read knowledge/aliases.yaml (optional): alias groups and multilingual terms."""
    path = root / "aliases.yaml"
    if not path.exists():
        return []
    try:
        doc = read_yaml(path)
    except YamlRejected as exc:
        problems.append(Problem("aliases.yaml", message=str(exc)))
        return []
    return parse_aliases(doc, problems)


def parse_aliases(doc: Document, problems: list[Problem]) -> list[AliasGroup]:
    """Validate the parsed aliases.yaml document (also used on a moderator's proposed change)."""
    data = doc.data
    if not isinstance(data, dict):
        problems.append(
            Problem("aliases.yaml", message="must be a mapping with 'aliases' and 'terms' lists")
        )
        return []
    for key in sorted(set(map(str, data)) - {"aliases", "terms"}):
        problems.append(Problem("aliases.yaml", doc.line_of(key), field=key, message="unknown key"))
    groups: list[AliasGroup] = []
    owner: dict[str, str] = {}
    for kind in ("aliases", "terms"):
        items = data.get(kind) or []
        if not isinstance(items, list):
            problems.append(
                Problem("aliases.yaml", doc.line_of(kind), field=kind, message="must be a list")
            )
            continue
        for i, item in enumerate(items):
            line = doc.line_of(kind, i)
            group = _alias_group(item, "alias" if kind == "aliases" else "term", line, problems)
            if group is None:
                continue
            for name in (group.canonical, *group.names):
                key = simplify(name)
                if is_cjk(name) and len(key.replace(" ", "")) < 2:
                    problems.append(
                        Problem(
                            "aliases.yaml",
                            line,
                            field="names",
                            message=f"Korean/Japanese name {name!r} is shorter than 2 characters",
                        )
                    )
                previous = owner.setdefault(key, group.canonical)
                if previous != group.canonical:
                    problems.append(
                        Problem(
                            "aliases.yaml",
                            line,
                            field="names",
                            message=(
                                f"{name!r} is in two groups ('{previous}' and '{group.canonical}')"
                            ),
                        )
                    )
            groups.append(group)
    return groups


def _no_words(name: object) -> bool:
    """True for a non-blank string that simplifies to nothing (punctuation, symbols)."""
    return isinstance(name, str) and bool(name.strip()) and not simplify(name)


def _alias_group(item: Any, kind: str, line: int, problems: list[Problem]) -> AliasGroup | None:
    if not isinstance(item, dict) or set(map(str, item)) - {"canonical", "names", "note"}:
        problems.append(
            Problem(
                "aliases.yaml",
                line,
                message="each group is a mapping of canonical, names and an optional note",
            )
        )
        return None
    canonical, names, note = item.get("canonical"), item.get("names"), item.get("note")
    if not isinstance(canonical, str) or not canonical.strip():
        problems.append(
            Problem("aliases.yaml", line, field="canonical", message="must be a non-empty string")
        )
        return None
    # A name of punctuation alone ("?", typed into /kb alias) is a string all right: saying
    # the list "must be a non-empty list of strings" sent the moderator looking elsewhere.
    wordless = [n for n in (canonical, *(names if isinstance(names, list) else ())) if _no_words(n)]
    if wordless:
        field = "canonical" if wordless[0] == canonical else "names"
        problems.append(
            Problem("aliases.yaml", line, field=field, message=f"{wordless[0]!r} {NO_WORDS}")
        )
        return None
    if (
        not isinstance(names, list)
        or not names
        or not all(isinstance(n, str) and n.strip() for n in names)
    ):
        problems.append(
            Problem(
                "aliases.yaml",
                line,
                field="names",
                message=f"names of '{canonical}' must be a non-empty list of strings",
            )
        )
        return None
    # A name is printed as it is (`kb alias`, /kb aliases), and `kb alias` took one typed
    # or pasted with an escape sequence.
    for field, name in [("canonical", canonical), *(("names", n) for n in names)]:
        if (control := control_problem(name)) is not None:
            problems.append(
                Problem("aliases.yaml", line, field=field, message=f"{name!r} {control}")
            )
            return None
    # A note is printed too: `kb unalias` and `kb alias-history` say the note a group had.
    if isinstance(note, str) and (control := control_problem(note)) is not None:
        problems.append(Problem("aliases.yaml", line, field="note", message=control))
        return None
    return AliasGroup(
        canonical,
        tuple(names),
        note if isinstance(note, str) else None,
        "alias" if kind == "alias" else "term",
    )
