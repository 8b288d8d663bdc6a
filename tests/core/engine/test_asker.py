"""Clauses about the asker before a question (asker.py): read as context, not as its words."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.asker import Asked, read_asker, without_thanks
from bot.core.knowledge.loader import load_knowledge

# A country of the aliases that neither the facts nor the document name: asked about, it is
# a name the documents do not cover.
EXAMPLELAND = """\
  - canonical: Exampleland
    names: [Example Land]
"""
# The islands' Japanese name, and where they are asked in Korean and Japanese.
JAPANESE_NAME = "names: [Sample Rocks, 예시섬, 例島]"
ASKED_IN_KOREAN_AND_JAPANESE = """\
      - 예시섬은 어디에 있어?
      - 예시섬은 어느 바다에 있어?
      - 例島はどの海にありますか？
"""


@pytest.fixture
def engine(tiny_knowledge: Path) -> Engine:
    """The lexical engine over the tiny knowledge, with Exampleland among its aliases and the
    islands asked about in Korean and Japanese."""
    path = tiny_knowledge / "aliases.yaml"
    text = path.read_text("utf-8").replace("names: [Sample Rocks, 예시섬]", JAPANESE_NAME)
    path.write_text(text + EXAMPLELAND, "utf-8")
    path = tiny_knowledge / "facts" / "islands.yaml"
    text = path.read_text("utf-8")
    text = text.replace("      - 예시섬은 어디에 있어?\n", ASKED_IN_KOREAN_AND_JAPANESE)
    path.write_text(text, "utf-8")
    return Engine(load_knowledge(tiny_knowledge))


@pytest.mark.parametrize(
    "question",
    [
        "i saw a documentary on netflix, which sea are the example islands in?",
        "writing a paper for my geography class: which sea are the example islands in?",
        "hi!! been reading about this all day. which sea are the example islands in",
        "hello! i'm a student from exampleland. which sea are the example islands in?",
        "as someone who grew up in exampleland, which sea are the example islands in?",
    ],
)
def test_a_question_after_a_clause_about_the_asker_is_answered(
    engine: Engine, question: str
) -> None:
    """What the member says of themselves does not dilute the question that follows it."""
    assert engine.ask("which sea are the example islands in?").fact_id == "islands-where"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "question",
    [
        "hey guys, quick question for my geography homework: which sea are the example islands in?",
        "sorry for my english, which sea are the example islands in?",
        "context: i work at a museum. which sea are the example islands in?",
        "was chatting with a classmate online, which sea are the example islands in?",
        "for my geography class, which sea are the example islands in?",
        "idk if this is allowed here but which sea are the example islands in?",
        "this might be a weird one but which sea are the example islands in?",
        "not gonna lie i never learned geography, which sea are the example islands in?",
        "hello everyone!! first time here :) which sea are the example islands in?",
        "hey there, hope ur doing well! which sea are the example islands in?",
        "greetings from exampleland! which sea are the example islands in?",
        "hello from exampleland! which sea are the example islands in?",
        "love from exampleland!! which sea are the example islands in?",
        "at my school nobody knows this, which sea are the example islands in?",
        # chat's openers: "alright so", "bro", "out of curiosity", "for context"
        "alright so, which sea are the example islands in?",
        "heyy guyss, which sea are the example islands in?",
        "out of curiosity, which sea are the example islands in?",
        "bro i swear nobody in my class knows this, which sea are the example islands in?",
        "for context i'm from exampleland: which sea are the example islands in?",
        "ok so this has been bugging me for days: which sea are the example islands in?",
    ],
)
def test_a_clause_about_the_question_itself_is_context(engine: Engine, question: str) -> None:
    """A clause about the asking ("quick question for my homework", "sorry for my english",
    "context:", "this might be a weird one but"), one opened by the asker's own ("for my
    class", "idk if", "not gonna lie i") or a chat clause that leaves its subject out before
    "was ...ing" is context; "but" before the question ends the clause."""
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "question",
    [
        # a verb with its subject left out after an adverb or "after", or too short for -ing
        "currently studying for finals, which sea are the example islands in?",
        "after watching a documentary last night, which sea are the example islands in?",
        "going to a museum next week! which sea are the example islands in?",
    ],
)
def test_a_subjectless_clause_of_what_the_asker_does_is_context(
    engine: Engine, question: str
) -> None:
    """What the asker is doing, said without "i" ("currently studying for finals", "going to a
    museum next week!"), does not dilute the question after it."""
    assert engine.ask("which sea are the example islands in?").fact_id == "islands-where"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "question",
    [
        "please help, which sea are the example islands in?",
        "need help asap: which sea are the example islands in?",
        "okay this is embarrassing but which sea are the example islands in?",
        "this keeps me up at night lol, which sea are the example islands in?",
        "because of a documentary i watched, which sea are the example islands in?",
    ],
)
def test_a_call_for_help_or_a_feeling_about_asking_is_context(
    engine: Engine, question: str
) -> None:
    """A call for help ("please help,"), how the matter feels to the asker ("this is
    embarrassing but", "this keeps me up at night") or their reason ("because of a
    documentary i watched") does not dilute the question after it."""
    assert read_asker(question).question == "which sea are the example islands in"
    assert engine.ask("which sea are the example islands in?").fact_id == "islands-where"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "question",
    [
        "wait so which sea are the example islands in?",
        "i want to learn more about geography so which sea are the example islands in?",
    ],
)
def test_so_before_the_question_ends_the_askers_clause(engine: Engine, question: str) -> None:
    """ "so" before a question word ends the asker's clause, as "but" does."""
    assert read_asker(question).question == "which sea are the example islands in"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        # the clause before "so" is not the asker's: it says what is asked about
        "the islands are disputed so which sea are they in?",
        # the question after "so" points back at the clause
        "i read about the example islands so where are they?",
    ],
)
def test_so_after_a_clause_that_is_asked_about_leaves_the_message(message: str) -> None:
    """ "so" splits off no context where the clause before it is what is asked."""
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "question",
    [
        "complete beginner here - which sea are the example islands in?",
        "history teacher here, which sea are the example islands in?",
    ],
)
def test_who_asks_said_as_here_is_context(engine: Engine, question: str) -> None:
    """ "complete beginner here" says who asks, not what: the question after it is answered."""
    assert read_asker(question).question == "which sea are the example islands in"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "question",
    [
        "new to all this, which sea are the example islands in?",
        "kinda new to this topic - which sea are the example islands in?",
    ],
)
def test_new_to_the_topic_is_context(engine: Engine, question: str) -> None:
    """ "new to all this" says how the asker comes to the question, not what it asks."""
    assert read_asker(question).question == "which sea are the example islands in"
    assert engine.ask(question).fact_id == "islands-where"


