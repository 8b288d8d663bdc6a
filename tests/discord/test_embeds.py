"""Answers as embeds: Discord's limits, inert user text, passages marked as quotes."""

from __future__ import annotations

import re
from dataclasses import replace
from types import SimpleNamespace

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.engine.answer import Engine
from bot.core.knowledge.models import Answer, KnowledgeBase, Reference, SourceView, Suggestion
from bot.core.moderation.audit import AuditEntry
from bot.discord import embeds, lookup_embeds
from bot.discord.formatting import (
    CONTENT_LIMIT,
    TITLE_LIMIT,
    TYPED_FILE,
    embed_fits,
    escape,
    fit,
    given_back,
    sanitize,
    shorten,
    unescape,
)
from bot.discord.kb_embeds import code_block, history_pages, not_helpful_rows, unanswered_embed
from bot.discord.readback import answered_fact, asked_question, complete_question
from bot.wording import WORDINGS
from tests.conftest import SHIPPED

HOSTILE = [
    "@everyone who owns dokdo?",
    "@here <@123456789012345678> <@!123456789012345678> <@&987654321098765432> dokdo",
    "[click me](https://evil.example/phish) dokdo",
    "```py\nimport os\n``` what about the 1965 treaty",
    "**bold** __under__ ~~strike~~ ||spoiler|| > quote\n# heading\n-# small",
    "\u202eevil reversed\u202c \u2066isolate\u2069 dokdo\x00\x07",
]


def _view(quote: str = "A quote.", url: str | None = "https://example.org/doc") -> SourceView:
    return SourceView("doc", "The Document", "Section", url, quote)


def _fact(answer: str = "An answer.", **kwargs: object) -> Answer:
    fields: dict[str, object] = {
        "question": "What happened?",
        "kind": "fact",
        "answer": answer,
        "fact_id": "some-fact",
        "score": 0.87,
        "sources": (_view(),),
    }
    fields.update(kwargs)
    return Answer(**fields)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    from bot.core.knowledge.loader import load_knowledge

    return load_knowledge(SHIPPED)


def test_every_shipped_fact_renders_within_limits(kb: KnowledgeBase) -> None:
    """Each fact of the shipped knowledge fits an embed, with its id in the footer."""
    engine = Engine(kb)
    for fact in kb.facts:
        answer = engine.answer_fact(fact.id)
        assert answer is not None
        embed = embeds.answer_embed(answer)
        assert embed_fits(embed), fact.id
        assert fact.id in (embed.footer.text or "")


def test_footer_has_fact_id_and_confidence() -> None:
    """The footer names the fact and the engine's confidence."""
    embed = embeds.answer_embed(_fact())
    assert embed.footer.text == "fact some-fact · confidence 0.87"


def test_sources_show_title_section_quote_link_and_references() -> None:
    """Each source is a field: title and section, the quote, a link, what the document cites."""
    view = SourceView(
        "doc",
        "The Document",
        "Trade",
        "https://example.org/doc",
        "Trade grew.",
        (Reference(1, "x", publication="The Times", date="2001"),),
    )
    embed = embeds.answer_embed(_fact(sources=(view,)))
    field = embed.fields[0]
    assert field.name == "The Document · Trade"
    assert "“Trade grew.”" in (field.value or "")
    assert "[Read the source](https://example.org/doc)" in (field.value or "")
    assert "The document cites: The Times, 2001" in (field.value or "")


def test_passage_is_marked_as_a_quote_not_a_curated_answer() -> None:
    """A passage answer says so in the author line, the text and the colour."""
    passage = Answer(
        "When did trade grow?",
        "passage",
        "Trade grew in 1999.",
        None,
        0.75,
        (_view("Trade grew in 1999."),),
    )
    embed = embeds.answer_embed(passage)
    assert embed.author.name == WORDINGS["en"].passage_author
    assert "no curated answer" in (embed.description or "")
    assert "> Trade grew in 1999." in (embed.description or "")
    assert embed.colour == embeds.PASSAGE_COLOUR
    assert (embed.footer.text or "").startswith("passage from doc")


