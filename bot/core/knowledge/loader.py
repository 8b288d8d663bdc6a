"""Read and validate the whole knowledge directory into one immutable KnowledgeBase.

Every problem is collected before failing, so one `kb check` run shows everything to fix, each
with file, line, fact id and field. The same `validate_fact` and fidelity checks
(`fidelity.check_fact`) check moderators' edits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from pathlib import Path
from sys import intern
from typing import Any

from ..engine.aliases import AliasTable
from ..engine.scripts import is_cjk
from ..engine.simplify import simplify
from ..engine.tokens import normalize_question
from ..errors import KnowledgeError, Problem
from ..gcpause import paused_gc
from ..progress import Progress, silent
from .fidelity import EntityIndex, check_fact
from .models import AliasGroup, Citation, Fact, KnowledgeBase, Source
from .questions import QuestionOwners, alias_table, attach, check_change
from .sources import load_sources, locate_quote
from .yamlsafe import Document, YamlRejected, read_yaml

FACT_KEYS = (
    "id",
    "questions",
    "does_not_answer",
    "answer",
    "sources",
    "tags",
    "see_also",
    "updated_by",
    "updated_at",
)
CITATION_KEYS = ("source", "section", "quote", "refs")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_QUESTIONS = 4
MAX_QUESTION_CHARS = 300
MAX_ANSWER_CHARS = 1000
# An answer that opens with a bare yes or no ("Yes.", "No,", "yes:"). A fact answers questions
# asked either way round ("is it banned?", "is it allowed?", "do the disputes stop the
# exchanges?"), and a yes or a no is right for only one of them: on the shipped knowledge, 4
# facts answered some of their own phrasings with the opposite of their quotes. The claim
# stated alone answers both.
# C0 and C1 control characters but tab, line feed and NEL: nothing a fact says needs them,
# and a terminal obeys them (ESC and CSI sequences retitle, recolour or clear it) when `ask`,
# the console chat or `kb history` prints the fact; a moderator's crafted form could send
# them. NEL stays: it is how a pasted Windows-1252 ellipsis reads, and YAML keeps it escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
# The bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are
# invisible and reorder what follows them: an answer ending "between \u202enapaJ dna aeroK
# htuoS." reads "South Korea and Japan" in the YAML file, a diff and a terminal, and the
# reverse where they are stripped (every Discord reply). What a reviewer reads must be what
# members get, and no fact in either language needs them (the marks U+200E/U+200F, which
# reorder nothing around them, stay allowed).
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _control_problem(text: str) -> str | None:
    """The refusal of a text holding a control character, naming the first; None if clean."""
    if _printable_ascii(text):
        return None
    found = _CONTROL.search(text)
    if found is not None:
        return f"holds the control character U+{ord(found.group()):04X}; remove it"
    found = _BIDI_CONTROL.search(text)
    if found is not None:
        return (
            f"holds the invisible bidirectional control U+{ord(found.group()):04X}, which shows"
            " the text in another order than it reads; remove it"
        )
    return None


def _printable_ascii(text: str) -> bool:
    """Whether the text is printable ASCII (U+0020 to U+007E), which holds neither a control
    character nor a line break: one C pass that spares the two searches for them on nearly
    every item of a fact (a cold build checks about a million)."""
    return text.isascii() and text.isprintable()


_YES_OR_NO_FIRST = re.compile(r"\s*(?:yes|no)\b\s*(?:[.,!:;]|$)", re.IGNORECASE)
MAX_QUOTE_CHARS = 500
MAX_FACTS_PER_FILE = 200_000

ProblemSink = Callable[[str, str], None]
# A fact file's topic title (None: not a fact file) and its valid facts with their lines.
FileShare = tuple[str | None, list[tuple[Fact, int]]]
# What the checks between facts found: the problems, and the owner of each question.
Checked = tuple[list[Problem], QuestionOwners]


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
    elif (control := _control_problem(topic)) is not None:
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


def validate_fact(
    raw: Any,
    sources: dict[str, Source],
    *,
    topic: str,
    file: str,
    line: int = 0,
    line_of: Callable[[str], int] | None = None,
) -> tuple[Fact | None, list[Problem]]:
    """Check one fact's raw mapping; return the Fact (or None) and every problem found."""
    problems: list[Problem] = []
    fact_id = raw.get("id") if isinstance(raw, dict) else None
    shown_id = fact_id if isinstance(fact_id, str) else ""

    def problem(field: str, message: str) -> None:
        where = line_of(field) if (line_of and field) else line
        problems.append(Problem(file, where, shown_id, field, message))

    if not isinstance(raw, dict):
        problem("", "each fact must be a mapping")
        return None, problems
    for key in sorted(set(map(str, raw)) - set(FACT_KEYS)):
        problem(key, "unknown key")
    if not isinstance(fact_id, str) or not ID_PATTERN.fullmatch(fact_id) or len(fact_id) > 80:
        problem("id", "must be a slug of lowercase letters, digits and '-' (at most 80 characters)")
    questions = _str_list(raw, "questions", problem, required=True, max_chars=MAX_QUESTION_CHARS)
    if questions is not None and len(questions) < MIN_QUESTIONS:
        problem("questions", f"needs at least {MIN_QUESTIONS} phrasings, has {len(questions)}")
    seen: set[str] = set()
    if questions is not None:
        for q in questions:
            key = simplify(q)
            if not key:
                problem("questions", f"{q!r} {NO_WORDS}")
            elif key in seen:
                problem("questions", f"question listed twice: {q!r}")
            seen.add(key)
    refused = _refused_questions(raw, seen, problem)
    answer = raw.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        problem("answer", "must be a non-empty string")
        answer = None
    elif len(answer) > MAX_ANSWER_CHARS:
        problem("answer", f"is {len(answer)} characters; keep it under {MAX_ANSWER_CHARS}")
    elif (control := _control_problem(answer)) is not None:
        problem("answer", control)
    elif _YES_OR_NO_FIRST.match(answer):
        problem(
            "answer",
            "opens with a bare yes or no, which is the opposite answer to the same question "
            "asked the other way round; state the claim alone",
        )
    citations = _citations(raw.get("sources"), sources, problem)
    tags = _str_list(raw, "tags", problem, required=False, max_chars=60) or []
    see_also = _str_list(raw, "see_also", problem, required=False, max_chars=80) or []
    _no_repeats(tags, "tags", problem)
    _no_repeats(see_also, "see_also", problem)
    if fact_id in see_also:
        # `kb remove` then named the fact among those linking to it, and --unlink "dropped the
        # link" from the very fact it was removing, as an audited edit of its own.
        problem("see_also", "lists the fact itself; see_also names other facts")
    updated_by = raw.get("updated_by")
    updated_at = raw.get("updated_at")
    for key, value in (("updated_by", updated_by), ("updated_at", updated_at)):
        if value is not None and not isinstance(value, str):
            problem(key, "must be a string")
    if problems or questions is None or answer is None or citations is None:
        return None, problems
    assert isinstance(fact_id, str)
    # Ids, tags, topics, document ids and section titles recur across facts: interned, each
    # is one string however many facts name it (about 45 MB and a million objects fewer in
    # memory and in the engine snapshot at 100,000 facts; a pickle keeps the sharing).
    fact = Fact(
        id=intern(fact_id),
        questions=tuple(q.strip() for q in questions),
        answer=" ".join(answer.split()),
        sources=tuple(citations),
        tags=tuple(map(intern, tags)),
        see_also=tuple(map(intern, see_also)),
        does_not_answer=tuple(q.strip() for q in refused),
        topic=intern(topic),
        updated_by=updated_by if isinstance(updated_by, str) else None,
        updated_at=updated_at if isinstance(updated_at, str) else None,
    )
    return fact, problems


