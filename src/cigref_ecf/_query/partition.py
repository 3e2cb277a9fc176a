"""Scoring on Dask or Spark: one function per partition, with a fixed output schema.

A partition is a pandas DataFrame of whole people: wide (one row per person, one column per
competence, the ids in a column named by ``person=`` or in the index) or long (``person``,
``competence``, ``level``; every row of a person in the same partition: Spark's
``groupBy(person).applyInPandas``, or a Dask frame indexed by person). The output is the long
form of :meth:`BatchResult.to_pandas` with plain (not categorical) columns, so that every
partition has the same schema:

======== =========================================== ============ =============
column   meaning                                     pandas dtype Spark type
======== =========================================== ============ =============
person   the person id                               object       given
rank     1 = the person's best profile               int64        bigint
profile  the profile code                            object       string
score    share of required level-units covered       float64      double
met      requirements met                            int64        bigint
required required competences of the profile        int64        bigint
shortfall levels missing, summed                     int64        bigint
======== =========================================== ============ =============
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .._model.records import Family, Nomenclature
from .._model.results import pandas as _pandas
from ..exceptions import InvalidQueryError
from .batch import rank_profiles_batch
from .batch_result import COLUMNS

__all__ = ["dask_meta", "score_partition", "score_partitions", "spark_schema"]

_TYPES = {
    "rank": ("int64", "bigint"),
    "profile": ("object", "string"),
    "score": ("float64", "double"),
    "met": ("int64", "bigint"),
    "required": ("int64", "bigint"),
    "shortfall": ("int64", "bigint"),
}


def score_partition(
    frame: Any,
    *,
    top: int | None = None,
    family: int | str | Family | None = None,
    person: str | None = None,
    person_dtype: Any = "object",
    nomenclature: Nomenclature | None = None,
) -> Any:
    """Score one partition: its people's ranked profiles, in the fixed schema above.

    Usable as is with Dask (``ddf.map_partitions(score_partition, top=3,
    meta=dask_meta())``) and with Spark's ``applyInPandas`` (see :func:`score_partitions`
    for ``mapInPandas``).

    Args:
        frame: A pandas DataFrame of whole people, long or wide (see
            :func:`rank_profiles_batch`).
        top: Keep each person's best ``top`` profiles (None: every profile).
        family: Only the profiles of this family.
        person: The person id column, when it is not ``person`` (a wide frame without one
            takes its ids from the index).
        person_dtype: The pandas dtype of the output's ``person`` column.
        nomenclature: Score against this nomenclature instead of the bundled one.

    Returns:
        A pandas DataFrame with the columns ``person``, ``rank``, ``profile``, ``score``,
        ``met``, ``required``, ``shortfall`` (a fresh RangeIndex).

    Raises:
        InvalidAssessmentError: as :func:`rank_profiles_batch` (the same problems, naming the
            person ids; a long frame's rows are named by their index labels).
    """
    result = rank_profiles_batch(
        frame, limit=top, family=family, person=person, nomenclature=nomenclature
    )
    out = result._long_frame(_pandas(), categorical=False)
    return out.astype({"person": person_dtype, **{k: v[0] for k, v in _TYPES.items()}})


def score_partitions(frames: Iterable[Any], **options: Any) -> Iterator[Any]:
    """:func:`score_partition` over an iterator of frames: Spark's ``mapInPandas`` shape.

    Examples:
        A wide Spark DataFrame with an ``id`` column::

            scored = people.mapInPandas(
                functools.partial(score_partitions, person="id", top=3),
                schema=spark_schema(person="string"),
            )
    """
    for frame in frames:
        yield score_partition(frame, **options)


def dask_meta(person_dtype: Any = "object") -> Any:
    """An empty pandas DataFrame with the output schema: Dask's ``meta=``."""
    pd = _pandas()
    return pd.DataFrame(
        {
            "person": pd.Series([], dtype=person_dtype),
            **{name: pd.Series([], dtype=types[0]) for name, types in _TYPES.items()},
        },
        columns=list(COLUMNS),
    )


def spark_schema(person: str = "string") -> str:
    """The output schema as a Spark DDL string (``mapInPandas``/``applyInPandas``'s
    ``schema=``), with ``person`` the Spark type of the person ids.

    Examples:
        >>> spark_schema()
        'person string, rank bigint, profile string, score double, met bigint, required bigint, shortfall bigint'
    """  # noqa: E501
    if not person.replace(" ", "").replace("(", "").replace(")", "").replace(",", "").isalnum():
        raise InvalidQueryError(f"not a Spark type: {person!r}")
    return ", ".join([f"person {person}", *(f"{k} {v[1]}" for k, v in _TYPES.items())])
