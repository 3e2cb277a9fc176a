"""The package's layers import one way down (docs/architecture.md).

Every import of the package's own modules is checked, at the top of a module, inside a function
or under ``TYPE_CHECKING``: a module may import its own layer and the layers below it, never one
above. The one reviewed exception: a notebook view or a chart method (``_repr_html_``, ``plot``) of
a lower layer's class imports the writing wing inside the method, as pandas' ``_repr_html_``
imports ``pandas.io.formats``, so that views stay off the import path.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "cigref_ecf"

LAYERS = ("exceptions", "_model", "_read", "_query", "_write", "cli", "__init__", "__main__")
"""Bottom first: each may import its own and the earlier ones."""

VIEW_METHODS = frozenset({"_repr_html_", "plot"})
"""The methods that may reach the writing wing from below (lazily, inside the method)."""

MAX_LINES = 600


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _layer(module: str) -> int:
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    return LAYERS.index(head)


def _imports(path: Path, module: str) -> list[tuple[str, str, int]]:
    """(imported module, enclosing function or '', line) for each import of the package."""
    package = module.split(".")[:-1]
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = child.name
            elif isinstance(child, ast.If) and ast.unparse(child.test) == "TYPE_CHECKING":
                inner = "TYPE_CHECKING"
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package[: len(package) - child.level + 1]
                    target = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    target = child.module or ""
                names = [target] if child.module else [f"{target}.{a.name}" for a in child.names]
                found.extend((t, function, child.lineno) for t in names)
            elif isinstance(child, ast.Import):
                found.extend((a.name, function, child.lineno) for a in child.names)
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return [(t, f, line) for t, f, line in found if t.split(".")[0] == "cigref_ecf"]


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_layer() -> None:
    for path in SOURCES:
        module = _module(path)
        parts = module.split(".")
        assert len(parts) == 1 or parts[1] in LAYERS, f"{module}: not in a layer of {LAYERS}"


def _upward(path: Path, module: str) -> list[str]:
    found = []
    for target, function, line in _imports(path, module):
        if target == "cigref_ecf" or _layer(target) <= _layer(module):
            continue
        if function in VIEW_METHODS and _layer(target) == LAYERS.index("_write"):
            continue
        found.append(f"{module}:{line}: {target} (in {function or 'the module'})")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=_module)
def test_imports_go_down(path: Path) -> None:
    upward = _upward(path, _module(path))
    assert not upward, "imports going up a layer:\n" + "\n".join(upward)


def test_the_layer_test_sees_upward_imports(tmp_path: Path) -> None:
    """Imports at every depth are seen: the module's, a function's, a method's, TYPE_CHECKING's;
    only a view method may reach the writing wing."""
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..exceptions import DataError\n"
        "from .._query import gap\n"  # 3
        "if TYPE_CHECKING:\n"
        "    from .._read.teams import read_assessments\n"  # 5
        "class A:\n"
        "    def _repr_html_(self):\n"
        "        from .._write.html import record_html\n"  # 8: the reviewed exception
        "    def other(self):\n"
        "        from .._write import html\n"  # 10
        "        from cigref_ecf.cli import main\n",  # 11
        encoding="utf-8",
    )
    lines = [line.split(":")[1] for line in _upward(source, "cigref_ecf._model.m")]
    assert lines == ["3", "5", "10", "11"]
    assert _upward(source, "cigref_ecf.cli.m") == []


def test_no_import_circle_at_run_time() -> None:
    """Modules import each other in no circle when they run: only the lazy view methods (the
    reviewed exception) and type checkers' imports may close one."""
    graph: dict[str, set[str]] = {}
    for path in SOURCES:
        module = _module(path).removesuffix(".__init__")
        graph[module] = {
            target.removesuffix(".__init__")
            for target, function, _ in _imports(path, _module(path))
            if function not in VIEW_METHODS | {"TYPE_CHECKING"} and target != "cigref_ecf"
        }
    circles = [component for component in _strongly_connected(graph) if len(component) > 1]
    assert circles == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of ``graph``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_circle_test_sees_a_circle() -> None:
    assert _strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"],
        ["d"],
    ]


@pytest.mark.parametrize("path", SOURCES, ids=_module)
def test_a_module_reads_in_one_sitting(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)}: {lines} lines (at most {MAX_LINES})"
