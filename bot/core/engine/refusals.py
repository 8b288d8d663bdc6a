"""What a fact does not answer: its `does_not_answer` phrasings, and the check that reads them.

The matchers score a fact by the words and the meaning it shares with a question, and a
question about something next to the fact shares both: "how many other countries does japan
share intelligence with" against the count of South Korea's intelligence partners, "when was
the asian women's fund dissolved" against the fund's founding. No threshold on either score
tells them apart (README, "How the bot decides"). A curator can: a fact lists the near
questions it does not answer, and a question closer to one of those than to every phrasing
of the fact, by the share of index words they have in common (Jaccard) *and* by meaning when
the semantic matcher is on, is not answered by that fact (another fact may still answer it).
Both must agree because each alone confuses a question with a close phrasing that differs in
the one word that matters ("sk" or "japan", "take office" or "leave office"): on the tuning
sets the meaning alone would have refused 31 right answers to stop 12 wrong ones, the words
alone (by fuzzy ratio of the phrase keys) 1 and 1. A question with exactly a refused
phrasing's words, and no other, is refused by the words alone: no word can differ, and meaning
compares a question with phrasings in its own language more closely than across languages.
Moderators add such phrasings from Discord
(`/kb exclude`, or a button of the review queue) when a member's question got the fact wrongly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..knowledge.models import Fact
from .aliases import AliasTable
from .embedding import Embedder
from .postings import phrase_key
from .semantic import SemanticIndex
from .tokens import tokenize


class Refusals:
    """Per fact (engine entry): the phrase keys of its `does_not_answer` phrasings, as the
    lexical index keys its questions, and with the semantic matcher their vectors.

    `model` names the embedder the refusals were prepared for (None: the lexical matcher
    alone). Its vectors are None when no fact lists a phrasing: most knowledge bases, and an
    index of 100,000 empty entries cost 0.3 s to update on every save."""

    def __init__(
        self,
        keys: list[tuple[str, ...]],
        vectors: SemanticIndex | None = None,
        words: list[tuple[frozenset[str], ...]] | None = None,
        model: str | None = None,
    ) -> None:
        """`words`: each key's words (`_words`), when the caller has them already."""
        self.keys = keys
        self.vectors = vectors
        self.model = model
        # Each key's words, split once (the check runs for every candidate of every question),
        # and whether there is anything to check at all (not a scan per question: at 100,000
        # facts that alone would be a millisecond).
        self.words = words if words is not None else [_words(entry) for entry in keys]
        self.any = any(keys)

    @classmethod
    def build(cls, facts: Sequence[Fact], aliases: AliasTable) -> Refusals:
        """The lexical side for every fact (most facts list none: an empty tuple each)."""
        return cls([_keys(f, aliases) for f in facts])

    def with_vectors(
        self, embedder: Embedder, facts: Sequence[Fact], previous: Refusals | None = None
    ) -> Refusals:
        """These refusals prepared for `embedder`: their phrasings embedded (reusing
        `previous`'s vectors for every phrasing it already embedded with the same model)."""
        vectors = None
        if self.any:
            old = previous.vectors if previous is not None else None
            texts = [list(f.does_not_answer) for f in facts]
            vectors = SemanticIndex(embedder, texts, old)
        return Refusals(self.keys, vectors, self.words, embedder.name)

    def updated(
        self,
        kept: np.ndarray,
        fresh: Sequence[Fact],
        aliases: AliasTable,
        embedder: Embedder | None,
    ) -> Refusals:
        """Entry i is old entry `kept[i]`, or where it is -1 the next fresh fact (as in
        `Index.updated`); only the fresh facts' phrasings are keyed and embedded. The result
        equals `build` (and `with_vectors` for `embedder`) over the new facts."""
        fresh_keys = [_keys(f, aliases) for f in fresh]
        rows = kept.tolist()
        if not self.any and not any(fresh_keys):
            nothing: list[tuple[str, ...]] = [()] * len(rows)
            return Refusals(nothing, None, [()] * len(rows), _name(embedder))
        fresh_words = iter([_words(k) for k in fresh_keys])
        keys_of = iter(fresh_keys)
        keys = [self.keys[k] if k >= 0 else next(keys_of) for k in rows]
        words = [self.words[k] if k >= 0 else next(fresh_words) for k in rows]
        vectors = None
        if embedder is not None and any(keys):
            texts = [list(f.does_not_answer) for f in fresh]
            if self.vectors is not None:
                vectors = self.vectors.updated(embedder, kept, texts)
            else:
                if self.any:  # never: with_vectors embeds whenever a fact lists one
                    raise ValueError("refusals without vectors cannot be updated by meaning")
                # The first phrasings of all: the kept facts list none.
                by_row = iter(texts)
                every = [[] if k >= 0 else next(by_row) for k in rows]
                vectors = SemanticIndex(embedder, every)
        return Refusals(keys, vectors, words, _name(embedder))

    def refuses(
        self,
        entry: int,
        words: frozenset[str],
        asked: Sequence[str],
        query: np.ndarray | None,
        cosine: float | None,
    ) -> bool:
        """Whether the question (its informative `words`) is closer to a phrasing the fact
        does not answer than to every one it does (`asked`: their phrase keys): by the words
        they share (Jaccard), and, when the semantic matcher scored the fact (`cosine`, from
        the question's vectors `query`), by meaning too."""
        refusing = self.words[entry]
        if not refusing or not words:
            return False
        refused = max(_jaccard(words, other) for other in refusing)
        if refused == 0.0:
            return False
        if any(_jaccard(words, frozenset(key.split())) >= refused for key in asked):
            return False
        if cosine is None or query is None or self.vectors is None or refused == 1.0:
            # Every word of the question is a refused phrasing's and none other: no word that
            # matters can differ, and meaning has nothing to add. It may only take it away
            # across languages: "水曜デモはいつから始まった？" has the words of "when did the
            # wednesday protests start" and was answered, its meaning closer to the fact's
            # own Japanese phrasings than to the English one it refuses.
            return True
        closest = self.vectors.closeness(query, [entry])[entry]
        return closest > cosine


def _jaccard(words: frozenset[str], other: frozenset[str]) -> float:
    """The share of the question's and a phrasing's words that both have."""
    union = len(words | other)
    return len(words & other) / union if union else 0.0


def _words(keys: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(k.split()) for k in keys)


def _keys(fact: Fact, aliases: AliasTable) -> tuple[str, ...]:
    if not fact.does_not_answer:
        return ()
    return tuple(phrase_key(tokenize(q, aliases)) for q in fact.does_not_answer)


def _name(embedder: Embedder | None) -> str | None:
    return embedder.name if embedder is not None else None
