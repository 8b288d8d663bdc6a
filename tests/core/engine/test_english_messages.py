"""English as members type it in a channel, read by the shipped engine with both matchers."""

from __future__ import annotations

import pytest

from bot.core.engine.answer import Engine
from bot.core.engine.kinds import question_wants


# The two facts on what Japan and South Korea settled in December 2015.
def assert_same_fact(engine: Engine, typed: str, plain: str) -> None:
    """`typed` gets the fact its plain form gets, and that form gets one."""
    expected = engine.ask(plain).fact_id
    assert expected is not None
    assert engine.ask(typed).fact_id == expected


DECEMBER_2015 = {"diplomacy-kishida-yun-december-2015", "cw-2015-agreement-announced"}


@pytest.mark.parametrize(
    "question",
    ["what happened on dec 28th 2015", "what happened on december 28th 2015"],
)
def test_an_ordinal_date_is_answered_as_the_date(blended_engine: Engine, question: str) -> None:
    """A day typed as an ordinal finds the facts of that day, as the plain number does."""
    answer = blended_engine.ask(question)
    assert answer.fact_id in DECEMBER_2015, answer


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("any info on dokdo?", {"territory-dispute-in-brief"}),
        ("more info about dokdo", {"territory-dispute-in-brief"}),
        ("info on the kono statement", {"cw-1993-kono-statement"}),
        (
            "looking for info on the 1965 treaty",
            {"history-diplomatic-relations-1965", "history-treaty-south-korea-status"},
        ),
    ],
)
def test_a_request_for_info_on_a_topic_is_answered(
    blended_engine: Engine, question: str, facts: set[str]
) -> None:
    """ "Info on" asks for the topic; it is not the intelligence of the intelligence pact."""
    answer = blended_engine.ask(question)
    assert answer.fact_id in facts, answer


def test_information_shared_is_still_intelligence(blended_engine: Engine) -> None:
    """Information that two governments share is the intelligence of their pact."""
    answer = blended_engine.ask("did japan and korea share information on north korea")
    assert answer.fact_id is not None and answer.fact_id.startswith("security-intel-pact"), answer


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("hwo owns dokdo", "territory-liancourt-rocks-ownership"),
        ("waht is the kono statement", "cw-1993-kono-statement"),
        ("wehn was the world cup co-hosted", "culture-2002-world-cup-co-hosting"),
        ("hwo many comfort women were there", "cw-200000-mostly-korean"),
    ],
)
def test_a_question_word_with_two_letters_swapped_still_asks(
    blended_engine: Engine, question: str, fact: str
) -> None:
    """A slipped "who" or "what" leaves a question, not a remark stating something."""
    answer = blended_engine.ask(question)
    assert answer.fact_id == fact, answer


@pytest.mark.parametrize(
    "message",
    [
        "japan should just give dokdo back",
        "korea must explain its position on the 2015 deal",
        "korea needs to move on from the comfort women issue",
        "japan has to pay reparations",
    ],
)
def test_an_opinion_on_what_a_party_should_do_is_not_answered(
    blended_engine: Engine, message: str
) -> None:
    """ "X should give ..." tells X what to do: its "give" is no request to the bot."""
    answer = blended_engine.ask(message)
    assert answer.kind == "none" and answer.reason == "smalltalk", answer


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("can you give me the date of the kono statement", "cw-1993-kono-statement"),
        ("tell me who owns dokdo", "territory-liancourt-rocks-ownership"),
        # an obligation said to the bot is a request (was small talk)
        ("u should tell me about dokdo", "territory-dispute-in-brief"),
        ("you must tell me the date of the kono statement", "cw-1993-kono-statement"),
    ],
)
def test_a_request_to_the_bot_is_still_answered(
    blended_engine: Engine, question: str, fact: str
) -> None:
    """A request without a verb of obligation before it, or with one said to the bot ("you
    should tell me"), still asks the bot."""
    assert blended_engine.ask(question).fact_id == fact


@pytest.mark.parametrize(
    "question",
    [
        "anyone know when kpop got big in japan",
        "i wonder when the dokdo coast guard got stationed there",
    ],
)
def test_when_asked_inside_a_wish_to_know_wants_a_date(
    blended_engine: Engine, question: str
) -> None:
    """ "anyone know when ..." asks when, as "when did ..." does: a fact that gives no date is
    no answer to it (the shipped facts on the Korean wave and the coast guard give none)."""
    assert question_wants(question) == "time"
    answer = blended_engine.ask(question)
    assert answer.kind == "none", answer


