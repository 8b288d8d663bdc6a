"""The fixed, seeded query set a benchmark run sends: built from a knowledge base's questions.

Kinds, in fixed shares: exact questions, typo'd ones (character edits), paraphrased ones (word
drops, swaps, synonyms, chatty openers) and off-topic chatter; plus partial queries (prefixes of
questions, as typed into autocomplete). Every query remembers the fact it came from, so a run
can also report whether the top answer was the right fact.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.knowledge.models import KnowledgeBase

from . import _words as W
from ._edits import add_typos

SHARES = (("exact", 0.30), ("typo", 0.25), ("paraphrase", 0.25), ("offtopic", 0.20))
KINDS = tuple(kind for kind, _ in SHARES)


@dataclass(frozen=True)
class Query:
    """One query and the fact it was derived from (None for off-topic)."""

    text: str
    kind: str
    fact_id: str | None


def build_queries(kb: KnowledgeBase, count: int, seed: int) -> list[Query]:
    """`count` queries in the fixed shares of SHARES, deterministic for (kb, count, seed)."""
    rng = random.Random(f"citebot-bench-queries:{seed}")
    pairs = [(f.id, q) for f in kb.facts for q in f.questions]
    out: list[Query] = []
    for kind, share in SHARES:
        wanted = round(count * share) if kind != KINDS[-1] else count - len(out)
        for _ in range(wanted):
            if kind == "offtopic":
                out.append(Query(offtopic(rng), kind, None))
                continue
            fact_id, question = rng.choice(pairs)
            if kind == "typo":
                text = add_typos(question, rng, edits=rng.choice((1, 1, 2)))
            elif kind == "paraphrase":
                text = paraphrase(question, rng)
            else:
                text = question
            out.append(Query(text, kind, fact_id))
    rng.shuffle(out)
    return out


def build_partials(kb: KnowledgeBase, count: int, seed: int) -> list[Query]:
    """Prefixes of questions as typed into autocomplete: mid-word, or just after a space."""
    rng = random.Random(f"citebot-bench-partials:{seed}")
    pairs = [(f.id, q) for f in kb.facts for q in f.questions]
    out: list[Query] = []
    for _ in range(count):
        fact_id, question = rng.choice(pairs)
        cut = rng.randint(min(3, len(question)), max(3, len(question) - 1))
        text = question[:cut]
        if rng.random() < 0.4 and " " in question[cut:]:
            text = question[: question.index(" ", cut) + 1]
        out.append(Query(text, "partial", fact_id))
    return out


def paraphrase(question: str, rng: random.Random) -> str:
    """A reworded question: lowercased, synonyms swapped in, a word dropped or two swapped."""
    words = question.lower().rstrip("?？").split()
    words = [_synonym(w, rng) for w in words]
    words = " ".join(words).split()
    if len(words) > 3 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    if len(words) > 2 and rng.random() < 0.3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    text = " ".join(words)
    if rng.random() < 0.3:
        text = rng.choice(W.FILLER_OPENERS) + text
    if text == question.lower() and len(words) > 1:
        text = " ".join(words[1:])
    return text


def _synonym(word: str, rng: random.Random) -> str:
    options = W.SYNONYMS.get(word)
    if options and rng.random() < 0.7:
        return rng.choice(options)
    return word


def offtopic(rng: random.Random) -> str:
    """Chatter a knowledge base about anything else cannot answer."""
    if rng.random() < 0.1:
        return rng.choice(W.SMALLTALK)
    template = rng.choice(W.OFFTOPIC_TEMPLATES)
    slots = {name: rng.choice(values) for name, values in W.OFFTOPIC_SLOTS.items()}
    slots["game2"] = rng.choice(W.OFFTOPIC_SLOTS["game"])
    return template.format(**slots)


def subset(items: Sequence[Query], count: int) -> list[int]:
    """Indexes of an evenly spaced, deterministic subset of `count` items (all when fewer)."""
    if count >= len(items):
        return list(range(len(items)))
    step = len(items) / count
    return [int(i * step) for i in range(count)]
