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

from ._batch import rank_profiles_batch
from ._catalog import (
    competence,
    competences,
    dimension,
    dimensions,
    errata,
    extend,
    families,
    family,
    job_profile,
    job_profiles,
    level,
    levels,
    load,
    load_json,
    validate,
    validate_json,
)
from ._export import json_schema, to_data, to_json
from ._gap import (
    Assessment,
    GapItem,
    GapReport,
    GapStatus,
    InvalidAssessmentError,
    MobilityOption,
    TrainingNeed,
    gap,
    mobility,
    rank_profiles,
    similar_profiles,
    training_needs,
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
from ._queries import (
    Matrix,
    SearchHit,
    check_level,
    ecf_level_for_eqf,
    eqf_levels,
    get_competence,
    get_job_profile,
    is_applicable,
    is_competence_code,
    is_profile_code,
    matrix,
    profile_eqf_span,
    profiles_requiring,
    required_level,
    search,
)
from .exceptions import (
    CigrefEcfError,
    DataError,
    InvalidLevelError,
    InvalidQueryError,
    MissingDependencyError,
    Problem,
    UnknownCodeError,
)

__all__ = [
    "Activity",
    "Annex1Row",
    "Assessment",
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
    "GapItem",
    "GapReport",
    "GapStatus",
    "InvalidAssessmentError",
    "InvalidLevelError",
    "InvalidQueryError",
    "JobProfile",
    "Level",
    "LevelDescriptor",
    "LevelRequirement",
    "Matrix",
    "Meta",
    "MissingDependencyError",
    "MobilityOption",
    "Nomenclature",
    "Problem",
    "SearchHit",
    "TrainingNeed",
    "UnknownCodeError",
    "check_level",
    "competence",
    "competences",
    "dimension",
    "dimensions",
    "ecf_level_for_eqf",
    "eqf_levels",
    "errata",
    "extend",
    "families",
    "family",
    "gap",
    "get_competence",
    "get_job_profile",
    "is_applicable",
    "is_competence_code",
    "is_profile_code",
    "job_profile",
    "job_profiles",
    "json_schema",
    "level",
    "levels",
    "load",
    "load_json",
    "matrix",
    "mobility",
    "profile_eqf_span",
    "profiles_requiring",
    "rank_profiles",
    "rank_profiles_batch",
    "required_level",
    "search",
    "similar_profiles",
    "to_data",
    "to_json",
    "training_needs",
    "validate",
    "validate_json",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("cigref-ecf")
    raise AttributeError(f"module 'cigref_ecf' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
