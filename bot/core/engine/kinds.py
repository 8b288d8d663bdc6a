"""The kinds of answer a question asks for and an answer text gives: a year or a date ("when"),
a number ("how many"), a reason ("why"), a superlative or a comparison ("the most", "가장",
"一番", "more than").

A fact that matches a question's words may still not answer it: "why was the world cup
co-hosted" is not answered by the fact that it was. `question_wants` and `asks_superlative` read
the question; `answer_kinds` reads every entry's answer once, when the engine is built (in a cold
build's workers, so this module is part of a share's code), and `Answerability.judge` compares
the two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import numpy as np

from .chatwords import CHAT_WORDS
from .simplify import simplify

Wants = Literal["time", "number", "reason"] | None

# The English chat words (greetings, laughter, interjections, agreement: "oh", "ah ok", "yeah
# right", "lol", "idk man") as an alternation, to be read past where they open a question.
_OPENING_CHAT = "|".join(
    sorted((w for w in CHAT_WORDS if w.isascii() and w.isalpha()), key=len, reverse=True)
)

# A question asking when wants a year or a date; one asking how many or how much, a number.
_WHEN = re.compile(
    # (after the chat words and interjections that open a question: "idk man when did ...",
    # "so like when ...", "k but when ...", "btw when ...", "oh right when ...", "ah i see when")
    rf"^(?:(?:so|and|but|also|then|like|btw|actually|honestly|guys|q|i see|{_OPENING_CHAT})\s+)*"
    r"(?:when|wen|whens)\b"
    r"|\b(?:since when|(?:what|which|wat|wut|wht) (?:year|yr)|what date|which date|in what year"
    r"|what decade|which decade|how long ago|what century"
    r"|how many (?:years|yrs|decades|months)|how long)\b"
    # "when" asked inside a sentence that wants to know ("anyone know when ...", "i wonder when",
    # "not sure when", "remind me when"): elsewhere a "when" inside a sentence is mostly a
    # conjunction ("what did abe say when he met park")
    r"|\b(?:know|knows|wonder|wondering|wondered|curious|sure|remember|recall|forgot|forget"
    r"|idea|remind me|tell me|tell us|asking)\s+(?:exactly\s+|roughly\s+)?(?:when|wen)\b"
)
# "when" before an auxiliary opening a clause after a topic typed first ("dokdo: when did korea
# start controlling it", "the kono statement, when was it issued?", "gsomia - when was it
# signed"): read in the text before it is simplified, which drops the marks. As a conjunction
# "when" is followed by its clause's subject ("what did abe say when he met park").
_WHEN_AFTER_A_TOPIC = re.compile(
    r"[,:;.!?\-–—…]\s*(?:when|wen)\s+(?:did|does|do|was|were|is|are|will|would|has|have|had"
    r"|can|could)\b",
    re.IGNORECASE,
)
_HOW_MANY = re.compile(
    r"\b(?:how many|how much|hw many|how mani|what percent|what percentage|what share"
    r"|what proportion|what number|how big a share)\b"
)
# A question asking why wants a cause or a purpose: an answer that only describes what happened
# ("the 2002 World Cup was co-hosted") does not answer "why was it co-hosted".
_WHY = re.compile(
    r"^(?:(?:so|and|but|ok|okay|wait|hey|yo|lol|lmao|ngl|tbh|bro)\s+)*(?:why|y|whys|how come)\b"
    r"|\bwhyd?\b"  # "why'd" once simplified
)
# "なんで" but not the polite copula "なんです(か)" ("何なんですか" = "what is it"); "왜" but not
# 왜곡 ("distortion").
_KO_JA_WHY = re.compile(r"왜(?!곡)|어째서|무슨 이유|なんで(?!す)|なぜ|何故|どうして|理由")
# (The lookaheads on the first letters below change no match: they let the scan skip the word
# starts no alternative begins with; a cold build reads every fact's answer with them.)
# "after" is no cause: it dates ("After the end of World War II, South Korea banned ...") or
# ranks ("after China"), and a fact read as a reason for it answered "why did korea ban japanese
# culture" with the ban's lifting.
_REASON = re.compile(
    r"\b(?=[abcdfhiloprstvw])(?:because|due to|owing to|since|as a result|result of|stemm\w*"
    r"|caus\w*|led to|lead to|so that|in order to|reason\w*|why|over|amid|fear\w*"
    r"|concern\w*|hop\w* to"
    r"|seek\w* to|aim\w* to|wanted|to avoid|to prevent|to counter|to protect|blame\w*"
    r"|sparked|triggered|prompted|angered|opposed|protest\w*|demand\w*|believ\w*"
    r"|see\w* (?:it|them|this) as|view\w* (?:it|them|this) as|legacy|remain\w* from)\b"
)
# (언젠 is 언제 before the endings chat glues to it: 언젠데, 언젠지.)
_KO_JA_WHEN = ("언제", "언젠", "몇 년", "몇년", "몇 월", "몇월", "いつ", "何年", "何月")
_KO_JA_NUMBER = (
    "몇 명",
    "몇명",
    "몇 분",  # the honorific counter of people ("피해자분들 몇 분")
    "몇분",
    "얼마",
    "몇 개",
    "몇개",
    "몇 퍼",
    "몇퍼",
    "何人",
    "いくら",
    "何割",
    "何パーセント",
    "どのくらい",
    "どれくらい",
    "何個",
    "何件",
    "何億",
    "何万",
    "何円",
    "何ドル",
    "몇 억",
    "몇억",
    "몇 달러",
)
# A share asked in Korean or Japanese with the percent sign or a chat word for percent ("몇%",
# "몇 프로", "何%", "何パー"; "what %" is "what percent" once simplified).
_KO_JA_PERCENT = re.compile(r"몇\s*(?:[%％]|프로)|何\s*(?:[%％]|パー)")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# The words that date a text (with a year in digits, `_YEAR`): whole words, as `_YEAR_OR_DATE`
# and `_ascii_kinds` read them.
_TIME_WORDS = (*_MONTHS.split("|"), "century", "decade", "decades")
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})s?\b"
_YEAR_OR_DATE = re.compile(
    rf"\b(?=[12{''.join(sorted({w[0] for w in _TIME_WORDS}))}])"
    rf"(?:{_YEAR}|(?:{'|'.join(_TIME_WORDS)})\b)|년|年"
)
# An amount: digits, numbers in words, a share. "Many", "few" and "several" are not one: "many of
# the surviving comfort women are in their 80s" does not say how many survive.
_NUMBER_WORDS = (
    *"one two three four five six seven eight nine ten eleven twelve dozen dozens hundred".split(),
    *"hundreds thousand thousands million millions billion billions trillion trillions".split(),
    *"half third quarter percent majority minority most".split(),
)
_NUMBER = re.compile(rf"\d|\b(?:{'|'.join(_NUMBER_WORDS)})\b|명|万|億|억|조")
# "The most / best / biggest" asked, and stated: a question that asks which one is first on some
# scale (or what most people do) is answered only by a fact that says so, or that compares
# ("than"). Korean and Japanese superlatives are looked for in the text as typed (가장, 제일,
# 一番, 最も, 最大).
_ASKS_SUPERLATIVE = re.compile(
    r"\b(?:most|best|biggest|largest|greatest|highest|lowest|least|worst|fewest)\b"
)
# (Not 최대한 / 最大限, "as much as possible", nor 젤리.) 一番 is typed in kana too (いちばん,
# イチバン) and with a digit (1番, １番; not 1番目 "the first", nor 1番地, an address): those
# were no superlative, and "日本でいちばん人気のK-POPグループは？" was answered with a fact
# that names a group and ranks none, where 一番 is declined. Not the 1番 that ends a number
# either: "脚注11番は何？" asks for footnote 11, and was declined as asking for a superlative.
_KO_JA_SUPERLATIVE = re.compile(
    r"가장|제일|젤(?!리)|최고|최대(?!한)|최다|一番|いちばん|イチバン"
    r"|(?<![0-9０-９])[1１]番(?![目地])|最も|最大(?!限)|最高|最多"
)
# "Number one" states a first place as "the biggest" does; "outweigh" states which of two is
# more, as "than" does.
_SUPERLATIVE_STATED = (
    *"most mostly majority largest biggest best top topped highest lowest least worst".split(),
    *"greatest leading fewest than outweigh outweighs outweighed".split(),
    "number one",
)
_STATES_SUPERLATIVE = re.compile(rf"\b(?:{'|'.join(_SUPERLATIVE_STATED)})\b")
# A court's name is no superlative: "the highest court", 最高裁判所 and 최고재판소 name Japan's
# Supreme Court, and a question about its ruling asks for no first place. Not "the highest
# court-ordered compensation": there "highest" is the amount's.
_HIGHEST_COURT = re.compile(
    r"\bhighest court\b(?!-)|最高裁|최고\s*재판소|최고\s*법원", re.IGNORECASE
)
# "The biggest problems between japan and korea" asks for the main ones, a list, not which one
# is first: a superlative before a plural noun of trouble ("the biggest issues", "the worst
# disputes", "the most important problems") is no first place, and the fact that lists the
# disputes answers it. The singular ("the biggest issue") still asks for one.
_MAIN_ONES = re.compile(
    r"\b(?:biggest|greatest|largest|worst|most important|most serious|most common)\s+"
    r"(?:[a-z]+\s+)?(?:issues|problems|disputes|conflicts|obstacles|challenges|fights"
    r"|disagreements|tensions|sticking points|points of (?:conflict|contention|friction))\b"
)
_DATE_NUMBERS = re.compile(
    rf"\b(?=[0-9jfmasond])(?:{_YEAR}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b)"
)

# A number that names something is no amount either: "Article 9" does not say how many troops,
# and "in their 80s" (an age) or "the 90s" (a decade) does not say how many survivors.
# (The lookahead on the first characters changes no match: it lets the scan skip at once the
# positions no alternative starts at, which halved this pattern's share of `answer_kinds`.)
_LABEL_WORDS = ("article", "footnote", "chapter", "section", "clause")
_LABEL_NUMBERS = re.compile(
    r"(?=[acfs\[1-9])"
    rf"(?:\b(?:{'|'.join(_LABEL_WORDS)})\s+\[?\d+\]?|\[\d+\]|\b[1-9]0s\b)"
)
# What every match of _LABEL_NUMBERS holds.
_LABEL_MARKS = ("[", "0s", *_LABEL_WORDS)


_DIGIT = re.compile(r"\d")  # what every match of _DATE_NUMBERS and _LABEL_NUMBERS holds


def answer_kinds(
    answer_texts: Sequence[str], phrases: Sequence[Sequence[str]] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per entry: whether its answer gives a date, a reason, a number, a superlative (the
    order of KIND_NAMES)."""
    size = len(answer_texts)
    # A fact gives a reason if its answer states a cause, or if its curators wrote a "why"
    # question for it (they know what the answer explains better than a word list does).
    questions = phrases if phrases is not None else [[] for _ in range(size)]
    has_time: list[bool] = []
    has_reason: list[bool] = []
    has_number: list[bool] = []
    has_superlative: list[bool] = []
    for text, asked in zip(answer_texts, questions, strict=True):
        folded = text.casefold()
        kinds = (
            _ascii_kinds(folded)
            if folded.isascii() and folded.isprintable()
            else _kinds_of(folded, _KIND_PATTERNS)
        )
        has_time.append(kinds[0])
        has_reason.append(kinds[1] or any(map(_asks_for_a_reason, asked)))
        has_number.append(kinds[2])
        has_superlative.append(kinds[3])
    return (
        np.array(has_time, dtype=bool),
        np.array(has_reason, dtype=bool),
        np.array(has_number, dtype=bool),
        np.array(has_superlative, dtype=bool),
    )


