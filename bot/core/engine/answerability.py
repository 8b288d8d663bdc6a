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
from .search import Index, Slot
from .text import (
    KOREAN_FRAGMENTS,
    AliasTable,
    clean_lines,
    name_token,
    simplify,
    stem,
    tokenize,
    tokenize_words,
)

Wants = Literal["time", "number", "reason"] | None

# Words of chat replies and reactions: thanks, doubt, agreement, asking for a source, jokes. A
# message made only of these (and stopwords) is small talk, whatever facts happen to share them.
CHAT_WORDS = frozenset(
    """
    hi hello hey yo sup hiya howdy greetings thanks thank thx ty tysm tyvm cheers bye goodbye cya
    gm gn morning night evening afternoon good great nice cool awesome amazing wow whoa damn dang
    lol lmao lmfao rofl haha hahaha hehe xd ok okay k kk yes no yeah yep yup nope nah ye bot
    citebot source sources src sauce proof link links citation cite cited ref refs reference
    true truth real really fr frfr sure certain right correct wrong incorrect false fake lie
    lies lying cap nocap based cringe interesting interested wait what huh hmm hm uh um eh oh ah
    help helpful helps useful thanks agree disagree agreed doubt doubtful asked ask question
    questions answer answers more detail details elaborate clarify explain again repeat said
    say saying talk talking talked topic anyway back anyways whatever same idk dunno know knew
    funny joke kidding seriously srsly legit literally totally absolutely exactly indeed welcome
    love like hate care bad worst best better biased bias propaganda sus trash garbage bro bruh
    dude man mate sir please pls plz stop shut up lmk ikr smh tbh imo imho ngl omg wtf gg
    w l ratio fine well glad learn learned learnt today good_bot bad_bot check checked makes sense
    point points fair enough noted
    안녕 안녕하세요 고마워 고마워요 고맙습니다 감사 감사합니다 감사해요 ㄱㅅ 땡큐 ㅋㅋ ㅎㅎ ㅇㅋ
    오케이 출처 출처는 근거 링크 진짜 정말 레알 사실 맞아 맞음 맞네 아닌데 아니 틀렸 틀림 헐 대박
    그렇구나 그래 그렇군 재밌 재미있 설명 더 뭐래 ㄴㄴ ㅇㅇ 좋아 좋네 봇 알겠 알았 오 와 또
    こんにちは ありがとう ありがとうございます おはよう こんばんは 本当 ほんと マジ ソース 出典 根拠
    なるほど へぇ 草 わかった 了解 すごい 違う 嘘 うそ 説明 もっと 詳しく ボット また 話
    """.split()
)
# A question asking when wants a year or a date; one asking how many or how much, a number.
_WHEN = re.compile(
    r"^(?:(?:so|and|but|ok|okay|wait|hey|yo|also|then|lol|lmao|ngl|tbh|bro|um|uh)\s+)*"
    r"(?:when|wen|whens)\b"
    r"|\b(?:since when|(?:what|which|wat|wut|wht) (?:year|yr)|what date|which date|in what year"
    r"|what decade|which decade|how long ago|what century"
    r"|how many (?:years|yrs|decades|months)|how long)\b"
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


# Korean question words ("독도 뭐야" = "what is Dokdo"): too short for the index, but they only
# ask, they add nothing the tokens miss.
_KOREAN_QUESTION_WORDS = frozenset(
    "뭐 뭐야 뭐임 뭔데 뭐지 뭐예요 뭐에요 뭐니 뭐냐 무엇 무엇인가요 무엇인가 무슨 "
    "언제 어디 누구 누가 왜 어떻게 얼마나 얼마 몇 뭐였어 뭐였지 뭐였음 머임 머야".split()
)
# Chat that the tokenizer drops (one syllable, laughter): looked for in the text. The Japanese
# chat words written in hiragana (また, ほんと, なるほど) are among them: the tokenizer drops
# hiragana as particles, so they are looked for in the text too.
_CHAT_MARKS = (
    "또", "www", "笑",
    *sorted(w for w in CHAT_WORDS if all("\u3040" <= ch <= "\u309f" for ch in w)),
)  # fmt: skip
# Korean letters typed alone, not as syllables: laughter and smiles (ㅋ, ㅋㅋㅋ, ㅎㅎ), tears
# (ㅠㅠ, ㅜㅜ), and the initials that abbreviate a reply (ㅇㅋ okay, ㄱㅅ thanks, ㄹㅇ for
# real, ㅇㅈ agreed, ㄷㄷ wow, ㄴㄴ no). A word is never written so: any run of them is a chat
# mark.
_JAMO = re.compile(r"[\u3131-\u318e]+")
# A name written wholly in hiragana (たけしま, いあんふ, かんこく): read without aliases it has no
# token at all, since hiragana runs are particles and inflections.
_HIRAGANA = re.compile(r"[\u3041-\u309f\u30fc]+")
# Japanese laughter typed as w: one w or more right after Japanese text ("領土だろw",
# "草生えるｗｗ"), or two or more on their own ("ww"); "www" is among the marks above. Never
# inside a Latin word or a world war ("ww2", "ww ii").
_JA_LAUGH = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff])[wｗ]+(?![A-Za-z0-9ｗ])"
    r"|(?<![A-Za-z0-9])[wｗ]{2,}(?![A-Za-z0-9])(?!\s*(?:1|2|i|ii|one|two)\b)"  # not "ww 2"
)
# Question words, and the words of a request for an explanation ("gsomia meaning pls",
# "define hallyu", "kono statement summary"): a name with one of these asks about it.
_ASKS = re.compile(
    r"\b(?:what|whats|wat|when|wen|where|who|whos|why|how|which|whose|is|are|was|were|does|do|did"
    r"|can|could|will|would|should|tell|explain|mean|means|meaning|define|definition"
    r"|summary|summarize|summarise|tldr|tl dr|eli5)\b"
)
_KO_JA_ASKS = (
    "뭐", "무엇", "무슨", "언제", "왜", "어디", "어느", "누구", "누가", "몇", "얼마", "어떻게",
    "어떤", "어때", "어땠", "알려", "설명",
    # the contracted forms: 뭘 (뭐를), 뭔 (뭐은, 무슨), 어딜 (어디를), 누굴 (누구를), and the
    # question words before -ㄴ데 and -ㄴ지 (not 언젠가, 누군가: "someday", "someone")
    "뭘", "뭔", "어딜", "누굴", "언젠데", "언젠지", "누군데", "누군지", "어딘데", "어딘지",
    "얼만데", "얼만지",
    "해줘", "해 줘", "뜻", "요약",
    "何", "なに", "いつ", "なぜ", "なんで", "どこ", "誰", "だれ", "どう", "どれ", "どっち",
    "どちら", "どの", "どんな", "いくら", "教えて", "意味", "要約",
    # a request for an explanation, as 설명 and 알려 are: "河野談話について説明して" was read
    # as a chat word beside a name, and declined as small talk (説明 alone is the noun too:
    # "竹島の説明、わかりやすかった" says something of the bot's reply)
    "説明して", "解説して", "説明を", "解説を", "ください", "下さい",
    # and the blunt imperative, which is no call to a third party when it asks to explain
    # ("竹島問題を説明しろ"; しろ states in "日本は謝罪しろ", `_JA_STATES`)
    "説明しろ", "解説しろ",
)  # fmt: skip


