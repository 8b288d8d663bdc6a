"""The console chat: the same engine as the Discord bot, in a terminal.

On a terminal it behaves like one: line editing and a history kept across sessions (readline,
the history file in the data directory), answers wrapped to the window's width, a little
colour, and a progress line while a large knowledge base loads. When the output is a pipe or a
file none of that happens: no escape codes, no wrapping, no progress, one plain line per line
of the answer, so the output stays fit for scripts and logs. Either way the suggestions are
numbered, and typing a number shows that fact's answer to the question asked, as the menu under
an answer does on Discord.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import TextIO

from .core.engine.answer import Engine
from .core.errors import CitebotError, KnowledgeError, visible
from .core.knowledge.models import Suggestion
from .core.moderation.ondisk import FreshFiles, Snapshot, file_stamps
from .linewrap import wrap
from .log import get_logger
from .render import PICK_HINTS, render_answer
from .textout import as_shown

log = get_logger(__name__)

PROMPT = "you> "
HISTORY_LENGTH = 1000
# Compared after NFKC and casefolding: a Japanese input method in full-width mode types
# "ｑｕｉｔ", which was asked as a question (and declined) instead of leaving. The Korean and
# Japanese words for "quit" that a program's menu uses leave too.
QUIT = {"quit", "exit", ":q", "종료", "終了"}

_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except ValueError:  # a closed stream
        return False


class Terminal:
    """What the console may do with its output: colour, wrapping and a progress line, each
    only when the output is a terminal (colour also not with NO_COLOR or TERM=dumb)."""

    def __init__(self, out: TextIO, env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        self.out = out
        self.tty = _isatty(out)
        self.colour = self.tty and "NO_COLOR" not in env and env.get("TERM") != "dumb"
        self._progress_shown = False
        self._progress_at = 0.0

    def width(self) -> int:
        """Columns to wrap to, read again for every answer (the window may have changed)."""
        return max(20, shutil.get_terminal_size((80, 24)).columns)

    def style(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour and text.strip() else text

    def prompt(self) -> str:
        """The prompt; readline needs colour codes marked (\\001..\\002) to measure it."""
        if not self.colour:
            return PROMPT
        return f"\001{_BOLD}\002{PROMPT.rstrip()}\001{_RESET}\002 "

    def progress(self, stage: str, done: int, total: int) -> None:
        """One line, rewritten in place at most ten times a second; nothing if not a TTY."""
        if not self.tty:
            return
        now = time.monotonic()
        if self._progress_shown and now - self._progress_at < 0.1 and done + 1 < total:
            return
        self._progress_at = now
        count = f" {done + 1:,}/{total:,}" if total else ""
        # Cut as printed: on an ASCII terminal "…" is the six columns of "\u2026", and a line
        # that ran past the edge wrapped, leaving its first row behind when it was cleared.
        line = as_shown(f"loading: {stage}{count}…", self.out)[: self.width() - 1]
        self.out.write(f"\r\x1b[K{self.style(line, _DIM)}")
        self.out.flush()
        self._progress_shown = True

    def end_progress(self) -> None:
        """Clear the progress line (the first prompt takes its place)."""
        if self._progress_shown:
            self.out.write("\r\x1b[K")
            self.out.flush()
            self._progress_shown = False

    def render(self, text: str) -> str:
        """An answer as shown: on a terminal wrapped to its width (indents kept, links never
        broken) and with citations dimmed; elsewhere unchanged."""
        if not self.tty:
            return text
        width = self.width()
        shown: list[str] = []
        for line in text.split("\n"):
            quiet = line.startswith(("— ", "  “", "  (the document", "[fact", *PICK_HINTS))
            # Wrapped as printed: with the escapes of what the output cannot encode.
            for part in wrap(as_shown(line, self.out), width):
                shown.append(self.style(part, _DIM) if quiet else part)
        return "\n".join(shown)


def _open_history(path: Path | None) -> ModuleType | None:
    """readline with the saved history loaded, or None when readline is unavailable."""
    try:
        import readline
    except ImportError:  # some Python builds have none: plain input() still works
        return None
    readline.set_history_length(HISTORY_LENGTH)
    if path is not None and path.is_file():
        try:
            readline.read_history_file(path)
        except OSError as exc:
            log.warning("could not read the console history %s: %s", path, exc)
    return readline


def _save_history(readline: ModuleType, path: Path) -> None:
    """At the end, where lines cannot be added one by one (`_add_to_history`)."""
    if hasattr(readline, "append_history_file"):
        return  # every line is in the file already
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(path)
    except OSError as exc:
        log.warning("could not save the console history %s: %s", path, exc)


def _last_line(readline: ModuleType | None) -> str:
    """The last line of readline's history ("" when none, or none to be read)."""
    if readline is None or not hasattr(readline, "get_history_item"):
        return ""
    length = readline.get_current_history_length()
    return (readline.get_history_item(length) or "") if length else ""


