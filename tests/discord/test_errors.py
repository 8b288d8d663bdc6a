"""One error path: member mistakes get a friendly private message; bugs get logged and an
apology; Discord refusing a reply is logged and the bot keeps answering."""

from __future__ import annotations

import logging

import pytest

from bot.core.errors import StoreError
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot
from bot.discord.errors import APOLOGY
from tests.discord import fake_discord as fake
from tests.discord.conftest import World, components, handled_errors
from tests.discord.fake_discord import FakeDiscord, eventually
from tests.discord.test_picks import HEDGED, pick
from tests.discord.timed_discord import ask_payload

ANSWERED = "Who controls Dokdo?"


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug")


@pytest.mark.allow_bot_errors
async def test_a_bug_in_a_command_is_logged_and_apologised_for(
    world: World, monkeypatch: pytest.MonkeyPatch, error_logs: list[logging.LogRecord]
) -> None:
    """An unexpected exception: the member gets a short private apology, the log the
    traceback."""
    monkeypatch.setattr(world.bot.store.engine, "ask", boom)
    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.ephemeral and result.response is not None
    assert result.response.content == APOLOGY
    [record] = error_logs
    assert record.name == "bot.discord.errors" and "unhandled error in ask" in record.getMessage()
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)
    assert [type(e) for e in handled_errors(world.env)] == [RuntimeError]


