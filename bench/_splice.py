"""The semantic matcher's section of bench/RESULTS.md: written by `python -m bench.semantic`,
kept as it is when `python -m bench` rewrites the rest of the file."""

from __future__ import annotations

START = "<!-- bench.semantic: start -->"
END = "<!-- bench.semantic: end -->"


def marked(section: str) -> str:
    """The section between its markers."""
    return f"{START}\n{section.strip()}\n{END}\n"


def current_section(document: str) -> str | None:
    """The marked section of a document (markers included), or None."""
    start = document.find(START)
    end = document.find(END, start)
    if start < 0 or end < 0:
        return None
    return document[start : end + len(END)] + "\n"


def replace_section(document: str, section: str) -> str:
    """The document with its marked section replaced by `section` (appended when absent)."""
    old = current_section(document)
    if old is None:
        return document.rstrip("\n") + "\n\n" + marked(section)
    return document.replace(old, marked(section), 1)


def keep_section(old_document: str, new_document: str) -> str:
    """The new document, carrying over the old one's marked section if it had one."""
    old = current_section(old_document)
    if old is None or current_section(new_document) is not None:
        return new_document
    return new_document.rstrip("\n") + "\n\n" + old
