"""bench.cold measures both build paths on a tiny knowledge base and reports them.

No timed assertions: only the shape of the result and that its section is written.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench._cold_report import report
from bench._fmt import num
from bench._splice import COLD, current_section
from bench.cold import _child_root, _decision_changed_checkout, main, measure
from bench.synth import generate


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic knowledge directory of a few fact files."""
    root = tmp_path_factory.mktemp("cold") / "kb"
    generate(root, 150, seed=4, facts_per_document=30)
    return root


def test_both_paths_measure_the_same_knowledge_and_the_report_marks_targets(
    tiny: Path, tmp_path: Path
) -> None:
    """Old and new builds (the new one with two workers and a cache) give their steps, the
    phases timed in this process, the worker processes' peak, and a report with both."""
    old = measure(tiny, "old", 1, None, False)
    new = measure(tiny, "new", 2, tmp_path / "cache", False)
    assert old["facts"] == new["facts"] == 150
    assert set(old["steps"]) == {"load", "index", "snapshot write"}
    assert set(new["steps"]) == {"build", "snapshot write"}
    assert "facts: fidelity checks" in old["phases_s"]
    assert "facts: fidelity checks" not in new["phases_s"]  # done in the workers
    assert new["worker_processes"] >= 2 and new["workers_peak_mb"] > 0
    assert new["workers_cpu_s"] > 0  # the workers' own CPU seconds, sampled from /proc
    old.update(size=100_000, case="old: load_knowledge + Engine")
    new.update(size=100_000, case="new: empty cache")
    text = report({"runs": [old, new], "machine": {}, "workers": 2})
    assert "100,000 facts, new: empty cache: load + index" in text
    assert "| facts: fidelity checks |" in text
    assert f"| {num(new['workers_cpu_s'])} |" in text  # the workers' CPU column


def test_the_section_is_written_between_its_markers(tiny: Path, tmp_path: Path) -> None:
    """`--output` replaces only the bench.cold section and keeps the rest of the file."""
    results = tmp_path / "RESULTS.md"
    results.write_text("# results\n\nkept\n", "utf-8")
    json_path = tmp_path / "run.json"
    one = measure(tiny, "old", 1, None, False)
    one.update(size=150, case="old: load_knowledge + Engine")
    json_path.write_text(json.dumps({"runs": [one], "machine": {}}), "utf-8")
    assert main(["--from-json", str(json_path), "--output", str(results)]) == 0
    text = results.read_text("utf-8")
    assert text.startswith("# results\n\nkept\n")
    section = current_section(text, COLD)
    assert section is not None and "Where the time goes" in section


def test_changed_decision_code_reads_no_fact_file_again(tiny: Path, tmp_path: Path) -> None:
    """The third case's build runs the copied checkout's code, and its per-file cache, filled
    by this checkout's code, serves every share: no fact file's YAML is read again."""
    cache = tmp_path / "cache"
    first = _child_root(tiny, 1, cache)
    assert first["facts"] == 150 and first["phases_s"].get("facts: YAML", 0) > 0
    checkout = _decision_changed_checkout()
    try:
        decide = checkout / "bot" / "core" / "engine" / "decide.py"
        assert decide.read_text("utf-8").endswith("# changed by bench.cold\n")
        again = _child_root(tiny, 1, cache, cwd=checkout)
    finally:
        shutil.rmtree(checkout, ignore_errors=True)
    assert Path(again["code"]).is_relative_to(checkout)
    assert Path(first["code"]).parent == Path(__file__).resolve().parents[2]
    assert again["facts"] == 150
    assert again["phases_s"].get("facts: YAML", 0) == 0
