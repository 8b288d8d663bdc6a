"""watch_knowledge: edits on disk go live by themselves; broken files are reported, not served."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.errors import Problem
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore
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


def test_saved_elsewhere_is_true_after_another_processs_save(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Another store's save (a rename into facts/) shows in the cheap directory check; after
    a poll it is quiet again; an edit in place does not show there, only in the full scan."""
    watcher = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    editor = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert not watcher.saved_elsewhere()
    fact = editor.kb.facts[0]
    fields = replace(FactInput.from_fact(fact), answer="Saved by another process.")
    editor.edit_fact(fact.id, fields, Actor(1, "mod"), editor.version_of(fact.id))
    assert watcher.saved_elsewhere()
    assert watcher.poll_changes() == []
    assert not watcher.saved_elsewhere()
    path = tiny_knowledge / "facts" / f"{fact.topic}.yaml"
    path.write_text(path.read_text("utf-8").replace("another process", "an editor"), "utf-8")
    assert not watcher.saved_elsewhere()
    assert watcher.poll_changes() == []
    assert watcher.kb.fact(fact.id).answer == "Saved by an editor."  # type: ignore[union-attr]


async def test_a_save_elsewhere_is_live_before_the_full_scan(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """With `quick`, another process's save is picked up at the next quick check, long before
    the next full scan (an hour away here)."""
    watcher = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    editor = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    task = asyncio.create_task(watch_knowledge(watcher, interval=3600, quick=0.01))
    try:
        await asyncio.sleep(0.05)  # the first full scan is done
        fact = editor.kb.facts[0]
        fields = replace(FactInput.from_fact(fact), answer="Saved by another process.")
        editor.edit_fact(fact.id, fields, Actor(1, "mod"), editor.version_of(fact.id))
        await wait_for(
            lambda: watcher.kb.fact(fact.id).answer == "Saved by another process.",  # type: ignore[union-attr]
            timeout=10,
        )
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


# What editors and tools leave beside the files they work on: none of it is knowledge.
EDITOR_AND_TOOL_FILES = [
    "facts/islands.yaml~",  # a backup (vim's `backup`, emacs, gedit)
    "#aliases.yaml#",  # emacs's auto-save, rewritten every few hundred keystrokes
    "facts/.islands.yaml.swp",  # vim's swap file, rewritten every few seconds of typing
    ".git/index",  # the knowledge as a git checkout: `git status` rewrites its index
]


def test_editor_and_tool_files_are_no_change(tiny_knowledge: Path, tmp_path: Path) -> None:
    """A backup, an auto-save or a swap file written beside the knowledge, or a git checkout's
    own files, reloaded it (the whole of it for any but a hidden file: a minute at scale,
    under the lock every save waits for), and while a file was broken each one reported its
    problems again; a real edit afterwards is still seen."""
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    path = tiny_knowledge / "facts" / "islands.yaml"
    path.write_text("facts: [\n", "utf-8")
    assert store.poll_changes()  # broken: reported once
    for name in EDITOR_AND_TOOL_FILES:
        junk = tiny_knowledge / name
        junk.parent.mkdir(exist_ok=True)
        for text in ("being edited", "still being edited"):
            junk.write_text(text, "utf-8")
            assert store.poll_changes() is None, name
    path.write_text("topic: Islands\nfacts: []\n", "utf-8")
    assert store.poll_changes() == []  # fixed: served
    assert store.kb.fact("islands-where") is None


def _write_in_place(path: Path, text: str, mtime_ns: int) -> None:
    """Rewrite `path` in place (same inode), stamped `mtime_ns` as a file system whose clock
    ticks by the second (ext3, HFS+, SMB and 9p shares; FAT by two) stamps two writes of one
    second: the stamp of a file on ext4 here is finer, and would always tell them apart."""
    with path.open("r+b") as handle:
        handle.truncate(0)
        handle.write(text.encode("utf-8"))
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_a_same_size_edit_within_one_clock_tick_is_seen(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Two same-size edits of a file in place within one tick of the file system's clock give
    it one stamp (mtime, size, inode): the watcher scanned between them, loaded the first and
    never saw the second, whose fact was then served stale until some other edit. A file
    whose stamp is fresh when scanned is compared by its content at the next scan, as git
    compares its "racily clean" files; a moderator's own save is compared the same way."""
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    path = tiny_knowledge / "facts" / "islands.yaml"
    original = path.read_text("utf-8")
    tick = time.time_ns() // 1_000_000_000 * 1_000_000_000
    _write_in_place(path, original.replace("two countries.", "two states.   "), tick)
    assert store.poll_changes() == []
    assert store.kb.fact("islands-where").answer.endswith("two states.")  # type: ignore[union-attr]
    _write_in_place(path, original.replace("two countries.", "two nations.  "), tick)
    assert store.poll_changes() == []
    assert store.kb.fact("islands-where").answer.endswith("two nations.")  # type: ignore[union-attr]
    assert store.poll_changes() is None  # and then no change, however often it looks


def test_a_reload_failing_unexpectedly_is_tried_again(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload that failed with anything but the files' problems (memory running out while a
    large knowledge base is read again beside the one served, say) had already counted the
    files as served: the old knowledge answered for good, and the next save was planned on
    it. The watcher logs the error and the next poll reads the files again."""
    import bot.core.moderation.served as served_module

    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    path = tiny_knowledge / "facts" / "islands.yaml"
    path.write_text(path.read_text("utf-8").replace("two countries.", "two states."), "utf-8")
    real_reload_topics = served_module.reload_topics

    def out_of_memory(*args: object, **kwargs: object) -> object:
        monkeypatch.setattr(served_module, "reload_topics", real_reload_topics)
        raise MemoryError

    monkeypatch.setattr(served_module, "reload_topics", out_of_memory)
    with pytest.raises(MemoryError):
        store.poll_changes()
    assert store.poll_changes() == []
    assert store.kb.fact("islands-where").answer.endswith("two states.")  # type: ignore[union-attr]
