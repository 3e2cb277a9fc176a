"""The input layer's rules: how users' own data is read and checked, in one place.

Everything that takes data from outside (nomenclature files, assessments, spreadsheets, pandas
frames, command-line files and stdin) calls these functions, so that the limits, the quoting of
input in messages and problem reports (:func:`excerpt`, :class:`Problems`), the matching form of
text (:func:`fold`), the shape of a code (:data:`CODE_SHAPES`), the accepted forms of a level
(:func:`assessed_level`), bounded reading and decoding (:func:`read_bytes`, :func:`decode`) and
strict JSON (:func:`parse_json`) are the same everywhere. Tables (CSV and XLSX in, CSV out,
header matching) are the other half of the input layer, :mod:`cigref_ecf._read.tables`, built on
these rules.

The layer is bounded (time and memory linear in the input, problem lists capped, size limits
that hold for pipes and devices) and total: only the library's documented errors leave it.
It imports nothing from the rest of the package but :mod:`cigref_ecf.exceptions`.
"""

from __future__ import annotations

import math
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any, NoReturn

from ..exceptions import _MAX_EXCERPT as MAX_EXCERPT
from ..exceptions import DataError, InvalidLevelError, Problem
from ..exceptions import _excerpt as excerpt
from ..exceptions import _printable as printable

__all__ = [
    "CODE_SHAPES",
    "LEVEL_FORMS",
    "MAX_BYTES",
    "MAX_CODE",
    "MAX_COLUMNS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_EXCERPT",
    "MAX_LISTED",
    "MAX_PATH",
    "MAX_PROBLEMS",
    "MAX_QUERY",
    "MAX_QUERY_WORDS",
    "MAX_ROWS",
    "MAX_STRING",
    "Problems",
    "assessed_level",
    "check_text",
    "code_shape",
    "decode",
    "excerpt",
    "excerpts",
    "fail",
    "fold",
    "is_blank",
    "is_table",
    "parse_json",
    "printable",
    "read_bytes",
    "rows_path",
    "schema_pattern",
    "source_name",
]

MAX_BYTES = 10 * 1024 * 1024
"""Default size limit of a file, a text or stdin (10 MiB; the bundled data is ~0.4 MiB)."""
MAX_DEPTH = 32
"""Deepest nesting of JSON arrays/objects accepted (the nomenclature schema needs 6)."""
MAX_STRING = 100_000
"""Longest string accepted, in characters (the longest bundled text is < 1,000)."""
MAX_DIGITS = 30
"""Most digits a JSON number may have (far below CPython's 4,300-digit conversion limit)."""
MAX_PROBLEMS = 1000
"""Most problems collected for one input; the rest are counted, not kept."""
MAX_PATH = 120
"""Longest path of a problem, in characters (longer ones, built from hostile keys, are cut)."""
MAX_CODE = 200
"""Longest code (or title) a lookup reads; a longer one is unknown at once, without a search
for close codes (the longest bundled title has 81 characters)."""
MAX_QUERY = 1000
"""Longest search query, in characters."""
MAX_QUERY_WORDS = 64
"""Most words in a search query."""
MAX_ROWS = 1_000_000
"""Most data rows a table may have."""
MAX_COLUMNS = 1000
"""Most columns a table may have."""

ErrorClass = Callable[..., DataError]
"""What a reader raises: :class:`DataError` or a subclass (``InvalidAssessmentError``)."""


# ------------------------------------------------------------------------------- messages


MAX_LISTED = 10
"""Most items a message lists (the columns of a header...); the rest are counted."""


def excerpts(values: Iterable[object], most: int = MAX_LISTED) -> str:
    """The first ``most`` values, each through :func:`excerpt`, then how many more there are:
    how a message lists what it names, however many there are.

    >>> excerpts(["Nom", "Service"]), excerpts(range(12), most=3)
    ("'Nom', 'Service'", '0, 1, 2 and 9 more')
    """
    shown: list[str] = []
    more = 0
    for value in values:
        if len(shown) < most:
            shown.append(excerpt(value))
        else:
            more += 1
    return ", ".join(shown) + (f" and {more} more" if more else "")