def test_a_name_the_asker_is_new_to_is_still_asked(engine: Engine) -> None:
    """ "new to exampleland" keeps its name, which the documents do not cover."""
    assert engine.ask("new to exampleland, which sea are the example islands in?").fact_id is None


def test_a_name_said_with_here_is_still_asked(engine: Engine) -> None:
    """ "exampleland question here:" keeps its name, which the documents do not cover."""
    assert (
        engine.ask("exampleland question here: which sea are the example islands in?").fact_id
        is None
    )
    assert read_asker("the example islands here, where are they?").context == ()


@pytest.mark.parametrize(
    "question",
    [
        "not sure if you know this but which sea are the example islands in?",
        "if you don't mind me asking, which sea are the example islands in?",
        "no idea where else to ask, which sea are the example islands in?",
    ],
)
def test_a_doubt_about_asking_here_is_context(engine: Engine, question: str) -> None:
    """Whether the bot knows or minds, or where else to ask, is about the asking: the question
    after it is answered as it is alone."""
    assert read_asker(question).question == "which sea are the example islands in"
    assert engine.ask(question).fact_id == "islands-where"


def test_a_doubt_about_a_topic_is_no_context() -> None:
    """ "not sure if trade grew, ..." doubts something else the member asks about."""
    message = "not sure if trade grew, which sea are the example islands in?"
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "question",
    [
        "for a uni assignment: which sea are the example islands in?",
        "for an essay, which sea are the example islands in?",
    ],
)
def test_a_purpose_with_a_before_the_question_is_context(engine: Engine, question: str) -> None:
    """ "for a uni assignment:" is the asker's purpose, as "for my class" is."""
    assert read_asker(question).question == "which sea are the example islands in"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "question",
    [
        "which sea are the example islands in (asking for a friend)",
        "(for school) which sea are the example islands in?",
        "which sea are the example islands in (for my geography class)",
    ],
)
def test_an_aside_in_brackets_is_a_clause_of_its_own(engine: Engine, question: str) -> None:
    """An aside about the asker in brackets, before or after the question, is read as a
    clause of its own, and as context when it is the asker's."""
    assert read_asker(question).question == "which sea are the example islands in"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        # an aside that names what is asked about, and a question pointing back at it
        "which sea are the example islands in (the trade ones)",
        "(the example islands) which sea are they in?",
    ],
)
def test_an_aside_that_is_not_the_askers_is_no_context(message: str) -> None:
    """Brackets end a clause, but only an aside about the asker is context."""
    assert read_asker(message) == Asked(message)


