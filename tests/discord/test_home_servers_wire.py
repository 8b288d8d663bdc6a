"""The home-server rule over a real socket: a crafted `/kb` from another server changes nothing.

The fake Discord sends the interaction as Discord would deliver it from a second server whose
admin has Manage Server there, naming the home server's `/kb` command; the bot must refuse it
on the interaction's own guild id.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import discord
import pytest

from bot.core.moderation.feedback import FeedbackLog
from bot.core.moderation.store import KnowledgeStore
from bot.discord.checks import NOT_HOME, READ_ONLY
from bot.discord.client import CitebotBot, create_bot
from bot.discord.cogs.moderation import WRONG_FACT_MENU
from bot.settings import Secret, Settings
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, kb_command, modal_submit, running
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
    reply = await server.interact(
        server.interaction_in(
            guild_id, 2, kb_command("edit", options), permissions=fake.MANAGE_GUILD
        )
    )
    if allowed:
        assert reply.body["type"] == 9  # the modal
        custom_id = reply.body["data"]["custom_id"]
    else:
        assert reply.body["type"] == 4 and reply.body["data"]["flags"] & 64
        assert "home server" in reply.body["data"]["content"]
        # The form a home moderator opened, submitted from the other server.
        opened = await server.interact(
            server.interaction_in(
                fake.GUILD_ID, 2, kb_command("edit", options), permissions=fake.MANAGE_GUILD
            )
        )
        custom_id = opened.body["data"]["custom_id"]
        refused = await server.interact(
            server.interaction_in(
                guild_id, 5, modal_submit(custom_id, FORM), permissions=fake.MANAGE_GUILD
            )
        )
        assert "home server" in refused.body["data"]["content"]
    assert snapshot(store.knowledge_dir) == before
    assert not (store.data_dir / "audit.jsonl").exists()
    assert custom_id


MOD_ROLE = 900_000_000_000_000_777


@pytest.fixture
async def two_homes(
    server: FakeDiscord, settings: Settings, store: KnowledgeStore
) -> AsyncIterator[CitebotBot]:
    """The bot with two home servers and a moderator role; the fake sends the guild data of
    the first only, so the bot has no cache of the second (unavailable, or not yet received
    after a reconnect)."""
    live = replace(
        settings,
        discord_token=Secret(fake.TOKEN),
        dev_guild_id=None,
        moderation_guild_ids=(fake.GUILD_ID, fake.OTHER_GUILD_ID),
        moderator_role_ids=(MOD_ROLE,),
    )
    bot = create_bot(
        live, store=store, feedback=FeedbackLog(live.data_dir), guild_ready_timeout=0.1
    )
    async with running(bot):
        yield bot


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [([MOD_ROLE], True), ([], False), ([fake.OTHER_GUILD_ID], False)],
    ids=["moderator-role", "no-role", "everyone-role-id"],
)
async def test_a_role_moderator_of_an_uncached_home_server_is_a_moderator(
    server: FakeDiscord, two_homes: CitebotBot, roles: list[int], allowed: bool
) -> None:
    """The interaction payload names the member's roles: the moderator role is enough without
    the server's role cache (it used to be refused then, since `Member.roles` reads the
    cache), and a role id equal to the server's (its @everyone) never is."""
    assert two_homes.get_guild(fake.OTHER_GUILD_ID) is None
    payload = server.interaction_in(fake.OTHER_GUILD_ID, 2, kb_command("stats"))
    payload["member"]["roles"] = [str(r) for r in roles]
    reply = await server.interact(payload)
    content = (reply.body.get("data") or {}).get("content") or ""
    assert ("Only moderators" not in content) == allowed, content


def former_home(server: FakeDiscord, kind: str) -> dict[str, object]:
    """The data of `/kb stats` or the "Wrong fact" menu as Discord still has them registered
    in OTHER_GUILD_ID, a home server an earlier setup synced them to."""
    if kind == "kb":
        return {**kb_command("stats"), "guild_id": str(fake.OTHER_GUILD_ID)}
    target = server.message(fake.CHANNEL_ID, fake.BOT_USER, {"content": "hi"})
    return {
        "id": "11",
        "name": WRONG_FACT_MENU,
        "type": 3,
        "guild_id": str(fake.OTHER_GUILD_ID),
        "target_id": target["id"],
        "resolved": {"messages": {target["id"]: target}},
    }


