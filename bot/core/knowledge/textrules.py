"""What the text of a fact or an alias may hold, checked the same way for both.

No control character nor invisible bidirectional control (a terminal obeys the first, and the
second shows a reviewer another text than members get), no line break inside a one-line item,
and no phrasing of punctuation alone, which no question can match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

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


def control_problem(text: str) -> str | None:
    """The refusal of a text holding a control character, naming the first; None if clean."""
    if printable_ascii(text):
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


def printable_ascii(text: str) -> bool:
    """Whether the text is printable ASCII (U+0020 to U+007E), which holds neither a control
    character nor a line break: one C pass that spares the two searches for them on nearly
    every item of a fact (a cold build checks about a million)."""
    return text.isascii() and text.isprintable()


# A phrasing of punctuation or symbols alone ("?", "😀") reads as nothing: it matches no
# question, so a `does_not_answer` of it refused nothing while the moderator was told it did.
NO_WORDS = "has no words (only punctuation or symbols), so no question can match it"

# Where a check of a fact reports a problem: the field and the message.
ProblemSink = Callable[[str, str], None]

# Line breaks a one-line item may not hold (\r is refused as a control character already).
_LINE_BREAK = re.compile("[\n\x85\u2028\u2029]")


def str_list(
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
        if not printable_ascii(item):  # (printable ASCII holds neither of these)
            if (control := control_problem(item)) is not None:
                problem(key, f"item {control}")
                return None
            if _LINE_BREAK.search(item.strip()):
                problem(
                    key, f"item {item.strip()!r} holds a line break; write each item on one line"
                )
                return None
        out.append(item.strip())
    return out
