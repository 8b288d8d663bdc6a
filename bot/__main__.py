"""`python -m bot`: one way in for every front end."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m bot` and the `citebot` script; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if sys.stdout is None:
        # Started with standard output closed (`>&-`, a service or cron job without one):
        # Python sets sys.stdout to None, and the first line written was an AttributeError
        # traceback, which made `health` report 1 for a healthy bot. What would have been
        # printed is dropped instead, as print() itself does.
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (process-long)
    try:
        if args[:1] == ["health"]:
            # The container health check runs every few seconds: it reads one small file and
            # must not pay for importing the engine, numpy and discord.py that the command
            # line loads.
            from .health import run

            return run(args[1:])
        if args[:1] == ["run"]:
            from .stopping import hold_early_stops

            hold_early_stops()  # a SIGTERM while the imports below run is acted on, not lost
        from .cli import main as cli_main

        return cli_main(args)
    except KeyboardInterrupt:
        # Ctrl-C in the half second the imports take (`ask` typed by mistake) printed a
        # traceback of whatever module was loading; later it is cli.main's 130, as here.
        return 130


if __name__ == "__main__":
    sys.exit(main())
