"""Rank every profile for many people at once.

Two engines give the same results: a pure-Python one (the reference: it calls
:func:`cigref_ecf.rank_profiles` person by person) and a NumPy one (the ``fast`` extra, or
pandas, brings NumPy) that scores whole arrays at once. ``engine="auto"`` uses NumPy when it is
installed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from ._assessment import Assessment
from ._catalog import _resolve, family
from ._gap import rank_profiles
from ._levels import as_integer
from ._model import Family, JobProfile, Nomenclature
from ._queries import check_limit, get_competence
from .exceptions import (
    InvalidAssessmentError,
    InvalidQueryError,
    MissingDependencyError,
    Problem,
)

__all__ = ["rank_profiles_batch"]

Engine = Literal["auto", "python", "numpy"]
Person = Assessment | Mapping[str, object]
COLUMNS = ("person", "rank", "profile", "score", "met", "required", "shortfall")


def _is_dataframe(value: object) -> bool:
    module = type(value).__module__
    return module.startswith("pandas") and type(value).__name__ == "DataFrame"


def _people_from_frame(frame: Any, n: Nomenclature) -> tuple[list[Any], list[Person]]:
    """Person ids and raw {code: level} dicts from a long or wide DataFrame."""
    columns = {str(c).lower(): c for c in frame.columns}
    if {"person", "competence", "level"} <= set(columns):
        ids: list[Any] = []
        people: dict[Any, dict[str, object]] = {}
        person_col = frame[columns["person"]].tolist()
        competence_col = frame[columns["competence"]].tolist()
        level_col = frame[columns["level"]].tolist()
        problems: list[Problem] = []
        for row, (person, code, level) in enumerate(
            zip(person_col, competence_col, level_col, strict=True)
        ):
            if _missing(person):
                problems.append(Problem(path=f"row {row}", message="missing person id"))
                continue
            entry = people.get(person)
            if entry is None:
                entry = people[person] = {}
                ids.append(person)
            key = code if isinstance(code, str) else repr(code)
            if key in entry:
                problems.append(
                    Problem(
                        path=f"row {row}", message=f"duplicate competence {code!r} for {person!r}"
                    )
                )
            entry[key] = _plain(level)
        if problems:
            raise InvalidAssessmentError(problems)
        return ids, [people[p] for p in ids]
    ids = list(frame.index)
    _check_wide_frame(ids, list(frame.columns), n)
    records: list[Person] = []
    codes = [str(c) for c in frame.columns]
    for values in frame.itertuples(index=False, name=None):
        records.append(
            {code: _plain(v) for code, v in zip(codes, values, strict=True) if not _missing(v)}
        )
    return ids, records


def _check_wide_frame(ids: list[Any], columns: list[Any], n: Nomenclature) -> None:
    """Every column names a competence; every person id is given once."""
    problems = [
        Problem(path=f"column {c!r}", message=f"unknown competence {c!r}")
        for c in columns
        if get_competence(c, nomenclature=n) is None
    ]
    seen: set[Any] = set()
    for person in ids:
        if _missing(person):
            problems.append(Problem(path="index", message="missing person id"))
        elif person in seen:
            problems.append(Problem(path=f"{person!r}", message="person id given twice"))
        seen.add(person)
    if problems:
        raise InvalidAssessmentError(problems)


def _missing(value: object) -> bool:
    """None, NaN, and pandas' NA/NaT."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _plain(value: object) -> object:
    """NumPy scalars to Python ones; integral floats (pandas' NaN-able ints) to int."""
    item = getattr(value, "item", None)
    if callable(item):
        value = item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _normalise(assessments: object, n: Nomenclature) -> tuple[list[Any], Sequence[Person], bool]:
    if _is_dataframe(assessments):
        ids, people = _people_from_frame(assessments, n)
        return ids, list(people), True
    if isinstance(assessments, Mapping) and not isinstance(assessments, Assessment):
        values = list(assessments.values())
        if all(isinstance(v, Mapping) for v in values):
            return list(assessments.keys()), values, False
    if isinstance(assessments, Iterable) and not isinstance(assessments, (str, bytes, Mapping)):
        items: list[object] = list(assessments)
        bad = [i for i, p in enumerate(items) if not isinstance(p, Mapping)]
        if bad:
            raise InvalidAssessmentError(
                [
                    Problem(path=f"[{i}]", message="expected a mapping competence -> level")
                    for i in bad
                ]
            )
        people = [p for p in items if isinstance(p, Mapping)]
        return list(range(len(people))), people, False
    raise InvalidAssessmentError(
        [
            Problem(
                path="$",
                message="expected a mapping person -> assessment, an iterable of assessments, "
                "or a pandas DataFrame",
            )
        ]
    )


