"""Sections of bench/RESULTS.md written by their own commands (`python -m bench.semantic`,
`python -m bench.edits`, `python -m bench.cold`, `python -m bench.hostile`): each rewrites
only its marked section, and `python -m bench`, which rewrites the rest of the file, keeps
them all."""

from __future__ import annotations

SEMANTIC = "bench.semantic"
EDITS = "bench.edits"
COLD = "bench.cold"
HOSTILE = "bench.hostile"
SECTIONS = (SEMANTIC, EDITS, COLD, HOSTILE)
START = f"<!-- {SEMANTIC}: start -->"
END = f"<!-- {SEMANTIC}: end -->"


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}: start -->", f"<!-- {name}: end -->"


def marked(section: str, name: str = SEMANTIC) -> str:
    """The section between its markers."""
    start, end = _markers(name)
    return f"{start}\n{section.strip()}\n{end}\n"


def current_section(document: str, name: str = SEMANTIC) -> str | None:
    """The marked section of a document (markers included), or None."""
    start_mark, end_mark = _markers(name)
    start = document.find(start_mark)
    end = document.find(end_mark, start)
    if start < 0 or end < 0:
        return None
    return document[start : end + len(end_mark)] + "\n"


def replace_section(document: str, section: str, name: str = SEMANTIC) -> str:
    """The document with its marked section replaced by `section` (appended when absent)."""
    old = current_section(document, name)
    if old is None:
        return document.rstrip("\n") + "\n\n" + marked(section, name)
    return document.replace(old, marked(section, name), 1)


def keep_section(old_document: str, new_document: str) -> str:
    """The new document, carrying over each marked section the old one had."""
    for name in SECTIONS:
        old = current_section(old_document, name)
        if old is None or current_section(new_document, name) is not None:
            continue
        new_document = new_document.rstrip("\n") + "\n\n" + old
    return new_document