def test_long_answer_is_cut_cleanly_with_a_pointer_to_the_source() -> None:
    """A huge answer, many huge quotes and alternatives still fit, and say where the rest is."""
    long_text = "word " * 3000
    big = _fact(
        answer=long_text,
        sources=tuple(_view(quote="quote " * 800) for _ in range(12)),
        alternatives=tuple(_fact(answer=long_text, fact_id=f"alt-{i}") for i in range(3)),
    )
    embed = embeds.answer_embed(big)
    assert embed_fits(embed)
    assert len(embed) <= 6000
    assert (embed.description or "").endswith("the source below has the full text.*")
    assert "(continues in the source)" in (embed.fields[0].value or "")


@pytest.mark.parametrize("question", HOSTILE)
def test_question_echo_is_inert(question: str) -> None:
    """Mentions, links, code fences, markdown and bidi tricks are escaped in the title."""
    for embed in (
        embeds.answer_embed(_fact(question=question)),
        embeds.decline_embed(Answer(question, "none", None, None, 0.1, reason="low_confidence")),
    ):
        text = (embed.title or "") + (embed.description or "")
        assert "@everyone" not in text and "@here" not in text
        assert not re.search(r"<@[!&]?\d", text)
        assert not re.search(r"(?<!\\)\[[^\]]*\]\(http", text)  # no live masked link
        assert "```" not in text
        assert "\u202e" not in text and "\x00" not in text
        assert embed_fits(embed)


def test_decline_offers_suggestions() -> None:
    """A decline explains itself and lists what the member may have meant."""
    answer = Answer(
        "what about the moon",
        "none",
        None,
        None,
        0.3,
        suggestions=(Suggestion("moon-fact", "Who owns the moon?", 0.3),),
        reason="low_confidence",
    )
    embed = embeds.decline_embed(answer)
    assert "won't guess" in (embed.description or "")
    assert "Who owns the moon? (`moon-fact`)" in (embed.fields[0].value or "")


def test_search_pages_and_sources_fit(kb: KnowledgeBase) -> None:
    """Search results come ten to a page; the sources list fits."""
    results = [Suggestion(f.id, f.questions[0], 1.0) for f in kb.facts[:25]]
    pages = lookup_embeds.search_pages("dokdo", results, WORDINGS["en"])
    assert len(pages) == 3
    assert all(embed_fits(p) for p in pages)
    assert pages[2].footer.text and pages[2].footer.text.startswith("Page 3/3")
    assert embed_fits(lookup_embeds.sources_embed(kb))


def test_help_shows_moderator_commands_only_to_moderators() -> None:
    """/help mentions /kb only for moderators."""
    names = lambda e: [f.name for f in e.fields]  # noqa: E731
    assert "Moderators (`/kb`)" in names(lookup_embeds.help_embed(True))
    assert "Moderators (`/kb`)" not in names(lookup_embeds.help_embed(False))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600), st.integers(min_value=5, max_value=300))
def test_fit_respects_the_limit_and_never_ends_in_a_backslash(raw: str, limit: int) -> None:
    """Whatever the text, the escaped result fits and no escape is left dangling."""
    out = fit(raw, limit)
    assert len(out) <= limit
    assert not out.rstrip("…").endswith("\\") or out.rstrip("…").endswith("\\\\")


def test_shorten_cuts_at_a_word() -> None:
    """Cutting prefers a word boundary and ends with an ellipsis."""
    assert shorten("alpha beta gamma delta epsilon", 26) == "alpha beta gamma delta…"
    assert len(shorten("x" * 50, 10)) == 10


def test_sanitize_and_escape() -> None:
    """Bidi overrides and control characters go; mentions get a zero-width space."""
    assert sanitize("a\u202eb\x00c\nd") == "abc\nd"
    assert escape("@everyone <@&12>") == "@\u200beveryone \\<@\u200b&12>"


