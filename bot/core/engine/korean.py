"""A Korean word as the index reads it: without its particles and its conversational ending,
and nothing at all when it is only a question word, a request or a light verb (`korean_core`).

Korean glues particles and endings to the word they follow ("독도는", "체결됐어요",
"궁금합니다"), so a word is stripped down to its noun before it is cut into bigrams; each rule
says which nouns it must not cut (국가, 책임, 일본어).
"""

from __future__ import annotations

from .predicates import predicate_key
from .stopwords import CJK_STOPWORDS

# The stems of the requests and thanks that wrap a Korean question ("알려주실 수 있나요",
# "설명해주세요", "여쭤봐도 될까요", "부탁드립니다", "감사합니다"): a word that starts with one
# is politeness, whatever ending follows. From a list of request forms written by a helper who
# saw no question set; each stem starts no noun of the documents' topics.
_KOREAN_REQUEST_STEMS = tuple(
    """
    안녕 알려주 알려줘 알려줄 알려쥬 알고싶 알고십 설명해 설명부탁 가르쳐 갈쳐 갈켜 말씀해 궁금 궁굼
    여쭤 여쭙 물어봐 물어볼 물어봅 도와주 도와줘 부탁 감사 고맙 고마워 가능한 가능할 모르겠 질문드
    """.split()
)
# 뭐 ("what") in all its forms: 뭐지, 뭐니, 뭐죠, 뭐람, 무엇이죠 were words of the question no
# fact has ("고노담화 뭐지" was declined where "고노담화 뭐야" is answered), as the stopwords
# list only some (뭐야, 뭐임). No Korean word but these starts so.
_KOREAN_WHAT = ("뭐", "뭔", "뭘", "무엇")
# A question word typed onto the particle after a name ("고노담화가뭐야", "지소미아란뭐야",
# "독도는왜"): the alias makes the name a word of its own, and the particle starts the rest.
_GLUED_QUESTION_WORDS = (*_KOREAN_WHAT, "무슨", "왜", "어떻게", "어떤")
_LEADING_PARTICLES = frozenset("은는이가을를도의에와과랑란로만")


def _is_korean_question_word(run: str) -> bool:
    """True if a Korean word is a question word, whatever its ending, or one typed onto the
    particle of the name before it."""
    return run.startswith(_KOREAN_WHAT) or (
        len(run) >= 2 and run[0] in _LEADING_PARTICLES and run[1:].startswith(_GLUED_QUESTION_WORDS)
    )


_KOREAN_PARTICLES = tuple(
    sorted(
        """
        에서는 에게서 으로는 이라고 이라는 에서도 까지는 했어요 했나요 인가요 인가 이야 였어 였나
        라고 라는 에서 에게 으로 까지 부터 보다 처럼 한테 이랑 하고 했어 했나 했지 했던 했다 하는
        한다 된다 되었 됐어 됐나 였다 이다 해서 하게 해야 할까 인지 이었 에는 에도 와의 과의 와는
        은 는 이 가 을 를 에 의 만 로 와 과 야 요 냐 니 한 된 던 랑 께 란 이란
        """.split(),
        key=len,
        reverse=True,
    )
)


KOREAN_FRAGMENTS = frozenset(_KOREAN_PARTICLES) | {
    "됐어",
    "됐나",
    "됐니",
    "이야",
    "인데",
    "이에요",
    "예요",
}


_PARTICLE_ENDINGS = frozenset("에은는을를의와과야요")

