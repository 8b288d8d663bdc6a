"""A cold build's unit of work, done in the worker processes: one fact file (or a chunk of
the documents) read, validated, normalised and tokenized, and pickled as its *share*.

Kept in its own module, apart from the building process's side (cold.py), because a cached share
is valid exactly as long as the code that computed it: `code_digest` hashes this module and the
core modules it imports, directly or not (read from their import statements), and nothing else.
A change of how the engine decides, answers, embeds or moderates (answer.py, decide.py,
semantic.py, moderation/) keeps every cached share; a change of the tokenizer, the reading and
validation of a fact file, the fidelity checks or the answer kinds reads every file again.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Problem
from ..gcpause import paused_gc
from ..knowledge.factfile import FileShare, read_fact_file
from ..knowledge.fidelity import EntityIndex
from ..knowledge.models import AliasGroup, Fact, Source
from ..knowledge.questions import digest as key_digest
from ..knowledge.yamlsafe import YamlRejected, read_limited
from .aliases import AliasTable
from .entries import Passage, answer_text, fields_of, passages_of
from .indexbuild import Field
from .kinds import answer_kinds
from .postings import IndexPart, index_part
from .tokens import tokenize, tokens_and_key

FORMAT = 2
_CORE = Path(__file__).resolve().parent.parent  # bot/core
# One file's share: what read_fact_file found and the problems it added, each valid
# question's normalised key, each indexed text's tokens, and each valid fact's answer kinds.
KindList = list[tuple[bool, ...]]
Share = tuple[FileShare, list[Problem], "QuestionPart", IndexPart, KindList]
# A chunk of the documents' passages, their index part and their answer kinds.
PassageShare = tuple[list[Passage], IndexPart, KindList]


@dataclass
class QuestionPart:
    """A fact file's questions for the cross-check: the digest of each distinct normalised
    question of each fact (questions.digest), the fact's number in the file, and whether two
    distinct questions of one fact share a digest (then the digests cannot decide)."""

    facts: int
    digests: np.ndarray  # int64
    rows: np.ndarray  # int32
    clash: bool


def question_part(
    facts: Sequence[Fact], table: AliasTable, tokens: dict[str, list[str]] | None = None
) -> QuestionPart:
    """The question digests of these facts (one file's), normalised with `table`; `tokens`,
    when given, receives each question's index tokens (`_tokenizer`'s memo: the index reads
    the same phrasings next)."""
    digests: list[int] = []
    rows: list[int] = []
    clash = False
    tokens = {} if tokens is None else tokens
    for row, fact in enumerate(facts):
        found: dict[str, int] = {}
        for question in fact.questions:
            tokens[question], key = tokens_and_key(question, table)
            if key not in found:
                found[key] = key_digest(key)
        clash = clash or len(set(found.values())) != len(found)
        digests.extend(found.values())
        rows.extend([row] * len(found))
    return QuestionPart(
        len(facts), np.asarray(digests, dtype=np.int64), np.asarray(rows, dtype=np.int32), clash
    )


def _kind_rows(texts: Sequence[str], phrases: Sequence[Sequence[str]]) -> KindList:
    """`answer_kinds` of the texts as one row of plain flags per entry (what a share pickles)."""
    # (Each array as a list of Python bools first, then zipped in C: a generator over numpy
    # bools per entry cost a cold build's workers two microseconds an entry.)
    return list(zip(*(flags.tolist() for flags in answer_kinds(texts, phrases)), strict=True))


def read_share(
    path: Path,
    sources: dict[str, Source],
    entities: EntityIndex,
    context: str,
) -> tuple[str | None, bytes]:
    """One fact file's share, pickled, with the digest it is cached under: of the bytes
    parsed here, read once, so a file saved meanwhile is never cached under the digest of
    other bytes than those its share was computed from (None: the file could not be read, and
    its share, which says so, is not cached)."""
    try:
        raw: bytes | None = read_limited(path)
    except YamlRejected:
        raw = None  # read_fact_file reports why
    table = entities.table  # one table: its memo serves the fidelity checks and the tokens
    problems: list[Problem] = []
    share = read_fact_file(path, sources, problems, entities, raw=raw)
    facts = [fact for fact, _ in share[1]]
    kinds = _kind_rows([answer_text(f) for f in facts], [f.questions for f in facts])
    memo: dict[str, list[str]] = {}
    questions = question_part(facts, table, memo)
    part = index_part(
        [fields_of(f, sources) for f in facts],
        [f.questions for f in facts],
        _tokenizer(table, memo),
    )
    payload = pickle.dumps(
        (share, problems, questions, part, kinds), protocol=pickle.HIGHEST_PROTOCOL
    )
    return (file_digest(path.name, raw, context) if raw is not None else None), payload


def read_passages(ids: list[str], sources: dict[str, Source], table: AliasTable) -> bytes:
    """The passages of the documents `ids`, with their index part and answer kinds, pickled."""
    passages = passages_of(sources[i] for i in ids)
    texts = [p.text for p in passages]
    kinds = _kind_rows(texts, [[t] for t in texts])
    part = index_part([[Field(t, 1.0)] for t in texts], [[t] for t in texts], _tokenizer(table))
    return pickle.dumps((passages, part, kinds), protocol=pickle.HIGHEST_PROTOCOL)


def _tokenizer(
    table: AliasTable, memo: dict[str, list[str]] | None = None
) -> Callable[[str], list[str]]:
    """`tokenize` with `table`, each text once (`memo`: texts tokenized already)."""
    memo = {} if memo is None else memo

    def tokens_of(text: str) -> list[str]:
        found = memo.get(text)
        if found is None:
            found = memo[text] = tokenize(text, table)
        return found

    return tokens_of


# -- in the worker processes --------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def start_worker(
    sources: dict[str, Source],
    aliases: list[AliasGroup],
    context: str,
    builder: int | None = None,
) -> None:
    """Keep what every job of the build is checked against (sent once per worker), and, given
    the building process's pid, end this worker when that process is gone."""
    _WORKER.update(sources=sources, entities=EntityIndex.build(aliases), context=context)
    if builder is not None:
        threading.Thread(
            target=_exit_with, args=(builder,), name="citebot-builder-watch", daemon=True
        ).start()


