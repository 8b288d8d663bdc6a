"""What the store last saw of the knowledge files on disk, and the checks against it.

Each file's (mtime, size, inode) is what tells that someone else changed it: another process's
save, an editor, a `git pull`. The store reloads from the files when they differ from what it
last read or wrote, and refuses to replace a file that changed since it planned a change on it.
Kept apart from the store, whose job is the changes themselves, and used by the console's
watcher as well.

A file's mtime is the file system's clock at the write, and that clock ticks coarsely: the
kernel's coarse clock (a few milliseconds) on ext4 and tmpfs, a second on ext3, HFS+ and many
network shares, two on FAT. Two writes of one file in place (an editor that does not rename, a
`cp` over it, a `git checkout` of a same-size version) within one tick, of the same size, leave
it the same stamp: a scan taken between them took the first for the file's last version, and
the second was never seen. As git does for the files of its index it calls "racily clean", a
file whose stamp was fresh when it was taken (within RACY_NS of the scan) has its content
digest kept, and is compared by content at the next scan while its stamp stays the same
(`FreshFiles`).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from pathlib import Path

from ..errors import ConflictError
from ..knowledge.files import knowledge_files
from .atomic import is_temp

Snapshot = dict[str, tuple[int, int, int]]


def file_stamps(root: Path) -> Snapshot:
    """Each file under `root` (its path relative to `root`) with its mtime, size and inode:
    what tells a watcher that a file changed. A save's temp file is left out."""
    stamps: Snapshot = {}
    for path in knowledge_files(Path(root)):
        if is_temp(path):
            continue
        try:
            st = path.stat()
        except OSError:
            continue  # removed while we looked; the next look sees the new state
        if path.is_file():
            stamps[str(path.relative_to(root))] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return stamps


# A stamp taken this close to the file's mtime may not tell a later write in the same tick.
RACY_NS = 2_000_000_000


def content_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _digest_of(path: Path) -> bytes | None:
    try:
        return content_digest(path.read_bytes())
    except OSError:
        return None  # gone or unreadable: the next scan's stamp says so


class FreshFiles:
    """The content digests of the files whose stamps were fresh when they were taken."""

    def __init__(self) -> None:
        self.digests: dict[str, bytes | None] = {}

    def edited_unseen(self, root: Path, old: Snapshot, new: Snapshot, started: int) -> set[str]:
        """The files whose stamp in `new` (a scan begun at `started`, time.time_ns) is their
        stamp in `old` although their content changed since `old` was taken; the files fresh
        in `new` are remembered, by content, for the next scan. A file is read only when its
        stamp was or is fresh: a few files, just edited."""
        edited: set[str] = set()
        fresh: dict[str, bytes | None] = {}
        for rel, stamp in new.items():
            known = rel in self.digests and old.get(rel) == stamp
            if not known and stamp[0] < started - RACY_NS:
                continue
            digest = _digest_of(Path(root) / rel)
            if known and digest != self.digests[rel]:
                edited.add(rel)
            if stamp[0] >= started - RACY_NS:
                fresh[rel] = digest
        self.digests = fresh
        return edited

    def changed_since(self, root: Path, rel: str) -> bool:
        """Whether `rel`, fresh at the last scan, no longer holds what it held then (False
        for a file that was not fresh: its stamp tells)."""
        return rel in self.digests and _digest_of(Path(root) / rel) != self.digests[rel]

    def note(self, rel: str, data: bytes) -> None:
        """`data` was just written to `rel` (its stamp is fresh)."""
        self.digests[rel] = content_digest(data)


def fact_file_stems(paths: set[str]) -> list[str] | None:
    """The topics of the changed paths when every one is a fact file (facts/<topic>.yaml)."""
    stems: list[str] = []
    for path in sorted(paths):
        parts = Path(path).parts
        if parts[-1].startswith("."):
            continue  # a hidden file is no knowledge (factfile.fact_paths)
        if len(parts) != 2 or parts[0] != "facts" or not parts[1].endswith(".yaml"):
            return None
        stems.append(parts[1][: -len(".yaml")])
    return stems


