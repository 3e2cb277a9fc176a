"""Tables, the other half of the input layer: CSV and XLSX in, CSV out, header matching.

Everything that reads a table (assessments, a company's matrix, pandas frames turned into rows)
calls :func:`read_table` (or :func:`read_csv_text`), so that the CSV dialect (UTF-8 or
Windows-1252, comma, semicolon or tab, detected), blank rows, row numbers and the size limits
are the same everywhere; every CSV the package writes goes through :func:`write_csv` and its
spreadsheet-safe cells (:func:`safe_cell`); every header is matched by :func:`find_columns`.
The rules these build on (limits, messages, decoding) are :mod:`cigref_ecf._model.rules`'s. It
imports nothing from the rest of the package but that module and :mod:`cigref_ecf.exceptions`.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, NamedTuple

from .._model.rules import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    ErrorClass,
    Problems,
    excerpt,
    excerpts,
    fail,
    fold,
    read_bytes,
    source_name,
)
from ..exceptions import DataError, MissingDependencyError

__all__ = [
    "ESCAPE",
    "FORMULA_STARTS",
    "Table",
    "csv_text",
    "drop_columns",
    "find_columns",
    "read_csv_text",
    "read_table",
    "restore_cell",
    "safe_cell",
    "sniff_delimiter",
    "write_csv",
    "write_xlsx",
]


class Table(NamedTuple):
    """A table read from CSV or XLSX: its header and its data rows, blank rows left out."""

    header: tuple[str, ...]
    """The header cells, stripped."""
    rows: list[tuple[int, tuple[object, ...]]]
    """(row number as a spreadsheet shows it, the header being row 1; the cells)."""
    source: str
    """Where it came from (a file name or ``"<string>"``)."""


_DELIMITERS = (",", ";", "\t")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(
    source: str | os.PathLike[str] | IO[bytes] | IO[str] | bytes,
    *,
    format: str | None = None,
    sheet: str | None = None,
    max_bytes: int | None = MAX_BYTES,
    error: ErrorClass = DataError,
    name: str | None = None,
) -> Table:
    """Read a CSV or XLSX table from a path, ``"-"`` (stdin), a binary or text stream, or bytes.

    ``format`` is ``"csv"`` or ``"xlsx"``; by default the file's suffix decides, then its first
    bytes (an XLSX file is a ZIP archive). CSV: UTF-8 with or without BOM, else Windows-1252;
    delimiter comma, semicolon or tab, detected from the header line; quotes, CRLF.
    XLSX needs the ``excel`` extra (openpyxl); ``sheet`` names the sheet (default: the first).

    Raises:
        error: for a file over the limit, not text, malformed CSV, too many rows or columns.
        MissingDependencyError: for XLSX without openpyxl.
        OSError: when the file cannot be opened.
    """
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
        if max_bytes is not None and len(data) > max_bytes:
            fail("$", f"{len(data)} bytes, over the limit of {max_bytes}", error, label)
    else:
        data = read_bytes(source, max_bytes=max_bytes, error=error)
        label = name or source_name(source)
    kind = format or _guess_format(label, data)
    if kind == "xlsx":
        return _read_xlsx(data, label, sheet, error)
    if kind != "csv":
        fail("$", f"unknown table format {excerpt(kind)} (expected 'csv' or 'xlsx')", error, label)
    from .encodings import decode_table

    return read_csv_text(decode_table(data, source=label, error=error), label, error)


def _guess_format(label: str, data: bytes) -> str:
    suffix = os.path.splitext(label)[1].lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    # a ZIP archive, or an OLE file (an encrypted workbook: the XLSX reader says so)
    return "xlsx" if data[:4] == b"PK\x03\x04" or data[:8] == _OLE else "csv"


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: the one of comma, semicolon and tab found most often,
    outside quotes, in its first non-blank line (comma on a tie)."""
    for line in text.splitlines()[:50]:
        if line.strip():
            unquoted = re.sub(r'"[^"]*"', "", line)
            counts = {d: unquoted.count(d) for d in _DELIMITERS}
            best = max(_DELIMITERS, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def read_csv_text(text: str, source: str = "<string>", error: ErrorClass = DataError) -> Table:
    """A :class:`Table` from CSV text (see :func:`read_table`).

    Raises:
        error: also for a row that is shorter than the header and holds another of the
            delimiters (a line pasted from a file of another dialect: ``ana,3,2`` in a file
            separated by semicolons would be one cell), naming every such row.
    """
    import csv
    import io

    text = text.removeprefix("\ufeff")
    delimiter = sniff_delimiter(text)
    others = [d for d in _DELIMITERS if d != delimiter]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[object, ...]]] = []
    problems = Problems()
    number = 0
    try:
        for record in reader:
            number += 1
            cells = tuple(cell.strip() for cell in record)
            if not any(cells):
                continue
            _check_shape(cells, number, len(rows), source, error)
            if header is None:
                header = cells
                continue
            if len(cells) < len(header):
                found = next((d for d in others if any(d in c for c in cells)), None)
                if found is not None:
                    problems.add(
                        f"row {number}",
                        f"{len(cells)} cell{'s' if len(cells) > 1 else ''} where the header has "
                        f"{len(header)}, holding {found!r}: a row separated by {found!r} in a "
                        f"table separated by {delimiter!r} (one delimiter per file)",
                    )
            rows.append((number, cells))
    except csv.Error as exc:
        fail(f"row {number + 1}", f"not valid CSV: {exc}", error, source)
    problems.raise_if_any(error, source)
    if header is None:
        fail("$", "no header row (the table is empty)", error, source)
    return Table(header=header, rows=rows, source=source)


