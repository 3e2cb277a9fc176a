"""Gap analysis: a person's assessed levels against the levels job profiles require.

The score of a person against a profile is the share of the profile's required level-units the
person covers::

    score = sum(min(assessed[c], r.min) for c, r in required) / sum(r.min for c, r in required)

where an unassessed competence counts as level 0. It is 1.0 exactly when every requirement is
met (assessed >= min), 0.0 when nothing required is assessed, and never decreases when an
assessed level rises. Levels above a requirement's minimum add nothing to the score (they show
as ``exceeds`` in the report when above its maximum).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .._model.catalog import _resolve, family, job_profile
from .._model.levels import LevelRequirement
from .._model.records import Family, JobProfile, Nomenclature
from .._model.results import Results, check_limit, frame
from .._read.assessment import Assessment, as_assessment

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "GapItem",
    "GapReport",
    "GapStatus",
    "Ranking",
    "gap",
    "rank_profiles",
]

_ITEM_COLUMNS = ("competence", "title", "requirement", "assessed", "status", "shortfall")


class GapStatus(str, enum.Enum):
    """How an assessed level compares with a requirement."""

    MISSING = "missing"
    """Not assessed."""
    BELOW = "below"
    """Under the requirement's minimum."""
    MEETS = "meets"
    """Between its minimum and its maximum."""
    EXCEEDS = "exceeds"
    """Above its maximum."""

    def __str__(self) -> str:
        return self.value


@attrs.frozen(kw_only=True)
class GapItem:
    """One required competence in a :class:`GapReport`."""

    competence: str
    """The competence code."""
    requirement: LevelRequirement
    """What the profile requires."""
    assessed: int | None
    """The person's level, or None when not assessed."""
    status: GapStatus
    """``missing``, ``below``, ``meets`` or ``exceeds``."""
    shortfall: int
    """Levels missing to reach the requirement's minimum (a missing competence counts as 0)."""

    @property
    def is_met(self) -> bool:
        """True for ``meets`` and ``exceeds``."""
        return self.status in (GapStatus.MEETS, GapStatus.EXCEEDS)

    def _repr_html_(self) -> str:
        from .._write.html import record_html

        return record_html(self)


