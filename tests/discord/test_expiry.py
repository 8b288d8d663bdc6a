"""Buttons and menus end when the README says: at a fixed deadline, ephemeral ones included.

simcord's virtual clock moves time forward without waiting; interaction tokens expire after
15 minutes there as on Discord, so a final edit after that would fail.
"""

from __future__ import annotations

from bot.discord.views import ANSWER_TIMEOUT, CONFIRM_TIMEOUT
from tests.discord.conftest import World, components
from tests.discord.test_moderation import FACT


async def test_clicks_do_not_extend_an_answers_buttons(world: World) -> None:
    """A vote late in the answer's life does not push the end past ANSWER_TIMEOUT: the
    components are gone at the deadline (all but the asker's Remove), while the token can
    still edit the message."""
    asked = await world.member.slash(world.general, "ask", question="Who controls Dokdo?")
    assert asked.response is not None and components(asked.response)
    await world.env.advance_time(ANSWER_TIMEOUT - 100)
    voted = await world.other.click(asked.response, label="Helpful")
    assert voted.response is not None and "Thanks" in voted.response.content
    assert components(asked.response)
    await world.env.advance_time(150)  # past the deadline, before the token's 15 minutes
    assert [c.get("label") for c in components(asked.response)] == ["Remove"]


async def test_ephemeral_moderator_buttons_disappear(world: World) -> None:
    """The private remove confirmation loses its buttons when it expires."""
    asked = await world.moderator.slash(world.general, "kb remove", id=FACT)
    assert asked.ephemeral and asked.response is not None and components(asked.response)
    await world.env.advance_time(CONFIRM_TIMEOUT + 10)
    assert not components(asked.response)
    assert world.bot.store.kb.fact(FACT) is not None


async def test_search_pages_work_for_the_ten_minutes_the_readme_says(world: World) -> None:
    """The Previous/Next buttons of /fact search last as long as every other button (they were
    gone at 5 minutes), and are gone after the 10; the searcher's Remove stays."""
    result = await world.member.slash(world.general, "fact search", query="comfort women")
    assert result.response is not None and components(result.response)
    await world.env.advance_time(ANSWER_TIMEOUT - 60)
    assert components(result.response)
    await world.member.click(result.response, label="Next")
    assert (result.response.embeds[0].footer.text or "").startswith("Page 2/")
    await world.env.advance_time(90)
    assert [c.get("label") for c in components(result.response)] == ["Remove"]