# Conversational verb endings that close a Korean question ("체결됐어요", "일어났었지",
# "몇년도였음"): tense and politeness, no topic. Only multi-syllable endings that no noun of
# this domain ends with are listed (not 어, 임 or 음: 일본어, 책임, 마음), and 됨, which no
# noun ends with (해산됨).
_KOREAN_VERB_ENDINGS = tuple(
    sorted(
        """
        었어요 았어요 였어요 했어요 됐어요 었나요 았나요 였나요 했나요 됐나요 었는지 였는지 했는지
        었어 았어 였어 했어 됐어 었지 았지 였지 했지 됐지 었나 았나 였나 했나 됐나 었음 았음 였음
        했음 됐음 었냐 았냐 였냐 했냐 됐냐 었니 았니 였니 했니 됐니 었던 았던 였던 했던 됐던
        습니까 습니다 인가요 인가 인지 인데 는데 은데 나요 까요 어요 아요 에요 예요 이에요
        되나 되는 하는 할까 될까 하냐 되냐 해요 돼요 된거 한거 인거 던데 더라 던가
        지요 잖아요 잖아 거든요 거든 었는데 았는데 였는데 했는데 됐는데
        이었어요 이었나요 이었는지 이었어 이었지 이었나 이었음 이었냐 이었니 이었던 이에
        다는거 다는게 다는데 다던데 다더라 다고 라던데 라는데 라더라
        는거에요 는거요 는거임 은거요 한거요 된거요 인거임 는거 는게 는건 은거 은게 은건
        던거 던게 던건 던건지 는건지 된건지 건지 된게 된건 한게 한건 인게 인건 건가요 건가 됨
        """.split(),
        key=len,
        reverse=True,
    )
)
# What is left of a predicate once its ending is gone: a light verb carries no topic.
_LIGHT_STEMS = frozenset(
    "하 되 됐 했 있 없 맞 안 이 였 었 았 그 저 어 일어 일어났 됬 아니 아닌".split()
)
_LIGHT_SYLLABLES = frozenset("했됐됬였었았햇됏엿엇앗")
_PAST_TAILS = (
    "어요", "나요", "는지", "는데", "어", "지", "나", "음", "니", "냐", "던", "다", "죠", "고",
)  # fmt: skip
_SSANGSIOT = 20  # index of the final consonant ㅆ
# ㅅ, typed for ㅆ in a hurry (일어낫어, 누가햇고): before a past ending it is the past tense too.
_SIOT = 19


def final_consonant(syllable: str) -> int:
    """The index of a Hangul syllable's final consonant (0: none; -1: not a syllable)."""
    if not "\uac00" <= syllable <= "\ud7a3":
        return -1
    return (ord(syllable) - 0xAC00) % 28


_SHORT_TAILS = frozenset("죠지나냐니어아음네요")


# The casual copula 임 ("경찰임", "몇퍼임", "수행평가임": "it's a ...") and the softener 좀
# ("설명좀", "요약좀": "a bit, please") glued to a noun of two syllables or more. The nouns of
# two syllables that end in 임 keep it (책임 "responsibility", 취임 "taking office").
_GLUED_TAILS = ("임", "좀")
_IM_NOUNS = frozenset(
    "책임 취임 사임 연임 재임 중임 퇴임 부임 신임 후임 전임 선임 해임 소임 방임 모임 게임".split()
)


# The formal ending ㅂ니다 / ㅂ니까 (합니다체, the register of polite writing: "궁금합니다",
# "문제입니다", "보냅니다") is a final ㅂ on the stem's last syllable, not a syllable of its own,
# so no list of endings can hold it for every verb.
_BIEUP = 17  # index of the final consonant ㅂ
_FORMAL_TAILS = ("니다", "니까")
# What a noun + 하다/되다/이다 leaves once the formal ending is gone ("궁금하", "문제이").
_LIGHT_VERB_TAILS = frozenset("하되이")


def _without_formal_ending(word: str) -> str:
    """The stem before the formal ending: 궁금합니다 -> 궁금, 보냅니다 -> 보내, 입니다 -> 이."""
    if (
        len(word) < 3
        or not word.endswith(_FORMAL_TAILS)
        or word[-3] == "습"  # 습니다 after a closed stem: one of _KOREAN_VERB_ENDINGS
        or final_consonant(word[-3]) != _BIEUP
    ):
        return word
    stem_ = word[:-3] + chr(ord(word[-3]) - _BIEUP)
    return stem_[:-1] if len(stem_) >= 2 and stem_[-1] in _LIGHT_VERB_TAILS else stem_


