"""`tokenize`: Korean particles and endings, CJK bigrams, stopwords, the word memo; index and query must agree."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.engine import aliases, memo, tokens
from bot.core.engine.aliases import AliasTable
from bot.core.engine.simplify import simplify
from bot.core.engine.tokens import normalize_question, tokenize, tokenize_words, tokens_and_key
from bot.core.knowledge.models import AliasGroup


@pytest.mark.parametrize(
    ("word", "core"),
    [
        ("독도는", "독도"),
        ("독도에서", "독도"),
        ("독도에서는", "독도"),
        ("한국과", "한국"),
        ("일본의", "일본"),
        ("위안부를", "위안부"),
        ("위안부에게", "위안부"),
        ("김대중이", "김대중"),
        ("지소미아란", "지소미아"),  # "지소미아란?": what is GSOMIA
        ("영유권이란", "영유권"),
    ],
)
def test_korean_particles_are_stripped(word: str, core: str) -> None:
    """A Korean word with a trailing particle gives the same tokens as the bare word."""
    assert tokenize(word) == tokenize(core)
    assert tokenize(word)


def test_korean_particle_stripping_keeps_two_syllables() -> None:
    """A two-syllable word ending like a particle ('한일' is not '한'+'일') is left alone."""
    assert tokenize("한일") == ["한일"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("慰安婦問題", ["慰安", "安婦", "婦問", "問題"]),
        ("竹島の領有権", ["竹島", "領有", "有権"]),  # hiragana particles are dropped
        ("독도", ["독도"]),
        ("위안부", ["위안", "안부"]),
        ("2007년에", ["2007"]),
        ("日韓基本条約", ["日韓", "韓基", "基本", "本条", "条約"]),
    ],
)
def test_cjk_runs_become_bigrams(text: str, tokens: list[str]) -> None:
    """Han, katakana and Hangul runs become overlapping character pairs."""
    assert tokenize(text) == tokens


def test_stopwords_are_dropped_from_queries_but_kept_for_question_keys() -> None:
    """Filler words carry no topic, but duplicate-question keys keep them."""
    assert tokenize("what is the treaty") == ["treaty"]
    assert normalize_question("what is the treaty") == "what is the treaty"


@pytest.mark.parametrize("word", ["뭐지", "뭐니", "뭐죠", "뭐람", "무엇이죠", "무엇이냐"])
def test_every_form_of_what_in_korean_is_no_topic(word: str) -> None:
    """뭐 and 무엇 with any ending ask "what": no token, as 뭐야 and 뭐임 give none."""
    assert tokenize(f"조약 {word}") == ["조약"]


@pytest.mark.parametrize("word", ["이름", "이유", "가해자", "의미", "이명박"])
def test_words_that_start_with_a_particles_syllable_keep_their_tokens(word: str) -> None:
    """Only a question word after the particle is dropped: 이름, 이유, 가해자 are words."""
    assert tokenize(word)


@pytest.mark.parametrize("question", ["条約の説明をお願いします", "条約についてお願い致します"])
def test_the_please_of_a_japanese_request_is_no_topic(question: str) -> None:
    """お願い ("please") and the humble 致します leave their kanji 願 and 致 as runs of their
    own: filler, not words of the question that no fact has ("河野談話の説明をお願いします" was
    declined for it)."""
    assert tokenize(question) == ["条約"]


@pytest.mark.parametrize(
    "question", ["explain the treaty", "an explanation of the treaty", "the treaty explained"]
)
def test_asking_for_an_explanation_is_no_topic(question: str) -> None:
    """ "explanation" is filler like "explain": it is not typo-corrected into a topic word
    ("exploration") that a fact happens to use."""
    assert tokenize(question) == ["treaty"]


@pytest.mark.parametrize(
    "word", ["왜캐", "왜케", "뭐냐", "뭔데", "어케", "누구꺼야", "근데", "암튼"]
)
def test_korean_chat_question_words_are_no_topic(word: str) -> None:
    """Korean chat's spellings of question words and its adverbs are filler, as "wat" and
    "so" are in English."""
    assert tokenize(f"독도 {word}") == tokenize("독도")


def test_tokenize_of_nothing_is_empty() -> None:
    """Empty, invisible-only and punctuation-only text gives no tokens."""
    assert tokenize("") == tokenize("\u200b\u200f\ufeff") == tokenize("?!... --") == []


_WORDS = st.lists(
    st.sampled_from(
        "the who dokdo rok liancourt rocks 1965 annexing annexed 독도는 체결됐어요 慰安婦で "
        "gsomiaって things meaning a i 2007년에 x_y".split()
    ),
    max_size=12,
).map(" ".join)


@given(_WORDS, st.booleans())
def test_remembered_words_tokenize_as_when_first_read(text: str, keep: bool) -> None:
    """A word's tokens come from a memo after its first reading: the same tokens and groups as
    reading every word afresh, and a caller changing a group changes no later result."""
    table = AliasTable.build(
        [
            AliasGroup("Liancourt Rocks", ("Dokdo", "독도")),
            AliasGroup("South Korea", ("ROK",)),
            AliasGroup("colonial", ("annexed",)),
        ]
    )
    tokens._WORD_MEMO[keep].clear()
    fresh = [
        group
        for word in table.apply(simplify(text)).split()
        for group in tokens._word_tokens(word, keep)
    ]
    assert tokenize_words(text, table, keep_stopwords=keep) == fresh
    groups = tokenize_words(text, table, keep_stopwords=keep)  # from the memo
    assert groups == fresh
    for group in groups:
        group.append("changed")
    assert tokenize_words(text, table, keep_stopwords=keep) == fresh
    assert tokenize(text, table, keep_stopwords=keep) == [t for g in fresh for t in g]


@given(_WORDS)
def test_tokens_and_key_are_tokenize_and_normalize_question(text: str) -> None:
    """A phrasing read once for the index and the cross-check gives what reading it for each
    does: its index tokens and its normalised key."""
    table = AliasTable.build(
        [AliasGroup("Liancourt Rocks", ("Dokdo", "독도")), AliasGroup("colonial", ("annexed",))]
    )
    assert tokens_and_key(text, table) == (
        tokenize(text, table),
        normalize_question(text, table),
    )


def test_word_memos_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The word memos start over when full: memory stays bounded, results the same."""
    monkeypatch.setattr(tokens, "WORD_MEMO", 3)
    monkeypatch.setattr(aliases, "APPLIED_MEMO", 3)
    table = AliasTable.build([AliasGroup("colonial", ("annexed",))])
    text = "annexing of treaty ports island fishing"
    expected = tokenize(text, AliasTable.build([AliasGroup("colonial", ("annexed",))]))
    for _ in range(2):
        assert tokenize(text, table) == expected == ["colonial", "treaty", "port", "island", "fish"]
    assert len(tokens._WORD_MEMO[False]) <= 3
    assert len(table._words) <= 3
    copy = pickle.loads(pickle.dumps(table))
    assert copy._words == {} and copy == table


