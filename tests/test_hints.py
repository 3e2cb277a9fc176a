"""Every hint in an error names only arguments and options that exist (issue 22): the keyword
arguments (``ignore=``) a message names are parameters of the function that raised it, and the
options (``--ignore-column``) are options of the command that printed it."""

from __future__ import annotations

import argparse
import ast
import contextlib
import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import cigref_ecf
from cigref_ecf import CigrefEcfError, cli

from .test_cli import run

SRC = Path(cigref_ecf.__file__).parent
_KEYWORD = re.compile(r"(?<![\w.'\"=-])([a-z_]+)=(?![=\w'\"])")
_OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z-]+)")


def _keywords(text: str) -> set[str]:
    return set(_KEYWORD.findall(text))


def _options(text: str) -> set[str]:
    return set(_OPTION.findall(text))


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    root = cli._app.parser()
    action = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _cli_options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--")}


def _messages(call: Callable[[], object]) -> str:
    try:
        call()
    except CigrefEcfError as exc:
        return str(exc) + "\n" + "\n".join(str(p) for p in getattr(exc, "problems", ()))
    raise AssertionError("no error")


MESSY_MATRIX = b"Poste;Commentaire;B1 - Design;B9;famille\r\nX;;4+;;\r\nX;;3;;F\r\nbad code;;;;\r\n"
MESSY_TEAM = "Réf;Nom;B1;B9\n1;a;4+;\n1;b;3;\n"
MESSY_LONG_TEAM = "who;competence;level;remark\nana;B1;3;x\n"

CALLS: dict[str, tuple[Callable[[], object], Callable[..., object]]] = {
    "read_matrix": (lambda: cigref_ecf.read_matrix(MESSY_MATRIX, format="csv"),
                    cigref_ecf.read_matrix),
    "read_matrix (cigref)": (
        lambda: cigref_ecf.read_matrix(b"profile;famille;B1\r\n3.2;;3\r\nNEW;;2\r\n", format="csv",
                                       base="cigref"), cigref_ecf.read_matrix),
    "read_assessments (wide)": (lambda: cigref_ecf.read_assessments(MESSY_TEAM),
                                cigref_ecf.read_assessments),
    "read_assessments (long)": (lambda: cigref_ecf.read_assessments(MESSY_LONG_TEAM),
                                cigref_ecf.read_assessments),
    "read_assessments (two person columns)": (
        lambda: cigref_ecf.read_assessments("matricule;nom;B1\n1;a;3\n"),
        cigref_ecf.read_assessments),
    "rank_profiles_batch (frame)": (
        lambda: cigref_ecf.rank_profiles_batch(pd.DataFrame({"Réf": [1], "Nom": ["a"], "B1": [3]})),
        cigref_ecf.rank_profiles_batch),
    "rank_profiles_batch (records)": (
        lambda: cigref_ecf.rank_profiles_batch([{"id": 1, "Nom": "a", "B1": 3}]),
        cigref_ecf.rank_profiles_batch),
    "rank_profiles (a team)": (
        lambda: cigref_ecf.rank_profiles({"ana": {"B1": 3}, "bob": {"B1": 2}}),
        cigref_ecf.rank_profiles),
    "gap (a team)": (lambda: cigref_ecf.gap("3.2", {"ana": {"B1": 3}}),
                     cigref_ecf.gap),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CALLS))
def test_the_keywords_an_error_names_are_the_functions_own(name: str) -> None:
    call, function = CALLS[name]
    text = _messages(call)
    named = _keywords(text)
    parameters = set(inspect.signature(function).parameters)
    # A hint may name another function's keywords when it names that function, as in
    # "training_needs(profile, team)"; then they are that function's.
    others = {
        other: set(inspect.signature(getattr(cigref_ecf, other)).parameters)
        for other in re.findall(r"\b([a-z_]+)\(", text)
        if callable(getattr(cigref_ecf, other, None))
    }
    allowed = parameters.union(*others.values())
    assert named <= allowed, (named - allowed, text)


CLI_CALLS = {
    "import": (MESSY_MATRIX, "matrice.csv", []),
    "rank": (MESSY_TEAM.encode(), "team.csv", []),
    "gap": (MESSY_LONG_TEAM.encode(), "team.csv", ["--profile", "3.2"]),
    "training-needs": (MESSY_TEAM.encode(), "team.csv", ["--profile", "3.2"]),
    "validate": (MESSY_MATRIX, "matrice.csv", []),
}


@pytest.mark.parametrize("command", list(CLI_CALLS))
def test_the_options_an_error_names_are_the_commands_own(command: str, tmp_path: Path) -> None:
    data, name, extra = CLI_CALLS[command]
    path = tmp_path / name
    path.write_bytes(data)
    result = run(command, str(path), *extra)
    assert result.returncode == 1
    text = result.stdout + result.stderr
    named = _options(text)
    assert named, text  # each of these errors says which option answers it
    own = _cli_options(_subparsers()[command])
    if command == "validate":
        own |= _cli_options(_subparsers()["import"])  # validate says to run import with them
    assert named <= own, (named - own, text)
    assert "see .problems" not in text  # a Python hint, not the shell user's terms


def test_every_option_and_keyword_in_a_message_exists() -> None:
    """Over the package's source: every ``--option`` in a string (not a docstring) is an option
    of some command, and every ``name=`` a parameter of some public function or method."""
    options = set().union(*(_cli_options(p) for p in _subparsers().values()))
    options |= _cli_options(cli._app.parser())
    parameters: set[str] = set()
    for name in cigref_ecf.__all__:
        obj = getattr(cigref_ecf, name)
        members = [obj, *(getattr(obj, m) for m in dir(obj) if not m.startswith("_"))]
        for member in members:
            if callable(member):
                with contextlib.suppress(TypeError, ValueError):
                    parameters |= set(inspect.signature(member).parameters)
    unknown: list[str] = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        reprs = {  # a repr shows fields as name=value: no hint
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.name == "__repr__"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docstrings or id(node) in reprs:
                    continue
                unknown += [f"{path.name}: {o}" for o in _options(node.value) - options]
                unknown += [f"{path.name}: {k}=" for k in _keywords(node.value) - parameters]
    assert not unknown