class Problems:
    """A capped, ordered collection of problems.

    Keeps the first ``limit`` problems and counts the others; loops over large inputs may stop
    early once :attr:`full` is true. :meth:`problems` merges runs of the same message on
    consecutive rows ("rows 2-15: ...").
    """

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self._items: list[Problem] = []
        self.limit = limit
        self.omitted = 0

    def add(self, path: str, message: str) -> None:
        """Record a problem at ``path`` (a JSON path, ``row 3``, a person id...); a path
        longer than :data:`MAX_PATH` is cut (a hostile key must not make it megabytes)."""
        if len(self._items) < self.limit:
            if len(path) > MAX_PATH:
                path = path[: MAX_PATH - 1] + "…"
            self._items.append(Problem(path=path, message=message))
        else:
            self.omitted += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        for p in problems:
            self.add(p.path, p.message)

    @property
    def full(self) -> bool:
        """True once the cap is reached (further problems are only counted)."""
        return len(self._items) >= self.limit

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items) + self.omitted

    def problems(self) -> list[Problem]:
        """The kept problems, those of one message at several rows (of one column) grouped
        where the first of them is: ``rows 2-15: ...``, ``rows 4, 9, 12, column B1: ...``."""
        groups: dict[tuple[str, str], list[int]] = {}
        order: list[Problem | tuple[str, str]] = []
        for p in self._items:
            match = _ROW_PATH.fullmatch(p.path)
            if match is None:
                order.append(p)
                continue
            key = (match.group(2) or "", p.message)
            rows = groups.get(key)
            if rows is None:
                groups[key] = rows = []
                order.append(key)
            rows.append(int(match.group(1)))
        merged: list[Problem] = []
        for item in order:
            if isinstance(item, Problem):
                merged.append(item)
                continue
            column, message = item
            merged.append(Problem(path=rows_path(groups[item]) + column, message=message))
        return merged

    def raise_if_any(self, error: ErrorClass = DataError, source: str | None = None) -> None:
        """Raise ``error`` with every problem (and the count of omitted ones), if any."""
        if self._items:
            raise error(self.problems(), source, omitted=self.omitted)


_ROW_PATH = re.compile(r"row ([0-9]+)(, column .+)?")


def rows_path(rows: Iterable[int]) -> str:
    """``row 4``, ``rows 2-15`` or ``rows 2-5, 9, 12``: rows named in a problem's path, runs of
    consecutive rows as ranges, at most :data:`MAX_LISTED` items then how many more rows
    (``rows 2, 4 and 30 more``); :attr:`Problem.count` reads it back.

    >>> rows_path([4]), rows_path([2, 3, 4, 5, 9, 12]), rows_path(range(2, 60, 2))
    ('row 4', 'rows 2-5, 9, 12', 'rows 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 19 more')
    """
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    if len(runs) == 1 and runs[0][0] == runs[0][1]:
        return f"row {runs[0][0]}"
    items = [str(a) if a == b else f"{a}-{b}" for a, b in runs[:MAX_LISTED]]
    more = sum(b - a + 1 for a, b in runs[MAX_LISTED:])
    return "rows " + ", ".join(items) + (f" and {more} more" if more else "")


def fail(
    path: str, message: str, error: ErrorClass = DataError, source: str | None = None
) -> NoReturn:
    """Raise ``error`` with a single problem."""
    raise error([Problem(path=path, message=message)], source)


# ------------------------------------------------------------------------------- text


def fold(text: str) -> str:
    """Lower case, accents removed, ligatures opened, whitespace collapsed: the matching form.

    >>> fold("  Chef de Projet Maîtrise d'Œuvre ")
    "chef de projet maitrise d'oeuvre"
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace("œ", "oe").replace("æ", "ae").split())


# ------------------------------------------------------------------------------- codes

CODE_SHAPES: Mapping[str, tuple[str, str]] = {
    "competence": (r"[A-Z][1-9][0-9]?", "an e-CF code such as 'B3'"),
    "dimension": (r"[A-Z]", "a letter such as 'B'"),
    "level": (r"e-[1-5]", "'e-1' to 'e-5'"),
    "cigref profile": (r"[1-9][0-9]?\.[1-9][0-9]?", "a CIGREF code such as '3.2'"),
    "cigref family": (r"[1-9][0-9]?", "a CIGREF family number such as '3'"),
    "language": (r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*", "a language tag such as 'fr' or 'en-GB'"),
    "code": (
        r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38}[A-Za-z0-9])?",
        "letters, digits, '.', '-' or '_' (at most 40, starting and ending with a letter or "
        "a digit) such as 'DATA-ENG'",
    ),
}
"""The one owner of every code shape: kind -> (regular expression, what it looks like).

