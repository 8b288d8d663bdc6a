"""Scoring the engine on question files in the format of ../shared/eval/dev.yaml.

An item passes when, for `expect: answer`, the reply (answer text plus every quoted source
passage) contains at least one `any_of` string and every `all_of` string, case-insensitively
and regardless of Unicode form, quote and dash style and thousands commas (`comparable`), a
number whole (`contains`);
for `expect: none`, when the bot declines.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..knowledge.models import Answer
from ..knowledge.yamlsafe import YamlRejected, read_yaml
from .answer import Engine


@dataclass(frozen=True)
class EvalItem:
    """One question with what a correct reply must contain."""

    q: str
    expect: str
    any_of: tuple[str, ...] = ()
    all_of: tuple[str, ...] = ()
    style: str = ""
    doc: str = ""


@dataclass
class EvalReport:
    """Accuracy overall, by expectation and by style, with every failure."""

    answerable: int = 0
    answerable_ok: int = 0
    declinable: int = 0
    declinable_ok: int = 0
    # Every reply that offered an answer (a fact or a passage), and those that were right: a
    # wrong answer with a source attached is worse than a decline, so precision is reported.
    answered: int = 0
    answered_ok: int = 0
    # Of those, the ones not stated plainly, and the right ones: a fact given with a hedge
    # ("not sure this is what you asked") or a source passage, which every front end offers as
    # "no curated answer; the closest passage says". The rest are the curated answers stated
    # plainly, the ones a member takes at their word (`plain_precision`): a passage counted
    # there made that figure cover answers the bot itself says it is unsure of.
    hedged: int = 0
    hedged_ok: int = 0
    # Answerable questions the bot declined, and those whose "did you mean" suggestions hold
    # the answer (the first one / any): a decline that offers the right fact is one click from
    # the answer, a decline that does not leaves the member with nothing.
    declined_answerable: int = 0
    suggested_first: int = 0
    suggested_any: int = 0
    by_style: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def answer_accuracy(self) -> float:
        """Share of answerable questions answered correctly."""
        return self.answerable_ok / self.answerable if self.answerable else 1.0

    @property
    def decline_accuracy(self) -> float:
        """Share of unanswerable questions declined."""
        return self.declinable_ok / self.declinable if self.declinable else 1.0

    @property
    def precision(self) -> float:
        """Share of the answers given that were right (1.0 when nothing was answered)."""
        return self.answered_ok / self.answered if self.answered else 1.0

    @property
    def plain_precision(self) -> float:
        """Share of the answers stated without a hedge that were right (1.0 when none)."""
        plain = self.answered - self.hedged
        return (self.answered_ok - self.hedged_ok) / plain if plain else 1.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "answered": self.answered,
            "precision": round(self.precision, 4),
            "hedged": {"answered": self.hedged, "right": self.hedged_ok},
            "plain_precision": round(self.plain_precision, 4),
            "suggested": {
                "declined_answerable": self.declined_answerable,
                "first": self.suggested_first,
                "any": self.suggested_any,
            },
            "answerable": self.answerable,
            "answer_accuracy": round(self.answer_accuracy, 4),
            "declinable": self.declinable,
            "decline_accuracy": round(self.decline_accuracy, 4),
            "by_style": {k: {"ok": v[0], "total": v[1]} for k, v in sorted(self.by_style.items())},
            "failures": self.failures,
        }


# The keys that decide an item's score. A key that reads like one of them but is not
# (`anyof`, `all-of`, `expects`) was ignored: the item then had no strings, and any answer
# passed it. Other keys (`lang`, `note`, a labeller's own) are the file's notes and are kept
# out of scoring.
_SCORED_KEYS = ("q", "expect", "any_of", "all_of")
_KNOWN_KEYS = frozenset((*_SCORED_KEYS, "style", "doc", "lang", "note"))


def load_items(path: Path) -> list[EvalItem]:
    """Read an eval file; raise ValueError with a readable message if it is malformed.

    Every check here guards the figures: an item that cannot fail (an answerable one with no
    string to find, or an empty string, which every reply contains), one whose `expect` was
    left out (it was taken for `answer`), a repeated question (counted twice) and a file with
    no question at all (scored 0/0 = 100%) each changed what was reported without a word. The
    messages name items by number only, never by question: held-out sets are loaded too.
    """
    try:
        data = read_yaml(path).data
    except YamlRejected as exc:
        raise ValueError(f"{path}: {exc}") from None
    if not isinstance(data, list):
        raise ValueError(f"{path}: must be a YAML list of questions")
    if not data:
        raise ValueError(f"{path}: holds no questions (an empty list scores 0/0)")
    items: list[EvalItem] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data):
        if not isinstance(raw, dict) or not isinstance(raw.get("q"), str):
            raise ValueError(f"{path}: item {i + 1} needs a 'q' string")
        _check_keys(path, i, raw)
        if "expect" not in raw:
            raise ValueError(f"{path}: item {i + 1} needs 'expect: answer' or 'expect: none'")
        expect = raw["expect"]
        if expect not in ("answer", "none"):
            raise ValueError(f"{path}: item {i + 1}: expect must be 'answer' or 'none'")
        item = EvalItem(
            q=raw["q"],
            expect=expect,
            any_of=_strings(path, i, raw, "any_of"),
            all_of=_strings(path, i, raw, "all_of"),
            style=str(raw.get("style") or ""),
            doc=str(raw.get("doc") or ""),
        )
        if expect == "answer" and not item.any_of and not item.all_of:
            raise ValueError(
                f"{path}: item {i + 1}: an answerable item needs an any_of or all_of string"
                " (without one, any answer passes it)"
            )
        first = seen.setdefault(item.q.strip(), i)
        if first != i:
            raise ValueError(f"{path}: item {i + 1} repeats the question of item {first + 1}")
        items.append(item)
    return items


def _check_keys(path: Path, i: int, raw: dict[str, Any]) -> None:
    """Refuse a key that reads like a scored one (compared without case, `-`, `_` or spaces,
    allowing a letter's slip: `anyof`, `All-Of`, `all_off`, `expects`), which would otherwise
    be ignored."""
    for key in raw:
        if key in _KNOWN_KEYS or not isinstance(key, str):
            continue
        bare = "".join(c for c in key.casefold() if c not in "-_ ")
        for scored in _SCORED_KEYS[1:]:  # "q" is too short to be told from a slip
            if difflib.SequenceMatcher(None, bare, scored.replace("_", "")).ratio() >= 0.8:
                raise ValueError(
                    f"{path}: item {i + 1}: unknown key {key!r} (did you mean {scored!r}?)"
                )


def _strings(path: Path, i: int, raw: dict[str, Any], key: str) -> tuple[str, ...]:
    """An item's `any_of` or `all_of`: a list of strings (a year may be a number), or one
    standing alone for a list of it (`any_of: xylophone` was read letter by letter, so any
    reply with an "e" passed, and `any_of: 5` was a traceback)."""
    value = raw.get(key)
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    for s in values:
        # A year may be a number, an unquoted 1965-06-22 a date (its str() is that text).
        if isinstance(s, bool) or not isinstance(s, str | int | float | datetime.date):
            raise ValueError(
                f"{path}: item {i + 1}: {key} must be a list of strings, not {s!r}"
                f" ({type(s).__name__})"
            )
    strings = tuple(str(s) for s in values)
    if any(not s.strip() for s in strings):
        # "" is in every reply: the item passed on any answer.
        raise ValueError(f"{path}: item {i + 1}: {key} holds an empty string")
    return strings


def reply_text(answer: Answer) -> str:
    """Everything a member sees in the reply: answers offered (to each question of a message
    that asked several, `Answer.parts`) and their quoted sources, with
    each reference as every front end shows it (`Reference.describe`: author, publication,
    date). The reference's full entry, read here before, is never shown: a headline or a
    footnote's numbers in it passed a reply that shows neither, and a date a member does see
    ("2014-12-02") failed one that shows it."""
    parts: list[str] = []
    # a message that asked several questions shows each one's answer and near ties
    shown = (answer, *answer.parts) if answer.parts else (answer,)
    for a in (one for s in shown for one in (s, *s.alternatives)):
        if a.answer:
            parts.append(a.answer)
        for view in a.sources:
            parts.append(view.quote)
            parts.extend(r.describe() for r in view.references)
    return "\n".join(parts)


def passes(item: EvalItem, answer: Answer) -> bool:
    """The judging rule of ../shared/eval/README.md."""
    if item.expect == "none":
        return not answer.answered
    if not answer.answered:
        return False
    text = comparable(reply_text(answer))
    any_ok = not item.any_of or any(contains(text, comparable(s)) for s in item.any_of)
    return any_ok and all(contains(text, comparable(s)) for s in item.all_of)


# Typography that does not change what a reply says: curly and straight quotes, dashes.
_TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
    | {dash: "-" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
)
# A comma between thousands ("200,000"; not "1965, 1998" or "3,14").
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def comparable(text: str) -> str:
    """`text` as "the reply must contain" compares it: the same words shown another way
    match. Compared case-folded only, a reply showing "200,000", "Women\u2019s" or "독도"
    failed an item wanting "200000", "Women's", "２００，０００" typed full-width (as a
    Japanese IME types it) or "독도" decomposed (NFD, as macOS pastes it): Unicode
    compatibility forms (NFKC), quotes, dashes, thousands commas and runs of white space
    are read as one."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TYPOGRAPHY)
    return " ".join(_THOUSANDS.sub("", text).split())


def contains(text: str, wanted: str) -> bool:
    """Whether `text` holds `wanted`, a number in it whole: a string that begins or ends
    with a digit does not match inside a longer number (digits, or a thousands group after a
    comma). As a bare substring, "20,000" was found in a reply saying "120,000", "1965" in
    "19650" and "200" in "200,000", so a reply with the wrong figure passed."""
    pattern = re.escape(wanted)
    if wanted[:1].isdigit():
        pattern = r"(?<!\d)(?<!\d,)" + pattern
    if wanted[-1:].isdigit():
        pattern += r"(?!\d|,\d{3}(?!\d))"
    return re.search(pattern, text) is not None


def evaluate(engine: Engine, items: list[EvalItem]) -> EvalReport:
    """Run every item through the engine."""
    report = EvalReport()
    for item in items:
        answer = engine.ask(item.q)
        ok = passes(item, answer)
        if answer.answered:
            right = ok and item.expect == "answer"
            report.answered += 1
            report.answered_ok += right
            unsure = answer.hedged or answer.kind == "passage"
            report.hedged += unsure
            report.hedged_ok += right and unsure
        if item.expect == "answer":
            report.answerable += 1
            report.answerable_ok += ok
            if not answer.answered:
                _count_suggestions(engine, item, answer, report)
        else:
            report.declinable += 1
            report.declinable_ok += ok
        stats = report.by_style[item.style or "unspecified"]
        stats[0] += ok
        stats[1] += 1
        if not ok:
            report.failures.append(
                {
                    "q": item.q,
                    "expect": item.expect,
                    "style": item.style,
                    "kind": answer.kind,
                    "fact_id": answer.fact_id,
                    "score": answer.score,
                    "answer": answer.answer,
                    "wanted": list(item.any_of) + list(item.all_of),
                }
            )
    return report


def _count_suggestions(engine: Engine, item: EvalItem, answer: Answer, report: EvalReport) -> None:
    """Whether a declined answerable question's suggestions would have answered it."""
    report.declined_answerable += 1
    right = []
    for suggestion in answer.suggestions:
        offered = engine.answer_fact(suggestion.fact_id, item.q)
        right.append(offered is not None and passes(item, offered))
    report.suggested_first += bool(right and right[0])
    report.suggested_any += any(right)
