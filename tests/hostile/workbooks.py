"""Hand-made XLSX workbooks: the parts a hostile file may hold, written as raw XML.

A workbook is a ZIP archive of XML parts; these helpers write one part by part, so that a test
can give it what no spreadsheet application writes (a row numbered 900,000,000, twenty million
empty rows, a formula without its value, a hidden first sheet, a chart sheet...).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def sheet(rows: str | bytes, *, before: str = "") -> bytes:
    """A worksheet part whose ``<sheetData>`` holds ``rows`` (raw XML)."""
    body = rows if isinstance(rows, bytes) else rows.encode()
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{before}<sheetData>'
    return head.encode() + body + b"</sheetData></worksheet>"


def cells(*values: object, row: int = 1, kind: str = "inlineStr") -> str:
    """One ``<row>`` of cells: text as inline strings (``kind``), numbers as numbers."""
    out = []
    for i, value in enumerate(values):
        ref = f"{chr(65 + i)}{row}"
        if value is None:
            continue
        if isinstance(value, (int, float)):
            out.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            text = str(value).replace("&", "&amp;").replace("<", "&lt;")
            out.append(f'<c r="{ref}" t="{kind}"><is><t>{text}</t></is></c>')
    return f'<row r="{row}">{"".join(out)}</row>'


def table(rows: Sequence[Sequence[object]]) -> bytes:
    """A worksheet of these rows, from row 1."""
    return sheet("".join(cells(*r, row=i) for i, r in enumerate(rows, start=1)))


def workbook(
    sheets: Mapping[str, bytes | Iterable[bytes]] | bytes,
    *,
    states: Mapping[str, str] | None = None,
    charts: Iterable[str] = (),
    shared: bytes | None = None,
    styles: bytes | None = None,
    active: int = 0,
    extra: Mapping[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The bytes of an XLSX file: ``sheets`` maps a name to its part, bytes or chunks of bytes
    (one part: ``"Sheet1"``);
    ``states`` marks some hidden; the sheets named in ``charts`` are chart sheets."""
    if isinstance(sheets, bytes):
        sheets = {"Sheet1": sheets}
    charts = set(charts)
    rels = [f'<Relationship Id="rIdWb" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>']
    book_rels, entries = [], []
    parts: dict[str, Any] = {}
    for i, (name, part) in enumerate(sheets.items(), start=1):
        kind = "chartsheet" if name in charts else "worksheet"
        target = f"{kind}s/sheet{i}.xml"
        book_rels.append(f'<Relationship Id="rId{i}" Type="{RELS}/{kind}" Target="{target}"/>')
        state = (states or {}).get(name)
        state_attr = f' state="{state}"' if state else ""
        entries.append(f'<sheet name="{name}" sheetId="{i}"{state_attr} r:id="rId{i}"/>')
        parts[f"xl/{target}"] = part
    if shared is not None:
        book_rels.append(f'<Relationship Id="rIdS" Type="{RELS}/sharedStrings" Target="s.xml"/>')
        parts["xl/s.xml"] = shared
    if styles is not None:
        book_rels.append(f'<Relationship Id="rIdT" Type="{RELS}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = styles
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f'<bookViews><workbookView activeTab="{active}"/></bookViews>'
        f"<sheets>{''.join(entries)}</sheets></workbook>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(
            "_rels/.rels", f'<Relationships xmlns="{PACKAGE}">{"".join(rels)}</Relationships>'
        )
        archive.writestr("xl/workbook.xml", book)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE}">{"".join(book_rels)}</Relationships>',
        )
        for name, data in {**parts, **(extra or {})}.items():
            if isinstance(data, bytes):
                archive.writestr(name, data)
            else:  # chunks: a part too large to hold in memory whole
                with archive.open(name, "w", force_zip64=True) as stream:
                    for chunk in data:
                        stream.write(chunk)
    return buffer.getvalue()


def shared_strings(strings: Iterable[str]) -> bytes:
    """A shared-string part."""
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>'.encode()
