"""`python -m bot health`: is the running bot connected and answering? Exit 0 or 1, one line.

Made for a container HEALTHCHECK that runs every few seconds for months: it reads the heartbeat
file the bot keeps in the data directory and imports nothing else of citebot (`__main__` sends
`health` here before loading the command line, which would import the engine), so it costs the
same tens of milliseconds whatever the size of the knowledge.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from .core.heartbeat import MAX_AGE, check, heartbeat_path
from .settings import Settings, SettingsError

if TYPE_CHECKING:
    import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `health` (shared with the full command line's --help)."""
    parser.add_argument(
        "--max-age",
        type=float,
        default=MAX_AGE,
        metavar="SECONDS",
        help=f"a heartbeat older than this is stale (default {MAX_AGE:.0f})",
    )


USAGE = "usage: citebot health [--max-age SECONDS]\n"
# What `health --help` prints: the hand parser below answers it, so the option's help given to
# argparse (add_arguments) is never shown; it said nothing of --max-age or its default.
HELP = (
    "\nIs the running bot connected and answering? One line; exit 0 (healthy) or 1, 2 on a\n"
    "usage error. Reads the heartbeat in CITEBOT_DATA_DIR (set CITEBOT_SHARD_IDS as the bot\n"
    "has them).\n"
    "\n"
    "options:\n"
    f"  --max-age SECONDS  a heartbeat older than this is stale (default {MAX_AGE:.0f})\n"
)


def _max_age(argv: Sequence[str]) -> float | str:
    """--max-age from the arguments, or what is wrong with them (one line). Parsed by hand:
    argparse and what it loads cost a container's health check more than all the rest.
    Every wrong argument was told "--max-age takes a number of seconds", an unknown one
    (`health --verbose`, a stray word) too, which sent one looking at the wrong thing."""
    args = list(argv)
    if not args:
        return MAX_AGE
    if args[0].startswith("--max-age="):
        args[:1] = ["--max-age", args[0].split("=", 1)[1]]
    if args[0] != "--max-age":
        return f"unrecognized argument: {args[0]!r}"
    if len(args) == 1:
        return "--max-age takes a number of seconds"
    if len(args) > 2:
        return f"unrecognized argument: {args[2]!r}"
    try:
        value = float(args[1])
    except ValueError:
        value = float("nan")
    if not value > 0:  # also NaN
        return f"--max-age takes a number of seconds above 0, got {args[1]!r}"
    return value


def run(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Check the heartbeat of the bot configured by the environment; the exit status."""
    out = out or sys.stdout
    if list(argv) in (["-h"], ["--help"]):
        out.write(USAGE + HELP)
        return 0
    max_age = _max_age(argv)
    if isinstance(max_age, str):
        sys.stderr.write(f"{USAGE}citebot health: {max_age}\n")
        return 2
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        out.write(f"unhealthy: configuration error: {exc}\n")
        return 1
    path = heartbeat_path(settings.data_dir, settings.shard_ids)
    healthy, reason = check(path, now=time.time(), max_age=max_age)
    out.write(reason + "\n")
    return 0 if healthy else 1