# A sentence ending in 지 states when nothing in it asks ("그때 진짜 미쳤었지", "사과는 진심이
# 있어야 사과지", "정치가 문제지"): a question so ended holds a question word ("몇년도였지",
# "뭐였지"), which is read before. Not a remark: 맞지 and 않지 are tags that ask to be told
# ("..., right?"), 겠지 guesses ("I suppose", as "i think" asks to be checked), and after a
# syllable ending in ㄴ or ㄹ the 지 makes an embedded question ("배상 받았는지", "사과할지":
# "whether ...").
_KO_ASKING_JI = ("맞지", "않지", "겠지")
# No ending at all: the particle 까지 ("1910년부터 1945년까지", until) and the nouns that end in
# 지, the knowledge's own among them ("일본 대중문화 수입 금지", the ban; 식민지, 편지, 개최지):
# a topic typed bare, as "kono statement year" is, not a sentence that states.
_KO_NOT_AN_ENDING = (
    "까지", "금지", "식민지", "편지", "개최지", "수지", "기지", "주둔지", "이미지", "페이지",
    "메이지", "유지", "지지", "폐지", "방지", "의지",
)  # fmt: skip
_KO_FINAL_N, _KO_FINAL_L = 4, 8  # the final consonants ㄴ and ㄹ, as a syllable's code holds them
# A past copula's 지 after a number recalls a datum to have it checked ("독도에 경비대 온 게
# 1954년이었지", "한일기본조약 1965년도였지", "품목이 3개였지": "it was ..., wasn't it?"), as 맞지
# does; the 지 that reminisces follows a judgement ("최악이었지", "진짜 미쳤었지"), not a
# figure. (The number is the word's own: "2002 월드컵 때 진짜 미쳤었지" still states.)
_KO_RECALLED_FIGURE = re.compile(
    r"[0-9\uff10-\uff19]\s*(?:년도|년|월|일|명|개|차|번째|번|위|%|％|퍼센트|만|억)?(?:이었|였)지$"
)


