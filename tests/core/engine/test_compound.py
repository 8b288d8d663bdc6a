"""A message that asks two questions: where it splits (`message_parts`) and how the engine
answers each question (`Engine.ask`, `joined_answer`), on the shipped knowledge."""

from __future__ import annotations

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.cleaning import clean_lines
from bot.core.engine.compound import joined_answer, message_parts
from bot.core.engine.evaluation import reply_text

OWNERSHIP = "territory-liancourt-rocks-ownership"
RESIDENTS = "territory-liancourt-rocks-coast-guard-residents"
GSOMIA = "security-intel-pact-what-is-it"
CW_DEAL = "cw-2015-agreement-announced"


def parts_of(engine: Engine, message: str) -> list[str]:
    """The parts the engine asks of `message`, read as `Engine.ask` reads it."""
    return message_parts(clean_lines(message), engine.aliases, engine.is_topic)


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        # a joiner before a question word; "there" points back to the first part's name
        (
            "who controls dokdo and how many people live there?",
            ["who controls dokdo", "how many people live dokdo?"],
        ),
        # a full stop, then "also" before a question with its own topic
        (
            "what is gsomia. also when was the comfort women deal announced",
            ["what is gsomia", "when was the comfort women deal announced"],
        ),
        # the joiner after a comma, and chat's "&"
        (
            "what is gsomia, also when was the comfort women deal",
            ["what is gsomia", "when was the comfort women deal"],
        ),
        (
            "who controls dokdo, and how many people live there",
            ["who controls dokdo", "how many people live dokdo"],
        ),
        ("who controls dokdo & how many live there", ["who controls dokdo", "how many live dokdo"]),
        # a second question that only makes sense with the first borrows its name
        ("who controls dokdo? and since when?", ["who controls dokdo?", "since when dokdo?"]),
        # a name of several words is borrowed whole: "asian" alone is Asia, "wave" a wave
        (
            "whats the asian womens fund? why did korean women refuse it?",
            ["whats the asian womens fund?", "why did korean women refuse asian womens fund?"],
        ),
        (
            "what is the korean wave? who topped the charts?",
            ["what is the korean wave?", "who topped the charts korean wave?"],
        ),
        (
            "who owns the liancourt rocks? since when?",
            ["who owns the liancourt rocks?", "since when liancourt rocks?"],
        ),
        # a lead-in that asks for the questions after it
        (
            "i want to know who controls dokdo and how many people live there",
            ["who controls dokdo", "how many people live dokdo"],
        ),
        (
            "im curious who controls dokdo and how many live there",
            ["who controls dokdo", "how many live dokdo"],
        ),
        # a first question opened by an auxiliary before a name
        (
            "is gsomia still in force and why was it put on hold",
            ["is gsomia still in force", "why was gsomia put on hold"],
        ),
        ("is dokdo disputed and who controls it", ["is dokdo disputed", "who controls dokdo"]),
        # an auxiliary with its subject after "and"
        (
            "what is gsomia and is it still in force",
            ["what is gsomia", "is gsomia still in force"],
        ),
        # Korean: 그리고 after a question mark; the borrowed name as the member wrote it
        ("독도는 누가 지배해? 그리고 언제부터?", ["독도는 누가 지배해?", "독도는 언제부터?"]),
        (
            "지소미아가 뭐야? 또 위안부 합의는 언제였어?",
            ["지소미아가 뭐야?", "위안부 합의는 언제였어?"],
        ),
        # Japanese: あと after a full-width question mark; the name out of a run with no spaces
        (
            "竹島は誰が支配してる？あと、何人住んでる？",
            ["竹島は誰が支配してる?", "竹島 何人住んでる?"],
        ),
        ("竹島は誰のもの？それと、いつから？", ["竹島は誰のもの?", "竹島 いつから?"]),
        # a Japanese name longer than two characters is found in the run too
        (
            "冬のソナタはいつ放送された？また、どれくらい人気だった？",
            ["冬のソナタはいつ放送された?", "冬のソナタ どれくらい人気だった?"],
        ),
        ("慰安婦合意はいつ？あと、いくら払った？", ["慰安婦合意はいつ?", "慰安婦 いくら払った?"]),
        # chat's joiners, inside a sentence too, taken off the part they open
        ("독도는 누구 땅이야? 근데 언제부터?", ["독도는 누구 땅이야?", "독도는 언제부터?"]),
        (
            "독도는 누구 땅이야 근데 거기 몇명 살아?",
            ["독도는 누구 땅이야", "독도는 거기 몇명 살아?"],
        ),
        (
            "독도는 누구 땅임? 아 그리고 자원은 뭐 있어?",
            ["독도는 누구 땅임?", "독도는 자원은 뭐 있어?"],
        ),
        ("竹島は誰のもの？じゃあ何人住んでる？", ["竹島は誰のもの?", "竹島 何人住んでる?"]),
        ("竹島は誰のもの？ちなみに資源は？", ["竹島は誰のもの?", "竹島 資源は?"]),
        ("竹島は誰のもの？で、何人住んでる？", ["竹島は誰のもの?", "竹島 何人住んでる?"]),
    ],
)
def test_a_message_with_two_questions_splits(
    engine: Engine, message: str, parts: list[str]
) -> None:
    """Each question of the message is a part, a part that names nothing with the first's name."""
    assert parts_of(engine, message) == parts


