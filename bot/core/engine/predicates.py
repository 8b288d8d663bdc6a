"""A Korean predicate, an adjective or a verb, read as one key whatever its form
(`predicate_key`): 나쁘다, 나쁘게, 나쁜, 나쁨, 나빠, 나빠요, 나빴어 and 나빠졌어 all read 나빠.

Korean conjugates by gluing endings to a stem, and merges many of them into the stem's last
syllable (나쁘 + 어 = 나빠, 나쁘 + ㄴ = 나쁜, 나빠 + 었 = 나빴), so the forms of one predicate
shared no token: "한일관계 나빠?" did not meet a fact phrased "나빠졌어", and a past form of a
one-syllable stem (좋았어, 싫었어, 화났어 read 좋, 싫, 화) was no token at all. The key is the
predicate's infinitive, its 아/어 form (나빠, 좋아, 싫어, 친해, 화나), the one form every other
can be brought back to by rule; a predicate made of a noun and 하다/되다 keeps only the noun
(사과했어, 사과함, 사과하다 -> 사과), as the ending rules of korean.py already read it, and the
auxiliary 지다 "become" goes (나빠졌어 -> 나빠, 친해진 -> 친해).

Nouns take particles and the copula in the same places, so a form is read as a predicate only
where no noun could have that shape: a past tense (no noun has a syllable with ㅆ), a stem
that ends in 하, in 나 or in a ㅡ-syllable of the adjectives (쁘, 프) before an ending, a
closed stem before an ending no noun takes without 이 (좋다, 싫냐, 많네; not 고 or 지, which
end 경고 and 금지), the adnominal and nominal of those stems (친한, 나쁜, 화난, 좋은, 좋음),
and an infinitive before 서, 도 or the auxiliary 지다 (나빠서, 좋아도, 나빠진). Anything else
is left to korean.py's rules. One-syllable verbs (틀었어, 받았어) stay no token, as they were
(see `_ADJECTIVE_FINALS`); the adnominal of other open stems (싸운, 만난) and the ㅂ and 르
adjectives' (가까운, 다른) are not read: their shape is every noun's.
"""

from __future__ import annotations

_FIRST, _LAST = 0xAC00, 0xD7A3

# Jamo indices of a Hangul syllable (initial * 588 + medial * 28 + final).
_RIEUL_INITIAL, _SSANGBIEUP_INITIAL, _PIEUP_INITIAL = 5, 8, 17
_A, _AE, _YA, _EO, _E, _YEO, _O, _WA, _WAE, _OE, _U, _WO, _EU, _I = (
    0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 13, 14, 18, 20,
)  # fmt: skip
_NIEUN, _NIEUN_HIEUH, _RIEUL, _RIEUL_HIEUH, _MIEUM, _BIEUP = 4, 6, 8, 15, 16, 17
_SIOT, _SSANGSIOT, _HIEUH = 19, 20, 27

_BRIGHT = frozenset({_A, _YA, _O})  # vowels whose stems take 아, not 어
# The vowels an infinitive ends in (나빠, 친해, 싫어, 싸워, 지켜, 체결돼); not ㅘ (봐, 와): it
# ends 교과서 and 강화도, which the 서 and 도 below would cut.
_INFINITIVE_VOWELS = frozenset({_A, _AE, _EO, _YEO, _WO, _WAE})
# Syllables of the adjectives whose stem ends in ㅡ (나쁘, 기쁘, 바쁘, 아프, 슬프): their forms
# change that syllable (나빠, 나쁜, 나쁨), and few nouns end in one (캠프). Not 르, whose verbs
# (부르, 모르, 고르) outnumber its adjectives (다르, 빠르): see `_ADJECTIVE_FINALS`.
_EU_INITIALS = frozenset({_SSANGBIEUP_INITIAL, _PIEUP_INITIAL})

