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

    from ._model.catalog import (
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
    from ._model.diff import Difference, diff
    from ._model.levels import Level, LevelRequirement
    from ._model.records import (
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
    from ._query.batch import rank_profiles_batch
    from ._query.batch_result import BatchResult
    from ._query.eqf import ecf_level_for_eqf, eqf_levels, profile_eqf_span
    from ._query.gap import GapItem, GapReport, GapStatus, Ranking, gap, rank_profiles
    from ._query.lookups import (
        check_level,
        get_competence,
        get_job_profile,
        is_applicable,
        is_competence_code,
        is_profile_code,
    )
    from ._query.matrix import Matrix, matrix, profiles_requiring, required_level
    from ._query.mobility import (
        MobilityOption,
        MobilityOptions,
        SimilarProfiles,
        mobility,
        similar_profiles,
    )
    from ._query.partition import dask_meta, score_partition, score_partitions, spark_schema
    from ._query.search import SearchHit, SearchHits, search
    from ._query.training import TrainingNeed, TrainingNeeds, training_needs
    from ._read.assessment import Assessment, Team
    from ._read.matrix_file import read_matrix
    from ._read.teams import read_assessments
    from ._write.export import json_schema, to_data, to_json
    from ._write.jsonld import jsonld_context, to_jsonld
    from ._write.rdf import rdf_graph, to_rdf
    from ._write.sql import to_sql, to_sqlite
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
    "to_jsonld",
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
    "Activity": "._model.records",
    "Annex1Row": "._model.records",
    "Assessment": "._read.assessment",
    "BatchResult": "._query.batch_result",
    "Career": "._model.records",
    "CigrefEcfError": ".exceptions",
    "Competence": "._model.records",
    "CompetenceRequirement": "._model.records",
    "DataError": ".exceptions",
    "Difference": "._model.diff",
    "Dimension": "._model.records",
    "Erratum": "._model.records",
    "ErratumKind": "._model.records",
    "Evidence": "._model.records",
    "Family": "._model.records",
    "GapItem": "._query.gap",
    "GapReport": "._query.gap",
    "GapStatus": "._query.gap",
    "InvalidAssessmentError": ".exceptions",
    "InvalidLevelError": ".exceptions",
    "InvalidQueryError": ".exceptions",
    "JobProfile": "._model.records",
    "Level": "._model.levels",
    "LevelDescriptor": "._model.records",
    "LevelRequirement": "._model.levels",
    "Matrix": "._query.matrix",
    "Meta": "._model.records",
    "MissingDependencyError": ".exceptions",
    "MobilityOption": "._query.mobility",
    "MobilityOptions": "._query.mobility",
    "Nomenclature": "._model.records",
    "Problem": ".exceptions",
    "Ranking": "._query.gap",
    "SearchHit": "._query.search",
    "SearchHits": "._query.search",
    "SimilarProfiles": "._query.mobility",
    "Team": "._read.assessment",
    "TrainingNeed": "._query.training",
    "TrainingNeeds": "._query.training",
    "UnknownCodeError": ".exceptions",
    "check_level": "._query.lookups",
    "competence": "._model.catalog",
    "competences": "._model.catalog",
    "dask_meta": "._query.partition",
    "diff": "._model.diff",
    "dimension": "._model.catalog",
    "dimensions": "._model.catalog",
    "ecf_level_for_eqf": "._query.eqf",
    "eqf_levels": "._query.eqf",
    "errata": "._model.catalog",
    "extend": "._model.catalog",
    "families": "._model.catalog",
    "family": "._model.catalog",
    "gap": "._query.gap",
    "get_competence": "._query.lookups",
    "get_job_profile": "._query.lookups",
    "is_applicable": "._query.lookups",
    "is_competence_code": "._query.lookups",
    "is_profile_code": "._query.lookups",
    "job_profile": "._model.catalog",
    "job_profiles": "._model.catalog",
    "json_schema": "._write.export",
    "jsonld_context": "._write.jsonld",
    "level": "._model.catalog",
    "levels": "._model.catalog",
    "load": "._model.catalog",
    "load_json": "._model.catalog",
    "matrix": "._query.matrix",
    "mobility": "._query.mobility",
    "profile_eqf_span": "._query.eqf",
    "profiles_requiring": "._query.matrix",
    "rank_profiles": "._query.gap",
    "rank_profiles_batch": "._query.batch",
    "rdf_graph": "._write.rdf",
    "read_assessments": "._read.teams",
    "read_matrix": "._read.matrix_file",
    "required_level": "._query.matrix",
    "score_partition": "._query.partition",
    "score_partitions": "._query.partition",
    "search": "._query.search",
    "similar_profiles": "._query.mobility",
    "spark_schema": "._query.partition",
    "to_data": "._write.export",
    "to_json": "._write.export",
    "to_jsonld": "._write.jsonld",
    "to_rdf": "._write.rdf",
    "to_sql": "._write.sql",
    "to_sqlite": "._write.sql",
    "training_needs": "._query.training",
    "validate": "._model.catalog",
    "validate_json": "._model.catalog",
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
