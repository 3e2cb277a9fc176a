"""Stable output: ``to_json()`` of the bundled data is the same bytes on every run, hash seed
and platform (a checked-in digest), and it is the data file the package ships. Downstream caches
and diffs rely on it; a company's nomenclature is as stable across hash seeds."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib.resources import files

import pytest

import cigref_ecf

from .conftest import ROOT

DIGESTS = ROOT / "tests" / "to_json.sha256"

HOW = (
    "to_json() of the bundled data changed. If the data changed, bump meta.data_version; if "
    "the JSON format changed on purpose, say so in CHANGELOG.md. Then record the new digests in "
    "tests/to_json.sha256 (the test prints them)."
)

# Run in a fresh interpreter: the digests of the bundled data (two indents), of a company's
# overlay and of a spreadsheet read back, so that nothing inherits this process's hash seed.
_SCRIPT = """
import hashlib, json, sys
import cigref_ecf
overlay = json.loads(sys.argv[1])
company = cigref_ecf.load_json(json.dumps(overlay))
sheet = cigref_ecf.read_matrix(cigref_ecf.matrix(nomenclature=company).to_csv().encode(),
                               format="csv", base="cigref")
texts = [cigref_ecf.to_json(), cigref_ecf.to_json(indent=None), cigref_ecf.to_json(company),
         cigref_ecf.to_json(sheet), json.dumps([d.to_record() for d in cigref_ecf.diff(
             cigref_ecf.load(), company)])]
print(json.dumps([hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]))
"""

OVERLAY = {
    "base": "cigref",
    "add_families": [{"code": "DATA", "title": "Data"}, {"code": "SEC", "title": "Sécurité"}],
    "remove_families": ["7"],
    "rename_families": {"3": "Build", "1": "Pilotage"},
    "add_profiles": [
        {
            "code": f"OUR-{k}",
            "family": "DATA" if k % 2 else "SEC",
            "title": f"Profil {k}",
            "competences": [
                {"competence": c, "level": lv}
                for c, lv in (("B1", "2-3"), ("B3", "2"), ("D10", "3-4"))
            ],
        }
        for k in range(6)
    ],
    "remove_profiles": ["3.2", "5.1", "7.1", "7.2", "7.3", "7.4", "7.5"],
    "rename_profiles": {"3.3": "Ours", "4.1": "Also ours"},
    "set_levels": {"1.1": {"A6": None, "B3": "2"}, "6.2": {"E9": "4-5"}},
}


def _digests(seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps(OVERLAY)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    result: list[str] = json.loads(out.stdout)
    return result


def _checked_in() -> dict[tuple[str, str], str]:
    digests = {}
    for line in DIGESTS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            version, indent, digest = line.split()
            digests[version, indent] = digest
    return digests


@pytest.mark.slow
def test_to_json_is_the_same_bytes_across_hash_seeds_and_runs() -> None:
    seeds = ["0", "1", "4242", "random", "random"]
    runs = {seed + str(k): _digests(seed) for k, seed in enumerate(seeds)}
    assert len({tuple(d) for d in runs.values()}) == 1, runs
    here = [
        hashlib.sha256(t.encode("utf-8")).hexdigest()
        for t in (cigref_ecf.to_json(), cigref_ecf.to_json(indent=None))
    ]
    first = next(iter(runs.values()))
    assert first[:2] == here
    version = cigref_ecf.load().meta.data_version
    expected = _checked_in()
    got = {(version, "indent=2"): here[0], (version, "indent=None"): here[1]}
    assert {k: expected.get(k) for k in got} == got, f"{HOW}\n{got}"


def test_to_json_is_the_shipped_data_file() -> None:
    """The bundled file is what ``to_json()`` writes (plus a final newline): a round trip of the
    data through the model changes no byte."""
    shipped = (files("cigref_ecf") / "data" / "nomenclature.json").read_bytes()
    assert cigref_ecf.to_json().encode("utf-8") + b"\n" == shipped
