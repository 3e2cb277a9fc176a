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
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .._model.catalog import _resolve, family, job_profile
from .._model.levels import LevelRequirement
from .._model.records import Family, JobProfile, Nomenclature
from .._model.results import Results, check_limit, frame
from .._read.assessment import Assessment, Team, as_assessment
from .._read.teams import as_team
from ..exceptions import InvalidAssessmentError, InvalidQueryError, Problem

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "GapItem",
    "GapReport",
    "GapStatus",
    "MobilityOption",
    "MobilityOptions",
    "Ranking",
    "SimilarProfiles",
    "TrainingNeed",
    "TrainingNeeds",
    "gap",
    "mobility",
    "rank_profiles",
    "similar_profiles",
    "training_needs",
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


_Bound = TypeVar("_Bound", "GapReport", "TrainingNeed")


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


def _vector(p: JobProfile) -> dict[str, float]:
    return {r.competence: (r.level.min + r.level.max) / 2 for r in p.competences}


def _similarity(a: JobProfile, b: JobProfile) -> float:
    va, vb = _vector(a), _vector(b)
    keys = va.keys() | vb.keys()
    top = sum(min(va.get(k, 0.0), vb.get(k, 0.0)) for k in keys)
    bottom = sum(max(va.get(k, 0.0), vb.get(k, 0.0)) for k in keys)
    return 1.0 if bottom == 0 else top / bottom


class SimilarProfiles(Results[tuple[JobProfile, float]]):
    """(profile, similarity) pairs, most similar first (:func:`similar_profiles`); records:
    profile, title, similarity."""

    columns = ("profile", "title", "similarity")
    caption = "Similar profiles"

    def _records(self, item: tuple[JobProfile, float], position: int) -> list[dict[str, Any]]:
        p, similarity = item
        return [{"profile": p.code, "title": p.title, "similarity": similarity}]

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """The similarities as bars, most similar on top (see :meth:`GapReport.plot`)."""
        from .._write.plot import similar_chart

        return similar_chart(self, ax, kwargs)


def similar_profiles(
    profile: str | JobProfile, *, limit: int | None = 5, nomenclature: Nomenclature | None = None
) -> SimilarProfiles:
    """Other profiles ranked by the similarity of their required competences and levels.

    Similarity is the weighted Jaccard (Ruzicka) index of the two profiles' requirement
    vectors, where a competence weighs the midpoint of its required levels ("2-4" weighs 3) and
    an absent competence weighs 0: ``sum(min(a, b)) / sum(max(a, b))``. It is symmetric, in
    [0, 1], and 1.0 for two profiles that require the same competences at the same levels.
    Ties are in nomenclature order.

    Examples:
        >>> [(p.code, s) for p, s in similar_profiles("4.8", limit=1)]
        [('4.9', 1.0)]
    """
    n = _resolve(nomenclature)
    p = job_profile(profile, nomenclature=n)
    check_limit(limit)
    scored = [(q, _similarity(p, q)) for q in n.profiles if q.code != p.code]
    order = {q.code: i for i, q in enumerate(n.profiles)}
    scored.sort(key=lambda item: (-item[1], order[item[0].code]))
    return SimilarProfiles(scored if limit is None else scored[:limit], nomenclature=n)


@attrs.frozen(kw_only=True)
class MobilityOption:
    """A profile reachable from another, with what to develop."""

    profile: JobProfile
    """The target profile."""
    report: GapReport
    """The gap between the person and the target."""
    similarity: float
    """How similar the target is to the current profile (see :func:`similar_profiles`)."""

    @property
    def to_develop(self) -> tuple[GapItem, ...]:
        """The competences to develop, with their shortfall."""
        return self.report.to_develop

    def __repr__(self) -> str:
        return (
            f"<MobilityOption {self.profile.code} {self.profile.title}: "
            f"shortfall {self.report.total_shortfall}, score {self.report.score:.2f}>"
        )

    def _repr_html_(self) -> str:
        from .._write.html import gap_html

        return gap_html(self.report, f"similarity {self.similarity:.2f}")


