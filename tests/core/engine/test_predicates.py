"""`predicate_key` through `tokenize`: the forms of a Korean adjective or verb reach one token,
nouns keep theirs, and a question in one form is answered by a fact phrased in another."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.core.engine.aliases import AliasTable
from bot.core.engine.answer import Engine
from bot.core.engine.predicates import infinitive
from bot.core.engine.tokens import tokenize
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.models import AliasGroup


@pytest.mark.parametrize(
    ("forms", "tokens"),
    [
        # The ㅡ of an adjective's stem goes before 아/어 and takes ㄴ and ㅁ (나쁜, 나쁨).
        ("나쁘다 나쁘게 나쁜 나쁨 나빠 나빠요 나빠서 나빴어 나빴는지요 나빠졌어 나빠진", ["나빠"]),
        ("아프다 아픈 아파 아팠어", ["아파"]),
        # 하다 after one syllable stays (친 is no word); the auxiliary 지다 "become" goes.
        ("친하다 친하게 친한 친함 친해 친했어 친해졌어 친해진", None),
        ("화나다 화나는 화난 화남 화나 화나요 화났어 화났었는데 화난다", ["화나"]),
        # The one-syllable adjectives: their past and their adnominal are forms of them too.
        ("좋다 좋냐 좋은 좋음 좋아 좋았어 좋아졌어 안좋아 안좋은거임 안좋아졌었는데", ["좋아"]),
        ("싫다 싫은 싫음 싫어 싫었어 싫어하다 싫어해 싫어함", ["싫어"]),
        ("좋아하다 좋아해 좋아했어 좋아함", ["좋아"]),
        # A noun's 하다 leaves the noun, whatever the form.
        ("사과하다 사과해 사과해요 사과했어 사과함 사과한 사과한다 사과했습니다", ["사과"]),
        ("반대하다 반대해 반대했어 반대함 반대했던", ["반대"]),
        ("중요하다 중요해 중요한 중요함", ["중요"]),
        # ㅂ before 아/어 is 우 (가깝다 -> 가까워); a closed stem's past is its infinitive.
        ("가깝다 가까워 가까웠어", ["가까", "까워"]),
        ("만들었어 만들다 만들어", ["만들", "들어"]),
    ],
)
def test_the_forms_of_a_predicate_reach_one_token(forms: str, tokens: list[str] | None) -> None:
    """Every form of the predicate tokenizes as its dictionary form does (the index and the
    question use the same `tokenize`)."""
    words = forms.split()
    expected = tokens if tokens is not None else tokenize(words[0])
    assert expected, words[0]
    for word in words:
        assert tokenize(word) == expected, word


@pytest.mark.parametrize(
    ("stem", "form"),
    [
        ("나쁘", "나빠"),
        ("기쁘", "기뻐"),
        ("친하", "친해"),
        ("좋", "좋아"),
        ("싫", "싫어"),
        ("가깝", "가까워"),
        ("싸우", "싸워"),
        ("지키", "지켜"),
        ("되", "돼"),
        ("다르", "달라"),
    ],
)
def test_the_infinitive_of_a_stem(stem: str, form: str) -> None:
    """아 after ㅏ and ㅗ, 어 after the others; ㅡ drops, 르 doubles its ㄹ, ㅂ becomes 우."""
    assert infinitive(stem) == form


@pytest.mark.parametrize(
    ("word", "noun"),
    [
        ("책임", "책임"),
        ("국가", "국가"),
        ("일본어", "일본어"),
        ("한반도에서", "한반도"),
        ("독도는", "독도"),
        ("교과서", "교과서"),  # 서 after 과 (ㅘ) is no connective
        ("아버지는", "아버지"),  # 지는 is no 지다 after 버
        ("인권침해", "인권침해"),  # 침해 is a noun, not 침 + 해
        ("전쟁피해", "전쟁피해"),
        ("사진", "사진"),
        ("대지진", "대지진"),
        ("이렇게", "이렇게"),  # kept a word (see stopwords.py)
    ],
)
def test_nouns_keep_their_tokens(word: str, noun: str) -> None:
    """A noun that ends like a predicate's form keeps its syllables (with a particle, as
    without)."""
    assert tokenize(word) == tokenize(noun)
    assert tokenize(noun)


@pytest.mark.parametrize(
    "word",
    [
        "있었어",
        "했다",
        "하다",
        "하고",
        "하려고",
        "말했어",
        "들었어",
        "그랬어",
        "관련있어",
        "맛있어",
        "였습니까",
        "틀었어",  # a one-syllable verb's past: no token, as before
        "받았어",
    ],
)
def test_light_predicates_are_no_token(word: str) -> None:
    """Being, doing, saying, hearing, a verb of one syllable: no topic, no token."""
    assert tokenize(word) == []


FACTS = """\
topic: Relations
facts:
  - id: relations-worse
    questions:
      - Did relations between the two countries get worse?
      - two countries relations worse
      - 두 나라 관계가 나빠졌어?
      - 두 나라 사이가 멀어졌어?
    answer: Two countries claim the islands.
    sources:
      - source: tiny
        section: Islands
        quote: They are claimed by two countries.
    tags: [relations]
  - id: relations-better
    questions:
      - Did relations between the two countries get better?
      - two countries relations better
      - 두 나라 관계가 좋아졌어?
      - 두 나라는 친해졌어?
    answer: Trade between the two countries was US$5 billion in 1999.
    sources:
      - source: tiny
        section: Trade
        quote: Trade between the two countries was US$5 billion in 1999.
    tags: [relations]
  - id: apology
    questions:
      - Did one of the two countries apologise?
      - country apology claim
      - 한 나라가 상대 나라에 사과했어?
      - 두 나라 중 어느 나라가 화났어?
    answer: Two countries claim the islands.
    sources:
      - source: tiny
        section: Islands
        quote: They are claimed by two countries.
    tags: [claims]
