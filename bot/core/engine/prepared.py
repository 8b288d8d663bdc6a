"""What a cold build's workers hand the engine (engine/cold.py), so it need not compute it.

Apart from the engine so that the cold build's module names what it prepares without the
engine's answering code, and the engine what it accepts without the cold build's processes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .entries import Passage
from .postings import IndexPart

Kinds = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass
class Prepared:
    """What a cold build's workers computed for an engine (engine/cold.py), each exactly what
    the engine would compute itself: the fact index's and the passage index's parts (one per
    fact file or chunk of documents, in order; tokenized with the knowledge's aliases), the
    facts' and the passages' answer kinds (`answer_kinds`), and the passages. None: the
    engine computes it."""

    fact_parts: list[IndexPart] | None = None
    fact_kinds: Kinds | None = None
    passages: list[Passage] | None = None
    passage_parts: list[IndexPart] | None = None
    passage_kinds: Kinds | None = None
