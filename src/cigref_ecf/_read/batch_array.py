"""Many people's levels as one people x competences array (int8, 0 = not assessed).

Two readings that give the same array or the same error:

- the reference, :func:`check_people`: every input form through the package's one reader of
  many people (:func:`~cigref_ecf.read_assessments`, :func:`~cigref_ecf._read.teams.as_team`),
  the one level rule and the competence index;
- the vectorised reading of the common forms, each a handful of passes over the input at C
  speed (``map``/``np.fromiter`` over dicts, whole columns of frames): plain dicts with
  canonical codes and int or float levels, frames whose layout the shared header matching tells
  at once with numeric level columns. Whatever it does not take at once (a tolerant spelling
  ``"b.3"``, a level ``"e-3"``, a NumPy scalar in a dict, any error) sends the whole input
  through the reference, so that errors and edge cases are the reference's.

Both check levels against what each competence defines with one bit mask per competence
(:func:`_allowed_masks`), and person ids as :func:`~cigref_ecf._read.people.person_id` makes them.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from .._model.records import Nomenclature
from ..exceptions import DataError, InvalidAssessmentError, Problem
from .assessment import Assessment
from .people import COLUMN_NAMES, is_dataframe, person_id
from .tables import find_columns
from .teams import as_team, read_assessments

__all__ = ["check_people", "levels_array", "numeric_levels"]

_EXPECTED_INPUT = (
    "expected a mapping person -> assessment, an iterable of assessments (mappings competence "
    "-> level), or a pandas DataFrame (long: person, competence, level; wide: one column per "
    "competence)"
)

_ROWS = 1 << 13
"""Rows of a wide frame checked at a time (their values stay in the CPU caches)."""


def check_people(
    assessments: object,
    n: Nomenclature,
    *,
    person: str | None = None,
    ignore: tuple[str, ...] = (),
) -> tuple[list[Hashable], list[Assessment]]:
    """The reference: every input form read and checked by the package's one reader of many
    people (:func:`~cigref_ecf.read_assessments` for frames and for records with a person
    column; the same check for mappings).

    Raises:
        InvalidAssessmentError: with every problem (capped), naming the person or the row.
    """
    if is_dataframe(assessments):
        team = read_assessments(assessments, person=person, nomenclature=n, ignore=ignore)
    elif isinstance(assessments, Mapping) and not isinstance(assessments, Assessment):
        team = as_team(assessments, n)
    elif isinstance(assessments, Iterable) and not isinstance(assessments, (str, bytes)):
        items = list(assessments)
        if person is not None or ignore or _records(items, n):
            team = read_assessments(items, person=person, nomenclature=n, ignore=ignore)
        else:
            team = as_team(dict(enumerate(items)), n)
    else:
        raise InvalidAssessmentError([Problem(path="$", message=_EXPECTED_INPUT)])
    return list(team), list(team.values())


def _records(items: list[object], n: Nomenclature) -> bool:
    """Whether ``items`` are records with a person column (``{"person": "ana", "B1": 3}``,
    ``{"id": ...}``), told by the first one's keys through the shared header matching."""
    first = items[0] if items else None
    if not isinstance(first, Mapping) or isinstance(first, Assessment):
        return False
    keys = [k for k in first if isinstance(k, str) and k not in n._competence_index]
    try:
        return "person" in find_columns(keys, {"person": COLUMN_NAMES["person"]})
    except DataError:
        return True  # two person columns: the reader says so


def levels_array(
    np: Any,
    assessments: object,
    n: Nomenclature,
    *,
    person: str | None = None,
    ignore: tuple[str, ...] = (),
) -> tuple[list[Hashable], Any]:
    """Person ids and their people x competences levels (int8, 0 = not assessed).

    The vectorised reading first; on anything it does not take at once, the reference reading
    and check (whose errors are raised).
    """
    fast = None if ignore else _fast_levels(np, assessments, n, person)
    if fast is not None:
        return fast
    ids, checked = check_people(assessments, n, person=person, ignore=ignore)
    column = _columns(n)
    lengths = [len(a.levels) for a in checked]
    cols = [column[code] for a in checked for code in a.levels]
    values = [level for a in checked for level in a.levels.values()]
    levels = np.zeros((len(ids), len(column)), dtype=np.int8)
    levels[np.repeat(np.arange(len(ids)), lengths), cols] = values
    return ids, levels


