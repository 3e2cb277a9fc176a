"""What every command shares: the output, the errors that end a command, the argument types.

A command is a handler ``(args, out, nomenclature)``: ``nomenclature`` is the one
``--nomenclature FILE`` names, or None for the bundled data; the handler passes it on to every
library call as ``nomenclature=``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from .._model.records import Nomenclature
    from ..exceptions import Problem

Handler = Callable[[argparse.Namespace, "Output", "Nomenclature | None"], None]
"""A command: its arguments, where it writes, the nomenclature it works on (None: bundled)."""

Command = Callable[[str, Handler, str], argparse.ArgumentParser]
"""Adds a command (name, handler, help) to the parser; returns its subparser."""


class Output:
    """Where a command writes: text wrapped to the terminal, or one JSON document."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        width = shutil.get_terminal_size((100, 24)).columns
        self.width = max(60, min(width, 110))

    def write(self, text: str) -> None:
        """Write ``text``; a failed write (full disk, closed pipe) becomes :class:`OutputError`
        (a broken pipe stays a :class:`BrokenPipeError`: the reader has had enough)."""
        try:
            self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from None

    def line(self, text: str = "") -> None:
        """Write one line: its control characters escaped (:func:`printable`), so that text
        from a file neither drives the terminal nor forges a line."""
        from .._model.rules import printable

        self.write(printable(text) + "\n")

    def para(self, text: str, indent: str = "") -> None:
        from .._model.rules import printable

        for paragraph in text.split("\n\n"):
            self.line(
                textwrap.fill(
                    printable(paragraph.replace("\n", " ")),
                    width=self.width,
                    initial_indent=indent,
                    subsequent_indent=indent,
                    break_on_hyphens=False,
                )
            )

    def bullet(self, text: str, indent: str = "  ", mark: str = "- ") -> None:
        from .._model.rules import printable

        self.line(
            textwrap.fill(
                printable(text),
                width=self.width,
                initial_indent=indent + mark,
                subsequent_indent=indent + " " * len(mark),
                break_on_hyphens=False,
            )
        )

    def heading(self, text: str) -> None:
        self.line()
        self.line(text)

    def json(self, data: Any) -> None:
        self.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


CODE_CAP = 24
"""The widest a code column of a text table grows (a code is at most 40 characters long: a
longer one is shortened with an ellipsis in its middle, keeping its end: ``IT-ARCH-…-LEAD-03``)."""

TITLE_CAP = 60
"""The widest a title column grows when other columns follow it (a longer title is cut)."""


def width(values: Iterable[str], minimum: int = 0, cap: int = CODE_CAP) -> int:
    """The width of a text table's column: its widest value, at least ``minimum`` (the bundled
    data's layout), at most ``cap`` (or ``minimum``, if larger)."""
    return min(max([minimum, *(len(v) for v in values)]), max(cap, minimum))


def fit(value: str, width: int, *, code: bool = True) -> str:
    """``value`` left-aligned in exactly ``width`` characters, so that the next column starts at
    the same place on every row. A longer value is shortened with an ellipsis: in its middle
    for a code (whose end tells codes apart), at its end otherwise.

    >>> fit("3.2", 5) + "|", fit("PLATFORM-RELIABILITY-LEAD-03", 12) + "|"
    ('3.2  |', 'PLATF…EAD-03|')
    >>> fit("Information and Knowledge Management", 12, code=False) + "|"
    'Information…|'
    """
    if len(value) <= width:
        return value.ljust(width)
    if width < 2:
        return "\u2026"[:width]
    if not code:
        return value[: width - 1] + "\u2026"
    head = (width - 1) // 2
    return value[:head] + "\u2026" + value[len(value) - (width - 1 - head) :]


class Exit(Exception):  # noqa: N818 - control flow, not an error
    """End the command with this exit status (its output already written)."""

    def __init__(self, code: int) -> None:
        self.code = code


class InputError(Exception):
    """A file that cannot be read or written: reported like a lookup problem (exit 1)."""


