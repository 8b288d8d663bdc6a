"""The sentences, entities and facts of synthetic knowledge (used by synth.py).

An entity ("the Velmora Accord") has facts of several kinds; each fact has a core sentence
for its source document, an answer in other words and 4-8 question phrasings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from . import _words as W
from ._edits import add_typos

PSEUDO_WORDS = 4000
ALIAS_WORDS = 400
KINDS = ("date", "person", "amount", "place", "reason", "definition")
_SYLLABLE_ONSETS = W.split_words("b br d dr f g gr k kr l m n p pr r s st t tr v z h j ch sh th")
_SYLLABLE_VOWELS = W.split_words("a e i o u a e o ai ea ou y")
_SYLLABLE_CODAS = ["", "", "", "n", "r", "s", "l", "th", "k", "m", "nd"]
_RESERVED = {w.lower() for w in (*W.NOUNS, *W.ADJECTIVES, *W.ADVERBS, *W.ROLES, *W.MONTHS)}
_CATEGORY_NOUN = {"pact": "agreement", "place": "landmark", "event": "gathering", "body": "body"}
_CLAUSE_VERBS = W.split_words(
    "rejected approved delayed expanded restricted funded opposed welcomed"
)
_REL_VERBS = W.split_words(
    "regulates supports oversees connects represents governs promotes protects"
)
_OBSERVERS = ("Historians", "Critics", "Supporters", "Residents")
_DIRECTIONS = ("north", "south", "east", "west", "north-east", "south-west")


@dataclass
class Entity:
    name: str  # "Velmora Accord"
    slug: str  # "velmora-accord"
    key: str  # the pseudo-word that names it, for tags
    category: str
    hangul: str
    katakana: str
    year: int  # when it was signed, built, held or founded: every fact about it agrees
    alias: str | None = None


@dataclass
class FactDraft:
    id: str
    questions: list[str]
    answer: str
    core: str  # the document sentence that states the fact
    cites_context: bool
    tags: list[str]
    see_also: list[str]


class Vocabulary:
    """Pseudo-words with Zipf weights, their Korean/Japanese spellings, and a seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        words = _pseudo_words(rng, PSEUDO_WORDS + ALIAS_WORDS)
        self.pseudo = words[:PSEUDO_WORDS]
        self.alias_pool = words[PSEUDO_WORDS:]
        self.cum = list(accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(self.pseudo))))
        self.hangul = _unique_spellings(rng, words, 0xAC00, 11172, (2, 3))
        self.katakana = _unique_spellings(rng, words, 0x30A2, 0x30F3 - 0x30A2, (3, 4))

    def word(self, pool: list[str] | None = None) -> str:
        """A pseudo-word: from the topic's own pool most of the time, else from everything."""
        if pool is not None and self.rng.random() < 0.6:
            return self.rng.choice(pool)
        return self.rng.choices(self.pseudo, cum_weights=self.cum, k=1)[0]

    def place(self, pool: list[str] | None = None) -> str:
        """A capitalised pseudo-word used as a place name."""
        return self.word(pool).capitalize()


def _pseudo_words(rng: random.Random, count: int) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < count:
        parts = [
            rng.choice(_SYLLABLE_ONSETS)
            + rng.choice(_SYLLABLE_VOWELS)
            + rng.choice(_SYLLABLE_CODAS)
            for _ in range(rng.choice((2, 2, 2, 3)))
        ]
        word = "".join(parts)
        if 4 <= len(word) <= 11 and word not in _RESERVED and word not in out:
            out[word] = None
    return list(out)


def _unique_spellings(
    rng: random.Random, words: list[str], base: int, span: int, lengths: tuple[int, int]
) -> dict[str, str]:
    seen: set[str] = set()
    out: dict[str, str] = {}
    for word in words:
        while True:
            spelled = "".join(chr(base + rng.randrange(span)) for _ in range(rng.randint(*lengths)))
            if spelled not in seen:
                break
        seen.add(spelled)
        out[word] = spelled
    return out


# -- sentences --------------------------------------------------------------------------------


