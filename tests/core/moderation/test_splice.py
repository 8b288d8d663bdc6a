"""Saves keep moderators' comments and layout: only the changed values' lines are rewritten."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.yamldump import dump_yaml
from bot.core.moderation import changes
from bot.core.moderation import splice as splice_module
from bot.core.moderation.edits import fact_to_mapping
from bot.core.moderation.splice import splice
from bot.core.moderation.store import Actor, FactInput, KnowledgeStore

MOD = Actor(42, "mod")

COMMENTED = textwrap.dedent(
    """\
    # Islands: read AUTHORING.md first.
    topic: Islands
    facts:
      # Checked against the source on 2026-11-30 (mika).
      - id: islands-where
        # keep the Korean phrasing: members ask it weekly
        questions:
          - Where are the Example Islands?
          - which sea are the sample rocks in   # typo-free on purpose
          - example islands location
          # another Korean phrasing is welcome
          - 예시섬은 어디에 있어?
        answer: The Example Islands are rocks in the Example Sea, claimed by two countries.
        sources:
          - source: tiny
            section: Islands
            # the first sentence only; the second is in a fact of its own
            quote: The Example Islands are a group of rocks in the Example Sea.
        tags: [islands]   # more tags later

      # Trade figures: do not round them.
      - id: trade-1999
        questions:
          - How much was trade in 1999?
          - trade volume between the two countries
          # a year-less phrasing
          - what was the 1999 trade figure
          - how big was bilateral trade
        answer: Trade between the two countries was US$5 billion in 1999.
        sources:
          - source: tiny
            section: Trade
            quote: Trade between the two countries was US$5 billion in 1999.
        tags: [trade]
    # end of file: new facts go above this line
    """
)


def comments(text: str) -> list[str]:
    """Every comment in a YAML text, in order (the facts hold no '#' of their own)."""
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


@pytest.fixture
def commented(tiny_knowledge: Path, tmp_path: Path) -> tuple[KnowledgeStore, Path]:
    """A store over the tiny knowledge whose fact file carries comments everywhere."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    path.write_text(COMMENTED, "utf-8")
    return KnowledgeStore(tiny_knowledge, tmp_path / "data"), path


def test_editing_one_fact_keeps_every_comment(commented: tuple[KnowledgeStore, Path]) -> None:
    """Comments above, between and inside facts survive an edit of the first fact; the other
    fact's lines are untouched, and the file loads to exactly the live facts."""
    store, path = commented
    fact = store.kb.fact("islands-where")
    assert fact is not None
    fields = replace(
        FactInput.from_fact(fact),
        answer="The Example Islands are a group of rocks in the Example Sea.",
    )
    store.edit_fact(fact.id, fields, MOD, store.version_of(fact.id))

    text = path.read_text("utf-8")
    assert comments(text) == comments(COMMENTED)
    trade = COMMENTED[COMMENTED.index("  # Trade figures") :]
    assert text.endswith(trade)
    assert "answer: The Example Islands are a group of rocks in the Example Sea.\n" in text
    assert "updated_by: mod" in text
    assert load_knowledge(path.parent.parent).facts == store.kb.facts


def test_editing_the_questions_keeps_comments_between_them(
    commented: tuple[KnowledgeStore, Path],
) -> None:
    """A phrasing added to a list goes in beside the others; the comments in the list stay."""
    store, path = commented
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    fields = replace(
        FactInput.from_fact(fact), questions=[*fact.questions, "trade figure for 1999"]
    )
    store.edit_fact(fact.id, fields, MOD, store.version_of(fact.id))
    text = path.read_text("utf-8")
    assert comments(text) == comments(COMMENTED)
    assert "      - how big was bilateral trade\n      - trade figure for 1999\n" in text
    assert load_knowledge(path.parent.parent).facts == store.kb.facts


def test_add_and_remove_keep_the_comments(commented: tuple[KnowledgeStore, Path]) -> None:
    """An added fact is appended in the canonical form; removing a fact keeps the comments
    around it (the one above it may speak about the place, not the fact), and only those
    inside it go with it."""
    store, path = commented
    fields = FactInput.from_lines(
        "How many countries claim the Example Islands?\nwho claims the sample rocks\n"
        "is the example islands ownership disputed\nhow many claimants are there\n",
        "Two countries claim the Example Islands.",
        "tiny",
        "Islands",
        "The Example Islands are a group of rocks in the Example Sea.[1] They are claimed by two countries.",
    )
    added = store.add_fact(fields, MOD, "islands")
    text = path.read_text("utf-8")
    assert comments(text) == comments(COMMENTED)
    assert text.index("- id: trade-1999") < text.index(f"- id: {added.id}")
    store.remove_fact("trade-1999", MOD)
    text = path.read_text("utf-8")
    assert "trade-1999" not in text and "US$5 billion" not in text
    assert comments(text) == [c for c in comments(COMMENTED) if c != "# a year-less phrasing"]
    assert load_knowledge(path.parent.parent).facts == store.kb.facts