def _ko_states_with_de(core: str) -> bool:
    """True if a Korean sentence ends in the ending -ㄴ데 (see `_KO_STATES`): 데 after a
    syllable whose final consonant is ㄴ."""
    if len(core) < 2 or not core.endswith(_KO_DE):
        return False
    before = ord(core[-2]) - 0xAC00
    return 0 <= before < 11172 and before % 28 == _KO_FINAL_N


def _ko_states_with_ji(core: str) -> bool:
    """True if a Korean sentence ends in a 지 that states (see `_KO_ASKING_JI`)."""
    if len(core) < 2 or not core.endswith("지") or core.endswith(_KO_ASKING_JI):
        return False
    if core.endswith(_KO_NOT_AN_ENDING) or _KO_RECALLED_FIGURE.search(core):
        return False
    before = ord(core[-2]) - 0xAC00
    return 0 <= before < 11172 and before % 28 not in (_KO_FINAL_N, _KO_FINAL_L)


# Korean and Japanese words that end the way a question does, without a question mark or a
# question word ("1910년 맞지", "끝난건가요", "竹島って韓国のなの"), or a request ("정리해주세요");
# a 지 that states is not among them (`_ko_states_with_ji`).
# The casual 어/아 endings are among them: "일본 또 사과했어" is as often asked as said.
_QUESTION_ENDINGS = (
    "냐", "니", "나", "까", "죠", "지", "래", "임", "음", "어", "아",
    "가요", "나요", "까요", "지요", "세요", "줘", "か", "の", "っけ", "かな",
    # the recall question -던가 ("2015년이었던가", "was it ...?"), as っけ asks in Japanese
    "던가",
)  # fmt: skip
_KO_JA_RUN = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff]+")
# A Latin letter or digit that goes on from a Korean or Japanese word ("2002年のW杯"), but
# not Japanese laughter typed straight onto the ending ("韓国のなのw", "かなｗｗ"): w's that end.
_LATIN_OR_DIGIT = re.compile(
    r"(?![wｗ]+(?:\W|$))[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
)


def _ends_as_question(question: str) -> bool:
    """True if a Korean or Japanese word of the message ends like a question or a request
    (`_word_asks`)."""
    return any(_word_asks(question, match) for match in _KO_JA_RUN.finditer(question))


