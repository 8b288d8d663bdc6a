"""Answer only what was asked: rules a match must pass besides its score.

The score rewards covering the question's informative words, so on its own it answers a message
whose one content word happens to occur in a fact ("source?", "based", "help"), and a question
about North Korea or China with a fact about the South that shares its other words. A wrong
answer with a source attached is worse than none, so a confident score must also:

- come from a real question, not a chat reply or reaction ("thanks", "is that true?", "출처는?");
- rest on one distinctive word and another (a word in a large share of the facts, such as
  Japan or Korea, counts half), or on one name that a fact is entirely about ("what is
  GSOMIA"), never on one ordinary word;
- contain every specific name the question asks about (a country, person, organisation, place
  or named event from the `aliases` groups), unless a quarter of the facts name it (Japan,
  Korea, Seoul, Tokyo): that is the subject of the whole knowledge base;
- be able to give the kind of answer asked for: a year or date for "when", a number for
  "how many / how much", a reason for "why", a superlative or a majority for "the most / the
  best / 가장 / 一番" ("which kpop group has the most japanese fans" is not answered by a
  list of groups that debuted in Japan);
- not be asked for a verdict ("who is right about dokdo"): the sources report, they do not judge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..knowledge.models import AliasGroup
from .aliases import AliasTable, name_token
from .korean import KOREAN_FRAGMENTS
from .remarks import (
    ABOUT_THE_BOT,
    ASKS_FOR_CONTENT,
    BACK_REFERENCE,
    CHAT_MARKS,
    CHAT_WORDS,
    HIRAGANA,
    JA_LAUGH,
    JAMO,
    KOREAN_QUESTION_WORDS,
    WHERE_FROM_TOKENS,
    asks,
    ends_as_question,
    is_remark,
    laughs_beside_no_request,
)
from .search import Index, Slot
from .simplify import simplify
from .stemming import stem
from .tokens import tokenize, tokenize_words

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
_YEAR_OR_DATE = re.compile(
    r"\b(?=[12jfmasondc])(?:(?:1[0-9]{3}|20[0-9]{2})s?\b|(?:january|february|march|april|may"
    r"|june|july|august|september|october|november|december)\b|century\b|decades?\b)|년|年"
)
# An amount: digits, numbers in words, a share. "Many", "few" and "several" are not one: "many of
# the surviving comfort women are in their 80s" does not say how many survive.
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?"
    r"|thousands?|millions?|billions?|trillions?|half|third|quarter|percent|majority|minority"
    r"|most)\b|명|万|億|억|조"
)
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
_STATES_SUPERLATIVE = re.compile(
    r"\b(?:most|mostly|majority|largest|biggest|best|top|topped|highest|lowest|least|worst"
    r"|greatest|leading|fewest|than|number one|outweighs?|outweighed)\b"
)
# A court's name is no superlative: "the highest court", 最高裁判所 and 최고재판소 name Japan's
# Supreme Court, and a question about its ruling asks for no first place. Not "the highest
# court-ordered compensation": there "highest" is the amount's.
_HIGHEST_COURT = re.compile(
    r"\bhighest court\b(?!-)|最高裁|최고\s*재판소|최고\s*법원", re.IGNORECASE
)
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
# The words that offer two names as alternatives, and the words that may stand between "or" and
# the second name ("winter sonata or with boa").
_OR_WORDS = frozenset({"or", "아니면", "それとも"})
_OR_FILLER = frozenset({"with", "the", "a", "an", "in", "by", "was", "is", "it"})
# A name that a quarter of the entries contain is what the whole knowledge base is about (Japan,
# Korea, Seoul, Tokyo, the comfort women): a fact need not repeat it to answer about it. Other
# names (the United States, North Korea, China) must be in the fact that answers.
SUBJECT_SHARE = 0.25
# A word in this share of the entries says little about which one is meant (half a word).
UBIQUITOUS_SHARE = 0.12
MIN_ENTRIES_FOR_COMMON = 20
# A fact is about a name when at least this share of its phrasings name it.
ABOUT_SHARE = 0.5
# Matched words a fact needs (a common word counts half): one distinctive word and another.
MIN_WORDS = 1.5
# The nouns members put after a name to call it a topic ("the comfort women issue", 위안부 문제,
# 慰安婦問題; aliases.yaml maps 문제 and 問題 to "issue"): beside a name they ask about the name.
_TOPIC_HEADS = frozenset(stem(w) for w in ("issue", "problem"))
# The nouns that make a name the name of a document ("the comfort women agreement", 위안부
# 합의, 慰安婦合意; aliases.yaml maps deal, pact, 합의 and 合意 to "agreement"): the pair names
# one thing, as one name does, but both words are in so many facts (half a word each) that
# the two-word rule declined it in every language.
_DOCUMENT_HEADS = frozenset(stem(w) for w in ("agreement", "treaty", "statement"))
# Canonical tokens of the offices (aliases.yaml: president, 대통령, 大統領; prime minister, PM,
# 총리, 首相; emperor, 천황, 天皇; ambassador; foreign minister).
OFFICE_TOKENS = ("president", "prime_minister", "emperor", "ambassador", "foreign_minister")


# A question asking which side is right, or what to think, asks for a judgement that an
# encyclopedic source does not give.
_OPINION = re.compile(
    r"\b(?:which|who|what) (?:one )?(?:is|s|was) (?:right|correct|better|worse|wrong)\b"
    r"|\bwhos (?:right|correct|wrong)\b|\bwho did better\b|\bwhich is correct\b"
    r"|\b(?:do|what do) you think\b|\byour (?:opinion|view|take)\b|\bshould (?:i|we)\b"
    r"|\bwho started it\b|\bwhose fault\b|\bwho is to blame\b"
)
_KO_JA_OPINION = (
    "누가 맞",
    "누가 옳",
    "뭐가 맞",
    "어느 쪽이 맞",
    "누구 잘못",
    "어떻게 생각",
    "どっちが正しい",
    "どちらが正しい",
    "どう思う",
    "誰が悪い",
    "どっちが悪い",
)
# The phrases of _KO_JA_OPINION that ask how someone thinks: asked of a people or a government,
# not of the bot, when one is their subject (`_asks_a_third_partys_view`).
_KO_JA_THINK = frozenset({"어떻게 생각", "どう思う"})


_DATE_NUMBERS = re.compile(
    r"\b(?=[0-9jfmasond])(?:(?:1[0-9]{3}|20[0-9]{2})s?\b"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:january|february|march|april|may|june|july|august"
    r"|september|october|november|december)\b"
    r"|(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\s+\d{1,2}(?:st|nd|rd|th)?\b)"
)

# A number that names something is no amount either: "Article 9" does not say how many troops,
# and "in their 80s" (an age) or "the 90s" (a decade) does not say how many survivors.
# (The lookahead on the first characters changes no match: it lets the scan skip at once the
# positions no alternative starts at, which halved this pattern's share of `answer_kinds`.)
_LABEL_NUMBERS = re.compile(
    r"(?=[acfs\[1-9])"
    r"(?:\b(?:article|footnote|chapter|section|clause)\s+\[?\d+\]?|\[\d+\]|\b[1-9]0s\b)"
)


def answer_kinds(
    answer_texts: Sequence[str], phrases: Sequence[Sequence[str]] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per entry: whether its answer gives a date, a reason, a number, a superlative (the
    order of KIND_NAMES)."""
    size = len(answer_texts)
    folded = [t.casefold() for t in answer_texts]
    has_time = np.fromiter((bool(_YEAR_OR_DATE.search(t)) for t in folded), dtype=bool, count=size)
    # A fact gives a reason if its answer states a cause, or if its curators wrote a "why"
    # question for it (they know what the answer explains better than a word list does).
    questions = phrases if phrases is not None else [[] for _ in range(size)]
    has_reason = np.fromiter(
        (
            bool(_REASON.search(t)) or any(_asks_for_a_reason(q) for q in qs)
            for t, qs in zip(folded, questions, strict=True)
        ),
        dtype=bool,
        count=size,
    )
    # A year or a day of the month is a date, not an amount: "how much did japan pay" is not
    # answered by "on 28 December 2015" (how many years, asked as a number, still is: see
    # question_wants).
    undated = [_LABEL_NUMBERS.sub(" ", _DATE_NUMBERS.sub(" ", t)) for t in folded]
    has_number = np.fromiter((bool(_NUMBER.search(t)) for t in undated), dtype=bool, count=size)
    has_superlative = np.fromiter(
        (bool(_STATES_SUPERLATIVE.search(t)) for t in folded), dtype=bool, count=size
    )
    return has_time, has_reason, has_number, has_superlative


