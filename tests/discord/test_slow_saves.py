"""Saves that take longer than Discord's 3 s still answer the moderator.

At 10,000 facts a save validates and re-indexes for seconds. The store here is held at a gate
until the test has seen the bot acknowledge the interaction: a handler that saves before it
responds never gets past the gate in time, and the bounded wait for the acknowledgement fails.
Over the fake Discord on 127.0.0.1, through discord.py's real HTTP and gateway code.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest

from bot.core.moderation.edits import Actor, FactInput
from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import (
    FakeDiscord,
    Request,
    database_held,
    eventually,
    kb_command,
    modal_submit,
)
from tests.discord.test_moderation import FACT, valid_form

# Far above a normal acknowledgement (milliseconds), far below the gate's own limit.
ACK_WAIT = 5.0


class Gate:
    """Holds the wrapped store methods until `open()`; records that one was entered."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.entered = threading.Event()

    def wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def slow(*args: Any, **kwargs: Any) -> Any:
            self.entered.set()
            if not self.opened.wait(60):
                raise RuntimeError("the test never opened the gate")
            return method(*args, **kwargs)

        return slow

    def open(self) -> None:
        self.opened.set()


@pytest.fixture
def store(fresh_store: KnowledgeStore) -> KnowledgeStore:
    """These tests change the knowledge: a store of their own."""
    return fresh_store


@pytest.fixture
def gate(store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """Every write of the store waits at the gate (opened at the end whatever happens)."""
    held = Gate()
    writes = (
        "add_fact",
        "edit_fact_recorded",
        "remove_fact",
        "revert_recorded",
        "add_alias",
        "remove_alias",
        "exclude_question",
    )
    for name in (*writes, "teach_question"):
        monkeypatch.setattr(store, name, held.wrap(getattr(store, name)))
    try:
        yield held
    finally:
        held.open()


async def run_kb(
    server: FakeDiscord, sub: str, options: list[dict[str, Any]] | None = None
) -> Request:
    """Send `/kb <sub>` as the home server's admin; the bot's first response."""
    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction_in(
            fake.GUILD_ID, 2, kb_command(sub, options), permissions=fake.MANAGE_GUILD
        ),
    )
    return await server.wait_for_request("POST", "/callback", after=mark)


async def acknowledged_then_answered(server: FakeDiscord, gate: Gate, mark: int) -> Request:
    """The interaction is acknowledged while the save is still held; once it may finish, the
    result arrives as a follow-up or an edit of the message. Returns that request."""
    ack = await server.wait_for_request("POST", "/callback", after=mark, timeout=ACK_WAIT)
    assert ack.body["type"] in (5, 6)  # deferred: "thinking…", or an update to come
    # The save itself is held at the gate: an acknowledgement sent after a save that was never
    # held would prove nothing about a slow one.
    assert gate.entered.wait(10), "the command never reached a held write of the store"
    gate.open()
    answer = await server.wait_for(
        lambda: next((r for r in server.requests[mark:] if r.path.startswith("/webhooks/")), None),
        timeout=30,
    )
    assert isinstance(answer, Request)
    return answer


def option(name: str, value: Any, kind: int = 3) -> dict[str, Any]:
    return {"name": name, "type": kind, "value": value}


async def held_kb(
    server: FakeDiscord, gate: Gate, sub: str, options: list[dict[str, Any]]
) -> Request:
    """Send `/kb <sub>` as the home server's admin while the store's writes are held at
    `gate`: checks it is acknowledged first, then opens the gate; the result that follows."""
    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction_in(
            fake.GUILD_ID, 2, kb_command(sub, options), permissions=fake.MANAGE_GUILD
        ),
    )
    return await acknowledged_then_answered(server, gate, mark)


async def test_a_slow_add_is_acknowledged_then_reported(
    server: FakeDiscord, live_bot: CitebotBot, gate: Gate
) -> None:
    """Submitting the add form: acknowledged at once, "Saved" when the save is done."""
    opened = await run_kb(server, "add", [option("topic", "trade")])
    form = valid_form(live_bot.store)
    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction_in(
            fake.GUILD_ID,
            5,
            modal_submit(opened.body["data"]["custom_id"], form),
            permissions=fake.MANAGE_GUILD,
        ),
    )
    answer = await acknowledged_then_answered(server, gate, mark)
    assert answer.body["content"].startswith("Saved `")
    assert answer.body["allowed_mentions"] == {"parse": []}