def test_removing_with_its_links_keeps_the_comments(tiny_knowledge: Path, tmp_path: Path) -> None:
    """`kb remove --unlink` edits each linking fact, then removes the fact: every step edits
    the file in place, so the comments survive (each step used to rewrite it canonically)."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    linked = COMMENTED.replace(
        "    tags: [islands]   # more tags later\n",
        "    tags: [islands]   # more tags later\n    see_also: [trade-1999]\n",
    )
    path.write_text(linked, "utf-8")
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    assert store.kb.fact("islands-where").see_also == ("trade-1999",)  # type: ignore[union-attr]
    store.remove_fact("trade-1999", MOD, unlink=True)
    text = path.read_text("utf-8")
    assert "trade-1999" not in text
    assert comments(text) == [c for c in comments(COMMENTED) if c != "# a year-less phrasing"]
    assert load_knowledge(tiny_knowledge).facts == store.kb.facts


def test_kb_alias_keeps_the_comments_of_aliases_yaml(tiny_knowledge: Path, tmp_path: Path) -> None:
    """A name added to a group rewrites that group's names only (its end-of-line comment
    stays); a new group is appended."""
    path = tiny_knowledge / "aliases.yaml"
    original = textwrap.dedent(
        """\
        # Aliases: one group per thing.
        aliases:
          # The islands of the tiny source.
          - canonical: Example Islands
            names: [Sample Rocks, 예시섬]   # Korean name checked
            note: the islets of the tiny source
        # terms come later
        """
    )
    path.write_text(original, "utf-8")
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    store.add_alias("Example Islands", "Demo Reefs", MOD)
    store.add_alias("Example Sea", "Sample Sea", MOD)
    text = path.read_text("utf-8")
    assert comments(text) == comments(original)
    assert "note: the islets of the tiny source" in text
    groups = {g.canonical: g.names for g in load_knowledge(tiny_knowledge).aliases}
    assert groups == {
        "Example Islands": ("Sample Rocks", "예시섬", "Demo Reefs"),
        "Example Sea": ("Sample Sea",),
    }


SHIPPED = Path(__file__).resolve().parents[3] / "knowledge"


@pytest.mark.parametrize("name", sorted(p.name for p in (SHIPPED / "facts").glob("*.yaml")))
def test_a_splice_into_a_canonical_file_is_canonical(name: str) -> None:
    """In a file in the canonical form, changing a fact's answer and appending a fact give
    exactly the text a whole-file canonical dump gives (same indentation, same folding)."""
    text = (SHIPPED / "facts" / name).read_text("utf-8")
    data = yaml.safe_load(text)
    canonical = dump_yaml(data)
    if text != canonical:
        pytest.skip(f"{name} is not in the canonical form on this branch")
    facts = data["facts"]
    facts[len(facts) // 2]["answer"] = "A changed answer, long enough to be folded: " + " ".join(
        ["word"] * 40
    )
    facts.append({**facts[0], "id": "appended-fact"})
    assert splice(text, data) == dump_yaml(data)


def test_splice_rewrites_a_flow_style_fact_canonically() -> None:
    """A fact written as one flow mapping cannot be edited line by line: only it is rewritten."""
    text = "# head\ntopic: T\nfacts:\n- {id: a, answer: x}\n# between\n- id: b\n  answer: y\n"
    data = yaml.safe_load(text)
    data["facts"][0]["answer"] = "z"
    out = splice(text, data)
    assert (
        out == "# head\ntopic: T\nfacts:\n- id: a\n  answer: z\n# between\n- id: b\n  answer: y\n"
    )


def test_splice_refuses_text_that_is_not_yaml() -> None:
    """Broken text is never patched: the caller writes the canonical form instead."""
    assert splice("facts: [unclosed\n", {"facts": []}) is None


def test_fmt_still_normalises_and_drops_inner_comments(
    commented: tuple[KnowledgeStore, Path],
) -> None:
    """`kb fmt` on request writes the canonical form (the header comment is kept)."""
    store, path = commented
    assert store.format_all() == ["facts/islands.yaml"]
    text = path.read_text("utf-8")
    assert comments(text) == ["# Islands: read AUTHORING.md first."]
    mappings = [fact_to_mapping(f) for f in store.kb.facts]
    assert text == "# Islands: read AUTHORING.md first.\n" + dump_yaml(
        {"topic": "Islands", "facts": mappings}
    )


def test_kb_edit_from_the_command_line_keeps_comments(
    tiny_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m bot kb edit` of one fact keeps the comments written around another."""
    import io

    from bot.cli import main

    path = tiny_knowledge / "facts" / "islands.yaml"
    path.write_text(COMMENTED, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(tiny_knowledge))
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "data"))
    out = io.StringIO()
    status = main(
        ["kb", "edit", "trade-1999", "--answer", "Bilateral trade was US$5 billion in 1999."],
        out=out,
    )
    assert status == 0, out.getvalue()
    text = path.read_text("utf-8")
    assert comments(text) == comments(COMMENTED)
    assert "Bilateral trade was US$5 billion in 1999." in text
    shutil.rmtree(tmp_path / "data")


