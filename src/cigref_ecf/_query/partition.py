"""Scoring on Dask or Spark: one function per partition, with a fixed output schema.

A partition is a pandas DataFrame of whole people: wide (one row per person, one column per
competence, the ids in a column named by ``person=`` or in the index) or long (``person``,
``competence``, ``level``; every row of a person in the same partition: Spark's
``applyInPandas`` over groups of whole people, or a Dask frame indexed by person). The output
is the long form of :meth:`BatchResult.to_pandas` with fixed (not categorical) columns, so
that every partition has the same schema:

========= =========================================== ============= =============
column    meaning                                     pandas dtype  Spark type
========= =========================================== ============= =============
person    the person id                               string (1)    given
rank      1 = the person's best profile               int64         bigint
profile   the profile code                            string        string
score     share of required level-units covered       float64       double
met       requirements met                            int64         bigint
required  required competences of the profile        int64         bigint
shortfall levels missing, summed                      int64         bigint
========= =========================================== ============= =============

(1) ``person_dtype=`` for ids of another type (``"int64"``, ``object``...).

pandas' ``string`` dtype is held by Arrow when pyarrow is installed (pandas 3; Dask and Spark
bring pyarrow), so that a partition goes to Parquet or back to Spark without a conversion per
row: each distinct id and profile code is converted once, then taken row by row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from .._model.records import Family, Nomenclature
from .._model.results import pandas as _pandas
from .._model.rules import excerpt
from ..exceptions import InvalidQueryError
from .batch import rank_profiles_batch
from .batch_result import COLUMNS

__all__ = ["dask_meta", "score_partition", "score_partitions", "spark_schema"]

_TYPES = {
    "rank": ("int64", "bigint"),
    "profile": ("string", "string"),
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
    person_dtype: Any = "string",
    nomenclature: Nomenclature | None = None,
) -> Any:
    """Score one partition: its people's ranked profiles, in a fixed schema: ``person``
    (pandas ``string``, or ``person_dtype``), ``rank`` (int64), ``profile`` (``string``),
    ``score`` (float64), ``met``, ``required``, ``shortfall`` (int64).

    Usable as is with Dask (``ddf.map_partitions(score_partition, top=3,
    meta=dask_meta()).to_parquet(...)``: each worker writes its own partitions) and with
    Spark's ``applyInPandas`` (see :func:`score_partitions` for ``mapInPandas``). Memory: the
    partition, about 13 bytes per person and profile while it is scored, and the rows kept.

    Args:
        frame: A pandas DataFrame of whole people, long or wide (see
            :func:`rank_profiles_batch`).
        top: Keep each person's best ``top`` profiles (None: every profile).
        family: Only the profiles of this family.
        person: The person id column, when it is not ``person`` (a wide frame without one
            takes its ids from the index).
        person_dtype: The pandas dtype of the output's ``person`` column (the same as
            :func:`dask_meta`'s); ``"string"`` is pandas' string dtype, held by Arrow when
            pyarrow is installed.
        nomenclature: Score against this nomenclature instead of the bundled one.

    Returns:
        A pandas DataFrame with the columns ``person``, ``rank``, ``profile``, ``score``,
        ``met``, ``required``, ``shortfall`` (a fresh RangeIndex).

    Raises:
        InvalidAssessmentError: as :func:`rank_profiles_batch` (the same problems, naming the
            person ids; a long frame's rows are named by their index labels).
        InvalidQueryError: for a ``person_dtype`` that the ids cannot be given (text ids as
            ``"int64"``) or that pandas does not know.
    """
    result = rank_profiles_batch(
        frame, limit=top, family=family, person=person, nomenclature=nomenclature
    )
    try:
        return result._long_frame(_pandas(), strings=(person_dtype, _TYPES["profile"][0]))
    except (TypeError, ValueError, OverflowError) as exc:  # ids the dtype cannot hold
        raise InvalidQueryError(
            f"the person ids cannot be of person_dtype={excerpt(person_dtype)}: {excerpt(str(exc))}"
        ) from None


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


def dask_meta(person_dtype: Any = "string") -> Any:
    """An empty pandas DataFrame with the output schema: Dask's ``meta=``, with
    ``person_dtype`` the one given to :func:`score_partition`."""
    pd = _pandas()
    return pd.DataFrame(
        {
            "person": pd.Series([], dtype=person_dtype),
            **{name: pd.Series([], dtype=types[0]) for name, types in _TYPES.items()},
        },
        columns=list(COLUMNS),
    )


_SPARK_TYPE = re.compile(r"[A-Za-z]+(?:\(\s*[0-9]{1,2}\s*(?:,\s*[0-9]{1,2}\s*)?\))?")
"""A Spark type of one column: a name, with a precision and scale (``decimal(10,0)``)."""


def spark_schema(person: str = "string") -> str:
    """The output schema as a Spark DDL string (``mapInPandas``/``applyInPandas``'s
    ``schema=``), with ``person`` the Spark type of the person ids.

    Examples:
        >>> spark_schema()
        'person string, rank bigint, profile string, score double, met bigint, required bigint, shortfall bigint'
    """  # noqa: E501
    if not _SPARK_TYPE.fullmatch(str(person).strip()):
        raise InvalidQueryError(
            f"not a Spark type of one column: {excerpt(person)} (string, bigint, decimal(10,0)...)"
        )
    return ", ".join([f"person {person}", *(f"{k} {v[1]}" for k, v in _TYPES.items())])