# The nominal endings 음 and 임 ask only where they end a sentence ("독도 경비대 있음", "독도
# 주인 누구임"); inside one they end nouns: 처음, 다음, 마음, 책임, 게임. "독도 경비대 처음
# 알았다" (I had not known) and "한일전 게임 봤는데 재밌었다" were read as questions and
# answered with a fact. So does the hearsay 래 ("독도 한국땅이래"), which inside a sentence
# ends nouns and adverbs: 원래 (originally), 미래, 거래, 유래 ("일본 대중문화는 원래
# 금지였다" was answered). A sentence ends at its punctuation or a line break; Korean letters
# typed alone (ㅋㅋ, ㅠㅠ) and emoji after the word add no word to it.
_KO_SENTENCE_FINAL = ("음", "임", "래")
# Words that open a sentence as interjections ("아니 그건 일본 입장이고", "그니까 정치가
# 문제야": "no, ...", "I mean ..."): 아니 asks only where it ends one ("독도 한국땅 아니").
_KO_INTERJECTIONS = frozenset({"아니", "그니까", "그러니까"})
# -구나 exclaims at what one has just learnt ("2015년에 했구나", "so they did"): it never asks,
# and is among the endings that state (`_KO_STATES`), though it ends in 나.
_KO_NEVER_ASKS = ("구나",)
# Nouns and an adverb that end in the syllables of the casual endings 니, 나, 아, 어 and 까, as
# the nouns of `_KO_NOT_AN_ENDING` end in 지: the survivors (할머니), languages (한국어, 일본어),
# places (아시아, 코리아), GSOMIA (지소미아), 아까 ("a while ago"). "위안부 할머니 생각하면 일본
# 사과 받아야 한다" was read as a question for its 할머니, and answered.
_KO_NOUNS_IN_ENDINGS = (
    "할머니", "어머니", "언니", "누나", "아시아", "러시아", "코리아", "지소미아", "마니아",
    "한국어", "일본어", "영어", "중국어", "외국어", "단어", "용어", "언어", "아까",
)  # fmt: skip
_SENTENCE_BREAK = re.compile(r"[.!?。！？,、\n]")
_WORD_AFTER = re.compile(r"[^\W\u3131-\u318e]")


def _ends_a_sentence(text: str, end: int) -> bool:
    """True if no word follows position `end` of `text` before its sentence ends."""
    stop = _SENTENCE_BREAK.search(text, end)
    return not _WORD_AFTER.search(text, end, stop.start() if stop else len(text))


def _word_asks(question: str, match: re.Match[str]) -> bool:
    """True if the Korean or Japanese word `match` of the message ends like a question.

    A word that runs straight into Latin letters or digits ends no clause: "2002年のW杯" is
    "the 2002 World Cup", its の a possessive, not the の of "韓国のなの" (or "韓国のなのw").
    A Korean word of one syllable has no stem for an ending to follow: it is an interjection
    or a pronoun ("아 독도 경비대 있었구나", "어 ...", "나 오사카 간다", "니 생각이고")."""
    word, end = match.group(), match.end()
    if not word.endswith(_QUESTION_ENDINGS) or word.endswith(_KO_NEVER_ASKS):
        return False
    if _LATIN_OR_DIGIT.match(question, end) or _ko_states_with_ji(question[:end]):
        return False  # (the figure before a 지 is read too: `_KO_RECALLED_FIGURE`)
    if len(word) == 1 and "\uac00" <= word <= "\ud7a3":
        return False
    if word.endswith(_KO_NOUNS_IN_ENDINGS):
        return False
    if word.endswith(_KO_SENTENCE_FINAL) or word in _KO_INTERJECTIONS:
        return _ends_a_sentence(question, end)
    return True


def _asks(question: str) -> bool:
    """True if the message has the form of a question: a question mark, a question word, or a
    Korean or Japanese interrogative."""
    if "?" in question or "？" in question:
        return True
    text = simplify(question)
    return bool(_ASKS.search(text)) or any(k in question for k in _KO_JA_ASKS)


