"""The knowledge directory's files as the scans see them: symlinked folders followed, once."""

from __future__ import annotations

from pathlib import Path

from bot.core.knowledge.files import knowledge_files


def test_symlinked_folders_are_followed_and_a_loop_is_read_once(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    (root / "sources").mkdir(parents=True)
    (root / "aliases.yaml").write_text("[]")
    (root / "sources" / "doc.md").write_text("text")
    elsewhere = tmp_path / "checkout"
    elsewhere.mkdir()
    (elsewhere / "trade.yaml").write_text("[]")
    (root / "facts").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "up").symlink_to(root, target_is_directory=True)  # a loop back to the root
    found = sorted(p.relative_to(root).as_posix() for p in knowledge_files(root))
    assert found == ["aliases.yaml", "facts/trade.yaml", "sources/doc.md"]


def test_a_missing_root_has_no_files(tmp_path: Path) -> None:
    assert knowledge_files(tmp_path / "nowhere") == []


def test_what_editors_and_tools_keep_is_left_out(tmp_path: Path) -> None:
    """Swap, backup and auto-save files and hidden folders (a checkout's .git) are not listed."""
    root = tmp_path / "knowledge"
    for name in (
        "facts/trade.yaml",
        "facts/trade.yaml~",
        "facts/.trade.yaml.swp",
        "#aliases.yaml#",
        ".git/index",
        "sources/.drafts/doc.md",
        "sources/doc.md",
        "#notes.md",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    found = sorted(p.relative_to(root).as_posix() for p in knowledge_files(root))
    assert found == ["#notes.md", "facts/trade.yaml", "sources/doc.md"]