class OutputError(Exception):
    """Standard output that cannot be written (closed, disk full): exit 1."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(f"cannot write the output: {exc.strerror or exc}")


class UsageError(Exception):
    """Arguments argparse cannot check by itself (exit 2)."""


def cannot(verb: str, path: str, exc: OSError) -> InputError:
    """The error for a file that cannot be read or written (``verb``: "read", "write")."""
    return InputError(f"cannot {verb} {path}: {exc.strerror or exc}")


def load_file(path: str, notes: list[Problem] | None = None) -> Nomenclature:
    """The nomenclature or overlay in the file at ``path``, or the matrix in a spreadsheet
    (CSV, XLSX: read as ``import`` reads it); unreadable: :class:`InputError`."""
    from .._model.catalog import load

    try:
        if is_spreadsheet(path):
            from .._read.matrix_file import read_matrix

            return read_matrix(path, notes=notes)
        return load(path, notes=notes)
    except OSError as exc:
        raise cannot("read", path, exc) from None


def is_spreadsheet(path: str) -> bool:
    """Whether ``path`` names a table, by its suffix (``.csv``, ``.xlsx`` ...). The file is not
    opened here (a pipe read twice would lose its data); an XLSX under another name is told by
    ``load()``, which says to read it as a matrix."""
    from .._model.rules import is_table

    return path != "-" and is_table(path, b"")


TABLE_FORMATS = ("table", "csv", "excel-csv", "xlsx", "json")
"""``--format`` of the commands that write a table: text, CSV (RFC 4180), the CSV French Excel
opens (semicolons, UTF-8 BOM, decimal commas), an XLSX workbook (``--output FILE``), JSON."""

FORMAT_HELP = (
    "table (text), csv, excel-csv (semicolons, UTF-8 with BOM, decimal commas: what French Excel "
    "opens by a double click), xlsx (a workbook; needs --output FILE and the excel extra), json"
)


def write_table(
    path: str | None, fmt: str, header: Sequence[str], rows: list[list[object]], out: Output
) -> bool:
    """Write a table as CSV, Excel's CSV or XLSX, to ``path`` (through a temporary file) or
    standard output; False for another format (the caller writes it)."""
    from .._read.tables import csv_text, write_xlsx

    if fmt == "xlsx":
        if path is None:
            raise UsageError("--format xlsx writes a workbook: give --output FILE")
        from .._write.export import replacing

        try:
            with replacing(path) as temporary:
                write_xlsx(temporary, header, rows)
        except OSError as exc:
            raise cannot("write", path, exc) from None
        return True
    if fmt not in ("csv", "excel-csv"):
        return False
    text = csv_text(header, rows, excel=fmt == "excel-csv")
    if path is None:
        out.write(text)
    else:
        write_atomically(path, text)
    return True


def table_value(value: object) -> object:
    """A cell of a written table: numbers and text as they are, anything else as text."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return str(value)


def matrix_columns(p: argparse.ArgumentParser) -> None:
    """The options that name a matrix sheet's columns (``read_matrix``'s keywords)."""
    for role, example in (
        ("profile", "Réf. poste"),
        ("family", "Filière"),
        ("title", "Libellé"),
        ("family-title", "Libellé filière"),
    ):
        p.add_argument(
            f"--{role}-column",
            metavar="NAME",
            help=f"the {role.replace('-', ' ')} column "
            f"when its header is another (e.g. {example!r})",
        )
    p.add_argument(
        "--ignore-column",
        metavar="NAME",
        action="append",
        default=[],
        help="a column to read past (a comment, a department...); repeat for several",
    )


def matrix_options(args: argparse.Namespace) -> dict[str, Any]:
    """``read_matrix``'s keywords from :func:`matrix_columns`' options."""
    return {
        "profile": args.profile_column,
        "family": args.family_column,
        "title": args.title_column,
        "family_title": args.family_title_column,
        "ignore": args.ignore_column,
    }


def unique(notes: Iterable[Problem]) -> list[Problem]:
    """Each note once, in order (a note said by two steps of a reading is said once)."""
    return list(dict.fromkeys(notes))


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8, newlines as they are) through a temporary file: an
    interrupted or failed write leaves any previous file whole."""
    from .._write.export import replacing

    try:
        with (
            replacing(path) as temporary,
            open(temporary, "w", encoding="utf-8", newline="") as stream,
        ):
            stream.write(text)
    except OSError as exc:
        raise cannot("write", path, exc) from None


def family_arg(text: str) -> str:
    """``--family``: a family code (CIGREF's 1-7 or a company's)."""
    from .._model.rules import code_shape

    if not code_shape("code", text.strip()):
        raise argparse.ArgumentTypeError(f"not a family code: {text!r}")
    return text.strip()


def int_arg(text: str) -> int:
    """``--limit``: a whole number, not negative."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value
