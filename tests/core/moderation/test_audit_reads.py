"""The audit log read again after changes by this or another process (AuditLog.entries reads
only what was appended since its last read, and the whole log when it was cut back)."""

from __future__ import annotations

from pathlib import Path

from bot.core.moderation.audit import AuditEntry, AuditLog


def entry(n: int, fact_id: str = "f") -> AuditEntry:
    after = {"id": fact_id, "answer": f"version {n}"}
    return AuditEntry(n, "2026-01-01T00:00:00Z", 1, "mika", "edit", fact_id, None, after)


def numbers(log: AuditLog) -> list[tuple[int, str | None]]:
    return [(e.n, e.fact_id) for e in log.entries()]


def test_appends_by_another_process_are_read(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    ours, theirs = AuditLog(path), AuditLog(path)
    assert ours.entries() == []
    ours.append(entry(1))
    assert numbers(ours) == [(1, "f")]
    theirs.append(entry(2, "g"))
    assert numbers(ours) == [(1, "f"), (2, "g")]


def test_a_log_cut_back_and_grown_again_elsewhere_is_read_whole(tmp_path: Path) -> None:
    """Another process drops the last entry (a save killed before its file) and appends a new
    one of the same length: the parsed entries up to the old end are not kept as they were."""
    path = tmp_path / "audit.jsonl"
    ours, theirs = AuditLog(path), AuditLog(path)
    ours.append(entry(1))
    ours.append(entry(2, "g"))
    assert numbers(ours) == [(1, "f"), (2, "g")]
    theirs.drop_last()
    theirs.append(entry(2, "h"))  # as long as the dropped one
    theirs.append(entry(3, "h"))
    assert numbers(ours) == [(1, "f"), (2, "h"), (3, "h")]


def test_a_replaced_or_removed_log_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    log.append(entry(1))
    assert numbers(log) == [(1, "f")]
    replacement = tmp_path / "new.jsonl"
    AuditLog(replacement).append(entry(7, "z"))
    replacement.replace(path)
    assert numbers(log) == [(7, "z")]
    path.unlink()
    assert log.entries() == []


def test_a_torn_tail_is_read_once_it_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    log.append(entry(1))
    line = entry(2).to_json()
    with path.open("a", encoding="utf-8") as f:
        f.write(line[:10])  # a writer mid-line
    assert numbers(log) == [(1, "f")]
    with path.open("a", encoding="utf-8") as f:
        f.write(line[10:] + ("" if line.endswith("\n") else "\n"))
    assert numbers(log) == [(1, "f"), (2, "f")]