@pytest.mark.allow_bot_errors
async def test_a_bug_after_the_response_uses_a_follow_up(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the interaction was already answered (deferred), the apology is a follow-up."""
    monkeypatch.setattr(world.bot.store, "reload", boom)
    result = await world.moderator.slash(world.general, "kb reload")
    assert result.response is not None and result.response.content == APOLOGY
    followups = [r for r in world.env.http_requests if r.path.startswith("/webhooks/")]
    assert followups and followups[-1].json["flags"] & 64  # type: ignore[index]
    assert [type(e) for e in handled_errors(world.env)] == [RuntimeError]


@pytest.mark.allow_bot_errors
async def test_a_bug_in_a_button_is_apologised_for_and_the_view_survives(
    world: World, monkeypatch: pytest.MonkeyPatch, error_logs: list[logging.LogRecord]
) -> None:
    """A failing vote apologises and logs the traceback; the message keeps its components and
    the next vote works. (Votes are dynamic items: their errors reach our error path directly,
    not through a view's on_error, so simcord's handled_errors does not list them.)"""
    answer = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert answer.response is not None
    with monkeypatch.context() as patch:
        patch.setattr(world.bot.feedback, "record_vote", boom)
        failed = await world.other.click(answer.response, label="Helpful")
    assert failed.response is not None and failed.response.content == APOLOGY
    assert components(answer.response)
    worked = await world.other.click(answer.response, label="Helpful")
    assert worked.response is not None and "Thanks" in worked.response.content
    [record] = error_logs
    assert record.name == "bot.discord.errors" and "unhandled error in component" in (
        record.getMessage()
    )
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)


async def test_a_store_error_is_shown_not_logged_as_a_bug(
    world: World, monkeypatch: pytest.MonkeyPatch, error_logs: list[logging.LogRecord]
) -> None:
    """A CitebotError (here the feedback store failing) is a message, not an apology."""
    answer = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert answer.response is not None

    def full(*args: object, **kwargs: object) -> bool:
        raise StoreError("The feedback store is full.")

    monkeypatch.setattr(world.bot.feedback, "record_vote", full)
    result = await world.other.click(answer.response, label="Helpful")
    assert result.response is not None and result.response.content == "The feedback store is full."
    assert not error_logs


@pytest.mark.allow_bot_errors
async def test_the_answer_survives_a_broken_feedback_log(
    world: World, monkeypatch: pytest.MonkeyPatch, error_logs: list[logging.LogRecord]
) -> None:
    """If counting the question fails, the member still gets the answer; the failure is
    logged."""
    monkeypatch.setattr(world.bot.feedback, "record_question", boom)
    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.response is not None and not result.ephemeral
    assert result.response.embeds[0].footer.text
    assert [r.getMessage() for r in error_logs] == [
        "could not record a question in the feedback log"
    ]


async def test_discord_refusing_a_reply_is_logged_and_the_bot_keeps_going(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """A 403 on a mention reply is a warning in the log; the next mention is answered."""
    me = world.bot.user
    assert me is not None
    world.env.inject_error(
        "POST", "/channels/*/messages", status=403, code=50013, message="Missing Permissions"
    )
    with caplog.at_level(logging.WARNING, logger="bot.discord"):
        await world.member.send(world.general, f"{me.mention} {ANSWERED}")
    assert any("could not reply" in r.getMessage() for r in caplog.records)
    assert world.general.last_message is not None
    assert world.general.last_message.author.id != me.id
    await world.member.send(world.general, f"{me.mention} {ANSWERED}")
    assert world.general.last_message is not None and world.general.last_message.author.id == me.id


async def test_answer_components_are_removed_when_the_view_expires(world: World) -> None:
    """After ten minutes the menu and votes go away instead of failing when used (the
    asker's Remove stays)."""
    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.response is not None and components(result.response)
    await world.env.advance_time(601)
    assert [c.get("label") for c in components(result.response)] == ["Remove"]


GONE = "the interaction is gone: not logged as a bug"


@pytest.mark.parametrize("kind", ["ask", "vote"])
async def test_an_interaction_discord_no_longer_takes_is_not_apologised_to(
    server: FakeDiscord,
    live_bot: CitebotBot,
    caplog: pytest.LogCaptureFixture,
    error_logs: list[logging.LogRecord],
    kind: str,
) -> None:
    """The first response reached Discord after its 3 s (a stalled host, a slow link): it
    answers 404 "Unknown interaction", and the token is dead. That was logged as a bug in
    the bot ("unhandled error", an ERROR with a traceback, for each one) and an apology was
    sent through the same dead token, refused again. It is a warning, and nothing more is
    sent."""
    if kind == "vote":
        await server.interact(server.interaction(2, ask_payload(ANSWERED)))
        message = server.created[-1]
        [vote] = [
            c
            for row in message["components"]
            for c in row["components"]
            if c.get("label") == "Helpful"
        ]
        payload = server.interaction(
            3, {"custom_id": vote["custom_id"], "component_type": 2}, message=message
        )
    else:
        payload = server.interaction(2, ask_payload(ANSWERED))
    server.faults.append(fake.Fault("POST", "/interactions/", 404, 10062, "Unknown interaction"))
    mark = len(server.requests)
    with caplog.at_level(logging.WARNING, logger="bot.discord"):
        await server.dispatch("INTERACTION_CREATE", payload)
        await eventually(
            lambda: any("no longer takes" in r.getMessage() for r in caplog.records), 5, GONE
        )
    attempts = [
        r for r in server.requests[mark:] if r.method == "POST" and "/interactions/" in r.path
    ]
    assert len(attempts) == 1, [r.body for r in attempts]
    assert not [r for r in server.requests[mark:] if r.path.startswith("/webhooks/")]
    assert not error_logs


async def test_a_click_on_a_message_deleted_meanwhile_is_not_apologised_for(
    server: FakeDiscord,
    live_bot: CitebotBot,
    store: KnowledgeStore,
    caplog: pytest.LogCaptureFixture,
    error_logs: list[logging.LogRecord],
) -> None:
    """The asker picks another fact from the menu while the answer is being deleted (by a
    moderator, or its Remove in another client): Discord refuses the in-place edit with 404
    "Unknown Message". That was logged as a bug ("unhandled error", an ERROR with a traceback)
    and the member was told "something went wrong on my side", about a message that is gone.
    It is a warning, and no apology is sent."""
    found = store.engine.ask(HEDGED)
    assert found.alternatives and found.alternatives[0].fact_id
    await server.interact(server.interaction(2, ask_payload(HEDGED)))
    server.faults.append(fake.Fault("POST", "/interactions/", 404, 10008, "Unknown Message"))
    mark = len(server.requests)
    with caplog.at_level(logging.WARNING, logger="bot.discord"):
        await pick(server, server.created[-1], found.alternatives[0].fact_id)
        await eventually(
            lambda: any("Unknown Message" in r.getMessage() for r in caplog.records), 5, "warned"
        )
    attempts = [
        r for r in server.requests[mark:] if r.method == "POST" and "/interactions/" in r.path
    ]
    assert len(attempts) == 1, [r.body for r in attempts]
    assert not [r for r in server.requests[mark:] if r.path.startswith("/webhooks/")]
    assert not error_logs
