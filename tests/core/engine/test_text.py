"""Text normalisation, aliases and sentence splitting: index and query must agree."""

from __future__ import annotations

import pickle
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.engine import aliases, memo, tokens
from bot.core.engine import simplify as simplify_module
from bot.core.engine.aliases import AliasTable, canonical_token, name_token
from bot.core.engine.cleaning import clean
from bot.core.engine.sentences import message_sentences, split_sentences
from bot.core.engine.simplify import simplify
from bot.core.engine.stemming import stem
from bot.core.engine.tokens import normalize_question, tokenize, tokenize_words
from bot.core.engine.typed import as_typed
from bot.core.knowledge.models import AliasGroup


@pytest.fixture(scope="module")
def table() -> AliasTable:
    """An alias table shaped like the shipped one: Latin, Korean, Japanese and Chinese names."""
    return AliasTable.build(
        [
            AliasGroup("Liancourt Rocks", ("Dokdo", "Takeshima", "독도", "獨島", "竹島")),
            AliasGroup("South Korea", ("ROK", "Republic of Korea", "한국")),
            AliasGroup("comfort women", ("wartime sex slaves", "위안부", "慰安婦")),
            AliasGroup("Korean wave", ("Hallyu", "韓流", "한류")),
            AliasGroup("GSOMIA", ("military intelligence-sharing pact",)),
        ]
    )


# -- clean / simplify ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＤＯＫＤＯ　１９６５", "dokdo 1965"),  # full-width letters, digits and space
        ("ｋｉｍ　ｄａｅ－ｊｕｎｇ", "kim dae-jung"),
        ("STRASSE Straße", "strasse strasse"),  # casefold, not lower()
        ("ＧＳＯＭＩＡ", "gsomia"),
        ("ﾀｹｼﾏ", "タケシマ"),  # half-width katakana
        ("㍻", "平成"),  # a squared era name
    ],
)
def test_clean_applies_nfkc_and_casefold(raw: str, expected: str) -> None:
    """Compatibility forms and case differences disappear."""
    assert clean(raw) == expected


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u200e",
        "\u200f",
        "\u202e",
        "\u2066",
        "\x00",
        "\x7f",
        "\ufe0f",
        "\ufe0e",
        "\U000e0100",
        "\u034f",
        "\u180b",
        "\u17b4",
    ],
    ids=[
        "zwsp", "zwnj", "zwj", "word-joiner", "bom", "lrm", "rlm", "rlo", "lri", "nul", "del",
        "vs16", "vs15", "vs17", "cgj", "mongolian-fvs", "khmer-aq",
    ],
)  # fmt: skip
def test_clean_removes_invisible_characters(invisible: str) -> None:
    """Zero-width, bidi and control characters, and the other default-ignorable ones (variation
    selectors, the grapheme joiner), neither split nor glue words, as the message is read by
    the matchers, by the rules and by the embedding model."""
    from bot.core.engine.cleaning import for_embedding
    from bot.core.engine.typed import as_typed

    assert clean(f"Dok{invisible}do{invisible} island") == "dokdo island"
    assert as_typed(f"독{invisible}도 island{invisible}") == "독도 island"
    assert for_embedding(f"who{invisible} controls dok{invisible}do") == "who controls dokdo"


@pytest.mark.parametrize("blank", ["\u3164", "\uffa0", "\u115f", "\u1160", "\u2800"], ids=repr)
def test_a_blank_typed_for_a_space_is_a_space(blank: str) -> None:
    """The Hangul fillers (Discord's "invisible character") and the empty Braille pattern draw a
    blank and are typed for a space: read as one, never as a letter gluing two words."""
    from bot.core.engine.cleaning import for_embedding
    from bot.core.engine.typed import as_typed

    assert clean(f"who{blank}controls{blank}dokdo") == "who controls dokdo"
    assert tokenize(f"who{blank}controls{blank}dokdo") == tokenize("who controls dokdo")
    assert as_typed(f"독도{blank}출처") == "독도 출처"
    assert for_embedding(f"who{blank}controls dokdo{blank}") == "who controls dokdo"


