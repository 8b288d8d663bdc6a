"""The bot's own sentences in three languages: complete, consistent, and said in the language
the member asked in, by every front end."""

from __future__ import annotations

import re
import string
from dataclasses import fields

import pytest

from bot.core.engine.answer import Engine
from bot.core.knowledge.models import Answer, SourceView, Suggestion
from bot.core.language import LANGUAGES
from bot.render import decline_message, render_answer
from bot.wording import WORDINGS, Wording, every, wording_for_locale

_FIELDS = [f.name for f in fields(Wording)]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("name", _FIELDS)
def test_every_language_says_every_sentence_with_the_same_blanks(name: str) -> None:
    """A sentence missing in one language, or a `{fact_id}` dropped in translation, would show
    a blank or raise when it is formatted."""
    english = getattr(WORDINGS["en"], name)
    for language in LANGUAGES:
        said = getattr(WORDINGS[language], name)
        assert said.strip(), (language, name)
        assert _placeholders(said) == _placeholders(english), (language, name)


def test_the_words_read_back_from_a_message_are_told_apart() -> None:
    """A decline's title and the "You asked" label are read back from Discord messages: no
    language's form may be another's, nor the prefix of another's."""
    for name in ("decline_title", "you_asked", "suggestions_field", "menu_answered"):
        forms = every(name)
        assert len(set(forms)) == len(forms), name
    with pytest.raises(KeyError):
        every("no_such_sentence")


def _decline(question: str, reason: str = "low_confidence") -> Answer:
    suggestion = Suggestion("territory-fact", "who controls the islets?", 0.5)
    return Answer(question, "none", None, None, 0.4, suggestions=(suggestion,), reason=reason)


@pytest.mark.parametrize(
    ("question", "language"),
    [("who owns the islands", "en"), ("독도는 누구 땅이야", "ko"), ("竹島は誰のもの", "ja")],
)
def test_a_decline_is_explained_in_the_language_asked(question: str, language: str) -> None:
    """The reason and the heading of the suggestions are the asker's language; the suggested
    question and its fact id are shown as they are."""
    words = WORDINGS[language]  # type: ignore[index]
    text = render_answer(_decline(question), numbered=True)
    assert text.startswith(words.decline)
    assert words.did_you_mean in text and words.pick_hint in text
    assert "1. who controls the islets?  (territory-fact)" in text
    others = [WORDINGS[other] for other in LANGUAGES if other != language]
    assert not any(other.decline in text or other.pick_hint in text for other in others)


@pytest.mark.parametrize(
    ("reason", "name"),
    [("smalltalk", "smalltalk"), ("too_long", "too_long"), ("low_confidence", "decline")],
)
def test_every_decline_reason_has_its_korean_and_japanese_sentence(reason: str, name: str) -> None:
    """Thanks in Korean get the Korean "what I do", a long Japanese message the Japanese
    "too long"."""
    assert decline_message(_decline("고마워요", reason)) == getattr(WORDINGS["ko"], name)
    assert decline_message(_decline("ありがとう", reason)) == getattr(WORDINGS["ja"], name)


def test_a_hedged_japanese_answer_keeps_its_english_fact_and_citation() -> None:
    """Only the bot's own sentence changes: the fact, the quote and the footer are as they are
    in English, since they are what the sources say."""
    view = SourceView("doc", "Japan–South Korea relations", "Liancourt Rocks", None, "A quote.")
    answer = Answer(
        "竹島って誰が管理してる？",
        "fact",
        "South Korea occupies the islets.",
        "territory-fact",
        0.7,
        (view,),
        alternatives=(Answer("竹島", "fact", "Another fact.", "other-fact", 0.69),),
        hedged=True,
    )
    text = render_answer(answer)
    ja = WORDINGS["ja"]
    assert text.startswith(ja.hedge_intro + "\nSouth Korea occupies the islets.")
    assert ja.alternative.format(fact_id="other-fact") + "\nAnother fact." in text
    assert "section “Liancourt Rocks”" in text and "  “A quote.”" in text
    assert "[fact territory-fact · confidence 0.70, not sure" in text
    assert WORDINGS["en"].hedge_intro not in text


def _examples(text: str) -> list[str]:
    """The example questions a sentence offers: after "Try:"/"e.g." (quoted or not)."""
    found = re.findall(r"(?:Try|예|例)[:：]\s*[“「]?([^”」]+?)[”」]?$", text)
    found += re.findall(r"e\.g\. “([^”]+)”", text)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["smalltalk", "empty"])
def test_the_example_questions_offered_are_answered(
    semantic_engine: Engine, language: str, name: str
) -> None:
    """A member greeted with "Try: …" types the example: it must get its answer, surely, from
    the shipped knowledge, in every language it is offered in."""
    [example] = _examples(getattr(WORDINGS[language], name))  # type: ignore[index]
    answer = semantic_engine.ask(example)
    assert answer.kind == "fact" and not answer.hedged, (example, answer.kind, answer.score)


@pytest.mark.parametrize(
    ("locale", "language"),
    [("ko", "ko"), ("ja", "ja"), ("en-US", "en"), ("en-GB", "en"), ("zh-CN", "en"), ("", "en")],
)
def test_a_discord_client_language_picks_its_wording(locale: str, language: str) -> None:
    """The notes of a click are said in the clicker's Discord language; any language we do
    not speak gets English."""
    assert wording_for_locale(locale) is WORDINGS[language]  # type: ignore[index]
