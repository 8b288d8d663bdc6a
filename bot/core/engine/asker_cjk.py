"""How a Korean or Japanese clause beside a question speaks of the asker (see asker.py).

Korean gives the background of a question in a clause of its own form: one ending in -ㄴ데 or
-서요 that names the asker or their wondering, seeing, hearing, forgetting or schoolwork
("숙제 때문에 그러는데 ...", "다큐멘터리 봤는데요, ...", "갑자기 까먹었는데 ..."), a sentence of
what they are doing, came to wonder, cannot recall or give as their reason ("한국어
공부중이에요.", "기억이 안 나요.", "다음 달에 일본 여행 가거든요."); Japanese in a clause ending in
が or けど after a verb ("宿題で調べているのですが、...") or a sentence of what the asker saw,
heard, forgot or came to wonder ("テレビで見て気になりました。"). The English shapes, and the
reading of the whole message, stay in asker.py; these are its Korean and Japanese half, kept
apart so that neither module passes the size where it is hard to read.
"""

from __future__ import annotations

import re

from .remarks_cjk import ends_as_question

# Korean gives the background of a question in a clause ending in -ㄴ데 (그러는데, 봤는데,
# 대학생인데요, 궁금한데) or a polite -서요 (궁금해서요), often with no comma after it: "숙제 때문에
# 그러는데 1965년 한일기본조약이 뭐야?". The syllable before 데 ends in ㄴ (는, 인, 한, 던);
# not 그런데 ("but") alone, which opens a clause.
KO_BACKGROUND = re.compile(
    r"(?<![\uac00-\ud7a3])((?!그런데)[\uac00-\ud7a3]*[는인한은던운된친]데요?|[\uac00-\ud7a3]+서요"
    # 그런데 after a reason in -서 is the asker's "that's why I ask" (그러는데): "기억이 안
    # 나서 그런데 ...", "헷갈려서 그런데 ..."; alone it is "but", which opens a clause.
    r"|(?<=[\uac00-\ud7a3]서 )그런데요?)"
    r"(?![\uac00-\ud7a3])"
)
# Japanese gives it in a clause ending in が or けど after a polite or plain ending, or in ので
# ("宿題で調べているのですが、", "ニュースで見たんですけど、", "初心者の質問ですが、").
_JA_BACKGROUND = re.compile(
    r"(?:です|ます|でした|ました|た|だ|の|ん)(?:が|けど|けれど|けれども)$|ので$"
)
CJK = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# A Japanese clause that explains itself: the asker's reason, after the question (with
# -たくて, what they want to do: "旅行の前に知りたくて").
_JA_EXPLAINS = re.compile(r"(?:んです|のです|んだ|んですよ|のですよ|ので|から|たくて)$")
# Korean letters typed alone after a clause (ㅠㅠ, ㅋㅋ) and the blanks before them.
JAMO_TAIL = re.compile(r"[\s\u3131-\u318e]+$")
# A Korean sentence saying what the asker is doing: "한국어 공부중이에요", "한국어 배우고
# 있어요", "일본어를 공부하고 있습니다"; in Japanese, "韓国語を勉強しています".
_KO_DOING = re.compile(
    r"(?:중|고\s*있)(?:이에요|이예요|입니다|어요|습니다)$|(?:勉強|留学|研究)(?:して|中)(?:います|です)$"
)
# A Korean sentence saying the asker came to wonder: "드라마 보다가 궁금해졌어요",
# "뉴스 보고 궁금했어요", "궁금합니다".
_KO_WONDERED = re.compile(r"궁금(?:해졌|했|해|합니다|하)[\uac00-\ud7a3]*(?:요|다)$")
# A Japanese sentence of what the asker saw, heard, read, learnt, went to or forgot, in the
# past tense: "昨日ドキュメンタリーを見ました", "ニュースで聞きました", "韓国旅行に行ってきました",
# "授業で習ったけど忘れちゃった" (as 봤는데, 들었는데, 배웠는데 in Korean).
_JA_EXPERIENCED = re.compile(
    r"(?:見|聞き|聞い|聴き|聴い|読み|読ん|習い|習っ|学び|学ん|知り|知っ|行き|行っ|忘れ|忘れし)"
    r"(?:ました|た|だ|てきた|てきました|ちゃった|ちゃいました|てしまった|てしまいました)$"
)
# A Japanese sentence of the asker's wondering ("テレビで見て気になりました", "ハマってるので
# 気になって", as 궁금해졌어요 in Korean) or of the schoolwork it is for ("宿題で使います",
# "レポートで必要です").
_JA_WONDERED = re.compile(
    r"気にな(?:りました|りまして|って|った|ってます|っています)$"
    # curiosity, and schoolwork said as what the question is: "ただの好奇心です", "（宿題です）"
    r"|好奇心(?:です|で|から)?$"
    r"|(?:宿題|課題|レポート|授業|テスト|試験)(?:の(?:ため|為))?(?:です|なんです)$"
    r"|(?:宿題|レポート|課題|授業|発表|試験|テスト|卒論|論文)で(?:使|必要)"
)
# Words that point back, in Korean and Japanese (그거, 그게, 이건, 그때; それ, その, あれ, これ).
CJK_BACK = re.compile(
    r"그거|그게|그건|그것|이거|이게|이건|그때|거기|걔|それ|その|あれ|あの|これ|この|そこ"
)
# Who the asker is: "저는 대학생인데요", "나 브라질 사람인데", "제가 외국인이라서";
# "ブラジル人です", "韓国出身".
_CJK_IDENTITY = re.compile(
    r"^(?:저는|전|저|나는|난|나|제가|내가)\s.*(?:인데요?|이라서|라서|이에요|예요|입니다)"
    r"|(?:人|出身|学生)(?:の\w*)?(?:です|なんですが|ですが|なんですけど)$"
    r"|(?:사람|학생|유학생|외국인)(?:이에요|예요|입니다|인데요?)$"
)


