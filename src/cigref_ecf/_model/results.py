"""Collections of results as tables: the one base class behind rankings, training needs,
mobility options, similar profiles and search hits, and the one check of their ``limit=``.

A result collection is a tuple (so code that indexes, iterates, compares or unpacks the tuples
these functions used to return keeps working) with three more things: :meth:`to_records`,
:meth:`to_pandas` and a notebook view. Slicing gives a plain tuple.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..exceptions import InvalidQueryError, MissingDependencyError
from .rules import excerpt

if TYPE_CHECKING:
    from .records import Nomenclature

__all__ = ["Results", "check_limit", "frame", "pandas"]

T = TypeVar("T")
R = TypeVar("R", bound="Results[Any]")


def pandas() -> Any:
    """The pandas module, or :class:`MissingDependencyError` naming the extra to install."""
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            'pandas is needed for to_pandas(): pip install "cigref-ecf[pandas]"'
        ) from None
    return pandas


def check_limit(limit: object) -> None:
    """Raise InvalidQueryError unless ``limit`` is None or a non-negative int."""
    if limit is None:
        return
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise InvalidQueryError(
            f"limit must be a non-negative integer or None, not {excerpt(limit)}"
        )


def frame(records: list[dict[str, Any]], columns: Sequence[str]) -> Any:
    """A DataFrame of ``records`` with exactly ``columns``, in that order (also when empty).
    A column of ints with gaps (an unassessed level) is pandas' nullable ``Int64``, not float."""
    result = pandas().DataFrame.from_records(records, columns=list(columns))
    for name in columns:
        values = [r.get(name) for r in records]
        gaps = None in values and any(v is not None for v in values)
        if gaps and all(v is None or type(v) is int for v in values):
            result[name] = result[name].astype("Int64")
    return result


class Results(tuple[T, ...], Generic[T]):
    """A tuple of results that is also a table.

    Attributes:
        nomenclature: The nomenclature the results came from (titles are read from it).
    """

    columns: ClassVar[tuple[str, ...]] = ()
    """The keys of every record, in order: the columns of :meth:`to_pandas`."""
    caption: ClassVar[str] = ""

    nomenclature: Nomenclature | None

    def __new__(
        cls: type[R], items: Iterable[Any] = (), *, nomenclature: Nomenclature | None = None
    ) -> R:
        self = tuple.__new__(cls, items)
        self.nomenclature = nomenclature
        return self

    def _records(self, item: T, position: int) -> list[dict[str, Any]]:  # pragma: no cover
        raise NotImplementedError

    def to_records(self) -> list[dict[str, Any]]:
        """The results as a list of flat dicts (JSON- and CSV-ready: str, int, float, None),
        with the keys of :attr:`columns`."""
        return [r for i, item in enumerate(self, start=1) for r in self._records(item, i)]

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame (columns :attr:`columns`, also when empty).

        Raises:
            MissingDependencyError: when pandas is not installed.
        """
        return frame(self.to_records(), self.columns)

    def _repr_html_(self) -> str:
        from .._write.html import records_html

        return records_html(self.caption, self.columns, self.to_records())
