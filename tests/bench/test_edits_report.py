"""bench.edits: its RESULTS.md section marks each target, and `python -m bench` keeps it."""

from __future__ import annotations

from bench._splice import EDITS, SEMANTIC, keep_section, replace_section
from bench.edits import render


def run(size: int, here: list[float], there: list[float]) -> dict[str, object]:
    """The figures of one size, as `_edit_run` returns them."""
    return {
        "size": size,
        "facts": size,
        "cold_start_s": 2.0,
        "cold_rss_mb": 60.0,
        "watcher_start_s": 0.1,
        "watcher_rss_mb": 58.0,
        "editor_rss_mb": 61.0,
        "here_s": here,
        "there_s": there,
        "engine_update_s": [0.01, 0.02],
        "load_before": 1.0,
        "load_after": 1.2,
    }


def test_targets_pass_and_miss_by_the_median() -> None:
    """A median under the limit passes; over it, the miss says by how much."""
    text = render([run(1_000, [0.2, 0.3, 5.0], [0.4]), run(10_000, [1.5], [0.9])], "cmd")
    assert "| 1,000 facts: save visible to the next question, this process" in text
    assert "| < 1.00 s | 300 ms (max 5.00 s) | PASS |" in text
    assert "1.50 s (max 1.50 s) | **MISS** by 500 ms |" in text


def test_every_marked_section_survives_a_full_rewrite() -> None:
    """`python -m bench` rewrites the file but keeps both commands' sections."""
    old = replace_section(replace_section("# old\n", "semantic", SEMANTIC), "edits", EDITS)
    new = keep_section(old, "# new\n")
    assert new.startswith("# new\n")
    assert "semantic" in new and "edits" in new
    assert replace_section(new, "edits 2", EDITS).count("edits") == 3  # markers + the text
