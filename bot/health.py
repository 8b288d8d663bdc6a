"""`python -m bot health`: is the running bot connected and answering? Exit 0 or 1, one line.

Made for a container HEALTHCHECK that runs every few seconds for months: it reads the heartbeat
file the bot keeps in the data directory and imports nothing else of citebot (`__main__` sends
`health` here before loading the command line, which would import the engine), so it costs the
same tens of milliseconds whatever the size of the knowledge.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from .core.heartbeat import MAX_AGE, check, heartbeat_path
from .settings import Settings, SettingsError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `health` (shared with the full command line's --help)."""
    parser.add_argument(
        "--max-age",
        type=float,
        default=MAX_AGE,
        metavar="SECONDS",
        help=f"a heartbeat older than this is stale (default {MAX_AGE:.0f})",
    )


def run(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Check the heartbeat of the bot configured by the environment; the exit status."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="citebot health", description="Is the running bot connected and answering?"
    )
    add_arguments(parser)
    args = parser.parse_args(list(argv))
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        out.write(f"unhealthy: configuration error: {exc}\n")
        return 1
    path = heartbeat_path(settings.data_dir, settings.shard_ids)
    healthy, reason = check(path, now=time.time(), max_age=args.max_age)
    out.write(reason + "\n")
    return 0 if healthy else 1