``"code"`` is a company's own profile or family code; ``"cigref profile"`` and ``"cigref family"``
apply to the bundled data and to files that declare the CIGREF convention. Python matches with
:func:`re.fullmatch` (``"A1\\n"`` is refused); the JSON Schema gets :func:`schema_pattern`.
"""

_CODE_RES = {kind: re.compile(pattern) for kind, (pattern, _) in CODE_SHAPES.items()}


def code_shape(kind: str, text: object) -> bool:
    """Whether ``text`` is a string of the shape ``kind`` (a key of :data:`CODE_SHAPES`), whole.

    >>> code_shape("competence", "B3"), code_shape("competence", "B3\\n")
    (True, False)
    """
    return isinstance(text, str) and _CODE_RES[kind].fullmatch(text) is not None


def schema_pattern(kind: str) -> str:
    """The JSON Schema ``pattern`` of a code shape. ``$`` would accept a trailing newline in
    Python's ``re.search`` (which schema validators use); ``(?![\\s\\S])`` means end of text
    in both ECMAScript and Python."""
    return f"^(?:{CODE_SHAPES[kind][0]})(?![\\s\\S])"


# ------------------------------------------------------------------------------- levels

LEVEL_FORMS = (
    "an integer 1..5 (3, 3.0, '3,0', ' 3 '), a level code ('e-3', 'E3'), "
    "or blank/None/NaN for not assessed"
)
"""What :func:`assessed_level` accepts, as stated in every message that refuses a level."""

_LEVEL_TEXT = re.compile(r"(?:e\s*-?\s*)?([0-9]{1,3})(?:[.,]0*)?", re.IGNORECASE)
"""A level written as text: ``3``, ``3.0``, ``3,0`` (French Excel's decimal comma), ``e-3``.
The browser pages use this very pattern (``tools/docs_pages/assessment.py``)."""


def is_blank(value: object) -> bool:
    """Whether ``value`` means "not assessed": None, NaN (any float kind), pandas' NA/NaT, or a
    string of spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    kind = type(value)
    if kind.__name__ in ("NAType", "NaTType"):
        return True
    if kind.__module__ == "numpy" and kind.__name__.startswith("float"):
        return math.isnan(float(value))  # type: ignore[arg-type]
    return False


def assessed_level(value: object) -> int | None:
    """The one rule for an assessed level: its number 1..5, or None for "not assessed".

    Accepted: ints (NumPy's too), integral floats (``3.0``, NumPy's too), numeric strings with
    surrounding spaces (``" 3"``, ``"3.0"``, and ``"3,0"``: the decimal comma of a French
    spreadsheet), level codes (``"e-3"``, ``"E3"``). Not assessed:
    None, NaN, ``pd.NA``, ``NaT`` and blank strings.

    >>> assessed_level(" e-3"), assessed_level(4.0), assessed_level(""), assessed_level(None)
    (3, 4, None, None)

    Raises:
        InvalidLevelError: for booleans, ``2.5``, ``"three"``, levels outside 1..5 and any other
            type, with a message that names the accepted forms.
    """
    if type(value) is int:  # the common case first
        number = value
    elif is_blank(value):
        return None
    else:
        found = _number(value)
        if found is None:
            raise InvalidLevelError(f"invalid level {excerpt(value)}: expected {LEVEL_FORMS}")
        number = found
    if not 1 <= number <= 5:
        raise InvalidLevelError(f"invalid level {excerpt(value)}: e-CF levels run from 1 to 5")
    return number


def _number(value: object) -> int | None:
    """The integer ``value`` stands for, or None when it is not an integral level form."""
    kind = type(value)
    if isinstance(value, bool) or kind.__name__ == "bool_":
        return None
    if isinstance(value, str):
        match = _LEVEL_TEXT.fullmatch(value.strip()) if len(value) <= MAX_EXCERPT else None
        return int(match.group(1)) if match else None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) or (kind.__module__ == "numpy" and hasattr(value, "is_integer")):
        as_float = float(value)  # type: ignore[arg-type]
        return int(as_float) if math.isfinite(as_float) and as_float.is_integer() else None
    if kind.__module__ == "numpy" and hasattr(value, "__index__"):
        return int(value.__index__())
    return None


