"""``cigref-ecf export``: every format as a user runs it, to a file and to standard output."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import cigref_ecf

from ._interop import company_data, same_graph, small_data
from .test_cli import run

pytestmark = pytest.mark.slow
rdflib = pytest.importorskip("rdflib")


@pytest.mark.parametrize(("fmt", "parser"), [("json-ld", "json-ld"), ("rdfxml", "xml")])
def test_rdf_to_a_file(tmp_path: Path, fmt: str, parser: str) -> None:
    out = tmp_path / f"cigref.{fmt}"
    result = run("export", "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""
    graph = rdflib.Graph().parse(out, format=parser)
    assert same_graph(graph, cigref_ecf.rdf_graph())


def test_turtle_to_stdout_is_utf8_whatever_the_locale() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    env["LC_ALL"] = "C"
    result = subprocess.run(
        [sys.executable, "-X", "utf8=0", "-m", "cigref_ecf", "export", "--format", "turtle"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == cigref_ecf.to_rdf().encode("utf-8")


def test_sql_and_sqlite_of_a_company_file(tmp_path: Path) -> None:
    ours = tmp_path / "ours.json"
    ours.write_text(json.dumps(company_data()), encoding="utf-8")
    script, db = tmp_path / "ours.sql", tmp_path / "ours.db"
    for fmt, target in (("sql", script), ("sqlite", db)):
        result = run("export", "--format", fmt, "--nomenclature", str(ours), "-o", str(target))
        assert result.returncode == 0, result.stderr
    loaded = sqlite3.connect(":memory:")
    loaded.executescript(script.read_text(encoding="utf-8"))
    query = "SELECT code FROM profiles WHERE family = 'DATA' ORDER BY position"
    assert loaded.execute(query).fetchall() == [("DATA-ENG",), ("IT-ARCH-03",)]
    assert sqlite3.connect(db).execute(query).fetchall() == [("DATA-ENG",), ("IT-ARCH-03",)]


def test_base_and_language(tmp_path: Path) -> None:
    ours = tmp_path / "ours.json"
    ours.write_text(json.dumps(company_data()), encoding="utf-8")
    result = run(
        "export", "--format", "turtle", "--nomenclature", str(ours),
        "--base", "https://acme.example/id/", "--language", "en",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    profile = rdflib.URIRef("https://acme.example/id/profile/IT-ARCH-03")
    assert graph.value(profile, rdflib.SKOS.prefLabel) == rdflib.Literal(
        "Data architect", lang="en"
    )
    result = run("export", "--format", "turtle", "--base", "acme")
    assert result.returncode == 1
    assert "base IRI 'acme' is not absolute" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "sqlite"], "--format sqlite writes a database file: give -o FILE"),
        (["--format", "sql", "--base", "https://x.example/"], "--base and --language apply to"),
        (["--format", "sqlite", "-o", "x.db", "--language", "en"], "apply to the RDF formats"),
        (["--format", "csv"], "invalid choice: 'csv'"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = run("export", *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_bad_input_is_refused_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(small_data("bell \x07 here")), encoding="utf-8")
    out = tmp_path / "out.rdf"
    result = run("export", "--format", "rdfxml", "--nomenclature", str(bad), "-o", str(out))
    assert result.returncode == 1
    assert "$.profiles[0] (3.2).mission: character U+0007 at position 5" in result.stderr
    assert "cannot be written in RDF/XML" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["bad.json"]
    result = run("export", "--format", "turtle", "--nomenclature", str(tmp_path / "nope.json"))
    assert result.returncode == 1
    assert "cannot read" in result.stderr
    result = run("export", "--format", "sql", "-o", str(tmp_path / "no" / "such" / "dir.sql"))
    assert result.returncode == 1
    assert "cannot write" in result.stderr
