"""The result of scoring many people: people x profiles arrays, whatever the input or the engine.

:class:`BatchResult` holds three arrays of shape (people, profiles): ``score`` (float64),
``met`` and ``shortfall`` (int16), with the person ids and the profile codes that label their
rows and columns. With NumPy they are read-only ``numpy.ndarray``; the pure-Python engine gives
read-only :class:`PlainMatrix` of the same types (``numpy.asarray`` turns them into the same arrays
without a copy). Rankings, records and DataFrames are built from the arrays on demand.
"""

from __future__ import annotations

import array
import gc
from collections.abc import Hashable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .._model.rules import excerpt
from ..exceptions import InvalidQueryError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["COLUMNS", "BatchResult", "PlainMatrix"]

COLUMNS = ("person", "rank", "profile", "score", "met", "required", "shortfall")
"""The columns of the long form: one row per (person, ranked profile)."""

_VALUES = ("score", "met", "shortfall")


class BatchResult:
    """Every person's score against every profile, as arrays (people x profiles).

    Returned by :func:`cigref_ecf.rank_profiles_batch`. Immutable. ``len()`` and iteration are
    over the ranked rows (person by person, best profile first; ties in nomenclature order),
    which are built one person at a time. :meth:`top` keeps each person's best ``k`` rows.

    Examples:
        >>> import cigref_ecf
        >>> result = cigref_ecf.rank_profiles_batch({"ana": {"B3": 3, "B2": 2}, "bob": {"A1": 5}})
        >>> result.shape, result.person_ids, result.profiles[:3]
        ((2, 33), ('ana', 'bob'), ('1.1', '1.2', '1.3'))
        >>> best = result.top(1)
        >>> [(r["person"], r["profile"], round(r["score"], 2)) for r in best]
        [('ana', '3.3', 0.42), ('bob', '7.1', 0.12)]
        >>> [r["profile"] for r in result.top(2)["ana"]]
        ['3.3', '3.5']
    """

    __slots__ = ("_cache", "_keep", "_np", "_profiles", "_required", "_values", "person_ids")

    person_ids: tuple[Hashable, ...]
    """The people, in input order: the rows of the arrays."""
    _profiles: tuple[str, ...]
    _required: tuple[int, ...]
    _values: dict[str, Any]
    _np: bool
    _keep: int
    _cache: dict[str, Any]

    def __init__(
        self,
        *,
        person_ids: Sequence[Hashable],
        profiles: Sequence[str],
        required: Sequence[int],
        score: Any,
        met: Any,
        shortfall: Any,
        keep: int | None = None,
        _cache: dict[str, Any] | None = None,
    ) -> None:
        ids = tuple(person_ids)
        codes = tuple(profiles)
        values = {"score": score, "met": met, "shortfall": shortfall}
        numpy = type(score).__module__ == "numpy"
        for name, value in values.items():
            shape = tuple(value.shape)
            if shape != (len(ids), len(codes)):
                raise ValueError(f"{name} has shape {shape}, expected {(len(ids), len(codes))}")
            if numpy:
                value.flags.writeable = False
        object.__setattr__(self, "person_ids", ids)
        object.__setattr__(self, "_profiles", codes)
        object.__setattr__(self, "_required", tuple(required))
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_np", numpy)
        object.__setattr__(self, "_keep", len(codes) if keep is None else min(keep, len(codes)))
        object.__setattr__(self, "_cache", {} if _cache is None else _cache)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"BatchResult is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"BatchResult is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled and copied as its arrays; the ranking cache is rebuilt on use.
        return _rebuild_batch, (
            self.person_ids,
            self._profiles,
            self._required,
            self._keep,
            self._values,
        )

    # ------------------------------------------------------------------ arrays

    @property
    def profiles(self) -> tuple[str, ...]:
        """The profile codes, in nomenclature order: the columns of the arrays."""
        return self._profiles

    @property
    def required(self) -> tuple[int, ...]:
        """Per profile (column), its number of required competences."""
        return self._required

    @property
    def score(self) -> Any:
        """Scores in [0, 1], people x profiles (float64; see :func:`cigref_ecf.gap`)."""
        return self._values["score"]

    @property
    def met(self) -> Any:
        """Requirements met, people x profiles (int16)."""
        return self._values["met"]

    @property
    def shortfall(self) -> Any:
        """Total shortfall in levels, people x profiles (int16)."""
        return self._values["shortfall"]

    @property
    def shape(self) -> tuple[int, int]:
        """(people, profiles)."""
        return len(self.person_ids), len(self._profiles)

    @property
    def engine(self) -> str:
        """``"numpy"`` or ``"python"``: which engine computed the arrays."""
        return "numpy" if self._np else "python"

    @property
    def nbytes(self) -> int:
        """Bytes held by the three arrays."""
        return sum(v.nbytes for v in self._values.values())

    # ------------------------------------------------------------------ ranking

    def top(self, k: int) -> BatchResult:
        """The same arrays, with each person's ranked rows cut to the best ``k`` profiles.

        Raises:
            InvalidQueryError: when ``k`` is not an integer >= 0.
        """
        if type(k) is not int or k < 0:
            raise InvalidQueryError(f"top expects an integer >= 0, got {excerpt(k)}")
        return BatchResult(
            person_ids=self.person_ids,
            profiles=self._profiles,
            required=self._required,
            keep=k,
            _cache=self._cache,
            **self._values,
        )

    def _order(self) -> Any:
        """Per person, the profile columns best first (ties in column order), computed once;
        for ``top(1)`` alone, the best column (an ``argmax``, not a sort)."""
        order = self._cache.get("order")
        if order is None and self._keep == 1 and self._np:
            best = self._cache.get("best")
            if best is None:
                best = self._cache["best"] = _best_columns(self.score)
            return best
        if order is None:
            if self._np:
                import numpy as np

                order = np.argsort(-np.asarray(self.score), axis=1, kind="stable")
                order = order.astype(np.int16 if order.shape[1] < 2**15 else np.intp)
            else:
                columns = range(len(self._profiles))
                order = [
                    sorted(columns, key=lambda j, row=row: -row[j])  # type: ignore[misc]
                    for row in self._rows("score")
                ]
            self._cache["order"] = order
        return order

    def _rows(self, name: str) -> Iterator[Any]:
        """One person's row of an array at a time."""
        value = self._values[name]
        if self._np:
            yield from value
            return
        for i in range(len(self.person_ids)):
            yield value[i]

    def _person_rows(self, i: int) -> list[dict[str, Any]]:
        order = self._order()[i][: self._keep]
        values = [self._values[name] for name in _VALUES]
        rows = []
        for rank, column in enumerate(order, start=1):
            j = int(column)
            score, met, shortfall = (float(v[i, j]) for v in values)
            rows.append(
                {
                    "person": self.person_ids[i],
                    "rank": rank,
                    "profile": self._profiles[j],
                    "score": score,
                    "met": int(met),
                    "required": self._required[j],
                    "shortfall": int(shortfall),
                }
            )
        return rows

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """The ranked rows as dicts (the columns of :data:`COLUMNS`), one person at a time."""
        for i in range(len(self.person_ids)):
            yield from self._person_rows(i)

    def __len__(self) -> int:
        """The number of ranked rows: people x profiles kept."""
        return len(self.person_ids) * self._keep

    def index(self, person: Hashable) -> int:
        """The row of ``person`` in the arrays.

        Raises:
            KeyError: for a person who is not in the result.
        """
        positions = self._cache.get("positions")
        if positions is None:
            positions = self._cache["positions"] = {p: i for i, p in enumerate(self.person_ids)}
        try:
            return int(positions[person])
        except (KeyError, TypeError):
            raise KeyError(f"no person {excerpt(person)} in this result") from None

    def __contains__(self, person: object) -> bool:
        try:
            self.index(person)
        except KeyError:
            return False
        return True

    def __getitem__(self, person: Hashable) -> list[dict[str, Any]]:
        """One person's ranked rows (best first, cut by :meth:`top`).

        Raises:
            KeyError: for a person who is not in the result.
        """
        return self._person_rows(self.index(person))

    # ------------------------------------------------------------------ tables

    def to_records(self) -> list[dict[str, Any]]:
        """Every ranked row as a dict (built now; iterate the result to avoid holding them all).

        The garbage collector is paused while the dicts are built (they hold no cycles).
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            return list(self)
        finally:
            if enabled:
                gc.enable()

    def to_pandas(self, form: str = "long", *, value: str = "score") -> Any:
        """A pandas DataFrame.

        Args:
            form: ``"long"``: one row per (person, ranked profile), the columns of
                :data:`COLUMNS` (cut by :meth:`top`), ``person`` and ``profile`` categorical
                (millions of rows hold small codes, not millions of objects; ``person`` holds
                the ids themselves when one is None or NaN, which no category can be);
                ``"wide"``: one row per person (the index, named ``person``), one column per
                profile code, holding ``value``.
            value: For the wide form: ``"score"``, ``"met"`` or ``"shortfall"``.

        Raises:
            InvalidQueryError: for an unknown ``form`` or ``value``.
            MissingDependencyError: without pandas.
        """
        from .._model.results import pandas as _pandas

        if form not in ("long", "wide"):
            raise InvalidQueryError(f"form must be 'long' or 'wide', got {excerpt(form)}")
        if value not in _VALUES:
            raise InvalidQueryError(
                f"value must be 'score', 'met' or 'shortfall', got {excerpt(value)}"
            )
        pd = _pandas()
        import numpy as np

        if form == "wide":
            return pd.DataFrame(
                np.array(self._values[value]),
                index=_index(pd, self.person_ids),
                columns=pd.Index(list(self._profiles), dtype=object),
            )
        return self._long_frame(pd)

    def _long_frame(self, pd: Any, *, strings: tuple[Any, Any] | None = None) -> Any:
        """The long form: ``person`` and ``profile`` categorical, or with ``strings`` the
        pandas dtypes of these two columns (a partition's fixed schema): each distinct value
        converted once, then taken row by row (an Arrow ``take`` for Arrow-backed strings)."""
        import numpy as np

        count, keep = len(self.person_ids), self._keep
        width = len(self._profiles)
        order = np.asarray(self._order(), dtype=np.intp)
        if order.ndim != 2:  # the pure-Python engine's lists, when there is no one
            order = order.reshape(count, width)
        order = order[:, :keep]
        picked = order.reshape(-1)
        rows = np.repeat(np.arange(count), keep)

        def take(name: str) -> Any:
            return np.asarray(self._values[name]).reshape(count, width)[rows, picked]

        if strings is None:
            people = _index(pd, self.person_ids)
            if people.hasnans:  # a None or NaN id cannot be a category: the ids themselves
                person = _objects(np, self.person_ids)[rows]
            else:
                person = pd.Categorical.from_codes(rows, dtype=_categories(pd, people))
            profile = pd.Categorical.from_codes(
                picked, dtype=_categories(pd, pd.Index(list(self._profiles)))
            )
        else:
            person = _typed(pd, np, self.person_ids, strings[0], rows)
            profile = _typed(pd, np, self._profiles, strings[1], picked)
        return pd.DataFrame(
            {
                "person": person,
                "rank": np.tile(np.arange(1, keep + 1, dtype=np.int64), count),
                "profile": profile,
                "score": take("score").astype(np.float64),
                "met": take("met").astype(np.int64),
                "required": np.array(self._required, dtype=np.int64)[picked],
                "shortfall": take("shortfall").astype(np.int64),
            },
            columns=list(COLUMNS),
        )

    def plot(self, ax: Axes | None = None, *, kind: str = "best", **kwargs: Any) -> Axes:
        """Draw the batch with matplotlib (the ``plot`` extra) and return the ``Axes``.

        Args:
            ax: The Axes to draw on; by default a new figure's.
            kind: ``"best"``: how many people have each profile as their best (the first row
                of each person's ranking), one bar per profile that someone has, most first;
                ``"scores"``: a histogram of each person's best score (20 bins over [0, 1]).
            **kwargs: ``figsize=`` for a new figure; the others are set on the Axes.

        Raises:
            MissingDependencyError: when matplotlib is not installed.
            InvalidQueryError: for another ``kind``.
        """
        from .._write.plot import batch_chart

        return batch_chart(self, ax, kind, kwargs)

    def _repr_html_(self) -> str:
        from .._write.html import records_html

        shown = min(len(self.person_ids), 10)
        rows = [row for i in range(shown) for row in self._person_rows(i)[:1]]
        people, profiles = self.shape
        caption = (
            f"BatchResult: {people:,} people x {profiles} profiles ({self.engine}); "
            f"best profile of the first {shown}"
        )
        return records_html(caption, COLUMNS, rows)

    def __repr__(self) -> str:
        people, profiles = self.shape
        cut = "" if self._keep == profiles else f", top {self._keep}"
        return f"<BatchResult {people} people x {profiles} profiles ({self.engine}{cut})>"


def _best_columns(score: Any) -> Any:
    """Per person (row), the column of the best score, the first of equal ones (what a stable
    sort puts first), as a people x 1 array. Walks the profiles over contiguous rows of
    people (the NumPy engine's arrays are profile-major), not each person's row."""
    import numpy as np

    by_profile = np.asarray(score).T
    best = np.zeros(by_profile.shape[1], dtype=np.intp)
    top = by_profile[0].copy()
    for j in range(1, by_profile.shape[0]):
        better = by_profile[j] > top
        best[better] = j
        np.maximum(top, by_profile[j], out=top)
    return best[:, None]


def _objects(np: Any, values: tuple[Hashable, ...]) -> Any:
    """A one-dimensional object array of ``values`` (tuples stay elements)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _typed(pd: Any, np: Any, values: tuple[Hashable, ...], dtype: Any, taken: Any) -> Any:
    """A Series of ``dtype`` holding ``values[i]`` for each ``i`` in ``taken``: each value
    converted once (object: the values themselves), then taken (by Arrow for Arrow strings)."""
    array = pd.array(_objects(np, values), dtype=dtype, copy=False).take(taken)
    return pd.Series(array, dtype=dtype, copy=False)  # no inference of a str dtype


def _categories(pd: Any, values: Any) -> Any:
    return pd.CategoricalDtype(pd.Index(values, dtype=object), ordered=False)


def _index(pd: Any, ids: tuple[Hashable, ...]) -> Any:
    """The person ids as a pandas Index (object dtype when empty, so that every engine and
    every input gives the same dtype)."""
    if not ids:
        return pd.Index([], dtype=object, name="person")
    return pd.Index(list(ids), name="person", tupleize_cols=False)


class PlainMatrix:
    """A read-only two-dimensional array without NumPy: a flat row-major ``array.array``.

    ``m[i, j]``, ``m[i]`` (a row, as a read-only memoryview), ``len(m)``, ``m.shape``,
    ``m.tolist()``, ``m.nbytes``; ``numpy.asarray(m)`` gives the same array as the NumPy engine
    (same dtype), without a copy.
    """

    __slots__ = ("_flat", "shape")

    def __init__(self, flat: array.array[Any], shape: tuple[int, int]) -> None:
        if len(flat) != shape[0] * shape[1]:
            raise ValueError(f"{len(flat)} values cannot have the shape {shape}")
        self._flat = memoryview(flat).toreadonly()
        self.shape = shape

    @property
    def typecode(self) -> str:
        """The ``array`` type code: ``"d"`` (float64) or ``"h"`` (int16)."""
        return str(self._flat.format)

    @property
    def nbytes(self) -> int:
        """Bytes held."""
        return self._flat.nbytes

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: int | tuple[int, int]) -> Any:
        width = self.shape[1]
        if isinstance(key, tuple):
            i, j = key
            if not (0 <= i < self.shape[0] and 0 <= j < width):
                raise IndexError(f"index {key} out of range for shape {self.shape}")
            return self._flat[i * width + j]
        if not 0 <= key < self.shape[0]:
            raise IndexError(f"row {key} out of range for shape {self.shape}")
        return self._flat[key * width : (key + 1) * width]

    def tolist(self) -> list[list[Any]]:
        """Nested lists, row by row."""
        width = self.shape[1]
        flat = self._flat.tolist()
        return [flat[i * width : (i + 1) * width] for i in range(self.shape[0])]

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        import numpy as np

        values = np.frombuffer(self._flat, dtype=np.dtype(self.typecode)).reshape(self.shape)
        return values if dtype is None else values.astype(dtype)

    def __repr__(self) -> str:
        return f"PlainMatrix({self.typecode!r}, shape={self.shape})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # A memoryview does not pickle: the values travel as a fresh array of the same type.
        return PlainMatrix, (array.array(self.typecode, self._flat.tobytes()), self.shape)


def _rebuild_batch(
    person_ids: tuple[Hashable, ...],
    profiles: tuple[str, ...],
    required: tuple[int, ...],
    keep: int,
    values: dict[str, Any],
) -> BatchResult:
    return BatchResult(
        person_ids=person_ids, profiles=profiles, required=required, keep=keep, **values
    )