class MobilityOptions(Results[MobilityOption]):
    """Mobility options, smallest gap first (:func:`mobility`); records: rank, profile, title,
    score, met, required, shortfall, similarity, to_develop (``"B1+2 B3+1"``)."""

    columns = ("rank", *_SUMMARY, "similarity", "to_develop")
    caption = "Mobility"

    def _records(self, item: MobilityOption, position: int) -> list[dict[str, Any]]:
        develop = " ".join(f"{i.competence}+{i.shortfall}" for i in item.to_develop)
        return [
            {
                "rank": position,
                **item.report.summary(),
                "similarity": item.similarity,
                "to_develop": develop,
            }
        ]

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Scores as bars, smallest gap on top, shortfalls noted (see :meth:`GapReport.plot`)."""
        from .._write.plot import mobility_chart

        return mobility_chart(self, ax, kwargs)


def mobility(
    profile: str | JobProfile,
    assessment: Assessment | Mapping[str, object] | None = None,
    *,
    limit: int | None = 5,
    nomenclature: Nomenclature | None = None,
) -> MobilityOptions:
    """Profiles a holder of ``profile`` can move to, smallest gap first.

    Without an assessment, the holder is taken to have exactly the minimum levels the current
    profile requires. Options are ranked by total shortfall, then score, then similarity to the
    current profile (see :func:`similar_profiles`), then nomenclature order; the current
    profile is left out.

    Examples:
        >>> [o.profile.code for o in mobility("4.8", limit=2)]
        ['4.9', '3.5']
    """
    n = _resolve(nomenclature)
    p = job_profile(profile, nomenclature=n)
    check_limit(limit)
    if assessment is None:
        minimums = {r.competence: r.level.min for r in p.competences}
        a = Assessment.from_mapping(minimums, nomenclature=n)
    else:
        a = as_assessment(assessment, n, caller="mobility")
    order = {q.code: i for i, q in enumerate(n.profiles)}
    options = [
        MobilityOption(profile=q, report=_gap(q, a, n), similarity=_similarity(p, q))
        for q in n.profiles
        if q.code != p.code
    ]
    options.sort(
        key=lambda o: (
            o.report.total_shortfall,
            -o.report.score,
            -o.similarity,
            order[o.profile.code],
        )
    )
    return MobilityOptions(options if limit is None else options[:limit], nomenclature=n)


@attrs.frozen(kw_only=True)
class TrainingNeed:
    """A competence some people of a team fall short of."""

    competence: str
    """The competence code."""
    people: tuple[tuple[Hashable, int], ...]
    """(person, shortfall in levels) for each person short of it, largest shortfall first."""
    _nomenclature: Nomenclature | None = attrs.field(init=False, default=None, eq=False, repr=False)

    @property
    def count(self) -> int:
        """How many people fall short."""
        return len(self.people)

    @property
    def total_shortfall(self) -> int:
        """Levels missing in total across the team."""
        return sum(s for _, s in self.people)

    @property
    def title(self) -> str:
        """The competence's title, from the nomenclature the need was computed with."""
        c = _resolve(self._nomenclature)._competence_index.get(self.competence)
        return "" if c is None else c.title

    def __repr__(self) -> str:
        return (
            f"<TrainingNeed {self.competence}: {self.count} "
            f"{'person' if self.count == 1 else 'people'}, shortfall {self.total_shortfall}>"
        )

    def _repr_html_(self) -> str:
        from .._write.html import training_need_html

        return training_need_html(self)


