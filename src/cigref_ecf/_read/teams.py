"""Reading many people's assessed levels: :func:`read_assessments` (paths, text, bytes, streams,
pandas DataFrames, mappings, JSON-like records) and :func:`as_team` (anything a function taking
people accepts, as a checked :class:`~cigref_ecf.Team`).

This module tells the sources apart (a path or text, JSON or a table) and refuses one that
holds nobody; tables, records and frames are split into people by :mod:`cigref_ecf._read.people`,
and every person's entries go through the assessment's one check
(:mod:`cigref_ecf._read.assessment`).
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable, Mapping
from typing import IO, Any

from .._model.catalog import _resolve
from .._model.records import Nomenclature
from .._model.rules import MAX_BYTES, Problems, excerpt, parse_json
from ..exceptions import InvalidAssessmentError, Problem
from .assessment import Assessment, Team, as_assessment, checked_team
from .people import People, is_dataframe, split_frame, split_people, split_records

__all__ = ["as_team", "read_assessments"]


Source = str | os.PathLike[str] | IO[bytes] | bytes | Mapping[Any, Any] | Iterable[Any] | Any


def read_assessments(
    source: Source,
    *,
    person: str | None = None,
    format: str | None = None,
    sheet: str | None = None,
    nomenclature: Nomenclature | None = None,
    max_bytes: int | None = MAX_BYTES,
    ignore: str | Iterable[str] = (),
) -> Team:
    """Read the assessed levels of one or many people, checked against the nomenclature.

    ``source`` may be a path (``"team.csv"``, ``"team.xlsx"``, ``"team.json"``; ``"-"`` for
    standard input), CSV or JSON text (a string with a line break or starting with ``{``/``[``),
    bytes, a binary stream, a pandas DataFrame, a mapping ``{person: {competence: level}}``, or
    JSON-like records. Tables may be:

    - **long**: columns person, competence, level (one row per person and competence), or just
      competence, level for one person;
    - **wide**: a person column and one column per competence code (``B1``, ``B3`` ...); a
      wide DataFrame without a person column takes its ids from its index.

    Headers are matched case- and accent-insensitively, in English or French (``employee``,
    ``salarié``, ``matricule``, ``compétence``, ``niveau`` ...); ``person`` names any other
    person column. CSV: comma, semicolon or tab, detected; UTF-8 (BOM or not) or Windows-1252.
    XLSX needs the ``excel`` extra; ``sheet`` picks a sheet. JSON: ``{person: {code: level}}``,
    ``{code: level}`` (one person) or a list of records. Levels follow the one level rule
    (:doc:`see the concepts page <concepts>`); blanks are "not assessed".

    One person read from a file without a person column is keyed by the file's name without
    its suffix (``"me"`` for ``me.csv``), or ``"<string>"``/``"<stdin>"``.

    Every other column is an error, unless ``ignore`` names it (a name or several, matched as
    headers are): HR exports often carry a name, a department... beside the id and the levels.
    A named column must be in the table.

    A file, text, bytes or stream that holds no assessment (empty, a header without rows,
    ``{}`` or ``[]`` in JSON) is an error: it is more likely the wrong file than a team of
    nobody. An empty mapping, list or DataFrame passed in Python is an empty :class:`Team`.

    Examples:
        >>> team = read_assessments("employee,B1,B3\\nana,3,2\\nbob,e-4,\\n")
        >>> {person: dict(a) for person, a in team.items()}
        {'ana': {'B1': 3, 'B3': 2}, 'bob': {'B1': 4}}
        >>> team = read_assessments("Matricule,Nom,B1\\n1001,Ana,3\\n", ignore="Nom")
        >>> {person: dict(a) for person, a in team.items()}
        {'1001': {'B1': 3}}

    Raises:
        InvalidAssessmentError: for a form it cannot tell (naming the expected columns and,
            in one problem, the unexpected ones), a source that holds no assessment, a column
            to ignore that the table does not have, and every invalid entry, with its row,
            column or JSON path (runs of one problem on consecutive rows are merged:
            ``rows 2-15: ...``).
        MissingDependencyError: for XLSX without openpyxl.
        OSError: when the file cannot be opened.
    """
    n = _resolve(nomenclature)
    skip = _column_names(ignore)
    if isinstance(source, Team) and source.nomenclature is n and not skip:
        return source
    if is_dataframe(source):
        people = split_frame(source, person=person, nomenclature=n, ignore=skip)
        return _team(people, n, "<DataFrame>", named=people.named)
    if isinstance(source, Mapping):
        return _from_json_data(source, person, n, "<mapping>", ignore=skip)
    if isinstance(source, (str, bytes)) and _is_text(source):
        label = "<string>"
        data = source.encode("utf-8") if isinstance(source, str) else source
        return _from_bytes(
            data, label, person, format, sheet, n, max_bytes, single=label, ignore=skip
        )
    if isinstance(source, (str, os.PathLike)) or hasattr(source, "read"):
        from .._model.rules import read_bytes, source_name

        label = source_name(source)
        data = read_bytes(source, max_bytes=max_bytes, error=InvalidAssessmentError)  # type: ignore[arg-type]
        single = label if label.startswith("<") else os.path.splitext(os.path.basename(label))[0]
        return _from_bytes(data, label, person, format, sheet, n, None, single=single, ignore=skip)
    if isinstance(source, Iterable) and not isinstance(source, (str, bytes)):
        return _from_records(source, person, n, skip)
    raise InvalidAssessmentError(
        [Problem(path="$", message=f"cannot read assessments from {type(source).__name__}")]
    )


def _from_records(
    source: Iterable[Any], person: str | None, n: Nomenclature, ignore: tuple[str, ...]
) -> Team:
    records = list(source)
    if not records and not ignore:  # an empty list in Python: a team of nobody
        return _team(People(ids=[], entries=[]), n, "<records>")
    people = split_records(records, person=person, nomenclature=n, ignore=ignore)
    return _team(people, n, "<records>", named=people.named)


def _column_names(ignore: str | Iterable[str]) -> tuple[str, ...]:
    """``ignore=`` as a tuple of column names (one name may be given alone)."""
    names = (ignore,) if isinstance(ignore, str) else tuple(ignore)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"ignore= takes column names (str), got {type(name).__name__}")
    return names


def _nobody(label: str, what: str) -> InvalidAssessmentError:
    """The error for a source read from outside that holds no person: more likely the wrong
    file (or an export that went wrong) than a team of nobody."""
    return InvalidAssessmentError(
        [Problem(path="$", message=f"holds no assessment ({what})")], label
    )


def _is_text(source: str | bytes) -> bool:
    """Bytes are content; a str is text when it has a line break (anywhere: a wide header can
    be longer than a path) or starts like JSON, else a path."""
    if isinstance(source, bytes):
        return True
    return "\n" in source or source[:1000].lstrip().startswith(("{", "["))


def _from_bytes(  # noqa: PLR0917 - private, one call site each
    data: bytes,
    label: str,
    person: str | None,
    format: str | None,
    sheet: str | None,
    n: Nomenclature,
    max_bytes: int | None,
    *,
    single: str,
    ignore: tuple[str, ...],
) -> Team:
    from .._model.rules import decode
    from .tables import read_table

    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise _nobody(label, "the input is empty")
    kind = format or _guess(label, data)
    if kind == "json":
        text = decode(data, source=label, error=InvalidAssessmentError)
        parsed = parse_json(text, source=label, max_bytes=max_bytes, error=InvalidAssessmentError)
        if isinstance(parsed, (dict, list)) and not parsed:
            raise _nobody(
                label, f"an empty JSON {'object' if isinstance(parsed, dict) else 'list'}"
            )
        return _from_json_data(parsed, person, n, label, single=single, ignore=ignore, read=True)
    table = read_table(
        data,
        format=kind,
        sheet=sheet,
        max_bytes=max_bytes,
        error=InvalidAssessmentError,
        name=label,
    )
    people = split_people(table, person=person, nomenclature=n, single=single, ignore=ignore)
    if not people.ids and people.problems is None:
        raise _nobody(
            label, "a header and no rows" if not table.rows else "no row names a competence"
        )
    return _team(people, n, label, named=people.named)


def _guess(label: str, data: bytes) -> str | None:
    suffix = os.path.splitext(label)[1].lower()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        return None  # read_table decides
    start = data[:1000].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if start[:1] in (b"{", b"[") else None


def _from_json_data(
    data: object,
    person: str | None,
    n: Nomenclature,
    label: str,
    *,
    single: str = "person",
    ignore: tuple[str, ...] = (),
    read: bool = False,
) -> Team:
    if isinstance(data, Mapping):
        if ignore:
            raise InvalidAssessmentError(
                [
                    Problem(
                        path="$",
                        message="ignore= names columns of a table (CSV, XLSX, records, a "
                        "DataFrame); a mapping {person: {competence: level}} has none",
                    )
                ],
                label,
            )
        if not data:
            return _team(People(ids=[], entries=[]), n, label)
        values = list(data.values())
        if all(isinstance(v, Mapping) for v in values):
            people = People(
                ids=list(data),
                entries=[
                    [(f"$.{_key(p)}.{_key(c)}", c, v) for c, v in levels.items()]
                    for p, levels in data.items()
                ],
            )
            return _team(people, n, label)
        one = People(ids=[single], entries=[[(f"$.{_key(c)}", c, v) for c, v in data.items()]])
        return _team(one, n, label, named=False)
    if isinstance(data, list):
        try:
            people = split_records(
                data, person=person, nomenclature=n, single=single, ignore=ignore
            )
        except InvalidAssessmentError as exc:
            raise InvalidAssessmentError(exc.problems, label, omitted=exc.omitted) from None
        if read and not people.ids and people.problems is None:
            raise _nobody(label, "no record names a competence")
        return _team(people, n, label, named=people.named)
    raise InvalidAssessmentError(
        [Problem(path="$", message="expected a JSON object or a list of records")], label
    )


def _key(key: object) -> str:
    """A mapping key in a JSON path: text as is (cut if long), anything else as its repr."""
    text = excerpt(key)
    return text[1:-1] if isinstance(key, str) and text.endswith("'") else text


def _team(people: People, n: Nomenclature, source: str, *, named: bool = True) -> Team:
    """Check every person's entries; all problems reported at once, prefixed by the person
    when the path does not already say where (a row does)."""
    problems = Problems() if people.problems is None else people.problems
    found: dict[Hashable, Assessment] = {}
    for pid, entries in zip(people.ids, people.entries, strict=True):
        if problems.full:
            break
        try:
            found[pid] = Assessment._build(entries, n)
        except InvalidAssessmentError as exc:
            problems.omitted += exc.omitted
            for p in exc.problems:
                own = p.path.startswith(("row ", "rows ", "$"))  # a row already says where
                where = p.path if own else f"{excerpt(pid)}: {p.path}"
                problems.add(where, p.message)
    problems.raise_if_any(InvalidAssessmentError, source)
    return checked_team(Team(people=found, source=source, named=named), n)


def as_team(people: object, n: Nomenclature) -> Team:
    """``people`` (a :class:`Team`, a mapping person -> assessment, a DataFrame ...) as a Team
    checked against ``n``; errors name the person."""
    if isinstance(people, Team) and people.nomenclature is n:
        return people
    if isinstance(people, Mapping) and not isinstance(people, Assessment):
        problems = Problems()
        found: dict[Hashable, Assessment] = {}
        for pid, value in people.items():
            try:
                found[pid] = as_assessment(value, n)
            except InvalidAssessmentError as exc:
                problems.omitted += exc.omitted
                for p in exc.problems:
                    problems.add(f"{excerpt(pid)}: {p.path}", p.message)
        problems.raise_if_any(InvalidAssessmentError)
        return checked_team(Team(people=found, source=getattr(people, "source", None)), n)
    if is_dataframe(people):
        return read_assessments(people, nomenclature=n)
    raise InvalidAssessmentError(
        [
            Problem(
                path="$",
                message="expected a mapping person -> assessment, a Team or a DataFrame, "
                f"got {type(people).__name__}",
            )
        ]
    )
