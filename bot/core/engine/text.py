"""Text normalisation shared by the index and the query, so both sides always agree.

The pipeline is: NFKC + casefold, drop invisible characters, simplify punctuation, replace every
alias name by its canonical token, then split into tokens. Latin words are lightly stemmed;
Korean words lose their trailing particles; Han/Katakana/Hangul runs become character bigrams,
because neither language puts spaces where English does and bigrams survive inflection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..knowledge.models import AliasGroup
from .memo import MEMO_TEXT_CHARS, MEMO_WORD_CHARS, keep
from .simplify import simplify
from .stemming import singular_words, stem
from .stopwords import CJK_STOPWORDS, ENGLISH_STOPWORDS, GENERIC_WORDS

_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_HAN_KATA = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\u30a0-\u30ff\uf900-\ufaff]+")
_CJK_ANY = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
_LATIN_TOKEN = re.compile(r"[a-z0-9_]+")
_SCRIPT_BOUNDARY = re.compile(
    r"(?<=[a-z_])(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff])"
    r"|(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff])(?=[a-z_])"
)
_SCRIPT_RUNS = re.compile(
    r"[\uac00-\ud7a3]+|[\u4e00-\u9fff\u3400-\u4dbf\u30a0-\u30ff\uf900-\ufaff]+|[\u3040-\u309f]+|[a-z0-9_]+"
)

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


def _final_consonant(syllable: str) -> int:
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
        or _final_consonant(word[-3]) != _BIEUP
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
                and _final_consonant(word[-len(ending) - 1]) in (_SSANGSIOT, _SIOT)
            ):
                word = word[: -len(ending) - 1]
                break
    # The tense or light verb before the ending ("체결했었지" -> 체결했었 -> 체결), and a past
    # stem whose ending was read as a particle ("끝났냐" -> 끝났, "관련있" -> 관련): no noun
    # ends in a syllable with ㅆ.
    while len(word) >= 2 and (
        word[-1] in _LIGHT_SYLLABLES or _final_consonant(word[-1]) == _SSANGSIOT
    ):
        word = word[:-1]
    if len(word) == 2 and word[0] in _LIGHT_STEMS and word[1] in _SHORT_TAILS:
        return ""  # 맞죠, 맞나, 있어, 없음: a light verb with a one-syllable ending
    return "" if word in _LIGHT_STEMS or len(word) < 2 else word


def _informative(word: str) -> bool:
    if len(word) <= 1 or word in ENGLISH_STOPWORDS or word in GENERIC_WORDS:
        return False
    # An inflection of a filler word is filler too: "meaning", "happening", "things".
    root = stem(word)
    return root == word or (root not in ENGLISH_STOPWORDS and root not in GENERIC_WORDS)


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


# Japanese filler at the edge of a kanji run: kanji words are not separated by spaces or
# kana, so "結局何が決まった" gives the run 結局何, whose bigrams 結局 and 局何 are no topic.
# Only words of two characters or more are cut, and only when what is left is empty or still
# a word of two (一体化 keeps its 一体; a single kanji such as 教 would cut 教科書).
_JAPANESE_EDGE_FILLERS = tuple(
    sorted(
        {w for w in CJK_STOPWORDS if len(w) >= 2 and _HAN_KATA.fullmatch(w)}
        | set("結局 当時 一体 実際 大体 正直 全然 一応".split()),
        key=len,
        reverse=True,
    )
)
_JAPANESE_QUESTION_TAILS = ("何", "誰")


def _without_japanese_fillers(run: str) -> str:
    """The kanji run without filler words at its start or end, and without a question word
    glued to its end ("併合何年" -> 併合, "結局何" -> "")."""
    while True:
        for word in _JAPANESE_EDGE_FILLERS:
            if run.startswith(word) and (len(run) == len(word) or len(run) - len(word) >= 2):
                run = run[len(word) :]
                break
            if run.endswith(word) and len(run) - len(word) >= 2:
                run = run[: -len(word)]
                break
        else:
            if run.endswith(_JAPANESE_QUESTION_TAILS) and len(run) >= 3:
                run = run[:-1]
                continue
            return run


def _bigrams(run: str) -> list[str]:
    if len(run) <= 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def is_cjk(text: str) -> bool:
    """True if the text contains any Korean or Japanese/Chinese character."""
    return _CJK_ANY.search(text) is not None


APPLIED_MEMO = 1 << 16  # texts an AliasTable remembers in `applied` before starting over


_HIRAGANA_NAME = re.compile(r"[\u3041-\u3096]+")


def _in_katakana(name: str) -> str:
    """A name written wholly in hiragana, in katakana (やすくに -> ヤスクニ, いあんふ -> イアンフ),
    or "" for any other name. Japanese writes a name in katakana too (for emphasis or
    distance), and the hiragana one alone missed it: "ヤスクニ" and "イアンフ" were unknown
    words while やすくに and いあんふ named their topics. Only this way round: a katakana name
    is mostly a loanword, and in hiragana it is often another word (ドイツ/どいつ,
    ホンダ/ほんだ). Terms are left alone too: いつ in katakana is the end of ドイツ."""
    if not _HIRAGANA_NAME.fullmatch(name):
        return ""
    return "".join(chr(ord(c) + 0x60) for c in name)


@dataclass(frozen=True)
class AliasTable:
    """Replaces every alias name with one canonical token (spaces in it become underscores).

    Latin-script names are matched on whole words with a dictionary of word n-grams (fast
    enough for 100,000 facts); Korean/Japanese names are matched as substrings, because those
    languages attach particles to words, with one regex used only on text that contains them.
    A one-word Latin name also stands for its other inflections ("annexed" listed, "annex" and
    "annexing" asked): a word that is no name is looked up by its stem, when that stem belongs
    to the names of one group only.
    """

    phrases: dict[tuple[str, ...], str]
    longest: dict[str, int]  # first word of a name -> the most words a name starting with it has
    cjk_by_first: dict[str, tuple[str, ...]]  # first character -> names, longest first
    cjk_canonical: dict[str, str]
    stems: dict[str, str] = field(default_factory=dict)  # stem of a one-word name -> token
    tokens: frozenset[str] = frozenset()  # every canonical token (see `apply`: "japan n korea")
    # Texts already simplified and replaced (`applied`): a fact's question is read by the
    # fidelity checks, the cross-check and the index, its quotes by two of them. Bounded;
    # never pickled (an engine snapshot holds its table).
    _memo: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # Each word read as it stands for a name's stem (`stems`), or as written: remembered, as
    # nine words in ten of a text start no name and are only looked up so. Never pickled.
    _words: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, groups: Iterable[AliasGroup]) -> AliasTable:
        """Index all names; on overlap the longest name wins."""
        phrases: dict[tuple[str, ...], str] = {}
        cjk: dict[str, str] = {}
        for group in groups:
            token = canonical_token(group.canonical)
            for name in (group.canonical, *group.names):
                key = simplify(name)
                if not key:
                    continue
                if is_cjk(key):
                    cjk.setdefault(key, token)
                    if " " in key:
                        # Korean spacing varies with the writer ("누구 거" / "누구거", "고노
                        # 담화" / "고노담화"), and a Japanese name written with a middle dot
                        # ("ワールド・ベースボール・クラシック") is typed without it: the name
                        # written with a space is the name without it too.
                        cjk.setdefault(key.replace(" ", ""), token)
                    katakana = _in_katakana(key) if group.kind == "alias" else ""
                    if katakana:
                        cjk.setdefault(katakana, token)
                else:
                    phrases.setdefault(singular_words(key.split()), token)
        by_first: dict[str, list[str]] = {}
        for name in sorted(cjk, key=len, reverse=True):
            by_first.setdefault(name[0], []).append(name)
        longest: dict[str, int] = {}
        for phrase in phrases:
            longest[phrase[0]] = max(longest.get(phrase[0], 0), len(phrase))
        return cls(
            phrases,
            longest,
            {k: tuple(v) for k, v in by_first.items()},
            cjk,
            _stems_of(phrases),
            frozenset(phrases.values()) | frozenset(cjk.values()),
        )

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the memos of `applied` and of words."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_memo", "_words")}

    def __setstate__(self, state: dict[str, object]) -> None:
        """Unpickled with empty memos (the dataclass is frozen: set through object)."""
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_memo", {})
        object.__setattr__(self, "_words", {})

    def applied(self, text: str) -> str:
        """`apply(simplify(text))`, remembered for the last texts (the same text is read by
        several checks of a load; a pure function of the text, so the memo changes nothing)."""
        memo = self._memo
        found = memo.get(text)
        if found is None:
            found = self.apply(simplify(text))
            keep(memo, text, found, APPLIED_MEMO, MEMO_TEXT_CHARS)
        return found

    def apply(self, simplified: str) -> str:
        """Replace alias names in already simplified text with their canonical tokens."""
        if not simplified.isascii() and is_cjk(simplified):
            if self.cjk_by_first:
                simplified = self._apply_cjk(simplified)
            # A Latin name glued to Korean or Japanese ("gsomiaって", "dokdo는") is still a word.
            simplified = _SCRIPT_BOUNDARY.sub(" ", simplified)
        if not self.phrases:
            return simplified
        # The irregular plurals as their singular, as the names were indexed: "asian woman's
        # fund" asked is the "Asian Women's Fund" listed.
        words = singular_words(simplified.split())
        if not _INFO_WORDS.isdisjoint(words):
            words = _without_info_requests(words)
        if self.longest.keys().isdisjoint(words):
            # No word starts a name (most texts): each word is only looked up by its stem.
            if not self.stems:
                return " ".join(words)
            known = self._words.get
            return " ".join([known(word) or self._word(word) for word in words])
        out: list[str] = []
        i = 0
        while i < len(words):
            most = self.longest.get(words[i], 0)
            if words[i] == "n" and out and out[-1] in self.tokens:
                # Chat's "n" for "and" after a name ("japan n korea", "japanese n koreans")
                # starts no name: "n korea" is North Korea only where no name comes before.
                most = 0
            for size in range(min(most, len(words) - i), 0, -1):
                token = self.phrases.get(tuple(words[i : i + size]))
                if token is not None:
                    out.append(token)
                    i += size
                    break
            else:
                out.append(self.stems.get(stem(words[i]), words[i]) if self.stems else words[i])
                i += 1
        return " ".join(out)

    def _word(self, word: str) -> str:
        """A word that starts no name: the token of the name it is a stem of, or itself."""
        found = self.stems.get(stem(word), word)
        keep(self._words, word, found, APPLIED_MEMO, MEMO_WORD_CHARS)
        return found

    def _apply_cjk(self, text: str) -> str:
        # A scan keyed by first character: a regex alternation over a thousand names is slow.
        out: list[str] = []
        i = 0
        while i < len(text):
            for name in self.cjk_by_first.get(text[i], ()):
                if (
                    text.startswith(name, i)
                    and not _is_question_ending(text, i, name)
                    and not _is_cut_short(text, i, name)
                ):
                    out.append(f" {self.cjk_canonical[name]} ")
                    i += len(name)
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)


# "Info" and "information" are the intelligence of the intelligence-sharing pact ("info sharing
# pact", "military information"), but a member asking for "info on" something asks for it, and
# names no intelligence: "any info on dokdo?", "need info on the asian womens fund" and "looking
# for info on the 1965 treaty" were read as asking about intelligence and declined. The word is
# a request where it comes first or after a word that wants or qualifies it, and "on", "about"
# or "regarding" follows; "share information on north korea" keeps it.
_INFO_WORDS = frozenset({"info", "information", "infos"})
_INFO_BEFORE = frozenset(
    """
    any some more need needs needed want wants wanted for have has got get getting find finding
    give me no basic background general good quick useful further additional extra detailed
    much little better
    """.split()
)
_INFO_AFTER = frozenset({"on", "about", "regarding", "re", "abt"})
# Info shared or exchanged is the pact's intelligence wherever the verb comes before it: "do
# japan and korea share any info on north korea" had its "any info" dropped as a request.
_INFO_SHARED = frozenset(
    "share shares shared sharing exchange exchanges exchanged exchanging swap swapping".split()
)


def _without_info_requests(words: tuple[str, ...]) -> tuple[str, ...]:
    """`words` without the "info" of a request for information (see `_INFO_WORDS`)."""
    kept: list[str] = []
    for i, word in enumerate(words):
        if (
            word in _INFO_WORDS
            and (i == 0 or words[i - 1] in _INFO_BEFORE)
            and i + 1 < len(words)
            and words[i + 1] in _INFO_AFTER
            and _INFO_SHARED.isdisjoint(words[:i])
        ):
            continue
        kept.append(word)
    return tuple(kept)


# 가요 is a name (popular songs, "music"), and the ending -ㄴ가요 of a polite question too:
# "고노담화가 뭔가요", "독도는 누구 땅인가요", "중요한가요". Read as the name there, every such
# question asked about music, 28 of the knowledge's own phrasings among them, and "고노담화가
# 뭔가요" was declined where "고노담화가 뭐예요" is answered. Ending a word right after a
# syllable with the final ㄴ, it is the ending ("최신 가요", "일본 가요" keep the name).
_ENDINGS_AFTER_N = frozenset({"가요"})
_FINAL_N = 4  # index of the final consonant ㄴ


def _is_question_ending(text: str, at: int, name: str) -> bool:
    """True if `name`, found at `at` in `text`, is a Korean question ending there, not the name."""
    end = at + len(name)
    return (
        name in _ENDINGS_AFTER_N
        and at > 0
        and _final_consonant(text[at - 1]) == _FINAL_N
        and not (end < len(text) and "\uac00" <= text[end] <= "\ud7a3")
    )


# 誰の is "whose" before a noun (誰の責任, 慰安婦って誰のこと, 誰の時代) and, ending the
# question, "whose is it": "竹島って誰の？" asks who owns the islands, as "독도 누구꺼" does.
# Read as a word of its own there only: with no word for owning left, that question got the
# coast guard's fact (the islands' name alone) instead of the one on who holds them.
_NAMES_ENDING_A_WORD = frozenset({"誰の"})


def _is_cut_short(text: str, at: int, name: str) -> bool:
    """True if `name`, found at `at` in `text`, must end a word there but more of it follows."""
    end = at + len(name)
    return name in _NAMES_ENDING_A_WORD and end < len(text) and not text[end].isspace()


def _stems_of(phrases: dict[tuple[str, ...], str]) -> dict[str, str]:
    """The stem of every one-word Latin name, mapped to its group's token when unambiguous.

    A stem shared by names of two groups (counting the stem itself when it is a name) is left
    out: the word is then read as written.
    """
    found: dict[str, set[str]] = {}
    for phrase, token in phrases.items():
        if len(phrase) == 1 and phrase[0].isalpha():
            found.setdefault(stem(phrase[0]), set()).add(token)
    for key, tokens in found.items():
        if (key,) in phrases:
            tokens.add(phrases[(key,)])
    return {
        key: next(iter(tokens))
        for key, tokens in found.items()
        if len(tokens) == 1 and len(key) >= 4
    }


def canonical_token(name: str) -> str:
    """The single token an alias group's canonical name becomes, e.g. 'liancourt_rocks'."""
    return simplify(name).replace(" ", "_")


