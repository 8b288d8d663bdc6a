"""The console chat in a real terminal (a pseudo-terminal of a given size) and in a pipe:
readline editing and history across sessions, wrapping, colour and the loading line only on a
terminal."""

from __future__ import annotations

import fcntl
import io
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.console import PROMPT, KnowledgeWatch, Terminal, picked, run_console
from bot.core.engine.answer import Engine
from bot.core.engine.snapshot import load_engine
from bot.core.knowledge.models import Suggestion
from bot.linewrap import display_width, wrap
from bot.wording import WORDINGS
from tests.conftest import SHIPPED
from tests.processes import bot_env, run_bot_with_input

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|[\x01\x02]")
UP = "\x1b[A"
COLUMNS = 60


class Pty:
    """`python -m bot run` on a pseudo-terminal COLUMNS wide; what it printed, raw."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, COLUMNS, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env={**env, "TERM": "xterm"},
            start_new_session=True,
        )
        os.close(slave)
        self.raw = ""

    def _pump(self, timeout: float) -> None:
        import select

        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.raw += os.read(self.master, 65536).decode("utf-8", "replace")
            except OSError:  # the child closed the terminal
                time.sleep(timeout)

    def wait_for(self, needle: str, count: int = 1, timeout: float = 120) -> None:
        """Until the plain text (escape codes removed) holds `needle` `count` times."""
        deadline = time.monotonic() + timeout
        while self.plain.count(needle) < count:
            assert time.monotonic() < deadline, f"{needle!r} x{count} not seen:\n{self.plain}"
            self._pump(0.05)

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    @property
    def plain(self) -> str:
        return ANSI.sub("", self.raw).replace("\r", "")

    def close(self, timeout: float = 30) -> int:
        """The exit status, after draining the terminal."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            assert time.monotonic() < deadline, "the console did not exit"
            self._pump(0.05)
        self._pump(0.05)
        os.close(self.master)
        return self.proc.returncode


def start(tmp_path: Path) -> Pty:
    return Pty(tmp_path, bot_env(tmp_path / "data", SHIPPED))


def test_readline_editing_and_history_across_sessions(tmp_path: Path) -> None:
    """Arrow-up recalls the last question (not `^[[A`), within a session and in the next one,
    from the history file in the data directory."""
    first = start(tmp_path)
    try:
        first.wait_for("you>")
        first.send("who controls dokdo\r")
        first.wait_for("you>", count=2)
        first.send(UP + "\r")  # the same question again, recalled by readline
        first.wait_for("you>", count=3)
        first.send("\x04")  # Ctrl-D
        assert first.close() == 0
    finally:
        first.proc.kill()
    assert "^[[A" not in first.plain
    assert first.plain.count("[fact territory-liancourt-rocks-ownership") == 2
    history = tmp_path / "data" / "console_history"
    assert "who controls dokdo" in history.read_text("utf-8")

    second = start(tmp_path)
    try:
        second.wait_for("you>")
        second.send(UP + "\r")
        second.wait_for("you>", count=2)
        second.send("quit\r")
        assert second.close() == 0
    finally:
        second.proc.kill()
    assert "[fact territory-liancourt-rocks-ownership" in second.plain


def test_history_survives_a_closed_terminal_and_a_second_console(tmp_path: Path) -> None:
    """Each line goes to the history file as it is entered: a console whose terminal closed
    (SIGHUP ends it at once) kept none, written only at the end, and of two consoles on one
    data directory the one that left last wrote the other's lines away."""
    first, second = start(tmp_path), start(tmp_path)
    try:
        first.wait_for("you>")
        second.wait_for("you>")
        first.send("who controls dokdo\r")
        first.wait_for("you>", count=2)
        first.send("who controls dokdo\r")  # the same line again: readline keeps it once
        first.wait_for("you>", count=3)
        second.send("what is gsomia\r")
        second.wait_for("you>", count=2)
        os.killpg(first.proc.pid, signal.SIGHUP)  # the terminal window closed
        first.close()
        second.send("quit\r")
        assert second.close() == 0
    finally:
        first.proc.kill()
        second.proc.kill()
    lines = (tmp_path / "data" / "console_history").read_text("utf-8").splitlines()
    assert lines.count("who controls dokdo") == 1 and "what is gsomia" in lines


