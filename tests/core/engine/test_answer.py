"""The answer engine on the shipped knowledge and on a tiny hand-made one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine.aliases import name_token
from bot.core.engine.answer import ANSWER_THRESHOLD, Engine
from bot.core.engine.tokens import tokenize
from bot.core.knowledge.loader import load_knowledge


@pytest.fixture
def tiny_engine(tiny_knowledge: Path) -> Engine:
    """An engine over the two-fact knowledge of tests/conftest.py."""
    return Engine(load_knowledge(tiny_knowledge))


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("who controls dokdo", "territory-liancourt-rocks-ownership"),
        ("who controls takeshima", "territory-liancourt-rocks-ownership"),
        ("who controls the liancourt rocks", "territory-liancourt-rocks-ownership"),
        ("what was the trade volume in 1991", "trade-volume-1991"),
    ],
)
def test_alias_names_reach_the_same_fact(engine: Engine, question: str, fact_id: str) -> None:
    """Dokdo, Takeshima and Liancourt Rocks all find the same fact."""
    answer = engine.ask(question)
    assert answer.kind == "fact"
    assert answer.fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "plainly"),
    [("竹島は誰が管理しているのですか？", True), ("독도는 누가 관리해요?", True)],
)
def test_who_administers_the_islands_is_who_controls_them(
    blended_engine: Engine, question: str, plainly: bool
) -> None:
    """管理 and 관리 (to administer) ask who controls the islands: the Japanese question was
    hedged, the Korean one declined (and then hedged while 관리해요 was read 관리 and 리해)."""
    answer = blended_engine.ask(question)
    assert answer.fact_id == "territory-liancourt-rocks-ownership", answer
    assert answer.hedged is not plainly, answer


@pytest.mark.parametrize(
    "question",
    ["일본이 한국을 언제 합병했어요?", "한일합병은 언제였어?", "일본이 한국을 언제 병합했어요?"],
)
def test_the_korean_words_for_the_annexation_reach_the_colonial_rule(
    blended_engine: Engine, question: str
) -> None:
    """합병 names the annexation as 병합 does: the colonial rule from 1910 answers it."""
    answer = blended_engine.ask(question)
    assert answer.fact_id == "overview-colonial-occupation", answer


@pytest.mark.parametrize(
    "name",
    [
        *(
            "독도는",
            "獨島의",
            "独島は",
            "竹島の",
            "たけしまは",
            "タケシマの",
            "ドクトは",
            "다케시마가",
            "독섬에서",
        ),
        *(
            "リアンクールは",
            "リアンクール岩礁の",
            "리앙쿠르는",
            "리앙쿠르 암초의",
            "리앙쿠르암초에서",
        ),
    ],
)
def test_korean_and_japanese_names_of_the_islands_read_as_one(engine: Engine, name: str) -> None:
    """Every Korean and Japanese name of the islands, a particle attached, is read as the
    islands' one name (リアンクール and 리앙쿠르, the Liancourt of the English names, were
    read as unknown words: "リアンクール岩礁はどこ?" was declined, "竹島はどこ?" answered)."""
    assert tokenize(name, engine.aliases) == ["liancourt_rocks"]


def test_dokdo_in_katakana_finds_where_the_islands_are(blended_engine: Engine) -> None:
    """ドクト, 독도 as Japanese writes it in katakana, names the islands as トクト does: it was
    an unknown word, and "ドクトはどこにある" was declined where "竹島はどこにある" is answered."""
    answer = blended_engine.ask("ドクトはどこにある")
    assert answer.fact_id == "territory-liancourt-rocks-location"


@pytest.mark.parametrize("question", ["こうのだんわって何", "コウノダンワとは"])
def test_the_kono_statement_typed_in_kana_is_asked_about(
    blended_engine: Engine, question: str
) -> None:
    """河野談話 typed before the kana are converted is the statement's name, as たけしま and
    いあんふ are the islands' and the women's: hiragana runs are read as particles, so the whole
    question was dropped and answered as small talk."""
    answer = blended_engine.ask(question)
    assert answer.fact_id == "cw-1993-kono-statement"


@pytest.mark.parametrize(
    "question", ["what is the basic treaty", "한일기본조약이 뭐야", "日韓基本条約とは"]
)
def test_the_1965_treaty_named_alone_gets_the_fact_about_it(
    blended_engine: Engine, question: str
) -> None:
    """The Treaty on Basic Relations asked by its name alone, in any language, gets the fact
    that says what it was (the treaty under which the two established relations in 1965):
    one name is too little to answer unless a fact has a phrasing that is exactly the name,
    and none had, so all three were declined."""
    answer = blended_engine.ask(question)
    assert answer.fact_id == "history-diplomatic-relations-1965"


@pytest.mark.parametrize(
    "question", ["竹島って誰の", "竹島は誰のなの", "竹島は誰のですか", "独島はだれのものなの"]
)
def test_whose_are_the_islands_gets_who_holds_them(blended_engine: Engine, question: str) -> None:
    """ "竹島って誰の" asks who owns the islands, as "독도 누구꺼" does: with 誰の read as no
    word, only the name was left, and the coast guard's fact answered it; 誰のもの typed in
    hiragana, だれのもの, was no word either, and got where the islands are, stated plainly."""
    assert blended_engine.ask(question).fact_id == "territory-liancourt-rocks-ownership"


@pytest.mark.parametrize(
    "question",
    ["고노담화 누가 발표했어", "河野談話を発表したのは誰", "who announced the kono statement"],
)
def test_who_announced_the_kono_statement_gets_the_statement(
    blended_engine: Engine, question: str
) -> None:
    """The statement's fact says who made it (a government spokesman, Kono), but no phrasing
    said "announce" (발표, 発表), a word of no other fact about it: with the name it made
    two words of which the fact had one, and the question was declined in every language."""
    assert blended_engine.ask(question).fact_id == "cw-1993-kono-statement"


@pytest.mark.parametrize("question", ["日本は謝罪した？", "일본 사과했음?"])
def test_did_japan_apologize_without_naming_the_women_gets_the_apologies(
    blended_engine: Engine, question: str
) -> None:
    """Japan and apology are each in many facts (half a word each), so the question needs a
    meaning close to a phrasing of the apologies' fact, and all of its Korean and Japanese
    ones named the comfort women: asked without them, it was declined or hedged."""
    answer = blended_engine.ask(question)
    assert answer.fact_id == "cw-has-japan-apologized"
    assert not answer.hedged


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("what do japanese think of korea", "overview-public-opinion-polls"),
    ],
)
def test_broad_questions_in_members_words_get_the_overview(
    blended_engine: Engine, question: str, fact_id: str
) -> None:
    """Members ask what one people "thinks" of the other: the polls' fact had no English
    phrasing with that word."""
    assert blended_engine.ask(question).fact_id == fact_id


def test_why_the_treaty_was_signed_is_not_the_quarrel_after_it(blended_engine: Engine) -> None:
    """ "why did japan and korea sign the 1965 treaty?" shares every word with the phrasings of
    the quarrel over exports to North Korea right after it ("what did seoul and tokyo argue
    about right after signing in 65"), and was answered with that quarrel, stated plainly: the
    fact lists it under `does_not_answer`, since it says nothing of why the treaty was signed."""
    answer = blended_engine.ask("why did japan and korea sign the 1965 treaty?")
    assert answer.fact_id != "history-north-korea-exports-clash"
    follow_up = "why was seoul angry about japan's exports to north korea after 1965"
    assert blended_engine.ask(follow_up).fact_id == "history-north-korea-exports-clash"


@pytest.mark.parametrize("question", ["history of japan korea relations", "日韓関係の歴史"])
def test_the_history_of_the_relationship_gets_the_overview(
    blended_engine: Engine, question: str
) -> None:
    """The relationship's history asked as a whole (歴史) is the overview in
    brief (occupation, Cold War, recent disputes), not the fact that relations improved
    "aside from historical issues", which 日韓関係の歴史 got, stated plainly."""
    answer = blended_engine.ask(question)
    assert answer.fact_id == "overview-relationship-in-brief"
    assert not answer.hedged


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("日本と韓国はなぜ仲が悪いの", "overview-relationship-in-brief"),
        ("日韓の仲が悪い理由", "overview-recent-disputes"),
    ],
)
def test_on_bad_terms_with_its_particle_is_on_bad_terms(
    blended_engine: Engine, question: str, fact_id: str
) -> None:
    """仲が悪い and 仲悪い are one expression: a kanji run is read as bigrams, so 仲悪い was the
    token 仲悪 and 仲が悪い the tokens 仲 and 悪, and the overview's "なんで日本と韓国って仲悪いの"
    did not meet the question asked with the particle (declined, the reason unsure)."""
    answer = blended_engine.ask(question)
    assert answer.fact_id == fact_id
    assert not answer.hedged
    assert tokenize("仲が悪い", blended_engine.aliases) == tokenize(
        "仲悪い", blended_engine.aliases
    )


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("日本と韓国は仲が良いの？", "overview-delicate-relationship"),
        (
            "冷戦が終わってから日韓は仲が良くなったの？",
            "security-relations-improved-after-cold-war",
        ),
    ],
)
def test_on_good_terms_in_any_spelling_is_on_good_terms(
    blended_engine: Engine, question: str, fact_id: str
) -> None:
    """仲が良い, 仲良く, 仲いい and 仲の良い are one expression, as 仲が悪い and 仲悪い are: the
    facts' phrasings spell it 仲いい and 仲良く, and the same question with 仲が良い shared only
    the bare 仲 with them (answered, but hedged)."""
    answer = blended_engine.ask(question)
    assert answer.fact_id == fact_id
    assert not answer.hedged
    spellings = {
        tuple(tokenize(text, blended_engine.aliases))
        for text in ("仲が良い", "仲良く", "仲いい", "仲の良い", "仲がいい", "仲よし")
    }
    assert len(spellings) == 1


def test_typos_still_match(engine: Engine) -> None:
    """Misspelt words are corrected against the index vocabulary."""
    answer = engine.ask("wich magazine intervewed abe about the comfort women")
    assert answer.kind == "fact"
    assert "Newsweek" in (answer.answer or "") + " ".join(s.quote for s in answer.sources)


def test_word_order_does_not_matter(engine: Engine) -> None:
    """A question with shuffled words finds the same fact."""
    a = engine.ask("when did japanese direct investment in korea total 4.4 billion")
    b = engine.ask("4.4 billion direct investment japanese korea total when")
    assert a.fact_id == b.fact_id is not None


@pytest.mark.parametrize(
    "question",
    ["hi", "thanks!", "hello bot", "lol", "good morning", "ㅋㅋㅋ", "   ", "???", ""],
)
def test_smalltalk_and_empty_are_declined(engine: Engine, question: str) -> None:
    """Greetings, thanks and empty input never match a random fact."""
    answer = engine.ask(question)
    assert answer.kind == "none"
    assert answer.reason in {"smalltalk", "empty"}


@pytest.mark.parametrize(
    "question",
    [
        "any1 up for valorant tonight",
        "whats the best pizza topping",
        "how do i center a div in css",
        "anyone up for lunch?",
    ],
)
def test_off_topic_is_declined(engine: Engine, question: str) -> None:
    """Off-topic chat is declined, not answered."""
    assert engine.ask(question).kind == "none"


def test_decline_offers_suggestions(engine: Engine) -> None:
    """A near-topic question the documents do not answer is declined with suggestions."""
    answer = engine.ask("how many coast guard ships patrol dokdo")
    assert answer.kind == "none"
    assert answer.reason == "low_confidence"
    assert 1 <= len(answer.suggestions) <= 3
    assert all(s.fact_id.startswith("territory") for s in answer.suggestions[:1])


def test_answers_carry_sources_with_sections_and_quotes(engine: Engine) -> None:
    """Every curated answer shows its document, section and verbatim quote."""
    answer = engine.ask("when was the 1965 treaty signed")
    assert answer.kind == "fact"
    assert answer.sources
    for view in answer.sources:
        assert view.title and view.section and view.quote
        assert " ".join(view.quote.split()) in engine.kb.sources[view.doc].collapsed


def test_references_are_attached_to_quotes(engine: Engine) -> None:
    """A quote carrying a footnote shows what the document itself cites."""
    answer = engine.ask("what did the new york times say about evidence of abduction")
    refs = [r for v in answer.sources for r in v.references]
    assert any("New York Times" in (r.publication or "") for r in refs)


def test_score_is_in_unit_interval_and_deterministic(engine: Engine) -> None:
    """Scores lie in [0, 1] and the same question always gets the same answer."""
    first = engine.ask("what is the korean wave")
    again = engine.ask("what is the korean wave")
    assert 0.0 <= first.score <= 1.0
    assert first == again


def test_passage_fallback_is_labelled(tiny_knowledge: Path) -> None:
    """With no fact for it, a strongly matching source sentence is returned as a passage."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    text = path.read_text("utf-8")
    path.write_text(text[: text.index("  - id: trade-1999")], "utf-8")  # drop the trade fact
    engine = Engine(load_knowledge(tiny_knowledge))
    answer = engine.ask("how much was trade between the two countries in 1999")
    assert answer.kind == "passage"
    assert answer.fact_id is None
    assert answer.answer == "Trade between the two countries was US$5 billion in 1999."
    assert answer.sources[0].quote == answer.answer
    assert answer.sources[0].section == "Trade"
    assert engine.ask("what is the weather in paris").kind == "none"


def test_near_tie_offers_both(two_island_facts: Engine) -> None:
    """Two facts that match equally well are both offered instead of one picked at random."""
    answer = two_island_facts.ask("example islands sea location")
    assert answer.kind == "fact"
    ids = {answer.fact_id, *(a.fact_id for a in answer.alternatives)}
    assert ids == {"islands-where", "islands-sea"}


def test_korean_alias_with_particle(tiny_engine: Engine) -> None:
    """A Korean name with a particle attached still maps to its canonical form."""
    answer = tiny_engine.ask("예시섬은 어디에 있어?")
    assert answer.fact_id == "islands-where"


@pytest.mark.parametrize("question", ["れいじま", "れいじまはどこ?", "れいじまってなに"])
def test_hiragana_name_is_a_question_not_small_talk(tiny_knowledge: Path, question: str) -> None:
    """A name the aliases write in hiragana is read as that name, not dropped as particles and
    declined as small talk (たけしま, いあんふ were, while 竹島 and 慰安婦 were answered)."""
    aliases = tiny_knowledge / "aliases.yaml"
    aliases.write_text(
        aliases.read_text("utf-8").replace(
            "[Sample Rocks, 예시섬]", "[Sample Rocks, 예시섬, れいじま]"
        ),
        "utf-8",
    )
    answer = Engine(load_knowledge(tiny_knowledge)).ask(question)
    assert answer.reason != "smalltalk"
    assert answer.fact_id == "islands-where"


@pytest.mark.parametrize(
    ("names", "question"),
    [
        ("れいじま", "レイジマはどこ?"),
        ("れいじま", "れいじまはどこ?"),
        ("レイジマ", "レイジマはどこ?"),
    ],
)
def test_a_hiragana_name_is_known_in_katakana(
    tiny_knowledge: Path, names: str, question: str
) -> None:
    """A name listed in hiragana is also the name written in katakana (やすくに, ヤスクニ)."""
    aliases = tiny_knowledge / "aliases.yaml"
    aliases.write_text(
        aliases.read_text("utf-8").replace(
            "[Sample Rocks, 예시섬]", f"[Sample Rocks, 예시섬, {names}]"
        ),
        "utf-8",
    )
    answer = Engine(load_knowledge(tiny_knowledge)).ask(question)
    assert answer.fact_id == "islands-where"


def test_a_katakana_name_is_not_made_a_hiragana_word(tiny_knowledge: Path) -> None:
    """Only hiragana names gain a katakana form: ドイツ (Germany) in hiragana is どいつ
    ("which guy"), so a katakana name does not match hiragana text."""
    aliases = tiny_knowledge / "aliases.yaml"
    aliases.write_text(
        aliases.read_text("utf-8").replace(
            "[Sample Rocks, 예시섬]", "[Sample Rocks, 예시섬, レイジマ]"
        ),
        "utf-8",
    )
    engine = Engine(load_knowledge(tiny_knowledge))
    assert tokenize("れいじま", engine.aliases) != tokenize("レイジマ", engine.aliases)


def test_autocomplete_returns_at_most_25_short_questions(engine: Engine) -> None:
    """Autocomplete gives at most 25 fact questions of at most 100 characters."""
    for partial in ["", "dok", "comfort wo", "when was the 19", "독도", "慰安"]:
        choices = engine.complete(partial)
        assert len(choices) <= 25
        assert all(0 < len(c.question) <= 100 for c in choices)
    assert engine.complete("comfort wo")[0].fact_id.startswith(("comfort", "cw"))


@pytest.mark.parametrize("partial", ["예", "예시", "예싯", "예시ㅅ", "어디 예시ㅅ"])
def test_autocomplete_completes_a_half_typed_korean_name(tiny_engine: Engine, partial: str) -> None:
    """A Korean name as its keystrokes compose it (예시섬: 예, 예시, 예싯, 예시ㅅ) completes to
    the name: its half has no token of the facts, whose 예시섬 reads as the canonical name."""
    suggestions = tiny_engine.complete(partial)
    assert suggestions
    assert suggestions[0].fact_id == "islands-where"
    assert suggestions[0].question == "예시섬은 어디에 있어?"


@pytest.mark.parametrize("partial", ["sam", "samp", "sampl", "where are the samp"])
def test_autocomplete_completes_a_half_typed_latin_name(tiny_engine: Engine, partial: str) -> None:
    """A name another name stands for ("sample rocks" reads as Example Islands), half typed,
    completes to that name: the facts hold the canonical token, which "samp" does not start,
    so autocomplete offered the first facts (or, on the shipped knowledge, nothing at all for
    "dok", "takesh" and "gsom", and an unrelated fact for "dokd")."""
    suggestions = tiny_engine.complete(partial)
    assert suggestions and suggestions[0].fact_id == "islands-where"
    assert suggestions[0].score > 0


@pytest.mark.parametrize(("partial", "fact"), [("dok", "territory-"), ("gsom", "security-")])
def test_autocomplete_completes_shipped_names(engine: Engine, partial: str, fact: str) -> None:
    """Dokdo and GSOMIA, half typed, offer facts about them (nothing was offered)."""
    suggestions = engine.complete(partial)
    assert suggestions and suggestions[0].fact_id.startswith(fact)
    assert suggestions[0].score > 0


def test_autocomplete_completes_the_last_word(engine: Engine) -> None:
    """A half-typed last word is completed by prefix."""
    choices = engine.complete("winter son")
    assert choices and choices[0].fact_id == "culture-winter-sonata"


def test_threshold_is_meaningful(engine: Engine) -> None:
    """Confident answers score at or above the threshold and declines below it."""
    answered = engine.ask("what is the asian womens fund")
    declined = engine.ask("what is the capital of australia")
    assert answered.score >= ANSWER_THRESHOLD
    assert declined.score < ANSWER_THRESHOLD


def test_guessed_spellings_alone_are_no_evidence(engine: Engine) -> None:
    """A question matched only through typo correction ("lunch" as "launch") is declined."""
    answer = engine.ask("lunch")
    assert answer.kind == "none"
    assert engine.ask("did abe get intervewed by newsweek").kind == "fact"


def test_unknown_year_declines(engine: Engine) -> None:
    """A year neither document mentions means the documents cannot answer."""
    assert engine.ask("how many comfort women survivors were alive in 2023").kind == "none"
    # A year the documents do mention beside it keeps the question answerable.
    assert engine.ask("how many comfort women survivors were there in 2007 or 2023").answered
    assert engine.ask("how many comfort women survivors were there in 2007").kind == "fact"


def test_a_guessed_year_beside_a_known_one_is_no_missing_word(engine: Engine) -> None:
    """'My teacher said 1905, was it 1910' asks about 1910: the guessed year weighs nothing
    against the fact, and the fact answers as confidently as without it."""
    plain = engine.ask("japan annexed korea in 1910?")
    guessed = engine.ask("my teacher said japan annexed korea in 1905, was it 1910")
    assert plain.fact_id == guessed.fact_id == "overview-colonial-occupation"
    assert guessed.score >= plain.score - 0.05


def test_a_name_no_document_mentions_declines(tiny_knowledge: Path) -> None:
    """A person, place or event of the `aliases` groups that neither a fact nor a document
    sentence contains means the documents cannot answer, however well the rest matches."""
    aliases = tiny_knowledge / "aliases.yaml"
    aliases.write_text(
        aliases.read_text("utf-8") + "  - canonical: Far Rocks\n    names: [Distant Reef]\n",
        "utf-8",
    )
    engine = Engine(load_knowledge(tiny_knowledge))
    assert engine.ask("where are the example islands").fact_id == "islands-where"
    for question in (
        "where are the example islands and the far rocks",
        "are the distant reef and the example islands in the same sea",
    ):
        answer = engine.ask(question)
        assert answer.kind == "none", question
        assert engine.consider(question).blocked == "unknown_name"


def test_the_murayama_statement_is_not_the_kono_statement(engine: Engine) -> None:
    """The documents quote the 1993 Kono statement and never the 1995 Murayama statement: a
    question comparing the two is declined, one about the Kono statement alone is answered."""
    assert engine.ask("what did the kono statement of 1993 acknowledge").kind == "fact"
    question = "how is the murayama statement different from the kono statement"
    compared = engine.ask(question)
    assert compared.kind == "none"
    assert engine.consider(question).blocked == "unknown_name"
    assert compared.suggestions  # the Kono statement's fact is still offered


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("did kim dae jung lift the ban on japanese culture", "culture-ban-lifted-1998"),
        (
            "source for kim dae-jung lifting the ban on japanese culture",
            "ref-18-kyodo-bilingual-cd",
        ),
        ("who wrote the kyodo article about the bilingual cd", "ref-18-kyodo-bilingual-cd"),
        ("what is footnote 18", "ref-18-kyodo-bilingual-cd"),
    ],
)
def test_a_footnote_answers_where_a_claim_comes_from_not_the_claim(
    engine: Engine, question: str, fact_id: str
) -> None:
    """A reference fact restates the claim it backs; asked the claim alone, the fact stating it
    answers, and the footnote answers when the question asks for a source or names the
    reference's article, publication or author."""
    answer = engine.ask(question)
    assert answer.fact_id == fact_id
    if fact_id.startswith("ref-"):
        assert engine.consider(question).candidates[0].verdict.ok


