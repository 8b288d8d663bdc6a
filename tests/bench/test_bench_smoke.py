"""The benchmark runs end to end on a tiny size, and its synthetic knowledge is valid knowledge.

No timed assertions: timings depend on the machine; only the shape of the result is checked.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.__main__ import build_parser
from bench._yaml import folded, scalar
from bench.queries import KINDS, build_partials, build_queries
from bench.report import render, targets
from bench.run import Options, run_benchmark
from bench.synth import ensure_kb, generate
from bot.core.engine.answer import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import KnowledgeBase

TINY = 200


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny synthetic knowledge directory, generated once for the module."""
    root = tmp_path_factory.mktemp("synth") / "kb"
    generate(root, TINY, seed=3, facts_per_document=40)
    return root


@pytest.fixture(scope="module")
def synthetic_kb(synthetic_root: Path) -> KnowledgeBase:
    """The tiny synthetic knowledge, loaded by the real loader."""
    return load_knowledge(synthetic_root)


def test_synthetic_knowledge_loads_with_the_real_loader(synthetic_kb: KnowledgeBase) -> None:
    """Every generated fact, quote, section, reference and alias passes the loader's checks."""
    assert len(synthetic_kb.facts) == TINY
    assert len(synthetic_kb.sources) >= TINY // 40  # at most 40 facts per document
    assert synthetic_kb.aliases
    for fact in synthetic_kb.facts:
        assert 4 <= len(fact.questions) <= 8
        assert 1 <= len(fact.sources) <= 2
        assert fact.tags


def test_synthetic_knowledge_builds_an_engine_that_answers(synthetic_kb: KnowledgeBase) -> None:
    """The engine indexes the synthetic knowledge and answers its own first questions."""
    engine = Engine(synthetic_kb)
    fact = synthetic_kb.facts[0]
    assert engine.ask(fact.questions[0]).fact_id == fact.id
    assert engine.passages


def test_generation_is_seeded(tmp_path: Path) -> None:
    """The same (size, seed) writes byte-identical files; another seed writes others."""

    def files(root: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
        }

    generate(tmp_path / "a", 60, seed=5)
    generate(tmp_path / "b", 60, seed=5)
    generate(tmp_path / "c", 60, seed=6)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_ensure_kb_reuses_the_cache(tmp_path: Path) -> None:
    """A cached knowledge directory is returned as is, not generated again."""
    first = ensure_kb(50, 1, cache_dir=tmp_path)
    marker = first / ".complete"
    marker.write_text("kept", "utf-8")
    assert ensure_kb(50, 1, cache_dir=tmp_path) == first
    assert marker.read_text("utf-8") == "kept"
    assert ensure_kb(50, 2, cache_dir=tmp_path) != first


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "no way",
        "1987",
        "what: now",
        "a #tag here",
        "quick q: who",
        "it's 10% off",
        "독도는 어디?",
        "what is it?",
        "- dash first",
        "ends with colon:",
        "two  spaces",
        '"quoted"',
        "x",
    ],
)
def test_yaml_scalars_round_trip(text: str) -> None:
    """Plain or quoted, a question reads back from YAML exactly as written."""
    assert yaml.safe_load(f"q: {scalar(text)}") == {"q": text}


def test_folded_scalars_round_trip() -> None:
    """Folded answers and quotes read back with single spaces where lines were wrapped."""
    text = " ".join(f"word{i}: #{i}" for i in range(60))
    assert yaml.safe_load(f"a: {folded(text, 2)}") == {"a": text}


def test_query_set_is_deterministic(synthetic_kb: KnowledgeBase) -> None:
    """The same seed gives the same queries, in every kind, with their source fact."""
    queries = build_queries(synthetic_kb, 80, seed=1)
    assert queries == build_queries(synthetic_kb, 80, seed=1)
    assert len(queries) == 80
    assert {q.kind for q in queries} == set(KINDS)
    assert all((q.fact_id is None) == (q.kind == "offtopic") for q in queries)
    partials = build_partials(synthetic_kb, 30, seed=1)
    assert all(synthetic_kb.fact(p.fact_id or "") for p in partials)


def _assert_latency(figures: dict[str, Any]) -> None:
    assert figures["n"] > 0
    assert 0 <= figures["p50_ms"] <= figures["p99_ms"] <= figures["max_ms"]


def test_benchmark_runs_on_a_tiny_size(tmp_path: Path) -> None:
    """A whole in-process run on 200 facts gives every figure and a report naming each target."""
    opts = Options(
        sizes=(TINY,),
        queries=50,
        soak=300,
        startup_runs=0,
        profile_queries=20,
        isolate=False,
        cache_dir=tmp_path,
        command="pytest",
    )
    results = run_benchmark(opts, log=lambda line: None)
    labels = [run["label"] for run in results["runs"]]
    assert labels == ["shipped", "200 facts"]
    for run in results["runs"]:
        assert run["load_s"] > 0 and run["index_s"] > 0 and run["peak_rss_end_mb"] > 0
        for key in ("ask", "complete"):
            _assert_latency(run[key])
            _assert_latency(run["baseline"][key])
        assert set(run["ask_by_kind"]) == set(KINDS)
        assert run["ask_throughput_qps"] > 0
        assert run["profile_ask"] and run["profile_complete"]
    tiny = results["runs"][1]
    assert tiny["kb"]["facts"] == TINY
    assert tiny["baseline"]["queries"] == 50
    assert results["runs"][0]["soak"]["questions"] == 300
    assert results["load_experiment"]["snapshot_same_answers"]
    report = render(results)
    assert "## Targets (issue 7)" in report
    assert "| 200 facts | 200 |" in report
    assert "not measured in this run" in report  # no 100,000-fact run, no start-up timing
    assert len(targets(results)) == 8


def test_command_line_sizes() -> None:
    """--sizes takes a comma-separated list; a bad one is refused."""
    assert build_parser().parse_args(["--sizes", "1000,10_000"]).sizes == (1000, 10000)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--sizes", "lots"])


def test_typos_keep_protected_words() -> None:
    """Typos never touch the words a question must keep (the entity's name)."""
    from bench._edits import add_typos

    rng = random.Random(0)
    for _ in range(50):
        assert "velmora" in add_typos("when was velmora signed", rng, edits=2, keep={"velmora"})
