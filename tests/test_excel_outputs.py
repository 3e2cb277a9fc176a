"""Back to Excel (issue 22): ``rank``, ``gap``, ``training-needs`` and ``matrix`` write XLSX
(``--format xlsx --output FILE``) and the CSV French Excel opens (``--format excel-csv``:
semicolons, UTF-8 BOM, decimal commas), and both read back equal to what the command says in
JSON."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

import cigref_ecf
from cigref_ecf import cli
from cigref_ecf._read.tables import read_table

pytest.importorskip("openpyxl")

TEAM = "Matricule;B1;B3;B4;C1\n1001;3,0;2;;e-2\n1002;e-4;3;2;\n1003;2;;;3\n"
ME = "compétence;niveau\nB1;3\nB3;2\n"


def _main(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = cli.main(list(args))
    return status, stdout.getvalue(), stderr.getvalue()


def _number(text: object) -> object:
    """A cell of French Excel's CSV as the number it shows (a decimal comma), else as is."""
    if isinstance(text, str):
        for kind in (int, float):
            try:
                return kind(text.replace(",", "."))
            except ValueError:
                pass
    return text


def _same(cell: object, value: object) -> bool:
    if value is None:
        return cell in (None, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(cell) == pytest.approx(value, rel=1e-12)
    return cell == value


COMMANDS = {
    "rank": (["rank"], TEAM),
    "rank (one person)": (["rank"], ME),
    "gap": (["gap", "--profile", "3.2"], TEAM),
    "gap (one person)": (["gap", "--profile", "3.2"], ME),
    "training-needs": (["training-needs", "--profile", "3.2"], TEAM),
}


def _records(args: list[str], path: Path) -> list[dict[str, Any]]:
    """What the command writes as CSV, as records (the JSON of one person's gap nests them)."""
    status, text, err = _main(*args, str(path), "--format", "csv")
    assert status == 0, err
    table = read_table(text.encode(), format="csv")
    return [dict(zip(table.header, cells, strict=True)) for _, cells in table.rows]


@pytest.mark.parametrize("name", list(COMMANDS))
@pytest.mark.parametrize("fmt", ["xlsx", "excel-csv"])
def test_people_commands_round_trip_through_excel(name: str, fmt: str, tmp_path: Path) -> None:
    args, data = COMMANDS[name]
    people = tmp_path / "people.csv"
    people.write_bytes(data.encode("cp1252"))
    status, _, err = _main(*args, str(people), "--format", "json")
    assert status == 0, err
    plain = _records(args, people)
    out = tmp_path / ("out.xlsx" if fmt == "xlsx" else "out.csv")
    status, text, err = _main(*args, str(people), "--format", fmt, "--output", str(out))
    assert (status, text, err) == (0, "", "")
    raw = out.read_bytes()
    if fmt == "excel-csv":
        assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
        assert b"0." not in raw  # decimal commas: 0,43
    back = read_table(out)
    assert list(back.header) == list(plain[0])
    assert len(back.rows) == len(plain)
    for (_, cells), record in zip(back.rows, plain, strict=True):
        for cell, (column, text) in zip(cells, record.items(), strict=False):
            assert _same(cell, _number(text) if text != "" else None), (column, cell, text)


def test_xlsx_keeps_numbers_as_numbers(tmp_path: Path) -> None:
    people = tmp_path / "team.csv"
    people.write_text(TEAM, encoding="utf-8")
    out = tmp_path / "rank.xlsx"
    assert _main("rank", str(people), "--format", "xlsx", "-o", str(out))[0] == 0
    _, text, _ = _main("rank", str(people), "--format", "json")
    want = json.loads(text)
    table = read_table(out)
    got = [dict(zip(table.header, cells, strict=False)) for _, cells in table.rows]
    assert [(r["person"], r["profile"], r["rank"]) for r in got] == [
        (r["person"], r["profile"], r["rank"]) for r in want
    ]
    # a number, not text (XLSX keeps 15 significant digits, as Excel does)
    assert [r["score"] for r in got] == pytest.approx([r["score"] for r in want], rel=1e-14)


@pytest.mark.parametrize("fmt", ["xlsx", "excel-csv", "csv"])
@pytest.mark.parametrize("long", [False, True])
def test_the_matrix_round_trips_through_excel(fmt: str, long: bool, tmp_path: Path) -> None:
    out = tmp_path / ("matrix.xlsx" if fmt == "xlsx" else "matrix.csv")
    extra = ["--long"] if long else []
    status, text, err = _main("matrix", "--format", fmt, "--output", str(out), *extra)
    assert (status, text, err) == (0, "", "")
    if long and fmt != "xlsx":  # the long CSV has the columns of to_records()
        table = read_table(out)
        assert len(table.rows) == len(cigref_ecf.matrix().to_records())
        return
    assert cigref_ecf.read_matrix(out, base="cigref") == cigref_ecf.load()


def test_xlsx_needs_an_output_file() -> None:
    status, _, err = _main("matrix", "--format", "xlsx")
    assert status == 2 and "--format xlsx writes a workbook: give --output FILE" in err


def test_an_xlsx_output_replaces_the_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    out.write_bytes(b"old")
    assert _main("matrix", "--format", "xlsx", "-o", str(out))[0] == 0
    assert out.read_bytes()[:4] == b"PK\x03\x04"
    assert [p.name for p in tmp_path.iterdir()] == ["m.xlsx"]  # no temporary file left
