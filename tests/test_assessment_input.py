"""Reading assessed people from outside: a source that holds nobody, wide exports with columns
that are not levels, and the explicit ``ignore=`` (``--ignore-column``) that reads past them."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cigref_ecf import (
    InvalidAssessmentError,
    cli,
    rank_profiles,
    rank_profiles_batch,
    read_assessments,
)
from cigref_ecf._model.rules import MAX_COLUMNS, MAX_EXCERPT, MAX_LISTED
from cigref_ecf._read.tables import Table, drop_columns

# ------------------------------------------------------------------ a source that holds nobody

EMPTY_FILES = {
    "empty.csv": b"",
    "blank.csv": b"\xef\xbb\xbf \r\n\r\n",
    "header.csv": b"person,competence,level\r\n",
    "wide-header.csv": b"Matricule;B1;B3\n",
    "one-person-header.csv": b"competence,level\n",
    "blank-rows.csv": b"person,competence,level\nana,,\nbob,,\n",
    "empty-list.json": b"[]",
    "empty-object.json": b" {}\n",
    "blank-records.json": b'[{"person": "ana", "competence": null, "level": null}]',
}
WHAT = {
    "empty.csv": "the input is empty",
    "blank.csv": "the input is empty",
    "header.csv": "a header and no rows",
    "wide-header.csv": "a header and no rows",
    "one-person-header.csv": "a header and no rows",
    "blank-rows.csv": "no row names a competence",
    "empty-list.json": "an empty JSON list",
    "empty-object.json": "an empty JSON object",
    "blank-records.json": "no record names a competence",
}


def _refusal(call: Any) -> InvalidAssessmentError:
    with pytest.raises(InvalidAssessmentError) as info:
        call()
    return info.value


@pytest.mark.parametrize("name", sorted(EMPTY_FILES))
def test_a_file_that_holds_no_assessment_is_refused_naming_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(EMPTY_FILES[name])
    expected = f"holds no assessment ({WHAT[name]})"
    error = _refusal(lambda: read_assessments(path))
    assert error.source == str(path)
    assert [(p.path, p.message) for p in error.problems] == [("$", expected)]
    # the same content as bytes, as a stream and as text says the same, naming its own source
    assert _refusal(lambda: read_assessments(EMPTY_FILES[name])).problems == error.problems
    stream = io.BytesIO(EMPTY_FILES[name])
    assert _refusal(lambda: read_assessments(stream, format=_kind(name))).problems == (
        error.problems
    )
    text = EMPTY_FILES[name].decode("utf-8-sig")
    if "\n" in text or text.lstrip().startswith(("{", "[")):
        refused = _refusal(lambda: read_assessments(text))
        assert refused.source == "<string>" and refused.problems == error.problems


def _kind(name: str) -> str:
    return "json" if name.endswith(".json") else "csv"


def test_a_sheet_with_a_header_only_holds_no_assessment(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Employee", "Competence", "Level"])
    path = tmp_path / "team.xlsx"
    book.save(path)
    error = _refusal(lambda: read_assessments(path))
    assert [str(p) for p in error.problems] == ["$: holds no assessment (a header and no rows)"]


COMMANDS = [["rank"], ["gap", "--profile", "3.2"], ["training-needs", "--profile", "3.2"]]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", ["empty.csv", "header.csv", "empty-object.json"])
def test_every_command_taking_people_refuses_an_empty_file(
    tmp_path: Path, command: list[str], name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(EMPTY_FILES[name])
    status, out, err = _cli(*command, str(path))
    assert status == 1 and out == ""
    assert f"invalid assessment in {path}" in err
    assert f"holds no assessment ({WHAT[name]})" in err


def test_an_empty_python_value_is_a_team_of_nobody() -> None:
    """What a Python caller builds (a dict, a list, a frame filtered down to nobody) is taken
    at its word; the batch gives the same empty result."""
    frame = pd.DataFrame(columns=["person", "competence", "level"])
    values: list[object] = [{}, [], frame, pd.DataFrame(columns=["B3"], dtype=float)]
    for value in values:
        team = read_assessments(value)
        assert len(team) == 0 and dict(team) == {}
        assert len(rank_profiles_batch(value)) == 0
    # a person with nothing assessed is someone, in a file too
    team = read_assessments("employee,B1\nana,\n")
    assert list(team) == ["ana"] and dict(team["ana"]) == {}


# ------------------------------------------------------------------ wide exports


def _wide(extra: list[str]) -> str:
    return ",".join(["employee", "B1", *extra]) + "\n" + ",".join(["ana", "3"] + ["x"] * len(extra))


def test_many_unknown_columns_are_one_short_problem() -> None:
    extra = [f"Colonne {i}" for i in range(997)]
    error = _refusal(lambda: read_assessments(_wide(extra) + "\n"))
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.path == "header"
    assert problem.message.startswith(
        "997 columns are neither competence codes nor a person column ('Colonne 0', "
    )
    assert f"'Colonne {MAX_LISTED - 1}' and {997 - MAX_LISTED} more)" in problem.message
    assert f"'Colonne {MAX_LISTED}'" not in problem.message
    assert "expected a long table with columns person, competence, level" in problem.message
    assert "--ignore-column" in problem.message
    assert len(str(error)) < 1000


@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(
        st.text(st.characters(codec="utf-8", exclude_characters=',"\r\n'), max_size=300)
        .map(str.strip)
        .filter(lambda s: s and not s.startswith(("B", "b"))),
        min_size=1,
        max_size=MAX_COLUMNS - 2,
        unique_by=lambda s: s.casefold(),
    )
)
def test_unknown_columns_are_listed_once_and_bounded(names: list[str]) -> None:
    """However many unknown columns, however long their names: one problem, at most
    ``MAX_LISTED`` names, each cut to ``MAX_EXCERPT`` characters, the rest counted."""
    extra = [f"x{n}" for n in names]  # never a person or competence header
    error = _refusal(lambda: read_assessments(_wide(extra) + "\n"))
    assert len(error.problems) == 1
    message = error.problems[0].message
    shown = min(len(extra), MAX_LISTED)
    assert len(message) <= 600 + shown * (MAX_EXCERPT + 2)
    if len(extra) > MAX_LISTED:
        assert message.startswith(f"{len(extra)} columns are neither")
        assert f" and {len(extra) - MAX_LISTED} more)" in message
    elif len(extra) > 1:
        assert message.startswith(f"{len(extra)} columns are neither")
        assert " more)" not in message
    else:
        assert message.startswith("column ") and " is neither a competence code" in message


def test_unexpected_columns_of_a_long_table_are_one_problem() -> None:
    text = "person,competence,level,Prénom,Service,Date\nana,B1,3,Ana,IT,2024\n"
    error = _refusal(lambda: read_assessments(text))
    assert [p.path for p in error.problems] == ["header"]
    assert error.problems[0].message.startswith(
        "3 unexpected columns ('Prénom', 'Service', 'Date'); expected a long table"
    )


# ------------------------------------------------------------------ ignore=, --ignore-column

HR = "Matricule;Nom;Service;B1;B3\n1001;Ana;DSI;3;2\n1002;Bob;DSI;e-2;\n"
HR_TEAM = {"1001": {"B1": 3, "B3": 2}, "1002": {"B1": 2}}


def _plain(team: Any) -> dict[str, dict[str, int]]:
    return {str(p): dict(a) for p, a in team.items()}


def test_ignore_reads_past_named_columns_and_only_those() -> None:
    # strict by default: Nom could be the person, Service is no level
    error = _refusal(lambda: read_assessments(HR))
    assert "columns 'Matricule' and 'Nom' could each be the person" in str(error)
    error = _refusal(lambda: read_assessments(HR, ignore=["Nom"]))
    assert "column 'Service' is neither a competence code" in str(error)
    # matched as headers are: case and accents do not matter; one name may be given alone
    assert _plain(read_assessments(HR, ignore=("nom", "SERVICE"))) == HR_TEAM
    assert _plain(read_assessments(HR, ignore=["Nòm", "service"])) == HR_TEAM
    assert _plain(
        read_assessments(HR.replace("Service;", "").replace("DSI;", ""), ignore="Nom")
    ) == (HR_TEAM)
    # a level column can be ignored too: it is then not read
    assert _plain(read_assessments(HR, ignore=("Nom", "Service", "B3"))) == {
        "1001": {"B1": 3},
        "1002": {"B1": 2},
    }


def test_ignore_names_a_column_the_table_has() -> None:
    error = _refusal(lambda: read_assessments(HR, ignore=("Nom", "Name", "Service")))
    assert [str(p) for p in error.problems] == [
        "header: no column 'Name' to ignore; columns: 'Matricule', 'Nom', 'Service', 'B1', 'B3'"
    ]
    with pytest.raises(TypeError, match="ignore= takes column names"):
        read_assessments(HR, ignore=("Nom", 3))  # type: ignore[arg-type]
    error = _refusal(lambda: read_assessments({"ana": {"B1": 3}}, ignore="Nom"))
    assert "a mapping {person: {competence: level}} has none" in str(error)
    error = _refusal(lambda: read_assessments(b'{"ana": {"B1": 3}}', ignore="Nom"))
    assert "a mapping {person: {competence: level}} has none" in str(error)


def test_ignore_applies_to_every_table_form(tmp_path: Path) -> None:
    header = ["Matricule", "Nom", "Service", "B1", "B3"]
    rows: list[list[object]] = [["1001", "Ana", "DSI", 3, 2], ["1002", "Bob", "DSI", "e-2", None]]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, *rows]:
        sheet.append(row)
    xlsx = tmp_path / "hr.xlsx"
    book.save(xlsx)
    frame = pd.DataFrame(rows, columns=header)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    json_text = json.dumps(records)
    for source in (xlsx, frame, records, json_text, HR.encode("cp1252"), io.BytesIO(HR.encode())):
        team = read_assessments(source, ignore=("Nom", "Service"))
        assert _plain(team) == HR_TEAM, source


def test_ignored_columns_keep_the_rows_in_place() -> None:
    table = Table(
        header=("a", "Nom", "b"),
        rows=[(2, ("1", "x", "2")), (3, ("1",)), (4, ("1", "x", "2", "extra"))],
        source="t",
    )
    dropped = drop_columns(table, ["NOM"])
    assert dropped.header == ("a", "b")
    # a short row stays short (its missing cells are blank), a long one keeps its surplus,
    # which the reader then reports
    assert dropped.rows == [(2, ("1", "2")), (3, ("1",)), (4, ("1", "2", "extra"))]
    assert drop_columns(table, []) is table
    error = _refusal(lambda: read_assessments("employee,Nom,B1\nana,Ana,3,4\n", ignore="Nom"))
    assert [str(p) for p in error.problems] == ["row 2: 3 cells, but the header has 2 columns"]


def test_cli_ignore_column_is_repeatable_and_agrees_with_python(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(HR, encoding="utf-8")
    status, out, err = _cli("rank", str(path), "--format", "json")
    assert status == 1 and "could each be the person" in err
    status, out, err = _cli(
        "rank",
        str(path),
        "--ignore-column",
        "Nom",
        "--ignore-column",
        "service",
        "--format",
        "json",
    )
    assert status == 0, err
    team = read_assessments(HR, ignore=("Nom", "Service"))
    expected = [
        (str(person), r["rank"], r["profile"], round(r["score"], 9))
        for person, a in team.items()
        for r in rank_profiles(a).to_records()
    ]
    rows = json.loads(out)
    assert [(str(r["person"]), r["rank"], r["profile"], round(r["score"], 9)) for r in rows] == (
        expected
    )
    assert {str(r["person"]) for r in rows} == set(HR_TEAM)
    status, out, err = _cli("gap", "--profile", "3.2", str(path), "--ignore-column", "Nobody")
    assert status == 1 and "no column 'Nobody' to ignore" in err


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()
