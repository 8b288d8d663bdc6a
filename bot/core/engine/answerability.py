"""Answer only what was asked: rules a match must pass besides its score.

The score rewards covering the question's informative words, so on its own it answers a message
whose one content word happens to occur in a fact ("source?", "based", "help"), and a question
about North Korea or China with a fact about the South that shares its other words. A wrong
answer with a source attached is worse than none, so a confident score must also:

- come from a real question, not a chat reply or reaction ("thanks", "is that true?", "출처는?");
- rest on one distinctive word and another (a word in a large share of the facts, such as
  Japan or Korea, counts half), or on one name that a fact is entirely about ("what is
  GSOMIA"), never on one ordinary word;
- contain every specific name the question asks about (a country, person, organisation, place
  or named event from the `aliases` groups), unless a quarter of the facts name it (Japan,
  Korea, Seoul, Tokyo): that is the subject of the whole knowledge base; but a name the
  question sets its matter in ("in japan", 일본에서, 日本で: places.py) it must contain however
  many facts name it;
- be able to give the kind of answer asked for: a year or date for "when", a number for
  "how many / how much", a reason for "why", a superlative or a majority for "the most / the
  best / 가장 / 一番" ("which kpop group has the most japanese fans" is not answered by a
  list of groups that debuted in Japan);
- not be asked for a verdict ("who is right about dokdo"): the sources report, they do not judge.

The kinds of answer asked for and given are read in kinds.py, a verdict asked for in framing.py;
what the rules read of the facts and their index is prepared in ruledata.py, and the rules over
the question alone (is it chat?) are in questionrules.py; here are the rules that weigh the
question against one fact (`Answerability.judge`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .kinds import KIND_NAMES, Wants, answer_kinds
from .queryslots import Slot
from .questionrules import QuestionRules
from .search import Index
from .simplify import simplify
from .stemming import stem

# A fact is about a name when at least this share of its phrasings name it.
ABOUT_SHARE = 0.5
# Matched words a fact needs (a common word counts half): one distinctive word and another.
MIN_WORDS = 1.5
# The nouns members put after a name to call it a topic ("the comfort women issue", 위안부 문제,
# 慰安婦問題; aliases.yaml maps 문제 and 問題 to "issue"): beside a name they ask about the name.
_TOPIC_HEADS = frozenset(stem(w) for w in ("issue", "problem"))
# The nouns that make a name the name of a document ("the comfort women agreement", 위안부
# 합의, 慰安婦合意; aliases.yaml maps deal, pact, 합의 and 合意 to "agreement"): the pair names
# one thing, as one name does, but both words are in so many facts (half a word each) that
# the two-word rule declined it in every language.
_DOCUMENT_HEADS = frozenset(stem(w) for w in ("agreement", "treaty", "statement"))
# Korean and Japanese write the two countries as one word, Korea's first or Japan's.
_BOTH_COUNTRIES = ("한일", "일한", "韓日", "日韓")


@dataclass(frozen=True)
class Verdict:
    """Whether a fact may answer the question, and if not, why (for logs and tests)."""

    ok: bool
    reason: str = ""


class Answerability(QuestionRules):
    """The rules above, prepared once per engine over its facts and fact index."""

    def updated(self, index: Index, kept: np.ndarray, fresh_texts: Sequence[str]) -> Answerability:
        """The rules over `index`, an update of this one's index (see `Index.updated`): the
        per-entry flags of kept entries are carried over, only the fresh entries are read, and
        the shares are counted again (they depend on every entry)."""
        new = object.__new__(Answerability)
        new.__dict__.update(self.__dict__)
        new.index = index
        new._set_shares()
        kept = np.asarray(kept, dtype=np.int64)
        fresh_at = np.flatnonzero(kept < 0)
        kept_at = np.flatnonzero(kept >= 0)
        phrases = [index.phrases[i] for i in fresh_at.tolist()]
        flags = answer_kinds(fresh_texts, phrases)
        for name, fresh_flags in zip(KIND_NAMES, flags, strict=True):
            out = np.zeros(kept.size, dtype=bool)
            out[kept_at] = getattr(self, name)[kept[kept_at]]
            out[fresh_at] = fresh_flags
            setattr(new, name, out)
        return new

    # -- the question against one fact ------------------------------------------------------

    def judge(
        self,
        entry: int,
        slots: Sequence[Slot],
        wants: Wants,
        *,
        bare: bool = True,
        superlative: bool = False,
        either: Sequence[tuple[str, str]] = (),
        pairs: int = 0,
        places: Sequence[str] = (),
    ) -> Verdict:
        """May fact `entry` answer this question? Exact-token checks only, no scores.

        `bare`: the question has no word the tokenizer dropped but that may carry meaning (see
        `has_unread_words`); `superlative`: it asks for the most or the best
        (`asks_superlative`); `either`: names it offers as alternatives (`alternatives`), of
        which the fact needs one; `pairs`: how many words name both countries at once
        (`country_pairs`); `places`: the names it sets its matter in (`places`), which the fact
        needs even when most facts name them."""
        # The rules that nothing lifts come first: a close meaning may stand in for shared
        # words (decide.LIFTED_BY_MEANING), never for a missing name, date, number or reason.
        for slot in slots:
            for tid, credit in slot.alternatives:
                if (
                    credit == 1.0
                    and tid in self.entities
                    and not self._contains(entry, tid)
                    and not self._has_the_alternative(entry, slot.word, either)
                ):
                    return Verdict(False, "missing_entity")
        for name in places:
            place = self.index.vocab.get(name)
            if (
                place is not None
                and not self._contains(entry, place)
                and not self._has_the_alternative(entry, name, either)
            ):
                return Verdict(False, "missing_place")
        if wants == "time" and not self.has_time[entry]:
            return Verdict(False, "no_date")
        if wants == "number" and not self.has_number[entry]:
            return Verdict(False, "no_number")
        if wants == "reason" and not self.has_reason[entry]:
            return Verdict(False, "no_reason")
        if superlative and not self.has_superlative[entry]:
            return Verdict(False, "no_superlative")
        # Words, not tokens: the bigrams of one Korean or Japanese word count as one word.
        by_group: dict[int, list[Slot]] = {}
        for slot in slots:
            by_group.setdefault(slot.group, []).append(slot)
        matched = {g for g, group in by_group.items() if any(self._has(entry, s) for s in group)}
        weight = sum(0.5 if self._is_common(by_group[g]) else 1.0 for g in matched)
        if pairs and self._japan is not None and self._contains(entry, self._japan):
            # 한일 and 日韓 are read as South Korea alone (aliases.yaml), but they name Japan
            # too: "한일관계 요약" is "korea japan relations summary", whose three common words
            # are enough, not "korea relations", two, which are one word.
            weight += 0.5 * pairs
        # One word is enough only for a question that asks for a date or a number about it
        # ("韓国併合は何年"), or for a bare name that the fact is entirely about ("gsomia?").
        if weight < MIN_WORDS and not (
            matched and (wants is not None or (bare and self._is_about_exactly(entry, slots)))
        ):
            return Verdict(False, "one_word")
        return Verdict(True)

    def country_pairs(self, question: str) -> int:
        """How many words of the question name South Korea and Japan at once (한일관계,
        日韓関係, 韓日, 일한): one word for the two countries, which the aliases read as South
        Korea's name (a word has one group), and which `judge` counts as Japan's too."""
        text = simplify(question)
        return sum(text.count(word) for word in _BOTH_COUNTRIES)

    def _has_the_alternative(
        self, entry: int, word: str, either: Sequence[tuple[str, str]]
    ) -> bool:
        """Whether the fact names the other name of a pair that `word` is one of."""
        for first, second in either:
            other = second if word == first else first if word == second else None
            tid = self.index.vocab.get(other) if other is not None else None
            if tid is not None and self._contains(entry, tid):
                return True
        return False

    def _is_common(self, group: Sequence[Slot]) -> bool:
        return all(
            tid in self.common for slot in group for tid, credit in slot.alternatives if credit == 1
        ) and any(credit == 1 for slot in group for _, credit in slot.alternatives)

    def _is_about_exactly(self, entry: int, slots: Sequence[Slot]) -> bool:
        # One name alone ("gsomia?") may be answered by a fact about that name: one with a
        # phrasing that is exactly the name ("what is GSOMIA"), or whose phrasings name it in
        # most of them (the fact is about it, not about something it mentions on the way).
        # The name with a head noun ("the comfort women issue", 위안부 문제) asks about the
        # topic as a whole: only a fact with a phrasing that is exactly the name answers it,
        # since many facts name the comfort women in most of their phrasings.
        # A name with a document's head noun ("the comfort women agreement") names that
        # document: answered, like the headed name, only by a fact with a phrasing that is
        # exactly the pair ("위안부 합의란?"), since the name and the head noun are each in
        # many facts that only mention the document.
        words = sorted({s.word for s in slots})
        headed = len(words) > 1 and any(w in _TOPIC_HEADS for w in words)
        if headed:
            words = [w for w in words if w not in _TOPIC_HEADS]
        start = int(self.index.phrase_starts[entry])
        end = int(self.index.phrase_starts[entry + 1])
        if self._names_a_document(words):
            return any(sorted(key.split()) == words for key in self.index.phrase_keys[start:end])
        if len(words) != 1 or words[0] not in self.names:
            return False
        keys = [key.split() for key in self.index.phrase_keys[start:end]]
        if any(key == words for key in keys):
            return True
        if headed:
            return False
        naming = sum(1 for key in keys if words[0] in key)
        return bool(keys) and naming >= ABOUT_SHARE * len(keys)

    def _names_a_document(self, words: Sequence[str]) -> bool:
        """True if the words are a name and a document's head noun ("comfort women agreement")."""
        if len(words) != 2:
            return False
        heads = [w for w in words if w in _DOCUMENT_HEADS]
        return len(heads) == 1 and next(w for w in words if w not in heads) in self.names

    def _has(self, entry: int, slot: Slot) -> bool:
        return any(credit >= 0.8 and self._contains(entry, t) for t, credit in slot.alternatives)

    def _contains(self, entry: int, tid: int) -> bool:
        start = int(self.index.posting_offsets[tid])
        end = int(self.index.posting_offsets[tid + 1])
        postings = self.index.posting_entries[start:end]
        at = int(np.searchsorted(postings, entry))
        return at < postings.size and int(postings[at]) == entry
