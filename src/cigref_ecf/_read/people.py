"""Files and frames of many people: which column is the person, the competence, the level, and
whether a table is long (one row per person and competence) or wide (one row per person, one
column per competence).

Everything that reads assessed people from a table (CSV, XLSX, JSON records, a pandas
DataFrame) goes through :func:`split_people`, which turns it into person ids and, for each
person, the raw ``(where, competence, level)`` entries. Codes and levels are checked later, by
:meth:`cigref_ecf.Assessment.from_mapping`'s single check (the one level rule, the competence
index), so that a file, a frame and a dict give the same errors.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from .._model.records import Nomenclature
from .._model.rules import Problems, assessed_level, excerpt, excerpts, fold, is_blank
from ..exceptions import InvalidAssessmentError, InvalidLevelError, Problem
from .headers import competence_header
from .tables import Table, drop_columns, find_columns

__all__ = [
    "COLUMN_NAMES",
    "People",
    "bad_id",
    "is_dataframe",
    "person_id",
    "split_frame",
    "split_people",
    "split_records",
]

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "person": (
        "person", "person id", "person_id", "personne", "employee", "employee id", "employee_id",
        "employé", "employe", "salarié", "salarie", "matricule", "collaborateur", "agent",
        "identifiant", "id", "name", "nom",
    ),
    "competence": (
        "competence", "compétence", "competence code", "code", "e-cf", "ecf", "e-cf competence",
        "code compétence", "code competence",
    ),
    "level": ("level", "niveau", "assessed level", "niveau évalué", "niveau evalue", "e-cf level"),
}  # fmt: skip
"""The header names each role is recognised by (matched case- and accent-insensitively)."""

_EXPECTED = (
    "expected a long table with columns person, competence, level (or competence, level for one "
    "person) or a wide table with a person column and one column per competence code (B1, B3 ...);"
    " French headers (salarié, matricule, compétence, niveau) are recognised; person= "
    "(--person-column) names any other person column, and ignore= (--ignore-column) names "
    "columns to read past"
)


class People(NamedTuple):
    """People split out of a table: ids in order of first appearance, and each one's entries."""

    ids: list[Hashable]
    """Person ids as found (text stripped, NumPy scalars as Python values, 7.0 as 7)."""
    entries: list[list[tuple[str, object, object]]]
    """Per person: (where it is, e.g. ``"row 3"``; competence as written; level as written)."""
    named: bool = True
    """False when the table had no person column and is one person (its id made up)."""
    problems: Problems | None = None
    """What is wrong with the table's header and rows, found while splitting it (None: nothing);
    the caller adds the entries' problems and reports them all at once."""

    def levels(self) -> list[dict[object, object]]:
        """Per person, the raw ``{competence: level}`` mapping (blank levels left out)."""
        return [{code: value for _, code, value in e if not is_blank(value)} for e in self.entries]


def is_dataframe(value: object) -> bool:
    """Whether ``value`` is a pandas DataFrame (without importing pandas)."""
    kind = type(value)
    return kind.__module__.startswith("pandas") and kind.__name__ == "DataFrame"


def person_id(value: object) -> Hashable | None:
    """A person id as found in a cell: text stripped, NumPy scalars as Python ones, integral
    floats (a spreadsheet's 1001.0) as ints; None when blank or not hashable."""
    if is_blank(value):
        return None
    item = getattr(value, "item", None)
    if type(value).__module__ == "numpy" and callable(item):
        value = item()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        hash(value)
    except TypeError:
        return None
    return value


def bad_id(value: object) -> str:
    """Why ``value`` is no person id (blank, or not hashable)."""
    if is_blank(value):
        return "no person id"
    return f"unusable person id {excerpt(value)} (not hashable)"


def _is_level(cell: object) -> bool:
    try:
        return assessed_level(cell) is not None
    except InvalidLevelError:
        return False