@pytest.mark.parametrize(
    "text",
    [
        "[a](b) [Verify](https://phish.example) x",  # discord.py left the second link live
        "**[Verify](<https://phish.example>)**",
        "[one](https://a.example) and [two](https://b.example)",
    ],
)
def test_no_masked_link_survives_escape(text: str) -> None:
    """Every `[` and `]` is escaped, however many links the text holds: a member's text
    echoed in the review queue carried a clickable phishing link, bold around it."""
    escaped = escape(text)
    assert re.search(r"(?<!\\)[\[\]]", escaped) is None
    assert re.search(r"(?<!\\)\*", escaped) is None
    assert unescape(escaped) == text


def test_a_bare_link_stays_whole() -> None:
    """A plain address shows its own target: left as it is, its `_` and `(` unbroken."""
    link = "https://en.wikipedia.org/wiki/Liancourt_Rocks_(islets)"
    assert escape(f"see {link} now") == f"see {link} now"


def test_history_pages_show_compact_diffs_in_inert_blocks() -> None:
    """History lists changes newest first; backticks in facts cannot break the code block."""
    before = {"id": "f", "questions": ["q"], "answer": "old ``` text", "sources": []}
    after = {**before, "answer": "new ``` text"}
    entries = [
        AuditEntry(n, "2026-01-01T00:00:00Z", 1, "mika", "edit", "f", before, after)
        for n in range(1, 8)
    ]
    pages = history_pages("f", entries)
    assert len(pages) == 2
    assert (pages[0].fields[0].name or "").startswith("#7 · edit · mika")
    value = pages[0].fields[0].value or ""
    assert value.startswith("```\n") and value.count("```") == 2
    assert all(embed_fits(p) for p in pages)


def test_code_block_is_cut_to_the_field_limit() -> None:
    """Many long diff lines are cut, the fence stays closed."""
    block = code_block([f"line {i} " + "x" * 200 for i in range(50)])
    assert len(block) <= 1024 and block.endswith("…\n```")


def test_embed_fits_detects_overflow() -> None:
    """The checker itself notices an oversized field."""
    embed = discord.Embed(title="t")
    embed.add_field(name="n", value="x" * 1025)
    assert not embed_fits(embed)


def test_long_url_and_quote_keep_the_link_whole() -> None:
    """A long quote is cut to make room; the link to the source is never cut."""
    url = "https://example.org/" + "a" * 370
    _, value = embeds.source_field(_view(quote="word " * 600, url=url))
    assert len(value) <= 1024
    assert value.endswith(f"[Read the source]({url})")
    assert "(continues in the source)" in value


@given(st.text(max_size=300).map(sanitize))
@settings(max_examples=300, deadline=None)
def test_unescape_reads_back_what_escape_was_given(text: str) -> None:
    """A question echoed in an embed can be read back exactly (for clicks after a restart)."""
    assert unescape(escape(text)) == text.replace("@\u200b", "@")


@pytest.mark.parametrize(
    "question",
    ["Who controls *Dokdo*?", "@everyone `a_b` <@123> \\ > q", "독도는 누구 땅?", "竹島は誰の？"],
)
def test_the_question_is_read_back_from_an_answer_and_a_decline(question: str) -> None:
    """Votes and the menu take the question asked from the message, answer or decline."""
    answered = Answer(question, "fact", "text", "some-fact", 1.0, ())
    declined = Answer(question, "none", None, None, 0.3, (), reason="low_confidence")
    for answer in (answered, declined):
        message = SimpleNamespace(embeds=[embeds.answer_embed(answer)])
        assert asked_question(message) == question  # type: ignore[arg-type]


