"""Moderators keep the facts right from Discord (/kb), and everyone else changes nothing."""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

import discord
import pytest
from simcord.enums import AppCommandType

from bot.core.errors import StoreError
from bot.core.moderation.feedbackdb import FEEDBACK_UNAVAILABLE
from bot.core.moderation.store import KnowledgeStore
from bot.discord import fact_form, removal, review_queue
from bot.discord.checks import NotModerator
from bot.discord.cogs.moderation import WRONG_FACT_MENU
from bot.discord.formatting import TYPED_FILE
from tests.discord.conftest import (
    World,
    assert_pings_nobody,
    components,
    crafted_slash,
    guild_menu,
    handled_errors,
)

FACT = "territory-liancourt-rocks-ownership"
NEW_QUESTION = "Which test question did the moderators add today?"
EXTRA_PHRASINGS = [
    "what did the moderators add as a test",
    "the moderators' test question",
    "moderator test fact for the discord suite",
]


@pytest.fixture
def store(fresh_store: KnowledgeStore) -> KnowledgeStore:
    """These tests change the knowledge: each gets a store of its own."""
    return fresh_store


def snapshot(root: Path) -> dict[str, str]:
    """A hash of every file under the knowledge dir, to show nothing changed."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def modal_values(modal: dict[str, Any] | None) -> dict[str, str]:
    """custom_id -> prefilled value of every text input in a modal payload."""
    assert modal is not None, "no modal was shown"
    values: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == 4:
                values[node["custom_id"]] = node.get("value") or ""
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(modal["components"])
    return values


def valid_form(
    store: KnowledgeStore, question: str = NEW_QUESTION, quoting: str | None = None
) -> dict[str, str]:
    """A form that passes validation: a real quote from the source (that of fact `quoting`,
    whose quote names what the question asks about), new questions."""
    fact = store.kb.fact(quoting) if quoting else store.kb.facts[0]
    assert fact is not None
    citation = fact.sources[0]
    return {
        "questions": "\n".join([question, *EXTRA_PHRASINGS]),
        "answer": "An answer written by a moderator in a test.",
        "source": citation.source,
        "section": citation.section,
        "quote": citation.quote,
    }


@pytest.mark.parametrize("who", ["moderator", "admin"])
async def test_moderator_role_or_manage_server_may_use_kb(world: World, who: str) -> None:
    """The configured moderator role and the Manage Server permission both pass the check."""
    result = await getattr(world, who).slash(world.general, "kb stats")
    assert result.ephemeral and result.response is not None
    assert result.response.embeds[0].title == "Knowledge base statistics"


async def test_add_fact_through_the_form_is_live_at_once(world: World) -> None:
    """/kb add opens the form; a valid fact is saved, audited and answers the next question."""
    shown = await world.moderator.slash(world.general, "kb add", topic="trade")
    assert set(modal_values(shown.modal)) == {"questions", "answer", "source", "section", "quote"}
    saved = await world.moderator.submit_modal(shown, valid_form(world.bot.store))
    assert saved.ephemeral and saved.response is not None
    assert saved.response.content.startswith("Saved `")
    fact_id = saved.response.content.split("`")[1]

    asked = await world.member.slash(world.general, "ask", question=NEW_QUESTION)
    assert asked.response is not None
    assert (asked.response.embeds[0].footer.text or "").startswith(f"fact {fact_id}")
    assert fact_id in (world.bot.settings.knowledge_dir / "facts" / "trade.yaml").read_text("utf-8")
    [entry] = world.bot.store.history(fact_id)
    assert (entry.action, entry.user_id, entry.user_name) == ("add", world.moderator.id, "mika")
    assert_pings_nobody(world.env)


@pytest.mark.parametrize("how", ["capitals", "spaces", "full-width"])
async def test_the_forms_source_id_is_read_as_typed(world: World, how: str) -> None:
    """The form's source id typed as a phone types it (its first letter capitalised), with
    spaces around it, or in full-width letters (Japanese input) was refused as an "unknown
    source id" of a source that exists, and the form had to be sent again. It is read as the
    id it names; an id that names no source is still refused."""
    form = valid_form(world.bot.store)
    source = form["source"]
    shown = await world.moderator.slash(world.general, "kb add", topic="trade")
    saved = await world.moderator.submit_modal(shown, {**form, "source": as_typed(source, how)})
    assert saved.response is not None and saved.response.content.startswith("Saved `")
    fact = world.bot.store.kb.fact(saved.response.content.split("`")[1])
    assert fact is not None and fact.sources[0].source == source
    shown = await world.moderator.slash(world.general, "kb add", topic="trade")
    other = {**form, "questions": "Which other test question was added?", "source": "Nowhere"}
    refused = await world.moderator.submit_modal(shown, other)
    assert refused.response is not None and "unknown source id 'Nowhere'" in (
        refused.response.content
    )


async def test_rejected_change_explains_and_saves_nothing(world: World) -> None:
    """A quote that is not verbatim is refused with the reason; the form can be reopened
    with what was typed, fixed and resubmitted."""
    before = snapshot(world.bot.settings.knowledge_dir)
    form = valid_form(world.bot.store)
    good_quote = form["quote"]
    form["quote"] = "A sentence that appears in no source document at all."
    shown = await world.moderator.slash(world.general, "kb add", topic="trade")
    refused = await world.moderator.submit_modal(shown, form)
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content.startswith("Not saved")
    assert "quote" in refused.response.content
    assert snapshot(world.bot.settings.knowledge_dir) == before

    reopened = await world.moderator.click(refused.response, label="Edit and resubmit")
    assert modal_values(reopened.modal)["quote"] == form["quote"]
    assert modal_values(reopened.modal)["answer"] == form["answer"]
    fixed = await world.moderator.submit_modal(reopened, {**form, "quote": good_quote})
    assert fixed.response is not None and fixed.response.content.startswith("Saved")


async def test_edit_is_prefilled_and_saved(world: World) -> None:
    """/kb edit shows the fact's current text; the saved edit is what members see next."""
    fact = world.bot.store.kb.fact(FACT)
    assert fact is not None
    shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
    values = modal_values(shown.modal)
    assert values["answer"] == fact.answer
    assert values["questions"].splitlines() == list(fact.questions)
    new_answer = fact.answer + " (Checked by the moderators.)"
    saved = await world.moderator.submit_modal(shown, {**values, "answer": new_answer})
    assert saved.response is not None and saved.response.content.startswith(f"Saved `{FACT}`")
    shown_fact = await world.member.slash(world.general, "fact show", id=FACT)
    assert shown_fact.response is not None
    assert "Checked by the moderators" in (shown_fact.response.embeds[0].description or "")


async def test_an_excluded_question_typed_into_the_edit_form_is_answered_again(
    world: World,
) -> None:
    """A question excluded from a fact (/kb exclude, "Wrong fact") and later typed into the
    fact's questions in /kb edit was refused: "does_not_answer: … is also one of the fact's
    questions", of a list the form does not show and cannot change, so no resubmit could save
    it. The moderator has just said the fact answers it: it leaves does_not_answer in the same
    edit, as /kb teach does, and the fact answers it."""
    question = "who really owns the rocks these days"
    await world.moderator.slash(world.general, "kb exclude", id=FACT, question=question)
    before = world.bot.store.kb.fact(FACT)
    assert before is not None and question in before.does_not_answer
    shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
    values = modal_values(shown.modal)
    typed = question.capitalize() + "?"
    saved = await world.moderator.submit_modal(
        shown, {**values, "questions": values["questions"] + "\n" + typed}
    )
    assert saved.response is not None and saved.response.content.startswith(f"Saved `{FACT}`")
    fact = world.bot.store.kb.fact(FACT)
    assert fact is not None and fact.questions[-1] == typed
    assert list(fact.does_not_answer) == [q for q in before.does_not_answer if q != question]
    asked = await world.member.slash(world.general, "ask", question=question)
    assert asked.response is not None
    assert (asked.response.embeds[0].footer.text or "").startswith(f"fact {FACT} ·")


