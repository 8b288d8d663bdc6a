"""The home-server rule over a real socket: a crafted `/kb` from another server changes nothing.

The fake Discord sends the interaction as Discord would deliver it from a second server whose
admin has Manage Server there, naming the home server's `/kb` command; the bot must refuse it
on the interaction's own guild id.
"""

from __future__ import annotations

import pytest

from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, kb_command, modal_submit
from tests.discord.test_moderation import FACT, snapshot


@pytest.fixture
def store(fresh_store: KnowledgeStore) -> KnowledgeStore:
    """A store of its own: a wrong check would change it."""
    return fresh_store


FORM = {"questions": "q", "answer": "a", "source": "s", "section": "x", "quote": "y"}


@pytest.mark.parametrize(
    ("guild_id", "allowed"),
    [(fake.OTHER_GUILD_ID, False), (fake.GUILD_ID, True)],
    ids=["other-server", "home-server"],
)
async def test_kb_edit_from_another_server_is_refused(
    server: FakeDiscord, live_bot: CitebotBot, guild_id: int, allowed: bool
) -> None:
    """`/kb edit` by a member with Manage Server: from the home server it opens the form;
    from another server it is refused privately, and its form submit saves nothing."""
    store = live_bot.store
    before = snapshot(store.knowledge_dir)
    options = [{"name": "id", "type": 3, "value": FACT}]
    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction_in(
            guild_id, 2, kb_command("edit", options), permissions=fake.MANAGE_GUILD
        ),
    )
    reply = await server.wait_for_request("POST", "/callback", after=mark)
    if allowed:
        assert reply.body["type"] == 9  # the modal
        custom_id = reply.body["data"]["custom_id"]
    else:
        assert reply.body["type"] == 4 and reply.body["data"]["flags"] & 64
        assert "home server" in reply.body["data"]["content"]
        # The form a home moderator opened, submitted from the other server.
        mark = len(server.requests)
        await server.dispatch(
            "INTERACTION_CREATE",
            server.interaction_in(
                fake.GUILD_ID, 2, kb_command("edit", options), permissions=fake.MANAGE_GUILD
            ),
        )
        opened = await server.wait_for_request("POST", "/callback", after=mark)
        custom_id = opened.body["data"]["custom_id"]
        mark = len(server.requests)
        await server.dispatch(
            "INTERACTION_CREATE",
            server.interaction_in(
                guild_id, 5, modal_submit(custom_id, FORM), permissions=fake.MANAGE_GUILD
            ),
        )
        refused = await server.wait_for_request("POST", "/callback", after=mark)
        assert "home server" in refused.body["data"]["content"]
    assert snapshot(store.knowledge_dir) == before
    assert not (store.data_dir / "audit.jsonl").exists()
    assert custom_id