def name_token(name: str) -> str:
    """The index token an alias group's canonical name stands for: its canonical token, and a
    one-word one stemmed like every other word ('Lotte' is 'lott' in the index, 'NewJeans'
    'newjean'), so the rules that look a name up find it."""
    token = canonical_token(name)
    return token if "_" in token or not _LATIN_TOKEN.fullmatch(token) else stem(token)


EMPTY_ALIASES = AliasTable({}, {}, {}, {})


def tokenize(
    text: str, aliases: AliasTable = EMPTY_ALIASES, *, keep_stopwords: bool = False
) -> list[str]:
    """Text to index tokens, in order, with duplicates kept."""
    memo = _WORD_MEMO[keep_stopwords]
    tokens: list[str] = []
    for word in aliases.applied(text).split():
        found = memo.get(word)
        if found is None:
            found = _remember(word, keep_stopwords)
        tokens.extend(found[1])
    return tokens


def tokenize_words(
    text: str, aliases: AliasTable = EMPTY_ALIASES, *, keep_stopwords: bool = False
) -> list[list[str]]:
    """Tokens grouped by the word they come from: a Korean or Japanese word gives several
    bigrams, and the matcher must weigh them together as one word, not as several."""
    memo = _WORD_MEMO[keep_stopwords]
    groups: list[list[str]] = []
    after_latin = False  # the word before is a Latin one: a name, or a name an alias gave
    for word in aliases.applied(text).split():
        if word in _PARTICLE_OR_NAME and not after_latin:
            groups.append([word])
        else:
            found = memo.get(word)
            if found is None:
                found = _remember(word, keep_stopwords)
            groups.extend(map(list, found[0]))
        after_latin = _LATIN_TOKEN.fullmatch(word) is not None
    return groups


