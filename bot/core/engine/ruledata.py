"""What the answerability rules read, prepared once per engine over its facts and index.

The chat words without the knowledge's topics, the names the knowledge writes in hiragana, the
alias groups' names, which of them a quarter of the entries contain (the subject of the whole
knowledge base, which a fact need not repeat), which words are common (half a word each), and
the kinds of answer each entry gives. The rules themselves are in questionrules.py (the
question alone) and answerability.py (the question against one fact).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..knowledge.models import AliasGroup
from .aliases import AliasTable, name_token
from .chatwords import CHAT_WORDS, HIRAGANA
from .kinds import answer_kinds
from .search import Index
from .simplify import simplify
from .tokens import tokenize

# A name that a quarter of the entries contain is what the whole knowledge base is about (Japan,
# Korea, Seoul, Tokyo, the comfort women): a fact need not repeat it to answer about it. Other
# names (the United States, North Korea, China) must be in the fact that answers.
SUBJECT_SHARE = 0.25
# A word in this share of the entries says little about which one is meant (half a word).
UBIQUITOUS_SHARE = 0.12
MIN_ENTRIES_FOR_COMMON = 20
# Canonical tokens of the offices (aliases.yaml: president, 대통령, 大統領; prime minister, PM,
# 총리, 首相; emperor, 천황, 天皇; ambassador; foreign minister).
OFFICE_TOKENS = ("president", "prime_minister", "emperor", "ambassador", "foreign_minister")


class RuleData:
    """The data of the rules (`answerability.Answerability`), built from the facts and index."""

    def __init__(
        self,
        index: Index,
        aliases: AliasTable,
        groups: Sequence[AliasGroup],
        answer_texts: Sequence[str],
        kinds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """`answer_texts`: for each entry of `index`, the text it answers from (a fact's answer
        and quotes, or a passage). `kinds`: the per-entry flags `answer_kinds` gives for them,
        when already computed (a cold build's workers compute them file by file)."""
        self.index = index
        self.aliases = aliases
        # Chat words are read without aliases: an alias may map a chat word to a topic ("agree"
        # to "agreement"), and a topic is never chat.
        topics = {name_token(g.canonical) for g in groups}
        self.chat_tokens = frozenset(t for w in CHAT_WORDS for t in tokenize(w)) - topics
        # The same words as said, stopwords kept ("lol", "again"): to tell a reaction from a
        # question, every chat word counts, not only those the matcher reads.
        self.chat_said = (
            frozenset(t for w in CHAT_WORDS for t in tokenize(w, keep_stopwords=True)) - topics
        )
        # ... yet a name the knowledge writes in hiragana is a topic, not chat: "たけしま" and
        # "いあんふとは?" read as nothing were declined as small talk, while "竹島" and "慰安婦と
        # は?" were answered. Those names alone are read before the chat rules (`is_chat`).
        self.kana_names = AliasTable.build(
            AliasGroup(g.canonical, kana)
            for g in groups
            if g.kind == "alias"
            and (kana := tuple(n for n in g.names if HIRAGANA.fullmatch(simplify(n))))
        )
        self._groups = tuple(groups)
        self._set_shares()
        if kinds is None:
            kinds = answer_kinds(
                answer_texts, index.phrases if len(index.phrases) == len(answer_texts) else None
            )
        self.has_time, self.has_reason, self.has_number, self.has_superlative = kinds

    def _set_shares(self) -> None:
        """The names and words whose weight depends on how many entries contain them."""
        index = self.index
        size = index.size
        common = max(1, int(size * UBIQUITOUS_SHARE))
        subject = max(1, int(size * SUBJECT_SHARE))
        names: set[str] = set()
        entities: set[int] = set()
        for group in self._groups:
            if group.kind != "alias":
                continue
            token = name_token(group.canonical)
            names.add(token)
            tid = index.vocab.get(token)
            if tid is None:
                continue
            count = int(index.posting_offsets[tid + 1] - index.posting_offsets[tid])
            if count < subject or size < MIN_ENTRIES_FOR_COMMON:
                entities.add(tid)
        # The offices people hold are named like people: "who was president when ..." is not
        # answered by a fact that names no president, however common the word is.
        entities.update(
            tid for tid in (index.vocab.get(token) for token in OFFICE_TOKENS) if tid is not None
        )
        self.names = frozenset(names)
        self.entities = frozenset(entities)
        self._japan = index.vocab.get(name_token("Japan"))
        # Words in a large share of entries (japan, korea, relations) say little about which
        # entry is meant: in the two-word rule each counts as half a word.
        # (A knowledge base of a handful of entries has no such words: every word is rare.)
        counts = np.diff(index.posting_offsets)
        self.common = frozenset(
            int(t) for t in np.flatnonzero(counts >= common) if size >= MIN_ENTRIES_FOR_COMMON
        )
