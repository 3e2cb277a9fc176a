"""The built wheel holds the data, the schema and py.typed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_wheel_contains_data_and_py_typed(tmp_path: Path) -> None:
    pytest.importorskip("build")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("cigref_ecf-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data_files = {
        f"cigref_ecf/data/{p.name}" for p in (ROOT / "src" / "cigref_ecf" / "data").iterdir()
    }
    assert {
        "cigref_ecf/py.typed",
        "cigref_ecf/data/nomenclature.json",
        "cigref_ecf/data/nomenclature.schema.json",
    } <= names
    assert data_files <= names
    assert not any(name.startswith(("tests/", "tools/", "sources/")) for name in names)