def test_clean_turns_line_breaks_and_tabs_into_single_spaces() -> None:
    """Whitespace control characters become one space instead of vanishing."""
    assert clean("  Kim\tDae-jung\r\n\n was\x0babducted ") == "kim dae-jung was abducted"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Japan's apology", "japan apology"),  # possessive 's goes: "Japan's" means Japan
        ("Japan’s apology", "japan apology"),
        ("didn't", "didnt"),
        ("Kim Dae-jung", "kim dae jung"),
        ("the U.S. alliance", "the us alliance"),
        ("Liancourt_Rocks!!", "liancourt rocks"),
        ("  ...?!  ", ""),
        ("what % of koreans", "what percent of koreans"),  # the sign is a word
        ("Kōno, KÔNO, Shinzô", "kono kono shinzo"),  # a romanisation's marks go
        ("독도 Dōkdo 竹島が", "독도 dokdo 竹島が"),  # Hangul and kana are left whole
        ("79%, 13％", "79 percent 13 percent"),
    ],
)
def test_simplify_reduces_punctuation(raw: str, expected: str) -> None:
    """Possessives and apostrophes vanish, punctuation becomes space, acronyms lose dots."""
    assert simplify(raw) == expected


_ANY_TEXT = st.text(st.characters(codec=None), max_size=200)


@given(_ANY_TEXT)
def test_clean_is_idempotent_and_leaves_nothing_invisible(text: str) -> None:
    """Cleaning twice changes nothing, and no format/control/surrogate character survives."""
    once = clean(text)
    assert clean(once) == once
    assert not any(unicodedata.category(ch) in {"Cc", "Cf", "Cs"} for ch in once)


@given(_ANY_TEXT)
def test_simplify_is_idempotent(text: str) -> None:
    """Simplified text is already simple: the query and index sides cannot drift apart."""
    once = simplify(text)
    assert simplify(once) == once


# -- tokens: Korean particles, CJK bigrams, stemming ----------------------------------------


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


@pytest.mark.parametrize(
    "words",
    [
        ("vote", "voted", "voting", "votes"),
        ("treaty", "treaties"),
        ("island", "islands"),
        ("stop", "stopped", "stopping"),
        ("apology", "apologies"),
        ("apologize", "apologized", "apologizes", "apologizing"),
        ("sign", "signed", "signing", "signs"),
        ("state", "states", "stated"),
        ("claim", "claims", "claimed"),
        ("abduct", "abducted", "abducting"),
        ("protest", "protests", "protested"),
    ],
)
def test_inflections_share_one_stem(words: tuple[str, ...]) -> None:
    """A word and its inflections map to one key."""
    assert len({stem(w) for w in words}) == 1, {w: stem(w) for w in words}


@pytest.mark.parametrize(
    "words",
    [
        ("apologise", "apologised", "apologising", "apologize", "apologized"),
        ("normalisation", "normalization"),
        ("organisations", "organizations"),
        ("analysed", "analyse", "analyzed"),
        ("labour", "labor"),
        ("neighbours", "neighbors"),
        ("favourable", "favorable"),
        ("defence", "defense"),
        ("centre", "center"),
        ("judgement", "judgment"),
        ("programme", "program"),
    ],
)
def test_british_spellings_meet_american_ones(words: tuple[str, ...]) -> None:
    """Members write British English too: its spellings share the American words' key."""
    assert len({stem(w) for w in words}) == 1, {w: stem(w) for w in words}


@pytest.mark.parametrize(
    ("word", "key"),
    [("hour", "hour"), ("four", "four"), ("raised", "rais"), ("fence", "fenc"), ("arise", "aris")],
)
def test_words_that_only_look_british_are_not_respelt(word: str, key: str) -> None:
    """-our, -ence and -ise are respelt only where British English has them."""
    assert stem(word) == key


@pytest.mark.parametrize("word", ["us", "gas", "abe", "kono", "moon", "status", "basis", "press"])
def test_stem_leaves_short_words_and_ss_us_is_endings_alone(word: str) -> None:
    """Short words and -ss/-us/-is endings are not mangled ('status' is no plural)."""
    assert stem(word) == word


def test_stopwords_are_dropped_from_queries_but_kept_for_question_keys() -> None:
    """Filler words carry no topic, but duplicate-question keys keep them."""
    assert tokenize("what is the treaty") == ["treaty"]
    assert normalize_question("what is the treaty") == "what is the treaty"


@pytest.mark.parametrize("word", ["뭐지", "뭐니", "뭐죠", "뭐람", "무엇이죠", "무엇이냐"])
def test_every_form_of_what_in_korean_is_no_topic(word: str) -> None:
    """뭐 and 무엇 with any ending ask "what": no token, as 뭐야 and 뭐임 give none."""
    assert tokenize(f"조약 {word}") == ["조약"]


