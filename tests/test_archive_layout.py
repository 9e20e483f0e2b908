"""The archive package stays readable: no import cycles between its modules, imports at the
top of each module, and no module too long to read at once."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "digibord" / "archive"
MAX_LINES = 400
# keyring costs 130-290 ms to import (jaraco, urllib): only when the key is needed, never at
# the start of every command (python -X importtime -c "import keyring").
LAZY = {"keyring", "keyring.backends"}


def _modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.glob("*.py")}


def _archive_imports(tree: ast.Module) -> set[str]:
    """The sibling modules a module imports (`from digibord.archive import x` counts x when x
    is a module, `from digibord.archive.x import ...` counts x)."""
    names = {p.stem for p in PACKAGE.glob("*.py")}
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "digibord.archive":
                found |= {a.name for a in node.names if a.name in names}
            elif node.module.startswith("digibord.archive."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[2] for a in node.names
                      if a.name.startswith("digibord.archive.")}
    return found


def test_no_import_cycles_inside_the_archive():
    graph = {name: _archive_imports(tree) - {name} for name, tree in _modules().items()}
    graph.pop("__init__")
    for deps in graph.values():
        deps.discard("__init__")
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " -> ".join((*path, name))
        if name in done:
            return
        for dep in sorted(graph.get(name, ())):
            visit(dep, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def _imported(node: ast.Import | ast.ImportFrom) -> set[str]:
    if isinstance(node, ast.ImportFrom):
        return {node.module or ""}
    return {a.name for a in node.names}


def _top_level(tree: ast.Module) -> list[ast.stmt]:
    """The module's own statements, with those of an `if TYPE_CHECKING:` block (imports for
    type hints only) counted as the module's."""
    body = list(tree.body)
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) \
                and node.test.id == "TYPE_CHECKING":
            body += node.body
    return body


def test_imports_are_at_the_top_of_each_module():
    for name, tree in _modules().items():
        top = _top_level(tree)
        nested = [node.lineno for node in ast.walk(tree)
                  if isinstance(node, ast.Import | ast.ImportFrom)
                  and node not in top and _imported(node) - LAZY]
        assert nested == [], f"{name}.py imports inside a function at lines {nested}"


def test_every_module_is_small_enough_to_read_at_once():
    for path in PACKAGE.glob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.name}: {lines} lines"
