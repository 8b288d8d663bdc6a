"""The link to a source under an answer, over the loopback fake Discord."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.moderation.store import KnowledgeStore
from bot.discord.client import CitebotBot
from bot.settings import Settings
from tests.discord.fake_discord import FakeDiscord
from tests.discord.timed_discord import ask_payload

SHIPPED_URL = "https://en.wikipedia.org/wiki/Japan%E2%80%93South_Korea_relations"
# A Wikipedia address with brackets, as many pages have (a disambiguated title).
BRACKETED = "https://en.wikipedia.org/wiki/Japan%E2%80%93South_Korea_relations_(1945%E2%80%93)"


@pytest.fixture
def store(settings: Settings) -> KnowledgeStore:
    """The shipped knowledge with the Wikipedia document's address in brackets."""
    sources = Path(settings.knowledge_dir) / "sources.yaml"
    text = sources.read_text("utf-8")
    assert SHIPPED_URL in text
    sources.write_text(text.replace(SHIPPED_URL, BRACKETED), "utf-8")
    return KnowledgeStore(settings.knowledge_dir, settings.data_dir)


async def test_a_source_address_with_brackets_keeps_its_link(
    server: FakeDiscord, live_bot: CitebotBot
) -> None:
    """A source whose address holds brackets had no "Read the source" link at all (a bracket
    would end the masked link early, so the link was dropped): the brackets are sent escaped
    (%28, %29), the address Discord opens is the same page."""
    reply = await server.interact(server.interaction(2, ask_payload("who controls dokdo?")))
    [field, *_] = reply.body["data"]["embeds"][0]["fields"]
    found = re.search(r"\[Read the source\]\(([^)]*)\)", field["value"])
    assert found is not None, field["value"]
    assert found.group(1) == BRACKETED.replace("(", "%28").replace(")", "%29")
