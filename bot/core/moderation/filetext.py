"""A knowledge file's text on disk, as a change reads and writes it.

A change edits the file in place (its header and comments stay), so it starts from the text
on disk; it writes back in the file's own line ends; and after an interrupted write it checks
whether the new text did land. These reads of one file are apart from the store's locking and
bookkeeping, which decide when they happen.
"""

from __future__ import annotations

from pathlib import Path

from ...log import get_logger

log = get_logger(__name__)


def text_of(path: Path) -> str | None:
    """A knowledge file's current text (None if it does not exist yet), to edit in place.

    The store's `_sync` has just loaded these files, so the text holds exactly the live facts.
    """
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read %s to keep its layout (%s); writing it canonically", path, exc)
        return None


def in_its_line_endings(path: Path, text: str) -> bytes:
    """`text` (read and changed with \\n line ends) encoded with the line ends the file on disk
    has: a file saved with \\r\\n on Windows keeps them, so a one-value edit changes one line in
    its history, not every line (`kb fmt` still writes \\n, the canonical form)."""
    try:
        with path.open("rb") as handle:
            crlf = b"\r\n" in handle.read(1 << 16)
    except OSError:
        crlf = False
    return (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")


def holds(path: Path, data: bytes) -> bool:
    """Whether the file (through a link) now holds exactly `data`: a write interrupted after
    its rename did land. Unreadable counts as not: start-up recovery checks the entry again."""
    try:
        return path.read_bytes() == data
    except OSError:
        return False
