"""One running bot per data directory and shard group.

Two bots started with the same token, data directory and shard group (a second `docker run`,
a `python -m bot run` left open in a terminal) both receive every message and answer it twice,
and write one heartbeat file in turn, so `health` reports whichever wrote last. The second one
is refused at start with the first one's pid. The guard is an `flock` on a file beside the
heartbeat: the kernel releases it when its process ends, however it ends (a `kill -9` leaves
no stale lock to clean up), and shard groups, which have heartbeats of their own, have locks of
their own.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..log import get_logger
from .errors import CitebotError

log = get_logger(__name__)


class AlreadyRunning(CitebotError):
    """Another process holds this data directory's and shard group's run lock."""


def lock_path(heartbeat: Path) -> Path:
    """The run lock beside a heartbeat file: `heartbeat.lock`, `heartbeat-shards-0-1.lock`."""
    return heartbeat.with_name(heartbeat.stem + ".lock")


@contextmanager
def running_alone(heartbeat: Path) -> Iterator[None]:
    """Hold the run lock of the bot whose heartbeat is `heartbeat` while the block runs.

    Raises AlreadyRunning, naming the holder's pid, when another process holds it. A lock file
    that cannot be created (a read-only or full data volume) is logged and the bot runs
    unguarded: the guard must not stop the answers where the heartbeat would not either.
    """
    path = lock_path(heartbeat)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        log.warning("no run lock (%s: %s): a second bot here would not be refused", path, exc)
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(
                f"another bot is already running with this data directory and shard group "
                f"({_holder(fd)}; lock {path}). Stop it first, or give this one its own "
                "CITEBOT_DATA_DIR or CITEBOT_SHARD_IDS."
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError as exc:  # the lock holds without the pid, which only names the holder
            log.warning("could not write the pid into %s: %s", path, exc)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would race a starter)


def _holder(fd: int) -> str:
    """The pid the lock's holder wrote, as words for the message."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"pid {text}" if text.isdigit() else "pid unknown"