"""


@pytest.fixture
def relations(tiny_knowledge: Path) -> Engine:
    """The tiny knowledge with facts phrased in one form of a Korean predicate each."""
    (tiny_knowledge / "facts" / "islands.yaml").unlink()
    (tiny_knowledge / "facts" / "relations.yaml").write_text(textwrap.dedent(FACTS), "utf-8")
    return Engine(load_knowledge(tiny_knowledge))


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("두 나라 관계 나쁨?", "relations-worse"),
        ("두 나라 관계 나빠?", "relations-worse"),
        ("두 나라 관계 나빴어?", "relations-worse"),
        ("두 나라 관계 좋아?", "relations-better"),
        ("두 나라 관계가 좋았어?", "relations-better"),
        ("두 나라는 친한가?", "relations-better"),
        ("화난 나라는 어디야?", "apology"),
        ("상대 나라에 사과함?", "apology"),
    ],
)
def test_a_question_meets_a_fact_phrased_in_another_form(
    relations: Engine, question: str, fact_id: str
) -> None:
    """Asked in one form of the predicate, the fact that uses another answers."""
    answer = relations.ask(question)
    assert answer.answered, answer
    assert answer.fact_id == fact_id, answer


# -- predicates named by an alias --------------------------------------------------------------


@pytest.fixture(scope="module")
def feelings() -> AliasTable:
    """Terms named by a predicate's infinitive, as the shipped 싫어 ("dislike") and 만나."""
    return AliasTable.build(
        [
            AliasGroup("dislike", ("hate", "싫어", "嫌い"), kind="term"),
            AliasGroup("meeting", ("meet", "만나"), kind="term"),
        ]
    )


@pytest.mark.parametrize(
    ("word", "named"),
    [
        ("싫다", "싫어해"),
        ("싫은", "싫어해"),
        ("싫음", "싫어해"),
        ("싫었어", "싫어해"),
        ("만난", "만나는"),
        ("만났어", "만나는"),
    ],
)
def test_a_predicate_named_by_an_alias_is_the_name_in_every_form(
    feelings: AliasTable, word: str, named: str
) -> None:
    """A form whose letters hold no name (싫다 holds no 싫어) is the name all the same, as the
    form that holds it is."""
    assert tokenize(word, feelings) == tokenize(named, feelings) == [tokenize(named, feelings)[0]]
    assert tokenize(word, feelings)[0] in ("dislik", "meet")


def test_a_word_that_holds_a_name_is_read_as_written(feelings: AliasTable) -> None:
    """Only a word with no name in it is read as its predicate: 싫어하는 keeps its name."""
    assert feelings.applied("싫어하는") == "dislike 하는"


DISLIKE = """\
terms:
  - canonical: dislike
    names: [dislikes, hate, 싫어]
"""


@pytest.fixture
def opinion(tiny_knowledge: Path) -> Engine:
    """The tiny knowledge with a term named 싫어 and a fact phrased with 싫어해."""
    (tiny_knowledge / "aliases.yaml").write_text(
        (tiny_knowledge / "aliases.yaml").read_text("utf-8") + DISLIKE, "utf-8"
    )
    facts = tiny_knowledge / "facts" / "islands.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace(
            "      - 예시섬은 어디에 있어?\n",
            "      - 예시섬은 어디에 있어?\n      - 두 나라는 서로 싫어해?\n",
        ),
        "utf-8",
    )
    return Engine(load_knowledge(tiny_knowledge))


@pytest.mark.parametrize("question", ["두 나라는 서로 싫음?", "두 나라는 서로 싫었어?"])
def test_a_question_meets_the_fact_through_the_predicates_alias(
    opinion: Engine, question: str
) -> None:
    """싫음 and 싫었어 reach the fact phrased with 싫어해, through the term 싫어 names."""
    answer = opinion.ask(question)
    assert answer.answered and answer.fact_id == "islands-where", answer
