"""Files and frames of many people: one team, every form, the same rankings in Python and in
the CLI; column detection and its errors."""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import cigref_ecf
from cigref_ecf import InvalidAssessmentError, Team, cli, read_assessments

TEAM = {
    "Zoé": {"B1": 3, "B3": 2, "B2": 2},
    "Élodie": {"A6": 3, "B1": 2, "E2": 3},
    "bob": {"C1": 3, "C2": 2, "D10": 4, "B3": 3},
    "1001": {"A1": 4},
}
LONG = [(p, c, lv) for p, levels in TEAM.items() for c, lv in levels.items()]
CODES = sorted({c for levels in TEAM.values() for c in levels})


def write_forms(tmp: Path) -> dict[str, Any]:
    """The same team as comma CSV, semicolon cp1252 CSV with French headers, XLSX (long and
    wide), JSON, and long and wide DataFrames with an ``employee`` column."""
    forms: dict[str, Any] = {}
    comma = tmp / "team.csv"
    comma.write_text(
        "person,competence,level\n" + "".join(f"{p},{c},{lv}\n" for p, c, lv in LONG),
        encoding="utf-8",
    )
    forms["comma csv"] = comma
    french = tmp / "équipe.csv"
    french.write_bytes(
        (
            "Salarié;Compétence;Niveau\r\n"
            + "".join(f"{p};{c.lower()};e-{lv}\r\n" for p, c, lv in LONG)
        ).encode("cp1252")
    )
    forms["semicolon cp1252 csv, French headers"] = french
    wide_csv = tmp / "wide.tsv"
    wide_csv.write_text(
        "\ufeffMatricule\t"
        + "\t".join(CODES)
        + "\n"
        + "".join(
            p + "\t" + "\t".join(str(TEAM[p].get(c, "")) for c in CODES) + "\n" for p in TEAM
        ),
        encoding="utf-8",
    )
    forms["wide tsv with a BOM"] = wide_csv
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "levels"
    sheet.append(["Employee", "Competence", "Level"])
    for p, c, lv in LONG:
        sheet.append([int(p) if p.isdigit() else p, c, float(lv)])
    xlsx = tmp / "team.xlsx"
    book.save(xlsx)
    forms["xlsx"] = xlsx
    js = tmp / "team.json"
    js.write_text(json.dumps(TEAM, ensure_ascii=False), encoding="utf-8")
    forms["json"] = js
    forms["long DataFrame"] = pd.DataFrame(LONG, columns=["employee", "competence", "level"])
    wide = pd.DataFrame(
        [{"employee": p, **levels} for p, levels in TEAM.items()], columns=["employee", *CODES]
    )
    forms["wide DataFrame (NaN gaps, float levels)"] = wide
    return forms


def plain(team: Team) -> dict[str, dict[str, int]]:
    return {str(p): dict(a) for p, a in team.items()}


def ranking_rows(team: Team) -> list[tuple[str, int, str, float]]:
    return [
        (str(person), r["rank"], r["profile"], round(r["score"], 9))
        for person, a in team.items()
        for r in cigref_ecf.rank_profiles(a).to_records()
    ]


def cli_json(*args: str) -> Any:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    assert status == 0, err.getvalue()
    return json.loads(out.getvalue())


def test_the_same_team_in_every_form_gives_the_same_rankings(tmp_path: Path) -> None:
    forms = write_forms(tmp_path)
    expected = {p: dict(sorted(v.items())) for p, v in TEAM.items()}
    reference = ranking_rows(read_assessments(TEAM))
    assert len(reference) == 4 * 33
    for name, source in forms.items():
        team = read_assessments(source)
        got = {p: dict(sorted(v.items())) for p, v in plain(team).items()}
        assert got == expected, name
        assert list(map(str, team)) == list(TEAM), name  # people in order of appearance
        assert ranking_rows(team) == reference, name
        batch = cigref_ecf.rank_profiles_batch(team)
        assert [(str(r["person"]), r["rank"], r["profile"]) for r in batch] == [
            row[:3] for row in reference
        ], name
        if isinstance(source, Path):
            rows = cli_json("rank", str(source), "--format", "json")
            assert [
                (str(r["person"]), r["rank"], r["profile"], round(r["score"], 9)) for r in rows
            ] == reference, name


def test_cli_csv_output_and_output_file(tmp_path: Path) -> None:
    forms = write_forms(tmp_path)
    target = tmp_path / "out.csv"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(
            ["rank", str(forms["xlsx"]), "--limit", "2", "--format", "csv", "-o", str(target)]
        )
    assert (status, out.getvalue(), err.getvalue()) == (0, "", "")
    # scores as text, parsed by float(): pandas before 2.0 parses floats with a fast parser that
    # may miss the last bit (its float_precision= is deprecated in pandas 3)
    frame = pd.read_csv(target, dtype={"person": str, "score": str})
    assert list(frame.columns) == [
        "person", "rank", "profile", "score", "met", "required", "shortfall", "title"
    ]  # fmt: skip
    python = pd.concat(
        [
            cigref_ecf.rank_profiles(a, limit=2).to_pandas().assign(person=str(p))
            for p, a in read_assessments(TEAM).items()
        ]
    )
    assert frame["profile"].astype(str).tolist() == python["profile"].tolist()
    assert [float(s) for s in frame["score"]] == python["score"].tolist()  # full precision


