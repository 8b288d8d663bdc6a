"""The review queue without what is settled already.

The queue shows the most asked declined questions and the answers most often voted not
helpful, ten of each. Nothing took an entry out but "Answer #n" saving its fact: a question
answered since another way (a phrasing added by `/kb edit`, an "Answer #n" whose clean-up
failed on a busy database), a vote on an answer since excluded or on a fact since removed,
stayed on top for good, refused when acted on, and pushed new entries out of sight.

A declined question is settled only when the bot now answers it, with the fact that has it as
a phrasing (a phrasing is not enough: the engine declines some of its own phrasings, and
"claims" and "claimed" read alike); it is then dismissed. A settled vote is only hidden: the
votes stay counted in `/kb stats`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ...log import get_logger
from ..engine.simplify import simplify
from ..engine.tokens import normalize_question
from ..errors import StoreError
from ..knowledge.models import Answer, KnowledgeBase
from ..knowledge.questions import alias_table, owners_of
from .feedback import FeedbackLog
from .feedbackqueries import UnansweredQuestion

log = get_logger(__name__)

# How far past the shown entries to look for settled ones: those hide the next entries.
LOOK_AHEAD = 4
Votes = list[tuple[str, str, int]]
_Row = TypeVar("_Row")


@dataclass(frozen=True)
class ReviewQueue:
    """What the review queue shows, and how many settled entries it left out, which would
    have been shown otherwise (ranked above the last entry shown, or anywhere in a queue
    shorter than asked for): the console says so, where an entry just vanished."""

    questions: list[UnansweredQuestion]
    votes: Votes
    answered: int = 0  # declined questions the bot now answers with their fact (dismissed too)
    hidden: int = 0  # not-helpful votes on a removed fact or on a question it refuses
    # Not-helpful votes on a fact the member picked from the menu under the bot's answer: the
    # bot did not give it for that question, so they are not listed among its answers.
    picked: Votes = field(default_factory=list)


def answered_now(
    kb: KnowledgeBase, ask: Callable[[str], Answer], questions: Iterable[str]
) -> list[str]:
    """The questions that are a phrasing of a fact now and that `ask` answers with it."""
    table = alias_table(kb.aliases)
    owners = owners_of(kb, table)
    found: list[str] = []
    for question in questions:
        key = normalize_question(question, table)
        owner = next(
            (
                fact_id
                for fact_id in owners.candidates(key)
                if (fact := kb.fact(fact_id)) is not None
                and any(normalize_question(q, table) == key for q in fact.questions)
            ),
            None,
        )
        if owner is None:
            continue
        answer = ask(question)
        if answer.answered and answer.fact_id == owner:
            found.append(question)
    return found


def settled_votes(kb: KnowledgeBase, rows: Iterable[tuple[str, str, int]]) -> set[tuple[str, str]]:
    """The (fact id, question) of not-helpful rows with nothing left to do: the fact is gone,
    or it refuses that question already (its `does_not_answer`)."""
    settled: set[tuple[str, str]] = set()
    for fact_id, question, _ in rows:
        fact = kb.fact(fact_id)
        if fact is None or simplify(question) in {simplify(q) for q in fact.does_not_answer}:
            settled.add((fact_id, question))
    return settled


def open_entries(
    feedback: FeedbackLog,
    kb: KnowledgeBase,
    ask: Callable[[str], Answer],
    size: int,
    guild_ids: Collection[int] | None,
) -> ReviewQueue:
    """The first `size` declined questions and not-helpful rows of these servers that are not
    settled; settled questions among the next ones are dismissed. A feedback database too
    busy to dismiss them costs only that: the queue is shown, without them."""
    questions = feedback.unanswered(size * LOOK_AHEAD, guild_ids)
    answered = set(answered_now(kb, ask, [q.question for q in questions]))
    try:
        for question in answered:
            feedback.dismiss_unanswered(question, guild_ids)
    except StoreError as exc:
        log.warning("could not dismiss answered questions from the review queue: %s", exc)
    shown, left_out = _first_open(questions, [q.question in answered for q in questions], size)
    votes, hidden = _open_votes(feedback, kb, size, guild_ids)
    picked, hidden_picked = _open_votes(feedback, kb, size, guild_ids, picked=True)
    return ReviewQueue(shown, votes, left_out, hidden + hidden_picked, picked)


def _first_open(rows: Sequence[_Row], settled: Sequence[bool], size: int) -> tuple[list[_Row], int]:
    """The first `size` rows that are not `settled` (one flag a row), and how many settled
    rows came before the last of them (all that were read, when fewer than `size` are open)."""
    shown: list[_Row] = []
    left_out = 0
    for row, done in zip(rows, settled, strict=True):
        if len(shown) == size:
            break
        if done:
            left_out += 1
        else:
            shown.append(row)
    return shown, left_out


def _open_votes(
    feedback: FeedbackLog,
    kb: KnowledgeBase,
    size: int,
    guild_ids: Collection[int] | None,
    *,
    picked: bool = False,
) -> tuple[Votes, int]:
    """The first `size` not-helpful rows that are not settled, reading further while the
    settled ones (kept, so hidden) fill what was read: each vote a moderator deals with stays
    a row, and a fixed look-ahead was filled by them after a few dozen. With them, how many
    settled rows were left out (`_first_open`)."""
    limit = size * LOOK_AHEAD
    while True:
        votes = feedback.not_helpful(limit, guild_ids, picked=picked)
        settled = settled_votes(kb, votes)
        shown, left_out = _first_open(votes, [(v[0], v[1]) in settled for v in votes], size)
        if len(shown) >= size or len(votes) < limit:
            return shown, left_out
        limit *= 4