async def test_an_edit_form_submitted_unchanged_says_nothing_was_saved(world: World) -> None:
    """/kb edit submitted as it opened (or changed only in spacing, which the form drops)
    saves nothing and records no change, yet its reply said "Saved": a moderator who meant
    to change something was told it was done, and found nothing in /kb history."""
    before = snapshot(world.bot.settings.knowledge_dir)
    shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
    values = modal_values(shown.modal)
    same = await world.moderator.submit_modal(shown, {**values, "answer": values["answer"] + "\n"})
    assert same.ephemeral and same.response is not None
    assert same.response.content == (
        f"`{FACT}` already says what the form holds; nothing was saved, and no change was recorded."
    )
    assert snapshot(world.bot.settings.knowledge_dir) == before
    assert world.bot.store.history(FACT) == []
    again = await world.moderator.slash(world.general, "kb edit", id=FACT)
    changed = await world.moderator.submit_modal(
        again, {**values, "answer": values["answer"] + " (Checked.)"}
    )
    assert changed.response is not None
    assert changed.response.content.startswith(f"Saved `{FACT}`")
    assert [e.action for e in world.bot.store.history(FACT)] == ["edit"]


async def test_edit_from_discord_keeps_the_comments_in_the_file(world: World) -> None:
    """A comment a moderator wrote in a fact file survives a /kb edit of another fact there."""
    path = world.bot.settings.knowledge_dir / "facts" / "territory.yaml"
    text = path.read_text("utf-8")
    first = text.index("- id: ")
    comment = "# Reviewed by the fact checkers: keep the two names in every answer.\n"
    path.write_text(text[:first] + comment + text[first:], "utf-8")
    assert world.bot.store.reload() == []
    shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
    values = modal_values(shown.modal)
    saved = await world.moderator.submit_modal(
        shown, {**values, "questions": values["questions"] + "\nwho holds dokdo today"}
    )
    assert saved.response is not None and saved.response.content.startswith(f"Saved `{FACT}`")
    after = path.read_text("utf-8")
    assert comment in after and "who holds dokdo today" in after
    assert text.index(f"- id: {FACT}") > first  # the comment sits above another fact


async def test_concurrent_edits_do_not_overwrite_each_other(world: World) -> None:
    """Two moderators open the same fact; the second to save is told it changed meanwhile,
    keeps their text, and the first edit stays."""
    first = await world.moderator.slash(world.general, "kb edit", id=FACT)
    second = await world.admin.slash(world.general, "kb edit", id=FACT)
    values = modal_values(first.modal)
    await world.admin.submit_modal(second, {**values, "answer": "The admin's version."})
    late = await world.moderator.submit_modal(first, {**values, "answer": "The mod's version."})
    assert late.ephemeral and late.response is not None
    assert "changed since you opened it" in late.response.content
    assert "The mod's version." in late.response.content  # nothing typed is lost
    fact = world.bot.store.kb.fact(FACT)
    assert fact is not None and fact.answer == "The admin's version."
    assert [e.user_name for e in world.bot.store.history(FACT)] == ["jun"]


async def given_back_text(result: Any) -> str:
    """All a refusal gave back of a form: its message, and the attached `typed.txt` if any."""
    assert result.response is not None
    files = {a.filename: a for a in result.response.attachments}
    attached = (await files[TYPED_FILE].read()).decode() if TYPED_FILE in files else ""
    return result.response.content + "\n" + attached


async def test_a_refused_edit_gives_back_the_source_and_section_typed(world: World) -> None:
    """A moderator who moved the quote to another section, refused as a conflict, gets back
    the source and section they typed as well as the answer, questions and quote: the form
    `/kb edit` opens next holds the other moderator's."""
    first = await world.moderator.slash(world.general, "kb edit", id=FACT)
    second = await world.admin.slash(world.general, "kb edit", id=FACT)
    values = modal_values(first.modal)
    await world.admin.submit_modal(second, {**values, "answer": "The admin's version."})
    typed = {**values, "source": "globalsecurity", "section": "Section the mod looked up"}
    late = await world.moderator.submit_modal(first, typed)
    assert late.response is not None and "changed since you opened it" in late.response.content
    back = await given_back_text(late)
    assert "source: globalsecurity" in back and "section: Section the mod looked up" in back
    assert values["quote"] in back and values["answer"] in back


async def test_an_edit_of_a_fact_removed_meanwhile_gives_back_what_was_typed(
    world: World,
) -> None:
    """A form submitted after another moderator removed its fact: nothing is written, and the
    reply holds what was typed (the answer and the added question) and how to restore it."""
    fact_id = removable(world.bot.store)
    shown = await world.moderator.slash(world.general, "kb edit", id=fact_id)
    asked = await world.admin.slash(world.general, "kb remove", id=fact_id)
    assert asked.response is not None
    await world.admin.click(asked.response, label="Remove")
    assert world.bot.store.kb.fact(fact_id) is None
    before = snapshot(world.bot.settings.knowledge_dir)
    values = modal_values(shown.modal)
    typed = {
        **values,
        "answer": "The mod's careful rewrite.",
        "questions": values["questions"] + "\nwhat did the mod add",
    }
    late = await world.moderator.submit_modal(shown, typed)
    assert late.ephemeral and late.response is not None
    text = late.response.content
    assert "no fact with id" in text and "/kb revert" in text
    assert "The mod's careful rewrite." in text and "what did the mod add" in text
    assert snapshot(world.bot.settings.knowledge_dir) == before
    assert world.bot.store.kb.fact(fact_id) is None
    assert_pings_nobody(world.env)


async def test_a_long_refused_form_is_given_back_whole_in_an_attachment(world: World) -> None:
    """A form's fields hold up to 12,000 characters, a message 2,000: a refused edit shows the
    start of what was typed and attaches the whole of it, as typed."""
    fact_id = removable(world.bot.store)
    shown = await world.moderator.slash(world.general, "kb edit", id=fact_id)
    asked = await world.admin.slash(world.general, "kb remove", id=fact_id)
    assert asked.response is not None
    await world.admin.click(asked.response, label="Remove")
    values = modal_values(shown.modal)
    rewrite = "A long and careful rewrite, sentence after sentence. " * 70  # 3,710 characters
    late = await world.moderator.submit_modal(shown, {**values, "answer": rewrite})
    assert late.ephemeral and late.response is not None
    assert len(late.response.content) <= 2000 and "no fact with id" in late.response.content
    files = {a.filename: a for a in late.response.attachments}
    assert list(files) == [TYPED_FILE]
    whole = (await files[TYPED_FILE].read()).decode()
    assert whole.startswith(rewrite.strip()) and values["quote"].strip() in whole
    assert_pings_nobody(world.env)


async def test_a_refused_removal_takes_its_buttons_away(world: World) -> None:
    """The fact changed between /kb remove and its Remove (another moderator's exclusion):
    refused as a conflict, and the confirmation's buttons go, where they stayed looking live
    and answered a second click with "These buttons no longer work"."""
    fact_id = removable(world.bot.store)
    asked = await world.moderator.slash(world.general, "kb remove", id=fact_id)
    assert asked.response is not None
    excluded = await world.admin.slash(
        world.general, "kb exclude", id=fact_id, question="zzq an unrelated test phrase"
    )
    assert excluded.response is not None
    refused = await world.moderator.click(asked.response, label="Remove")
    assert refused.followups and "changed since" in refused.followups[-1].content
    assert world.bot.store.kb.fact(fact_id) is not None
    assert components(asked.response) == []
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["ConflictError"]


def removable(store: KnowledgeStore) -> str:
    """A fact no other fact points to with see_also."""
    referenced = {ref for fact in store.kb.facts for ref in fact.see_also}
    return next(f.id for f in store.kb.facts if f.id not in referenced)


