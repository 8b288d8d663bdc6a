"""Planning a change, purely: the exact text to write and the KnowledgeBase it will load as.

A plan's text is the file as it is with only the changed values rewritten (`splice`), so the
comments and layout moderators wrote survive; a new file, or one the splicer cannot edit in
place, is written in the canonical form. A plan is validated with the loader's own checks on
the very text that will be written (`parse_yaml` of that text, then `validate_fact` /
`parse_aliases` and `cross_check` over the whole candidate knowledge base), so what passes
here passes `kb check` after the write.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..engine.cleaning import without_surrogates
from ..errors import CitebotError, KnowledgeError, Problem
from ..knowledge.fidelity import EntityIndex, check_fact
from ..knowledge.models import Fact, KnowledgeBase
from ..knowledge.questions import alias_table, attach, check_change
from ..knowledge.validate import ID_PATTERN, validate_fact
from ..knowledge.yamldump import dump_yaml
from ..knowledge.yamlsafe import MAX_FILE_BYTES, YamlRejected, parse_yaml
from .edits import fact_to_mapping
from .splice import splice

STAMP_KEYS = ("updated_by", "updated_at")


@dataclass(frozen=True)
class Plan:
    """A validated change: write `text` to `path` and the knowledge base becomes `kb`."""

    path: str  # relative to the knowledge dir, e.g. "facts/trade.yaml"
    text: str
    kb: KnowledgeBase
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def is_noop(self) -> bool:
        """True when nothing but the updated_by/updated_at stamp would change."""

        def content(m: dict[str, Any] | None) -> dict[str, Any] | None:
            return None if m is None else {k: v for k, v in m.items() if k not in STAMP_KEYS}

        return content(self.before) == content(self.after)


def file_order(stem: str) -> str:
    """Sort key of a topic: the loader reads facts/*.yaml sorted by file name."""
    return f"{stem}.yaml"


def header_of(path: Path) -> str:
    """The comment block at the top of a file; rewrites keep it (YAML dumping drops comments)."""
    try:
        return header_of_text(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""


def header_of_text(text: str) -> str:
    """`header_of` a file's text. A byte order mark before it (an editor's UTF-8 with BOM,
    which YAML reads past) is not part of it: read as text, it hid the whole header, which
    `kb fmt` then took for comments below it, and a rewrite dropped."""
    header: list[str] = []
    for line in text.removeprefix("\ufeff").splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        header.append(line if line.endswith("\n") else line + "\n")
    return "".join(header)


def inner_comment_lines(text: str) -> list[int]:
    """The numbers (from 1) of the lines holding a comment below the file's header: what the
    canonical form (`kb fmt`) would drop. Comments lie between YAML's tokens, where nothing
    else but white space does, so a '#' inside a quoted or plain value ('#1 albums') is never
    taken for one. Broken YAML has none to tell: []."""
    header = header_of_text(text).count("\n")
    lines: list[int] = []
    at = 0
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            gap = text[at : token.start_mark.index]
            start = 0
            while (hash_at := gap.find("#", start)) != -1:
                line = text.count("\n", 0, at + hash_at) + 1
                if line > header:
                    lines.append(line)
                start = gap.find("\n", hash_at) if "\n" in gap[hash_at:] else len(gap)
            at = max(at, token.end_mark.index)
    except yaml.YAMLError:
        return []
    return lines


def title_of(kb: KnowledgeBase, topic: str) -> str:
    """The topic's human title (for a new topic, derived from its file name)."""
    return kb.topics.get(topic) or topic.replace("-", " ").capitalize()


def topic_text(kb: KnowledgeBase, topic: str, facts: list[dict[str, Any]], header: str) -> str:
    """The canonical text of a fact file: exactly `dump_yaml` of the whole file, put together
    from each fact's own dumped item (memoised). PyYAML's pure-Python emitter takes ~0.4 s for
    a file of 600 facts, most of a save's time; each item's text depends on that fact alone
    (block style, items at the margin), so a save dumps only the facts it changed."""
    if not facts:
        return header + dump_yaml({"topic": title_of(kb, topic), "facts": facts})
    items = "\n".join(_fact_item(json.dumps(f, ensure_ascii=False)) for f in facts)
    return header + dump_yaml({"topic": title_of(kb, topic)}) + "facts:\n" + items


@functools.lru_cache(maxsize=200_000)
def _fact_item(mapping_json: str) -> str:
    """One fact's item in a fact file (keyed by its mapping as JSON, which keeps key order)."""
    text = dump_yaml({"facts": [json.loads(mapping_json)]})
    return text.removeprefix("facts:\n")


def spliced_text(on_disk: str | None, change: Callable[[Any], Any | None]) -> str | None:
    """`on_disk` with the data change `change` applied in place, or None for a canonical write.

    `change` gets a deep copy of the file's data and returns the new data (None: the file's
    shape is not the expected one). Facts and groups the change does not touch keep their
    exact text, comments included.
    """
    if on_disk is None:
        return None
    try:
        doc = parse_yaml(on_disk)
    except YamlRejected:
        return None
    new_data = change(copy.deepcopy(doc.data))
    return None if new_data is None else splice(on_disk, new_data, doc)


def validate_topic(kb: KnowledgeBase, topic: str, text: str) -> tuple[list[Fact], list[Problem]]:
    """Validate a fact file's text exactly as the loader reads it, fidelity checks included."""
    name = f"facts/{topic}.yaml"
    facts: list[Fact] = []
    problems: list[Problem] = []
    doc = parse_yaml(text, name)
    entities = EntityIndex.build(kb.aliases)
    for i, raw in enumerate(doc.data["facts"]):
        fact, found = validate_fact(raw, kb.sources, topic=topic, file=name)
        problems.extend(found)
        if fact is not None:
            facts.append(fact)
            problems.extend(
                Problem(name, doc.line_of("facts", i, *f.path), fact.id, f.field, f.message)
                for f in check_fact(fact, entities, kb.sources)
            )
    return facts, problems


def _origin(facts: Iterable[Fact]) -> dict[str, tuple[str, int]]:
    origin: dict[str, tuple[str, int]] = {}
    for fact in facts:
        origin.setdefault(fact.id, (f"facts/{fact.topic}.yaml", 0))
    return origin


TOPIC_RULE = "a topic is a file name slug like 'trade' (lowercase letters, digits, dashes)"


def check_topic(topic: str, existing: Iterable[str] = ()) -> None:
    """Refuse a topic that cannot be a fact file name, before anyone fills in a form for it
    (the form has no topic field to correct it in)."""
    if ID_PATTERN.fullmatch(topic) and len(topic) <= 60:
        return
    known = ", ".join(sorted(existing, key=file_order)[:10])
    hint = f" Existing topics: {known}." if known else ""
    raise CitebotError(f"'{topic}' cannot be a topic: {TOPIC_RULE}.{hint}")


# A lone surrogate is what a Python string may hold and no file can: Discord's JSON allows
# "\ud800" in a modal's text. Refused by the field it is in, before anything is written.
NOT_TEXT = "holds a character that is not text (a lone surrogate): retype it"


def untextual_fields(value: Any, field: str = "") -> list[str]:
    """The fields of a fact's or alias's raw data ("answer", "sources.quote") whose text holds a
    lone surrogate, each once, in order."""
    if isinstance(value, str):
        return [field] if without_surrogates(value) != value else []
    found: list[str] = []
    if isinstance(value, dict):
        parts = [(v, f"{field}.{k}" if field else str(k)) for k, v in value.items()]
    elif isinstance(value, list):
        parts = [(v, field) for v in value]
    else:
        return []
    for item, name in parts:
        found += [f for f in untextual_fields(item, name) if f not in found]
    return found


def _refuse_untextual(name: str, raw: Any, fact_id: str = "") -> None:
    fields = untextual_fields(raw)
    if fields:
        shown = without_surrogates(fact_id)  # the id itself may hold one (reported as 'id')
        raise KnowledgeError([Problem(name, 0, shown, f, NOT_TEXT) for f in fields])


def fits_a_file(name: str, text: str | bytes) -> None:
    """Raise KnowledgeError when `text` is more than the loader reads from one file: written,
    it would stop every start (and every `kb` command) until someone cut it by hand."""
    size = len(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1_000_000
        message = (
            f"the file would be {size / 1e6:.2f} MB, more than the {limit} MB one file may"
            " hold; nothing was changed (put new facts in another topic)"
        )
        raise KnowledgeError([Problem(name, message=message)])


def plan_fact(
    kb: KnowledgeBase,
    topic: str,
    fact_id: str,
    raw: dict[str, Any] | None,
    *,
    replacing: bool,
    header: str = "",
    on_disk: str | None = None,
) -> Plan:
    """Put `raw` in place of fact `fact_id` in `topic` (append if not `replacing`; remove if
    `raw` is None); raise KnowledgeError with every problem of the result.

    `on_disk` is the file's text: given, only the changed fact's lines are rewritten.
    """
    name = f"facts/{topic}.yaml"
    if not ID_PATTERN.fullmatch(topic):
        message = TOPIC_RULE
        raise KnowledgeError([Problem(name, field="topic", message=message)])
    _refuse_untextual(name, raw, fact_id)
    current = kb.fact(fact_id)
    by_topic: dict[str, list[Fact]] = {}
    for fact in kb.facts:
        by_topic.setdefault(fact.topic, []).append(fact)
    in_topic = by_topic.get(topic, [])
    topic_facts = [f for f in in_topic if not (replacing and f.id == fact_id)]
    mappings = [fact_to_mapping(f) for f in topic_facts]
    at = len(mappings)
    if raw is not None:
        ids = [f.id for f in in_topic]
        at = ids.index(fact_id) if replacing and fact_id in ids else len(mappings)
        mappings.insert(at, raw)

    def change(data: Any) -> Any | None:
        if not isinstance(data, dict) or not isinstance(data.get("facts"), list):
            return None
        items: list[Any] = data["facts"]
        at = next(
            (i for i, f in enumerate(items) if isinstance(f, dict) and f.get("id") == fact_id),
            None,
        )
        if replacing and at is not None:
            items[at : at + 1] = [] if raw is None else [raw]
        elif raw is not None:
            items.append(raw)
        return data

    text = spliced_text(on_disk, change) or topic_text(kb, topic, mappings, header)
    fits_a_file(name, text)
    # Validated as the loader reads it, on the changed fact's own item: every other fact of the
    # file is one that was valid and is unchanged (re-reading a whole file of 600 facts took
    # most of a save). The splice keeps their text and is checked to read back as the new data.
    problems: list[Problem] = []
    if raw is not None:
        item = _fact_item(json.dumps(raw, ensure_ascii=False))
        changed, problems = validate_topic(kb, topic, "facts:\n" + item)
        if problems:
            # The fact itself is refused: checked against the others it would only add their
            # links to it as "unknown fact id", burying the reason under them.
            raise KnowledgeError(problems)
        topic_facts[at:at] = changed
    topics = {**kb.topics, topic: title_of(kb, topic)}
    facts: list[Fact] = []
    for stem in sorted(topics, key=file_order):
        facts.extend(topic_facts if stem == topic else by_topic.get(stem, []))
    # Only the facts this change adds or replaces are checked against the others (their
    # questions normalised); the rest were checked when `kb` was loaded or changed.
    old_set, new_set = set(in_topic), set(topic_facts)
    removed = [f for f in in_topic if f not in new_set]
    added = [f for f in topic_facts if f not in old_set]
    found, owners = check_change(kb, facts, removed, added, alias_table(kb.aliases))
    problems.extend(found)
    if problems:
        raise KnowledgeError(problems)
    new_kb = attach(KnowledgeBase(kb.root, kb.sources, tuple(facts), kb.aliases, topics), owners)
    after = new_kb.fact(fact_id) if raw is not None else None
    return Plan(
        path=name,
        text=text,
        kb=new_kb,
        before=fact_to_mapping(current) if current is not None and replacing else None,
        after=fact_to_mapping(after) if after is not None else None,
    )
