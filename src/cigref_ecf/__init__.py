"""The CIGREF 2010 nomenclature of IT job profiles and the European e-Competence Framework 2.0.

Everything public is importable from here; the implementation lives in private modules.

Examples:
    >>> import cigref_ecf
    >>> cigref_ecf.job_profile("3.2").title
    'Concepteur - développeur'
    >>> str(cigref_ecf.job_profile("3.2").requirement("B1"))
    '2-4'
"""

from __future__ import annotations

from typing import Any

from ._catalog import (
    competence,
    competences,
    dimension,
    dimensions,
    errata,
    families,
    family,
    job_profile,
    job_profiles,
    level,
    levels,
    load,
    load_json,
)
from ._levels import Level, LevelRequirement
from ._model import (
    Activity,
    Annex1Row,
    Career,
    Competence,
    CompetenceRequirement,
    Dimension,
    Erratum,
    ErratumKind,
    Evidence,
    Family,
    JobProfile,
    LevelDescriptor,
    Meta,
    Nomenclature,
)
from .exceptions import (
    CigrefEcfError,
    DataError,
    InvalidLevelError,
    Problem,
    UnknownCodeError,
)

__all__ = [
    "Activity",
    "Annex1Row",
    "Career",
    "CigrefEcfError",
    "Competence",
    "CompetenceRequirement",
    "DataError",
    "Dimension",
    "Erratum",
    "ErratumKind",
    "Evidence",
    "Family",
    "InvalidLevelError",
    "JobProfile",
    "Level",
    "LevelDescriptor",
    "LevelRequirement",
    "Meta",
    "Nomenclature",
    "Problem",
    "UnknownCodeError",
    "competence",
    "competences",
    "dimension",
    "dimensions",
    "errata",
    "families",
    "family",
    "job_profile",
    "job_profiles",
    "level",
    "levels",
    "load",
    "load_json",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("cigref-ecf")
    raise AttributeError(f"module 'cigref_ecf' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
