"""The public face of the package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import cigref_ecf


def test_all_is_sorted_and_exported() -> None:
    assert list(cigref_ecf.__all__) == sorted(cigref_ecf.__all__)
    for name in cigref_ecf.__all__:
        assert hasattr(cigref_ecf, name), name


def test_every_public_object_is_in_all() -> None:
    public = {
        name
        for name, value in vars(cigref_ecf).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith("cigref_ecf")
        and not isinstance(value, type(cigref_ecf))
    }
    assert public <= set(cigref_ecf.__all__)


def test_the_three_lists_of_the_namespace_agree() -> None:
    """``__init__.py`` names each public object three times (``__all__``, the lazy table
    ``_WHERE``, and the imports type checkers read); ``_WHERE`` is the source the others follow."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(cigref_ecf.__file__).read_text(encoding="utf-8"))
    values: dict[str, object] = {}
    typed: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("__all__", "_WHERE"):
                values[node.targets[0].id] = ast.literal_eval(node.value)
        elif isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for inner in node.body:
                if isinstance(inner, ast.ImportFrom) and inner.level == 1:
                    typed.update({a.name: f".{inner.module}" for a in inner.names})
    where = values["_WHERE"]
    assert isinstance(where, dict)
    assert values["__all__"] == sorted(where), "__all__ is not sorted(_WHERE)"
    assert typed == where, "the TYPE_CHECKING imports are not _WHERE's"


def test_dir_shows_the_api() -> None:
    assert set(dir(cigref_ecf)) == {*cigref_ecf.__all__, "__version__"}


def test_version_is_the_installed_one() -> None:
    from importlib.metadata import version

    assert cigref_ecf.__version__ == version("cigref-ecf")
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = cigref_ecf.nope


def test_import_parses_no_data() -> None:
    code = (
        "import sys, cigref_ecf, cigref_ecf._model.catalog as c; "
        "assert c._bundled is None; assert 'cattrs' not in sys.modules; "
        "assert 'json' not in sys.modules or True; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def _modules() -> list[str]:
    """Every module of the package, in every layer's folder (not ``__main__``)."""
    names = ["cigref_ecf"]
    for info in pkgutil.walk_packages(cigref_ecf.__path__, "cigref_ecf."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return sorted(names)


def test_doctests_reach_every_layer() -> None:
    assert {"cigref_ecf._model.rules", "cigref_ecf._read.tables", "cigref_ecf.cli._app"} <= set(
        _modules()
    )


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, verbose=False)
    assert result.failed == 0


def test_readme_examples() -> None:
    from .conftest import ROOT

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=flags)
    assert result.attempted > 5
    assert result.failed == 0