# A remark: a message that states something and has no form of a question at all ("takeshima
# belongs to japan, end of story", "竹島は日本の領土、以上。", "2002 월드컵 때 분위기 좋았는데").
# Members also type questions without a question mark, so a message is a remark only when
# nothing in it asks: no question mark, no question word or request (nor "y", "if", "or", "i
# think"), no auxiliary verb opening a clause or before a pronoun ("but is it still
# disputed", "moon's policy was it anti japan"), no tag at its end ("..., right", "wasnt
# it"), no wish to know ("curious about", 알고 싶다, 知りたい), no Korean or Japanese question
# word or question ending; and only when it does state: an English clause with a verb of
# being, owning or feeling after its first word, or a Korean or Japanese sentence ending that
# states (다, 네, 는데, 지만; だ, です, ぜ, よ, ね, な, 以上). A topic typed bare ("comfort women",
# "kono statement year", "1910 annexation wtf happened") is no remark.
_REMARK_ASKS = re.compile(
    r"\b(?:what|whats|wat|wut|when|wen|where|who|whos|why|y|how|which|wich|whose|whom|tell"
    r"|explain|mean|means|meaning|define|definition|summary|summarize|summarise|tldr|tl dr"
    r"|eli5|pls|please|plz|name|list|give|compare|if|whether|or|curious|wonder|wondering"
    r"|know|knows|learn|info|anyone|anybody|someone|help"
    # a claim the member is unsure of asks to be checked ("... i think", "pretty sure ...")
    r"|think|guess|believe|assume|suppose|sure)\b"
)
# A word of `_REMARK_ASKS` that names a thing after a determiner is that thing, not a request:
# "that summary was kinda one-sided", "your info is outdated", "the definition you gave is
# wrong" say something of the bot's reply (a request reads "summary of the 2015 deal pls").
# After "the" only when it is said to be the bot's ("the definition you gave"): "the name of
# the island korea and japan are fighting over" and "the list of kpop groups that are popular
# in japan" ask for that name and that list.
_REMARK_NAMED = re.compile(
    r"\b(?:(?:that|this|these|those|your|ur|his|her|their|its|my)\s+"
    r"(?:summary|definition|meaning|info|list|name)"
    r"|the\s+(?:summary|definition|meaning|info|list|name)(?=\s+(?:you|u|ya)\b))\b"
)
_REMARK_AUX = re.compile(
    r"(?:^|[,.;:!\n]\s*|\b(?:but|and|so|also|wait|ok|okay|lol|ngl|tbh|bro|hey|yo|q|then)\s+)"
    r"(?:is|are|was|were|does|do|did|can|could|will|would|should|has|have|had|isnt|isn't"
    r"|arent|aren't|wasnt|wasn't|didnt|didn't|doesnt|doesn't|dont|don't|cant|can't|hasnt"
    r"|hasn't|havent|haven't|wont|won't|wouldnt|wouldn't|shouldnt|shouldn't)\b"
    # or inverted before a pronoun anywhere: "moon's japan policy was it anti japan"
    r"|\b(?:is|are|was|were|does|do|did|can|could|will|would|should|has|have|had)"
    r"\s+(?:it|they|he|she|there|that|this|we|you|i)\b"
)
_LEADING_NON_WORD = re.compile(r"^[\W_]+")
_REMARK_TAG = re.compile(
    r"\b(?:right|correct|true|yeah|yes|no|eh|innit|is it|or what"
    r"|(?:is|was|were|are|do|does|did|has|have|had|can|could|would|will|should)n'?t"
    r" (?:it|they|he|she|we|you|there|i))\W*$"
)
# What the member says when asking where the bot's own reply came from: "you" with a verb of
# finding or saying ("you got that from", "u read"), or "your" with a word for a source. With
# nothing but chat words and the words below beside it, the message asks about that reply.
_BACK_REFERENCE = re.compile(
    r"\b(?:you|u|ya)\s+(?:got|get|found|find|used|use|took|take|read|said|say|quoted|quote"
    r"|cited|cite|mentioned|mention|pulled|sourced)\b"
    r"|\byour\s+(?:source|sources|link|links|article|articles|info|information|answer|reply"
    r"|quote|quotes)\b"
)
# A question about the bot itself: "are you biased towards japan?", "r u a bot", "is this bot
# korean". What the documents say cannot answer it; the bot's reply says what it does. Asked
# with a request for something the documents hold ("are you able to explain the 1965 treaty"),
# or as doubt about a claim ("are you sure it was 1910"), it is left to the matcher.
_ABOUT_THE_BOT = re.compile(
    r"^(?:(?:so|and|but|ok|okay|wait|hey|yo|lol|lmao|bro|um|uh|hmm|bot|citebot)\s+)*"
    r"(?:(?:are|r|were)\s+(?:you|u|ya)|(?:is|was)\s+(?:this|the|ur|your)\s+bot)\b"
    # "are you sure japan annexed korea in 1910": a claim to check, for the matcher
    r"(?!\s+(?:sure|certain|positive|serious)\b)"
)
_ASKS_FOR_CONTENT = re.compile(
    r"\b(?:tell|explain|show|give|list|summari[sz]e|describe|find|look|know|define|translate"
    r"|answer|help)\b"
)
# Words for where a text comes from, and the verbs of `_BACK_REFERENCE` that the matcher reads.
_WHERE_FROM = (
    "article articles page pages website websites site sites paper papers book books document"
    " documents doc docs url urls wiki wikipedia newspaper newspapers news"
    " got get found find used use took take read said say quoted quote cited cite mentioned"
    " mention pulled sourced"
).split()
# The same as the matcher reads them (stemmed, no aliases: "article" is a term of the aliases).
_WHERE_FROM_TOKENS = frozenset(t for w in _WHERE_FROM for t in tokenize(w))
# "right", "correct" or "true" after a verb of being is what is said, not a tag asking it:
# "both can be true", "the rusk letter is correct".
_TAG_AS_PREDICATE = frozenset({"right", "correct", "true"})
_BEING = frozenset({"be", "is", "are", "was", "were", "been", "its", "thats", "s"})
_REMARK_STATES = re.compile(
    r"\b(?:is|are|was|were|am|im|be|belongs?|owns?|loves?|hates?|can|will|should|must)\b"
)
# (The Japanese wishes by their stems, so that the past and the て form wish too: 知りたかった,
# 聞きたくて, 気になってた. With た a statement ending, "河野談話について知りたかった" read as a
# remark.)
# The polite negative of わかる says as much as わからない does ("竹島問題がよくわかりません":
# "I don't really understand the Takeshima issue"); with ません a statement ending, it read as
# a remark. (Not its stem わかり: "わかりました" is "understood".)
_KO_JA_WISH = (
    "싶", "궁금", "알아", "知りた", "聞きた", "気にな", "分から", "わから", "確認", "確かめ",
    "わかりません", "分かりません",
)  # fmt: skip
# An adjective's い states ("懐かしい", "すごい", "読めない"), but not a request or a wish that
# ends in い ("説明してください", "リンクちょうだい", "三行でお願い", "まとめてほしい"), nor the
# tag of "韓国領じゃない" (isn't it); nor, of the polite ます, the request "お願いします".
_JA_STATES = (
    "以上",
    "だ",
    "です",
    "である",
    "ぜ",
    "ぞ",
    "よ",
    "ね",
    "な",
    "い",
    "わ",
    # The past tense states as だ and です do ("日韓W杯は2002年だった", "2015年でした", "感動
    # した"): asked, it takes a question mark, か, の or っけ ("だったっけ", "でしたか"), and
    # a question word asks before it. Without it, remarks in the past were answered as questions.
    "た",
    # The polite ます and ません state as です does ("韓国が実効支配しています"): the polite
    # question is ますか. Not the polite request "説明をお願いします" (`_JA_ASKING`).
    "ます",
    "ません",
    # A call or an opinion on what should be done never asks: the volitional and the imperative
    # of する ("日韓仲良くしよう", "謝罪しろ") and べき ("日本は謝罪すべき"), as 하자 and 하라 in
    # Korean. (Other verbs' imperatives end in け, せ, れ, which end pronouns and nouns too.)
    "しよう",
    "ましょう",
    "しろ",
    "べき",
    # an opinion given as one; not "なんて思う" (what ... think), whose なんて asks
    "と思う",
    "と思います",
)
_JA_ASKING = (
    "ください", "下さい", "ちょうだい", "願い", "ほしい", "欲しい", "じゃない",
    "願いします", "願いいたします", "願い致します",
    # the polite "may I ask for" ("河野談話の解説お願いできます")
    "願いできます", "願い出来ます",
)  # fmt: skip
# (-ㄴ데, the ending that gives a background or a mild objection, is 는데 after a verb and 인데,
# 은데, 던데, 한데 after the copula, an adjective or a recollection: "독도는 한국땅인데",
# "1998년이던데". -거든 gives a reason: "그때는 금지였거든". Neither asks without a question
# word, and a remark so ended was answered with the fact it named.)
# The imperative and the propositive never ask ("일본은 사과하라", "사과해라", "철회하라",
# "파기하자": slogans and calls, answered with the fact they named); as 자 and 라 end nouns
# (피해자, 생존자, 나라), only their forms on 하다 and 주다 are listed, which make most of them.)
_KO_STATES = ("다", "네", "지만", "구나", "군", "거든", "거든요", "하자", "해라", "하라", "줘라")
_KO_DE = "데"
# A call to talk about something, said to the bot, asks for it ("독도에 대해 얘기 좀 하자",
# "지소미아 얘기해라": "let's talk about ...", "tell me about ..."); "얘기 그만하자" still ends it.
_KO_TALK_CALL = re.compile(r"(?:얘기|이야기)\s*(?:좀\s*)?(?:하자|해라|하라)$")
# (Whitespace of every kind ends a message too, by `str.isspace`: the ideographic space a
# Japanese IME leaves, a carriage return.)
_REMARK_TAIL = frozenset("。、.,;!！~〜wｗ…\ufe0f")
# The emoticons typed in ASCII after a remark, in Korean and Japanese chat as in English: ^^,
# ^_^, :), :D, ;), xD, T_T (;; is the semicolons above). Bounded: one is matched on the last
# characters only. "竹島は日本の領土だ^^" read as ending in ^ had no ending that states, and
# was answered with the ownership fact.
# (Not after a Latin letter or a digit: "(1998)" is an aside, "boxD" a word.)
_EMOTICON = re.compile(
    r"(?<![A-Za-z0-9])(?:\^+[_\-.oO]?\^+|[:;=][-']?[)(DPpOo3|/\]\[]|[xX]D|[Tㅠㅜ][_.][Tㅠㅜ])"
)
_EMOTICON_LENGTH = 4
# A bracketed aside at the end of a chat line: its closing bracket, the opening one, and the most
# characters it holds.
_ASIDE_OPEN = {")": "(", "）": "（"}
_ASIDE_LENGTH = 6


