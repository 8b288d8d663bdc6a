"""What a member is told when over a cooldown, over the loopback fake Discord."""

from __future__ import annotations

import pytest

from bot.discord.client import CitebotBot
from bot.discord.cogs.ask import ASK_USER_RATE, AskCog
from bot.discord.cogs.lookup import LOOKUP_CHANNEL_RATE, LOOKUP_USER_RATE, LookupCog
from bot.discord.ratelimit import RateLimiter
from bot.wording import WORDINGS
from tests.discord import fake_discord as fake
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


SOURCES = {"id": "3", "name": "sources", "type": 1}


@pytest.mark.parametrize("language", ["ko", "ja"])
@pytest.mark.parametrize("command", ["fact show", "sources"])
async def test_a_lookup_with_no_words_to_read_notes_in_the_members_discord_language(
    server: FakeDiscord, live_bot: CitebotBot, command: str, language: str
) -> None:
    """`/fact show` (an id) and `/sources` (nothing typed) carry no words to read a language
    from, and their cooldown notes ("You're looking things up quickly…", "Shown only to you:
    this channel has had many lookups…") were English to a member whose Discord is in Korean
    or Japanese. They are in the member's Discord language, as the notes of a click are."""
    words = WORDINGS[language]  # type: ignore[index]
    data = SHOW if command == "fact show" else SOURCES

    def by(user_id: int) -> dict[str, object]:
        user = {**fake.MEMBER_USER, "id": str(user_id)}
        return server.interaction(
            2, data, member=fake.member_payload(user, permissions=0x0C00), locale=language
        )

    for _ in range(LOOKUP_USER_RATE[0]):
        await server.interact(by(fake.MEMBER_ID))
    refused = await server.interact(by(fake.MEMBER_ID))
    head, tail = words.lookup_slow_down.split("{seconds}")
    content = refused.body["data"]["content"]
    assert content.startswith(head) and content.endswith(tail), content
    if command == "fact show":  # an unknown id: private, whether or not the channel is busy
        return
    for _ in range(LOOKUP_CHANNEL_RATE[0] - LOOKUP_USER_RATE[0]):
        await server.interact(by(fake.OWNER_ID))
    busy = await server.interact(by(fake.OWNER_ID + 1))
    assert busy.body["data"]["flags"] & 64 and busy.body["data"]["embeds"]
    assert busy.body["data"]["content"] == words.lookup_busy_channel
