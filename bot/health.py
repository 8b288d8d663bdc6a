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


def _max_age(argv: Sequence[str]) -> float | None:
    """--max-age from the arguments; None when they are not understood. Parsed by hand:
    argparse and what it loads cost a container's health check more than all the rest."""
    args = list(argv)
    if not args:
        return MAX_AGE
    if len(args) == 1 and args[0].startswith("--max-age="):
        args = ["--max-age", args[0].split("=", 1)[1]]
    if len(args) == 2 and args[0] == "--max-age":
        try:
            value = float(args[1])
        except ValueError:
            return None
        return value if value > 0 else None
    return None


def run(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Check the heartbeat of the bot configured by the environment; the exit status."""
    out = out or sys.stdout
    max_age = _max_age(argv)
    if max_age is None:
        if list(argv) in (["-h"], ["--help"]):
            out.write(USAGE + HELP)
            return 0
        sys.stderr.write(USAGE + "citebot health: --max-age takes a number of seconds\n")
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
