"""The engine holds its accuracy on the tuning sets (see tests/data/README.md).

These are the sets the thresholds and rules were chosen on, so their figures flatter the engine;
they are held here only to catch a change that makes answers worse. members-test.yaml was
held out until its failures were shown, and is tuned on now. The held-out sets
(tests/data/members-test-2.yaml to members-test-11.yaml) have no floor here: their figures are
reported in the README and nobody tunes on them. Each floor allows a few
questions of slack: one reworded phrasing or alias moves a question or two, and that is noise,
not a regression.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.evaluation import EvalReport, evaluate, load_items
from tests.conftest import ROOT, SHARED

SLACK = 3  # questions
PRECISION_SLACK = 0.04

# Recorded with `python -m bot eval FILE` (both matchers, the shipped knowledge):
# (answerable answered right, unanswerable declined, precision).
RECORDED = {
    "dev": (SHARED / "eval" / "dev.yaml", 52, 15, 1.0),
    "regression": (ROOT / "tests" / "data" / "regression.yaml", 220, 55, 0.978),
    "members-tuning": (ROOT / "tests" / "data" / "members-tuning.yaml", 72, 242, 0.935),
    "members-test": (ROOT / "tests" / "data" / "members-test.yaml", 50, 245, 0.847),
    "members-tuning-2": (ROOT / "tests" / "data" / "members-tuning-2.yaml", 14, 297, 0.667),
    "members-tuning-3": (ROOT / "tests" / "data" / "members-tuning-3.yaml", 21, 133, 0.75),
    "members-tuning-4": (ROOT / "tests" / "data" / "members-tuning-4.yaml", 25, 222, 0.714),
    "members-tuning-5": (ROOT / "tests" / "data" / "members-tuning-5.yaml", 33, 196, 0.767),
    "members-tuning-6": (ROOT / "tests" / "data" / "members-tuning-6.yaml", 20, 176, 0.769),
    "members-tuning-7": (ROOT / "tests" / "data" / "members-tuning-7.yaml", 23, 217, 0.719),
    "members-tuning-8": (ROOT / "tests" / "data" / "members-tuning-8.yaml", 16, 135, 0.762),
    "members-tuning-9": (ROOT / "tests" / "data" / "members-tuning-9.yaml", 19, 147, 0.95),
    "members-tuning-10": (ROOT / "tests" / "data" / "members-tuning-10.yaml", 12, 138, 0.667),
    "chat-tuning": (ROOT / "tests" / "data" / "chat-tuning.yaml", 0, 150, 0.0),
    "chat-test": (ROOT / "tests" / "data" / "chat-test.yaml", 0, 200, 0.0),
    "chat-tuning-2": (ROOT / "tests" / "data" / "chat-tuning-2.yaml", 0, 180, 0.0),
    "chat-tuning-3": (ROOT / "tests" / "data" / "chat-tuning-3.yaml", 0, 238, 0.0),
    "chat-tuning-4": (ROOT / "tests" / "data" / "chat-tuning-4.yaml", 0, 298, 0.0),
    "chat-tuning-5": (ROOT / "tests" / "data" / "chat-tuning-5.yaml", 0, 271, 0.0),
    # A guard, read with --summary only: its one answered reply was never looked at.
    "chat-test-2": (ROOT / "tests" / "data" / "chat-test-2.yaml", 0, 159, 0.0),
    # Another, written after the remark rule: 195/200 at the session's start (943d1e0), 197 after.
    "chat-test-3": (ROOT / "tests" / "data" / "chat-test-3.yaml", 0, 197, 0.0),
    # Another, written in the eighteenth round: 150/153 with the code of its start (06acccc) too.
    "chat-test-4": (ROOT / "tests" / "data" / "chat-test-4.yaml", 0, 150, 0.0),
}
REGRESSION = ROOT / "tests" / "data" / "regression.yaml"


@pytest.fixture(scope="module")
def reports(semantic_engine: Engine) -> dict[str, EvalReport]:
    """Every tuning set run once through the product's engine."""
    return {
        name: evaluate(semantic_engine, load_items(path))
        for name, (path, *_) in RECORDED.items()
        if path.exists()
    }


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_accuracy_holds(reports: dict[str, EvalReport], name: str) -> None:
    """Answerable, declined and precision stay within a few questions of what was recorded."""
    if name not in reports:
        pytest.skip("../shared/eval not beside the repository")
    report = reports[name]
    _, answered, declined, precision = RECORDED[name]
    assert report.answerable_ok >= answered - SLACK, report.failures
    assert report.declinable_ok >= declined - SLACK, report.failures
    assert report.precision >= precision - PRECISION_SLACK, report.failures


