"""The errors raised by :mod:`cigref_ecf`.

Every error the library raises on purpose derives from :class:`CigrefEcfError`, and each one also
derives from the builtin exception a caller would naturally catch (``LookupError`` for an unknown
code, ``ValueError`` for a bad level or bad data), so that both styles work::

    try:
        cigref_ecf.competence("Z9")
    except LookupError as exc:  # or cigref_ecf.exceptions.UnknownCodeError
        print(exc)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

__all__ = [
    "CigrefEcfError",
    "DataError",
    "InvalidAssessmentError",
    "InvalidLevelError",
    "InvalidQueryError",
    "MissingDependencyError",
    "Problem",
    "UnknownCodeError",
]


SHOWN_PROBLEMS = 20
"""How many problems an error message lists (all of them stay in ``.problems``)."""


def count_problems(problems: Iterable[Problem], omitted: int = 0) -> int:
    """How many problems a list stands for: a group of rows ("rows 2-15", "rows 4, 9, 12")
    counts each row."""
    return omitted + sum(p.count for p in problems)


_ROWS = re.compile(
    r"rows? (?P<items>[0-9]+(?:-[0-9]+)?(?:, [0-9]+(?:-[0-9]+)?)*)"
    r"(?: and (?P<more>[0-9]+) more)?(?: \([^)]*\))?(?:, column (?P<column>.+))?"
)
_COLUMN = re.compile(r"column (?P<column>.+)")


def format_problems(
    head: str, problems: Sequence[object], omitted: int = 0, *, more: str = "see .problems"
) -> str:
    """A summary line, then one indented line per problem (at most ``SHOWN_PROBLEMS``);
    ``more`` says where the others are (the command line says it in its own terms)."""
    lines = [head, *(f"  {p}" for p in problems[:SHOWN_PROBLEMS])]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"  ... and {len(problems) - SHOWN_PROBLEMS} more ({more})")
    if omitted:
        lines.append(f"  ... and {omitted} more not collected")
    return "\n".join(lines)


_MAX_EXCERPT = 60
"""Longest excerpt of the input quoted in a message, in characters (``rules.MAX_EXCERPT``)."""


def _excerpt(value: object, limit: int = _MAX_EXCERPT) -> str:
    """``repr(value)`` cut to ``limit`` characters, so that a message never echoes megabytes.

    The one rule for quoting input in a message, ``cigref_ecf._model.rules.excerpt``: it lives
    here, at the bottom, because the errors quote what they were given too.

    A large container is not rendered whole first: only a short prefix is.
    """
    if isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) > limit:
        return f"<{type(value).__name__} of {len(value)} items>"
    if isinstance(value, str) and len(value) > 4 * limit:
        value = value[: 4 * limit]
        text = repr(value)
    else:
        try:
            text = repr(value)
        except Exception:  # a hostile __repr__ must not escape from an error message
            text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    r"""``text`` safe to show on a terminal or as one line (``cigref_ecf._model.rules.printable``,
    beside the quoting rule): control characters (escape sequences, carriage returns, newlines,
    tabs, C1 controls), line and paragraph separators and bidirectional overrides written as
    escapes (``\x1b``, ``\n``, ``\u202e``), so that text from a file can neither drive the
    terminal (retitle it, clear it, hide a link) nor forge a line. Every text output of the
    command line and ``str(Difference)`` go through it.

    >>> _printable("Chef\x1b]0;pwned\x07"), _printable("a\nb"), _printable("Zoë")
    ('Chef\\x1b]0;pwned\\x07', 'a\\nb', 'Zoë')
    """
    if text.isprintable():
        return text
    return _CONTROLS.sub(lambda m: repr(m.group())[1:-1], text)


class CigrefEcfError(Exception):
    """The root of every error raised by cigref-ecf."""


class UnknownCodeError(CigrefEcfError, LookupError):
    """A code (competence, profile, dimension, family, level) that the nomenclature does not have.

    Attributes:
        kind: What was looked up (``"competence"``, ``"job profile"`` ...).
        code: The code as the caller gave it.
        suggestions: Close existing codes, best first (may be empty).
    """

    def __init__(self, kind: str, code: object, suggestions: Sequence[str] = ()) -> None:
        self.kind = kind
        self.code = code
        self.suggestions = tuple(suggestions)
        super().__init__(str(self))

    def __str__(self) -> str:
        message = f"unknown {self.kind} code: {_excerpt(self.code)}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        return message

    def __reduce__(self) -> tuple[Any, ...]:
        # As OSError does: the arguments __init__ needs (its args hold only the message), and
        # the instance's dict (notes added with add_note) as the state.
        return type(self), (self.kind, self.code, self.suggestions), dict(vars(self))


class InvalidLevelError(CigrefEcfError, ValueError):
    """A proficiency level that is malformed, out of range, or not defined by a competence."""


class InvalidQueryError(CigrefEcfError, ValueError):
    """A search query or query argument that cannot be answered (e.g. an empty query)."""


class MissingDependencyError(CigrefEcfError, ImportError):
    """An optional dependency (e.g. pandas) that a function needs is not installed."""


class Problem(NamedTuple):
    """One problem found in a nomenclature file or an assessment (immutable).

    Attributes:
        path: Where it is: a JSON path (``$.profiles[3].competences[1].level``), a key, a row
            (``row 4``, ``row 4, column B1``), a group of rows with the same problem
            (``rows 2-15``, ``rows 4, 9, 12, column B1``) or a column of a header
            (``column B9``).
        message: What is wrong, in plain words.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    @property
    def row(self) -> int | None:
        """The (first) row of a table the problem is at, if its path names one."""
        match = _ROWS.fullmatch(self.path)
        return int(match.group("items").split(",")[0].split("-")[0]) if match else None

    @property
    def column(self) -> str | None:
        """The column of a table the problem is at (its header), if its path names one."""
        match = _ROWS.fullmatch(self.path) or _COLUMN.fullmatch(self.path)
        return match.group("column") if match else None

    @property
    def count(self) -> int:  # type: ignore[override]
        """How many places it stands for: each row of a group of rows, else 1."""
        match = _ROWS.fullmatch(self.path)
        if match is None:
            return 1
        total = int(match.group("more") or 0)
        for item in match.group("items").split(", "):
            first, _, last = item.partition("-")
            total += int(last) - int(first) + 1 if last else 1
        return total

    def to_record(self) -> dict[str, object]:
        """``{"path", "row", "column", "message", "count"}``: the problem as JSON."""
        return {
            "path": self.path,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "count": self.count,
        }


