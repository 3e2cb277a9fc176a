"""Loading, checking and looking up a nomenclature.

The bundled data is read with importlib resources on first use (never at import time) and
cached; ``load(path)`` reads a company's own file through the strict converter and every check.
The bundled file takes a fast converter instead (see ``_load_bundled``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from typing import Any

from ..exceptions import DataError, InvalidLevelError, Problem, UnknownCodeError
from .levels import Level, coerce_level
from .records import (
    CIGREF,
    Competence,
    Dimension,
    Erratum,
    Family,
    JobProfile,
    Nomenclature,
    normalize_competence_code,
    normalize_profile_code,
)
from .rules import (
    MAX_BYTES,
    MAX_CODE,
    Problems,
    code_shape,
    decode,
    fold,
    is_table,
    parse_json,
    read_bytes,
)

DATA_FILE = "nomenclature.json"
SCHEMA_FILE = "nomenclature.schema.json"

_lock = threading.Lock()
_bundled: Nomenclature | None = None


def read_bundled_text(name: str = DATA_FILE) -> str:
    """The text of a file bundled in ``cigref_ecf/data``."""
    from importlib.resources import files

    return (files("cigref_ecf") / "data" / name).read_text(encoding="utf-8")


def build(
    data: object,
    *,
    source: str | None = None,
    notes: list[Problem] | None = None,
    strict: bool = False,
) -> Nomenclature:
    """Structure, normalise and check JSON-like data into a :class:`Nomenclature`, in one pass.

    Data with a ``"base"`` key is an overlay (see :mod:`cigref_ecf._model.overlay`): its changes are
    applied to the base and the result checked.

    Structural and cross-reference problems are reported together, as far as the structure
    allows (an item that does not structure is left out of the cross-checks, references to its
    code are not reported again). Slips put right (see
    :func:`~cigref_ecf._model.checks.normalise`) are appended to ``notes``; with ``strict`` (the
    bundled data) they are problems.

    Raises:
        DataError: listing every problem found, each with its JSON path.
    """
    from .checks import check, default_locate, normalise
    from .converter import structure_items
    from .overlay import apply_overlay, is_overlay

    if is_overlay(data) and not strict:
        assert isinstance(data, dict)
        return apply_overlay(data, load, source=source, notes=notes)
    problems = Problems()
    n, positions, also_known = structure_items(data, problems)
    if n is None:
        problems.raise_if_any(DataError, source)
        raise AssertionError("unreachable")  # pragma: no cover

    def locate(section: str, index: int, code: str) -> str:
        where = positions.get(section)
        return default_locate(section, where[index] if where else index, code)

    if not strict:
        kept = Problems()
        n = normalise(n, kept, locate)
        if notes is not None:
            notes.extend(kept.problems())
    if not problems.full:
        check(n, problems, locate=locate, strict=strict, also_known=also_known)
    problems.raise_if_any(DataError, source)
    return n


def load(
    path: str | os.PathLike[str] | None = None,
    *,
    max_bytes: int | None = MAX_BYTES,
    notes: list[Problem] | None = None,
) -> Nomenclature:
    """The bundled nomenclature (cached), or the one in the JSON file at ``path``.

    The file holds a whole nomenclature, or an overlay: ``{"base": "cigref", ...}`` and only
    what changes (profiles added, replaced, removed, renamed, levels changed; families added,
    renamed, removed; see the tutorial "Your company's job architecture"), merged with the
    bundled data.
    A file goes through the strict converter and every check (the tests put the bundled data
    through them too, so that loading it can take a fast path), except that a company's own
    codes are accepted (CIGREF's ``N.M`` rules apply only to files whose
    ``meta.convention`` is ``"cigref"``). Slips that have one obvious reading (``"b3"`` for B3,
    competences out of framework order) are put right, and each is appended to ``notes``
    (a list you pass, of :class:`~cigref_ecf.exceptions.Problem`) when given.

    Untrusted input is bounded: files over ``max_bytes`` (None: no limit), nesting deeper than
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
    data = read_bytes(path, max_bytes=max_bytes)
    if is_table(source, data):
        raise DataError(
            [
                Problem(
                    "$",
                    "a spreadsheet (CSV or XLSX), not a nomenclature JSON file: read a matrix "
                    "with read_matrix() (on the command line: cigref-ecf import FILE -o "
                    "ours.json)",
                )
            ],
            source,
        )
    text = decode(data, source=source)
    return load_json(text, source=source, max_bytes=max_bytes, notes=notes)


def _load_bundled() -> Nomenclature:
    # The bundled file is trusted: it ships with the package, and the tests check it against
    # the source and its schema and load it through the strict path (build(strict=True): the
    # strict converter, every check, no slips) to compare (tests/test_bundled_load.py). So it
    # takes the fast converter and skips the checks and the size/depth walk. Every other input
    # goes through build(); nothing else may call structure_trusted().
    import json

    from .converter import structure_trusted

    return structure_trusted(json.loads(read_bundled_text()), Nomenclature)


