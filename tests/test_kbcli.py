"""`python -m bot kb add|edit|teach|remove|history|revert|unanswered|alias|unalias|fmt|reload`."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.core.engine.simplify import simplify
from bot.core.knowledge.loader import load_knowledge
from bot.core.moderation.feedback import FeedbackLog
from tests.processes import bot_env

ADD = [
    "kb", "add", "--topic", "islands",
    "-q", "How many countries claim the Example Islands?",
    "-q", "who claims the sample rocks",
    "-q", "is the example islands ownership disputed",
    "-q", "how many claimants are there for the islands",
    "--answer", "Two countries claim the Example Islands.",
    "--source", "tiny", "--section", "Islands",
    "--quote", "The Example Islands are a group of rocks in the Example Sea.[1] They are claimed by two countries.",
    "--id", "islands-claims",
]  # fmt: skip


@pytest.fixture
def env(tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at the tiny knowledge and a fresh data dir; return the data dir."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(tiny_knowledge))
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CITEBOT_LOG_LEVEL", "WARNING")  # no INFO lines among the refusals
    return tmp_path / "data"


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI; return its exit status and what it said: its output, or for a refusal
    (status 1, but for `kb check`, whose report is its output) what it wrote to stderr, where
    every refusal goes, checked to have printed nothing else."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(list(argv), out=out)
    if status == 1 and argv[:2] != ("kb", "check"):
        assert out.getvalue() == "", out.getvalue()
        return status, err.getvalue()
    return status, out.getvalue()


def audit(data_dir: Path) -> list[dict[str, object]]:
    """The audit log's entries."""
    return [json.loads(line) for line in (data_dir / "audit.jsonl").read_text("utf-8").splitlines()]


def test_add_edit_history_revert_remove(env: Path, tiny_knowledge: Path) -> None:
    """The whole life of a fact from the console, audited under the OS user's name."""
    assert run(*ADD) == (0, "added islands-claims to facts/islands.yaml\n")
    status, out = run("kb", "edit", "islands-claims", "--answer", "Two states claim them.")
    assert status == 0 and "edited islands-claims (change #2)" in out
    assert "answer: 'Two countries claim the Example Islands.' → 'Two states claim them.'" in out
    assert load_knowledge(tiny_knowledge).fact("islands-claims").answer == "Two states claim them."  # type: ignore[union-attr]
    status, out = run("kb", "history", "islands-claims")
    assert status == 0 and "#1 " in out and " add\n" in out and " edit\n" in out
    assert run("kb", "revert", "islands-claims", "--to", "1")[0] == 0
    assert load_knowledge(tiny_knowledge).fact("islands-claims").answer.startswith("Two countries")  # type: ignore[union-attr]
    assert run("kb", "remove", "islands-claims")[0] == 1  # needs --yes
    assert load_knowledge(tiny_knowledge).fact("islands-claims") is not None
    assert run("kb", "remove", "islands-claims", "--yes")[0] == 0
    assert load_knowledge(tiny_knowledge).fact("islands-claims") is None
    entries = audit(env)
    assert [e["action"] for e in entries] == ["add", "edit", "revert", "remove"]
    assert all(e["user_id"] is None and e["user_name"] for e in entries)


def test_rejected_add_lists_every_reason(env: Path, tiny_knowledge: Path) -> None:
    """An invalid fact exits 1, names each problem, and writes nothing."""
    before = (tiny_knowledge / "facts" / "islands.yaml").read_bytes()
    argv = [
        a
        if a
        != "The Example Islands are a group of rocks in the Example Sea.[1] They are claimed by two countries."
        else "Claimed by three."
        for a in ADD
    ]
    status, out = run(*argv[:4], *argv[6:])  # also one question too few
    assert status == 1 and "nothing was saved: 2 problem(s)" in out
    assert "needs at least 4 phrasings" in out and "is not verbatim" in out
    assert (tiny_knowledge / "facts" / "islands.yaml").read_bytes() == before
    assert not (env / "audit.jsonl").exists() or audit(env) == []


