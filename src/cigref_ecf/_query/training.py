"""Training needs of a team: for each competence, who falls short of a target profile and by how
much (:func:`training_needs`, :class:`TrainingNeeds`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._model.catalog import _resolve, job_profile
from .._model.records import JobProfile, Nomenclature
from .._model.results import Results
from .._read.assessment import Assessment, Team
from .._read.teams import as_team
from ..exceptions import InvalidAssessmentError, InvalidQueryError, Problem
from .gap import _bind, _gap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["TrainingNeed", "TrainingNeeds", "training_needs"]


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