def _validate(ids: list[Any], people: Sequence[Person], n: Nomenclature) -> list[Assessment]:
    checked: list[Assessment] = []
    problems: list[Problem] = []
    for person, raw in zip(ids, people, strict=True):
        try:
            checked.append(Assessment.from_mapping(raw, nomenclature=n))
        except InvalidAssessmentError as exc:
            problems += [
                Problem(path=f"{person!r}: {p.path}", message=p.message) for p in exc.problems
            ]
    if problems:
        raise InvalidAssessmentError(problems)
    return checked


def rank_profiles_batch(
    assessments: object,
    *,
    limit: int | None = None,
    family: int | str | Family | None = None,
    engine: Engine = "auto",
    nomenclature: Nomenclature | None = None,
) -> Any:
    """Rank the profiles for many people: the same results as :func:`rank_profiles` person by
    person, in one call.

    Args:
        assessments: A mapping person id -> assessment (a mapping competence -> level), an
            iterable of assessments (ids 0, 1, ...), or a pandas DataFrame, either long
            (columns ``person``, ``competence``, ``level``) or wide (index: person ids, one
            column per competence code, missing levels as NaN/None).
        limit: Keep each person's best ``limit`` profiles (None: all).
        family: Only the profiles of this family.
        engine: ``"python"`` (the reference), ``"numpy"`` or ``"auto"`` (NumPy when installed).
        nomenclature: Rank against this nomenclature instead of the bundled one.

    Returns:
        For a DataFrame input, a DataFrame; otherwise a list of dicts. Either way one row per
        (person, ranked profile), people in input order, ranks from 1, with the columns
        ``person``, ``rank``, ``profile``, ``score``, ``met``, ``required``, ``shortfall``.

    Examples:
        >>> rows = rank_profiles_batch({"ana": {"B3": 3, "B2": 2}, "bob": {"A1": 5}}, limit=1)
        >>> [(r["person"], r["profile"], round(r["score"], 2)) for r in rows]
        [('ana', '3.3', 0.42), ('bob', '7.1', 0.12)]

    Raises:
        InvalidAssessmentError: naming every invalid entry (person, competence, level).
        InvalidQueryError: for a bad ``limit`` or ``engine``.
        MissingDependencyError: for ``engine="numpy"`` without NumPy.
    """
    check_limit(limit)
    if engine not in ("auto", "python", "numpy"):
        raise InvalidQueryError(f"unknown engine {engine!r}; expected 'auto', 'python' or 'numpy'")
    n = _resolve(nomenclature)
    profiles = n.profiles if family is None else _family_profiles(family, n)
    np = _numpy(required=engine == "numpy") if engine != "python" else None
    if np is not None and _is_dataframe(assessments):
        frame_ids, levels = _frame_levels(np, assessments, n)
        arrays = score_arrays(np, ids=frame_ids, levels=levels, limit=limit, profiles=profiles, n=n)
        import pandas as pd

        return pd.DataFrame(arrays, columns=list(COLUMNS))
    ids, people, frame = _normalise(assessments, n)
    if np is None:
        checked = _validate(ids, people, n)
        columns = _python(ids=ids, checked=checked, limit=limit, family=family, n=n)
    else:
        levels = _mapping_levels(np, ids, people, n)
        arrays = score_arrays(np, ids=ids, levels=levels, limit=limit, profiles=profiles, n=n)
        columns = {name: values.tolist() for name, values in arrays.items()}
    if frame:
        import pandas as pd

        return pd.DataFrame(columns, columns=list(COLUMNS))
    return _records(columns)