async def test_a_slow_remove_alias_and_revert_are_acknowledged(
    server: FakeDiscord, live_bot: CitebotBot, gate: Gate
) -> None:
    """Remove's confirm button (a fact others link to), alias and revert to 0: each
    acknowledged before the slow save, each result shown after it."""
    fact_id = FACT
    assert live_bot.store.linked_from(fact_id)
    asked = await run_kb(server, "remove", [option("id", fact_id)])
    message = server.created[-1]
    assert asked.body["type"] == 4 and message["components"]
    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction_in(
            fake.GUILD_ID,
            3,
            {"custom_id": "citebot:confirm", "component_type": 2},
            permissions=fake.MANAGE_GUILD,
        )
        | {"message": message},
    )
    removed = await acknowledged_then_answered(server, gate, mark)
    assert removed.method == "PATCH" and removed.body["content"].startswith(f"Removed `{fact_id}`")
    assert live_bot.store.kb.fact(fact_id) is None

    gate.opened.clear()
    gate.entered.clear()
    aliased = await held_kb(
        server, gate, "alias", [option("canonical", "Liancourt Rocks"), option("name", "Rockz")]
    )
    assert "Rockz" in aliased.body["content"]

    gate.opened.clear()
    gate.entered.clear()
    reverted = await held_kb(server, gate, "revert", [option("id", fact_id), option("to", 0, 4)])
    assert reverted.body["content"].startswith(f"Reverted `{fact_id}`")
    assert live_bot.store.kb.fact(fact_id) is not None


async def test_a_slow_exclusion_is_acknowledged_then_reported(
    server: FakeDiscord, live_bot: CitebotBot, gate: Gate
) -> None:
    """`/kb exclude`: acknowledged before the slow save; the fact then lists the question
    (its mention shown, never parsed) and no longer answers it."""
    question = "who owns the moon now @everyone"
    before = live_bot.store.kb.fact(FACT)
    assert before is not None and question not in before.does_not_answer
    answer = await held_kb(
        server, gate, "exclude", [option("id", FACT), option("question", question)]
    )
    assert "no longer answers" in answer.body["content"]
    assert answer.body["allowed_mentions"] == {"parse": []}
    after = live_bot.store.kb.fact(FACT)
    assert after is not None and after.does_not_answer[-1] == question
    assert live_bot.store.history(FACT)[-1].after is not None


async def test_a_slow_teach_is_acknowledged_then_reported(
    server: FakeDiscord, live_bot: CitebotBot, gate: Gate
) -> None:
    """`/kb teach`: acknowledged before the slow save; the fact then has the question (its
    mention shown, never parsed) and answers it."""
    question = "who decides the sea lanes now @everyone"
    answer = await held_kb(
        server, gate, "teach", [option("id", FACT), option("question", question)]
    )
    assert "now answers" in answer.body["content"]
    assert answer.body["allowed_mentions"] == {"parse": []}
    after = live_bot.store.kb.fact(FACT)
    assert after is not None and after.questions[-1] == question
    assert live_bot.store.engine.ask(question).fact_id == FACT