# A particle that is a name as a word of its own: 이란 is "what is" after a name ("GSOMIA
# 이란?", and "영유권이란?" once the alias has made 영유권 a word of its own), but the country
# Iran at the start of a question or after a Korean word ("이란 일본 관계 어때?"). Dropped
# there as a particle left by an alias, it left "일본 관계 어때" and was answered with the
# fact on the relations of Japan and Korea.
_PARTICLE_OR_NAME = frozenset({"이란"})


# What each word of a simplified text becomes, remembered (a pure function of the word): a cold
# build tokenizes about a million texts of a vocabulary of a few tens of thousands of words,
# and the rules below cost microseconds a word. One memo with stopwords dropped, one with them
# kept: each word's token groups, and their tokens in one tuple. Bounded: cleared when full.
WORD_MEMO = 1 << 16
_Tokens = tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]
_WORD_MEMO: tuple[dict[str, _Tokens], dict[str, _Tokens]] = ({}, {})


def _remember(word: str, keep_stopwords: bool) -> _Tokens:
    groups = tuple(map(tuple, _word_tokens(word, keep_stopwords)))
    # (Most words are one group: its tuple is their tokens too, one object fewer to keep.)
    tokens = groups[0] if len(groups) == 1 else tuple(t for group in groups for t in group)
    found = (groups, tokens)
    # (A long run of kanji or hangul gives a bigram a character: such words are not kept.)
    keep(_WORD_MEMO[keep_stopwords], word, found, WORD_MEMO, MEMO_WORD_CHARS)
    return found


