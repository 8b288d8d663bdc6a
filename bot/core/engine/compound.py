"""The questions of a message that asks several: "who controls dokdo and how many people live
there?", "what is gsomia. also when was the comfort women deal", "독도는 누가 지배해? 그리고
언제부터?".

Read whole, such a message is one question about two things, which no one fact answers: the
engine hedged or declined it. `message_parts` finds each question in it, so that the engine can
answer each on its own (`Engine.ask`). A message splits at the end of a sentence and at a word
that joins a new question to the last ("and how many ...", "also when ...", 그리고, それと),
and only where each side is a question on its own: "when did japan and korea sign ..." is one
question, and so is "why and how did ..." (its "why" alone asks about nothing).

A part that asks about nothing named ("and since when?", "how many people live there?",
"언제부터?") is about what the first part named: it borrows the first part's names (the known
names it holds that fewer than half the facts hold, so not Japan or Korea), in the member's own
words. A later part with
nothing of its own nor anything to borrow is left out: asked bare, it matched whatever fact
came closest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..knowledge.models import Answer, Suggestion
from .aliases import AliasTable
from .remarks import asks
from .remarks_cjk import ends_as_question
from .scripts import JAPANESE, is_cjk
from .tokens import tokenize

# The declines that say the message is not a question: never answered part by part, and a part
# so declined (a "thanks!" between two questions) is no question of the message.
NOT_QUESTIONS = frozenset({"empty", "smalltalk", "too_long"})
MAX_SUGGESTIONS = 3
# A name that half the facts hold (Japan, Korea) is what the knowledge is about, not what one
# question is: "and why did japan do it" names no topic of its own, and "korea" is no topic to
# carry to the next question.
TOPIC_SHARE = 0.5
# The longest Japanese name looked for in a run, and the longest run looked through (the look
# is quadratic in the run's length; a longer run is read by the tokenizer's pairs).
MAX_JAPANESE_NAME = 12
MAX_JAPANESE_RUN = 80
MAX_NAME_WORDS = 4  # the longest name carried to a later part ("asian women's fund")
MAX_PARTS = 3  # a message with more questions than this is a list, not two questions
# A message with more sentences than this is a wall of text, not a few questions: it is never
# read piece by piece (every piece is tokenized, and the split runs on every message).
MAX_PIECES = 12

# Where a sentence of a message ends: ? ! ; (also full-width), 。, a line break, or a full stop
# before a space, but not the last dot of an abbreviation ("u.s. troops", "st. louis" is rare
# in questions): a dot after a single letter that follows a dot or a space.
_SENTENCE_END = re.compile(r"[?!;。？！\n]+|(?<![\s.]\w)(?<!^\w)\.+(?=\s)")

_WH = (
    r"what|whats|what's|when|where|who|whos|who's|why|how|which|whose|since when"
    r"|tell me|explain"
)
_AUX = r"is|are|was|were|do|does|did|has|have|had|can|could|will|would|should"
# The subject an auxiliary that opens a question has: "and is it still disputed", "and did the
# treaty ..."; "... who signed it and are still alive" is no second question. A name as the
# subject ("and did japan apologise") does not split: measured on the tuning sets it gained 2
# right answers and 1 wrong one (bench/EXPERIMENTS.md).
_SUBJECTS = frozenset(
    "it its they there he she this that these those the a an any anyone anybody you we".split()
)
# A word that joins a new question to the last, and the question it opens: "and how many",
# "also when", "plus why", "and also did ...". What follows is checked by `_opens_question`.
_EN_JOINER = re.compile(
    r"(?:\s*[,;]\s*|\s+)(?:and also|and|also|plus|&)\s*,?\s+"
    rf"(?=(?:{_WH})\b|(?:{_AUX})\s+\w)"
)
# Korean and Japanese words that start a new question ("그리고 언제부터?", "それと、いつから？",
# chat's 근데 "but/so", じゃあ "then", ちなみに "by the way"), where a clause may begin: at the
# start of a sentence, after a space or a comma.
_CJK_JOINERS = (
    r"그리고|그럼|그러면|그런데|근데|또한|또|それと|それから|それに|あと|また|じゃあ|ちなみに"
)
_CJK_JOINER = re.compile(
    rf"(?:^|(?<=[\s,、，]))(?:{_CJK_JOINERS})"
    r"(?:\s+|[、,，]\s*|(?=[\u3040-\u30ff\u4e00-\u9fff]))"
)
# What opens an English question, after words that open a clause without saying anything,
# and the lead-ins that ask for what follows ("i want to know who ...", "i was wondering how").
# A joiner after a comma or a semicolon (", also when ...") keeps it at the start of the
# clause it opens, and "&" is chat's "and": both are read as part of the joiner.
_LEAD_INS = (
    r"(?:i\s+)?(?:want\s+to|wanna|would\s+like\s+to|'d\s+like\s+to|need\s+to)\s+know"
    r"|i\s+wonder(?:ed)?|(?:i\s*'?m\s+|i\s+was\s+)?wondering|(?:i\s*'?m\s+)?curious"
    r"|(?:please|pls|plz)\s+tell\s+me"
)
_OPENERS = (
    r"(?:[,;]\s*)?"
    rf"(?:(?:and|also|plus|&|so|ok|okay|oh|btw|but|then|and also|{_LEAD_INS})\s*,?\s+)*"
)
# (matched at a position: no "^", which matches only where the string starts)
_EN_OPENS = re.compile(rf"{_OPENERS}(?:(?:{_WH})\b|(?P<aux>{_AUX})\s+(?P<subject>[\w']+))")
_EN_LEADING_JOINER = re.compile(rf"^{_OPENERS}")
# The joiners a part opens with, taken off it, and the words that may come with them at the
# start of a clause and say nothing: 아 ("oh", "아 그리고"), 혹시 ("by any chance"), で、("so,").
_CJK_LEADING_JOINER = re.compile(
    rf"^(?:(?:{_CJK_JOINERS})(?:[\s、,，]+|$|(?=[\u3040-\u30ff\u4e00-\u9fff]))"
    r"|(?:아|혹시)\s+|で[、,，]\s*)+"
)
# Words that point back to what the first part named: the first is replaced by its names.
_BACK = re.compile(r"\b(?:it|there|they|them|that|this)\b")


def message_parts(message: str, aliases: AliasTable, is_topic: Callable[[str], bool]) -> list[str]:
    """The questions of `message` when it asks two or three (a later one that names nothing
    with the first part's names), else []. `is_topic(token)`: whether a token of the
    message is a name a question is about (`TOPIC_SHARE`), carried to a part that names none."""
    pieces = [p.strip() for p in _SENTENCE_END.split(message)]
    # a question mark stays on the piece before it: it is part of a question's shape
    ends = [m.group() for m in _SENTENCE_END.finditer(message)]
    sentences = [
        piece + ("?" if i < len(ends) and ("?" in ends[i] or "？" in ends[i]) else "")
        for i, piece in enumerate(pieces)
        if piece
    ]
    if len(sentences) > MAX_PIECES:
        return []
    questions: list[str] = []
    for sentence in sentences:
        for i, clause in enumerate(_clauses(sentence, aliases)):
            if _asks_alone(clause, aliases, leads=i == 0):
                questions.append(_without_joiner(clause))
    if not 2 <= len(questions) <= MAX_PARTS:
        return []
    first = questions[0]
    carried = _names(first, aliases, is_topic)
    parts = [first]
    for question in questions[1:]:
        if any(is_topic(t) for t in tokenize(question, aliases)):
            parts.append(question)
        elif carried:
            parts.append(_with_names(question, carried))
        # else: about nothing named, and nothing to borrow: left out
    return parts if len(parts) >= 2 else []


def _clauses(sentence: str, aliases: AliasTable) -> list[str]:
    """`sentence` cut where a joining word opens a new question, each cut kept only when the
    text before it is a question too ("when did japan and korea sign" is never cut: its "and"
    opens no question; "why and how did ..." is not either: "why" alone asks about nothing)."""
    cuts = [m.start() for m in _EN_JOINER.finditer(sentence) if _opens_question(sentence, m.end())]
    cuts += [m.start() for m in _CJK_JOINER.finditer(sentence) if m.start() > 0]
    clauses: list[str] = []
    start = 0
    for cut in sorted(set(cuts)):
        head, rest = sentence[start:cut].strip(), sentence[cut:].strip()
        leads = start == 0
        if _asks_alone(head, aliases, leads) and _asks_alone(_without_joiner(rest), aliases):
            clauses.append(head)
            start = cut
    clauses.append(sentence[start:].strip())
    return [c for c in clauses if c]


def _opens_question(text: str, at: int, any_subject: bool = False) -> bool:
    """Whether the words at `at` open an English question: a question word, or an auxiliary
    verb before a pronoun or an article as its subject ("and is it", "and did the ..."), or
    before any subject when `any_subject` (at the start of a sentence: "is gsomia ...")."""
    found = _EN_OPENS.match(text, at)
    if found is None:
        return False
    if found.group("aux") is None or any_subject:
        return True
    return found.group("subject").lower() in _SUBJECTS


def _asks_alone(clause: str, aliases: AliasTable, leads: bool = False) -> bool:
    """Whether `clause` is a question on its own: it has words to look up (its own, or a
    pointer back to the first part's) and the shape of a question: in English a question word
    or an auxiliary before its subject opening it, or a question mark; in Korean or Japanese a
    question word or ending (`remarks.asks`, `remarks.ends_as_question`)."""
    bare = _without_joiner(clause)
    if not bare:
        return False
    if is_cjk(bare):
        return asks(bare) or ends_as_question(bare)
    # `leads`: the clause begins its sentence, where an auxiliary opens a question whatever
    # its subject ("is gsomia still in force and why ..."); after a joiner a name as the
    # subject stays no question (`_SUBJECTS`).
    shaped = bare.endswith("?") or _opens_question(bare, 0, any_subject=leads)
    if not shaped:
        return False
    # "why" alone is a question about the clause beside it, not one of its own ("why and how
    # did japan annex korea"); "since when?" asks about what the first part named (`_names`)
    return bool(tokenize(bare, aliases)) or len(bare.split()) >= 2


def _without_joiner(clause: str) -> str:
    """`clause` without the joining words it opens with ("and also ", "그리고 ", "あと、")."""
    clause = _CJK_LEADING_JOINER.sub("", clause.strip())
    found = _EN_LEADING_JOINER.match(clause)
    rest = clause[found.end() :] if found else clause
    # "and" alone is no question: keep what was there
    return rest.strip() or clause.strip()


def _names(question: str, aliases: AliasTable, is_topic: Callable[[str], bool]) -> list[str]:
    """The names in `question` to carry to a part that names nothing, as the member wrote
    them: each run of words that reads as one name ("asian womens fund", "korean wave": a
    word of it alone is another word, "asian" is Asia), each word that is only names
    ("dokdo", "독도는"); in a run of Japanese, which has no spaces ("竹島は誰が支配してる"),
    each of its words that is a name ("竹島")."""
    words = question.split()
    names: list[str] = []
    at = 0
    while at < len(words):
        size = _name_run(words, at, aliases, is_topic)
        if size:
            names.append(" ".join(words[at : at + size]).strip("?!.,;:"))
            at += size
            continue
        word = words[at]
        at += 1
        tokens = tokenize(word, aliases)
        if not any(is_topic(t) for t in tokens):
            continue
        if JAPANESE.search(word):
            names.extend(_japanese_names(word, aliases, is_topic))
        elif all(is_topic(t) for t in tokens):
            names.append(word.strip("?!.,;:"))
    return list(dict.fromkeys(n for n in names if n))


def _japanese_names(run: str, aliases: AliasTable, is_topic: Callable[[str], bool]) -> list[str]:
    """The names in a run of Japanese, longest first from each place: the tokenizer cuts a
    name of three or more characters into pairs (慰安婦 -> 慰安, 安婦; 冬のソナタ -> 冬, ソナ,
    ナタ) that name nothing, so a pair alone found only two-character names (竹島)."""
    if len(run) > MAX_JAPANESE_RUN:
        return [w for w in tokenize(run) if any(map(is_topic, tokenize(w, aliases)))]
    names: list[str] = []
    at = 0
    while at < len(run):
        for end in range(min(len(run), at + MAX_JAPANESE_NAME), at + 1, -1):
            piece = run[at:end]
            read = aliases.applied(piece).split()
            if len(read) == 1 and is_topic(read[0]):
                names.append(piece)
                at = end
                break
        else:
            at += 1
    return names


def _name_run(
    words: list[str], at: int, aliases: AliasTable, is_topic: Callable[[str], bool]
) -> int:
    """How many Latin words from `at` (two to `MAX_NAME_WORDS`) read together as one name,
    each of them a word of its own (no "the", "is", "and" at either end or inside), or 0."""
    for size in range(min(MAX_NAME_WORDS, len(words) - at), 1, -1):
        run = words[at : at + size]
        if any(is_cjk(w) or not tokenize(w, aliases) for w in run):
            continue
        tokens = tokenize(" ".join(run), aliases)
        if len(tokens) == 1 and is_topic(tokens[0]):
            return size
    return 0


def _with_names(question: str, names: list[str]) -> str:
    """`question` about `names`: in place of the word that points back to them ("how many
    people live there" -> "... live dokdo"), else after an English question, before a Korean
    or Japanese one (where the topic comes first)."""
    said = " ".join(names)
    if is_cjk(question):
        return f"{said} {question}"
    pointer = _BACK.search(question.lower())
    if pointer is not None:
        return question[: pointer.start()] + said + question[pointer.end() :]
    end = len(question.rstrip("?!.？！ "))
    return f"{question[:end]} {said}{question[end:]}"


def joined_answer(whole: Answer, answers: list[Answer]) -> Answer | None:
    """One reply carrying the answers to a message's questions (`whole`: the message read
    as one question), or None when no question of it is answered (the message is then
    declined, or hedged, as it was read whole).

    A part that is no question (chat between two) is left out, and so is one answered with a
    fact (or passage) an earlier part was: it is shown once. When one part is left, its answer
    is the reply; else the reply repeats the first part answered and carries every part."""
    kept: list[Answer] = []
    shown: set[str] = set()
    for answer in answers:
        if answer.reason in NOT_QUESTIONS:
            continue
        key = answer.fact_id or (answer.answer if answer.answered else None)
        if key is not None:
            if key in shown:
                continue
            shown.add(key)
        kept.append(answer)
    answered = [a for a in kept if a.answered]
    if not any(a.kind == "fact" and not a.hedged for a in answered):
        return None
    if len(kept) == 1:
        return replace(answered[0], question=whole.question)
    first = answered[0]
    return replace(
        first,
        question=whole.question,
        suggestions=_suggestions(kept, shown),
        alternatives=(),
        # not sure of every part: a reader who takes one answer at its word is told so
        hedged=any(a.hedged or a.kind == "passage" for a in answered),
        parts=tuple(kept),
    )


def _suggestions(parts: list[Answer], shown: set[str]) -> tuple[Suggestion, ...]:
    """The facts to offer under the reply: the suggestions of the parts declined first (the
    member has no answer to those), then the others', none already shown."""
    ordered = [p for p in parts if not p.answered] + [p for p in parts if p.answered]
    offered: dict[str, Suggestion] = {}
    for part in ordered:
        for suggestion in part.suggestions:
            if suggestion.fact_id not in shown:
                offered.setdefault(suggestion.fact_id, suggestion)
    return tuple(offered.values())[:MAX_SUGGESTIONS]