def _without_tail(message: str) -> str:
    """The message without the punctuation, laughter, emoji and emoticons that end it, and
    without a short aside in brackets after them, such as Japanese chat's (笑) and （キリッ）:
    one pass from the end (a regex anchored at the end retries from every position of a long
    run: 0.2 s for a 4,000-character message)."""
    end = len(message)
    while True:
        while end and (
            message[end - 1] in _REMARK_TAIL
            or message[end - 1].isspace()
            or "\U0001f000" <= message[end - 1] <= "\U0001faff"
            or "\u2600" <= message[end - 1] <= "\u27bf"
        ):
            end -= 1
        emoticon = next(
            (
                size
                for size in range(min(end, _EMOTICON_LENGTH), 1, -1)
                if _EMOTICON.fullmatch(message, end - size, end)
            ),
            0,
        )
        if emoticon:
            end -= emoticon
            continue
        aside = _ASIDE_OPEN.get(message[end - 1]) if end else None
        start = message.rfind(aside, max(0, end - _ASIDE_LENGTH - 2), end - 1) if aside else -1
        if start <= 0:
            return message[:end]
        end = start


def _ends_with_tag(text: str) -> bool:
    """True if the simplified message ends with a tag that asks ("..., right", "wasnt it")."""
    match = _REMARK_TAG.search(text)
    if match is None:
        return False
    before = text[: match.start()].split()
    said = match.group().split()[0] in _TAG_AS_PREDICATE and bool(before) and before[-1] in _BEING
    return not said


