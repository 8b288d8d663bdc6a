"""Text output that any terminal can take, whatever its encoding.

The answers are full of characters outside ASCII (the em dash and curly quotes of every
citation, Korean and Japanese names). Printed to an output that cannot encode them (a
terminal or a pipe under `PYTHONIOENCODING=ascii`, a Latin-1 or Shift JIS console, a Windows
code page), Python's strict encoder raised on the first one: `ask` printed nothing of the
answer and exited 2 with "'ascii' codec can't encode character", and the console chat ended
at the first answer. The characters it cannot show are written as escapes instead (`\\u2014`,
as Python's own stderr does), and JSON is written with its own escapes there, so it stays
valid JSON that reads back to the very same text.
"""

from __future__ import annotations

import codecs
import io
import json
from typing import Any, TextIO


def _unicode(encoding: str | None) -> bool:
    """True for an encoding that can write every character (or none given: an in-memory
    stream, which holds str)."""
    if not encoding:
        return True
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-8", "utf-16", "utf-32", "utf_8", "utf_16", "utf_32"))


def speaks_unicode(out: TextIO) -> bool:
    """Whether `out` can encode any character as it is."""
    return _unicode(getattr(out, "encoding", None))


def escape_unencodable(out: TextIO) -> None:
    """Make `out` write what its encoding cannot hold as backslash escapes, not raise."""
    if isinstance(out, io.TextIOWrapper) and not speaks_unicode(out):
        out.reconfigure(errors="backslashreplace")


def json_text(data: Any, out: TextIO, *, indent: int | None = None) -> str:
    """`data` as JSON to be written to `out`: non-ASCII characters as they are when `out`
    can encode them, else as JSON's `\\uXXXX` escapes (still the same JSON)."""
    return json.dumps(data, ensure_ascii=not speaks_unicode(out), indent=indent)


def as_shown(text: str, out: TextIO) -> str:
    """`text` as `out` will write it: what its encoding cannot hold already as the escapes
    `escape_unencodable` writes (`\\ub3c5`), so that columns can be counted on what the
    terminal gets. The console counted a Korean character two columns where six were
    printed, and on an ASCII or Latin-1 terminal its lines ran past the window's edge."""
    if speaks_unicode(out):
        return text
    encoding = getattr(out, "encoding", None) or "ascii"
    return text.encode(encoding, "backslashreplace").decode(encoding)
