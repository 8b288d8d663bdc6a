"""The run locks: one bot per data directory and shard, released however it ends."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.instance import (
    AlreadyRunning,
    count_lock_path,
    lock_path,
    running_alone,
    shards_run,
)

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
    assert ran and caplog.text.count("no run lock") == 3  # the shard count's, each shard's


HOLD_SHARDS = """
import sys, time
from pathlib import Path
from bot.core.instance import running_alone
count = int(sys.argv[2]) or None
shards = tuple(int(s) for s in sys.argv[3].split(","))
with running_alone(Path(sys.argv[1]), shards, count):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize(
    ("running", "starting"),
    [
        ((0, "0"), (2, (1,))),  # unsharded (every server), then shard 1 of 2
        ((2, "1"), (0, (0,))),  # shard 1 of 2, then an unsharded bot
        ((2, "0"), (3, (1,))),  # shard 0 of 2, then shard 1 of 3
    ],
)
def test_a_bot_with_another_shard_count_is_refused(
    tmp_path: Path, running: tuple[int, str], starting: tuple[int, tuple[int, ...]]
) -> None:
    """Shard numbers only say which servers a bot gets out of one shard count: an unsharded
    bot gets every server's messages, and shard 1 of 2 half of them; the two share no shard
    number, and both started on one data directory, and answered those servers twice."""
    data = tmp_path / "data"
    count, shards = running
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SHARDS, str(data), str(count), shards],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        other_count, other_shards = starting
        with (
            pytest.raises(AlreadyRunning, match=f"another shard count.*pid {holder.pid}"),
            running_alone(data, other_shards, other_count or None),
        ):
            pass
        # The same count, another shard: runs beside it.
        with running_alone(data, (int(shards) + 1,), count or None):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    with running_alone(data, starting[1], starting[0] or None):  # the kill left nothing held
        assert count_lock_path(data, starting[0] or 1).is_file()


def test_bots_of_one_shard_count_starting_together_all_run(tmp_path: Path) -> None:
    """Each start tests the other counts' locks by taking them for a moment: starts are taken
    one at a time, so that two starting together never take that for a running bot."""
    data = tmp_path / "data"
    with running_alone(data, (0,), None):
        pass  # an unsharded bot ran here once: its count's file stays behind
    holders = [
        subprocess.Popen(
            [sys.executable, "-c", HOLD_SHARDS, str(data), "4", str(shard)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for shard in range(4)
    ]
    try:
        for holder in holders:
            assert holder.stdout is not None
            assert holder.stdout.readline() == "held\n", holder.stderr
    finally:
        for holder in holders:
            holder.send_signal(signal.SIGKILL)
            holder.wait(timeout=30)