# What follows the past tense's ㅆ (나빴|어, 했|던, 됐|는지, 좋았|을까): the tails of a
# question or a clause, each possible only after a verb.
_PAST_TAILS = frozenset(
    """
    어 어요 어용 어서 어도 나 나요 냐 냐고 니 네 네요 지 지요 죠 지만 음 다 다고 다는 다며 다면
    다니 다던데 대 대요 던 던데 던가 던거 던게 던건 던건지 더라 더니 는 는데 는데요 는지 는지요
    는가 는가요 는거 는게 는건 는건지 을까 을까요 을걸 을지 으니 으니까 으면 고 구나 군 군요
    거든 거든요 잖아 잖아요 나봐 건지 건가 다는거 다는게 다는건 습니다 습니까
    """.split()
) | {""}
# Endings that follow a stem as syllables of their own (나쁘|다, 친하|게, 화나|는, 좋|냐).
_ENDINGS = frozenset(
    """
    다 다고 다는 다며 다면 다니 다네 고 고요 게 게도 지 지요 지만 지도 죠 기 기도 기는 기로 기에
    면 네 네요 니 니까 냐 냐고 나 나요 던 던데 던가 더라 는 는데 는데요 는지 는지요 는가 는거 는게
    는건 는건지 잖아 잖아요 거든 거든요 구나 군요 려고 려면 습니다 습니까 을까 을까요 으면
    """.split()
)
# After a closed stem, only the endings a noun never takes without the copula 이 (좋|다, not
# 일본|다; 싫|냐, not 일본|냐): 고, 지, 기, 면, 나 and 니 also end nouns (경고, 금지, 무기,
# 측면, 언니), and 대 ends a university (서울대).
_CLOSED_ENDINGS = frozenset(
    """
    다 다고 다는 다며 다면 다니 다네 게 게도 냐 냐고 네 네요 잖아 잖아요 지만 더라 던데 구나 군요
    는 는데 는데요 는지 는지요 는가 는거 는게 는건 는건지 습니다 습니까
    """.split()
)
# After an adnominal or a nominal (나쁜|거, 친한|가, 좋음|), the thing it makes a noun of.
_ADNOMINAL_TAILS = frozenset("거 게 건 걸 건지 건가 가 가요 데 지 거임".split()) | {""}
# What follows an infinitive: the connective 서 and 도 (나빠서, 좋아도), the polite 요.
_INFINITIVE_TAILS = frozenset("서 서요 도 도요 요".split())
# Syllables that end a question or hearsay before 요 (될까요, 되나요, 인가요, 했대요, 한대요):
# no infinitive's.
_QUESTION_SYLLABLES = frozenset("까나가대래")
# The forms of the auxiliary 지다 "become" after an infinitive (나빠|지다, 좋아|진, 친해|질까).
_BECOME = frozenset(
    """
    지다 지고 지게 지면 지니 지냐 지네 지던 지기 지지 지려 지잖아 진 진거 진게 진건 진다 질
    질까 질까요 짐
    """.split()
)
# Auxiliaries after an infinitive that add no topic: 지다 "become", 주다 "for someone", 버리다.
_AUXILIARIES = ("져", "줘", "버려")
# Light verbs after a noun (사과해, 체결돼, 체결되어, 해결하여, 관련있어) and the copula's past
# (문제였어, 한국이었어): the noun is the key. After a single syllable, 해 stays (친해, 심해:
# 친 and 심 are no word) and the others leave nothing (맛있어, 안돼, 년이었지).
_LIGHT_VERBS = ("되어", "하여", "이어", "있어", "없어", "해", "돼", "여")
# Infinitives with no topic of their own: being, happening, knowing, saying, seeming, "how".
_LIGHT = frozenset(
    """
    해 돼 되어 하여 있어 없어 맞아 아니어 아니야 아냐 일어나 나와 어때 알아 몰라 싶어 같아 들어
    말해 이어 여 않아 못해 안해 안돼 그래 이래 저래 하나
    """.split()
)


# The finals of one-syllable adjectives (좋, 많, 싫, 옳): their infinitive is the key. A
# one-syllable stem with any other final is mostly a verb's (틀, 받, 먹, 믿), and its past
# (틀었어) was read as no word before the infinitive was; kept a word, a verb alone matched
# facts on it: "다케시마라고 부르지 마라" ("don't call it Takeshima", a remark) was answered
# with the fact of what the islets are called, "일본노래 못틀었다는게 진짜야" with another.
_ADJECTIVE_FINALS = frozenset({_HIEUH, _NIEUN_HIEUH, _RIEUL_HIEUH})


def _jamo(syllable: str) -> tuple[int, int, int] | None:
    if not _FIRST <= ord(syllable) <= _LAST:
        return None
    index = ord(syllable) - _FIRST
    return index // 588, index // 28 % 21, index % 28


def _syllable(initial: int, medial: int, final: int = 0) -> str:
    return chr(_FIRST + initial * 588 + medial * 28 + final)


