"""The heartbeat file: what a running bot says about itself, read by `python -m bot health`.

A container health check runs every few seconds for months, so it must cost the same at 150
facts and at 100,000: it reads one small JSON file instead of loading the knowledge. The bot
rewrites the file every few seconds from its event loop, so a fresh file also proves the loop
is not stuck; the file says whether the gateway is connected, when the last answer went out and
which knowledge is being served. The write is atomic (readers never see half a file) but not
fsynced: a heartbeat lost to a power cut is rewritten seconds later.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

FORMAT = 1
INTERVAL = 10.0  # seconds between two writes
MAX_AGE = 60.0  # older than this, the bot is hung or gone (several missed writes)


def heartbeat_path(data_dir: Path, shard_ids: tuple[int, ...] = ()) -> Path:
    """Where a bot writes its heartbeat: one file per shard group, so that groups sharing a
    data volume do not overwrite each other's."""
    if shard_ids:
        return Path(data_dir) / f"heartbeat-shards-{'-'.join(map(str, shard_ids))}.json"
    return Path(data_dir) / "heartbeat.json"


@dataclass(frozen=True)
class Heartbeat:
    """One snapshot of the bot's state. Times are Unix seconds (UTC), None when not yet."""

    time: float
    pid: int
    host: str
    state: str = "running"  # "starting", "running", "stopping" or "stopped"
    connected: bool = False  # the gateway session is ready (or resumed)
    connected_since: float | None = None
    last_answer_at: float | None = None
    answers: int = 0
    facts: int = 0
    knowledge_version: str = ""
    knowledge_problems: int = 0  # broken files on disk; the last good version keeps serving
    version: str = ""
    started_at: float | None = None
    format: int = FORMAT

    def to_json(self) -> str:
        """The file's content."""
        return json.dumps(asdict(self), sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Heartbeat:
        """Parse a heartbeat; ValueError if it is not one (wrong shape, other format)."""
        try:
            data = json.loads(text)
        except RecursionError as exc:  # JSON nested deeper than Python recurses
            raise ValueError("not a citebot heartbeat (nested too deep)") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a citebot heartbeat of this format")
        try:
            beat = cls(**data)
        except TypeError as exc:
            raise ValueError(f"unexpected fields: {exc}") from exc
        # A damaged file must never read as healthy: NaN is older than nothing and infinity is
        # fresh forever; pid 0 or -1 signals a process group, and no pid is past 2**31.
        if not isinstance(beat.time, int | float) or not math.isfinite(beat.time):
            raise ValueError("time must be a finite number")
        if isinstance(beat.pid, bool) or not isinstance(beat.pid, int) or not 1 <= beat.pid < 2**31:
            raise ValueError("pid must be a process id")
        # Every other field of its type too: "connected": "false" (a string) read as connected,
        # and a time that is a string was a traceback in `health`.
        for name in ("host", "state", "knowledge_version", "version"):
            if not isinstance(getattr(beat, name), str):
                raise ValueError(f"{name} must be a string")
        if not isinstance(beat.connected, bool):
            raise ValueError("connected must be true or false")
        for name in ("answers", "facts", "knowledge_problems"):
            value = getattr(beat, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a count")
        for name in ("connected_since", "last_answer_at", "started_at"):
            value = getattr(beat, name)
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise ValueError(f"{name} must be a time or null")
        return beat


def this_host() -> str:
    """The host (in a container: the container) a process runs on."""
    return os.uname().nodename


def write_heartbeat(path: Path, beat: Heartbeat) -> None:
    """Replace the heartbeat file atomically (not fsynced: it is rewritten every few seconds)."""
    # Imported here: `health` only reads, and must not pay for the writer's imports.
    from .moderation.atomic import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, beat.to_json().encode("utf-8"), durable=False)


def read_heartbeat(path: Path) -> Heartbeat:
    """The heartbeat on disk. FileNotFoundError when there is none; ValueError when unreadable."""
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(str(exc)) from exc
    return Heartbeat.from_json(text)


def _ago(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s ago"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"


def _stamp(when: float) -> str:
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))
    except (OverflowError, OSError, ValueError):  # past what the platform's time_t holds
        return f"{when:.3g} s after 1970"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _started(pid: int) -> float | None:
    """When process `pid` started, in Unix seconds, or None when it cannot be told (not Linux,
    no /proc, the process gone). From /proc: its start in clock ticks after boot, plus the boot
    time, which the kernel gives in whole seconds rounded down, so this is never later than
    the real start."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
        boot = next(
            line
            for line in Path("/proc/stat").read_bytes().splitlines()
            if line.startswith(b"btime ")
        )
        # The fields after the command name, which is in parentheses and may hold anything.
        ticks = int(stat[stat.rindex(b")") + 2 :].split()[19])
        return int(boot.split()[1]) + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


# A process that started this long after the heartbeat was written cannot have written it.
# The start read back is never later than the real one (_started); the margin is for the
# clock ticks' rounding.
REUSED_AFTER = 0.5


def _writer_gone(beat: Heartbeat) -> bool:
    """Whether the process that wrote `beat` (on this host) is no longer running: its pid is
    free, or taken by a process that started after the heartbeat was written. The latter is a
    restarted container's new bot (pid 1 again, on the same host name) before it has written
    its own "starting", or any process the pid went to since."""
    if not _alive(beat.pid):
        return True
    started = _started(beat.pid)
    return started is not None and started > beat.time + REUSED_AFTER


def judge(
    beat: Heartbeat, *, now: float, max_age: float = MAX_AGE, host: str | None = None
) -> tuple[bool, str]:
    """Healthy or not, and one line saying why.

    Healthy means: the file is fresh (the event loop wrote it less than `max_age` ago), the bot
    is running, and the gateway is connected. The pid is checked only on the same host (in a
    container, the same container): a heartbeat left by a process that died is not fresh news.
    """
    age = now - beat.time
    if age < -max_age:  # written "later" than now: a clock set back, or a damaged file
        return False, f"unhealthy: the heartbeat is dated {_stamp(beat.time)}, in the future"
    if beat.state == "stopped":
        return False, f"unhealthy: the bot stopped at {_stamp(beat.time)}"
    if age > max_age:
        return False, (
            f"unhealthy: stale heartbeat, last written {_ago(age)} (limit {max_age:.0f} s): "
            "the bot is hung or gone"
        )
    if (host or this_host()) == beat.host and beat.pid != os.getpid() and _writer_gone(beat):
        return False, f"unhealthy: the bot (pid {beat.pid}) is not running"
    if beat.state != "running":
        return False, f"unhealthy: the bot is {beat.state}"
    if not beat.connected:
        return False, "unhealthy: not connected to Discord"
    last = (
        "no answer yet"
        if beat.last_answer_at is None
        else (f"last answer {_ago(now - beat.last_answer_at)}")
    )
    problems = (
        f", {beat.knowledge_problems} problem(s) in the files (serving the last good version)"
        if beat.knowledge_problems
        else ""
    )
    return True, (
        f"healthy: connected, {beat.facts} facts (knowledge {beat.knowledge_version}{problems}), "
        f"{last}, heartbeat {_ago(max(age, 0.0))}"
    )


def check(path: Path, *, now: float, max_age: float = MAX_AGE) -> tuple[bool, str]:
    """Read the heartbeat at `path` and judge it; a missing or unreadable file is unhealthy."""
    try:
        beat = read_heartbeat(path)
    except FileNotFoundError:
        return False, (
            f"unhealthy: no heartbeat at {path} (the bot has not connected yet, runs with "
            "another CITEBOT_DATA_DIR, or runs as the console chat)"
        )
    except (OSError, ValueError) as exc:
        return False, f"unhealthy: cannot read the heartbeat {path}: {exc}"
    return judge(beat, now=now, max_age=max_age)
