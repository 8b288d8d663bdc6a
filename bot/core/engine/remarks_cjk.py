"""The Korean and Japanese forms that ask or state, read without a question mark.

Korean and Japanese questions are often typed without one: they ask with a question word
(뭐, 언제, 何, いつ), a request (알려줘, 教えて) or an ending (-냐, -까, -나요, か, の, っけ), and a
remark states with an ending (-다, -네, -는데, だ, です, よ, ね). Which ending is which is read
here, with the nouns, particles and indefinites that look like endings or question words but
are neither; remarks.py combines these with the English forms, and asker.py and asker_cjk.py
read `ends_as_question` to tell the clause that asks from what a member says around it.
"""

from __future__ import annotations

import re

# The Korean and Japanese question words and requests (as `_ASKS` in remarks.py reads the
# English ones): a name with one of these asks about it.
_KO_JA_ASKS = (
    "뭐", "무엇", "무슨", "언제", "왜", "어디", "어느", "누구", "누가", "몇", "얼마", "어떻게",
    "어떤", "어때", "어땠", "알려", "설명",
    # the contracted forms: 뭘 (뭐를), 뭔 (뭐은, 무슨), 어딜 (어디를), 누굴 (누구를), and the
    # question words before -ㄴ데 and -ㄴ지 (not 언젠가, 누군가: "someday", "someone")
    "뭘", "뭔", "어딜", "누굴", "언젠데", "언젠지", "누군데", "누군지", "어딘데", "어딘지",
    "얼만데", "얼만지",
    "해줘", "해 줘", "뜻", "요약",
    "何", "なに", "いつ", "なぜ", "どこ", "誰", "だれ", "どう", "どれ", "どっち",
    "どちら", "どの", "どんな", "いくら", "教えて", "意味", "要約",
    # a request for an explanation, as 설명 and 알려 are: "河野談話について説明して" was read
    # as a chat word beside a name, and declined as small talk (説明 alone is the noun too:
    # "竹島の説明、わかりやすかった" says something of the bot's reply)
    "説明して", "解説して", "説明を", "解説を", "ください", "下さい",
    # and the blunt imperative, which is no call to a third party when it asks to explain
    # ("竹島問題を説明しろ"; しろ states in "日本は謝罪しろ", `JA_STATES`)
    "説明しろ", "解説しろ",
)  # fmt: skip
# なんで ("why") is also how the explaining copula なんです begins ("宿題で必要なんです",
# "竹島は日本の領土なんです"): read inside it, a claim was taken for a question and answered
# with a fact. なんですか still asks ("そうなんですか").
_JA_NANDE = re.compile(r"なんで(?!す)|なんですか")


# A question word with も or でも (Japanese), or with 나, 든 or 든지 (Korean), is an indefinite
# that asks nothing: "everywhere", "always", "nothing", "anyone" (どこも, いつも, 何も, 誰でも;
# 언제나, 어디든, 누구나, 뭐든지), and 왜냐하면 is "because". Read as question words, they made
# remarks such as "隣の国はどこも仲が悪い" questions, answered with the fact they named.
_KO_JA_INDEFINITE = re.compile(
    r"(?:何|なに|いつ|どこ|誰|だれ|どれ|どっち|どちら|どう)(?:でも|も)"
    r"|(?:언제|어디|누구|뭐|무엇이|어느\s?것이)(?:나|든지|든)|왜냐"
)


def has_ko_ja_question_word(message: str) -> bool:
    """True if the message holds a Korean or Japanese question word or request (an indefinite
    built on one, `_KO_JA_INDEFINITE`, is none)."""
    message = _KO_JA_INDEFINITE.sub(" ", message)
    return any(k in message for k in _KO_JA_ASKS) or bool(_JA_NANDE.search(message))


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


def ko_states_with_de(core: str) -> bool:
    """True if a Korean sentence ends in the ending -ㄴ데 (see `KO_STATES`): 데 after a
    syllable whose final consonant is ㄴ."""
    if len(core) < 2 or not core.endswith(_KO_DE):
        return False
    before = ord(core[-2]) - 0xAC00
    return 0 <= before < 11172 and before % 28 == _KO_FINAL_N


def ko_states_with_ji(core: str) -> bool:
    """True if a Korean sentence ends in a 지 that states (see `_KO_ASKING_JI`)."""
    if len(core) < 2 or not core.endswith("지") or core.endswith(_KO_ASKING_JI):
        return False
    if core.endswith(_KO_NOT_AN_ENDING) or _KO_RECALLED_FIGURE.search(core):
        return False
    before = ord(core[-2]) - 0xAC00
    return 0 <= before < 11172 and before % 28 not in (_KO_FINAL_N, _KO_FINAL_L)