def test_edit_and_history_of_unknown_fact(env: Path) -> None:
    """An unknown id is a clear one-line refusal, for `kb history` too: it said "no recorded
    changes of nope", exit 0, as if a mistyped id were a fact never edited (`/kb history`
    refuses it). A fact that exists and was never changed still says so, exit 0."""
    assert run("kb", "edit", "nope", "--answer", "x") == (1, "There is no fact with id 'nope'.\n")
    assert run("kb", "history", "nope") == (1, "There is no fact with id 'nope'.\n")
    assert run("kb", "history", "islands-where") == (0, "no recorded changes of islands-where\n")


def test_edit_lists_what_a_fact_does_not_answer(env: Path, tiny_knowledge: Path) -> None:
    """`kb edit --does-not-answer` sets the list (repeated: each one), keeping the rest; one of
    the fact's own questions is refused with the loader's reason."""
    status, out = run(
        "kb", "edit", "trade-1999",
        "--does-not-answer", "trade with china how big",
        "--does-not-answer", "who buys the most",
    )  # fmt: skip
    assert status == 0 and "edited trade-1999" in out
    fact = load_knowledge(tiny_knowledge).fact("trade-1999")
    assert fact is not None
    assert fact.does_not_answer == ("trade with china how big", "who buys the most")
    assert fact.questions[0] == "How much was trade in 1999?"
    status, out = run(
        "kb", "edit", "trade-1999", "--does-not-answer", "how big was bilateral trade"
    )
    assert status == 1 and "also one of the fact's questions" in out


def test_teach(env: Path, tiny_knowledge: Path) -> None:
    """`kb teach` adds a member's question to a fact; again, it says there is nothing to do;
    another fact's phrasing is refused with the loader's reason and exit 1."""
    asked = "what was the commerce worth back then"
    status, out = run("kb", "teach", "trade-1999", asked)
    assert (status, out) == (0, f"added “{asked}” to trade-1999 (change #1)\n")
    assert load_knowledge(tiny_knowledge).fact("trade-1999").questions[-1] == asked  # type: ignore[union-attr]
    assert audit(env)[-1]["action"] == "edit"
    assert run("kb", "teach", "trade-1999", asked.upper()) == (
        0,
        "trade-1999 has that question already; nothing to change\n",
    )
    status, out = run("kb", "teach", "trade-1999", "Where are the Example Islands?")
    assert status == 1 and out.startswith("rejected, nothing was saved")
    assert len(audit(env)) == 1
    remark = "the example islands are lovely, end of story"  # screened as a remark
    status, out = run("kb", "teach", "islands-where", remark)
    assert status == 0 and out.endswith("note: the bot still answers it with nothing (declined)\n")
    status, out = run("kb", "teach", "no-such-fact", asked)
    assert status == 1 and "no-such-fact" in out


def test_alias(env: Path, tiny_knowledge: Path) -> None:
    """`kb alias` adds a name to a group in aliases.yaml."""
    assert run("kb", "alias", "Example Islands", "Demo Reefs")[0] == 0
    [group] = load_knowledge(tiny_knowledge).aliases
    assert "Demo Reefs" in group.names
    status, out = run("kb", "alias", "Example Islands", "demo reefs")
    assert status == 1 and "already a name" in out


def test_unalias(env: Path, tiny_knowledge: Path) -> None:
    """`kb unalias` takes back a name `kb alias` added (nothing else could, but an edit of
    aliases.yaml by hand): the file is as it was, and both changes are audited."""
    before = (tiny_knowledge / "aliases.yaml").read_bytes()
    assert run("kb", "alias", "Example Islands", "Demo Reefs")[0] == 0
    status, out = run("kb", "unalias", "Demo Reefs")
    assert (status, out) == (0, "'Demo Reefs' is no longer a name of 'Example Islands'\n")
    assert (tiny_knowledge / "aliases.yaml").read_bytes() == before
    assert [entry["action"] for entry in audit(env)] == ["alias", "alias"]
    status, err = run("kb", "unalias", "Demo Reefs")
    assert status == 1 and "not a name of any group" in err


