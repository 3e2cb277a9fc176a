"""Hostile workbooks: what an XLSX file expands to is bounded while it is read, a damaged one
gives only our errors (naming the file, the sheet, the row and the column), and nothing in it is
dropped or altered silently (formulas without values, error values, hidden or chart sheets).

The small cases run here; those that expand to hundreds of megabytes run in capped children
(:mod:`tests.hostile.child`): a regression to reading what the file declares instead of what
is kept fails them on time or memory instead of hanging the suite.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf._model.rules import MAX_ROWS, MAX_STRING
from cigref_ecf._read import xlsx, xlsx_sheet
from cigref_ecf._read.tables import read_table
from cigref_ecf._read.xlsx import MAX_RATIO
from cigref_ecf.exceptions import DataError, InvalidAssessmentError

from .child import check_outcomes, cli, run_python
from .workbooks import cells, shared_strings, sheet, table, workbook

openpyxl = pytest.importorskip("openpyxl")

HEAD = cells("person", "competence", "level")


def _problem(data: bytes, **kwargs: object) -> str:
    with pytest.raises(DataError) as info:
        read_table(data, format="xlsx", name="team.xlsx", **kwargs)  # type: ignore[arg-type]
    assert info.value.source == "team.xlsx"
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def _row(body: str, number: int = 2) -> bytes:
    return workbook(sheet(HEAD + f'<row r="{number}">{body}</row>'))


MALFORMED = {
    "cell reference": (_row('<c r="2B"><v>1</v></c>'), "sheet 'Sheet1', row 2: a cell reference"),
    "cell of another row": (_row('<c r="A7"><v>1</v></c>'), "a cell 'A7' inside row 2"),
    "column past XFD": (_row('<c r="XFE2"><v>1</v></c>'), "beyond Excel's last column"),
    "cell given twice": (
        _row('<c r="B2"><v>1</v></c><c r="B2"><v>2</v></c>'),
        "row 2, column B: a cell given twice or out of order",
    ),
    "rows out of order": (
        workbook(sheet(HEAD + cells("a", row=5) + cells("b", row=3))),
        "row 3: rows out of order (row 3 after row 5)",
    ),
    "row number not a number": (_row("", number="x1"), "a row numbered 'x1'"),  # type: ignore[arg-type]
    "row number 0": (workbook(sheet('<row r="0"/>')), "a row numbered 0, beyond"),
    "row 900,000,000": (_row('<c r="A900000000"><v>1</v></c>', 900_000_000), "900,000,000"),
    "number": (_row('<c r="C2"><v>3x</v></c>'), "column C: a number '3x' that is not one"),
    "digits": (_row(f'<c r="C2"><v>{"9" * 5000}</v></c>'), "column C: a number"),
    "nan": (_row('<c r="C2"><v>nan</v></c>'), "column C: a number 'nan'"),
    "infinity": (_row('<c r="C2"><v>1e999</v></c>'), "not finite"),
    "boolean": (_row('<c r="C2" t="b"><v>2</v></c>'), "a boolean '2'"),
    "date": (_row('<c r="C2" t="d"><v>yesterday</v></c>'), "a date 'yesterday'"),
    "type": (_row('<c r="C2" t="zz"><v>1</v></c>'), "unknown type 'zz'"),
    "error value": (_row('<c r="C2" t="e"><v>#N/A</v></c>'), "column C: the error value '#N/A'"),
    "shared string": (_row('<c r="C2" t="s"><v>7</v></c>'), "a shared string '7'"),
    "formula": (
        _row('<c r="C2"><f>SUM(A1:A9)</f></c>'),
        "sheet 'Sheet1', row 2, column C: a formula without a computed value",
    ),
    "formula with an empty value": (
        _row('<c r="C2"><f>1+2</f><v /></c>'),
        "row 2, column C: a formula without a computed value",
    ),
    "formula text": (
        _row('<c r="A2" t="str"><f>UPPER("ana")</f></c>'),
        "row 2, column A: a formula without a computed value",
    ),
    "not XML": (workbook(b"<worksheet><sheetData><row>"), "not well-formed XML"),
    "DTD": (
        workbook(b'<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>'),
        "a document type declaration",
    ),
    "text over the limit": (
        workbook(sheet(cells("x" * (MAX_STRING + 1)))),
        f"a text of {MAX_STRING + 1:,} characters, over the limit of {MAX_STRING:,}",
    ),
    "shared text over the limit": (
        workbook(
            sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            shared=shared_strings(["y" * (MAX_STRING + 5)]),
        ),
        f"a text of {MAX_STRING + 5:,} characters",
    ),
    "number text over the limit": (
        _row(f'<c r="C2"><v>{"1" * (MAX_STRING + 1)}</v></c>'),
        "over the limit",
    ),
    "no sheet": (workbook({}), "$: the workbook has no sheet"),
    "OLE file": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000),
        "an encrypted (password-protected)",
    ),
    "not a ZIP": (b"PK\x03\x04" + bytes(100), "not a readable XLSX workbook"),
    "empty": (b"", "not a readable XLSX workbook"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_workbook_is_one_problem_naming_where(case: str) -> None:
    data, expected = MALFORMED[case]
    assert expected in _problem(data)


def _without(data: bytes, part: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
    return out.getvalue()


def test_missing_parts() -> None:
    data = workbook(table([["person"], ["ana"]]))
    assert "sheet 'Sheet1': a damaged workbook: its part 'xl/worksheets/sheet1.xml'" in _problem(
        _without(data, "xl/worksheets/sheet1.xml")
    )
    assert "part 'xl/workbook.xml' is missing" in _problem(_without(data, "xl/workbook.xml"))
    # without its relationships, no sheet has a part
    assert "the sheet has no part" in _problem(_without(data, "xl/_rels/workbook.xml.rels"))


def test_damaged_archives() -> None:
    data = workbook(table([["person", "level"], *([f"p{i}", i % 5 + 1] for i in range(500))]))
    for cut in (len(data) // 3, len(data) - 30):
        assert "not a readable XLSX workbook" in _problem(data[:cut])
    start = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside the sheet's compressed bytes
    corrupt = data[:start] + bytes(b ^ 0x55 for b in data[start : start + 40]) + data[start + 40 :]
    message = _problem(corrupt)
    assert "sheet 'Sheet1'" in message or "not a readable" in message


def test_an_encrypted_part() -> None:
    data = bytearray(workbook(table([["person"], ["ana"]])))
    name = b"xl/worksheets/sheet1.xml"
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local, central
        start = 0
        while (start := data.find(signature, start + 1)) >= 0:
            if name in data[start : start + 46 + len(name)]:
                data[start + flags] |= 0x1  # the entry marked encrypted, as a password makes it
    out = io.BytesIO(bytes(data))
    assert "an encrypted part: save the workbook without a password" in _problem(out.getvalue())


def test_a_hidden_first_sheet_is_not_read_by_default() -> None:
    data = workbook(
        {"old": table([["person"], ["zoe"]]), "people": table([["person"], ["ana"]])},
        states={"old": "hidden"},
        active=1,
    )
    message = _problem(data)
    assert "the first sheet 'old' is hidden: name the sheet to read" in message
    assert "'old' (hidden), 'people'" in message
    assert read_table(data, format="xlsx", sheet="people").rows == [(2, ("ana",))]
    assert read_table(data, format="xlsx", sheet="old").rows == [(2, ("zoe",))]  # when named
    very = workbook({"x": table([["a"]]), "y": table([["b"]])}, states={"x": "veryHidden"})
    assert "is veryHidden" in _problem(very)


def test_chart_sheets() -> None:
    data = workbook({"chart": b"<chartsheet/>", "people": table([["person"]])}, charts=["chart"])
    assert "sheet 'chart': a chart sheet, not a table of cells" in _problem(data)
    assert "sheet 'chart': a chart sheet" in _problem(data, sheet="chart")
    assert read_table(data, format="xlsx", sheet="people").header == ("person",)


def test_values_as_a_spreadsheet_stored_them() -> None:
    styles = (
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
        b'<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
        b"</styleSheet>"
    )
    rich = (
        '<c r="A2" t="inlineStr"><is><r><t>An</t></r><r><t xml:space="preserve">a </t></r>'
        "<rPh><t>ana</t></rPh></is></c>"
    )
    body = (
        rich
        + '<c r="B2" s="1"><v>45000</v></c><c r="C2" s="2"><v>45001.5</v></c>'
        + '<c r="D2" t="b"><v>1</v></c><c r="E2" t="str"><f>"x"</f><v>cached</v></c>'
        + '<c r="F2"><f>1+2</f><v>3</v></c><c r="G2" t="s"><v>1</v></c><c r="H2"><v>2.5</v></c>'
        + '<c r="I2"/><c r="J2" t="str"><f>""</f><v></v></c>'
    )
    data = workbook(
        sheet(cells(*"ABCDEFGHIJ") + f'<row r="2">{body}</row>'),
        shared=shared_strings(["zero", " one "]),
        styles=styles,
    )
    got = read_table(data, format="xlsx").rows
    assert got == [
        (
            2,
            (
                "Ana",
                datetime.datetime(2023, 3, 15),
                datetime.datetime(2023, 3, 16, 12),
                True,
                "cached",
                3,
                "one",
                2.5,
            ),
        )
    ]


def test_prefixed_names_and_a_lying_dimension() -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    part = (
        f'<x:worksheet xmlns:x="{main}"><x:dimension ref="A1:XFD1048576"/><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>person</x:t></x:is></x:c></x:row>'
        '<x:row r="1048576"><x:c r="A1048576"><x:v>7</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    ).encode()
    got = read_table(workbook(part), format="xlsx")
    assert got.header == ("person",)
    assert got.rows == [(1_048_576, (7,))]  # the gap of a million rows costs nothing


def test_limits_are_the_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = HEAD + "".join(f'<row r="{i}"/>' for i in range(2, 12))
    monkeypatch.setattr(xlsx_sheet, "MAX_ROWS", 9)
    assert "more than 9 rows (blank ones included)" in _problem(workbook(sheet(rows)))
    monkeypatch.setattr(xlsx_sheet, "MAX_CELLS", 5)
    monkeypatch.setattr(xlsx, "MAX_CELLS", 5)
    assert "row 2: more than 5 cells (blank ones included)" in _problem(
        workbook(sheet(HEAD + '<row r="2"><c/><c/><c/></row>'))
    )
    assert "more than 5 shared strings" in _problem(
        workbook(table([["a"]]), shared=shared_strings("abcdef"))
    )
    monkeypatch.setattr(xlsx, "MAX_EXPANDED", 2000)
    assert "expands to more than 2,000 bytes of XML" in _problem(workbook(sheet(HEAD + " " * 3000)))


def test_declarations_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "_MAX_ITEMS", 3)
    many = {f"s{i}": table([["a"]]) for i in range(4)}
    message = _problem(workbook(many))
    assert "more than 3 relationships" in message or "more than 3 sheets" in message
    styles = b"<styleSheet><cellXfs>" + b'<xf numFmtId="0"/>' * 4 + b"</cellXfs></styleSheet>"
    assert "more than 3 cell styles" in _problem(workbook(table([["a"]]), styles=styles))
    long = b'<styleSheet><numFmts><numFmt numFmtId="164" formatCode="' + b"y" * 2000
    long += b'"/></numFmts></styleSheet>'
    assert "a number format over the limits" in _problem(workbook(table([["a"]]), styles=long))


def test_a_part_that_expands_too_much() -> None:
    spaces = sheet(HEAD, before=" " * (MAX_RATIO * 200_000))
    message = _problem(workbook(spaces))
    assert (
        f"sheet 'Sheet1': xl/worksheets/sheet1.xml expands more than {MAX_RATIO} times" in message
    )


def test_formulas_written_by_openpyxl_are_refused(tmp_path: Path) -> None:
    """openpyxl stores a formula without its value (``<f>1+2</f><v/>``): a level typed as
    ``=1+2`` in a generated workbook is no level at all until a spreadsheet computes it."""
    book = openpyxl.Workbook()
    book.active.append(["person", "competence", "level"])
    book.active.append(["ana", "B1", "=1+2"])
    path = tmp_path / "team.xlsx"
    book.save(path)
    with pytest.raises(InvalidAssessmentError, match="row 2, column C: a formula without"):
        cigref_ecf.read_assessments(path)


def test_the_readers_raise_their_own_error(tmp_path: Path) -> None:
    path = tmp_path / "team.xlsx"
    formula = cells("ana", "B1", row=2).replace("</row>", '<c r="C2"><f>2+1</f></c></row>')
    path.write_bytes(workbook(sheet(HEAD + formula)))
    with pytest.raises(InvalidAssessmentError, match="row 2, column C: a formula without"):
        cigref_ecf.read_assessments(path)
    matrix = tmp_path / "matrix.xlsx"
    matrix.write_bytes(
        workbook(
            sheet(cells("code", "title") + '<row r="2"><c r="A2" t="e"><v>#REF!</v></c></row>')
        )
    )
    with pytest.raises(DataError, match="the error value '#REF!'"):
        cigref_ecf.read_matrix(matrix)


@pytest.mark.slow
def test_the_command_line_reports_a_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "team.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(64))
    result = cli("rank", str(path))
    assert result.returncode == 1, result.stderr
    error = result.stderr.decode()
    assert "not a readable XLSX workbook" in error and "internal error" not in error


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12
).filter(lambda text: not text.startswith("="))  # openpyxl would store a formula
_VALUE = st.one_of(
    st.none(),
    _TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda f: abs(f) < 1e300),
    st.booleans(),
    st.datetimes(datetime.datetime(1901, 1, 1), datetime.datetime(2099, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_VALUE, min_size=1, max_size=6), min_size=1, max_size=8))
def test_the_reader_agrees_with_openpyxl(rows: list[list[object]]) -> None:
    """On workbooks a spreadsheet library writes, the bounded reader reads what openpyxl reads
    (text stripped and blank cells as None, as the table reader keeps them)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    expected = []
    loaded = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    for number, values in enumerate(loaded.active.iter_rows(values_only=True), start=1):
        kept = [v.strip() or None if isinstance(v, str) else v for v in values]
        while kept and kept[-1] is None:
            kept.pop()
        if kept:
            expected.append((number, tuple(kept)))
    if not expected:
        with pytest.raises(DataError, match="no header row"):
            read_table(data, format="xlsx")
        return
    got = read_table(data, format="xlsx")
    header = tuple("" if c is None else str(c).strip() for c in expected[0][1])
    assert got.header == header
    assert got.rows == expected[1:]