def _kinds_of(folded: str, patterns: tuple[re.Pattern[str], ...]) -> tuple[bool, bool, bool, bool]:
    """The kinds of a casefolded text as the patterns define them: a date, a reason stated,
    a number, a superlative."""
    year, reason, dates, labels, number, superlative, digit = patterns
    time = bool(year.search(folded))
    because = bool(reason.search(folded))
    most = bool(superlative.search(folded))
    # A year or a day of the month is a date, not an amount: "how much did japan pay" is
    # not answered by "on 28 December 2015" (how many years, asked as a number, still is:
    # see question_wants). (Every date and label holds a digit: a text with none, a fifth
    # of the synthetic knowledge's and half the shipped documents' sentences, has neither
    # to cut out.)
    if digit.search(folded) is not None:
        folded = labels.sub(" ", dates.sub(" ", folded))
    return time, because, bool(number.search(folded)), most


def _ascii_kinds(folded: str) -> tuple[bool, bool, bool, bool]:
    """`_kinds_of` a printable ASCII text, its words read once instead of four scans.

    The date, number and superlative patterns are mostly whole words between word
    boundaries, which match exactly where the text has that word (a run of [a-z0-9_]): the
    text's set of words answers them, and a pattern runs only where that set cannot decide.
    A cold build's workers read every fact's answer and quotes and every document sentence so,
    and each pattern scanned the whole text (about a sixth of the workers' time in all)."""
    words = set(folded.encode("ascii").translate(_WORD_BYTES).split())
    because = bool(_REASON_ASCII.search(folded))
    # (Only "number one" is two words: its first one is in the set whenever it is there.)
    most = not words.isdisjoint(_SUPERLATIVE_FIRSTS) and bool(_SUPERLATIVE_ASCII.search(folded))
    if _DIGIT_ASCII.search(folded) is None:  # no year, no date or label to cut out
        return not words.isdisjoint(_TIME_BYTES), because, not words.isdisjoint(_NUMBER_BYTES), most
    cut, dates = _DATES_ASCII.subn(" ", folded)
    # Each date holds a year or a month's name, as _YEAR_OR_DATE reads them; without a date,
    # a year in digits is not there either (every _YEAR is a date), only the words can date it.
    time = dates > 0 or not words.isdisjoint(_TIME_BYTES)
    labels = 0
    for mark in _LABEL_MARKS:
        if mark in cut:
            cut, labels = _LABELS_ASCII.subn(" ", cut)
            break
    # A date starts and ends between words (\b): cutting it out leaves the other words as they
    # were, so a number's word is in the cut text only if it is among the text's words. A
    # label may end inside a word ("article 9one"): after one, the pattern reads the cut text.
    if labels or not words.isdisjoint(_NUMBER_BYTES):
        return time, because, bool(_NUMBER_ASCII.search(cut)), most
    return time, because, _DIGIT_ASCII.search(cut) is not None, most


