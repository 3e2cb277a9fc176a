"""XLSX workbooks read within limits: the one place a workbook's bytes become rows.

A workbook is a ZIP archive of XML parts, and what it expands to is decided by whoever made it:
a 1 KB file may number its one row 900,000,000, hold twenty million empty rows or thirty million
shared strings. So this reader does not hand the file to a general-purpose library: it streams
the parts it needs (the relationships, the workbook, the styles, the shared strings and one
sheet) through an XML parser, and checks every limit while it reads, before anything is built:

- each part expands at most :data:`MAX_RATIO` times its compressed size (once past 1 MiB), and
  all of them together at most :data:`MAX_EXPANDED` bytes;
- a sheet has at most :data:`MAX_ROWS` ``+ 1`` rows and :data:`MAX_CELLS` cells, blank ones
  included; rows and columns are numbered within Excel's grid (1,048,576 x 16,384), rows in
  increasing order, cells left to right; a gap between row numbers costs nothing (rows are never
  filled in); the sheet's declared dimension is not trusted for anything;
- a text (a cell, a shared string) has at most :data:`MAX_STRING` characters;
- the shared-string table has at most :data:`MAX_CELLS` strings.

Nothing is dropped or altered silently: a formula without a cached value, an error value
(``#N/A``), a shared string that does not exist, a hidden first sheet read by default, a chart
sheet, an encrypted workbook are each an error naming the file, the sheet and the cell. Only
:class:`~cigref_ecf.exceptions.DataError` (or the reader's subclass) leaves this module.
Date cells become :class:`datetime.datetime` (openpyxl's date rules), numbers ``int`` or
``float``, booleans ``bool``; text is kept as written (the table reader strips it).
"""

from __future__ import annotations

import contextlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import NamedTuple, NoReturn

from .._model.rules import (
    MAX_LISTED,
    MAX_STRING,
    ErrorClass,
    excerpt,
    fail,
)
from ..exceptions import DataError
from .xlsx_sheet import MAX_CELLS, SheetReader

__all__ = ["MAX_CELLS", "MAX_EXPANDED", "MAX_RATIO", "sheet_rows"]

MAX_EXPANDED = 256 * 1024 * 1024
"""Most bytes of XML the parts of a workbook read together may expand to (256 MiB: a workbook
of ``MAX_BYTES`` whose XML compresses 25 times)."""
MAX_RATIO = 100
"""Most times a part of a workbook may expand its compressed size, once past 1 MiB (sheets that
spreadsheet applications write compress 5 to 20 times; twenty million empty rows, 2,000)."""


_RATIO_FLOOR = 1 << 20
"""A part under this many expanded bytes is not held to :data:`MAX_RATIO` (small XML parts of
a few hundred bytes compress 20 times and more)."""
_CHUNK = 1 << 16