def load_json(
    text: str,
    *,
    source: str | None = None,
    max_bytes: int | None = MAX_BYTES,
    notes: list[Problem] | None = None,
) -> Nomenclature:
    """A nomenclature from JSON text (see :func:`load`)."""
    source = source or "<string>"
    data = parse_json(text, source=source, max_bytes=max_bytes)
    return build(data, source=source, notes=notes)


def validate(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = MAX_BYTES,
    notes: list[Problem] | None = None,
) -> list[Problem]:
    """Every problem of a nomenclature or overlay file, without raising (an empty list: the file
    is valid). What :func:`load` would put right is appended to ``notes`` when given.

    Examples:
        >>> import json, tempfile
        >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        ...     json.dump({"meta": {}}, f)
        >>> [str(p) for p in validate(f.name)][:1]
        ['$.levels: required field missing']
    """
    try:
        load(path, max_bytes=max_bytes, notes=notes)
    except DataError as exc:
        return list(exc.problems)
    except OSError as exc:
        return [Problem(path="$", message=f"cannot read {os.fspath(path)}: {exc.strerror or exc}")]
    return []


def validate_json(
    text: str,
    *,
    source: str | None = None,
    max_bytes: int | None = MAX_BYTES,
    notes: list[Problem] | None = None,
) -> list[Problem]:
    """Every problem of a nomenclature or overlay given as JSON text, without raising."""
    try:
        load_json(text, source=source, max_bytes=max_bytes, notes=notes)
    except DataError as exc:
        return list(exc.problems)
    return []


def extend(
    nomenclature: Nomenclature | None = None,
    *,
    competences: Iterable[Competence] = (),
    families: Iterable[Family] = (),
    profiles: Iterable[JobProfile] = (),
    errata: Iterable[Erratum] = (),
    base: Nomenclature | None = None,
) -> Nomenclature:
    """A new nomenclature: ``nomenclature`` (default: the bundled one) plus more items.

    ``base=`` is the old name of ``nomenclature=`` (every other function calls it so): it still
    works, with a :class:`DeprecationWarning`.

    A new profile is added to its family's list, and a new competence to its dimension's list,
    when they are not listed there yet. The result goes through the same checks as a file.
    New profiles may use a company's own codes (``"DATA-ENG"``) and families (``"DATA"``): the
    result then no longer follows the CIGREF convention (``meta.convention`` becomes None).

    Examples:
        >>> from cigref_ecf import JobProfile, CompetenceRequirement, Family, job_profile
        >>> mine = JobProfile(code="DATA-ENG", family="DATA", title="Data engineer",
        ...     competences=[CompetenceRequirement(competence="B1", level="3")])
        >>> n = extend(families=[Family(code="DATA", title="Data")], profiles=[mine])
        >>> job_profile("data-eng", nomenclature=n).title, len(n.profiles), len(load().profiles)
        ('Data engineer', 34, 33)

    Raises:
        DataError: listing every problem (duplicate codes, unknown references, levels a
            competence does not define ...).
    """
    import attrs

    from .checks import check

    if base is not None:
        import warnings

        warnings.warn(
            "extend(base=...) is deprecated: use extend(nomenclature=...), as every other "
            "function does",
            DeprecationWarning,
            stacklevel=2,
        )
        if nomenclature is not None:
            raise TypeError("extend() takes nomenclature= or the old base=, not both")
        nomenclature = base
    n = _resolve(nomenclature)
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
    from .converter import check_items

    check_items(
        {
            "competences": new_competences,
            "families": new_families,
            "profiles": new_profiles,
            "errata": new_errata,
        },
        "extend()",
    )
    dims = []
    for d in n.dimensions:
        listed = set(d.competences)
        extra = [c.code for c in new_competences if c.dimension == d.code and c.code not in listed]
        dims.append(attrs.evolve(d, competences=(*d.competences, *extra)) if extra else d)
    fams = []
    for f in (*n.families, *new_families):
        listed = set(f.profiles)
        extra = [p.code for p in new_profiles if p.family == f.code and p.code not in listed]
        fams.append(attrs.evolve(f, profiles=(*f.profiles, *extra)) if extra else f)
    meta = n.meta
    if meta.convention == CIGREF and not all(
        code_shape("cigref profile", p.code) for p in new_profiles
    ):
        meta = attrs.evolve(meta, convention=None)
    result = Nomenclature(
        meta=meta,
        levels=n.levels,
        dimensions=tuple(dims),
        competences=(*n.competences, *new_competences),
        families=tuple(fams),
        profiles=(*n.profiles, *new_profiles),
        errata=(*n.errata, *new_errata),
    )
    check(result).raise_if_any(DataError, "extend()")
    return result


# ---------------------------------------------------------------------------- lookups