def _ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` compiled for printable ASCII text (re.ASCII), where it finds the same matches:
    \\w, \\d and \\b mean the same on ASCII characters, and \\s too but for U+001C-U+001F, which
    are not printable. The engine then tests a character's class in a table, not in Unicode's
    database, at every position it tries: `answer_kinds` reads every fact's answer and quotes
    and every document sentence (a cold build's workers), its patterns a quarter sooner so."""
    return re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)


# answer_kinds' patterns, in the order it unpacks them, and their twins for ASCII text.
_KIND_PATTERNS = (
    _YEAR_OR_DATE,
    _REASON,
    _DATE_NUMBERS,
    _LABEL_NUMBERS,
    _NUMBER,
    _STATES_SUPERLATIVE,
    _DIGIT,
)
_KIND_PATTERNS_ASCII = tuple(map(_ascii_twin, _KIND_PATTERNS))
(
    _YEAR_ASCII,
    _REASON_ASCII,
    _DATES_ASCII,
    _LABELS_ASCII,
    _NUMBER_ASCII,
    _SUPERLATIVE_ASCII,
    _DIGIT_ASCII,
) = _KIND_PATTERNS_ASCII
# ASCII bytes to words (\w under re.ASCII: letters, digits, "_") and spaces, for `split`.
_WORD_BYTES = bytes(c if chr(c).isalnum() or c == ord("_") else 32 for c in range(128)) + bytes(
    range(128, 256)
)
_TIME_BYTES = frozenset(w.encode() for w in _TIME_WORDS)
_NUMBER_BYTES = frozenset(w.encode() for w in _NUMBER_WORDS)
_SUPERLATIVE_FIRSTS = frozenset(w.split()[0].encode() for w in _SUPERLATIVE_STATED)


def _asks_for_a_reason(question: str) -> bool:
    """`question_wants(question) == "reason"`, without reading the question for a date or a
    number unless it has a "why" (most phrasings do not: a cold build reads them all)."""
    # (No Korean or Japanese "why" is ASCII: nearly every phrasing is spared that search.)
    if not (
        _names_why(simplify(question)) or (not question.isascii() and _KO_JA_WHY.search(question))
    ):
        return False
    return question_wants(question) == "reason"


def _names_why(simplified: str) -> bool:
    """`bool(_WHY.search(simplified))`, without scanning a text that holds no "why" (every
    document sentence is read so, and almost none does): a match away from the start can only
    be the "why" of the second alternative, as the first is anchored there."""
    return bool(_WHY.match(simplified) or ("why" in simplified and _WHY.search(simplified)))


# The per-entry flags of answer_kinds, as Answerability keeps them.
KIND_NAMES = ("has_time", "has_reason", "has_number", "has_superlative")


# A comparison asks which of two is first on a scale, as a superlative asks which of many:
# "do japanese ppl like kpop more than jpop", "which country has more people", "who is more
# popular", "compared to china", 중국보다 (than China; not the verb in 알아보다가), 中国より; not
# an amount ("more than 200,000").
_COMPARATIVES = (
    r"(?:more|less|fewer|bigger|larger|higher|lower|better|worse|greater|smaller|stronger"
    r"|weaker|richer|poorer|older)"
)
_ASKS_COMPARATIVE = re.compile(
    rf"\b{_COMPARATIVES}\b(?:\s+\w+){{0,4}}\s+than\b(?!\s+\d)"  # not "more than 200,000"
    rf"|\b(?:which|who)\b(?:\s+\w+){{0,4}}\s+{_COMPARATIVES}\b|\bcompared? (?:to|with)\b"
)
_KO_JA_COMPARATIVE = re.compile(
    r"[\uac00-\ud7a3](?<![아어해여])보다(?![\uac00-\ud7a3]|\s*(?:전|후|이전|이후|앞|뒤))"
    r"|[\u4e00-\u9fff\u30a0-\u30ff]より(?!前|後|以前|以後|以降)"  # not "1965年より前" (before)
)


def asks_superlative(question: str) -> bool:
    """True if the question asks for the most, the best, the biggest (in any of the three
    languages), what most people do, or which of two is more (a comparison)."""
    question = _HIGHEST_COURT.sub(" ", question)
    text = _MAIN_ONES.sub(" ", simplify(question))
    return bool(
        _ASKS_SUPERLATIVE.search(text)
        or _KO_JA_SUPERLATIVE.search(question)
        or _ASKS_COMPARATIVE.search(text)
        or _KO_JA_COMPARATIVE.search(question)
    )


def question_wants(question: str) -> Wants:
    """The kind of answer the question asks for: a year/date, a number, a reason, or None."""
    text = simplify(question)
    if (
        _WHEN.search(text)
        or _WHEN_AFTER_A_TOPIC.search(question)
        or any(k in text for k in _KO_JA_WHEN)
    ):
        return "time"
    if (
        _HOW_MANY.search(text)
        or any(k in text for k in _KO_JA_NUMBER)
        or _KO_JA_PERCENT.search(question)
    ):
        return "number"
    if _WHY.search(text) or _KO_JA_WHY.search(question):
        return "reason"
    return None