async def test_remove_asks_to_confirm(world: World) -> None:
    """/kb remove shows the fact with Remove/Cancel; Cancel keeps it, Remove removes it."""
    fact_id = removable(world.bot.store)
    asked = await world.moderator.slash(world.general, "kb remove", id=fact_id)
    assert asked.ephemeral and asked.response is not None
    await world.moderator.click(asked.response, label="Cancel")
    assert asked.response is not None and asked.response.content.startswith("Cancelled")
    assert world.bot.store.kb.fact(fact_id) is not None

    asked = await world.moderator.slash(world.general, "kb remove", id=fact_id)
    assert asked.response is not None
    done = await world.moderator.click(asked.response, label="Remove")
    assert done.acknowledged
    assert asked.response.content.startswith(f"Removed `{fact_id}`")
    assert world.bot.store.kb.fact(fact_id) is None
    assert_pings_nobody(world.env)  # the confirmation and its edits included
    gone = await world.member.slash(world.general, "fact show", id=fact_id)
    assert gone.response is not None and "no fact with id" in gone.response.content
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["UnknownFactError"]


async def test_history_and_revert(world: World) -> None:
    """History lists who changed what; revert restores an earlier version as a new change."""
    for answer in ("First moderated answer.", "Second moderated answer."):
        shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
        await world.moderator.submit_modal(shown, {**modal_values(shown.modal), "answer": answer})

    history = await world.moderator.slash(world.general, "kb history", id=FACT)
    assert history.ephemeral and history.response is not None
    fields = history.response.embeds[0].fields
    assert [(f.name or "").split(" · ")[:3] for f in fields] == [
        ["#2", "edit", "mika"],
        ["#1", "edit", "mika"],
    ]
    assert "Second moderated answer." in (fields[0].value or "")

    choices = await world.moderator.autocomplete(world.general, "kb revert", "to", "", id=FACT)
    assert [c["value"] for c in choices] == [2, 1, 0]  # 0: before the first change
    reverted = await world.moderator.slash(world.general, "kb revert", id=FACT, to=1)
    assert reverted.response is not None and "Reverted" in reverted.response.content
    fact = world.bot.store.kb.fact(FACT)
    assert fact is not None and fact.answer == "First moderated answer."
    assert [e.action for e in world.bot.store.history(FACT)] == ["edit", "edit", "revert"]


async def test_a_revert_to_the_state_the_fact_is_in_says_nothing_changed(world: World) -> None:
    """/kb revert to the change the fact is already at records nothing: it said "Reverted …"
    all the same, as if a change had been made (and recorded) that `/kb history` then lacked;
    kb revert on the console says it is already so. A real revert says its change number."""
    shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
    await world.moderator.submit_modal(
        shown, {**modal_values(shown.modal), "answer": "First moderated answer."}
    )
    [edit] = world.bot.store.history(FACT)
    same = await world.moderator.slash(world.general, "kb revert", id=FACT, to=edit.n)
    assert same.response is not None
    assert same.response.content == (
        f"`{FACT}` is already as it was after change #{edit.n}; nothing to change."
    )
    assert [e.n for e in world.bot.store.history(FACT)] == [edit.n]
    back = await world.moderator.slash(world.general, "kb revert", id=FACT, to=0)
    assert back.response is not None
    assert back.response.content.startswith(
        f"Reverted `{FACT}` to how it was before its first change (recorded as change"
        f" #{edit.n + 1})."
    )
    assert_pings_nobody(world.env)


async def test_a_revert_names_the_later_changes_it_takes_back(world: World) -> None:
    """A moderator reverts to the change before the one they saw in /kb history, while
    another moderator's edit landed after it: the revert took that edit back too, and said
    only "Reverted … (recorded as change #n)", so neither moderator learnt that a fix just
    saved was gone. The reply names every later change it takes back, who made it and when,
    and the revert that brings them back, which does."""
    for answer in ("First moderated answer.", "A fix saved meanwhile."):
        shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
        await world.moderator.submit_modal(shown, {**modal_values(shown.modal), "answer": answer})
    first, fix = world.bot.store.history(FACT)
    reverted = await world.admin.slash(world.general, "kb revert", id=FACT, to=first.n)
    assert reverted.response is not None
    content = reverted.response.content
    assert content.startswith(
        f"Reverted `{FACT}` to how it was after change #{first.n} (recorded as change"
        f" #{fix.n + 1})."
    )
    assert f"#{fix.n} (edit by mika, {fix.time})" in content
    assert f"#{first.n} (edit" not in content
    back = f"/kb revert id:{FACT} to:{fix.n}"
    assert f"`{back}`" in content
    restored = await world.admin.slash(world.general, "kb revert", id=FACT, to=fix.n)
    assert restored.response is not None and "Reverted" in restored.response.content
    fact = world.bot.store.kb.fact(FACT)
    assert fact is not None and fact.answer == "A fix saved meanwhile."
    assert_pings_nobody(world.env)


@pytest.mark.parametrize("command", ["kb revert", "kb history"])
async def test_a_removed_fact_is_offered_to_revert_and_history(world: World, command: str) -> None:
    """Once the removal's message (and its undo hint) is gone, the id of a removed fact is
    found where it is asked for: /kb revert and /kb history offer it, marked removed, as
    typed and among the first offered, where only live facts were offered."""
    fact_id = removable(world.bot.store)
    asked = await world.moderator.slash(world.general, "kb remove", id=fact_id)
    assert asked.response is not None
    await world.moderator.click(asked.response, label="Remove")
    assert world.bot.store.kb.fact(fact_id) is None
    part = fact_id.split("-")[-1]  # a piece of the id, as a moderator remembers it
    for typed in (part, ""):
        choices = await world.moderator.autocomplete(world.general, command, "id", typed)
        offered = {c["value"]: c["name"] for c in choices}
        assert offered.get(fact_id) == f"{fact_id} — removed", typed
        assert len(choices) <= 25
    reverted = await world.moderator.slash(world.general, "kb revert", id=fact_id, to=0)
    assert reverted.response is not None and world.bot.store.kb.fact(fact_id) is not None
    choices = await world.moderator.autocomplete(world.general, command, "id", part)
    assert all(c["name"] != f"{fact_id} — removed" for c in choices)
    assert [type(e).__name__ for e in handled_errors(world.env)] == []


async def test_unanswered_flow(world: World, near_miss: str) -> None:
    """Declined questions and not-helpful answers reach /kb unanswered; its button opens the
    add form prefilled with the question; once answered, it leaves the queue."""
    question = near_miss
    for _ in range(2):
        await world.member.slash(world.general, "ask", question=question)
    answer = await world.member.slash(world.general, "ask", question="Who controls Dokdo?")
    assert answer.response is not None
    await world.other.click(answer.response, label="Not helpful")

    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.ephemeral and queue.response is not None
    embed = queue.response.embeds[0]
    [recorded] = world.bot.feedback.unanswered()
    assert f"{recorded.question} — asked 2×" in (embed.description or "")
    assert embed.fields[0].name == "Answers marked not helpful"
    assert FACT in (embed.fields[0].value or "")

    await world.moderator.select(queue.response, ["territory"], custom_id="citebot:topic")
    shown = await world.moderator.click(queue.response, label="Answer #1")
    values = modal_values(shown.modal)
    assert values["questions"] == recorded.question
    # plus 3 more phrasings; the quote names Dokdo, which the near-miss question asks about
    form = valid_form(world.bot.store, question=values["questions"], quoting=FACT)
    saved = await world.moderator.submit_modal(shown, form)
    assert saved.response is not None and saved.response.content.startswith("Saved")
    fact_id = saved.response.content.split("`")[1]
    fact = world.bot.store.kb.fact(fact_id)
    assert fact is not None and fact.topic == "territory"
    assert world.bot.feedback.unanswered() == []