def _join_last_history_item(readline: ModuleType) -> None:
    """The last line of readline's history with its line breaks made spaces."""
    length = readline.get_current_history_length()
    if length and hasattr(readline, "replace_history_item"):
        last = readline.get_history_item(length) or ""
        readline.replace_history_item(length - 1, " ".join(last.split("\n")))


def _add_to_history(readline: ModuleType, path: Path) -> bool:
    """Append the line just read to the history file, trimmed to HISTORY_LENGTH (GNU
    readline). Written only at the end, the history was lost with a console whose terminal
    closed (SIGHUP ends it at once), and of two consoles sharing the file the one that left
    last wrote the other's lines away. False when the file cannot be written: the caller
    stops trying, since the warning, repeated under every question, buried the chat."""
    if not hasattr(readline, "append_history_file"):
        return True
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()  # appending needs the file
        readline.append_history_file(1, path)
    except OSError as exc:
        log.warning(
            "could not save the console history %s: %s; this session's lines are not kept",
            path,
            exc,
        )
        return False
    return True


class KnowledgeWatch:
    """Edits made to the knowledge files while the console runs (a moderator's save from
    Discord or `kb`, a hand edit, a `git pull`) reach its next question, as they reach the
    bot's (`CITEBOT_WATCH`). Before each question the files' sizes and times are compared with
    the last look (a few stat calls); when they changed, the engine is loaded again through
    `load`, which reads the engine snapshot or rebuilds only the changed files (the stamps
    are the store's own, `file_stamps`). Files that do not load leave the last good engine
    answering, and say why once. Made before the first load, so that its first look is
    not taken after a save that landed while the engine was built."""

    def __init__(self, knowledge_dir: Path, load: Callable[[], Engine]) -> None:
        self.knowledge_dir = Path(knowledge_dir)
        self.load = load
        self.fresh = FreshFiles()  # the files whose stamps may not tell the next write
        self.looked: Snapshot = {}
        self.seen: Snapshot = {}
        self.reported: Snapshot | None = None
        self.seen = self._look()

    def _look(self) -> Snapshot:
        """The files' stamps now. A file written again within its stamp's clock tick since
        the last look (ondisk.FreshFiles) counts as changed: `seen` and `reported` forget it."""
        started = time.time_ns()
        now = file_stamps(self.knowledge_dir)
        edited = self.fresh.edited_unseen(self.knowledge_dir, self.looked, now, started)
        self.looked = now
        if edited:
            self.seen = {k: v for k, v in self.seen.items() if k not in edited}
            self.reported = None
        return now

    def refreshed(self, engine: Engine, out: TextIO) -> Engine:
        """The engine to answer the next question with: `engine`, or the knowledge reloaded."""
        now = self._look()
        if now == self.seen or now == self.reported:
            return engine
        try:
            fresh = self.load()
        except (CitebotError, OSError) as exc:
            # A file another user left unreadable, or one removed mid-read (a `git pull`):
            # the digest of the snapshot reads every file, before the loader could report it.
            self.reported = now
            if isinstance(exc, KnowledgeError):
                first = exc.problems[0] if exc.problems else None
                why = f"have {len(exc.problems)} problem(s)" + (f" ({first})" if first else "")
            else:
                why = f"could not be read ({exc})"
            out.write(
                f"The knowledge files changed but {why}; still answering from the last good"
                " version.\n"
            )
            return engine
        self.seen, self.reported = now, None
        out.write(f"Knowledge reloaded: {len(fresh.facts)} facts.\n")
        return fresh