_MAX_ITEMS = 65_536
"""Most sheets, relationships, cell styles and number formats a workbook may declare (Excel
allows 64,000 cell styles and far fewer of the others)."""
_MAX_FORMAT = 1000
"""Longest number format code (Excel's are at most 255 characters)."""
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file: an encrypted workbook, or a legacy .xls one."""

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


class _Sheet(NamedTuple):
    name: str
    state: str
    kind: str
    """The last word of the relationship type: "worksheet", "chartsheet", "dialogsheet"..."""
    part: str | None


def sheet_rows(
    data: bytes, source: str, sheet: str | None, error: ErrorClass
) -> list[tuple[int, tuple[object, ...]]]:
    """The non-blank rows of one sheet: (row number as the spreadsheet shows it, the cells up to
    the last non-blank one, blank cells as None). ``sheet`` names the sheet; by default the
    first one, which must be a visible worksheet.

    Raises:
        error: for a workbook that is not a readable XLSX file, over a limit, or holding a cell
            that cannot be read as it is (a formula without a cached value, an error value...),
            naming the file, the sheet, the row and the column.
    """
    if data[:8] == _OLE:
        fail(
            "$",
            "an encrypted (password-protected) workbook or an old Excel 97-2003 file, not an XLSX "
            "one: save it as an .xlsx workbook without a password",
            error,
            source,
        )
    book = _Book(data, source, error)
    try:
        return book.rows(sheet)
    finally:
        book.close()


class _Book:
    def __init__(self, data: bytes, source: str, error: ErrorClass) -> None:
        self.source = source
        self.error = error
        self.expanded = 0
        self.archive: zipfile.ZipFile | None = None
        with self._reading("$"):
            self.archive = zipfile.ZipFile(io.BytesIO(data))

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def fail(self, path: str, message: str) -> NoReturn:
        fail(path, message, self.error, self.source)

    @contextlib.contextmanager
    def _reading(self, path: str) -> Iterator[None]:
        """Turns what zipfile, zlib and expat raise on a damaged archive into our error."""
        from xml.parsers import expat

        try:
            yield
        except DataError:
            raise
        except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
            if "encrypted" not in str(exc):
                raise
            self.fail(path, "an encrypted part: save the workbook without a password")
        except expat.ExpatError as exc:
            self.fail(
                path,
                f"a damaged workbook: not well-formed XML ({expat.ErrorString(exc.code)}, "
                f"line {exc.lineno}, column {exc.offset})",
            )
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            ValueError,
            OSError,
            KeyError,
            IndexError,
            OverflowError,
        ) as exc:
            what = excerpt(f"{type(exc).__name__}: {exc}")
            self.fail(path, f"not a readable XLSX workbook ({what})")

    # ----------------------------------------------------------------------------- parts

    def parse(
        self,
        part: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None] | None = None,
        text: Callable[[str], None] | None = None,
        label: str | None = None,
    ) -> None:
        """Stream ``part`` through an XML parser, checking the expanded size as it goes
        (problems at ``label``, by default the part's name). The
        handlers get element names as written (``row``, or ``x:row`` with a prefix: they drop
        it), namespaces unchecked."""
        from xml.parsers import expat

        assert self.archive is not None
        where = label or part
        try:
            info = self.archive.getinfo(part)
        except KeyError:
            self.fail(label or "$", f"a damaged workbook: its part {excerpt(part)} is missing")
        parser = expat.ParserCreate()
        parser.buffer_text = True

        def refuse_dtd(*_: object) -> None:
            self.fail(where, "a document type declaration (an XLSX part has none)")

        parser.StartDoctypeDeclHandler = refuse_dtd
        parser.EntityDeclHandler = refuse_dtd
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        size = 0
        with self._reading(where), self.archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                size += len(chunk)
                self.expanded += len(chunk)
                if self.expanded > MAX_EXPANDED:
                    self.fail(
                        where,
                        f"the workbook expands to more than {MAX_EXPANDED:,} bytes of XML, over "
                        "the limit",
                    )
                if size > _RATIO_FLOOR and size > MAX_RATIO * max(1, info.compress_size):
                    named = "" if label is None else f"{part} "
                    self.fail(
                        where,
                        f"{named}expands more than {MAX_RATIO} times its compressed size "
                        f"({info.compress_size:,} bytes): not a spreadsheet's data",
                    )
                parser.Parse(chunk, not chunk)
                if not chunk:
                    break

    def relations(self, part: str) -> dict[str, tuple[str, str]]:
        """Id -> (type's last word, target part) of a part's relationships (empty if none)."""
        folder, _, name = part.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        assert self.archive is not None
        if rels not in self.archive.NameToInfo:
            return {}
        found: dict[str, tuple[str, str]] = {}

        def start(tag: str, attrs: dict[str, str]) -> None:
            tag = _local(tag)
            if tag == "Relationship" and "Id" in attrs and "Target" in attrs:
                if attrs.get("TargetMode") == "External":
                    return
                if len(found) >= _MAX_ITEMS:
                    self.fail(rels, f"more than {_MAX_ITEMS:,} relationships, over the limit")
                target = attrs["Target"]
                path = target.lstrip("/") if target.startswith("/") else _join(folder, target)
                found[attrs["Id"]] = (attrs.get("Type", "").rpartition("/")[2], path)

        self.parse(rels, start)
        return found

    # ----------------------------------------------------------------------------- workbook

    def rows(self, wanted: str | None) -> list[tuple[int, tuple[object, ...]]]:
        root = dict(self.relations("").values())
        workbook = root.get("officeDocument", "xl/workbook.xml")
        rels = self.relations(workbook)
        sheets: list[_Sheet] = []
        date1904 = False

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal date1904
            tag = _local(tag)
            if tag == "sheet":
                if len(sheets) >= _MAX_ITEMS:
                    self.fail("$", f"more than {_MAX_ITEMS:,} sheets, over the limit")
                rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
                kind, part = rels.get(rid, ("", None))
                sheets.append(
                    _Sheet(attrs.get("name", ""), attrs.get("state", "visible"), kind, part)
                )
            elif tag == "workbookPr":
                date1904 = attrs.get("date1904", "0").lower() in ("1", "true")

        self.parse(workbook, start)
        chosen = self._choose(sheets, wanted)
        where = f"sheet {excerpt(chosen.name)}"
        assert chosen.part is not None  # _choose checked
        kinds = dict(rels.values())
        strings = self._strings(kinds["sharedStrings"]) if "sharedStrings" in kinds else []
        dates = self._date_styles(kinds["styles"]) if "styles" in kinds else (set(), set())
        return SheetReader(self, chosen.part, where, strings, dates, date1904=date1904).rows()

    def _choose(self, sheets: list[_Sheet], wanted: str | None) -> _Sheet:
        if not sheets:
            self.fail("$", "the workbook has no sheet")

        def listing() -> str:
            shown = [
                excerpt(s.name) + ("" if s.state == "visible" else f" ({s.state})")
                for s in sheets[:MAX_LISTED]
            ]
            more = len(sheets) - len(shown)
            return ", ".join(shown) + (f" and {more} more" if more else "")

        if wanted is None:
            chosen = sheets[0]
            if chosen.state != "visible":
                self.fail(
                    "$",
                    f"the first sheet {excerpt(chosen.name)} is {chosen.state}: name the sheet to "
                    f"read (sheet=, --sheet); the workbook has {listing()}",
                )
        else:
            found = [s for s in sheets if s.name == wanted]
            if not found:
                self.fail("$", f"no sheet {excerpt(wanted)}; the workbook has {listing()}")
            chosen = found[0]
        if chosen.part is None:
            self.fail(f"sheet {excerpt(chosen.name)}", "a damaged workbook: the sheet has no part")
        if chosen.kind != "worksheet":
            what = {"chartsheet": "a chart", "dialogsheet": "a dialog"}.get(chosen.kind, "not")
            self.fail(
                f"sheet {excerpt(chosen.name)}",
                f"{what} sheet, not a table of cells; the workbook has {listing()}",
            )
        return chosen

    def _strings(self, part: str) -> list[str | int]:
        """The shared strings; one longer than :data:`MAX_STRING` is kept as its length (an
        error only where a cell uses it)."""
        strings: list[str | int] = []
        collect = _Text()
        depth = {"si": 0, "rPh": 0}

        def start(tag: str, attrs: dict[str, str]) -> None:
            tag = _local(tag)
            if tag == "si":
                if len(strings) >= MAX_CELLS:
                    self.fail(part, f"more than {MAX_CELLS:,} shared strings, over the limit")
                depth["si"] = 1
                collect.reset()
            elif tag == "rPh":
                depth["rPh"] += 1
            elif tag == "t" and depth["si"] and not depth["rPh"]:
                collect.on = True

        def end(tag: str) -> None:
            tag = _local(tag)
            if tag == "si":
                depth["si"] = 0
                strings.append(collect.value())
            elif tag == "rPh":
                depth["rPh"] -= 1
            elif tag == "t":
                collect.on = False

        self.parse(part, start, end, collect.add)
        return strings

    def _date_styles(self, part: str) -> tuple[set[int], set[int]]:
        """The style ids whose number format is a date, and those that are a duration."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        custom: dict[int, str] = {}
        formats: list[int] = []
        inside = {"cellXfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            tag = _local(tag)
            if tag == "numFmt":
                number, code = attrs.get("numFmtId", ""), attrs.get("formatCode", "")
                if len(code) > _MAX_FORMAT or len(custom) >= _MAX_ITEMS:
                    self.fail(part, "a number format over the limits (length or count)")
                if number.isdigit() and len(number) < 10:
                    custom[int(number)] = code
            elif tag == "cellXfs":
                inside["cellXfs"] = True
            elif tag == "xf" and inside["cellXfs"]:
                if len(formats) >= _MAX_ITEMS:
                    self.fail(part, f"more than {_MAX_ITEMS:,} cell styles, over the limit")
                number = attrs.get("numFmtId", "0")
                formats.append(int(number) if number.isdigit() and len(number) < 10 else 0)

        def end(tag: str) -> None:
            if _local(tag) == "cellXfs":
                inside["cellXfs"] = False

        self.parse(part, start, end)
        dates: set[int] = set()
        durations: set[int] = set()
        kinds: dict[int, tuple[bool, bool]] = {}  # each format's code read once
        for style, number in enumerate(formats):
            if number not in kinds:
                code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
                kinds[number] = (is_date_format(code), is_timedelta_format(code))
            date, duration = kinds[number]
            if date:
                dates.add(style)
                if duration:
                    durations.add(style)
        return dates, durations


class _Text:
    """Character data collected while ``on``, up to :data:`MAX_STRING` characters (a longer
    text is kept as its length only)."""

    def __init__(self) -> None:
        self.on = False
        self.parts: list[str] = []
        self.length = 0

    def reset(self) -> None:
        self.on = False
        self.parts.clear()
        self.length = 0

    def add(self, text: str) -> None:
        if self.on:
            self.length += len(text)
            if self.length <= MAX_STRING:
                self.parts.append(text)

    def value(self) -> str | int:
        """The text, or its length (an int) when it is over :data:`MAX_STRING`."""
        return "".join(self.parts) if self.length <= MAX_STRING else self.length


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _join(folder: str, target: str) -> str:
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)
