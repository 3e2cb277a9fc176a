"""The command line's text tables: a company's codes, short or long, keep every column in line.

Each command runs in-process (``main``) on an overlay whose profile codes have 1 to 40
characters; every row's columns must start at the same offset, and each cell must show its
value (a code longer than the cap shortened in its middle, a title cut at its end).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cigref_ecf._model.rules import CODE_SHAPES
from cigref_ecf.cli import main
from cigref_ecf.cli._common import CODE_CAP, TITLE_CAP, fit, width
from cigref_ecf.cli._people import _table_text

LONG = "PLATFORM-RELIABILITY-ENGINEERING-LEAD-03"  # 40 characters, the longest a code may be
CODES = ["D", "DATA-ENG", "ARCHITECTURE-GOVERNANCE1", "ARCHITECTURE-GOVERNANCE12", LONG]
CODES.append(LONG[:-1] + "4")  # differs from LONG in its last character only
OVERLAY: dict[str, Any] = {
    "base": "cigref",
    "add_families": [
        {"code": "DATA", "title": "Data"},
        {"code": "PLATFORM-ENGINEERING", "title": "Platform engineering"},
    ],
    "add_profiles": [
        {
            "code": code,
            "family": "DATA" if len(code) < 10 else "PLATFORM-ENGINEERING",
            "title": f"Data role {i}" if len(code) < 10 else f"Platform role {i}",
            "competences": [
                {"competence": "B1", "level": "3"},
                {"competence": "B3", "level": "2"},
                *([{"competence": "A6", "level": str(1 + i % 3)}] if i % 2 else []),
            ],
        }
        for i, code in enumerate(CODES)
    ],
}
ME = "competence,level\nB1,3\nB3,2\nA6,2\n"
TEAM = "person,competence,level\nana,B1,3\nana,B3,2\nbob-the-builder,B1,2\nbob-the-builder,A6,1\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    where = tmp_path_factory.mktemp("company")
    paths = {"ours": where / "ours.json", "me": where / "me.csv", "team": where / "team.csv"}
    paths["ours"].write_text(json.dumps(OVERLAY), encoding="utf-8")
    paths["me"].write_text(ME, encoding="utf-8")
    paths["team"].write_text(TEAM, encoding="utf-8")
    return {name: str(path) for name, path in paths.items()}


def cli(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(argv)) == 0
    return out.getvalue()


def shows(code: str, text: str) -> bool:
    """Whether the cell ``text`` shows ``code``: whole, or shortened in its middle to the cap."""
    if text == code:
        return True
    head, sep, tail = text.partition("\u2026")
    return bool(sep) and len(text) == CODE_CAP and code.startswith(head) and code.endswith(tail)


def one_offset(offsets: list[int]) -> int:
    """The offset every row shares."""
    assert len(set(offsets)) == 1, offsets
    return offsets[0]


def test_profiles_list(files: dict[str, str]) -> None:
    lines = cli("profiles", "--nomenclature", files["ours"]).splitlines()
    ours = lines[-len(CODES) :]
    start = one_offset([re.match(r"\S+ +", line).end() for line in lines])  # type: ignore[union-attr]
    assert start == CODE_CAP + 1
    for code, line in zip(CODES, ours, strict=True):
        assert shows(code, line[:start].rstrip())
    assert len({line[:start] for line in ours}) == len(CODES)  # still told apart
    short = cli("profiles", "--family", "DATA", "--nomenclature", files["ours"]).splitlines()
    assert short == ["D        Data role 0", "DATA-ENG Data role 1"]  # as wide as its codes


def test_rank_one_person(files: dict[str, str]) -> None:
    text = cli("rank", files["me"], "--nomenclature", files["ours"])
    row = re.compile(r" ?\d+\. (?P<code>.+?) +(?P<score>\d\.\d\d)  met (?P<met>\S+) +"
                     r"shortfall (?P<shortfall>\d+) +(?P<title>\S.*)")  # fmt: skip
    matches = [row.fullmatch(line) for line in text.splitlines()]
    assert all(matches)
    for group in ("score", "met", "shortfall", "title"):
        one_offset([m.start(group) for m in matches if m])
    shown = {m["title"]: m["code"] for m in matches if m}
    for i, code in enumerate(CODES):
        assert shows(code, shown[OVERLAY["add_profiles"][i]["title"]])
    assert {len(m["met"]) for m in matches if m} == {3, 4}  # a longer `met` is in line too


def header_cells(text: str) -> list[dict[str, str]]:
    """A table's rows as {column: cell}, cut at the header's column offsets."""
    header, *rows = text.splitlines()
    words = list(re.finditer(r"\S+", header))
    names, starts = [w.group() for w in words], [w.start() for w in words]
    cut = [*starts[1:], None]
    table = []
    for row in rows:
        for start in starts[1:]:
            assert row[start - 2 : start] == "  " and row[start] != " ", (row, start)
        table.append({n: row[a:b].rstrip() for n, a, b in zip(names, starts, cut, strict=True)})
    return table


@pytest.mark.parametrize(
    "argv",
    [
        ("rank", "TEAM", "--limit", "7"),
        ("gap", "TEAM", "--profile", LONG),
        ("gap", "TEAM", "--profile", "D"),
        ("training-needs", "TEAM", "--profile", LONG),
    ],
)
def test_team_tables(files: dict[str, str], argv: tuple[str, ...]) -> None:
    argv = (*argv[:1], files["team"], *argv[2:], "--nomenclature", files["ours"])
    text = cli(*argv)
    records = json.loads(cli(*argv, "--json"))
    if argv[0] == "gap":
        text = text.split("\n", 1)[1]  # the profile's heading line
    if argv[0] == "training-needs":
        text = text.split("\n", 1)[1]
    table = header_cells(text)
    assert len(table) == len(records)
    for row, record in zip(table, records, strict=True):
        for column, cell in row.items():
            value = str(record[column]) if column in record else None
            if column == "profile":
                assert value is not None and shows(value, cell)
            elif column == "score":
                assert cell == f"{record['score']:.2f}"
            elif value is not None:
                assert cell == value, column


def test_matrix_wide_and_long(files: dict[str, str]) -> None:
    wide = cli("matrix", "--nomenclature", files["ours"]).splitlines()
    cells = json.loads(cli("matrix", "--json", "--nomenclature", files["ours"]))
    words = list(re.finditer(r"\S+", wide[0]))
    columns, starts = [w.group() for w in words], [w.start() for w in words]
    assert columns == cells["columns"]
    assert starts[0] == CODE_CAP + 1
    for line, (code, row) in zip(wide[1:], cells["rows"].items(), strict=True):
        assert shows(code, line[: starts[0]].rstrip())
        shown = {c: line[s : s + 3].strip() for c, s in zip(columns, starts, strict=True)}
        assert {c: v for c, v in shown.items() if v} == row
    long = cli("matrix", "--long", "--nomenclature", files["ours"]).splitlines()
    assert all(line[CODE_CAP] == " " and line[CODE_CAP + 1] != " " for line in long)
    assert any(shows(LONG, line[:CODE_CAP]) for line in long)


def test_search_and_required_by(files: dict[str, str]) -> None:
    hits = cli("search", "role", "--nomenclature", files["ours"]).splitlines()
    assert one_offset([line.index(" Data role") + 1 for line in hits if "Data role" in line]) == (
        one_offset([line.index(" Platform role") + 1 for line in hits if "Platform" in line])
    )
    families = cli("search", "engineering", "--kind", "family", "--nomenclature", files["ours"])
    assert families.splitlines()[0][4:] == "  family     PLATFORM-ENGINEERING Platform engineering"
    sheet = cli("competence", "B3", "--nomenclature", files["ours"])
    required = sheet.split("PROFILE(S)\n", 1)[1].splitlines()
    titles = [re.search(r" (\S.*)  \(level", line) for line in required]
    one_offset([m.start(1) for m in titles if m])


# ---------------------------------------------------------------------------- invariants

cells = st.text(st.characters(codec="utf-8", exclude_categories=["C", "Z"]), max_size=70)
codes = st.from_regex(f"(?:{CODE_SHAPES['code'][0]})", fullmatch=True)


@given(cells, st.integers(min_value=0, max_value=80), st.booleans())
def test_fit_is_exactly_as_wide_and_keeps_what_it_can(value: str, w: int, code: bool) -> None:
    shown = fit(value, w, code=code)
    assert len(shown) == w
    if len(value) <= w:
        assert shown == value.ljust(w)
    elif w >= 2:
        head, sep, tail = shown.partition("\u2026")
        assert sep and value.startswith(head) and value.endswith(tail)
        assert (len(tail) >= len(head) - 1) if code else tail == ""


@given(st.lists(cells, max_size=8), st.integers(min_value=0, max_value=30))
def test_width_is_the_widest_value_within_the_bounds(values: list[str], minimum: int) -> None:
    w = width(values, minimum)
    assert w == min(max([minimum, *map(len, values)]), max(CODE_CAP, minimum))


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "person": st.from_regex(r"[a-z][a-z -]{0,30}[a-z]", fullmatch=True),
                "profile": codes,
                "title": st.from_regex(r"[A-Za-z][A-Za-z' -]{0,80}[a-z]", fullmatch=True),
                "score": st.floats(min_value=0, max_value=1),
                "shortfalls": st.from_regex(r"[a-z]+:[0-9]", fullmatch=True),
            }
        ),
        min_size=1,
        max_size=6,
    )
)
def test_table_columns_start_at_the_header(records: list[dict[str, Any]]) -> None:
    columns = list(records[0])
    table = header_cells(_table_text(columns, records))
    for row, record in zip(table, records, strict=True):
        assert row["person"] == record["person"]
        assert shows(record["profile"], row["profile"])
        assert row["score"] == f"{record['score']:.2f}"
        title = row["title"]
        assert title == record["title"] or (
            len(title) == TITLE_CAP and title.endswith("\u2026")
            and record["title"].startswith(title[:-1])
        )  # fmt: skip
        assert row["shortfalls"] == record["shortfalls"]
