"""The state every part of the answer engine reads, declared once.

`Engine` (answer.py) is composed of parts, one concern a module: considering a question
(considering.py), answering from a source passage (passages.py), offering facts
(suggesting.py). Each part is a mixin over these attributes, which `Engine.__init__` sets:
declaring them here lets each part's module type-check alone, and keeps the engine's state in
one object, so what the snapshot pickles (snapshot.py) is the same whichever module a method
lives in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..knowledge.models import Fact, KnowledgeBase
    from .aliases import AliasTable
    from .answerability import Answerability
    from .embedding import Embedder
    from .passages import PassageList
    from .refusals import Refusals
    from .search import Index
    from .semantic import SemanticIndex
    from .spelling import NameSpeller

# The longest question read: a longer message is declined as too long, and only this much of
# it is embedded.
MAX_QUESTION_CHARS = 1000


class EngineState:
    """The attributes an `Engine` holds (set by `Engine.__init__`), for its parts to read."""

    kb: KnowledgeBase
    aliases: AliasTable
    speller: NameSpeller
    facts: Sequence[Fact]
    fact_index: Index
    passages: PassageList
    passage_index: Index
    refusals: Refusals
    fact_rules: Answerability
    passage_rules: Answerability
    embedder: Embedder | None
    semantic: SemanticIndex | None
