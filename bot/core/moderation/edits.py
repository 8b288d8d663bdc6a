"""The shapes of a moderator's change: who made it, what they typed, and how it reads as a diff.

A fact is written to YAML and to the audit log as the same canonical mapping
(`fact_to_mapping`), in the key order of knowledge/AUTHORING.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..engine.simplify import simplify
from ..knowledge.models import AliasGroup, Citation, Fact
from ..knowledge.sources import collapse
from ..knowledge.validate import FACT_KEYS, ID_PATTERN

_BULLET = re.compile(r"^\s*(?:[-*•]\s+)")
# Windows line endings: an answer passed to `kb add`/`kb edit` as "$(cat answer.txt)" from a
# file saved with \r\n arrives with carriage returns, which validation refuses as control
# characters (a lone one moves a terminal's cursor back over the line). They are line breaks.
_CARRIAGE_RETURN = re.compile(r"\r\n?")


def _lf(text: str) -> str:
    """`text` with its \r\n and \r line breaks as \n."""
    return _CARRIAGE_RETURN.sub("\n", text) if "\r" in text else text


_SLUG_WORD = re.compile(r"[a-z0-9]+")
MAX_SLUG_WORDS = 7
MAX_SLUG_CHARS = 60
DIFF_TEXT_CHARS = 60


@dataclass(frozen=True)
class Actor:
    """Who made a change: a Discord member (id and name) or a console user (id None)."""

    id: int | None
    name: str


def citation_to_mapping(citation: Citation) -> dict[str, Any]:
    """A citation as written in YAML; refs only when the author named them."""
    out: dict[str, Any] = {
        "source": citation.source,
        "section": citation.section,
        "quote": citation.quote,
    }
    if citation.explicit_refs:
        out["refs"] = list(citation.refs)
    return out


def fact_to_mapping(fact: Fact) -> dict[str, Any]:
    """The canonical mapping of a fact: what the YAML file and the audit log hold."""
    out: dict[str, Any] = {
        "id": fact.id,
        "questions": list(fact.questions),
    }
    if fact.does_not_answer:
        out["does_not_answer"] = list(fact.does_not_answer)
    out["answer"] = fact.answer
    out["sources"] = [citation_to_mapping(c) for c in fact.sources]
    if fact.tags:
        out["tags"] = list(fact.tags)
    if fact.see_also:
        out["see_also"] = list(fact.see_also)
    if fact.updated_by is not None:
        out["updated_by"] = fact.updated_by
    if fact.updated_at is not None:
        out["updated_at"] = fact.updated_at
    assert list(out) == [k for k in FACT_KEYS if k in out]
    return out


def alias_to_mapping(group: AliasGroup) -> dict[str, Any]:
    """An alias group as written in aliases.yaml."""
    out: dict[str, Any] = {"canonical": group.canonical, "names": list(group.names)}
    if group.note is not None:
        out["note"] = group.note
    return out


def alias_record(group: AliasGroup) -> dict[str, Any]:
    """An alias group as the audit log records it: as written in aliases.yaml, and for a
    group of `terms:` its section too (`"kind": "term"`), which the file says only by where
    the group stands. A group a change removed is brought back from this record (`kb alias`
    of its canonical name again): without the section, a term group came back as a name of a
    thing, which the fidelity checks then refused, so an unalias could not be undone."""
    out = alias_to_mapping(group)
    if group.kind == "term":
        out["kind"] = "term"
    return out


@dataclass(frozen=True)
class FactInput:
    """What a moderator typed into the fact form (the Discord modal or the command line)."""

    questions: list[str]
    answer: str
    source: str
    section: str
    quote: str
    tags: list[str] | None = None  # None: keep the fact's tags on edit, none on add
    see_also: list[str] | None = None  # None: keep on edit, none on add
    does_not_answer: list[str] | None = None  # None: keep on edit, none on add
    fact_id: str | None = None  # for add only; None derives a slug from the first question

    @classmethod
    def from_lines(
        cls, questions_text: str, answer: str, source: str, section: str, quote: str
    ) -> FactInput:
        """Build from the modal's text inputs: questions one per line (bullets allowed)."""
        questions = [_BULLET.sub("", line).strip() for line in questions_text.splitlines()]
        return cls(
            questions=[q for q in questions if q],
            answer=answer.strip(),
            source=source.strip(),
            section=section.strip(),
            quote=quote.strip(),
        )

    @classmethod
    def from_fact(cls, fact: Fact) -> FactInput:
        """Prefill the edit form; only the first source is editable, the others are kept."""
        first = fact.sources[0]
        return cls(
            questions=list(fact.questions),
            answer=fact.answer,
            source=first.source,
            section=first.section,
            quote=first.quote,
            tags=list(fact.tags),
            see_also=list(fact.see_also),
            does_not_answer=list(fact.does_not_answer),
        )

    @property
    def questions_text(self) -> str:
        """The questions as the modal shows them, one per line."""
        return "\n".join(self.questions)

    def to_raw(self, fact_id: str, current: Fact | None, by: str, at: str) -> dict[str, Any]:
        """The raw fact mapping to validate: this input over the current fact (if editing)."""
        first: dict[str, Any] = {
            "source": self.source,
            "section": self.section,
            "quote": self.quote,
        }
        rest: list[dict[str, Any]] = []
        if current is not None:
            old = current.sources[0]
            same_quote = old.source == self.source and old.quote == collapse(self.quote)
            if old.explicit_refs and same_quote:
                first["refs"] = list(old.refs)
            rest = [citation_to_mapping(c) for c in current.sources[1:]]
        if self.does_not_answer is not None:
            refused: Sequence[str] = self.does_not_answer
        else:
            # Kept from the fact, but for a question this input now lists among its own (the
            # form shows no does_not_answer to take it out of): the moderator has just said
            # the fact answers it, as `/kb teach` does. Kept, it was refused as "cannot both
            # answer and not", which no resubmit of the form could fix.
            asked = {simplify(q) for q in self.questions}
            kept = current.does_not_answer if current else ()
            refused = [q for q in kept if simplify(q) not in asked]
        raw: dict[str, Any] = {"id": fact_id, "questions": [_lf(q) for q in self.questions]}
        if refused:
            raw["does_not_answer"] = [_lf(q) for q in refused]
        raw["answer"] = _lf(self.answer)
        raw["sources"] = [first, *rest]
        tags = self.tags if self.tags is not None else (current.tags if current else ())
        see_also = (
            self.see_also if self.see_also is not None else (current.see_also if current else ())
        )
        if tags:
            raw["tags"] = [_lf(tag) for tag in tags]
        if see_also:
            raw["see_also"] = list(see_also)
        raw["updated_by"] = by
        raw["updated_at"] = at
        return raw