def _asks_for_a_reason(question: str) -> bool:
    """`question_wants(question) == "reason"`, without reading the question for a date or a
    number unless it has a "why" (most phrasings do not: a cold build reads them all)."""
    if not (_names_why(simplify(question)) or _KO_JA_WHY.search(question)):
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
    text = simplify(question)
    return bool(
        _ASKS_SUPERLATIVE.search(text)
        or _KO_JA_SUPERLATIVE.search(question)
        or _ASKS_COMPARATIVE.search(text)
        or _KO_JA_COMPARATIVE.search(question)
    )


# "What do Koreans think of Japan" asks what a people or a government thinks, which the documents
# report (polls, positions), not for the bot's own view. English says "you" when it asks the
# bot; Korean and Japanese drop the subject, so a people, a country or a government named as
# the subject (은/는/이/가, は/が) before "how do ... think" is asked about. Marked as the object
# (한국을 어떻게 생각해, 韓国をどう思う) it is the bot's view of them again.
_KO_THIRD_PARTY = re.compile(
    r"(?:한국|일본|북한|중국|미국)(?:인|인들|사람|사람들|국민|국민들|정부|측|쪽)?"
    r"(?:은|는|이|가|에서는|에선)(?=\s|$)"
    r"|(?:국민|국민들|사람들|정부|젊은이들|젊은 세대|여론)(?:은|는|이|가)(?=\s|$)"
)
_JA_THIRD_PARTY = re.compile(
    r"(?:韓国|日本|北朝鮮|中国|アメリカ|米国)(?:人|人たち|の人|の人たち|の人々|の方々|国民|政府|側)?"
    r"(?:は|が|では)"
    r"|(?:国民|若者|人たち|人々|方々|政府|世論)(?:は|が)"
)