def infinitive(stem: str) -> str:
    """The 아/어 form of a stem: 나쁘 -> 나빠, 다르 -> 달라, 좋 -> 좋아, 친하 -> 친해,
    가깝 -> 가까워, 싸우 -> 싸워, 되 -> 돼. (The irregular ㄷ, ㅅ and ㅎ stems, and the few
    regular ㅂ and 르 stems, come out regular or irregular by rule, the same on both sides.)"""
    head, last = stem[:-1], stem[-1]
    parts = _jamo(last)
    if parts is None:
        return stem
    initial, medial, final = parts
    before = _jamo(head[-1]) if head else None
    if last == "하":
        return head + "해"
    if final == 0:
        if medial == _EU:
            bright = before is not None and before[1] in _BRIGHT
            vowel = _A if bright else _EO
            if initial == _RIEUL_INITIAL and before is not None and before[2] == 0:
                # 르 doubles its ㄹ: 다르 -> 달라, 모르 -> 몰라, 부르 -> 불러.
                return (
                    head[:-1]
                    + _syllable(before[0], before[1], _RIEUL)
                    + _syllable(_RIEUL_INITIAL, vowel)
                )
            return head + _syllable(initial, vowel)
        contracted = {_O: _WA, _U: _WO, _I: _YEO, _OE: _WAE}.get(medial)
        if contracted is not None:
            return head + _syllable(initial, contracted)
        if medial in (_A, _AE, _EO, _E, _YEO):
            return stem
        return stem + "어"
    if final == _BIEUP and head:
        return head + _syllable(initial, medial) + "워"  # 가깝 -> 가까워, 어렵 -> 어려워
    return stem + ("아" if medial in _BRIGHT else "어")


def _split_tail(word: str, tails: frozenset[str], shortest: int = 1) -> list[tuple[str, str]]:
    """Each (head, tail) with tail in `tails` and at least `shortest` syllables before it."""
    return [
        (word[:cut], word[cut:]) for cut in range(shortest, len(word) + 1) if word[cut:] in tails
    ]


def _past(word: str) -> str | None:
    """The infinitive of a past form: 나빴어 -> 나빠, 좋았을까 -> 좋아, 나빠졌었는데 -> 나빠져.

    The last syllable with ㅆ is the tense; ㅅ, typed for it in a hurry (일어낫어), only before
    a tail."""
    for at in range(len(word) - 1, -1, -1):
        parts = _jamo(word[at])
        if parts is None:
            return None
        if parts[2] not in (_SSANGSIOT, _SIOT):
            continue
        tail = word[at + 1 :]
        if tail not in _PAST_TAILS or (parts[2] == _SIOT and not tail):
            return None
        if word[at] == "있":
            return word[:at] + "있어"  # 있다 itself, no past: 관련있어, 재미있는
        if word[at] in ("었", "았") and at >= 1:
            before = _jamo(word[at - 1])
            if before is not None and before[2] == _SSANGSIOT:
                return _past(word[:at])  # the past of a past (나빠졌었어): once is enough
        return word[:at] + _syllable(parts[0], parts[1])
    return None


def _is_predicate_stem(stem: str, ending: str) -> bool:
    """Can `stem` be a predicate's stem before `ending`, where no noun could stand?"""
    parts = _jamo(stem[-1])
    if parts is None:
        return False
    initial, medial, final = parts
    if stem == "하":
        return ending != "나"  # 하다, 하고, 하는: the light verb alone (not 하나, "one")
    if final == _SSANGSIOT:
        return False  # a past tense: `_past` reads it, or it is no form it knows
    if final:
        if len(stem) == 1 and ending == "음":
            return True  # 좋음, 싫음, 없음: 음 is no particle
        # Only before an ending no noun takes (좋다, not 경고); not the ㅎ of 이렇게 and
        # 그렇게, which stay a word (see stopwords.py).
        return ending in _CLOSED_ENDINGS and not (final == _HIEUH and len(stem) >= 2)
    if len(stem) < 2:
        return False
    if stem[-1] in "하되나":
        return True  # 친하게, 해결되는, 화나다: an infinitive that is the stem itself (나) or
        # the light verb's, so a noun read so (하나는) loses only what a particle would
    return medial == _EU and initial in _EU_INITIALS and ending not in ("는", "나")


def _stem_form(word: str) -> str | None:
    """The infinitive of a stem and an ending: 나쁘다 -> 나빠, 친하게 -> 친해, 좋냐 -> 좋아."""
    for stem, ending in _split_tail(word, _ENDINGS | {"음"}):
        parts = _jamo(stem[-1])
        if parts is not None and parts[2] in (_NIEUN, _RIEUL):
            # ㄴ or ㄹ merged into an open stem (한다, 화난다, 철거된게, 할게): read as any other
            # closed stem, it was an infinitive no form has. Only 만들다's ㄹ is the stem's.
            opened = stem[:-1] + _syllable(parts[0], parts[1])
            if _is_predicate_stem(opened, ending):
                return infinitive(opened)
            if parts[2] == _NIEUN or not ending.startswith("다"):
                continue
        if _is_predicate_stem(stem, ending):
            return infinitive(stem)
    return None


