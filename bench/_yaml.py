"""A small, fast YAML writer for synthetic knowledge files, in the shipped files' block style.

`yaml.safe_dump` is too slow for 100,000 facts (the pure-Python emitter), so scalars are written
by hand: plain when plainly safe, folded (`>-`) for answers and quotes, double-quoted (JSON
escapes are valid YAML) otherwise. The loader round-trip is checked by the test suite.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

WIDTH = 100
# Starts with a letter and holds no YAML indicator that could end or retype a plain scalar.
_PLAIN = re.compile(r"[^\W\d_][\w ,.'?$%()/-]*[\w.?)]")


def quoted(text: str) -> str:
    """A double-quoted YAML scalar."""
    return json.dumps(text, ensure_ascii=False)


def scalar(text: str) -> str:
    """Plain when safe (several words of ordinary characters), double-quoted otherwise."""
    if " " in text and "  " not in text and _PLAIN.fullmatch(text):
        return text
    return quoted(text)


def folded(text: str, indent: int) -> str:
    """A `>-` block scalar wrapped at WIDTH; the loader collapses the line breaks to spaces."""
    pad = " " * indent
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(pad) + len(line) + 1 + len(word) > WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "".join(f"{pad}{item}\n" for item in lines)


def fact_yaml(
    fact_id: str,
    questions: Sequence[str],
    answer: str,
    sources: Sequence[tuple[str, str, str]],
    tags: Sequence[str],
    see_also: Sequence[str],
) -> str:
    """One fact as a list item of a topic file; `sources` holds (source id, section, quote)."""
    parts = [f"  - id: {fact_id}\n    questions:\n"]
    parts.extend(f"      - {scalar(q)}\n" for q in questions)
    parts.append(f"    answer: {folded(answer, 6)}    sources:\n")
    for source, section, quote in sources:
        parts.append(f"      - source: {source}\n        section: {scalar(section)}\n")
        parts.append(f"        quote: {folded(quote, 10)}")
    parts.append(f"    tags: [{', '.join(tags)}]\n")
    if see_also:
        parts.append(f"    see_also: [{', '.join(see_also)}]\n")
    return "".join(parts)


def source_yaml(source_id: str, title: str, sections: Sequence[tuple[str, str]]) -> str:
    """One entry of sources.yaml; `sections` holds (title, starts_at) in document order."""
    parts = [
        f"  - id: {source_id}\n    title: {quoted(title)}\n",
        "    publisher: Synthetic benchmark corpus\n",
        f"    url: {quoted('https://example.org/' + source_id)}\n",
        "    license: generated text for benchmarks\n",
        f"    file: sources/{source_id}.txt\n    sections:\n",
    ]
    for section, marker in sections:
        parts.append(f"      - title: {quoted(section)}\n        starts_at: {quoted(marker)}\n")
    return "".join(parts)