def test_a_name_in_the_purpose_is_still_asked(engine: Engine) -> None:
    """A purpose keeps its names: "for an exampleland project" asks about Exampleland."""
    assert (
        engine.ask("for an exampleland project, which sea are the example islands in?").fact_id
        is None
    )


def test_a_name_in_a_feeling_about_asking_is_still_asked(engine: Engine) -> None:
    """A clause of how the asker feels keeps its names: one the documents do not cover is
    still declined."""
    assert (
        engine.ask("this makes me think of exampleland, which sea are the rocks in?").fact_id
        is None
    )
    assert (
        engine.ask("help me with exampleland, which sea are the example islands in?").fact_id
        is None
    )


@pytest.mark.parametrize(
    "message",
    [
        "couldn't find it anywhere, which sea are the example islands in?",
        "which sea are the example islands in? couldn't find it on google",
        "which sea are the example islands in? can't remember it at all",
    ],
)
def test_what_the_asker_could_not_do_is_context(engine: Engine, message: str) -> None:
    """What the asker could not find or remember, said without "i", is context before the
    question, and after it when it points back at it."""
    assert read_asker(message).question == "which sea are the example islands in"
    assert engine.ask(message).fact_id == "islands-where"


def test_what_else_the_asker_could_not_find_is_no_context() -> None:
    """After the question, a clause that points back at nothing says something else asked."""
    message = "which sea are the example islands in? couldn't find the trade figures either"
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "message",
    [
        # the question points back at where the asker is going
        "going to the example islands next week, is it safe?",
        "currently reading about the example islands, where are they?",
    ],
)
def test_a_clause_that_sets_what_is_asked_is_no_context(message: str) -> None:
    """Where the question points back at the clause or the clause is not the asker's, the
    question is the message as it came."""
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("숙제 때문에 그러는데 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        (
            "우리 선생님이 수업에서 얘기하셨는데, 예시섬은 어느 바다에 있어?",
            "예시섬은 어느 바다에 있어?",
        ),
        ("다큐멘터리 봤는데요 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        ("선생님이 얘기해주셨는데 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        ("친구가 수업에서 그러던데, 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        ("내일 발표해야 되는데 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        ("학교 숙제인데요 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        ("수업 과제로 조사 중인데 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        # where the asker has just been, and their wondering said in a sentence of its own
        ("다큐 보고 왔는데요, 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        ("지난주에 여행 갔다 왔는데 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        ("드라마 보다가 궁금해졌어요. 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        # a Japanese sentence of what the asker saw, heard, learnt or forgot
        (
            "昨日ドキュメンタリーを見ました。例島はどの海にありますか？",
            "例島はどの海にありますか？",
        ),
        ("ニュースで聞きました。例島はどの海にありますか？", "例島はどの海にありますか？"),
        ("授業で習ったけど忘れちゃった。例島はどの海にありますか？", "例島はどの海にありますか？"),
        ("宿題で調べているのですが、例島はどの海にありますか？", "例島はどの海にありますか？"),
        (
            "ドラマでよく出てくるんですけど、例島はどの海にありますか？",
            "例島はどの海にありますか？",
        ),
    ],
)
def test_a_korean_or_japanese_background_clause_is_context(
    engine: Engine, question: str, plain: str
) -> None:
    """The background a member gives in Korean (-ㄴ데, -서요) or Japanese (のですが, けど)
    before asking does not dilute the question."""
    assert engine.ask(plain).fact_id == "islands-where"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "question",
    [
        "갑자기 까먹었는데 예시섬은 어느 바다에 있어?",
        "기억이 안 나서 그런데 예시섬은 어느 바다에 있어?",
        "뉴스 보다가 헷갈려서 그런데 예시섬은 어느 바다에 있어?",
        "솔직히 좀 창피한데 예시섬은 어느 바다에 있어?",
        "요즘 너무 답답해서요. 예시섬은 어느 바다에 있어?",
        "발표 준비하고 있는데 예시섬은 어느 바다에 있어?",
        "예시섬은 어느 바다에 있어? 갑자기 생각이 안 나요",
    ],
)
def test_a_korean_clause_of_forgetting_or_feeling_is_context(engine: Engine, question: str) -> None:
    """What the asker forgot ("까먹었는데", "기억이 안 나서 그런데", "생각이 안 나요": the last
    ends as "...나요?" asks), how asking feels ("창피한데", "헷갈려서 그런데") or what they are
    busy with ("발표 준비하고 있는데") does not dilute the question beside it."""
    assert engine.ask("예시섬은 어느 바다에 있어?").fact_id == "islands-where"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        "여행 가기 전에 알고 싶어서요. 예시섬은 어느 바다에 있어?",
        "예시섬은 어느 바다에 있어? 정확히 알고 싶네요",
    ],
)
def test_a_korean_wish_to_know_is_context(engine: Engine, message: str) -> None:
    """The asker's wish to know, given as their reason ("알고 싶어서요"), before or after the
    question, does not dilute it."""
    assert read_asker(message).question == "예시섬은 어느 바다에 있어"
    assert engine.ask(message).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        "다음 달에 여행 가거든요. 예시섬은 어느 바다에 있어?",
        "예시섬은 어느 바다에 있어? 내일 발표가 있거든요",
    ],
)
def test_a_korean_reason_in_geodeun_is_context(engine: Engine, message: str) -> None:
    """The asker's reason given with -거든요 ("여행 가거든요"), before or after the question,
    does not dilute it."""
    assert read_asker(message).question == "예시섬은 어느 바다에 있어"
    assert engine.ask(message).fact_id == "islands-where"


