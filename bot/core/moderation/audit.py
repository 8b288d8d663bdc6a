"""The audit log: one JSON object per line in data_dir/audit.jsonl, appended and fsynced.

The store appends an entry *before* it replaces the knowledge file, so a crash can leave at most
the last entry describing a change that never landed; `KnowledgeStore` reconciles that entry
against the files at start-up (and after a failed save) and drops it. A torn last line (a crash
mid-write, or a block of zeros after a power cut) is truncated away by `recover()`.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from ...log import get_logger
from .atomic import fsync_dir, write_atomic

log = get_logger(__name__)

Action = Literal["add", "edit", "remove", "alias", "revert"]
ACTIONS: tuple[str, ...] = ("add", "edit", "remove", "alias", "revert")


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change: who, when, what, and the state before and after it."""

    n: int
    time: str
    user_id: int | None
    user_name: str
    action: str
    fact_id: str | None  # None for alias changes
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    topic: str | None = None  # the fact's file stem; None for alias changes

    def to_json(self) -> str:
        """The entry as one line of the log (without the newline)."""
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> AuditEntry:
        """Parse one line; ValueError if it is not a well-formed entry."""
        data = json.loads(line)
        if not isinstance(data, dict):
            raise ValueError("an audit line must be a JSON object")
        n, action = data.get("n"), data.get("action")
        if not isinstance(n, int) or isinstance(n, bool) or action not in ACTIONS:
            raise ValueError("an audit line needs an integer n and a known action")
        for key in ("before", "after"):
            if data.get(key) is not None and not isinstance(data[key], dict):
                raise ValueError(f"{key} must be an object or null")
        user_id = data.get("user_id")
        return cls(
            n=n,
            time=str(data.get("time", "")),
            user_id=user_id if isinstance(user_id, int) else None,
            user_name=str(data.get("user_name", "")),
            action=str(action),
            fact_id=data["fact_id"] if isinstance(data.get("fact_id"), str) else None,
            before=data.get("before"),
            after=data.get("after"),
            topic=data["topic"] if isinstance(data.get("topic"), str) else None,
        )