def test_long_words_are_not_remembered() -> None:
    """A word longer than MEMO_WORD_CHARS (a hostile run of thousands of kanji, or of letters)
    is tokenized the same each time and kept in no word memo."""
    table = AliasTable.build([AliasGroup("colonial", ("annexed",))])
    kanji = "竹島問題" * (memo.MEMO_WORD_CHARS // 4 + 1)
    letters = "x" * (memo.MEMO_WORD_CHARS + 1)
    for word in (kanji, letters):
        first = tokenize(word, table)
        assert tokenize(word, table) == first
        assert word not in tokens._WORD_MEMO[False] and word not in table._words
    assert tokenize("island fishing", table) == ["island", "fish"]
    assert "island" in tokens._WORD_MEMO[False] and "island" in table._words


@pytest.mark.parametrize("word", ["그냥", "솔직히"])
def test_korean_adverbs_of_remarks_stay_words(word: str) -> None:
    """그냥 ("just") and 솔직히 ("honestly") open remarks more often than questions ("솔직히 그
    합의는 졸속이었음"): they stay words the knowledge does not know, the sign that keeps an
    opinion that names a topic from being answered with that topic's fact."""
    assert tokenize(f"독도 {word}") != tokenize("독도")


@pytest.mark.parametrize(
    ("typed", "plain"),
    [("dec 28th 2015", "dec 28 2015"), ("the 21st century", "the 21 century"), ("2nd 3rd", "2 3")],
)
def test_an_ordinal_typed_with_digits_is_its_number(typed: str, plain: str) -> None:
    """An ordinal is the number of the documents' "28 December 2015", not a word no fact holds."""
    assert tokenize(typed) == tokenize(plain)


@pytest.mark.parametrize(
    "word", ["heyy", "hiii", "okk", "sooo", "lolll", "pleasee", "guyss", "umm"]
)
def test_a_stretched_chat_word_is_filler(word: str) -> None:
    """A chat word stretched by repeating its last letter is filler, as the word is."""
    assert tokenize(word) == []


@pytest.mark.parametrize("word", ["inn", "bee", "butt", "dokdoo"])
def test_a_word_ending_in_a_double_letter_keeps_its_topic(word: str) -> None:
    """Only the chat words are read through their stretching: "inn" is not "in"."""
    assert tokenize(word) != []
