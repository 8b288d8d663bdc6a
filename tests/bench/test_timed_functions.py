"""bench.timing.timed_functions: the phase timers both benches wrap functions with."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bench.timing import timed_functions


class Subject:
    """Something with a plain and a static function to time."""

    @staticmethod
    def nap() -> str:
        time.sleep(0.01)
        return "napped"

    def work(self) -> int:
        return 42


def test_wrapped_functions_are_timed_and_put_back() -> None:
    """Calls inside the block count under their phase; the originals return afterwards."""
    originals = dict(Subject.__dict__)
    labels = iter(("first", "second"))
    with timed_functions(
        [(Subject, "nap", "sleep"), (Subject, "work", lambda: next(labels))]
    ) as totals:
        assert Subject.nap() == "napped" and Subject().work() == 42 and Subject().work() == 42
    assert totals["sleep"] >= 0.01
    assert set(totals) == {"sleep", "first", "second"}
    assert Subject.__dict__["nap"] is originals["nap"]
    assert Subject.__dict__["work"] is originals["work"]


def test_a_missing_name_is_skipped_only_when_allowed() -> None:
    """A bench measuring an older tree skips what it lacks; otherwise the name must exist,
    and what was wrapped before the failure is put back."""
    original: Any = Subject.__dict__["nap"]
    with timed_functions([(Subject, "absent", "x")], missing_ok=True) as totals:
        pass
    assert totals == {}
    with (
        pytest.raises(KeyError),
        timed_functions([(Subject, "nap", "n"), (Subject, "absent", "x")]),
    ):
        pass
    assert Subject.__dict__["nap"] is original
