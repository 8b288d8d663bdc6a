"""Durable file writes: a file is either the old or the new version, never partial.

The sequence is the classic one: write a temp file in the same directory, flush, fsync, then
`os.replace` over the target and fsync the directory so the rename itself survives a crash.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ...log import get_logger
from ..errors import StoreError

log = get_logger(__name__)

TEMP_SUFFIX = ".tmp"

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EIO: "an input/output error occurred",
}


def disk_error(exc: OSError, what: str) -> StoreError:
    """A StoreError that says, in words a moderator understands, why a save failed."""
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    return StoreError(f"Could not save {what}: {reason}. Nothing was changed.")


def temp_name(target: Path) -> Path:
    """The temp file for `target`: hidden, same directory, and never matching `*.yaml`."""
    return target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}")


def is_temp(path: Path) -> bool:
    """True for a temp file this module writes (left behind only by a crash)."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` atomically; on any OSError the old file is untouched."""
    tmp = temp_name(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove temp file %s", tmp)
        raise
    try:
        fsync_dir(target.parent)
    except OSError as exc:
        # The new file is in place and readable; only the rename's durability is in doubt, and
        # start-up recovery handles a rename that a power cut undoes.
        log.warning("could not fsync directory %s: %s", target.parent, exc)


def remove_stale_temps(directory: Path) -> None:
    """Delete temp files a killed process left behind (they are never the live version)."""
    if not directory.is_dir():
        return
    for path in directory.iterdir():
        if is_temp(path) and path.is_file():
            try:
                path.unlink()
                log.info("removed stale temp file %s", path)
            except OSError as exc:
                log.warning("could not remove stale temp file %s: %s", path, exc)