def _strip_korean_verb_ending(word: str) -> str:
    """The word without a conversational ending; "" when only a light verb is left."""
    if len(word) >= 3 and word.endswith(_GLUED_TAILS) and word[-2:] not in _IM_NOUNS:
        word = word[:-1]
    word = _without_formal_ending(word)
    for ending in _KOREAN_VERB_ENDINGS:
        if word == ending:
            return ""
        if word.endswith(ending):
            word = word[: -len(ending)]
            break
    else:
        # Any past tense: a syllable ending in ㅆ before a short ending (일어났어, 끝났지).
        for ending in _PAST_TAILS:
            if (
                word.endswith(ending)
                and len(word) > len(ending)
                and final_consonant(word[-len(ending) - 1]) in (_SSANGSIOT, _SIOT)
            ):
                word = word[: -len(ending) - 1]
                break
    # The tense or light verb before the ending ("체결했었지" -> 체결했었 -> 체결), and a past
    # stem whose ending was read as a particle ("끝났냐" -> 끝났, "관련있" -> 관련): no noun
    # ends in a syllable with ㅆ.
    while len(word) >= 2 and (
        word[-1] in _LIGHT_SYLLABLES or final_consonant(word[-1]) == _SSANGSIOT
    ):
        word = word[:-1]
    if len(word) == 2 and word[0] in _LIGHT_STEMS and word[1] in _SHORT_TAILS:
        return ""  # 맞죠, 맞나, 있어, 없음: a light verb with a one-syllable ending
    return "" if word in _LIGHT_STEMS or len(word) < 2 else word


# Particles that come in pairs by the sound before them: 이/은/을/과 follow a syllable with a
# final consonant, 가/는/를/와/로 one without (로 also follows ㄹ), as 란 does (이란 after a final
# consonant: "지소미아란?", "영유권이란?" ask what it is; 혼란 keeps its 란). A word ending in the
# wrong one is a noun ending, not a particle: 국가 is "country", not 국 + 가. Syllables that
# end many nouns are not stripped at all (도 as in 한반도/독도, 어/아 as in 일본어/러시아, 지 as
# in 의지).
_AFTER_FINAL = frozenset("이은을과")
_AFTER_OPEN = frozenset("가는를와로란")
_RIEUL = 8  # index of the final consonant ㄹ


def _particle_fits(word: str, particle: str) -> bool:
    if len(particle) != 1 or (particle not in _AFTER_FINAL and particle not in _AFTER_OPEN):
        return True
    before = word[-2]
    if not "\uac00" <= before <= "\ud7a3":
        return True
    final = (ord(before) - 0xAC00) % 28
    if particle in _AFTER_FINAL:
        return final != 0
    return final == 0 or (particle == "로" and final == _RIEUL)


def _strip_korean_particles(word: str) -> str:
    for particle in _KOREAN_PARTICLES:
        if (
            word.endswith(particle)
            and len(word) - len(particle) >= 2
            and _particle_fits(word, particle)
        ):
            return word[: -len(particle)]
    return word


def _predicate_key(run: str) -> str | None:
    """`predicate_key` of a word that is neither a stopword nor a request: those are read
    whole (어떻게, 궁금해, 알려줘)."""
    if run in CJK_STOPWORDS or run.startswith(_KOREAN_REQUEST_STEMS):
        return None
    return predicate_key(run)


def korean_core(run: str, keep_stopwords: bool) -> str:
    """What of a Korean word the index reads, as bigrams: the word without its particles and,
    unless stopwords are kept, without its conversational ending; "" when none of it is a
    topic: a particle left on its own, or (stopwords dropped) a question word, a request, a
    light verb or a stopword."""
    if run in KOREAN_FRAGMENTS:
        return ""  # a particle left on its own after an alias replaced the word before it
    key = None if keep_stopwords else _predicate_key(run)
    if key is not None:
        # A predicate's form (나빴어, 친한, 좋은): its infinitive, or its noun (사과했어).
        core = _strip_korean_particles(key)
    elif len(run) <= 2 and run[-1] in _PARTICLE_ENDINGS:
        return ""  # two particles left on their own after an alias (와의, 에는)
    else:
        core = _strip_korean_particles(run)
    if key is None and not keep_stopwords:
        bare = _strip_korean_verb_ending(core)
        core = _strip_korean_particles(bare) if bare != core else bare
    filler = (
        core in CJK_STOPWORDS
        or core.startswith(_KOREAN_REQUEST_STEMS)
        or _is_korean_question_word(run)
    )
    return core if (keep_stopwords or not filler) and len(core) >= 2 else ""
