"""The words a member says about themselves before asking: context, not the question.

Members wrap a question in a clause about who they are or why they ask: "i saw a
documentary on netflix, how many comfort women were there?", "writing a paper for my IR
class, what were the terms of the 1965 treaty?", "hello! i'm a student from germany. what is
the comfort women agreement?". The lexical score is the share of the message's informative
words a fact covers, and such a clause's words (documentary, netflix, paper, class; the
unknown ones weigh the most) are no fact's: the question that follows was declined, though
asked alone it is answered. Germany, named by the asker's introduction, was even read as a
name the answer must contain.

The clause is told by its form, never by a list of topics: it comes before the message's last
clause, which opens as a question does (a question word or an auxiliary verb) and refers to
nothing before it (no "it", "that", "he": "my dad says koreans hate japan, is that true?" asks
about the clause); and the clause speaks of the asker: it opens, after a greeting or a chat
word, with I, me or my, or with a verb whose subject is left out as chat leaves it ("writing a
paper for ...", "watched a kdrama ...", "been reading ...", "stationed at ..."). What the
member says they read or heard about keeps its names ("my teacher mentioned the 1998
declaration, what did obuchi and kim dae-jung agree on?" is about the declaration); who the
member is keeps nothing ("as an american", "i'm from the philippines").

Words taken as filler wherever they stand (homework, mom, documentary) were tried and not
kept (bench/EXPERIMENTS.md, "The asker's situation as filler"): outside such a clause they are
the sign that a question asks about something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .aliases import EMPTY_ALIASES, AliasTable
from .simplify import simplify
from .tokens import tokenize

# Where a clause ends: the marks members put between a remark about themselves and their
# question, in every script (a comma, a colon, a full stop, "!!", a line break).
_CLAUSE_END = re.compile(r"[,:;.!?。、，：；？！\n]+")
# Words that open a clause without saying anything: greetings, chat words, "so", "ok".
_OPENERS = (
    r"(?:(?:hi|hii+|hello|hey|heya|hiya|yo|ok|okay|so|well|lol|btw|um|uh|oh|ah|and|but|also"
    r"|anyway|guys|everyone|all|yall|there|friends|folks|just|ngl|tbh|honestly|basically|k)\s+)*"
)
# A question opened by a question word or an auxiliary verb ("what were ...", "did japan ...",
# "can someone tell me ..."), after the openers above.
_ASKS = re.compile(
    rf"^{_OPENERS}(?:what|whats|when|where|who|whos|why|how|which|whose|is|are|was|were|do"
    r"|does|did|has|have|had|can|could|would|will|should|isnt|arent|wasnt|didnt|doesnt|dont)\b"
)
# Words that point back to something said before: the question is about the earlier clause.
_BACK = re.compile(r"\b(?:it|its|that|thats|this|these|those|he|him|his|she|her|they|them)\b")
# The asker as subject, object or owner ("i saw", "im writing", "my teacher said", "for me").
_FIRST_PERSON = re.compile(
    rf"^{_OPENERS}(?:i|im|ive|id|ill|my|me|as (?:a|an|someone|somebody)\b)\b"
)
# A clause whose subject chat leaves out: it opens with a verb in -ing or -ed, or "been",
# "just" before one ("writing a paper for my class", "watched a kdrama", "been reading").
_SUBJECTLESS = re.compile(rf"^{_OPENERS}(?:[a-z]{{3,}}(?:ing|ed)|been)\b")
# Who the asker is, not what they did: "i'm from ...", "i am a student", "as an american",
# "i grew up in ...", "i live in ...". A progressive ("i'm writing my thesis on hallyu") says
# what they do, and its names are the question's topic.
_IDENTITY = re.compile(
    rf"^{_OPENERS}(?:(?:im|i am)\s+(?!\w+ing\b)|as (?:a|an|someone|somebody)\b"
    r"|i (?:live|lived|grew up|come|came|was born)\b)"
)


@dataclass(frozen=True)
class Asked:
    """A message read as the asker's context and their question. `context` holds the clauses
    that speak of the asker, `identity` those of them that say who the asker is (a subset);
    both empty when the message has no such clause."""

    question: str
    context: tuple[str, ...] = ()
    identity: tuple[str, ...] = ()


def read_asker(message: str, aliases: AliasTable = EMPTY_ALIASES) -> Asked:
    """The message's question and the clauses before it that speak of the asker (see above).
    A question of fewer than two informative words ("what happened?", read with `aliases`)
    asks about the clause before it, which is then no context."""
    clauses = [c.strip() for c in _CLAUSE_END.split(message)]
    clauses = [c for c in clauses if simplify(c)]
    if len(clauses) < 2:
        return Asked(message)
    last = simplify(clauses[-1])
    if not _ASKS.match(last) or _BACK.search(last) or len(tokenize(last, aliases)) < 2:
        return Asked(message)
    context: list[str] = []
    identity: list[str] = []
    for clause in clauses[:-1]:
        simple = simplify(clause)
        if _IDENTITY.match(simple):
            identity.append(clause)
            context.append(clause)
        elif _FIRST_PERSON.match(simple) or _SUBJECTLESS.match(simple):
            context.append(clause)
    if not context:
        return Asked(message)
    return Asked(clauses[-1], tuple(context), tuple(identity))