def is_remark(message: str) -> bool:
    """True if the message states something and nothing in it asks (see above)."""
    if "?" in message or "？" in message:
        return False
    # Normalised as the matcher reads it, and from its first word: "**can japanese music be
    # sold in korea**", " can ...", "🤔 can ...", "ｃan ..." and a message that opened with a
    # mention all open with "can" (asked with any of these before it, 33 of the knowledge's
    # 803 phrasings that open with an auxiliary and have no question mark read as remarks).
    lowered = _LEADING_NON_WORD.sub("", clean_lines(message))
    text = simplify(message)
    asking = _REMARK_ASKS.search(_REMARK_NAMED.sub(" ", text))
    if asking or _REMARK_AUX.search(lowered) or _ends_with_tag(text):
        return False
    if any(k in message for k in _KO_JA_ASKS) or any(k in message for k in _KO_JA_WISH):
        return False
    if _ends_as_question(message):
        return False
    core = _without_tail(message)
    if _KO_JA_RUN.search(core[-1:] if core else ""):
        hangul = "\uac00" <= core[-1] <= "\ud7a3"
        if hangul:
            if _KO_TALK_CALL.search(core):
                return False
            return core.endswith(_KO_STATES) or _ko_states_with_de(core) or _ko_states_with_ji(core)
        return core.endswith(_JA_STATES) and not core.endswith(_JA_ASKING)
    words = text.split()
    return len(words) >= 3 and bool(_REMARK_STATES.search(" ".join(words[1:])))


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
            and (kana := tuple(n for n in g.names if _HIRAGANA.fullmatch(simplify(n))))
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
        if _BACK_REFERENCE.search(simple) and all(
            t in _WHERE_FROM_TOKENS for g in other for t in g
        ):
            # Asked where the bot's own reply comes from ("can you link the article you got
            # that from", "which page did you read that on"): the sources beside the answer.
            return True
        if _ABOUT_THE_BOT.search(simple) and not _ASKS_FOR_CONTENT.search(simple):
            # A question about the bot itself ("are you biased towards japan?").
            return True
        # A reaction that names the topic in passing ("lol dokdo again", "독도 또 ㅋㅋ"): chat
        # words around one name, and nothing that asks. A bare name alone ("dokdo?", "gsomia")
        # is still a question: it has no chat word beside it.
        said = tokenize_words(question, keep_stopwords=True)
        chat += sum(1 for g in said if all(t in self.chat_said for t in g))
        marks = sum(1 for mark in _CHAT_MARKS if mark in question)
        marks += 1 if _JA_LAUGH.search(question) else 0
        marks += 1 if _JAMO.search(question) else 0
        if marks and not _asks(question) and not _ends_as_question(question):
            # Laughter or a chat word beside a remark, and nothing that asks ("한일전 또
            # 시작이네 ㅋㅋㅋ", "また竹島の話かよwww"): a reaction, whatever it names.
            return True
        chat += marks
        if (
            chat > 0
            and self._is_name(question)
            and not _asks(question)
            and not _ends_as_question(question)
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
                    and run not in _KOREAN_QUESTION_WORDS
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
        words = sorted({s.word for s in slots})
        headed = len(words) > 1 and any(w in _TOPIC_HEADS for w in words)
        if headed:
            words = [w for w in words if w not in _TOPIC_HEADS]
        if len(words) != 1 or words[0] not in self.names:
            return False
        start = int(self.index.phrase_starts[entry])
        end = int(self.index.phrase_starts[entry + 1])
        keys = [key.split() for key in self.index.phrase_keys[start:end]]
        if any(key == words for key in keys):
            return True
        if headed:
            return False
        naming = sum(1 for key in keys if words[0] in key)
        return bool(keys) and naming >= ABOUT_SHARE * len(keys)

    def _has(self, entry: int, slot: Slot) -> bool:
        return any(credit >= 0.8 and self._contains(entry, t) for t, credit in slot.alternatives)

    def _contains(self, entry: int, tid: int) -> bool:
        start = int(self.index.posting_offsets[tid])
        end = int(self.index.posting_offsets[tid + 1])
        postings = self.index.posting_entries[start:end]
        at = int(np.searchsorted(postings, entry))
        return at < postings.size and int(postings[at]) == entry
