"""Stopping cleanly on SIGTERM (`docker stop`, systemd, a process manager) and SIGINT (Ctrl-C).

As PID 1 in a container, the kernel drops any signal whose action is the default: without a
handler SIGTERM does nothing, `docker stop` waits its 10 s and then SIGKILLs the bot in the
middle of whatever it was doing. Installing handlers is what makes the stop graceful. Two
flavours: code that blocks in the main thread (the console, the start-up before the event
loop) gets an exception raised where it is; the Discord bot's event loop gets a callback that
starts an orderly close instead.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopRequested(BaseException):
    """Raised in the main thread when a stop signal arrives. A BaseException, like
    KeyboardInterrupt, so that no `except Exception` on the way up swallows it."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def name(self) -> str:
        """SIGTERM or SIGINT."""
        return signal.Signals(self.signum).name


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise StopRequested(signum)


@contextmanager
def stop_signals_raise() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGINT raise StopRequested in the main thread (a
    blocking read of the terminal is interrupted too); the previous handlers come back after."""
    previous = {sig: signal.signal(sig, _raise_stop) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def stop_signals_call(
    loop: asyncio.AbstractEventLoop, callback: Callable[[int], None]
) -> Iterator[None]:
    """While the block runs, SIGTERM and SIGINT call `callback(signum)` inside the event loop
    (never in the middle of a coroutine); the previous handlers come back after."""
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, callback, int(sig))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            loop.remove_signal_handler(sig)
            signal.signal(sig, handler)