# A Korean background clause about the asker: it names them (저, 제가, 나, 우리: "우리 할머니가
# ... 하시는데", "저는 대학생인데요") or ends in a verb of the asker's wondering, seeing, hearing,
# not knowing or doing ("궁금한데", "그러는데": "that's why I ask", "봤는데요", "들었는데",
# "모르는데", "쓰는 중인데"), of what they were told or have to do. Any other clause ending in
# -ㄴ데 may state what is asked about ("독도는 한국 땅인데 왜 ..."): read as context, such
# clauses cost the tuning sets two wrong answers.
_KO_ASKER = re.compile(
    r"(?:^|\s)(?:저|저는|전|제가|나|나는|난|내가|우리|저희)(?:\s|$)"
    r"|궁금|그러는데|모르는데|봤는데|들었는데|배웠는데|읽었는데|는 중인데"
    # where the asker has just been: "다큐 보고 왔는데요", "일본 여행 갔다 왔는데", "다녀왔는데"
    r"|보고 왔는데|갔다 ?왔는데|다녀왔는데"
    # what someone told the asker, or what the asker has to do: "선생님이 얘기해주셨는데",
    # "엄마가 ... 하던데", "친구가 그러던데", "발표해야 되는데"
    r"|얘기해|이야기해|말씀|말했|하던데|그러던데|야 되는데|야 하는데|야되는데|야하는데"
    # the schoolwork the asker is doing: "학교 숙제인데요", "수업 과제로 조사 중인데"
    r"|숙제|과제|리포트|레포트|논문|시험 공부"
    # what the asker forgot or cannot recall: "갑자기 까먹었는데", "기억이 안 나서 그런데",
    # "...? 생각이 안 나요"; how asking feels to them: "헷갈려서 그런데", "솔직히 좀 창피한데",
    # "요즘 너무 답답해서요"; what they are busy with: "발표 준비하고 있는데"
    r"|까먹|잊어버|잊었|기억이 ?안|생각이 ?안|서 그런데"
    r"|헷갈|창피|부끄|민망|답답|알고 ?싶"
    # someone asked the asker, or it came up in class, and they could not answer:
    # "선생님이 물어보셨는데", "대답을 못 했어요", "수업 시간에 나왔는데 몰라서요"
    r"|물어보|물어봐|물어본|대답을? ?못|몰라서|수업"
    r"|(?:공부|준비|조사|검색|정리|알아보|찾아보)(?:하고 있|하는 중|고 있)"
    # where the asker saw or heard it, said after the question: "...? 유튜브에서 봤어요"
    r"|봤어요|들었어요|읽었어요|배웠어요"
)
# A Korean sentence that gives the asker's reason with -거든(요): "다음 달에 일본 여행
# 가거든요", "내일 발표가 있거든요".
_KO_REASON = re.compile(r"거든요?$")
# A Korean sentence saying the asker cannot recall it or did not know it: "기억이 안 나요",
# "생각이 안 나네요", "까먹었어요", "잊어버렸어요" (as 忘れちゃった in Japanese),
# "대답을 못 했어요", "잘 모르겠어요".
_KO_FORGOT = re.compile(
    r"(?:까먹|잊어버|잊었|기억이\s*안\s*나|생각이\s*안\s*나|대답을?\s*못|모르겠|몰랐)"
    r"[\uac00-\ud7a3\s]*(?:요|다)$"
)


