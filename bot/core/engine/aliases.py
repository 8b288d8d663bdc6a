"""The alias table: every name of a thing (Dokdo, Takeshima, 독도, 竹島, the Liancourt Rocks)
replaced by one canonical token, so that a question finds a fact whichever name either uses.

Read by the tokenizer before it splits a text into tokens, by the fidelity checks that a fact
names what its quotes name, and by the answer rules that look a name up (`name_token`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress

from ..knowledge.models import AliasGroup
from .japanese import in_katakana
from .korean import final_consonant
from .memo import MEMO_TEXT_CHARS, MEMO_WORD_CHARS, keep
from .predicates import predicate_key
from .scripts import HANGUL, LATIN_TOKEN, SCRIPT_BOUNDARY, is_cjk
from .simplify import simplify
from .stemming import singular_words, stem

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
                simplified = self._apply_cjk(self._predicates_named(simplified))
            # A Latin name glued to Korean or Japanese ("gsomiaって", "dokdo는") is still a word.
            simplified = SCRIPT_BOUNDARY.sub(" ", simplified)
        if not self.phrases:
            return simplified
        # The irregular plurals as their singular, as the names were indexed: "asian woman's
        # fund" asked is the "Asian Women's Fund" listed.
        words = singular_words(simplified.split())
        if not _INFO_WORDS.isdisjoint(words):
            words = _without_info_requests(words)
        # Each word that starts no name is looked up by its stem (`_readings`).
        readings = self._readings(words) if self.stems else list(words)
        if self.longest.keys().isdisjoint(words):  # no word starts a name (most texts)
            return " ".join(readings)
        out: list[str] = []
        done = 0  # the words before this one are read
        longest = self.longest
        # Only the words that start a name are looked at one by one: the runs between them
        # are copied whole from their readings (a Python step per word was most of this for
        # the texts that name something, two in five of a cold build's, most of the shipped).
        for at in compress(range(len(words)), map(longest.get, words)):
            if at < done:
                continue  # inside a name read already
            out.extend(readings[done:at])
            most = longest[words[at]]
            if words[at] == "n" and out and out[-1] in self.tokens:
                # Chat's "n" for "and" after a name ("japan n korea", "japanese n koreans")
                # starts no name: "n korea" is North Korea only where no name comes before.
                most = 0
            for size in range(min(most, len(words) - at), 0, -1):
                token = self.phrases.get(words[at : at + size])
                if token is not None:
                    out.append(token)
                    done = at + size
                    break
            else:
                out.append(readings[at])
                done = at + 1
        out.extend(readings[done:])
        return " ".join(out)

    def _readings(self, words: tuple[str, ...]) -> list[str]:
        """Each word as the token of the name it is a stem of, or as itself (`_word`): from
        the memo in one `map`, in C, and a Python step for each only when one is new (a cold
        build's workers read about a million texts)."""
        found = list(map(self._words.get, words))
        if all(found):  # (a word and its reading are never empty: only a new one is None)
            return found  # type: ignore[return-value]
        return [known or self._word(word) for known, word in zip(found, words, strict=True)]

    def _word(self, word: str) -> str:
        """A word that starts no name: the token of the name it is a stem of, or itself."""
        found = self.stems.get(stem(word), word)
        keep(self._words, word, found, APPLIED_MEMO, MEMO_WORD_CHARS)
        return found

    def _predicates_named(self, text: str) -> str:
        """The text with each Korean word that is a form of a predicate named by its key (its
        infinitive: predicates.py) written as that key, where no name is in the word as
        written: 싫다, 싫은, 싫었어 are the name 싫어 ("dislike") as 싫어해 is, 만난 the name 만나
        ("meeting") as 만나는 is. (Names are found as substrings: a form that changes the
        stem's last syllable holds none.)"""
        words = text.split(" ")
        for i, word in enumerate(words):
            if len(word) >= 2 and HANGUL.fullmatch(word) and not self._names_in(word):
                key = predicate_key(word)
                if key and key in self.cjk_canonical:
                    words[i] = key
        return " ".join(words)

    def _names_in(self, word: str) -> bool:
        """True if a CJK name is in `word`."""
        return any(
            word.startswith(name, i)
            for i, first in enumerate(word)
            for name in self.cjk_by_first.get(first, ())
        )

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
