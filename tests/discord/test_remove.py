"""A member takes down a public `/ask` answer they asked by mistake: the answer's "Remove"
button, for the asker (or a member who may manage the channel's messages) only.

Only a moderator could delete the bot's message, and the answer (its title the member's own
question, word for word) stayed however the member regretted it.
"""

from __future__ import annotations

import discord
import simcord

from bot.discord.views import ANSWER_TIMEOUT
from bot.wording import WORDINGS
from tests.discord.conftest import World, assert_pings_nobody, components

ASKED = "Who controls Dokdo?"


def _from_bot(world: World, channel: simcord.ChannelHandle) -> list[discord.Message]:
    bot_id = world.bot.user.id if world.bot.user else 0
    return [m for m in channel.history() if m.author.id == bot_id]


async def test_the_asker_removes_their_public_answer(world: World) -> None:
    """The asker's click deletes the answer; another member's click only tells them, privately
    (in their Discord language), that only the asker can, and the answer stays."""
    asked = await world.member.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None and not asked.ephemeral
    refused = await world.other.click(asked.response, label="Remove")
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content == WORDINGS["en"].remove_not_yours
    assert [m.id for m in _from_bot(world, world.general)] == [asked.response.id]
    await world.member.click(asked.response, label="Remove")
    assert not _from_bot(world, world.general)
    assert_pings_nobody(world.env)


async def test_a_member_who_manages_messages_may_remove_it(world: World) -> None:
    """Someone who may delete any message in the channel may use the button too."""
    cleaner_role = world.guild.create_role(
        "Cleaners", permissions=discord.Permissions(manage_messages=True)
    )
    cleaner = world.guild.add_member(world.env.create_user("sora"), roles=[cleaner_role])
    asked = await world.member.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None
    await cleaner.click(asked.response, label="Remove")
    assert not _from_bot(world, world.general)


async def test_private_answers_have_nothing_to_remove(world: World, near_miss: str) -> None:
    """A decline and an answer shown only to the asker carry no Remove (the member dismisses
    those themselves); a public answer's menu swap keeps it."""
    declined = await world.member.slash(world.general, "ask", question=near_miss)
    assert declined.ephemeral and declined.response is not None
    assert "Remove" not in {c.get("label") for c in components(declined.response)}
    asked = await world.member.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None
    menu = next(c for c in components(asked.response) if c.get("type") == 3)
    await world.member.select(asked.response, [menu["options"][0]["value"]])
    assert "Remove" in {c.get("label") for c in components(asked.response)}


async def test_remove_outlasts_the_answers_other_buttons(world: World) -> None:
    """At the ten minutes the menu and votes go but Remove stays: a question regretted later
    is still the asker's to take down."""
    asked = await world.member.slash(world.general, "ask", question=ASKED)
    assert asked.response is not None
    await world.env.advance_time(ANSWER_TIMEOUT + 10)
    assert [c.get("label") for c in components(asked.response)] == ["Remove"]
    await world.member.click(asked.response, label="Remove")
    assert not _from_bot(world, world.general)