async def test_a_declined_question_is_taught_to_its_fact_from_the_queue(
    world: World, near_miss: str
) -> None:
    """/kb teach offers the review queue's questions and, for the one chosen, the facts the
    engine found closest; the question then gets that fact, leaves the queue, and the change
    is audited; a member without the role changes nothing."""
    await world.member.slash(world.general, "ask", question=near_miss)
    [recorded] = world.bot.feedback.unanswered()
    question = recorded.question  # as the queue keeps it
    offered = await world.moderator.autocomplete(world.general, "kb teach", "question", "")
    assert question in [c["value"] for c in offered]
    declined = world.bot.store.engine.ask(question)
    assert not declined.answered and declined.suggestions
    facts = await world.moderator.autocomplete(
        world.general, "kb teach", "id", "", question=question
    )
    first = declined.suggestions[0].fact_id
    assert facts[0]["value"] == first

    refused = await crafted_slash(
        world, world.member, world.general, "kb teach", id=first, question=question
    )
    assert refused.ephemeral and world.bot.store.history(first) == []
    assert [type(e) for e in handled_errors(world.env)] == [NotModerator]

    taught = await world.moderator.slash(world.general, "kb teach", id=first, question=question)
    assert taught.response is not None
    assert taught.response.content.endswith(
        f"`{first}` now answers it. `/kb revert` takes it back."
    )
    asked = await world.member.slash(world.general, "ask", question=near_miss)
    assert asked.response is not None
    assert (asked.response.embeds[0].footer.text or "").startswith(f"fact {first} ·")
    assert world.bot.feedback.unanswered() == []
    assert [e.action for e in world.bot.store.history(first)] == ["edit"]
    again = await world.moderator.slash(world.general, "kb teach", id=first, question=question)
    assert again.response is not None and "nothing changed" in again.response.content
    assert_pings_nobody(world.env)


async def test_a_taught_question_still_answered_otherwise_is_said_so_and_stays_queued(
    world: World,
) -> None:
    """A phrasing is evidence, not an order: a question the bot still declines after it is
    taught (here a remark, screened as small talk before any fact is looked at) is reported
    as such, and stays in the review queue, rather than being said answered."""
    remark = "takeshima belongs to japan end of story"
    world.bot.feedback.record_decline(remark, world.guild.id)
    taught = await world.moderator.slash(world.general, "kb teach", id=FACT, question=remark)
    assert taught.response is not None
    assert "I still answer it with nothing (I decline it)" in taught.response.content
    assert world.bot.store.kb.fact(FACT).questions[-1] == remark  # type: ignore[union-attr]
    assert [q.question for q in world.bot.feedback.unanswered()] == [remark]


async def test_the_queue_offers_the_guessed_topic_among_many(world: World, near_miss: str) -> None:
    """With more topics than a menu holds (25), the topics guessed for the queue's questions
    are offered first: the first 25 in file order were, and a guess sorted after them could
    not be picked."""
    facts_dir = world.bot.settings.knowledge_dir / "facts"
    for n in range(25):  # sorted before every shipped topic
        (facts_dir / f"aa-{n:02}.yaml").write_text(f"topic: Aa {n}\nfacts: []\n", "utf-8")
    assert world.bot.store.reload() == []
    await world.member.slash(world.general, "ask", question=near_miss)
    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.response is not None
    guess = (queue.response.embeds[0].description or "").split("topic guess `")[1].split("`")[0]
    assert world.bot.store.topics().index(guess) >= 25
    [menu] = [c for c in components(queue.response) if c.get("custom_id") == "citebot:topic"]
    offered = [o["value"] for o in menu["options"]]
    assert len(offered) == 25 and offered[0] == guess
    await world.moderator.select(queue.response, [guess], custom_id="citebot:topic")
    shown = await world.moderator.click(queue.response, label="Answer #1")
    assert shown.modal is not None and shown.modal["title"] == f"New fact in {guess}"


async def test_a_declined_question_too_long_for_a_choice_is_offered_and_taught(
    world: World, near_miss: str
) -> None:
    """The queue keeps declined questions up to 300 characters, a choice's value holds 100:
    Discord drops a longer choice, so /kb teach did not offer such a question at all. It is
    offered under a token the command reads back from the queue, whole; its closest facts are
    found for the whole question; the fact is taught all of it."""
    question = (
        f"{near_miss.rstrip('?')} because my grandfather told me stories about it "
        "when i was a child and i could never find out?"
    )
    await world.member.slash(world.general, "ask", question=question)
    [recorded] = world.bot.feedback.unanswered()
    assert len(recorded.question) > 100  # as the queue keeps it
    [offered] = await world.moderator.autocomplete(world.general, "kb teach", "question", "")
    assert len(offered["value"]) <= 100 and len(offered["name"]) <= 100
    declined = world.bot.store.engine.ask(recorded.question)
    assert not declined.answered and declined.suggestions
    facts = await world.moderator.autocomplete(
        world.general, "kb teach", "id", "", question=offered["value"]
    )
    first = declined.suggestions[0].fact_id
    assert facts[0]["value"] == first

    taught = await world.moderator.slash(
        world.general, "kb teach", id=first, question=offered["value"]
    )
    assert taught.response is not None
    assert taught.response.content.endswith(
        f"`{first}` now answers it. `/kb revert` takes it back."
    )
    fact = world.bot.store.kb.fact(first)
    assert fact is not None and fact.questions[-1] == recorded.question
    assert world.bot.feedback.unanswered() == []
    again = await world.moderator.slash(
        world.general, "kb teach", id=first, question=offered["value"]
    )
    assert again.response is not None and "left the review queue" in again.response.content
    assert [e.action for e in world.bot.store.history(first)] == ["edit"]
    assert_pings_nobody(world.env)


async def test_alias_applies_at_once(world: World) -> None:
    """/kb alias teaches a new name; questions using it are answered right away."""
    result = await world.moderator.slash(
        world.general, "kb alias", canonical="Liancourt Rocks", name="Zorblax Reef"
    )
    assert result.response is not None and "Added “Zorblax Reef”" in result.response.content
    asked = await world.member.slash(world.general, "ask", question="Who controls Zorblax Reef?")
    assert asked.response is not None
    assert (asked.response.embeds[0].footer.text or "").startswith("fact territory-liancourt")
    choices = await world.moderator.autocomplete(world.general, "kb alias", "canonical", "lianc")
    assert "Liancourt Rocks" in [c["value"] for c in choices]


