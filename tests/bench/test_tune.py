"""The parameter sweep (bench/tune.py) replays the engine's decision and honours floors."""

from __future__ import annotations

import numpy as np

from bench.tune import SetData, agreeing, decisions, hedge_point, plain_split, rank, replay
from bot.core.engine.answerability import Verdict
from bot.core.engine.decide import BLENDED, Candidate, choose


def _set(name: str, lexical: list[list[float]], semantic: list[list[float]],
         right: list[list[bool]], answerable: list[bool]) -> SetData:  # fmt: skip
    shape = (len(lexical), len(lexical[0]))
    return SetData(
        name,
        np.array(answerable),
        np.array(lexical, np.float32),
        np.array(semantic, np.float32),
        np.ones(shape, bool),
        np.zeros(shape, bool),
        np.array(right),
        np.ones(shape, bool),
        np.zeros(shape[0], bool),
        np.zeros(shape[0], bool),
    )


def _params() -> tuple[float, ...]:
    p = BLENDED
    return (p.threshold, p.sem_weight, p.sem_floor, p.sem_ceil, p.strong, p.sure, p.lexical_sure)


def test_replay_decides_as_the_engine_does() -> None:
    """For each question, replay answers with the candidate `decide.choose` picks."""
    # The last row: both raised to the threshold by lexical_sure; the second fits better.
    lexical = [[0.9, 0.5], [0.5, 0.4], [0.97, 0.2], [0.3, 0.2], [0.96, 0.95]]
    semantic = [[0.8, 0.9], [0.5, 0.4], [0.1, 0.1], [0.9, 0.2], [0.19, 0.31]]
    right = [[True, False], [True, False], [True, False], [False, False], [False, True]]
    data = _set("x.yaml", lexical, semantic, right, [True, True, True, False, True])
    counts = replay(data, *_params())
    answered = 0
    right_answers = 0
    for row in range(5):
        candidates = [
            Candidate(col, lexical[row][col], semantic[row][col], Verdict(True)) for col in range(2)
        ]
        chosen = choose(candidates, BLENDED)
        if chosen is not None:
            answered += 1
            right_answers += right[row][chosen[0].entry]
    assert counts[4] == answered and counts[5] == right_answers
    assert answered >= 2  # the example exercises both outcomes
    assert answered < 5
    assert counts[5] == right_answers >= 3  # the tie of the last row went to its right fact


def test_rank_leaves_out_settings_below_a_floor() -> None:
    """A floor on a set's right answers drops the settings that answer fewer."""
    data = _set("dev.yaml", [[0.7], [0.6]], [[0.5], [0.5]], [[True], [True]], [True, True])
    strict = (0.65, 0.0, 0.2, 0.8, 2.0, 2.0, 2.0)  # answers only the first
    loose = (0.55, 0.0, 0.2, 0.8, 2.0, 2.0, 2.0)  # answers both
    everything = rank([data], [strict, loose], {})
    assert [params for _, params, _ in everything] == [loose, strict]
    floored = rank([data], [strict, loose], {"dev.yaml": 2})
    assert [params for _, params, _ in floored] == [loose]
    assert rank([data], [strict], {"dev.yaml": 2}) == []


def test_hedge_point_is_where_members_answers_hold_up_from_there_up() -> None:
    """The hedge point is the lowest confidence from which every higher step's answers to
    members' questions are right nine times in ten; other sets do not count."""
    # One candidate per question, answered at its lexical score (no semantic weight).
    lexical = [[0.95], [0.9], [0.85], [0.8], [0.75], [0.7]]
    right = [[True], [True], [True], [False], [True], [False]]
    members = _set("members-x.yaml", lexical, [[-1.0]] * 6, right, [True] * 6)
    params = (0.64, 0.0, 0.2, 0.8, 2.0, 2.0, 2.0)
    # From 0.81 up: 3 of 3 right; from 0.80: 3 of 4 (0.75 < 0.9).
    assert hedge_point([members], params) == 0.81
    # At 0.75: 4 of 5 right; at 0.70: 4 of 6 (below 0.75), so the point is the step above it.
    assert hedge_point([members], params, target=0.75) == 0.71
    wrong_elsewhere = _set("dev.yaml", [[0.99]], [[-1.0]], [[False]], [True])
    assert hedge_point([members, wrong_elsewhere], params) == 0.81
    # Wrong at the very top: no band holds up, so only a full match (1.0) is stated plainly.
    top_wrong = _set("members-y.yaml", [[1.0], [0.9]], [[-1.0]] * 2, [[False], [True]], [True] * 2)
    assert hedge_point([top_wrong], params) == 1.0


def test_plain_split_counts_answers_above_the_band_by_whether_the_matchers_agree() -> None:
    """Above the hedge point, members' answers are split by agreement: the chosen fact has the
    best lexical score and the closest meaning of the row; other sets do not count."""
    # Rows: agree and right; disagree on meaning and wrong; below the band; agree and wrong.
    lexical = [[0.95, 0.5], [0.95, 0.6], [0.5, 0.4], [0.97, 0.3]]
    semantic = [[0.8, 0.3], [0.5, 0.85], [0.5, 0.4], [0.9, 0.2]]
    right = [[True, False], [False, True], [True, False], [False, False]]
    members = _set("members-x.yaml", lexical, semantic, right, [True, True, True, True])
    params = (0.64, 0.0, 0.2, 0.8, 2.0, 2.0, 2.0)  # lexical score alone decides
    has, _best, _answered, _right, top = decisions(members, *params)
    assert has.tolist() == [True, True, False, True]
    assert agreeing(members, top).tolist()[:2] == [True, False]
    assert plain_split([members], params, 0.9) == ((1, 2), (0, 1))
    other = _set("dev.yaml", lexical, semantic, right, [True, True, True, True])
    assert plain_split([other], params, 0.9) == ((0, 0), (0, 0))


def test_replay_declines_a_why_question_it_would_hedge() -> None:
    """As `Engine.ask` does (Params.plain_reasons_only): a why-question's fact below the hedge
    point, or one the matchers disagree on, is no answer; above it and agreed on, it is."""
    lexical = [[0.7, 0.2], [0.7, 0.2], [1.0, 0.2], [0.7, 0.9]]
    semantic = [[0.7, 0.3], [0.7, 0.3], [0.95, 0.3], [0.95, 0.9]]
    right = [[True, False]] * 4
    data = _set("members-x.yaml", lexical, semantic, right, [True] * 4)
    params = _params()
    assert decisions(data, *params)[2].tolist() == [True, True, True, True]
    data.reason = np.array([False, True, True, True])
    has, _best, answered, good, _top = decisions(data, *params)
    # row 1 is below the hedge point; row 3's fact is above it, but another is closer in meaning
    assert answered.tolist() == [True, False, True, False]
    assert has.tolist() == answered.tolist() and good.tolist() == answered.tolist()


def test_the_shipped_settings_are_found_in_the_ranking() -> None:
    """The sweep says where the settings decide.py ships stand among those it ranked."""
    from bench.tune import _shipped_rank

    other = (0.5, 0.2, 0.2, 0.7, 0.75, 0.8, 0.95)
    results = [(7.4, other, []), (7.3, _params(), []), (7.2, other, [])]
    assert _shipped_rank(results, lexical=False) == (2, 7.3)
    assert _shipped_rank(results[:1], lexical=False) is None
