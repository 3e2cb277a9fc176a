"""Exports: CSV safe to open in a spreadsheet and readable back exactly; JSON of plain types."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf._read.tables import ESCAPE, FORMULA_STARTS, csv_text, restore_cell, safe_cell

from .strategies import hostile_text

_N = cigref_ecf.load()
_JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def _assert_inert(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


@given(hostile_text)
def test_safe_cell_is_inert_and_reversible(text: str) -> None:
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert not cell.startswith(FORMULA_STARTS)
    assert restore_cell(cell) == text
    # Only cells that need it change, by one apostrophe.
    assert cell == text or cell == ESCAPE + text


@given(st.lists(st.lists(hostile_text, min_size=3, max_size=3), max_size=8))
def test_csv_text_reads_back_exactly(rows: list[list[str]]) -> None:
    text = csv_text(["a", "b", "c"], rows)
    read = _read(text)
    assert len(read) == len(rows) + 1  # a bare CR or LF never splits a row
    _assert_inert(read)
    assert [[restore_cell(c) for c in row] for row in read[1:]] == rows


def test_csv_cells_other_than_text() -> None:
    row = [-3, 2.5, None, float("nan"), [1, 2]]
    read = _read(csv_text(["n", "x", "none", "nan", "list"], [row]))
    assert read[1] == ["-3", "2.5", "", "", "1;2"]


def _hostile_nomenclature(titles: list[str]) -> cigref_ecf.Nomenclature:
    profiles = tuple(
        attrs.evolve(p, title=titles[i % len(titles)]) for i, p in enumerate(_N.profiles)
    )
    competences = tuple(
        attrs.evolve(c, title=titles[-1 - i % len(titles)]) for i, c in enumerate(_N.competences)
    )
    return attrs.evolve(_N, profiles=profiles, competences=competences)


@settings(max_examples=25)
@given(st.lists(hostile_text, min_size=1, max_size=33))
def test_matrix_csv_of_hostile_titles(titles: list[str]) -> None:
    n = _hostile_nomenclature(titles)
    m = cigref_ecf.matrix(nomenclature=n)
    wide = _read(m.to_csv())
    assert len(wide) == 1 + len(n.profiles)
    _assert_inert(wide)
    assert [restore_cell(row[1]) for row in wide[1:]] == [p.title for p in n.profiles]
    long = _read(m.to_csv(long=True))
    assert len(long) == 1 + len(m)
    _assert_inert(long)
    header = long[0]
    records = m.to_records()
    for row, record in zip(long[1:], records, strict=True):
        assert restore_cell(row[header.index("profile_title")]) == record["profile_title"]
        assert restore_cell(row[header.index("competence_title")]) == record["competence_title"]


def _plain_types(value: Any) -> bool:
    """Exactly JSON's types, not subclasses (an enum member is a str subclass)."""
    if type(value) is dict:
        return all(type(k) is str and _plain_types(v) for k, v in value.items())
    if type(value) is list:
        return all(_plain_types(v) for v in value)
    return type(value) in _JSON_TYPES


def test_to_data_is_plain_json() -> None:
    whole = cigref_ecf.to_data()
    assert _plain_types(whole)
    assert json.loads(json.dumps(whole)) == whole
    for items in (_N.errata, _N.profiles, _N.competences, _N.families, _N.levels, _N.dimensions):
        assert _plain_types(cigref_ecf.to_data(items))
    assert _plain_types(cigref_ecf.to_data(cigref_ecf.search("test")))


def test_security_page_states_the_limits_of_the_code() -> None:
    """The docs' table of limits is the input layer's constants, value for value."""
    from pathlib import Path

    from cigref_ecf._model import rules
    from cigref_ecf._read import xlsx

    page = (Path(__file__).parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(MAX_[A-Z_]+)` \| ([0-9,]+)", page, flags=re.MULTILINE)
    assert len(rows) >= 12
    for name, value in rows:  # the input layer's limits, and the workbook reader's own
        owner = rules if hasattr(rules, name) else xlsx
        assert getattr(owner, name) == int(value.replace(",", "")), name
    documented = {name for name, _ in rows}
    for module in (rules, xlsx):
        assert {n for n in module.__all__ if n.startswith("MAX_")} <= documented
