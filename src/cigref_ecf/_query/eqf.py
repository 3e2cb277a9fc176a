"""The e-CF/EQF relation (CWA 16234-1:2010) as queries: the EQF levels an e-CF level relates to
(:func:`eqf_levels`), the e-CF level an EQF level relates to (:func:`ecf_level_for_eqf`), and
the EQF levels a job profile's required levels span (:func:`profile_eqf_span`).

The relation itself is data (each :class:`~cigref_ecf.Level`'s ``eqf``); this module only reads
it, through :func:`eqf_of`, which the matrix's records use too.
"""

from __future__ import annotations

from .._model.catalog import _resolve, job_profile, level
from .._model.levels import Level
from .._model.records import JobProfile, Nomenclature
from .._model.rules import excerpt
from ..exceptions import InvalidLevelError

__all__ = ["ecf_level_for_eqf", "eqf_levels", "eqf_of", "profile_eqf_span"]


def eqf_of(levels: frozenset[int], n: Nomenclature) -> frozenset[int]:
    """The EQF levels that e-CF levels (numbers) relate to, in ``n``."""
    return frozenset(e for number in levels for e in n._level_index[number].eqf)


def eqf_levels(
    level_: int | str | Level, *, nomenclature: Nomenclature | None = None
) -> frozenset[int]:
    """The EQF levels an e-CF level relates to (e-2 relates to EQF 4 and 5).

    The e-CF/EQF relation (CWA 16234-1:2010) is a relation between frameworks, not an
    equivalence of qualifications.

    Examples:
        >>> sorted(eqf_levels("e-2"))
        [4, 5]
    """
    return level(level_, nomenclature=nomenclature).eqf


def ecf_level_for_eqf(eqf: int, *, nomenclature: Nomenclature | None = None) -> Level:
    """The e-CF level related to an EQF level (3 to 8); EQF 4 and 5 both give e-2.

    Examples:
        >>> ecf_level_for_eqf(5).code
        'e-2'

    Raises:
        InvalidLevelError: for an EQF level that no e-CF level relates to (1, 2, 9 ...).
    """
    n = _resolve(nomenclature)
    if isinstance(eqf, bool) or not isinstance(eqf, int):
        raise InvalidLevelError(f"invalid EQF level: {excerpt(eqf)} (expected an integer)")
    for lv in n.levels:
        if eqf in lv.eqf:
            return lv
    known = sorted(e for lv in n.levels for e in lv.eqf)
    covered = f"e-CF covers EQF {known[0]} to {known[-1]}" if known else "no EQF relation is given"
    raise InvalidLevelError(f"no e-CF level relates to EQF level {excerpt(eqf)}; {covered}")


def profile_eqf_span(
    profile: str | JobProfile, *, nomenclature: Nomenclature | None = None
) -> frozenset[int]:
    """The EQF levels that a profile's required levels relate to.

    Examples:
        >>> sorted(profile_eqf_span("3.2"))
        [3, 4, 5, 6, 7]
    """
    n = _resolve(nomenclature)
    p = job_profile(profile, nomenclature=n)
    return frozenset().union(*(eqf_of(r.level.levels, n) for r in p.competences))