def _records(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Row dicts from columns. Millions of new dicts would trigger the cyclic garbage collector
    again and again for nothing (they hold no cycles): it is paused while they are built."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return [dict(zip(COLUMNS, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    finally:
        if enabled:
            gc.enable()


def _allowed(np: Any, n: Nomenclature) -> Any:
    """allowed[column, level]: whether competence ``column`` defines ``level`` (0..5)."""
    table = np.zeros((len(n.competences), 6), dtype=bool)
    for i, c in enumerate(n.competences):
        table[i, list(c.applicable_levels)] = True
    return table


def _columns(n: Nomenclature) -> dict[str, int]:
    return {c.code: i for i, c in enumerate(n.competences)}


def _mapping_levels(np: Any, ids: list[Any], people: Sequence[Person], n: Nomenclature) -> Any:
    """People x competences array of levels (0 = not assessed), checked as Assessment does."""
    column = _columns(n)
    allowed = {c.code: set(c.applicable_levels) for c in n.competences}
    known: dict[str, str] = {}
    levels = np.zeros((len(people), len(column)), dtype=np.int16)
    bad: list[int] = []
    for row, person in enumerate(people):
        if isinstance(person, Assessment) and person._checked_for is n:
            for checked_code, checked_level in person.levels.items():
                levels[row, column[checked_code]] = checked_level
            continue
        seen: set[str] = set()
        items = person.levels.items() if isinstance(person, Assessment) else person.items()
        for key, value in items:
            code = known.get(key)
            if code is None:
                found = get_competence(key, nomenclature=n)
                if found is not None:
                    code = known[key] = found.code
            level = as_integer(value)
            if code is None or code in seen or level is None or level not in allowed[code]:
                bad.append(row)
                break
            seen.add(code)
            levels[row, column[code]] = level
    if bad:
        # The quick pass is stricter than Assessment (e.g. unusual spellings): let Assessment
        # decide, then fill those rows from what it accepted.
        checked = _validate([ids[i] for i in bad], [people[i] for i in bad], n)
        for row, assessment in zip(bad, checked, strict=True):
            levels[row, :] = 0
            for code, level in assessment.levels.items():
                levels[row, column[code]] = level
    return levels


def _frame_levels(np: Any, frame: Any, n: Nomenclature) -> tuple[list[Any], Any]:
    """Person ids and their levels array from a long or wide DataFrame, checked vectorially."""
    import pandas as pd

    column = _columns(n)
    allowed = _allowed(np, n)
    names = {str(c).lower(): c for c in frame.columns}
    problems: list[Problem] = []
    if {"person", "competence", "level"} <= set(names):
        person_index, uniques = pd.factorize(frame[names["person"]], sort=False)
        ids = list(uniques)
        raw_codes = frame[names["competence"]].to_numpy(dtype=object)
        code_of = {}
        for raw in pd.unique(raw_codes):
            found = get_competence(raw, nomenclature=n)
            code_of[raw] = -1 if found is None else column[found.code]
        cols = np.array([code_of[raw] for raw in raw_codes], dtype=np.intp)
        if (person_index < 0).any():
            rows = np.nonzero(person_index < 0)[0]
            raise InvalidAssessmentError(
                [Problem(path=f"row {int(r)}", message="missing person id") for r in rows]
            )
        values = frame[names["level"]].to_numpy()

        def where(i: int) -> tuple[Any, Any]:
            return ids[person_index[i]], raw_codes[i]
    else:
        ids = list(frame.index)
        _check_wide_frame(ids, list(frame.columns), n)
        codes = []
        for raw in frame.columns:
            found = get_competence(raw, nomenclature=n)
            if found is None:
                problems.append(
                    Problem(path=f"column {raw!r}", message=f"unknown competence {raw!r}")
                )
            codes.append(-1 if found is None else column[found.code])
        if problems:
            raise InvalidAssessmentError(problems)
        table = frame.to_numpy()
        present = ~pd.isna(table)
        person_index, col_index = np.nonzero(present)
        values = table[person_index, col_index]
        cols = np.array(codes, dtype=np.intp)[col_index]
        raw_columns = list(frame.columns)

        def where(i: int) -> tuple[Any, Any]:
            return ids[person_index[i]], raw_columns[col_index[i]]

    numeric, ok = _as_levels(np, values)
    valid = ok & (cols >= 0)
    valid[valid] = allowed[cols[valid], numeric[valid]]
    key = person_index.astype(np.int64) * len(column) + np.where(cols >= 0, cols, 0)
    _, first = np.unique(key, return_index=True)
    duplicate = np.ones(len(key), dtype=bool)
    duplicate[first] = False
    duplicate &= cols >= 0
    if not valid.all() or duplicate.any():
        for i in np.nonzero(~valid | duplicate)[0]:
            person, raw = where(i)
            problems.append(
                _problem(
                    person=person,
                    raw=raw,
                    value=values[i],
                    col=int(cols[i]),
                    duplicate=bool(duplicate[i]),
                    n=n,
                )
            )
        raise InvalidAssessmentError(problems)
    levels = np.zeros((len(ids), len(column)), dtype=np.int16)
    levels[person_index, cols] = numeric
    return ids, levels


def _as_levels(np: Any, values: Any) -> tuple[Any, Any]:
    """Levels as int16 (0 where invalid) and whether each value is an integer 0..5."""
    kind = values.dtype.kind
    if kind in "iu":
        ok = (values >= 0) & (values <= 5)
        return np.where(ok, values, 0).astype(np.int16), ok
    if kind == "f":
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(values) & (values == np.floor(values)) & (values >= 0) & (values <= 5)
        return np.where(ok, values, 0).astype(np.int16), ok
    numeric = np.zeros(len(values), dtype=np.int16)
    ok = np.zeros(len(values), dtype=bool)
    for i, value in enumerate(values):
        plain = _plain(value)
        if type(plain) is int and 0 <= plain <= 5:
            numeric[i] = plain
            ok[i] = True
    return numeric, ok


def _problem(
    *, person: object, raw: object, value: object, col: int, duplicate: bool, n: Nomenclature
) -> Problem:
    path = f"{person!r}: {raw}"
    if col < 0:
        return Problem(path=path, message=f"unknown competence {raw!r}")
    comp = n.competences[col]
    if duplicate:
        return Problem(path=path, message=f"duplicate competence {comp.code}")
    plain = _plain(value)
    if type(plain) is not int:
        return Problem(path=path, message=f"level must be an integer 1..5, got {plain!r}")
    levels = ", ".join(map(str, comp.applicable_levels))
    return Problem(
        path=path, message=f"{comp.code} does not define level {plain}; its levels are {levels}"
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


def _python(
    *,
    ids: list[Any],
    checked: list[Assessment],
    limit: int | None,
    family: int | str | Family | None,
    n: Nomenclature,
) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for person, assessment in zip(ids, checked, strict=True):
        reports = rank_profiles(assessment, limit=limit, family=family, nomenclature=n)
        for rank, report in enumerate(reports, start=1):
            out["person"].append(person)
            out["rank"].append(rank)
            out["profile"].append(report.profile.code)
            out["score"].append(report.score)
            out["met"].append(report.met)
            out["required"].append(report.required)
            out["shortfall"].append(report.total_shortfall)
    return out


def score_arrays(
    np: Any,
    *,
    ids: list[Any],
    levels: Any,
    limit: int | None,
    profiles: tuple[JobProfile, ...],
    n: Nomenclature,
) -> dict[str, Any]:
    """Rank ``profiles`` for every row of ``levels`` (people x competences, 0 = not assessed).

    Returns one NumPy array per output column.
    """
    column = _columns(n)
    people, count = levels.shape[0], len(profiles)
    scores = np.empty((people, count), dtype=np.float64)
    met = np.empty((people, count), dtype=np.int64)
    shortfall = np.empty((people, count), dtype=np.int64)
    required = np.array([len(p.competences) for p in profiles], dtype=np.int64)
    for j, p in enumerate(profiles):
        index = np.array([column[r.competence] for r in p.competences], dtype=np.intp)
        minimum = np.array([r.level.min for r in p.competences], dtype=np.int16)
        total = int(minimum.sum())
        assessed = levels[:, index]
        covered = np.minimum(assessed, minimum).sum(axis=1, dtype=np.int64)
        shortfall[:, j] = total - covered
        met[:, j] = (assessed >= minimum).sum(axis=1)
        scores[:, j] = covered / total if total else 1.0
    order = np.argsort(-scores, axis=1, kind="stable")
    keep = count if limit is None else min(limit, count)
    order = np.ascontiguousarray(order[:, :keep])
    picked = order.reshape(-1)
    codes = np.array([p.code for p in profiles], dtype=object)
    id_array = np.empty(people, dtype=object)
    id_array[:] = ids
    return {
        "person": np.repeat(id_array, keep),
        "rank": np.tile(np.arange(1, keep + 1), people),
        "profile": codes[picked],
        "score": np.take_along_axis(scores, order, axis=1).reshape(-1),
        "met": np.take_along_axis(met, order, axis=1).reshape(-1),
        "required": required[picked],
        "shortfall": np.take_along_axis(shortfall, order, axis=1).reshape(-1),
    }