def split_people(
    table: Table,
    *,
    person: str | None = None,
    nomenclature: Nomenclature,
    index: Sequence[Hashable] | None = None,
    single: str | None = None,
    json: bool = False,
    ignore: Sequence[str] = (),
    headerless: bool = True,
) -> People:
    """Split a table of people into ids and per-person entries.

    The form is read from the header: columns named competence and level (in English or
    French, see :data:`COLUMN_NAMES`) make a long table; otherwise every column but the
    person's must be a competence code (a wide table). Without a person column, a long table
    is one person, ``single``; a wide table takes its ids from ``index`` (a DataFrame's index)
    or is refused. A two-column table whose header is ``B1,3`` has no header at all (the old
    ``competence,level`` lines; ``headerless=False`` for a DataFrame or records, whose
    column names are a header whatever they look like). Places are ``row 3`` and
    ``row 3, column B1``, or with ``json``, ``$[3]`` and ``$[3].B1``. The columns ``ignore``
    names are read past (each must be in the header).

    Raises:
        InvalidAssessmentError: naming the expected columns when the form cannot be told (the
            unexpected columns in one problem), every row without a person id, every person
            given twice in a wide table.
    """
    problems = Problems()
    if ignore:
        table = drop_columns(table, ignore, problems=problems)
    header = table.header
    roles = find_columns(header, COLUMN_NAMES, given={"person": person}, problems=problems)
    named = {fold(person)} if person is not None else {fold(h) for h in COLUMN_NAMES["person"]}
    unsure = set() if "person" in roles else {i for i, h in enumerate(header) if fold(h) in named}
    if "competence" in roles and "level" in roles:
        extra = [h for i, h in enumerate(header) if i not in roles.values()]
        if extra:
            what = (
                f"unexpected column {excerpts(extra)}"
                if len(extra) == 1
                else f"{len(extra)} unexpected columns ({excerpts(extra)})"
            )
            problems.add("header", f"{what}; {_EXPECTED}")
        return _long(table, roles, single, problems, json)
    if headerless and len(header) == 2 and not roles and _first_line(header, nomenclature):
        rows = [(1, tuple(header)), *table.rows]  # headerless "B1,3" lines: row 1 is data
        lines = Table(header=("competence", "level"), rows=rows, source=table.source)
        return _long(lines, {"competence": 0, "level": 1}, single, problems, json)
    for role in ("competence", "level"):
        if role in roles:
            problems.add(
                f"column {header[roles[role]]}",
                f"a {role} column but no {'level' if role == 'competence' else 'competence'} "
                f"column: {_EXPECTED}",
            )
    codes: dict[int, str] = {}
    others: list[str] = []
    first: dict[str, str] = {}
    for i, h in enumerate(header):
        if i in roles.values() or i in unsure:
            continue
        code, why = competence_header(h, nomenclature)
        if code is None:
            if why is not None:
                problems.add(f"column {h}", f"ambiguous competence column: {why}")
            else:
                others.append(h)
        elif code in first:
            problems.add(
                f"column {h}", f"a second column for {code} (the first is {first[code]!r})"
            )
        else:
            first[code] = h
            codes[i] = code
    if others:
        what = (
            f"column {excerpts(others)} is neither a competence code"
            if len(others) == 1
            else f"{len(others)} columns are neither competence codes"
        )
        listed = "" if len(others) == 1 else f" ({excerpts(others)})"
        problems.add("header", f"{what} nor a person column{listed}; {_EXPECTED}")
    if not codes:
        if not others and not problems:
            problems.add("header", f"no competence column: {_EXPECTED}")
        problems.raise_if_any(InvalidAssessmentError, table.source)  # nothing to read
    if "person" not in roles and index is None and not unsure:
        problems.add("header", f"no person column: {_EXPECTED}")
    return _wide(table, roles.get("person"), codes, index, problems, json=json)


def _first_line(header: Sequence[str], n: Nomenclature) -> bool:
    """Whether a two-cell header is the first line of headerless ``competence,level`` lines:
    a level, or a competence code and a blank level (not assessed, as on any other line)."""
    blank = not header[1].strip()
    return _is_level(header[1]) or (blank and competence_header(header[0], n)[0] is not None)


def _where(number: int, column: str | None, json: bool) -> str:
    if json:
        return f"$[{number}]" if column is None else f"$[{number}].{column}"
    return f"row {number}" if column is None else f"row {number}, column {column}"


