"""How the bytes of a text table become text: UTF-8 (with or without its BOM), UTF-16 with its
byte-order mark (Excel's "Unicode text"), or Windows-1252 (French Excel's CSV) when no line is
UTF-8 beyond ASCII. A file that mixes UTF-8 lines and others is refused, naming a line of each:
no line is decoded on a guess. Text that starts with a NUL character is UTF-16 without its mark,
and is said to be."""

from __future__ import annotations

from .._model.rules import ErrorClass, decode, fail
from ..exceptions import DataError

__all__ = ["decode_table"]

_UTF16 = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
"""The byte-order marks of UTF-16 (Excel's "Unicode text" starts with the first)."""
_NAMES = {"cp1252": "Windows-1252"}


def decode_table(data: bytes, *, source: str | None = None, error: ErrorClass = DataError) -> str:
    """The text of a table's bytes (see the module).

    Raises:
        error: naming the offset of the first byte that is not text, the lines of a file that
            mixes UTF-8 and Windows-1252, or text that starts with a NUL character.
    """
    if data[:2] in _UTF16:
        kind = _UTF16[data[:2]]
        try:
            return _without_nul(data[2:].decode(kind), source, error)
        except UnicodeDecodeError as exc:
            where = f"bytes at offset {exc.start + 2} after its byte-order mark"
            fail("$", f"not {kind.upper()} text ({where})", error, source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _one_encoding(data, "cp1252", source, error)
        text = decode(data, source=source, error=error, fallback="cp1252")
    return _without_nul(text, source, error)


def _one_encoding(data: bytes, fallback: str, source: str | None, error: ErrorClass) -> None:
    """Refuse text in which one line is UTF-8 beyond ASCII and another is not UTF-8."""
    utf8 = other = byte = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            if not other:
                other, byte = number, line[exc.start]
        else:
            utf8 = utf8 or number
        if utf8 and other:
            fail(
                f"line {other}",
                f"mixes encodings: line {utf8} is UTF-8 and line {other} is not (byte "
                f"{byte:#04x}); save the file in one encoding (CSV UTF-8) so that no line is "
                f"read as {_NAMES.get(fallback, fallback)}",
                error,
                source,
            )


def _without_nul(text: str, source: str | None, error: ErrorClass) -> str:
    """``text``, unless one of its first two characters is NUL: UTF-16 without a byte-order
    mark (each ASCII character is two bytes, one of them NUL), which no table starts with."""
    if "\0" in text[:2]:
        fail(
            "$",
            "starts with a NUL character: UTF-16 text without a byte-order mark? (save it as "
            "CSV UTF-8)",
            error,
            source,
        )
    return text
