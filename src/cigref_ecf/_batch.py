"""Rank every profile for many people at once.

Two engines give the same :class:`~cigref_ecf.BatchResult` (the same arrays, the same errors):

- ``"python"``, the reference: every person goes through :meth:`Assessment.from_mapping`'s
  check (the one level rule, the competence index), then a plain loop computes the formula of
  :mod:`cigref_ecf._gap`.
- ``"numpy"`` (the ``fast`` extra; pandas brings NumPy): a vectorised reading of the common
  forms (dicts with canonical codes and int or float levels, DataFrames with numeric level
  columns) into a people x competences array, scored by array arithmetic. Whatever that reading
  does not recognise at once (a tolerant spelling ``"b.3"``, a level ``"e-3"``, any error) sends
  the whole input through the reference reading and check, so that errors and edge cases are
  those of the reference, whatever the engine.

``engine="auto"`` uses NumPy when it is installed.
"""

from __future__ import annotations

import array
import itertools
import operator
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal

from ._assessment import Assessment, as_team, read_assessments
from ._batch_result import BatchResult, PlainMatrix
from ._catalog import _resolve, family
from ._input import excerpt
from ._model import Family, JobProfile, Nomenclature
from ._people import COLUMN_NAMES, is_dataframe, person_id
from ._queries import check_limit
from ._tables import find_columns
from .exceptions import (
    DataError,
    InvalidAssessmentError,
    InvalidQueryError,
    MissingDependencyError,
    Problem,
)

__all__ = ["rank_profiles_batch"]

Engine = Literal["auto", "python", "numpy"]

_EXPECTED_INPUT = (
    "expected a mapping person -> assessment, an iterable of assessments (mappings competence "
    "-> level), or a pandas DataFrame (long: person, competence, level; wide: one column per "
    "competence)"
)


def rank_profiles_batch(
    assessments: object,
    *,
    limit: int | None = None,
    family: int | str | Family | None = None,
    engine: Engine = "auto",
    person: str | None = None,
    nomenclature: Nomenclature | None = None,
) -> BatchResult:
    """Score many people against every profile in one call: a :class:`BatchResult` of arrays
    (people x profiles), the same numbers as :func:`rank_profiles` person by person.

    Args:
        assessments: A mapping person id -> assessment (a mapping competence -> level), an
            iterable of assessments (ids 0, 1, ...), or a pandas DataFrame, either long
            (columns ``person``, ``competence``, ``level``) or wide (one column per competence
            code, missing levels blank/NaN; person ids from the index or the ``person``
            column).
        limit: Keep each person's best ``limit`` ranked rows (the same as ``.top(limit)``);
            the arrays keep every profile.
        family: Only the profiles of this family (the arrays' columns).
        engine: ``"python"`` (the reference), ``"numpy"`` or ``"auto"`` (NumPy when installed).
        person: The name of a DataFrame's person id column, when it is not ``person``.
        nomenclature: Rank against this nomenclature instead of the bundled one.

    Returns:
        A :class:`BatchResult`, people in input order (a long frame: in order of first
        appearance), profiles in nomenclature order.

    Examples:
        >>> result = rank_profiles_batch({"ana": {"B3": 3, "B2": 2}, "bob": {"A1": 5}}, limit=1)
        >>> [(r["person"], r["profile"], round(r["score"], 2)) for r in result]
        [('ana', '3.3', 0.42), ('bob', '7.1', 0.12)]

    Raises:
        InvalidAssessmentError: naming every invalid entry with its person id (capped).
        InvalidQueryError: for a bad ``limit`` or ``engine``.
        MissingDependencyError: for ``engine="numpy"`` without NumPy.
    """
    check_limit(limit)
    if engine not in ("auto", "python", "numpy"):
        raise InvalidQueryError(
            f"unknown engine {excerpt(engine)}; expected 'auto', 'python' or 'numpy'"
        )
    n = _resolve(nomenclature)
    profiles = n.profiles if family is None else _family_profiles(family, n)
    np = _numpy(required=engine == "numpy") if engine != "python" else None
    if np is None:
        ids, checked = check_people(assessments, n, person=person)
        result = _score_python(ids, checked, profiles)
    else:
        ids, levels = levels_array(np, assessments, n, person=person)
        score, met, shortfall = score_levels(np, levels, profiles, n)
        result = BatchResult(
            person_ids=ids,
            profiles=[p.code for p in profiles],
            required=[len(p.competences) for p in profiles],
            score=score,
            met=met,
            shortfall=shortfall,
        )
    return result if limit is None else result.top(limit)


