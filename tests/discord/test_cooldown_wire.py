"""What a member is told when over a cooldown, over the loopback fake Discord."""

from __future__ import annotations

import pytest

from bot.discord.client import CitebotBot
from bot.discord.cogs.ask import ASK_USER_RATE, AskCog
from bot.discord.cogs.lookup import LOOKUP_USER_RATE, LookupCog
from bot.discord.ratelimit import RateLimiter
from tests.discord.fake_discord import FakeDiscord
from tests.discord.timed_discord import ask_payload

SHOW = {
    "id": "2",
    "name": "fact",
    "type": 1,
    "options": [{"name": "show", "type": 1, "options": [{"name": "id", "type": 3, "value": "x"}]}],
}


@pytest.mark.parametrize("command", ["ask", "fact show"])
async def test_a_wait_under_half_a_second_is_not_zero_seconds(
    server: FakeDiscord, live_bot: CitebotBot, command: str
) -> None:
    """A member refused a moment before their next turn read "try again in 0 s" (the wait
    rounded to the nearest second) and was refused again on trying at once; a wait is
    rounded up, to 1 s at least."""
    now = [1000.0]
    ask_cog = live_bot.get_cog("AskCog")
    lookup_cog = live_bot.get_cog("LookupCog")
    assert isinstance(ask_cog, AskCog) and isinstance(lookup_cog, LookupCog)
    if command == "ask":
        rate, data = ASK_USER_RATE, ask_payload("who controls dokdo?")
        ask_cog.ask_user = RateLimiter(*rate, clock=lambda: now[0])
    else:
        rate, data = LOOKUP_USER_RATE, SHOW
        lookup_cog.per_member = RateLimiter(*rate, clock=lambda: now[0])
    for _ in range(rate[0]):
        served = await server.interact(server.interaction(2, data))
        assert "quickly" not in (served.body["data"].get("content") or "")
    now[0] += rate[1] / rate[0] - 0.3  # the next turn comes in 0.3 s
    refused = await server.interact(server.interaction(2, data))
    assert refused.body["data"]["content"].endswith("try again in 1 s.")