def _long(
    table: Table, roles: dict[str, int], single: str | None, problems: Problems, json: bool
) -> People:
    who, code_at, level_at = roles.get("person"), roles["competence"], roles["level"]
    width = len(table.header)
    by_person: dict[Hashable, list[tuple[str, object, object]]] = {}
    for number, cells in table.rows:
        path = _where(number, None, json)
        if len(cells) > width:
            problems.add(path, f"{len(cells)} cells, but the header has {width} columns")
            continue
        if who is None:
            key: Hashable | None = single or "person"
        else:
            raw = cells[who] if who < len(cells) else None
            key = person_id(raw)
            if key is None:
                problems.add(path, bad_id(raw))
                continue
        code = cells[code_at] if code_at < len(cells) else None
        value = cells[level_at] if level_at < len(cells) else None
        if is_blank(code):
            if not is_blank(value):
                problems.add(path, "a level without a competence")
            continue
        by_person.setdefault(key, []).append((path, code, value))
    return People(
        ids=list(by_person),
        entries=list(by_person.values()),
        named=who is not None,
        problems=problems or None,
    )


def _wide(
    table: Table,
    who: int | None,
    codes: dict[int, str],
    index: Sequence[Hashable] | None,
    problems: Problems,
    *,
    json: bool,
) -> People:
    width = len(table.header)
    ids: list[Hashable] = []
    entries: list[list[tuple[str, object, object]]] = []
    seen: dict[Hashable, str] = {}
    for position, (number, cells) in enumerate(table.rows):
        path = _where(number, None, json)
        if len(cells) > width:
            problems.add(path, f"{len(cells)} cells, but the header has {width} columns")
            continue
        if who is None and index is None:
            key: Hashable | None = path  # no person column (reported): rows checked all the same
        else:
            raw = cells[who] if who is not None and who < len(cells) else None
            if who is None and index is not None:
                raw = index[position]
            key = person_id(raw)
            if key is None:
                problems.add(path, bad_id(raw))
                continue
        if key in seen:
            problems.add(path, f"person {excerpt(key)} given twice (also at {seen[key]})")
            continue
        seen[key] = path
        ids.append(key)
        entries.append(
            [
                (_where(number, table.header[i], json), code, cells[i])
                for i, code in codes.items()
                if i < len(cells)
            ]
        )
    return People(ids=ids, entries=entries, problems=problems or None)


def split_frame(
    frame: Any,
    *,
    person: str | None = None,
    nomenclature: Nomenclature,
    single: str | None = None,
    ignore: Sequence[str] = (),
) -> People:
    """:func:`split_people` for a pandas DataFrame, long or wide. Rows are named by their
    integer index labels (``row 0``, ``row 1`` ... for the default index), else by position;
    a wide frame without a person column takes its ids
    from the index."""
    header = tuple(str(c).strip() for c in frame.columns)
    if len(set(header)) != len(header):
        raise InvalidAssessmentError(
            [Problem(path="columns", message="a column name is given twice")], "<DataFrame>"
        )
    # an integer index names the rows (so a partition of a frame names them as the frame does)
    numbers = frame.index.tolist() if frame.index.dtype.kind in "iu" else range(len(frame))
    cells = frame.itertuples(index=False, name=None)
    rows = [(i, tuple(values)) for i, values in zip(numbers, cells, strict=True)]
    table = Table(header=header, rows=rows, source="<DataFrame>")
    return split_people(
        table,
        person=person,
        nomenclature=nomenclature,
        index=list(frame.index),
        single=single,
        ignore=ignore,
        headerless=False,
    )


def split_records(
    records: Iterable[object],
    *,
    person: str | None = None,
    nomenclature: Nomenclature,
    single: str | None = None,
    ignore: Sequence[str] = (),
) -> People:
    """:func:`split_people` for JSON-like records (``[{"person": ..., "competence": ...,
    "level": ...}, ...]`` or wide ``[{"person": ..., "B1": 3}, ...]``); paths are ``$[i]``."""
    items = list(records)
    problems = Problems()
    header: dict[str, None] = {}
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or not all(isinstance(k, str) for k in item):
            problems.add(f"$[{i}]", "expected an object of column -> value")
        else:
            header.update(dict.fromkeys(item))
    problems.raise_if_any(InvalidAssessmentError)
    names = tuple(header)
    rows = [
        (i, tuple(item.get(h) for h in names))
        for i, item in enumerate(items)
        if isinstance(item, Mapping)
    ]
    table = Table(header=names, rows=rows, source="<records>")
    return split_people(
        table,
        person=person,
        nomenclature=nomenclature,
        single=single,
        json=True,
        ignore=ignore,
        headerless=False,
    )
