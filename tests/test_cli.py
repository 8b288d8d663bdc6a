"""The command line: ask (text and JSON), batch mode, eval, kb check/coverage/stats, run."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from tests.conftest import ROOT, SHARED
from tests.processes import bot_env, plain_env, run_bot, run_bot_with_input

JSON_KEYS = {
    "question",
    "answered",
    "kind",
    "answer",
    "fact_id",
    "score",
    "hedged",
    "sources",
    "suggestions",
}


def run_cli(
    *argv: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str]:
    """Run `python -m bot` in-process and capture what it prints."""
    out = io.StringIO()
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture(autouse=True)
def _shipped_knowledge(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the CLI at the shipped knowledge whatever the working directory."""
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(ROOT / "knowledge"))
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(ROOT)


def test_ask_json_schema() -> None:
    """`ask --json` prints one object with exactly the documented fields and types."""
    code, out = run_cli("ask", "--json", "who controls dokdo")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= JSON_KEYS
    assert data["answered"] is True and data["kind"] == "fact"
    assert isinstance(data["answer"], str) and isinstance(data["fact_id"], str)
    assert 0.0 <= data["score"] <= 1.0
    for source in data["sources"]:
        assert {"doc", "title", "section", "url", "quote"} <= set(source)
    for suggestion in data["suggestions"]:
        assert set(suggestion) == {"fact_id", "question", "score"}


def test_ask_json_decline_schema() -> None:
    """A declined question has answered false, kind none and null answer/fact_id."""
    _, out = run_cli("ask", "--json", "any1 up for valorant tonight")
    data = json.loads(out)
    assert data["answered"] is False and data["kind"] == "none"
    assert data["answer"] is None and data["fact_id"] is None
    assert data["sources"] == []


