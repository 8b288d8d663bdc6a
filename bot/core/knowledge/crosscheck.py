"""The checks between facts, which no single fact can pass or fail on its own.

Ids unique across files, no question shared by two facts (compared as normalised tokens,
aliases applied) and no `see_also` to an id no fact has.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping

from ..engine.aliases import AliasTable
from ..engine.tokens import normalize_question
from ..errors import Problem
from .models import Fact
from .questions import QuestionOwners

# What the checks between facts found: the problems, and the owner of each question.
Checked = tuple[list[Problem], QuestionOwners]


def cross_check(
    facts: Iterable[Fact],
    origin: dict[str, tuple[str, int]],
    table: AliasTable,
    question_owner: dict[str, str] | None = None,
    keys: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Problems between facts: duplicate ids, shared questions, see_also to nowhere.

    `question_owner`, when given, receives each normalised question with its fact's id;
    `keys` may hold questions already normalised with `table` (the rest are normalised here)."""
    problems: list[Problem] = []
    by_id: dict[str, Fact] = {}
    question_owner = {} if question_owner is None else question_owner
    facts = list(facts)
    for fact in facts:
        file, line = origin.get(fact.id, ("?", 0))
        if fact.id in by_id:
            problems.append(
                Problem(
                    file, line, fact.id, "id", "duplicate id (ids must be unique across all files)"
                )
            )
            continue
        by_id[fact.id] = fact
        for question in fact.questions:
            key = keys.get(question) if keys is not None else None
            if key is None:
                key = normalize_question(question, table)
            owner = question_owner.setdefault(key, fact.id)
            if owner != fact.id:
                problems.append(
                    Problem(
                        file,
                        line,
                        fact.id,
                        "questions",
                        f"question {question!r} is also a question of fact '{owner}'",
                    )
                )
    problems.extend(dangling_links(facts, origin, by_id))
    return problems


def dangling_links(
    facts: Iterable[Fact], origin: Mapping[str, tuple[str, int]], known: Container[str]
) -> list[Problem]:
    """A problem for each see_also of `facts` to an id not in `known`."""
    problems: list[Problem] = []
    for fact in facts:
        file, line = origin.get(fact.id, ("?", 0))
        for other in fact.see_also:
            if other not in known:
                problems.append(
                    Problem(file, line, fact.id, "see_also", f"unknown fact id '{other}'")
                )
    return problems
