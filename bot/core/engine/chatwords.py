"""The words and marks of chat: thanks, doubt, agreement, greetings, laughter.

What a reply or a reaction is made of, in English, Korean and Japanese ("thanks", "source?",
"ㅋㅋㅋ", "草生えるｗｗ", "lol"): the answerability rules (answerability.py) count them to tell
a reaction from a question, and kinds.py reads past the English ones where they open a
question ("idk man when did ..."). Apart from the rules that read a message's form
(remarks.py), so that a module that only needs the words (kinds.py, which a cold build's
workers run) does not import those rules.
"""

from __future__ import annotations

import re

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
