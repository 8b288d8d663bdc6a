"""Several processes saving into one knowledge directory at once (bot shards, a moderator's
`kb` command beside the running bot) lose nothing: every save lands whole, in the files and
in the audit log, and the files stay valid."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from bot.core.knowledge.loader import load_knowledge
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore
from tests.conftest import ROOT

WRITERS = ("alpha", "bravo", "charlie", "delta")
SAVES = ("one", "two", "three")

# One writer: its own store over the shared directories, three facts added to the same topic
# file as every other writer's, one after another, as fast as it can.
WRITER = textwrap.dedent(
    """\
    import sys
    from dataclasses import replace
    from pathlib import Path
    from bot.core.moderation.store import Actor, FactInput, KnowledgeStore

    knowledge, data, name, saves = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4:]
    store = KnowledgeStore(knowledge, data)
    for save in saves:
        fields = FactInput.from_lines(
            f"how many countries claim the example islands, {name} asks for the {save} time\\n"
            f"who claims the sample rocks in {name}'s {save} question\\n"
            f"is the ownership of the example islands disputed, {name} {save}\\n"
            f"how many claimants are there for the islands per {name} {save}\\n",
            "Two countries claim the Example Islands.",
            "tiny",
            "Islands",
            "The Example Islands are a group of rocks in the Example Sea.[1] They are claimed by "
            "two countries.",
        )
        fields = replace(fields, fact_id=f"claims-{name}-{save}")
        store.add_fact(fields, Actor(1, name), "islands")
    store.close(timeout=30)
    """
)


def test_saves_from_several_processes_at_once_all_land(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """Four processes add three facts each to the same file at the same time: all twelve are in
    the file and in the audit log, numbered without a gap or a repeat, and the files load
    without a problem."""
    data = tmp_path / "data"
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "CITEBOT_EMBEDDING_MODEL": "off"}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tiny_knowledge), str(data), name, *SAVES],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for name in WRITERS
    ]
    for writer in writers:
        output, _ = writer.communicate(timeout=300)
        assert writer.returncode == 0, output.decode(errors="replace")

    kb = load_knowledge(tiny_knowledge)  # raises KnowledgeError on any problem
    expected = {f"claims-{name}-{save}" for name in WRITERS for save in SAVES}
    assert expected <= {fact.id for fact in kb.facts}
    lines = [json.loads(line) for line in (data / "audit.jsonl").read_text("utf-8").splitlines()]
    assert sorted(line["fact_id"] for line in lines) == sorted(expected)
    assert sorted(line["n"] for line in lines) == list(range(1, len(expected) + 1))


# A writer killed between its audit line and its file: `write_atomic` ends the process.
KILLED = textwrap.dedent(
    """\
    import os, signal, sys
    from dataclasses import replace
    from pathlib import Path
    import bot.core.moderation.commit as commit
    import bot.core.moderation.store as store

    commit.write_atomic = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
    st = store.KnowledgeStore(Path(sys.argv[1]), Path(sys.argv[2]))
    fact = st.kb.fact("trade-1999")
    fields = replace(store.FactInput.from_fact(fact), answer="Killed before landing.")
    st.edit_fact("trade-1999", fields, store.Actor(2, "killed"), st.version_of("trade-1999"))
    """
)


def test_a_killed_writers_entry_is_dropped_by_the_next_save_of_a_running_store(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """A process killed after its audit line and before its file leaves an entry whose change
    never happened. A store already running, saving next, drops it first: once buried under a
    later entry, no start-up found it, and history showed a change that never was."""
    data = tmp_path / "data"
    running = KnowledgeStore(tiny_knowledge, data)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "CITEBOT_EMBEDDING_MODEL": "off"}
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, str(tiny_knowledge), str(data)], env=env, timeout=300
    )
    assert killed.returncode == -9
    fact = running.kb.fact("trade-1999")
    assert fact is not None
    fields = replace(FactInput.from_fact(fact), answer="A real later change.")
    running.edit_fact("trade-1999", fields, Actor(3, "live"), running.version_of("trade-1999"))

    history = KnowledgeStore(tiny_knowledge, data).history("trade-1999")
    assert [(e.n, e.user_name) for e in history] == [(1, "live")]
    assert history[0].before is not None and history[0].before["answer"] == fact.answer
