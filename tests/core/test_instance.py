"""The run lock: one bot per data directory and shard group, released however it ends."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.heartbeat import heartbeat_path
from bot.core.instance import AlreadyRunning, lock_path, running_alone

HOLD = """
import sys, time
from pathlib import Path
from bot.core.instance import running_alone
with running_alone(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_bot_on_the_same_heartbeat_is_refused(tmp_path: Path) -> None:
    beat = heartbeat_path(tmp_path)
    with running_alone(beat), pytest.raises(AlreadyRunning) as refused, running_alone(beat):
        pass
    message = str(refused.value)
    assert f"pid {os.getpid()}" in message and "CITEBOT_DATA_DIR" in message
    assert str(lock_path(beat)) in message


def test_the_lock_is_free_again_after_the_block(tmp_path: Path) -> None:
    beat = heartbeat_path(tmp_path)
    with running_alone(beat):
        pass
    with running_alone(beat):  # a restart in the same process (the tests do it) is allowed
        assert lock_path(beat).read_text() == f"{os.getpid()}\n"


def test_shard_groups_have_locks_of_their_own(tmp_path: Path) -> None:
    group = heartbeat_path(tmp_path, (0, 1))
    with running_alone(group), running_alone(heartbeat_path(tmp_path, (2, 3))):
        with running_alone(heartbeat_path(tmp_path)):  # the unsharded bot's is another one too
            assert lock_path(group).name == "heartbeat-shards-0-1.lock"
        with pytest.raises(AlreadyRunning), running_alone(group):
            pass


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    """Another process holds the lock: refused with its pid; once it is killed with SIGKILL (no
    clean-up of any kind), the next start gets the lock."""
    beat = heartbeat_path(tmp_path / "data")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(beat)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(AlreadyRunning, match=f"pid {holder.pid}"), running_alone(beat):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    with running_alone(beat):  # raises AlreadyRunning if the kill left the lock held
        assert lock_path(beat).read_text() == f"{os.getpid()}\n"


def test_an_unwritable_data_directory_runs_unguarded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A read-only volume must not stop the answers: the bot runs, and the log says why no
    second bot would be refused."""
    data = tmp_path / "data"
    data.write_text("")  # not a directory: the lock file cannot be made, even by root
    ran = False
    with caplog.at_level(logging.WARNING), running_alone(heartbeat_path(data)):
        ran = True
    assert ran and "no run lock" in caplog.text
