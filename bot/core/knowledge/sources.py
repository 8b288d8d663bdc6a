"""Loading the source documents, their sections and reference lists, and locating quotes in them."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem
from .files import watched
from .models import Reference, Section, Source
from .yamlsafe import Document, YamlRejected, read_yaml

_FOOTNOTE = re.compile(r"\[(\d{1,3})\]")
# Punctuation that may sit between the end of a quote and the footnote markers it carries.
_AFTER_QUOTE = re.compile(r"[\s'\"”’.,;:)]{0,3}((?:\[\d{1,3}\])+)")

SOURCE_KEYS = {"id", "title", "publisher", "url", "license", "file", "sections"}
SECTION_KEYS = {"title", "starts_at", "note"}
REFERENCE_KEYS = {"number", "text", "publication", "title", "author", "date", "note"}


def collapse(text: str) -> str:
    """Collapse every whitespace run to one space: the only difference quotes may have.

    (`str.split` and the regex `\\s` know the same whitespace, Py_UNICODE_ISSPACE: this is
    `re.sub(r"\\s+", " ", text).strip()`, almost three times sooner on the documents.)"""
    return " ".join(text.split())


@dataclass(frozen=True)
class QuoteLocation:
    """Where a quote lies in its document."""

    start: int
    end: int
    section: Section | None
    refs: tuple[int, ...]


def locate_quote(
    source: Source, quote: str, prefer_section: str | None = None
) -> QuoteLocation | None:
    """Find a quote in a document (whitespace-collapsed), preferring the named section.

    Footnote numbers inside the quote or directly after it are the references it carries.
    """
    needle = collapse(quote)
    if not needle:
        return None
    chosen = source.collapsed.find(needle)
    if chosen == -1:
        return None
    if prefer_section and not _in_section(source, chosen, prefer_section):
        # Another occurrence (of the first 50) may lie in the preferred section. When the
        # first does, as nearly every quote's does, the rest of the document is not searched
        # (a cold build locates every fact's quotes).
        hits: list[int] = []
        start = source.collapsed.find(needle, chosen + 1)
        while start != -1 and len(hits) < 49:
            hits.append(start)
            start = source.collapsed.find(needle, start + 1)
        chosen = next((h for h in hits if _in_section(source, h, prefer_section)), chosen)
    end = chosen + len(needle)
    refs = [int(n) for n in _FOOTNOTE.findall(needle)]
    after = _AFTER_QUOTE.match(source.collapsed, end)
    if after:
        refs.extend(int(n) for n in _FOOTNOTE.findall(after.group(1)))
    known = tuple(dict.fromkeys(r for r in refs if r in source.references))
    return QuoteLocation(chosen, end, source.section_at(chosen), known)


def _in_section(source: Source, offset: int, title: str | None) -> bool:
    """Whether `offset` of the document lies in the section titled `title` (given)."""
    section = source.section_at(offset)
    return bool(title) and section is not None and section.title == title


def _str_field(
    raw: dict[str, Any], key: str, problem: Callable[[str, str], None], required: bool = True
) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            problem(key, "is missing")
        return None
    if not isinstance(value, str) or not value.strip():
        problem(key, "must be a non-empty string")
        return None
    return value.strip()


def load_references(root: Path, problems: list[Problem]) -> dict[str, dict[int, Reference]]:
    """Read knowledge/references.yaml: each document's own numbered reference list."""
    path = root / "references.yaml"
    if not path.exists():
        return {}
    name = _rel(root, path)
    doc = _read_top(path, name, "references", dict, problems)
    if doc is None:
        return {}
    data = doc.data
    out: dict[str, dict[int, Reference]] = {}
    for source_id, entries in data["references"].items():
        if not isinstance(entries, list):
            problems.append(
                Problem(
                    name,
                    doc.line_of("references", str(source_id)),
                    message=f"references of '{source_id}' must be a list",
                )
            )
            continue
        refs: dict[int, Reference] = {}
        for i, entry in enumerate(entries):
            line = doc.line_of("references", str(source_id), i)

            def problem(field: str, message: str, line: int = line) -> None:
                problems.append(Problem(name, line, field=field, message=message))

            if not isinstance(entry, dict):
                problem("references", "each reference must be a mapping")
                continue
            for key in sorted(set(entry) - REFERENCE_KEYS):
                problem(str(key), "unknown key")
            number = entry.get("number")
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                problem("number", "must be a positive integer")
                continue
            if number in refs:
                problem("number", f"reference {number} is listed twice")
            text = _str_field(entry, "text", problem)
            if text is None:
                continue
            optional = {
                k: (str(entry[k]).strip() if entry.get(k) is not None else None)
                for k in ("publication", "title", "author", "date", "note")
            }
            refs[number] = Reference(number=number, text=text, **optional)
        out[str(source_id)] = refs
    return out


