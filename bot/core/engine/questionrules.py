"""The answerability rules read from the question alone, before any fact is looked at.

Is the message a question at all, or a reply, a reaction or a remark (`is_chat`)? Which names
does it offer as alternatives ("winter sonata or boa"), of which a fact needs only one? Does it
hold a Korean word too short for the index, so that it says more than its tokens show? The
rules that weigh a question against one fact are in answerability.py.
"""

from __future__ import annotations

import re

from .aboutbot import ABOUT_THE_BOT, ASKS_FOR_CONTENT, BACK_REFERENCE, WHERE_FROM_TOKENS
from .chatwords import CHAT_MARKS, JA_LAUGH, JAMO, KOREAN_QUESTION_WORDS
from .korean import KOREAN_FRAGMENTS
from .places import asked_places, may_set_a_place
from .remarks import asks, is_remark, laughs_beside_no_request
from .remarks_cjk import ends_as_question
from .ruledata import RuleData
from .simplify import simplify
from .tokens import tokenize, tokenize_words

_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
# The words that offer two names as alternatives, and the words that may stand between "or" and
# the second name ("winter sonata or with boa").
_OR_WORDS = frozenset({"or", "아니면", "それとも"})
_OR_FILLER = frozenset({"with", "the", "a", "an", "in", "by", "was", "is", "it"})


class QuestionRules(RuleData):
    """The rules over the question alone (`answerability.Answerability` inherits them)."""

    def is_chat(self, question: str) -> bool:
        """A reply or reaction, not a question: every word is chat, a stopword or a small number;
        or chat words or laughter beside a topic, with nothing that asks; or a remark that
        states and asks nothing (`is_remark`).

        Read without aliases, like the chat words themselves ("agree" is chat, even though an
        alias makes it "agreement" for the matcher), but for names written in hiragana, which
        would otherwise vanish ("たけしま")."""
        groups = tokenize_words(question, self.kana_names)
        if not groups:
            return True
        chat = 0
        other: list[list[str]] = []
        for group in groups:
            if all(t in self.chat_tokens for t in group):
                chat += 1
            elif not (len(group) == 1 and group[0].isdigit() and len(group[0]) <= 2):
                other.append(group)
        if not other:
            return True
        simple = simplify(question)
        if BACK_REFERENCE.search(simple) and all(t in WHERE_FROM_TOKENS for g in other for t in g):
            # Asked where the bot's own reply comes from ("can you link the article you got
            # that from", "which page did you read that on"): the sources beside the answer.
            return True
        if ABOUT_THE_BOT.search(simple) and not ASKS_FOR_CONTENT.search(simple):
            # A question about the bot itself ("are you biased towards japan?").
            return True
        # A reaction that names the topic in passing ("lol dokdo again", "독도 또 ㅋㅋ"): chat
        # words around one name, and nothing that asks. A bare name alone ("dokdo?", "gsomia")
        # is still a question: it has no chat word beside it.
        said = tokenize_words(question, keep_stopwords=True)
        chat += sum(1 for g in said if all(t in self.chat_said for t in g))
        marks = sum(1 for mark in CHAT_MARKS if mark in question)
        marks += 1 if JA_LAUGH.search(question) else 0
        marks += 1 if JAMO.search(question) else 0
        marks += 1 if laughs_beside_no_request(question) else 0
        if marks and not asks(question) and not ends_as_question(question):
            # Laughter or a chat word beside a remark, and nothing that asks ("한일전 또
            # 시작이네 ㅋㅋㅋ", "また竹島の話かよwww"): a reaction, whatever it names.
            return True
        chat += marks
        if (
            chat > 0
            and self._is_name(question)
            and not asks(question)
            and not ends_as_question(question)
        ):
            return True
        return is_remark(question)

    def _is_name(self, question: str) -> bool:
        """True if, read with the aliases, the message's informative words other than chat
        words are one name."""
        words = [
            t for g in tokenize_words(question, self.aliases) for t in g if t not in self.chat_said
        ]
        return len(words) == 1 and words[0] in self.names

    def alternatives(self, question: str) -> list[tuple[str, str]]:
        """The pairs of names a question offers as alternatives ("did hallyu start with winter
        sonata or with boa", "박정희 아니면 김대중", "冬ソナそれともBoA"): its answer names one of
        them, so a fact need not contain both (`judge`'s `either`)."""
        words = self.aliases.applied(question).split()
        pairs: list[tuple[str, str]] = []
        for i, word in enumerate(words[1:-1], start=1):
            if word not in _OR_WORDS:
                continue
            j = i + 1
            while j < len(words) - 1 and words[j] in _OR_FILLER:
                j += 1
            first, second = self._name_of(words[i - 1]), self._name_of(words[j])
            if first and second:
                pairs.append((first, second))
        return pairs

    def places(self, question: str) -> tuple[str, ...]:
        """The names (index tokens) the question sets its matter in ("koreans living in japan",
        일본에서, 日本で: `places.asked_places`), which a fact must contain (`judge`)."""
        if not may_set_a_place(simplify(question)):
            return ()
        words = self.aliases.applied(question).split()
        return tuple(dict.fromkeys(asked_places(words, self._name_of)))

    def _name_of(self, word: str) -> str:
        """The index token of a word that is an alias group's name, or ""."""
        tokens = tokenize(word, self.aliases)
        return tokens[0] if len(tokens) == 1 and tokens[0] in self.names else ""

    def has_unread_words(self, question: str) -> bool:
        """True if a Korean word of the question is too short for the index to read it (사는
        "living", 간 "went"): the question then says more than its tokens show."""
        for word in self.aliases.apply(simplify(question)).split():
            for run in _HANGUL_RUN.findall(word):
                if (
                    not tokenize(run, keep_stopwords=True)
                    and run not in KOREAN_FRAGMENTS
                    and run not in KOREAN_QUESTION_WORDS
                ):
                    return True
        return False
