"""What of the review queue is settled already, so that it leaves the queue by itself.

The queue shows the most asked declined questions and the answers most often voted not
helpful, ten of each. Nothing took an entry out but "Answer #n" saving its fact: a question
answered since another way (a phrasing added by `/kb edit`, an "Answer #n" whose clean-up
failed on a busy database), a vote on an answer since excluded or on a fact since removed,
stayed on top for good, refused when acted on, and pushed new entries out of sight.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..engine.text import normalize_question, simplify
from ..knowledge.models import KnowledgeBase
from ..knowledge.questions import alias_table, owners_of


def answered_now(kb: KnowledgeBase, questions: Iterable[str]) -> list[str]:
    """The questions that are a phrasing of a fact now, read as the loader compares them
    (`normalize_question` with the aliases): a fact answers each by name."""
    table = alias_table(kb.aliases)
    owners = owners_of(kb, table)
    found: list[str] = []
    for question in questions:
        key = normalize_question(question, table)
        for fact_id in owners.candidates(key):
            fact = kb.fact(fact_id)
            if fact is not None and any(
                normalize_question(q, table) == key for q in fact.questions
            ):
                found.append(question)
                break
    return found


def settled_votes(kb: KnowledgeBase, rows: Iterable[tuple[str, str, int]]) -> list[tuple[str, str]]:
    """The (fact id, question) of not-helpful rows with nothing left to do: the fact is gone,
    or it refuses that question already (its `does_not_answer`)."""
    settled: list[tuple[str, str]] = []
    for fact_id, question, _ in rows:
        fact = kb.fact(fact_id)
        if fact is None or simplify(question) in {simplify(q) for q in fact.does_not_answer}:
            settled.append((fact_id, question))
    return settled
