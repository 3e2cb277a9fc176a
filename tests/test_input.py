"""The input layer: the one level rule, bounded JSON, tables, header matching, problem lists."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cigref_ecf import DataError, InvalidAssessmentError, InvalidLevelError
from cigref_ecf._model.rules import (
    MAX_DIGITS,
    Problems,
    assessed_level,
    fold,
    is_blank,
    parse_json,
    read_bytes,
)
from cigref_ecf._read.tables import find_columns, read_table

# ------------------------------------------------------------------ the one level rule

ACCEPTED = [
    (3, 3),
    (np.int64(4), 4),
    (np.int8(1), 1),
    (3.0, 3),
    (np.float64(5.0), 5),
    (np.float32(2.0), 2),
    (" 3 ", 3),
    ("3.0", 3),
    ("e-3", 3),
    ("E3", 3),
    ("e3", 3),
    (" E - 2 ", 2),
]
BLANK = [None, float("nan"), np.float64("nan"), pd.NA, pd.NaT, "", "   "]
REFUSED = [
    True,
    False,
    np.bool_(True),
    2.5,
    "2.5",
    "three",
    0,
    6,
    -1,
    "e-6",
    "0",
    10**40,
    float("inf"),
    [3],
    {"level": 3},
    b"3",
    Decimal("2.5"),
    "3" * 100,
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED)
def test_accepted_level_forms(value: object, expected: int) -> None:
    assert assessed_level(value) == expected


@pytest.mark.parametrize("value", BLANK)
def test_blank_means_not_assessed(value: object) -> None:
    assert is_blank(value)
    assert assessed_level(value) is None


@pytest.mark.parametrize("value", REFUSED)
def test_refused_level_forms_name_what_is_accepted(value: object) -> None:
    with pytest.raises(InvalidLevelError) as info:
        assessed_level(value)
    message = str(info.value)
    assert "expected an integer 1..5" in message or "levels run from 1 to 5" in message
    assert len(message) < 300


@given(st.integers())
def test_integers_are_levels_exactly_in_range(value: int) -> None:
    if 1 <= value <= 5:
        assert assessed_level(value) == value
        assert assessed_level(float(value)) == value
        assert assessed_level(f" {value} ") == value
        assert assessed_level(f"e-{value}") == value
    else:
        with pytest.raises(InvalidLevelError):
            assessed_level(value)


@given(st.floats(allow_nan=False))
def test_floats_are_levels_only_when_integral(value: float) -> None:
    if value.is_integer() and 1 <= value <= 5:
        assert assessed_level(value) == int(value)
    else:
        with pytest.raises(InvalidLevelError):
            assessed_level(value)


# ------------------------------------------------------------------ problems


def test_problems_group_rows_of_one_message_and_cap() -> None:
    problems = Problems(limit=5)
    for row in range(2, 5):
        problems.add(f"row {row}", "expected 2 columns, got 3")
    problems.add("row 7", "expected 2 columns, got 3")
    problems.add("$.x", "other")
    problems.add("$.y", "one too many")
    assert problems.full
    assert [str(p) for p in problems.problems()] == [
        "rows 2-4, 7: expected 2 columns, got 3",
        "$.x: other",
    ]
    assert [p.count for p in problems.problems()] == [4, 1]
    assert len(problems) == 6
    with pytest.raises(DataError, match="and 1 more not collected") as info:
        problems.raise_if_any(DataError, "f.csv")
    assert info.value.omitted == 1
    assert "6 problems found in f.csv" in str(info.value)  # a group of rows counts each row


def test_problems_group_by_column_and_message_where_the_first_is() -> None:
    """One report, grouped by kind: a message at several rows of one column is one problem
    (listed where its first row is), whose row, column and count the JSON forms read back."""
    problems = Problems()
    problems.add("column B9", "not an e-CF competence code")
    for row in (4, 9, 12, 13, 14):
        problems.add(f"row {row}, column B1", "invalid level '4+'")
        problems.add(f"row {row}", "no family")
    problems.add("row 9, column B3", "invalid level '4+'")
    grouped = problems.problems()
    assert [str(p) for p in grouped] == [
        "column B9: not an e-CF competence code",
        "rows 4, 9, 12-14, column B1: invalid level '4+'",
        "rows 4, 9, 12-14: no family",
        "row 9, column B3: invalid level '4+'",
    ]
    assert [p.to_record() for p in grouped[:2]] == [
        {"path": "column B9", "row": None, "column": "B9", "message": grouped[0].message,
         "count": 1},
        {"path": grouped[1].path, "row": 4, "column": "B1", "message": "invalid level '4+'",
         "count": 5},
    ]  # fmt: skip
    many = Problems()
    for row in range(2, 200, 3):
        many.add(f"row {row}, column A1", "bad")
    (only,) = many.problems()
    assert only.path.startswith("rows 2, 5, 8,") and " and 56 more, column A1" in only.path
    assert only.count == len(range(2, 200, 3)) and only.row == 2 and only.column == "A1"


# ------------------------------------------------------------------ JSON


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"a": 1, "a": 2}', "$.a: key given more than once"),
        ('{"a": {"b": 1, "b": 1}}', "$.a.b: key given more than once"),
        ("1" * (MAX_DIGITS + 1), f"{MAX_DIGITS + 1} digits"),
        ("1" * 5000, "5000 digits"),
        ("[NaN]", "NaN is not valid JSON"),
        ('{"x": Infinity}', "Infinity is not valid JSON"),
        ('"\\ud800"', "lone surrogate"),
        ("[" * 100_000, "nesting too deep"),
        ("[" * 40 + "]" * 40, "nesting too deep"),
        ("{", "not valid JSON"),
        (b"\xff{}", "not UTF-8 text (byte 0xff at offset 0)"),
        (b"\xff\xfe{}", "UTF-16-LE text (its byte-order mark says so); expected UTF-8"),
    ],
)
def test_hostile_json_is_a_problem_with_a_path(text: str | bytes, fragment: str) -> None:
    with pytest.raises(DataError) as info:
        parse_json(text)
    assert fragment in str(info.value)
    assert len(str(info.value)) < 2000


def test_json_error_class_is_the_callers() -> None:
    with pytest.raises(InvalidAssessmentError, match="key given more than once"):
        parse_json('{"B3": 1, "B3": 2}', error=InvalidAssessmentError)


# ------------------------------------------------------------------ bytes


def test_read_bytes_is_bounded_for_devices(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="over the limit of 1000 bytes"):
        read_bytes("/dev/zero", max_bytes=1000)
    with pytest.raises(DataError, match="over the limit of 10 bytes"):
        read_bytes(io.BytesIO(b"x" * 11), max_bytes=10)
    with pytest.raises(IsADirectoryError, match="Is a directory"):
        read_bytes(tmp_path)
    assert read_bytes(io.BytesIO(b"x" * 10), max_bytes=10) == b"x" * 10


# ------------------------------------------------------------------ tables

TEAM = [
    ("person", "compétence", "niveau"),
    ("ana", "B3", "2"),
    ("ana", "B1", "3"),
    ('Zoé; "Z"', "B2", "1"),
]


def _csv(delimiter: str, *, bom: bool = False, crlf: bool = False) -> str:
    def cell(text: str) -> str:
        needs = any(ch in text for ch in f'{delimiter}"\n')
        return '"' + text.replace('"', '""') + '"' if needs else text

    end = "\r\n" if crlf else "\n"
    body = end.join(delimiter.join(cell(c) for c in row) for row in TEAM) + end
    return ("\ufeff" if bom else "") + body


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("crlf", [False, True])
def test_csv_dialects_read_the_same_table(delimiter: str, encoding: str, crlf: bool) -> None:
    table = read_table(_csv(delimiter, crlf=crlf).encode(encoding), format="csv")
    assert table.header == TEAM[0]
    assert [cells for _, cells in table.rows] == TEAM[1:]
    assert [number for number, _ in table.rows] == [2, 3, 4]


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in TEAM:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    sheet.append([None, None, None])
    path = tmp_path / "team.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.header == TEAM[0]
    assert [tuple(str(c) for c in cells) for _, cells in table.rows] == TEAM[1:]
    with pytest.raises(DataError, match="no sheet 'Nope'; the workbook has 'Sheet'"):
        read_table(path, sheet="Nope")


def test_malformed_tables_are_reported() -> None:
    with pytest.raises(DataError, match="no header row"):
        read_table(b"\n\n", format="csv")
    with pytest.raises(DataError, match="not a readable XLSX workbook"):
        read_table(b"PK\x03\x04 not really", name="x.xlsx")
    with pytest.raises(DataError, match="row 2: not valid CSV"):
        read_table(b'a,b\n"x"y,1\n', format="csv")


def test_header_matching_folds_case_and_accents() -> None:
    roles = {"person": ("person", "salarie", "matricule"), "level": ("level", "niveau")}
    assert find_columns(("Matricule", "Compétence", "NIVEAU"), roles) == {"person": 0, "level": 2}
    assert find_columns(("Employee", "level"), roles, given={"person": "employee"}) == {
        "person": 0,
        "level": 1,
    }
    with pytest.raises(DataError, match="no column 'who' for the person"):
        find_columns(("a", "b"), roles, given={"person": "who"})
    with pytest.raises(DataError, match="could each be the person"):
        find_columns(("person", "Salarié"), roles)


def test_fold_opens_ligatures() -> None:
    assert fold("Maîtrise d'Œuvre") == fold("maitrise d'oeuvre")
