"""One running bot per data directory and shard.

Two bots started with the same token and data directory that run the same shard (a second
`docker run`, a `python -m bot run` left open in a terminal, two shard groups that overlap)
both receive every message of that shard's servers and answer it twice, and write their
heartbeats over each other's. The second one is refused at start with the first one's pid.
The guard is an `flock` per shard (an unsharded bot is shard 0, a bot given only a shard count
runs them all): the kernel releases it when its process ends, however it ends (a `kill -9`
leaves no stale lock to clean up).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..log import get_logger
from .errors import CitebotError

log = get_logger(__name__)


class AlreadyRunning(CitebotError):
    """Another process holds the run lock of one of this bot's shards."""


def shards_run(shard_count: int | None, shard_ids: Sequence[int]) -> tuple[int, ...]:
    """The shards a bot with these settings runs: its ids; every shard of its count; or, as
    Discord sees an unsharded bot, shard 0."""
    if shard_ids:
        return tuple(sorted(set(shard_ids)))
    return tuple(range(shard_count)) if shard_count else (0,)


def lock_path(data_dir: Path, shard: int) -> Path:
    """The run lock of one shard: `data/run-shard-0.lock`."""
    return Path(data_dir) / f"run-shard-{shard}.lock"


def count_lock_path(data_dir: Path, shard_count: int) -> Path:
    """The lock every bot run with `shard_count` shards holds shared: `data/run-count-1.lock`
    for an unsharded bot."""
    return Path(data_dir) / f"run-count-{shard_count}.lock"


@contextmanager
def running_alone(
    data_dir: Path, shards: Sequence[int], shard_count: int | None = None
) -> Iterator[None]:
    """Hold the run locks of `shards` (out of `shard_count`, None for an unsharded bot) in
    `data_dir` while the block runs.

    Raises AlreadyRunning, naming the shard and its holder's pid, when another process holds
    one (the locks taken before it are let go), or when a bot with another shard count runs
    here: shard 1 of 2 and an unsharded bot (which Discord sends every server's messages) do
    not share a shard number, and both answered half the servers. A lock file that cannot be
    created (a read-only or full data volume) is logged and the bot runs unguarded: the guard
    must not stop the answers where the heartbeat would not either.
    """
    with ExitStack() as held:
        _same_count(Path(data_dir), shard_count or 1, held)
        for shard in shards:
            path = lock_path(data_dir, shard)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                log.warning(
                    "no run lock (%s: %s): a second bot here would not be refused", path, exc
                )
                continue
            held.callback(os.close, fd)  # closing it releases the lock; the file stays
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                who = "" if tuple(shards) == (0,) else f"shard {shard}, "
                raise AlreadyRunning(
                    f"another bot is already running with this data directory ({who}"
                    f"{_holder(fd)}; lock {path}). Stop it first, or give this one its own "
                    "CITEBOT_DATA_DIR or shards of its own (CITEBOT_SHARD_IDS)."
                ) from None
            except OSError as exc:  # a volume without locks (NFS without lockd, some FUSE)
                log.warning(
                    "no run lock (%s: %s): a second bot here would not be refused", path, exc
                )
                continue
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            except OSError as exc:  # the lock holds without the pid, which only names the holder
                log.warning("could not write the pid into %s: %s", path, exc)
        yield


def _open_lock(path: Path) -> int | None:
    """The lock file `path` opened for locking, or None (logged) when it cannot be made."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        log.warning("no run lock (%s: %s): a second bot here would not be refused", path, exc)
        return None


def _same_count(data_dir: Path, count: int, held: ExitStack) -> None:
    """Refuse to run beside a bot with another shard count; then hold this count's lock shared
    (bots of one count run side by side, their shard locks keep them apart).

    Another count's lock is tested by taking it exclusively for a moment, which a running bot's
    shared hold refuses. The starts are serialized by `run-start.lock` (held for that moment
    only), so two bots starting together never take each other's test for a running bot."""
    start = _open_lock(data_dir / "run-start.lock")
    if start is None:
        return
    try:
        try:
            fcntl.flock(start, fcntl.LOCK_EX)
        except OSError as exc:  # a volume without locks: as for the shard locks
            log.warning("no run lock (%s): a second bot here would not be refused", exc)
            return
        for other in sorted(data_dir.glob("run-count-*.lock")):
            found = other.name[len("run-count-") : -len(".lock")]
            if not found.isdigit() or int(found) == count:
                continue
            try:
                fd = os.open(other, os.O_RDWR | os.O_CLOEXEC)
            except OSError:
                continue  # gone meanwhile, or not ours to read: nothing holds it for us
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                them = "unsharded" if found == "1" else f"CITEBOT_SHARD_COUNT={found}"
                raise AlreadyRunning(
                    f"another bot is already running with this data directory with another "
                    f"shard count ({them}, {_holder(fd)}; lock {other}): some servers would be "
                    "answered by both. Stop it first, or give this one its own CITEBOT_DATA_DIR."
                ) from None
            except OSError:
                pass
            finally:
                os.close(fd)
        path = count_lock_path(data_dir, count)
        mine = _open_lock(path)
        if mine is None:
            return
        held.callback(os.close, mine)
        try:
            fcntl.flock(mine, fcntl.LOCK_SH)
            os.pwrite(mine, f"{os.getpid()}\n".ljust(12).encode(), 0)  # one holder, for the message
        except OSError as exc:
            log.warning("no run lock (%s: %s): a second bot here would not be refused", path, exc)
    finally:
        os.close(start)


def _holder(fd: int) -> str:
    """The pid the lock's holder wrote, as words for the message."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"pid {text}" if text.isdigit() else "pid unknown"
