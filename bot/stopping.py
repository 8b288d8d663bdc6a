"""Stopping cleanly on SIGTERM (`docker stop`, systemd, a process manager), SIGINT (Ctrl-C) and
SIGHUP (the terminal closed, or a `systemctl reload` that sends it).

As PID 1 in a container, the kernel drops any signal whose action is the default: without a
handler SIGTERM does nothing, `docker stop` waits its 10 s and then SIGKILLs the bot in the
middle of whatever it was doing. Installing handlers is what makes the stop graceful. Two
flavours: code that blocks in the main thread (the console, the start-up before the event
loop) gets an exception raised where it is; the Discord bot's event loop gets a callback that
starts an orderly close instead.

SIGHUP stops as the others do, never reloads: the knowledge already reloads itself (the
watcher), the settings are read once at start, and after a hang-up the terminal the logs go
to is gone. Its exit status is 129 (128 + SIGHUP, what a shell reports for a hang-up) rather
than 0: nobody asked the bot to stop, and a process manager that restarts on failure
(`Restart=on-failure`) brings it back, which is what a reload meant. A SIGHUP ignored when the
process started (`nohup`) stays ignored.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import FrameType
from typing import Any

HANGUP_STATUS = 128 + signal.SIGHUP  # a shell's status for a process ended by SIGHUP

# Whether SIGHUP was ignored when the process started (`nohup`): read once, before any
# handler below replaces that disposition.
_hangup_ignored: bool | None = None

# The stop signal that arrived before a handler below was in place (`hold_early_stops`), and
# whether a stop is under way. Process-wide: one process stops once.
_early: int | None = None
_stopping = False


def stop_signals() -> tuple[signal.Signals, ...]:
    """The signals that stop the bot: SIGTERM, SIGINT and SIGHUP, but not SIGHUP when the
    process was started with it ignored (`nohup python -m bot run &`, whose whole point is to
    outlive the terminal: a handler here would have stopped it when the terminal closed)."""
    global _hangup_ignored
    if _hangup_ignored is None:
        _hangup_ignored = signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    hangup = () if _hangup_ignored else (signal.SIGHUP,)
    return (signal.SIGTERM, signal.SIGINT, *hangup)


def stop_status(signum: int) -> int:
    """The exit status of `run` stopped by `signum`: 0 for a stop asked for (SIGTERM, Ctrl-C),
    129 for a hang-up, so that a process manager restarting on failure starts it again."""
    return HANGUP_STATUS if signum == signal.SIGHUP else 0


class StopRequested(BaseException):
    """Raised in the main thread when a stop signal arrives. A BaseException, like
    KeyboardInterrupt, so that no `except Exception` on the way up swallows it."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def name(self) -> str:
        """SIGTERM, SIGINT or SIGHUP."""
        return signal.Signals(self.signum).name


def _remember_early(signum: int, frame: FrameType | None) -> None:
    global _early
    _early = signum


def hold_early_stops() -> None:
    """Remember a stop signal until `stop_signals_raise` acts on it. `python -m bot run` calls
    this first thing: importing the engine, numpy and discord.py takes about a second, and a
    SIGTERM then was fatal (status 143), or, as PID 1 in a container, ignored altogether, so
    the bot went on to connect and `docker stop` had to kill it."""
    for sig in stop_signals():
        signal.signal(sig, _remember_early)


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    _stop_under_way()
    raise StopRequested(signum)


def _stop_under_way() -> None:
    """A stop has begun: a second signal changes nothing. Restoring the default action on the
    way out had let a second SIGTERM during the close kill the process (status 143)."""
    global _stopping
    _stopping = True
    for sig in stop_signals():
        signal.signal(sig, signal.SIG_IGN)


def _restore(previous: Mapping[signal.Signals, Any]) -> None:
    """The handlers from before the block, unless a stop is under way (then ignored)."""
    for sig, handler in previous.items():
        signal.signal(sig, signal.SIG_IGN if _stopping else handler)


@contextmanager
def stop_signals_raise() -> Iterator[None]:
    """While the block runs, SIGTERM, SIGINT and SIGHUP raise StopRequested in the main thread
    (a blocking read of the terminal is interrupted too), as does one that arrived earlier
    (`hold_early_stops`); the previous handlers come back after, unless a stop began."""
    global _early
    previous = {sig: signal.signal(sig, _raise_stop) for sig in stop_signals()}
    try:
        if _early is not None:
            signum, _early = _early, None
            _stop_under_way()
            raise StopRequested(signum)
        yield
    finally:
        _restore(previous)


@contextmanager
def stop_signals_call(
    loop: asyncio.AbstractEventLoop, callback: Callable[[int], None]
) -> Iterator[None]:
    """While the block runs, SIGTERM, SIGINT and SIGHUP call `callback(signum)` inside the
    event loop (never in the middle of a coroutine); the previous handlers come back after."""
    previous = {sig: signal.getsignal(sig) for sig in stop_signals()}

    def first_stop(signum: int) -> None:
        global _stopping
        _stopping = True  # the loop's handler stays (a second signal calls the idempotent
        callback(signum)  # callback again); the default never comes back on the way out

    for sig in previous:
        loop.add_signal_handler(sig, first_stop, int(sig))
    try:
        yield
    finally:
        for sig in previous:
            loop.remove_signal_handler(sig)
        _restore(previous)