# A phrasing of punctuation or symbols alone ("?", "😀") reads as nothing: it matches no
# question, so a `does_not_answer` of it refused nothing while the moderator was told it did.
NO_WORDS = "has no words (only punctuation or symbols), so no question can match it"


def _refused_questions(raw: dict[Any, Any], asked: set[str], problem: ProblemSink) -> list[str]:
    """The fact's `does_not_answer` phrasings: optional; none listed twice, none one of the
    fact's own questions (`asked`: their simplified forms), which would contradict it."""
    refused = (
        _str_list(raw, "does_not_answer", problem, required=False, max_chars=MAX_QUESTION_CHARS)
        or []
    )
    seen: set[str] = set()
    for q in refused:
        key = simplify(q)
        if not key:
            problem("does_not_answer", f"{q!r} {NO_WORDS}")
        elif key in asked:
            problem(
                "does_not_answer",
                f"{q!r} is also one of the fact's questions: it cannot both answer and not",
            )
        elif key in seen:
            problem("does_not_answer", f"listed twice: {q!r}")
        seen.add(key)
    return refused


def _no_repeats(items: list[str], key: str, problem: ProblemSink) -> None:
    """A problem for each item listed a second time (`kb edit --tag x --tag x` saved both)."""
    seen: set[str] = set()
    for item in items:
        if item in seen:
            problem(key, f"listed twice: {item!r}")
        seen.add(item)


