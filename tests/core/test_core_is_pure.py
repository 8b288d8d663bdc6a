"""bot/core must never import discord: the CLI and the bot are thin front ends over it."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT


def test_no_discord_import_in_core_source() -> None:
    """No module under bot/core imports discord, directly or by `from`."""
    for path in (ROOT / "bot" / "core").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            assert not any(n == "discord" or n.startswith("discord.") for n in names), path


def test_importing_core_does_not_load_discord() -> None:
    """Importing the whole core in a fresh interpreter leaves discord unloaded."""
    code = (
        "import sys, bot.core.engine.answer, bot.core.knowledge.loader, bot.core.engine.evaluation,"
        " bot.core.knowledge.coverage, bot.core.moderation.store;"
        "print('discord' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.stdout.strip() == "False"
