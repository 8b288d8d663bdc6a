"""Is a message a question, or chat: a remark, a reaction, a reply to the bot?

Members reply to the bot and talk beside it ("thanks", "source?", "독도는 한국땅이다", "竹島は
日本の領土だ^^"), and a message that states or reacts asks nothing, whatever fact shares its
words. Read from the message's form alone: its question marks and question words, the endings
that ask or state in Korean and Japanese, laughter and emoticons after them. Apart from the
rules a fact must pass (answerability.py), which use these.
"""

from __future__ import annotations

import re

from .cleaning import clean_lines
from .simplify import simplify
from .tokens import tokenize

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


# Korean question words ("독도 뭐야" = "what is Dokdo"): too short for the index, but they only
# ask, they add nothing the tokens miss.
KOREAN_QUESTION_WORDS = frozenset(
    "뭐 뭐야 뭐임 뭔데 뭐지 뭐예요 뭐에요 뭐니 뭐냐 무엇 무엇인가요 무엇인가 무슨 "
    "언제 어디 누구 누가 왜 어떻게 얼마나 얼마 몇 뭐였어 뭐였지 뭐였음 머임 머야".split()
)
# Chat that the tokenizer drops (one syllable, laughter): looked for in the text. The Japanese
# chat words written in hiragana (また, ほんと, なるほど) are among them: the tokenizer drops
# hiragana as particles, so they are looked for in the text too.
CHAT_MARKS = (
    "또", "www", "笑",
    *sorted(w for w in CHAT_WORDS if all("\u3040" <= ch <= "\u309f" for ch in w)),
)  # fmt: skip
# Korean letters typed alone, not as syllables: laughter and smiles (ㅋ, ㅋㅋㅋ, ㅎㅎ), tears
# (ㅠㅠ, ㅜㅜ), and the initials that abbreviate a reply (ㅇㅋ okay, ㄱㅅ thanks, ㄹㅇ for
# real, ㅇㅈ agreed, ㄷㄷ wow, ㄴㄴ no). A word is never written so: any run of them is a chat
# mark.
JAMO = re.compile(r"[\u3131-\u318e]+")
# A name written wholly in hiragana (たけしま, いあんふ, かんこく): read without aliases it has no
# token at all, since hiragana runs are particles and inflections.
HIRAGANA = re.compile(r"[\u3041-\u309f\u30fc]+")
# Japanese laughter typed as w: one w or more right after Japanese text ("領土だろw",
# "草生えるｗｗ"), or two or more on their own ("ww"); "www" is among the marks above. Never
# inside a Latin word or a world war ("ww2", "ww ii").
JA_LAUGH = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff])[wｗ]+(?![A-Za-z0-9ｗ])"
    r"|(?<![A-Za-z0-9])[wｗ]{2,}(?![A-Za-z0-9])(?!\s*(?:1|2|i|ii|one|two)\b)"  # not "ww 2"
)
# English laughter ("lol", "lmao", "haha", "xD"), a mark as ㅋㅋ and w are: beside a message with
# no form of a question it is a reaction ("park refused to meet abe for years lol", answered
# with the fact on it), whatever the message names.
EN_LAUGH = re.compile(
    r"(?<![\w'])(?:lol+|lo+l|lmao+|lmfao+|rofl|roflmao|kek|xd+|(?:ha){2,}h?|(?:he){2,}h?)(?![\w'])",
    re.IGNORECASE,
)
# A topic typed bare with the thing it wants named ("kono statement year lol", "2015 deal details
# lmao") still asks, laughter or not.
_WANTED_WORDS = re.compile(
    r"\b(?:year|yr|date|day|reason|reasons|details?|summary|tldr|meaning|definition|source"
    r"|sources|info|number|amount|names?|list|timeline)\b"
)


