"""One sheet of a workbook, read cell by cell within the limits: the events of the sheet's XML
(:meth:`cigref_ecf._read.xlsx._Book.parse`) become rows of values, each checked as it comes
(:mod:`cigref_ecf._read.xlsx` says what is checked and why)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, NoReturn

from .._model.rules import MAX_COLUMNS, MAX_ROWS, MAX_STRING, excerpt

if TYPE_CHECKING:
    from .xlsx import _Book

__all__ = ["EXCEL_COLUMNS", "EXCEL_ROWS", "MAX_CELLS", "SheetReader"]

MAX_CELLS = 5_000_000
"""Most cells a workbook's sheet may have, blank ones included, and most strings its table of
shared strings may hold: what the largest CSV text accepted (``MAX_BYTES``, two bytes a cell)
can hold (re-exported by :mod:`cigref_ecf._read.xlsx` with its other limits)."""

EXCEL_ROWS = 1_048_576
"""The last row number of Excel's grid: a higher one is not a spreadsheet's."""
EXCEL_COLUMNS = 16_384
"""The last column of Excel's grid (XFD)."""
_MAX_NUMBER = 64
"""Longest text of a number cell (Excel writes at most 17 significant digits and an exponent)."""
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,20})")


class SheetReader:
    """The rows of one sheet: :meth:`rows` parses its part and returns them."""

    def __init__(
        self,
        book: _Book,
        part: str,
        where: str,
        strings: list[str | int],
        dates: tuple[set[int], set[int]],
        *,
        date1904: bool,
    ) -> None:
        self.book = book
        self.part = part
        self.where = where
        self.strings = strings
        self.dates, self.durations = dates
        self.date1904 = date1904
        self.done: list[tuple[int, tuple[object, ...]]] = []
        self.rows_seen = 0
        self.cells_seen = 0
        self.row = 0
        self.column = 0
        self.cells: dict[int, object] = {}
        self.in_row = False
        self.in_data = False
        self.cell: dict[str, str] | None = None
        self.collecting = False
        self.text_parts: list[str] = []
        self.length = 0
        self.has_value = False
        self.has_formula = False
        self.in_inline = 0
        self.in_phonetic = 0

    def fail(self, message: str, column: int | None = None) -> NoReturn:
        path = f"{self.where}, row {self.row}"
        if column is not None:
            path += f", column {_letters(column)}"
        self.book.fail(path, message)

    def rows(self) -> list[tuple[int, tuple[object, ...]]]:
        self.book.parse(self.part, self.start, self.end, self.text, label=self.where)
        return self.done

    # ----------------------------------------------------------------------------- events

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if ":" in tag:
            tag = _local(tag)
        if tag == "c":
            self.start_cell(attrs)
        elif tag == "v":
            if self.cell is not None:
                self.has_value = self.collecting = True
                self.text_parts = []
                self.length = 0
        elif tag == "row":
            self.start_row(attrs)
        elif self.cell is None:
            if tag == "sheetData":
                self.in_data = True
        elif tag == "f":
            self.has_formula = True
        elif tag == "is":
            self.in_inline += 1
        elif tag == "rPh":
            self.in_phonetic += 1
        elif tag == "t" and self.in_inline and not self.in_phonetic:
            self.collecting = True

    def end(self, tag: str) -> None:
        if ":" in tag:
            tag = _local(tag)
        if tag == "c":
            self.end_cell()
        elif tag in ("v", "t"):
            self.collecting = False
        elif tag == "row":
            self.end_row()
        elif tag == "is":
            self.in_inline -= 1
        elif tag == "rPh":
            self.in_phonetic -= 1
        elif tag == "sheetData":
            self.in_data = False

    def text(self, data: str) -> None:
        if self.collecting:
            self.length += len(data)
            if self.length <= MAX_STRING:
                self.text_parts.append(data)

    def collected(self) -> str | int:
        """The text of the cell, or its length (an int) when over :data:`MAX_STRING`."""
        return "".join(self.text_parts) if self.length <= MAX_STRING else self.length

    def start_row(self, attrs: dict[str, str]) -> None:
        if not self.in_data:
            return
        self.rows_seen += 1
        previous = self.row
        given = attrs.get("r")
        if given is None:
            self.row += 1
        elif given.isdigit() and given.isascii() and len(given) <= 20:
            self.row = int(given)
        else:
            self.fail(f"a row numbered {excerpt(given)} (not a row number)")
        if not 1 <= self.row <= EXCEL_ROWS:
            number, self.row = self.row, previous
            self.fail(f"a row numbered {number:,}, beyond Excel's last row ({EXCEL_ROWS:,})")
        if self.row <= previous:
            self.fail(f"rows out of order (row {self.row} after row {previous})")
        if self.rows_seen > MAX_ROWS + 1:
            self.fail(f"more than {MAX_ROWS:,} rows (blank ones included), over the limit")
        self.in_row = True
        self.column = 0
        self.cells = {}

    def start_cell(self, attrs: dict[str, str]) -> None:
        if not self.in_data:
            return
        if not self.in_row:
            self.fail("a cell outside any row")
        self.cells_seen += 1
        if self.cells_seen > MAX_CELLS:
            self.fail(f"more than {MAX_CELLS:,} cells (blank ones included), over the limit")
        ref = attrs.get("r")
        if ref is None:
            column = self.column + 1
        else:
            match = _CELL_REF.fullmatch(ref)
            if match is None:
                self.fail(f"a cell reference {excerpt(ref)} that is not one (A1, B7...)")
            column = _column_number(match.group(1))
            if int(match.group(2)) != self.row:
                self.fail(f"a cell {excerpt(ref)} inside row {self.row}")
        if not 1 <= column <= EXCEL_COLUMNS:
            at = "" if ref is None else f", at {excerpt(ref)}"
            self.fail(f"a cell beyond Excel's last column (XFD){at}")
        if column <= self.column:
            self.fail("a cell given twice or out of order", column)
        self.column = column
        self.cell = attrs
        self.has_value = self.has_formula = False
        self.text_parts = []
        self.length = 0

    def end_cell(self) -> None:
        attrs, self.cell = self.cell, None
        if attrs is None:  # a <c> outside the sheet's data
            return
        value = self.cell_value(attrs)
        if value is not None and value != "":
            if self.column > MAX_COLUMNS:
                self.fail(f"a cell beyond column {MAX_COLUMNS:,}, over the limit", self.column)
            self.cells[self.column] = value

    def cell_value(self, attrs: dict[str, str]) -> object:  # noqa: PLR0911 - one per cell type
        kind = attrs.get("t", "n")
        column = self.column
        if kind == "inlineStr":
            return self.checked(self.collected(), column)
        raw = self.collected() if self.has_value else ""
        # No value, or an empty one where only text may be empty (openpyxl writes <f>..</f><v/>
        # for every formula it is given): the formula was never computed.
        if self.has_formula and raw == "" and (kind != "str" or not self.has_value):
            self.fail(
                "a formula without a computed value: open and save the file in a "
                "spreadsheet application (or paste its values) so that its values are stored",
                column,
            )
        if not self.has_value:
            return None
        if kind == "str":
            return self.checked(raw, column)
        if isinstance(raw, int):
            self.fail(f"a value of more than {MAX_STRING:,} characters, over the limit", column)
        if kind == "s":
            index = raw.strip()
            if not (index.isdigit() and index.isascii() and int(index) < len(self.strings)):
                self.fail(
                    f"a shared string {excerpt(index)} that the workbook does not have", column
                )
            return self.checked(self.strings[int(index)], column)
        if kind == "e":
            self.fail(f"the error value {excerpt(raw)}, not data", column)
        if kind == "b":
            if raw.strip() not in ("0", "1"):
                self.fail(f"a boolean {excerpt(raw)} that is not 0 or 1", column)
            return raw.strip() == "1"
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                return from_ISO8601(raw.strip())
            except (ValueError, TypeError, OverflowError):
                self.fail(f"a date {excerpt(raw)} that is not one", column)
        if kind != "n":
            self.fail(f"a cell of unknown type {excerpt(kind)}", column)
        return self.number(raw.strip(), attrs, column)

    def number(self, raw: str, attrs: dict[str, str], column: int) -> object:
        if raw == "":
            return None
        try:
            if len(raw) > _MAX_NUMBER:
                raise ValueError
            value: float | int = float(raw) if any(c in raw for c in ".eE") else int(raw)
        except ValueError:
            self.fail(f"a number {excerpt(raw)} that is not one", column)
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(f"a number {excerpt(raw)} that is not finite", column)
        style = attrs.get("s", "0")
        if style.isdigit() and len(style) < 10 and int(style) in self.dates:
            from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

            epoch = CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900
            try:
                return from_excel(value, epoch, timedelta=int(style) in self.durations)
            except (OverflowError, ValueError):
                self.fail(f"a date cell whose number {excerpt(raw)} is no date", column)
        return value

    def checked(self, text: str | int, column: int) -> str:
        if isinstance(text, int):
            self.fail(f"a text of {text:,} characters, over the limit of {MAX_STRING:,}", column)
        return text

    def end_row(self) -> None:
        if not self.in_row:
            return
        self.in_row = False
        if self.cells:
            last = max(self.cells)
            row = tuple(self.cells.get(i) for i in range(1, last + 1))
            self.done.append((self.row, row))
        self.cells = {}


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