def test_a_passage_answers_sources_are_copied_from_its_message() -> None:
    """ "source?" under a passage answer shows the passage's source fields, not the answer."""
    view = SourceView("doc", "A *document*", "History", "https://example.org/a", "A quote.")
    passage = Answer("why *so*?", "passage", "A quote.", None, 0.6, (view,))
    original = embeds.answer_embed(passage)
    shown = embeds.copied_sources_embed(original)
    assert shown.title == "Sources: why \\*so\\*?"
    assert [(f.name, f.value) for f in shown.fields] == [(f.name, f.value) for f in original.fields]
    assert not shown.description and shown.footer.text == original.footer.text


def test_a_korean_passage_is_introduced_in_korean_and_its_tie_is_not_a_source() -> None:
    """A passage answer to a Korean question says in Korean that it is a quote; "source?"
    under it copies the source fields and leaves out the near tie, named in Korean too."""
    view = SourceView("doc", "A document", "History", "https://example.org/a", "A quote.")
    tie = Answer("독도", "fact", "Another fact.", "other-fact", 0.6)
    passage = Answer("독도는 왜?", "passage", "A quote.", None, 0.6, (view,), alternatives=(tie,))
    original = embeds.answer_embed(passage)
    ko = WORDINGS["ko"]
    assert original.author.name == ko.passage_author
    assert (original.description or "").startswith(
        "정리된 답변이 없어요. *A document*의 “History” 절"
    )
    names = [f.name for f in original.fields]
    assert ko.alternative_field.format(fact_id="other-fact") in names
    shown = embeds.copied_sources_embed(original)
    assert [f.name for f in shown.fields] == ["A document · History"]


def test_a_hedged_answer_says_it_is_the_closest_fact() -> None:
    """A hedged fact answer says so in the author line, the colour and the footer; its
    sources are shown as for any answer."""
    embed = embeds.answer_embed(_fact(hedged=True, score=0.7))
    assert embed.author.name == WORDINGS["en"].hedged_author
    assert embed.colour == embeds.HEDGED_COLOUR != embeds.FACT_COLOUR
    assert embed.footer.text == "fact some-fact · confidence 0.70 · not sure"
    assert embed.fields[0].name == "The Document · Section"
    again = embeds.sources_again_embed(_fact(hedged=True))
    assert again.colour == embeds.HEDGED_COLOUR
    plain = embeds.answer_embed(_fact())
    assert plain.author.name is None and plain.colour == embeds.FACT_COLOUR


def test_the_review_queue_shows_as_many_not_helpful_answers_as_fit_and_numbers_them() -> None:
    """Ten long not-helpful questions do not fit one field: the lines shown are numbered ✗1..
    in order and are exactly the field's lines, so each “Exclude ✗n” button has its line."""
    long = [(f"fact-{i}", "why " + "really " * 40 + f"question {i}", 10 - i) for i in range(10)]
    rows = not_helpful_rows(long)
    assert 0 < len(rows) < 10
    assert [row.split(".**")[0] for row in rows] == [f"**✗{n}" for n in range(1, len(rows) + 1)]
    embed = unanswered_embed([], [], long)
    assert embed.fields[0].value == "\n".join(rows)
    assert "Exclude ✗n" in (embed.footer.text or "")
    short = [(f"fact-{i}", f"q{i}", 1) for i in range(10)]
    assert len(not_helpful_rows(short)) == 10
    assert unanswered_embed([], [], []).footer.text is None


@pytest.mark.parametrize("why_chars", [40, 900, 5000])
@pytest.mark.parametrize("typed_chars", [10, 1300, 3000, 12000])
def test_a_forms_text_given_back_always_fits_one_message(why_chars: int, typed_chars: int) -> None:
    """Whatever the reason's length (a list of problems can be long) and the text's (a form
    holds 12,000 characters), the reply fits Discord's 2,000, and all the text is in it or in
    the attachment, exactly as typed."""
    why = ("problem " * why_chars)[:why_chars]
    answer = ("typed `words` " * typed_chars)[:typed_chars]
    reply = given_back(why, [answer, "   ", "the quote"])
    assert len(reply["content"]) <= CONTENT_LIMIT
    whole = f"{answer}\n\nthe quote"
    if "files" in reply:
        [attached] = reply["files"]
        assert attached.filename == TYPED_FILE and attached.fp.read() == whole.encode()
    else:
        assert whole.replace("`", "ˋ") in reply["content"]
    assert reply["content"].count("```") == 2  # the block is closed