def _merged_form(word: str) -> str | None:
    """The infinitive of a form whose ending merged into the stem's last syllable, or of an
    adnominal or nominal ending of its own: 친한 -> 친해, 나쁨 -> 나빠, 화난 -> 화나, 좋은거
    -> 좋아, 안좋은 -> 안좋아."""
    for head, _ in _split_tail(word, _ADNOMINAL_TAILS):
        parts = _jamo(head[-1])
        if parts is None:
            continue
        initial, medial, final = parts
        opened = head[:-1] + _syllable(initial, medial)
        if head[-1] in ("은", "을", "음") and len(head) >= 2:
            # 좋은, 많은, 싫은: after ㅎ, ㄶ or ㅀ, which end no noun, 은 and 을 are no particle.
            closing = _jamo(head[-2])
            if closing is not None and closing[2] in (_HIEUH, _NIEUN_HIEUH, _RIEUL_HIEUH):
                return infinitive(head[:-1])
            continue
        if final not in (_NIEUN, _MIEUM, _RIEUL) or len(head) < 2:
            continue
        if opened[-1] in "하되" or (
            final != _RIEUL
            and (
                (medial == _EU and initial in (_SSANGBIEUP_INITIAL, _PIEUP_INITIAL))
                or opened[-1] == "나"
            )
        ):
            return infinitive(opened)
    return None


def _infinitive_form(word: str) -> str | None:
    """An infinitive before 서, 도, 요 or the auxiliary 지다: 나빠서 -> 나빠, 좋아진 -> 좋아."""
    for head, tail in _split_tail(word, _INFINITIVE_TAILS | _BECOME, shortest=2):
        parts = _jamo(head[-1])
        if tail == "요" and head[-1] in _QUESTION_SYLLABLES:
            continue  # 될까요, 되나요, 했대요: a question's ending, which korean.py reads
        if parts is not None and parts[2] == 0 and parts[1] in _INFINITIVE_VOWELS:
            return head
    return None


# Two-syllable nouns that end in 해 (피해 "damage", 이해, 견해, 화해): at the end of a compound
# (전쟁피해, 인권침해) they are no light verb.
_HAE_NOUNS = frozenset(
    "피해 침해 이해 견해 재해 방해 손해 오해 살해 화해 가해 상해 수해 폐해 분해 공해 영해 근해 연해"
    " 동해 서해 남해 북해".split()
)


def _bare_infinitive(word: str) -> str | None:
    """An infinitive with no ending, where it is recognisably one: a noun's light verb
    (사과해, 체결돼), the 어하다 of feelings (싫어해, 좋아해), a glued negation (안좋아)."""
    if len(word) < 3:
        return None
    if word.endswith(("해", "돼")) and word[-2:] not in _HAE_NOUNS:
        return word
    last = _jamo(word[-1])
    if word[0] in "안못" and last is not None and last[2] == 0 and last[1] in _INFINITIVE_VOWELS:
        return word
    return None


def _key(form: str) -> str:
    """The key of an infinitive: without auxiliaries (나빠져 -> 나빠), the noun of a light verb
    (사과해 -> 사과), without a glued 안 or 못 (안좋아 -> 좋아); "" when only a light verb is
    left."""
    while form not in _LIGHT and len(form) >= 2:  # (the else: a light form, or too short)
        for aux in _AUXILIARIES:
            if form.endswith(aux) and len(form) - len(aux) >= 2:
                before = _jamo(form[-len(aux) - 1])
                if before is not None and before[2] == 0 and before[1] in _INFINITIVE_VOWELS:
                    form = form[: -len(aux)]
                    break
        else:
            break
    else:
        return ""
    for light in _LIGHT_VERBS:
        if form.endswith(light) and len(form) > len(light):
            noun = form[: -len(light)]
            if len(noun) >= 2:
                return noun  # a noun's light verb: 사과해 -> 사과
            return form if light == "해" else ""
    if len(form) == 2 and form[1] in "아어":
        closed = _jamo(form[0])
        if closed is not None and closed[2] and closed[2] not in _ADJECTIVE_FINALS:
            return ""  # a one-syllable verb (틀어, 받아, 먹어): no token, as before
    if form[0] in "안못" and len(form) >= 3:
        last = _jamo(form[-1])
        # Negation glued to an adjective's infinitive (안좋아, 안나빠), not a noun (안전, 안정).
        if last is not None and last[2] == 0 and last[1] in _INFINITIVE_VOWELS:
            return _key(form[1:])
    return form


def predicate_key(word: str) -> str | None:
    """The key of a Korean word that is a predicate's form (see the module's docstring): its
    infinitive, or the noun of a noun + 하다/되다; "" for a light verb (있었어, 했다); None when
    the word is no form recognisably a predicate's, which korean.py then reads as before."""
    if len(word) < 2:
        return None
    form = (
        _past(word)
        or _stem_form(word)
        or _merged_form(word)
        or _infinitive_form(word)
        or _bare_infinitive(word)
    )
    return None if form is None else _key(form)
