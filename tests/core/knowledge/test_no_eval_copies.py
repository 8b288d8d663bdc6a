"""No fact phrasing copies an evaluation question, so the accuracy we report is not tuned to it.

A phrasing that (after normalisation) is within fuzz.ratio 90 of an evaluation question makes
that question an exact-match lookup: its figure then measures the copy, not the matcher. The
same holds for the phrasings a fact does not answer (`does_not_answer`): a copy of an eval
question there would decline that question by lookup.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.engine.evaluation import load_items
from bot.core.engine.simplify import simplify
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import Fact, KnowledgeBase
from tests.conftest import ROOT, SHARED

MAX_RATIO = 90  # a phrasing at or above this fuzz.ratio of an eval question is a near-copy
EVAL_DIRS = (SHARED / "eval", ROOT / "tests" / "data")  # every `q` in these *.yaml files
EVAL_FILES = [path for folder in EVAL_DIRS for path in sorted(folder.glob("*.yaml"))]


def eval_questions(paths: list[Path]) -> list[tuple[str, str]]:
    """Every evaluation question as (file name, question)."""
    return [(path.name, item.q) for path in paths for item in load_items(path)]


def near_copies(facts: tuple[Fact, ...], questions: list[tuple[str, str]]) -> list[str]:
    """One line per fact phrasing (asked or refused) within MAX_RATIO of an eval question,
    naming both."""
    phrasings = [(fact.id, q) for fact in facts for q in (*fact.questions, *fact.does_not_answer)]
    scores = process.cdist(
        [simplify(q) for _, q in phrasings],
        [simplify(q) for _, q in questions],
        scorer=fuzz.ratio,
        score_cutoff=MAX_RATIO,
        workers=-1,
    )
    found = []
    for row, col in zip(*np.nonzero(scores >= MAX_RATIO), strict=True):
        fact_id, phrasing = phrasings[row]
        name, question = questions[col]
        found.append(f"{fact_id}: {phrasing!r} ~ {name}: {question!r} ({scores[row, col]:.0f})")
    return found


def test_eval_sets_are_found() -> None:
    """The repository's own question sets are there, so the check below checks something."""
    assert any(path.parent == EVAL_DIRS[1] for path in EVAL_FILES)
    assert len(eval_questions(EVAL_FILES)) >= 500


def test_no_fact_phrasing_copies_an_eval_question(shipped_kb: KnowledgeBase) -> None:
    """No shipped phrasing is a copy or near-copy (ratio >= 90) of any eval question."""
    found = near_copies(shipped_kb.facts, eval_questions(EVAL_FILES))
    assert not found, f"{len(found)} near-copies of eval questions:\n" + "\n".join(found)


def test_checker_flags_a_planted_near_copy(tiny_knowledge: Path) -> None:
    """A phrasing differing from an eval question only in case, punctuation or a typo is found."""
    facts = load_knowledge(tiny_knowledge).facts
    planted = [
        ("planted.yaml", "where are the Example islands??"),  # a phrasing, verbatim
        ("planted.yaml", "how much was trade in 1998"),  # one character off a phrasing
        ("planted.yaml", "who claims the example islands"),  # different words: not a copy
    ]
    found = near_copies(facts, planted)
    assert len(found) == 2, found
    assert found[0].startswith("islands-where: 'Where are the Example Islands?' ~ planted.yaml")
    assert found[1].startswith("trade-1999: 'How much was trade in 1999?' ~ planted.yaml")