# An ordinal typed with digits ("dec 28th", "the 21st century") is its number: the documents
# write dates "28 December 2015", and "28th" was a word no fact holds, so "what happened on dec
# 28th 2015" lost the day and was declined where "december 28 2015" was answered.
_ORDINAL = re.compile(r"([0-9]+)(?:st|nd|rd|th)")


def _word_tokens(word: str, keep_stopwords: bool) -> list[list[str]]:
    """The token groups of one word of a simplified text (alias tokens included)."""
    if _LATIN_TOKEN.fullmatch(word):
        if "_" in word or word.isdigit():
            return [[word]]
        ordinal = _ORDINAL.fullmatch(word)
        if ordinal is not None:
            return [[ordinal[1]]]
        if keep_stopwords or _informative(word):
            return [[stem(word)]]
        return []
    return _mixed_word_tokens(word, keep_stopwords)


def _mixed_word_tokens(word: str, keep_stopwords: bool) -> list[list[str]]:
    """Tokens of a word that mixes scripts, e.g. '2007년에', 'dokdo는' or '慰安婦で多かった',
    grouped by script run."""
    out: list[list[str]] = []
    for run in _SCRIPT_RUNS.findall(word):
        if _LATIN_TOKEN.fullmatch(run):
            if "_" in run or run.isdigit():
                out.append([run])
            elif keep_stopwords or _informative(run):
                out.append([stem(run)])
        elif _HANGUL.fullmatch(run):
            if run in KOREAN_FRAGMENTS or (len(run) <= 2 and run[-1] in _PARTICLE_ENDINGS):
                continue  # a particle left on its own after an alias replaced the word before it
            core = _strip_korean_particles(run)
            if not keep_stopwords:
                bare = _strip_korean_verb_ending(core)
                core = _strip_korean_particles(bare) if bare != core else bare
            filler = (
                core in CJK_STOPWORDS
                or core.startswith(_KOREAN_REQUEST_STEMS)
                or _is_korean_question_word(run)
            )
            if (keep_stopwords or not filler) and len(core) >= 2:
                out.append(_bigrams(core))
        elif _HAN_KATA.fullmatch(run) and (keep_stopwords or run not in CJK_STOPWORDS):
            core = run if keep_stopwords else _without_japanese_fillers(run)
            if core:
                out.append(_bigrams(core))
        # Hiragana runs are particles and inflections: no topic, dropped.
    return out