def _resolve(nomenclature: Nomenclature | None) -> Nomenclature:
    return load() if nomenclature is None else nomenclature


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
    if len(code) > MAX_CODE:  # unknown at once: no normalising or suggesting megabytes
        raise UnknownCodeError("dimension", code)
    key = code.strip().rstrip(".").upper()
    found = n._dimension_index.get(key)
    if found is None:
        for item in n.dimensions:
            if item.name.upper() == key:
                return item
        from .checks import suggest

        raise UnknownCodeError("dimension", code, suggest(key, n._dimension_index))
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
    if len(code) > MAX_CODE:  # unknown at once: no normalising or suggesting megabytes
        raise UnknownCodeError("competence", code)
    key = normalize_competence_code(code)
    found = n._competence_index.get(key)
    if found is None:
        from .checks import suggest_competence

        suggestions = [c.code for c in n.competences if fold(c.title) == fold(code)]
        suggestions += suggest_competence(key, n._competence_index)
        raise UnknownCodeError("competence", code, suggestions[:3])
    return found


def families(*, nomenclature: Nomenclature | None = None) -> tuple[Family, ...]:
    """The families: CIGREF's 1 to 7, or a company's own."""
    return _resolve(nomenclature).families


def _by_upper(n: Nomenclature, section: str) -> dict[str, Any]:
    """Profiles or families by upper-cased code (company codes are case-insensitive), cached."""
    key = f"upper:{section}"
    found: dict[str, Any] | None = n._derived.get(key)
    if found is None:
        found = {}
        for item in getattr(n, section):
            found.setdefault(item.code.upper(), item)
        n._derived[key] = found
    return found


def _oversized(code: object) -> bool:
    """A code no lookup reads (unknown at once, nothing normalised or suggested): a str over
    ``MAX_CODE`` characters, or an int of about as many digits (``str()`` of an int past 4,300
    digits raises)."""
    if isinstance(code, str):
        return len(code) > MAX_CODE
    return isinstance(code, int) and code.bit_length() > 4 * MAX_CODE


def find_family(code: object, n: Nomenclature) -> Family | None:
    """The family ``code`` names (``3``, ``"3"``, ``" 03 "``, ``"data"`` for ``DATA``), or None."""
    if isinstance(code, Family):
        code = code.code
    if _oversized(code):
        return None
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str):
        return None
    key = normalize_profile_code(code)
    found = n._family_index.get(key) or _by_upper(n, "families").get(key.upper())
    if found is None and key.isascii() and key.isdigit():
        found = n._family_index.get(str(int(key)))
    return found


def family(code: int | str | Family, *, nomenclature: Nomenclature | None = None) -> Family:
    """A family by code: ``3`` or ``"3"`` for CIGREF, ``"DATA"`` (any case) for a company's.

    Raises:
        UnknownCodeError: when there is no such family (with close codes suggested).
    """
    n = _bundled if nomenclature is None and _bundled is not None else _resolve(nomenclature)
    if type(code) is str or (type(code) is int and 0 < code < 1000):  # fast path: canonical
        found = n._family_index.get(code if type(code) is str else str(code))
        if found is not None:
            return found
    found = find_family(code, n)
    if found is None and _oversized(code):
        raise UnknownCodeError("family", code)
    if found is None:
        key = code if isinstance(code, str) else str(code)
        key = normalize_profile_code(key)
        codes = list(n._family_index)
        numbers = [c for c in codes if c.isascii() and c.isdigit()]
        if key.isascii() and key.isdigit() and numbers and not isinstance(code, bool):
            near = sorted(numbers, key=lambda c: (abs(int(c) - int(key)), int(c)))[:2]
        else:
            from .checks import suggest

            near = suggest(key, codes)
        raise UnknownCodeError("family", code, near)
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


def find_profile(code: object, n: Nomenclature) -> JobProfile | None:
    """The job profile ``code`` names (``" 3.2 "``, ``"data-eng"`` for ``DATA-ENG``), or None."""
    if isinstance(code, JobProfile):
        code = code.code
    if not isinstance(code, str) or _oversized(code):
        return None
    found = n._profile_index.get(code)
    if found is None:
        key = normalize_profile_code(code)
        found = n._profile_index.get(key) or _by_upper(n, "profiles").get(key.upper())
    return found


def job_profile(code: str | JobProfile, *, nomenclature: Nomenclature | None = None) -> JobProfile:
    """A job profile by code: ``"3.2"`` or ``" 3.2 "``; a company's code in any case
    (``"data-eng"`` finds ``DATA-ENG``).

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
    if len(code) > MAX_CODE:  # unknown at once: no normalising or suggesting megabytes
        raise UnknownCodeError("job profile", code)
    found = find_profile(code, n)
    if found is None:
        from .checks import suggest

        folded = fold(code)
        suggestions = [p.code for p in n.profiles if fold(p.title) == folded]
        suggestions += suggest(normalize_profile_code(code), n._profile_index)
        raise UnknownCodeError("job profile", code, suggestions[:3])
    return found


def errata(*, nomenclature: Nomenclature | None = None) -> tuple[Erratum, ...]:
    """Every place where the data departs from, or completes, the literal source text."""
    return _resolve(nomenclature).errata