# Line breaks a one-line item may not hold (\r is refused as a control character already).
_LINE_BREAK = re.compile("[\n\x85\u2028\u2029]")


def _str_list(
    raw: dict[str, Any], key: str, problem: ProblemSink, *, required: bool, max_chars: int
) -> list[str] | None:
    """The list of strings under `key`, each item one line. A line break inside an item
    (`kb edit -q $'who owns\\ndokdo'`, a quoted YAML string) was kept: the Discord edit form,
    which shows questions one per line, then saved it back as two questions, and the console
    listed it over two lines."""
    value = raw.get(key)
    if value is None:
        if required:
            problem(key, "is missing")
        return None
    if not isinstance(value, list) or not value:
        problem(key, "must be a non-empty list")
        return None
    out: list[str] = []
    for item in value:
        if isinstance(item, int) and not isinstance(item, bool):
            item = str(item)  # tags like 1965 are written unquoted
        if not isinstance(item, str) or not item.strip():
            problem(key, "every item must be a non-empty string")
            return None
        if len(item) > max_chars:
            problem(key, f"item is {len(item)} characters; the limit is {max_chars}")
            return None
        if not _printable_ascii(item):  # (printable ASCII holds neither of these)
            if (control := _control_problem(item)) is not None:
                problem(key, f"item {control}")
                return None
            if _LINE_BREAK.search(item.strip()):
                problem(
                    key, f"item {item.strip()!r} holds a line break; write each item on one line"
                )
                return None
        out.append(item.strip())
    return out


