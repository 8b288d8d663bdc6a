"""Fidelity: an answer states only what its own quotes state, as far as a machine can tell.

An answer shown with a source is a promise that the source says it. Two kinds of claim can be
checked mechanically, and each is checked against the fact's OWN quotes (a number true elsewhere
in the document is still unsupported by what the member sees):
- every number and year in the answer is in a quote (digits or words: "35"/"thirty-five",
  "1,000"/"1000", "35%"/"35 percent");
- every name the alias file knows (people, places, organisations, agreements: the `aliases`
  groups, not the `terms`) that the answer names is in a quote, under any name of its group;
- a quote of a sentence its document marks "[citation needed]" is flagged as such in the answer
  (the member sees the quote without the mark: a quote ends before its markers);
- a word by which a quote dates itself to its own writing ("currently", "in recent years",
  "still") is not repeated as the answer's own: the answer says whose time it is.
And a phrasing that names such an entity when neither the answer nor the quotes do is a
question the fact does not answer.

What a member sees with a quote counts as its context: the document's title and publisher and
the section's title ("Japan–South Korea relations · Comfort Women"), so the two countries every
document is about, and the subject of the section a quote stands in, are always in context.
A few groups name one another by metonymy or as a whole and its part (RELATED).

`kb check` (the loader) and every moderator's save (moderation/changes.py) run these checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..engine.aliases import AliasTable, canonical_token
from ..engine.memo import MEMO_TEXT_CHARS, keep
from .models import AliasGroup, Fact, Source
from .sources import collapse, locate_quote

# Digits, with thousands separators or a decimal part ("1,000", "8.3"), ordinals ("1,000th").
_DIGITS = re.compile(r"\d+(?:[,.]\d+)*")
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = "|".join([*_UNITS, *_TENS, *_SCALES])
# A run of number words: "thirty-five", "two hundred", "one hundred and twenty".
# (The lookahead of the words' first letters changes no match: it lets the engine skip the
# alternation at most word starts, which made this search most of a text's fidelity check.)
_FIRST_LETTERS = "".join(sorted({word[0] for word in (*_UNITS, *_TENS, *_SCALES)}))
_WORD_RUN = re.compile(
    rf"\b(?=[{_FIRST_LETTERS}])(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORD}))*\b",
    re.IGNORECASE,
)
# Both patterns for printable ASCII text (nearly every answer and quote; a cold build reads
# them all): compiled with re.ASCII, and the number words case-sensitively, in the text in
# lower case. They find the same spans there: \w, \d and \b mean the same on ASCII
# characters, and \s too but for U+001C-U+001F, which are not printable; IGNORECASE's other
# case pairs (the Kelvin sign for "k", the long s) are not ASCII. The engine then neither folds
# the case of each character it tries nor asks Unicode's database for its class: numbers_in
# over the 103,878 texts of the 10,000-fact synthetic knowledge took 0.35 s, 0.24 s so.
_DIGITS_ASCII = re.compile(_DIGITS.pattern, re.ASCII)
_WORD_RUN_ASCII = re.compile(_WORD_RUN.pattern, re.ASCII)
# Digits with thousands separators ("1,000", "25,000.5").
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# "One" and "two" in an answer are mostly not counts ("one of the", "the two countries" for
# Japan and South Korea); numbers from three up, and every number in digits, are checked.
_ANSWER_WORD_MIN = 3


def _word_value(run: str) -> int:
    """The value of a run of English number words ("thirty-five" -> 35)."""
    total, current = 0, 0
    for word in re.split(r"[\s-]+", run.lower()):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        else:  # thousand
            total += (current or 1) * 1000
            current = 0
    return total + current


def numbers_in(text: str, *, words: bool = True, min_word: int = 0) -> set[str]:
    """The numbers a text states, normalised: "1,000" and "1000" are "1000", "07" is "7".

    A currency sign is not part of a number ("US$8" is 8) and a sentence's full stop is not a
    decimal point. Numbers in words count when `words` is set and their value >= `min_word`.
    """
    found: set[str] = set()
    plain = text.isascii() and text.isprintable()  # (see _DIGITS_ASCII)
    for match in (_DIGITS_ASCII if plain else _DIGITS).finditer(text):
        raw = match.group().rstrip(".,")
        if "," in raw and _THOUSANDS.fullmatch(raw):
            raw = raw.replace(",", "")
        for part in raw.split(","):  # "1965,1966" is a list, not a number
            found.add(part.lstrip("0") or "0")
    if words:
        runs = _WORD_RUN_ASCII.finditer(text.lower()) if plain else _WORD_RUN.finditer(text)
        for match in runs:  # (the match's text is in lower case if plain: _word_value reads it so)
            value = _word_value(match.group())
            if value >= min_word:
                found.add(str(value))
    return found


def quoted_numbers(fact: Fact) -> set[str]:
    """The numbers a fact's quotes state (digits or words) and the footnotes they carry.

    A footnote number counts so that a fact about reference [10] may say "reference 10".
    """
    quoted: set[str] = set()
    for citation in fact.sources:
        quoted |= numbers_in(citation.quote)
        quoted |= {str(ref) for ref in citation.refs}
    return quoted


def unquoted_numbers(fact: Fact) -> list[str]:
    """The numbers the answer states that none of its quotes states."""
    stated = numbers_in(fact.answer, min_word=_ANSWER_WORD_MIN)
    return sorted(stated - quoted_numbers(fact), key=lambda n: (len(n), n))


# Wikipedia's own flag on a sentence it gives no source for. The mark is not part of what a
# member reads (quotes end before their markers), so an answer resting on such a sentence says so
# itself, or it passes a claim the document doubts as a sourced one.
_UNSOURCED_MARK = "[citation needed]"
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?:\[\d{1,3}\]|\[citation needed\])*[\"”’']?\s+")
_SAYS_UNSOURCED = re.compile(
    r"citation needed|unsourced|(?:gives|cites|has) no source|without (?:a )?(?:source|citation)",
    re.IGNORECASE,
)
_SAYS_UNSOURCED_LOWER = re.compile(_SAYS_UNSOURCED.pattern)


def _says_unsourced(answer: str) -> bool:
    """Whether the answer says its claim has no source (`_SAYS_UNSOURCED`): an ASCII answer
    read in lower case, case-sensitively, as _WORD_RUN_ASCII reads one (the same match)."""
    if answer.isascii():
        return _SAYS_UNSOURCED_LOWER.search(answer.lower()) is not None
    return _SAYS_UNSOURCED.search(answer) is not None


def _unsourced_spans(collapsed: str, starts: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    """The sentences a document marks "[citation needed]", as (start, end) offsets of its
    collapsed text. A sentence starts after the previous sentence's end or at its section's
    start (the collapsed text has no paragraph breaks: an infobox line runs into the
    introduction's first sentence)."""
    spans: list[tuple[int, int]] = []
    at = collapsed.find(_UNSOURCED_MARK)
    while at != -1:
        start = max((s for s in starts if s <= at), default=0)
        for end in _SENTENCE_END.finditer(collapsed, start, at):
            start = max(start, end.end())
        spans.append((start, at))
        at = collapsed.find(_UNSOURCED_MARK, at + len(_UNSOURCED_MARK))
    return tuple(spans)


# Each document's marked sentences, by its collapsed text and its sections' starts (which
# sources.yaml gives, not the text: a section added or dropped there moves where a sentence
# that no full stop opens begins, the text unchanged): a cold build checks every fact, and a
# document's text was searched for the mark again for each quote. A few documents at a time.
_SPANS_KEPT = 8
_SPANS_BY_TEXT: dict[tuple[str, tuple[int, ...]], tuple[tuple[int, int], ...]] = {}


def _unsourced_spans_of(source: Source) -> tuple[tuple[int, int], ...]:
    """`_unsourced_spans` of a document, remembered."""
    starts = tuple(s.start for s in source.sections)
    key = (source.collapsed, starts)
    spans = _SPANS_BY_TEXT.get(key)
    if spans is None:
        spans = ()
        if _UNSOURCED_MARK in source.collapsed:
            spans = _unsourced_spans(source.collapsed, starts)
        if len(_SPANS_BY_TEXT) >= _SPANS_KEPT:
            _SPANS_BY_TEXT.clear()
        _SPANS_BY_TEXT[key] = spans
    return spans


def unsourced_quotes(fact: Fact, sources: Mapping[str, Source]) -> list[str]:
    """The fact's quotes that lie in a sentence their document marks "[citation needed]"."""
    found: list[str] = []
    for citation in fact.sources:
        source = sources.get(citation.source)
        if source is None:
            continue
        spans = _unsourced_spans_of(source)
        if not spans:
            continue
        # Only a quote found overlapping a marked sentence is located: an occurrence that
        # overlaps span (s, e) lies wholly within s - n + 1 .. e + n - 1, a few hundred
        # characters, where locating it searches the whole document (every fact of a cold
        # build is checked, 100,000 at the benchmark's largest size).
        needle = collapse(citation.quote)
        n = len(needle)
        if not needle or not any(
            needle in source.collapsed[max(0, s - n + 1) : e + n - 1] for s, e in spans
        ):
            continue
        where = locate_quote(source, citation.quote, prefer_section=citation.section)
        if where is not None and any(where.start < e and s < where.end for s, e in spans):
            found.append(citation.quote)
    return found


# Words by which a document dates a claim to the time it was written. Repeated bare in an answer,
# they date it to the member's day: "South Korea occupies ... ownership is still disputed" from
# a snapshot that says "Currently". An answer that repeats one says whose time it is: the
# document's name, or when it was written.
_RELATIVE_TIME = re.compile(
    r"\b(?:in (?:more |the most )?recent years|recently|currently|at present|nowadays"
    r"|these days|today|still)\b",
    re.IGNORECASE,
)
# A part of each of those words, all that an answer without any of them is tested for.
_RELATIVE_TIME_STEMS = ("recent", "current", "present", "nowadays", "these days", "today", "still")
_ANCHORED = re.compile(
    r"\b(?:wikipedia|globalsecurity|the article|the document|documents|written|as of)\b",
    re.IGNORECASE,
)


def unanchored_time_words(fact: Fact, sources: Mapping[str, Source]) -> list[str]:
    """The words of the fact's quotes that date a claim to their writing ("currently", "in
    recent years", "still") which the answer repeats without saying whose time it is."""
    # The answer first: most say none of these words, and then no quote need be read (every
    # fact of a cold build is checked: 100,000 at the benchmark's largest size).
    answer = fact.answer.casefold()
    if not any(stem in answer for stem in _RELATIVE_TIME_STEMS):
        return []  # (a substring test is many times quicker than the pattern)
    repeated = {m.group().casefold() for m in _RELATIVE_TIME.finditer(fact.answer)}
    if not repeated or _ANCHORED.search(fact.answer):
        return []
    if any(
        source.title.casefold() in answer
        for source in (sources.get(c.source) for c in fact.sources)
        if source is not None
    ):
        return []
    quoted = {m.group().casefold() for c in fact.sources for m in _RELATIVE_TIME.finditer(c.quote)}
    return sorted(quoted & repeated)


# A mention of the key counts as a mention of each value: capitals for their governments (the
# alias file keeps them apart only so that the city stays findable), "Korea"/"Korean", which the
# documents use for the South as well as for the peninsula and its people, and a whole for its
# parts ("the two Koreas" names the North; "the end of World War II" names the war).
RELATED: dict[str, tuple[str, ...]] = {
    "Seoul": ("South Korea",),
    "Tokyo": ("Japan",),
    "South Korea": ("Seoul", "Korea"),
    "Japan": ("Tokyo", "Imperial Japan"),
    "Korea": ("South Korea", "North Korea", "two Koreas", "Korean peninsula"),
    "two Koreas": ("South Korea", "North Korea"),
    "end of World War II": ("World War II",),
}


def _with_related(names: set[str]) -> set[str]:
    """The names plus every name they stand for (RELATED, one step)."""
    return names | {other for name in names for other in RELATED.get(name, ())}


BESIDE_MEMO = 1 << 14  # texts `EntityIndex.named_beside` remembers before starting over


@dataclass(frozen=True)
class EntityIndex:
    """Finds the entities (alias groups of kind 'alias') that a text names.

    The full alias table is applied, terms included, so that a phrase a term shields ("deal
    with" is not the agreement) is read exactly as the matcher reads it.
    """

    table: AliasTable
    entities: dict[str, str]  # canonical token -> canonical name, for alias-kind groups only
    # The entities of the texts shown beside every quote of a document (its title, its
    # publisher, its sections' titles), each read once (`named_beside`): every fact citing
    # the document read them again, three of the four texts of each quote's context.
    _beside: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, groups: Iterable[AliasGroup]) -> EntityIndex:
        """Index every group; report only the names of people, places, organisations and
        agreements."""
        groups = list(groups)
        entities = {canonical_token(g.canonical): g.canonical for g in groups if g.kind == "alias"}
        return cls(AliasTable.build(groups), entities)

    def named_in(self, text: str) -> set[str]:
        """The canonical names of the entities a text names, under any of their names."""
        tokens = self.table.applied(text).split()
        return {self.entities[t] for t in tokens if t in self.entities}

    def named_beside(self, text: str) -> frozenset[str]:
        """`named_in` of a text shown beside many quotes (a document's or a section's title,
        a publisher), remembered."""
        found = self._beside.get(text)
        if found is None:
            found = frozenset(self.named_in(text))
            keep(self._beside, text, found, BESIDE_MEMO, MEMO_TEXT_CHARS)
        return found