@pytest.mark.parametrize(
    "text", ["독도가뭐야", "독도는뭐임", "독도란뭐야", "독도는왜", "독도는무슨"]
)
def test_a_question_word_typed_onto_the_particle_after_a_name_is_no_topic(
    table: AliasTable, text: str
) -> None:
    """A question word glued to the particle after a name leaves no word of its own."""
    assert tokenize(text, table) == ["liancourt_rocks"]


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


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("昭和40年", "1965年"),
        ("昭和４０年に", "1965年に"),
        ("平成 元年", "1989年"),
        ("令和6年", "2024年"),
        ("大正15年", "1926年"),
        ("㍼40年", "1965年"),  # the era's name as one squared character
        ("㋿元年", "2019年"),
        ("平成32年", "平成32年"),  # no year of Heisei (it ended in its 31st)
        ("昭和天皇", "昭和天皇"),
    ],
)
def test_as_typed_reads_a_japanese_era_year_as_the_common_era(typed: str, read: str) -> None:
    """The knowledge counts years from the common era only."""
    from bot.core.engine.typed import as_typed

    assert as_typed(typed) == read


def test_tokenize_of_nothing_is_empty() -> None:
    """Empty, invisible-only and punctuation-only text gives no tokens."""
    assert tokenize("") == tokenize("\u200b\u200f\ufeff") == tokenize("?!... --") == []


# -- aliases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the rocks near rok", "the rocks near south_korea"),
        ("rokk and rocks and broke", "rokk and rocks and broke"),
        ("republic of korea", "south_korea"),
        ("liancourt rocks", "liancourt_rocks"),
        ("dokdo or takeshima", "liancourt_rocks or liancourt_rocks"),
        ("the military intelligence sharing pact", "the gsomia"),
        ("hallyu fans", "korean_wave fans"),
        ("take shima", "take shima"),
    ],
)
def test_latin_aliases_match_whole_words_only(table: AliasTable, text: str, expected: str) -> None:
    """Latin names are replaced only as whole words: 'rok' is not found inside 'rocks'."""
    assert table.apply(simplify(text)) == expected


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("독도는 누구 땅이야", "liancourt_rocks"),
        ("독도에서", "liancourt_rocks"),
        ("竹島の領有権", "liancourt_rocks"),
        ("獨島", "liancourt_rocks"),
        ("위안부를 아세요", "comfort_women"),
        ("慰安婦問題", "comfort_women"),
        ("韓流ブーム", "korean_wave"),
        ("한국과 일본", "south_korea"),
    ],
)
def test_cjk_aliases_match_inside_words(table: AliasTable, text: str, token: str) -> None:
    """Korean/Japanese names are found as substrings, particles and compounds included."""
    assert token in tokenize(text, table)


@pytest.mark.parametrize(
    ("text", "music"),
    [
        ("고노담화가 뭔가요", False),
        ("독도는 누구 땅인가요", False),
        ("한일관계가 중요한가요", False),
        ("수요집회는 언제부터 시작된 건가요", False),
        ("일본 가요 인기", True),
        ("한국 가요가 일본에서 인기", True),
        ("가요", True),
    ],
)
def test_the_question_ending_n_gayo_is_not_the_name_gayo(text: str, music: bool) -> None:
    """가요 (popular songs) ending a word after a syllable with the final ㄴ is the polite
    question ending -ㄴ가요, not the name: the question asks nothing about music."""
    songs = AliasTable.build([AliasGroup("music", ("음악", "가요"))])
    assert ("music" in tokenize(text, songs)) is music


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("竹島って誰の", True),
        ("竹島って誰の？", True),
        ("竹島は誰の 日本？", True),
        ("慰安婦って誰のこと", False),
        ("日本文化の開放って誰の時代？", False),
        ("誰の責任", False),
    ],
)
def test_whose_ending_the_question_asks_who_owns_it(text: str, owner: bool) -> None:
    """誰の ending a word asks whose the thing is, as 누구꺼 does; before a noun (誰のこと,
    誰の時代) it is only "whose" and names no owning."""
    owning = AliasTable.build([AliasGroup("ownership", ("所有", "誰の"), kind="term")])
    assert ("ownership" in tokenize(text, owning)) is owner


