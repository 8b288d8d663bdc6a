"""Scoring replies: what counts as right is what a member is shown, nothing more or less."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from bot.core.engine.answer import Engine
from bot.core.engine.evaluation import evaluate, load_items
from bot.core.knowledge.loader import load_knowledge
from bot.render import render_answer


def test_a_reference_counts_as_a_member_sees_it(tmp_path: Path, blended_engine: Engine) -> None:
    """The reply to how the comfort women were recruited cites the New York Times as "The New
    York Times, 2014-12-02" and never shows the article's headline: scoring read the
    reference's full entry instead, so the headline passed and the date shown failed."""
    path = tmp_path / "set.yaml"
    path.write_text(
        '- {q: "How were the comfort women recruited?", expect: answer,'
        ' any_of: ["Rewriting the War"]}\n'
        '- {q: "how were comfort women recruited", expect: answer,'
        ' all_of: ["New York Times, 2014-12-02"]}\n',
        "utf-8",
    )
    items = load_items(path)
    for item in items:  # what the front ends show, as the test's premise
        shown = render_answer(blended_engine.ask(item.q)).casefold()
        wanted = (item.any_of + item.all_of)[0].casefold()
        assert (wanted in shown) == (item is items[1])
    report = evaluate(blended_engine, items)
    assert (report.answered, report.answered_ok) == (2, 1)
    assert [f["q"] for f in report.failures] == [items[0].q]


def test_a_number_is_not_found_inside_a_longer_one(tmp_path: Path, blended_engine: Engine) -> None:
    """The reply says "As many as 200,000 women": an item wanting "00,000", "2000" or "200"
    (a wrong figure) passed, found inside it; one wanting "200,000" and "As many" passes."""
    path = tmp_path / "set.yaml"
    path.write_text(
        '- {q: "How many women were forced to be comfort women?", expect: answer,'
        ' any_of: ["00,000", "2000", "200"]}\n'
        '- {q: "how many comfort women were there", expect: answer, all_of: ["200,000", "As many"]}\n',
        "utf-8",
    )
    report = evaluate(blended_engine, load_items(path))
    assert (report.answered, report.answered_ok) == (2, 1)
    assert [f["q"] for f in report.failures] == ["How many women were forced to be comfort women?"]


def test_a_string_matches_however_it_is_typed(tmp_path: Path, blended_engine: Engine) -> None:
    """Replies showing "200,000", "Women’s" (a curly apostrophe) and "독도" pass items that
    want "200000", "Women's", "２００，０００" (full-width, as a Japanese IME types it) and
    "독도" decomposed (NFD, as macOS pastes it); each failed, compared case-folded only."""
    nfd = unicodedata.normalize("NFD", "독도")
    assert nfd != "독도"
    path = tmp_path / "set.yaml"
    path.write_text(
        '- {q: "How many women were forced to be comfort women?", expect: answer,'
        " any_of: [200000]}\n"
        '- {q: "how many comfort women were there", expect: answer, any_of: ["２００，０００"]}\n'
        '- {q: "What did the 2000 Women\'s Tribunal rule?", expect: answer,'
        ' all_of: ["Women\'s International War Crimes Tribunal"]}\n'
        '- {q: "What are the Korean and Japanese names for the Liancourt Rocks?",'
        f' expect: answer, all_of: ["{nfd}"]}}\n'
        # Still not there: a wrong figure, found inside the right one once its comma is read.
        '- {q: "how many comfort women were forced to serve", expect: answer,'
        " any_of: [20000, '20,000', '00000']}\n",
        "utf-8",
    )
    report = evaluate(blended_engine, load_items(path))
    assert (report.answered, report.answered_ok) == (5, 4)
    assert [f["q"] for f in report.failures] == ["how many comfort women were forced to serve"]


def test_a_passage_is_not_counted_as_stated_plainly(tiny_knowledge: Path, tmp_path: Path) -> None:
    """Without its trade fact, the tiny knowledge answers a trade question with the source's
    sentence, offered as "no curated answer; the closest passage says": it is counted with
    the hedged answers, not in the precision of the answers stated plainly."""
    facts = tiny_knowledge / "facts" / "islands.yaml"
    text = facts.read_text("utf-8")
    facts.write_text(text[: text.index("  - id: trade-1999")], "utf-8")
    engine = Engine(load_knowledge(tiny_knowledge))
    path = tmp_path / "set.yaml"
    path.write_text(
        '- {q: "how much was trade between the two countries in 1999", expect: answer,'
        ' any_of: ["US$5 billion"]}\n',
        "utf-8",
    )
    [item] = load_items(path)
    assert engine.ask(item.q).kind == "passage"
    report = evaluate(engine, [item])
    assert (report.answered, report.answered_ok) == (1, 1)
    assert (report.hedged, report.hedged_ok) == (1, 1)
    assert report.as_dict()["plain_precision"] == 1.0  # no answer stated plainly
    assert report.answered - report.hedged == 0