def load_sources(root: Path, problems: list[Problem]) -> dict[str, Source]:
    """Read knowledge/sources.yaml and the documents it names; check sections and references."""
    path = root / "sources.yaml"
    name = _rel(root, path)
    doc = _read_top(path, name, "sources", list, problems)
    if doc is None:
        return {}
    data = doc.data
    references = load_references(root, problems)
    sources: dict[str, Source] = {}
    for i, raw in enumerate(data["sources"]):
        source = _load_source(root, name, doc, i, raw, references, problems)
        if source is None:
            continue
        if source.id in sources:
            problems.append(
                Problem(
                    name,
                    doc.line_of("sources", i),
                    field="id",
                    message=f"duplicate source id '{source.id}'",
                )
            )
        sources[source.id] = source
    for source_id in sorted(set(references) - set(sources)):
        problems.append(
            Problem("references.yaml", message=f"references for unknown source '{source_id}'")
        )
    return sources


def _load_source(
    root: Path,
    name: str,
    doc: Document,
    index: int,
    raw: Any,
    references: dict[str, dict[int, Reference]],
    problems: list[Problem],
) -> Source | None:
    line = doc.line_of("sources", index)

    def problem(field: str, message: str) -> None:
        problems.append(Problem(name, line, field=field, message=message))

    if not isinstance(raw, dict):
        problem("sources", "each source must be a mapping")
        return None
    for key in sorted(set(raw) - SOURCE_KEYS):
        problem(str(key), "unknown key")
    source_id = _str_field(raw, "id", problem)
    title = _str_field(raw, "title", problem)
    publisher = _str_field(raw, "publisher", problem)
    license_ = _str_field(raw, "license", problem)
    file = _str_field(raw, "file", problem)
    url = _str_field(raw, "url", problem, required=False)
    if None in (source_id, title, publisher, license_, file):
        return None
    assert source_id and title and publisher and license_ and file
    if not watched(os.path.normpath(file)):
        # Its edits would never reach the bot: the watcher and the snapshot's key leave such
        # files out (files.py), and the old snapshot kept answering from the old text.
        problem("file", f"document '{file}' is a hidden or backup file name: rename it")
        return None
    doc_path = (root / file).resolve()
    if not doc_path.is_relative_to(root.resolve()) or not doc_path.is_file():
        problem("file", f"document '{file}' not found under the knowledge directory")
        return None
    try:
        text = doc_path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem("file", f"cannot read '{file}' as UTF-8: {exc}")
        return None
    collapsed = collapse(text)
    sections = _sections(raw.get("sections"), collapsed, problem)
    refs = references.get(source_id, {})
    for ref in refs.values():
        if collapse(ref.text) not in collapsed:
            problems.append(
                Problem(
                    "references.yaml",
                    field="text",
                    message=(
                        f"reference {ref.number} of '{source_id}' is not verbatim in the document"
                    ),
                )
            )
    return Source(
        source_id, title, publisher, url, license_, file, text, collapsed, sections, dict(refs)
    )


def _sections(raw: Any, collapsed: str, problem: Callable[[str, str], None]) -> tuple[Section, ...]:
    if not isinstance(raw, list) or not raw:
        problem("sections", "must be a non-empty list")
        return (Section("(whole document)", 0, len(collapsed)),)
    starts: list[tuple[int, str]] = []
    for item in raw:
        if not isinstance(item, dict) or set(item) - SECTION_KEYS:
            problem("sections", "each section is a mapping of title, starts_at and optional note")
            continue
        title, marker = item.get("title"), item.get("starts_at")
        if not isinstance(title, str) or not isinstance(marker, str) or not marker.strip():
            problem("sections", "each section needs a title and a starts_at string")
            continue
        offset = collapsed.find(collapse(marker))
        if offset < 0:
            problem("sections", f"starts_at of section '{title}' is not in the document")
            continue
        starts.append((offset, title))
    if [s for s, _ in starts] != sorted(s for s, _ in starts):
        problem("sections", "sections must be listed in document order")
    starts.sort()
    if not starts:
        return (Section("(whole document)", 0, len(collapsed)),)
    if starts[0][0] > 0:
        starts.insert(0, (0, "(preamble)"))
    ends = [s for s, _ in starts[1:]] + [len(collapsed)]
    return tuple(
        Section(title, start, end) for (start, title), end in zip(starts, ends, strict=True)
    )


def _read_top(
    path: Path, name: str, key: str, kind: type, problems: list[Problem]
) -> Document | None:
    """Read a YAML file whose top level maps `key` to a `kind`; record why it cannot be used."""
    try:
        # Lines to three levels: each reference of each document is placed by its line.
        doc = read_yaml(path, lazy=True, levels=3)
    except YamlRejected as exc:
        problems.append(Problem(name, message=str(exc)))
        return None
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get(key), kind):
        shape = "mapping" if kind is dict else "list"
        problems.append(Problem(name, message=f"must be a mapping with a '{key}' {shape}"))
        return None
    return doc


def _rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