@pytest.mark.parametrize(
    "question",
    ["what did abe say when he met park", "did korea protest when japan revised the textbooks"],
)
def test_a_when_that_joins_two_clauses_asks_for_no_date(question: str) -> None:
    """Only a "when" after a wish to know asks when; a conjunction does not."""
    assert question_wants(question) is None


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what did japan and korea agree on in twenty fifteen", "cw-2015-agreement-terms"),
        (
            "when did the world cup happen, two thousand and two?",
            "culture-2002-world-cup-co-hosting",
        ),
    ],
)
def test_a_year_said_in_words_is_the_year(blended_engine: Engine, question: str, fact: str) -> None:
    """ "Twenty fifteen" is 2015, as the facts write it."""
    assert blended_engine.ask(question).fact_id == fact


@pytest.mark.parametrize(
    ("chatty", "plain"),
    [
        ("idk man when did gsomia get signed", "when did gsomia get signed"),
        ("k but when was the world cup", "when was the world cup"),
        ("oh when was the kono statement", "when was the kono statement"),
        ("ah i see, when was the world cup", "when was the world cup"),
        ("oh wow when was the world cup", "when was the world cup"),
    ],
)
def test_chat_words_before_a_question_change_nothing(
    blended_engine: Engine, chatty: str, plain: str
) -> None:
    """ "idk man", "k but" before "when" leave the question as asked without them."""
    assert_same_fact(blended_engine, chatty, plain)


@pytest.mark.parametrize(
    "question",
    [
        "so like when did japan annex korea",
        "btw when was the kono statement",
        "idk when was it",
        "oh right when was the kono statement",
    ],
)
def test_when_after_chat_words_asks_for_a_date(question: str) -> None:
    """A question opened by chat words still asks when."""
    assert question_wants(question) == "time"


@pytest.mark.parametrize(
    "message",
    [
        "yeah right like japan ever apologized",
        "oh sure japan totally apologized",
        "as if the 2015 deal fixed anything",
    ],
)
def test_a_sarcastic_claim_is_not_answered(blended_engine: Engine, message: str) -> None:
    """ "Yeah right like ..." mocks a claim: it asks nothing, whatever its verb."""
    answer = blended_engine.ask(message)
    assert answer.kind == "none" and answer.reason == "smalltalk", answer


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("yeah right, is dokdo korean", "territory-liancourt-rocks-ownership"),
        ("yeah sure but who owns dokdo", "territory-liancourt-rocks-ownership"),
    ],
)
def test_a_question_after_a_sarcastic_opening_is_still_answered(
    blended_engine: Engine, question: str, fact: str
) -> None:
    """After "yeah right", a question word or an auxiliary still asks."""
    assert blended_engine.ask(question).fact_id == fact


@pytest.mark.parametrize(
    ("spelt_out", "plain"),
    [
        ("explain like im 5 the comfort women issue", "explain the comfort women issue"),
        ("explain it like i'm five: who owns dokdo", "who owns dokdo"),
    ],
)
def test_explain_like_im_five_is_a_request_not_a_number(
    blended_engine: Engine, spelt_out: str, plain: str
) -> None:
    """ "Explain like I'm 5" asks as "eli5" does: its 5 is no number asked about."""
    assert_same_fact(blended_engine, spelt_out, plain)


@pytest.mark.parametrize(
    ("wrapped", "plain"),
    [
        ("random question but when was the kono statement", "when was the kono statement"),
        ("remind me when the asian womens fund started", "when did the asian womens fund start"),
    ],
)
def test_words_about_asking_carry_no_topic(
    blended_engine: Engine, wrapped: str, plain: str
) -> None:
    """ "random question", "i forgot", "remind me" say how the member asks, not what about."""
    assert_same_fact(blended_engine, wrapped, plain)


@pytest.mark.parametrize(
    "message",
    [
        "park refused to meet abe for years lol",
        "lmao japan colonized korea for 35 years",
        "haha the world cup was great",
    ],
)
def test_english_laughter_beside_a_claim_is_chat(blended_engine: Engine, message: str) -> None:
    """ "... lol" after a claim reacts to it, as "ㅋㅋ" and "w" do: nothing is asked."""
    answer = blended_engine.ask(message)
    assert answer.kind == "none" and answer.reason == "smalltalk", answer


@pytest.mark.parametrize(
    "question",
    [
        "lol who owns dokdo",
        "when was the kono statement lol",
        "kono statement year lol",
        # opened by a verb `asks` does not know (was small talk)
        "has japan ever apologized lol",
        "have japan and korea signed gsomia lol",
    ],
)
def test_english_laughter_beside_a_question_is_no_chat(
    blended_engine: Engine, question: str
) -> None:
    """A question word, the thing wanted named ("year") or a question's opening verb ("has")
    still asks beside laughter."""
    assert blended_engine.ask(question).reason != "smalltalk"