# ------------------------------------------------------------------------------- bytes


def read_bytes(
    source: str | os.PathLike[str] | IO[bytes] | IO[str],
    *,
    max_bytes: int | None = MAX_BYTES,
    error: ErrorClass = DataError,
) -> bytes:
    """The bytes of a file, ``"-"`` (stdin) or a stream, reading at most ``max_bytes + 1``
    bytes, so that the limit holds for pipes, FIFOs and devices too. A text stream's text is
    read as its UTF-8 bytes.

    Raises:
        error: when the input is over the limit, stdin is closed, or the name holds a NUL
            (``DataError`` by default).
        OSError: when the file cannot be opened (``IsADirectoryError`` for a directory).
    """
    name = source_name(source)
    if isinstance(source, (str, os.PathLike)):
        if os.fspath(source) == "-":
            if sys.stdin is None:  # started with stdin closed (``<&-``)
                fail("$", "standard input is closed", error, name)
            return _read_limited(sys.stdin.buffer, max_bytes, name, error)
        if "\0" in str(os.fspath(source)):
            fail("$", f"{excerpt(name)} is not a file name (it holds a NUL character)", error)
        with open(source, "rb") as stream:
            return _read_limited(stream, max_bytes, name, error)
    return _read_limited(source, max_bytes, name, error)


def source_name(source: object) -> str:
    """How a source is named in messages: its path, ``"<stdin>"`` for ``"-"``, a stream's
    ``name`` or ``"<stream>"``."""
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        return "<stdin>" if path == "-" else str(path)
    return str(getattr(source, "name", "<stream>"))


