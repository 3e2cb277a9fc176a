"""The immutable model: dimensions, competences, families, job profiles, errata."""

from __future__ import annotations

import enum
import weakref
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs

from ..exceptions import DataError, InvalidLevelError, Problem
from .levels import Level, LevelRequirement, coerce_level

__all__ = [
    "Activity",
    "Annex1Row",
    "Career",
    "Competence",
    "CompetenceRequirement",
    "Dimension",
    "Erratum",
    "ErratumKind",
    "Evidence",
    "Family",
    "JobProfile",
    "Level",
    "LevelDescriptor",
    "LevelRequirement",
    "Meta",
    "Nomenclature",
]


_Shown = TypeVar("_Shown", "JobProfile", "Family")


def _owned(record: _Shown, n: Nomenclature) -> _Shown:
    """``record`` as part of ``n``: it remembers ``n`` (weakly), so that its notebook view shows
    ``n``'s titles. A record another live nomenclature already holds (an overlay reuses its
    base's) is copied first: each nomenclature shows its own."""
    held = record._nomenclature
    owner = None if held is None else held()
    if owner is not None and owner is not n:
        record = attrs.evolve(record)
    object.__setattr__(record, "_nomenclature", weakref.ref(n))
    return record


def _shown_in(record: JobProfile | Family) -> Nomenclature | None:
    """The nomenclature ``record`` was built into, if it is still alive."""
    held = record._nomenclature
    return None if held is None else held()


def _as_data(self: Any) -> tuple[Any, tuple[Any, dict[str, Any]]]:
    """``__reduce__`` of a record that holds more than its data (a nomenclature's indexes, a
    profile's owner): pickled and copied as the fields it is built from, rebuilt on load."""
    fields = {f.name: getattr(self, f.name) for f in attrs.fields(type(self)) if f.init}
    return _rebuild, (type(self), fields)


def _rebuild(cls: type[Any], fields: dict[str, Any]) -> Any:
    return cls(**fields)


def normalize_competence_code(code: str) -> str:
    """``" b.3 "`` -> ``"B3"``."""
    return "".join(code.split()).replace(".", "").upper()  # split(): str.isspace's spaces


def normalize_profile_code(code: str) -> str:
    """``" 3.2 "`` -> ``"3.2"`` (also for a family or a company's code: spaces never belong)."""
    return "".join(code.split())


CIGREF = "cigref"
"""The value of :attr:`Meta.convention` under which CIGREF's code rules apply."""


def _to_tuple(values: Any) -> Any:
    """A tuple of the items of a list, tuple, generator...; anything else is left for
    :func:`_is_tuple` to reject (a bare string would otherwise become a tuple of letters)."""
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        return values
    return tuple(values)