def test_a_rewritten_value_keeps_its_own_comments() -> None:
    """A rewritten phrasing keeps its end-of-line comment; a comment line inside a rewritten
    flow list moves above the key."""
    text = textwrap.dedent(
        """\
        facts:
        - id: a
          questions:
          - old phrasing   # asked in #general
          - kept
          tags: [x,
            # y is coming
            z]
        """
    )
    data = yaml.safe_load(text)
    data["facts"][0]["questions"][0] = "new phrasing"
    data["facts"][0]["tags"] = ["x", "y", "z"]
    out = splice(text, data)
    assert out is not None and yaml.safe_load(out) == data
    assert "  - new phrasing   # asked in #general\n" in out
    assert "  # y is coming\n  tags: [x, y, z]\n" in out


def test_a_save_parses_the_file_once_and_its_result_once(
    commented: tuple[KnowledgeStore, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planning a save parses the fact file once (the splice reuses that parse) and the
    spliced text once; besides, only the changed fact's own item is parsed, to validate it."""
    store, path = commented
    sizes: list[int] = []
    for module in (changes, splice_module):
        real = module.parse_yaml

        def counting(text: str, *args: str, real: Any = real) -> Any:
            sizes.append(len(text))
            return real(text, *args)

        monkeypatch.setattr(module, "parse_yaml", counting)
    fact = store.kb.facts[0]
    fields = replace(FactInput.from_fact(fact), answer="A changed answer.")
    store.edit_fact(fact.id, fields, MOD, store.version_of(fact.id))
    assert store.kb.fact(fact.id).answer == "A changed answer."
    whole = len(path.read_text("utf-8")) // 2
    assert len([n for n in sizes if n > whole]) == 2
    assert len(sizes) == 3


def test_a_file_with_windows_line_ends_keeps_them(tiny_knowledge: Path, tmp_path: Path) -> None:
    """A fact file saved with \\r\\n keeps its line ends through an edit, so the edit changes its
    own lines only (every line used to change, to \\n)."""
    path = tiny_knowledge / "facts" / "islands.yaml"
    path.write_bytes(COMMENTED.replace("\n", "\r\n").encode("utf-8"))
    store = KnowledgeStore(tiny_knowledge, tmp_path / "data")
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    fields = replace(FactInput.from_fact(fact), answer="Trade was US$5 billion in 1999.")
    store.edit_fact(fact.id, fields, MOD, store.version_of(fact.id))
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")  # every line ends in \r\n
    before, after = COMMENTED.splitlines(), data.decode("utf-8").splitlines()
    changed = [line for line in after if line not in before]
    assert len(changed) <= 3, changed  # the answer, and the author's stamp
    assert load_knowledge(tiny_knowledge).facts == store.kb.facts


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_a_value_holding_a_yaml_line_break_keeps_the_comments(
    commented: tuple[KnowledgeStore, Path], separator: str
) -> None:
    """NEL (a Windows-1252 ellipsis read as Latin-1) and the Unicode line and paragraph
    separators are line breaks to YAML: a value holding one is written double-quoted and
    escaped, so it reads back as typed and the edit stays in place (it read back otherwise,
    and the store rewrote the whole file canonically, dropping every comment). Carried by the
    author's name: a list item (a question) may no longer hold a line break at all."""
    store, path = commented
    fact = store.kb.fact("trade-1999")
    assert fact is not None
    typed = f"mod{separator}name"
    fields = replace(FactInput.from_fact(fact), answer="Trade was US$5 billion in 1999.")
    store.edit_fact(fact.id, fields, Actor(42, typed), store.version_of(fact.id))
    assert comments(path.read_text("utf-8")) == comments(COMMENTED)
    saved = load_knowledge(path.parent.parent).fact("trade-1999")
    assert saved is not None and saved.updated_by == typed
