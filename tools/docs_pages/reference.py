"""The API reference: an overview of every public name, and a page per group of the API."""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence

import cigref_ecf

from .text import TEMPLATES, NavItem, Pages

__all__ = ["API_GROUPS", "api_nav", "api_pages"]

API_GROUPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "lookups",
        "Loading and lookups",
        "Load the bundled data (or your own file), check a file, extend the data, and look "
        "things up by code. An unknown code raises `UnknownCodeError` with close codes suggested.",
        (
            "load",
            "load_json",
            "validate",
            "validate_json",
            "extend",
            "levels",
            "level",
            "dimensions",
            "dimension",
            "competences",
            "competence",
            "families",
            "family",
            "job_profiles",
            "job_profile",
            "errata",
        ),
    ),
    (
        "queries",
        "Queries",
        "Lookups that never raise for a bad code, search, the matrix, levels and EQF.",
        (
            "get_competence",
            "get_job_profile",
            "is_competence_code",
            "is_profile_code",
            "search",
            "SearchHit",
            "SearchHits",
            "required_level",
            "profiles_requiring",
            "matrix",
            "Matrix",
            "is_applicable",
            "check_level",
            "eqf_levels",
            "ecf_level_for_eqf",
            "profile_eqf_span",
        ),
    ),
    (
        "gap",
        "Gap analysis",
        "People's assessed levels (one person or a team, from mappings, CSV, XLSX, JSON or "
        "pandas) against the levels job profiles require; every result is also a table "
        "(`to_records()`, `to_pandas()`) and a chart (`plot()`, the `plot` extra).",
        (
            "Assessment",
            "read_assessments",
            "Team",
            "gap",
            "GapReport",
            "GapItem",
            "GapStatus",
            "rank_profiles",
            "Ranking",
            "similar_profiles",
            "SimilarProfiles",
            "mobility",
            "MobilityOption",
            "MobilityOptions",
            "training_needs",
            "TrainingNeed",
            "TrainingNeeds",
        ),
    ),
    (
        "batch",
        "Many people at once",
        "Score thousands or millions of people against every profile: one columnar result "
        "(people x profiles arrays) from any input, charted by `plot()`, and the same scoring "
        "per partition on Dask or Spark.",
        (
            "rank_profiles_batch",
            "BatchResult",
            "score_partition",
            "score_partitions",
            "dask_meta",
            "spark_schema",
        ),
    ),
    (
        "exports",
        "Exports",
        "JSON-ready data, JSON text, the JSON Schema of the data file, linked data (RDF with "
        "SKOS, the JSON-LD context of the JSON) and relational tables (SQLite, SQL).",
        (
            "to_data",
            "to_json",
            "json_schema",
            "to_rdf",
            "rdf_graph",
            "jsonld_context",
            "to_jsonld",
            "to_sql",
            "to_sqlite",
        ),
    ),
    (
        "model",
        "Model",
        "The immutable attrs classes of the data. Build them with `load()`, never by hand.",
        (
            "Nomenclature",
            "Meta",
            "Level",
            "LevelRequirement",
            "Dimension",
            "Competence",
            "LevelDescriptor",
            "Family",
            "JobProfile",
            "Activity",
            "CompetenceRequirement",
            "Evidence",
            "Career",
            "Annex1Row",
            "Erratum",
            "ErratumKind",
        ),
    ),
    (
        "errors",
        "Errors",
        "Every error derives from `CigrefEcfError` and from the builtin a caller would catch "
        "(`LookupError`, `ValueError`, `ImportError`).",
        (
            "CigrefEcfError",
            "UnknownCodeError",
            "InvalidLevelError",
            "InvalidQueryError",
            "InvalidAssessmentError",
            "DataError",
            "Problem",
            "MissingDependencyError",
        ),
    ),
)


def _summary_line(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    first = doc.split("\n\n")[0].replace("\n", " ").strip()
    # Sphinx roles read better as code in a table.
    first = re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", first)
    return first.replace("|", "\\|")


def _api_groups(names: Sequence[str] | None) -> list[tuple[str, str, str, list[str]]]:
    """The groups of the API reference, with every name of ``__all__`` exactly once.

    A name that no group lists goes to an "Other" group, so nothing public is ever left out.
    """
    public = list(cigref_ecf.__all__ if names is None else names)
    groups: list[tuple[str, str, str, list[str]]] = []
    placed: set[str] = set()
    for slug, title, intro, members in API_GROUPS:
        present = [name for name in members if name in public]
        placed.update(present)
        if present:
            groups.append((slug, title, intro, present))
    rest = [name for name in public if name not in placed]
    if rest:
        groups.append(("other", "Other", "Other public names.", rest))
    return groups


def api_nav(names: Sequence[str] | None = None) -> list[NavItem]:
    """The navigation of the API reference section."""
    nav: list[NavItem] = ["reference/index.md"]  # the section's own page (navigation.indexes)
    nav += [{title: f"reference/{slug}.md"} for slug, title, _, _ in _api_groups(names)]
    return nav


def api_pages(names: Sequence[str] | None = None) -> Pages:
    """The API reference: an index of every public name, and one page per group."""
    index = [
        "# API reference",
        "",
        "Everything public is importable from `cigref_ecf` (its `__all__`); this reference is "
        "generated from it when the site is built. What a version range promises (what counts "
        "as breaking, deprecations, the data version) is under "
        "[Compatibility](#compatibility-what-you-can-depend-on).",
        "",
    ]
    pages: Pages = {}
    for slug, title, intro, members in _api_groups(names):
        index += [f"## [{title}]({slug}.md)", "", intro, "", "| Name | Summary |", "| --- | --- |"]
        body = [f"# {title}", "", intro, ""]
        for name in members:
            obj = getattr(cigref_ecf, name, None)
            index.append(f"| [`{name}`][cigref_ecf.{name}] | {_summary_line(obj)} |")
            body += [f"::: cigref_ecf.{name}", ""]
        index.append("")
        pages[f"reference/{slug}.md"] = "\n".join(body)
    index.append((TEMPLATES / "compatibility.md").read_text(encoding="utf-8"))
    pages["reference/index.md"] = "\n".join(index)
    return pages
