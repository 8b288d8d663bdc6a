"""Helpers to run `python -m bot` as a real process, as PID 1 of a new PID namespace (the way a
container runs it), and to read what it prints while it runs."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tests.conftest import ROOT

# --kill-child: if the test dies, the kernel takes the bot down with `unshare`.
PID1 = ["unshare", "--fork", "--pid", "--kill-child"]


def plain_env(**extra: str) -> dict[str, str]:
    """This environment without citebot's settings (as on a host that sets none), running
    this checkout, with `extra` set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITEBOT_")}
    env.update(PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def run_bot(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m bot <argv>` run to its end in `cwd`, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_bot_with_input(
    argv: list[str], stdin: bytes, cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    """`python -m bot <argv>` fed `stdin` as bytes (what a pipe or a file gives it, in any
    encoding), run to its end in `cwd`; its output captured as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def bot_env(data_dir: Path, knowledge_dir: Path, **extra: str) -> dict[str, str]:
    """An environment for `python -m bot` from this checkout: no token unless given, the
    lexical matcher (fast to start), the given knowledge and data directories."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CITEBOT_", "DISCORD_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        CITEBOT_DATA_DIR=str(data_dir),
        CITEBOT_KNOWLEDGE_DIR=str(knowledge_dir),
        CITEBOT_EMBEDDING_MODEL="off",
        CITEBOT_LOG_LEVEL="INFO",
    )
    env.update(extra)
    return env


def start_as_pid1(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    """Start `python <argv>` as PID 1 of a new PID namespace; stdout and stderr merged."""
    return subprocess.Popen(
        [*PID1, sys.executable, *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=cwd,
        env=env,
    )


def pid1_child(unshare_pid: int, timeout: float = 10.0) -> int:
    """The pid (in our namespace) of the process `unshare` forked, after checking that it is
    PID 1 in its own namespace."""
    deadline = time.monotonic() + timeout
    children = Path(f"/proc/{unshare_pid}/task/{unshare_pid}/children")
    while time.monotonic() < deadline:
        found = children.read_text().split() if children.exists() else []
        if found:
            child = int(found[0])
            status = Path(f"/proc/{child}/status").read_text()
            nspid = next(line for line in status.splitlines() if line.startswith("NSpid:"))
            assert nspid.split()[-1] == "1", nspid
            return child
        time.sleep(0.02)
    raise AssertionError(f"unshare {unshare_pid} started no child within {timeout} s")


class Output:
    """Everything a process writes to one pipe, collected by a thread; wait for text in it."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe: IO[bytes]) -> None:
        while chunk := os.read(pipe.fileno(), 65536):
            with self._lock:
                self._chunks.append(chunk)

    @property
    def text(self) -> str:
        with self._lock:
            return b"".join(self._chunks).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float, after: int = 0) -> int:
        """Block until `needle` appears at or after offset `after`; the offset past it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            at = self.text.find(needle, after)
            if at != -1:
                return at + len(needle)
            time.sleep(0.02)
        raise AssertionError(f"{needle!r} not printed within {timeout} s; output:\n{self.text}")

    async def until(self, needle: str, timeout: float, after: int = 0) -> int:
        """`wait_for` for async tests: the event loop keeps running while we wait."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            at = self.text.find(needle, after)
            if at != -1:
                return at + len(needle)
            await asyncio.sleep(0.02)
        raise AssertionError(f"{needle!r} not printed within {timeout} s; output:\n{self.text}")

    def finish(self, timeout: float = 5.0) -> str:
        """All the output, once the pipe is closed (the process exited)."""
        self._thread.join(timeout)
        return self.text


@contextmanager
def running(proc: subprocess.Popen[bytes]) -> Iterator[Output]:
    """Collect what `proc` prints (stdout, with stderr merged into it) while the block runs; a
    process still running at the block's end (a failed assertion, a timeout) is killed, so that
    no test leaves a bot behind."""
    assert proc.stdout is not None
    output = Output(proc.stdout)
    try:
        yield output
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def blocked_on(lock_file: Path) -> bool:
    """True when some process waits for an flock on `lock_file` (a `->` line in /proc/locks)."""
    inode = os.stat(lock_file).st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and any(f.endswith(f":{inode}") for f in fields):
            return True
    return False