async def test_the_review_queue_waiting_on_a_locked_database_is_acknowledged_first(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """/kb unanswered dismisses the declined questions the bot now answers, a write that waits
    (up to 10 s) while another process holds the feedback database's lock (a backup, the CLI,
    another shard group's vote): it answered only after that, past Discord's 3 s ("The
    application did not respond"). It is acknowledged first now, and the queue follows."""
    fact = live_bot.store.kb.fact(FACT)
    assert fact is not None
    answered = next(q for q in fact.questions if live_bot.store.engine.ask(q).fact_id == FACT)
    live_bot.feedback.record_decline(answered, fake.GUILD_ID)  # declined before FACT existed
    live_bot.feedback.record_decline("what colour is the moon", fake.GUILD_ID)
    with database_held(live_bot.feedback.path):
        mark = len(server.requests)
        first = await run_kb(server, "unanswered")
        assert first.body["type"] == 5 and first.body["data"]["flags"] & 64  # deferred, private
    queue = await server.wait_for_request("POST", "/webhooks/", after=mark, timeout=30)
    assert "what colour is the moon" in json.dumps(queue.body)


async def test_a_teach_waiting_while_another_moderator_saves_does_not_claim_their_change(
    server: FakeDiscord, live_bot: CitebotBot, gate: Gate
) -> None:
    """`/kb teach` of a question the fact has already, while another moderator's edit of the
    fact (the CLI, another process) is saved: the command compared the fact's version from
    before its save waited with the one after, took the other edit for its own, and said
    "now answers … `/kb revert` takes it back", which would undo the other moderator's
    change. It says nothing changed."""
    store = live_bot.store
    before = store.kb.fact(FACT)
    assert before is not None
    question = before.questions[1]  # the fact has it already
    mark = len(server.requests)
    await server.dispatch(
        "INTERACTION_CREATE",
        server.interaction_in(
            fake.GUILD_ID,
            2,
            kb_command("teach", [option("id", FACT), option("question", question)]),
            permissions=fake.MANAGE_GUILD,
        ),
    )
    await server.wait_for_request("POST", "/callback", after=mark, timeout=ACK_WAIT)
    assert await asyncio.to_thread(gate.entered.wait, ACK_WAIT)
    other = KnowledgeStore(store.knowledge_dir, store.data_dir)  # another process's store
    edited = replace(FactInput.from_fact(before), answer=before.answer + " Edited meanwhile.")
    other.edit_fact(FACT, edited, Actor(7, "other-mod"), store.version_of(FACT))
    other.close()
    gate.open()
    answer = await server.wait_for(
        lambda: next((r for r in server.requests[mark:] if r.path.startswith("/webhooks/")), None),
        timeout=30,
    )
    assert isinstance(answer, Request)
    assert "nothing changed" in answer.body["content"]
    assert "revert" not in answer.body["content"]
    assert [e.user_name for e in store.history(FACT)] == ["other-mod"]


async def test_saves_waiting_for_the_store_lock_leave_questions_answered_in_time(
    server: FakeDiscord, live_bot: CitebotBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two moderators save while another process (the CLI) holds the store's lock: each save
    waits for it. They waited on the loop's shared pool (here two threads, a two-core host's
    share), so the next member's /ask found no thread to be matched on and was answered late,
    privately, behind a "thinking", as the votes once were. The moderators' writes have
    threads of their own; the saves land once the lock goes."""
    store = live_bot.store
    entered: list[str] = []
    add_alias = store.add_alias

    def counted(*args: Any, **kwargs: Any) -> Any:
        entered.append(args[1])  # this save has its thread; it waits for the lock inside
        return add_alias(*args, **kwargs)

    monkeypatch.setattr(store, "add_alias", counted)
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(2))
    names = ("Waiting Islets", "Patient Rocks")
    with (store.data_dir / "store.lock").open("a") as other_process:
        fcntl.flock(other_process.fileno(), fcntl.LOCK_EX)
        mark = len(server.requests)
        for name in names:
            alias = [option("canonical", "Liancourt Rocks"), option("name", name)]
            await server.dispatch(
                "INTERACTION_CREATE",
                server.interaction_in(
                    fake.GUILD_ID, 2, kb_command("alias", alias), permissions=fake.MANAGE_GUILD
                ),
            )
        # Both saves running, both waiting for the lock (polled on the loop: the shared
        # pool's threads are what is in question).
        await eventually(lambda: len(entered) == len(names), ACK_WAIT, "both saves waiting")
        ask = {"id": "1", "name": "ask", "type": 1, "options": [
            option("question", "Who controls Dokdo?")
        ]}  # fmt: skip
        first = await server.interact(server.interaction(2, ask), timeout=10)
    assert first.body["type"] == 4 and not first.body["data"].get("flags", 0) & 64

    def replies() -> list[Request] | None:
        sent = [r for r in server.requests[mark:] if r.path.startswith("/webhooks/")]
        return sent if len(sent) >= len(names) else None

    answered = await server.wait_for(replies, timeout=30)
    assert isinstance(answered, list)
    assert {n for n in names for r in answered if n in r.body["content"]} == set(names)
