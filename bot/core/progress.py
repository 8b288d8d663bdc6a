"""How long work in the core says how far it has got, for a front end to show.

Loading 100,000 facts takes most of a minute; a console that stays silent that long looks
hung. The core only calls a `Progress` it is given (never prints), so each front end decides
what to show: the console a line on a terminal, everything else nothing.
"""

from __future__ import annotations

from collections.abc import Callable

# progress(stage, done, total): what is being done, and how far (total 0: no count known).
Progress = Callable[[str, int, int], None]


def silent(stage: str, done: int, total: int) -> None:
    """The default: report nothing."""