# ---------------------------------------------------------------------------- reference reading


def check_people(
    assessments: object, n: Nomenclature, *, person: str | None = None
) -> tuple[list[Hashable], list[Assessment]]:
    """The reference: every input form read and checked by the package's one reader of many
    people (:func:`~cigref_ecf.read_assessments` for frames; the same check for mappings).

    Raises:
        InvalidAssessmentError: with every problem (capped), naming the person or the row.
    """
    if is_dataframe(assessments):
        team = read_assessments(assessments, person=person, nomenclature=n)
    elif isinstance(assessments, Mapping) and not isinstance(assessments, Assessment):
        team = as_team(assessments, n)
    elif isinstance(assessments, Iterable) and not isinstance(assessments, (str, bytes)):
        team = as_team(dict(enumerate(assessments)), n)
    else:
        raise InvalidAssessmentError([Problem(path="$", message=_EXPECTED_INPUT)])
    return list(team), list(team.values())


# ---------------------------------------------------------------------------- NumPy reading


def levels_array(
    np: Any, assessments: object, n: Nomenclature, *, person: str | None = None
) -> tuple[list[Hashable], Any]:
    """Person ids and their people x competences levels (int8, 0 = not assessed).

    The vectorised reading first; on anything it does not take at once, the reference reading
    and check (whose errors are raised).
    """
    fast = _fast_levels(np, assessments, n, person)
    if fast is not None:
        return fast
    ids, checked = check_people(assessments, n, person=person)
    column = {c.code: i for i, c in enumerate(n.competences)}
    lengths = [len(a.levels) for a in checked]
    cols = [column[code] for a in checked for code in a.levels]
    values = [level for a in checked for level in a.levels.values()]
    levels = np.zeros((len(ids), len(column)), dtype=np.int8)
    levels[np.repeat(np.arange(len(ids)), lengths), cols] = values
    return ids, levels


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


def _fast_mappings(np: Any, people: Sequence[object], n: Nomenclature) -> Any | None:
    """Levels from dicts (or checked assessments) with canonical codes and int/float levels."""
    dicts: list[Mapping[str, object]] = []
    for p in people:
        if type(p) is dict:
            dicts.append(p)
        elif isinstance(p, Assessment) and p._checked_for is n:
            dicts.append(p.levels)
        else:
            return None
    column = {c.code: i for i, c in enumerate(n.competences)}
    lengths = np.fromiter(map(len, dicts), dtype=np.intp, count=len(dicts))
    total = int(lengths.sum())
    keys = itertools.chain.from_iterable(dicts)
    cols = np.fromiter(map(column.get, keys, itertools.repeat(-1)), dtype=np.int16, count=total)
    if (cols < 0).any():
        return None
    values = list(itertools.chain.from_iterable(map(operator.methodcaller("values"), dicts)))
    kinds = set(map(type, values))
    if kinds <= {int}:
        numeric = np.array(values, dtype=np.int64) if values else np.zeros(0, dtype=np.int64)
    elif kinds <= {int, float}:
        numeric = np.array(values, dtype=np.float64)
    else:
        return None
    rows = np.repeat(np.arange(len(dicts)), lengths)
    return _fill(np, len(dicts), rows, cols, values=numeric, n=n)


def _fill(
    np: Any, people: int, rows: Any, cols: Any, *, values: Any, n: Nomenclature
) -> Any | None:
    """The levels array, or None if a value is not a level its competence defines."""
    levels, ok = numeric_levels(np, values)
    if not ok.all():
        return None
    if not _allowed(np, n)[cols, levels].all():
        return None
    out = np.zeros((people, len(n.competences)), dtype=np.int8)
    out[rows, cols] = levels
    return out


