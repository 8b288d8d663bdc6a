"""Every error a user or moderator can cause, with messages safe to show them.

Anything not derived from :class:`CitebotError` is a bug: it is logged with its traceback and
the user only sees a short apology.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# C0 and C1 control characters (line breaks included: a problem is one line), and lone
# surrogates: how Python reads a byte that does not decode (an output encodes none of them).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` with its control characters (and undecodable bytes) written as escapes
    (`\\x1b`, `\\udcff`), as repr() shows them.

    A problem quotes what the file holds, and a file edited by hand (text pasted from a
    terminal) can hold an escape sequence: `kb check` printed it to the terminal, which obeyed
    it (`ESC [2J` cleared the screen and the problems above it, `ESC ]0;` retitled the window),
    so the problem that names the character was the one nobody could read."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the knowledge, located as precisely as we can."""

    file: str
    line: int = 0
    fact_id: str = ""
    field: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.fact_id:
            parts.append(f"fact '{self.fact_id}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return visible(": ".join([*parts, self.message]))


class CitebotError(Exception):
    """Base of every error whose message may be shown to the person who caused it."""

    def __init__(self, message: str = "", *, reason: str | None = None) -> None:
        super().__init__(message)
        #: The cause alone, without what the message goes on to say of the outcome ("Nothing
        #: was changed", "try again"): set where a refusal says so, and what a caller that did
        #: save part of a change (`remove --unlink`'s dropped links) reports instead of the
        #: message, whose words it does not have to take apart. The message when not set.
        self.reason = message if reason is None else reason


class KnowledgeError(CitebotError):
    """The knowledge (files on disk or a proposed change) is invalid; nothing was changed."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        count = len(self.problems)
        summary = "; ".join(str(p) for p in self.problems[:3])
        more = f" (and {count - 3} more)" if count > 3 else ""
        super().__init__(f"{count} problem(s) in the knowledge: {summary}{more}")


class BrokenFilesError(KnowledgeError):
    """The files on disk do not load (edited outside citebot): no change is planned over them
    until they are fixed; the last good version keeps serving. Its problems are the files',
    not the refused change's."""


class UnknownFactError(CitebotError):
    """A command named a fact id that does not exist."""

    def __init__(self, fact_id: str, hint: str = "") -> None:
        self.fact_id = fact_id
        super().__init__(
            f"There is no fact with id '{visible(fact_id)}'." + (f" {hint}" if hint else "")
        )


class ConflictError(CitebotError):
    """The fact changed since the editor opened it; saving would silently overwrite that."""


class StoreError(CitebotError):
    """A change was valid but could not be saved (disk full, permissions); nothing changed."""