class Writer:
    """Sentences, facts and documents of one topic."""

    def __init__(self, vocab: Vocabulary, pool: list[str]) -> None:
        self.v = vocab
        self.rng = vocab.rng
        self.pool = pool

    def year(self) -> int:
        return self.rng.randint(1850, 2024)

    def date(self) -> str:
        return f"{self.rng.choice(W.MONTHS)} {self.rng.randint(1, 28)}, {self.year()}"

    def person(self) -> str:
        return f"{self.rng.choice(W.FIRST_NAMES)} {self.rng.choice(W.SURNAMES)}"

    def noun_phrase(self) -> str:
        rng = self.rng
        noun = rng.choice(W.NOUNS)
        if rng.random() < 0.5:
            noun = f"{rng.choice(W.ADJECTIVES)} {noun}"
        if rng.random() < 0.5:
            return f"the {noun} of {self.v.place(self.pool)}"
        return f"the {noun}"

    def clause(self) -> str:
        rng = self.rng
        pick = rng.randrange(5)
        if pick == 0:
            return f"after {rng.randint(2, 30)} months of talks with {self.noun_phrase()}"
        if pick == 1:
            return f"in the presence of {rng.randint(20, 900)} {plural(rng.choice(W.NOUNS))}"
        if pick == 2:
            return f"despite {rng.choice(W.ADJECTIVES)} opposition from {self.noun_phrase()}"
        if pick == 3:
            return f"{rng.choice(W.ADVERBS)} replacing {self.noun_phrase()}"
        return f"with support from {self.person()} and {self.noun_phrase()}"

    def filler(self) -> str:
        """A sentence of the document that no fact quotes."""
        rng = self.rng
        opener = rng.choice(("", "", f"In {self.year()}, ", "Meanwhile, ", "However, ", "Later, "))
        subject = self.noun_phrase()
        verb = rng.choice(_CLAUSE_VERBS)
        body = f"{subject} {rng.choice(W.ADVERBS)} {verb} {self.noun_phrase()}"
        if rng.random() < 0.6:
            body += f", {self.clause()}"
        text = opener + body
        return text[0].upper() + text[1:] + "."

    # -- entities and facts ------------------------------------------------------------------

    def entity(self, taken: set[str]) -> Entity:
        rng = self.rng
        while True:
            category = rng.choice(tuple(W.CATEGORIES))
            head = rng.choice(W.CATEGORIES[category][0])
            key = self.v.word(self.pool)
            words = [key]
            if rng.random() < 0.2:
                words.append(self.v.word(self.pool))
            stem = "-".join(w.capitalize() for w in words)
            name = f"{stem} {head}"
            if name not in taken and len(set(words)) == len(words):
                taken.add(name)
                break
        slug = f"{'-'.join(words)}-{head.lower()}"
        hangul = "".join(self.v.hangul[w] for w in words) + W.HEAD_HANGUL[head]
        katakana = "・".join(self.v.katakana[w] for w in words) + W.HEAD_KANJI[head]
        return Entity(name, slug, key, category, hangul, katakana, self.year())

    def facts_of(
        self, entity: Entity, kinds: list[str], topic_slug: str
    ) -> tuple[list[FactDraft], str]:
        """The entity's facts and the context sentence some of them cite beside their own."""
        rng = self.rng
        who = f"{rng.choice(_OBSERVERS)} in {self.v.place(self.pool)}"
        what = f"{rng.choice(W.ADJECTIVES)} {rng.choice(W.NOUNS)}"
        context = f"{who} described the {entity.name} as {article(what)}, {self.clause()}."
        facts = [self._fact(entity, kind, topic_slug) for kind in kinds]
        ids = [f.id for f in facts]
        for fact in facts:
            fact.see_also = [i for i in ids if i != fact.id][:2]
            if fact.cites_context and rng.random() < 0.5:
                fact.answer += f" {who} call it {article(what)}."
        return facts, context

    def _fact(self, entity: Entity, kind: str, topic_slug: str) -> FactDraft:
        rng = self.rng
        _, vpp, vbase, vpast, vnoun, units = W.CATEGORIES[entity.category]
        e_name = entity.name
        year = entity.year
        extra = self.clause()
        slots = {"E": e_name, "e": e_name.lower(), "vpp": vpp, "vbase": vbase, "vpast": vpast}
        slots |= {"vnoun": vnoun, "year": str(year), "near": str(year + rng.randint(-5, 5))}
        if kind == "date":
            date = self.date().rsplit(" ", 1)[0] + f" {year}"
            core = f"The {e_name} was {vpp} on {date}, {extra}."
            answer = f"The {e_name} was {vpp} on {date}."
        elif kind == "person":
            who, role, place = self.person(), rng.choice(W.ROLES), self.v.place(self.pool)
            core = f"{who}, then {role} of {place}, {vpast} the {e_name} in {year}, {extra}."
            answer = (
                f"It was {who}, at the time {role} of {place}, who {vpast} the {e_name} in {year}."
            )
            slots |= {"role": role, "who": who.split()[-1].lower()}
        elif kind == "amount":
            unit, count = rng.choice(units), rng.randint(12, 250_000)
            year = rng.randint(year, max(year, 2024))
            slots["year"] = str(year)
            core = f"By {year}, the {e_name} counted {count:,} {unit}, {extra}."
            answer = f"The {e_name} had {count:,} {unit} by {year}."
            slots |= {"unit": unit}
        elif kind == "place":
            place, other = self.v.place(self.pool), self.v.place(self.pool)
            km, side = rng.randint(3, 400), rng.choice(_DIRECTIONS)
            core = (
                f"The {e_name} lies in {place}, about {km} kilometres {side} of {other}, {extra}."
            )
            answer = f"The {e_name} is in {place}, roughly {km} km {side} of {other}."
            slots |= {"other": other.lower()}
        elif kind == "reason":
            cause = f"{self.noun_phrase()} {rng.choice(_CLAUSE_VERBS)} {self.noun_phrase()}"
            core = f"The {e_name} was {vpp} in {year} because {cause}."
            answer = f"The {e_name} was {vpp} in {year} because {cause}."
        else:
            rel = f"{rng.choice(_REL_VERBS)} {self.noun_phrase()}"
            kind_of = article(f"{rng.choice(W.ADJECTIVES)} {_CATEGORY_NOUN[entity.category]}")
            # The year is in the sentence too: an answer states nothing its quote does not
            # (kb check's fidelity rules load this knowledge like the shipped one).
            core = f"The {e_name} is {kind_of} that {rel}; it was {vpp} in {year}."
            noun = _CATEGORY_NOUN[entity.category]
            answer = f"The {e_name} is a {noun} that {rel}; it was {vpp} in {year}."
        if rng.random() < 0.7 and extra in core:  # the same draws as before: same corpus
            answer += f" According to the document, this came {extra}."
        questions = self._questions(entity, kind, slots)
        tags = [topic_slug, entity.key, kind]
        fact_id = f"{entity.slug}-{kind}"
        return FactDraft(fact_id, questions, answer, core, rng.random() < 0.47, tags, [])

    def _questions(self, entity: Entity, kind: str, slots: dict[str, str]) -> list[str]:
        rng = self.rng
        templates = _QUESTION_TEMPLATES[kind]
        wanted = rng.randint(4, 8)
        chosen = rng.sample(templates[1:], min(len(templates) - 1, wanted - 1))
        # Typos never touch the entity's name: two facts' questions must stay distinct.
        name_words = set(entity.name.lower().split())
        out = [templates[0].format(**slots)]  # the first phrasing is the formal one
        for template in chosen:
            text = template.format(**slots)
            text = text[0].lower() + text[1:] if rng.random() < 0.8 else text
            if rng.random() < 0.3:
                text = text.replace("the ", "", 1)
            if rng.random() < 0.2:
                text = rng.choice(_ASKING) + text
            if rng.random() < 0.12:
                text = add_typos(text, rng, keep=name_words)
            out.append(text)
        if entity.alias and len(out) > 2:
            out[-1] = out[-1].replace(entity.name.lower(), entity.alias.lower())
        if rng.random() < 0.25 and len(out) < 8:
            out.append(
                f"{entity.hangul}{'는' if rng.random() < 0.5 else ''} {W.KOREAN_QUESTIONS[kind]}"
            )
        if rng.random() < 0.15 and len(out) < 8:
            out.append(f"{entity.katakana}{W.JAPANESE_QUESTIONS[kind]}")
        return _distinct(out)