def chat(console: Pty, questions: list[str]) -> None:
    """Ask `questions` one after the other, each answered before the next (its prompt seen),
    then end the console with Ctrl-D: it must exit 0."""
    console.wait_for("you>")
    for n, question in enumerate(questions, start=2):
        console.send(question + "\r")
        console.wait_for("you>", count=n)
    console.send("\x04")
    assert console.close() == 0


def test_history_capped_by_inputrc_still_gets_new_lines(tmp_path: Path) -> None:
    """A history capped in ~/.inputrc (`set history-size 2`) stays the same length as lines
    are added: each new line is still written to the file."""
    inputrc = tmp_path / "inputrc"
    inputrc.write_text("set history-size 2\n", "utf-8")
    history = tmp_path / "data" / "console_history"
    history.parent.mkdir(parents=True)
    history.write_text("first old line\nsecond old line\nthird old line\n", "utf-8")
    console = Pty(tmp_path, bot_env(tmp_path / "data", SHIPPED, INPUTRC=str(inputrc)))
    try:
        asked = ["who controls dokdo", "what is gsomia", "when was the 1965 treaty", "hi"]
        chat(console, asked)
    finally:
        console.proc.kill()
    lines = history.read_text("utf-8").splitlines()
    assert all(question in lines for question in asked), lines


def test_terminal_output_is_wrapped_coloured_and_shows_loading(tmp_path: Path) -> None:
    """On a 60-column terminal every answer line fits (links excepted), citations are
    coloured, and a loading line was shown and cleared before the first prompt."""
    term = start(tmp_path)
    try:
        term.wait_for("you>")
        term.send("who controls dokdo\r")
        term.wait_for("you>", count=2)
        term.send("\x04")
        assert term.close() == 0
    finally:
        term.proc.kill()
    assert "loading: reading fact files" in term.plain
    assert "\r\x1b[K" in term.raw  # the loading line is cleared in place
    assert "\x1b[2m" in term.raw  # dimmed citations
    answer = term.plain[term.plain.index("who controls dokdo") :]
    lines = [line for line in answer.split("\n") if line.strip()]
    too_wide = [x for x in lines if display_width(x) > COLUMNS and " " in x.strip()]
    assert not too_wide, too_wide
    assert any(line.startswith("   ") for line in lines)  # a wrapped quote keeps its indent