class SeenFiles:
    """The knowledge files under `root` as last read or written (`snapshot`), and the stamps
    of their directories (`dirs`), which every save's rename changes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.snapshot: Snapshot = {}
        self.dirs: dict[str, tuple[int, int]] = {}
        self.fresh = FreshFiles()  # the files whose stamps may not tell the next write

    def changed(self, snapshot: Snapshot) -> set[str]:
        """The paths whose stamps differ between `snapshot` and the one last seen."""
        return {
            path
            for path in set(snapshot) | set(self.snapshot)
            if snapshot.get(path) != self.snapshot.get(path)
        }

    def dir_stamps(self, dirs: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Each directory's (mtime, inode); a directory gone is left out."""
        stamps: dict[str, tuple[int, int]] = {}
        for name in dirs:
            try:
                st = (self.root / name).stat()
            except OSError:
                continue  # gone: differs from the recorded stamp
            stamps[name] = (st.st_mtime_ns, st.st_ino)
        return stamps

    def scan(self) -> Snapshot:
        """The files as they are now (not yet taken as seen); their directories are noted."""
        # The known directories' stamps are taken first, so a save during the scan shows next
        # time (a directory new to this scan is stamped after it).
        started = time.time_ns()
        stamps = self.dir_stamps({"."} | {str(Path(path).parent) for path in self.snapshot})
        snapshot = file_stamps(self.root)
        new_dirs = {str(Path(path).parent) for path in snapshot} - set(stamps)
        self.dirs = {**stamps, **self.dir_stamps(new_dirs)}
        edited = self.fresh.edited_unseen(self.root, self.snapshot, snapshot, started)
        if edited:
            # Written again within their stamps' clock tick (FreshFiles): forgotten, so that the
            # comparison with this scan takes them for changed and reads them again.
            self.snapshot = {k: v for k, v in self.snapshot.items() if k not in edited}
        return snapshot

    def saved_elsewhere(self) -> bool:
        """Whether a directory changed since the last scan (see KnowledgeStore.saved_elsewhere);
        also true when nothing was seen yet, so that the next poll reads everything."""
        return not self.snapshot or self.dir_stamps(self.dirs) != self.dirs

    def unchanged_since_planned(self, path: Path) -> None:
        """Refuse to replace a file that changed since the scan a change was planned on
        (`_sync`'s): an editor's save or a `git pull` landing in those milliseconds was written
        over, or built into this change unvalidated, and never looked at again."""
        rel = str(path.relative_to(self.root))
        try:
            st = path.stat()
            now: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except FileNotFoundError:
            now = None
        # (and by content, for a file whose stamp was fresh: a same-size save in place within
        # its clock tick leaves the stamp as it was; FreshFiles)
        if now != self.snapshot.get(rel) or self.fresh.changed_since(self.root, rel):
            reason = f"{rel} changed on disk while this change was being saved (an editor, or git)"
            raise ConflictError(
                f"{reason}: nothing was saved. Try again: it will be checked against the file"
                " as it is now.",
                reason=reason,
            )

    def note_written(self, path: Path, data: bytes) -> None:
        """Take the file this store just wrote (`data`) as seen, so it is not reloaded as
        someone else's change."""
        st = path.stat()
        snapshot = dict(self.snapshot)
        rel = str(path.relative_to(self.root))
        self.fresh.note(rel, data)  # a write in the same tick after it must still show
        snapshot[rel] = (st.st_mtime_ns, st.st_size, st.st_ino)
        self.snapshot = snapshot

    @property
    def version(self) -> str:
        """A short hash of the stamps seen (see KnowledgeStore.version)."""
        blob = json.dumps(sorted(self.snapshot.items())).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:12]