def _check_shape(
    cells: Sequence[object], number: int, count: int, source: str, error: ErrorClass
) -> None:
    if len(cells) > MAX_COLUMNS:
        fail(
            f"row {number}", f"{len(cells)} columns, over the limit of {MAX_COLUMNS}", error, source
        )
    if count >= MAX_ROWS:
        fail(f"row {number}", f"more than {MAX_ROWS} rows, over the limit", error, source)


def _read_xlsx(data: bytes, source: str, sheet: str | None, error: ErrorClass) -> Table:
    from .xlsx import sheet_rows

    try:
        import openpyxl  # noqa: F401 - its date rules
    except ImportError:
        raise MissingDependencyError(
            "reading XLSX needs openpyxl: pip install 'cigref-ecf[excel]'"
        ) from None
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[object, ...]]] = []
    for number, values in sheet_rows(data, source, sheet, error):
        cells = tuple(_cell(v) for v in values)
        while cells and cells[-1] is None:
            cells = cells[:-1]
        if not cells:
            continue
        _check_shape(cells, number, len(rows), source, error)
        if header is None:
            header = tuple("" if c is None else str(c).strip() for c in cells)
        else:
            rows.append((number, cells))
    if header is None:
        fail("$", "no header row (the sheet is empty)", error, source)
    return Table(header=header, rows=rows, source=source)


def _cell(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


# ------------------------------------------------------------------------------- CSV out

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a CSV cell as a formula (OWASP's list)."""
ESCAPE = "'"
"""Put before a text cell that starts with one of :data:`FORMULA_STARTS` (or with itself)."""


def safe_cell(value: object) -> object:
    """One CSV cell, safe to open in a spreadsheet; the one rule every CSV export follows.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets an
    apostrophe in front (``'=SUM(A1)``), so that Excel, LibreOffice and Google Sheets show it as
    text instead of running it; text that already starts with an apostrophe gets one more, so
    that :func:`restore_cell` gives back the original exactly. None and NaN are blank, lists and
    tuples are joined with ``;``, enum members are written as their value; numbers are kept
    (a number is never a formula).

    >>> safe_cell("=1+1"), safe_cell("'quoted"), safe_cell("2-4"), safe_cell(-3), safe_cell(None)
    ("'=1+1", "''quoted", '2-4', -3, '')
    """
    import enum

    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, (list, tuple)):
        value = ";".join(str(safe_cell(v)) for v in value)
    if isinstance(value, str):
        return ESCAPE + value if value.startswith((*FORMULA_STARTS, ESCAPE)) else value
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


def restore_cell(text: str) -> str:
    """The original text of a cell written by :func:`safe_cell`: the apostrophe that rule puts
    in front of ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or another apostrophe comes
    off; any other leading apostrophe is the text's own and stays (``'Chef`` typed in a file).

    >>> restore_cell(safe_cell("=1+1")), restore_cell(safe_cell("'x")), restore_cell("B3")
    ('=1+1', "'x", 'B3')
    >>> restore_cell("'Chef de projet")
    "'Chef de projet"
    """
    if text.startswith(ESCAPE) and text[1:].startswith((*FORMULA_STARTS, ESCAPE)):
        return text[1:]
    return text


def write_csv(
    stream: IO[str],
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    excel: bool = False,
) -> None:
    """Write a table as CSV: the one CSV writer of the package (every export calls it).

    RFC 4180: comma-separated, CRLF line ends, a cell quoted when it holds a comma, a quote, a
    line feed or a carriage return; every cell through :func:`safe_cell`. Rows are written as
    they come, so a large result streams. Open files with ``newline=""``.

    ``excel=True`` writes the CSV that French Excel opens by a double click: a UTF-8 BOM (Excel
    reads UTF-8 only with it), semicolons, and decimal commas in numbers that are not whole
    (``0,42``); :func:`read_table` reads it back (BOM, semicolon and all).
    """
    import csv

    writer = csv.writer(
        stream, delimiter=";" if excel else ",", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )
    if excel:
        stream.write("\ufeff")
    cell = _excel_cell if excel else safe_cell
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])


def _excel_cell(value: object) -> object:
    """A cell of French Excel's CSV: a float with a decimal comma, else :func:`safe_cell`."""
    if isinstance(value, float) and math.isfinite(value):
        return repr(value).replace(".", ",")
    return safe_cell(value)


