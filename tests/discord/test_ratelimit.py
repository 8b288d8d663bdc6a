"""The cooldown buckets behind mentions and answer channels."""

from __future__ import annotations

import pytest

from bot.discord.ratelimit import Cooldowns, RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_allows_rate_then_refuses_with_wait(clock: FakeClock) -> None:
    """`rate` hits pass, the next is refused with the time until a token returns."""
    limiter = RateLimiter(3, 30.0, clock=clock)
    assert [limiter.hit("u") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.hit("u") == pytest.approx(10.0)


def test_tokens_refill_over_time(clock: FakeClock) -> None:
    """After the wait a refused key may act again, one token per per/rate seconds."""
    limiter = RateLimiter(2, 10.0, clock=clock)
    limiter.hit("u")
    limiter.hit("u")
    clock.now = 4.9
    assert limiter.hit("u") > 0
    clock.now = 5.0
    assert limiter.hit("u") == 0.0


def test_keys_are_independent(clock: FakeClock) -> None:
    """One member's flood does not cost another member anything."""
    limiter = RateLimiter(1, 60.0, clock=clock)
    assert limiter.hit("a") == 0.0
    assert limiter.hit("a") > 0
    assert limiter.hit("b") == 0.0


def test_retry_after_consumes_nothing(clock: FakeClock) -> None:
    """Asking how long to wait never spends a token."""
    limiter = RateLimiter(1, 60.0, clock=clock)
    for _ in range(5):
        assert limiter.retry_after("a") == 0.0
    assert limiter.hit("a") == 0.0


def test_memory_is_bounded_under_a_flood_of_keys(clock: FakeClock) -> None:
    """Ten thousand distinct senders never hold more than max_keys buckets."""
    limiter = RateLimiter(1, 60.0, clock=clock, max_keys=500)
    for n in range(10_000):
        limiter.hit(n)
        assert len(limiter) <= 500


def test_refilled_buckets_are_dropped(clock: FakeClock) -> None:
    """Keys idle long enough to be full again are forgotten by the sweep."""
    limiter = RateLimiter(1, 1.0, clock=clock)
    for n in range(255):
        limiter.hit(n)
    clock.now = 10.0
    limiter.hit("last")  # the 256th hit sweeps
    assert len(limiter) == 1


@pytest.mark.parametrize(("rate", "per"), [(0, 1.0), (1, 0.0), (-1, 5.0)])
def test_rejects_nonsense_limits(rate: int, per: float) -> None:
    """A limiter that could never allow anything is a configuration error."""
    with pytest.raises(ValueError):
        RateLimiter(rate, per)


def test_cooldowns_spend_only_when_both_allow(clock: FakeClock) -> None:
    """A reply refused by the channel limit does not cost the member a token."""
    cooldowns = Cooldowns(RateLimiter(2, 60.0, clock=clock), RateLimiter(1, 60.0, clock=clock))
    assert cooldowns.check(1, 100).allowed
    refused = cooldowns.check(1, 100)
    assert (refused.allowed, refused.scope) == (False, "channel")
    assert cooldowns.check(1, 200).allowed  # the member still had a token left
    assert cooldowns.check(1, 300).scope == "user"