async def test_unalias_takes_back_a_name_added_by_mistake(world: World) -> None:
    """A name added with /kb alias could only be taken back by editing aliases.yaml on the
    host. /kb unalias (its name offered as typed) takes it out: the file is as before, the
    name no longer reaches the fact, and both changes are in the audit log."""
    aliases = world.bot.store.knowledge_dir / "aliases.yaml"
    before = aliases.read_bytes()
    await world.moderator.slash(
        world.general, "kb alias", canonical="Liancourt Rocks", name="Zorblax Reef"
    )
    choices = await world.moderator.autocomplete(world.general, "kb unalias", "name", "zorbl")
    assert [c["value"] for c in choices] == ["Zorblax Reef"]
    result = await world.moderator.slash(world.general, "kb unalias", name="Zorblax Reef")
    assert result.ephemeral and result.response is not None
    assert result.response.content == (
        "Removed “Zorblax Reef” from the names of “Liancourt Rocks”; it applies now."
    )
    assert aliases.read_bytes() == before
    asked = await world.member.slash(world.general, "ask", question="Who controls Zorblax Reef?")
    assert asked.response is not None
    assert not (asked.response.embeds[0].footer.text or "").startswith("fact territory-liancourt")
    audit = (world.bot.store.data_dir / "audit.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["action"] for line in audit] == ["alias", "alias"]
    refused = await world.moderator.slash(world.general, "kb unalias", name="Liancourt Rocks")
    assert refused.response is not None and "known by" in refused.response.content
    assert aliases.read_bytes() == before
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["CitebotError"]
    assert_pings_nobody(world.env)


async def test_unalias_of_a_groups_last_name_says_the_group_and_its_note_went(
    world: World,
) -> None:
    """/kb unalias of the only name of a group (the shipped "VANK" group, with a note) said
    "Removed … from the names of …" though the whole group and its note went with it, and
    /kb alias of the name again made a bare group: the note was lost. The reply says what
    went, /kb alias-history shows the note, and /kb alias brings the group back with it."""
    removed = await world.moderator.slash(world.general, "kb unalias", name="반크")
    assert removed.ephemeral and removed.response is not None
    assert removed.response.content == (
        "Removed “반크” from the names of “VANK”; it applies now. It was the group's last"
        " name: the group “VANK” is removed, and its note “in neither document” with it"
        " (`/kb alias` of “VANK” and a name brings it back)."
    )
    listed = await world.moderator.slash(world.general, "kb alias-history", name="VANK")
    assert listed.response is not None
    assert "group VANK removed, note: in neither document" in (
        listed.response.embeds[0].fields[0].value or ""
    )
    back = await world.moderator.slash(world.general, "kb alias", canonical="vank", name="반크")
    assert back.response is not None
    assert back.response.content == (
        "Added “반크” as a name of “VANK”; it applies now (`/kb unalias` takes it back)."
        " The group is back with the note change #1 removed with it: “in neither document”."
    )
    [group] = [g for g in world.bot.store.kb.aliases if g.canonical == "VANK"]
    assert (group.names, group.note) == (("반크",), "in neither document")
    assert_pings_nobody(world.env)


async def test_alias_history_shows_who_added_and_took_back_a_name(world: World) -> None:
    """Alias changes were audited but shown nowhere (/kb history reads one fact's changes):
    /kb alias-history lists them newest first, five a page with the pages to turn, each
    naming its group, its author and the name added or taken out; given a name (offered as
    typed, a name taken out too), only that name's changes."""
    names = [f"Zorblax Reef {n}" for n in range(1, 7)]
    for name in names:
        await world.moderator.slash(
            world.general, "kb alias", canonical="Liancourt Rocks", name=name
        )
    await world.moderator.slash(world.general, "kb unalias", name=names[0])
    listed = await world.moderator.slash(world.general, "kb alias-history")
    assert listed.ephemeral and listed.response is not None
    [page] = listed.response.embeds
    assert page.title == "Alias changes"
    assert [(f.name or "").split(" · ")[:3] for f in page.fields] == [
        [f"#{n}", "Liancourt Rocks", "mika"] for n in (7, 6, 5, 4, 3)
    ]
    assert "− Zorblax Reef 1  (no longer a name of Liancourt Rocks)" in (page.fields[0].value or "")
    assert page.footer.text == "Page 1/2 · 7 change(s)"
    turned = await world.moderator.click(listed.response, label="Next")
    assert turned.response is not None
    [page] = turned.response.embeds
    assert [(f.name or "").split(" · ")[0] for f in page.fields] == ["#2", "#1"]
    assert "+ Zorblax Reef 1  (a name of Liancourt Rocks)" in (page.fields[1].value or "")
    choices = await world.moderator.autocomplete(
        world.general, "kb alias-history", "name", "reef 1"
    )
    assert [c["value"] for c in choices] == ["Zorblax Reef 1"]  # taken out, still offered
    one = await world.moderator.slash(world.general, "kb alias-history", name="zorblax reef 1")
    assert one.response is not None
    [page] = one.response.embeds
    assert page.title == "Changes of the name “zorblax reef 1”"
    assert [(f.name or "").split(" · ")[0] for f in page.fields] == ["#7", "#1"]
    unknown = await world.moderator.slash(world.general, "kb alias-history", name="Zorblax Reaf")
    assert unknown.response is not None and "not a name of any group" in unknown.response.content
    # /kb history, where a moderator looks first, says where a name's changes are.
    history = await world.moderator.slash(world.general, "kb history", id="Zorblax Reef 1")
    assert history.response is not None
    assert "'Zorblax Reef 1' is a name of an alias group" in history.response.content
    assert "(/kb alias-history," in history.response.content
    assert [type(e).__name__ for e in handled_errors(world.env)] == [
        "CitebotError",
        "UnknownFactError",
    ]
    assert_pings_nobody(world.env)


async def test_stats_count_questions(world: World) -> None:
    """/kb stats shows facts and the questions members asked."""
    await world.member.slash(world.general, "ask", question="Who controls Dokdo?")
    result = await world.moderator.slash(world.general, "kb stats")
    assert result.response is not None
    fields = {f.name: f.value for f in result.response.embeds[0].fields}
    assert fields["Questions asked"] == "1"
    assert FACT in (fields["Most used facts"] or "")


async def test_stats_say_how_many_answers_were_hedged(world: World) -> None:
    """A fact given with a hedge counts as answered, and /kb stats says how many were (the
    discord tests run the lexical matcher, which hedges all but a full match)."""
    await world.member.slash(world.general, "ask", question="Who controls Dokdo?")
    await world.member.slash(world.general, "ask", question="when was the 1965 treaty signed")
    result = await world.moderator.slash(world.general, "kb stats")
    assert result.response is not None
    fields = {f.name: f.value for f in result.response.embeds[0].fields}
    assert fields["Answered"] == "2 (100%), 1 of them hedged (not sure it was what was asked)"


async def test_reload_reports_a_broken_file_and_keeps_serving(world: World) -> None:
    """A broken file on disk is reported by /kb reload; the last good knowledge keeps
    answering; once fixed, reload picks it up."""
    path = world.bot.settings.knowledge_dir / "facts" / "trade.yaml"
    good = path.read_text("utf-8")
    path.write_text(good + "\n  - this: [is not valid\n", "utf-8")
    result = await world.moderator.slash(world.general, "kb reload")
    assert result.ephemeral
    report = result.response  # the first follow-up replaces the "thinking…" message
    assert report is not None and report.embeds[0].title == "Not reloaded"
    assert "trade.yaml" in (report.embeds[0].description or "")
    asked = await world.member.slash(world.general, "ask", question="Who controls Dokdo?")
    assert asked.response is not None and not asked.ephemeral

    path.write_text(good, "utf-8")
    fixed = await world.moderator.slash(world.general, "kb reload")
    assert fixed.response is not None and fixed.response.embeds[0].title == "Reloaded"


async def test_disk_full_is_reported_to_the_moderator(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form's save that fails on disk says so, changes nothing, and gives back what was
    typed: the form is closed, and its text was given back on every other refusal but this."""
    import bot.core.moderation.commit as commit_module

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(commit_module, "write_atomic", full)
    before = snapshot(world.bot.settings.knowledge_dir)
    shown = await world.moderator.slash(world.general, "kb add", topic="trade")
    form = {**valid_form(world.bot.store), "answer": "The moderator's own words, typed once."}
    result = await world.moderator.submit_modal(shown, form)
    assert result.ephemeral and result.response is not None
    assert "the disk is full" in result.response.content
    assert "The moderator's own words, typed once." in result.response.content
    assert form["quote"] in result.response.content
    assert snapshot(world.bot.settings.knowledge_dir) == before
    assert handled_errors(world.env) == []  # a refusal, not a failure to report


async def test_a_change_refused_over_broken_files_says_the_files_are_broken(
    world: World,
) -> None:
    """A form (or /kb exclude) saved while a fact file on disk does not load (a hand edit) is
    refused naming the files as the cause: it said "the change has problems", listing another
    file's problems as the moderator's, which no edit of theirs could fix."""
    shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
    path = world.bot.settings.knowledge_dir / "facts" / "trade.yaml"
    path.write_text(path.read_text("utf-8").replace("answer:", "answr:", 1), "utf-8")
    before = snapshot(world.bot.settings.knowledge_dir)
    values = modal_values(shown.modal)
    refused = await world.moderator.submit_modal(
        shown, {**values, "answer": values["answer"] + " Checked."}
    )
    excluded = await world.moderator.slash(
        world.general, "kb exclude", id=FACT, question="who makes the best kimchi"
    )
    for result in (refused, excluded):
        assert result.response is not None
        text = result.response.content
        assert text.startswith("Not saved — the knowledge files on disk have problems"), text
        assert "the change has problems" not in text and "facts/trade.yaml" in text
    assert values["answer"] + " Checked." in refused.response.content  # typed, given back
    assert snapshot(world.bot.settings.knowledge_dir) == before
    assert world.bot.store.history(FACT) == []
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["BrokenFilesError"]


async def test_a_rejected_form_gives_back_its_text_and_can_be_reopened_for_hours(
    world: World,
) -> None:
    """Refused for a quote that is not verbatim: the reply holds what was typed, and its
    "Edit and resubmit" lasts as long as a form (finding the passage takes a while; it used to
    go after 10 minutes, with the text nowhere)."""
    form = {
        **valid_form(world.bot.store),
        "answer": "A rewrite typed with care.",
        "quote": "A sentence that appears in no source document at all.",
    }
    shown = await world.moderator.slash(world.general, "kb add", topic="trade")
    refused = await world.moderator.submit_modal(shown, form)
    assert refused.response is not None
    text = refused.response.content
    assert text.startswith("Not saved") and "A rewrite typed with care." in text
    assert form["quote"] in text
    await world.env.advance_time(review_queue.VIEW_TIMEOUT + 60)
    reopened = await world.moderator.click(refused.response, label="Edit and resubmit")
    assert modal_values(reopened.modal)["answer"] == "A rewrite typed with care."


async def test_moderation_buttons_are_checked_again(world: World, near_miss: str) -> None:
    """The review queue's buttons re-check permissions: a member who loses the role in the
    meantime gets a refusal instead of the form."""
    await world.member.slash(world.general, "ask", question=near_miss)
    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.response is not None
    world.env.backend.remove_member_role(world.guild.id, world.moderator.id, world.mod_role.id)
    refused = await world.moderator.click(queue.response, label="Answer #1")
    assert refused.modal is None and refused.response is not None
    assert "Only moderators" in refused.response.content
    assert [type(e) for e in handled_errors(world.env)] == [NotModerator]
    assert components(queue.response)


async def test_remove_a_linked_fact_then_undo_with_the_hint(world: World) -> None:
    """A fact other facts link to under see_also can be removed: the confirmation names
    them, the removal drops their links, and the undo hint (to:0 for a fact never changed
    before) brings the fact back, then the links: it named the fact's revert only, and
    whoever followed it had the fact back without a single link to it."""
    store = world.bot.store
    linked = store.linked_from(FACT)
    assert linked and not store.history(FACT)
    assert len(linked) <= removal.UNDO_HINTS  # every link's revert is spelled out
    asked = await world.moderator.slash(world.general, "kb remove", id=FACT)
    assert asked.response is not None
    assert "list it under see_also" in asked.response.content
    assert all(f"`{fact_id}`" in asked.response.content for fact_id in linked)
    await world.moderator.click(asked.response, label="Remove")
    done = asked.response.content
    assert done.startswith(f"Removed `{FACT}`") and "Dropped the links" in done
    assert store.kb.fact(FACT) is None
    assert not store.linked_from(FACT)
    assert store.reload() == []  # what was written loads cleanly

    hints = re.findall(r"`/kb revert id:(\S+) to:(\d+)`", done.split("Undo with ")[1])
    assert hints[0] == (FACT, "0")
    assert sorted(fact_id for fact_id, _ in hints[1:]) == sorted(linked)
    for fact_id, to in hints:
        reverted = await world.moderator.slash(world.general, "kb revert", id=fact_id, to=int(to))
        assert reverted.response is not None
        assert reverted.response.content.startswith(f"Reverted `{fact_id}` to how it was")
    assert store.kb.fact(FACT) is not None
    assert store.linked_from(FACT) == linked
    assert_pings_nobody(world.env)


async def test_an_invalid_topic_is_refused_before_the_form(world: World) -> None:
    """A topic that cannot be a file name is refused at once, naming the rule and the
    existing topics, instead of on submit of a form that cannot change it."""
    result = await world.moderator.slash(world.general, "kb add", topic="Trade & economy")
    assert result.modal is None and result.ephemeral and result.response is not None
    assert "cannot be a topic" in result.response.content
    assert "trade" in result.response.content
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["CitebotError"]


async def test_alias_echo_is_escaped(world: World) -> None:
    """The names /kb alias echoes back cannot format or mention anything."""
    result = await world.moderator.slash(
        world.general, "kb alias", canonical="Liancourt Rocks", name="**Rocky** @everyone"
    )
    assert result.response is not None
    assert "**Rocky**" not in result.response.content
    assert_pings_nobody(world.env)


async def test_alias_for_another_name_of_a_group_joins_that_group(world: World) -> None:
    """/kb alias with a name members use ("takeshima") as the canonical: the new name joins
    the group "takeshima" belongs to, and the reply says which, where it was refused as
    "'takeshima' is in two groups ('Liancourt Rocks' and 'takeshima')"."""
    result = await world.moderator.slash(
        world.general, "kb alias", canonical="takeshima", name="竹島の岩"
    )
    assert result.response is not None
    assert result.response.content == (
        "Added “竹島の岩” as a name of “Liancourt Rocks” (which “takeshima” is a name of); "
        "it applies now (`/kb unalias` takes it back)."
    )
    [group] = [g for g in world.bot.store.kb.aliases if "竹島の岩" in g.names]
    assert group.canonical == "Liancourt Rocks"
    assert handled_errors(world.env) == []


@pytest.mark.parametrize("question", ["?", "¿？!!", "👍"])
async def test_exclude_of_a_question_without_words_is_refused(world: World, question: str) -> None:
    """/kb exclude of punctuation or symbols alone is refused, saying why: it was saved, and
    the moderator told the fact "no longer answers “?”", while it matches no question."""
    before = snapshot(world.bot.settings.knowledge_dir)
    result = await world.moderator.slash(world.general, "kb exclude", id=FACT, question=question)
    assert result.response is not None
    assert result.response.content.startswith("Not saved")
    assert "has no words" in result.response.content
    assert snapshot(world.bot.settings.knowledge_dir) == before
    assert world.bot.store.history(FACT) == []
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["KnowledgeError"]


async def test_alias_of_punctuation_alone_is_refused_naming_it(world: World) -> None:
    """/kb alias name:? is refused by what is wrong with it (it has no words), where the reply
    said the group's names "must be a non-empty list of strings"; nothing is written."""
    before = snapshot(world.bot.settings.knowledge_dir)
    result = await world.moderator.slash(
        world.general, "kb alias", canonical="Liancourt Rocks", name="?"
    )
    assert result.response is not None
    assert result.response.content.startswith("Not saved")
    assert "'?' has no words" in result.response.content
    assert snapshot(world.bot.settings.knowledge_dir) == before
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["KnowledgeError"]


async def test_an_answer_marked_not_helpful_can_be_excluded_from_its_fact(world: World) -> None:
    """/kb unanswered numbers the not-helpful answers; “Exclude ✗1” adds the question to the
    fact's does_not_answer (an audited edit), disables the button, and the fact no longer
    answers it. Excluding one of the fact's own phrasings is refused and writes nothing."""
    question = "who really controls dokdo these days"  # the fact answers it; not a phrasing
    fact = world.bot.store.kb.fact(FACT)
    assert fact is not None and question not in fact.questions
    asked = await world.member.slash(world.general, "ask", question=question)
    assert asked.response is not None
    assert (asked.response.embeds[0].footer.text or "").startswith(f"fact {FACT}")
    await world.other.click(asked.response, label="Not helpful")
    own = fact.questions[0]
    shown = await world.member.slash(world.general, "ask", question=own)
    assert shown.response is not None
    await world.other.click(shown.response, label="Not helpful")

    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.response is not None
    value = queue.response.embeds[0].fields[0].value or ""
    assert "✗1." in value and "✗2." in value
    first = 1 if question in value.split("✗2.")[0] else 2
    done = await world.moderator.click(queue.response, label=f"Exclude ✗{first}")
    assert done.response is not None and "no longer answers" in done.response.content
    after = world.bot.store.kb.fact(FACT)
    assert after is not None and after.does_not_answer[-1] == question
    assert world.bot.store.history(FACT)[-1].user_name == world.moderator.user.name
    pressed = [c for c in components(queue.response) if c.get("label") == f"Exclude ✗{first}"]
    assert pressed and pressed[0].get("disabled")
    again = await world.member.slash(world.general, "ask", question=question)
    assert again.response is not None
    assert not (again.response.embeds[0].footer.text or "").startswith(f"fact {FACT}")

    before = snapshot(world.bot.settings.knowledge_dir)
    refused = await world.moderator.click(queue.response, label=f"Exclude ✗{3 - first}")
    assert refused.response is not None
    assert "also one of the fact's questions" in refused.response.content
    assert "unknown fact id" not in refused.response.content  # only the reason, no echo
    assert snapshot(world.bot.settings.knowledge_dir) == before
    assert_pings_nobody(world.env)
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["KnowledgeError"]


async def test_a_question_cut_to_fit_the_title_is_never_excluded(world: World) -> None:
    """A question too long for the answer's title is read back cut ("…"): voted not helpful,
    it is queued as too long to read back, and “Exclude ✗1” writes nothing (it saved the cut
    text, which refused other questions than the one asked)."""
    question = "who controls dokdo " + "_" * 150  # each _ escaped: past the title's 256
    asked = await world.member.slash(world.general, "ask", question=question)
    assert asked.response is not None
    assert (asked.response.embeds[0].footer.text or "").startswith(f"fact {FACT}")
    assert (asked.response.embeds[0].title or "").endswith("…")
    await world.other.click(asked.response, label="Not helpful")
    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.response is not None
    assert "(too long to read back)" in (queue.response.embeds[0].fields[0].value or "")
    before = snapshot(world.bot.settings.knowledge_dir)
    refused = await world.moderator.click(queue.response, label="Exclude ✗1")
    assert refused.response is not None
    assert "too long to read back" in refused.response.content
    assert snapshot(world.bot.settings.knowledge_dir) == before


async def test_the_wrong_fact_menu_excludes_the_question_an_answer_gave_the_fact_for(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Apps → "Wrong fact for this question" on an answer: the question it answered joins the
    fact's does_not_answer, and asking it again no longer gives that fact; on any other message
    it explains itself and changes nothing. A home-server command only, like /kb."""
    assert world.env.backend.find_command(WRONG_FACT_MENU, None, AppCommandType.MESSAGE) is None
    menu = world.env.backend.find_command(WRONG_FACT_MENU, world.guild.id, AppCommandType.MESSAGE)
    assert menu is not None
    assert int(menu["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    # As a server admin would under Integrations, as for /kb: the moderator role sees it.
    world.guild.set_command_permissions(int(menu["id"]), {world.mod_role: True})
    question = "who really controls dokdo these days"
    asked = await world.member.slash(world.general, "ask", question=question)
    assert asked.response is not None
    done = await guild_menu(world, asked.response, monkeypatch)
    assert done.ephemeral and done.response is not None
    assert "no longer answers" in done.response.content
    fact = world.bot.store.kb.fact(FACT)
    assert fact is not None and fact.does_not_answer[-1] == question
    again = await world.member.slash(world.general, "ask", question=question)
    assert again.response is not None
    assert not (again.response.embeds[0].footer.text or "").startswith(f"fact {FACT}")

    before = snapshot(world.bot.settings.knowledge_dir)
    said = await world.member.send(world.general, "dokdo is korean, end of story")
    refused = await guild_menu(world, said, monkeypatch)
    assert refused.response is not None and "one of my answers" in refused.response.content
    assert snapshot(world.bot.settings.knowledge_dir) == before
    assert_pings_nobody(world.env)


async def test_the_wrong_fact_menu_refuses_a_member_without_the_moderator_role(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even where an admin let a member see the menu, the bot's own check refuses them and
    nothing changes."""
    menu = world.env.backend.find_command(WRONG_FACT_MENU, world.guild.id, AppCommandType.MESSAGE)
    assert menu is not None
    world.guild.set_command_permissions(int(menu["id"]), {world.member: True})
    asked = await world.member.slash(world.general, "ask", question="who really controls dokdo")
    assert asked.response is not None
    before = snapshot(world.bot.settings.knowledge_dir)
    refused = await guild_menu(world, asked.response, monkeypatch, actor=world.member)
    assert refused.ephemeral and refused.response is not None
    assert snapshot(world.bot.settings.knowledge_dir) == before
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["NotModerator"]


async def test_a_saved_answer_is_reported_saved_when_the_queue_cannot_be_cleaned(
    world: World, near_miss: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Answer #n" saves the fact, then drops the question from the review queue. When the
    feedback store refuses that second step (another process holds its lock, a full disk),
    the moderator is told the fact was saved, and that the question is still queued: it used
    to be "Feedback can't be recorded right now", after a save that had landed."""
    await world.member.slash(world.general, "ask", question=near_miss)
    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.response is not None
    shown = await world.moderator.click(queue.response, label="Answer #1")
    values = modal_values(shown.modal)
    form = valid_form(world.bot.store, question=values["questions"], quoting=FACT)

    def busy(*args: object) -> None:
        raise StoreError(FEEDBACK_UNAVAILABLE)

    monkeypatch.setattr(world.bot.feedback, "dismiss_unanswered", busy)
    saved = await world.moderator.submit_modal(shown, form)
    assert saved.response is not None
    text = saved.response.content
    assert text.startswith("Saved") and "still in `/kb unanswered`" in text, text
    fact_id = text.split("`")[1]
    assert world.bot.store.kb.fact(fact_id) is not None
    assert [q.question for q in world.bot.feedback.unanswered()] == [values["questions"]]
    # The next look at the queue drops it by itself: a fact answers it by name now (nothing
    # else took it out; "Answer #1" again was refused as a duplicate, for good).
    monkeypatch.undo()
    again = await world.moderator.slash(world.general, "kb unanswered")
    assert again.response is not None
    assert values["questions"] not in (again.response.embeds[0].description or "")
    assert world.bot.feedback.unanswered() == []


async def test_a_fact_saved_from_the_queue_that_does_not_answer_its_question_keeps_it_queued(
    world: World, near_miss: str
) -> None:
    """ "Answer #n" with the question rewritten away: the fact is saved, and the question,
    which the bot still declines, stays in the review queue (the reply says so), where it was
    dropped and members kept getting no answer with nobody shown it."""
    await world.member.slash(world.general, "ask", question=near_miss)
    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.response is not None
    shown = await world.moderator.click(queue.response, label="Answer #1")
    saved = await world.moderator.submit_modal(shown, valid_form(world.bot.store))
    assert saved.response is not None
    text = saved.response.content
    assert text.startswith("Saved") and "stays in `/kb unanswered`" in text, text
    assert not world.bot.store.engine.ask(near_miss).answered
    [recorded] = world.bot.feedback.unanswered()
    assert recorded.question in text
    again = await world.moderator.slash(world.general, "kb unanswered")
    assert again.response is not None
    assert "Answer #1" in [c.get("label") for c in components(again.response)]


async def test_votes_on_an_answer_excluded_since_leave_the_queue(world: World) -> None:
    """A not-helpful vote whose question the fact refuses now (excluded by `/kb exclude`,
    not by the queue's button) leaves the queue at its next look, where it stayed on top and
    its button answered "listed twice". The vote itself stays counted."""
    question = "who really controls dokdo these days"
    asked = await world.member.slash(world.general, "ask", question=question)
    assert asked.response is not None
    await world.other.click(asked.response, label="Not helpful")
    assert world.bot.feedback.not_helpful()
    done = await world.moderator.slash(world.general, "kb exclude", id=FACT, question=question)
    assert done.response is not None
    queue = await world.moderator.slash(world.general, "kb unanswered")
    assert queue.response is not None
    assert not queue.response.embeds[0].fields
    assert world.bot.feedback.not_helpful()  # hidden, still counted in /kb stats


async def test_a_form_open_for_long_still_saves_then_gives_its_text_back(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding a verbatim quote takes time: a form submitted 20 minutes after it opened still
    saves (the old 15-minute deadline lost it). One submitted after the form's deadline saves
    nothing and gives back what was typed."""
    assert fact_form.FORM_TIMEOUT >= 3600  # hours, as the README says
    shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
    values = modal_values(shown.modal)
    await world.env.advance_time(20 * 60)
    saved = await world.moderator.submit_modal(shown, {**values, "answer": "Rewritten slowly."})
    assert saved.response is not None and saved.response.content.startswith(f"Saved `{FACT}`")

    # A deadline of 30 minutes for the late form: six virtual hours wake the bot's loops
    # thousands of times, close to simcord's settle limit on a busy machine.
    monkeypatch.setattr(fact_form, "FORM_TIMEOUT", 30 * 60.0)
    late = await world.moderator.slash(world.general, "kb edit", id=FACT)
    before = snapshot(world.bot.store.knowledge_dir)
    await world.env.advance_time(fact_form.FORM_TIMEOUT + 60)
    typed = {**modal_values(late.modal), "answer": "A careful rewrite, typed for hours."}
    refused = await world.moderator.submit_modal(late, typed)
    assert refused.response is not None and refused.ephemeral
    assert "A careful rewrite, typed for hours." in refused.response.content
    assert snapshot(world.bot.store.knowledge_dir) == before


@pytest.mark.parametrize("command", ["kb revert", "kb history"])
async def test_an_unreadable_audit_log_still_offers_the_live_facts(
    world: World, command: str
) -> None:
    """/kb history and /kb revert read the audit log in their autocomplete (the removed facts
    they offer): when it cannot be read, the live facts are still offered. An error there
    reached nobody but the log, and the moderator's id field offered nothing at all."""
    audit = world.bot.store.audit.path
    if audit.exists():
        audit.unlink()
    audit.mkdir()  # what cannot be opened as a file: IsADirectoryError, as a bad disk's EIO
    choices = await world.moderator.autocomplete(world.general, command, "id", "liancourt")
    assert FACT in {c["value"] for c in choices}


async def test_an_unreadable_audit_log_is_warned_of_once_while_it_lasts(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Each keystroke in /kb revert's id field reads the audit log: a log that cannot be read
    logged a warning at every keystroke, a screenful for one fact id typed. One warning says
    it while it lasts, and one line says when it reads again."""
    caplog.set_level(logging.INFO, logger="bot")
    audit = world.bot.store.audit.path
    kept = audit.read_bytes() if audit.exists() else None
    if audit.exists():
        audit.unlink()
    audit.mkdir()
    for typed in ("terr", "territory-l", "territory-liancourt", "territory-liancourt-rocks"):
        choices = await world.moderator.autocomplete(world.general, "kb revert", "id", typed)
        assert FACT in {c["value"] for c in choices}  # the live facts, still offered
    warned = [
        r for r in caplog.records if r.levelno >= logging.WARNING and "audit log" in r.message
    ]
    assert len(warned) == 1
    audit.rmdir()
    if kept is not None:
        audit.write_bytes(kept)
    await world.moderator.autocomplete(world.general, "kb revert", "id", "liancourt")
    assert "offering the removed facts (audit log) works again" in caplog.text
    warned = [
        r for r in caplog.records if r.levelno >= logging.WARNING and "audit log" in r.message
    ]
    assert len(warned) == 1


async def test_an_unreadable_audit_log_leaves_the_change_numbers_unoffered_with_one_warning(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """/kb revert's `to` choices read the fact's changes from the audit log at every keystroke:
    one that could not be read raised out of the autocomplete, which discord.py logged as an
    ERROR with its traceback each time, while its `id` choices warned once. It offers no
    change numbers (a number can still be typed), warned of once while it lasts, and offers
    them again once the log reads."""
    caplog.set_level(logging.INFO, logger="bot")
    shown = await world.moderator.slash(world.general, "kb edit", id=FACT)
    await world.moderator.submit_modal(shown, {**modal_values(shown.modal), "answer": "Edited."})
    audit = world.bot.store.audit.path
    kept = audit.read_bytes()
    audit.unlink()
    audit.mkdir()  # what cannot be opened as a file: IsADirectoryError, as a bad disk's EIO
    for typed in ("", "1", "12"):
        choices = await world.moderator.autocomplete(
            world.general, "kb revert", "to", typed, id=FACT
        )
        assert choices == []
    warned = [
        r for r in caplog.records if r.levelno >= logging.WARNING and "audit log" in r.message
    ]
    assert len(warned) == 1
    audit.rmdir()
    audit.write_bytes(kept)
    choices = await world.moderator.autocomplete(world.general, "kb revert", "to", "", id=FACT)
    assert [c["value"] for c in choices] == [1, 0]
    assert "offering a fact's changes (audit log) works again" in caplog.text


def as_typed(fact_id: str, how: str) -> str:
    """`fact_id` as a moderator may type it rather than pick it: its first letter capitalised
    (a phone), spaces around it, its first word in full-width letters (Japanese input)."""
    if how == "capitals":
        return fact_id.capitalize()
    if how == "spaces":
        return f"  {fact_id} "
    head, dash, rest = fact_id.partition("-")
    return "".join(chr(ord(c) + 0xFEE0) for c in head) + dash + rest


@pytest.mark.parametrize("how", ["capitals", "spaces", "full-width"])
async def test_kb_commands_take_a_fact_id_as_typed(world: World, how: str) -> None:
    """A fact id typed rather than picked from the choices (a phone's capital, spaces, Japanese
    input) was "There is no fact with id" to every `/kb` command, of a fact that exists, as
    it was to /fact show before it folded them. Each reads it in the form ids have."""
    typed = as_typed(FACT, how)
    shown = await world.moderator.slash(world.general, "kb edit", id=typed)
    values = modal_values(shown.modal)
    saved = await world.moderator.submit_modal(shown, {**values, "answer": "Edited as typed."})
    assert saved.response is not None and saved.response.content.startswith(f"Saved `{FACT}`")

    question = "who owns the moon really"
    excluded = await world.moderator.slash(world.general, "kb exclude", id=typed, question=question)
    assert excluded.response is not None and "no longer answers" in excluded.response.content
    taught = await world.moderator.slash(
        world.general, "kb teach", id=typed, question="dokdo owner today as typed"
    )
    assert taught.response is not None and "phrasings of" in taught.response.content

    history = await world.moderator.slash(world.general, "kb history", id=typed)
    assert history.response is not None and history.response.embeds
    assert len(history.response.embeds[0].fields) == 3
    choices = await world.moderator.autocomplete(world.general, "kb revert", "to", "", id=typed)
    assert [c["value"] for c in choices] == [3, 2, 1, 0]
    reverted = await world.moderator.slash(world.general, "kb revert", id=typed, to=0)
    assert reverted.response is not None and "Reverted" in reverted.response.content
    fact = world.bot.store.kb.fact(FACT)
    assert fact is not None and fact.answer != "Edited as typed."

    other = removable(world.bot.store)
    asked = await world.moderator.slash(world.general, "kb remove", id=as_typed(other, how))
    assert asked.response is not None
    await world.moderator.click(asked.response, label="Remove")
    assert asked.response.content.startswith(f"Removed `{other}`")
    assert world.bot.store.kb.fact(other) is None
    assert handled_errors(world.env) == []
