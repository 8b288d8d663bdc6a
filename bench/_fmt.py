"""Number formats and Markdown tables shared by the report's sections."""

from __future__ import annotations

from typing import Any


def find_run(results: dict[str, Any], size: int | None) -> dict[str, Any] | None:
    """The run of a synthetic size, or of the shipped knowledge when size is None."""
    runs: list[dict[str, Any]] = results["runs"]
    return next((run for run in runs if run.get("size") == size), None)


def num(value: float) -> str:
    """A figure with about three significant digits."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def pct(value: float) -> str:
    """A share as a percentage."""
    return f"{100 * value:.1f}%"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table, one line per row."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def ratio_text(value: float) -> str:
    """Our time ÷ the baseline's, with how many times faster that is."""
    if not value:
        return "–"
    if value >= 1:
        return f"{value:.2f}× (slower)"
    return (
        f"{value:.2g}× ({1 / value:,.0f}× faster)"
        if value < 0.1
        else f"{value:.2f}× ({1 / value:.1f}× faster)"
    )
