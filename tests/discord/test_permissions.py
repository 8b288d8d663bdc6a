"""Only moderators change the knowledge: a crafted interaction from anyone else changes nothing.

These tests use the shared store: a refusal must leave its files and audit log untouched, and
the snapshot below would show it if it did not.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord.checks import NotModerator
from tests.discord.conftest import World, crafted_slash, handled_errors
from tests.discord.test_moderation import FACT, snapshot

KB_COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("kb add", {"topic": "trade"}),
    ("kb edit", {"id": FACT}),
    ("kb remove", {"id": FACT}),
    ("kb alias", {"canonical": "Liancourt Rocks", "name": "Rocky isles"}),
    ("kb unalias", {"name": "Takeshima"}),
    ("kb history", {"id": FACT}),
    ("kb alias-history", {}),
    ("kb revert", {"id": FACT, "to": 1}),
    ("kb unanswered", {}),
    ("kb stats", {}),
    ("kb reload", {}),
]


@pytest.mark.parametrize(("command", "options"), KB_COMMANDS, ids=[c for c, _ in KB_COMMANDS])
async def test_non_moderator_is_refused_even_with_a_crafted_interaction(
    world: World, command: str, options: dict[str, Any]
) -> None:
    """A member who sends a /kb interaction anyway (skipping default_permissions in the
    client) gets a private refusal, no form, and no file or log changes."""
    store = world.bot.store
    before = snapshot(store.knowledge_dir)
    result = await crafted_slash(world, world.member, world.general, command, **options)
    assert result.modal is None
    assert result.ephemeral and result.response is not None
    assert "Only moderators" in result.response.content
    assert snapshot(store.knowledge_dir) == before
    assert not (store.data_dir / "audit.jsonl").exists()
    assert [type(e) for e in handled_errors(world.env)] == [NotModerator]
