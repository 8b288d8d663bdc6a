"""`/ask` autocomplete over the loopback fake Discord: what it offers, the bot answers."""

from __future__ import annotations

import gc
import time
import weakref
from dataclasses import replace
from typing import Any

import pytest

from bot.core.moderation.edits import Actor, FactInput
from bot.core.moderation.store import KnowledgeStore
from bot.discord import autocomplete
from bot.discord.client import CitebotBot
from tests.discord.fake_discord import FakeDiscord
from tests.discord.timed_discord import ask_payload

FACT = "territory-liancourt-rocks-ownership"
# A statement, not a question: the engine screens it out as a remark before any matching.
REMARK = "takeshima belongs to japan, end of story"
TYPED = "takeshima belongs to japan, end"


@pytest.fixture
def store(fresh_store: KnowledgeStore) -> KnowledgeStore:
    """The shipped knowledge, with a phrasing its fact's engine never answers added to it,
    as a moderator's /kb edit could add one."""
    fact = fresh_store.kb.fact(FACT)
    assert fact is not None
    fields = FactInput.from_fact(fact)
    fields = replace(fields, questions=[*fields.questions, REMARK])
    fresh_store.edit_fact(FACT, fields, Actor(1, "mod"), fresh_store.version_of(FACT))
    return fresh_store


async def completed(server: FakeDiscord, typed: str) -> list[dict[str, Any]]:
    """The choices the bot offers while `typed` is in /ask's question."""
    data = ask_payload(typed)
    data["options"][0]["focused"] = True
    reply = await server.interact(server.interaction(4, data))
    assert reply.body["type"] == 8, reply.body
    choices: list[dict[str, Any]] = reply.body["data"]["choices"]
    return choices


async def test_a_phrasing_the_bot_declines_is_not_offered(
    server: FakeDiscord, live_bot: CitebotBot, store: KnowledgeStore
) -> None:
    """A fact's phrasing that the engine itself declines (here a statement, screened as a
    remark) was offered as a question the bot knows; picking it got the small-talk decline.
    Every question offered now gets its fact's answer when asked."""
    assert REMARK in {s.question for s in store.engine.complete(TYPED)}
    asked = await server.interact(server.interaction(2, ask_payload(REMARK)))
    assert asked.body["data"]["embeds"][0]["title"] == "No sourced answer"
    for typed in (TYPED, "takeshima", "dokdo"):
        choices = await completed(server, typed)
        assert choices and REMARK not in {c["value"] for c in choices}
        for choice in choices:
            answer = store.engine.ask(choice["value"])
            assert answer.answered and answer.kind == "fact", choice


def test_past_its_time_budget_autocomplete_offers_what_it_has_asked(
    store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a host too busy to ask every suggestion in time (Discord drops choices sent after
    3 s), the suggestions not yet asked are left out, and asked at later keystrokes."""
    engine = store.engine
    whole = autocomplete.AskChoices().choices(engine, "dokdo")
    assert len(whole) > 2
    clock = iter(step * 0.6 for step in range(1000))  # each reading 0.6 s after the last
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    offer = autocomplete.AskChoices()
    first = offer.choices(engine, "dokdo")
    assert len(first) < len(whole) and all(choice in whole for choice in first)
    for _ in range(len(engine.complete("dokdo"))):
        later = offer.choices(engine, "dokdo")
    assert later == whole


async def test_a_replaced_engine_is_not_kept_alive_by_the_autocomplete_memory(
    server: FakeDiscord, live_bot: CitebotBot, store: KnowledgeStore
) -> None:
    """The memory of asked suggestions is per engine, and each change of the knowledge
    serves a new engine. The memory held the engine it was for, so after a change the old
    one (its indexes, its embeddings with the semantic matcher) stayed in memory beside the
    new one for as long as nobody typed in /ask again."""
    assert await completed(server, "dokdo")
    old = weakref.ref(store.engine)
    store.teach_question(FACT, "who holds the liancourt rocks nowadays", Actor(1, "mod"))
    assert store.engine is not old()
    gc.collect()
    assert old() is None
    assert await completed(server, "dokdo")  # and the new engine is asked as before