_ASKING = ("can someone tell me ", "quick q: ", "do you know ", "i need to know ", "hey bot ")


def plural(noun: str) -> str:
    """English plural of a common noun."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def article(phrase: str) -> str:
    """The phrase with 'a' or 'an' in front."""
    return f"{'an' if phrase[0] in 'aeiou' else 'a'} {phrase}"


def _distinct(questions: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for q in questions:
        key = "".join(ch if ch.isalnum() else " " for ch in q.replace("'", "").lower()).split()
        marker = " ".join(key)
        if marker not in seen:
            seen.add(marker)
            out.append(q)
    return out


_QUESTION_TEMPLATES: dict[str, list[str]] = {
    "date": [
        "When was the {E} {vpp}?",
        "what year was the {e} {vpp}",
        "{e} {vnoun} date",
        "when did they {vbase} the {e}",
        "In what year did the {e} get {vpp}?",
        "how long ago was the {e} {vpp}",
        "{e} {vpp} when?",
        "was the {e} {vpp} before {near}?",
        "date of the {e} {vnoun}",
    ],
    "person": [
        "Who {vpast} the {E}?",
        "who was behind the {e}",
        "which {role} {vpast} the {e}",
        "{e} {vpast} by who",
        "who {vpast} the {e} in {year}",
        "name of the person who {vpast} the {e}",
        "was it {who} who {vpast} the {e}?",
        "who was responsible for the {e} {vnoun}",
    ],
    "amount": [
        "How many {unit} did the {E} have by {year}?",
        "how many {unit} does the {e} have",
        "{e} number of {unit}",
        "what is the total of {unit} at the {e}",
        "how big is the {e} in {unit}",
        "count of {unit} in the {e} in {year}",
        "{e} {unit} figure?",
    ],
    "place": [
        "Where is the {E}?",
        "where is the {e} located",
        "{e} location",
        "which region is the {e} in",
        "how far is the {e} from {other}",
        "what town is near the {e}?",
        "where can i find the {e}",
    ],
    "reason": [
        "Why was the {E} {vpp}?",
        "why did they {vbase} the {e}",
        "reason for the {e} {vnoun}",
        "what caused the {e} to be {vpp}",
        "whats the reason behind the {e}",
        "why {e} {vpp}?",
        "what led to the {e} {vnoun} in {year}",
    ],
    "definition": [
        "What is the {E}?",
        "what is the {e} about",
        "explain the {e}",
        "{e} meaning",
        "tell me about the {e}",
        "what does the {e} do",
        "whats the purpose of the {e}?",
    ],
}