# ------------------------------------------------------------------------------- capped

HEAVY = {
    "row 900,000,000": (
        'far = head + b\'<row r="900000000"><c r="A900000000"><v>1</v></c></row>\'\n'
        "data = workbook(sheet(far))",
        "900,000,000, beyond Excel's last row",
    ),
    "20M empty rows": (
        'data = workbook(sheet(head + b"<row/>" * 20_000_000))',
        f"more than {MAX_ROWS:,} rows (blank ones included)",
    ),
    "every row blank": (
        "rows = b''.join(b'<row r=\"%d\"/>' % i for i in range(2, 1_048_577))\n"
        "data = workbook(sheet(head + rows))",
        f"more than {MAX_ROWS:,} rows (blank ones included)",
    ),
    "30M shared strings": (
        'strings = shared_strings([]).replace(b"</sst>", b"<si/>" * 30_000_000 + b"</sst>")\n'
        "data = workbook(sheet(head), shared=strings)",
        "xl/s.xml: expands more than",  # the ratio stops it before the count
    ),
    "400M-character cell": (
        'text = [b\'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>\']\n'
        'text += [b"x" * 1_000_000] * 400 + [b"</t></is></c></row></sheetData></worksheet>"]\n'
        'data = workbook({"Sheet1": text})',
        "expands more than",
    ),
    "6M blank cells": (
        'data = workbook(sheet((b"<row>" + b"<c/>" * 1000 + b"</row>") * 6000))',
        "expands more than",  # the ratio or the cells, whichever comes first
    ),
    "20,000 columns": (
        'data = workbook(sheet(b"<row>" + b"<c/>" * 20_000 + b"</row>"))',
        "beyond Excel's last column (XFD)",
    ),
}
"""Each case: the code that builds ``data`` in the child, and what its error must say."""

CHILD = """
import resource
from cigref_ecf._read.tables import read_table
from tests.hostile.workbooks import cells, sheet, workbook, shared_strings
head = cells("person", "competence", "level").encode()
{build}
attempt("read", lambda: len(read_table(data, format="xlsx").rows))
results["size"] = {{"value": len(data)}}
results["memory"] = {{"value": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}
done()
"""


@pytest.mark.slow
@pytest.mark.parametrize("case", HEAVY)
def test_workbooks_that_expand_beyond_the_limits(case: str) -> None:
    """Each case in a child capped at 1 GiB and 30 s of CPU: refused while reading, at a cost
    that follows what is kept (its time is printed; speed belongs to the benchmarks)."""
    build, expected = HEAVY[case]
    code = CHILD.format(build=build)
    results = run_python(code, cwd=str(Path(__file__).parents[2]))
    check_outcomes(results, {"read": "DataError"})
    assert expected in results["read"]["message"], results["read"]["message"]
    size, memory = results["size"]["value"], results["memory"]["value"]
    print(f"{case}: {size:,} bytes, refused in {results['read']['seconds']} s, {memory:,} KiB")