def _exit_with(builder: int, every: float = 1.0) -> None:
    """Exit when the building process has died. A worker is the child of the forkserver, not
    of the builder: a builder killed mid-build (SIGKILL, the out-of-memory killer) left both
    workers and the forkserver running for good, tens of MB each, and a restart loop piled
    them up (CPython issue 111873)."""
    while True:
        time.sleep(every)
        try:
            os.kill(builder, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            continue  # alive (another user's pid cannot be ours: only a recycled one)


def do_job(kind: str, arg: str, state: dict[str, Any]) -> tuple[str | None, bytes]:
    with paused_gc():
        if kind == "passages":
            return None, read_passages(arg.split("|"), state["sources"], state["entities"].table)
        return read_share(Path(arg), state["sources"], state["entities"], state["context"])


def worker_job(kind: str, arg: str) -> tuple[str | None, bytes]:
    return do_job(kind, arg, _WORKER)


def file_digest(name: str, raw: bytes, context: str) -> str:
    return hashlib.sha256(f"{context}\0{name}\0".encode() + raw).hexdigest()[:40]


def share_modules(core: Path = _CORE) -> list[Path]:
    """The source files a share depends on: this module and every module of the core it
    imports, directly or through another, with the packages they are in (their __init__ runs
    on import). Read from the import statements, so a new import is counted without a list to
    keep up to date; an import inside a function or under TYPE_CHECKING counts too."""
    start = core / Path(__file__).resolve().relative_to(_CORE)
    found: set[Path] = set()
    todo = [start]
    while todo:
        path = todo.pop()
        if path in found or not path.is_file():
            continue
        found.add(path)
        todo.extend(_packages_of(path, core))
        todo.extend(_imported(path, core))
    return sorted(found)


def _packages_of(path: Path, core: Path) -> list[Path]:
    folder = path.parent
    out = []
    while folder == core or core in folder.parents:
        out.append(folder / "__init__.py")
        folder = folder.parent
    return out


def _imported(path: Path, core: Path) -> list[Path]:
    """The core's modules that `path` imports (relative imports and absolute `bot.core` ones)."""
    out: list[Path] = []
    package = path.parent
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package
                for _ in range(node.level - 1):
                    base = base.parent
            elif (node.module or "").startswith("bot.core"):
                base = core.parent.parent
            else:
                continue
            module = base.joinpath(*(node.module or "").split(".")) if node.module else base
            for alias in node.names:  # `from . import x` and `from .pkg import module`
                out += [module / alias.name / "__init__.py", module / f"{alias.name}.py"]
            out += [module / "__init__.py", module.with_suffix(".py")]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("bot.core"):
                    module = core.parent.parent.joinpath(*alias.name.split("."))
                    out += [module / "__init__.py", module.with_suffix(".py")]
    return [p for p in out if p.is_file() and (p.parent == core or core in p.parents)]


@functools.lru_cache(maxsize=4)
def code_digest(core: Path = _CORE) -> str:
    """A digest of the code a share is computed by (`share_modules`): a change of the rules,
    the tokenizer or the reading of a fact file reads every file again; a change elsewhere in
    the core does not. Cached per process: the source does not change under a running bot."""
    digest = hashlib.sha256(f"citebot-cold-{FORMAT}-{sys.version_info[:2]}".encode())
    for path in share_modules(core):
        digest.update(path.relative_to(core).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