def test_unalias_of_a_groups_last_name_says_its_note_went_and_alias_brings_it_back(
    env: Path, tiny_knowledge: Path
) -> None:
    """`kb unalias` of a group's only name said "no longer a name of" and nothing of the
    group and its note, which went with it; `kb alias` of the name again made a bare group.
    It says so, the history shows the note, and `kb alias` brings the note back, saying so."""
    aliases = tiny_knowledge / "aliases.yaml"
    aliases.write_text(
        aliases.read_text("utf-8")
        + "  - canonical: VANK\n    names: [반크]\n    note: in neither document\n",
        "utf-8",
    )
    assert run("kb", "unalias", "반크") == (
        0,
        "'반크' is no longer a name of 'VANK'\n"
        "it was the group's last name: the group 'VANK' is removed, and its note"
        " (in neither document) with it; kb alias 'VANK' NAME brings it back\n",
    )
    status, out = run("kb", "alias-history", "VANK")
    assert status == 0 and "    group VANK removed, note: in neither document\n" in out
    assert run("kb", "alias", "VANK", "반크") == (
        0,
        "'반크' now means 'VANK'\n"
        "the group 'VANK' is back with the note change #1 removed with it: in neither document\n",
    )
    [group] = [g for g in load_knowledge(tiny_knowledge).aliases if g.canonical == "VANK"]
    assert (group.names, group.note) == (("반크",), "in neither document")


def test_alias_history_names_who_added_and_took_back_a_name(env: Path) -> None:
    """Alias changes were audited but shown nowhere (`kb history` reads a fact's changes
    only): `kb alias-history` lists them, each with its number, time, author and the names
    it added or took out; given a name, that name's changes; an unknown name is refused."""
    assert run("kb", "alias", "Example Islands", "Demo Reefs")[0] == 0
    assert run("kb", "alias", "Widget Bay", "Gadget Bay")[0] == 0
    assert run("kb", "unalias", "Demo Reefs")[0] == 0
    status, out = run("kb", "alias-history")
    assert status == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines if line.startswith("#")] == ["#1", "#2", "#3"]
    assert "    + Demo Reefs  (a name of Example Islands)" in lines
    assert "    new group Widget Bay" in lines
    assert "    − Demo Reefs  (no longer a name of Example Islands)" in lines
    status, out = run("kb", "alias-history", "demo reefs")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines() if line.startswith("#")] == ["#1", "#3"]
    assert out.splitlines()[1] == "    + Demo Reefs  (a name of Example Islands)"
    status, err = run("kb", "alias-history", "Demo Reefz")
    assert status == 1 and "not a name of any group" in err
    assert run("kb", "alias-history", "Example Islands")[0] == 0
    # Where moderators look first: kb history of a name says where its changes are.
    status, err = run("kb", "history", "Demo Reefs")
    assert status == 1 and err == (
        "There is no fact with id 'Demo Reefs'. 'Demo Reefs' is a name of an alias group: the"
        " alias history shows its changes (/kb alias-history, or kb alias-history on the console).\n"
    )
    status, err = run("kb", "history", "Demo Reefz")
    assert (status, err) == (1, "There is no fact with id 'Demo Reefz'.\n")


