"""The words people read: an answer or a decline as plain text, for every front end.

The CLI, the console and the Discord embeds all say the same thing in the same words, so the
wording lives here once and no front end imports another.
"""

from __future__ import annotations

from .core.knowledge.models import Answer

# Said before a hedged answer (Answer.hedged): the closest fact, not a claim that it answers.
HEDGE_INTRO = "I'm not sure this is what you asked. The closest fact I have says:"
# Under a numbered list of suggestions (render_answer's `numbered`).
PICK_HINT = "(type a number to see that answer)"


def render_answer(answer: Answer, *, numbered: bool = False, chosen: bool = False) -> str:
    """A readable plain-text reply for the terminal.

    `numbered` lists the suggestions by number, for a front end where typing the number shows
    that fact (the console chat; Discord has its menu). `chosen` says the fact is one the
    reader picked from such a list, not a match: it has no confidence to show.
    """
    lines: list[str] = []
    if answer.kind == "none":
        lines.append(decline_message(answer))
    else:
        if answer.kind == "passage":
            lines.append("No curated answer; the closest passage of the source says:")
        elif answer.hedged:
            lines.append(HEDGE_INTRO)
        lines.append(answer.answer or "")
        for alt in answer.alternatives:
            lines.append(f"\nOr, if you meant something close ({alt.fact_id}):\n{alt.answer}")
        for view in answer.sources:
            lines.append(
                f"\n— {view.title}, section “{view.section}”"
                + (f" <{view.url}>" if view.url else "")
            )
            lines.append(f"  “{view.quote}”")
            for ref in view.references:
                lines.append(f"  (the document cites: {ref.describe()})")
        if answer.fact_id and chosen:
            lines.append(f"\n[fact {answer.fact_id} · your choice]")
        elif answer.fact_id:
            matcher = f" · {answer.matcher}" if answer.matcher else ""
            sure = ", not sure" if answer.hedged else ""
            lines.append(
                f"\n[fact {answer.fact_id} · confidence {answer.score:.2f}{sure}{matcher}]"
            )
    if answer.suggestions:
        lines.append("\nDid you mean:" if answer.kind == "none" else "\nRelated:")
        lines.extend(
            f"  {f'{n}.' if numbered else '•'} {s.question}  ({s.fact_id})"
            for n, s in enumerate(answer.suggestions, 1)
        )
        if numbered:
            lines.append(PICK_HINT)
    return "\n".join(lines)


def decline_message(answer: Answer) -> str:
    """Why the bot does not answer, in words a member understands."""
    if answer.reason == "smalltalk":
        return (
            "I answer questions about Japan–South Korea relations from my sources. "
            "Try: who controls Dokdo?"
        )
    if answer.reason == "empty":
        return (
            "Ask me a question about Japan–South Korea relations, "
            "e.g. “when was the 1965 treaty signed?”"
        )
    if answer.reason == "too_long":
        return "That message is too long for me; please ask one question in a sentence or two."
    # Not "my sources don't answer that": a decline says only that no fact matched well enough
    # (most declined answerable questions have their fact among the suggestions that follow).
    return "I can't find that in my sources, so I won't guess."
