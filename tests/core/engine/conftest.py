"""The engine with both matchers, under the name the engine tests use for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine.answer import Engine
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
