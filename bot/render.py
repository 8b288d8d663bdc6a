"""The words people read: an answer or a decline as plain text, for every front end.

The CLI, the console and the Discord embeds all say the same thing in the same words, so the
wording lives here once (its sentences in each language in wording.py) and no front end
imports another.
"""

from __future__ import annotations

from .core.knowledge.models import Answer
from .wording import WORDINGS, Wording, every, wording_for

# Said before a hedged answer (Answer.hedged): the closest fact, not a claim that it answers.
HEDGE_INTRO = WORDINGS["en"].hedge_intro
# Under a numbered list of suggestions (render_answer's `numbered`), in every language: the
# console dims the line.
PICK_HINTS = every("pick_hint")
# Before each question of a message that asked several, over its answer.
PART_MARK = "▸"


def render_answer(answer: Answer, *, numbered: bool = False, chosen: bool = False) -> str:
    """A readable plain-text reply for the terminal.

    `numbered` lists the suggestions by number, for a front end where typing the number shows
    that fact (the console chat; Discord has its menu). `chosen` says the fact is one the
    reader picked from such a list, not a match: it has no confidence to show. A message that
    asked several questions (`Answer.parts`) gets each one's answer under the question, in
    the order asked, the suggestions once at the end.
    """
    words = wording_for(answer)
    if answer.parts:
        lines = ["\n\n".join(f"{PART_MARK} {p.question}\n{_body(p)}" for p in answer.parts)]
    else:
        lines = [_body(answer, chosen)]
    if answer.suggestions:
        lines.append("\n" + (words.did_you_mean if answer.kind == "none" else words.related))
        lines.extend(
            f"  {f'{n}.' if numbered else '•'} {s.question}  ({s.fact_id})"
            for n, s in enumerate(answer.suggestions, 1)
        )
        if numbered:
            lines.append(words.pick_hint)
    return "\n".join(lines)


def _body(answer: Answer, chosen: bool = False) -> str:
    """An answer (or why there is none) with its near ties, sources and footer line."""
    words = wording_for(answer)
    if answer.kind == "none":
        return decline_message(answer)
    lines: list[str] = []
    if answer.kind == "passage":
        lines.append(words.passage_intro)
    elif answer.hedged:
        lines.append(words.hedge_intro)
    lines.append(answer.answer or "")
    for alt in answer.alternatives:
        lines.append("\n" + words.alternative.format(fact_id=alt.fact_id) + f"\n{alt.answer}")
    for view in answer.sources:
        lines.append(
            f"\n— {view.title}, section “{view.section}”" + (f" <{view.url}>" if view.url else "")
        )
        lines.append(f"  “{view.quote}”")
        for ref in view.references:
            lines.append(f"  (the document cites: {ref.describe()})")
    if answer.fact_id and chosen:
        lines.append(f"\n[fact {answer.fact_id} · your choice]")
    elif answer.fact_id:
        matcher = f" · {answer.matcher}" if answer.matcher else ""
        sure = ", not sure" if answer.hedged else ""
        lines.append(f"\n[fact {answer.fact_id} · confidence {answer.score:.2f}{sure}{matcher}]")
    return "\n".join(lines)


def decline_message(answer: Answer, words: Wording | None = None) -> str:
    """Why the bot does not answer, in words a member understands, in the language asked in
    (or in `words`)."""
    words = words or wording_for(answer)
    if answer.reason == "smalltalk":
        return words.smalltalk
    if answer.reason == "empty":
        return words.empty
    if answer.reason == "too_long":
        return words.too_long
    return words.decline