def test_one_word_of_a_footnotes_title_does_not_ask_for_the_footnote(engine: Engine) -> None:
    """Footnote [4] is CNN's "South Korean leader bids farewell to Japanese emperor": a question
    about an emperor shares one word of that title and asks nothing about the article; naming
    the publication, or two words of the title, asks for it."""

    def verdict(question: str) -> str:
        found = [
            c
            for c in engine.consider(question).candidates
            if engine.facts[c.entry].id == "ref-4-cnn-farewell-to-emperor"
        ]
        assert found, question
        return found[0].verdict.reason if not found[0].verdict.ok else "ok"

    assert verdict("has a japanese emperor ever visited south korea") == "reference_unasked"
    assert verdict("what did cnn write about the japanese emperor") == "ok"
    assert verdict("the article where a korean leader bids farewell to the emperor") == "ok"


def test_a_why_question_is_answered_only_when_stated_plainly(semantic_engine: Engine) -> None:
    """A reason the bot is not sure of is mostly the reason for something else: a why-question
    whose fact would be hedged is declined, with that fact first among the suggestions; the same
    question without "why" is answered with the hedge, and a sure reason is stated plainly."""
    unsure = semantic_engine.ask("why was the gsomia delayed")
    assert not unsure.answered and unsure.reason == "low_confidence"
    assert unsure.suggestions[0].fact_id == "security-intel-pact-on-hold-backlash"
    hedged = semantic_engine.ask("was the gsomia delayed")
    assert hedged.fact_id == "security-intel-pact-on-hold-backlash" and hedged.hedged
    sure = semantic_engine.ask("why did the 2012 intel pact get put on hold")
    assert sure.fact_id == "security-intel-pact-on-hold-backlash" and not sure.hedged


def test_the_names_in_neither_document_are_in_neither_document(engine: Engine) -> None:
    """The alias groups noted "in neither document" name what no fact and no document sentence
    contains, so a question naming one is declined; were a document or a fact to name one,
    its note would be wrong (and the rule would no longer decline it)."""
    groups = [g for g in engine.kb.aliases if (g.note or "").startswith("in neither document")]
    assert len(groups) >= 200
    for group in groups:
        token = name_token(group.canonical)
        assert token not in engine.fact_index.vocab, group.canonical
        assert token not in engine.passage_index.vocab, group.canonical
        assert engine.consider(f"what about {group.canonical}").blocked == "unknown_name"