class AuditLog:
    """Append-only JSON lines. Not locked itself: the store serialises every writer.

    Beside it, `audit.landed` holds the number of the last entry whose change reached the
    files, written by the store after each file: an entry numbered above it may be a save
    killed before its file, one at or below it landed (if the file says otherwise, it was
    changed since by hand: an editor's older buffer, a `git checkout`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.landed_path = path.with_name(path.stem + ".landed")
        self._index: _Index | None = None  # where each fact's lines are (`entries_of`)
        self._reading = threading.Lock()

    def landed(self) -> int | None:
        """The number of the last entry known to have landed (None: not recorded here yet)."""
        try:
            return int(self.landed_path.read_text("utf-8").strip())
        except (OSError, ValueError):
            return None

    def mark_landed(self, n: int) -> None:
        """Record that entry `n`'s change reached the files (atomically, fsynced)."""
        write_atomic(self.landed_path, f"{n}\n".encode())

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def _last_line(self) -> tuple[int, bytes]:
        """Start offset and bytes of the last newline-terminated line (0, b"" if none)."""
        size = self._size()
        if size == 0:
            return 0, b""
        with self.path.open("rb") as f:
            buf, pos, step = b"", size, 4096
            while pos > 0:
                take = min(step, pos)
                pos -= take
                f.seek(pos)
                buf = f.read(take) + buf
                cut = buf.rfind(b"\n", 0, len(buf) - 1)
                if cut != -1:
                    return pos + cut + 1, buf[cut + 1 :]
                step *= 2
            return 0, buf

    def recover(self, unreadable: bool = True) -> None:
        """Truncate a torn last line: bytes after the last newline (a writer killed or a power
        cut mid-append: the next entry must not be glued to them), and, if `unreadable`, a
        whole last line that is no entry of any version (garbage, zeros). An entry this version
        cannot read (a newer citebot's action, after a rollback) is kept: it is whole, and
        removing it at every start lost that change's record. Earlier lines are never touched."""
        size = self._size()
        if size == 0:
            return
        with self.path.open("rb") as f:
            f.seek(max(0, size - 1))
            ends_cleanly = f.read(1) == b"\n"
        if not ends_cleanly:
            with self.path.open("rb") as f:
                data = f.read()
            keep = data.rfind(b"\n") + 1
            log.warning(
                "audit log %s: removing a torn last line of %d bytes", self.path, size - keep
            )
            self.truncate(keep)
        if not unreadable:
            return
        start, line = self._last_line()
        if line and self._number(line) is None:
            log.warning("audit log %s: removing an unreadable last line: %r", self.path, line[:200])
            self.truncate(start)

    @staticmethod
    def _number(line: bytes) -> int | None:
        """The number of an entry of any version (a JSON object with an integer `n`), even
        one this version cannot read; None for anything else."""
        try:
            data = json.loads(line.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        n = data.get("n") if isinstance(data, dict) else None
        return n if isinstance(n, int) and not isinstance(n, bool) else None

    def last_line(self) -> AuditEntry | None:
        """The entry on the last line, or None when there is none or it cannot be read (then
        `drop_last` would drop that line, not an entry before it)."""
        _, line = self._last_line()
        try:
            return AuditEntry.from_json(line.decode("utf-8")) if line else None
        except (ValueError, UnicodeDecodeError):
            return None

    def last(self) -> AuditEntry | None:
        """The most recent readable entry, or None when there is none."""
        found = self.last_line()
        if found is not None or self._size() == 0:
            return found
        entries = self.entries()  # rare: an unreadable line was appended by someone else
        return entries[-1] if entries else None

    def next_n(self) -> int:
        """The sequence number of the next entry: after the last line's, also when this
        version cannot read that entry (numbers are never reused)."""
        last = self.last()
        _, line = self._last_line()
        kept = self._number(line) if line else None
        return max(last.n if last else 0, kept or 0) + 1

    def entries(self) -> list[AuditEntry]:
        """Every readable entry, oldest first (an unreadable line is logged and skipped)."""
        if not self.path.exists():
            return []
        out: list[AuditEntry] = []
        with self.path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                if not raw.endswith(b"\n"):
                    break  # a torn tail that recover() has not seen yet
                try:
                    out.append(AuditEntry.from_json(raw.decode("utf-8")))
                except (ValueError, UnicodeDecodeError):
                    log.warning("audit log %s: skipping unreadable line %d", self.path, number)
        return out

    def entries_of(self, fact_id: str | None) -> list[AuditEntry]:
        """The entries of one fact (None: the alias changes, which name no fact), oldest
        first, read through an index of where each fact's lines are: parsing the whole log
        for a fact's history took a second at 10,000 entries, and the revert form's
        autocomplete asks at every keystroke. The index keeps
        offsets only (not the entries: the log may hold hundreds of MB of them)."""
        with self._reading:
            try:
                f = self.path.open("rb")
            except FileNotFoundError:
                self._index = None
                return []
            with f:
                found = self._read_indexed(f, fact_id)
                if found is None:  # the log changed under the index (see below): once more
                    self._index = None
                    found = self._read_indexed(f, fact_id)
        if found is None:  # changing still: read it whole
            return [e for e in self.entries() if e.fact_id == fact_id]
        return found

    def _read_indexed(self, f: BinaryIO, fact_id: str | None) -> list[AuditEntry] | None:
        """The fact's entries at the offsets the index has, or None when one is not there any
        more: another process (the CLI) may cut the log back and append between the index's
        check and these reads, and a line of another fact was offered as this fact's."""
        found: list[AuditEntry] = []
        for offset, length in self._indexed(f).lines_of.get(fact_id, ()):
            f.seek(offset)
            try:
                entry = AuditEntry.from_json(f.read(length).decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                return None
            if entry.fact_id != fact_id:
                return None
            found.append(entry)
        return found

    def fact_ids(self) -> set[str]:
        """Every fact id the log records a change of (removed facts' included)."""
        with self._reading:
            try:
                f = self.path.open("rb")
            except FileNotFoundError:
                self._index = None
                return set()
            with f:
                return {i for i in self._indexed(f).lines_of if i is not None}

    def _indexed(self, f: BinaryIO) -> _Index:
        """The index of the open log `f`: the one kept, extended by the lines appended since;
        built again from the start when the log was cut back or replaced (the last line
        indexed must still be where it was)."""
        st = os.fstat(f.fileno())
        index = self._index
        if index is None or not index.continues(f, st.st_ino, st.st_size):
            index = _Index(st.st_ino, 0, b"", {})
        elif st.st_size == index.offset:
            return index  # nothing appended: no copy of the whole index per keystroke
        lines_of = {k: list(v) for k, v in index.lines_of.items()}
        offset, tail = index.offset, index.tail
        f.seek(offset)
        for raw in f:
            if not raw.endswith(b"\n"):
                break  # a torn tail that recover() has not seen yet
            try:
                fact_id = AuditEntry.from_json(raw.decode("utf-8")).fact_id
            except (ValueError, UnicodeDecodeError):
                fact_id = None  # unreadable: skipped, as entries() skips it
            else:
                lines_of.setdefault(fact_id, []).append((offset, len(raw)))
            offset += len(raw)
            tail = raw
        self._index = _Index(st.st_ino, offset, tail, {k: tuple(v) for k, v in lines_of.items()})
        return self._index

    def append(self, entry: AuditEntry) -> int:
        """Append and fsync one entry; return the offset to truncate to if the change fails.

        On an OSError the log is cut back to where it was before raising.
        """
        created = not self.path.exists()
        line = (entry.to_json() + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            offset = os.fstat(fd).st_size
            try:
                view = memoryview(line)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError:
                os.ftruncate(fd, offset)
                os.fsync(fd)
                raise
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.path.parent)
        return offset

    def drop_last(self) -> None:
        """Remove the last complete line (an entry whose change never landed)."""
        start, line = self._last_line()
        if line:
            self.truncate(start)

    def truncate(self, offset: int) -> None:
        """Cut the log back to `offset` bytes, durably."""
        with self._reading:  # not under a read of the index in another thread
            self._index = None
            self._cut(offset)

    def _cut(self, offset: int) -> None:
        fd = os.open(self.path, os.O_WRONLY)
        try:
            os.ftruncate(fd, offset)
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class _Index:
    """Where each fact's lines are in the log (offset, length), read to `offset` in the file
    `inode`, whose last line indexed is `tail`."""

    inode: int
    offset: int
    tail: bytes
    lines_of: dict[str | None, tuple[tuple[int, int], ...]]

    def continues(self, f: BinaryIO, inode: int, size: int) -> bool:
        """Whether the open log `f` is this one, grown or as it was: same file, not shorter,
        and its last line indexed still in place."""
        if inode != self.inode or size < self.offset:
            return False
        f.seek(self.offset - len(self.tail))
        return f.read(len(self.tail)) == self.tail
