"""Every file of a knowledge directory, for the scans that must see each one the loader reads.

The loader reads `facts/*.yaml` through a `facts` folder that is a symlink (to a checkout
elsewhere, say), but `Path.rglob` does not follow symlinked folders (3.13 only on request): the
engine snapshot's key, the per-file cache's and the watcher's stamps then left every fact file
out. A change to one was never seen, the old snapshot kept serving, and the next save, built
on the stale fact, wrote the earlier change away.
"""

from __future__ import annotations

import os
from pathlib import Path


def knowledge_files(root: Path) -> list[Path]:
    """The paths of the entries that are not folders under `root`, at any depth, symlinked
    folders followed (each folder once, so a link to a folder above cannot loop). What they are
    (regular file, dangling link, FIFO) is the caller's to check."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for folder, subfolders, names in os.walk(root, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError:  # removed while we looked; the next scan sees the new state
            subfolders[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            subfolders[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        found.extend(Path(folder, name) for name in names)
    return found
