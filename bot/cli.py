"""The command-line front end: `python -m bot ask|kb|eval|run|sync` over the same core."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .core.engine.answer import Engine
from .core.engine.embedding import OFF, EmbeddingUnavailable, load_embedder
from .core.engine.evaluation import EvalReport, evaluate, load_items
from .core.engine.snapshot import load_engine
from .core.errors import CitebotError, KnowledgeError, visible
from .core.knowledge.models import Answer
from .core.progress import Progress, silent
from .log import get_logger, setup_logging
from .render import render_answer
from .settings import Settings, SettingsError, discord_id
from .stopping import StopRequested, stop_signals_raise, stop_status
from .textout import escape_unencodable, json_text

log = get_logger(__name__)


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """The documented JSON shape of `ask --json`."""
    return {
        "question": answer.question,
        "answered": answer.answered,
        "kind": answer.kind,
        "answer": answer.answer,
        "fact_id": answer.fact_id,
        "score": round(answer.score, 4),
        "hedged": answer.hedged,
        "sources": [
            {
                "doc": v.doc,
                "title": v.title,
                "section": v.section,
                "url": v.url,
                "quote": v.quote,
                "references": [r.describe() for r in v.references],
            }
            for v in answer.sources
        ],
        "suggestions": [
            {"fact_id": s.fact_id, "question": s.question, "score": round(s.score, 4)}
            for s in answer.suggestions
        ],
        "alternatives": [answer_to_json(a) for a in answer.alternatives],
        # each question of a message that asked several, in the same shape
        "parts": [answer_to_json(p) for p in answer.parts],
        "matcher": answer.matcher,
    }


def _engine(settings: Settings, progress: Progress = silent) -> Engine:
    if settings.embedding_model.casefold() not in OFF:
        progress("loading the embedding model", 0, 0)
    embedder = load_embedder(settings.embedding_model, cache_dir=settings.cache_dir)
    return load_engine(settings.knowledge_dir, settings.cache_dir, embedder, progress)


def _stdin() -> TextIO:
    """Standard input, or an empty one when the process was started with it closed (`<&-`,
    a service without one): Python then sets sys.stdin to None, and reading it crashed.

    A byte that is not UTF-8 is kept as an escape (as Python does under the C locale) and
    read as any other odd character: under en_US.UTF-8 and the like, the strict decoding
    ended `ask -` and the piped console at that line, with not even the lines before it
    answered (the read is buffered)."""
    if sys.stdin is None:
        return io.StringIO()
    if isinstance(sys.stdin, io.TextIOWrapper):
        # A file saved with a byte order mark (Windows editors, PowerShell's UTF-8) began its
        # first line with U+FEFF, which strip() keeps: a first line "quit" was asked as a
        # question. UTF-8 read as utf-8-sig drops it; nothing else changes.
        # Input said to be ASCII (`PYTHONIOENCODING=ascii`, or the C locale without Python's
        # UTF-8 mode) is read as UTF-8 too: every ASCII byte reads the same, and the bytes
        # ASCII cannot read are, from a terminal or a file, UTF-8. Read as ASCII they were
        # escapes the engine drops: "독도는 어디에 있어?" was asked as an empty question.
        # Lines end as a text file opened by Python ends them (newline=None): at "\r\n", "\n"
        # or a lone "\r" (a file saved with classic Mac line ends), which was read as part of
        # the line, so a whole file of questions was asked as one.
        name = codecs.lookup(sys.stdin.encoding).name
        utf8 = name in ("utf-8", "ascii")
        sys.stdin.reconfigure(
            encoding="utf-8-sig" if utf8 else None, errors="surrogateescape", newline=None
        )
    return sys.stdin


def cmd_ask(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    engine = _engine(settings)
    if args.question == ["-"]:
        # One answer for every line in, blank ones included (declined as empty): in JSON one
        # line each, so that output line N always belongs to input line N; as text, under
        # the question it answers and after a blank line, since an answer is several lines
        # (written back to back, the next answer read as the end of the last one's list).
        for n, line in enumerate(_stdin()):
            line = line.rstrip("\r\n")
            answer = engine.ask(line)
            if args.json:
                out.write(json_text(answer_to_json(answer), out) + "\n")
            else:
                gap, asked = "\n" if n else "", f"> {visible(line)}".rstrip()
                out.write(f"{gap}{asked}\n{render_answer(answer)}\n")
            out.flush()
        return 0
    question = " ".join(args.question)
    answer = engine.ask(question)
    if args.json:
        out.write(json_text(answer_to_json(answer), out) + "\n")
    else:
        out.write(render_answer(answer) + "\n")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    # Every file is read before the engine is built (up to a minute): a malformed one is
    # refused at once, and no file's figures are printed while another's cannot be.
    items = {name: load_items(Path(name)) for name in args.file}
    engine = _engine(settings)
    reports = {name: evaluate(engine, questions) for name, questions in items.items()}
    if args.json:
        # A held-out set's failures are not for reading, in JSON either: --summary drops them.
        data = {
            name: {
                k: v for k, v in report.as_dict().items() if not (args.summary and k == "failures")
            }
            for name, report in reports.items()
        }
        single = len(reports) == 1
        out.write(json_text(next(iter(data.values())) if single else data, out, indent=2) + "\n")
        return 0
    out.write(f"matcher: {engine.matcher}\n")
    for name, report in reports.items():
        if len(reports) > 1:
            out.write(f"== {name}\n")
        _write_report(report, out, summary=args.summary)
    return 0


def _share(ok: int, total: int) -> str:
    """`ok/total = percent`, or `0/0 = n/a` when there was nothing to count: a file of
    decline questions alone read "answerable: 0/0 = 100.0%", and an engine that answered
    nothing "precision: 0/0 = 100.0%", the best figure there is for no answer at all."""
    return f"{ok}/{total} = {ok / total:.1%}" if total else f"{ok}/{total} = n/a"


def _write_report(report: EvalReport, out: TextIO, *, summary: bool) -> None:
    out.write(f"answerable: {_share(report.answerable_ok, report.answerable)}\n")
    out.write(f"declined:   {_share(report.declinable_ok, report.declinable)}\n")
    out.write(f"precision:  {_share(report.answered_ok, report.answered)}\n")
    if report.hedged:
        plain_ok, plain = report.answered_ok - report.hedged_ok, report.answered - report.hedged
        out.write(
            f"plain:      {_share(plain_ok, plain)} of the answers stated"
            f" without a hedge were right; {report.hedged} hedged ({report.hedged_ok} right)\n"
        )
    if report.declined_answerable:
        out.write(
            f"suggested:  {report.suggested_any}/{report.declined_answerable} declined answerable"
            f" questions had the answer among the suggestions ({report.suggested_first} first)\n"
        )
    for style, (ok, total) in sorted(report.by_style.items()):
        out.write(f"  {style:<14} {ok}/{total}\n")
    if summary:  # a held-out set: its failures are not for reading, or tuning on
        return
    for failure in report.failures:
        out.write(
            f"FAIL [{failure['style']}] {failure['q']!r}: expected {failure['expect']}, "
            f"got {failure['kind']} {failure['fact_id'] or ''} "
            f"({failure['score']:.2f}) wanted {failure['wanted']}\n"
        )


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
                KnowledgeWatch(settings.knowledge_dir, lambda: _engine(settings))
                if settings.watch
                else None
            )
            try:
                engine = _engine(settings, terminal.progress)
            finally:
                terminal.end_progress()
            history = settings.data_dir / "console_history"
            return run_console(
                engine, _stdin(), out, history=history, terminal=terminal, watch=watch
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


def _reads_knowledge(args: argparse.Namespace) -> bool:
    """Whether the command needs the knowledge directory: all but `health` (the data
    directory alone; `kb unanswered` reads the knowledge too, to leave out what is settled).
    `sync` loads it with the cogs, after logging in to Discord: checked first, a missing one is
    said before any connection."""
    return bool(args.command in {"run", "ask", "eval", "sync", "kb"})


def _missing_knowledge(settings: Settings) -> str | None:
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


def _data_in_knowledge(settings: Settings) -> str | None:
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
    missing = _missing_knowledge(settings) if _reads_knowledge(args) else None
    if missing is not None:
        print(f"citebot: {missing}", file=sys.stderr)
        return 1
    overlap = _data_in_knowledge(settings) if _reads_knowledge(args) else None
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
