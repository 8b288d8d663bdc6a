"""Engine fixtures shared by the engine tests: both matchers, and a knowledge base with a near tie."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine.answer import Engine
from bot.core.knowledge.loader import load_knowledge
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def blended_engine(semantic_engine: Engine) -> Engine:
    """Both matchers over the shipped knowledge, as the CLI and the bot load it (one per
    session: see `semantic_engine` in tests/conftest.py)."""
    return semantic_engine


@pytest.fixture(scope="session")
def engine_data_dir(semantic_engine: Engine) -> Path:
    """The data directory whose cache/ holds `semantic_engine`'s snapshot (the repository's
    data/, where the CLI keeps it too): a CLI run there reads the vectors, embeds nothing."""
    return ROOT / "data"


FACTS = "facts/islands.yaml"
# A second fact about where the islands are, worded differently from islands-where.
ISLANDS_SEA = """\
  - id: islands-sea
    questions:
      - Where exactly are the Example Islands found?
      - sample rocks sea location please
      - example islands whereabouts
      - in what sea do the islands lie
    answer: They lie in the Example Sea.
    sources:
      - source: tiny
        section: Islands
        quote: The Example Islands are a group of rocks in the Example Sea.
    tags: [islands]
"""


@pytest.fixture
def two_island_facts(tiny_knowledge: Path) -> Engine:
    """The tiny knowledge with a second, overlapping fact about where the islands are."""
    path = tiny_knowledge / FACTS
    text = path.read_text("utf-8")
    assert "  - id: trade-1999" in text, "the tiny_knowledge fixture changed"
    path.write_text(text.replace("  - id: trade-1999", ISLANDS_SEA + "  - id: trade-1999"), "utf-8")
    return Engine(load_knowledge(tiny_knowledge))
