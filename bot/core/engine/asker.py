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
member is keeps nothing ("as an american", "i'm from the philippines"). Korean and Japanese
give such background in a clause of their own form: one ending in -ㄴ데 or -서요 that names
the asker or their wondering, seeing or hearing ("숙제 때문에 그러는데 ...", "다큐멘터리
봤는데요, ..."), one ending in が or けど after a verb ("宿題で調べているのですが、..."); the
question after it asks as `remarks.asks` reads a question, and points back at nothing (그거,
それ). The asker may also say why they ask after the question: "what is gsomia? my brother
is in the army and keeps talking about it", "한일기본조약은 언제 체결됐어요? 숙제라서요",
"日韓基本条約はいつ結ばれましたか？宿題で必要なんです。" (the Korean and Japanese forms are
read in `asker_cjk.py`). In English such a clause must point back
at the question ("it", "that"): one that does not may say something else the member asks
about, and read as context they answered two unanswerable questions of the tuning sets.

Words taken as filler wherever they stand (homework, mom, documentary) were tried and not
kept (bench/EXPERIMENTS.md, "The asker's situation as filler"): outside such a clause they are
the sign that a question asks about something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .aliases import EMPTY_ALIASES, AliasTable
from .asker_cjk import (
    CJK,
    CJK_BACK,
    JAMO_TAIL,
    KO_BACKGROUND,
    cjk_after_the_question,
    cjk_before_the_question,
    cjk_identity,
)
from .remarks import asks
from .remarks_cjk import ends_as_question
from .simplify import simplify
from .tokens import tokenize_words

# Where a clause ends: the marks members put between a remark about themselves and their
# question, in every script (a comma, a colon, a full stop, "!!", a line break), and a dash
# ("genuinely curious - why ...", "random thought—why ..."): an en or em dash anywhere, a
# hyphen only between blanks, as one inside a name ("kim dae-jung") is not; and brackets, round
# an aside ("... (asking for a friend)", "（宿題です）").
_CLAUSE_END = re.compile(r"(?:[,:;.!?。、，：；？！\n–—()（）]|\s-+\s)+")
_CLAUSE_ENDS = re.compile(f"({_CLAUSE_END.pattern})")  # the same, kept by `re.split`
# Words that open a clause without saying anything: greetings, chat words, "so", "ok".
_OPENERS = (
    r"(?:(?:hi|hii+|hello|hey|heya|hiya|yo|ok|okay|alright|aight|so|well|lol|btw|um|uh|oh|ah"
    r"|and|but|also|anyway|guys|everyone|all|yall|there|friends|folks|bro|bruh|dude|just|ngl"
    r"|tbh|honestly|basically|k|for context)\s+)*"
)
# A clause that says only how the member feels about asking, in chat's words: "ngl",
# "lowkey confused", "genuinely curious", "random but", "quick one", "kinda embarrassing".
# It holds no word of the question's topic, and its words (lowkey, genuinely) are no fact's:
# left among the question's words, they kept "genuinely curious - when did japan annex
# korea?" from the answer the question alone gets. "real talk" is not among them: read as
# context, `members-tuning-5.yaml` lost a right answer (35 -> 34 of 65).
_STANCE = re.compile(
    rf"^{_OPENERS}(?:(?:ngl|tbh|lowkey|highkey|genuinely|really|honestly|seriously|srsly|fr"
    r"|kinda|kind of|sort of|a bit|a little|bit|pretty|super|so|just|random|quick one"
    r"|random thought|curious|confused|wondering|asking|lost|embarrassing|dumb|hmm+|wait"
    r"|out of curiosity"
    r"|question|q)(?:\s+|$))+$"
)
# A question opened by a question word or an auxiliary verb ("what were ...", "did japan ...",
# "can someone tell me ..."), after the openers above.
_ASKS = re.compile(
    rf"^{_OPENERS}(?:what|whats|when|where|who|whos|why|how|which|whose|is|are|was|were|do"
    r"|does|did|has|have|had|can|could|would|will|should|isnt|arent|wasnt|didnt|doesnt|dont)\b"
)
# "but" before a question ends the clause before it: "idk if this is allowed here but when was
# the kono statement?", "this might be a weird one but did japan ever apologize?"; so does
# "so" ("ok so what is ...", "i want to learn more so what is ..."). The clause before
# is still context only when it is the asker's. The match starts only where a run of white
# space does ((?<!\s)): tried at every space of a long run, as "\n" * 4,000 is, it read the
# rest of the run each time (226 ms).
_BUT_ASKS = re.compile(
    r"(?<!\s)\s+(?:but|so)\s+(?=(?:what|whats|when|where|who|whos|why|how|which|is|are|was|were|do|does|did"
    r"|has|have|had|can|could)\b)",
    re.IGNORECASE,
)
# Words that point back to something said before: the question is about the earlier clause.
_BACK = re.compile(r"\b(?:it|its|that|thats|this|these|those|he|him|his|she|her|they|them)\b")
# The asker as subject, object or owner ("i saw", "im writing", "my teacher said", "for me").
_FIRST_PERSON = re.compile(
    rf"^{_OPENERS}(?:i|im|ive|id|ill|my|me|idk|dunno|not gonna lie|to be honest"
    r"|as (?:a|an|someone|somebody)\b"
    r"|(?:for|in|at|from) (?:my|our)\b"
    # what the asker needs it for, with "a": "for a uni assignment:", "for an essay,"
    r"|for (?:(?:a|an) \w+(?: \w+){0,2}|school|class|uni|college|homework)$)\b"
)
# A clause whose subject chat leaves out: it opens with a verb in -ing or -ed, or "been",
# "just" before one ("writing a paper for my class", "watched a kdrama", "been reading"), or
# with "was" or "were" before an -ing ("was chatting with a japanese friend").
_SUBJECTLESS = re.compile(
    rf"^{_OPENERS}(?:(?:was|were)\s+)?"
    # an adverb of when, or "after", "while", "before" with the -ing ("currently studying for
    # finals", "after watching a kdrama last night")
    r"(?:(?:currently|still|recently|literally|actually|after|while|before|since)\s+)?"
    # the verbs too short for the -ing pattern ("going to tokyo next week", "doing a project")
    r"(?:[a-z]{3,}(?:ing|ed)|going|doing|been|need (?:it|this|that) for"
    # what the asker could not do: "couldn't find it on google", "can't remember it"
    r"|(?:couldnt|cant|could not|cannot|didnt|never) (?:find|get|figure|remember|understand|learn)"
    r")\b"
)
# Thanks said after the question: "thanks in advance!", "thank you so much", "any help is
# appreciated", "appreciate it".
_THANKS = re.compile(
    rf"^{_OPENERS}(?:thanks|thank (?:you|u)|thx|ty|tia|cheers|appreciate|much appreciated"
    r"|any help|all help|help (?:is|would be) appreciated"
    # an apology for asking, said after the question: "..., sorry", "sorry if this is dumb"
    r"|sorry|apologies|my bad)\b"
)
# A clause about the question itself, or about how it is asked: "quick question for my
# history homework:", "random q", "sorry if this is a dumb question", "sorry for my english",
# "context:", "long story short"; greetings ("first time here", "hope ur doing well").
_ABOUT_ASKING = re.compile(
    rf"^{_OPENERS}(?:sorry|apologies|context|long story short|first time|long time lurker"
    r"|hope (?:you|ur|u|yall|you all|everyone|all)\b"
    r"|(?:(?:a|one|another|quick|random|dumb|stupid|silly|simple|small|genuine|honest"
    r"|serious|odd|weird|noob|newbie|basic)\s+)*(?:question|q)\b"
    # "this might be a weird one", "this is prob a dumb question"
    r"|this\s+(?:\w+\s+){1,3}(?:a|an)\s+(?:\w+\s+)?(?:one|question|q)\b"
    # "this has been bugging me for days", "this is confusing me"
    r"|this\s+(?:\w+\s+){0,2}(?:bugging|bothering|confusing|puzzling)\s+me\b"
    # how asking, or the matter, feels to the asker: "this is embarrassing", "this makes me
    # really angry", "this keeps me up at night"
    # who is asking, said as chat says it: "complete beginner here", "history teacher here",
    # "korean american here" (its names stay, as they may be what is asked about)
    r"|(?:[a-z]+\s+){1,3}here$"
    # where else the asker would ask: "not sure if you know this but", "if you don't mind me
    # asking", "no idea where else to ask"
    r"|not sure if (?:you|u|anyone|any1|this)\b|if (?:you|u) (?:dont|do not) mind\b"
    r"|(?:no idea|not sure|dont know|dunno|idk) where else\b"
    # new to the topic: "new to all this", "pretty new here", "kinda new to this topic"
    r"|(?:\w+\s+)?new (?:to|here)\b"
    r"|this\s+(?:is|feels|sounds)\s+(?:\w+\s+)?(?:embarrassing|awkward|dumb|stupid|silly)\b"
    r"|this\s+(?:makes|keeps|gets|got|made|drives)\s+me\b"
    # what it means to the asker: "this matters a lot to me", "this really means so much to me"
    r"|this\s+(?:really\s+)?(?:matters|means\s+(?:a lot|so much|everything))"
    r"(?:\s+\w+){0,2}\s+to\s+me$"
    # a call for help: "please help", "help!", "need help asap", "pls help me"
    r"|(?:please\s+|pls\s+|plz\s+)?(?:need\s+(?:some\s+)?)?help(?:\s+(?:me|pls|please|plz|asap|needed))*$"
    # a reason the asker gives with their own: "because of a drama i watched"
    r"|because\s+(?:of\s+)?(?:\w+\s+){0,6}(?:i|im|my|me)\b)"
)
# How the asker stands towards the question, said after it: "i'm kind of lost", "i dont
# understand", "i always forget", "i really want to understand", "im lazy". Nothing may
# follow the state but chat words: "i dont understand the 1965 deal" says what is asked.
_MIND_AFTER = re.compile(
    rf"^{_OPENERS}(?:i|im|i am|ive|i have)\s+"
    r"(?:(?:so|really|kinda|kind of|a bit|a little|genuinely|just|still|totally|completely"
    r"|always|never|honestly|very|super|bit|pretty|actually|lowkey)\s+)*"
    r"(?:confused|lost|curious|lazy|clueless|stuck|forgot|forget|keep forgetting"
    r"|dont understand|dont get it|do not understand|cant remember|dont remember"
    r"|want to understand|wanna understand|want to know|wanna know|wondering|wondered)"
    r"(?:\s+(?:lol|lmao|haha|rn|tbh|ngl|right now|at all|anymore|honestly))*$"
)
# The schoolwork the asker has due, said as a note before or after the question: "test
# tomorrow,", "exam tmrw -", "pub quiz tonight haha", "essay due friday!!". The whole clause
# is the work and when it is due (with chat words after it).
_DEADLINE = re.compile(
    rf"^{_OPENERS}(?:(?:i have|ive got|i got|got|have)\s+)?(?:(?:my|a|an|the|big|final)\s+)?"
    r"(?:\w+\s+)?(?:test|exam|quiz|finals?|midterms?|essay|presentation|homework|assignment"
    r"|paper|project|report)\s+(?:is\s+)?(?:due\s+)?"
    r"(?:tomorrow|tmrw|tmr|tonight|today|soon|next week|this week|on \w+|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday|in \w+ (?:days?|hours?|minutes?|mins?))"
    r"(?:\s+(?:lol|haha|lmao|help|pls|please|rip|ugh|omg))*$"
)
# How the asker wants the answer, said after the question: "be honest", "no bias pls",
# "unbiased answer please", "keep it short".
_MANNER_AFTER = re.compile(
    rf"^{_OPENERS}(?:(?:please|pls|plz)\s+)?"
    r"(?:be (?:honest|objective|neutral|fair|unbiased|brief)|no bias|without bias"
    r"|keep it (?:short|simple|brief)"
    r"|(?:an? )?(?:honest|unbiased|neutral|objective|short|simple|straight) answers?)"
    r"(?:\s+(?:pls|please|plz|thanks|thx|lol))*$"
)
# What the asker needs the answer for, said after the question: "asking for a school
# project", "for my essay", "need a quick answer for my report", "need it for a quiz",
# "studying for finals rn", "revising". A purpose is "for" and the asker's own ("my", "a",
# "our") or school's; studying is one of its verbs, with nothing but its "for" after it.
_PURPOSE_AFTER = re.compile(
    rf"^{_OPENERS}(?:(?:im|i am|its|it is|this is|currently|still)\s+)?"
    r"(?:(?:asking|need|needed|need to know|want to know)\s+(?:\w+\s+){0,4}?)?"
    r"for\s+(?:my|a|an|our|school|uni|class|homework)\b"
    # who asks, as the asker says it after the question: "asking as someone with family in both"
    r"|^asking as (?:a|an|someone|somebody)\b"
    # why the asker asks: "asking because of a movie", "asking bc my grandpa talks about it"
    r"|^(?:(?:im|i am|just)\s+)?asking (?:because|cause|cuz|bc|since)\b"
    r"|^(?:(?:im|i am|currently|still|just)\s+)?(?:studying|revising|cramming|preparing)"
    r"(?:\s+for\s+(?:my|a|an|our|the)?\s*\w+(?:\s+\w+)?)?(?:\s+(?:rn|lol|haha|now|right now))*$"
)
# Who the asker is, not what they did: "i'm from ...", "i am a student", "as an american",
# "i grew up in ...", "i live in ...", "greetings from mexico". A progressive ("i'm writing
# my thesis on hallyu") says what they do, and its names are the question's topic.
_IDENTITY = re.compile(
    rf"^{_OPENERS}(?:(?:im|i am)\s+(?!\w+ing\b)|as (?:a|an|someone|somebody)\b"
    # a greeting from where the asker is: "greetings from mexico", "hello from vietnam!",
    # "love from manila"
    r"|(?:greetings|hello|hi|hii+|hey|heya|hiya|love|regards|cheers) from\b"
    r"|i (?:live|lived|grew up|come|came|was born)\b)"
)


# Thanks, or a polite "please" closing a request, said in a sentence of their own after the
# question: "감사합니다!", "고마워요 ㅎㅎ", "알려주세요 감사합니다", "알려주시면 감사하겠습니다",
# "よろしくお願いします", "ありがとうございます！", "助かります", "thanks in advance!". The whole
# sentence must be such words (with laughter, tears, "~" or emoji after them).
_THANKS_WORDS = (
    r"(?:감사(?:합니다|해요|드립니다|하겠습니다|해)?|고마워(?:요)?|고맙습니다|땡큐|ㄱㅅ"
    r"|알려\s*주(?:세요|시면|실\s*분)|부탁(?:드립니다|드려요|해요|합니다)|미리"
    r"|ありがと(?:う)?(?:ございます|ございました)?|よろしく(?:お願い(?:します|いたします))?"
    r"|よろしくです|お願いします|助かります|教えてください|どうも"
    r"|thanks|thank (?:you|u)|thx|ty|tysm|tia|cheers|in advance|so much|a lot|appreciate it)"
)
_THANKS_SENTENCE = re.compile(
    rf"(?:\s*{_THANKS_WORDS})+[\s~!.。！♡♥ㅎㅋㅠㅜ^\u2600-\u27bf\U0001f300-\U0001faff]*",
    re.IGNORECASE,
)
# The sentences of a message: each ends at a question mark, "!", a full stop or a line break.
_SENTENCES = re.compile(r"[^?？!！。.\n]+[?？!！。.\n]*")


def without_thanks(message: str) -> str:
    """The message without the thanks said after its question, for the embedding to read.

    The model reads a message's every word, and thanks pull its vector away from what is
    asked: "독도는 누가 관리해요? 감사합니다!" sat at a cosine of 0.73 to the ownership fact,
    0.80 without them, and "韓国併合はいつですか？助かります" was answered with a hedge where
    the question alone is answered plainly. Only thanks that follow a question mark go: leaving
    out every sentence without an informative word (greetings before the question too) cost
    a right answer on `members-tuning-7.yaml`."""
    sentences = _SENTENCES.findall(message)
    kept = list(sentences)
    while len(kept) >= 2 and _THANKS_SENTENCE.fullmatch(kept[-1].strip()):
        kept.pop()
    if len(kept) == len(sentences) or not kept[-1].rstrip().endswith(("?", "？")):
        return message
    return "".join(kept).strip()


@dataclass(frozen=True)
class Asked:
    """A message read as the asker's context and their question. `context` holds the clauses
    that speak of the asker, `identity` those of them that say who the asker is (a subset);
    both empty when the message has no such clause."""

    question: str
    context: tuple[str, ...] = ()
    identity: tuple[str, ...] = ()


def read_asker(message: str, aliases: AliasTable = EMPTY_ALIASES) -> Asked:
    """The message's question and the clauses around it that speak of the asker (see above).
    A question with no informative word of its own ("what happened?", read with `aliases`)
    asks about the clause before it, which is then no context; one that names one thing
    ("..., what is gsomia?", "..., 고노 담화가 뭔가요?") asks about that thing."""
    marked = _BUT_ASKS.sub(",", KO_BACKGROUND.sub(r"\1\n", message))
    # Each clause with the marks that end it: a question mark makes a Korean or Japanese
    # clause a question whatever its ending ("... 같은 섬이에요?").
    pieces = _CLAUSE_ENDS.split(marked)
    marks = [*pieces[1::2], ""]
    ended = [(JAMO_TAIL.sub("", c.strip()), m) for c, m in zip(pieces[::2], marks, strict=True)]
    clauses = [c for c, _ in ended if simplify(c)]
    questions = {c for c, m in ended if simplify(c) and ("?" in m or "？" in m)}
    # After the question, the asker may say why they ask ("what is gsomia? my brother is in
    # the army and keeps talking about it", "한일기본조약은 언제 체결됐어요? 숙제라서요",
    # "日韓基本条約はいつ結ばれましたか？宿題で必要なんです。"): such clauses are read past.
    after: list[str] = []
    while len(clauses) >= 2 and _after_the_question(clauses[-1]):
        after.insert(0, clauses.pop())
    if len(clauses) + len(after) < 2:
        return Asked(message)
    last = clauses[-1]
    if CJK.search(last):
        asked = last in questions or asks(last) or ends_as_question(last)
        asking = asked and not CJK_BACK.search(last)
    else:
        asking = bool(_ASKS.match(simplify(last))) and not _BACK.search(simplify(last))
    if not asking or not tokenize_words(last, aliases):
        return Asked(message)
    context: list[str] = []
    identity: list[str] = []
    for clause in clauses[:-1]:
        if _is_identity(clause):
            identity.append(clause)
            context.append(clause)
        elif _about_the_asker(clause):
            context.append(clause)
    for clause in after:
        context.append(clause)
        if _is_identity(clause):
            identity.append(clause)
    if not context:
        return Asked(message)
    return Asked(last, tuple(context), tuple(identity))


def _is_identity(clause: str) -> bool:
    """True if the clause says who the asker is ("i'm from ...", "저는 대학생인데요")."""
    return bool(_IDENTITY.match(simplify(clause)) or cjk_identity(clause))


def _about_the_asker(clause: str) -> bool:
    """True if a clause before the question speaks of the asker or of the asking."""
    if CJK.search(clause) and cjk_before_the_question(clause):
        return True
    simple = simplify(clause)
    return bool(
        _FIRST_PERSON.match(simple)
        or _SUBJECTLESS.match(simple)
        or _ABOUT_ASKING.match(simple)
        or _STANCE.match(simple)
        or _DEADLINE.match(simple)
    )


def _after_the_question(clause: str) -> bool:
    """True if a clause that follows the question says why the asker asks, and asks nothing
    itself: an English clause about the asker that points back at the question, or one of
    the asker's state, purpose, deadline or wish for the answer that needs not; a Korean or
    Japanese one as `asker_cjk` reads it."""
    if _THANKS_SENTENCE.fullmatch(clause):
        return True
    if CJK.search(clause):
        return cjk_after_the_question(clause)
    simple = simplify(clause)
    if _THANKS.match(simple) or _MIND_AFTER.match(simple) or _STANCE.match(simple):
        return True
    if _PURPOSE_AFTER.match(simple) or _DEADLINE.match(simple) or _MANNER_AFTER.match(simple):
        return True
    if _ASKS.match(simple) or not _BACK.search(simple):
        return False
    return bool(_is_identity(clause) or _about_the_asker(clause))
