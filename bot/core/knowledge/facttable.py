"""Facts kept pickled until first read, so that a large engine snapshot starts in a fraction of
the time.

Reading 100,000 facts back from a snapshot builds about 2.5 million objects (each fact's
questions, citations and tags), which was 0.8-1 s of a 1.2-1.5 s warm start; answering a question
reads a handful of facts. A FactTable keeps the facts pickled in chunks of CHUNK and unpickles a
chunk the first time one of its facts is read, then keeps the objects: a fact read twice is the
same object (Engine.updated matches the facts a change kept by identity). Going through all of
them reads every chunk (0.5-0.6 s at 100,000 facts), which a store started warm does in a
background thread once it is ready, so that its first change does not wait for it
(moderation/served.py; bench/RESULTS.md, "Edits at scale").
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar, cast, overload

from ..gcpause import paused_gc
from ..memory import release_free_memory

if TYPE_CHECKING:
    from .models import Fact

# Facts per pickled chunk: 32 read in about 0.3 ms; one pickle per fact would add half again
# to the snapshot and to reading them all, larger chunks make the first answers slower.
CHUNK = 32


class FactTable(Sequence["Fact"]):
    """A read-only sequence of facts, equal to the tuple of the same facts; safe to read from
    several threads (each chunk is unpickled once)."""

    __slots__ = ("_chunks", "_facts", "_ids", "_lock", "_unread")
    __hash__: ClassVar[None]  # type: ignore[assignment]

    def __init__(self, ids: Sequence[str], chunks: Sequence[bytes]) -> None:
        """`chunks[k]` is the pickled tuple of facts k * CHUNK onwards, `ids` every fact's id."""
        self._ids = tuple(ids)
        self._chunks: list[bytes | None] = list(chunks)
        self._facts: list[Fact | None] = [None] * len(self._ids)
        self._unread = len(self._chunks)  # chunks not unpickled yet
        self._lock = threading.Lock()
        if len(self._chunks) != -(-len(self._ids) // CHUNK):
            raise ValueError(f"{len(self._ids)} facts need {-(-len(self._ids) // CHUNK)} chunks")

    @classmethod
    def of(cls, facts: Sequence[Fact]) -> FactTable:
        """The table of `facts`, pickled chunk by chunk (the objects themselves are kept too)."""
        chunks = [
            pickle.dumps(tuple(facts[k : k + CHUNK]), protocol=pickle.HIGHEST_PROTOCOL)
            for k in range(0, len(facts), CHUNK)
        ]
        table = cls([f.id for f in facts], chunks)
        table._facts = list(facts)
        table._unread = 0
        return table

    @property
    def ids(self) -> tuple[str, ...]:
        """Every fact's id, in order, without reading the facts."""
        return self._ids

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Fact: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Fact, ...]: ...

    def __getitem__(self, index: int | slice) -> Fact | tuple[Fact, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        fact = self._facts[index]  # IndexError as a tuple would raise it
        return fact if fact is not None else self._read(index % len(self._facts))

    def _read(self, position: int) -> Fact:
        """Unpickle the chunk holding `position` (once, whichever thread asks first)."""
        with self._lock:
            fact = self._facts[position]
            if fact is None:
                first = position - position % CHUNK
                packed = self._chunks[first // CHUNK]
                assert packed is not None  # a chunk is dropped only once its facts are kept
                facts = pickle.loads(packed)
                self._check(first, facts)
                self._facts[first : first + len(facts)] = facts
                self._chunks[first // CHUNK] = None
                self._unread -= 1
                fact = facts[position - first]
        return fact

    def __iter__(self) -> Iterator[Fact]:
        if self._unread:
            self.read_all()
        # Every fact is read now: the list's own iterator, as fast as a tuple's (code that
        # goes through the facts once per topic file must not pay a Python call per fact).
        return iter(cast("list[Fact]", self._facts))

    @property
    def unread_chunks(self) -> int:
        """How many chunks of facts are still pickled."""
        return self._unread

    def read_all(self) -> None:
        """Unpickle every chunk not read yet, one at a time (a reader of one fact waits for at
        most one chunk), with the collector paused: the facts are kept as long as the engine
        is, like an engine read whole from its snapshot (gcpause.py). A long-running process
        calls this in a thread after a warm start, so that its first change does not wait.
        The chunks' freed bytes go back to the system (72 MB at 100,000 facts)."""
        read = False
        with paused_gc(freeze=True):
            for k in range(len(self._chunks)):
                if self._chunks[k] is None:
                    continue
                with self._lock:
                    packed = self._chunks[k]
                    if packed is not None:
                        facts = pickle.loads(packed)
                        self._check(k * CHUNK, facts)
                        self._facts[k * CHUNK : k * CHUNK + len(facts)] = facts
                        self._chunks[k] = None
                        self._unread -= 1
                        read = True
        if read:
            release_free_memory()

    def _check(self, first: int, facts: tuple[Fact, ...]) -> None:
        if len(facts) != min(CHUNK, len(self._facts) - first):
            raise ValueError(f"the chunk of facts from {first} has {len(facts)} facts")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (tuple, FactTable)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __repr__(self) -> str:
        return f"FactTable({len(self)} facts)"

    def __reduce__(self) -> tuple[type[FactTable], tuple[tuple[str, ...], list[bytes]]]:
        return FactTable, (self._ids, self._packed())

    def _packed(self) -> list[bytes]:
        """Every chunk pickled: as read, or again from its facts once they were unpickled
        (under the lock one chunk at a time, so readers never wait for the whole table)."""
        packed: list[bytes] = []
        for k in range(len(self._chunks)):
            with self._lock:
                chunk = self._chunks[k]
                facts = tuple(self._facts[k * CHUNK : (k + 1) * CHUNK]) if chunk is None else ()
            packed.append(
                chunk if chunk is not None else pickle.dumps(facts, pickle.HIGHEST_PROTOCOL)
            )
        return packed
