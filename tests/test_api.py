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
    names = ["cigref_ecf"]
    for info in pkgutil.iter_modules(cigref_ecf.__path__):
        if info.name != "__main__":
            names.append(f"cigref_ecf.{info.name}")
    return sorted(names)


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
