"""The live knowledge base and every change moderators make to it.

`KnowledgeStore` holds one immutable (KnowledgeBase, Engine) pair and swaps it whole; readers
just read `store.kb` / `store.engine`. A change is validated in memory with the loader's own
checks (`validate_fact`, `parse_aliases`, `cross_check`) on the exact text about to be written,
then recorded in the audit log (fsynced), then written atomically, then swapped in.

Writers are serialised by a thread lock and, across processes (the bot and `python -m bot kb`),
by an `flock` on data_dir/store.lock. Before each change the store re-reads the files if they
changed on disk, so an edit made in an editor or by `git pull` is never overwritten from memory.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from ...log import get_logger
from ..engine.answer import Engine
from ..engine.embedding import Embedder
from ..engine.snapshot import load_engine
from ..engine.text import simplify
from ..errors import (
    CitebotError,
    ConflictError,
    KnowledgeError,
    Problem,
    StoreError,
    UnknownFactError,
)
from ..gcpause import paused_gc
from ..knowledge.facttable import FactTable
from ..knowledge.files import knowledge_files
from ..knowledge.loader import load_knowledge, reload_topics
from ..knowledge.models import Fact, KnowledgeBase
from ..memory import release_free_memory
from .atomic import disk_error, disk_reason, is_temp, remove_stale_temps, write_atomic
from .audit import AuditEntry, AuditLog
from .changes import (
    Plan,
    file_order,
    fits_a_file,
    header_of,
    plan_alias,
    plan_fact,
    topic_text,
    validate_topic,
)
from .edits import Actor, FactInput, alias_to_mapping, compact_diff, fact_to_mapping, slug_for

__all__ = [
    "Actor",
    "AuditEntry",
    "FactInput",
    "KnowledgeStore",
    "compact_diff",
    "fact_to_mapping",
]

log = get_logger(__name__)

Snapshot = dict[str, tuple[int, int, int]]
_STOPPING = "The bot is stopping, so nothing was saved. Try again in a minute."
_LOCK_POLL = 0.05  # seconds between two tries of another process's save lock


@dataclass(frozen=True)
class _Live:
    kb: KnowledgeBase
    engine: Engine


def _fact_file_stems(paths: set[str]) -> list[str] | None:
    """The topics of the changed paths when every one is a fact file (facts/<topic>.yaml)."""
    stems: list[str] = []
    for path in sorted(paths):
        parts = Path(path).parts
        if parts[-1].startswith("."):
            continue  # a hidden file is no knowledge (loader.fact_paths)
        if len(parts) != 2 or parts[0] != "facts" or not parts[1].endswith(".yaml"):
            return None
        stems.append(parts[1][: -len(".yaml")])
    return stems


def _version(mapping: dict[str, Any]) -> str:
    blob = json.dumps(mapping, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:12]


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


def _in_its_line_endings(path: Path, text: str) -> bytes:
    """`text` (read and changed with \\n line ends) encoded with the line ends the file on disk
    has: a file saved with \\r\\n on Windows keeps them, so a one-value edit changes one line in
    its history, not every line (`kb fmt` still writes \\n, the canonical form)."""
    try:
        with path.open("rb") as handle:
            crlf = b"\r\n" in handle.read(1 << 16)
    except OSError:
        crlf = False
    return (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")


# How a refusal ends when nothing was written (atomic.disk_error, the conflict checks).
_NOTHING_SAVED = re.compile(r"[.:]? (?:Nothing was changed|nothing was saved)\b", re.IGNORECASE)


def _lock_error(exc: OSError) -> StoreError:
    """The store's lock could not be taken at all (not held by another process: refused):
    a raw OSError reached members as an apology and operators as a traceback."""
    hint = (
        ": its volume takes no file locks (NFS without lockd, some network or FUSE volumes);"
        " put CITEBOT_DATA_DIR on a local disk"
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS)
        else ""
    )
    return StoreError(
        f"Cannot lock data/store.lock ({disk_reason(exc)}){hint}. Nothing was changed."
    )


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file (through a link) now holds exactly `data`: a write interrupted after
    its rename did land. Unreadable counts as not: start-up recovery checks the entry again."""
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _text_of(path: Path) -> str | None:
    """A knowledge file's current text (None if it does not exist yet), to edit in place.

    `_sync` has just loaded these files, so the text holds exactly the live facts.
    """
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read %s to keep its layout (%s); writing it canonically", path, exc)
        return None


