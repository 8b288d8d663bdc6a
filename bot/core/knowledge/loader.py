"""Read and validate the whole knowledge directory into one immutable KnowledgeBase.

Every problem is collected before failing, so one `kb check` run shows everything to fix, each
with file, line, fact id and field. The same `validate_fact` and fidelity checks
(`fidelity.check_fact`) check moderators' edits.

This module puts the parts together; each concern has its own: the documents (sources.py),
aliases.yaml (aliasfile.py), a fact file (factfile.py), one fact (validate.py, with its quotes
located by citations.py and its text checked by textrules.py) and the checks between facts
(crosscheck.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..engine.aliases import AliasTable
from ..errors import KnowledgeError, Problem
from ..gcpause import paused_gc
from ..progress import Progress, silent
from .aliasfile import load_aliases
from .crosscheck import Checked, cross_check
from .factfile import FileShare, fact_paths, read_fact_file
from .fidelity import EntityIndex
from .models import AliasGroup, Fact, KnowledgeBase, Source
from .questions import QuestionOwners, alias_table, attach, check_change
from .sources import load_sources


def load_knowledge(root: Path, progress: Progress = silent) -> KnowledgeBase:
    """Load `root` (the knowledge directory); raise KnowledgeError listing every problem.
    `progress` hears of each fact file read (the slow part of a large knowledge base)."""
    with paused_gc():
        return _load_knowledge(root, progress)


def _load_knowledge(root: Path, progress: Progress = silent) -> KnowledgeBase:
    problems: list[Problem] = []
    root = Path(root)
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), message="knowledge directory not found")])
    sources = load_sources(root, problems)
    aliases = load_aliases(root, problems)
    entities = EntityIndex.build(aliases)
    paths = fact_paths(root, problems)

    def shares() -> Iterator[tuple[Path, FileShare]]:
        for done, path in enumerate(paths):
            progress("reading fact files", done, len(paths))
            yield path, read_fact_file(path, sources, problems, entities)

    return assemble(root, sources, aliases, shares(), problems, table=entities.table)


def assemble(
    root: Path,
    sources: dict[str, Source],
    aliases: list[AliasGroup],
    shares: Iterable[tuple[Path, FileShare]],
    problems: list[Problem],
    table: AliasTable | None = None,
    check: Callable[[list[Fact], Mapping[str, tuple[str, int]]], Checked | None] | None = None,
) -> KnowledgeBase:
    """The knowledge base of the fact files' shares (each file's topic and valid facts, in
    file order), after the checks between facts; raise KnowledgeError when `problems` (which
    the shares were read into) or those checks found any. `table`: the alias table of
    `aliases` when the caller has it (its memo of texts read). `check`, when given, may do the
    checks between facts from what it already knows (a cold build's workers digested every
    question) and give what `cross_check` would; when it returns None, `cross_check` runs.
    """
    facts: list[Fact] = []
    topics: dict[str, str] = {}
    origin: dict[str, tuple[str, int]] = {}
    for path, (topic, found) in shares:
        name = f"facts/{path.name}"
        if topic is None:
            continue
        topics[path.stem] = topic
        for fact, line in found:
            if fact.id in origin:
                # Report the duplicate where it is, naming where the id was first used.
                first_file, first_line = origin[fact.id]
                problems.append(
                    Problem(
                        name,
                        line,
                        fact.id,
                        "id",
                        f"duplicate id (first used at {first_file}:{first_line}); "
                        "ids must be unique across all files",
                    )
                )
                continue
            facts.append(fact)
            origin[fact.id] = (name, line)
    checked = check(facts, origin) if check is not None else None
    if checked is None:
        owners: dict[str, str] = {}
        table = AliasTable.build(aliases) if table is None else table
        crossed = cross_check(facts, origin, table, owners)
        checked = (crossed, QuestionOwners.build(owners.items()))
    between, question_owners = checked
    problems.extend(between)
    if problems:
        raise KnowledgeError(problems)
    kb = KnowledgeBase(
        root=root, sources=sources, facts=tuple(facts), aliases=tuple(aliases), topics=topics
    )
    # The question keys cross_check computed serve every later change's check (questions.py).
    return attach(kb, question_owners)


def reload_topics(
    kb: KnowledgeBase,
    root: Path,
    stems: Iterable[str],
    canonical: Callable[[Fact], dict[str, Any]] | None = None,
) -> KnowledgeBase:
    """`kb` with the fact files of `stems` read again from `root` (a file that is gone takes
    its facts with it); the sources and aliases are kept. Raises KnowledgeError as
    `load_knowledge` would for the whole directory: the other files are unchanged and valid,
    so only the facts read here are checked against them (`questions.check_change`).

    `canonical` (moderation's `fact_to_mapping`: the loader sits below that package) lets a
    fact whose item in the file is exactly its known fact's canonical mapping be kept as it
    is, unchecked: with the same sources and aliases, checking it again can only give the same
    fact and no problem. A save changes one fact of a file of hundreds; checking all of them
    (the fidelity checks above all) was most of another process's reload.
    """
    with paused_gc():
        problems: list[Problem] = []
        topics = dict(kb.topics)
        read: dict[str, list[Fact]] = {}
        entities = EntityIndex.build(kb.aliases)
        wanted = set(stems)
        by_topic: dict[str, list[Fact]] = {}
        for fact in kb.facts:
            by_topic.setdefault(fact.topic, []).append(fact)
        known: dict[str, dict[str, Fact]] = {stem: {} for stem in wanted}
        if canonical is not None:
            for stem in wanted:
                for fact in by_topic.get(stem, []):
                    known[stem].setdefault(fact.id, fact)
        for stem in sorted(wanted):
            path = Path(root) / "facts" / f"{stem}.yaml"
            if not path.is_file():
                topics.pop(stem, None)
                read[stem] = []
                continue
            unchanged = _unchanged_in(known[stem], canonical) if canonical is not None else None
            topic, found = read_fact_file(path, kb.sources, problems, entities, unchanged)
            if topic is not None:
                topics[stem] = topic
            read[stem] = [fact for fact, _ in found]
        if not topics:
            problems.append(Problem("facts/", message="no fact files (facts/*.yaml) found"))
        facts: list[Fact] = []
        for stem in sorted(topics, key=lambda t: f"{t}.yaml"):
            facts.extend(read[stem] if stem in read else by_topic.get(stem, []))
        # From the changed topics' facts only (passes over all facts took a tenth of a second
        # at 100,000 facts); in file order, as the facts are.
        changed = sorted(read, key=lambda t: f"{t}.yaml")
        before = {f for stem in changed for f in by_topic.get(stem, [])}
        after = {f for stem in changed for f in read[stem]}
        removed = [f for stem in changed for f in by_topic.get(stem, []) if f not in after]
        added = [f for stem in changed for f in read[stem] if stem in topics and f not in before]
        found_problems, owners = check_change(kb, facts, removed, added, alias_table(kb.aliases))
        problems.extend(found_problems)
        if problems:
            raise KnowledgeError(problems)
        new = KnowledgeBase(kb.root, kb.sources, tuple(facts), kb.aliases, topics)
        return attach(new, owners)


def _unchanged_in(
    known: Mapping[str, Fact], canonical: Callable[[Fact], dict[str, Any]]
) -> Callable[[Any], Fact | None]:
    """The known fact a raw item stands for unchanged: the item is, value for value and type
    for type (JSON text, so 1 is not True nor 1.0, and key order counts), the fact's
    canonical mapping; else None (the item is validated like any other)."""

    def unchanged(raw: Any) -> Fact | None:
        if not isinstance(raw, dict):
            return None
        fact = known.get(raw.get("id"))  # type: ignore[arg-type]
        if fact is None:
            return None
        return fact if _as_json(raw) == _as_json(canonical(fact)) else None

    return unchanged


def _as_json(value: Any) -> str:
    # default: YAML dates and other non-JSON values never equal a canonical mapping's strings.
    return json.dumps(value, ensure_ascii=False, default=lambda o: f"<{type(o).__name__} {o!r}>")