def test_cli_gap_and_training_needs_on_a_team(tmp_path: Path) -> None:
    forms = write_forms(tmp_path)
    team = read_assessments(TEAM)
    for source in (forms["comma csv"], forms["semicolon cp1252 csv, French headers"]):
        reports = cli_json("gap", "--profile", "3.2", str(source), "--json")
        assert [r["person"] for r in reports] == list(TEAM)
        assert [r["score"] for r in reports] == [
            cigref_ecf.gap("3.2", a).score for a in team.values()
        ]
        needs = cli_json("training-needs", "--profile", "3.2", str(source), "--format", "json")
        assert needs == cigref_ecf.training_needs("3.2", team).to_records()
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        assert cli.main(["training-needs", "--profile", "3.2", str(forms["xlsx"])]) == 0
    lines = text.getvalue().splitlines()
    assert lines[0] == "3.2  Concepteur - développeur: 4 people, 7 competence(s)"
    assert lines[1].split() == ["competence", "title", "people", "total_shortfall", "shortfalls"]
    assert lines[2].split()[:2] == ["A8", "Sustainable"]


def test_french_headers_and_an_explicit_person_column() -> None:
    text = "Nom de l'agent;Compétence;NIVEAU\nana;B1;3\nana;B3;2\n"
    with pytest.raises(
        InvalidAssessmentError, match=r"unexpected column .Nom de l.agent.; expected a long"
    ):
        read_assessments(text)
    team = read_assessments(text, person="nom de l'agent")
    assert plain(team) == {"ana": {"B1": 3, "B3": 2}}
    frame = pd.DataFrame({"Employé": ["ana", "ana"], "compétence": ["B1", "B3"], "niveau": [3, 2]})
    assert plain(read_assessments(frame)) == {"ana": {"B1": 3, "B3": 2}}
    with pytest.raises(InvalidAssessmentError, match="no column 'who' for the person"):
        read_assessments(frame, person="who")


def test_ambiguous_frames_name_the_expected_columns() -> None:
    # The issue's case: a long frame whose id column is not recognised is not taken as wide.
    frame = pd.DataFrame({"staff": ["ana"], "competence": ["B1"], "level": [3]})
    with pytest.raises(InvalidAssessmentError) as info:
        read_assessments(frame)
    message = str(info.value)
    assert "header: unexpected column 'staff'; expected a long table with columns person" in message
    assert "unknown competence" not in message
    assert plain(read_assessments(frame, person="staff")) == {"ana": {"B1": 3}}
    with pytest.raises(InvalidAssessmentError, match="a level column but no competence column"):
        read_assessments(pd.DataFrame({"employee": ["ana"], "level": [3]}))
    with pytest.raises(InvalidAssessmentError, match="could each be the person; name one"):
        read_assessments("matricule,nom,B1\n1,ana,3\n")
    with pytest.raises(
        InvalidAssessmentError, match="column 'dept' is neither a competence code nor"
    ):
        read_assessments("employee,dept,B1\nana,IT,3\n")
    with pytest.raises(InvalidAssessmentError, match="no person column"):
        read_assessments("B1,B3\n3,2\n")


def test_wide_frame_without_person_column_uses_the_index() -> None:
    frame = pd.DataFrame({"B1": [3, None], "b3": ["2", "e-3"]}, index=["ana", "bob"])
    assert plain(read_assessments(frame)) == {"ana": {"B1": 3, "B3": 2}, "bob": {"B3": 3}}


def test_column_names_that_read_as_a_level_are_a_header() -> None:
    """``B3,E4``: E4 is the competence E.4 and the level e-4. A frame's columns and JSON keys
    are a header whatever they look like; a text's first line is data (``competence,level``):
    a text has no index to take person ids from, so it could not be a wide table."""
    frame = pd.DataFrame([[None, 2.0]], columns=["B3", "E4"], index=["x"])
    assert plain(read_assessments(frame)) == {"x": {"E4": 2}}
    assert plain(read_assessments([{"person": "x", "B3": 2, "E4": None}])) == {"x": {"B3": 2}}
    assert plain(read_assessments("person,B3,E4\nx,2,\n")) == {"x": {"B3": 2}}
    with pytest.raises(InvalidAssessmentError, match="B3 does not define level 4"):
        read_assessments("B3,E4\nB2,3\n")  # competence, level rows: B3 at e-4


def test_repeated_problems_are_summarised() -> None:
    rows = "".join(f"p{i},B1,9\n" for i in range(14))
    with pytest.raises(InvalidAssessmentError) as info:
        read_assessments("person,competence,level\n" + rows + "q,B1,x\nr,ZZ,3\n")
    assert [str(p) for p in info.value.problems] == [
        "rows 2-15: invalid level '9': e-CF levels run from 1 to 5",
        "row 16: invalid level 'x': expected an integer 1..5 (3, 3.0, '3,0', ' 3 '), a level code "
        "('e-3', 'E3'), or blank/None/NaN for not assessed",
        "row 17: unknown competence 'ZZ'",
    ]
    assert str(info.value).startswith("invalid assessment in <string>: 16 problems")