def laughs_beside_no_request(message: str) -> bool:
    """True if the message laughs in English (`EN_LAUGH`), names nothing it wants and has no
    word of a question that `asks` leaves to the remark rule ("anyone living on dokdo lol")."""
    if not EN_LAUGH.search(message):
        return False
    text = simplify(message)
    # A question opened by a verb `asks` does not know ("has japan ever apologized lol", "have
    # they paid lol") is no claim: the laughter beside it made it small talk.
    unlaughed = EN_LAUGH.sub(" ", text).strip()
    return not (
        _WANTED_WORDS.search(text) or _REMARK_ASKS.search(text) or _REMARK_AUX.match(unlaughed)
    )


# Question words, and the words of a request for an explanation ("gsomia meaning pls",
# "define hallyu", "kono statement summary"): a name with one of these asks about it.
_ASKS = re.compile(
    r"\b(?:what|whats|wat|when|wen|where|who|whos|why|how|which|whose|is|are|was|were|does|do|did"
    r"|can|could|will|would|should|tell|explain|mean|means|meaning|define|definition"
    r"|summary|summarize|summarise|tldr|tl dr|eli5"
    # a request for information on something ("more info about dokdo"): the tokenizer drops
    # its "info" (text._without_info_requests), and the name left beside "more" was chat
    r"|(?:info|information|infos) (?:on|about|regarding|re|abt))\b"
)
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
    # ("竹島問題を説明しろ"; しろ states in "日本は謝罪しろ", `_JA_STATES`)
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


def _has_ko_ja_question_word(message: str) -> bool:
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


def ends_as_question(question: str) -> bool:
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
    if _LATIN_OR_DIGIT.match(question, end) or _ko_states_with_ji(question[:end]):
        return False  # (the figure before a 지 is read too: `_KO_RECALLED_FIGURE`)
    if len(word) == 1 and "\uac00" <= word <= "\ud7a3":
        return False
    if word.endswith(_KO_NOUNS_IN_ENDINGS):
        return False
    if word.endswith(_KO_SENTENCE_FINAL) or word in _KO_INTERJECTIONS:
        return _ends_a_sentence(question, end)
    return True


def asks(question: str) -> bool:
    """True if the message has the form of a question: a question mark, a question word, or a
    Korean or Japanese interrogative."""
    if "?" in question or "？" in question:
        return True
    text = simplify(question)
    return bool(_ASKS.search(text)) or _has_ko_ja_question_word(question)


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
# A word of `_REMARK_ASKS` after a verb of obligation is what someone is told to do, not a
# request to the bot: "japan should just give dokdo back", "korea must explain", "they ought to
# tell the truth" give an opinion (only "can", "could", "would" and "will" ask: "can you give
# me ..."). "japan should just give dokdo back" was answered with the islands' names.
# Said to the bot ("u should tell me about dokdo", "you must explain gsomia"), it is a request
# (group 1): such messages were answered, and read as an opinion they were small talk.
_REMARK_OBLIGED = re.compile(
    r"\b(?:(you|u|ya|bot)\s+)?(?:should|shouldnt|must|mustnt|ought to|oughta|needs to|has to)"
    r"(?:\s+(?:just|really|finally|also|simply|not|never|at least|already|still))*"
    r"\s+(?:give|tell|explain|name|list|compare|help|learn|know)\b"
)