def _citations(
    value: Any, sources: dict[str, Source], problem: ProblemSink
) -> list[Citation] | None:
    if not isinstance(value, list) or not value:
        problem("sources", "must be a non-empty list of {source, section, quote}")
        return None
    out: list[Citation] = []
    ok = True
    for item in value:
        if not isinstance(item, dict):
            problem("sources", "each source must be a mapping of source, section, quote")
            ok = False
            continue
        for key in sorted(set(map(str, item)) - set(CITATION_KEYS)):
            problem(f"sources.{key}", "unknown key")
            ok = False
        source_id, section, quote = item.get("source"), item.get("section"), item.get("quote")
        if not isinstance(source_id, str) or source_id not in sources:
            known = ", ".join(sorted(sources)) or "none loaded"
            problem("sources.source", f"unknown source id {source_id!r} (known: {known})")
            ok = False
            continue
        if not isinstance(section, str) or not section.strip():
            problem("sources.section", "must be a non-empty string")
            ok = False
            continue
        if not isinstance(quote, str) or not quote.strip():
            problem("sources.quote", "must be a non-empty string")
            ok = False
            continue
        if len(quote) > MAX_QUOTE_CHARS:
            problem("sources.quote", f"is {len(quote)} characters; quote at most {MAX_QUOTE_CHARS}")
            ok = False
            continue
        source = sources[source_id]
        where = locate_quote(source, quote, prefer_section=section.strip())
        if where is None:
            problem(
                "sources.quote",
                f"is not verbatim in '{source_id}' (only whitespace may differ): "
                f"{quote.strip()[:80]!r}",
            )
            ok = False
            continue
        actual = where.section.title if where.section else "(none)"
        if actual != section.strip():
            problem(
                "sources.section", f"the quote lies in section '{actual}', not '{section.strip()}'"
            )
            ok = False
            continue
        refs_value = item.get("refs")
        refs: tuple[int, ...] = where.refs
        if refs_value is not None:
            if not isinstance(refs_value, list) or not all(
                isinstance(r, int) and not isinstance(r, bool) for r in refs_value
            ):
                problem("sources.refs", "must be a list of reference numbers")
                ok = False
                continue
            missing = [r for r in refs_value if r not in source.references]
            if missing:
                problem("sources.refs", f"unknown reference number(s) {missing} in '{source_id}'")
                ok = False
                continue
            refs = tuple(refs_value)
        out.append(
            Citation(
                intern(source_id),
                intern(section.strip()),
                " ".join(quote.split()),
                refs,
                refs_value is not None,
            )
        )
    return out if ok else None


def cross_check(
    facts: Iterable[Fact],
    origin: dict[str, tuple[str, int]],
    table: AliasTable,
    question_owner: dict[str, str] | None = None,
    keys: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Problems between facts: duplicate ids, shared questions, see_also to nowhere.

    `question_owner`, when given, receives each normalised question with its fact's id;
    `keys` may hold questions already normalised with `table` (the rest are normalised here)."""
    problems: list[Problem] = []
    by_id: dict[str, Fact] = {}
    question_owner = {} if question_owner is None else question_owner
    facts = list(facts)
    for fact in facts:
        file, line = origin.get(fact.id, ("?", 0))
        if fact.id in by_id:
            problems.append(
                Problem(
                    file, line, fact.id, "id", "duplicate id (ids must be unique across all files)"
                )
            )
            continue
        by_id[fact.id] = fact
        for question in fact.questions:
            key = keys.get(question) if keys is not None else None
            if key is None:
                key = normalize_question(question, table)
            owner = question_owner.setdefault(key, fact.id)
            if owner != fact.id:
                problems.append(
                    Problem(
                        file,
                        line,
                        fact.id,
                        "questions",
                        f"question {question!r} is also a question of fact '{owner}'",
                    )
                )
    problems.extend(dangling_links(facts, origin, by_id))
    return problems


def dangling_links(
    facts: Iterable[Fact], origin: Mapping[str, tuple[str, int]], known: Container[str]
) -> list[Problem]:
    """A problem for each see_also of `facts` to an id not in `known`."""
    problems: list[Problem] = []
    for fact in facts:
        file, line = origin.get(fact.id, ("?", 0))
        for other in fact.see_also:
            if other not in known:
                problems.append(
                    Problem(file, line, fact.id, "see_also", f"unknown fact id '{other}'")
                )
    return problems


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
        if (control := _control_problem(name)) is not None:
            problems.append(
                Problem("aliases.yaml", line, field=field, message=f"{name!r} {control}")
            )
            return None
    # A note is printed too: `kb unalias` and `kb alias-history` say the note a group had.
    if isinstance(note, str) and (control := _control_problem(note)) is not None:
        problems.append(Problem("aliases.yaml", line, field="note", message=control))
        return None
    return AliasGroup(
        canonical,
        tuple(names),
        note if isinstance(note, str) else None,
        "alias" if kind == "alias" else "term",
    )
