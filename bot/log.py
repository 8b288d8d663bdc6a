"""Logging to stdout with one format; the chatty `discord` logger stays at WARNING."""

from __future__ import annotations

import logging
import sys
import threading
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


def setup_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Configure the root logger once; safe to call again (it replaces our handler).

    The bot logs to stdout; command-line tools whose stdout is their output (`ask --json`)
    pass stderr so that a warning never corrupts it.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_citebot", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._citebot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("discord").setLevel(logging.WARNING)


def get_logger(name: str) -> logging.Logger:
    """The logger for a module: call as get_logger(__name__)."""
    return logging.getLogger(name)


class FailureNotice:
    """Warns of a failure once while its cause lasts, and says when it works again.

    Something tried at every question or keystroke (the feedback database on a full disk, the
    audit log on a bad block for each autocomplete) would otherwise log the same warning as
    often as it is tried, burying everything else the log says. Safe from several threads.
    """

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self._log = logger
        self._what = what
        self._lock = threading.Lock()
        self._failing: str | None = None  # the reason of the last try, if it failed

    def failed(self, exc: BaseException) -> None:
        """A try failed: a warning if it is the first, or its reason changed; else debug."""
        reason = str(exc) or repr(exc)
        with self._lock:
            new, self._failing = self._failing != reason, reason
        if new:
            self._log.warning("%s failed: %s (not said again while it lasts)", self._what, reason)
        else:
            self._log.debug("%s failed: %s", self._what, reason)

    def worked(self) -> None:
        """A try worked: after failures, say so once."""
        if self._failing is None:
            return
        with self._lock:
            was, self._failing = self._failing, None
        if was is not None:
            self._log.info("%s works again", self._what)
