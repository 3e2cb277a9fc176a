"""Rank every profile for many people at once.

Two engines give the same :class:`~cigref_ecf.BatchResult` (the same arrays, the same errors):

- ``"python"``, the reference: every person goes through :meth:`Assessment.from_mapping`'s
  check (the one level rule, the competence index), then a plain loop computes the formula of
  :mod:`cigref_ecf._query.gap`.
- ``"numpy"`` (the ``fast`` extra; pandas brings NumPy): the input read into a people x
  competences array by :mod:`cigref_ecf._read.batch_array` (vectorised for the common forms, the
  reference reading and check for anything else, so that errors and edge cases are the
  reference's whatever the engine), scored by array arithmetic.

``engine="auto"`` uses NumPy when it is installed.
"""

from __future__ import annotations

import array
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Literal

from .._model.catalog import _resolve, family
from .._model.records import Family, JobProfile, Nomenclature
from .._model.results import check_limit
from .._model.rules import excerpt
from .._read.assessment import Assessment
from .._read.batch_array import _columns, check_people, levels_array
from ..exceptions import InvalidQueryError, MissingDependencyError
from .batch_result import BatchResult, PlainMatrix

__all__ = ["rank_profiles_batch"]

Engine = Literal["auto", "python", "numpy"]


def rank_profiles_batch(
    assessments: object,
    *,
    limit: int | None = None,
    family: int | str | Family | None = None,
    engine: Engine = "auto",
    person: str | None = None,
    ignore: str | Iterable[str] = (),
    nomenclature: Nomenclature | None = None,
) -> BatchResult:
    """Score many people against every profile in one call: a :class:`BatchResult` of arrays
    (people x profiles), the same numbers as :func:`rank_profiles` person by person.

    Args:
        assessments: A mapping person id -> assessment (a mapping competence -> level), an
            iterable of assessments (ids 0, 1, ...), records with a person column
            (``[{"person": "ana", "B1": 3}, ...]``), or a pandas DataFrame, either long
            (columns ``person``, ``competence``, ``level``) or wide (one column per competence
            code, missing levels blank/NaN; person ids from the index or the ``person``
            column).
        limit: Keep each person's best ``limit`` ranked rows (the same as ``.top(limit)``);
            the arrays keep every profile.
        family: Only the profiles of this family (the arrays' columns).
        engine: ``"python"`` (the reference), ``"numpy"`` or ``"auto"`` (NumPy when installed).
        person: The name of the person id column of a DataFrame or of records
            (``[{"Matricule": 1001, "B1": 3}, ...]``), when it is not one the readers know
            (``person``, ``id``, ``employee``, ``matricule`` ...), as for
            :func:`~cigref_ecf.read_assessments`.
        ignore: Columns of a DataFrame or of records to read past (a name or several).
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
    skip = (ignore,) if isinstance(ignore, str) else tuple(ignore)
    if np is None:
        ids, checked = check_people(assessments, n, person=person, ignore=skip)
        result = _score_python(ids, checked, profiles)
    else:
        ids, levels = levels_array(np, assessments, n, person=person, ignore=skip)
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


# ---------------------------------------------------------------------------- scoring


def _requirements(profiles: Sequence[JobProfile], n: Nomenclature) -> list[list[tuple[int, int]]]:
    """Per profile, its (competence column, minimum level) pairs."""
    column = _columns(n)
    return [[(column[r.competence], r.level.min) for r in p.competences] for p in profiles]


_CHUNK = 1 << 14
"""People scored at a time (the temporaries stay in the CPU caches)."""


def score_levels(
    np: Any, levels: Any, profiles: Sequence[JobProfile], n: Nomenclature
) -> tuple[Any, Any, Any]:
    """The formula of :mod:`cigref_ecf._query.gap` over a people x competences array of levels
    (0 = not assessed): score (float64), met and shortfall (int16), people x profiles.

    Profiles share requirements (the bundled 311 are 80 distinct pairs competence, minimum):
    each pair's covered levels ``min(level, minimum)`` and met flags ``level >= minimum`` are
    computed once per chunk of people, and each profile adds up the rows of its pairs. Sums
    run along whole rows of people (contiguous), so the arrays come out profile-major: the
    people x profiles results are their transposed views.
    """
    people = levels.shape[0]
    requirements = _requirements(profiles, n)
    pairs = sorted({pair for r in requirements for pair in r})
    row = {pair: i for i, pair in enumerate(pairs)}
    rows = [[row[pair] for pair in r] for r in requirements]
    columns = np.array([c for c, _ in pairs], dtype=np.intp)
    minimums = np.array([[m] for _, m in pairs], dtype=np.int16).reshape(len(pairs), 1)
    covered = np.zeros((len(profiles), people), dtype=np.int16)
    met = np.zeros((len(profiles), people), dtype=np.int16)
    for start in range(0, people, _CHUNK):
        part = slice(start, start + _CHUNK)
        assessed = np.ascontiguousarray(levels[part].T, dtype=np.int16)[columns]
        pair_covered = np.minimum(assessed, minimums)
        pair_met = (assessed >= minimums).astype(np.int16)
        for j, profile_rows in enumerate(rows):
            cov, count = covered[j, part], met[j, part]
            for i in profile_rows:
                np.add(cov, pair_covered[i], out=cov)
                np.add(count, pair_met[i], out=count)
    totals = np.array([sum(m for _, m in r) for r in requirements], dtype=np.int16)
    totals = totals.reshape(len(profiles), 1)
    shortfall = totals - covered
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
