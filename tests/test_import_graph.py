"""The import graph of bot/: no cycles, and data flows one way, from front ends to the core."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "bot"
FRONT_ENDS = (
    "bot.cli",
    "bot.console",
    "bot.kbcli",
    "bot.kbargs",
    "bot.kbedit",
    "bot.health",
    "bot.__main__",
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Modules of bot/ that `module` imports at run time (TYPE_CHECKING blocks aside)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            found.add(target)
            # `from pkg import module` imports the module too.
            found.update(f"{target}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of bot/ and the modules of bot/ it imports."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text("utf-8"))
        targets = _imports(tree, name, path.name == "__init__.py")
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := walk(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


def test_bot_has_no_import_cycle() -> None:
    """No chain of imports in bot/ leads back to where it started."""
    assert find_cycle(import_graph()) is None


def test_cycle_finder_finds_a_cycle() -> None:
    """The finder itself reports a cycle when there is one (so the test above can fail)."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_core_never_imports_a_front_end_or_discord() -> None:
    """bot.core imports neither the CLI, the console, the renderer nor the Discord adapter."""
    for module, targets in import_graph().items():
        if module.startswith("bot.core"):
            bad = {t for t in targets if t.startswith(("bot.discord", "bot.render", *FRONT_ENDS))}
            assert not bad, f"{module} imports {bad}"


def test_discord_adapter_never_imports_cli_or_console() -> None:
    """bot.discord imports the core and its own modules, never another front end."""
    for module, targets in import_graph().items():
        if module.startswith("bot.discord"):
            bad = {t for t in targets if t.startswith(FRONT_ENDS)}
            assert not bad, f"{module} imports {bad}"