def normalize_question(text: str, aliases: AliasTable = EMPTY_ALIASES) -> str:
    """A canonical string for comparing questions: tokens joined by spaces."""
    return " ".join(tokenize(text, aliases, keep_stopwords=True))


_SENTENCE_END = re.compile(
    r"[.!?][\"”’']?(?:\[\d{1,3}\]|\[citation needed\])*[\"”’']?(?=\s+[A-Z\"“(])"
)
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Vol|vs|Jr|Sr|Gen|Lt|Col|Rep|Sen|Feb|Jan|Dec|Nov|Oct|Sept|Aug))\.$"
)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences; good enough for coverage and passage search.

    A sentence ends at . ! or ? (with any closing quote and footnote markers such as [8]) before
    a capitalised word; single initials and common abbreviations ("U.S.", "Samuel J.") do not
    end a sentence.
    """
    out: list[str] = []
    for block in re.split(r"\n", text):
        block = block.strip()
        start = 0
        for match in _SENTENCE_END.finditer(block):
            head = block[start : match.start() + 1]
            if _ABBREVIATION.search(head):
                continue
            piece = block[start : match.end()].strip()
            if piece:
                out.append(piece)
            start = match.end()
        tail = block[start:].strip()
        if tail:
            out.append(tail)
    return out


# Where a sentence of a chat message ends: ? ! ; (also full-width), a full stop before a space or
# the end (not the inner dots of "U.S." or "2.5"), a line break.
_MESSAGE_SENTENCE_END = re.compile(r"[?!;。？！\n]+|\.+(?=\s|$)")


def message_sentences(text: str, aliases: AliasTable = EMPTY_ALIASES, limit: int = 4) -> list[str]:
    """The sentences of a chat message that say something (two informative words or more), when
    it has two such sentences or more; [] otherwise. Up to `limit`, in order.

    "what was the asian womens fund? my teacher mentioned it and i got lost": the message's
    vector as a whole sits between the question and the remark around it, so the matcher also
    reads each sentence on its own (`Engine.consider`)."""
    pieces = [p.strip() for p in _MESSAGE_SENTENCE_END.split(text)]
    saying = [p for p in pieces if p and len(tokenize(p, aliases)) >= 2]
    return saying[:limit] if len(saying) >= 2 else []