def test_regression_set_is_large_and_varied() -> None:
    """The set keeps its size and covers every style, both languages beside English."""
    items = load_items(REGRESSION)
    styles = {i.style for i in items}
    assert len(items) >= 300
    assert {"casual", "typo", "paraphrase", "alias", "number", "multilingual"} <= styles
    assert {"offtopic", "neartopic"} <= styles
    assert any("\uac00" <= ch <= "\ud7a3" for i in items for ch in i.q)  # Korean
    assert any("\u3040" <= ch <= "\u30ff" for i in items for ch in i.q)  # Japanese kana


@pytest.mark.parametrize(
    ("tuning_file", "test_file", "size"),
    [
        ("members-tuning.yaml", "members-test.yaml", 300),
        ("members-tuning-3.yaml", "members-test-3.yaml", 170),
    ],
)
def test_members_sets_are_split_and_disjoint(tuning_file: str, test_file: str, size: int) -> None:
    """The members' questions come as a tuning and a test half that share no question."""
    tuning = {i.q for i in load_items(ROOT / "tests" / "data" / tuning_file)}
    test = {i.q for i in load_items(ROOT / "tests" / "data" / test_file)}
    assert len(tuning) >= size and len(test) >= size
    assert not tuning & test


# members-test-2.yaml is not listed: 3 of its questions are also in members-test.yaml (2) and
# members-tuning-2.yaml (1), short questions two authors happened to write alike.
HELD_OUT = (
    "members-test-3.yaml",
    "members-test-4.yaml",
    "members-test-5.yaml",
    "members-test-6.yaml",
    "members-test-7.yaml",
    "members-test-8.yaml",
    "members-test-9.yaml",
    "members-test-10.yaml",
    "members-test-11.yaml",
    "members-test-12.yaml",
    "members-test-13.yaml",
    "members-test-14.yaml",
    "members-test-15.yaml",
    "members-test-16.yaml",
    "members-test-17.yaml",
)


@pytest.mark.parametrize("held_out", HELD_OUT)
def test_a_held_out_set_shares_no_question_with_the_tuning_sets(held_out: str) -> None:
    """A held-out question is in no tuning set (nor in another held-out set), whatever its
    case and spacing: its figure measures questions nothing was tuned on. (Chat replies are
    not counted: "bruh" and "thanks" come from every author.)"""

    def questions(path: Path) -> set[str]:
        return {" ".join(i.q.casefold().split()) for i in load_items(path) if i.style != "chat"}

    data = ROOT / "tests" / "data"
    held = questions(data / held_out)
    assert len(held) >= 100
    others = [p for p in data.glob("*.yaml") if p.name != held_out]
    others += [p for p in (SHARED / "eval").glob("*.yaml")]
    for other in others:
        assert not held & questions(other), other.name


def test_no_chat_reply_is_answered(reports: dict[str, EvalReport]) -> None:
    """Chat replies ("thanks", "source?", "출처는?") in every tuning set, and in the second chat
    set, are all declined."""
    for name in (
        "members-tuning",
        "members-test",
        "members-tuning-2",
        "members-tuning-3",
        "members-tuning-4",
        "members-tuning-5",
        "members-tuning-6",
        "members-tuning-7",
        "members-tuning-8",
        "chat-tuning",
        "chat-test",
        "chat-tuning-2",
    ):
        assert not [f for f in reports[name].failures if f["style"] == "chat"], name


def test_no_offtopic_question_is_answered(reports: dict[str, EvalReport]) -> None:
    """Chat that has nothing to do with the documents is never answered."""
    assert not [f for f in reports["regression"].failures if f["style"] == "offtopic"]


def test_regression_file_is_valid_yaml_list(tmp_path: Path) -> None:
    """A malformed question file is refused with a message naming it."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("- {q: 1, expect: maybe}\n", "utf-8")
    with pytest.raises(ValueError, match=r"broken\.yaml"):
        load_items(broken)