def numeric_levels(np: Any, values: Any) -> tuple[Any, Any]:
    """:func:`~cigref_ecf._model.rules.assessed_level` over a numeric array (any shape), vectorised.

    Returns the levels (int8, 0 = not assessed) and where the rule accepts the value (``ok``
    false where ``assessed_level`` raises). NaN is not assessed; integers and integral floats
    1..5 are levels; booleans, other numbers and non-numeric arrays are refused.
    """
    kind = values.dtype.kind
    if kind in "iu":
        ok = (values >= 1) & (values <= 5)
        return np.where(ok, values, 0).astype(np.int8), ok
    if kind != "f":
        return np.zeros(values.shape, dtype=np.int8), np.zeros(values.shape, dtype=bool)
    # Clamped to 0..5.5 (NaN to 0 by fmax), the cast to int8 keeps the levels 1..5 and changes
    # every other number but 0, which its own test refuses: fewer passes than range tests.
    levels = np.fmin(np.fmax(values, 0), 5.5).astype(np.int8)
    ok = (levels == values) & (levels > 0)
    ok |= np.isnan(values)
    levels[~ok] = 0
    return levels, ok


# ---------------------------------------------------------------------------- shared by the forms


def _columns(n: Nomenclature) -> dict[str, int]:
    """Competence code -> column of the levels array."""
    found: dict[str, int] | None = n._derived.get("batch.columns")
    if found is None:
        found = {c.code: i for i, c in enumerate(n.competences)}
        n._derived["batch.columns"] = found
    return found


def _allowed_masks(np: Any, n: Nomenclature) -> Any:
    """Per competence column, a bit mask of the levels it takes: bit ``l`` for level ``l``
    (1..5), and bit 0 (not assessed) everywhere."""
    found = n._derived.get("batch.masks")
    if found is None:
        found = np.array(
            [sum(1 << level for level in (0, *c.applicable_levels)) for c in n.competences],
            dtype=np.uint8,
        )
        n._derived["batch.masks"] = found
    return found


def _levels(np: Any, values: Any, masks: Any) -> Any | None:
    """The levels (int8, 0 = not assessed) of numeric ``values``, or None unless every value is
    one the level rule takes and its competence defines (``masks``: the competences' masks,
    broadcast against ``values``)."""
    levels, ok = numeric_levels(np, values)
    if not ok.all() or not ((masks >> levels) & 1).all():
        return None
    return levels


def _ids(raw: list[Any]) -> list[Hashable] | None:
    """Person ids as :func:`~cigref_ecf._read.people.person_id` makes them (text stripped...), or
    None if one is missing or two are equal."""
    if set(map(type, raw)) <= {str}:
        ids: list[Any] = list(map(str.strip, raw))  # the common case, without a call per id
        if "" in ids:
            return None
    else:
        ids = [person_id(x) for x in raw]
        if "" in ids or None in ids:
            return None
    return ids if len(set(ids)) == len(ids) else None


def _fast_levels(
    np: Any, assessments: object, n: Nomenclature, person: str | None
) -> tuple[list[Hashable], Any] | None:
    try:
        if is_dataframe(assessments):
            return _fast_frame(np, assessments, n, person)
        if isinstance(assessments, Mapping) and not isinstance(assessments, Assessment):
            found = _fast_mappings(np, list(assessments.values()), n)
            return None if found is None else (list(assessments.keys()), found)
        if isinstance(assessments, (list, tuple)):
            found = _fast_mappings(np, assessments, n)
            return None if found is None else (list(range(len(assessments))), found)
    except (TypeError, ValueError, OverflowError, DataError):  # the reference decides
        return None
    return None


# ---------------------------------------------------------------------------- dicts


def _fast_mappings(np: Any, people: Sequence[object], n: Nomenclature) -> Any | None:
    """Levels from dicts (or checked assessments) with canonical codes and int/float levels:
    a pass over the keys, and over the values, their types and their numbers."""
    if set(map(type, people)) <= {dict}:
        dicts: Sequence[dict[str, object]] = people  # type: ignore[assignment]
    elif all(isinstance(p, Assessment) and p._checked_for is n for p in people):
        dicts = [dict(p.levels) for p in people]  # type: ignore[attr-defined]
    else:
        return None
    chain = itertools.chain.from_iterable
    column = _columns(n)
    lengths = np.fromiter(map(len, dicts), dtype=np.intp, count=len(dicts))
    total = int(lengths.sum())
    keys = list(chain(dicts))  # faster through a list than straight from the chain
    cols = np.fromiter(map(column.get, keys, itertools.repeat(-1)), np.intp, total)
    if (cols < 0).any():
        return None
    found = list(chain(map(dict.values, dicts)))
    kinds = set(map(type, found))
    if not kinds <= {int, float}:
        return None  # bools, strings, NumPy scalars...: the reference's rule decides
    dtype = np.int64 if kinds <= {int} else np.float64  # ints past int64: OverflowError
    values = np.fromiter(found, dtype, total)
    levels = _levels(np, values, _allowed_masks(np, n)[cols])
    if levels is None:
        return None
    out = np.zeros((len(dicts), len(column)), dtype=np.int8)
    out.ravel()[np.repeat(np.arange(len(dicts)) * len(column), lengths) + cols] = levels
    return out


