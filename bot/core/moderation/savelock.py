"""The lock every process's saves take: an `flock` on data_dir/store.lock.

The bot and `python -m bot kb` write the same knowledge files; inside this lock the files are
whole (no other process is between two files of one change). It lives apart from the store
because how it is taken — refused with a readable message on volumes without locks, and
given up (without leaving the kernel's queue) when the bot stops — is its own subject.
"""

from __future__ import annotations

import errno
import fcntl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import StoreError
from .atomic import disk_reason

_STOPPING = "The bot is stopping, so nothing was saved. Try again in a minute."
_STOPPING_REASON = "The bot is stopping"


def stopping() -> StoreError:
    """The refusal of a change that came (or waited) too late: the bot is stopping."""
    return StoreError(_STOPPING, reason=_STOPPING_REASON)


_LOCK_POLL = 0.05  # seconds between two tries of another process's save lock


def lock_error(exc: OSError) -> StoreError:
    """The store's lock could not be taken at all (not held by another process: refused):
    a raw OSError reached members as an apology and operators as a traceback."""
    hint = (
        ": its volume takes no file locks (NFS without lockd, some network or FUSE volumes);"
        " put CITEBOT_DATA_DIR on a local disk"
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS)
        else ""
    )
    reason = f"Cannot lock data/store.lock ({disk_reason(exc)}){hint}"
    return StoreError(f"{reason}. Nothing was changed.", reason=reason)


class SaveLock:
    """data_dir/store.lock, taken by every save and every read of the files as a whole."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "store.lock"

    def open(self) -> IO[str]:
        """The lock file opened, for `held`; StoreError naming it when it cannot be."""
        try:
            return self.path.open("a")
        except OSError as exc:
            # Reads take it too (the history): "could not save" misled a read-only data dir.
            reason = (
                f"Cannot open {self.path}, which every change and every read of the history"
                f" takes: {disk_reason(exc)}"
            )
            raise StoreError(f"{reason}. Nothing was changed.", reason=reason) from exc

    @contextmanager
    def held(self, stopped: Callable[[], bool] | None = None) -> Iterator[None]:
        """The lock, held for the block: the files are whole in it.

        `stopped` (a save's): a save waiting for another process's lock gives up once it is
        true (the bot is stopping) instead of waiting on: it blocked the stop for as long as
        the other process held the lock (25 s in a helper's test), and landed after "stopped",
        its moderator never told."""
        lock_file = self.open()
        if stopped is not None and not self._take_unless(stopped, lock_file):
            raise stopping()  # the file is left to the waiting thread to close
        with lock_file:
            if stopped is None:
                try:
                    fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)  # released when it closes
                except OSError as exc:
                    raise lock_error(exc) from exc
            elif stopped():
                raise stopping()
            yield

    @staticmethod
    def _take_unless(stopped: Callable[[], bool], lock_file: IO[str]) -> bool:
        """Take the lock on `lock_file`, however long another process holds it, unless
        `stopped` turns true first: then False, and the file belongs to a thread still waiting
        in flock, which closes it (letting the lock go) the moment it is granted. The wait stays
        a real flock wait, in the kernel's queue, not a poll that other waiters could overtake."""
        fd = lock_file.fileno()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            pass
        except OSError as exc:  # no wait would help: the volume takes no locks
            lock_file.close()
            raise lock_error(exc) from exc
        guard = threading.Lock()
        granted = threading.Event()
        state: dict[str, Any] = {"abandoned": False, "error": None}

        def wait() -> None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:
                state["error"] = exc
            with guard:
                if state["abandoned"]:
                    lock_file.close()
                    return
                granted.set()

        threading.Thread(target=wait, name="citebot-save-lock", daemon=True).start()
        while not granted.wait(_LOCK_POLL):
            if stopped():
                with guard:
                    if not granted.is_set():
                        state["abandoned"] = True
                        return False
        if state["error"] is not None:
            lock_file.close()
            raise lock_error(state["error"])
        return True
