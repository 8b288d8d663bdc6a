"""Several processes saving into one knowledge directory at once (bot shards, a moderator's
`kb` command beside the running bot) lose nothing: every save lands whole, in the files and
in the audit log, and the files stay valid."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from bot.core.knowledge.loader import load_knowledge
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
