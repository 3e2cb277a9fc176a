"""The profiles x competences matrix (CIGREF's Annex 1, reconciled) and the questions asked of
it: what a profile requires of a competence (:func:`required_level`), which profiles require a
competence, at least at a level (:func:`profiles_requiring`), and the whole :class:`Matrix`
(:func:`matrix`) as records, CSV, XLSX and pandas.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any

import attrs

from .._model.catalog import _resolve, competence, job_profile
from .._model.levels import Level, LevelRequirement, coerce_level
from .._model.records import Competence, JobProfile, Nomenclature
from .._model.results import pandas as _pandas
from .eqf import eqf_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Matrix", "matrix", "profiles_requiring", "required_level"]


def required_level(
    profile: str | JobProfile,
    competence_: str | Competence,
    *,
    nomenclature: Nomenclature | None = None,
) -> LevelRequirement | None:
    """What ``profile`` requires of ``competence_``, or None when it does not require it.

    Examples:
        >>> str(required_level("3.2", "B1"))
        '2-4'
        >>> required_level("3.2", "E9") is None
        True

    Raises:
        UnknownCodeError: for an unknown profile or competence code.
    """
    n = _resolve(nomenclature)
    p = job_profile(profile, nomenclature=n)
    c = competence(competence_, nomenclature=n)
    return p.requirement(c.code)


def profiles_requiring(
    competence_: str | Competence,
    *,
    at_least: int | str | Level | None = None,
    nomenclature: Nomenclature | None = None,
) -> tuple[JobProfile, ...]:
    """The profiles that require a competence, in nomenclature order.

    With ``at_least``, only the profiles whose requirement reaches that level: the requirement
    admits that level or a higher one (a "2-4" requirement reaches 3 and 4; "1/3" reaches 3).

    Examples:
        >>> [p.code for p in profiles_requiring("A1")]
        ['1.2', '1.3', '7.1', '7.5']
        >>> [p.code for p in profiles_requiring("A1", at_least=5)]
        ['7.1']

    Raises:
        UnknownCodeError: for an unknown competence.
        InvalidLevelError: for a malformed level.
    """
    n = _resolve(nomenclature)
    code = competence(competence_, nomenclature=n).code
    threshold = None if at_least is None else coerce_level(at_least)
    result = []
    for p in n.profiles:
        r = p.requirement(code)
        if r is not None and (threshold is None or r.max >= threshold):
            result.append(p)
    return tuple(result)


_LONG_FIELDS = (
    "profile",
    "profile_title",
    "competence",
    "competence_title",
    "requirement",
    "min",
    "max",
    "levels",
    "eqf",
)


@attrs.frozen(kw_only=True, eq=False)
class Matrix:
    """The profiles x competences matrix of required levels (CIGREF's Annex 1, reconciled).

    Examples:
        >>> m = matrix()
        >>> len(m.rows), len(m.columns)
        (33, 36)
        >>> str(m.cell("3.2", "B1")), m.cell("3.2", "D6")
        ('2-4', None)
    """

    rows: tuple[str, ...]
    """Profile codes, in nomenclature order."""
    columns: tuple[str, ...]
    """Competence codes, in framework order."""
    cells: Mapping[tuple[str, str], LevelRequirement]
    """The non-empty cells, by (profile code, competence code); read-only."""
    nomenclature: Nomenclature = attrs.field(repr=False)
    """The nomenclature the matrix was built from."""

    def cell(
        self, profile: str | JobProfile, competence_: str | Competence
    ) -> LevelRequirement | None:
        """The requirement at (profile, competence), or None for an empty cell.

        Raises:
            UnknownCodeError: for an unknown profile or competence code.
        """
        p = job_profile(profile, nomenclature=self.nomenclature).code
        c = competence(competence_, nomenclature=self.nomenclature).code
        return self.cells.get((p, c))

    def row(self, profile: str | JobProfile) -> tuple[LevelRequirement | None, ...]:
        """One profile's cells, one per column."""
        p = job_profile(profile, nomenclature=self.nomenclature).code
        return tuple(self.cells.get((p, c)) for c in self.columns)

    def column(self, competence_: str | Competence) -> tuple[LevelRequirement | None, ...]:
        """One competence's cells, one per row."""
        c = competence(competence_, nomenclature=self.nomenclature).code
        return tuple(self.cells.get((p, c)) for p in self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        """The non-empty cells in long format, one dict per (profile, competence), in order.

        Keys: ``profile``, ``profile_title``, ``competence``, ``competence_title``,
        ``requirement`` ("2-4"), ``min``, ``max``, ``levels`` (list), ``eqf`` (list of the EQF
        levels the required levels relate to).
        """
        n = self.nomenclature
        records = []
        for p in self.rows:
            for c in self.columns:
                r = self.cells.get((p, c))
                if r is None:
                    continue
                records.append(
                    {
                        "profile": p,
                        "profile_title": n._profile_index[p].title,
                        "competence": c,
                        "competence_title": n._competence_index[c].title,
                        "requirement": str(r),
                        "min": r.min,
                        "max": r.max,
                        "levels": sorted(r.levels),
                        "eqf": sorted(eqf_of(r.levels, n)),
                    }
                )
        return records

    def to_csv(self, *, long: bool = False) -> str:
        """CSV text: wide (one row per profile: ``profile, title, family, family_title``, then
        one column per competence, cells like "2-4"; the columns of :meth:`to_excel`, which
        :func:`cigref_ecf.read_matrix` reads back) or long (the columns of :meth:`to_records`,
        lists joined with ``;``).

        Written by the package's one CSV writer: RFC 4180 (CRLF), quoted where needed, and safe
        to open in a spreadsheet (a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab
        or a carriage return is prefixed with an apostrophe; see "Security and limits").
        """
        from .._read.tables import csv_text

        if long:
            records = self.to_records()
            fields = list(records[0]) if records else list(_LONG_FIELDS)
            return csv_text(fields, ([r[f] for f in fields] for r in records))
        from .._read.matrix_file import sheet_rows

        head, *rows = sheet_rows(self.nomenclature)
        return csv_text([str(h) for h in head], rows)

    def to_excel(self, path: str | os.PathLike[str] | IO[bytes], *, long: bool = False) -> None:
        """Write the matrix as an XLSX workbook: wide (``profile, title, family, family_title``
        and one column per competence, as :meth:`to_csv`) or long (``profile, title, family,
        family_title, competence, level``), the forms :func:`cigref_ecf.read_matrix` reads back.
        Needs the ``excel`` extra (openpyxl).

        Raises:
            DataError: for a title holding a control character XLSX cannot hold, naming its
                row and column (nothing is written).
            MissingDependencyError: when openpyxl is not installed.
        """
        from .._read.matrix_file import write_excel

        write_excel(self.nomenclature, path, long=long)

    def to_pandas(self, *, long: bool = False) -> Any:
        """A pandas DataFrame: wide (index: profile codes, columns: competence codes, cells the
        requirement strings or None) or long (the records of :meth:`to_records`).

        Raises:
            MissingDependencyError: when pandas is not installed
                (``pip install "cigref-ecf[pandas]"``).
        """
        pd = _pandas()
        if long:
            return pd.DataFrame.from_records(self.to_records())
        data = [[None if r is None else str(r) for r in self.row(p)] for p in self.rows]
        frame = pd.DataFrame(data, index=list(self.rows), columns=list(self.columns))
        frame.index.name = "profile"
        frame.columns.name = "competence"
        return frame

    def __iter__(self) -> Iterator[tuple[str, str, LevelRequirement]]:
        """The non-empty cells as (profile, competence, requirement), row by row."""
        for p in self.rows:
            for c in self.columns:
                r = self.cells.get((p, c))
                if r is not None:
                    yield p, c, r

    def __len__(self) -> int:
        return len(self.cells)

    def __reduce__(self) -> tuple[Any, tuple[Nomenclature]]:
        # Pickled as its nomenclature; the cells are derived from it again.
        return _rebuild_matrix, (self.nomenclature,)

    def __repr__(self) -> str:
        size = f"{len(self.rows)} profiles x {len(self.columns)} competences"
        return f"<Matrix {size}, {len(self.cells)} cells>"

    def _repr_html_(self) -> str:
        from .._write.html import matrix_html

        return matrix_html(self)

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the matrix as a heatmap with matplotlib (the ``plot`` extra) and return the
        ``Axes``: profiles grouped by family (a line between families, their titles on the
        right) x competences, each cell coloured by the lowest level required and the
        requirement written in it.

        ``**kwargs``: ``figsize=`` for a new figure; the others are set on the Axes.

        Raises:
            MissingDependencyError: when matplotlib is not installed.
        """
        from .._write.plot import matrix_chart

        return matrix_chart(self, ax, kwargs)


def _rebuild_matrix(n: Nomenclature) -> Matrix:
    return matrix(nomenclature=n)


def matrix(*, nomenclature: Nomenclature | None = None) -> Matrix:
    """The profiles x competences matrix (built once per nomenclature)."""
    n = _resolve(nomenclature)
    cached: Matrix | None = n._derived.get("matrix")
    if cached is None:
        cells = {(p.code, r.competence): r.level for p in n.profiles for r in p.competences}
        cached = Matrix(
            rows=tuple(p.code for p in n.profiles),
            columns=tuple(c.code for c in n.competences),
            cells=MappingProxyType(cells),
            nomenclature=n,
        )
        # setdefault: threads building it at the same time all get the same one
        cached = n._derived.setdefault("matrix", cached)
    return cached
