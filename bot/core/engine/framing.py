"""How a question is framed besides its topic: asking for a verdict, about how things stand now,
or for where a claim comes from.

The sources report and do not judge, so a verdict is never answered (`question_unanswerable`);
they are dated, so a question about now is not answered by a dated fact (`asks_about_now`); and
a reference fact ("Footnote [18] is a Kyodo article, cited for ...") answers only a question
that asks where a claim comes from (`asks_for_a_source`). Read from the question alone, in
English, Korean and Japanese.
"""

from __future__ import annotations

import re

from .simplify import simplify

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