@pytest.mark.parametrize(
    "text", ["사토 에이사쿠 방한", "사토에이사쿠 방한", "ワールドベースボールクラシック"]
)
def test_a_korean_or_japanese_name_written_with_a_space_is_the_name_without_it(
    text: str,
) -> None:
    """Korean spacing varies with the writer, and a katakana name listed with a middle dot is
    typed without it: a name listed with a space matches the text written without it."""
    names = AliasTable.build(
        [
            AliasGroup("Eisaku Sato", ("사토 에이사쿠",)),
            AliasGroup("World Baseball Classic", ("ワールド・ベースボール・クラシック",)),
        ]
    )
    assert names.applied(text).split()[0] in ("eisaku_sato", "world_baseball_classic")


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("dokdo는 누구 땅이야", "liancourt_rocks"),
        ("takeshimaって何", "liancourt_rocks"),
        ("hallyuブーム", "korean_wave"),
        ("독도rok", "south_korea"),
    ],
)
def test_latin_names_glued_to_korean_or_japanese_are_names(
    table: AliasTable, text: str, token: str
) -> None:
    """Members type a Latin name straight before a particle: the script change is a word
    boundary, so the name is read as one."""
    assert token in tokenize(text, table)


@pytest.mark.parametrize(
    "variant",
    [
        "Who controls Takeshima?",
        "who controls liancourt rocks",
        "WHO CONTROLS 독도?",
        "who controls 竹島",
    ],
)
def test_alias_variants_give_one_question_key(table: AliasTable, variant: str) -> None:
    """Every name of a thing gives the same normalised question."""
    assert normalize_question(variant, table) == normalize_question("Who controls Dokdo?", table)


def test_longest_alias_wins(table: AliasTable) -> None:
    """'Republic of Korea' is one name, not 'Republic of' + the alias 'Korea' pieces."""
    assert tokenize("Republic of Korea", table) == ["south_korea"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("why do japan n korea not get along", "why do japan n korea not get along"),
        ("japanese n koreans", "japan n koreans"),
        ("what about n korea missiles", "what about north_korea missiles"),
        ("n korea and japan", "north_korea and japan"),
    ],
)
def test_chat_n_after_a_name_is_and(text: str, expected: str) -> None:
    """Chat's "n" for "and" after a name starts no name ("japan n korea" is Japan and Korea);
    elsewhere "n korea" is North Korea."""
    table = AliasTable.build(
        [
            AliasGroup("Japan", ("Japanese",)),
            AliasGroup("North Korea", ("N Korea", "NK")),
        ]
    )
    assert table.apply(simplify(text)) == expected


def test_empty_alias_table_changes_nothing() -> None:
    """Without aliases the text passes through unchanged."""
    assert AliasTable.build([]).apply("dokdo 독도") == "dokdo 독도"


