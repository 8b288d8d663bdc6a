"""The configuration checked before a command starts, said for an operator.

Apart from the command line's entry point (cli.py) because each check explains one way an
installation goes wrong (no knowledge directory where it is looked for, the data directory
inside it) before any command has built or written anything.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .settings import Settings


def reads_knowledge(args: argparse.Namespace) -> bool:
    """Whether the command needs the knowledge directory: all but `health` (the data
    directory alone; `kb unanswered` reads the knowledge too, to leave out what is settled).
    `sync` loads it with the cogs, after logging in to Discord: checked first, a missing one is
    said before any connection."""
    return bool(args.command in {"run", "ask", "eval", "sync", "kb"})


def missing_knowledge(settings: Settings) -> str | None:
    """What is wrong with the configured knowledge directory, said for an operator, or None.

    Checked before a command starts: the core's "knowledge: knowledge directory not found"
    named neither the variable nor where a relative path was looked for, which is the first
    thing one saw running an installed citebot outside the checkout (the default is
    `knowledge` in the working directory, and the wheel carries no knowledge); and the
    command had already made `data/cache` in that working directory."""
    path = settings.knowledge_dir
    if path.is_dir():
        return None
    where = path if path.is_absolute() else Path.cwd() / path
    what = f"{where} is not a directory" if path.exists() else str(where)
    return (
        f"knowledge directory not found: {what} (set CITEBOT_KNOWLEDGE_DIR to the folder that"
        " holds facts/, sources.yaml and aliases.yaml; a relative path is read from the"
        " working directory)"
    )


def data_in_knowledge(settings: Settings) -> str | None:
    """Why the data directory cannot be where it is, or None: inside the knowledge directory
    (or the same one), every file the bot keeps there is taken for knowledge. The snapshot
    written by one start changed the next start's key, so each start rebuilt the engine
    ("the knowledge changed during the build"), and the watcher saw the heartbeat's rewrite,
    every 10 s, and the console's history, after every line, as edits to reload."""
    data, knowledge = settings.data_dir.resolve(), settings.knowledge_dir.resolve()
    if data != knowledge and knowledge not in data.parents:
        return None
    return (
        f"CITEBOT_DATA_DIR ({data}) is inside the knowledge directory ({knowledge}): the"
        " bot's own files (cache, heartbeat, history) would be taken for knowledge edits,"
        " rebuilding and reloading the engine over and over; give the two separate folders"
    )
