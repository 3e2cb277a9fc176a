from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

import cigref_ecf

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sources" / "cigref-nomenclature-2010.txt"


def load_tool(name: str) -> ModuleType:
    """Import ``tools/<name>.py`` or the package ``tools/<name>/`` (the tools are scripts, not
    an installed package; like a script run from ``tools/``, they may import their sibling
    packages)."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    if str(ROOT / "tools") not in sys.path:
        sys.path.insert(0, str(ROOT / "tools"))
    package = ROOT / "tools" / name
    if package.is_dir():
        spec = importlib.util.spec_from_file_location(
            name, package / "__init__.py", submodule_search_locations=[str(package)]
        )
    else:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def nomenclature() -> cigref_ecf.Nomenclature:
    return cigref_ecf.load()


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The documentation site, built once per session with ``mkdocs build --strict`` into a
    temporary folder, and the build's log. Skipped without the ``docs`` extra."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr, result.stderr
    return out, result.stderr


@pytest.fixture(scope="session")
def site(site_build: tuple[Path, str]) -> Path:
    """The folder of the built documentation site."""
    return site_build[0]