# -- sentences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Relations were normalized in 1965.[8] Trade grew.",
            ["Relations were normalized in 1965.[8]", "Trade grew."],
        ),
        (
            "It was reported.[8][9] Then it was denied.",
            ["It was reported.[8][9]", "Then it was denied."],
        ),
        (
            "Some facts are disputed.[citation needed] Others are not.",
            ["Some facts are disputed.[citation needed]", "Others are not."],
        ),
        (
            "The U.S. and Japan signed it. Korea did not.",
            ["The U.S. and Japan signed it.", "Korea did not."],
        ),
        ("Mr. Abe met Park. They talked.", ["Mr. Abe met Park.", "They talked."]),
        ("Samuel J. Smith came. He left.", ["Samuel J. Smith came.", "He left."]),
        ('He said "no." Then he left!', ['He said "no."', "Then he left!"]),
        ("Really? Yes.", ["Really?", "Yes."]),
        ("It grew e.g. in trade. It fell.", ["It grew e.g. in trade.", "It fell."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
        ("US$5.5 billion in 1999.", ["US$5.5 billion in 1999."]),
    ],
    ids=[
        "footnote",
        "two-footnotes",
        "citation-needed",
        "U.S.",
        "Mr.",
        "initial",
        "closing-quote",
        "question-mark",
        "lowercase-after-dot",
        "line-break",
        "decimal",
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    """Sentences end at . ! ? (with footnotes) before a capital, not at abbreviations."""
    assert split_sentences(text) == sentences


@given(st.text(max_size=300))
def test_split_sentences_loses_no_words(text: str) -> None:
    """Splitting keeps every non-space character, in order."""
    joined = "".join("".join(s.split()) for s in split_sentences(text))
    assert joined == "".join(text.split())


def test_an_inflection_of_a_one_word_name_is_the_name() -> None:
    """'annexed' listed makes 'annex' and 'annexing' the same token; a stem that names of two
    groups share is left as written."""
    table = AliasTable.build(
        [
            AliasGroup("colonial", ("annexed", "annexation", "colonized")),
            AliasGroup("protest", ("rallied",)),
            AliasGroup("rally", ("rallies",)),
        ]
    )
    assert tokenize("when did japan annex korea", table) == ["japan", "colonial", "korea"]
    assert tokenize("annexing colonizing", table) == ["colonial", "colonial"]
    # 'rallied' and 'rallies' both stem to 'rally': two groups, so 'rallying' is read as is.
    assert tokenize("rallying", table) == ["rally"]
    assert tokenize("rallying", AliasTable.build([])) == ["rally"]
    assert table.stems.get("rally") is None


def test_applied_is_apply_of_simplify_and_its_memo_is_not_pickled() -> None:
    """`applied` remembers texts for a load, but a pickled table (the engine snapshot) starts
    with an empty memo, and the memo never changes what a text becomes."""
    table = AliasTable.build([AliasGroup("Liancourt Rocks", ("Dokdo", "Takeshima"), None, "alias")])
    text = "Who controls Dokdo's waters?"
    assert (
        table.applied(text) == table.apply(simplify(text)) == "who controls liancourt_rocks waters"
    )
    assert table.applied(text) == table.apply(simplify(text))
    assert text in table._memo
    copy = pickle.loads(pickle.dumps(table))
    assert copy._memo == {}
    assert copy == table
    assert copy.applied(text) == table.applied(text)


# -- the fast paths of a cold build ----------------------------------------------------------

_ASCII = st.text(
    st.sampled_from(list("aZz09_ .'`-?!,\t\n\x01\x1f\x7fsSuU")) | st.characters(max_codepoint=127)
)


@pytest.mark.parametrize(
    "text",
    [
        "U.S. and Japan's",
        "a\x01b_c",
        "don`t  it's  o'clock",
        "u\x01.s. policy",
        "   ",
        "",
        "Kim Dae-jung, 1,000th (ROK)...",
        "tab\there\x0bvt\x1cfs",
        "'s 's's s'",
    ],
)
def test_simplify_of_ascii_is_the_general_path(text: str) -> None:
    """ASCII text takes a one-pass path that gives what the step-by-step path gives."""
    assert text.isascii()
    assert simplify(text) == simplify_module._simplify_any(text)


@given(_ASCII)
def test_simplify_of_any_ascii_text_is_the_general_path(text: str) -> None:
    """The one-pass ASCII path agrees with the step-by-step one on any ASCII text."""
    assert simplify(text) == simplify_module._simplify_any(text)


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


def test_simplify_memo_is_bounded_and_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simplified texts are remembered, a few thousand at most, and read the same again."""
    monkeypatch.setattr(simplify_module, "SIMPLIFIED_MEMO", 2)
    texts = ["Japan's U.S. policy", "ＤＯＫＤＯ　１９６５", "kim dae-jung", "Japan's U.S. policy"]
    expected = [simplify_module._simplify_any(t) for t in texts]
    assert [simplify(t) for t in texts] == expected
    assert [simplify(t) for t in texts] == expected
    assert len(simplify_module._SIMPLIFIED) <= 2


def test_long_texts_are_not_remembered() -> None:
    """A flood of distinct long messages cannot fill the memos with megabytes each: only texts
    up to MEMO_TEXT_CHARS are kept, and a long one reads the same every time."""
    table = AliasTable.build([AliasGroup("colonial", ("annexed",))])
    long_text = "annexed " + "dokdo " * (memo.MEMO_TEXT_CHARS // 6 + 1)
    short_text = "annexed dokdo"
    first = table.applied(long_text)
    assert table.applied(long_text) == first and first.startswith("colonial dokdo")
    assert long_text not in table._memo and long_text not in simplify_module._SIMPLIFIED
    table.applied(short_text)
    assert short_text in table._memo and short_text in simplify_module._SIMPLIFIED


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


@pytest.mark.parametrize(
    ("name", "token"),
    [("Liancourt Rocks", "liancourt_rocks"), ("Japan", "japan"), ("Lotte", "lott"),
     ("Philippines", "philippin"), ("NewJeans", "newjean")],
)  # fmt: skip
def test_a_name_stands_for_the_token_the_index_holds(name: str, token: str) -> None:
    """A one-word canonical name is stemmed like every other word, so the rules that look a
    name up (entities, names in neither document) find the token the index holds."""
    assert name_token(name) == token
    if " " not in name:  # (a phrase becomes one token only through the alias table)
        assert tokenize(name) == [token]


@pytest.mark.parametrize(
    ("message", "sentences"),
    [
        # One sentence that says something: nothing to read apart.
        ("when was the treaty signed", []),
        ("when was the treaty signed?", []),
        ("when was the treaty signed? lol", []),
        # Two or more: each, in order.
        (
            "when was the treaty signed? my teacher said 1965 and i forgot",
            ["when was the treaty signed", "my teacher said 1965 and i forgot"],
        ),
        (
            "독도 누구 땅임? 일본 교과서는 다르게 말하던데",
            ["독도 누구 땅임", "일본 교과서는 다르게 말하던데"],
        ),
        (
            "韓流ブームはいつから？冬のソナタの頃かな",
            ["韓流ブームはいつから", "冬のソナタの頃かな"],
        ),
        # The inner dots of an abbreviation or a decimal do not end a sentence (the last dot of
        # "U.S." does, leaving "did the U.S", which says nothing); a line break does.
        ("did the U.S. push both sides to talk", []),
        (
            "trade was 2.5 times larger\nwhy did it grow so fast",
            ["trade was 2.5 times larger", "why did it grow so fast"],
        ),
        # At most four.
        (
            "dokdo location. gsomia pact. kono statement. winter sonata fans. fund closing",
            ["dokdo location", "gsomia pact", "kono statement", "winter sonata fans"],
        ),
    ],
)
def test_message_sentences(message: str, sentences: list[str]) -> None:
    """The sentences of a message that say something, when it has several."""
    assert message_sentences(message) == sentences


def test_clean_lines_keeps_one_line_break_per_run() -> None:
    """A run of whitespace that breaks a line is one line break, any other run one space; the
    rest is `clean`: NFKC, casefolded, invisible characters gone."""
    from bot.core.engine.cleaning import clean_lines

    assert clean_lines("Dokdo\r\n\n\n\u2028  is it\u200b Korean \t?") == "dokdo\nis it korean ?"
    assert clean_lines("ｃan\n\n") == "can"
    assert clean_lines("dokdo" + "\n" * 4000) == "dokdo"


def test_a_masked_link_keeps_its_text_after_a_run_of_brackets() -> None:
    """The link's visible text holds no bracket, so a run of "[" before it stays as typed."""
    from bot.core.engine.markup import strip_chat_markup

    text = strip_chat_markup("[[[ see [the 1965 treaty](https://example.org/t) @x")
    assert "the 1965 treaty" in text and "example.org" not in text and text.startswith("[[[")


def test_for_embedding_reads_the_message_as_typed_without_noise() -> None:
    """Capitals shouted and alternating case are lowered, an acronym beside other words or a
    name in camel case is not; invisible characters
    go; full-width Latin and decomposed Hangul are normalised."""
    import unicodedata

    from bot.core.engine.cleaning import for_embedding
    from bot.core.engine.typed import as_typed

    assert for_embedding("WHO CONTROLS DOKDO") == "who controls dokdo"
    assert for_embedding("GSOMIA 뭐야") == "GSOMIA 뭐야"
    assert for_embedding("wHo CoNtRoLs DoKdO") == "who controls dokdo"
    assert for_embedding("is NewJeans big in Japan") == "is NewJeans big in Japan"  # one name
    assert for_embedding("who\u200b controls\u00ad ｄokdo") == "who controls dokdo"
    decomposed = unicodedata.normalize("NFD", "독도 출처")
    assert for_embedding(decomposed) == "독도 출처"
    assert as_typed(decomposed + "\u200b?") == "독도 출처?"
    assert as_typed("Keep\nCase, punctuation!") == "Keep\nCase, punctuation!"
    assert as_typed("竹島のｿｰｽ､ﾜｰﾙﾄﾞｶｯﾌﾟ｡ＯＫ？") == "竹島のソース、ワールドカップ。ＯＫ？"


@pytest.mark.parametrize(
    ("markup", "kept"),
    [
        ("<t:1234567890:R>", ""),
        ("<t:-157766400>", ""),
        ("</ask:123456789012345678>", ""),
        ("</kb edit:123>", ""),
        ("<id:customize>", ""),
        ("<t:soon>", "<t:soon>"),  # not a timestamp: left as typed
        ("</ask>", "</ask>"),  # no command id: an HTML-like tag, left as typed
    ],
)
def test_discord_markup_rendered_in_place_is_removed(markup: str, kept: str) -> None:
    """Timestamps, slash command mentions and server guide channels go as mentions do."""
    from bot.core.engine.markup import strip_chat_markup

    assert strip_chat_markup(f"{markup} dokdo").split() == [*kept.split(), "dokdo"]


def test_for_embedding_drops_discord_markdown() -> None:
    """Emphasis, spoilers, code and line-start quotes, headings and list dashes are not read;
    a lone tilde, a hyphen inside a line and the words themselves are."""
    from bot.core.engine.cleaning import for_embedding

    assert for_embedding("**who** controls ||dokdo||") == "who controls dokdo"
    assert for_embedding("> `who` ~~controls~~ __dokdo__") == "who controls dokdo"
    assert for_embedding("# who\n-# controls\n- dokdo\n>>> now") == "who controls dokdo now"
    assert for_embedding("독도 땅이야~ a-b") == "독도 땅이야~ a-b"


def test_a_code_blocks_language_is_not_read() -> None:
    """The language after a code block's opening fence goes; a word after a closing one (no
    line break after it) stays."""
    from bot.core.engine.markup import strip_chat_markup

    assert strip_chat_markup("```yaml\nwhen was the treaty signed\n```").split() == [
        "```",
        "when",
        "was",
        "the",
        "treaty",
        "signed",
        "```",
    ]
    assert strip_chat_markup("```treaty``` signed") == "```treaty``` signed"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("dokdo <3", "dokdo"),
        ("<333 dokdo</3", "dokdo"),
        ("dokdo :3", "dokdo"),
        ("trade <3% of gdp", "trade <3% of gdp"),  # a number compared, not a heart
        ("2<3 and 2:3 at 10:30", "2<3 and 2:3 at 10:30"),
        ("<3.5 million", "<3.5 million"),
        ("3:3,5 and <3,000", "3:3,5 and <3,000"),
        ("who controls dokdo <3.", "who controls dokdo ."),  # the sentence's full stop
        ("when was the treaty signed :3, thanks", "when was the treaty signed , thanks"),
    ],
)
def test_emoticons_with_a_digit_are_not_read_as_a_number(typed: str, read: str) -> None:
    """The heart and the cat's face go with the other chat markup; a 3 in a comparison, a
    ratio or a time stays."""
    from bot.core.engine.markup import strip_chat_markup

    assert strip_chat_markup(typed).split() == read.split()