# ---------------------------------------------------------------------------- frames


def _fast_frame(
    np: Any, frame: Any, n: Nomenclature, person: str | None
) -> tuple[list[Hashable], Any] | None:
    """A frame whose layout the shared header matching tells at once (long with a person
    column, or wide with canonical competence codes), else None."""
    header = tuple(str(c).strip() for c in frame.columns)
    if len(set(header)) != len(header):
        return None
    roles = find_columns(header, COLUMN_NAMES, given={"person": person})
    if "competence" in roles and "level" in roles:
        if "person" not in roles or len(header) != 3:
            return None
        return _fast_long(np, frame, roles, n)
    if "competence" in roles or "level" in roles:
        return None
    return _fast_wide(np, frame, roles.get("person"), n)


def _numeric_column(np: Any, pd: Any, series: Any) -> Any | None:
    """A frame column as a NumPy numeric array (nullable dtypes' NA as NaN), or None (the
    reference reading then decides: booleans and complex numbers are refused there)."""
    dtype = series.dtype
    if (
        pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_complex_dtype(dtype)  # refused by the level rule, not cast to real
        or not pd.api.types.is_numeric_dtype(dtype)
    ):
        return None
    if dtype.kind in "iuf" and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return series.to_numpy()
    return series.to_numpy(dtype=np.float64, na_value=np.nan)


def _fast_long(np: Any, frame: Any, roles: dict[str, int], n: Nomenclature) -> Any | None:
    import pandas as pd

    values = _numeric_column(np, pd, frame.iloc[:, roles["level"]])
    people = frame.iloc[:, roles["person"]]
    found = None if values is None or people.isna().any() else _person_rows(np, pd, people)
    if found is None:
        return None
    who, ids = found
    codes, names = pd.factorize(frame.iloc[:, roles["competence"]], sort=False)
    column = _columns(n)
    mapped = np.array([column.get(x, -1) for x in names.tolist()] + [-1], dtype=np.intp)
    cols = mapped[codes]  # a missing competence (code -1) maps to the -1 appended
    if (cols < 0).any():
        return None
    flat = who.astype(np.intp) * len(column) + cols
    if len(flat) and np.bincount(flat).max() > 1:  # a competence twice for one person
        return None
    levels = _levels(np, values, _allowed_masks(np, n)[cols])
    if levels is None:
        return None
    out = np.zeros((len(ids), len(column)), dtype=np.int8)
    out.ravel()[flat] = levels
    return ids, out


def _person_rows(np: Any, pd: Any, people: Any) -> tuple[Any, list[Hashable]] | None:
    """Each row's person (0, 1, ... in order of first appearance) and the person ids, from a
    column without blanks; None if an id is unusable or two are equal."""
    cells = people.array
    starts = np.flatnonzero(np.concatenate(([True], np.asarray(cells[1:] != cells[:-1]))))
    ids = _ids(people.iloc[starts].tolist()) if len(cells) else []
    if ids is not None:  # each person's rows together, as files usually are: no hashing
        return np.repeat(np.arange(len(starts)), np.diff(starts, append=len(cells))), ids
    who, uniques = pd.factorize(people, sort=False)
    ids = _ids(uniques.tolist())
    return None if ids is None else (who, ids)


def _fast_wide(np: Any, frame: Any, who: int | None, n: Nomenclature) -> Any | None:
    """Every column but the person's a canonical competence code, numeric: checked a block of
    rows at a time over all columns."""
    import pandas as pd

    column = _columns(n)
    positions = [j for j in range(frame.shape[1]) if j != who]
    labels = [frame.columns[j] for j in positions]
    cols = [column.get(x, -1) if isinstance(x, str) else -1 for x in labels]
    if not cols or min(cols) < 0 or len(set(cols)) != len(cols):
        return None
    ids = _ids(frame.index.tolist() if who is None else frame.iloc[:, who].tolist())
    if ids is None:
        return None
    found = [_numeric_column(np, pd, frame.iloc[:, j]) for j in positions]
    arrays = [a for a in found if a is not None]
    if len(arrays) != len(found):
        return None
    masks = _allowed_masks(np, n)[cols]
    out = np.zeros((len(ids), len(column)), dtype=np.int8)
    block = np.empty((min(_ROWS, len(ids)), len(cols)), dtype=np.result_type(*arrays))
    for start in range(0, len(ids), _ROWS):
        part = block[: min(_ROWS, len(ids) - start)]
        for k, a in enumerate(arrays):
            part[:, k] = a[start : start + len(part)]
        levels = _levels(np, part, masks)
        if levels is None:
            return None
        out[start : start + len(part), cols] = levels
    return ids, out
