"""The alias table: every name of a thing is one token, in Latin script, Korean and Japanese."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.engine import memo
from bot.core.engine import simplify as simplify_module
from bot.core.engine.aliases import AliasTable, canonical_token, name_token
from bot.core.engine.simplify import simplify
from bot.core.engine.stemming import singular_words, stem
from bot.core.engine.tokens import normalize_question, tokenize
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


@pytest.mark.parametrize(
    "text", ["독도가뭐야", "독도는뭐임", "독도란뭐야", "독도는왜", "독도는무슨"]
)
def test_a_question_word_typed_onto_the_particle_after_a_name_is_no_topic(
    table: AliasTable, text: str
) -> None:
    """A question word glued to the particle after a name leaves no word of its own."""
    assert tokenize(text, table) == ["liancourt_rocks"]


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


def _apply_word_by_word(table: AliasTable, words: tuple[str, ...]) -> str:
    """What `AliasTable.apply` gives a Latin text's words, read one word at a time: at each
    word the longest name starting there, else the word as its stem's name or itself."""
    out: list[str] = []
    i = 0
    while i < len(words):
        most = table.longest.get(words[i], 0)
        if words[i] == "n" and out and out[-1] in table.tokens:
            most = 0
        for size in range(min(most, len(words) - i), 0, -1):
            token = table.phrases.get(words[i : i + size])
            if token is not None:
                out.append(token)
                i += size
                break
        else:
            out.append(table.stems.get(stem(words[i]), words[i]))
            i += 1
    return " ".join(out)


@given(
    st.lists(
        st.sampled_from(
            "south korea n japan the liancourt rocks rocks dokdo annexed annexing annex "
            "colonial comfort women woman asian womens fund of military sex slaves pact x".split()
        ),
        max_size=14,
    )
)
def test_names_among_other_words_are_read_as_word_by_word(words: list[str]) -> None:
    """Names anywhere in a text (overlapping, at its ends, one after another, "n" between
    them), and the words between them, read as reading every word in turn reads them."""
    table = AliasTable.build(
        [
            AliasGroup("Liancourt Rocks", ("Dokdo",)),
            AliasGroup("South Korea", ("ROK",)),
            AliasGroup("North Korea", ("n korea",)),
            AliasGroup("Japan", ("Nippon",)),
            AliasGroup("colonial", ("annexed",)),
            AliasGroup("Asian Women's Fund", ("the fund",)),
            AliasGroup("comfort women", ("military sex slaves",)),
        ]
    )
    text = " ".join(words)
    expected = _apply_word_by_word(table, singular_words(text.split()))
    assert table.apply(text) == expected
    assert table.apply(text) == expected  # with every word remembered
