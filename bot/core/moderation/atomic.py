"""Durable file writes: a file is either the old or the new version, never partial.

The sequence is the classic one: write a temp file in the same directory, flush, fsync, then
`os.replace` over the target and fsync the directory so the rename itself survives a crash.

Temp files are named with a random part, never the PID: in containers every bot is PID 1, and
two containers sharing a volume (shard groups) would otherwise write the same temp file. The
name also carries a mark of the process that wrote it, so start-up cleanup removes only this
process's leftovers and files old enough that no live writer can still be using them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ...log import get_logger
from ..errors import StoreError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

log = get_logger(__name__)

TEMP_SUFFIX = ".tmp"
# A temp file untouched for this long belongs to no live save: a fact file is written in
# milliseconds and the largest engine snapshot in well under a minute. Clock skew between
# hosts sharing a volume is minutes at worst. Even a writer paused longer than this loses
# nothing: its rename fails (the file is gone) and the save is reported as failed.
STALE_AFTER = 3600.0
# A temp file no writer holds any more (`hold`: its lock went with the process) is a killed
# writer's once it is this old: the lock is taken the moment the file is made. Not only after
# STALE_AFTER: a restart loop (the out-of-memory killer striking while the snapshot is written,
# at the build's peak) left one temp file as large as the snapshot per start, for an hour.
ORPHANED_AFTER = 60.0
# This process's mark in its temp files' names: random, because PIDs repeat across containers.
PROCESS_MARK = secrets.token_hex(4)

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EIO: "an input/output error occurred",
}


def disk_reason(exc: OSError) -> str:
    """Why a file operation failed, in words a moderator understands."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def disk_error(exc: OSError, what: str) -> StoreError:
    """A StoreError that says, in words a moderator understands, why a save failed."""
    reason = f"Could not save {what}: {disk_reason(exc)}"
    return StoreError(f"{reason}. Nothing was changed.", reason=reason)


def temp_name(target: Path) -> Path:
    """A new temp file name for `target`: hidden, same directory, never matching `*.yaml`,
    marked with this process and unique (random) so that no two writers ever share it."""
    return target.with_name(f".{target.name}.{PROCESS_MARK}-{secrets.token_hex(6)}{TEMP_SUFFIX}")


def _temp_of(name: str, target: str) -> bool:
    """Whether `name` is exactly what `temp_name` makes for a file named `target` (in a folder
    that is not ours, nothing else of a similar name is touched)."""
    return (
        re.fullmatch(
            rf"\.{re.escape(target)}\.[0-9a-f]{{8}}-[0-9a-f]{{12}}{re.escape(TEMP_SUFFIX)}", name
        )
        is not None
    )


def is_temp(path: Path) -> bool:
    """True for a temp file this module writes (left behind only by a crash)."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def is_own_temp(path: Path) -> bool:
    """True for a temp file written by this process."""
    return is_temp(path) and f".{PROCESS_MARK}-" in path.name


def hold(fd: int) -> None:
    """Mark the temp file open on `fd` as being written until its writer closes it or dies:
    an exclusive flock, which `abandoned` tests. On a volume that takes no locks only the
    file's age tells (STALE_AFTER)."""
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def abandoned(path: Path) -> bool:
    """Whether no live writer holds the temp file `path` (`hold`): its lock can be taken."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # held by its writer, or a volume without locks: its age decides
    finally:
        os.close(fd)
    return True


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _FdWriter(io.RawIOBase):
    """Writes straight to a descriptor with `os.write`, the one call fault-injection tests
    intercept, whether the data comes as one buffer or streamed (a pickled snapshot)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        return os.write(self.fd, data)

    def fileno(self) -> int:
        return self.fd


def _create_temp(target: Path) -> tuple[Path, int]:
    """A new temp file beside `target`, created exclusively (never opening another's)."""
    for _ in range(3):
        tmp = temp_name(target)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue  # 48 random bits collided: pick another name
        hold(fd)
        return tmp, fd
    raise FileExistsError(errno.EEXIST, "no free temp file name", str(target))