def test_an_unusable_data_directory_is_one_line(
    env: Path,
    tmp_path: Path,
    tiny_knowledge: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A data directory that cannot be created (a file in its place, a read-only mount) ends
    the command with a line saying why and status 1, not a traceback; nothing is written."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(blocker))
    before = (tiny_knowledge / "aliases.yaml").read_bytes()
    status, err = run("kb", "alias", "Example Islands", "Demo Reefs")
    assert status == 1
    last = err.splitlines()[-1]  # after the model cache's warning that it cannot be saved
    # It said "Could not save the data directory ...: File exists.", naming neither the
    # cause nor the setting (also to `kb history`, which saves nothing).
    assert last == (
        f"citebot: Cannot make the data directory {blocker}: a file is in its place, or in the"
        " place of a folder above it. Set CITEBOT_DATA_DIR to a directory citebot can write;"
        " nothing was changed."
    ), err
    assert "Traceback" not in err
    assert (tiny_knowledge / "aliases.yaml").read_bytes() == before


def test_fmt_and_reload(env: Path, tiny_knowledge: Path) -> None:
    """`kb fmt` rewrites hand-formatted files once; `kb reload` reports a broken file."""
    status, out = run("kb", "fmt")
    assert (status, out) == (0, "formatted facts/islands.yaml\n")
    assert run("kb", "fmt")[1] == "every fact file is already in the canonical form\n"
    assert run("kb", "reload")[0] == 0
    (tiny_knowledge / "facts" / "islands.yaml").write_text("facts: [", "utf-8")
    assert run("kb", "reload")[0] == 1


def test_unanswered(env: Path) -> None:
    """`kb unanswered` lists declined questions by count, then answers voted not helpful."""
    feedback = FeedbackLog(env)
    for _ in range(3):
        feedback.record_decline("Who won the 2002 World Cup?")
    feedback.record_decline("What is kimchi?")
    feedback.record_vote("m1", 5, "trade-1999", "trade 1999?", helpful=False)
    status, out = run("kb", "unanswered", "--limit", "5")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split()[0] == "3"
    assert lines[0].endswith(simplify("Who won the 2002 World Cup?"))
    assert lines[1].endswith(simplify("What is kimchi?"))
    assert "not helpful" in out and "trade-1999  asked: trade 1999?" in out


def test_unanswered_leaves_out_what_is_settled_as_on_discord(env: Path) -> None:
    """`kb unanswered` shows the queue `/kb unanswered` shows (queue.open_entries over the
    knowledge): a declined question the bot now answers with the fact that has it as a
    phrasing is left out (and dismissed), as are votes on a removed fact and on a question
    its fact now refuses; the output says how many were left out."""
    feedback = FeedbackLog(env)
    for _ in range(3):
        feedback.record_decline("Where are the Example Islands?")  # a phrasing of islands-where
    feedback.record_decline("What is kimchi?")
    assert run(*ADD)[0] == 0
    feedback.record_vote("m1", 5, "islands-claims", "who claims the rocks", helpful=False)
    feedback.record_vote("m2", 6, "trade-1999", "how big was trade in 2005", helpful=False)
    feedback.record_vote("m3", 7, "trade-1999", "trade 1999?", helpful=False)
    feedback.record_vote("m4", 8, "islands-where", "trade 1999?", helpful=False, picked=True)
    assert run("kb", "remove", "islands-claims", "--yes")[0] == 0
    excluded = ["kb", "edit", "trade-1999", "--does-not-answer", "how big was trade in 2005"]
    assert run(*excluded)[0] == 0

    status, out = run("kb", "unanswered", "--limit", "5")
    assert status == 0, out
    lines = out.splitlines()
    assert lines[0].split()[0] == "1" and lines[0].endswith(simplify("What is kimchi?"))
    assert "Example Islands" not in out.replace("settled", "")
    assert "islands-claims" not in out and "2005" not in out
    assert "trade-1999  asked: trade 1999?" in out
    # A fact the member picked from the menu is not listed as the bot's answer.
    assert "islands-where  asked" not in out
    picked = lines.index("facts picked from the menu under an answer, marked not helpful:")
    assert lines[picked + 1] == "    1  islands-where  picked for: trade 1999?"
    assert lines[-1] == (
        "left out as settled: 1 declined question the bot now answers with its fact,"
        " 2 not-helpful votes on a removed fact or a question it refuses"
    )
    assert [q.question for q in FeedbackLog(env).unanswered()] == [simplify("What is kimchi?")]

    status, out = run("kb", "unanswered", "--limit", "5")
    assert status == 0 and out.splitlines()[-1].startswith("left out as settled: 2 not-helpful")


def test_remove_a_linked_fact_needs_unlink(env: Path, tiny_knowledge: Path) -> None:
    """A fact another lists under see_also: remove refuses and names the linking fact; with
    --unlink the link is dropped (an audited edit of that fact), then the fact is removed."""
    assert run(*ADD)[0] == 0
    assert run("kb", "edit", "islands-where", "--see-also", "islands-claims")[0] == 0
    before = (tiny_knowledge / "facts" / "islands.yaml").read_bytes()

    status, out = run("kb", "remove", "islands-claims", "--yes")
    assert status == 1 and "list islands-claims under see_also: islands-where" in out
    assert "--unlink" in out
    status, out = run("kb", "remove", "islands-claims", "--unlink")
    assert status == 1 and "run again with --yes" in out and "islands-where" in out
    assert (tiny_knowledge / "facts" / "islands.yaml").read_bytes() == before

    status, out = run("kb", "remove", "islands-claims", "--unlink", "--yes")
    assert status == 0, out
    assert out.splitlines() == [
        "dropped the link to islands-claims from islands-where",
        "removed islands-claims (kb history / kb revert can bring it back)",
    ]
    kb = load_knowledge(tiny_knowledge)
    assert kb.fact("islands-claims") is None
    assert kb.fact("islands-where").see_also == ()  # type: ignore[union-attr]
    entries = [(e["action"], e["fact_id"]) for e in audit(env)]
    assert entries[-2:] == [("edit", "islands-where"), ("remove", "islands-claims")]


def test_a_removal_stopped_after_its_links_says_what_was_saved(
    env: Path, tiny_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kb remove --unlink` whose removal fails on disk after the link was dropped: the line
    gives the disk's reason (the error's own, not cut out of its message) and says the link's
    edit was saved and the fact was not removed, without the disk error's "Nothing was
    changed"; running it again once the disk has room finishes the removal."""
    import bot.core.moderation.commit as commit_module

    assert run(*ADD)[0] == 0
    assert run("kb", "edit", "islands-where", "--see-also", "islands-claims")[0] == 0
    real_write = commit_module.write_atomic
    writes: list[Path] = []

    def full_on_the_second_write(path: Path, data: bytes, **kwargs: Any) -> None:
        writes.append(path)
        if len(writes) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data, **kwargs)

    monkeypatch.setattr(commit_module, "write_atomic", full_on_the_second_write)
    status, out = run("kb", "remove", "islands-claims", "--unlink", "--yes")
    assert (status, out) == (
        1,
        "Could not save the change to facts/islands.yaml: the disk is full. islands-claims was"
        " not removed, but the links to it were already dropped from islands-where (saved,"
        " each in its history): run the removal again once the cause is fixed.\n",
    )
    kb = load_knowledge(tiny_knowledge)
    assert kb.fact("islands-claims") is not None
    assert kb.fact("islands-where").see_also == ()  # type: ignore[union-attr]
    assert [(e["action"], e["fact_id"]) for e in audit(env)][-1] == ("edit", "islands-where")

    monkeypatch.setattr(commit_module, "write_atomic", real_write)
    status, out = run("kb", "remove", "islands-claims", "--unlink", "--yes")
    assert status == 0 and out.endswith(
        "removed islands-claims (kb history / kb revert can bring it back)\n"
    )


@pytest.mark.parametrize("limit", ["99999999999999999999", "0", "-3", "many"])
def test_unanswered_refuses_a_limit_out_of_range(
    env: Path, limit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --limit past what SQLite holds was an OverflowError traceback: every limit outside
    1 to the rows the file keeps is a usage error (status 2) saying the range."""
    with pytest.raises(SystemExit) as stopped:
        main(["kb", "unanswered", "--limit", limit], out=io.StringIO())
    assert stopped.value.code == 2
    assert "must be a number from 1 to" in capsys.readouterr().err


def test_a_lock_file_that_cannot_be_opened_is_named_in_one_line(env: Path) -> None:
    """`kb history` reads under the store's lock too: a lock file that cannot be opened (here
    a directory in its place; a read-only data directory does the same) is one line naming
    it, not "Could not save the change", which misled a reader."""
    (env / "store.lock").mkdir(parents=True)
    status, err = run("kb", "history", "islands-where")
    assert status == 1
    assert "store.lock, which every change and every read of the history takes" in err
    assert "Could not save" not in err and err.count("\n") == 1


def test_history_shows_an_entry_of_an_unexpected_shape(env: Path) -> None:
    """An audit line that parses as an entry but whose states are not shaped as this version
    writes them (a hand edit, another version's field) made `kb history` of that fact, and
    `/kb history`, a traceback for good; its changes are shown as plain values instead."""
    assert run(*ADD)[0] == 0
    odd = {
        "n": 2,
        "time": "2026-01-01T00:00:00Z",
        "user_name": "someone",
        "action": "edit",
        "fact_id": "islands-claims",
        "before": {"sources": "tiny", "tags": 3, "questions": ["a"]},
        "after": {"sources": [1], "tags": ["x"], "questions": 4},
    }
    with (env / "audit.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps(odd) + "\n")
    (env / "audit.landed").write_text("2\n")
    status, out = run("kb", "history", "islands-claims")
    assert status == 0 and "#2 2026-01-01T00:00:00Z someone edit\n" in out
    assert "    sources: 'tiny' → '[1]'\n" in out and "    tags: '3' → '['x']'\n" in out
    assert "    questions: '['a']' → '4'\n" in out


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (["--see-also", "islands-where"], "field 'see_also': lists the fact itself"),
        (["--see-also", "trade-1999", "--see-also", "trade-1999"], "listed twice: 'trade-1999'"),
        (["--tag", "islands", "--tag", "islands"], "field 'tags': listed twice: 'islands'"),
    ],
)
def test_a_fact_linking_itself_or_a_repeated_link_or_tag_is_refused(
    options: list[str], problem: str, env: Path, tiny_knowledge: Path
) -> None:
    """`kb edit` saved a fact listing itself under see_also (after which `kb remove` named it
    among the facts linking to it, and --unlink "dropped the link" from the fact being
    removed) and saved a tag or link given twice, both twice; `kb check` passed them."""
    facts = tiny_knowledge / "facts" / "islands.yaml"
    before = facts.read_bytes()
    status, out = run("kb", "edit", "islands-where", *options)
    assert status == 1
    assert out.startswith("rejected, nothing was saved: 1 problem(s):\n") and problem in out
    assert facts.read_bytes() == before
    assert not (env / "audit.jsonl").exists()
    written = before.decode("utf-8").replace(
        "tags: [islands]\n  - id: trade-1999",
        "tags: [islands]\n    see_also: [islands-where]\n  - id: trade-1999",
    )
    assert written != before.decode("utf-8")
    facts.write_text(written, "utf-8")
    status, out = run("kb", "check")
    assert status == 1 and "field 'see_also': lists the fact itself" in out


def test_fmt_leaves_a_file_with_inner_comments_as_it_is(env: Path, tiny_knowledge: Path) -> None:
    """`kb fmt` dropped every comment below a file's header without a word (no history keeps
    them): it now leaves such a file unchanged, names it and the comments' lines, exit 1, and
    formats it only with --drop-comments; a '#' inside a value is no comment."""
    facts = tiny_knowledge / "facts" / "islands.yaml"
    text = facts.read_text("utf-8").replace(
        "  - id: trade-1999\n", "  # checked against the 2001 article\n  - id: trade-1999\n"
    )
    text = text.replace("how big was bilateral trade", "'how big was bilateral trade, #1 question'")
    text = text.replace("[trade]", "[trade]  # more tags later")
    facts.write_text("# Islands\n" + text, "utf-8")
    before = facts.read_bytes()
    status, out = run("kb", "fmt")
    assert (status, out) == (
        1,
        "left facts/islands.yaml as it is: its comments below the header (lines 16, 28) are not"
        " part of the canonical form; move them into the header or run kb fmt --drop-comments\n",
    )
    assert facts.read_bytes() == before
    status, out = run("kb", "fmt", "--drop-comments")
    assert (status, out) == (0, "formatted facts/islands.yaml\n")
    after = facts.read_text("utf-8")
    assert after.startswith("# Islands\n") and after.count("#") == 2  # the header and '#1'
    assert run("kb", "fmt") == (0, "every fact file is already in the canonical form\n")


def test_fmt_keeps_the_header_of_a_file_saved_with_a_byte_order_mark(
    env: Path, tiny_knowledge: Path
) -> None:
    """A file saved with a UTF-8 byte order mark (Notepad, PowerShell) loads, but its header
    comment was not read as one: `kb fmt` left it "to keep its comments below the header
    (line 1)", the header itself, and --drop-comments then dropped the header."""
    facts = tiny_knowledge / "facts" / "islands.yaml"
    facts.write_text("\ufeff# Islands\n" + facts.read_text("utf-8"), "utf-8")
    assert run("kb", "fmt") == (0, "formatted facts/islands.yaml\n")
    assert facts.read_text("utf-8").startswith("# Islands\n")
    assert run("kb", "reload")[0] == 0


def test_edit_help_says_a_list_option_replaces_the_list_as_it_does(
    env: Path, tiny_knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kb edit ID --tag x` took the fact's other tags away while its --help said only
    "options not given keep their value"; each repeatable option's help now says it replaces
    the fact's list, and it does."""
    with pytest.raises(SystemExit):
        main(["kb", "edit", "--help"])
    help_text = capsys.readouterr().out
    shown = " ".join(help_text[help_text.index("options:") :].split())
    for option in ("--questions TEXT, -q TEXT", "--tag TAG", "--see-also FACT_ID"):
        assert option in shown
        after = shown[shown.index(option) + len(option) :]
        assert after.split("--")[0].rstrip().endswith("replaces the fact's list)"), option
    assert run("kb", "edit", "islands-where", "--tag", "rocks", "--see-also", "trade-1999")[0] == 0
    fact = load_knowledge(tiny_knowledge).fact("islands-where")
    assert fact is not None and fact.tags == ("rocks",) and fact.see_also == ("trade-1999",)


def test_revert_says_what_it_restored_and_the_change_it_made(env: Path) -> None:
    """`kb revert` said "ID restored (change #1)", which read as if the revert were change #1,
    and said it too when the fact was already that way and nothing was recorded; it now says
    it as /kb revert does, with the number of the change it made, or that there was nothing
    to change."""
    assert run(*ADD)[0] == 0
    assert run("kb", "edit", "islands-claims", "--answer", "Two states claim them.")[0] == 0
    status, out = run("kb", "revert", "islands-claims", "--to", "1")
    assert status == 0 and out.startswith(
        "reverted islands-claims to how it was after change #1 (recorded as change #3);"
        " it takes back the 1 later change(s): #2 (edit by "
    )
    assert out.endswith("; kb revert islands-claims --to 2 brings them back\n")
    assert run("kb", "revert", "islands-claims", "--to", "1") == (
        0,
        "islands-claims is already as it was after change #1; nothing to change\n",
    )
    status, out = run("kb", "revert", "islands-claims", "--to", "0")
    assert status == 0 and out.startswith(
        "reverted islands-claims to how it was before its first change: it is removed"
        " (recorded as change #4); it takes back the 3 later change(s): #1 (add by "
    )
    assert out.endswith("; kb revert islands-claims --to 3 brings them back\n")
    assert [e["action"] for e in audit(env)] == ["add", "edit", "revert", "revert"]
    # A fact never changed is as it was before its first change: "Change #0 is not a change
    # of fact 'islands-where'" said otherwise, exit 1.
    assert run("kb", "revert", "islands-where", "--to", "0") == (
        0,
        "islands-where is already as it was before its first change; nothing to change\n",
    )
    status, err = run("kb", "revert", "islands-nowhere", "--to", "0")
    assert (status, err) == (1, "There is no fact with id 'islands-nowhere'.\n")


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["-q", "where are\nthe example islands", "-q", "a", "-q", "b", "-q", "c"], "questions"),
        (["--does-not-answer", "who named\nthe example islands"], "does_not_answer"),
        (["--tag", "islands\u2028rocks"], "tags"),
    ],
)
def test_an_item_with_a_line_break_is_refused(
    options: list[str], field: str, env: Path, tiny_knowledge: Path
) -> None:
    """A question saved with a line break in it (`-q $'a\\nb'`) was kept as one: the Discord
    edit form, one question a line, then saved it back as two, and the console listed it over
    two lines. Each list item must be one line; nothing is saved."""
    facts = tiny_knowledge / "facts" / "islands.yaml"
    before = facts.read_bytes()
    status, out = run("kb", "edit", "islands-where", *options)
    assert status == 1
    assert f"field '{field}': item " in out and "holds a line break" in out
    assert facts.read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["kb", "edit", "nope", "--answer", "x"],
        ["kb", "edit", "islands-where", "--tag", "a", "--tag", "a"],
        ["kb", "remove", "islands-where"],
    ],
)
def test_a_refusal_goes_to_stderr_not_into_the_output(
    argv: list[str], tiny_knowledge: Path, tmp_path: Path
) -> None:
    """`kb add|edit|remove|...` wrote why they refused to stdout (every other refusal of the
    command line, the same error caught by cli.main included, is on stderr): `kb edit ... >
    edits.log` hid the reason of exit 1 in the file. Now stdout stays empty."""
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bot_env(tmp_path / "data", tiny_knowledge, CITEBOT_LOG_LEVEL="WARNING"),
        timeout=60,
    )
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.strip()


