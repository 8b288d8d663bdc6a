"""A fact's `sources`: each citation's document, section, quote and reference numbers.

The quote is located in its document (`sources.locate_quote`), so a citation is refused unless
the quote is there verbatim, in the section it names; the references default to the quote's.
"""

from __future__ import annotations

from sys import intern
from typing import Any

from .models import Citation, Source
from .sources import locate_quote
from .textrules import ProblemSink

CITATION_KEYS = ("source", "section", "quote", "refs")
MAX_QUOTE_CHARS = 500


def validate_citations(
    value: Any, sources: dict[str, Source], problem: ProblemSink
) -> list[Citation] | None:
    """The fact's citations, or None when any is refused (each refusal told to `problem`)."""
    if not isinstance(value, list) or not value:
        problem("sources", "must be a non-empty list of {source, section, quote}")
        return None
    out: list[Citation] = []
    ok = True
    for item in value:
        if not isinstance(item, dict):
            problem("sources", "each source must be a mapping of source, section, quote")
            ok = False
            continue
        for key in sorted(set(map(str, item)) - set(CITATION_KEYS)):
            problem(f"sources.{key}", "unknown key")
            ok = False
        source_id, section, quote = item.get("source"), item.get("section"), item.get("quote")
        if not isinstance(source_id, str) or source_id not in sources:
            known = ", ".join(sorted(sources)) or "none loaded"
            problem("sources.source", f"unknown source id {source_id!r} (known: {known})")
            ok = False
            continue
        if not isinstance(section, str) or not section.strip():
            problem("sources.section", "must be a non-empty string")
            ok = False
            continue
        if not isinstance(quote, str) or not quote.strip():
            problem("sources.quote", "must be a non-empty string")
            ok = False
            continue
        if len(quote) > MAX_QUOTE_CHARS:
            problem("sources.quote", f"is {len(quote)} characters; quote at most {MAX_QUOTE_CHARS}")
            ok = False
            continue
        source = sources[source_id]
        where = locate_quote(source, quote, prefer_section=section.strip())
        if where is None:
            problem(
                "sources.quote",
                f"is not verbatim in '{source_id}' (only whitespace may differ): "
                f"{quote.strip()[:80]!r}",
            )
            ok = False
            continue
        actual = where.section.title if where.section else "(none)"
        if actual != section.strip():
            problem(
                "sources.section", f"the quote lies in section '{actual}', not '{section.strip()}'"
            )
            ok = False
            continue
        refs_value = item.get("refs")
        refs: tuple[int, ...] = where.refs
        if refs_value is not None:
            if not isinstance(refs_value, list) or not all(
                isinstance(r, int) and not isinstance(r, bool) for r in refs_value
            ):
                problem("sources.refs", "must be a list of reference numbers")
                ok = False
                continue
            missing = [r for r in refs_value if r not in source.references]
            if missing:
                problem("sources.refs", f"unknown reference number(s) {missing} in '{source_id}'")
                ok = False
                continue
            refs = tuple(refs_value)
        out.append(
            Citation(
                intern(source_id),
                intern(section.strip()),
                " ".join(quote.split()),
                refs,
                refs_value is not None,
            )
        )
    return out if ok else None