def test_piped_output_has_no_escape_codes_wrapping_or_loading_line(tmp_path: Path) -> None:
    """stdout a pipe: no escape code, answer lines left whole, no loading line, no history."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="who controls dokdo\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**bot_env(tmp_path / "data", SHIPPED), "TERM": "xterm", "COLUMNS": "60"},
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x1b" not in done.stderr
    assert "loading:" not in done.stdout
    assert any(len(line) > 60 and " " in line for line in done.stdout.splitlines())
    assert not (tmp_path / "data" / "console_history").exists()


def test_no_colour_when_asked_or_dumb() -> None:
    """A terminal still gets no colour with NO_COLOR set or TERM=dumb."""

    class FakeTty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert Terminal(FakeTty(), env={"TERM": "xterm"}).colour
    assert not Terminal(FakeTty(), env={"TERM": "xterm", "NO_COLOR": "1"}).colour
    assert not Terminal(FakeTty(), env={"TERM": "dumb"}).colour
    assert not Terminal(io.StringIO(), env={"TERM": "xterm"}).colour


def test_wrap_counts_columns_keeps_indents_and_links() -> None:
    """Wide (CJK) characters count two columns; quotes, bullets and numbered items keep their
    indent; a link longer than the line is left whole."""
    korean = "독도는 " * 12
    assert all(display_width(line) <= 20 for line in wrap(korean.strip(), 20))
    assert wrap("  “one two three four five six”", 12)[1].startswith("   ")
    assert wrap("  • one two three four five six", 12)[1].startswith("    ")
    assert wrap("  12. one two three four five six", 14)[1:] == [
        "      three",
        "      four",
        "      five six",
    ]
    link = "<https://en.wikipedia.org/wiki/Japan%E2%80%93South_Korea_relations>"
    assert wrap(f"— source {link}", 30) == ["— source", link]
    assert wrap("short", 30) == ["short"]


def test_a_suggestion_is_picked_by_its_number(engine: Engine) -> None:
    """After a decline, typing a suggestion's number shows that fact's answer to the question
    asked; the list stays on offer ("1" after "2"), and a number past it is asked as a
    question, which replaces the list."""
    question = "how many coast guard ships patrol dokdo"
    offered = engine.ask(question).suggestions
    assert not engine.ask(question).answered and len(offered) >= 2, "needs a decline with two"
    second = engine.answer_fact(offered[1].fact_id, question)
    first = engine.answer_fact(offered[0].fact_id, question)
    assert first is not None and second is not None and first.answer != second.answer
    out = io.StringIO()
    past = len(offered) + 1
    code = run_console(engine, io.StringIO(f"{question}\n2\n1\n{past}\n1\n"), out)
    assert code == 0
    replies = out.getvalue().split(PROMPT)[1:]
    assert "1. " in replies[0] and WORDINGS["en"].pick_hint in replies[0]
    assert second.answer in replies[1] and f"fact {offered[1].fact_id} · your choice" in replies[1]
    assert first.answer in replies[2] and "confidence" not in replies[2]
    # The number past the list was a question (small talk): no list is on offer after it.
    assert "your choice" not in replies[3] and WORDINGS["en"].pick_hint not in replies[3]
    assert "your choice" not in replies[4]


def test_a_full_width_number_picks_in_the_console(engine: Engine) -> None:
    """Typed with a Japanese input method, "２" shows the second suggestion's answer, as "2"
    does, instead of being asked as a question (small talk)."""
    question = "how many coast guard ships patrol dokdo"
    offered = engine.ask(question).suggestions
    assert len(offered) >= 2, "needs a decline with two suggestions"
    second = engine.answer_fact(offered[1].fact_id, question)
    assert second is not None
    out = io.StringIO()
    assert run_console(engine, io.StringIO(f"{question}\n２\n"), out) == 0
    replies = out.getvalue().split(PROMPT)[1:]
    assert second.answer in replies[1] and f"fact {offered[1].fact_id} · your choice" in replies[1]


def test_only_a_number_in_the_list_picks() -> None:
    """A year, a number with words or past the list, or digits of another script (²,
    Arabic-Indic) are not a pick; a full-width one, as Japanese input types it, is."""
    offered = [Suggestion("a", "qa", 0.5), Suggestion("b", "qb", 0.4)]
    assert picked("2", offered) == offered[1]
    assert picked("1", offered) == offered[0]
    assert picked("２", offered) == offered[1]
    for text in (
        "0",
        "3",
        "1965",
        "３",
        "２.",
        "²",
        "\u0662",
        "1.",
        "1 more",
        "-1",
        "01",
        "9" * 5000,
    ):
        assert picked(text, offered) is None, text[:20]
    assert picked("1", []) is None


def test_a_line_of_thousands_of_digits_is_a_question(engine: Engine) -> None:
    """int() refuses a string of more than 4,300 digits: such a line, after a decline that
    offered a list, is refused as too long like any other, and the console goes on (it used
    to end with status 2)."""
    question = "how many coast guard ships patrol dokdo"
    out = io.StringIO()
    code = run_console(engine, io.StringIO(f"{question}\n{'7' * 5000}\nwho controls dokdo\n"), out)
    assert code == 0
    assert "Liancourt Rocks" in out.getvalue().split(PROMPT)[-2]


class _Typing(io.StringIO):
    """Lines typed one by one; `before[n]` runs just before line n is read (0-based)."""

    def __init__(self, lines: list[str], before: dict[int, Callable[[], None]]) -> None:
        super().__init__("".join(f"{line}\n" for line in lines))
        self.before = before
        self.read_lines = 0

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        action = self.before.get(self.read_lines)
        if action is not None:
            action()
        self.read_lines += 1
        return super().readline(-1 if size is None else size)


def test_the_console_answers_from_the_files_as_they_are_now(tiny_knowledge: Path) -> None:
    """A save to the knowledge files while the console runs reaches its next question (the
    console used to answer from what it loaded at start, with CITEBOT_WATCH on); files that
    no longer load leave the last good version answering, said once."""
    facts = tiny_knowledge / "facts" / "islands.yaml"
    original = facts.read_text("utf-8")

    def edit() -> None:
        facts.write_text(original.replace("claimed by two countries.", "claimed by two states."))

    def break_it() -> None:
        facts.write_text("facts: [\n", "utf-8")

    engine = load_engine(tiny_knowledge, None)
    watch = KnowledgeWatch(tiny_knowledge, lambda: load_engine(tiny_knowledge, None))
    question = "where are the example islands"
    typed = _Typing([question, question, question, question], {1: edit, 2: break_it})
    out = io.StringIO()
    assert run_console(engine, typed, out, watch=watch) == 0
    replies = out.getvalue().split(PROMPT)[1:]
    assert "two countries" in replies[0]
    assert "Knowledge reloaded" in replies[1] and "two states" in replies[1]
    assert "still answering from the last good version" in replies[2]
    assert "two states" in replies[2]
    assert "last good version" not in replies[3] and "two states" in replies[3]


def test_an_unreadable_knowledge_file_keeps_the_console_answering(tiny_knowledge: Path) -> None:
    """A load that fails with an OSError (a file another user left unreadable, one removed
    mid-read) is said once and the last good version answers; it ended the console."""
    facts = tiny_knowledge / "facts" / "islands.yaml"
    loads = {"n": 0}

    def load() -> Engine:
        loads["n"] += 1
        raise PermissionError(13, "Permission denied", str(facts))

    engine = load_engine(tiny_knowledge, None)
    watch = KnowledgeWatch(tiny_knowledge, load)
    question = "where are the example islands"

    def touch() -> None:
        facts.write_text(facts.read_text("utf-8") + "\n", "utf-8")

    typed = _Typing([question, question, question], {1: touch})
    out = io.StringIO()
    assert run_console(engine, typed, out, watch=watch) == 0
    replies = out.getvalue().split(PROMPT)[1:]
    assert "could not be read" in replies[1] and "two countries" in replies[1]
    assert "could not be read" not in replies[2] and "two countries" in replies[2]
    assert loads["n"] == 1


def test_a_same_size_edit_within_one_clock_tick_reaches_the_console(
    tiny_knowledge: Path,
) -> None:
    """Two same-size edits in place within one tick of the file system's clock leave one stamp:
    the console looked between them and answered from the first for good (ondisk.py)."""
    from tests.core.moderation.test_watch import _write_in_place

    facts = tiny_knowledge / "facts" / "islands.yaml"
    original = facts.read_text("utf-8")
    tick = time.time_ns() // 1_000_000_000 * 1_000_000_000

    def edit(words: str) -> Callable[[], None]:
        return lambda: _write_in_place(facts, original.replace("two countries.", words), tick)

    engine = load_engine(tiny_knowledge, None)
    watch = KnowledgeWatch(tiny_knowledge, lambda: load_engine(tiny_knowledge, None))
    question = "where are the example islands"
    typed = _Typing([question] * 3, {1: edit("two states.   "), 2: edit("two nations.  ")})
    out = io.StringIO()
    assert run_console(engine, typed, out, watch=watch) == 0
    replies = out.getvalue().split(PROMPT)[1:]
    assert "two states" in replies[1]
    assert "Knowledge reloaded" in replies[2] and "two nations" in replies[2]


JAPANESE = (
    "韓国と自由や民主主義を共有してるって書いてあるのに削除されたとも書いてあるけど、どういうこと？"
)


@pytest.mark.parametrize("width", [20, 30, 41, 60, 80])
def test_wrap_breaks_japanese_between_characters(width: int) -> None:
    """A Japanese sentence, one space-free "word" of 94 columns, is broken between characters
    to fit the window, never before a closing mark, and its number stays beside it."""
    line = f"  1. {JAPANESE}  (official-view-compare-introduction)"
    lines = wrap(line, width)
    assert all(display_width(x) <= width or " " not in x.strip() for x in lines), lines
    assert all(display_width(x) <= width for x in lines if not x.strip().startswith("(")), lines
    assert lines[0].startswith("  1. 韓国")
    assert all(x.startswith("     ") for x in lines[1:])
    assert "".join(x.strip() for x in lines).replace("1. ", "", 1).startswith(JAPANESE)
    assert not any(x.strip()[0] in "、。？" for x in lines[1:])


def test_wrap_moves_a_korean_word_whole() -> None:
    """Korean is spaced: a Korean word that does not fit moves to the next line whole."""
    assert wrap("  • 독도는 누구 땅이야?", 14) == ["  • 독도는", "    누구", "    땅이야?"]


def test_a_history_file_that_cannot_be_written_is_said_once(tmp_path: Path) -> None:
    """The console warned "could not save the console history" under every question typed
    (here the file's place is taken by a directory); it says so once and keeps answering."""
    (tmp_path / "data" / "console_history").mkdir(parents=True)
    console = start(tmp_path)
    try:
        chat(console, ["who controls dokdo", "hello", "who owns takeshima"])
    finally:
        console.proc.kill()
    assert console.plain.count("could not save the console history") == 1
    assert "this session's lines are not kept" in console.plain
    assert console.plain.count("[fact territory-liancourt-rocks-ownership") == 2


def test_a_byte_order_mark_before_the_first_piped_line_is_not_part_of_it(tmp_path: Path) -> None:
    """Questions piped from a file saved with a byte order mark (a Windows editor,
    PowerShell): the first line began with U+FEFF, which strip() keeps, so a first line
    "quit" was asked as a question and the questions after it answered; it now leaves."""
    proc = run_bot_with_input(
        ["run"],
        "\ufeffquit\nwho controls dokdo\n".encode(),
        cwd=tmp_path,
        env=bot_env(tmp_path / "data", SHIPPED),
    )
    assert proc.returncode == 0
    text = proc.stdout.decode("utf-8")
    assert text.endswith(f"{PROMPT}quit\n") and text.count(PROMPT) == 1, text
    assert "[fact" not in text and "I can't find that" not in text


@pytest.mark.parametrize("word", ["ｑｕｉｔ", "ＥＸＩＴ", "Quit", "종료", "終了"])
def test_quit_typed_full_width_or_in_korean_or_japanese_leaves(word: str, engine: Engine) -> None:
    """A Japanese input method in full-width mode types "ｑｕｉｔ": it was asked as a question,
    declined, and the console went on, as it did for "종료" and "終了". They leave, and the
    line after them is never asked."""
    out = io.StringIO()
    assert run_console(engine, io.StringIO(f"{word}\nwho controls dokdo\n"), out) == 0
    replies = out.getvalue().split(PROMPT)[1:]
    assert replies == [f"{word}\n"], replies


def test_piped_questions_are_shown_after_the_prompt_in_the_output(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Questions piped in (`run < questions.txt > log`) are echoed by no terminal: the output
    held no question, and each answer followed "you> " as if the asker had said it. Each
    line read is shown after the prompt, its control characters as escapes."""
    proc = run_bot_with_input(
        ["run"],
        b"where are the example islands\n\x1b[2Jhow much was trade in 1999\n",
        cwd=tmp_path,
        env=bot_env(tmp_path / "data", tiny_knowledge),
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    text = proc.stdout.decode("utf-8")
    assert "\x1b" not in text
    first, second = text.split(PROMPT)[1:3]
    assert first.startswith("where are the example islands\nThe Example Islands are rocks")
    assert second.startswith("\\x1b[2Jhow much was trade in 1999\n")


def test_wrap_keeps_the_two_spaces_before_a_suggestions_fact_id() -> None:
    """A suggestion reads "question  (fact-id)": in a line that was wrapped the two spaces
    became one, and only there, so the id ran into the question on narrow windows."""
    assert wrap("  1. one two three four five six  (fact-id)", 30) == [
        "  1. one two three four five",
        "     six  (fact-id)",
    ]
    assert wrap("  1. one two three four five  (fact-id)", 30) == [
        "  1. one two three four five",
        "     (fact-id)",
    ]


def test_an_ascii_terminal_is_wrapped_as_its_escapes_are_printed(tmp_path: Path) -> None:
    """On a terminal whose encoding cannot show Korean (`PYTHONIOENCODING=ascii`, a Latin-1
    one), each character is printed as a six-column escape (`\\ub3c5`) but was counted as
    two columns: Korean lines ran 30 columns past a 60-column window. Lines fit."""
    term = Pty(tmp_path, bot_env(tmp_path / "data", SHIPPED, PYTHONIOENCODING="ascii"))
    try:
        term.wait_for("you>")
        term.send("독도는 누구 땅이야\r")
        term.wait_for("you>", count=2)
        term.send("\x04")
        assert term.close() == 0
    finally:
        term.proc.kill()
    answer = term.plain[term.plain.index("facts loaded") :]
    assert "\\ub3c5\\ub3c4" in answer  # the answer holds Korean, escaped
    lines = [line for line in answer.split("\n")[1:] if line.strip()]
    too_wide = [x for x in lines if len(x) > COLUMNS and " " in x.strip()]
    assert not too_wide, too_wide


def test_a_multi_line_paste_is_one_question_and_one_history_line(tmp_path: Path) -> None:
    """A question pasted over two lines arrives whole (readline's bracketed paste), and is
    asked as one; its line breaks went into the history file, which the next session read
    as two entries, recalling "dokdo" alone. It is kept as one line."""
    term = start(tmp_path)
    try:
        term.wait_for("you>")
        term.send("\x1b[200~who controls\ndokdo\x1b[201~\r")
        term.wait_for("you>", count=2)
        term.send("\x04")
        assert term.close() == 0
    finally:
        term.proc.kill()
    assert "[fact territory-liancourt-rocks-ownership" in term.plain
    history = tmp_path / "data" / "console_history"
    assert history.read_text("utf-8").splitlines() == ["who controls dokdo"]


def test_the_loading_line_fits_an_ascii_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loading line is cut to the window, and was cut before "…" became the six columns
    of "\\u2026" on an ASCII terminal: it ran past a 40-column edge, wrapped, and clearing it
    left its first row above the prompt."""
    monkeypatch.setenv("COLUMNS", "40")
    master, slave = os.openpty()
    try:
        with open(slave, "w", encoding="ascii", errors="backslashreplace") as out:
            term = Terminal(out, env={})
            assert term.tty
            term.progress("reading the engine snapshot", 0, 0)
            out.flush()
            shown = ANSI.sub("", os.read(master, 4096).decode("ascii")).replace("\r", "")
    finally:
        os.close(master)
    assert shown.startswith("loading: reading the engine snapshot"), shown
    assert len(shown) <= 39, shown