# A request to be told that closes the asker's Japanese clause before the question:
# "授業で発表するので教えてください。" (a Korean -ㄴ데 clause is split before its request).
_JA_PLEASE_TELL = re.compile(r"\s*(?:教えて(?:ください|下さい|ほしいです)?|お願いします)$")


def cjk_identity(clause: str) -> bool:
    """True if a Korean or Japanese clause says who the asker is ("저는 대학생인데요",
    "ブラジル人の学生です")."""
    return _CJK_IDENTITY.search(clause) is not None


def cjk_before_the_question(clause: str) -> bool:
    """True if a Korean or Japanese clause before the question speaks of the asker. A request
    to be told that closes it ("...ので教えてください") is read past: the clause before it
    gives the reason."""
    clause = _JA_PLEASE_TELL.sub("", clause) or clause
    return bool(
        (_ends_in_background(clause) and _KO_ASKER.search(clause))
        or _JA_BACKGROUND.search(clause)
        or (_KO_DOING.search(clause) is not None and not ends_as_question(clause.split()[-1]))
        or _KO_WONDERED.search(clause) is not None
        or _KO_FORGOT.search(clause) is not None
        or _KO_REASON.search(clause) is not None
        or _JA_EXPERIENCED.search(clause) is not None
        or _JA_WONDERED.search(clause) is not None
    )


def cjk_after_the_question(clause: str) -> bool:
    """True if a Korean or Japanese clause after the question says why the asker asks, and
    asks nothing itself: one that names the asker or their wondering or ends in -서요 or
    -거든요 ("숙제라서요", "다큐 보고 궁금해졌어요"), one that explains with んです, のです or
    -たくて ("宿題で必要なんです") or says what the asker saw, heard, forgot or wondered
    ("忘れてしまいました", "テレビで見ました"), as it does before the question."""
    if _KO_FORGOT.search(clause):
        return True  # "생각이 안 나요" ends as "...나요?" asks, but says the asker forgot
    if ends_as_question(clause):
        return False
    return bool(
        _KO_ASKER.search(clause)
        or clause.endswith("서요")
        or _KO_REASON.search(clause)
        or _JA_EXPLAINS.search(clause)
        or _JA_EXPERIENCED.search(clause)
        or _JA_WONDERED.search(clause)
    )


def _ends_in_background(clause: str) -> bool:
    """True if a Korean clause ends as background does (-ㄴ데, -서요, "-서 그런데"): the
    pattern is searched in the whole clause, as "그런데" alone is "but"."""
    ends = [m.end() for m in KO_BACKGROUND.finditer(clause)]
    return bool(ends) and ends[-1] == len(clause.rstrip())
