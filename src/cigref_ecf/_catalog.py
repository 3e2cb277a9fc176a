"""Loading, checking and looking up a nomenclature.

The bundled data is read with importlib resources on first use (never at import time), checked
once, and cached; ``load(path)`` reads a company's own file through the same converter and the
same checks.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable

from ._input import MAX_BYTES, decode, fold, parse_json, read_bytes
from ._levels import Level, coerce_level
from ._model import (
    Competence,
    Dimension,
    Erratum,
    Family,
    JobProfile,
    Nomenclature,
    normalize_competence_code,
    normalize_profile_code,
)
from .exceptions import DataError, InvalidLevelError, Problem, UnknownCodeError

DATA_FILE = "nomenclature.json"
SCHEMA_FILE = "nomenclature.schema.json"

_lock = threading.Lock()
_bundled: Nomenclature | None = None

_COMPETENCE_CODE = re.compile(r"^[A-Z][1-9][0-9]?$")
_PROFILE_CODE = re.compile(r"^[1-9][0-9]?\.[1-9][0-9]?$")
_DIMENSION_CODE = re.compile(r"^[A-Z]$")


def read_bundled_text(name: str = DATA_FILE) -> str:
    """The text of a file bundled in ``cigref_ecf/data``."""
    from importlib.resources import files

    return (files("cigref_ecf") / "data" / name).read_text(encoding="utf-8")


def build(data: object, *, source: str | None = None) -> Nomenclature:
    """Structure and check JSON-like data into a :class:`Nomenclature`.

    Raises:
        DataError: listing every problem found, each with its JSON path.
    """
    from ._converter import structure

    nomenclature = structure(data, Nomenclature, source=source)
    problems = check(nomenclature)
    if problems:
        raise DataError(problems, source)
    return nomenclature


def load(
    path: str | os.PathLike[str] | None = None, *, max_bytes: int | None = MAX_BYTES
) -> Nomenclature:
    """The bundled nomenclature (cached), or the one in the JSON file at ``path``.

    A file goes through the same converter and the same checks as the bundled data. Untrusted
    input is bounded: files over ``max_bytes`` (None: no limit), nesting deeper than
    ``MAX_DEPTH`` and strings longer than ``MAX_STRING`` are rejected; nothing in the data is
    ever executed.

    Examples:
        >>> from cigref_ecf import load
        >>> n = load()
        >>> len(n.competences), len(n.profiles), load() is n
        (36, 33, True)

    Raises:
        DataError: when the file is not valid JSON, does not fit the schema, or its references
            do not resolve; every problem is listed with its JSON path.
        OSError: when the file cannot be read.
    """
    global _bundled
    if path is None:
        if _bundled is None:
            with _lock:
                if _bundled is None:
                    _bundled = _load_bundled()
        return _bundled
    source = os.fspath(path)
    text = decode(read_bytes(path, max_bytes=max_bytes), source=source)
    return load_json(text, source=source, max_bytes=max_bytes)


def _load_bundled() -> Nomenclature:
    # The bundled file is trusted (it ships with the package and the tests check it against
    # the source and its schema): no size/depth walk, but the same converter and checks.
    import json

    return build(json.loads(read_bundled_text()), source=DATA_FILE)


def load_json(
    text: str, *, source: str | None = None, max_bytes: int | None = MAX_BYTES
) -> Nomenclature:
    """A nomenclature from JSON text in the bundled schema (see :func:`load`)."""
    source = source or "<string>"
    return build(parse_json(text, source=source, max_bytes=max_bytes), source=source)


def validate(path: str | os.PathLike[str], *, max_bytes: int | None = MAX_BYTES) -> list[Problem]:
    """Every problem of a nomenclature file, without raising (an empty list: the file is valid).

    Examples:
        >>> import json, tempfile
        >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        ...     json.dump({"meta": {}}, f)
        >>> [str(p) for p in validate(f.name)][:1]
        ['$.meta.data_version: required field missing']
    """
    try:
        load(path, max_bytes=max_bytes)
    except DataError as exc:
        return list(exc.problems)
    except OSError as exc:
        return [Problem(path="$", message=f"cannot read {os.fspath(path)}: {exc.strerror or exc}")]
    return []


def validate_json(
    text: str, *, source: str | None = None, max_bytes: int | None = MAX_BYTES
) -> list[Problem]:
    """Every problem of a nomenclature given as JSON text, without raising."""
    try:
        load_json(text, source=source, max_bytes=max_bytes)
    except DataError as exc:
        return list(exc.problems)
    return []


def extend(
    base: Nomenclature | None = None,
    *,
    competences: Iterable[Competence] = (),
    families: Iterable[Family] = (),
    profiles: Iterable[JobProfile] = (),
    errata: Iterable[Erratum] = (),
) -> Nomenclature:
    """A new nomenclature: ``base`` (default: the bundled one) plus more items.

    A new profile is added to its family's list, and a new competence to its dimension's list,
    when they are not listed there yet. The result goes through the same checks as a file.

    Examples:
        >>> from cigref_ecf import JobProfile, CompetenceRequirement, LevelRequirement, job_profile
        >>> mine = JobProfile(code="3.6", family=3, title="Data engineer", other_titles=(),
        ...     english_titles=(), mission="Builds data pipelines.", activities=(),
        ...     competences=(CompetenceRequirement(competence="B1",
        ...                                        level=LevelRequirement.parse("3")),),
        ...     deliverables=(), indicators=(), career=None, trends=None)
        >>> n = extend(profiles=[mine])
        >>> job_profile("3.6", nomenclature=n).title, len(n.profiles), len(load().profiles)
        ('Data engineer', 34, 33)

    Raises:
        DataError: listing every problem (duplicate codes, unknown references, levels a
            competence does not define ...).
    """
    import attrs

    n = _resolve(base)
    new_competences = tuple(competences)
    new_families = tuple(families)
    new_profiles = tuple(profiles)
    new_errata = tuple(errata)
    wrong = [
        Problem(
            path=f"{name}[{i}]", message=f"expected a {cls.__name__}, got {type(item).__name__}"
        )
        for name, items, cls in (
            ("competences", new_competences, Competence),
            ("families", new_families, Family),
            ("profiles", new_profiles, JobProfile),
            ("errata", new_errata, Erratum),
        )
        for i, item in enumerate(items)
        if not isinstance(item, cls)
    ]
    if wrong:
        raise DataError(wrong, "extend()")
    dims = []
    for d in n.dimensions:
        extra = [
            c.code for c in new_competences if c.dimension == d.code and c.code not in d.competences
        ]
        dims.append(attrs.evolve(d, competences=(*d.competences, *extra)) if extra else d)
    fams = []
    for f in (*n.families, *new_families):
        extra = [p.code for p in new_profiles if p.family == f.number and p.code not in f.profiles]
        fams.append(attrs.evolve(f, profiles=(*f.profiles, *extra)) if extra else f)
    result = Nomenclature(
        meta=n.meta,
        levels=n.levels,
        dimensions=tuple(dims),
        competences=(*n.competences, *new_competences),
        families=tuple(fams),
        profiles=(*n.profiles, *new_profiles),
        errata=(*n.errata, *new_errata),
    )
    problems = check(result)
    if problems:
        raise DataError(problems, "extend()")
    return result


# ---------------------------------------------------------------------------- checks


def check(n: Nomenclature) -> list[Problem]:
    """Every cross-reference and consistency problem of a structured nomenclature."""
    problems: list[Problem] = []

    def add(path: str, message: str) -> None:
        problems.append(Problem(path=path, message=message))

    def duplicates(items: Iterable[object], key: str, path: str) -> None:
        seen: set[object] = set()
        for i, item in enumerate(items):
            value = getattr(item, key)
            if value in seen:
                add(f"{path}[{i}].{key}", f"duplicate {key} {value!r}")
            seen.add(value)

    level_numbers = {lv.number for lv in n.levels}
    for i, lv in enumerate(n.levels):
        if not 1 <= lv.number <= 5:
            add(f"$.levels[{i}].number", f"level {lv.number} is outside 1..5")
        if lv.code != f"e-{lv.number}":
            add(f"$.levels[{i}].code", f"expected 'e-{lv.number}', found {lv.code!r}")
    duplicates(n.levels, "number", "$.levels")

    dims = {d.code: d for d in n.dimensions}
    comps = {c.code: c for c in n.competences}
    for i, d in enumerate(n.dimensions):
        if not _DIMENSION_CODE.match(d.code):
            add(f"$.dimensions[{i}].code", f"malformed dimension code {d.code!r}")
        for j, code in enumerate(d.competences):
            if code in d.competences[:j]:
                add(f"$.dimensions[{i}].competences[{j}]", f"competence {code} is listed twice")
            comp = comps.get(code)
            if comp is None:
                add(f"$.dimensions[{i}].competences[{j}]", f"unknown competence {code!r}")
            elif comp.dimension != d.code:
                add(
                    f"$.dimensions[{i}].competences[{j}]",
                    f"competence {code} belongs to dimension {comp.dimension}, not {d.code}",
                )
    duplicates(n.dimensions, "code", "$.dimensions")

    listed = {code for d in n.dimensions for code in d.competences}
    for i, c in enumerate(n.competences):
        path = f"$.competences[{i}]"
        if not _COMPETENCE_CODE.match(c.code):
            add(f"{path}.code", f"malformed competence code {c.code!r} (expected e.g. 'B3')")
        if c.dimension not in dims:
            add(f"{path}.dimension", f"unknown dimension {c.dimension!r}")
        elif not c.code.startswith(c.dimension):
            add(f"{path}.dimension", f"code {c.code} does not start with {c.dimension}")
        elif c.code not in listed:
            add(f"{path}.code", f"competence {c.code} is not listed by dimension {c.dimension}")
        if not c.levels:
            add(f"{path}.levels", "a competence needs at least one level")
        numbers = [d.level for d in c.levels]
        for j, number in enumerate(numbers):
            if number not in level_numbers:
                add(f"{path}.levels[{j}].level", f"level {number} is not one of the e-CF levels")
        if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            add(f"{path}.levels", f"levels must be ascending and contiguous, found {numbers}")
    duplicates(n.competences, "code", "$.competences")

    profiles = {p.code: p for p in n.profiles}
    families = {f.number: f for f in n.families}
    in_family: dict[str, int] = {}
    for i, f in enumerate(n.families):
        for j, code in enumerate(f.profiles):
            if code in in_family:
                add(f"$.families[{i}].profiles[{j}]", f"profile {code} is listed twice")
            p = profiles.get(code)
            if p is None:
                add(f"$.families[{i}].profiles[{j}]", f"unknown job profile {code!r}")
            elif p.family != f.number:
                add(
                    f"$.families[{i}].profiles[{j}]",
                    f"profile {code} says it belongs to family {p.family}, not {f.number}",
                )
            in_family[code] = f.number
    duplicates(n.families, "number", "$.families")

    order = {c.code: k for k, c in enumerate(n.competences)}
    for i, p in enumerate(n.profiles):
        path = f"$.profiles[{i}]"
        if not _PROFILE_CODE.match(p.code):
            add(f"{path}.code", f"malformed profile code {p.code!r} (expected e.g. '3.2')")
        if p.family not in families:
            add(f"{path}.family", f"unknown family {p.family}")
        elif _PROFILE_CODE.match(p.code) and not p.code.startswith(f"{p.family}."):
            add(f"{path}.code", f"code {p.code} does not start with its family number {p.family}")
        if not p.competences:
            add(f"{path}.competences", "a job profile needs at least one required competence")
        elif p.code not in in_family:
            add(f"{path}.code", f"profile {p.code} is not listed by family {p.family}")
        seen: set[str] = set()
        last = -1
        for j, req in enumerate(p.competences):
            rpath = f"{path}.competences[{j}]"
            comp = comps.get(req.competence)
            if comp is None:
                add(f"{rpath}.competence", f"unknown competence {req.competence!r}")
                continue
            if req.competence in seen:
                add(f"{rpath}.competence", f"competence {req.competence} is listed twice")
            seen.add(req.competence)
            if order[req.competence] < last:
                add(f"{rpath}.competence", f"{req.competence} is out of framework order")
            last = max(last, order[req.competence])
            missing = sorted(req.level.levels - set(comp.applicable_levels))
            if missing:
                add(
                    f"{rpath}.level",
                    f"{req.competence} does not define level(s) "
                    f"{', '.join(map(str, missing))}; its levels are "
                    f"{', '.join(map(str, comp.applicable_levels))}",
                )
        if p.annex1 is not None:
            row = p.annex1
            if len(row.values) != len(row.alignment):
                add(f"{path}.annex1.alignment", "alignment and values differ in length")
            for j, aligned in enumerate(row.alignment):
                if aligned is not None and aligned not in seen:
                    add(
                        f"{path}.annex1.alignment[{j}]",
                        f"{aligned} is not a competence of profile {p.code}",
                    )
    duplicates(n.profiles, "code", "$.profiles")

    for i, e in enumerate(n.errata):
        if e.profile is not None and e.profile not in profiles:
            add(f"$.errata[{i}].profile", f"unknown job profile {e.profile!r}")
        if e.competence is not None and e.competence not in comps:
            add(f"$.errata[{i}].competence", f"unknown competence {e.competence!r}")
    duplicates(n.errata, "id", "$.errata")
    return problems


# ---------------------------------------------------------------------------- lookups


def _resolve(nomenclature: Nomenclature | None) -> Nomenclature:
    return load() if nomenclature is None else nomenclature


def _suggest(code: str, candidates: Iterable[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(code, list(candidates), n=3, cutoff=0.5)


def _suggest_competence(key: str, codes: Iterable[str]) -> list[str]:
    """Codes of the same dimension, nearest number first; otherwise the closest spellings."""
    match = re.fullmatch(r"([A-Z])([0-9]+)", key)
    if match:
        letter, number = match.group(1), int(match.group(2))
        same = [c for c in codes if c[0] == letter]
        if same:
            return sorted(same, key=lambda c: (abs(int(c[1:]) - number), int(c[1:])))[:3]
    return _suggest(key, codes)


def dimensions(*, nomenclature: Nomenclature | None = None) -> tuple[Dimension, ...]:
    """The e-CF dimensions (areas) A to E."""
    return _resolve(nomenclature).dimensions


def dimension(code: str | Dimension, *, nomenclature: Nomenclature | None = None) -> Dimension:
    """A dimension by code (``"A"``, ``"a"``) or name (``"PLAN"``).

    Raises:
        UnknownCodeError: when there is no such dimension.
    """
    n = _resolve(nomenclature)
    if isinstance(code, Dimension):
        code = code.code
    if not isinstance(code, str):
        raise UnknownCodeError("dimension", code)
    key = code.strip().rstrip(".").upper()
    found = n._dimension_index.get(key)
    if found is None:
        for item in n.dimensions:
            if item.name.upper() == key:
                return item
        raise UnknownCodeError("dimension", code, _suggest(key, n._dimension_index))
    return found


_dimension = dimension


def levels(*, nomenclature: Nomenclature | None = None) -> tuple[Level, ...]:
    """The e-CF proficiency levels e-1 to e-5."""
    return _resolve(nomenclature).levels


def level(value: int | str | Level, *, nomenclature: Nomenclature | None = None) -> Level:
    """A level by number (``3``), code (``"e-3"``) or :class:`Level`.

    Raises:
        InvalidLevelError: when the value is not a level 1..5.
    """
    n = _resolve(nomenclature)
    number = coerce_level(value)
    found = n._level_index.get(number)
    if found is None:
        raise InvalidLevelError(f"this nomenclature has no level {number}")
    return found


def competences(
    dimension: str | Dimension | None = None, *, nomenclature: Nomenclature | None = None
) -> tuple[Competence, ...]:
    """The e-CF competences in framework order, or those of one dimension."""
    n = _resolve(nomenclature)
    if dimension is None:
        return n.competences
    dim = _dimension(dimension, nomenclature=n)
    return tuple(n._competence_index[code] for code in dim.competences)


def competence(code: str | Competence, *, nomenclature: Nomenclature | None = None) -> Competence:
    """A competence by code: ``"B3"``, ``"b3"``, ``" B.3 "`` are the same.

    Examples:
        >>> from cigref_ecf import competence
        >>> competence(" b.3 ") is competence("B3")
        True
        >>> competence("B9")
        Traceback (most recent call last):
        ...
        cigref_ecf.exceptions.UnknownCodeError: unknown competence code: 'B9'; did you mean 'B5' ...

    Raises:
        UnknownCodeError: when there is no such competence (with close codes suggested).
    """
    n = _bundled if nomenclature is None and _bundled is not None else _resolve(nomenclature)
    if isinstance(code, Competence):
        code = code.code
    elif type(code) is str:
        found = n._competence_index.get(code)  # fast path: already canonical
        if found is not None:
            return found
    if not isinstance(code, str):
        raise UnknownCodeError("competence", code)
    key = normalize_competence_code(code)
    found = n._competence_index.get(key)
    if found is None:
        suggestions = [c.code for c in n.competences if fold(c.title) == fold(code)]
        suggestions += _suggest_competence(key, n._competence_index)
        raise UnknownCodeError("competence", code, suggestions[:3])
    return found


def families(*, nomenclature: Nomenclature | None = None) -> tuple[Family, ...]:
    """The CIGREF families 1 to 7."""
    return _resolve(nomenclature).families


def family(number: int | str | Family, *, nomenclature: Nomenclature | None = None) -> Family:
    """A family by number (``3`` or ``"3"``).

    Raises:
        UnknownCodeError: when there is no such family.
    """
    n = _resolve(nomenclature)
    if isinstance(number, Family):
        number = number.number
    key: int | None = None
    if isinstance(number, int) and not isinstance(number, bool):
        key = number
    elif isinstance(number, str) and number.strip().isascii() and number.strip().isdigit():
        key = int(number.strip())
    found = None if key is None else n._family_index.get(key)
    if found is None:
        near = sorted(n._family_index, key=lambda k: abs(k - key)) if key is not None else []
        raise UnknownCodeError("family", number, [str(k) for k in near[:2]])
    return found


_family = family


def job_profiles(
    family: int | str | Family | None = None, *, nomenclature: Nomenclature | None = None
) -> tuple[JobProfile, ...]:
    """The job profiles in nomenclature order, or those of one family."""
    n = _resolve(nomenclature)
    if family is None:
        return n.profiles
    fam = _family(family, nomenclature=n)
    return tuple(n._profile_index[code] for code in fam.profiles)


def job_profile(code: str | JobProfile, *, nomenclature: Nomenclature | None = None) -> JobProfile:
    """A job profile by code: ``"3.2"`` or ``" 3.2 "``.

    Examples:
        >>> from cigref_ecf import job_profile
        >>> job_profile(" 3.3 ").title
        'Testeur'

    Raises:
        UnknownCodeError: when there is no such profile (with close codes suggested).
    """
    n = _bundled if nomenclature is None and _bundled is not None else _resolve(nomenclature)
    if isinstance(code, JobProfile):
        code = code.code
    elif type(code) is str:
        found = n._profile_index.get(code)  # fast path: already canonical
        if found is not None:
            return found
    if not isinstance(code, str):
        raise UnknownCodeError("job profile", code)
    key = normalize_profile_code(code)
    found = n._profile_index.get(key)
    if found is None:
        folded = fold(code)
        suggestions = [p.code for p in n.profiles if fold(p.title) == folded]
        suggestions += _suggest(key, n._profile_index)
        raise UnknownCodeError("job profile", code, suggestions[:3])
    return found


def errata(*, nomenclature: Nomenclature | None = None) -> tuple[Erratum, ...]:
    """Every place where the data departs from, or completes, the literal source text."""
    return _resolve(nomenclature).errata