@attrs.frozen(kw_only=True)
class GapReport:
    """A person's assessment against one job profile."""

    profile: JobProfile
    """The profile."""
    items: tuple[GapItem, ...]
    """One item per required competence, in framework order."""
    _nomenclature: Nomenclature | None = attrs.field(init=False, default=None, eq=False, repr=False)

    @property
    def nomenclature(self) -> Nomenclature | None:
        """The nomenclature the report was computed with (competence titles are read from it)."""
        return self._nomenclature

    @property
    def required(self) -> int:
        """Number of required competences."""
        return len(self.items)

    @property
    def met(self) -> int:
        """Number of requirements met (assessed level >= minimum)."""
        return sum(1 for item in self.items if item.is_met)

    @property
    def total_shortfall(self) -> int:
        """Sum of the shortfalls, in levels."""
        return sum(item.shortfall for item in self.items)

    @property
    def score(self) -> float:
        """Share of required level-units covered, in [0, 1] (see the module documentation)."""
        total = sum(item.requirement.min for item in self.items)
        if total == 0:
            return 1.0
        return (total - self.total_shortfall) / total

    @property
    def to_develop(self) -> tuple[GapItem, ...]:
        """The items with a shortfall."""
        return tuple(item for item in self.items if item.shortfall)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per item: competence, title, requirement, assessed, status, shortfall."""
        titles = _titles(self.nomenclature)
        return [
            {
                "competence": i.competence,
                "title": titles.get(i.competence, ""),
                "requirement": str(i.requirement),
                "assessed": i.assessed,
                "status": i.status.value,
                "shortfall": i.shortfall,
            }
            for i in self.items
        ]

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return frame(self.to_records(), _ITEM_COLUMNS)

    def summary(self) -> dict[str, Any]:
        """profile, title, score, met, required, shortfall: the report in one flat dict."""
        return {
            "profile": self.profile.code,
            "title": self.profile.title,
            "score": self.score,
            "met": self.met,
            "required": self.required,
            "shortfall": self.total_shortfall,
        }

    def __repr__(self) -> str:
        return (
            f"<GapReport {self.profile.code} {self.profile.title}: met {self.met}/{self.required},"
            f" shortfall {self.total_shortfall}, score {self.score:.2f}>"
        )

    def _repr_html_(self) -> str:
        from .._write.html import gap_html

        return gap_html(self)

    def plot(self, ax: Axes | None = None, *, kind: str = "bar", **kwargs: Any) -> Axes:
        """Draw the report (matplotlib: the ``plot`` extra) and return the ``Axes``: each
        required competence's required level (a range hatched) against the assessed one, the
        shortfall hatched; ``kind="radar"`` on polar axes. ``**kwargs``: ``figsize=`` for a new
        figure, the others set on the Axes (``title=``, ``xlim=``...). Raises
        :class:`~cigref_ecf.MissingDependencyError` without matplotlib,
        :class:`~cigref_ecf.InvalidQueryError` for another ``kind`` or a radar on flat Axes."""
        from .._write.plot import gap_chart

        return gap_chart(self, ax, kind, kwargs)


def _titles(n: Nomenclature | None) -> dict[str, str]:
    return {c.code: c.title for c in _resolve(n).competences}


def _item(code: str, requirement: LevelRequirement, assessed: int | None) -> GapItem:
    if assessed is None:
        status = GapStatus.MISSING
    elif assessed < requirement.min:
        status = GapStatus.BELOW
    elif assessed > requirement.max:
        status = GapStatus.EXCEEDS
    else:
        status = GapStatus.MEETS
    shortfall = max(0, requirement.min - (assessed or 0))
    return GapItem(
        competence=code,
        requirement=requirement,
        assessed=assessed,
        status=status,
        shortfall=shortfall,
    )


def gap(
    profile: str | JobProfile,
    assessment: Assessment | Mapping[str, object],
    *,
    nomenclature: Nomenclature | None = None,
) -> GapReport:
    """Compare an assessment with a profile's requirements.

    Examples:
        >>> report = gap("3.2", {"B1": 3, "B3": "2", "A6": 1.0})
        >>> [(i.competence, i.status.value, i.shortfall) for i in report.items][:3]
        [('A6', 'meets', 0), ('A8', 'missing', 3), ('B1', 'meets', 0)]
        >>> report.met, report.required, report.total_shortfall, round(report.score, 3)
        (3, 7, 9, 0.357)

    Raises:
        UnknownCodeError: for an unknown profile.
        InvalidAssessmentError: for an invalid assessment mapping.
    """
    n = _resolve(nomenclature)
    p = job_profile(profile, nomenclature=n)
    a = as_assessment(assessment, n, caller="gap")
    return _gap(p, a, n)


def _gap(p: JobProfile, a: Assessment, n: Nomenclature) -> GapReport:
    items = tuple(_item(r.competence, r.level, a.levels.get(r.competence)) for r in p.competences)
    return _bind(GapReport(profile=p, items=items), n)


_Bound = TypeVar("_Bound")


def _bind(result: _Bound, n: Nomenclature) -> _Bound:
    """``result`` with the nomenclature it was computed with (not a field: not compared,
    not exported by ``to_data``)."""
    object.__setattr__(result, "_nomenclature", n)
    return result


_SUMMARY = ("profile", "title", "score", "met", "required", "shortfall")


class Ranking(Results[GapReport]):
    """Gap reports, best first (:func:`rank_profiles`): a tuple of :class:`GapReport` with
    :meth:`to_records` (rank, profile, title, score, met, required, shortfall) and
    :meth:`to_pandas`."""

    columns = ("rank", *_SUMMARY)
    caption = "Ranking"

    def _records(self, item: GapReport, position: int) -> list[dict[str, Any]]:
        return [{"rank": position, **item.summary()}]

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """The scores as bars, best on top (see :meth:`GapReport.plot`)."""
        from .._write.plot import ranking_chart

        return ranking_chart(self, ax, kwargs)


def rank_profiles(
    assessment: Assessment | Mapping[str, object],
    *,
    limit: int | None = None,
    family: int | str | Family | None = None,
    nomenclature: Nomenclature | None = None,
) -> Ranking:
    """Every profile's gap report, best score first; ties in nomenclature order (4.2 before 4.10).

    An empty assessment is allowed: every profile scores 0.

    Examples:
        >>> ranking = rank_profiles({"B3": 3, "B2": 2, "B4": 2, "B5": 2}, limit=2)
        >>> [r.profile.code for r in ranking]
        ['3.3', '3.5']
        >>> ranking.to_records()[0]["profile"], ranking.to_records()[0]["rank"]
        ('3.3', 1)
    """
    n = _resolve(nomenclature)
    a = as_assessment(assessment, n, caller="rank_profiles")
    check_limit(limit)
    profiles = n.profiles if family is None else _profiles_of(family, n)
    reports = [_gap(p, a, n) for p in profiles]
    order = {p.code: i for i, p in enumerate(n.profiles)}
    reports.sort(key=lambda r: (-r.score, order[r.profile.code]))
    return Ranking(reports if limit is None else reports[:limit], nomenclature=n)


def _profiles_of(fam: int | str | Family, n: Nomenclature) -> tuple[JobProfile, ...]:
    f = family(fam, nomenclature=n)
    return tuple(n._profile_index[code] for code in f.profiles)