def run_console(
    engine: Engine,
    stdin: TextIO,
    out: TextIO,
    *,
    history: Path | None = None,
    terminal: Terminal | None = None,
    watch: KnowledgeWatch | None = None,
) -> int:
    """Answer one question per line until EOF or 'quit'; returns 0.

    With a terminal on both sides, lines are read through readline (arrows, editing, Ctrl-R)
    and kept in `history` across sessions; otherwise lines are read as they come. A line that
    is only the number of one of the last question's suggestions shows that fact instead.
    """
    term = terminal or Terminal(out)
    term.end_progress()
    interactive = term.tty and stdin is sys.stdin and out is sys.stdout and _isatty(stdin)
    readline = _open_history(history) if interactive else None
    out.write(
        f"citebot console: {len(engine.facts)} facts loaded. "
        "Ask a question; 'quit' or Ctrl-D to leave.\n"
    )
    offered: list[Suggestion] = []  # the last question's suggestions, by number
    asked = ""  # that question, which a picked fact's answer is fitted to
    try:
        while True:
            previous = _last_line(readline)
            line = _read_line(stdin, out, term, interactive)
            if line is None:
                out.write("\n")
                return 0
            if readline is not None and "\n" in line and line != previous:
                # A multi-line paste (readline's bracketed paste) is asked as one question:
                # kept with its line breaks, the history file split it, and the next session
                # recalled its last line alone. It is kept as one line.
                _join_last_history_item(readline)
            # Only a line readline kept, by its own rule: not an empty one, nor one repeating
            # the last. (Its count does not tell: a history capped by ~/.inputrc stays the same
            # length, and then shifts, so the last item cannot be read back after the line.)
            if (
                history is not None
                and readline is not None
                and line
                and line != previous
                and not _add_to_history(readline, history)
            ):
                history = None  # said once; not tried again, nor at the end
            text = line.strip()
            if is_quit(text):
                return 0
            if not text:
                continue
            if watch is not None:
                engine = watch.refreshed(engine, out)
            pick = picked(text, offered)
            if pick is None:
                asked = text
                answer = engine.ask(text)
                offered = list(answer.suggestions)
                reply = render_answer(answer, numbered=True)
            else:
                # The list stays on offer, as Discord's menu does: "2" after "1" still works.
                chosen = engine.answer_fact(pick.fact_id, asked)
                reply = (
                    render_answer(chosen, chosen=True)
                    if chosen is not None
                    else f"Fact {pick.fact_id} is no longer in the knowledge base."
                )
            out.write(term.render(reply) + "\n\n")
            out.flush()
    finally:
        if readline is not None and history is not None:
            _save_history(readline, history)


def is_quit(text: str) -> bool:
    """Whether a line asks to leave the console: a QUIT word in any case or width."""
    return unicodedata.normalize("NFKC", text).casefold() in QUIT


# "０".."９" to "0".."9" (not NFKC, which makes "²" a 2 as well).
_FULL_WIDTH_DIGITS = {0xFF10 + n: ord("0") + n for n in range(10)}


def picked(text: str, offered: list[Suggestion]) -> Suggestion | None:
    """The suggestion a line picks: only its number (1 for the first), within the list.

    Any other line is a question, a year ("1965") or a number past the list included.
    A full-width number ("２") picks as its ASCII one does: a Japanese or Chinese input method
    types digits so, and "２" was asked as a question, which said what the bot does.
    """
    text = text.translate(_FULL_WIDTH_DIGITS)
    # A line of thousands of digits is a question too (int() refuses past 4,300 digits).
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(len(offered))):
        return None
    number = int(text)
    return offered[number - 1] if 1 <= number <= len(offered) else None


def _read_line(stdin: TextIO, out: TextIO, term: Terminal, interactive: bool) -> str | None:
    """The next line, or None at the end of input."""
    if interactive:
        try:
            return input(term.prompt())
        except EOFError:
            return None
    out.write(PROMPT)
    out.flush()
    line = stdin.readline()
    if line and not _isatty(stdin):
        # Nobody typed it, so no terminal showed it: without it, the output of questions
        # piped in (`run < questions.txt > log`) had no question in it, and each answer
        # stood after "you> " as if the asker had said it. Shown as the line was read, its
        # control characters as escapes.
        out.write(visible(line.rstrip("\r\n")) + "\n")
    return line or None
