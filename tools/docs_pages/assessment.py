"""The self-assessment page: a person rates their e-CF competences and sees the job profiles
that suit them, the gap to a chosen profile and what to develop.

It runs in the browser, with no server: the form and the data it needs (every competence with
its levels, every profile with its requirements) are written here at build time from the
bundled nomenclature; ``docs/js/self-assessment.js`` computes the results. The scoring formula
is the library's (``cigref_ecf._query.gap``): the script re-implements it on the data written here,
and the browser tests (``tests/test_docs_browser.py``) check both give the same ranking, scores
and gap items, on the screen and in the printed report (whose heading, written here, gives the
data's version).
"""

from __future__ import annotations

import json
from typing import Any

import cigref_ecf
from cigref_ecf import Nomenclature
from cigref_ecf._model import rules
from cigref_ecf._read import tables
from cigref_ecf._read.people import COLUMN_NAMES

from .text import ASSESSMENT, competence_path, profile_path, render, url_from

__all__ = ["DATA_ID", "assessment_data", "assessment_page", "input_rules"]

DATA_ID = "cigref-assessment-data"
"""The id of the ``<script type="application/json">`` that holds the data."""


def assessment_data(n: Nomenclature, *, page: str = ASSESSMENT) -> dict[str, Any]:
    """What the page's script needs, as JSON-ready data (links relative to ``page``).

    Each requirement carries its levels and their minimum and maximum as the library computes
    them (``LevelRequirement.min``/``max``), so that the script parses nothing.
    """
    levels = {lv.number: lv for lv in n.levels}
    return {
        "profiles": [
            {
                "code": p.code,
                "title": p.title,
                "family": str(p.family),
                "url": url_from(profile_path(p.code), page),
                "requirements": [
                    {
                        "competence": r.competence,
                        "text": str(r.level),
                        "levels": sorted(r.level.levels),
                        "min": r.level.min,
                        "max": r.level.max,
                    }
                    for r in p.competences
                ],
            }
            for p in n.profiles
        ],
        "competences": [
            {
                "code": c.code,
                "title": c.title,
                "levels": list(c.applicable_levels),
                "url": url_from(competence_path(c.code), page),
            }
            for c in n.competences
        ],
        "levels": {str(k): lv.title for k, lv in levels.items()},
        "input": input_rules(),
    }


def input_rules() -> dict[str, Any]:
    """The rules of the library's input layer the page applies to the files it reads back,
    taken from the library so that they are written once: the accepted forms of an assessed
    level (``assessed_level``), the longest text quoted in a message, the CSV delimiters, and
    the header names of the competence and level columns (folded)."""
    return {
        "levelPattern": rules._LEVEL_TEXT.pattern,
        "levelForms": rules.LEVEL_FORMS,
        "maxExcerpt": rules.MAX_EXCERPT,
        "delimiters": list(tables._DELIMITERS),
        "columns": {
            role: sorted({rules.fold(name) for name in COLUMN_NAMES[role]})
            for role in ("competence", "level")
        },
    }


def assessment_page(n: Nomenclature) -> str:
    """The self-assessment page (Markdown with the form and the data as raw HTML)."""
    page = ASSESSMENT
    areas = [
        {
            "code": d.code,
            "name": d.name,
            "competences": [cigref_ecf.competence(code, nomenclature=n) for code in d.competences],
        }
        for d in n.dimensions
    ]
    data = json.dumps(assessment_data(n, page=page), ensure_ascii=False, separators=(",", ":"))
    tool = render(
        "assessment.html.j2",
        page=page,
        areas=areas,
        level_titles={lv.number: lv.title for lv in n.levels},
        profiles=n.profiles,
        meta=n.meta,
        version=cigref_ecf.__version__,
        data_id=DATA_ID,
        # Safe inside <script>: no "</" can close it early.
        data=data.replace("</", "<\\/"),
    )
    return render("assessment.md.j2", page=page, tool=tool, profiles=len(n.profiles))
