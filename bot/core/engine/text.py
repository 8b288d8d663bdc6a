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
from .japanese import in_katakana, japanese_core
from .korean import final_consonant, korean_core
from .memo import MEMO_TEXT_CHARS, MEMO_WORD_CHARS, keep
from .scripts import HAN_KATA, HANGUL, LATIN_TOKEN, SCRIPT_BOUNDARY, SCRIPT_RUNS, is_cjk
from .simplify import simplify
from .stemming import singular_words, stem
from .stopwords import ENGLISH_STOPWORDS, GENERIC_WORDS


def _informative(word: str) -> bool:
    if len(word) <= 1 or word in ENGLISH_STOPWORDS or word in GENERIC_WORDS:
        return False
    # An inflection of a filler word is filler too: "meaning", "happening", "things".
    root = stem(word)
    return root == word or (root not in ENGLISH_STOPWORDS and root not in GENERIC_WORDS)


def _bigrams(run: str) -> list[str]:
    if len(run) <= 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


APPLIED_MEMO = 1 << 16  # texts an AliasTable remembers in `applied` before starting over


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
                    katakana = in_katakana(key) if group.kind == "alias" else ""
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
            simplified = SCRIPT_BOUNDARY.sub(" ", simplified)
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
        and final_consonant(text[at - 1]) == _FINAL_N
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
    return token if "_" in token or not LATIN_TOKEN.fullmatch(token) else stem(token)


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
        after_latin = LATIN_TOKEN.fullmatch(word) is not None
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
    if LATIN_TOKEN.fullmatch(word):
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
    for run in SCRIPT_RUNS.findall(word):
        if LATIN_TOKEN.fullmatch(run):
            if "_" in run or run.isdigit():
                out.append([run])
            elif keep_stopwords or _informative(run):
                out.append([stem(run)])
        elif HANGUL.fullmatch(run):
            core = korean_core(run, keep_stopwords)
            if core:
                out.append(_bigrams(core))
        elif HAN_KATA.fullmatch(run):
            core = japanese_core(run, keep_stopwords)
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