def test_a_question_about_the_geodeun_clause_is_no_context() -> None:
    """A question that points back at the reason (거기: "there") asks about it."""
    message = "다음 달에 예시섬에 가거든요. 거기는 어느 바다에 있어요?"
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "message",
    [
        "선생님이 물어보셨는데 대답을 못 했어요. 예시섬은 어느 바다에 있어?",
        "예시섬은 어느 바다에 있어? 수업 시간에 나왔는데 몰라서요",
        "잘 모르겠어요. 예시섬은 어느 바다에 있어?",
    ],
)
def test_a_korean_clause_of_being_asked_or_not_knowing_is_context(
    engine: Engine, message: str
) -> None:
    """That someone asked the asker, that it came up in class, or that they could not answer
    or do not know, is why they ask, not what."""
    assert read_asker(message).question == "예시섬은 어느 바다에 있어"
    assert engine.ask(message).fact_id == "islands-where"


def test_what_came_up_in_class_pointed_back_at_is_asked() -> None:
    """A question that points back at what came up in class (그게) asks about it."""
    message = "수업에서 무역 얘기가 나왔는데 그게 얼마였어요?"
    assert read_asker(message) == Asked(message)


def test_a_wish_to_know_about_what_is_asked_is_no_context() -> None:
    """A question that points back at what the asker wants to know asks about it."""
    message = "무역 규모를 알고 싶어서요. 그게 얼마예요?"
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    ("message", "context"),
    [
        (
            "학교에서 배웠는데 기억이 안 나요. 예시섬은 어느 바다에 있어?",
            ("학교에서 배웠는데", "기억이 안 나요"),
        ),
        (
            "예시섬은 어느 바다에 있어? 학교에서 배웠는데 기억이 안 나요",
            ("학교에서 배웠는데", "기억이 안 나요"),
        ),
        ("예시섬은 어느 바다에 있어? 유튜브에서 봤어요", ("유튜브에서 봤어요",)),
    ],
)
def test_every_korean_sentence_of_forgetting_is_read_as_context(
    message: str, context: tuple[str, ...]
) -> None:
    """A sentence saying the asker cannot recall ("기억이 안 나요") or where they saw it
    ("유튜브에서 봤어요"), before or after the question, is context with the clause beside it,
    not words of the question."""
    asked = read_asker(message)
    assert asked.question == "예시섬은 어느 바다에 있어"
    assert asked.context == context


