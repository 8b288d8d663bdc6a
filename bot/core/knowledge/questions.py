"""Which fact owns each question, kept with the knowledge base so a change is checked alone.

`crosscheck.cross_check` refuses a question that two facts share (compared as normalised tokens,
aliases applied). Checking that by normalising every question of every fact costs about 6 s at
100,000 facts, on every moderator's change. Instead the knowledge base carries the digest of
each normalised question with the id of its fact, sorted for binary search (16 bytes per
question); a change normalises only the questions of the facts it adds or replaces, and a
digest match is confirmed on the owner's own questions, so a digest collision never refuses a
valid question.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..engine.aliases import AliasTable
from ..engine.tokens import normalize_question
from ..errors import Problem
from .models import AliasGroup, Fact, KnowledgeBase

_KEY = "_question_owners"


@functools.lru_cache(maxsize=4)
def alias_table(groups: tuple[AliasGroup, ...]) -> AliasTable:
    """The alias table of these groups, built once: building it takes tens of milliseconds
    with the shipped aliases, more than checking a change does."""
    return AliasTable.build(groups)


def digest(key: str) -> int:
    """A stable 63-bit digest of a normalised question (the same in every process)."""
    raw = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(raw, "little") >> 1


@dataclass(frozen=True)
class QuestionOwners:
    """Digests of normalised questions, sorted, and the id of the fact each belongs to."""

    digests: np.ndarray  # int64, sorted
    owners: np.ndarray  # object (fact id), parallel to digests

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, str]]) -> QuestionOwners:
        """From (normalised question, fact id) pairs."""
        items = sorted((digest(key), owner) for key, owner in pairs)
        digests = np.fromiter((d for d, _ in items), dtype=np.int64, count=len(items))
        owners = np.empty(len(items), dtype=object)
        owners[:] = [o for _, o in items]
        return cls(digests, owners)

    def candidates(self, key: str) -> list[str]:
        """Ids of the facts that may own `key` (a digest match, to be confirmed)."""
        d = digest(key)
        start = int(np.searchsorted(self.digests, d, side="left"))
        end = int(np.searchsorted(self.digests, d, side="right"))
        return [str(o) for o in self.owners[start:end]]

    def updated(self, removed: Sequence[str], added: Sequence[tuple[str, str]]) -> QuestionOwners:
        """Without the questions of the facts `removed` (ids), with the `added` pairs."""
        digests, owners = self.digests, self.owners
        if removed:
            drop = np.isin(owners, np.asarray(list(removed), dtype=object))
            digests, owners = digests[~drop], owners[~drop]
        if added:
            extra = QuestionOwners.build(added)
            at = np.searchsorted(digests, extra.digests)
            digests = np.insert(digests, at, extra.digests)
            owners = np.insert(owners, at, extra.owners)
        return QuestionOwners(digests, owners)


def attach(kb: KnowledgeBase, owners: QuestionOwners) -> KnowledgeBase:
    """Keep `owners` with `kb` (it is pickled with it into the engine snapshot)."""
    kb.__dict__[_KEY] = owners
    return kb


def owners_of(kb: KnowledgeBase, table: AliasTable) -> QuestionOwners:
    """The question owners of `kb`, computed (once) when the knowledge base has none."""
    found = kb.__dict__.get(_KEY)
    if isinstance(found, QuestionOwners):
        return found
    pairs: dict[str, str] = {}
    for fact in kb.facts:
        for question in fact.questions:
            pairs.setdefault(normalize_question(question, table), fact.id)
    owners = QuestionOwners.build(pairs.items())
    attach(kb, owners)
    return owners


def check_change(
    kb: KnowledgeBase,
    facts: Sequence[Fact],
    removed: Sequence[Fact],
    added: Sequence[Fact],
    table: AliasTable,
) -> tuple[list[Problem], QuestionOwners]:
    """`crosscheck.cross_check` for a change of a valid `kb`: `facts` (the new list) is `kb.facts`
    without `removed` and with `added`. Only the added facts' questions are normalised.

    Returns the problems (duplicate ids, questions another fact has, see_also to nowhere)
    and the owners of the new list (meaningful only when there are no problems).
    """
    problems: list[Problem] = []
    # The passes over every fact (ids, links) are needed only when the change can have made
    # a duplicate id or a dangling link; a change of one fact of 100,000 usually cannot.
    whole = len(facts) != len(kb.facts) - len(removed) + len(added)  # e.g. a pasted copy
    by_id: dict[str, Fact] | None = None
    if whole or not _ids_stay_unique(kb, removed, added):
        by_id = {}
        for fact in facts:
            if fact.id in by_id:
                where = f"facts/{fact.topic}.yaml"
                message = "duplicate id (ids must be unique across all files)"
                problems.append(Problem(where, 0, fact.id, "id", message))
            by_id.setdefault(fact.id, fact)
    owners = owners_of(kb, table)
    gone = {f.id for f in removed}
    pairs: list[tuple[str, str]] = []
    claimed: dict[str, str] = {}
    for fact in added:
        for question in fact.questions:
            key = normalize_question(question, table)
            owner = claimed.setdefault(key, fact.id)
            if owner == fact.id:
                owner = _owner(key, owners.candidates(key), gone, kb, table) or fact.id
            if owner != fact.id:
                problems.append(
                    Problem(
                        f"facts/{fact.topic}.yaml",
                        0,
                        fact.id,
                        "questions",
                        f"question {question!r} is also a question of fact '{owner}'",
                    )
                )
            elif claimed[key] == fact.id and (key, fact.id) not in pairs:
                pairs.append((key, fact.id))
    if by_id is None and not whole and _links_stay_valid(kb, removed, added):
        return problems, owners.updated(sorted(gone), pairs)
    if by_id is None:
        by_id = {f.id: f for f in facts}
    for fact in facts:
        for other in fact.see_also:
            if other not in by_id:
                problems.append(
                    Problem(
                        f"facts/{fact.topic}.yaml",
                        0,
                        fact.id,
                        "see_also",
                        f"unknown fact id '{other}'",
                    )
                )
    return problems, owners.updated(sorted(gone), pairs)


def _ids_stay_unique(kb: KnowledgeBase, removed: Sequence[Fact], added: Sequence[Fact]) -> bool:
    """No added fact takes an id another added fact or a kept fact of `kb` has (the facts of
    a valid `kb` have unique ids, so no other pair can share one)."""
    gone = set(removed)
    seen: set[str] = set()
    for fact in added:
        old = kb.fact(fact.id)
        if fact.id in seen or (old is not None and old not in gone):
            return False
        seen.add(fact.id)
    return True


def _links_stay_valid(kb: KnowledgeBase, removed: Sequence[Fact], added: Sequence[Fact]) -> bool:
    """No id that facts of `kb` may link to went, and every link of an added fact names a
    fact: then no fact links to nowhere (every link of a valid `kb` named a fact)."""
    new_ids = {f.id for f in added}
    if any(f.id not in new_ids for f in removed):
        return False
    return all(o in new_ids or kb.fact(o) is not None for f in added for o in f.see_also)


def _owner(
    key: str, candidates: list[str], gone: set[str], kb: KnowledgeBase, table: AliasTable
) -> str | None:
    """The unchanged fact whose question normalises to `key`, if one does."""
    for fact_id in candidates:
        if fact_id in gone:
            continue
        fact = kb.fact(fact_id)
        if fact is not None and any(normalize_question(q, table) == key for q in fact.questions):
            return fact_id
    return None
