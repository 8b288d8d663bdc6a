"""A fact's history read through the audit log's index of where each fact's lines are, kept
across calls and extended by what was appended since; built again when the log was cut back
or replaced (by this process or another)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pytest

from bot.core.moderation.audit import AuditEntry, AuditLog


def entry(n: int, fact_id: str = "f") -> AuditEntry:
    after = {"id": fact_id, "answer": f"version {n}"}
    return AuditEntry(n, "2026-01-01T00:00:00Z", 1, "mika", "edit", fact_id, None, after)


def numbers(log: AuditLog, fact_id: str) -> list[int]:
    found = log.entries_of(fact_id)
    assert found == [e for e in log.entries() if e.fact_id == fact_id]  # as a whole read
    return [e.n for e in found]


def test_appends_by_another_process_are_read(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    ours, theirs = AuditLog(path), AuditLog(path)
    assert ours.entries_of("f") == [] and ours.fact_ids() == set()
    ours.append(entry(1))
    assert numbers(ours, "f") == [1]
    theirs.append(entry(2, "g"))
    theirs.append(entry(3, "f"))
    assert numbers(ours, "f") == [1, 3] and numbers(ours, "g") == [2]
    assert ours.fact_ids() == {"f", "g"}


def test_a_log_cut_back_and_grown_again_elsewhere_is_read_whole(tmp_path: Path) -> None:
    """Another process drops the last entry (a save killed before its file) and appends one of
    the same length for another fact: the index up to the old end is not kept as it was."""
    path = tmp_path / "audit.jsonl"
    ours, theirs = AuditLog(path), AuditLog(path)
    ours.append(entry(1))
    ours.append(entry(2, "g"))
    assert numbers(ours, "g") == [2]
    theirs.drop_last()
    theirs.append(entry(2, "h"))  # as long as the dropped one
    theirs.append(entry(3, "h"))
    assert numbers(ours, "g") == [] and numbers(ours, "h") == [2, 3]


def test_a_replaced_or_removed_log_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    log.append(entry(1))
    assert numbers(log, "f") == [1]
    replacement = tmp_path / "new.jsonl"
    AuditLog(replacement).append(entry(7, "z"))
    replacement.replace(path)
    assert numbers(log, "f") == [] and numbers(log, "z") == [7]
    path.unlink()
    assert log.entries_of("z") == [] and log.fact_ids() == set()


def test_a_torn_tail_is_read_once_it_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    log.append(entry(1))
    line = entry(2).to_json()
    whole = line if line.endswith("\n") else line + "\n"
    with path.open("a", encoding="utf-8") as f:
        f.write(whole[:10])  # a writer mid-line
    assert numbers(log, "f") == [1]
    with path.open("a", encoding="utf-8") as f:
        f.write(whole[10:])
    assert numbers(log, "f") == [1, 2]


def test_a_log_cut_between_the_index_and_the_read_is_read_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process drops the last entry and appends another fact's, of the same length,
    after the index was checked and before its lines were read: that entry was offered as
    this fact's (or the read failed on half a line)."""
    path = tmp_path / "audit.jsonl"
    ours, theirs = AuditLog(path), AuditLog(path)
    ours.append(entry(1))
    ours.append(entry(2))
    assert numbers(ours, "f") == [1, 2]
    real_indexed = AuditLog._indexed
    raced: list[bool] = []

    def index_then_theirs(self: AuditLog, f: BinaryIO) -> object:
        found = real_indexed(self, f)
        if self is ours and not raced:
            raced.append(True)
            theirs.drop_last()
            theirs.append(entry(2, "g"))  # as long as the dropped one
        return found

    monkeypatch.setattr(AuditLog, "_indexed", index_then_theirs)
    assert [e.n for e in ours.entries_of("f")] == [1]
    assert raced