class DataError(CigrefEcfError, ValueError):
    """Input data (a nomenclature file, a table, JSON text) that does not fit the schema or whose
    references do not resolve.

    The message starts with a one-line summary; every problem follows on its own line.

    Attributes:
        problems: The problems found, each with its path (at most ``MAX_PROBLEMS`` are kept).
        source: Where the data came from (a file path or ``"<string>"``), if known.
        omitted: How many more problems were found but not kept (0 in most cases).
    """

    def __init__(
        self, problems: Iterable[Problem], source: str | None = None, *, omitted: int = 0
    ) -> None:
        self.problems = tuple(problems)
        self.source = source
        self.omitted = omitted
        super().__init__(str(self))

    def _head(self) -> str:
        where = f" in {self.source}" if self.source else ""
        count = count_problems(self.problems, self.omitted)
        return f"{count} problem{'s' if count != 1 else ''} found{where}"

    def __str__(self) -> str:
        return format_problems(self._head(), self.problems, self.omitted)

    def __reduce__(self) -> tuple[Any, ...]:
        state = dict(vars(self))  # the fields again, and notes added with add_note
        return _rebuild, (type(self), self.problems, self.source, self.omitted), state


def _rebuild(
    cls: type[DataError], problems: tuple[Problem, ...], source: str | None, omitted: int
) -> DataError:
    return cls(problems, source, omitted=omitted)


class InvalidAssessmentError(DataError):
    """An assessment (or a file of many) with unknown competences, bad or inapplicable levels,
    duplicates or an unreadable shape.

    Attributes:
        problems: Every offending entry, each with where it is (a key, a row, a JSON path,
            a person).
    """

    def _head(self) -> str:
        count = count_problems(self.problems, self.omitted)
        where = f" in {self.source}" if self.source else ""
        return f"invalid assessment{where}: {count} problem{'s' if count != 1 else ''}"