def numeric_levels(np: Any, values: Any) -> tuple[Any, Any]:
    """:func:`~cigref_ecf._input.assessed_level` over a numeric array, vectorised.

    Returns the levels (int8, 0 = not assessed) and where the rule accepts the value (``ok``
    false where ``assessed_level`` raises). NaN is not assessed; integers and integral floats
    1..5 are levels; booleans, other numbers and non-numeric arrays are refused.
    """
    kind = values.dtype.kind
    if kind in "iu":
        ok = (values >= 1) & (values <= 5)
        return np.where(ok, values, 0).astype(np.int8), ok
    if kind == "f":
        with np.errstate(invalid="ignore"):
            blank = np.isnan(values)
            ok = blank | ((values >= 1) & (values <= 5) & (values == np.floor(values)))
        return np.where(ok & ~blank, values, 0).astype(np.int8), ok
    return np.zeros(len(values), dtype=np.int8), np.zeros(len(values), dtype=bool)


def _allowed(np: Any, n: Nomenclature) -> Any:
    """allowed[column, level]: whether competence ``column`` defines ``level`` (1..5); level 0
    (not assessed) is allowed everywhere."""
    cached = n._derived.get("batch.allowed")
    if cached is None:
        cached = np.zeros((len(n.competences), 6), dtype=bool)
        cached[:, 0] = True  # not assessed
        for i, c in enumerate(n.competences):
            cached[i, list(c.applicable_levels)] = True
        n._derived["batch.allowed"] = cached
    return cached


