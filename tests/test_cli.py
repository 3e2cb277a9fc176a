"""The cigref-ecf command line, run as a real subprocess for every command and error path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cigref_ecf

pytestmark = pytest.mark.slow

SCRIPT = Path(sys.executable).parent / ("cigref-ecf.exe" if os.name == "nt" else "cigref-ecf")


def run(
    *args: str, stdin: str | None = None, script: bool = False, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if script else [sys.executable, "-m", "cigref_ecf"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        cwd=cwd,
    )


def ok(*args: str, stdin: str | None = None) -> str:
    result = run(*args, stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def as_json(*args: str, stdin: str | None = None) -> Any:
    return json.loads(ok(*args, "--json", stdin=stdin))


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed next to python")
def test_console_script_and_version() -> None:
    result = run("--version", script=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"cigref-ecf {cigref_ecf.__version__}"


def test_profile_sheet() -> None:
    out = ok("profile", " 3.2 ")
    assert out.startswith("3.2  Concepteur - développeur\n")
    for section in (
        "MISSION",
        "ACTIVITES ET TACHES",
        "COMPETENCES (e-CF)",
        "LIVRABLES",
        "PARCOURS PROFESSIONNEL",
    ):
        assert f"\n{section}\n" in out
    assert "B1   Design and Development" in out and "level 2-4" in out


def test_profile_json_parses_back() -> None:
    from cigref_ecf._model.converter import structure

    data = as_json("profile", "3.2")
    assert structure(data, cigref_ecf.JobProfile) == cigref_ecf.job_profile("3.2")


def test_competence_sheet_and_json() -> None:
    out = ok("competence", "b.3")
    assert out.startswith("B3  Testing  (B. BUILD)")
    assert "e-2 Professional (EQF 4/5)" in out
    assert "KNOWLEDGE" in out and "SKILLS" in out and "REQUIRED BY" in out
    data = as_json("competence", "B3")
    from cigref_ecf._model.converter import structure

    assert structure(data["competence"], cigref_ecf.Competence) == cigref_ecf.competence("B3")
    assert [r["profile"] for r in data["required_by"]] == [
        p.code for p in cigref_ecf.profiles_requiring("B3")
    ]


def test_lists() -> None:
    assert ok("profiles").count("\n") == 33
    assert [p["code"] for p in as_json("profiles", "--family", "4")][-1] == "4.10"
    assert ok("competences", "--dimension", "D").count("\n") == 10
    assert len(as_json("competences")) == 36


def test_search() -> None:
    assert ok("search", "RSSI").split()[2] == "6.3"
    hits = as_json("search", "testing", "--limit", "3")
    assert {"B3", "3.3"} <= {h["code"] for h in hits}


def test_matrix_formats() -> None:
    table = ok("matrix")
    assert len(table.splitlines()) == 34
    # run() reads in text mode: the CSV's CRLF line ends arrive as "\n"
    wide = ok("matrix", "--format", "csv")
    assert wide == cigref_ecf.matrix().to_csv().replace("\r\n", "\n")
    long = ok("matrix", "--format", "csv", "--long")
    assert long == cigref_ecf.matrix().to_csv(long=True).replace("\r\n", "\n")
    records = as_json("matrix", "--long")
    assert records == cigref_ecf.matrix().to_records()
    data = as_json("matrix")
    assert data["rows"]["3.2"]["B1"] == "2-4"


def test_eqf() -> None:
    assert ok("eqf", "e-3").startswith("e-3 Senior Professional/Manager -> EQF 6")
    assert as_json("eqf", "2")["eqf"] == [4, 5]
    assert as_json("eqf", "--from-eqf", "5")["code"] == "e-2"


def test_gap_and_rank_from_files(tmp_path: Path) -> None:
    js = tmp_path / "a.json"
    js.write_text(json.dumps({"B1": 3, "B3": 2}), encoding="utf-8")
    csv = tmp_path / "a.csv"
    csv.write_text("competence,level\nB1,3\nB3,2\n", encoding="utf-8")
    report = as_json("gap", "--profile", "3.2", str(js))
    assert report["profile"] == "3.2" and report["met"] == 2 and report["required"] == 7
    assert as_json("gap", "--profile", "3.2", str(csv)) == report
    text = ok("gap", "--profile", "3.2", str(csv))
    assert "met 2/7" in text
    ranked = as_json("rank", str(js), "--limit", "3")
    expected = [r.profile.code for r in cigref_ecf.rank_profiles({"B1": 3, "B3": 2}, limit=3)]
    assert [r["profile"] for r in ranked] == expected
    assert as_json("rank", "-", "--limit", "3", stdin="B1,3\nB3,2\n") == ranked
    assert len(ok("rank", str(js)).splitlines()) == 33


def test_validate(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(cigref_ecf.to_json(), encoding="utf-8")
    assert ok("validate", str(good)).strip().endswith("valid")
    bad = tmp_path / "bad.json"
    data = json.loads(cigref_ecf.to_json())
    data["profiles"][0]["competences"][0]["competence"] = "Z9"
    data["profiles"][1]["family"] = 42
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert "$.profiles[0] (1.1).competences[0].competence: unknown competence 'Z9'" in result.stdout
    assert "$.profiles[1] (1.2).family: expected a string, got int: 42" in result.stdout
    problems = cigref_ecf.validate(bad)
    assert f"{len(problems)} problem(s)" in result.stdout
    result = run("validate", str(bad), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "valid": False,
        "problems": [
            {"path": p.path, "row": None, "column": None, "message": p.message, "count": 1}
            for p in problems
        ],
        "notes": [],
    }


def test_errata() -> None:
    out = ok("errata", "--profile", "7.5", "--competence", "A3")
    assert "[level-conflict] 7.5 A3" in out
    assert len(as_json("errata")) == len(cigref_ecf.errata())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("profile", "3.9"), "unknown job profile code: '3.9'; did you mean"),
        (("competence", "B9"), "unknown competence code: 'B9'; did you mean 'B5'"),
        (("eqf", "7"), "invalid level"),
        (("eqf", "--from-eqf", "9"), "no e-CF level relates to EQF level 9"),
        (("search", "  "), "empty search query"),
        (("gap", "--profile", "3.2", "/nonexistent.json"), "cannot read /nonexistent.json"),
        (("profiles", "--family", "9"), "unknown family code: '9'"),
        (("errata", "--profile", "9.9"), "unknown job profile"),
    ],
)
def test_lookup_and_input_errors_exit_1(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    as_json_result = run(*args, "--json")
    assert as_json_result.returncode == 1
    assert message in json.loads(as_json_result.stderr)["error"]


def test_invalid_assessment_names_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("B9,3\nA1,2\nB3,x\n", encoding="utf-8")
    result = run("gap", "--profile", "3.2", str(path))
    assert result.returncode == 1
    assert "3 problems" in result.stderr
    for fragment in (
        "row 1: unknown competence 'B9'",
        "row 2: A1 does not define level 2",
        "row 3: invalid level 'x': expected an integer 1..5",
    ):
        assert fragment in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("nope",),
        ("profile",),
        ("matrix", "--format", "xml"),
        ("search", "x", "--limit", "-1"),
        ("eqf",),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_piped_output_is_utf8_and_closing_the_pipe_is_quiet() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    raw = subprocess.run(
        [sys.executable, "-m", "cigref_ecf", "profile", "3.2"],
        capture_output=True,
        env=env,
        check=True,
    )
    assert "Concepteur - développeur".encode() in raw.stdout
    proc = subprocess.Popen(
        [sys.executable, "-m", "cigref_ecf", "matrix", "--format", "csv", "--long"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err


def test_the_command_line_page_shows_real_output(tmp_path: Path) -> None:
    """Every `$ cigref-ecf ...` with output in docs/cli.md prints exactly that output."""
    import re
    import shlex

    from .conftest import ROOT

    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    checked = 0
    for block in re.findall(r"```console\n(.*?)```", page, re.S):
        commands: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                commands.append((line[2:], []))
            elif commands:
                commands[-1][1].append(line)
        for command, shown in commands:
            words = shlex.split(command)
            if words[0] == "cat":
                (tmp_path / words[1]).write_text("\n".join(shown) + "\n", encoding="utf-8")
            elif words[0] == "cigref-ecf" and shown and "--help" not in words:
                result = run(*words[1:], cwd=tmp_path)
                assert result.returncode == 0, result.stderr
                assert [x.rstrip() for x in result.stdout.splitlines()] == shown, command
                checked += 1
    assert checked >= 3
