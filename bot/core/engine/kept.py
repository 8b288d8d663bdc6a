"""Which facts an incremental update keeps (`Engine.updated`, answer.py).

A moderator's change leaves almost every fact as it was; the indexes, rule flags and vectors of
those are kept, and only the others are indexed anew. Apart from the engine because it is a
pure function of two fact lists, tested on its own (tests/core/engine/test_incremental.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..knowledge.models import Fact


def kept_entries(old: Sequence[Fact], new: Sequence[Fact]) -> np.ndarray:
    """For each fact of `new`, the position of the same fact (equal in every field) in `old`,
    or -1 when it is new or changed. Kept positions increase: a fact that moved before
    another kept one counts as new, so the entries' order stays that of `new`."""
    # After a change almost every fact of `new` is the very object of `old` (a change builds
    # the new knowledge base from the old one's facts): those are matched by object identity
    # in a few array passes; only the others are looked up by id and compared field by field.
    # Both give the same positions as one lookup by id per fact (a fact's id is unique in a
    # valid knowledge base, so the object found is the one its id names).
    n_old, n_new = len(old), len(new)
    out = np.full(n_new, -1, dtype=np.int64)
    if not n_old or not n_new:
        return out
    old_ptr = np.fromiter(map(id, old), dtype=np.int64, count=n_old)
    new_ptr = np.fromiter(map(id, new), dtype=np.int64, count=n_new)
    order = np.argsort(old_ptr, kind="stable")
    sorted_ptr = old_ptr[order]
    at = np.minimum(np.searchsorted(sorted_ptr, new_ptr), n_old - 1)
    same = sorted_ptr[at] == new_ptr
    candidate = np.where(same, order[at], -1)
    others = np.flatnonzero(~same).tolist()
    if others:
        old_ids = [f.id for f in old]
        where = {f: k for k, f in enumerate(old_ids)} if len(others) > 8 else None
        for i in others:
            fact = new[i]
            if where is not None:
                j = where.get(fact.id, -1)
            else:  # the last with that id, as the dict would have it
                j = n_old - 1 - old_ids[::-1].index(fact.id) if fact.id in old_ids else -1
            if j >= 0 and old[j] == fact:
                candidate[i] = j
    # Kept positions increase: a candidate not above every earlier one is new (the earlier
    # ones that were refused were no higher than an accepted one, so the running maximum of
    # all earlier candidates is that of the accepted ones).
    before = np.maximum.accumulate(np.concatenate(([-1], candidate[:-1])))
    keep = candidate > before
    out[keep] = candidate[keep]
    return out
