"""One fact's raw mapping, as read from a file or sent by a moderator, checked into a Fact.

The loader runs `validate_fact` on every item of a fact file, and moderation on every edit
before it is written, so a fact is held to the same rules wherever it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from sys import intern
from typing import Any

from ..engine.simplify import simplify
from ..errors import Problem
from .citations import validate_citations
from .models import Fact, Source
from .textrules import NO_WORDS, ProblemSink, control_problem, str_list

FACT_KEYS = (
    "id",
    "questions",
    "does_not_answer",
    "answer",
    "sources",
    "tags",
    "see_also",
    "updated_by",
    "updated_at",
)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_QUESTIONS = 4
MAX_QUESTION_CHARS = 300
MAX_ANSWER_CHARS = 1000
# An answer that opens with a bare yes or no ("Yes.", "No,", "yes:"). A fact answers questions
# asked either way round ("is it banned?", "is it allowed?", "do the disputes stop the
# exchanges?"), and a yes or a no is right for only one of them: on the shipped knowledge, 4
# facts answered some of their own phrasings with the opposite of their quotes. The claim
# stated alone answers both.
_YES_OR_NO_FIRST = re.compile(r"\s*(?:yes|no)\b\s*(?:[.,!:;]|$)", re.IGNORECASE)


def validate_fact(
    raw: Any,
    sources: dict[str, Source],
    *,
    topic: str,
    file: str,
    line: int = 0,
    line_of: Callable[[str], int] | None = None,
) -> tuple[Fact | None, list[Problem]]:
    """Check one fact's raw mapping; return the Fact (or None) and every problem found."""
    problems: list[Problem] = []
    fact_id = raw.get("id") if isinstance(raw, dict) else None
    shown_id = fact_id if isinstance(fact_id, str) else ""

    def problem(field: str, message: str) -> None:
        where = line_of(field) if (line_of and field) else line
        problems.append(Problem(file, where, shown_id, field, message))

    if not isinstance(raw, dict):
        problem("", "each fact must be a mapping")
        return None, problems
    for key in sorted(set(map(str, raw)) - set(FACT_KEYS)):
        problem(key, "unknown key")
    if not isinstance(fact_id, str) or not ID_PATTERN.fullmatch(fact_id) or len(fact_id) > 80:
        problem("id", "must be a slug of lowercase letters, digits and '-' (at most 80 characters)")
    questions = str_list(raw, "questions", problem, required=True, max_chars=MAX_QUESTION_CHARS)
    if questions is not None and len(questions) < MIN_QUESTIONS:
        problem("questions", f"needs at least {MIN_QUESTIONS} phrasings, has {len(questions)}")
    seen: set[str] = set()
    if questions is not None:
        for q in questions:
            key = simplify(q)
            if not key:
                problem("questions", f"{q!r} {NO_WORDS}")
            elif key in seen:
                problem("questions", f"question listed twice: {q!r}")
            seen.add(key)
    refused = _refused_questions(raw, seen, problem)
    answer = raw.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        problem("answer", "must be a non-empty string")
        answer = None
    elif len(answer) > MAX_ANSWER_CHARS:
        problem("answer", f"is {len(answer)} characters; keep it under {MAX_ANSWER_CHARS}")
    elif (control := control_problem(answer)) is not None:
        problem("answer", control)
    elif _YES_OR_NO_FIRST.match(answer):
        problem(
            "answer",
            "opens with a bare yes or no, which is the opposite answer to the same question "
            "asked the other way round; state the claim alone",
        )
    citations = validate_citations(raw.get("sources"), sources, problem)
    tags = str_list(raw, "tags", problem, required=False, max_chars=60) or []
    see_also = str_list(raw, "see_also", problem, required=False, max_chars=80) or []
    _no_repeats(tags, "tags", problem)
    _no_repeats(see_also, "see_also", problem)
    if fact_id in see_also:
        # `kb remove` then named the fact among those linking to it, and --unlink "dropped the
        # link" from the very fact it was removing, as an audited edit of its own.
        problem("see_also", "lists the fact itself; see_also names other facts")
    updated_by = raw.get("updated_by")
    updated_at = raw.get("updated_at")
    for key, value in (("updated_by", updated_by), ("updated_at", updated_at)):
        if value is not None and not isinstance(value, str):
            problem(key, "must be a string")
    if problems or questions is None or answer is None or citations is None:
        return None, problems
    assert isinstance(fact_id, str)
    # Ids, tags, topics, document ids and section titles recur across facts: interned, each
    # is one string however many facts name it (about 45 MB and a million objects fewer in
    # memory and in the engine snapshot at 100,000 facts; a pickle keeps the sharing).
    fact = Fact(
        id=intern(fact_id),
        questions=tuple(q.strip() for q in questions),
        answer=" ".join(answer.split()),
        sources=tuple(citations),
        tags=tuple(map(intern, tags)),
        see_also=tuple(map(intern, see_also)),
        does_not_answer=tuple(q.strip() for q in refused),
        topic=intern(topic),
        updated_by=updated_by if isinstance(updated_by, str) else None,
        updated_at=updated_at if isinstance(updated_at, str) else None,
    )
    return fact, problems


def _refused_questions(raw: dict[Any, Any], asked: set[str], problem: ProblemSink) -> list[str]:
    """The fact's `does_not_answer` phrasings: optional; none listed twice, none one of the
    fact's own questions (`asked`: their simplified forms), which would contradict it."""
    refused = (
        str_list(raw, "does_not_answer", problem, required=False, max_chars=MAX_QUESTION_CHARS)
        or []
    )
    seen: set[str] = set()
    for q in refused:
        key = simplify(q)
        if not key:
            problem("does_not_answer", f"{q!r} {NO_WORDS}")
        elif key in asked:
            problem(
                "does_not_answer",
                f"{q!r} is also one of the fact's questions: it cannot both answer and not",
            )
        elif key in seen:
            problem("does_not_answer", f"listed twice: {q!r}")
        seen.add(key)
    return refused


def _no_repeats(items: list[str], key: str, problem: ProblemSink) -> None:
    """A problem for each item listed a second time (`kb edit --tag x --tag x` saved both)."""
    seen: set[str] = set()
    for item in items:
        if item in seen:
            problem(key, f"listed twice: {item!r}")
        seen.add(item)
