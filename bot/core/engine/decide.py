"""The decision: which candidate fact answers, from its lexical score, its meaning and the rules.

Each candidate carries what the matchers found (the lexical score in [0, 1], the best cosine of
the semantic matcher or None without it) and what the answerability rules said. The confidence
blends both matchers; a candidate answers when its confidence reaches the threshold and the
rules allow it. A close meaning (cosine at least `strong`) stands in for the lexical evidence
that a reworded question lacks ("annex" for "colonial rule"): it lifts the two-word rule and
the guessed-spelling rule, never the rules about names, dates, numbers and reasons; a cosine at
least `sure`, or a lexical score at least `lexical_sure`, reaches the threshold on its own.

The parameters were chosen by a sweep over the tuning sets only (`python -m bench.tune`, see
README "How the bot decides"); the test half of the members' set was never used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .answerability import Verdict

# Rules that a close meaning may lift: they only ask for enough shared words.
LIFTED_BY_MEANING = frozenset({"one_word", "guessed_only"})


@dataclass(frozen=True)
class Params:
    """How the two matchers are weighed and where the bot starts answering."""

    threshold: float
    sem_weight: float = 0.0
    sem_floor: float = 0.2  # a cosine at or below this adds nothing
    sem_ceil: float = 0.8  # a cosine at or above this counts fully
    strong: float = 2.0  # a cosine this high lifts LIFTED_BY_MEANING (2.0: never)
    # A cosine this high is enough on its own: the confidence is raised to the threshold, so a
    # question in other words than every phrasing ("how long did japan govern korea") can
    # still be answered; the rules still apply (2.0: never).
    sure: float = 2.0
    # A lexical score this high is enough on its own too: the embedder does not know every
    # name members use ("gsomia", a footnote number), and its cosine for them is noise, so a
    # question whose every word a phrasing has is not dragged down by it (2.0: never).
    lexical_sure: float = 2.0
    margin: float = 0.03  # a runner-up this close is offered beside the answer
    # Below this confidence the answer is given as the closest fact, with the bot saying it is
    # not sure that is what was asked: members' own questions answered from there down were
    # wrong about half the time on the tuning sets, from there up right nine times in ten
    # (`bench.tune` prints the point for its best settings; 0.0: never hedge).
    hedge_below: float = 0.0
    # A fact is stated plainly only if both matchers also put it first among the candidates
    # (the best lexical score and the closest meaning): on the members' tuning sets the
    # answers above the band were right 68 times in 71 when they agreed, 13 in 19 when not.
    plain_needs_agreement: bool = False
    # A "why" question is answered only with a fact stated plainly; one the bot would hedge is
    # declined: on the members' tuning sets the hedged answers to why-questions were right 5
    # times in 17 (the reason for something else, in the same words), against 93 in 135 for
    # the other hedged answers (2026-12-02; README "How the bot decides", step 7).
    plain_reasons_only: bool = False


# The lexical matcher alone (no embedding model installed or configured).
LEXICAL = Params(threshold=0.64, hedge_below=1.0)
# Both matchers: the best of `python -m bench.tune --floor dev.yaml=52 --floor regression.yaml=220`
# on the tuning sets (the settings that keep dev and regression; README "How the bot decides").
BLENDED = Params(
    threshold=0.64,
    sem_weight=0.4,
    sem_floor=0.3,
    sem_ceil=0.9,
    strong=0.9,
    sure=0.9,
    lexical_sure=0.9,
    margin=0.03,
    hedge_below=0.83,
    plain_needs_agreement=True,
    plain_reasons_only=True,
)


@dataclass(frozen=True)
class Candidate:
    """One fact as the matchers and the rules see it for one question."""

    entry: int
    lexical: float
    semantic: float | None
    verdict: Verdict


def confidence(candidate: Candidate, params: Params) -> float:
    """The blended score in [0, 1]: the lexical score alone without the semantic matcher."""
    blended = evidence(candidate, params)
    if candidate.semantic is None or params.sem_weight <= 0:
        return blended
    if candidate.semantic >= params.sure or candidate.lexical >= params.lexical_sure:
        return max(blended, params.threshold)
    return blended


def evidence(candidate: Candidate, params: Params) -> float:
    """The blended score before `sure` and `lexical_sure` raise it: among candidates raised to
    the same confidence, it says which one the question fits best."""
    if candidate.semantic is None or params.sem_weight <= 0:
        return candidate.lexical
    span = max(params.sem_ceil - params.sem_floor, 1e-6)
    meaning = min(1.0, max(0.0, (candidate.semantic - params.sem_floor) / span))
    return (1.0 - params.sem_weight) * candidate.lexical + params.sem_weight * meaning


def allowed(candidate: Candidate, params: Params) -> bool:
    """The rules pass, or only rules that a close meaning lifts fail and the meaning is close."""
    if candidate.verdict.ok:
        return True
    strong = candidate.semantic is not None and candidate.semantic >= params.strong
    return strong and candidate.verdict.reason in LIFTED_BY_MEANING


def choose(
    candidates: Sequence[Candidate], params: Params
) -> tuple[Candidate, float, list[tuple[Candidate, float]]] | None:
    """The answering candidate with its confidence and the near ties offered beside it."""
    # Equal confidences (several raised to the threshold by `sure` or `lexical_sure`, "what is
    # gsomia" against every fact about the pact) go to the best evidence, then to the closer
    # meaning and the better lexical score, then to fact order: the evidence is capped (a cosine
    # at `sem_ceil` counts fully), so "慰安婦って何？", one of a fact's own phrasings, tied at 1.0
    # with a fact it was only near (cosine 1.00 against 0.93) and went to whichever came first.
    scored = sorted(
        ((c, round(confidence(c, params), 4), evidence(c, params)) for c in candidates),
        key=lambda row: (
            -row[1],
            -row[2],
            -(row[0].semantic if row[0].semantic is not None else 0.0),
            -row[0].lexical,
            row[0].entry,
        ),
    )
    fit = [(c, s) for c, s, _ in scored if s >= params.threshold and allowed(c, params)]
    if not fit:
        return None
    top, score = fit[0]
    ties = [(c, s) for c, s in fit[1:3] if score - s <= params.margin]
    return top, score, ties


def stated_plainly(
    top: Candidate, score: float, candidates: Sequence[Candidate], params: Params
) -> bool:
    """Whether the chosen fact is said without a hedge: its confidence reaches `hedge_below`
    and, when the parameters ask for it, no other candidate has a better lexical score or a
    closer meaning (the two matchers agree that this fact is the one)."""
    if score < params.hedge_below:
        return False
    if not params.plain_needs_agreement or top.semantic is None:
        return True
    cosines = [c.semantic for c in candidates if c.semantic is not None]
    return top.lexical >= max(c.lexical for c in candidates) and top.semantic >= max(cosines)