class KnowledgeStore:
    """The knowledge base being served, and the only writer of the knowledge files."""

    def __init__(
        self,
        knowledge_dir: Path,
        data_dir: Path,
        *,
        clock: Callable[[], datetime] | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.knowledge_dir = Path(knowledge_dir)
        self.embedder = embedder
        self.data_dir = Path(data_dir)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._closed = False
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise disk_error(exc, f"the data directory {self.data_dir}") from exc
        # The start takes the lock once the engine is built (below), which takes seconds to a
        # minute at scale: a lock file that cannot be opened is named before, not after.
        self._lock_file().close()
        self.audit = AuditLog(self.data_dir / "audit.jsonl")
        self._disk_problems: tuple[Problem, ...] = ()
        self._rebuild: threading.Thread | None = None
        self._dirs: dict[str, tuple[int, int]] = {}
        self._snapshot: Snapshot = {}
        snapshot = self._scan()
        try:
            engine = load_engine(self.knowledge_dir, self.data_dir / "cache", embedder)
        except KnowledgeError:
            # Read file by file while another process saved a change that spans two files (a
            # removal and the links to it): read again under the lock, where the files are
            # whole. Only a problem found then is the files' own.
            with self._flocked():
                snapshot = self._scan()
                engine = load_engine(self.knowledge_dir, self.data_dir / "cache", embedder)
        self._live = _Live(engine.kb, engine)
        self._snapshot = snapshot
        with self._writing():
            remove_stale_temps(self.knowledge_dir)
            remove_stale_temps(self.knowledge_dir / "facts")
            remove_stale_temps(self.data_dir)  # audit.landed's
            for target in self._link_targets():  # a save through a link writes beside its file
                remove_stale_temps(target.parent, of=target.name)
            self._recover(at_start=True)
        self.facts_reader: threading.Thread | None = None
        facts = self.kb.facts
        if isinstance(facts, FactTable) and facts.unread_chunks:
            # Read from the snapshot, the facts are unpickled as questions need them; the rest
            # are read now, in the background (once the store is ready: it would slow the start
            # down), so the first change made here or seen from another process does not wait
            # for them (about 0.5 s at 100,000 facts).
            self.facts_reader = threading.Thread(
                target=facts.read_all, name="citebot-read-facts", daemon=True
            )
            self.facts_reader.start()

    def _link_targets(self) -> list[Path]:
        """The files that the knowledge's symlinked YAML files point to, outside its folders."""
        ours = {self.knowledge_dir.resolve(), (self.knowledge_dir / "facts").resolve()}
        targets: list[Path] = []
        for folder in (self.knowledge_dir, self.knowledge_dir / "facts"):
            try:
                links = [p for p in folder.glob("*.yaml") if p.is_symlink()]
            except OSError:
                continue
            for link in links:
                target = Path(os.path.realpath(link))
                if target.parent not in ours:
                    targets.append(target)
        return targets

    # -- reading ---------------------------------------------------------------------------

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base being served (immutable; replaced whole on every change)."""
        return self._live.kb

    @property
    def engine(self) -> Engine:
        """The answer engine over `kb`."""
        return self._live.engine

    def version_of(self, fact_id: str) -> str:
        """A short hash of the fact as stored; pass it back to edit/remove to detect conflicts."""
        fact = self.kb.fact(fact_id)
        if fact is None:
            raise UnknownFactError(fact_id)
        return _version(fact_to_mapping(fact))

    def topics(self) -> list[str]:
        """The fact file stems, in file order."""
        return sorted(self.kb.topics, key=file_order)

    def history(self, fact_id: str) -> list[AuditEntry]:
        """Every recorded change of a fact, oldest first (also after it was removed)."""
        # A failed save, here or in a process killed mid-save, may have left an entry that must
        # not show (checked under the lock, as a save does; not once the store is closed).
        try:
            with self._writing():
                if not self._disk_problems:
                    self._recover()
        except StoreError:
            pass  # closed: the log is read as it is
        return self._entries_of(fact_id)

    def recorded(self, fact_id: str) -> list[AuditEntry]:
        """The fact's changes as the log holds them now, without the lock `history` takes
        to drop a killed save's entry first: for the revert form's autocomplete, where a save
        under way must not hold up the choices of every keystroke."""
        return self._entries_of(fact_id)

    def _entries_of(self, fact_id: str) -> list[AuditEntry]:
        return self.audit.entries_of(fact_id)

    # -- changes ---------------------------------------------------------------------------

    def add_fact(self, fields: FactInput, actor: Actor, topic: str) -> Fact:
        """Add a new fact to the topic file `facts/<topic>.yaml` (created if new)."""
        with self._writing():
            self._sync()
            kb, stamp = self.kb, self._stamp()
            # Nor the id of a fact removed before: its history and the undo hint of its
            # removal ("/kb revert id:… to:1") would then be another fact's, and following the
            # hint replaced the new fact with the old one.
            taken = set(kb.fact_ids) | self.audit.fact_ids()
            fact_id = slug_for(fields, topic, taken)
            raw = fields.to_raw(fact_id, None, actor.name, stamp)
            fact = self._apply("add", fact_id, topic, raw, actor, stamp, replacing=False)
            assert fact is not None
            return fact

    def edit_fact(
        self, fact_id: str, fields: FactInput, actor: Actor, expected_version: str
    ) -> Fact:
        """Replace a fact's questions, answer, first source, tags and see_also."""
        with self._writing():
            self._sync()
            current = self._current(fact_id, expected_version)
            stamp = self._stamp()
            raw = fields.to_raw(fact_id, current, actor.name, stamp)
            fact = self._apply("edit", fact_id, current.topic, raw, actor, stamp)
            assert fact is not None
            return fact

    def exclude_question(self, fact_id: str, question: str, actor: Actor) -> Fact:
        """Add a question the fact does not answer to its `does_not_answer` (an audited edit,
        validated like any other): that question and those closer to it than to the fact's
        own phrasings are no longer answered by this fact (engine/refusals.py)."""
        with self._writing():
            self._sync()
            current = self._current(fact_id, None)
            if simplify(question) in {simplify(q) for q in current.does_not_answer}:
                # Already excluded (by another moderator, or in other case): nothing to save,
                # where validation refused it as "listed twice", read as a failure.
                return current
            fields = replace(
                FactInput.from_fact(current),
                does_not_answer=[*current.does_not_answer, question.strip()],
            )
            stamp = self._stamp()
            raw = fields.to_raw(fact_id, current, actor.name, stamp)
            fact = self._apply("edit", fact_id, current.topic, raw, actor, stamp)
            assert fact is not None
            return fact

    def linked_from(self, fact_id: str) -> list[str]:
        """The facts that list `fact_id` under see_also, in file order."""
        return [f.id for f in self.kb.facts if fact_id in f.see_also]

    def remove_fact(
        self,
        fact_id: str,
        actor: Actor,
        expected_version: str | None = None,
        *,
        unlink: bool = False,
    ) -> list[str]:
        """Remove a fact (its history stays in the audit log and `revert` can bring it back).

        Other facts' see_also links to it would dangle, so the removal is refused while there
        are any, unless `unlink`: then each linking fact is first edited to drop the link, all
        under the one writer lock. Every step is a valid knowledge base of its own and is
        audited in that fact's history (a crash between steps leaves links dropped and the
        fact still there, never a dangling link). Returns the facts whose link was dropped.
        """
        with self._writing():
            self._sync()
            current = self._current(fact_id, expected_version)
            stamp = self._stamp()
            linking = [f for f in self.kb.facts if fact_id in f.see_also] if unlink else []
            if not linking:
                self._apply("remove", fact_id, current.topic, None, actor, stamp)
                return []
            try:
                return self._unlink_and_remove(current, linking, actor, stamp)
            except BaseException:
                # Some steps may have landed: serve exactly what is on disk now. Read whole:
                # the steps' own files carry the stamps they were written with, so a reload of
                # what changed since would leave them unread, their links still served (and
                # written back by the next edit of those facts).
                self._snapshot = {}
                self._reload(self._scan())
                raise

    def _unlink_and_remove(
        self, current: Fact, linking: list[Fact], actor: Actor, stamp: str
    ) -> list[str]:
        """Drop the links to `current` one fact at a time, then remove it; the engine is
        rebuilt once, at the end (a rebuild takes seconds on a large knowledge base)."""
        kb = self.kb
        dropped: list[str] = []
        try:
            for other in linking:
                kb = self._drop_link(kb, other, current.id, actor, stamp)
                dropped.append(other.id)
            plan = self._plan(kb, current.topic, current.id, None)
            self._commit(plan, "remove", current.id, current.topic, actor, stamp)
        except CitebotError as exc:
            if not dropped:
                raise
            # "Nothing was changed" (or "nothing was saved") is no longer true: the reason,
            # then what was saved and what was not.
            reason = _NOTHING_SAVED.split(str(exc), maxsplit=1)[0].rstrip(" .:")
            raise StoreError(
                f"{reason}. {current.id} was not removed, but the links to it were already "
                f"dropped from {', '.join(dropped)} (saved, each in its history): run the "
                "removal again once the cause is fixed."
            ) from exc
        return dropped

    def _drop_link(
        self, kb: KnowledgeBase, other: Fact, target: str, actor: Actor, stamp: str
    ) -> KnowledgeBase:
        """One step of `_unlink_and_remove`: `other` without its link to `target`, saved."""
        raw = fact_to_mapping(other)
        kept = [ref for ref in other.see_also if ref != target]
        if kept:
            raw["see_also"] = kept
        else:
            del raw["see_also"]
        raw["updated_by"], raw["updated_at"] = actor.name, stamp
        # Each step edits the file as the previous one left it, in place: the comments
        # moderators wrote in it survive (a canonical rewrite dropped them).
        plan = self._plan(kb, other.topic, other.id, raw)
        self._commit(plan, "edit", other.id, other.topic, actor, stamp, swap=False)
        return plan.kb

    def revert(self, fact_id: str, to: int, actor: Actor) -> Fact | None:
        """Restore the fact as it was after audit entry `to` (0: before its first recorded
        change); the revert is itself recorded. Returns None if that state is "removed"."""
        with self._writing():
            self._sync()
            entries = self._entries_of(fact_id)
            if to == 0 and entries:
                target, topic_hint = entries[0].before, entries[0].topic
            else:
                entry = next((e for e in entries if e.n == to), None)
                if entry is None:
                    raise CitebotError(
                        f"Change #{to} is not a change of fact '{fact_id}'; see its history."
                    )
                target, topic_hint = entry.after, entry.topic
            current = self.kb.fact(fact_id)
            stamp = self._stamp()
            if target is None:
                if current is None:
                    return None
                return self._apply("revert", fact_id, current.topic, None, actor, stamp)
            raw = {**target, "updated_by": actor.name, "updated_at": stamp}
            topic = current.topic if current else (topic_hint or "")
            return self._apply("revert", fact_id, topic, raw, actor, stamp)

    def add_alias(self, canonical: str, name: str, actor: Actor, *, wait: bool = True) -> None:
        """Add `name` to the alias group of `canonical`, creating the group if there is none.

        A new name changes how every text reads, so the engine is rebuilt in the background
        while the current one keeps answering everyone else; with `wait` (the default) this
        call returns once the new engine is served, so "it applies now" is true for the
        moderator who made the change."""
        with self._writing():
            self._sync()
            path = self.knowledge_dir / "aliases.yaml"
            plan = plan_alias(self.kb, canonical, name, header_of(path), on_disk=_text_of(path))
            self._commit(plan, "alias", None, None, actor, self._stamp())
        if wait:
            self.wait_until_current()

    def format_all(self) -> list[str]:
        """Rewrite every fact file in the canonical form; return the files that changed."""
        changed: list[str] = []
        with self._writing():
            self._sync()
            kb = self.kb
            for topic in self.topics():
                path = self.knowledge_dir / "facts" / f"{topic}.yaml"
                facts = [f for f in kb.facts if f.topic == topic]
                mappings = [fact_to_mapping(f) for f in facts]
                text = topic_text(kb, topic, mappings, header_of(path))
                if path.read_bytes() == text.encode("utf-8"):
                    continue
                fits_a_file(f"facts/{path.name}", text)
                reparsed, problems = validate_topic(kb, topic, text)
                if problems or reparsed != facts:
                    raise RuntimeError(f"formatting {path.name} would change its content")
                try:  # not over an editor's save landing meanwhile (see _commit)
                    unchanged = functools.partial(self._unchanged_since_planned, path)
                    write_atomic(path, text.encode("utf-8"), check=unchanged)
                except OSError as exc:
                    raise disk_error(exc, f"facts/{path.name}") from exc
                self._note_written(path)
                changed.append(f"facts/{path.name}")
        return changed

    # -- stopping --------------------------------------------------------------------------

    def close(self, timeout: float = 10.0) -> bool:
        """Stop taking changes: wait up to `timeout` seconds for a save in progress to finish
        (its audit entry and file both land), then refuse every later change. Reading goes on.

        Called when the bot stops, so that a SIGTERM never cuts a moderator's save short; True
        when no save was left running.
        """
        if not self._lock.acquire(timeout=timeout):
            log.warning("a save was still running after %.0f s; stopping without it", timeout)
            self._closed = True
            return False
        try:
            self._closed = True
        finally:
            self._lock.release()
        return True

    @property
    def closed(self) -> bool:
        """True once `close` was called: changes are refused."""
        return self._closed

    @property
    def version(self) -> str:
        """A short identifier of the knowledge files as last read or written (path, mtime,
        size, inode of each): it changes with every change, for the heartbeat and logs."""
        blob = json.dumps(sorted(self._snapshot.items())).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:12]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Problems of the files on disk while the last good version keeps serving."""
        return self._disk_problems

    # -- disk changes ----------------------------------------------------------------------

    def reload(self) -> list[Problem]:
        """Reload every file; on problems keep serving the last good KB and return them."""
        with self._lock:
            self._wait_for_rebuild()
            return self._reload(self._scan())

    def poll_changes(self) -> list[Problem] | None:
        """Reload if any file under the knowledge dir changed (mtime, size or inode).

        None when nothing changed; otherwise the problems of the reload ([] when it loaded).
        """
        with self._lock, paused_gc():  # as a save: see _writing
            self._wait_for_rebuild()
            snapshot = self._scan()
            if snapshot == self._snapshot:
                return None
            served, known = self._snapshot, self._disk_problems
            problems = self._reload(snapshot)
            if problems:
                # Perhaps read in the middle of another process's save of two files: read
                # again, the same way, under the lock, before reporting the files broken.
                self._snapshot, self._disk_problems = served, known
                with self._flocked():
                    problems = self._reload(self._scan())
            return problems

    def saved_elsewhere(self) -> bool:
        """A cheap hint (a stat of each knowledge directory, not of every file) that a file
        was saved since the last scan: every save, this store's or another process's, renames
        a temp file into its directory, which changes the directory. An edit made in place
        (an editor writing the file itself) does not: `poll_changes` finds it at the next
        full scan. The watcher checks this often and scans in full every few seconds."""
        # No snapshot: the next poll must reload everything (see _rebuild_in_background).
        return not self._snapshot or self._dir_stamps(self._dirs) != self._dirs

    def wait_until_current(self, timeout: float | None = None) -> bool:
        """Wait for a background rebuild (after an alias change) to be served; True when no
        rebuild is running any more. Questions meanwhile get the previous engine's answers."""
        thread = self._rebuild
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    # -- internals -------------------------------------------------------------------------

    @contextmanager
    def _flocked(self, unless_closed: bool = False) -> Iterator[None]:
        """The lock every process's saves take (data/store.lock): the files are whole in it.

        `unless_closed`: a save waiting for another process's lock gives up once this store is
        closed (the bot is stopping) instead of waiting on: it blocked the stop for as long as
        the other process held the lock (25 s in a helper's test), and landed after "stopped",
        its moderator never told."""
        lock_file = self._lock_file()
        if unless_closed and not self._take_unless_closed(lock_file):
            raise StoreError(_STOPPING)  # the file is left to the waiting thread to close
        with lock_file:
            if not unless_closed:
                try:
                    fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)  # released when it closes
                except OSError as exc:
                    raise _lock_error(exc) from exc
            elif self._closed:
                raise StoreError(_STOPPING)
            yield

    def _lock_file(self) -> IO[str]:
        """data/store.lock opened, for `_flocked`; StoreError naming it when it cannot be."""
        path = self.data_dir / "store.lock"
        try:
            return path.open("a")
        except OSError as exc:
            # Reads take it too (the history): "could not save" misled a read-only data dir.
            raise StoreError(
                f"Cannot open {path}, which every change and every read of the history takes:"
                f" {disk_reason(exc)}. Nothing was changed."
            ) from exc

    def _take_unless_closed(self, lock_file: IO[str]) -> bool:
        """Take the save lock on `lock_file`, however long another process holds it, unless
        this store is closed first: then False, and the file belongs to a thread still waiting
        in flock, which closes it (letting the lock go) the moment it is granted. The wait stays
        a real flock wait, in the kernel's queue, not a poll that other waiters could overtake."""
        fd = lock_file.fileno()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            pass
        except OSError as exc:  # no wait would help: the volume takes no locks
            lock_file.close()
            raise _lock_error(exc) from exc
        guard = threading.Lock()
        granted = threading.Event()
        state: dict[str, Any] = {"abandoned": False, "error": None}

        def wait() -> None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:
                state["error"] = exc
            with guard:
                if state["abandoned"]:
                    lock_file.close()
                    return
                granted.set()

        threading.Thread(target=wait, name="citebot-save-lock", daemon=True).start()
        while not granted.wait(_LOCK_POLL):
            if self._closed:
                with guard:
                    if not granted.is_set():
                        state["abandoned"] = True
                        return False
        if state["error"] is not None:
            lock_file.close()
            raise _lock_error(state["error"])
        return True

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._lock:
            if self._closed:
                raise StoreError(_STOPPING)
            # A save parses a fact file of hundreds of facts into tens of thousands of objects;
            # the cyclic collector would scan the whole live knowledge base again for them
            # (about half of a save's time at 10,000 facts). Nothing a save makes is cyclic.
            with self._flocked(unless_closed=True), paused_gc():
                yield
            # The parse, the checks and the replaced engine leave freed pages the C allocator
            # keeps: returned, so that saves do not ratchet the process's memory up (~10 ms).
            release_free_memory()

    def _stamp(self) -> str:
        return self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _dir_stamps(self, dirs: Iterable[str]) -> dict[str, tuple[int, int]]:
        stamps: dict[str, tuple[int, int]] = {}
        for name in dirs:
            try:
                st = (self.knowledge_dir / name).stat()
            except OSError:
                continue  # gone: differs from the recorded stamp
            stamps[name] = (st.st_mtime_ns, st.st_ino)
        return stamps

    def _scan(self) -> Snapshot:
        # The known directories' stamps are taken first, so a save during the scan shows next
        # time (a directory new to this scan is stamped after it).
        stamps = self._dir_stamps({"."} | {str(Path(path).parent) for path in self._snapshot})
        snapshot = file_stamps(self.knowledge_dir)
        new_dirs = {str(Path(path).parent) for path in snapshot} - set(stamps)
        self._dirs = {**stamps, **self._dir_stamps(new_dirs)}
        return snapshot

    def _reload(self, snapshot: Snapshot) -> list[Problem]:
        """Serve the files of `snapshot` (only the fact files that changed, when nothing else
        did); their problems, the last good knowledge still served, when they do not load."""
        changed = {
            path
            for path in set(snapshot) | set(self._snapshot)
            if snapshot.get(path) != self._snapshot.get(path)
        }
        self._snapshot = snapshot
        try:
            # Only fact files changed (another process's save, an editor): read just those, and
            # update the engine for the facts that differ. Anything else is a full reload.
            stems = _fact_file_stems(changed)
            if stems is not None and not self._disk_problems and changed:
                kb = reload_topics(self.kb, self.knowledge_dir, stems, fact_to_mapping)
            else:
                kb = load_knowledge(self.knowledge_dir)
        except KnowledgeError as exc:
            self._disk_problems = exc.problems
            log.warning(
                "knowledge on disk has %d problem(s); serving the last good version",
                len(exc.problems),
            )
            return list(exc.problems)
        self._live = _Live(kb, self._live.engine.updated(kb))
        self._disk_problems = ()
        log.info("reloaded knowledge: %d facts", len(kb.facts))
        return []

    def _wait_for_rebuild(self) -> None:
        thread = self._rebuild
        if thread is not None:
            thread.join()
            self._rebuild = None

    def _sync(self) -> None:
        """Before a change: pick up edits on disk, and refuse to write over broken files."""
        self._wait_for_rebuild()  # a change is planned against the knowledge being served
        self._catch_up()
        if self._disk_problems:
            raise KnowledgeError(self._disk_problems)
        # Every time, not only after this store's own failure: another process killed between
        # its audit line and its file leaves an entry that the next save would bury under its
        # own, where no start-up looks (only the last line is checked).
        self._recover(caught_up=True)

    def _catch_up(self) -> None:
        """Serve the files as they are now, if another process (or an editor) changed them."""
        snapshot = self._scan()
        if snapshot != self._snapshot:
            self._reload(snapshot)

    def _recover(self, *, at_start: bool = False, caught_up: bool = False) -> None:
        """Drop a torn audit line, and a last entry whose change never reached the files
        (under the lock). `at_start`: an unreadable whole last line goes too, as it always did
        at start-up; a running store leaves such a line (perhaps a newer version's) alone.
        `caught_up`: the files were just scanned."""
        try:
            self._recover_audit(at_start, caught_up)
        except OSError as exc:
            raise disk_error(exc, "the change (the audit log cannot be repaired)") from exc

    def _recover_audit(self, at_start: bool, caught_up: bool) -> None:
        # Compared with the files as they are under the lock, never with knowledge read before
        # it: a store starting while another process saves has read the files without that
        # save, and would take the other's entry, whose change did land, for one that never did.
        if not caught_up:
            # (an alias change's engine, rebuilt in the background, serves its files once ready:
            # compared with the knowledge served before it, its entry would look unlanded)
            self._wait_for_rebuild()
            self._catch_up()
        self.audit.recover(unreadable=at_start)
        last = self.audit.last_line()
        if last is not None and not self._disk_problems:
            # Only an entry not known to have landed is in question: one that did, whose file
            # was put back by hand since, looks the same on disk. Without the record (a data
            # directory from before it), only a start-up decides, as it always did.
            landed = self.audit.landed()
            if (landed is not None and last.n <= landed) or (landed is None and not at_start):
                return
            on_disk = self._state_of(last)
            if on_disk != last.after and on_disk == last.before:
                log.warning(
                    "audit entry #%d (%s of %s by %s) never reached the files; removing it",
                    last.n,
                    last.action,
                    last.fact_id or "aliases",
                    last.user_name,
                )
                self.audit.drop_last()
        if at_start and not self._disk_problems and self.audit.landed() is None:
            # A new data directory, or one from before the record: every entry left after the
            # start-up check above landed.
            kept = self.audit.last_line()
            try:
                self.audit.mark_landed(kept.n if kept is not None else 0)
            except OSError as exc:  # then saves leave unlanded entries to the next start
                log.warning("could not record which audit entries landed: %s", exc)

    def _state_of(self, entry: AuditEntry) -> dict[str, Any] | None:
        if entry.fact_id is not None:
            fact = self.kb.fact(entry.fact_id)
            return fact_to_mapping(fact) if fact else None
        wanted = simplify(str((entry.after or entry.before or {}).get("canonical", "")))
        group = next((g for g in self.kb.aliases if simplify(g.canonical) == wanted), None)
        return alias_to_mapping(group) if group else None

    def _current(self, fact_id: str, expected_version: str | None) -> Fact:
        current = self.kb.fact(fact_id)
        if current is None:
            raise UnknownFactError(fact_id)
        if expected_version is not None and self.version_of(fact_id) != expected_version:
            who = f" by {current.updated_by}" if current.updated_by else ""
            when = f" at {current.updated_at}" if current.updated_at else ""
            raise ConflictError(
                f"Fact '{fact_id}' has changed since you opened it (last change{who}{when}). "
                "Open it again to see the current version; nothing was saved."
            )
        return current

    def _apply(
        self,
        action: str,
        fact_id: str,
        topic: str,
        raw: dict[str, Any] | None,
        actor: Actor,
        stamp: str,
        *,
        replacing: bool = True,
    ) -> Fact | None:
        """Plan the change of one fact (validated) and commit it unless it changes nothing."""
        plan = self._plan(self.kb, topic, fact_id, raw, replacing=replacing)
        if not plan.is_noop:
            self._commit(plan, action, fact_id, topic, actor, stamp)
        return plan.kb.fact(fact_id) if raw is not None else None

    def _plan(
        self,
        kb: KnowledgeBase,
        topic: str,
        fact_id: str,
        raw: dict[str, Any] | None,
        *,
        replacing: bool = True,
    ) -> Plan:
        """`plan_fact` over the topic's file as it is on disk now: only the changed fact's
        lines are rewritten, and the file's header and comments stay."""
        path = self.knowledge_dir / "facts" / f"{topic}.yaml"
        return plan_fact(
            kb,
            topic,
            fact_id,
            raw,
            replacing=replacing,
            header=header_of(path),
            on_disk=_text_of(path),
        )

    def _commit(
        self,
        plan: Plan,
        action: str,
        fact_id: str | None,
        topic: str | None,
        actor: Actor,
        stamp: str,
        *,
        swap: bool = True,
    ) -> None:
        """Audit (fsynced), then replace the file atomically, then swap in the new state
        (unless `swap` is False: a step of a longer change, whose last step swaps)."""
        # Built first: a failure here must not leave a half-done change. Only the facts this
        # change touched are indexed (and their new texts embedded); the rest is carried over.
        # An alias change touches how every text reads: that engine is built cold, in the
        # background, while the current one keeps answering.
        path = self.knowledge_dir / plan.path
        # The bytes as written: a file kept in \r\n grows a byte a line past what the plan
        # measured, and must still fit what the loader reads.
        data = _in_its_line_endings(path, plan.text)
        fits_a_file(plan.path, data)
        live = self._live
        rebuild = swap and plan.kb.aliases != live.kb.aliases
        engine = live.engine.updated(plan.kb) if swap and not rebuild else None
        n = self.audit.next_n()
        entry = AuditEntry(
            n, stamp, actor.id, actor.name, action, fact_id, plan.before, plan.after, topic
        )
        try:
            offset = self.audit.append(entry)
        except OSError as exc:  # (`_recover` checks the log before the next change)
            raise disk_error(exc, f"the change to {plan.path} (audit log)") from exc
        interrupted: BaseException | None = None
        try:
            write_atomic(path, data, check=lambda: self._unchanged_since_planned(path))
        except BaseException as exc:
            # Ctrl-C (or a stop) can land just after the rename, in the directory's fsync: the
            # change is then on disk, and undoing its entry left a change nobody can revert.
            if not _holds(path, data):
                self._undo_audit(offset)
                if isinstance(exc, OSError):
                    raise disk_error(exc, f"the change to {plan.path}") from exc
                raise
            interrupted = exc
        self._note_written(path)
        try:
            self.audit.mark_landed(n)
        except OSError as exc:  # the change landed; only the record of it did not
            log.warning("could not record that change #%d landed: %s", n, exc)
        if rebuild:
            self._rebuild_in_background(plan.kb, live.engine)
        elif engine is not None:
            self._live = _Live(plan.kb, engine)
        log.info("change #%d: %s of %s by %s", n, action, fact_id or plan.path, actor.name)
        if interrupted is not None:
            raise interrupted

    def _rebuild_in_background(self, kb: KnowledgeBase, previous: Engine) -> None:
        """Build the engine for `kb` in a thread and serve it (with `kb`) when it is ready.

        Until then questions get `previous`'s answers, and the next change waits for it
        (`_sync`), so no change is ever planned against knowledge that is not being served.
        """

        def build() -> None:
            try:
                engine = Engine(kb, self.embedder, previous=previous)
            except Exception:
                log.exception("rebuilding the engine after a change failed; reloading the files")
                self._snapshot = {}  # the next poll reloads everything from the files
                return
            self._live = _Live(kb, engine)
            log.info("engine rebuilt in the background: %d facts", len(kb.facts))

        thread = threading.Thread(target=build, name="citebot-rebuild", daemon=True)
        self._rebuild = thread
        thread.start()

    def _undo_audit(self, offset: int) -> None:
        try:
            self.audit.truncate(offset)
        except OSError as exc:
            # The entry stays for now; `_recover` drops it before the next change.
            log.error("could not roll back the audit log: %s", exc)

    def _unchanged_since_planned(self, path: Path) -> None:
        """Refuse to replace a file that changed since the scan this change was planned on
        (`_sync`'s): an editor's save or a `git pull` landing in those milliseconds was written
        over, or built into this change unvalidated, and never looked at again."""
        rel = str(path.relative_to(self.knowledge_dir))
        try:
            st = path.stat()
            now: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except FileNotFoundError:
            now = None
        if now != self._snapshot.get(rel):
            raise ConflictError(
                f"{rel} changed on disk while this change was being saved (an editor, or git):"
                " nothing was saved. Try again: it will be checked against the file as it is now."
            )

    def _note_written(self, path: Path) -> None:
        st = path.stat()
        snapshot = dict(self._snapshot)
        snapshot[str(path.relative_to(self.knowledge_dir))] = (
            st.st_mtime_ns,
            st.st_size,
            st.st_ino,
        )
        self._snapshot = snapshot
