"""The catalogue: an overview, a page per family, job profile and competence, and the matrix
(a heatmap with an explorer) with its CSV downloads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import cigref_ecf
from cigref_ecf import Competence, Erratum, Family, JobProfile, Nomenclature

from .heatmap import heatmap
from .text import (
    CATALOGUE,
    MATRIX,
    NavItem,
    Pages,
    competence_path,
    family_code,
    family_path,
    profile_path,
    relative,
    render,
)

__all__ = [
    "catalogue_index",
    "catalogue_nav",
    "catalogue_pages",
    "competence_page",
    "family_page",
    "matrix_page",
    "profile_page",
]

EXPLORER_TABLE = "matrix-heatmap"
"""The id of the matrix page's heatmap, which the explorer filters."""


def _errata_by(n: Nomenclature) -> tuple[dict[str, list[Erratum]], dict[str, list[Erratum]]]:
    by_profile: dict[str, list[Erratum]] = {}
    by_competence: dict[str, list[Erratum]] = {}
    for e in n.errata:
        if e.profile is not None:
            by_profile.setdefault(e.profile, []).append(e)
        elif e.competence is not None:
            by_competence.setdefault(e.competence, []).append(e)
    return by_profile, by_competence


def _level_links(competence: str, levels: frozenset[int], page: str) -> list[str]:
    """``[e-2](../competences/B1.md#level-2)`` for each level."""
    return [
        f"[e-{k}]({relative(f'{competence_path(competence)}#level-{k}', page)})"
        for k in sorted(levels)
    ]


def profile_page(n: Nomenclature, p: JobProfile, errata: Sequence[Erratum]) -> str:
    """The page of one job profile: every section of its sheet, and its errata."""
    page = profile_path(p.code)
    comps = {c.code: c for c in n.competences}
    eqf = sorted(cigref_ecf.profile_eqf_span(p, nomenclature=n))
    requirements = [
        {
            "r": r,
            "c": comps[r.competence],
            "level_links": _level_links(r.competence, r.level.levels, page),
            "eqf": {e for k in r.level.levels for e in cigref_ecf.level(k, nomenclature=n).eqf},
        }
        for r in p.competences
    ]
    return render(
        "profile.md.j2",
        page=page,
        p=p,
        family=cigref_ecf.family(p.family, nomenclature=n),
        keywords=json.dumps([*p.other_titles, *p.english_titles], ensure_ascii=False),
        eqf=eqf,
        requirements=requirements,
        similar=cigref_ecf.similar_profiles(p, limit=3, nomenclature=n),
        errata=errata,
    )


def competence_page(n: Nomenclature, c: Competence, errata: Sequence[Erratum]) -> str:
    """The page of one e-CF competence: levels with EQF, knowledge, skills, profiles."""
    page = competence_path(c.code)
    requiring = []
    for p in cigref_ecf.profiles_requiring(c, nomenclature=n):
        r = p.requirement(c.code)
        assert r is not None
        requiring.append({"p": p, "r": r, "level_links": _level_links(c.code, r.levels, page)})
    return render(
        "competence.md.j2",
        page=page,
        c=c,
        dimension=cigref_ecf.dimension(c.dimension, nomenclature=n),
        levels={lv.number: lv for lv in n.levels},
        requiring=requiring,
        errata=errata,
    )


def family_page(n: Nomenclature, f: Family) -> str:
    """The page of a family: its profiles, and its part of the matrix."""
    page = family_path(family_code(f))
    profiles = cigref_ecf.job_profiles(f.code, nomenclature=n)
    used = {r.competence for p in profiles for r in p.competences}
    cols = [c for c in n.competences if c.code in used]
    return render(
        "family.md.j2",
        page=page,
        f=f,
        profiles=profiles,
        heatmap=heatmap(n, page=page, profiles=profiles, competences=cols),
    )


def _dimensions(n: Nomenclature) -> list[tuple[Any, list[Competence]]]:
    return [
        (d, [cigref_ecf.competence(code, nomenclature=n) for code in d.competences])
        for d in n.dimensions
    ]


def catalogue_index(n: Nomenclature) -> str:
    """The overview: every family with its profiles, every area with its competences."""
    families = [
        (f, [cigref_ecf.job_profile(code, nomenclature=n) for code in f.profiles])
        for f in n.families
    ]
    return render(
        "catalogue-index.md.j2",
        page=f"{CATALOGUE}/index.md",
        meta=n.meta,
        families=families,
        dimensions=_dimensions(n),
    )


def matrix_page(n: Nomenclature) -> str:
    """The whole matrix as a heatmap, the explorer that filters it, and its downloads."""
    page = MATRIX
    m = cigref_ecf.matrix(nomenclature=n)
    explorer = render(
        "explorer.html.j2",
        page=page,
        table_id=EXPLORER_TABLE,
        families=[{"code": family_code(f), "title": f.title} for f in n.families],
        dimensions=_dimensions(n),
        levels=[(lv.number, lv.title) for lv in n.levels],
    )
    return render(
        "matrix.md.j2",
        page=page,
        m=m,
        ranges=sum(1 for _, _, r in m if r.is_range),
        alternatives=sum(1 for _, _, r in m if r.is_alternative),
        explorer=explorer,
        heatmap=heatmap(n, page=page, table_id=EXPLORER_TABLE),
    )


def catalogue_nav(n: Nomenclature) -> list[NavItem]:
    """The navigation of the catalogue section, in the form of ``nav`` in mkdocs.yml.

    A family's section opens on the family's page (``navigation.indexes``), whose title is its
    heading: every page has its own title.
    """
    families: list[NavItem] = []
    for f in n.families:
        items: list[NavItem] = [family_path(family_code(f))]
        for code in f.profiles:
            p = cigref_ecf.job_profile(code, nomenclature=n)
            items.append({f"{p.code} {p.title}": profile_path(p.code)})
        families.append({f"{f.code}. {f.title}": items})
    dimensions: list[NavItem] = []
    for d, competences in _dimensions(n):
        dimensions.append(
            {
                f"{d.code} {d.name}": [
                    {f"{c.code} {c.title}": competence_path(c.code)} for c in competences
                ]
            }
        )
    return [
        f"{CATALOGUE}/index.md",  # the section's own page (navigation.indexes)
        {"The matrix": MATRIX},
        {"Job profiles": families},
        {"e-CF competences": dimensions},
    ]


def catalogue_pages(n: Nomenclature) -> Pages:
    """Every page of the catalogue section, by path relative to the docs folder."""
    by_profile, by_competence = _errata_by(n)
    m = cigref_ecf.matrix(nomenclature=n)
    pages: Pages = {
        f"{CATALOGUE}/index.md": catalogue_index(n),
        MATRIX: matrix_page(n),
        f"{CATALOGUE}/matrix.csv": m.to_csv(),
        f"{CATALOGUE}/matrix-long.csv": m.to_csv(long=True),
    }
    for f in n.families:
        pages[family_path(family_code(f))] = family_page(n, f)
    for p in n.profiles:
        pages[profile_path(p.code)] = profile_page(n, p, by_profile.get(p.code, []))
    for c in n.competences:
        pages[competence_path(c.code)] = competence_page(n, c, by_competence.get(c.code, []))
    return pages
