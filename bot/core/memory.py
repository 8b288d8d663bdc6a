"""Giving the memory a build freed back to the system (issue 17).

A cold build at 100,000 facts allocates and frees hundreds of MB of temporaries (the files'
shares as they are unpickled, the index parts, the tokenizer's lists). CPython frees them, but
glibc's allocator keeps most of the freed pages mapped, so the process stayed ~150 MB above
what the engine holds, and the snapshot write (whose pickle memo needs ~190 MB more) pushed the
peak past 800 MB. `malloc_trim(0)` returns those free pages; it takes about 10 ms.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc; musl and others have none
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return the C allocator's free pages to the system; True when some were returned, False
    when none were or the platform's allocator cannot (then it costs nothing)."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