@pytest.mark.parametrize(
    "message",
    [
        # the question points back at what the asker forgot: the clause is what is asked
        "예시섬이 어느 바다였는지 까먹었는데 그게 어디야?",
        # 그런데 alone is "but", not the asker's reason
        "예시섬은 분쟁 지역인데 그런데 어느 바다에 있어?",
        # a question asked with 나요 after the question is no forgetting
        "예시섬은 어느 바다에 있어? 무역은 얼마나 되나요?",
    ],
)
def test_a_korean_clause_that_asks_is_no_context(message: str) -> None:
    """Only a clause of the asker's forgetting, feeling or reason is read past."""
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "i saw a documentary on netflix, where are the example islands?",
            "where are the example islands?",
        ),
        ("숙제 때문에 그러는데 예시섬은 어디에 있어?", "예시섬은 어디에 있어?"),
        ("宿題で調べているのですが、例島はどこですか？", "例島はどこですか？"),
    ],
)
def test_a_question_of_one_name_after_the_asker_is_answered(
    engine: Engine, question: str, plain: str
) -> None:
    """A question that names one thing after a clause about the asker asks about that thing."""
    assert engine.ask(plain).fact_id == "islands-where"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "question",
    [
        "i'm studying for an exam rn, how much was bilateral trade?",
        "writing my thesis on trade these days, how much was bilateral trade?",
    ],
)
def test_now_is_read_from_the_question_not_the_asker(engine: Engine, question: str) -> None:
    """The asker's "rn" or "currently" is when they ask, not a question about how things
    stand now: a dated fact still answers what follows."""
    assert engine.ask("how much was bilateral trade?").fact_id == "trade-1999"
    assert engine.ask("how much is bilateral trade now?").fact_id is None
    assert engine.ask(question).fact_id == "trade-1999"


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "which sea are the example islands in? my teacher mentioned it and i forgot",
            "which sea are the example islands in?",
        ),
        (
            "which sea are the example islands in? thanks in advance!",
            "which sea are the example islands in?",
        ),
        (
            "which sea are the example islands in? any help is appreciated",
            "which sea are the example islands in?",
        ),
        (
            "which sea are the example islands in? i know it's a silly one, sorry",
            "which sea are the example islands in?",
        ),
        (
            "which sea are the example islands in? need it for an essay due tomorrow",
            "which sea are the example islands in?",
        ),
        ("예시섬은 어느 바다에 있어? 숙제라서요 ㅠㅠ", "예시섬은 어느 바다에 있어?"),
        ("예시섬은 어느 바다에 있어? 다큐 보고 궁금해졌어요", "예시섬은 어느 바다에 있어?"),
        ("例島はどの海にありますか？宿題で必要なんです。", "例島はどの海にありますか？"),
    ],
)
def test_why_the_asker_asks_after_the_question_is_context(
    engine: Engine, question: str, plain: str
) -> None:
    """The asker's reason or thanks given after the question ("my teacher mentioned it",
    "thanks in advance!", "숙제라서요", "宿題で必要なんです") does not dilute it."""
    assert engine.ask(plain).fact_id == "islands-where"
    assert engine.ask(question).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        "which sea are the example islands in? i'm kind of lost",
        "which sea are the example islands in? i always forget lol",
        "which sea are the example islands in? i really want to understand",
        "which sea are the example islands in? just curious",
    ],
)
def test_how_the_asker_stands_after_the_question_is_context(engine: Engine, message: str) -> None:
    """A clause after the question that says only how the asker stands towards it ("i'm kind
    of lost", "i always forget", "just curious") is read past, though it points back at
    nothing."""
    assert read_asker(message).question == "which sea are the example islands in"
    assert engine.ask(message).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        "which sea are the example islands in? asking for a school project",
        "which sea are the example islands in, asking for a school project",
        "which sea are the example islands in?? need a quick answer for my report",
        "which sea are the example islands in? studying for finals rn",
        "which sea are the example islands in? for a uni assignment",
    ],
)
def test_what_the_asker_needs_it_for_after_the_question_is_context(
    engine: Engine, message: str
) -> None:
    """What the asker needs the answer for, said after the question ("asking for a school
    project", "studying for finals rn"), is read past, though it points back at nothing."""
    assert read_asker(message).question == "which sea are the example islands in"
    assert engine.ask(message).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        "which sea are the example islands in? asking as someone who sails there",
        "which sea are the example islands in? this really matters to me",
    ],
)
def test_who_asks_or_what_it_means_to_them_after_the_question_is_context(
    engine: Engine, message: str
) -> None:
    """ "asking as someone who ..." and "this matters to me" after the question say who asks
    and how much it means to them, not what they ask."""
    assert read_asker(message).question == "which sea are the example islands in"
    assert engine.ask(message).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        "test tomorrow, which sea are the example islands in?",
        "exam tmrw - which sea are the example islands in?",
        "which sea are the example islands in? pub quiz tonight haha",
        "which sea are the example islands in? essay due friday",
    ],
)
def test_schoolwork_due_is_context(engine: Engine, message: str) -> None:
    """The asker's schoolwork and when it is due ("test tomorrow,", "essay due friday"),
    before or after the question, is why they ask, not what."""
    assert read_asker(message).question == "which sea are the example islands in"
    assert engine.ask(message).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        # a test of something the question does not name says what the test is on
        "trade test tomorrow on exampleland, which sea are the example islands in?",
        "which sea are the example islands in? the trade exam is about 1999",
    ],
)
def test_schoolwork_with_a_topic_is_no_deadline(message: str) -> None:
    """Only the work and when it is due is read so: a clause that says more is not."""
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "message",
    [
        "which sea are the example islands in? be honest",
        "which sea are the example islands in? no bias pls",
        "which sea are the example islands in? keep it short",
    ],
)
def test_how_the_asker_wants_the_answer_is_context(engine: Engine, message: str) -> None:
    """How the asker wants the answer ("be honest", "no bias pls"), after the question, is not
    what they ask."""
    assert read_asker(message).question == "which sea are the example islands in"
    assert engine.ask(message).fact_id == "islands-where"


