"""The knowledge being served, kept in step with the files on disk.

`ServedKnowledge` holds one immutable (KnowledgeBase, Engine) pair and swaps it whole; readers
just read `kb` / `engine`. It reloads when the files change on disk (another process's save, an
editor, `git pull`), rebuilds the engine in the background after an alias change, and stops
taking changes on `close`. `KnowledgeStore` (store.py) builds the changes on top of it; the
split keeps each module about one thing: serving and syncing here, changing there.

Writers are serialised by a thread lock and, across processes (the bot and `python -m bot kb`),
by an `flock` on data_dir/store.lock (savelock.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ...log import get_logger
from ..engine.answer import Engine
from ..engine.embedding import Embedder
from ..engine.snapshot import load_engine
from ..errors import BrokenFilesError, KnowledgeError, Problem, StoreError
from ..gcpause import paused_gc
from ..knowledge.facttable import FactTable
from ..knowledge.loader import load_knowledge, reload_topics
from ..knowledge.models import KnowledgeBase
from ..memory import release_free_memory
from .atomic import disk_error, disk_reason, remove_stale_temps
from .audit import AuditLog
from .edits import fact_to_mapping
from .ondisk import SeenFiles, Snapshot, fact_file_stems
from .recovery import drop_unlanded
from .savelock import SaveLock, stopping

log = get_logger(__name__)


def _unusable_data_dir(data_dir: Path, exc: OSError) -> StoreError:
    """Why the data directory cannot be made, said as such. It read "Could not save the data
    directory X: File exists. Nothing was changed." for a file in its place, also to `kb
    history`, which saves nothing, and named neither the cause nor the setting."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        reason = "a file is in its place, or in the place of a folder above it"
    else:
        reason = disk_reason(exc)
    return StoreError(
        f"Cannot make the data directory {data_dir}: {reason}. Set CITEBOT_DATA_DIR to a"
        " directory citebot can write; nothing was changed."
    )


@dataclass(frozen=True)
class _Live:
    kb: KnowledgeBase
    engine: Engine


class ServedKnowledge:
    """The knowledge base being served, reloaded when its files change on disk."""

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
            raise _unusable_data_dir(self.data_dir, exc) from exc
        self._save_lock = SaveLock(self.data_dir)
        # The start takes the lock once the engine is built (below), which takes seconds to a
        # minute at scale: a lock file that cannot be opened is named before, not after.
        self._save_lock.open().close()
        self.audit = AuditLog(self.data_dir / "audit.jsonl")
        self._disk_problems: tuple[Problem, ...] = ()
        self._rebuild: threading.Thread | None = None
        self._files = SeenFiles(self.knowledge_dir)
        snapshot = self._files.scan()
        try:
            engine = load_engine(self.knowledge_dir, self.data_dir / "cache", embedder)
        except KnowledgeError:
            # Read file by file while another process saved a change that spans two files (a
            # removal and the links to it): read again under the lock, where the files are
            # whole. Only a problem found then is the files' own.
            with self._save_lock.held():
                snapshot = self._files.scan()
                engine = load_engine(self.knowledge_dir, self.data_dir / "cache", embedder)
        self._live = _Live(engine.kb, engine)
        self._files.snapshot = snapshot
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

    def _serve(self, kb: KnowledgeBase, engine: Engine) -> None:
        """Serve `kb` and its engine from now on, swapped in whole."""
        self._live = _Live(kb, engine)

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
        return self._files.version

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Problems of the files on disk while the last good version keeps serving."""
        return self._disk_problems

    # -- disk changes ----------------------------------------------------------------------

    def reload(self) -> list[Problem]:
        """Reload every file; on problems keep serving the last good KB and return them."""
        with self._lock:
            self._wait_for_rebuild()
            return self._reload(self._files.scan())

    def poll_changes(self) -> list[Problem] | None:
        """Reload if any file under the knowledge dir changed (mtime, size or inode).

        None when nothing changed; otherwise the problems of the reload ([] when it loaded).
        """
        with self._lock, paused_gc():  # as a save: see _writing
            self._wait_for_rebuild()
            snapshot = self._files.scan()
            if snapshot == self._files.snapshot:
                return None
            served, known = self._files.snapshot, self._disk_problems
            problems = self._reload(snapshot)
            if problems:
                # Perhaps read in the middle of another process's save of two files: read
                # again, the same way, under the lock, before reporting the files broken.
                unlocked = self._files.snapshot, self._disk_problems
                self._files.snapshot, self._disk_problems = served, known
                try:
                    with self._save_lock.held():
                        problems = self._reload(self._files.scan())
                except StoreError as exc:
                    # No lock to be had (a data directory turned read-only): the read without
                    # it stands. Raising here failed every poll, parsed the files again each
                    # time and never reported them.
                    log.debug("no save lock to read the broken files again under: %s", exc)
                    self._files.snapshot, self._disk_problems = unlocked
            return problems

    def saved_elsewhere(self) -> bool:
        """A cheap hint (a stat of each knowledge directory, not of every file) that a file
        was saved since the last scan: every save, this store's or another process's, renames
        a temp file into its directory, which changes the directory. An edit made in place
        (an editor writing the file itself) does not: `poll_changes` finds it at the next
        full scan. The watcher checks this often and scans in full every few seconds."""
        # No snapshot: the next poll must reload everything (see _rebuild_in_background).
        return self._files.saved_elsewhere()

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
    def _writing(self) -> Iterator[None]:
        """Both locks, for a change (or a check of the audit log): this process's, then every
        process's; refused once the store is closed."""
        with self._lock:
            if self._closed:
                raise stopping()
            # A save parses a fact file of hundreds of facts into tens of thousands of objects;
            # the cyclic collector would scan the whole live knowledge base again for them
            # (about half of a save's time at 10,000 facts). Nothing a save makes is cyclic.
            with self._save_lock.held(stopped=lambda: self._closed), paused_gc():
                yield
            # The parse, the checks and the replaced engine leave freed pages the C allocator
            # keeps: returned, so that saves do not ratchet the process's memory up (~10 ms).
            release_free_memory()

    def _reload(self, snapshot: Snapshot) -> list[Problem]:
        """Serve the files of `snapshot` (only the fact files that changed, when nothing else
        did); their problems, the last good knowledge still served, when they do not load."""
        changed = self._files.changed(snapshot)
        served, self._files.snapshot = self._files.snapshot, snapshot
        try:
            # Only fact files changed (another process's save, an editor): read just those, and
            # update the engine for the facts that differ. Anything else is a full reload.
            stems = fact_file_stems(changed)
            if stems is not None and not self._disk_problems and changed:
                kb = reload_topics(self.kb, self.knowledge_dir, stems, fact_to_mapping)
            else:
                kb = load_knowledge(self.knowledge_dir)
            engine = self._live.engine.updated(kb)
        except KnowledgeError as exc:
            self._disk_problems = exc.problems
            log.warning(
                "knowledge on disk has %d problem(s); serving the last good version",
                len(exc.problems),
            )
            return list(exc.problems)
        except BaseException:
            # Not the files' problem (memory ran out, say): they are not served, so they must
            # not count as served, or the old knowledge answered for good and the next save
            # was planned on it. The next look reads them again.
            self._files.snapshot = served
            raise
        self._serve(kb, engine)
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
            raise BrokenFilesError(self._disk_problems)
        # Every time, not only after this store's own failure: another process killed between
        # its audit line and its file leaves an entry that the next save would bury under its
        # own, where no start-up looks (only the last line is checked).
        self._recover(caught_up=True)

    def _catch_up(self) -> None:
        """Serve the files as they are now, if another process (or an editor) changed them."""
        snapshot = self._files.scan()
        if snapshot != self._files.snapshot:
            self._reload(snapshot)

    def _recover(self, *, at_start: bool = False, caught_up: bool = False) -> None:
        """Drop a torn audit line, and a last entry whose change never reached the files
        (under the lock; recovery.drop_unlanded). `caught_up`: the files were just scanned."""
        # Compared with the files as they are under the lock, never with knowledge read before
        # it: a store starting while another process saves has read the files without that
        # save, and would take the other's entry, whose change did land, for one that never did.
        try:
            if not caught_up:
                # (an alias change's engine, rebuilt in the background, serves its files once
                # ready: compared with the knowledge served before it, its entry looks unlanded)
                self._wait_for_rebuild()
                self._catch_up()
            drop_unlanded(self.audit, None if self._disk_problems else self.kb, at_start=at_start)
        except OSError as exc:
            raise disk_error(exc, "the change (the audit log cannot be repaired)") from exc

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
                self._files.snapshot = {}  # the next poll reloads everything from the files
                return
            self._serve(kb, engine)
            log.info("engine rebuilt in the background: %d facts", len(kb.facts))

        thread = threading.Thread(target=build, name="citebot-rebuild", daemon=True)
        self._rebuild = thread
        thread.start()
