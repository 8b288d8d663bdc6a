"""Words that carry no topic: English function words, the everyday words paraphrases add, and
the question words and requests of Korean and Japanese questions.

The tokenizer drops them from a question (a word the knowledge does not know is the strongest
sign to decline, and these would count as such); the spelling corrector never respells them,
and the lexical matcher reads a misspelt one as filler too.
"""

from __future__ import annotations

# Function words and question words, with the chat spellings members use for them ("wat",
# "wich", "hav", "abt", "rn"): common usage, not taken from any question set.
ENGLISH_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any anyone anything are aren as at be
    because been before being below between both but by can could did didnt do does doesnt doing
    dont down during each else ever every few for from further get got had has have having he her
    here hers him his how i if in into is isnt it its itself just know let like me more most much
    my no nor not now of off on once only or other our out over own please pls plz r really said
    say says same she should so some such tell than thank thanks that thats the their theirs them
    then there these they this those through to too u under until up ur us very was wasnt we were
    what whats when where which while who whom whose why whyd will with would wat wut wich wen
    wher whos y ya yo you your hey hi hello im ive id ok okay yeah yes lol idk tho rn btw anyway
    gonna wanna many one hav haz dat dis abt bc cuz coz cos rly srsly gimme lemme cant wont isnt
    arent wasnt werent dont doesnt didnt havent hasnt shouldnt couldnt wouldnt aint ya yall guys
    someone anybody somebody explain explains explained explanation explanations mean meant define
    defines definition
    """.split()
)
# Everyday verbs, adverbs and vague nouns that paraphrases add without changing the topic. They
# would otherwise count as words the knowledge base does not know, the strongest decline signal.
# Where they come from: common English (most), members' chat spellings ("ppl", "dis") and chat
# fillers around a question ("whats gsomia bro", "ngl", "lmao", "tl;dr" read as "tl dr"); a
# misspelt filler word is recognised by the matcher (queryslots.py), so typos are not listed here.
GENERIC_WORDS = frozenset(
    """
    go goes going went gone come comes coming came get gets getting got gotten give gives gave
    given make makes made take takes took taken see saw seen look looks looking want wants wanted
    use used find found keep keeps kept put let lets seem seems seemed try tried call called
    happen happens happened happening think thought mean means basically actually exactly
    really still even ever back again already yet also just kinda sorta maybe probably like
    thing things stuff people ppl person guy guys way lot lots kind kinds sort type part bit
    exactly specifically originally eventually finally initially apparently supposedly since
    might may must shall roughly approximately approx around about almost nearly ran run runs
    youd theyd especially particularly dis
    true truly false dumb stupid silly question questions quick honest honestly real actual
    wonder wondering wondered curious confused confusing answer answers word short simple
    simply brief briefly summary summarize summarise tldr tl dr eli5
    podcast podcasts youtube youtuber reddit tiktok twitter friend friends classmate classmates
    teacher teachers prof professor heard hear
    random remind reminder clue
    bro bruh dude man lmao lmfao rofl haha hahaha hehe xd ngl tbh imo imho fr frfr smh ikr lmk omg
    oh ohh ah ahh aha wow whoa huh hmm hmmm hm uh um eh welp
    wtf
    greetings morning afternoon evening everyone everybody anyone anybody folks yall
    """.split()
)
# Question words and endings that carry no topic in Korean and Japanese questions, and the
# meta words that GENERIC_WORDS lists in English ("curious", "not sure", "summary", "simply",
# "true", "back then": 궁금, 몰라서, 요약, 간단히, 本当, 簡単, 昔), "around" (いつ頃, 何年頃) and
# "people" (韓国の人, 若い人); then the words of requests that stand apart ("알고 싶어요", "설명
# 부탁", "알려 주세요"; Korean request stems follow) and Japanese requests of two kanji or more
# (ご教示, 恐縮, お手数). Korean chat spells the question words its own way ("why so": 왜캐,
# 왜케, 왤케, 왜이리; "what": 뭐냐, 머냐, 뭐여, 뭔데; "how": 어케, 어캐; "whose": 누구꺼) and says
# adverbs before a question as English says "but", "anyway", "roughly" (근데, 암튼, 대충): read
# as words the knowledge does not know, they declined "피해자들은 왜캐 기금 거부했어?" where "왜"
# was answered. Not 이렇게 and 그렇게 ("so"): "왜 이렇게 사이 안 좋아" is how the question of why
# relations are bad is asked, and the phrasings that say so match on it; nor 그냥 ("just") and
# 솔직히 ("honestly"), more often in a remark than in a question ("솔직히 그 합의는 졸속이었음":
# read, it answered that opinion with the agreement's fact).
CJK_STOPWORDS = frozenset(
    """
    왜캐 왜케 왤케 왜이리 왜이렇게 왜그렇게 왜임 왜지 뭐냐 머냐 뭐여 뭐얌 뭔데 뭔지 어케 어캐
    누구꺼 누구거 누구껀 누구것 누군데 누군지 언젠데 언젠지 근데 암튼 아무튼 대충
    뭐야 뭐 무엇 무슨 누구 누가 언제 어디 어디서 어떻게 어떤 어느 왜 몇 얼마 얼마나 있어 있나 있었어
    했어 했나 했지 했니 했냐 인가 인지 알려줘 말해줘 궁금해 그리고 그럼 정말 진짜 혹시
    년에 년도 월에 일에 년엔 때는 당시 사건 일어났 일어난 일어나 실제로 실제 정확히 정확한
    사람 사람들 나왔 나온 도대체 대체 얘기 이야기 관련 대해 대한 관한 다시 동안 또다시
    해줘 해주세요 알려주세요 말해주세요 설명해줘 설명해주세요 얘기해줘 얘기해주세요 머임 머야 뭐임
    궁금 궁금함 궁금한 궁금해요 몰라 몰라서 몰라요 모르겠 모름 요약 요약해줘 간단히 간단하게
    何 誰 何年 何人 何故 教 本当 本当に 要約 簡単 簡単に 昔 頃 人
    알고 알려 주세 주실 주시 싶어 싶은데 있을까 계신가 아시 아시는분 미리 제발 자세히 설명 질문
    도움 답변 가능 뭔가 뭐예 뭐에 모르
    教示 質問 恐縮 手数 存知 説明 解説 事前 願 致
    """.split()
)
