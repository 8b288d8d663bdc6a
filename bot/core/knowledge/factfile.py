"""The fact files: which there are, and one read into its topic title and valid facts.

Each item is checked by `validate.validate_fact` and the fidelity checks, and every problem is
located in the file (line, fact id, field); the checks between facts come after (crosscheck.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import Problem
from .fidelity import EntityIndex, check_fact
from .models import Fact, Source
from .textrules import control_problem
from .validate import validate_fact
from .yamlsafe import Document, YamlRejected, read_yaml

MAX_FACTS_PER_FILE = 200_000

# A fact file's topic title (None: not a fact file) and its valid facts with their lines.
FileShare = tuple[str | None, list[tuple[Fact, int]]]


def fact_paths(root: Path, problems: list[Problem]) -> list[Path]:
    """The fact files of the knowledge directory `root`, in the order they are loaded.

    A hidden file (".trade.yaml", an editor's ".#trade.yaml") is not knowledge, as the engine
    snapshot's digest has it: loaded but not hashed, an edit of it kept the old snapshot."""
    facts_dir = Path(root) / "facts"
    paths = (
        sorted(p for p in facts_dir.glob("*.yaml") if not p.name.startswith("."))
        if facts_dir.is_dir()
        else []
    )
    if not paths:
        problems.append(Problem("facts/", message="no fact files (facts/*.yaml) found"))
    return paths


def read_fact_file(
    path: Path,
    sources: dict[str, Source],
    problems: list[Problem],
    entities: EntityIndex,
    unchanged: Callable[[Any], Fact | None] | None = None,
    raw: bytes | None = None,
) -> FileShare:
    """One fact file: its topic title and its valid facts with their lines (None when the
    file cannot be read as a fact file); every problem is added to `problems`, the fidelity
    checks' (`fidelity.check_fact`) among them, so a whole load and a reload of a few files
    apply the same rules. `unchanged` (a reload's): the already checked fact an item stands
    for unchanged, kept without checking it again (`reload_topics`). `raw`: the file's bytes,
    when the caller read them already (`yamlsafe.read_yaml`)."""
    name = f"facts/{path.name}"
    try:
        # (lazy: a line under a fact's own is asked for on a problem)
        doc = read_yaml(path, lazy=True, raw=raw)
    except YamlRejected as exc:
        problems.append(Problem(name, message=str(exc)))
        return None, []
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list):
        problems.append(Problem(name, message="must be a mapping with 'topic' and a 'facts' list"))
        return None, []
    for key in sorted(set(data) - {"topic", "facts"}):
        problems.append(Problem(name, doc.line_of(str(key)), field=str(key), message="unknown key"))
    topic = data.get("topic")
    if not isinstance(topic, str) or not topic.strip():
        problems.append(Problem(name, field="topic", message="must be a non-empty string"))
        topic = path.stem
    elif (control := control_problem(topic)) is not None:
        # The title is printed as it is, by `kb stats` and /kb stats.
        problems.append(Problem(name, doc.line_of("topic"), field="topic", message=control))
        topic = path.stem
    if len(data["facts"]) > MAX_FACTS_PER_FILE:
        problems.append(Problem(name, message=f"more than {MAX_FACTS_PER_FILE} facts in one file"))
        return topic.strip(), []
    found: list[tuple[Fact, int]] = []
    for i, raw in enumerate(data["facts"]):
        line = doc.line_of("facts", i)
        same = unchanged(raw) if unchanged is not None else None
        if same is not None:
            found.append((same, line))
            continue

        def line_of(field: str, i: int = i, doc: Document = doc) -> int:
            return doc.line_of("facts", i, field)

        fact, fact_problems = validate_fact(
            raw, sources, topic=path.stem, file=name, line=line, line_of=line_of
        )
        problems.extend(fact_problems)
        if fact is None:
            continue
        problems.extend(
            Problem(name, doc.line_of("facts", i, *f.path), fact.id, f.field, f.message)
            for f in check_fact(fact, entities, sources)
        )
        found.append((fact, line))
    return topic.strip(), found
