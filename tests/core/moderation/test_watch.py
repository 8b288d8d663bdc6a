"""watch_knowledge: edits on disk go live by themselves; broken files are reported, not served."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.core.errors import Problem
from bot.core.moderation.store import KnowledgeStore
from bot.core.moderation.watch import watch_knowledge


async def wait_for(condition: object, timeout: float = 30.0) -> None:
    """Poll a zero-argument callable until it is true.

    A bound on waiting, not a timed assertion: the condition holds within a few 10 ms polls,
    and the generous deadline only keeps a broken watcher from hanging the suite.
    """
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"the condition did not hold within {timeout:g}s")
        await asyncio.sleep(0.01)


async def test_watcher_reloads_edits_and_reports_broken_files(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """An edit is picked up; a broken file goes to on_problems while the old KB serves."""
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    reported: list[list[Problem]] = []

    async def on_problems(problems: list[Problem]) -> None:
        reported.append(problems)

    task = asyncio.create_task(watch_knowledge(store, interval=0.01, on_problems=on_problems))
    try:
        path = tiny_knowledge / "facts" / "islands.yaml"
        good = path.read_text("utf-8").replace("two countries.", "two states.")
        path.write_text(good, "utf-8")
        await wait_for(lambda: store.kb.fact("islands-where").answer.endswith("two states."))  # type: ignore[union-attr]
        kb = store.kb
        path.write_text("facts: [", "utf-8")
        await wait_for(lambda: reported)
        assert reported[0][0].file == "facts/islands.yaml"
        assert store.kb is kb
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_watcher_survives_errors(caplog: pytest.LogCaptureFixture) -> None:
    """An unexpected error in a poll is logged and the loop keeps polling."""
    calls = 0

    class Flaky:
        def poll_changes(self) -> list[Problem] | None:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise RuntimeError("boom")
            return None

    task = asyncio.create_task(watch_knowledge(Flaky(), interval=0.01))
    await wait_for(lambda: calls >= 3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert "checking the knowledge files for changes failed" in caplog.text
