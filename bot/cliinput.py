"""What the command line's commands read: the engine as configured, and standard input.

`ask`, `eval` and `run` (the console chat) each build the same engine and `ask -` and the
console read the same standard input; kept apart from the commands so that each reads them
the one way, whatever the encoding, byte order mark or line ends of what is piped in.
"""

from __future__ import annotations

import codecs
import io
import sys
from typing import TextIO

from .core.engine.answer import Engine
from .core.engine.embedding import OFF, load_embedder
from .core.engine.snapshot import load_engine
from .core.progress import Progress, silent
from .settings import Settings


def configured_engine(settings: Settings, progress: Progress = silent) -> Engine:
    if settings.embedding_model.casefold() not in OFF:
        progress("loading the embedding model", 0, 0)
    embedder = load_embedder(settings.embedding_model, cache_dir=settings.cache_dir)
    return load_engine(settings.knowledge_dir, settings.cache_dir, embedder, progress)


def open_stdin() -> TextIO:
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
