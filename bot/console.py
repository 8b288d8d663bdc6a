"""The console chat: the same engine as the Discord bot, in a terminal."""

from __future__ import annotations

from typing import TextIO

from .core.engine.answer import Engine
from .render import render_answer

PROMPT = "you> "


def run_console(engine: Engine, stdin: TextIO, out: TextIO) -> int:
    """Answer one question per line until EOF or 'quit'; returns 0."""
    out.write(
        f"citebot console: {len(engine.facts)} facts loaded. "
        "Ask a question; 'quit' or Ctrl-D to leave.\n"
    )
    while True:
        out.write(PROMPT)
        out.flush()
        line = stdin.readline()
        if not line:
            out.write("\n")
            return 0
        text = line.strip()
        if text.lower() in {"quit", "exit", ":q"}:
            return 0
        if not text:
            continue
        out.write(render_answer(engine.ask(text)) + "\n\n")
