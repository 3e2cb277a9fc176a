"""The assessed levels of people: one person's (:class:`Assessment`, an immutable mapping
competence code -> level) and many people's (:class:`Team`, person id -> assessment), and the one
check every assessment goes through (``Assessment._build``: tolerant codes through the
nomenclature's competence index, levels through :func:`cigref_ecf._model.rules.assessed_level`, the
levels a competence defines, every problem reported at once).

Reading them is elsewhere: one person's JSON or CSV text in :mod:`cigref_ecf._read.assessment_text`,
many people's files, frames and mappings in :mod:`cigref_ecf._read.teams`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from .._model.catalog import _resolve
from .._model.records import Competence, Nomenclature, normalize_competence_code, undefined_levels
from .._model.rules import Problems, assessed_level, excerpt
from ..exceptions import InvalidAssessmentError, InvalidLevelError, Problem

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Assessment", "Team", "as_assessment", "checked_team"]


def _require_mapping(levels: object) -> None:
    """Refuse levels that are not a mapping ``{competence code: level}``."""
    if not isinstance(levels, Mapping):
        raise InvalidAssessmentError(
            [Problem(path="$", message=f"expected a mapping, got {type(levels).__name__}")]
        )


def _freeze(levels: Mapping[str, object]) -> Mapping[str, int]:
    """The levels through the one level rule (not-assessed entries left out); codes are
    checked on use, against the nomenclature of the call."""
    _require_mapping(levels)
    found: dict[str, int] = {}
    problems = Problems()
    for code, value in levels.items():
        if type(value) is int and 1 <= value <= 5:  # the common case: already checked
            found[code] = value
            continue
        try:
            level = assessed_level(value)
        except InvalidLevelError as exc:
            problems.add(str(code), str(exc))
            continue
        if level is not None:
            found[code] = level
    problems.raise_if_any(InvalidAssessmentError)
    return MappingProxyType(found)


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
          B1: invalid level 'x': expected an integer 1..5 (3, 3.0, '3,0', ' 3 '), a level code ...
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

    def _repr_html_(self) -> str:
        from .._write.html import record_html

        return record_html(self)

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
        _require_mapping(levels)
        return cls._build(((_key_path(k), k, v) for k, v in levels.items()), nomenclature)

    @classmethod
    def _build(
        cls, entries: Iterable[tuple[str, object, object]], nomenclature: Nomenclature | None
    ) -> Assessment:
        n = _resolve(nomenclature)
        index = _index(n)
        problems = Problems()
        found: dict[str, int] = {}
        where: dict[str, str] = {}
        for path, key, value in entries:  # past the cap, problems are counted (omitted)
            code = key.code if isinstance(key, Competence) else key
            known = index.get(code) if isinstance(code, str) else None
            if known is None and isinstance(code, str) and len(code) <= 16:
                known = index.get(normalize_competence_code(code))
            if known is None:
                problems.add(path, f"unknown competence {excerpt(code)}")
                continue
            comp, applicable, _ = known
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
            if level not in applicable:
                problems.add(path, f"{comp.code} {undefined_levels(comp, (level,))}")
                continue
            found[comp.code] = level
        problems.raise_if_any(InvalidAssessmentError)
        checked = cls(levels=dict(sorted(found.items(), key=lambda kv: index[kv[0]][2])))
        object.__setattr__(checked, "_checked_for", n)
        return checked

    @classmethod
    def from_json(cls, text: str, *, nomenclature: Nomenclature | None = None) -> Assessment:
        """From JSON: ``{"B3": 2, ...}`` or ``[{"competence": "B3", "level": 2}, ...]``.

        Raises:
            InvalidAssessmentError: for invalid JSON or any invalid entry (with its JSON path).
        """
        from .assessment_text import from_json

        return from_json(cls, text, nomenclature)

    @classmethod
    def from_csv(
        cls, rows: str | Iterable[str], *, nomenclature: Nomenclature | None = None
    ) -> Assessment:
        """From CSV text or lines of one person: columns ``competence,level`` (or their French
        names ``compétence;niveau``), with or without that header; the delimiter (comma,
        semicolon, tab) is detected; blank lines are skipped. For a file of several people,
        use :func:`cigref_ecf.read_assessments`.

        Examples:
            >>> dict(Assessment.from_csv("compétence;niveau\\nB1;3\\nB3;e-2\\n"))
            {'B1': 3, 'B3': 2}

        Raises:
            InvalidAssessmentError: naming the row of every invalid entry.
        """
        from .assessment_text import from_csv

        return from_csv(cls, rows, nomenclature)


def _key_path(key: object) -> str:
    """The path of a mapping's key in a problem: the key itself, or an excerpt of a non-str
    key (``str()`` of an int past 4,300 digits raises; a path must stay short)."""
    return key if isinstance(key, str) else excerpt(key)


def _rebuild_assessment(levels: dict[str, int]) -> Assessment:
    return Assessment(levels=levels)


def _index(n: Nomenclature) -> dict[str, tuple[Competence, frozenset[int], int]]:
    """Competence by canonical code, with its levels and its framework position (built once
    per nomenclature)."""
    found: dict[str, tuple[Competence, frozenset[int], int]] | None = n._derived.get("assessed")
    if found is None:
        found = {
            c.code: (c, frozenset(c.applicable_levels), i) for i, c in enumerate(n.competences)
        }
        n._derived["assessed"] = found
    return found


TEAM_FUNCTIONS = {
    "gap": "training_needs(profile, team) takes a team (or call gap() with one person's "
    "levels: team[person])",
    "rank_profiles": "rank_profiles_batch(team) takes a team (or call rank_profiles() with one "
    "person's levels: team[person])",
    "mobility": "call mobility() with one person's levels (team[person]), for each person",
}
"""What a one-person function says when it is given a team: the function that takes one."""


def as_assessment(
    value: Assessment | Mapping[str, object], n: Nomenclature, *, caller: str = ""
) -> Assessment:
    """``value`` checked against ``n`` (an Assessment already checked against ``n`` is kept).

    Raises:
        InvalidAssessmentError: for a team (a :class:`Team`, a mapping of people, a DataFrame)
            where one person's levels are expected, naming the function that takes a team.
    """
    if isinstance(value, Assessment):
        if value._checked_for is n:
            return value
    elif isinstance(value, Team) and len(value) == 1 and not value.named:
        return as_assessment(next(iter(value.values())), n)  # one person's file
    elif _is_team(value, n):
        count = len(value) if hasattr(value, "__len__") else 0
        people = "1 person" if count == 1 else f"{count} people"
        advice = TEAM_FUNCTIONS.get(caller, "read_assessments() reads a team")
        raise InvalidAssessmentError(
            [
                Problem(
                    path="$",
                    message=f"a team ({people}) where {caller or 'this function'}() "
                    f"takes one person's levels {{competence: level}}: {advice}",
                )
            ]
        )
    return Assessment.from_mapping(value, nomenclature=n)


def _is_team(value: object, n: Nomenclature) -> bool:
    """Whether ``value`` holds many people: a Team, a DataFrame, or a non-empty mapping whose
    values are all mappings (``{person: {competence: level}}``) and whose keys name no
    competence (``{"B1": {...}}`` is one person's bad level)."""
    if isinstance(value, Team):
        return True
    kind = type(value)
    if kind.__module__.startswith("pandas") and kind.__name__ == "DataFrame":
        return True
    if isinstance(value, Mapping) and value:
        index = n._competence_index
        return all(isinstance(v, Mapping) for v in value.values()) and not any(
            isinstance(k, str) and len(k) <= 16 and normalize_competence_code(k) in index
            for k in value
        )
    return False


def _people_proxy(people: Mapping[Hashable, Assessment]) -> Mapping[Hashable, Assessment]:
    return MappingProxyType(dict(people))


@attrs.frozen(kw_only=True, eq=False)
class Team(Mapping[Hashable, Assessment]):
    """Assessed people: an immutable mapping person id -> :class:`Assessment`, in the order the
    people first appear in the source.

    Read one with :func:`read_assessments`. It is a mapping, so it goes wherever a
    ``{person: assessment}`` dict goes (:func:`~cigref_ecf.training_needs`,
    :func:`~cigref_ecf.rank_profiles_batch`).

    Examples:
        >>> from cigref_ecf import read_assessments
        >>> team = read_assessments("salarié;compétence;niveau\\nana;B1;3\\nbob;B1;e-2\\n")
        >>> {person: dict(a) for person, a in team.items()}
        {'ana': {'B1': 3}, 'bob': {'B1': 2}}
        >>> team.to_records()[0]
        {'person': 'ana', 'competence': 'B1', 'level': 3}
    """

    people: Mapping[Hashable, Assessment] = attrs.field(converter=_people_proxy)
    """Each person's assessment."""
    source: str | None = None
    """Where it was read from (a file name, ``"<string>"``, ``"<DataFrame>"``), if known."""
    _nomenclature: Nomenclature | None = attrs.field(init=False, default=None, eq=False, repr=False)
    named: bool = True
    """False for one person read without a person column or key (a ``competence,level``
    file), whose id is then made up from the source's name."""

    @property
    def nomenclature(self) -> Nomenclature | None:
        """The nomenclature the assessments were checked against (None: not checked)."""
        return self._nomenclature

    def __getitem__(self, key: Hashable) -> Assessment:
        return self.people[key]

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.people)

    def __len__(self) -> int:
        return len(self.people)

    def __repr__(self) -> str:
        where = f" from {self.source}" if self.source else ""
        return f"<Team of {len(self)} people{where}>"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _rebuild_team, (dict(self.people), self.source, self.named, self._nomenclature)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per assessed level: ``person``, ``competence``, ``level`` (the long form)."""
        return [
            {"person": person, "competence": code, "level": level}
            for person, a in self.people.items()
            for code, level in a.levels.items()
        ]

    def to_pandas(self, *, wide: bool = False) -> Any:
        """A DataFrame: long (the records) or wide (one row per person indexed by ``person``,
        one column per competence assessed by someone, in framework order; pandas' nullable
        ``Int64`` levels)."""
        from .._model.results import frame

        if not wide:
            return frame(self.to_records(), ("person", "competence", "level"))
        n = _resolve(self.nomenclature)
        used = {code for a in self.people.values() for code in a.levels}
        codes = [c.code for c in n.competences if c.code in used]
        rows = [{"person": p, **dict(a.levels)} for p, a in self.people.items()]
        return frame(rows, ("person", *codes)).set_index("person").astype("Int64")

    def _repr_html_(self) -> str:
        from .._write.html import team_html

        return team_html(self)

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the team as a heatmap with matplotlib (the ``plot`` extra) and return the
        ``Axes``: people x the competences someone assessed (framework order), each cell
        coloured by the level and the level written in it (unassessed cells grey).

        ``**kwargs``: ``figsize=`` for a new figure; the others are set on the Axes.

        Raises:
            MissingDependencyError: when matplotlib is not installed.
        """
        from .._write.plot import team_chart

        return team_chart(self, ax, kwargs)


def _rebuild_team(
    people: dict[Hashable, Assessment],
    source: str | None,
    named: bool,
    nomenclature: Nomenclature | None = None,
) -> Team:
    team = Team(people=people, source=source, named=named)
    return team if nomenclature is None else checked_team(team, nomenclature)


def checked_team(team: Team, n: Nomenclature) -> Team:
    """``team``, marked as checked against ``n`` (every assessment in it was)."""
    object.__setattr__(team, "_nomenclature", n)
    return team
