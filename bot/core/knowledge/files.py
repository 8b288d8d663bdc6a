"""Every file of a knowledge directory, for the scans that must see each one the loader reads.

The loader reads `facts/*.yaml` through a `facts` folder that is a symlink (to a checkout
elsewhere, say), but `Path.rglob` does not follow symlinked folders (3.13 only on request): the
engine snapshot's key, the per-file cache's and the watcher's stamps then left every fact file
out. A change to one was never seen, the old snapshot kept serving, and the next save, built
on the stale fact, wrote the earlier change away.

What editors and tools keep beside the files is left out (`not_knowledge`): a swap, backup or
auto-save file is rewritten every few seconds while a file is open, and a knowledge directory
that is a git checkout has its `.git` rewritten by every `git status`. Each such write reloaded
the whole knowledge base (a minute at scale), reported a broken file's problems again, and
changed the snapshot's key and every cached share's. The loader reads no such file (a document
given such a name is refused: sources.py), so none can change what is served.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath


def not_knowledge(name: str) -> bool:
    """Whether a file or folder of this name is an editor's or a tool's, never knowledge:
    hidden (vim's `.x.swp`, emacs's `.#x`, a save's temp file, `.git`), a backup (`x~`) or an
    emacs auto-save (`#x#`)."""
    return name.startswith(".") or name.endswith("~") or (name[:1] == name[-1:] == "#")


def watched(rel: str | PurePath) -> bool:
    """Whether a path relative to the knowledge directory is one the scans see (no part of it
    `not_knowledge`; a `..` that leads back in is no name)."""
    return not any(not_knowledge(part) for part in PurePath(rel).parts if part != "..")


def knowledge_files(root: Path) -> list[Path]:
    """The paths of the entries that are not folders under `root`, at any depth, symlinked
    folders followed (each folder once, so a link to a folder above cannot loop), but for what
    editors and tools keep there (`not_knowledge`). What they are (regular file, dangling link,
    FIFO) is the caller's to check."""
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
        subfolders[:] = [name for name in subfolders if not not_knowledge(name)]
        found.extend(Path(folder, name) for name in names if not not_knowledge(name))
    return found
