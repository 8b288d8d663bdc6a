"""The command-line front end: `python -m bot ask|kb|eval|run|sync` over the same core.

This module parses the command line, checks the configuration (clichecks.py) and runs the
command, turning what it raises into a message and an exit status; `ask` and `eval` live in
cliask.py and clieval.py, `kb` in kbcli.py, and what they read in cliinput.py.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .cliask import cmd_ask
from .clichecks import data_in_knowledge, missing_knowledge, reads_knowledge
from .clieval import cmd_eval
from .cliinput import configured_engine, open_stdin
from .core.engine.embedding import EmbeddingUnavailable, load_embedder
from .core.errors import CitebotError, KnowledgeError, visible
from .log import get_logger, setup_logging
from .settings import Settings, SettingsError, discord_id
from .stopping import StopRequested, stop_signals_raise, stop_status
from .textout import escape_unencodable

log = get_logger(__name__)


def cmd_kb(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from . import kbcli

    return kbcli.run(args, settings, out)


def cmd_run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """The bot, or the console chat; SIGTERM and SIGINT stop either cleanly with status 0
    (also as PID 1 in a container, where a signal without a handler is ignored), SIGHUP
    with 129 (`bot.stopping`)."""
    from .console import KnowledgeWatch, Terminal, run_console

    try:
        with stop_signals_raise():  # until the event loop takes over (run_discord)
            if settings.discord_token:
                from .discord.runner import run_discord

                # Fail before connecting if the configured model cannot load (it is cached per
                # process, so the store opened in setup_hook reuses this one).
                load_embedder(settings.embedding_model, warm=False, cache_dir=settings.cache_dir)
                return run_discord(settings)
            if settings.embedding_model:
                # A model named explicitly must load: refused (exit 2) before the chat is
                # announced, as the bot's is before it connects. Loaded once per process, so
                # the engine below reuses it. (The default model never refuses: left to the
                # progress line's "loading the embedding model".)
                load_embedder(settings.embedding_model, warm=False, cache_dir=settings.cache_dir)
            out.write(
                "No DISCORD_TOKEN set: starting the console chat. To connect to Discord, create "
                "a bot at https://discord.com/developers/applications and export DISCORD_TOKEN "
                "(see README).\n"
            )
            out.flush()
            terminal = Terminal(out)
            # The watch takes its first look at the files before the engine is built (a minute
            # at scale), as the bot's store does: a save landing during the build is then seen
            # at the first question, where a look taken after took it for what was loaded.
            watch = (
                KnowledgeWatch(settings.knowledge_dir, lambda: configured_engine(settings))
                if settings.watch
                else None
            )
            try:
                engine = configured_engine(settings, terminal.progress)
            finally:
                terminal.end_progress()
            history = settings.data_dir / "console_history"
            return run_console(
                engine, open_stdin(), out, history=history, terminal=terminal, watch=watch
            )
    except StopRequested as stop:
        log.info("%s received: stopped", stop.name)
        return stop_status(stop.signum)


def cmd_health(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """`health` reached through the full parser (`__main__` normally takes a shorter path)."""
    from .core.heartbeat import check, heartbeat_path

    path = heartbeat_path(settings.data_dir, settings.shard_ids)
    healthy, reason = check(path, now=time.time(), max_age=args.max_age)
    out.write(reason + "\n")
    return 0 if healthy else 1


def cmd_sync(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    if not settings.discord_token:
        # On stderr, as every other refusal of the command line: `sync > log` kept it out of
        # sight and in the log, which holds what was synced.
        print("citebot: DISCORD_TOKEN is not set; nothing to sync.", file=sys.stderr)
        return 2
    from .discord.runner import sync_commands

    return sync_commands(settings, guild_id=args.guild)


def _guild_id(text: str) -> int:
    """`--guild`'s value, refused by argparse (a usage error, exit 2, before anything runs)
    unless it is a Discord id as the settings read them (`settings.discord_id`)."""
    try:
        return discord_id("--guild", text)
    except SettingsError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--guild ")) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to render --help in the README)."""
    parser = argparse.ArgumentParser(
        prog="citebot", description="Answers questions from a curated, sourced knowledge base."
    )
    parser.add_argument("--version", action="version", version=f"citebot {__version__}")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="{run,ask,kb,eval,sync,health}"
    )

    p_run = sub.add_parser(
        "run", help="start the bot (Discord with DISCORD_TOKEN, else a console chat)"
    )
    p_run.set_defaults(func=cmd_run)

    p_ask = sub.add_parser("ask", help="answer one question (or '-' for one per line on stdin)")
    p_ask.add_argument(
        "question", nargs="+", help="the question, or '-' to read questions from stdin"
    )
    p_ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    p_ask.set_defaults(func=cmd_ask)

    p_eval = sub.add_parser(
        "eval", help="score the engine on a question file (../shared/eval/dev.yaml format)"
    )
    p_eval.add_argument("file", nargs="+", help="one or more question files")
    p_eval.add_argument("--json", action="store_true")
    p_eval.add_argument(
        "--summary",
        action="store_true",
        help="only the accuracy and precision lines (for a held-out set: no failures shown)",
    )
    p_eval.set_defaults(func=cmd_eval)

    p_kb = sub.add_parser("kb", help="check, measure and edit the knowledge base")
    from . import kbcli

    kbcli.add_arguments(p_kb)
    p_kb.set_defaults(func=cmd_kb)

    p_sync = sub.add_parser("sync", help="sync slash commands to Discord (globally unless --guild)")
    p_sync.add_argument(
        "--guild", type=_guild_id, default=None, help="sync to this guild only (its numeric id)"
    )
    p_sync.set_defaults(func=cmd_sync)

    from . import health

    p_health = sub.add_parser(
        "health", help="is the running bot connected and answering? (exit 0 or 1, one line)"
    )
    health.add_arguments(p_health)
    p_health.set_defaults(func=cmd_health)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of `python -m bot` and the `citebot` script; returns the exit status."""
    out = out or sys.stdout
    escape_unencodable(out)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"citebot: configuration error: {exc}", file=sys.stderr)
        return 2
    for warning in settings.ignored:
        print(f"citebot: warning: {warning}", file=sys.stderr)
    setup_logging(settings.log_level, None if args.command == "run" else sys.stderr)
    missing = missing_knowledge(settings) if reads_knowledge(args) else None
    if missing is not None:
        print(f"citebot: {missing}", file=sys.stderr)
        return 1
    overlap = data_in_knowledge(settings) if reads_knowledge(args) else None
    if overlap is not None:
        print(f"citebot: configuration error: {overlap}", file=sys.stderr)
        return 2
    try:
        status = int(args.func(args, settings, out))
        out.flush()  # here, where a full disk or a closed pipe is caught, not at exit
        return status
    except EmbeddingUnavailable as exc:
        print(f"citebot: configuration error (CITEBOT_EMBEDDING_MODEL): {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print(f"citebot: the knowledge base has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        print("Run `python -m bot kb check` after fixing them.", file=sys.stderr)
        return 1
    except CitebotError as exc:  # a data directory that cannot be written, and the like
        print(f"citebot: {visible(str(exc))}", file=sys.stderr)
        return 1
    except ValueError as exc:  # its message may quote a file name or an argument as given
        print(f"citebot: {visible(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _flush_or_drop(out)
        return 0
    except OSError as exc:  # what no layer above foresaw: the disk, the output (`> /dev/full`)
        log.debug("ended by an OSError", exc_info=True)
        _flush_or_drop(out)
        print(f"citebot: {exc}", file=sys.stderr)
        return 1


def _flush_or_drop(out: TextIO) -> None:
    """Write what is left of the output, or, when it cannot be written (`> /dev/full`, a
    closed pipe), drop it: Python's own flush at exit failed again, printed "Exception
    ignored" with a traceback and exited 120."""
    try:
        out.flush()
    except (OSError, ValueError):
        if out is sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                os.close(devnull)