def _numeric_column(np: Any, pd: Any, series: Any) -> Any | None:
    """A frame column as a NumPy numeric array (nullable dtypes' NA as NaN), or None."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        return None
    if dtype.kind in "iuf" and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return series.to_numpy()
    return series.to_numpy(dtype=np.float64, na_value=np.nan)


def _ids(raw: list[Any]) -> list[Hashable] | None:
    """Person ids as :func:`~cigref_ecf._people.person_id` makes them (text stripped...), or
    None if one is missing or two are equal."""
    if set(map(type, raw)) <= {str}:
        ids: list[Any] = [x.strip() for x in raw]  # the common case, without a call per id
    else:
        ids = [person_id(x) for x in raw]
    if "" in ids or None in ids or len(set(ids)) != len(ids):
        return None
    return ids


def _fast_long(np: Any, frame: Any, roles: dict[str, int], n: Nomenclature) -> Any | None:
    import pandas as pd

    values = _numeric_column(np, pd, frame.iloc[:, roles["level"]])
    if values is None:
        return None
    who, uniques = pd.factorize(frame.iloc[:, roles["person"]], sort=False)
    if (who < 0).any():
        return None
    ids = _ids(uniques.tolist())
    if ids is None:
        return None
    codes, names = pd.factorize(frame.iloc[:, roles["competence"]], sort=False)
    column = {c.code: i for i, c in enumerate(n.competences)}
    mapped = np.array([column.get(x, -1) for x in names.tolist()] + [-1], dtype=np.int16)
    cols = mapped[codes]  # a missing competence (code -1) maps to the -1 appended
    if (cols < 0).any():
        return None
    key = who.astype(np.int64) * len(column) + cols
    if len(key) and np.bincount(key).max() > 1:  # a competence twice for one person
        return None
    levels = _fill(np, len(ids), who, cols, values=values, n=n)
    return None if levels is None else (ids, levels)


def _fast_wide(np: Any, frame: Any, who: int | None, n: Nomenclature) -> Any | None:
    import pandas as pd

    ids = _ids(frame.index.tolist() if who is None else frame.iloc[:, who].tolist())
    if ids is None:
        return None
    column = {c.code: i for i, c in enumerate(n.competences)}
    out = np.zeros((len(ids), len(column)), dtype=np.int8)
    allowed = _allowed(np, n)
    seen: set[int] = set()
    for j, label in enumerate(frame.columns):
        if j == who:
            continue
        col = column.get(label, -1) if isinstance(label, str) else -1
        if col < 0 or col in seen:
            return None
        seen.add(col)
        values = _numeric_column(np, pd, frame.iloc[:, j])
        if values is None:
            return None
        levels, ok = numeric_levels(np, values)
        if not ok.all() or not allowed[col, levels].all():
            return None
        out[:, col] = levels
    return (ids, out) if seen else None


# ---------------------------------------------------------------------------- scoring


def _requirements(profiles: Sequence[JobProfile], n: Nomenclature) -> list[list[tuple[int, int]]]:
    """Per profile, its (competence column, minimum level) pairs."""
    column = {c.code: i for i, c in enumerate(n.competences)}
    return [[(column[r.competence], r.level.min) for r in p.competences] for p in profiles]


_CHUNK = 1 << 15
"""People scored at a time."""


def score_levels(
    np: Any, levels: Any, profiles: Sequence[JobProfile], n: Nomenclature
) -> tuple[Any, Any, Any]:
    """The formula of :mod:`cigref_ecf._gap` over a people x competences array of levels
    (0 = not assessed): score (float64), met and shortfall (int16), people x profiles.

    Computed a profile at a time over whole columns of people (contiguous), so the arrays come
    out profile-major: the people x profiles results are their transposed views.
    """
    people = levels.shape[0]
    covered = np.zeros((len(profiles), people), dtype=np.int16)
    met = np.zeros((len(profiles), people), dtype=np.int16)
    requirements = _requirements(profiles, n)
    totals = np.array([[sum(m for _, m in pairs)] for pairs in requirements], dtype=np.float64)
    totals = totals.reshape(len(profiles), 1)
    for start in range(0, people, _CHUNK):  # chunks of people: temporaries stay in the caches
        part = slice(start, start + _CHUNK)
        by_competence = np.ascontiguousarray(levels[part].T)
        for j, pairs in enumerate(requirements):
            cov, count = covered[j, part], met[j, part]
            for column, minimum in pairs:
                assessed = by_competence[column]
                np.add(cov, np.minimum(assessed, minimum), out=cov)
                np.add(count, assessed >= minimum, out=count)
    shortfall = (totals.astype(np.int16) - covered).astype(np.int16)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = covered / totals
    score[(totals == 0).ravel()] = 1.0  # a profile that requires nothing is met
    return score.T, met.T, shortfall.T


def _score_python(
    ids: list[Hashable], checked: list[Assessment], profiles: Sequence[JobProfile]
) -> BatchResult:
    """The pure-Python engine: the same arrays, as :class:`PlainMatrix`."""
    requirements = [[(r.competence, r.level.min) for r in p.competences] for p in profiles]
    totals = [sum(m for _, m in pairs) for pairs in requirements]
    score, met, shortfall = array.array("d"), array.array("h"), array.array("h")
    for assessment in checked:
        levels = assessment.levels
        for pairs, total in zip(requirements, totals, strict=True):
            covered = count = 0
            for code, minimum in pairs:
                level = levels.get(code, 0)
                if level >= minimum:
                    covered += minimum
                    count += 1
                else:
                    covered += level
            score.append(covered / total if total else 1.0)
            met.append(count)
            shortfall.append(total - covered)
    shape = (len(ids), len(profiles))
    return BatchResult(
        person_ids=ids,
        profiles=[p.code for p in profiles],
        required=[len(p.competences) for p in profiles],
        score=PlainMatrix(score, shape),
        met=PlainMatrix(met, shape),
        shortfall=PlainMatrix(shortfall, shape),
    )


def _family_profiles(value: int | str | Family, n: Nomenclature) -> tuple[JobProfile, ...]:
    """The family's profiles in nomenclature order (the order ties are broken in)."""
    codes = set(family(value, nomenclature=n).profiles)
    return tuple(p for p in n.profiles if p.code in codes)


def _numpy(*, required: bool) -> Any:
    try:
        import numpy
    except ImportError:
        if required:
            raise MissingDependencyError(
                'NumPy is needed for engine="numpy": pip install "cigref-ecf[fast]"'
            ) from None
        return None
    return numpy