# Where the clause that asks "how do ... think" begins: punctuation, or a Korean connective
# ("나는 일본이 좋은데 어떻게 생각해?": the people named belong to the speaker's own clause).
_CLAUSE_BREAK = re.compile(r"[,.!?;、。？！，]|(?:는데|은데|지만|니까)(?=\s)")
# The bot or the speaker named in that clause makes it a request for an opinion again.
_YOU_OR_I = re.compile(
    r"(?:^|\s)(?:너|넌|니가|네가|당신|나는|난|내가|저는|제가)(?=\s|$|[은는이가])"
    r"|あなた|君は|君が|お前|おまえ|私は|僕は|俺は|わたしは"
)


def _asks_a_third_partys_view(question: str, at: int) -> bool:
    """Whether a people, a country or a government is the subject of the clause that ends at
    position `at`, and neither the bot nor the speaker is."""
    clause = _CLAUSE_BREAK.split(question[:at])[-1]
    if _YOU_OR_I.search(clause):
        return False
    return bool(_KO_THIRD_PARTY.search(clause) or _JA_THIRD_PARTY.search(clause))


def question_unanswerable(question: str) -> str | None:
    """Why no document can answer this kind of question at all, or None."""
    text = simplify(question)
    if _OPINION.search(text):
        return "opinion"
    for phrase in _KO_JA_OPINION:
        # Every time it is asked: "what do the Japanese think? and you, what do you think?"
        for found in re.finditer(re.escape(phrase), question):
            if phrase in _KO_JA_THINK and _asks_a_third_partys_view(question, found.start()):
                continue
            return "opinion"
    return None