def test_ask_batch_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ask --json -`: one JSON object per input line, blank lines included (declined)."""
    code, out = run_cli(
        "ask", "--json", "-", stdin="who controls dokdo\n\nhello\n", monkeypatch=monkeypatch
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [line["question"] for line in lines] == ["who controls dokdo", "", "hello"]
    assert [line["answered"] for line in lines] == [True, False, False]


def test_ask_text_shows_source_and_quote() -> None:
    """The readable answer names the document, section and quote."""
    _, out = run_cli("ask", "who", "controls", "dokdo")
    assert "Liancourt Rocks" in out and "section" in out and "“" in out


def test_ask_text_answers_each_question_of_a_message() -> None:
    """A message that asks two things shows each question with its own answer, source and fact
    line, in the order asked; a question the documents do not answer says so under it."""
    _, out = run_cli("ask", "who controls dokdo and how many people live there?")
    first, second = out.split("▸ ")[1:]
    assert first.startswith("who controls dokdo\n")
    assert "[fact territory-liancourt-rocks-ownership · confidence" in first
    assert second.startswith("how many people live dokdo?\n")
    assert "[fact territory-liancourt-rocks-coast-guard-residents · confidence" in second
    assert "“Currently, South Korea occupies the island" in second
    _, out = run_cli("ask", "who controls dokdo? and how many coast guard ships patrol it?")
    answered, declined = out.split("▸ ")[1:]
    assert "[fact territory-liancourt-rocks-ownership" in answered
    assert declined.startswith(
        "how many coast guard ships patrol it?\nI can't find that in my sources"
    )
    assert "[fact" not in declined


def test_ask_json_carries_each_question() -> None:
    """`ask --json` of a two-question message: `parts` holds each question's answer in the
    shape of the whole, which repeats the first one answered."""
    _, out = run_cli("ask", "--json", "who controls dokdo and how many people live there?")
    data = json.loads(out)
    assert [p["fact_id"] for p in data["parts"]] == [
        "territory-liancourt-rocks-ownership",
        "territory-liancourt-rocks-coast-guard-residents",
    ]
    assert all(set(p) >= JSON_KEYS and p["sources"] for p in data["parts"])
    assert data["fact_id"] == data["parts"][0]["fact_id"] and data["answered"] is True
    _, out = run_cli("ask", "--json", "who controls dokdo")
    assert json.loads(out)["parts"] == []


def _eval(tmp_path: Path, *items: str) -> tuple[dict[str, Any], str]:
    """`eval --json` and `eval --summary` of a question file of `items` (YAML flow mappings)."""
    questions = tmp_path / "q.yaml"
    questions.write_text("".join(f"- {item}\n" for item in items), "utf-8")
    code, out = run_cli("eval", str(questions), "--json")
    assert code == 0
    summary_code, summary = run_cli("eval", "--summary", str(questions))
    assert summary_code == 0
    report: dict[str, Any] = json.loads(out)
    return report, summary


def test_eval_reports_accuracy(tmp_path: Path) -> None:
    """`eval` prints accuracy per expectation and style, and lists failures."""
    report, _ = _eval(
        tmp_path,
        "{q: who controls dokdo, expect: answer, any_of: [disputed], style: alias}",
        "{q: whats the tallest mountain on earth, expect: none, style: offtopic}",
        "{q: who controls dokdo?, expect: answer, any_of: [zzz-not-there], style: casual}",
    )
    assert report["answerable"] == 2 and report["answer_accuracy"] == 0.5
    assert report["decline_accuracy"] == 1.0
    assert len(report["failures"]) == 1


def test_eval_counts_declines_whose_suggestions_hold_the_answer(tmp_path: Path) -> None:
    """A declined answerable question is counted with whether its "did you mean" suggestions
    hold the answer (first, or any); answered questions are not counted."""
    report, text = _eval(
        tmp_path,
        # Declined (no document says how many ships), but the first suggestion is the fact about
        # the Coast Guard on the islets.
        "{q: how many coast guard ships patrol dokdo, expect: answer, any_of: [elderly]}",
        "{q: how many coast guard ships patrol dokdo?, expect: answer, any_of: [zzz-never]}",
        "{q: who controls dokdo, expect: answer, any_of: [disputed]}",
    )
    assert report["suggested"] == {"declined_answerable": 2, "first": 1, "any": 1}
    assert "suggested:  1/2 declined answerable questions" in text and "dokdo" not in text


def test_eval_counts_hedged_answers_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers given with a hedge are counted with the right ones among them, and the precision
    of the answers stated plainly is reported beside the precision of all (the lexical matcher
    here: it hedges every answer short of a full match)."""
    monkeypatch.setenv("CITEBOT_EMBEDDING_MODEL", "off")
    report, text = _eval(
        tmp_path,
        "{q: who controls dokdo, expect: answer, any_of: [disputed]}",  # plain, right
        "{q: when was the 1965 treaty signed, expect: answer, any_of: [1965]}",  # hedged
        "{q: when was the 1965 treaty signed?, expect: answer, any_of: [zzz-never]}",
        "{q: whats the tallest mountain on earth, expect: none}",
    )
    assert report["answered"] == 3 and report["precision"] == round(2 / 3, 4)
    assert report["hedged"] == {"answered": 2, "right": 1}
    assert report["plain_precision"] == 1.0
    assert "plain:      1/1 = 100.0% of the answers stated without a hedge were right; " in text
    assert "2 hedged (1 right)" in text


def test_kb_check_coverage_stats() -> None:
    """kb check passes on the shipped knowledge; coverage and stats print per document/topic."""
    code, checked = run_cli("kb", "check")
    assert code == 0
    code, out = run_cli("kb", "coverage", "--json")
    shares = {d["source"]: d["share"] for d in json.loads(out)}
    assert code == 0 and set(shares) == {"wikipedia", "globalsecurity"}
    code, out = run_cli("kb", "stats", "--json")
    stats = json.loads(out)
    assert stats["facts"] > 100 and stats["sources"] == 2
    # kb check counts the groups as kb stats does (it called every term group an alias group).
    counts = f"{stats['alias_groups']} alias groups, {stats['term_groups']} term groups\n"
    assert stats["term_groups"] > 0 and checked.endswith(counts), checked


def test_broken_knowledge_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken knowledge dir makes `ask` exit 1 with the problem listed, no traceback."""
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(tmp_path / "missing"))
    code, _ = run_cli("ask", "who controls dokdo")
    err = capsys.readouterr().err
    assert code == 1
    assert "knowledge directory not found" in err and "Traceback" not in err


def test_knowledge_not_found_names_the_place_and_the_variable(tmp_path: Path) -> None:
    """Run outside the checkout with CITEBOT_KNOWLEDGE_DIR unset (an installed citebot: the
    wheel carries no knowledge), `ask` says in one line where it looked and what to set,
    and leaves no data/ behind in that directory; it said "knowledge: knowledge directory
    not found" after making data/cache there."""
    proc = run_bot(["ask", "when did japan annex korea"], tmp_path, plain_env())
    assert proc.returncode == 1
    assert proc.stdout == ""
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"citebot: knowledge directory not found: {tmp_path / 'knowledge'} (")
    assert "CITEBOT_KNOWLEDGE_DIR" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [["run"], ["eval", "x.yaml"], ["kb", "stats"], ["kb", "fmt"], ["kb", "unanswered"], ["sync"]],
)
def test_a_knowledge_dir_that_is_a_file_is_one_line(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every command that reads the knowledge says so before starting, exit 1."""
    not_a_dir = tmp_path / "facts.yaml"
    not_a_dir.write_text("facts: []\n", "utf-8")
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(not_a_dir))
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "data"))
    # sync logs in before it loads the knowledge: a token, and nothing listening where
    # discord.py would connect, so that a login tried says so instead of hanging
    monkeypatch.setenv("DISCORD_TOKEN", "abc.def.ghi")
    monkeypatch.setattr("discord.http.Route.BASE", "http://127.0.0.1:1/api/v10")
    code, out = run_cli(*argv)
    assert code == 1 and out == ""
    err = capsys.readouterr().err
    assert err.startswith(f"citebot: knowledge directory not found: {not_a_dir} is not a directory")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("inside", [".", "data", "facts/data"])
def test_a_data_dir_in_the_knowledge_dir_is_refused(
    inside: str, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data directory in (or as) the knowledge directory: one configuration error, exit
    2, before anything is written there. It was accepted, and the bot's own files counted as
    knowledge: every start rebuilt the engine and warned that the knowledge had changed."""
    data = (knowledge_copy / inside).resolve()
    env = plain_env(
        CITEBOT_KNOWLEDGE_DIR=str(knowledge_copy),
        CITEBOT_DATA_DIR=str(data),
        CITEBOT_EMBEDDING_MODEL="off",
    )
    before = sorted(knowledge_copy.rglob("*"))
    for _ in range(2):  # the second start is where a snapshot would have been reused
        done = run_bot(["ask", "who controls dokdo"], knowledge_copy.parent, env)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(
            f"citebot: configuration error: CITEBOT_DATA_DIR ({data}) is inside the knowledge"
        )
        assert "the knowledge changed during the build" not in done.stderr
    assert sorted(knowledge_copy.rglob("*")) == before


def test_a_data_dir_beside_the_knowledge_dir_is_fine(
    knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sibling whose name starts like the knowledge directory's is not inside it."""
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(knowledge_copy))
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(knowledge_copy) + "-data")
    monkeypatch.setenv("CITEBOT_EMBEDDING_MODEL", "off")
    code, out = run_cli("ask", "who controls dokdo")
    assert code == 0 and "territory-liancourt-rocks-ownership" in out


@pytest.mark.parametrize("kind", ["directory", "device"])
def test_eval_of_something_not_a_file_says_what_it_is(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`eval` given a folder or a device: exit 2 and one line saying what it is, without
    calling the question file a fact file."""
    target = str(tmp_path) if kind == "directory" else os.devnull
    code, out = run_cli("eval", target)
    assert (code, out) == (2, "")
    err = capsys.readouterr().err
    what = "a directory" if kind == "directory" else "a special file (pipe, device, socket)"
    assert err == f"citebot: {target}: {what}, not a plain file\n"


def test_eval_of_an_item_that_cannot_fail_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`eval` of a file whose second item misspells `any_of`: exit 2, one line naming the item
    and the key, no figures (the item was scored as passing any answer: 2/2 = 100%)."""
    good = tmp_path / "good.yaml"
    good.write_text("- {q: who controls dokdo, expect: answer, any_of: [disputed]}\n", "utf-8")
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "- {q: who controls dokdo, expect: answer, any_of: [disputed]}\n"
        "- {q: when was the 1965 treaty signed, expect: answer, anyof: [zzz-never]}\n",
        "utf-8",
    )
    code, out = run_cli("eval", "--summary", str(good), str(questions))
    assert (code, out) == (2, "")
    assert capsys.readouterr().err == (
        f"citebot: {questions}: item 2: unknown key 'anyof' (did you mean 'any_of'?)\n"
    )


def test_sync_without_a_token_is_a_usage_error_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`sync` with no DISCORD_TOKEN: exit 2, one line on stderr, nothing on stdout."""
    code, out = run_cli("sync")
    assert (code, out) == (2, "")
    assert capsys.readouterr().err == "citebot: DISCORD_TOKEN is not set; nothing to sync.\n"


# Imported by Python at start-up (first on PYTHONPATH): importing bot.cli marks a file, then
# waits, so that the test's Ctrl-C lands in the imports, every time.
SLOW_IMPORT = """
import os, pathlib, sys, time

class _Slow:
    def find_spec(self, name, path=None, target=None):
        if name == "bot.cli":
            pathlib.Path(os.environ["IMPORT_MARK"]).touch()
            time.sleep(60)
        return None

sys.meta_path.insert(0, _Slow())
"""


@pytest.mark.parametrize("argv", [["ask", "who controls dokdo"], ["kb", "check"]])
def test_ctrl_c_during_the_imports_is_status_130_without_a_traceback(
    argv: list[str], tmp_path: Path
) -> None:
    """SIGINT while `python -m bot` still imports its command line ends it with 130, as a
    Ctrl-C during the command does, and no KeyboardInterrupt traceback."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SLOW_IMPORT, "utf-8")
    mark = tmp_path / "importing"
    env = plain_env(PYTHONPATH=f"{site}{os.pathsep}{ROOT}", IMPORT_MARK=str(mark))
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *argv],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(3000):  # up to a minute
            if mark.exists() or proc.poll() is not None:
                break
            time.sleep(0.02)
        assert mark.exists(), proc.communicate()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err


def test_ask_with_standard_output_closed_exits_0_without_a_traceback(tmp_path: Path) -> None:
    """`ask` started with fd 1 closed (`>&-`): its answer goes nowhere, as print()'s would,
    and it exits 0; it ended in an AttributeError traceback, status 1."""
    env = plain_env(
        CITEBOT_KNOWLEDGE_DIR=str(ROOT / "knowledge"),
        CITEBOT_DATA_DIR=str(tmp_path / "data"),
        CITEBOT_EMBEDDING_MODEL="off",
    )
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" -m bot ask "who controls dokdo" >&-', sys.executable],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_run_without_token_explains_and_exits_on_eof() -> None:
    """`python -m bot run` without a token says how to get one, then chats until stdin closes."""
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="who controls dokdo\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "CITEBOT_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
            "HOME": str(ROOT),
        },
    )
    assert proc.returncode == 0
    assert "DISCORD_TOKEN" in proc.stdout.splitlines()[0]
    assert "disputed" in proc.stdout
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "locale_io",
    [{}, {"PYTHONIOENCODING": "utf-8:strict"}],
    ids=["c-locale", "strict-like-en_US.UTF-8"],
)
def test_undecodable_bytes_are_read_as_nothing_by_the_console_and_ask(
    locale_io: dict[str, str],
) -> None:
    """Bytes that are not UTF-8 on stdin or in an argument (Python reads them as lone
    surrogates) are dropped: the question is answered, and the console goes on to the next.
    Also where stdin decodes strictly, as under en_US.UTF-8 (the C locale escapes them): the
    first bad byte ended the batch there, with not even the lines before it answered."""
    env = {
        "PATH": "/usr/bin:/bin",
        "CITEBOT_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
        "HOME": str(ROOT),
        **locale_io,
    }
    chat = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input=b"who controls dokdo \xff\xfe\nwho controls dokdo\n",
        capture_output=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout.decode().count("disputed") >= 2
    assert b"codec" not in chat.stdout + chat.stderr
    asked = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", b"who controls dokdo \xff"],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert asked.returncode == 0, asked.stderr
    reply = json.loads(asked.stdout)
    assert reply["answered"] and reply["question"] == "who controls dokdo"
    batch = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        input=b"who controls dokdo\nbad \xff byte\nwho controls dokdo\n",
        capture_output=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert batch.returncode == 0, batch.stderr
    replies = [json.loads(line) for line in batch.stdout.splitlines()]
    assert [r["question"] for r in replies] == [
        "who controls dokdo",
        "bad byte",
        "who controls dokdo",
    ]


def test_version_and_help() -> None:
    """--help lists the sub-commands and --version prints the version."""
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    for command in ("run", "ask", "kb", "eval"):
        assert command in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.stdout.startswith("citebot ")


@pytest.mark.skipif(
    not (SHARED / "eval" / "dev.yaml").exists(), reason="../shared/eval not beside the repo"
)
def test_eval_json_reports_accuracy_and_precision() -> None:
    """`eval --json` on the sample questions gives both accuracies and the precision."""
    _, out = run_cli("eval", str(SHARED / "eval" / "dev.yaml"), "--json")
    report = json.loads(out)
    assert report["answerable"] == 60 and report["declinable"] == 15
    assert 0.0 < report["answer_accuracy"] <= 1.0
    assert report["decline_accuracy"] >= 0.9
    right = round(report["answer_accuracy"] * report["answerable"])
    assert report["precision"] == round(right / report["answered"], 4)


def test_eval_summary_of_several_files_shows_no_failures(tmp_path: Path) -> None:
    """`eval --summary A B` prints each file's accuracy and precision, and no question."""
    first = tmp_path / "first.yaml"
    first.write_text('- {q: "who controls dokdo", expect: answer, any_of: [zzz-never]}\n', "utf-8")
    second = tmp_path / "second.yaml"
    second.write_text('- {q: "any1 up for valorant tonight", expect: none}\n', "utf-8")
    code, out = run_cli("eval", "--summary", str(first), str(second))
    assert code == 0
    assert f"== {first}" in out and f"== {second}" in out
    assert out.count("precision:") == 2
    assert "FAIL" not in out and "dokdo" not in out
    assert "answerable: 0/1" in out  # the first question fails its check, silently


def test_eval_summary_in_json_shows_no_failures(tmp_path: Path) -> None:
    """`eval --summary --json` gives the figures and per-style counts, never the questions (a
    held-out set's failures must not be shown by a mistyped option either)."""
    held_out = tmp_path / "held-out.yaml"
    held_out.write_text(
        '- {q: "who controls dokdo", expect: answer, any_of: [zzz-never], style: blind}\n',
        "utf-8",
    )
    code, out = run_cli("eval", "--summary", "--json", str(held_out))
    assert code == 0
    report = json.loads(out)
    assert "failures" not in report and "dokdo" not in out
    assert report["answerable"] == 1 and report["by_style"]["blind"] == {"ok": 0, "total": 1}


def test_unknown_embedding_model_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A model that cannot load stops the command with one line naming the setting."""
    monkeypatch.setenv("CITEBOT_EMBEDDING_MODEL", "no-such-model")
    code, out = run_cli("ask", "who controls dokdo")
    assert code == 2 and out == ""
    err = capsys.readouterr().err
    assert "CITEBOT_EMBEDDING_MODEL" in err and "no-such-model" in err
    assert "Traceback" not in err


def test_a_console_whose_model_cannot_load_is_not_announced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`run` without a token and with a model that cannot load: a configuration error, exit 2,
    before the console is announced. It printed "No DISCORD_TOKEN set: starting the console
    chat" on stdout first, and the error after, as if the chat had started."""
    monkeypatch.setenv("CITEBOT_EMBEDDING_MODEL", str(tmp_path / "no-such-model"))
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "data"))
    code, out = run_cli("run", stdin="who controls dokdo\n", monkeypatch=monkeypatch)
    assert code == 2 and out == ""
    err = capsys.readouterr().err
    assert err.startswith("citebot: configuration error (CITEBOT_EMBEDDING_MODEL):")
    assert len(err.splitlines()) == 1


def test_ask_says_which_matcher_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The footer and the JSON name the matcher; `off` gives the lexical matcher alone."""
    monkeypatch.setenv("CITEBOT_EMBEDDING_MODEL", "off")
    _, out = run_cli("ask", "--json", "who controls dokdo")
    assert json.loads(out)["matcher"] == "lexical"
    _, text = run_cli("ask", "who controls dokdo")
    assert "· lexical]" in text


@pytest.mark.parametrize(
    ("variable", "value"),
    [("CITEBOT_MODERATION_GUILD_IDS", "home-server"), ("CITEBOT_SHARD_IDS", "0,1")],
)
def test_bad_setting_is_one_line(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad home-server list or shard setting stops with one line naming it, no traceback."""
    monkeypatch.setenv(variable, value)
    monkeypatch.delenv("CITEBOT_SHARD_COUNT", raising=False)
    code, _ = run_cli("run")
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and variable in err and "Traceback" not in err


def test_a_knowledge_file_it_may_not_read_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fact file this process may not read (root's 0600, in an image that runs as another
    user): `ask` names it as `kb check` does, exit 1; it was a PermissionError traceback."""
    import shutil

    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    locked = knowledge / "facts" / "zz.yaml"
    locked.write_text("[]\n", "utf-8")
    real_read = Path.read_bytes

    def refused(path: Path) -> bytes:
        if path.name == "zz.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", refused)
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "data"))
    code, _ = run_cli("ask", "who controls dokdo")
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"{locked}: cannot read file: Permission denied" in err


def test_a_data_directory_path_too_long_costs_only_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder the system refuses to look at (a name of 300 characters) is built
    without, as one that cannot be written is: the question is answered."""
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / ("x" * 300)))
    code, out = run_cli("ask", "--json", "who controls dokdo")
    assert code == 0 and json.loads(out)["answered"]


def test_output_that_cannot_be_written_is_one_line() -> None:
    """`ask > /dev/full`: one line saying so and exit 1, not a traceback."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "ask", "who controls dokdo"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "CITEBOT_EMBEDDING_MODEL": "off"},
        )
    assert proc.returncode == 1
    assert "No space left on device" in proc.stderr and "Traceback" not in proc.stderr


def test_a_save_during_the_consoles_first_load_reaches_its_first_question(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console's watch took its first look at the files after the engine was built (a
    minute at scale): a save landing during that build was taken as already loaded, and the
    console answered from the older files until some other file changed."""
    from bot import cliinput

    facts = tiny_knowledge / "facts" / "islands.yaml"
    original = facts.read_text("utf-8")
    real_load = cliinput.load_engine
    loads = {"n": 0}

    def load_while_saved(*args: Any, **kwargs: Any) -> Any:
        engine = real_load(*args, **kwargs)
        loads["n"] += 1
        if loads["n"] == 1:  # another process's save, landing as the first build ends
            facts.write_text(
                original.replace("claimed by two countries.", "claimed by two states.")
            )
        return engine

    monkeypatch.setattr(cliinput, "load_engine", load_while_saved)
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(tiny_knowledge))
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CITEBOT_EMBEDDING_MODEL", "off")
    monkeypatch.setenv("CITEBOT_WATCH", "1")
    code, text = run_cli("run", stdin="where are the example islands\n", monkeypatch=monkeypatch)
    assert code == 0
    assert "Knowledge reloaded" in text and "two states" in text and "two countries" not in text


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (["ask", "where are the example islands"], None),
        (["ask", "--json", "예시섬은 어디에 있어?"], None),
        (["run"], "where are the example islands\nexample islands location\n"),
        (["kb", "alias", "Example Islands", "예시도"], None),
    ],
)
def test_an_ascii_only_output_gets_escapes_not_an_encoding_error(
    argv: list[str], stdin: str | None, tiny_knowledge: Path, tmp_path: Path
) -> None:
    """On an output that cannot encode the answers' characters (`PYTHONIOENCODING=ascii`, a
    Latin-1 or Shift JIS console), `ask` printed nothing of the answer and exited 2 with
    "'ascii' codec can't encode character '\\u2014'", and the console chat ended at its first
    answer; `kb alias` saved the name, then failed to say so (exit 2). What cannot be shown is
    written as an escape; JSON stays JSON, read back the same."""
    proc = run_bot_with_input(
        argv,
        (stdin or "").encode("utf-8"),
        cwd=tmp_path,
        env=bot_env(tmp_path / "data", tiny_knowledge, PYTHONIOENCODING="ascii"),
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert b"codec" not in proc.stderr
    text = proc.stdout.decode("ascii")  # nothing but ASCII was written
    if argv[0] == "kb":
        assert text == "'\\uc608\\uc2dc\\ub3c4' now means 'Example Islands'\n"
    elif "--json" in argv:
        data = json.loads(text)
        assert data["question"] == "예시섬은 어디에 있어?" and data["fact_id"] == "islands-where"
    else:
        assert "The Example Islands are rocks in the Example Sea" in text
        assert "\\u2014 Tiny Source, section \\u201cIslands\\u201d" in text
    if argv == ["run"]:
        assert text.count("The Example Islands are rocks in the Example Sea") == 2


def test_a_cache_folder_this_user_may_not_open_costs_only_the_cache(tmp_path: Path) -> None:
    """data/cache left by another user with no access for this one (root's command with a
    umask of 077, the bot running as its own user) ended `ask` with "Permission denied",
    exit 1: it is built without, as a cache that cannot be written is. Root passes any mode:
    it runs in a user namespace of its own, where the closed folder binds it too."""
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True)
    (data / "cache").chmod(0)
    prefix = ["unshare", "--user"] if os.geteuid() == 0 else []
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "bot", "ask", "--json", "who controls dokdo"],
            cwd=tmp_path,
            env=bot_env(data, ROOT / "knowledge"),
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        (data / "cache").chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answered"]
    assert "engine cache" in done.stderr and "building without it" in done.stderr


@pytest.mark.parametrize(
    "locale_io",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}],
    ids=["pythonioencoding-ascii", "c-locale-without-utf8-mode"],
)
def test_a_korean_question_on_an_ascii_stdin_is_read_whole(
    locale_io: dict[str, str], tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Where Python is told its input is ASCII, the UTF-8 bytes a terminal or a file sends
    for Korean or Japanese were read as escapes the engine drops: `ask -` and the console
    asked "예시섬은 어디에 있어?" as an empty question. They are read as UTF-8."""
    env = bot_env(tmp_path / "data", tiny_knowledge, **locale_io)
    question = "예시섬은 어디에 있어?\n".encode()
    batch = run_bot_with_input(
        ["ask", "--json", "-"],
        question,
        cwd=tmp_path,
        env=env,
    )
    assert batch.returncode == 0, batch.stderr.decode("utf-8", "replace")
    reply = json.loads(batch.stdout)
    assert reply["question"] == "예시섬은 어디에 있어?" and reply["fact_id"] == "islands-where"
    chat = run_bot_with_input(
        ["run"],
        question,
        cwd=tmp_path,
        env=env,
    )
    assert chat.returncode == 0, chat.stderr.decode("utf-8", "replace")
    assert "The Example Islands are rocks in the Example Sea" in chat.stdout.decode("ascii")


def test_ask_text_batch_puts_each_answer_under_its_question(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """`ask -` as text: answers of several lines were written back to back, so the next
    answer read as the last line of the one before (after its "Related" list) and nothing
    said which question each answered. Each comes under its question, a blank line between,
    the question's control characters shown as escapes."""
    proc = run_bot_with_input(
        ["ask", "-"],
        b"where are the example islands\n\nhow much was trade in 1999\x07\n",
        cwd=tmp_path,
        env=bot_env(tmp_path / "data", tiny_knowledge),
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    text = proc.stdout.decode()
    assert "\x07" not in text
    first, empty, third = text.split("\n\n>")
    assert first.startswith("> where are the example islands\nThe Example Islands are rocks")
    assert empty.startswith("\n")  # the blank line, asked as it was: declined as empty
    assert third.startswith(" how much was trade in 1999\\x07\n")
    assert "US$5 billion" in third and "US$5 billion" not in first


def test_ask_text_batch_shows_an_undecodable_byte_as_an_escape(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """The question above each answer of `ask -` is written as it was read: a byte that is
    not UTF-8 (read as a lone surrogate) ended the batch with "surrogates not allowed", exit
    2, on an output that encodes strictly. It is shown as an escape, and answered."""
    proc = run_bot_with_input(
        ["ask", "-"],
        b"where are the example islands \xff\n",
        cwd=tmp_path,
        env=bot_env(tmp_path / "data", tiny_knowledge, PYTHONIOENCODING="utf-8:strict"),
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    text = proc.stdout.decode("utf-8")
    assert text.startswith("> where are the example islands \\udcff\nThe Example Islands are")


def test_eval_says_n_a_for_a_share_of_nothing_not_100_percent(tmp_path: Path) -> None:
    """A file of questions to decline has no answerable one, and a bot that declines them
    gives no answer: the text said "answerable: 0/0 = 100.0%" and "precision: 0/0 = 100.0%",
    perfect figures for nothing counted. They say n/a; the declines keep their share."""
    report, summary = _eval(
        tmp_path,
        "{q: whats the tallest mountain on earth, expect: none, style: offtopic}",
        "{q: qwertyuiop zxcvbnm, expect: none, style: offtopic}",
    )
    assert report["answerable"] == 0 and report["answered"] == 0, report
    lines = summary.splitlines()
    assert "answerable: 0/0 = n/a" in lines and "precision:  0/0 = n/a" in lines
    assert "declined:   2/2 = 100.0%" in lines


def test_questions_on_lines_ended_by_a_lone_carriage_return_are_asked_one_by_one(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A file saved with classic Mac line ends ("\\r" alone) was read as one line: `ask -`
    asked every question of it as one, and gave one answer. Each line is asked, as a text
    file opened by Python is read; "\\r\\n" still ends one line."""
    proc = run_bot_with_input(
        ["ask", "--json", "-"],
        b"where are the example islands\rhow much was trade in 1999\r\nhello\n",
        cwd=tmp_path,
        env=bot_env(tmp_path / "data", tiny_knowledge),
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["question"] for r in replies] == [
        "where are the example islands",
        "how much was trade in 1999",
        "hello",
    ]
    assert [r["fact_id"] for r in replies[:2]] == ["islands-where", "trade-1999"]