def test_for_embedding_reads_a_run_of_question_marks_as_one() -> None:
    """ "??", "?!" and " ?" are read as one question mark after the word; dots are kept."""
    from bot.core.engine.cleaning import for_embedding

    assert for_embedding("dokdo ??? really?! ok !!") == "dokdo? really? ok!"
    assert for_embedding("독도 ？？") == "독도?"
    assert for_embedding("dokdo... u.s.") == "dokdo... u.s."


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ('"who controls dokdo"', "who controls dokdo"),
        ('"who controls dokdo"?', "who controls dokdo?"),
        ("“who controls dokdo?”", "who controls dokdo?"),
        ("「竹島は誰のもの」", "竹島は誰のもの"),
        ('"dokdo" or "takeshima"', '"dokdo" or "takeshima"'),  # two quotes, not one around all
        ('"comfort women" meaning', '"comfort women" meaning'),
        ("'who's in charge'", "'who's in charge'"),  # an apostrophe inside: left as typed
    ],
)
def test_for_embedding_reads_a_quoted_message_without_its_quotes(typed: str, read: str) -> None:
    """Quotation marks around the whole message go; quotes around some of its words stay."""
    from bot.core.engine.cleaning import for_embedding

    assert for_embedding(typed) == read


@pytest.mark.parametrize("word", ["그냥", "솔직히"])
def test_korean_adverbs_of_remarks_stay_words(word: str) -> None:
    """그냥 ("just") and 솔직히 ("honestly") open remarks more often than questions ("솔직히 그
    합의는 졸속이었음"): they stay words the knowledge does not know, the sign that keeps an
    opinion that names a topic from being answered with that topic's fact."""
    assert tokenize(f"독도 {word}") != tokenize("독도")


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("women", "woman"), ("women's", "woman"), ("womens", "woman"), ("men", "man"),
     ("children", "child")],
)  # fmt: skip
def test_irregular_plurals_read_as_their_singular(plural: str, singular: str) -> None:
    """No suffix rule takes "women" to "woman": the two were different words, so "a comfort
    woman" asked met "comfort women" in the facts only by meaning."""
    assert tokenize(f"comfort {plural}") == tokenize(f"comfort {singular}")