@pytest.mark.parametrize("kind", ["kb", "menu"])
async def test_a_command_left_registered_in_a_former_home_server_is_refused_as_not_home(
    server: FakeDiscord, live_bot: CitebotBot, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord keeps `/kb` and the menu in a server dropped from the home servers: their use
    there is refused as not home, privately; not an apology and an ERROR with a traceback."""
    reply = await server.interact(
        server.interaction_in(
            fake.OTHER_GUILD_ID, 2, former_home(server, kind), permissions=fake.MANAGE_GUILD
        )
    )
    assert reply.body["type"] == 4 and reply.body["data"]["flags"] & 64
    assert reply.body["data"]["content"] == NOT_HOME
    assert any("registration left" in r.getMessage() for r in caplog.records)
    assert not (live_bot.store.data_dir / "audit.jsonl").exists()


async def test_autocomplete_of_a_command_left_in_a_former_home_server_gets_no_choices(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """Typing into `/kb edit`'s fact id where Discord still lists it (a former home server)
    asks the bot for choices: the refusal cannot answer that, and nothing did, so the member
    watched "Loading options failed" after 3 s. It gets no choices now, at once; the command
    itself, sent, is refused as not home."""
    focused = [{"name": "fact_id", "type": 3, "value": "dok", "focused": True}]
    data = {**kb_command("edit", focused), "guild_id": str(fake.OTHER_GUILD_ID)}
    reply = await server.interact(
        server.interaction_in(fake.OTHER_GUILD_ID, 4, data, permissions=fake.MANAGE_GUILD)
    )
    assert reply.body == {"type": 8, "data": {"choices": []}}


@pytest.fixture
async def no_home(
    server: FakeDiscord, settings: Settings, store: KnowledgeStore
) -> AsyncIterator[CitebotBot]:
    """The bot with no home server: the knowledge is read-only in Discord."""
    live = replace(
        settings,
        discord_token=Secret(fake.TOKEN),
        dev_guild_id=None,
        moderation_guild_ids=(),
    )
    bot = create_bot(
        live, store=store, feedback=FeedbackLog(live.data_dir), guild_ready_timeout=0.1
    )
    async with running(bot):
        yield bot


async def test_a_kb_left_registered_once_no_home_server_is_set_says_read_only(
    server: FakeDiscord, no_home: CitebotBot
) -> None:
    """Without a home server, a `/kb` still registered in the former home is refused with why:
    nothing in Discord changes the knowledge now."""
    reply = await server.interact(
        server.interaction(
            2,
            kb_command("stats"),
            member=fake.member_payload(fake.MEMBER_USER, permissions=0x0C00 | fake.MANAGE_GUILD),
        )
    )
    assert reply.body["data"]["flags"] & 64
    assert reply.body["data"]["content"] == READ_ONLY


async def test_a_form_submitted_after_the_role_was_taken_saves_nothing_and_gives_the_text_back(
    server: FakeDiscord, two_homes: CitebotBot
) -> None:
    """The role is checked again on the submit, from that interaction's own roles: a member who
    opened `/kb edit` as a role moderator and lost the role while typing saves nothing, and is
    given back what they typed rather than losing it with the form."""
    store = two_homes.store
    before = snapshot(store.knowledge_dir)
    opening = server.interaction_in(
        fake.GUILD_ID, 2, kb_command("edit", [{"name": "id", "type": 3, "value": FACT}])
    )
    opening["member"]["roles"] = [str(MOD_ROLE)]
    opened = await server.interact(opening)
    assert opened.body["type"] == 9  # the form: a moderator then
    typed = {**FORM, "answer": "An answer typed with care for an hour."}
    submit = server.interaction_in(
        fake.GUILD_ID, 5, modal_submit(opened.body["data"]["custom_id"], typed)
    )
    assert submit["member"]["roles"] == []  # the role was taken away meanwhile
    refused = await server.interact(submit)
    assert refused.body["type"] == 4 and refused.body["data"]["flags"] & 64
    content = refused.body["data"]["content"]
    assert content.startswith("Only moderators")
    assert "An answer typed with care for an hour." in content
    assert snapshot(store.knowledge_dir) == before
    assert not (store.data_dir / "audit.jsonl").exists()


@pytest.mark.parametrize(
    ("minutes", "allowed"), [(60, False), (-60, True)], ids=["timed-out", "timeout-over"]
)
async def test_a_timed_out_role_moderator_is_refused(
    server: FakeDiscord, two_homes: CitebotBot, minutes: int, allowed: bool
) -> None:
    """Discord leaves a timed-out member no permission but to view and read history (so
    Manage Server is gone from the payload): the moderator role is no way around that while
    the timeout lasts, and counts again once it has passed."""
    until = discord.utils.utcnow() + timedelta(minutes=minutes)
    payload = server.interaction_in(fake.GUILD_ID, 2, kb_command("stats"))
    payload["member"]["roles"] = [str(MOD_ROLE)]
    payload["member"]["communication_disabled_until"] = until.isoformat()
    mark = len(server.requests)
    await server.dispatch("INTERACTION_CREATE", payload)
    reply = await server.wait_for_request("POST", "/callback", after=mark)
    if allowed:  # acknowledged first (the stats read the feedback database), then the embed
        assert reply.body["type"] == 5
        reply = await server.wait_for_request("POST", "/webhooks/", after=mark)
        body = reply.body
    else:
        body = reply.body.get("data") or {}
    content = body.get("content") or ""
    assert ("Only moderators" not in content) == allowed, content
    assert bool(body.get("embeds")) == allowed
