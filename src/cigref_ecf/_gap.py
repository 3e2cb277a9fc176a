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
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ._catalog import _resolve, family, job_profile
from ._input import Problems, assessed_level, excerpt, parse_json
from ._levels import LevelRequirement
from ._model import Competence, Family, JobProfile, Nomenclature, normalize_competence_code
from ._queries import check_limit
from .exceptions import InvalidAssessmentError, InvalidLevelError, Problem

__all__ = [
    "Assessment",
    "GapItem",
    "GapReport",
    "GapStatus",
    "InvalidAssessmentError",
    "MobilityOption",
    "TrainingNeed",
    "gap",
    "mobility",
    "rank_profiles",
    "similar_profiles",
    "training_needs",
]


def _freeze(levels: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(levels))


@attrs.frozen(kw_only=True)
class Assessment(Mapping[str, int]):
    """A person's assessed e-CF levels: an immutable mapping competence code -> level (1..5).

    Build it with :meth:`from_mapping`, :meth:`from_json` or :meth:`from_csv`, which check every
    entry against the nomenclature and report all problems at once.

    Examples:
        >>> a = Assessment.from_mapping({"b1": 3, "B3": 2})
        >>> dict(a)
        {'B1': 3, 'B3': 2}
        >>> Assessment.from_mapping({"B9": 3, "A1": 2, "B1": "x"})
        Traceback (most recent call last):
        ...
        cigref_ecf.exceptions.InvalidAssessmentError: invalid assessment: 3 problems
          B9: unknown competence 'B9'
          A1: A1 does not define level 2; its levels are 4, 5
          B1: invalid level 'x': expected an integer 1..5 (3, 3.0, ' 3 '), a level code ...
    """

    levels: Mapping[str, int] = attrs.field(converter=_freeze, factory=dict)
    """Assessed level by competence code, in framework order."""
    _checked_for: object = attrs.field(init=False, default=None, eq=False, repr=False)
    """The nomenclature it was checked against (None when built directly, unchecked)."""

    def __reduce__(self) -> tuple[Any, tuple[dict[str, int]]]:
        # Pickles as its plain levels (a mapping proxy cannot be pickled); checked again on use.
        return _rebuild_assessment, (dict(self.levels),)

    def __getitem__(self, key: str) -> int:
        return self.levels[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.levels)

    def __len__(self) -> int:
        return len(self.levels)

    def __hash__(self) -> int:
        return hash(frozenset(self.levels.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Assessment):
            return dict(self.levels) == dict(other.levels)
        if isinstance(other, Mapping):
            return dict(self.levels) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={v}" for k, v in self.levels.items())
        return f"Assessment({body})"

    @classmethod
    def from_mapping(
        cls, levels: Mapping[str, object], *, nomenclature: Nomenclature | None = None
    ) -> Assessment:
        """Check and build an assessment from ``{competence code: level}``.

        Codes are tolerant (``"b.3"``); levels must be integers the competence defines.

        Raises:
            InvalidAssessmentError: naming every unknown code, duplicate (``"b3"`` and ``"B3"``),
                non-integer level and level the competence does not define.
        """
        if isinstance(levels, Assessment):
            levels = dict(levels.levels)  # checked again: it may come from elsewhere
        if not isinstance(levels, Mapping):
            raise InvalidAssessmentError(
                [Problem(path="$", message=f"expected a mapping, got {type(levels).__name__}")]
            )
        return cls._build(((str(k), k, v) for k, v in levels.items()), nomenclature)

    @classmethod
    def _build(
        cls, entries: Iterable[tuple[str, object, object]], nomenclature: Nomenclature | None
    ) -> Assessment:
        n = _resolve(nomenclature)
        problems = Problems()
        found: dict[str, int] = {}
        where: dict[str, str] = {}
        for path, key, value in entries:
            if problems.full:
                break
            code = key.code if isinstance(key, Competence) else key
            comp = (
                n._competence_index.get(normalize_competence_code(code))
                if isinstance(code, str) and len(code) <= 16
                else None
            )
            if comp is None:
                problems.add(path, f"unknown competence {excerpt(code)}")
                continue
            if comp.code in where:
                problems.add(path, f"duplicate competence {comp.code} (also at {where[comp.code]})")
                continue
            where[comp.code] = path
            try:
                level = assessed_level(value)
            except InvalidLevelError as exc:
                problems.add(path, str(exc))
                continue
            if level is None:
                continue  # not assessed
            if level not in comp.applicable_levels:
                levels = ", ".join(map(str, comp.applicable_levels))
                problems.add(
                    path, f"{comp.code} does not define level {level}; its levels are {levels}"
                )
                continue
            found[comp.code] = level
        problems.raise_if_any(InvalidAssessmentError)
        order = {c.code: i for i, c in enumerate(n.competences)}
        checked = cls(levels=dict(sorted(found.items(), key=lambda kv: order[kv[0]])))
        object.__setattr__(checked, "_checked_for", n)
        return checked

    @classmethod
    def from_json(cls, text: str, *, nomenclature: Nomenclature | None = None) -> Assessment:
        """From JSON: ``{"B3": 2, ...}`` or ``[{"competence": "B3", "level": 2}, ...]``.

        Raises:
            InvalidAssessmentError: for invalid JSON or any invalid entry (with its JSON path).
        """
        data = parse_json(text, error=InvalidAssessmentError)
        if isinstance(data, dict):
            return cls._build(((f"$.{k}", k, v) for k, v in data.items()), nomenclature)
        if isinstance(data, list):
            problems = Problems()
            entries = []
            for i, item in enumerate(data):
                if not isinstance(item, dict) or set(item) != {"competence", "level"}:
                    problems.add(f"$[{i}]", 'expected {"competence": code, "level": n}')
                    continue
                entries.append((f"$[{i}]", item["competence"], item["level"]))
            problems.raise_if_any(InvalidAssessmentError)
            return cls._build(entries, nomenclature)
        raise InvalidAssessmentError(
            [Problem(path="$", message="expected a JSON object or a list of entries")]
        )

    @classmethod
    def from_csv(
        cls, rows: str | Iterable[str], *, nomenclature: Nomenclature | None = None
    ) -> Assessment:
        """From CSV text or lines with two columns ``competence,level`` (a header row with
        those names is allowed; blank lines are skipped).

        Raises:
            InvalidAssessmentError: naming the row of every invalid entry.
        """
        import csv

        given: object = rows
        lines: list[object]
        if isinstance(given, str):
            lines = list(given.removeprefix("\ufeff").splitlines())
        elif isinstance(given, Iterable) and not isinstance(given, (bytes, Mapping)):
            lines = list(given)
        else:
            lines = [given]
        bad = [i for i, line in enumerate(lines, start=1) if not isinstance(line, str)]
        if bad:
            raise InvalidAssessmentError(
                [Problem(path=f"row {i}", message="expected a line of text") for i in bad]
            )
        entries: list[tuple[str, object, object]] = []
        problems = []
        try:
            rows_read = list(csv.reader(str(line) for line in lines))
        except csv.Error as exc:
            raise InvalidAssessmentError(
                [Problem(path="$", message=f"not valid CSV: {exc}")]
            ) from None
        first = True
        for number, row in enumerate(rows_read, start=1):
            if not row or all(not cell.strip() for cell in row):
                continue
            cells = [cell.strip().removeprefix("\ufeff") for cell in row]
            if first and [c.lower() for c in cells] == ["competence", "level"]:
                first = False
                continue
            first = False
            if len(cells) != 2:
                problems.append(
                    Problem(path=f"row {number}", message=f"expected 2 columns, got {len(cells)}")
                )
                continue
            code, raw = cells
            level: object = int(raw) if raw.isascii() and raw.isdigit() else raw
            entries.append((f"row {number}", code, level))
        if problems:
            raise InvalidAssessmentError(problems)
        return cls._build(entries, nomenclature)


def _rebuild_assessment(levels: dict[str, int]) -> Assessment:
    return Assessment(levels=levels)


def _assessment(value: Assessment | Mapping[str, object], n: Nomenclature) -> Assessment:
    """``value`` checked against ``n`` (an Assessment already checked against ``n`` is kept)."""
    if isinstance(value, Assessment) and value._checked_for is n:
        return value
    return Assessment.from_mapping(value, nomenclature=n)


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


@attrs.frozen(kw_only=True)
class GapReport:
    """A person's assessment against one job profile."""

    profile: JobProfile
    """The profile."""
    items: tuple[GapItem, ...]
    """One item per required competence, in framework order."""

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
        """One dict per item: competence, requirement, assessed, status, shortfall."""
        return [
            {
                "competence": i.competence,
                "requirement": str(i.requirement),
                "assessed": i.assessed,
                "status": i.status.value,
                "shortfall": i.shortfall,
            }
            for i in self.items
        ]

    def __repr__(self) -> str:
        return (
            f"<GapReport {self.profile.code} {self.profile.title}: met {self.met}/{self.required},"
            f" shortfall {self.total_shortfall}, score {self.score:.2f}>"
        )

    def _repr_html_(self) -> str:
        from ._html import gap_html

        return gap_html(self)


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
        >>> report = gap("3.2", {"B1": 3, "B3": 2, "A6": 1})
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
    a = _assessment(assessment, n)
    items = tuple(_item(r.competence, r.level, a.levels.get(r.competence)) for r in p.competences)
    return GapReport(profile=p, items=items)


def rank_profiles(
    assessment: Assessment | Mapping[str, object],
    *,
    limit: int | None = None,
    family: int | str | Family | None = None,
    nomenclature: Nomenclature | None = None,
) -> tuple[GapReport, ...]:
    """Every profile's gap report, best score first; ties in nomenclature order (4.2 before 4.10).

    An empty assessment is allowed: every profile scores 0.

    Examples:
        >>> [r.profile.code for r in rank_profiles({"B3": 3, "B2": 2, "B4": 2, "B5": 2}, limit=2)]
        ['3.3', '3.5']
    """
    n = _resolve(nomenclature)
    a = _assessment(assessment, n)
    check_limit(limit)
    profiles = n.profiles if family is None else _profiles_of(family, n)
    reports = [gap(p, a, nomenclature=n) for p in profiles]
    order = {p.code: i for i, p in enumerate(n.profiles)}
    reports.sort(key=lambda r: (-r.score, order[r.profile.code]))
    return tuple(reports if limit is None else reports[:limit])


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


def similar_profiles(
    profile: str | JobProfile, *, limit: int | None = 5, nomenclature: Nomenclature | None = None
) -> tuple[tuple[JobProfile, float], ...]:
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
    return tuple(scored if limit is None else scored[:limit])


@attrs.frozen(kw_only=True)
class MobilityOption:
    """A profile reachable from another, with what to develop."""

    profile: JobProfile
    """The target profile."""
    report: GapReport
    """The gap between the person and the target."""

    @property
    def to_develop(self) -> tuple[GapItem, ...]:
        """The competences to develop, with their shortfall."""
        return self.report.to_develop


def mobility(
    profile: str | JobProfile,
    assessment: Assessment | Mapping[str, object] | None = None,
    *,
    limit: int | None = 5,
    nomenclature: Nomenclature | None = None,
) -> tuple[MobilityOption, ...]:
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
        a = _assessment(assessment, n)
    order = {q.code: i for i, q in enumerate(n.profiles)}
    options = [
        MobilityOption(profile=q, report=gap(q, a, nomenclature=n))
        for q in n.profiles
        if q.code != p.code
    ]
    options.sort(
        key=lambda o: (
            o.report.total_shortfall,
            -o.report.score,
            -_similarity(p, o.profile),
            order[o.profile.code],
        )
    )
    return tuple(options if limit is None else options[:limit])


@attrs.frozen(kw_only=True)
class TrainingNeed:
    """A competence some people of a team fall short of."""

    competence: str
    """The competence code."""
    people: tuple[tuple[str, int], ...]
    """(person, shortfall in levels) for each person short of it, largest shortfall first."""

    @property
    def count(self) -> int:
        """How many people fall short."""
        return len(self.people)

    @property
    def total_shortfall(self) -> int:
        """Levels missing in total across the team."""
        return sum(s for _, s in self.people)


def training_needs(
    assessments: Mapping[str, Assessment | Mapping[str, object]],
    target: str | JobProfile | Mapping[str, str | JobProfile],
    *,
    nomenclature: Nomenclature | None = None,
) -> tuple[TrainingNeed, ...]:
    """What a team needs to learn to reach a target profile (or one target per person).

    Returns one entry per competence someone falls short of, largest total shortfall first
    (ties in framework order).

    Examples:
        >>> team = {"ana": {"B3": 2, "B2": 2}, "bob": {"B3": 3}}
        >>> [(t.competence, t.count, t.total_shortfall) for t in training_needs(team, "3.3")][:2]
        [('D10', 2, 6), ('B4', 2, 4)]

    Raises:
        InvalidAssessmentError: for an invalid assessment, or a person with no target.
        UnknownCodeError: for an unknown target profile.
    """
    n = _resolve(nomenclature)
    if not isinstance(assessments, Mapping):
        raise InvalidAssessmentError(
            [Problem(path="$", message="expected a mapping person -> assessment")]
        )
    targets: dict[str, str | JobProfile]
    if not isinstance(target, Mapping):
        single = job_profile(target, nomenclature=n)
        targets = dict.fromkeys(assessments, single)
    else:
        missing = [person for person in assessments if person not in target]
        if missing:
            raise InvalidAssessmentError(
                [Problem(path=str(person), message="no target profile") for person in missing]
            )
        targets = dict(target)
    short: dict[str, list[tuple[str, int]]] = {}
    checked: dict[str, Assessment] = {}
    problems: list[Problem] = []
    for person, assessment in assessments.items():
        try:
            checked[person] = _assessment(assessment, n)
        except InvalidAssessmentError as exc:
            problems += [
                Problem(path=f"{person!r}: {p.path}", message=p.message) for p in exc.problems
            ]
    if problems:
        raise InvalidAssessmentError(problems)
    for person, assessment in checked.items():
        report = gap(targets[person], assessment, nomenclature=n)
        for item in report.to_develop:
            short.setdefault(item.competence, []).append((person, item.shortfall))
    order = {c.code: i for i, c in enumerate(n.competences)}
    needs = [
        TrainingNeed(competence=code, people=tuple(sorted(people, key=lambda x: -x[1])))
        for code, people in short.items()
    ]
    needs.sort(key=lambda t: (-t.total_shortfall, order[t.competence]))
    return tuple(needs)