def slug_for(fields: FactInput, topic: str, taken: set[str]) -> str:
    """A new fact id: the given one, or a slug of the first Latin-script question."""
    if fields.fact_id:
        return fields.fact_id
    base = ""
    for question in fields.questions:
        words = _SLUG_WORD.findall(question.lower())
        if words:
            base = "-".join(words[:MAX_SLUG_WORDS])[:MAX_SLUG_CHARS].strip("-")
            break
    if not base:
        base = f"{topic}-fact"
    if not ID_PATTERN.fullmatch(base):
        base = f"{topic}-fact"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _short(text: Any, start: int = 0) -> str:
    value = str(text)
    head = "…" if start > 0 else ""
    tail = value[start : start + DIFF_TEXT_CHARS]
    more = "…" if len(value) > start + DIFF_TEXT_CHARS else ""
    return f"'{head}{tail}{more}'"


def _text_change(name: str, old: Any, new: Any) -> str:
    a, b = str(old), str(new)
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    start = max(0, common - 15) if common > 30 else 0
    return f"{name}: {_short(a, start)} → {_short(b, start)}"


def _list_change(name: str, old: Sequence[Any], new: Sequence[Any], show: bool) -> str:
    added = [x for x in new if x not in old]
    removed = [x for x in old if x not in new]
    if not show:
        counts = f"+{len(added)} −{len(removed)}"
        return f"{name}: {counts}" if added or removed else f"{name}: reordered"
    parts = [f"+{x}" for x in added] + [f"−{x}" for x in removed]
    return f"{name}: " + (" ".join(parts) if parts else "reordered")


def compact_diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """Field-level changes between two fact (or alias group) mappings, one short line each."""
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        entries = _as_list(after.get("questions") or after.get("names")) or []
        return [f"created ({len(entries)} entries)"]
    if after is None:
        return ["removed"]
    lines: list[str] = []
    for key in dict.fromkeys([*before, *after]):
        if key in ("updated_by", "updated_at"):
            continue
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        # An entry is read back as written, shaped or not (a hand edit, another version's
        # field): a value not shaped as a fact's is shown as it is, never a traceback that
        # took the whole history of the fact with it.
        old_list, new_list = _as_list(old), _as_list(new)
        if old_list is None or new_list is None or old_list == new_list:
            lines.append(_text_change(key, old, new))
        elif key == "sources" and all(isinstance(x, dict) for x in (*old_list, *new_list)):
            lines.extend(_sources_change(old_list, new_list))
        elif key != "sources":
            lines.append(_list_change(key, old_list, new_list, show=key != "questions"))
        else:
            lines.append(_text_change(key, old, new))
    return lines


def _as_list(value: Any) -> list[Any] | None:
    """A list field's items (none when absent); None when the value is not a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else None


def _sources_change(old: list[Any], new: list[Any]) -> list[str]:
    lines: list[str] = []
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        for key in dict.fromkeys([*a, *b]):
            if a.get(key) != b.get(key):
                lines.append(_text_change(f"sources[{i + 1}].{key}", a.get(key), b.get(key)))
    if len(new) != len(old):
        lines.append(f"sources: {len(old)} → {len(new)}")
    return lines
