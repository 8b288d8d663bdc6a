"""The run locks: one bot per data directory and shard, released however it ends."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.instance import AlreadyRunning, lock_path, running_alone, shards_run

HOLD = """
import sys, time
from pathlib import Path
from bot.core.instance import running_alone
with running_alone(Path(sys.argv[1]), (0,)):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_bot_on_the_same_data_directory_is_refused(tmp_path: Path) -> None:
    with (
        running_alone(tmp_path, (0,)),
        pytest.raises(AlreadyRunning) as refused,
        running_alone(tmp_path, (0,)),
    ):
        pass
    message = str(refused.value)
    assert f"pid {os.getpid()}" in message and "CITEBOT_DATA_DIR" in message
    assert str(lock_path(tmp_path, 0)) in message and "shard 0" not in message


def test_the_lock_is_free_again_after_the_block(tmp_path: Path) -> None:
    with running_alone(tmp_path, (0,)):
        pass
    with running_alone(tmp_path, (0,)):  # a restart in the same process (the tests do it)
        assert lock_path(tmp_path, 0).read_text() == f"{os.getpid()}\n"


def test_groups_sharing_a_shard_are_refused_and_others_run(tmp_path: Path) -> None:
    """Locks are per shard, not per group as spelt: "1,2" overlaps a running "0,1" (shard 1
    would be answered twice), "2,3" does not; the refused start keeps no lock it took."""
    with running_alone(tmp_path, (0, 1)):
        with pytest.raises(AlreadyRunning, match="shard 1, pid"), running_alone(tmp_path, (2, 1)):
            pass
        with running_alone(tmp_path, (2, 3)):
            pass
    with running_alone(tmp_path, (1, 2)):  # and 2, taken by the refused start, was let go
        pass


def test_the_shards_a_bot_runs() -> None:
    assert shards_run(None, ()) == (0,)  # unsharded: Discord's shard 0 of 1
    assert shards_run(3, ()) == (0, 1, 2)  # a count alone runs every shard
    assert shards_run(4, (3, 1)) == (1, 3)


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    """Another process holds the lock: refused with its pid; once it is killed with SIGKILL (no
    clean-up of any kind), the next start gets the lock."""
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(AlreadyRunning, match=f"pid {holder.pid}"), running_alone(data, (0,)):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    with running_alone(data, (0,)):  # raises AlreadyRunning if the kill left the lock held
        assert lock_path(data, 0).read_text() == f"{os.getpid()}\n"


def test_an_unwritable_data_directory_runs_unguarded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A read-only volume must not stop the answers: the bot runs, and the log says why no
    second bot would be refused."""
    data = tmp_path / "data"
    data.write_text("")  # not a directory: the lock file cannot be made, even by root
    ran = False
    with caplog.at_level(logging.WARNING), running_alone(data, (0,)):
        ran = True
    assert ran and "no run lock" in caplog.text


def test_a_volume_without_locks_runs_unguarded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """NFS without lockd, some FUSE volumes: flock fails with ENOLCK, and the bot runs (it
    stopped with "[Errno 37] No locks available"), saying in the log why it is unguarded."""
    import errno

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr("bot.core.instance.fcntl.flock", no_locks)
    ran = False
    with caplog.at_level(logging.WARNING), running_alone(tmp_path, (0, 1)):
        ran = True
    assert ran and caplog.text.count("no run lock") == 2
