"""What an answered question adds to the feedback log: the statistics, and a real decline to
the review queue; and how an edit takes it back, so that one question is counted once.

Pure (no discord import). Apart from the cog that answers (cogs/ask.py), which grew past what
one module should hold; the cog runs these on its own recording thread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.knowledge.models import Answer
from bot.core.moderation.feedback import FeedbackLog


def record(feedback: FeedbackLog, answer: Answer, guild_id: int, *, decline: bool = True) -> None:
    """Count an answered question, or a real decline (not small talk) for the review queue, in
    the server it was asked in (only that server's moderators see what its members typed).
    `decline=False` counts a declined question without adding it to the review queue."""
    if answer.answered:
        kind = "hedged" if answer.hedged else answer.kind
        feedback.record_question(answer.question, answer.fact_id, kind, guild_id)
    elif answer.reason == "low_confidence":
        feedback.record_question(answer.question, None, "none", guild_id)
        if decline:
            feedback.record_decline(answer.question, guild_id)


def withdraw(feedback: FeedbackLog, answer: Answer, guild_id: int, *, decline: bool = True) -> None:
    """Take back what `record` counted for this answer (its question was edited)."""
    if answer.answered:
        kind = "hedged" if answer.hedged else answer.kind
        feedback.withdraw_question(answer.question, answer.fact_id, kind, guild_id)
    elif answer.reason == "low_confidence":
        feedback.withdraw_question(answer.question, None, "none", guild_id, decline=decline)


@dataclass
class Count:
    """What answering one message counted, so that when it is edited the new text is counted
    instead of as well: one question, counted once, as what it asks now.

    `written` is set on the recorder's thread once the count is in the database; the
    withdrawal runs on that thread after it, and takes back only a count that was written.
    """

    answer: Answer
    guild_id: int
    decline: bool
    written: bool = False


def unsaid(answer: Answer) -> Answer:
    """What staying silent in an answer channel amounts to: a hedged fact answer withheld is a
    decline (the review queue's to look at); a decline or a passage is recorded as it is."""
    if not answer.hedged:
        return answer
    return replace(
        answer,
        kind="none",
        answer=None,
        fact_id=None,
        sources=(),
        alternatives=(),
        reason="low_confidence",
        hedged=False,
    )