def _read_limited(
    stream: IO[bytes] | IO[str], max_bytes: int | None, name: str, error: ErrorClass
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        if isinstance(chunk, str):  # a text stream (io.StringIO, open(..., "r")): its UTF-8
            try:
                chunk = chunk.encode("utf-8")
            except UnicodeEncodeError:
                fail("$", "text with a lone surrogate (not valid Unicode)", error, name)
        if not isinstance(chunk, bytes):
            fail("$", "expected a binary or text stream", error, name)
        chunks.append(chunk)
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            fail("$", f"more bytes than allowed: over the limit of {max_bytes} bytes", error, name)
    return b"".join(chunks)


TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
"""File name suffixes of tables (a spreadsheet's matrix or team), not JSON."""


def is_table(name: str, data: bytes) -> bool:
    """Whether a file is a table (CSV or XLSX) by its name's suffix, or an XLSX by its first
    bytes (a ZIP archive): what a reader of JSON says to read otherwise."""
    return os.path.splitext(name)[1].lower() in TABLE_SUFFIXES or data[:4] == b"PK\x03\x04"


def decode(
    data: bytes,
    *,
    source: str | None = None,
    error: ErrorClass = DataError,
    fallback: str | None = None,
) -> str:
    """UTF-8 text (a BOM is dropped); with ``fallback="cp1252"``, bytes that are not UTF-8 are
    read as Windows-1252, as French Excel writes CSV (tables: ``_read.encodings``).

    Raises:
        error: naming the offset of the first byte that is not text, or UTF-16 (its
            byte-order mark) where UTF-8 is expected.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and fallback is None:
        kind = "UTF-16-LE" if data[:1] == b"\xff" else "UTF-16-BE"
        fail("$", f"{kind} text (its byte-order mark says so); expected UTF-8", error, source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback is not None:
            try:
                return data.decode(fallback)
            except UnicodeDecodeError:
                pass
        expected = "UTF-8" if fallback is None else f"UTF-8 or {fallback}"
        fail(
            "$",
            f"not {expected} text (byte {data[exc.start]:#04x} at offset {exc.start})",
            error,
            source,
        )


def check_text(
    text: object, *, source: str | None, max_chars: int | None, error: ErrorClass
) -> str:
    """``text`` if it is a str within ``max_chars`` (else ``error``)."""
    if not isinstance(text, str):
        fail("$", f"expected text (str), got {type(text).__name__}", error, source)
    if max_chars is not None and len(text) > max_chars:
        fail("$", f"{len(text)} characters, over the limit of {max_chars}", error, source)
    return text


# ------------------------------------------------------------------------------- JSON


class _Duplicated(dict[str, Any]):
    """A JSON object in which some key was given more than once (reported, never used)."""

    duplicates: list[str]


class _NumberTooLongError(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    dup = _Duplicated(result)
    seen: set[str] = set()
    dup.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
    return dup


def _integer(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise _NumberTooLongError(len(text))
    return int(text)


def _float(text: str) -> float:
    if len(text) > 2 * MAX_DIGITS:
        raise _NumberTooLongError(len(text))
    return float(text)


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(
    text: str | bytes,
    *,
    source: str | None = None,
    max_bytes: int | None = MAX_BYTES,
    error: ErrorClass = DataError,
) -> Any:
    """Parse untrusted JSON text: bounded, strict, every problem reported with its JSON path.

    Refused, each as a problem: invalid JSON (with line and column), text over ``max_bytes``,
    nesting deeper than :data:`MAX_DEPTH`, strings over :data:`MAX_STRING` characters, numbers
    over :data:`MAX_DIGITS` digits, ``NaN``/``Infinity``, keys given twice in an object, and lone
    surrogates (text that cannot be written back as UTF-8).
    """
    import json

    if isinstance(text, bytes):
        text = decode(text, source=source, error=error)
    text = check_text(text, source=source, max_chars=max_bytes, error=error).removeprefix("\ufeff")
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        fail(
            "$", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", error, source
        )
    except RecursionError:
        fail("$", f"nesting too deep (the limit is {MAX_DEPTH})", error, source)
    except _NumberTooLongError as exc:
        fail("$", f"a number of {exc.digits} digits (the limit is {MAX_DIGITS})", error, source)
    except ValueError as exc:
        fail("$", f"not valid JSON: {exc}", error, source)
    problems = Problems()
    _walk(data, problems)
    problems.raise_if_any(error, source)
    return data


def _walk(data: Any, problems: Problems) -> None:
    """Depth, string length, duplicate keys and lone surrogates, with their paths.

    Linear, and cheap per item: a child's path is built only for a container that has children
    of its own or for a string that needs a closer look (long or not ASCII).
    """
    if isinstance(data, str):
        _check_string(data, "$", problems)
        return
    stack: list[tuple[Any, str, int]] = [(data, "$", 0)]
    pending: list[tuple[Any, str, int]] = []
    path, depth = "$", 0

    def child(item: Any, suffix: str) -> None:
        if isinstance(item, str):
            if len(item) > MAX_STRING or not item.isascii():
                _check_string(item, path + suffix, problems)
        elif isinstance(item, (dict, list)) and (item or depth + 1 >= MAX_DEPTH):
            pending.append((item, path + suffix, depth + 1))

    while stack and not problems.full:
        value, path, depth = stack.pop()
        if depth >= MAX_DEPTH:
            problems.add(path, f"nesting too deep (the limit is {MAX_DEPTH})")
            continue
        pending.clear()
        if isinstance(value, dict):
            if isinstance(value, _Duplicated):
                for key in value.duplicates:
                    problems.add(f"{path}.{excerpt(key)[1:-1]}", "key given more than once")
            for key, item in value.items():
                if len(key) > MAX_STRING or not key.isascii():
                    _check_string(key, f"{path}.{key}", problems)
                child(item, f".{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                child(item, f"[{i}]")
        stack.extend(reversed(pending))


def _check_string(value: str, path: str, problems: Problems) -> None:
    if len(value) > MAX_STRING:
        problems.add(path, f"string of {len(value)} characters, over the limit of {MAX_STRING}")
    elif not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            problems.add(path, "text with a lone surrogate (not valid Unicode)")