def test_a_name_is_found_with_its_irregular_plural_in_the_singular() -> None:
    """ "Asian Women's Fund" listed is found asked as "asian woman's fund" or "asian womans
    fund", and the listed form still is."""
    names = AliasTable.build([AliasGroup("Asian Women's Fund", ("Asian Womens Fund",))])
    token = canonical_token("Asian Women's Fund")
    for asked in (
        "asian woman's fund",
        "asian womans fund",
        "Asian Women's Fund",
        "asian womens fund",
    ):
        assert names.apply(simplify(f"what was the {asked}")).split()[-1] == token, asked


@pytest.mark.parametrize(
    ("typed", "plain"),
    [("dec 28th 2015", "dec 28 2015"), ("the 21st century", "the 21 century"), ("2nd 3rd", "2 3")],
)
def test_an_ordinal_typed_with_digits_is_its_number(typed: str, plain: str) -> None:
    """An ordinal is the number of the documents' "28 December 2015", not a word no fact holds."""
    assert tokenize(typed) == tokenize(plain)


@pytest.fixture(scope="module")
def intelligence() -> AliasTable:
    """The shipped aliases' intelligence (and a name to ask about)."""
    return AliasTable.build(
        [
            AliasGroup("intelligence", ("intel", "information", "info")),
            AliasGroup("Liancourt Rocks", ("Dokdo",)),
        ]
    )


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("any info on dokdo", "dokdo"),
        ("looking for information about dokdo", "looking dokdo"),
        ("info on the 1965 treaty", "1965 treaty"),
    ],
)
def test_a_request_for_info_names_no_intelligence(
    intelligence: AliasTable, typed: str, plain: str
) -> None:
    """The "info" of "any info on" asks for something; it is no intelligence."""
    assert tokenize(typed, intelligence) == tokenize(plain, intelligence)


