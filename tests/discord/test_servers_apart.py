"""One process, many servers: what one server's members do must not change what another
server's moderators see or what its members get. Over the loopback fake Discord."""

from __future__ import annotations

from bot.core.moderation.feedback import FeedbackLog
from bot.discord.client import CitebotBot
from bot.discord.cogs.ask import DECLINE_RECORD_RATE
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, eventually
from tests.discord.timed_discord import ask_payload


def queued(feedback: FeedbackLog, guild_id: int) -> list[int]:
    """How often each declined question of one server's review queue was counted."""
    return [row.count for row in feedback.unanswered(20, [guild_id])]


async def test_declines_elsewhere_do_not_use_up_a_members_share_of_the_home_queue(
    server: FakeDiscord, live_bot: CitebotBot, near_miss: str
) -> None:
    """A member's declined questions join the review queue at most a few times per 10 minutes
    (so one member cannot fill it), but the limit was one for every server: three near
    misses asked in another server (whose queue no home moderator sees) kept the member's
    question in the home server out of the home moderators' queue. The limit is per server."""
    for _ in range(DECLINE_RECORD_RATE[0]):
        reply = await server.interact(
            server.interaction_in(fake.OTHER_GUILD_ID, 2, ask_payload(near_miss))
        )
        assert reply.body["data"]["flags"] & 64  # declined, privately
    feedback = live_bot.feedback
    await eventually(
        lambda: queued(feedback, fake.OTHER_GUILD_ID) == [DECLINE_RECORD_RATE[0]],
        5,
        "the other server's declines counted",
    )
    reply = await server.interact(server.interaction(2, ask_payload(near_miss)))
    assert reply.body["data"]["flags"] & 64
    await eventually(
        lambda: queued(feedback, fake.GUILD_ID) == [1],
        5,
        "the home server's decline in its own review queue",
    )
