"""Logging to stdout with one format; the chatty `discord` logger stays at WARNING."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


def setup_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Configure the root logger once; safe to call again (it replaces our handler).

    The bot logs to stdout; command-line tools whose stdout is their output (`ask --json`)
    pass stderr so that a warning never corrupts it.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_citebot", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._citebot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("discord").setLevel(logging.WARNING)


def get_logger(name: str) -> logging.Logger:
    """The logger for a module: call as get_logger(__name__)."""
    return logging.getLogger(name)
