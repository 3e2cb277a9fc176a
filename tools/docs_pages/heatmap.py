"""The profiles x competences matrix as a heatmap: an HTML table coloured by required level.

One renderer for the whole matrix (the matrix page, where the explorer filters it) and for a
family's part of it (the family pages). The colours are CSS classes (``docs/css/extra.css``),
so that the light and the dark scheme each have a palette; the table stays a table for a screen
reader (row and column headers) and for the site search (words, not a run-on blob).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import cigref_ecf
from cigref_ecf import Competence, JobProfile, LevelRequirement, Nomenclature

from .text import competence_path, profile_path, render, url_from

__all__ = ["LEVELS", "heatmap", "requirement_words"]

LEVELS = (1, 2, 3, 4, 5)
"""The levels the legend shows, each with its CSS class ``hm-l<N>``."""

CAPTION = "Required e-CF levels"
"""The start of the table's caption, which goes on with what it shows ("33 job profiles × 36
competences"; the explorer rewrites that part as it filters)."""


def requirement_words(r: LevelRequirement) -> str:
    """``"2-4"`` as ``"any of e-2, e-3, e-4"``, ``"1/3"`` as ``"either e-1 or e-3"``."""
    codes = ", ".join(f"e-{n}" for n in sorted(r.levels))
    if r.is_range:
        return f"any of {codes}"
    if r.is_alternative:
        return f"either {codes.replace(', ', ' or ')}"
    return codes


def _band(r: LevelRequirement) -> str:
    """The CSS background of a several-level cell: a band of each level's colour."""
    ordered = sorted(r.levels)
    step = 100 / len(ordered)
    stops = ", ".join(
        f"var(--hm-l{n}) {k * step:.4g}% {(k + 1) * step:.4g}%" for k, n in enumerate(ordered)
    )
    return f"--hm-band: linear-gradient(to right, {stops})"


def _classes(r: LevelRequirement) -> str:
    if r.is_range:
        return "hm-multi hm-range"
    if r.is_alternative:
        return "hm-multi hm-alternatives"
    return f"hm-l{r.min}"


def _cell(
    r: LevelRequirement | None, p: JobProfile, c: Competence, *, start: bool, page: str
) -> dict[str, Any]:
    classes = ["hm-start"] if start else []
    if r is None:
        return {"competence": c.code, "requirement": None, "classes": " ".join(classes)}
    classes.append(_classes(r))
    return {
        "competence": c.code,
        "requirement": str(r),
        "classes": " ".join(classes),
        "levels": " ".join(str(n) for n in sorted(r.levels)),
        "min": r.min,
        "max": r.max,
        "style": _band(r) if len(r.levels) > 1 else None,
        "href": url_from(f"{competence_path(c.code)}#level-{r.min}", page),
        "title": f"{p.code} {p.title} / {c.code} {c.title}: {r} ({requirement_words(r)})",
    }


def heatmap(
    n: Nomenclature,
    *,
    page: str,
    profiles: Sequence[JobProfile] | None = None,
    competences: Sequence[Competence] | None = None,
    table_id: str | None = None,
) -> str:
    """The heatmap of ``profiles`` x ``competences`` (default: all), as HTML for ``page``.

    A cell's colour is the required level; a range ("2-4") is outlined, with a band of each of
    its levels' colours, alternatives ("1/3") the same with a dashed outline; the cell's text is
    the requirement. Row heads link to the profiles, column heads to the competences, cells to
    the competence's first required level. Families are row groups (``tbody``), areas column
    groups; every cell carries its codes and levels as ``data-`` attributes for the explorer.
    """
    rows = list(n.profiles if profiles is None else profiles)
    cols = list(n.competences if competences is None else competences)
    m = cigref_ecf.matrix(nomenclature=n)
    names = {d.code: d.name for d in n.dimensions}
    level_titles = {lv.number: lv.title for lv in n.levels}
    areas: list[dict[str, Any]] = []
    for c in cols:
        if areas and areas[-1]["code"] == c.dimension:
            areas[-1]["span"] += 1
        else:
            areas.append({"code": c.dimension, "name": names.get(c.dimension, ""), "span": 1})
    starts = {i for i, c in enumerate(cols) if i == 0 or cols[i - 1].dimension != c.dimension}
    families: list[dict[str, Any]] = []
    for p in rows:
        if not families or families[-1]["code"] != str(p.family):
            families.append({"code": str(p.family), "rows": []})
        families[-1]["rows"].append(
            {
                "code": p.code,
                "title": p.title,
                "href": url_from(profile_path(p.code), page),
                "cells": [
                    _cell(m.cells.get((p.code, c.code)), p, c, start=i in starts, page=page)
                    for i, c in enumerate(cols)
                ],
            }
        )
    return render(
        "heatmap.html.j2",
        page=page,
        table_id=table_id,
        caption_title=CAPTION,
        caption=f"{CAPTION}: {len(rows)} job profiles × {len(cols)} competences",
        areas=areas,
        columns=[
            {
                "code": c.code,
                "title": c.title,
                "href": url_from(competence_path(c.code), page),
                "start": i in starts,
            }
            for i, c in enumerate(cols)
        ],
        families=families,
        legend=[
            {
                "text": str(n),
                "classes": f"hm-l{n}",
                "style": None,
                "label": f"e-{n} {level_titles.get(n, '')}".strip(),
            }
            for n in LEVELS
        ]
        + [
            {
                "text": str(r),
                "classes": _classes(r),
                "style": _band(r),
                "label": label,
            }
            for r, label in (
                (LevelRequirement.parse("2-4"), "a range: any of these levels (solid outline)"),
                (
                    LevelRequirement.parse("1/3"),
                    "alternatives: one level or the other (dashed outline)",
                ),
            )
        ],
    )
