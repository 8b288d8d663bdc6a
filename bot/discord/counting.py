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
    `decline=False` counts a declined question without adding it to the review queue.

    A message that asked several questions is counted once, as the reply it got; each of its
    questions the reply declines joins the review queue on its own ("who controls dokdo? and
    <something no fact says>": the moderators see the second question, which nothing answers)."""
    if answer.answered:
        kind = "hedged" if answer.hedged else answer.kind
        feedback.record_question(answer.question, answer.fact_id, kind, guild_id)
        if decline:
            for part in declined_parts(answer):
                feedback.record_decline(part.question, guild_id)
    elif answer.reason == "low_confidence":
        feedback.record_question(answer.question, None, "none", guild_id)
        if decline and answer.parts:  # several questions withheld (`unsaid`): those unsure
            for part in declined_parts(answer):
                feedback.record_decline(part.question, guild_id)
        elif decline:
            feedback.record_decline(answer.question, guild_id)


def withdraw(feedback: FeedbackLog, answer: Answer, guild_id: int, *, decline: bool = True) -> None:
    """Take back what `record` counted for this answer (its question was edited)."""
    if answer.answered:
        kind = "hedged" if answer.hedged else answer.kind
        feedback.withdraw_question(answer.question, answer.fact_id, kind, guild_id)
        if decline:
            for part in declined_parts(answer):
                feedback.withdraw_decline(part.question, guild_id)
    elif answer.reason == "low_confidence" and answer.parts:
        feedback.withdraw_question(answer.question, None, "none", guild_id)
        if decline:
            for part in declined_parts(answer):
                feedback.withdraw_decline(part.question, guild_id)
    elif answer.reason == "low_confidence":
        feedback.withdraw_question(answer.question, None, "none", guild_id, decline=decline)


def declined_parts(answer: Answer) -> tuple[Answer, ...]:
    """The questions of a message that asked several which its reply declines for want of a
    fact (`Answer.parts`; not chat between them)."""
    return tuple(p for p in answer.parts if not p.answered and p.reason == "low_confidence")


def for_review(answer: Answer) -> bool:
    """Whether counting this reply adds a question to the review queue: a decline for want of
    a fact, or a reply that declines one of the message's questions."""
    declined = not answer.answered and answer.reason == "low_confidence"
    return declined or bool(declined_parts(answer))


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


def stated_plainly(answer: Answer) -> bool:
    """Whether the reply says only what the bot is sure of, as an answer channel (where nobody
    asked the bot) requires: a curated fact, not hedged, and for a message that asked several
    questions every one of them answered so. A reply that answers one question plainly and
    declines the other was said there: its decline interrupted the channel's chat, where a
    hedged second answer kept the whole reply back (`Answer.hedged` covers the hedged parts,
    never the declined ones)."""
    if answer.kind != "fact" or answer.hedged:
        return False
    return all(p.kind == "fact" and not p.hedged for p in answer.parts)


def unsaid(answer: Answer) -> Answer:
    """What staying silent in an answer channel amounts to: a hedged fact answer withheld is a
    decline (the review queue's to look at); a decline or a passage is recorded as it is.

    A reply to several questions withheld is a decline of the message whose parts the bot was
    not sure of (hedged or declined) are the review queue's, each as its own question: the
    message whole, two questions in one, was queued, and "Answer #n" offered it as a new
    fact's question. The parts stated plainly are counted as nothing more (nobody saw them)."""
    if answer.parts:
        unsure = tuple(unsaid(p) for p in answer.parts if not stated_plainly(p))
        return replace(_withheld(answer), parts=unsure)
    if not answer.hedged:
        return answer
    return _withheld(answer)


def _withheld(answer: Answer) -> Answer:
    """`answer` as a decline for want of a fact: what the channel did not see of it."""
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