@pytest.mark.parametrize(
    "typed",
    [
        "share information on north korea",
        "military info about",
        # "any info on" after a verb of sharing: the info shared (was dropped as a request)
        "do they share any info on north korea",
    ],
)
def test_shared_information_is_intelligence(intelligence: AliasTable, typed: str) -> None:
    """Information shared, or military information, is what the intelligence pact is about."""
    assert tokenize("intelligence", intelligence)[0] in tokenize(typed, intelligence)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hwo owns dokdo", "who owns dokdo"),
        ("Hwo many survivors", "how many survivors"),
        ("WAHT is gsomia", "what is gsomia"),
        ("whcih year", "which year"),
        ("the world cup", "the world cup"),
    ],
)
def test_a_question_word_typed_with_two_letters_swapped_is_read_as_typed_right(
    typed: str, meant: str
) -> None:
    """The rules read "hwo" as "who" ("how" before "many"); other words stay as typed."""
    assert as_typed(typed).lower() == meant


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("in nineteen sixty five", "in 1965"),
        ("Nineteen Ninety-Eight?", "1998?"),
        ("twenty fifteen deal", "2015 deal"),
        ("two thousand and two", "2002"),
        ("nineteen ten", "1910"),
        # amounts and plain numbers stay words
        ("two thousand women", "two thousand women"),
        ("two thousand five hundred", "two thousand five hundred"),
        ("two thousand fifteen dollars", "two thousand fifteen dollars"),
        ("twenty five survivors", "twenty five survivors"),
        ("nineteen forty five years ago", "nineteen forty five years ago"),
    ],
)
def test_a_year_said_in_words_is_read_in_digits(typed: str, read: str) -> None:
    """The rules and matchers read a year said in words as the documents write it."""
    assert as_typed(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("explain like im 5 the kono statement", "eli5 the kono statement"),
        ("Explain it like I'm five: gsomia", "eli5: gsomia"),
        ("explain like im 50", "explain like im 50"),
    ],
)
def test_explain_like_im_five_is_read_as_eli5(typed: str, read: str) -> None:
    """The spelt-out request is the chat word for it, which carries no topic."""
    assert as_typed(typed) == read
