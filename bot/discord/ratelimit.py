"""Cooldowns as token buckets, so a flood of messages cannot make the bot flood a channel.

Pure and clock-injectable (no discord import): tested directly in tests/discord/test_ratelimit.py.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass


def _monotonic() -> float:
    # Looked up on every call (not bound at import) so a test clock patched into `time` applies.
    return time.monotonic()


class RateLimiter:
    """For each key, a burst of `rate` events, then one every `per / rate` seconds (a token
    bucket: over any `per` seconds, up to about twice `rate`, which the README states).

    Memory stays bounded: buckets that have refilled completely carry no information and are
    dropped by a periodic sweep, and past `max_keys` the least recently used keys are evicted.
    """

    def __init__(
        self,
        rate: int,
        per: float,
        *,
        clock: Callable[[], float] | None = None,
        max_keys: int = 10_000,
    ) -> None:
        if rate < 1 or per <= 0:
            raise ValueError("rate must be >= 1 and per > 0")
        self.rate = rate
        self.per = per
        self.max_keys = max_keys
        self._clock = clock or _monotonic
        # key -> (tokens, time of last update); dict order is least recently used first.
        self._buckets: dict[Hashable, tuple[float, float]] = {}
        self._calls = 0

    def __len__(self) -> int:
        return len(self._buckets)

    def _tokens(self, key: Hashable, now: float) -> float:
        tokens, last = self._buckets.get(key, (float(self.rate), now))
        refilled = tokens + (now - last) * self.rate / self.per
        return min(float(self.rate), refilled)

    def retry_after(self, key: Hashable) -> float:
        """Seconds until `key` may act again; 0.0 when it may act now. Consumes nothing."""
        tokens = self._tokens(key, self._clock())
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) * self.per / self.rate

    def consume(self, key: Hashable) -> None:
        """Spend one token of `key` (callers check `retry_after` first)."""
        now = self._clock()
        tokens = self._tokens(key, now)
        self._buckets.pop(key, None)
        self._buckets[key] = (max(0.0, tokens - 1.0), now)
        self._calls += 1
        if self._calls % 256 == 0 or len(self._buckets) > self.max_keys:
            self._sweep(now)

    def hit(self, key: Hashable) -> float:
        """Try to act once: 0.0 if allowed (a token is spent), else the seconds to wait."""
        wait = self.retry_after(key)
        if wait == 0.0:
            self.consume(key)
        return wait

    def _sweep(self, now: float) -> None:
        full = [k for k in self._buckets if self._tokens(k, now) >= self.rate]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) > self.max_keys:
            # Evict down to 90% so a sustained flood of new keys does not sweep on every call.
            for key in list(self._buckets)[: len(self._buckets) - self.max_keys * 9 // 10]:
                del self._buckets[key]


def wait_seconds(seconds: float) -> int:
    """A wait as a member reads it: whole seconds, rounded up, so a wait under half a second
    is never "0 s" (the member tried at once and was refused again)."""
    return max(1, math.ceil(seconds))


def wait_words(seconds: float) -> str:
    """`wait_seconds` as English words ("3 s")."""
    return f"{wait_seconds(seconds)} s"


@dataclass(frozen=True)
class Verdict:
    """Whether a reply may be sent now, and if not, which limit refused it and for how long."""

    allowed: bool
    retry_after: float = 0.0
    scope: str = ""  # "user" or "channel" when refused


class Cooldowns:
    """A per-user and a per-channel limit that must both allow a reply before either is spent."""

    def __init__(self, user: RateLimiter, channel: RateLimiter) -> None:
        self.user = user
        self.channel = channel

    def check(self, user_id: int, channel_id: int) -> Verdict:
        """Spend one reply for this user in this channel if both limits allow it."""
        wait = self.user.retry_after(user_id)
        if wait:
            return Verdict(False, wait, "user")
        wait = self.channel.retry_after(channel_id)
        if wait:
            return Verdict(False, wait, "channel")
        self.user.consume(user_id)
        self.channel.consume(channel_id)
        return Verdict(True)
