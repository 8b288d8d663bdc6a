"""What `/kb remove` says: the facts that link to the one removed, and how to undo it.

Apart from the moderator cog (cogs/moderation.py), which grew past what one module should
hold; these are pure look-ups and wording, the cog asks, confirms and replies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.moderation.store import KnowledgeStore


def linked_ids(fact_ids: list[str]) -> str:
    """Fact ids as code, the first ten and a count of the rest (a message has a limit)."""
    shown = ", ".join(f"`{i}`" for i in fact_ids[:10])
    more = len(fact_ids) - 10
    return shown + (f" and {more} more" if more > 0 else "")


# Reverts spelled out for the facts whose links a removal dropped: ten of at most 80-character
# ids keep the reply within a message's 2,000 characters.
UNDO_HINTS = 10


def undo_hint(store: KnowledgeStore, fact_id: str, unlinked: list[str]) -> str:
    """How to undo a removal that just happened: revert the fact to the state after its
    previous change (0: before its first), then each fact whose link to it was dropped to
    the state before that drop, which brings the link back (a link to a missing fact is
    refused, hence this order). Reverting the fact alone left every one of those links gone."""

    def before_last(fact: str) -> int:
        entries = store.history(fact)  # the last entry is the change just made
        return entries[-2].n if len(entries) > 1 else 0

    steps = [f"`/kb revert id:{fact_id} to:{before_last(fact_id)}`"]
    steps += [f"`/kb revert id:{other} to:{before_last(other)}`" for other in unlinked[:UNDO_HINTS]]
    if len(steps) == 1:
        return f"Undo with {steps[0]}."
    rest = len(unlinked) - UNDO_HINTS
    more = (
        f", and each of the other {rest} to the change before the one that dropped it"
        if rest > 0
        else ""
    )
    return f"Undo with {steps[0]}, then bring the links back with {', '.join(steps[1:])}{more}."
