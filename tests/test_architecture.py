"""The layering contract, read from the code's own imports (ast, nothing is run):

    formats ← reconcile ← reports ← export ← app ← commands / ui        archive beside

with the base modules (i18n, paths, errors, money, argparse_nl) below everything, Qt only in the
window, no import cycle between modules, and imports at the top of modules except the few lazy
ones listed (and measured) in LAZY_IMPORTS."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "digibord"
BASE = {"digibord", "digibord.i18n", "digibord.paths", "digibord.errors", "digibord.money",
        "digibord.argparse_nl", "digibord.local_time", "digibord.json_output"}
# layer -> the layers it may import (besides itself and the base modules)
ALLOWED = {
    "formats": set(),
    "reconcile": {"formats"},
    "archive": {"formats"},
    "reports": {"formats", "reconcile"},
    "export": {"formats", "reconcile", "reports"},
    "app": {"formats", "reconcile", "reports", "export", "archive"},
    "commands": {"formats", "reconcile", "reports", "export", "archive", "app"},
    "ui": {"formats", "reconcile", "reports", "export", "archive", "app"},
    "cli": {"commands", "formats"},
    "__main__": {"cli"},
}
# single modules that may reach past their layer, and why
EXCEPTIONS = {
    ("digibord.commands.gui", "ui"),  # `digibord gui` opens the window
    ("digibord.cli", "ui"),  # `digibord` without a command opens the window
}
# Imports inside functions that are there on purpose: module -> function names. Each is a
# start-up measure (bench/bench_startup.py prints what they save) or a frozen-bundle check.
LAZY_IMPORTS = {
    "digibord.cli": {"_run", "_write_crash_log"},  # the window (Qt, 0.3 s), the self-test and
    # traceback (1-1.5 ms of a start): only when asked, or on a crash
    # a broken bundle must report a missing module as a failed check, not crash on import
    "digibord.commands.selftest": {"check_layouts", "check_profiles", "check_demo",
                                   "_demo_export", "check_excel", "check_keyring",
                                   "check_archive", "check_qt"},
    "digibord.paths": {"user_config_dir", "user_data_dir"},  # platformdirs: rarely needed
    "digibord.commands.output": {"print_json"},  # orjson: only when JSON is printed
    # pandas (0.3 s): only when frames are built, so `check` never loads it (bench_startup)
    "digibord.formats.reader": {"build"},
    # keyring and its backends (130-290 ms): only when the archive needs its key
    "digibord.archive.keystore": {"_backend", "keyring_usable"},
    # the window's first frame without pandas, the archive and the renderers (~1 s of imports,
    # bench_ui_start): the views and what comes with them are built after it (docs/ui.md)
    "digibord.ui.main_window": {"build_views", "_build_month_end", "_completed", "_busy",
                                "closeEvent"},
    "digibord.ui.loader": {"in_archive"},  # the archive's modules, on the loader's worker
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(name: str, base: str | None = None) -> str | None:
    """The module of ours an imported name refers to (the longest known prefix)."""
    if base:
        candidate = f"{name}.{base}" if name else base
        if candidate in MODULES:
            return candidate
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str) -> list[tuple[str, int, str | None]]:
    """(imported module of ours or a third-party top name, line, enclosing function)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out = []

    def visit(node, func: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name if func is None else func)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    out.append((_resolve(alias.name) or alias.name, child.lineno, func))
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                for alias in child.names:
                    target = _resolve(child.module, alias.name) or child.module
                    out.append((target, child.lineno, func))
            elif isinstance(child, ast.If) and _is_type_checking(child):
                continue  # typing only: not an import at run time
            else:
                visit(child, func)

    visit(tree, None)
    return out


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _layer(module: str) -> str:
    if module in BASE:
        return "base"
    return module.split(".")[1]


def test_layers_import_only_downwards():
    wrong = []
    for module in MODULES:
        layer = _layer(module)
        if layer == "base":
            allowed = set()
        else:
            allowed = ALLOWED[layer] | {layer}
        for target, line, _func in _imports(module):
            if not target.startswith("digibord"):
                continue
            other = _layer(target)
            if other == "base" or other in allowed or (module, other) in EXCEPTIONS:
                continue
            wrong.append(f"{module}:{line} imports {target}")
    assert wrong == []


def test_qt_only_in_the_window():
    wrong = [f"{m}:{line}" for m in MODULES for target, line, func in _imports(m)
             if target.startswith("PySide6") and _layer(m) != "ui"
             and not (m == "digibord.commands.selftest" and func == "check_qt")]
    assert wrong == []


def test_no_import_cycles():
    graph = defaultdict(set)
    for module in MODULES:
        for target, _line, _func in _imports(module):
            if target in MODULES and target != module:
                graph[module].add(target)
    # Tarjan's strongly connected components
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = [0]

    def strongconnect(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in list(MODULES):
        if v not in index:
            strongconnect(v)
    assert cycles == []


def test_imports_at_the_top():
    lazy = [f"{m}:{line} in {func}()" for m in MODULES for _t, line, func in _imports(m)
            if func is not None and func not in LAZY_IMPORTS.get(m, set())]
    assert lazy == []



def _public_functions():
    """Module-level functions and methods of module-level public classes whose names do not
    start with an underscore (and __init__), with their module."""
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield module, node
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        yield module, item


def test_public_functions_have_type_hints():
    """Every public function says what it takes and gives: the seams between packages are
    read (and checked by tools) from the signatures."""
    missing = []
    for module, f in _public_functions():
        if f.name.startswith("_") and f.name != "__init__":
            continue
        args = [a for a in (*f.args.posonlyargs, *f.args.args, *f.args.kwonlyargs)
                if a.arg not in ("self", "cls")]
        bad = [a.arg for a in args if a.annotation is None]
        if f.returns is None and f.name != "__init__":
            bad.append("return")
        if bad:
            missing.append(f"{module}.{f.name} (line {f.lineno}): {', '.join(bad)}")
    assert missing == []
