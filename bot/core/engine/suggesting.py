"""Facts offered rather than answered: the suggestions beside an answer or a decline, the
completions of a half-typed question (autocomplete), and /fact search.

Each offers a fact by one of its phrasings, in the script the member types; none decides
whether a fact answers. A mixin of `Engine` (answer.py) over the same state, apart from the
answering because Discord's autocomplete calls it on every keystroke and never asks.
"""

from __future__ import annotations

import re

import numpy as np

from ..knowledge.models import Suggestion
from .cleaning import without_surrogates
from .composing import may_become
from .enginestate import EngineState
from .markup import strip_chat_markup
from .simplify import simplify
from .tokens import tokenize

SUGGESTION_FLOOR = 0.2
AUTOCOMPLETE_LIMIT = 25
# Names a half-typed Korean or Japanese word is completed to, shortest first (`complete`).
COMPLETED_NAMES = 4
# A half-typed Latin word shorter than this is not completed to a name ("do" to dokdo).
MIN_COMPLETED = 3
# The Korean or Japanese word a partial question ends with, lone Korean letters included.
_CJK_TAIL = re.compile(
    r"[\u1100-\u1112\u3131-\u318e\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]+$"
)
CHOICE_NAME_LIMIT = 100


class Suggesting(EngineState):
    """The facts the engine offers for what was asked or typed."""

    def _suggestion(
        self,
        entry: int,
        score: float,
        simple_question: str,
        texts: dict[int, np.ndarray] | None = None,
    ) -> Suggestion:
        """A fact offered for the question, in the question's script, by the phrasing closest
        in meaning to it when its texts' cosines are known (`Consideration.texts`), else by
        its words."""
        fact = self.facts[entry]
        among = self.fact_index.in_script_of(entry, simple_question)
        cosines = texts.get(entry) if texts is not None else None
        if cosines is not None and among and cosines.size > max(among):
            phrase = fact.questions[among[int(np.argmax(cosines[among]))]]
        else:
            phrase = self.fact_index.closest_phrase(entry, simple_question, among)
        return Suggestion(fact.id, phrase, score)

    # -- autocomplete ---------------------------------------------------------------------

    def complete(self, partial: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[Suggestion]:
        """Fact questions matching what the user has typed so far (for autocomplete)."""
        limit = max(0, min(limit, AUTOCOMPLETE_LIMIT))
        partial = (
            strip_chat_markup(without_surrogates(partial[: CHOICE_NAME_LIMIT * 3]))
            if isinstance(partial, str)
            else ""
        )
        ends_mid_word = bool(partial) and not partial[-1].isspace()
        queries = (
            self._completed_names(partial) or self._completed_latin_names(partial)
            if ends_mid_word
            else []
        )
        if tokenize(partial, self.aliases):
            queries.insert(0, partial)
        if not queries:
            return [Suggestion(f.id, _choice(f.questions[0]), 0.0) for f in self.facts[:limit]]
        # Each fact at its best score; on a tie, what was typed before a completion of it.
        best: dict[int, tuple[float, int, str]] = {}
        for order, query in enumerate(queries):
            simple = simplify(query)
            for h in self.fact_index.search(query, limit=limit, prefix_last=ends_mid_word):
                if h.entry not in best or h.score > best[h.entry][0]:
                    best[h.entry] = (h.score, order, simple)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
        return [
            Suggestion(
                self.facts[entry].id,
                _choice(self.fact_index.best_phrase(entry, simple)),
                score,
            )
            for entry, (score, _, simple) in ranked[:limit]
        ]

    def _completed_names(self, partial: str) -> list[str]:
        """`partial` with its last Korean or Japanese word completed to each name it may be
        the start of (at most a few): "독" or "독ㄷ" (독도 half-typed), "위안" (위안부),
        "たけ" (たけしま), "竹" (竹島). Such a start has no token the facts share, or a wrong
        one (a lone syllable is no bigram; 위안부 is read as its canonical name, so the facts
        hold no bigram 위안), and autocomplete offered the first facts in English, or nothing."""
        tail = _CJK_TAIL.search(partial)
        if tail is None:
            return []
        typed = tail.group()
        head = partial[: tail.start()]
        out: list[str] = []
        seen: set[str] = set()
        for name, token in sorted(self.aliases.cjk_canonical.items(), key=lambda kv: len(kv[0])):
            if token not in seen and name != typed and may_become(typed, name):
                seen.add(token)
                out.append(head + name)
                if len(out) == COMPLETED_NAMES:
                    break
        return out

    def _completed_latin_names(self, partial: str) -> list[str]:
        """`partial` with its last words completed to each Latin-script alias name they may
        be the start of (at most a few, the shortest first): "dok" (dokdo), "where is samp"
        (sample rocks), "liancourt ro". Such a name reads as its group's canonical token, which
        the facts hold and the half-typed word does not start, so the prefix search found no
        fact with it: "dok", "takesh" and "gsom" got nothing, "dokd" an unrelated fact. A
        word of fewer than MIN_COMPLETED letters is completed only inside a longer name."""
        words = simplify(partial).split()
        if not words or not words[-1].isalpha() or not words[-1].isascii():
            return []
        last = words[-1]
        before = set(words[:-1])
        candidates: list[tuple[int, str, str]] = []
        for name, token in self.aliases.phrases.items():
            if not name[0].startswith(last) and name[0] not in before:
                continue  # most names: neither begun by the last word nor by one before it
            for k in range(1, min(len(name), len(words)) + 1):
                typed, whole = words[len(words) - k :], name[: k - 1]
                if (
                    typed[:-1] == list(whole)
                    and name[k - 1] != last
                    and name[k - 1].startswith(last)
                    and (k > 1 or len(last) >= MIN_COMPLETED)
                ):
                    head = " ".join(words[: len(words) - k])
                    candidates.append((len(" ".join(name)), token, f"{head} {' '.join(name)}"))
                    break
        out: list[str] = []
        seen: set[str] = set()
        for _, token, query in sorted(candidates):
            if token not in seen:
                seen.add(token)
                out.append(query.strip())
                if len(out) == COMPLETED_NAMES:
                    break
        return out

    def search_facts(self, query: str, limit: int = 50) -> list[Suggestion]:
        """Facts matching a query, for /fact search: by id fragment or by content."""
        query = without_surrogates(query)
        needle = simplify(query).replace(" ", "-")
        by_id = [f for f in self.facts if needle and needle in f.id]
        out = [Suggestion(f.id, f.questions[0], 1.0) for f in by_id[:limit]]
        seen = {s.fact_id for s in out}
        for hit in self.fact_index.search(query, limit=limit):
            fact = self.facts[hit.entry]
            if fact.id not in seen and hit.score >= SUGGESTION_FLOOR:
                out.append(Suggestion(fact.id, fact.questions[0], hit.score))
                seen.add(fact.id)
        return out[:limit]


def _choice(text: str) -> str:
    return text if len(text) <= CHOICE_NAME_LIMIT else text[: CHOICE_NAME_LIMIT - 1] + "…"