def test_a_manner_with_a_topic_is_no_context() -> None:
    """ "be honest about exampleland" says what else the asker wants to hear about."""
    message = "which sea are the example islands in? be honest about exampleland"
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "message",
    [
        # what else the asker needs is a second question
        "which sea are the example islands in? need the trade figures for 1999 too",
        "which sea are the example islands in? asking for exampleland",
        "which sea are the example islands in? studying trade in 1999",
        "which sea are the example islands in? asking about trade too",
    ],
)
def test_a_need_with_a_topic_after_the_question_is_no_context(message: str) -> None:
    """A clause after the question that names what else is needed is not a purpose."""
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "message",
    [
        # what the asker does not understand is a second question
        "which sea are the example islands in? i dont understand the trade figures",
        "which sea are the example islands in? i want to know about trade too",
    ],
)
def test_a_state_with_a_topic_after_the_question_is_no_context(message: str) -> None:
    """A clause naming what the asker does not understand says something else they ask."""
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "message",
    [
        "例島はどの海にありますか？ど忘れしちゃいました",
        "例島はどの海にありますか？忘れてしまいました。",
        "例島はどの海にありますか？昨日テレビで見ました。",
        "例島ってどの海にあるんだっけ、前に本で読んだのに忘れた",
    ],
)
def test_what_the_asker_saw_or_forgot_after_a_japanese_question_is_context(
    engine: Engine, message: str
) -> None:
    """A Japanese sentence of what the asker saw, heard or forgot, after the question
    ("忘れてしまいました", "テレビで見ました"), is read past as it is before it."""
    assert read_asker(message).context
    assert engine.ask(message).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        "授業で発表するので教えてください。例島はどの海にありますか？",
        "宿題で調べているのでお願いします。例島はどの海にありますか？",
    ],
)
def test_a_reason_closed_by_a_request_to_be_told_is_context(engine: Engine, message: str) -> None:
    """The asker's reason closed by "教えてください" or "お願いします" is still their reason."""
    assert read_asker(message).context
    assert engine.ask(message).fact_id == "islands-where"


def test_a_request_about_a_topic_is_no_context() -> None:
    """ "例島について教えてください。" asks about the islands: no reason is given."""
    message = "例島について教えてください。どの海にありますか？"
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "message",
    [
        "例島はどの海にありますか？テレビで見て気になりました。",
        "例島はどの海にありますか？ドラマにハマってるので気になって",
        "例島はどの海にありますか？宿題で使います。",
        "ニュースを見て気になりました。例島はどの海にありますか？",
    ],
)
def test_a_japanese_sentence_of_wondering_or_schoolwork_is_context(
    engine: Engine, message: str
) -> None:
    """The asker's wondering ("気になりました", as 궁금해졌어요) or the schoolwork it is for
    ("宿題で使います"), before or after the question, does not dilute it."""
    assert read_asker(message).question == "例島はどの海にありますか"
    assert engine.ask(message).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        "which sea are the example islands in? (asking because of a movie)",
        "which sea are the example islands in? asking bc of a documentary",
        "例島はどの海にありますか？ただの好奇心です",
        "例島はどの海にありますか？（宿題です）",
    ],
)
def test_why_the_asker_asks_said_as_a_note_after_the_question_is_context(
    engine: Engine, message: str
) -> None:
    """ "asking because ...", "ただの好奇心です" and "（宿題です）" after the question say why the
    asker asks, not what."""
    assert read_asker(message).question in (
        "which sea are the example islands in",
        "例島はどの海にありますか",
    )
    assert engine.ask(message).fact_id == "islands-where"


@pytest.mark.parametrize(
    "message",
    [
        "例島はどの海にありますか？旅行の前に知りたくて",
        "例島はどの海にありますか？小説のシーンを描きたくて。",
    ],
)
def test_a_japanese_want_given_as_the_reason_is_context(engine: Engine, message: str) -> None:
    """What the asker wants to do, given as the reason with -たくて after the question, is
    read past as a ので or から reason is."""
    assert read_asker(message).question == "例島はどの海にありますか"
    assert engine.ask(message).fact_id == "islands-where"


def test_a_japanese_note_that_asks_is_no_context() -> None:
    """ "宿題ですか？" asks: a question after the question is no context."""
    message = "例島はどの海にありますか？これも宿題ですか？"
    assert read_asker(message) == Asked(message)


def test_a_japanese_wondering_about_a_topic_is_no_context() -> None:
    """A question that points back at what the asker wondered about (それ) asks about it."""
    message = "貿易額が気になりました。それはいくらですか？"
    assert read_asker(message) == Asked(message)