def write_xlsx(
    path: str | os.PathLike[str] | IO[bytes],
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet: str = "Sheet1",
) -> None:
    """Write a table as an XLSX workbook of one sheet: numbers as numbers, text through
    :func:`safe_cell` (no cell is taken for a formula), None blank. Needs openpyxl (the
    ``excel`` extra).

    Raises:
        DataError: for a text with a control character XLSX cannot hold, naming its row and
            column, before anything is written.
        MissingDependencyError: when openpyxl is not installed.
    """
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError(
            "writing XLSX needs openpyxl: pip install 'cigref-ecf[excel]'"
        ) from None
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    problems = Problems()

    def cells(number: int, values: Sequence[object]) -> list[object]:
        out = []
        for column, value in enumerate(values):
            cell = None if value is None else safe_cell(value)
            found = ILLEGAL_CHARACTERS_RE.search(cell) if isinstance(cell, str) else None
            if found is not None:  # a control character XML 1.0 cannot hold: refused, not lost
                name = header[column] if column < len(header) else column + 1
                problems.add(
                    f"row {number}, column {name}",
                    f"character U+{ord(found.group()):04X} at position {found.start()} cannot "
                    "be written in XLSX",
                )
                cell = ""
            out.append(cell)
        return out

    checked = [cells(1, header), *(cells(n, row) for n, row in enumerate(rows, start=2))]
    problems.raise_if_any(DataError, "XLSX")  # before a workbook is begun or anything written
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    for row in checked:
        ws.append(row)
    book.save(path)


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, excel: bool = False
) -> str:
    r"""The CSV text of a table (see :func:`write_csv`).

    >>> csv_text(["code", "title"], [["3.2", "=cmd"], ["3.3", "a,b"]])
    'code,title\r\n3.2,\'=cmd\r\n3.3,"a,b"\r\n'
    """
    import io

    buffer = io.StringIO(newline="")
    write_csv(buffer, header, rows, excel=excel)
    return buffer.getvalue()


def find_columns(
    header: Sequence[str],
    roles: Mapping[str, Sequence[str]],
    *,
    given: Mapping[str, str | None] | None = None,
    problems: Problems | None = None,
) -> dict[str, int]:
    """Which column plays each role, by name, case- and accent-insensitively.

    ``roles`` maps a role to the header names it accepts (``{"level": ("level", "niveau")}``);
    ``given`` names a column explicitly for a role (``{"person": "Employee ID"}``), matched the
    same way. Roles no column plays are absent from the result. With ``problems``, what is
    wrong is recorded there instead of raised (the reader goes on, to report every problem
    of its input at once).

    Raises:
        DataError: for an explicitly given column that is not in the header, or a role two
            columns could play.
    """
    folded = [fold(h) for h in header]
    found: dict[str, int] = {}
    collect = problems is not None
    problems = Problems() if problems is None else problems
    for role, names in roles.items():
        explicit = (given or {}).get(role)
        wanted = {fold(explicit)} if explicit is not None else {fold(n) for n in names}
        hits = [i for i, h in enumerate(folded) if h in wanted]
        if explicit is not None and not hits:
            problems.add(
                "header",
                f"no column {excerpt(explicit)} for the {role}; columns: {excerpts(header)}",
            )
        elif len(hits) > 1:
            both = " and ".join(repr(header[i]) for i in hits[:3])
            named = given is not None and role in given
            how = f" with {role}= (--{role.replace('_', '-')}-column)" if named else ""
            problems.add("header", f"columns {both} could each be the {role}; name one{how}")
        elif hits:
            found[role] = hits[0]
    if not collect:
        problems.raise_if_any()
    return found


def drop_columns(
    table: Table,
    names: Iterable[str],
    error: ErrorClass = DataError,
    *,
    problems: Problems | None = None,
) -> Table:
    """``table`` without the columns ``names``, matched as :func:`find_columns` matches headers
    (case- and accent-insensitively): the columns a reader was told to read past.

    Cells past the header's width stay (the reader reports them as it would have). With
    ``problems``, a name no column has is recorded there (the reader goes on, to report every
    problem of its input at once) instead of raised.

    Raises:
        error: for a name that no column has, listing the columns.
    """
    wanted = {fold(name): name for name in names}
    folded = [fold(h) for h in table.header]
    found = Problems() if problems is None else problems
    for key, name in wanted.items():
        if key not in folded:
            found.add(
                "header", f"no column {excerpt(name)} to ignore; columns: {excerpts(table.header)}"
            )
    if problems is None:
        found.raise_if_any(error, table.source)
    keep = [i for i, h in enumerate(folded) if h not in wanted]
    if len(keep) == len(folded):
        return table
    width = len(folded)
    rows = [
        (number, tuple(cells[i] for i in keep if i < len(cells)) + tuple(cells[width:]))
        for number, cells in table.rows
    ]
    return Table(header=tuple(table.header[i] for i in keep), rows=rows, source=table.source)