# Korean and Japanese words that end the way a question does, without a question mark or a
# question word ("1910년 맞지", "끝난건가요", "竹島って韓国のなの"), or a request ("정리해주세요");
# a 지 that states is not among them (`ko_states_with_ji`).
# The casual 어/아 endings are among them: "일본 또 사과했어" is as often asked as said.
_QUESTION_ENDINGS = (
    "냐", "니", "나", "까", "죠", "지", "래", "임", "음", "어", "아",
    "가요", "나요", "까요", "지요", "세요", "줘", "か", "の", "っけ", "かな",
    # the recall question -던가 ("2015년이었던가", "was it ...?"), as っけ asks in Japanese
    "던가",
)  # fmt: skip
KO_JA_RUN = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff]+")
# A Latin letter or digit that goes on from a Korean or Japanese word ("2002年のW杯"), but
# not Japanese laughter typed straight onto the ending ("韓国のなのw", "かなｗｗ"): w's that end.
_LATIN_OR_DIGIT = re.compile(
    r"(?![wｗ]+(?:\W|$))[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
)


def ends_as_question(question: str) -> bool:
    """True if a Korean or Japanese word of the message ends like a question or a request
    (`_word_asks`)."""
    return any(_word_asks(question, match) for match in KO_JA_RUN.finditer(question))


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
# and is among the endings that state (`KO_STATES`), though it ends in 나.
_KO_NEVER_ASKS = ("구나",)
# Nouns and an adverb that end in the syllables of the casual endings 니, 나, 아, 어 and 까, as
# the nouns of `_KO_NOT_AN_ENDING` end in 지: the survivors (할머니), languages (한국어, 일본어),
# places (아시아, 코리아), GSOMIA (지소미아), 아까 ("a while ago"). "위안부 할머니 생각하면 일본
# 사과 받아야 한다" was read as a question for its 할머니, and answered. So are the
# indefinites on a question word's 나 (언제나 "always", 누구나 "anyone", 어디나, 아무나).
_KO_NOUNS_IN_ENDINGS = (
    "할머니", "어머니", "언니", "누나", "아시아", "러시아", "코리아", "지소미아", "마니아",
    "한국어", "일본어", "영어", "중국어", "외국어", "단어", "용어", "언어", "아까",
    "언제나", "누구나", "어디나", "아무나",
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
    if _LATIN_OR_DIGIT.match(question, end) or ko_states_with_ji(question[:end]):
        return False  # (the figure before a 지 is read too: `_KO_RECALLED_FIGURE`)
    if len(word) == 1 and "\uac00" <= word <= "\ud7a3":
        return False
    if word.endswith(_KO_NOUNS_IN_ENDINGS):
        return False
    if word.endswith(_KO_SENTENCE_FINAL) or word in _KO_INTERJECTIONS:
        return _ends_a_sentence(question, end)
    return True


# The wishes to know (알고 싶다, 궁금, 知りたい), which ask as a question word does.
# (The Japanese wishes by their stems, so that the past and the て form wish too: 知りたかった,
# 聞きたくて, 気になってた. With た a statement ending, "河野談話について知りたかった" read as a
# remark.)
# The polite negative of わかる says as much as わからない does ("竹島問題がよくわかりません":
# "I don't really understand the Takeshima issue"); with ません a statement ending, it read as
# a remark. (Not its stem わかり: "わかりました" is "understood".)
KO_JA_WISH = (
    "싶", "궁금", "알아", "知りた", "聞きた", "気にな", "分から", "わから", "確認", "確かめ",
    "わかりません", "分かりません",
)  # fmt: skip
# An adjective's い states ("懐かしい", "すごい", "読めない"), but not a request or a wish that
# ends in い ("説明してください", "リンクちょうだい", "三行でお願い", "まとめてほしい"), nor the
# tag of "韓国領じゃない" (isn't it); nor, of the polite ます, the request "お願いします".
JA_STATES = (
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
    # question is ますか. Not the polite request "説明をお願いします" (`JA_ASKING`).
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
JA_ASKING = (
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
KO_STATES = ("다", "네", "지만", "구나", "군", "거든", "거든요", "하자", "해라", "하라", "줘라")
_KO_DE = "데"
# A call to talk about something, said to the bot, asks for it ("독도에 대해 얘기 좀 하자",
# "지소미아 얘기해라": "let's talk about ...", "tell me about ..."); "얘기 그만하자" still ends it.
KO_TALK_CALL = re.compile(r"(?:얘기|이야기)\s*(?:좀\s*)?(?:하자|해라|하라)$")