def test_a_file_of_several_people_read_as_one_says_so() -> None:
    with pytest.raises(InvalidAssessmentError, match=r"2 people .*read_assessments"):
        cigref_ecf.Assessment.from_csv("person,competence,level\nana,B1,3\nbob,B1,2\n")
    assert cigref_ecf.Assessment.from_csv("competence;level\nB1;3\n") == {"B1": 3}


def test_long_form_problems() -> None:
    with pytest.raises(InvalidAssessmentError) as info:
        read_assessments("person,competence,level\nana,B1,3\n,B1,2\nana,b1,4\nbob,,3\n")
    assert [str(p) for p in info.value.problems] == [
        "row 3: no person id",
        "row 5: a level without a competence",
        "row 4: duplicate competence B1 (also at row 2)",  # the same report: one pass
    ]
    with pytest.raises(
        InvalidAssessmentError, match=r"row 3: duplicate competence B1 \(also at row 2\)"
    ):
        read_assessments("person,competence,level\nana,B1,3\nana,b1,4\n")
    with pytest.raises(InvalidAssessmentError, match="row 3: person 'ana' given twice"):
        read_assessments("person,B1\nana,3\nana,4\n")


def test_team_is_a_mapping_with_tables_and_pickles() -> None:
    team = read_assessments(TEAM)
    assert len(team) == 4 and "bob" in team and team["bob"]["C1"] == 3
    assert team.to_records()[0] == {"person": "Zoé", "competence": "B1", "level": 3}
    wide = team.to_pandas(wide=True)
    assert wide.loc["bob", "C1"] == 3 and pd.isna(wide.loc["bob", "A1"])
    assert len(team.to_pandas()) == len(LONG)
    again = pickle.loads(pickle.dumps(team))
    assert plain(again) == plain(team)
    assert cigref_ecf.training_needs("3.2", team) == cigref_ecf.training_needs("3.2", TEAM)
    assert read_assessments(team) is team


def test_training_needs_refuses_the_old_argument_order() -> None:
    with pytest.raises(cigref_ecf.InvalidQueryError, match="target profile first"):
        cigref_ecf.training_needs(TEAM, "3.2")  # type: ignore[arg-type]
    with pytest.raises(cigref_ecf.InvalidQueryError, match="target profile first"):
        cigref_ecf.training_needs(TEAM, {"bob": "3.2"})  # type: ignore[arg-type]


def test_one_person_files_keep_the_one_person_output(tmp_path: Path) -> None:
    me = tmp_path / "me.csv"
    me.write_text("B1,3\nB3,2\n", encoding="utf-8")
    team = read_assessments(me)
    assert list(team) == ["me"] and not team.named
    rows = cli_json("rank", str(me), "--limit", "2", "--json")
    assert [set(r) for r in rows] == [
        {"rank", "profile", "title", "score", "met", "required", "shortfall"}
    ] * 2


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_only_on_a_terminal_and_only_for_large_teams(tmp_path: Path) -> None:
    import pty

    big = tmp_path / "big.csv"
    big.write_text(
        "employee,B1,B3\n" + "".join(f"p{i},{2 + i % 4},{1 + i % 3}\n" for i in range(250)),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "cigref_ecf", "rank", str(big), "--limit", "1"]
    piped = subprocess.run(command, capture_output=True, text=True, check=True)
    assert piped.stderr == ""
    assert len(piped.stdout.splitlines()) == 251
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=follower, check=True)
        os.close(follower)
        shown = b""
        with contextlib.suppress(OSError):
            while chunk := os.read(leader, 65536):
                shown += chunk
    finally:
        os.close(leader)
    assert proc.stdout == piped.stdout.encode()
    assert b"rank [" in shown and b"] 250/250 people" in shown


def test_json_records_and_sheets_report_their_own_places(tmp_path: Path) -> None:
    records = [{"person": "ana", "B1": 3}, {"person": "bob", "B3": "x"}, {"B1": 2}]
    with pytest.raises(InvalidAssessmentError) as info:
        read_assessments(records)
    assert next(str(p) for p in info.value.problems) == "$[2]: no person id"
    assert str(info.value.problems[1]).startswith("$[1].B3: invalid level 'x'")  # one pass
    with pytest.raises(InvalidAssessmentError, match=r"\$\[1\]\.B3: invalid level 'x'"):
        read_assessments(records[:2])
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.append(["notes"])
    second = book.create_sheet("Équipe")
    second.append(["Matricule", "B1"])
    second.append([1001, 3])
    path = tmp_path / "two sheets.xlsx"
    book.save(path)
    assert plain(read_assessments(path, sheet="Équipe")) == {"1001": {"B1": 3}}
    assert list(read_assessments(path, sheet="Équipe")) == [1001]
    with pytest.raises(InvalidAssessmentError, match="no sheet 'Team'; the workbook has"):
        read_assessments(path, sheet="Team")