def test_a_question_ending_in_an_ellipsis_is_not_taken_for_a_cut_one() -> None:
    """Only a title cut to fit (near the limit, ending in "…") is incomplete: a member's
    short question ending in "…" is whole, and can be excluded from a fact."""

    class Message:
        def __init__(self, title: str) -> None:
            self.embeds = [discord.Embed(title=title)]

    short = "独島って結局どっちのもの…"
    assert complete_question(Message(short)) == short  # type: ignore[arg-type]
    cut = fit("who controls dokdo " + "_" * 150, TITLE_LIMIT)
    assert cut.endswith("…") and complete_question(Message(cut)) == ""  # type: ignore[arg-type]


def test_fit_keeps_text_after_characters_sanitize_drops() -> None:
    """Bidi marks are dropped by sanitize, so the escaped text is shorter than the raw: the
    cut was searched within the room's length of raw text, and kept "why did …" of it."""
    raw = "why did " + "\u200f" * 300 + "japan and korea sign the treaty " * 12
    fitted = fit(raw, TITLE_LIMIT)
    assert len(fitted) <= TITLE_LIMIT and len(fitted) > TITLE_LIMIT // 2
    assert fitted.startswith("why did japan and korea sign the treaty")


def test_each_question_of_a_message_is_shown_with_its_answer_and_quoted_source(
    kb: KnowledgeBase,
) -> None:
    """A message that asked two questions gets one embed: each question over its answer (a
    declined one with the decline), each answer's source quoted in a field, the first fact in
    the footer where votes read it back."""
    engine = Engine(kb)
    answer = engine.ask("who controls dokdo? and how many coast guard ships patrol it?")
    owned, declined = answer.parts
    assert owned.answered and not declined.answered
    embed = embeds.answer_embed(answer)
    description = embed.description or ""
    first, second = description.split("**▸ ")[1:]
    assert first.startswith("who controls dokdo?**\n") and (owned.answer or "")[:60] in first
    assert second.startswith("how many coast guard ships patrol it?**\n")
    assert WORDINGS["en"].decline in second
    assert [f.name for f in embed.fields] == ["▸ 1 · Japan–South Korea relations · Liancourt Rocks"]
    assert owned.sources[0].quote[:60] in (embed.fields[0].value or "")
    assert answered_fact(SimpleNamespace(embeds=[embed])) == owned.fact_id  # type: ignore[arg-type]
    assert embed_fits(embed)


def test_a_hedged_question_among_several_is_marked_and_three_long_answers_fit(
    kb: KnowledgeBase,
) -> None:
    """A hedged part says it is the closest fact and the reply takes the hedged colour; three
    of the longest answers with their longest quotes fit Discord's limits with every part's
    source field kept."""
    engine = Engine(kb)
    longest = sorted(kb.facts, key=lambda f: -len(f.answer) - max(len(c.quote) for c in f.sources))
    parts = []
    for n, fact in enumerate(longest[:3]):
        shown = engine.answer_fact(fact.id, f"question {n} " + "why " * 80)
        assert shown is not None
        parts.append(replace(shown, hedged=n == 1, score=0.7))
    answer = replace(parts[0], question="x" * 900, parts=tuple(parts))
    embed = embeds.answer_embed(answer)
    assert embed_fits(embed)
    assert [f.name.split(" · ")[0] for f in embed.fields] == ["▸ 1", "▸ 2", "▸ 3"]
    assert (embed.description or "").count(WORDINGS["en"].hedged_author) == 1
    assert embed.colour == embeds.HEDGED_COLOUR
    assert (embed.footer.text or "").startswith(f"fact {parts[0].fact_id} · confidence 0.70 ·")