# A question about the present: the documents are dated, and a figure "as of 2007" does not say
# how things stand now.
# "now" before a speaker's own clause ("now im confused", "now i wonder") is a discourse word, not
# a question about the present.
_PRESENT = re.compile(
    r"\b(?:now(?!\s+(?:i|im|ive|id|we|were|you|u|youre)\b)|rn|right now|currently|current"
    r"|nowadays|these days|today|latest|most recent|as of (?:now|today)|still alive|anymore"
    r"|at the moment|atm|(?:this|last|past) year(?!\s+of\b))\b"
)
# Korean and Japanese words for now, these days, this or last year; いま only with the particle
# that makes it "now" (いまの首脳): bare いま is inside the polite ending います.
_KO_JA_PRESENT = (
    *("지금", "현재", "요즘", "최근", "올해", "작년", "금년"),
    *("現在", "最近", "去年", "昨年", "いまの", "いまは", "いまも", "いまでも"),
)
# Japanese 今 where it means "now" ("今何人", "今の", "今は", "今年"), not in the words it only
# begins: 今日 (also the greeting 今日は), 今後 (from now on), 今回 and 今度 (this time), 今更,
# 今頃, 今まで (so far), nor in names (今井, 今川, 今村, 今上). "今何人" was not read as
# "now" where "今の" and English "now" are, and got the survivors' count as of 2007.
_JA_NOW = re.compile(r"今(?![日後回度更頃井川村上西朝晩夜]|まで)")


_CLAUSE_END = re.compile(r"[?!.;,。？！、]")


def asks_about_now(question: str) -> bool:
    """True if the question asks how things stand now ("how many survivors are alive rn")."""
    # Clause by clause: "it was 1910 right? now im confused" says no "right now".
    clauses = _CLAUSE_END.split(question)
    return (
        any(_PRESENT.search(simplify(c)) for c in clauses)
        or any(k in question for k in _KO_JA_PRESENT)
        or bool(_JA_NOW.search(question))
    )


# Words that ask where a claim comes from: who reported it, in which article, under which
# footnote. A reference fact ("Footnote [18] is ... cited for ...") answers those questions, not
# the claim itself, which a fact of its own states.
_ASKS_SOURCE = re.compile(
    r"\b(?:sources?|src|sauce|cite[sd]?|citations?|references?|refs?|footnotes?|articles?"
    r"|papers?|newspapers?|reports?|reported|reporters?|journalists?|wrote|written|writers?"
    r"|authors?|published|publications?|headlines?|links?|according|pages?|websites?|sites?"
    r"|urls?|retrieved|accessed|archived|footnoted|books?|encyclopedias?)\b"
    # "where do the numbers come from", "what year are the figures from"
    r"|\b(?:come|comes|came)\s+from\b"
    r"|\b(?:numbers?|figures?|data|stats?|statistics|quotes?|info|information)\s+(?:\w+\s+)?from\b"
    # "where's the quote about poverty from", "where did wiki get that ...", "what backs the
    # claim", "does globalsecurity back the claim"
    # (a word of what was said before "from": "where are the comfort women from" asks where
    # they came from, not for a source)
    r"|\bwhere\s+(?:is\s+|are\s+|was\s+)?(?:the|that|this)\s+(?:quotes?|claims?|statements?"
    r"|numbers?|figures?|stats?|data|info|information|story|stories|idea|line|saying|words?)"
    r"\s+(?:\w+\s+){0,8}from\b"
    r"|\bwhere\s+(?:does|did|do)\s+(?:wiki|wikipedia|it|the article)\s+get\b"
    r"|\bwhat\s+(?:\w+\s+){0,2}backs\b|\bbacks?\s+(?:up\s+)?(?:the|this|that)\s+(?:claim|statement)\b"
)
_KO_JA_SOURCE = (
    "출처", "각주", "기사", "보도", "레퍼런스", "인용", "근거", "출판사",
    "어디서 나왔", "어디서 나온", "어디서 나옴", "어디서 가져왔",
    "出典", "ソース", "脚注", "記事", "報道", "引用", "文献", "根拠", "出版社", "著者",
    "どこから来", "話はどこから", "どこ情報", "どの資料", "どの新聞", "アーカイブ",
)  # fmt: skip
# 저자 (author), but not 저자세 ("a low posture": "대일 저자세 외교", submissive diplomacy toward
# Japan, a common charge in this very subject), which holds it.
_KO_AUTHOR = re.compile(r"저자(?!세)")