@dataclass(frozen=True)
class Finding:
    """One fidelity problem of a fact: where in the fact (a path of keys) and what."""

    path: tuple[str | int, ...]
    field: str
    message: str


def context_of(fact: Fact, index: EntityIndex, sources: Mapping[str, Source]) -> set[str]:
    """The entities the member sees named beside the answer: in the quotes, their sections'
    titles, and their documents' titles and publishers."""
    named: set[str] = set()
    for citation in fact.sources:
        named |= index.named_in(citation.quote)
        named |= index.named_beside(citation.section)
        source = sources.get(citation.source)
        if source is not None:
            named |= index.named_beside(source.title)
            named |= index.named_beside(source.publisher)
    return named


def check_fact(fact: Fact, index: EntityIndex, sources: Mapping[str, Source]) -> list[Finding]:
    """Every fidelity problem of one fact."""
    findings = [
        Finding(
            ("answer",),
            "answer",
            f"states {n}, which none of its quotes states (quote the passage that does, "
            "or leave the number out)",
        )
        for n in unquoted_numbers(fact)
    ]
    if not _says_unsourced(fact.answer):
        findings.extend(
            Finding(
                ("answer",),
                "answer",
                f"rests on a sentence its document marks [citation needed] ({quote[:60]!r}), "
                'which the member does not see: say so in the answer ("the article marks this '
                "'citation needed'\")",
            )
            for quote in unsourced_quotes(fact, sources)
        )
    findings.extend(
        Finding(
            ("answer",),
            "answer",
            f"says {word!r} as its own, where its quote says it of the time it was written: say "
            'whose time it is ("Wikipedia says ...", "when the article was written")',
        )
        for word in unanchored_time_words(fact, sources)
    )
    quoted = context_of(fact, index, sources)
    in_answer = index.named_in(fact.answer)
    for name in sorted(in_answer - _with_related(quoted)):
        findings.append(
            Finding(
                ("answer",),
                "answer",
                f"names {name!r}, which none of its quotes names under any of its aliases "
                "(quote a passage that does, or leave the name out)",
            )
        )
    answered = _with_related(in_answer | quoted)
    for k, question in enumerate(fact.questions):
        for name in sorted(index.named_in(question) - answered):
            findings.append(
                Finding(
                    ("questions", k),
                    "questions",
                    f"phrasing {question!r} asks about {name!r}, which neither the answer nor "
                    "the quotes mention (reword or remove the phrasing)",
                )
            )
    return findings
