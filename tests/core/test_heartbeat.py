"""The heartbeat file and how `health` judges it: fresh, running, connected, or why not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.heartbeat import (
    MAX_AGE,
    Heartbeat,
    check,
    heartbeat_path,
    judge,
    read_heartbeat,
    this_host,
    write_heartbeat,
)

NOW = 1_800_000_000.0


def beat(**changes: object) -> Heartbeat:
    """A healthy heartbeat of this process, written 3 s before NOW."""
    healthy = Heartbeat(
        time=NOW - 3,
        pid=os.getpid(),
        host=this_host(),
        connected=True,
        connected_since=NOW - 600,
        last_answer_at=NOW - 30,
        answers=12,
        facts=157,
        knowledge_version="abc123def456",
        version="0.1.0",
        started_at=NOW - 700,
    )
    return replace(healthy, **changes)  # type: ignore[arg-type]


def a_dead_pid() -> int:
    """The pid of a process that has exited (and was reaped)."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return int(done.stdout)


def test_a_fresh_connected_heartbeat_is_healthy() -> None:
    """Healthy, with the facts, the knowledge version and the last answer in the line."""
    healthy, line = judge(beat(), now=NOW)
    assert healthy
    assert line == (
        "healthy: connected, 157 facts (knowledge abc123def456), last answer 30 s ago, "
        "heartbeat 3 s ago"
    )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"time": NOW - MAX_AGE - 1}, "unhealthy: stale heartbeat, last written 61 s ago"),
        ({"connected": False}, "unhealthy: not connected to Discord"),
        ({"state": "stopping"}, "unhealthy: the bot is stopping"),
        ({"state": "stopped"}, "unhealthy: the bot stopped at 2027-01-15T07:59:57Z"),
        ({"time": 1e300}, "unhealthy: the heartbeat is dated"),  # was fresh forever
        ({"time": NOW + MAX_AGE + 5}, "unhealthy: the heartbeat is dated"),
    ],
)
def test_unhealthy_heartbeats_say_why(changes: dict[str, object], reason: str) -> None:
    """Stale, not connected, stopping or stopped: exit 1 with the reason first."""
    healthy, line = judge(beat(**changes), now=NOW)
    assert not healthy
    assert line.startswith(reason), line


def test_a_heartbeat_of_a_dead_process_on_this_host_is_unhealthy() -> None:
    """A fresh heartbeat whose writer has died (same host or container) is not believed."""
    pid = a_dead_pid()
    healthy, line = judge(beat(pid=pid), now=NOW)
    assert not healthy and line == f"unhealthy: the bot (pid {pid}) is not running"
    healthy, _ = judge(beat(pid=pid, host="another-container"), now=NOW)
    assert healthy  # another host's pids mean nothing here


def test_knowledge_problems_are_reported_but_healthy() -> None:
    """Broken files on disk do not make the bot unhealthy (it serves the last good version)."""
    healthy, line = judge(beat(knowledge_problems=2), now=NOW)
    assert healthy and "2 problem(s) in the files (serving the last good version)" in line


def test_write_then_read_round_trips_and_leaves_no_temp_file(tmp_path: Path) -> None:
    """The heartbeat is replaced atomically: the directory holds only the file afterwards."""
    path = heartbeat_path(tmp_path / "data")
    write_heartbeat(path, beat())
    write_heartbeat(path, beat(answers=13))
    assert read_heartbeat(path) == beat(answers=13)
    assert [p.name for p in path.parent.iterdir()] == ["heartbeat.json"]


def test_missing_and_unreadable_files_are_unhealthy(tmp_path: Path) -> None:
    """No file, garbage, or another format: unhealthy, naming the file."""
    path = tmp_path / "heartbeat.json"
    healthy, line = check(path, now=NOW)
    assert not healthy and line.startswith(f"unhealthy: no heartbeat at {path}")
    for content in (
        "{not json",
        '{"format": 99}',
        '{"format": 1, "time": "x", "pid": 1, "host": "h"}',
        "[]",
    ):
        path.write_text(content, "utf-8")
        healthy, line = check(path, now=NOW)
        assert not healthy and line.startswith("unhealthy: cannot read the heartbeat"), content


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("connected", "false"),  # a string read as true: healthy
        ("last_answer_at", "x"),  # a traceback in `health`
        ("started_at", float("nan")),
        ("answers", -1),
        ("facts", True),
        ("state", 1),
        ("knowledge_version", None),
    ],
)
def test_a_field_of_the_wrong_type_is_an_unreadable_heartbeat(
    tmp_path: Path, field: str, value: object
) -> None:
    """Every field is checked, not only the time and the pid: a damaged or hand-written file
    never reads as healthy, and never ends `health` with a traceback."""
    path = tmp_path / "heartbeat.json"
    data = json.loads(beat().to_json())
    data[field] = value
    path.write_text(json.dumps(data), "utf-8")
    healthy, line = check(path, now=NOW)
    assert not healthy and line.startswith("unhealthy: cannot read the heartbeat"), line


def test_shard_groups_have_their_own_files(tmp_path: Path) -> None:
    """Two shard groups sharing a data volume never overwrite each other's heartbeat."""
    assert heartbeat_path(tmp_path) == tmp_path / "heartbeat.json"
    assert heartbeat_path(tmp_path, (0, 1)) == tmp_path / "heartbeat-shards-0-1.json"
    assert heartbeat_path(tmp_path, (2, 3)) != heartbeat_path(tmp_path, (0, 1))