def _is_tuple(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        where = f"{type(instance).__name__}.{attribute.name}"
        shown = f"{type(value).__name__} {value!r}"[:80]
        raise DataError([Problem(path=where, message=f"expected a list or tuple, got {shown}")])


def _strs(values: Iterable[str]) -> tuple[str, ...]:
    result: tuple[str, ...] = _to_tuple(values)
    return result


@attrs.frozen(kw_only=True)
class Meta:
    """What the data is and where it comes from."""

    data_version: str = ""
    """The version of the data set (changes when a value is corrected)."""
    ecf_version: str = ""
    """The e-CF version the competences come from (``"2.0"``)."""
    cigref_version: str = ""
    """The CIGREF nomenclature edition (``"2010"``); empty for a company's own architecture."""
    source: str = ""
    """The source document."""
    source_file: str = ""
    """The text conversion of the source document that line numbers refer to."""
    levels_source: str = ""
    """Where the e-CF level titles and their EQF relation come from."""
    notice: str = ""
    """Rights holders and terms of the data."""
    convention: str | None = None
    """``"cigref"`` when profile codes follow CIGREF's ``N.M`` and families its numbers (checked
    then); None for a company's own codes such as ``"DATA-ENG"`` and ``"DATA"``."""
    language: str | None = None
    """The language of the file's own family and profile texts, a tag such as ``"en"`` or
    ``"fr-CA"``; None for French (CIGREF's). The linked-data exports tag those texts with it;
    CIGREF's own texts stay French and English titles English whatever it says."""


@attrs.frozen(kw_only=True)
class Dimension:
    """An e-CF area (Dimension 1): A PLAN, B BUILD, C RUN, D ENABLE, E MANAGE."""

    code: str
    """``"A"`` to ``"E"``."""
    name: str
    """``"PLAN"``, ``"BUILD"``, ``"RUN"``, ``"ENABLE"`` or ``"MANAGE"``."""
    competences: tuple[str, ...] = attrs.field(converter=_strs, validator=_is_tuple)
    """The codes of its competences, in framework order."""

    def __repr__(self) -> str:
        return f"<Dimension {self.code} {self.name}>"

    def _repr_html_(self) -> str:
        from .._write.html import record_html

        return record_html(self)


@attrs.frozen(kw_only=True)
class LevelDescriptor:
    """What a competence looks like at one proficiency level (Dimension 3)."""

    level: int
    """The e-CF level, 1 to 5."""
    description: str
    """The e-CF descriptor text for that level."""


def _descriptors(values: Iterable[LevelDescriptor]) -> tuple[LevelDescriptor, ...]:
    result: tuple[LevelDescriptor, ...] = _to_tuple(values)
    return result


@attrs.frozen(kw_only=True)
class Competence:
    """An e-CF competence (Dimension 2) with its levels (3) and knowledge and skills (4).

    Examples:
        >>> from cigref_ecf import competence
        >>> b3 = competence("B3")
        >>> b3.title, b3.dimension, b3.applicable_levels
        ('Testing', 'B', (1, 2, 3))
    """

    code: str
    """``"A1"`` to ``"E9"``."""
    dimension: str
    """The code of its dimension, ``"A"`` to ``"E"``."""
    title: str
    """The e-CF title (English)."""
    description: str
    """The generic description (English)."""
    levels: tuple[LevelDescriptor, ...] = attrs.field(converter=_descriptors, validator=_is_tuple)
    """The descriptors of the levels this competence defines, in ascending order."""
    knowledge: tuple[str, ...] = attrs.field(converter=_strs, validator=_is_tuple)
    """Knowledge items K1, K2, ... in order."""
    skills: tuple[str, ...] = attrs.field(converter=_strs, validator=_is_tuple)
    """Skill items S1, S2, ... in order."""

    @property
    def applicable_levels(self) -> tuple[int, ...]:
        """The levels this competence defines, ascending."""
        return tuple(d.level for d in self.levels)

    def descriptor(self, level: int | str | Level) -> LevelDescriptor:
        """The descriptor of ``level`` (``3``, ``"e-3"`` or a :class:`Level`).

        Raises:
            InvalidLevelError: when the level is malformed or the competence does not define it.
        """
        number = coerce_level(level)
        for item in self.levels:
            if item.level == number:
                return item
        raise InvalidLevelError(
            f"competence {self.code} ({self.title}) {undefined_levels(self, (number,))}"
        )

    def __repr__(self) -> str:
        return f"<Competence {self.code} {self.title}>"

    def _repr_html_(self) -> str:
        from .._write.html import competence_html

        return competence_html(self)


def undefined_levels(competence: Competence, levels: Iterable[int]) -> str | None:
    """The one message for levels a competence does not define, to follow its name (``"does
    not define level 5; its levels are 1, 2, 3"``), or None when it defines them all.

    >>> from cigref_ecf import competence
    >>> undefined_levels(competence("A1"), (2, 3, 4))
    'does not define levels 2, 3; its levels are 4, 5'
    """
    defined = competence.applicable_levels
    missing = sorted(set(levels).difference(defined))
    if not missing:
        return None
    which = "level" if len(missing) == 1 else "levels"
    return (
        f"does not define {which} {', '.join(map(str, missing))}; "
        f"its levels are {', '.join(map(str, defined))}"
    )


@attrs.frozen(kw_only=True)
class Activity:
    """A group of activities of a job profile: a heading and its tasks."""

    heading: str
    """The heading cell of the ACTIVITES ET TACHES table."""
    intro: str | None = None
    """A lead-in printed before the tasks, which they complete (``"Supervise :"``); None if
    the group has none. It is not a task."""
    tasks: tuple[str, ...] = attrs.field(converter=_strs, validator=_is_tuple)
    """Each task, in order."""


def _requirement(value: LevelRequirement | str) -> LevelRequirement:
    if isinstance(value, LevelRequirement):
        return value
    if isinstance(value, str):
        return LevelRequirement.parse(value)
    raise InvalidLevelError(
        f"invalid level requirement: {value!r} (expected a LevelRequirement or a text like '2-4')"
    )


def _optional_requirement(value: LevelRequirement | str | None) -> LevelRequirement | None:
    return None if value is None else _requirement(value)


@attrs.frozen(kw_only=True)
class Evidence:
    """What the job sheet itself prints for a required competence (provenance)."""

    line: int
    """Line of the competence's row in the source text (``sources/`` in the repository)."""
    printed_level: LevelRequirement | None = attrs.field(converter=_optional_requirement)
    """The "Level N" label that belongs to the row, once row shifts are undone; None if none."""
    descriptor_level: LevelRequirement | None = attrs.field(converter=_optional_requirement)
    """The level of the competence whose descriptor the sheet prints with it; None if none."""


@attrs.frozen(kw_only=True)
class CompetenceRequirement:
    """A competence that a job profile requires, at a level requirement."""

    competence: str
    """The competence code."""
    level: LevelRequirement = attrs.field(converter=_requirement)
    """The required level(s), reconciled from the sheet, the descriptor and Annex 1
    (a :class:`LevelRequirement`, or its text such as ``"2-4"``)."""
    evidence: Evidence | None = None
    """What the sheet prints (provenance; None for data that has no source document)."""

    def __repr__(self) -> str:
        return f"<CompetenceRequirement {self.competence} {self.level}>"


@attrs.frozen(kw_only=True)
class Career:
    """The PARCOURS PROFESSIONNEL table of a sheet."""

    profile: str | None
    """The PROFIL cell (education)."""
    experience: str | None
    """The EXPERIENCE cell."""


def _optional_strs(values: Iterable[str | None]) -> tuple[str | None, ...]:
    result: tuple[str | None, ...] = _to_tuple(values)
    return result


@attrs.frozen(kw_only=True)
class Annex1Row:
    """A profile's row of the Annex 1 summary matrix, as printed, and how it was aligned.

    The conversion of the matrix lost its columns: only the order of a row's values is reliable.
    ``alignment[i]`` is the competence that ``values[i]`` was matched with (None for a value that
    matches no competence of the sheet).
    """

    line: int
    """Line of the row in the source text."""
    title: str
    """The profile title as Annex 1 prints it."""
    values: tuple[str, ...] = attrs.field(converter=_strs, validator=_is_tuple)
    """The row's non-empty cells, in order, as printed."""
    alignment: tuple[str | None, ...] = attrs.field(converter=_optional_strs, validator=_is_tuple)
    """For each value, the competence it belongs to, or None."""


def _activities(values: Iterable[Activity]) -> tuple[Activity, ...]:
    result: tuple[Activity, ...] = _to_tuple(values)
    return result


def _requirements(values: Iterable[CompetenceRequirement]) -> tuple[CompetenceRequirement, ...]:
    result: tuple[CompetenceRequirement, ...] = _to_tuple(values)
    return result


@attrs.frozen(kw_only=True)
class JobProfile:
    """A CIGREF job profile ("emploi-métier") with every section of its sheet.

    Texts are in French, as in the source; competence codes refer to e-CF.

    Examples:
        >>> from cigref_ecf import job_profile
        >>> p = job_profile("3.2")
        >>> p.title
        'Concepteur - développeur'
        >>> [(r.competence, str(r.level)) for r in p.competences][:3]
        [('A6', '1'), ('A8', '3'), ('B1', '2-4')]
    """

    code: str
    """``"1.1"`` to ``"7.5"`` for CIGREF; a company's own code such as ``"DATA-ENG"``."""
    family: str
    """The code of its family: ``"1"`` to ``"7"`` for CIGREF, a company's own such as
    ``"DATA"``."""
    title: str
    """The title, as the sheet's heading prints it."""
    other_titles: tuple[str, ...] = attrs.field(default=(), converter=_strs, validator=_is_tuple)
    """Other French titles in use."""
    english_titles: tuple[str, ...] = attrs.field(default=(), converter=_strs, validator=_is_tuple)
    """English equivalents."""
    mission: str = ""
    """The MISSION section (paragraphs separated by a blank line)."""
    activities_intro: str | None = None
    """Text printed under the ACTIVITES ET TACHES heading before its table, if any."""
    activities: tuple[Activity, ...] = attrs.field(
        default=(), converter=_activities, validator=_is_tuple
    )
    """The ACTIVITES ET TACHES table."""
    competences: tuple[CompetenceRequirement, ...] = attrs.field(
        converter=_requirements, validator=_is_tuple
    )
    """Required e-CF competences and levels, in framework order (A1 ... E9)."""
    deliverables: tuple[str, ...] = attrs.field(default=(), converter=_strs, validator=_is_tuple)
    """LIVRABLES."""
    indicators_intro: str | None = None
    """A lead-in printed before the indicators, which they complete (``"Dans un temps
    raisonnable :"``); None if there is none. It is not an indicator."""
    indicators: tuple[str, ...] = attrs.field(default=(), converter=_strs, validator=_is_tuple)
    """INDICATEURS DE PERFORMANCE."""
    career: Career | None = None
    """PARCOURS PROFESSIONNEL, or None when the sheet has none."""
    trends: str | None = None
    """TENDANCES ET FACTEURS D'EVOLUTION, or None when the sheet has none."""
    notes: str | None = None
    """Text the sheet prints outside its named sections (after the career table), if any."""
    annex1: Annex1Row | None = None
    """The profile's Annex 1 row, as provenance (None for data without a source document)."""

    def requirement(self, competence: str | Competence) -> LevelRequirement | None:
        """What the profile requires of a competence (``"B1"``, ``" b.1 "`` or a
        :class:`Competence`), or None when it does not require it."""
        code = competence.code if isinstance(competence, Competence) else competence
        if not isinstance(code, str):
            return None
        for item in self.competences:
            if item.competence == code:
                return item.level
        code = normalize_competence_code(code)
        for item in self.competences:
            if item.competence == code:
                return item.level
        return None

    _nomenclature: weakref.ref[Nomenclature] | None = attrs.field(
        default=None, init=False, repr=False, eq=False
    )
    """The nomenclature this record belongs to (set by it): what its notebook view shows."""

    __reduce__ = _as_data

    def __repr__(self) -> str:
        return f"<JobProfile {self.code} {self.title}>"

    def _repr_html_(self) -> str:
        from .._write.html import profile_html

        return profile_html(self)


@attrs.frozen(kw_only=True)
class Family:
    """A family of job profiles: one of CIGREF's seven, or a company's own."""

    code: str
    """``"1"`` to ``"7"`` for CIGREF; a company's own code such as ``"DATA"``."""
    title: str
    """The family title."""
    description: str = ""
    """What the family covers (paragraphs separated by a blank line)."""
    profiles: tuple[str, ...] = attrs.field(default=(), converter=_strs, validator=_is_tuple)
    """The codes of its job profiles, in order."""

    _nomenclature: weakref.ref[Nomenclature] | None = attrs.field(
        default=None, init=False, repr=False, eq=False
    )
    """The nomenclature this record belongs to (set by it): what its notebook view shows."""

    __reduce__ = _as_data

    def __repr__(self) -> str:
        return f"<Family {self.code} {self.title}>"

    def _repr_html_(self) -> str:
        from .._write.html import record_html

        return record_html(self)


class ErratumKind(str, enum.Enum):
    """What kind of defect of the source an erratum is about."""

    MISSING_TEXT = "missing-text"
    MISPLACED_TEXT = "misplaced-text"
    WRONG_LABEL = "wrong-label"
    LEVEL_CONFLICT = "level-conflict"
    MISSING_SIGNAL = "missing-signal"
    ANNEX1_EXTRA = "annex1-extra"
    ANNEX1_MISSING = "annex1-missing"
    ANNEX1_MISMATCH = "annex1-mismatch"
    TITLE_VARIANT = "title-variant"
    TYPO = "typo"
    OTHER = "other"

    def __str__(self) -> str:
        return self.value


@attrs.frozen(kw_only=True)
class Erratum:
    """A place where the data departs from, or completes, the literal source text."""

    id: str
    """A stable identifier (``"E001"`` ...)."""
    kind: ErratumKind
    """The kind of defect."""
    profile: str | None
    """The job profile concerned, if any."""
    competence: str | None
    """The competence concerned, if any."""
    field: str
    """The field of the data it affects (``"level"``, ``"description"``, ``"levels[3]"`` for
    the level-3 descriptor, ``"annex1.values[4]"``, ``"activities.intro"`` ...)."""
    line: int | None
    """Where the defect shows in the source text."""
    excerpt: str | None = None
    """The words of the source the erratum is about, as printed from ``line`` on (markup
    removed); None for an erratum without a line."""
    source: str
    """What the source shows."""
    decision: str
    """What the data ships."""
    value: str | None = None
    """The value the decision gives ``field``, exactly as the data holds it: a level (``"2-4"``),
    a title, a text or the part of a text it is about. None when the decision leaves something
    out rather than setting a value (``excerpt`` is then what is left out)."""
    reason: str
    """Why."""

    def __repr__(self) -> str:
        where = " ".join(x for x in (self.profile, self.competence, self.field) if x)
        return f"<Erratum {self.id} {self.kind.value} {where}>"

    def _repr_html_(self) -> str:
        from .._write.html import record_html

        return record_html(self)


def _items(values: Iterable[Any]) -> tuple[Any, ...]:
    result: tuple[Any, ...] = _to_tuple(values)
    return result


@attrs.frozen(kw_only=True, cache_hash=True)
class Nomenclature:
    """The whole data set: e-CF levels, dimensions and competences, CIGREF families and profiles
    (or a company's own).

    Get the bundled one with :func:`cigref_ecf.load`. Its collections are tuples in the source's
    order; lookups by code go through the module-level functions (``competence("B3")``), which
    use indexes built once per nomenclature. Two nomenclatures are equal when their content is
    (indexes and caches do not count); the hash is computed once.
    """

    meta: Meta
    """Versions, sources and rights."""
    levels: tuple[Level, ...] = attrs.field(converter=_items, validator=_is_tuple)
    """The five e-CF proficiency levels."""
    dimensions: tuple[Dimension, ...] = attrs.field(converter=_items, validator=_is_tuple)
    """The five e-CF areas."""
    competences: tuple[Competence, ...] = attrs.field(converter=_items, validator=_is_tuple)
    """The e-CF competences, A1 ... E9."""
    families: tuple[Family, ...] = attrs.field(converter=_items, validator=_is_tuple)
    """The CIGREF families."""
    profiles: tuple[JobProfile, ...] = attrs.field(converter=_items, validator=_is_tuple)
    """The CIGREF job profiles, in nomenclature order."""
    errata: tuple[Erratum, ...] = attrs.field(default=(), converter=_items, validator=_is_tuple)
    """Every place where the data departs from the literal source."""

    _level_index: dict[int, Level] = attrs.field(init=False, repr=False, eq=False)
    _dimension_index: dict[str, Dimension] = attrs.field(init=False, repr=False, eq=False)
    _competence_index: dict[str, Competence] = attrs.field(init=False, repr=False, eq=False)
    _family_index: dict[str, Family] = attrs.field(init=False, repr=False, eq=False)
    _profile_index: dict[str, JobProfile] = attrs.field(init=False, repr=False, eq=False)
    _derived: dict[str, Any] = attrs.field(init=False, repr=False, eq=False)
    """Structures derived on first use (matrix, search index), private to the library."""

    def __attrs_post_init__(self) -> None:
        def index(items: Iterable[Any], key: str) -> dict[Any, Any]:
            result: dict[Any, Any] = {}
            for item in items:
                result.setdefault(getattr(item, key), item)
            return result

        object.__setattr__(self, "families", tuple(_owned(f, self) for f in self.families))
        object.__setattr__(self, "profiles", tuple(_owned(p, self) for p in self.profiles))
        object.__setattr__(self, "_level_index", index(self.levels, "number"))
        object.__setattr__(self, "_dimension_index", index(self.dimensions, "code"))
        object.__setattr__(self, "_competence_index", index(self.competences, "code"))
        object.__setattr__(self, "_family_index", index(self.families, "code"))
        object.__setattr__(self, "_profile_index", index(self.profiles, "code"))
        object.__setattr__(self, "_derived", {})

    __reduce__ = _as_data  # its indexes and derived structures are rebuilt on load

    @property
    def is_cigref(self) -> bool:
        """Whether CIGREF's code rules apply (``meta.convention == "cigref"``)."""
        return self.meta.convention == CIGREF

    def __repr__(self) -> str:
        return (
            f"<Nomenclature e-CF {self.meta.ecf_version} / CIGREF {self.meta.cigref_version}: "
            f"{len(self.competences)} competences, {len(self.profiles)} profiles>"
        )