def test_a_japanese_question_about_seeing_is_no_context() -> None:
    """ "見ましたか？" asks: a question after the question is no context."""
    message = "例島はどの海にありますか？ドキュメンタリーは見ましたか？"
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("브라질 유학생이에요. 예시섬은 어느 바다에 있어?", "예시섬은 어느 바다에 있어?"),
        (
            "안녕하세요 한국어 공부중이에요. 예시섬은 어느 바다에 있어?",
            "예시섬은 어느 바다에 있어?",
        ),
        ("韓国語を勉強しています。例島はどの海にありますか？", "例島はどの海にありますか？"),
        (
            "はじめまして、ブラジル人の学生です。例島はどの海にありますか？",
            "例島はどの海にありますか？",
        ),
    ],
)
def test_a_korean_or_japanese_self_introduction_is_context(
    engine: Engine, question: str, plain: str
) -> None:
    """Who the asker is or what they are doing, said as Korean and Japanese say it without 저
    or 私 ("브라질 유학생이에요", "ブラジル人の学生です", "한국어 공부중이에요"), does not dilute
    the question after it."""
    assert engine.ask(plain).fact_id == "islands-where"
    assert engine.ask(question).fact_id == "islands-where"


def test_but_before_the_question_ends_the_askers_clause(blended_engine: Engine) -> None:
    """ "idk if this is allowed here but when was ..." is answered as the question alone is
    (the shipped knowledge, both matchers)."""
    plain = blended_engine.ask("when was the kono statement?")
    wrapped = blended_engine.ask("idk if this is allowed here but when was the kono statement?")
    assert plain.fact_id == wrapped.fact_id == "cw-1993-kono-statement", wrapped


@pytest.mark.parametrize(
    "message",
    [
        "genuinely curious - when did japan annex korea?",
        "genuinely asking — when did japan annex korea?",
        "lowkey confused, when did japan annex korea?",
        "ngl, when did japan annex korea?",
        "random but when did japan annex korea?",
        "alright so, when did japan annex korea?",
        "out of curiosity, when did japan annex korea?",
    ],
)
def test_a_chat_opener_before_the_question_is_context(blended_engine: Engine, message: str) -> None:
    """A clause of chat words ("ngl", "lowkey confused", "genuinely curious -") is how the
    member feels about asking: the question after it is answered as it is alone (the shipped
    knowledge, both matchers)."""
    plain = blended_engine.ask("when did japan annex korea?")
    wrapped = blended_engine.ask(message)
    assert plain.fact_id == wrapped.fact_id == "overview-colonial-occupation", wrapped
    assert not wrapped.hedged, wrapped


def test_a_hyphen_inside_a_name_ends_no_clause() -> None:
    """Only a dash between blanks (or an en or em dash) ends a clause: "kim dae-jung" is one
    name, and the clause before the question is still read as the asker's."""
    asked = read_asker("genuinely curious - when did kim dae-jung visit japan?")
    assert asked == Asked("when did kim dae-jung visit japan", ("genuinely curious",))


def test_thanks_after_the_question_leave_it_as_sure(blended_engine: Engine) -> None:
    """ "thanks in advance!" after a question does not make the bot less sure of its answer
    (the shipped knowledge, both matchers)."""
    plain = blended_engine.ask("when did japan annex korea?")
    thanked = blended_engine.ask("when did japan annex korea? thanks in advance!")
    assert plain.fact_id == thanked.fact_id == "overview-colonial-occupation"
    assert not plain.hedged and not thanked.hedged, thanked


@pytest.mark.parametrize(
    ("plain", "thanked"),
    [
        ("독도는 누가 관리해요?", "독도는 누가 관리해요? 감사합니다!"),
        ("한일기본조약은 언제 체결됐어요?", "한일기본조약은 언제 체결됐어요? 고마워요 ㅎㅎ"),
        ("韓国併合はいつですか？", "韓国併合はいつですか？助かります"),
        ("河野談話はいつ出されましたか？", "河野談話はいつ出されましたか？ありがとうございます"),
    ],
)
def test_korean_and_japanese_thanks_leave_the_answer_as_sure(
    blended_engine: Engine, plain: str, thanked: str
) -> None:
    """Thanks after the question ("감사합니다!", "助かります") change neither the answer, its
    score nor its hedge (the shipped knowledge, both matchers)."""
    alone = blended_engine.ask(plain)
    answer = blended_engine.ask(thanked)
    assert alone.fact_id is not None
    assert (answer.fact_id, answer.score, answer.hedged) == (
        alone.fact_id,
        alone.score,
        alone.hedged,
    )