def test_a_control_character_is_shown_as_an_escape_never_sent_to_the_terminal(
    env: Path, tiny_knowledge: Path
) -> None:
    """A problem quotes what the file holds: a fact id pasted with an escape sequence made
    `kb check` (and every command that loads the knowledge) send it to the terminal, which
    retitled the window and cleared the screen, problems included. An id typed with one was
    echoed the same way. Each is written as an escape."""
    facts = tiny_knowledge / "facts" / "islands.yaml"
    good = facts.read_text("utf-8")
    facts.write_text(good.replace("id: trade-1999", 'id: "trade\\e]0;owned\\a\\e[2J"'), "utf-8")
    status, said = run("kb", "check")
    assert status == 1
    assert "fact 'trade\\x1b]0;owned\\x07\\x1b[2J'" in said
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["ask", "where are the example islands"], out=io.StringIO()) == 1
    assert "fact 'trade\\x1b]0;owned\\x07\\x1b[2J'" in err.getvalue()
    for text in (said, err.getvalue()):
        assert not any(c in text for c in "\x1b\x07"), text
    facts.write_text(good, "utf-8")
    status, said = run("kb", "history", "x\x1b[2J\x9b31m")
    assert status == 1 and said == "There is no fact with id 'x\\x1b[2J\\x9b31m'.\n"


def test_an_alias_or_topic_title_holding_a_control_character_is_refused(
    env: Path, tiny_knowledge: Path
) -> None:
    """Fact text refused control characters, but `kb alias` saved a name typed or pasted
    with an escape sequence, and printed it raw, as a topic title edited in by hand was by
    `kb stats`: the terminal obeyed them (here, cleared the screen). Both are refused."""
    aliases = (tiny_knowledge / "aliases.yaml").read_text("utf-8")
    status, said = run("kb", "alias", "Example Islands", "Sample\x1b[2J Isles")
    assert status == 1 and "U+001B" in said and "\x1b" not in said
    assert (tiny_knowledge / "aliases.yaml").read_text("utf-8") == aliases
    facts = tiny_knowledge / "facts" / "islands.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace("topic: Islands", 'topic: "Islands\\e[2J"'), "utf-8"
    )
    status, said = run("kb", "check")
    assert status == 1
    assert "facts/islands.yaml:1: field 'topic': holds the control character U+001B" in said
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["kb", "stats"], out=io.StringIO()) == 1