class TrainingNeeds(Results[TrainingNeed]):
    """Training needs, largest total shortfall first (:func:`training_needs`); records (one per
    need): competence, title, people (count), total_shortfall, shortfalls
    (``"ana:3 bob:1"``)."""

    columns = ("competence", "title", "people", "total_shortfall", "shortfalls")
    caption = "Training needs"

    targets: tuple[JobProfile, ...] = ()
    """The target profile, or each of a per-person mapping once, in the order of the people."""

    @property
    def heading(self) -> str:
        """The targets as ``"3.3 Testeur"``, joined by ``", "``."""
        return ", ".join(f"{p.code} {p.title}" for p in self.targets)

    def _records(self, item: TrainingNeed, position: int) -> list[dict[str, Any]]:
        return [
            {
                "competence": item.competence,
                "title": item.title,
                "people": item.count,
                "total_shortfall": item.total_shortfall,
                "shortfalls": " ".join(f"{p}:{s}" for p, s in item.people),
            }
        ]

    def _repr_html_(self) -> str:
        from .._write.html import training_needs_html

        return training_needs_html(self)

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Shortfalls per competence as bars, people counted (see :meth:`GapReport.plot`)."""
        from .._write.plot import training_needs_chart

        return training_needs_chart(self, ax, kwargs)


def training_needs(
    target: str | JobProfile | Mapping[Hashable, str | JobProfile],
    people: Team | Mapping[Hashable, Assessment | Mapping[str, object]] | Any,
    *,
    nomenclature: Nomenclature | None = None,
) -> TrainingNeeds:
    """What a team needs to learn to reach a target profile (or one target per person).

    The profile comes first, then the people, as in :func:`gap` and :func:`mobility`.
    ``people`` is a mapping person -> assessment, a :class:`Team` (see
    :func:`~cigref_ecf.read_assessments`) or a pandas DataFrame (long or wide).

    Returns one entry per competence someone falls short of, largest total shortfall first
    (ties in framework order).

    Examples:
        >>> team = {"ana": {"B3": 2, "B2": 2}, "bob": {"B3": 3}}
        >>> needs = training_needs("3.3", team)
        >>> [(t.competence, t.count, t.total_shortfall) for t in needs][:2]
        [('D10', 2, 6), ('B4', 2, 4)]
        >>> needs.to_records()[0]["shortfalls"], needs.to_records()[0]["title"]
        ('ana:3 bob:3', 'Information and Knowledge Management')

    Raises:
        InvalidAssessmentError: for an invalid assessment, or a person with no target.
        InvalidQueryError: for the arguments in the old order (people, target).
        UnknownCodeError: for an unknown target profile.
    """
    n = _resolve(nomenclature)
    if isinstance(people, (str, JobProfile)) or (
        isinstance(people, Mapping)
        and people
        and all(isinstance(v, (str, JobProfile)) for v in people.values())
    ):
        raise InvalidQueryError(
            "training_needs() takes the target profile first, then the people: "
            "training_needs(target, people) (the order changed in this release)"
        )
    team = as_team(people, n)
    targets: dict[Hashable, JobProfile]
    if not isinstance(target, Mapping):
        single = job_profile(target, nomenclature=n)
        targets = dict.fromkeys(team, single)
        chosen: tuple[JobProfile, ...] = (single,)
    else:
        missing = [person for person in team if person not in target]
        if missing:
            raise InvalidAssessmentError(
                [Problem(path=str(person), message="no target profile") for person in missing]
            )
        targets = {person: job_profile(target[person], nomenclature=n) for person in team}
        chosen = tuple({p.code: p for p in targets.values()}.values())
    short: dict[str, list[tuple[Hashable, int]]] = {}
    for person, assessment in team.items():
        report = _gap(targets[person], assessment, n)
        for item in report.to_develop:
            short.setdefault(item.competence, []).append((person, item.shortfall))
    order = {c.code: i for i, c in enumerate(n.competences)}
    needs = [
        _bind(TrainingNeed(competence=code, people=tuple(sorted(people, key=lambda x: -x[1]))), n)
        for code, people in short.items()
    ]
    needs.sort(key=lambda t: (-t.total_shortfall, order[t.competence]))
    result = TrainingNeeds(needs, nomenclature=n)
    result.targets = chosen
    return result