def _unless_to_the_bot(found: re.Match[str]) -> str:
    """What `_REMARK_OBLIGED` found: kept if said to the bot, else nothing ("you should know
    dokdo is korean" is still an opinion)."""
    to_the_bot = found[1] is not None and not found.group().endswith(("know", "learn"))
    return found.group() if to_the_bot else " "


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
BACK_REFERENCE = re.compile(
    r"\b(?:you|u|ya)\s+(?:got|get|found|find|used|use|took|take|read|said|say|quoted|quote"
    r"|cited|cite|mentioned|mention|pulled|sourced)\b"
    r"|\byour\s+(?:source|sources|link|links|article|articles|info|information|answer|reply"
    r"|quote|quotes)\b"
)
# A question about the bot itself: "are you biased towards japan?", "r u a bot", "is this bot
# korean". What the documents say cannot answer it; the bot's reply says what it does. Asked
# with a request for something the documents hold ("are you able to explain the 1965 treaty"),
# or as doubt about a claim ("are you sure it was 1910"), it is left to the matcher.
ABOUT_THE_BOT = re.compile(
    r"^(?:(?:so|and|but|ok|okay|wait|hey|yo|lol|lmao|bro|um|uh|hmm|bot|citebot)\s+)*"
    r"(?:(?:are|r|were)\s+(?:you|u|ya)|(?:is|was)\s+(?:this|the|ur|your)\s+bot)\b"
    # "are you sure japan annexed korea in 1910": a claim to check, for the matcher
    r"(?!\s+(?:sure|certain|positive|serious)\b)"
)
ASKS_FOR_CONTENT = re.compile(
    r"\b(?:tell|explain|show|give|list|summari[sz]e|describe|find|look|know|define|translate"
    r"|answer|help)\b"
)
# Words for where a text comes from, and the verbs of `BACK_REFERENCE` that the matcher reads.
_WHERE_FROM = (
    "article articles page pages website websites site sites paper papers book books document"
    " documents doc docs url urls wiki wikipedia newspaper newspapers news"
    " got get found find used use took take read said say quoted quote cited cite mentioned"
    " mention pulled sourced"
).split()
# The same as the matcher reads them (stemmed, no aliases: "article" is a term of the aliases).
WHERE_FROM_TOKENS = frozenset(t for w in _WHERE_FROM for t in tokenize(w))
# "right", "correct" or "true" after a verb of being is what is said, not a tag asking it:
# "both can be true", "the rusk letter is correct".
_TAG_AS_PREDICATE = frozenset({"right", "correct", "true"})
_BEING = frozenset({"be", "is", "are", "was", "were", "been", "its", "thats", "s"})
# (An obligation states as "should" does: "korea needs to move on", "japan has to pay".)
_REMARK_STATES = re.compile(
    r"\b(?:is|are|was|were|am|im|be|belongs?|owns?|loves?|hates?|can|will|should|must"
    r"|needs to|has to|ought to)\b"
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


# A sarcastic opening says the opposite of what follows, and asks nothing: "yeah right like
# japan ever apologized", "oh sure japan totally apologized", "as if the 2015 deal fixed
# anything". Whatever its verb, the rest is a claim mocked, not a question; its "right",
# "sure" and "if" are no tag, doubt or condition. ("yeah right like japan ever apologized" was
# answered with the fact on Japan's apologies.)
_SARCASTIC_OPENING = re.compile(
    r"^(?:(?:oh|ah|yeah|yea|ya|ye)\s+)*(?:yeah|yea|ya|oh|ah)\s+(?:right|sure)\b(?:\s+like\b)?"
    r"|^(?:oh\s+)?as if\b"
)


def is_remark(message: str) -> bool:
    """True if the message states something and nothing in it asks (see above)."""
    if "?" in message or "？" in message:
        return False
    sarcastic = _SARCASTIC_OPENING.match(simplify(message))
    if sarcastic is not None:
        rest = simplify(message)[sarcastic.end() :]
        lowered = _LEADING_NON_WORD.sub("", rest)
        if len(rest.split()) >= 2 and not (
            _REMARK_ASKS.search(rest) or _REMARK_AUX.search(lowered) or _ends_with_tag(rest)
        ):
            return True
    # Normalised as the matcher reads it, and from its first word: "**can japanese music be
    # sold in korea**", " can ...", "🤔 can ...", "ｃan ..." and a message that opened with a
    # mention all open with "can" (asked with any of these before it, 33 of the knowledge's
    # 803 phrasings that open with an auxiliary and have no question mark read as remarks).
    lowered = _LEADING_NON_WORD.sub("", clean_lines(message))
    text = simplify(message)
    asking = _REMARK_ASKS.search(
        _REMARK_OBLIGED.sub(_unless_to_the_bot, _REMARK_NAMED.sub(" ", text))
    )
    if asking or _REMARK_AUX.search(lowered) or _ends_with_tag(text):
        return False
    if _has_ko_ja_question_word(message) or any(k in message for k in _KO_JA_WISH):
        return False
    if ends_as_question(message):
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