@pytest.mark.parametrize(
    ("message", "read"),
    [
        ("독도는 누가 관리해요? 알려주세요 감사합니다~", "독도는 누가 관리해요?"),
        ("what is gsomia? thanks in advance!", "what is gsomia?"),
        # thanks before the question, or with no question before them, stay
        ("thanks! what is gsomia?", "thanks! what is gsomia?"),
        ("독도 얘기 잘 봤어요. 감사합니다!", "독도 얘기 잘 봤어요. 감사합니다!"),
        # a sentence with more than thanks in it stays
        ("what is gsomia? thanks, my dad asked", "what is gsomia? thanks, my dad asked"),
    ],
)
def test_only_thanks_after_a_question_are_left_unread(message: str, read: str) -> None:
    """The embedding reads the message without the thanks that follow its question mark."""
    assert without_thanks(message) == read


def test_an_apology_after_the_question_leaves_it_as_sure(blended_engine: Engine) -> None:
    """ "..., sorry" after the question and a clause pointing back at it are read past: the
    answer is as sure as the question's alone (the shipped knowledge, both matchers)."""
    message = "how many comfort women were there? i know it's a sensitive topic, sorry"
    assert read_asker(message).context == ("i know it's a sensitive topic", "sorry")
    plain = blended_engine.ask("how many comfort women were there?")
    sorry = blended_engine.ask(message)
    assert plain.fact_id == sorry.fact_id == "cw-200000-mostly-korean"
    assert not plain.hedged and not sorry.hedged, sorry


def test_a_question_mark_makes_a_korean_clause_the_question(engine: Engine) -> None:
    """A Korean question may end as a statement does ("...바다에 있어요?"): its question mark
    makes it the question after the asker's clause."""
    asked = read_asker("저는 외국인인데요, 예시섬은 바다에 있어요?")
    assert asked.question == "예시섬은 바다에 있어요"
    assert asked.identity == ("저는 외국인인데요",)
    plain = engine.ask("예시섬은 바다에 있어요?")
    assert plain.fact_id == "islands-where"
    assert engine.ask("숙제 때문에 그러는데 예시섬은 바다에 있어요?").fact_id == plain.fact_id


def test_a_name_the_asker_heard_about_is_still_asked(engine: Engine) -> None:
    """A clause about what the member heard keeps its names: they set the question's topic,
    and one the documents do not cover is declined as before."""
    answer = engine.ask(
        "my teacher mentioned exampleland in class, which sea are the example islands in?"
    )
    assert answer.fact_id is None


def test_the_kind_of_answer_is_read_from_the_question(engine: Engine) -> None:
    """ "When" opening the question after the asker's clause asks for a date, as it does
    opening a message; a number asked after it is answered."""
    seen = engine.consider("writing a paper for my class, when did the islands become known?")
    assert seen.wants == "time"
    answer = engine.ask("i work in shipping and watched a documentary, how much was trade in 1999?")
    assert answer.fact_id == "trade-1999"


@pytest.mark.parametrize(
    "message",
    [
        # the question points back at the clause: the clause is what is asked about
        "my teacher says the islands are in the example sea, is that true?",
        "i read about the example islands, where are they?",
        # the question has no words of its own
        "i saw a documentary about the example islands, what happened?",
        # the clause is not about the asker
        "the islands are disputed, where are they?",
        "the islands are disputed, which sea are the rocks in?",
        # no question after it
        "i saw a documentary on the example islands, great stuff",
        # a Korean clause ending in -ㄴ데 that states what is asked about, not the asker's
        "예시섬은 분쟁 지역인데 어느 바다에 있어?",
        # after the question, a clause that does not point back at it says something else
        "which sea are the example islands in? i saw a documentary on netflix",
        # Japanese pointing back: "what is that?"
        "ドラマで例島を見たんですが、それはどの海にありますか？",
    ],
)
def test_no_context_is_read_where_the_clause_is_what_is_asked(message: str) -> None:
    """Only a question that stands on its own after a clause about the asker has context;
    otherwise the question is the message as it came."""
    assert read_asker(message) == Asked(message)


@pytest.mark.parametrize(
    "message", ["ok but when did japan annex korea", "독도는 한국 땅인데 왜 일본이 우겨?"]
)
def test_a_message_without_context_is_its_own_question(message: str) -> None:
    """The marks put in to find the clauses (a comma for "but", a break after -ㄴ데) are not
    left in the question read from a message with no context."""
    assert read_asker(message) == Asked(message)


def test_who_the_asker_is_is_told_from_what_they_did() -> None:
    """ "I'm from ..." says who the asker is; "i'm writing ..." what they do."""
    asked = read_asker("im from brazil, why do koreans and japanese not get along?")
    assert asked.identity == ("im from brazil",)
    assert asked.question == "why do koreans and japanese not get along"
    asked = read_asker("i'm writing my thesis on hallyu, when did the korean wave start in japan?")
    assert asked.context == ("i'm writing my thesis on hallyu",)
    assert asked.identity == ()
