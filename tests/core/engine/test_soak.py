"""A short soak: 20,000 mixed questions through one Engine, and its memory stays flat."""

from __future__ import annotations

import gc
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.core.engine.answer import Engine

QUESTIONS = 20_000
COMPLETE_EVERY = 20  # one autocomplete request per twenty messages
RSS_MARGIN_BYTES = 20 * 1024 * 1024
OBJECT_MARGIN = 2_000  # a leak of one object per question would add 10,000
DEV_QUESTIONS = Path(__file__).resolve().parents[4] / "shared" / "eval" / "dev.yaml"
JUNK_ALPHABET = "abcdefghijklmnopqrstuvwxyz 독도위안부竹島慰安婦!?@#\u200b\u202e\U0001f600"


def rss_bytes() -> int:
    """Resident set size of this process, from /proc/self/statm."""
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def mangle(question: str, rng: random.Random) -> str:
    """A question as members type it: lower case, a typo, trailing noise."""
    text = question.lower() if rng.random() < 0.5 else question
    if len(text) > 4 and rng.random() < 0.5:
        i = rng.randrange(len(text) - 1)
        text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text + rng.choice(["", "?", "??", " lol", " pls", " \u200b"])


def message_stream(engine: Engine, seed: int) -> Iterator[tuple[str, str]]:
    """An endless, reproducible mix of (kind, text): questions of every style and autocomplete."""
    rng = random.Random(seed)
    questions = [q for fact in engine.facts for q in fact.questions]
    dev: list[str] = []
    if DEV_QUESTIONS.is_file():
        dev = [
            item["q"] for item in yaml.safe_load(DEV_QUESTIONS.read_text("utf-8")) if "q" in item
        ]
    count = 0
    while True:
        count += 1
        roll = rng.random()
        if count % COMPLETE_EVERY == 0:
            question = rng.choice(questions)
            yield "complete", question[: rng.randint(0, len(question))]
        elif roll < 0.45:
            yield "ask", rng.choice(questions)
        elif roll < 0.70:
            yield "ask", mangle(rng.choice(questions), rng)
        elif roll < 0.80 and dev:
            yield "ask", rng.choice(dev)
        elif roll < 0.99:
            # Unique junk, so nothing the engine might cache can be reused.
            yield "ask", "".join(rng.choice(JUNK_ALPHABET) for _ in range(rng.randint(1, 120)))
        else:
            yield "ask", " ".join(rng.choice(questions) for _ in range(rng.randint(5, 40)))[:4000]


def run(engine: Engine, stream: Iterator[tuple[str, str]], count: int) -> dict[str, int]:
    """Send `count` messages; return how many answers of each kind came back."""
    kinds: dict[str, int] = {}
    for _ in range(count):
        action, text = next(stream)
        if action == "complete":
            assert len(engine.complete(text)) <= 25
            continue
        answer = engine.ask(text)
        kinds[answer.kind] = kinds.get(answer.kind, 0) + 1
    return kinds


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_memory_stays_flat_over_20000_questions(engine: Engine) -> None:
    """Resident memory and live objects after the second 10,000 messages match the first."""
    stream = message_stream(engine, seed=8)
    first = run(engine, stream, QUESTIONS // 2)
    gc.collect()
    rss_half, objects_half = rss_bytes(), len(gc.get_objects())
    second = run(engine, stream, QUESTIONS // 2)
    gc.collect()
    rss_end, objects_end = rss_bytes(), len(gc.get_objects())

    grew = rss_end - rss_half
    assert grew <= RSS_MARGIN_BYTES, f"RSS grew {grew / 2**20:.1f} MB over the second half"
    assert objects_end - objects_half <= OBJECT_MARGIN, (
        f"{objects_end - objects_half} more live objects"
    )
    # The mix really exercised answering, not just declining.
    for kinds in (first, second):
        assert kinds.get("fact", 0) > 1_000 and kinds.get("none", 0) > 500, kinds
