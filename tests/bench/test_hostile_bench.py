"""bench.hostile: every pattern is as long as a Discord message, each is asked, and the section
marks the target by the slowest pattern's median and survives `python -m bench`'s rewrite."""

from __future__ import annotations

from bench._splice import HOSTILE, keep_section, replace_section
from bench.hostile import MESSAGE, TARGET_MS, measure, patterns, render
from bot.core.engine.aliases import EMPTY_ALIASES
from bot.core.engine.cleaning import clean_lines
from bot.core.engine.compound import message_parts
from bot.core.engine.enginestate import MAX_QUESTION_CHARS

INFO = {
    "date": "2026-12-03 19:00 UTC",
    "commit": "abc1234",
    "cpu": "a CPU",
    "cores": 2,
    "load_start": 0.5,
    "load_end": 0.7,
}


def test_every_hostile_pattern_is_a_full_message() -> None:
    """Each pattern but the reference question is within a few characters of 4,000, never
    over: the engine refuses a longer one before reading it, which would time nothing. The
    message of several questions is as long as a message the engine splits (compound.py),
    and is split: longer, it would time one question."""
    for name, text in patterns().items():
        if "reference" in name:
            continue
        if "(split)" in name:
            assert MAX_QUESTION_CHARS - 10 <= len(text) <= MAX_QUESTION_CHARS, (name, len(text))
            assert len(message_parts(clean_lines(text), EMPTY_ALIASES, bool)) == 3
            continue
        assert MESSAGE - 10 <= len(text) <= MESSAGE, (name, len(text))


def test_each_pattern_is_asked_once_to_warm_and_then_repeats_times() -> None:
    asked: list[str] = []
    rows = measure(asked.append, {"a": "x", "b": "y"}, repeats=3)
    assert asked == ["x"] * 4 + ["y"] * 4
    assert [row["pattern"] for row in rows] == ["a", "b"]
    assert all(row["min_ms"] <= row["median_ms"] <= row["max_ms"] for row in rows)


def test_the_slowest_median_decides_the_target() -> None:
    fast = {"pattern": "fast", "chars": 4000, "min_ms": 1.0, "median_ms": 2.0, "max_ms": 3.0}
    slow = dict(fast, pattern="slow", median_ms=TARGET_MS + 1, max_ms=TARGET_MS + 2)
    assert "(fast), PASS" in render([fast], INFO, "cmd")
    missed = render([fast, slow], INFO, "cmd")
    assert "(slow), **MISS**" in missed
    assert "| slow | 4,000 |" in missed


def test_the_section_survives_a_full_rewrite() -> None:
    old = replace_section("# old\n", "hostile figures", HOSTILE)
    assert "hostile figures" in keep_section(old, "# new\n")