def _keep_mode(fd: int, target: Path) -> None:
    """Give the new file the permissions (and, where allowed, the group) of the one it
    replaces: a group-writable checkout stayed 0644 after the first save, and lost its group's
    write access."""
    try:
        st = target.stat()
    except FileNotFoundError:
        return  # a new file: the umask decides, as for any file
    os.fchmod(fd, stat.S_IMODE(st.st_mode))
    with contextlib.suppress(OSError):  # not a member of that group: ours, as any new file
        os.fchown(fd, -1, st.st_gid)


@contextmanager
def atomic_writer(
    target: Path,
    *,
    durable: bool = True,
    check: Callable[[], None] | None = None,
    sync_dir: bool = True,
) -> Iterator[BinaryIO]:
    """A binary file to write `target`'s new content into; it replaces `target` when the block
    ends, and on any exception the old file is untouched and the temp file removed.

    `durable=False` skips both fsyncs: readers still never see a partial file, but the new
    version may not survive a power cut (for a heartbeat rewritten every few seconds).

    A symlink is written through: the file it points to gets the new content, beside which the
    temp file is made, and the link stays (renaming onto the link replaced it with a plain
    file, so the linked file, a checkout's say, never saw the change).

    `check`, called just before the rename, may refuse it by raising (the old file stays).
    `sync_dir=False`: the directory is left to the caller (`write_atomic`), who needs to know
    whether its fsync failed.
    """
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    tmp, fd = _create_temp(target)
    try:
        try:
            _keep_mode(fd, target)
            with io.BufferedWriter(_FdWriter(fd), buffer_size=1 << 20) as handle:
                yield handle
                handle.flush()
                if durable:
                    os.fsync(fd)
            if check is not None:
                check()
            os.replace(tmp, target)
        finally:
            os.close(fd)  # after the rename: the temp file is held for as long as it exists
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove temp file %s", tmp)
        raise
    if durable and sync_dir:
        _synced(target.parent)


def _synced(directory: Path) -> bool:
    """fsync `directory`, where a file was just renamed; False when that failed (logged): the
    new file is in place and readable, but a power cut may still undo the rename."""
    try:
        fsync_dir(directory)
    except OSError as exc:
        log.warning("could not fsync directory %s: %s", directory, exc)
        return False
    return True


def write_atomic(
    target: Path, data: bytes, *, durable: bool = True, check: Callable[[], None] | None = None
) -> bool:
    """Replace `target` with `data` atomically; on any OSError the old file is untouched.
    `check` as for `atomic_writer`. True unless the directory's fsync failed (the new file is
    in place, but a power cut may undo its rename: the store then leaves the change to be
    checked against the files at the next start, as if it had been killed)."""
    if target.is_symlink():  # (as atomic_writer does: the linked file's directory)
        target = Path(os.path.realpath(target))
    with atomic_writer(target, durable=durable, check=check, sync_dir=False) as handle:
        handle.write(data)
    return _synced(target.parent) if durable else True


def remove_stale_temps(
    directory: Path,
    *,
    older_than: float = STALE_AFTER,
    now: float | None = None,
    also: tuple[str, ...] = (),
    of: str | None = None,
) -> None:
    """Delete temp files that no live save can be using: this process's own, any that no
    writer holds (`abandoned`: a killed writer's) and any not modified for `older_than`
    seconds (where the volume takes no locks). Another process's temp file that it holds (a
    shard group in another container, mid-save) is left alone. `also`: name prefixes of
    other temp files to treat the same way (an older naming scheme). `of`: only the temp files
    of the file of that name (in a directory that is not ours: a symlinked file's)."""
    if not directory.is_dir():
        return
    now = time.time() if now is None else now
    for path in directory.iterdir():
        if not (is_temp(path) or path.name.startswith(also)):
            continue
        if of is not None and not _temp_of(path.name, of):
            continue
        try:
            age = now - path.stat().st_mtime
            if not path.is_file():
                continue
            if not (
                is_own_temp(path)
                or age >= older_than
                or (age >= ORPHANED_AFTER and abandoned(path))
            ):
                continue
            path.unlink()
            log.info("removed stale temp file %s (%.0f s old)", path, age)
        except FileNotFoundError:
            continue  # its writer renamed or removed it meanwhile
        except OSError as exc:
            log.warning("could not remove stale temp file %s: %s", path, exc)
