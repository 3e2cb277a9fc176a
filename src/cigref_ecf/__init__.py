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

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (checkers see True)
if TYPE_CHECKING:
    from typing import Any

    from ._assessment import Assessment, Team
    from ._batch import rank_profiles_batch
    from ._batch_result import BatchResult
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
    from ._diff import Difference, diff
    from ._eqf import ecf_level_for_eqf, eqf_levels, profile_eqf_span
    from ._export import json_schema, to_data, to_json
    from ._gap import (
        GapItem,
        GapReport,
        GapStatus,
        MobilityOption,
        MobilityOptions,
        Ranking,
        SimilarProfiles,
        TrainingNeed,
        TrainingNeeds,
        gap,
        mobility,
        rank_profiles,
        similar_profiles,
        training_needs,
    )
    from ._levels import Level, LevelRequirement
    from ._lookups import (
        check_level,
        get_competence,
        get_job_profile,
        is_applicable,
        is_competence_code,
        is_profile_code,
    )
    from ._matrix import Matrix, matrix, profiles_requiring, required_level
    from ._matrix_io import read_matrix
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
    from ._partition import dask_meta, score_partition, score_partitions, spark_schema
    from ._rdf import jsonld_context, rdf_graph, to_rdf
    from ._search import SearchHit, SearchHits, search
    from ._sql import to_sql, to_sqlite
    from ._team_input import read_assessments
    from .exceptions import (
        CigrefEcfError,
        DataError,
        InvalidAssessmentError,
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
    "BatchResult",
    "Career",
    "CigrefEcfError",
    "Competence",
    "CompetenceRequirement",
    "DataError",
    "Difference",
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
    "MobilityOptions",
    "Nomenclature",
    "Problem",
    "Ranking",
    "SearchHit",
    "SearchHits",
    "SimilarProfiles",
    "Team",
    "TrainingNeed",
    "TrainingNeeds",
    "UnknownCodeError",
    "check_level",
    "competence",
    "competences",
    "dask_meta",
    "diff",
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
    "jsonld_context",
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
    "rdf_graph",
    "read_assessments",
    "read_matrix",
    "required_level",
    "score_partition",
    "score_partitions",
    "search",
    "similar_profiles",
    "spark_schema",
    "to_data",
    "to_json",
    "to_rdf",
    "to_sql",
    "to_sqlite",
    "training_needs",
    "validate",
    "validate_json",
]

# Every public name is imported on first use (PEP 562), so that ``import cigref_ecf`` stays
# cheap: no attrs classes are built and no data is read until something is asked for.
_WHERE = {
    "Activity": "._model",
    "Annex1Row": "._model",
    "Assessment": "._assessment",
    "BatchResult": "._batch_result",
    "Career": "._model",
    "CigrefEcfError": ".exceptions",
    "Competence": "._model",
    "CompetenceRequirement": "._model",
    "DataError": ".exceptions",
    "Difference": "._diff",
    "Dimension": "._model",
    "Erratum": "._model",
    "ErratumKind": "._model",
    "Evidence": "._model",
    "Family": "._model",
    "GapItem": "._gap",
    "GapReport": "._gap",
    "GapStatus": "._gap",
    "InvalidAssessmentError": ".exceptions",
    "InvalidLevelError": ".exceptions",
    "InvalidQueryError": ".exceptions",
    "JobProfile": "._model",
    "Level": "._levels",
    "LevelDescriptor": "._model",
    "LevelRequirement": "._levels",
    "Matrix": "._matrix",
    "Meta": "._model",
    "MissingDependencyError": ".exceptions",
    "MobilityOption": "._gap",
    "MobilityOptions": "._gap",
    "Nomenclature": "._model",
    "Problem": ".exceptions",
    "Ranking": "._gap",
    "SearchHit": "._search",
    "SearchHits": "._search",
    "SimilarProfiles": "._gap",
    "Team": "._assessment",
    "TrainingNeed": "._gap",
    "TrainingNeeds": "._gap",
    "UnknownCodeError": ".exceptions",
    "check_level": "._lookups",
    "competence": "._catalog",
    "competences": "._catalog",
    "dask_meta": "._partition",
    "diff": "._diff",
    "dimension": "._catalog",
    "dimensions": "._catalog",
    "ecf_level_for_eqf": "._eqf",
    "eqf_levels": "._eqf",
    "errata": "._catalog",
    "extend": "._catalog",
    "families": "._catalog",
    "family": "._catalog",
    "gap": "._gap",
    "get_competence": "._lookups",
    "get_job_profile": "._lookups",
    "is_applicable": "._lookups",
    "is_competence_code": "._lookups",
    "is_profile_code": "._lookups",
    "job_profile": "._catalog",
    "job_profiles": "._catalog",
    "json_schema": "._export",
    "jsonld_context": "._rdf",
    "level": "._catalog",
    "levels": "._catalog",
    "load": "._catalog",
    "load_json": "._catalog",
    "matrix": "._matrix",
    "mobility": "._gap",
    "profile_eqf_span": "._eqf",
    "profiles_requiring": "._matrix",
    "rank_profiles": "._gap",
    "rank_profiles_batch": "._batch",
    "rdf_graph": "._rdf",
    "read_assessments": "._team_input",
    "read_matrix": "._matrix_io",
    "required_level": "._matrix",
    "score_partition": "._partition",
    "score_partitions": "._partition",
    "search": "._search",
    "similar_profiles": "._gap",
    "spark_schema": "._partition",
    "to_data": "._export",
    "to_json": "._export",
    "to_rdf": "._rdf",
    "to_sql": "._sql",
    "to_sqlite": "._sql",
    "training_needs": "._gap",
    "validate": "._catalog",
    "validate_json": "._catalog",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("cigref-ecf")
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'cigref_ecf' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