def asks_for_a_source(question: str) -> bool:
    """True if the question asks where something comes from ("source for ...", "who wrote
    the article", "출처", "出典")."""
    return (
        bool(_ASKS_SOURCE.search(simplify(question)))
        or any(k in question for k in _KO_JA_SOURCE)
        or bool(_KO_AUTHOR.search(question))
    )


def question_wants(question: str) -> Wants:
    """The kind of answer the question asks for: a year/date, a number, a reason, or None."""
    text = simplify(question)
    if _WHEN.search(text) or any(k in text for k in _KO_JA_WHEN):
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


@dataclass(frozen=True)
class Verdict:
    """Whether a fact may answer the question, and if not, why (for logs and tests)."""

    ok: bool
    reason: str = ""


class Answerability:
    """The rules above, prepared once per engine over its facts and fact index."""

    def __init__(
        self,
        index: Index,
        aliases: AliasTable,
        groups: Sequence[AliasGroup],
        answer_texts: Sequence[str],
        kinds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """`answer_texts`: for each entry of `index`, the text it answers from (a fact's answer
        and quotes, or a passage). `kinds`: the per-entry flags `answer_kinds` gives for them,
        when already computed (a cold build's workers compute them file by file)."""
        self.index = index
        self.aliases = aliases
        # Chat words are read without aliases: an alias may map a chat word to a topic ("agree"
        # to "agreement"), and a topic is never chat.
        topics = {name_token(g.canonical) for g in groups}
        self.chat_tokens = frozenset(t for w in CHAT_WORDS for t in tokenize(w)) - topics
        # The same words as said, stopwords kept ("lol", "again"): to tell a reaction from a
        # question, every chat word counts, not only those the matcher reads.
        self.chat_said = (
            frozenset(t for w in CHAT_WORDS for t in tokenize(w, keep_stopwords=True)) - topics
        )
        # ... yet a name the knowledge writes in hiragana is a topic, not chat: "たけしま" and
        # "いあんふとは?" read as nothing were declined as small talk, while "竹島" and "慰安婦と
        # は?" were answered. Those names alone are read before the chat rules (`is_chat`).
        self.kana_names = AliasTable.build(
            AliasGroup(g.canonical, kana)
            for g in groups
            if g.kind == "alias"
            and (kana := tuple(n for n in g.names if HIRAGANA.fullmatch(simplify(n))))
        )
        self._groups = tuple(groups)
        self._set_shares()
        if kinds is None:
            kinds = answer_kinds(
                answer_texts, index.phrases if len(index.phrases) == len(answer_texts) else None
            )
        self.has_time, self.has_reason, self.has_number, self.has_superlative = kinds

    def _set_shares(self) -> None:
        """The names and words whose weight depends on how many entries contain them."""
        index = self.index
        size = index.size
        common = max(1, int(size * UBIQUITOUS_SHARE))
        subject = max(1, int(size * SUBJECT_SHARE))
        names: set[str] = set()
        entities: set[int] = set()
        for group in self._groups:
            if group.kind != "alias":
                continue
            token = name_token(group.canonical)
            names.add(token)
            tid = index.vocab.get(token)
            if tid is None:
                continue
            count = int(index.posting_offsets[tid + 1] - index.posting_offsets[tid])
            if count < subject or size < MIN_ENTRIES_FOR_COMMON:
                entities.add(tid)
        # The offices people hold are named like people: "who was president when ..." is not
        # answered by a fact that names no president, however common the word is.
        entities.update(
            tid for tid in (index.vocab.get(token) for token in OFFICE_TOKENS) if tid is not None
        )
        self.names = frozenset(names)
        self.entities = frozenset(entities)
        # Words in a large share of entries (japan, korea, relations) say little about which
        # entry is meant: in the two-word rule each counts as half a word.
        # (A knowledge base of a handful of entries has no such words: every word is rare.)
        counts = np.diff(index.posting_offsets)
        self.common = frozenset(
            int(t) for t in np.flatnonzero(counts >= common) if size >= MIN_ENTRIES_FOR_COMMON
        )

    def updated(self, index: Index, kept: np.ndarray, fresh_texts: Sequence[str]) -> Answerability:
        """The rules over `index`, an update of this one's index (see `Index.updated`): the
        per-entry flags of kept entries are carried over, only the fresh entries are read, and
        the shares are counted again (they depend on every entry)."""
        new = object.__new__(Answerability)
        new.__dict__.update(self.__dict__)
        new.index = index
        new._set_shares()
        kept = np.asarray(kept, dtype=np.int64)
        fresh_at = np.flatnonzero(kept < 0)
        kept_at = np.flatnonzero(kept >= 0)
        phrases = [index.phrases[i] for i in fresh_at.tolist()]
        flags = answer_kinds(fresh_texts, phrases)
        for name, fresh_flags in zip(KIND_NAMES, flags, strict=True):
            out = np.zeros(kept.size, dtype=bool)
            out[kept_at] = getattr(self, name)[kept[kept_at]]
            out[fresh_at] = fresh_flags
            setattr(new, name, out)
        return new

    # -- the question alone ---------------------------------------------------------------

    def is_chat(self, question: str) -> bool:
        """A reply or reaction, not a question: every word is chat, a stopword or a small number;
        or chat words or laughter beside a topic, with nothing that asks; or a remark that
        states and asks nothing (`is_remark`).

        Read without aliases, like the chat words themselves ("agree" is chat, even though an
        alias makes it "agreement" for the matcher), but for names written in hiragana, which
        would otherwise vanish ("たけしま")."""
        groups = tokenize_words(question, self.kana_names)
        if not groups:
            return True
        chat = 0
        other: list[list[str]] = []
        for group in groups:
            if all(t in self.chat_tokens for t in group):
                chat += 1
            elif not (len(group) == 1 and group[0].isdigit() and len(group[0]) <= 2):
                other.append(group)
        if not other:
            return True
        simple = simplify(question)
        if BACK_REFERENCE.search(simple) and all(t in WHERE_FROM_TOKENS for g in other for t in g):
            # Asked where the bot's own reply comes from ("can you link the article you got
            # that from", "which page did you read that on"): the sources beside the answer.
            return True
        if ABOUT_THE_BOT.search(simple) and not ASKS_FOR_CONTENT.search(simple):
            # A question about the bot itself ("are you biased towards japan?").
            return True
        # A reaction that names the topic in passing ("lol dokdo again", "독도 또 ㅋㅋ"): chat
        # words around one name, and nothing that asks. A bare name alone ("dokdo?", "gsomia")
        # is still a question: it has no chat word beside it.
        said = tokenize_words(question, keep_stopwords=True)
        chat += sum(1 for g in said if all(t in self.chat_said for t in g))
        marks = sum(1 for mark in CHAT_MARKS if mark in question)
        marks += 1 if JA_LAUGH.search(question) else 0
        marks += 1 if JAMO.search(question) else 0
        marks += 1 if laughs_beside_no_request(question) else 0
        if marks and not asks(question) and not ends_as_question(question):
            # Laughter or a chat word beside a remark, and nothing that asks ("한일전 또
            # 시작이네 ㅋㅋㅋ", "また竹島の話かよwww"): a reaction, whatever it names.
            return True
        chat += marks
        if (
            chat > 0
            and self._is_name(question)
            and not asks(question)
            and not ends_as_question(question)
        ):
            return True
        return is_remark(question)

    def _is_name(self, question: str) -> bool:
        """True if, read with the aliases, the message's informative words other than chat
        words are one name."""
        words = [
            t for g in tokenize_words(question, self.aliases) for t in g if t not in self.chat_said
        ]
        return len(words) == 1 and words[0] in self.names

    def alternatives(self, question: str) -> list[tuple[str, str]]:
        """The pairs of names a question offers as alternatives ("did hallyu start with winter
        sonata or with boa", "박정희 아니면 김대중", "冬ソナそれともBoA"): its answer names one of
        them, so a fact need not contain both (`judge`'s `either`)."""
        words = self.aliases.applied(question).split()
        pairs: list[tuple[str, str]] = []
        for i, word in enumerate(words[1:-1], start=1):
            if word not in _OR_WORDS:
                continue
            j = i + 1
            while j < len(words) - 1 and words[j] in _OR_FILLER:
                j += 1
            first, second = self._name_of(words[i - 1]), self._name_of(words[j])
            if first and second:
                pairs.append((first, second))
        return pairs

    def _name_of(self, word: str) -> str:
        """The index token of a word that is an alias group's name, or ""."""
        tokens = tokenize(word, self.aliases)
        return tokens[0] if len(tokens) == 1 and tokens[0] in self.names else ""

    def has_unread_words(self, question: str) -> bool:
        """True if a Korean word of the question is too short for the index to read it (사는
        "living", 간 "went"): the question then says more than its tokens show."""
        for word in self.aliases.apply(simplify(question)).split():
            for run in _HANGUL_RUN.findall(word):
                if (
                    not tokenize(run, keep_stopwords=True)
                    and run not in KOREAN_FRAGMENTS
                    and run not in KOREAN_QUESTION_WORDS
                ):
                    return True
        return False

    # -- the question against one fact ------------------------------------------------------

    def judge(
        self,
        entry: int,
        slots: Sequence[Slot],
        wants: Wants,
        *,
        bare: bool = True,
        superlative: bool = False,
        either: Sequence[tuple[str, str]] = (),
    ) -> Verdict:
        """May fact `entry` answer this question? Exact-token checks only, no scores.

        `bare`: the question has no word the tokenizer dropped but that may carry meaning (see
        `has_unread_words`); `superlative`: it asks for the most or the best
        (`asks_superlative`); `either`: names it offers as alternatives (`alternatives`), of
        which the fact needs one."""
        # The rules that nothing lifts come first: a close meaning may stand in for shared
        # words (decide.LIFTED_BY_MEANING), never for a missing name, date, number or reason.
        for slot in slots:
            for tid, credit in slot.alternatives:
                if (
                    credit == 1.0
                    and tid in self.entities
                    and not self._contains(entry, tid)
                    and not self._has_the_alternative(entry, slot.word, either)
                ):
                    return Verdict(False, "missing_entity")
        if wants == "time" and not self.has_time[entry]:
            return Verdict(False, "no_date")
        if wants == "number" and not self.has_number[entry]:
            return Verdict(False, "no_number")
        if wants == "reason" and not self.has_reason[entry]:
            return Verdict(False, "no_reason")
        if superlative and not self.has_superlative[entry]:
            return Verdict(False, "no_superlative")
        # Words, not tokens: the bigrams of one Korean or Japanese word count as one word.
        by_group: dict[int, list[Slot]] = {}
        for slot in slots:
            by_group.setdefault(slot.group, []).append(slot)
        matched = {g for g, group in by_group.items() if any(self._has(entry, s) for s in group)}
        weight = sum(0.5 if self._is_common(by_group[g]) else 1.0 for g in matched)
        # One word is enough only for a question that asks for a date or a number about it
        # ("韓国併合は何年"), or for a bare name that the fact is entirely about ("gsomia?").
        if weight < MIN_WORDS and not (
            matched and (wants is not None or (bare and self._is_about_exactly(entry, slots)))
        ):
            return Verdict(False, "one_word")
        return Verdict(True)

    def _has_the_alternative(
        self, entry: int, word: str, either: Sequence[tuple[str, str]]
    ) -> bool:
        """Whether the fact names the other name of a pair that `word` is one of."""
        for first, second in either:
            other = second if word == first else first if word == second else None
            tid = self.index.vocab.get(other) if other is not None else None
            if tid is not None and self._contains(entry, tid):
                return True
        return False

    def _is_common(self, group: Sequence[Slot]) -> bool:
        return all(
            tid in self.common for slot in group for tid, credit in slot.alternatives if credit == 1
        ) and any(credit == 1 for slot in group for _, credit in slot.alternatives)

    def _is_about_exactly(self, entry: int, slots: Sequence[Slot]) -> bool:
        # One name alone ("gsomia?") may be answered by a fact about that name: one with a
        # phrasing that is exactly the name ("what is GSOMIA"), or whose phrasings name it in
        # most of them (the fact is about it, not about something it mentions on the way).
        # The name with a head noun ("the comfort women issue", 위안부 문제) asks about the
        # topic as a whole: only a fact with a phrasing that is exactly the name answers it,
        # since many facts name the comfort women in most of their phrasings.
        # A name with a document's head noun ("the comfort women agreement") names that
        # document: answered, like the headed name, only by a fact with a phrasing that is
        # exactly the pair ("위안부 합의란?"), since the name and the head noun are each in
        # many facts that only mention the document.
        words = sorted({s.word for s in slots})
        headed = len(words) > 1 and any(w in _TOPIC_HEADS for w in words)
        if headed:
            words = [w for w in words if w not in _TOPIC_HEADS]
        start = int(self.index.phrase_starts[entry])
        end = int(self.index.phrase_starts[entry + 1])
        if self._names_a_document(words):
            return any(sorted(key.split()) == words for key in self.index.phrase_keys[start:end])
        if len(words) != 1 or words[0] not in self.names:
            return False
        keys = [key.split() for key in self.index.phrase_keys[start:end]]
        if any(key == words for key in keys):
            return True
        if headed:
            return False
        naming = sum(1 for key in keys if words[0] in key)
        return bool(keys) and naming >= ABOUT_SHARE * len(keys)

    def _names_a_document(self, words: Sequence[str]) -> bool:
        """True if the words are a name and a document's head noun ("comfort women agreement")."""
        if len(words) != 2:
            return False
        heads = [w for w in words if w in _DOCUMENT_HEADS]
        return len(heads) == 1 and next(w for w in words if w not in heads) in self.names

    def _has(self, entry: int, slot: Slot) -> bool:
        return any(credit >= 0.8 and self._contains(entry, t) for t, credit in slot.alternatives)

    def _contains(self, entry: int, tid: int) -> bool:
        start = int(self.index.posting_offsets[tid])
        end = int(self.index.posting_offsets[tid + 1])
        postings = self.index.posting_entries[start:end]
        at = int(np.searchsorted(postings, entry))
        return at < postings.size and int(postings[at]) == entry
