"""Lookups that answer rather than raise, and level checks: whether a text names a competence or
a job profile (:func:`get_competence`, :func:`get_job_profile`, :func:`is_competence_code`,
:func:`is_profile_code`) and whether a competence defines a level (:func:`is_applicable`,
:func:`check_level`).

The raising lookups (``competence()``, ``job_profile()`` ...) are the catalog's
(:mod:`cigref_ecf._model.catalog`); these are built on its indexes. Every function accepts codes or
model objects and an optional ``nomenclature=`` (default: the bundled one).
"""

from __future__ import annotations

from .._model.catalog import _resolve, competence, find_profile
from .._model.levels import Level, coerce_level
from .._model.records import Competence, JobProfile, Nomenclature, normalize_competence_code
from .._model.rules import MAX_CODE

__all__ = [
    "check_level",
    "get_competence",
    "get_job_profile",
    "is_applicable",
    "is_competence_code",
    "is_profile_code",
]


def get_competence(code: object, *, nomenclature: Nomenclature | None = None) -> Competence | None:
    """The competence for ``code`` (tolerant spelling), or None; never raises for a bad code.

    Examples:
        >>> get_competence("b.3").title
        'Testing'
        >>> get_competence("B9") is None
        True
    """
    n = _resolve(nomenclature)
    if isinstance(code, Competence):
        return n._competence_index.get(code.code)
    if not isinstance(code, str) or len(code) > MAX_CODE:
        return None
    return n._competence_index.get(code) or n._competence_index.get(normalize_competence_code(code))


def get_job_profile(code: object, *, nomenclature: Nomenclature | None = None) -> JobProfile | None:
    """The job profile for ``code`` (``"3.2"``, ``" 3.2 "``), or None; never raises for a bad code.

    Examples:
        >>> get_job_profile(" 6.3 ").title
        "Responsable sécurité des systèmes d'information - RSSI"
        >>> get_job_profile("9.9") is None
        True
    """
    return find_profile(code, _resolve(nomenclature))


def is_competence_code(text: object, *, nomenclature: Nomenclature | None = None) -> bool:
    """Whether ``text`` names a competence of the nomenclature (``"b3"`` does, ``"B9"`` not)."""
    return get_competence(text, nomenclature=nomenclature) is not None and isinstance(text, str)


def is_profile_code(text: object, *, nomenclature: Nomenclature | None = None) -> bool:
    """Whether ``text`` names a job profile of the nomenclature (``"3.2"`` does, ``"3.9"`` not)."""
    return get_job_profile(text, nomenclature=nomenclature) is not None and isinstance(text, str)


def is_applicable(
    competence_: str | Competence,
    level_: int | str | Level,
    *,
    nomenclature: Nomenclature | None = None,
) -> bool:
    """Whether the competence defines ``level_`` (A1 defines 4 and 5 only).

    Raises:
        UnknownCodeError: for an unknown competence.
        InvalidLevelError: for a malformed level (not 1..5, "e-1".."e-5" or a Level).
    """
    c = competence(competence_, nomenclature=nomenclature)
    return coerce_level(level_) in c.applicable_levels


def check_level(
    competence_: str | Competence,
    level_: int | str | Level,
    *,
    nomenclature: Nomenclature | None = None,
) -> int:
    """The level number, after checking that the competence defines it.

    Raises:
        InvalidLevelError: naming the competence and its applicable levels.
        UnknownCodeError: for an unknown competence.
    """
    c = competence(competence_, nomenclature=nomenclature)
    return c.descriptor(level_).level