@pytest.mark.parametrize(
    "message",
    [
        "who controls dokdo",
        # "and" between two names, inside one question
        "when did japan and korea sign the basic treaty",
        "what do japan and south korea disagree about",
        # "why" alone asks about the rest of the sentence, not on its own
        "why and how did japan annex korea",
        "when did japan & korea sign the basic treaty",
        "who controls dokdo, and why",
        "근데 독도는 누구 땅이야?",
        "아 독도는 누구 땅이야?",
        "でも竹島は誰のもの？",
        "i want to know who controls dokdo",
        "i wanna know when japan and korea signed the treaty",
        "did japan and korea sign a treaty in 1965",
        "did japan apologize and pay reparations",
        "did kara and girls generation top the charts in japan",
        "what do japan and korea disagree about and why",
        # one question beside a remark or thanks
        "thanks! who controls dokdo?",
        "i'm writing an essay on this. who controls dokdo?",
        # an abbreviation's dot ends no sentence
        "what did the u.s. say about the comfort women deal",
        # Korean and Japanese with "and" inside one question
        "한국과 일본은 언제 국교를 맺었어?",
        "日本と韓国はいつ国交を正常化した？",
        "독도는 한국 땅이야 또 일본 땅이야?",
        # a later question that names nothing, after a first that names nothing to borrow
        "what happened in 1965? and why?",
        # more than three questions is a list, not a message of two
        "what is gsomia? who controls dokdo? when was the kono statement? what is hallyu?",
    ],
)
def test_one_question_never_splits(engine: Engine, message: str) -> None:
    """A message that asks one thing (or a list of many) has no parts."""
    assert parts_of(engine, message) == []


def test_each_question_of_a_message_gets_its_fact(semantic_engine: Engine) -> None:
    """Read whole, the message got one fact, hedged; each question now gets its own, with its
    source, and the reply `eval` reads holds both answers."""
    message = "who controls dokdo and how many people live there?"
    whole, _ = semantic_engine._ask_one(message)
    assert whole.hedged or not whole.answered
    answer = semantic_engine.ask(message)
    assert [p.fact_id for p in answer.parts] == [OWNERSHIP, RESIDENTS]
    assert all(p.sources and not p.hedged for p in answer.parts)
    assert answer.question == whole.question
    assert answer.fact_id == OWNERSHIP  # the first part answered, for what reads one fact
    text = reply_text(answer)
    for part in answer.parts:
        assert part.answer is not None and part.answer in text
        assert part.sources[0].quote in text


def test_a_hedged_part_stays_hedged(semantic_engine: Engine) -> None:
    """A question the bot is not sure of is marked so among the parts, and so is the reply."""
    answer = semantic_engine.ask("what is gsomia. also when did the comfort women deal happen")
    assert [(p.fact_id, p.hedged) for p in answer.parts] == [(GSOMIA, True), (CW_DEAL, False)]
    assert answer.hedged


def test_a_declined_part_says_so(semantic_engine: Engine) -> None:
    """A question of the message the documents do not answer is carried, declined."""
    answer = semantic_engine.ask("who controls dokdo? and how many coast guard ships patrol it?")
    assert [p.kind for p in answer.parts] == ["fact", "none"]
    assert answer.parts[0].fact_id == OWNERSHIP
    assert answer.kind == "fact" and answer.answered


def test_a_question_with_and_is_answered_as_before(semantic_engine: Engine) -> None:
    """ "X and Y" inside one question is answered as one question, with no parts."""
    message = "when did japan and korea sign the basic treaty"
    answer = semantic_engine.ask(message)
    assert answer.parts == ()
    assert answer == semantic_engine._ask_one(message)[0]


def test_a_message_answered_plainly_is_not_split(semantic_engine: Engine) -> None:
    """Two questions one fact answers plainly get that fact, as before."""
    message = "who controls dokdo? is it disputed?"
    whole, _ = semantic_engine._ask_one(message)
    assert whole.kind == "fact" and not whole.hedged
    assert semantic_engine.ask(message) == whole


def test_the_same_fact_is_shown_once(semantic_engine: Engine) -> None:
    """Two questions answered with the same fact give that answer once, not two parts."""
    whole, _ = semantic_engine._ask_one("who controls dokdo and who owns takeshima")
    first, _ = semantic_engine._ask_one("who controls dokdo")
    second, _ = semantic_engine._ask_one("who owns takeshima")
    assert first.fact_id == second.fact_id == OWNERSHIP
    joined = joined_answer(whole, [first, second])
    assert joined is not None and joined.parts == ()
    assert joined.fact_id == OWNERSHIP and joined.question == whole.question


def test_no_part_answered_declines_as_before(semantic_engine: Engine) -> None:
    """When no question of the message is answered, the message is declined as it was read
    whole, with its suggestions."""
    whole, _ = semantic_engine._ask_one("how many coast guard ships patrol dokdo")
    declined, _ = semantic_engine._ask_one("how many fishing boats go to dokdo")
    assert not whole.answered and not declined.answered
    assert joined_answer(whole, [whole, declined]) is None


def test_a_message_about_what_the_documents_do_not_cover_is_not_split(
    semantic_engine: Engine,
) -> None:
    """A message declined for a year the documents never mention is declined whole: its other
    question is not answered beside the one the bot refuses."""
    message = "who controls dokdo and what happened there in 1850?"
    whole, blocked = semantic_engine._ask_one(message)
    assert blocked and not whole.answered
    assert parts_of(semantic_engine, message)  # it does ask two questions
    assert semantic_engine.ask(message) == whole
