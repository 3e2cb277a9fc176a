"""Generate the documentation pages that come from the bundled data.

    python tools/docs_pages.py OUTDIR    # write every generated page under OUTDIR, to look at

At build time the mkdocs hook ``docs/hooks.py`` adds the same pages to the site, and their
navigation to the ``nav`` of mkdocs.yml: nothing generated here is committed. The pages:

- ``catalogue/``: an overview, one page per family, per job profile and per competence, and the
  profiles x competences matrix as a picture (an SVG heatmap) with CSV downloads;
- ``errata.md``: every decision against the source document;
- ``reference/``: the API reference, one ``::: cigref_ecf.NAME`` per name of ``__all__``;
- the field tables of the data file, appended to ``data-schema.md``, and downloads of the data
  file and its JSON Schema.

Links between pages are Markdown links to ``.md`` files (mkdocs checks them with ``strict``);
the links inside the SVG are plain URLs, computed for ``use_directory_urls`` (the default).
"""

from __future__ import annotations

import inspect
import json
import posixpath
import re
import sys
from collections.abc import Iterable, Sequence
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

import cigref_ecf
from cigref_ecf import (
    Competence,
    Erratum,
    ErratumKind,
    Family,
    JobProfile,
    LevelRequirement,
    Nomenclature,
)

__all__ = [
    "API_GROUPS",
    "api_nav",
    "api_pages",
    "catalogue_nav",
    "catalogue_pages",
    "competence_page",
    "errata_page",
    "generate",
    "heatmap_svg",
    "md",
    "page_url",
    "profile_page",
    "relative",
    "schema_section",
]

Pages = dict[str, str]

# ---------------------------------------------------------------------------- paths and text

CATALOGUE = "catalogue"


def profile_path(code: str) -> str:
    return f"{CATALOGUE}/profiles/{code}.md"


def competence_path(code: str) -> str:
    return f"{CATALOGUE}/competences/{code}.md"


def family_path(code: str) -> str:
    return f"{CATALOGUE}/families/{code}.md"


ERRATA = "errata.md"
MATRIX = f"{CATALOGUE}/matrix.md"


def relative(target: str, page: str) -> str:
    """The Markdown link from ``page`` to ``target`` (both relative to the docs folder)."""
    path, _, anchor = target.partition("#")
    link = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return f"{link}#{anchor}" if anchor else link


def page_url(path: str) -> str:
    """The URL (relative to the site root) of a page, with ``use_directory_urls``."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def url_from(target: str, page: str) -> str:
    """The relative URL from ``page``'s URL to ``target``'s URL (for raw HTML and SVG)."""
    path, _, anchor = target.partition("#")
    here = page_url(page)
    there = page_url(path)
    link = posixpath.relpath(there or ".", here.rstrip("/") or ".")
    link = "./" if link == "." else link + "/"
    return f"{link}#{anchor}" if anchor else link


_INLINE = re.compile(r"([\\`*_\[\]|{}])")
_LINE_START = re.compile(r"^(?:([#+\-])|(\d+)([.)]))")


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def md(text: str) -> str:
    """Data text as Markdown that renders literally (no markup, no HTML)."""
    out = escape(text.replace("\t", " "), quote=False)
    out = _INLINE.sub(r"\\\1", out)
    lines = []
    for line in out.split("\n"):
        stripped = line.strip()
        lines.append(_LINE_START.sub(_escape_start, stripped))
    return "\n".join(lines)


def paragraphs(text: str) -> str:
    """Text whose paragraphs are separated by a blank line, as Markdown paragraphs."""
    parts = [md(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(parts)


def cell(text: str) -> str:
    """Data text for a table cell (one line)."""
    return md(" ".join(text.split()))


def join(items: Iterable[str], sep: str = ", ") -> str:
    return sep.join(items)


def levels_text(levels: Iterable[int]) -> str:
    return join(str(n) for n in sorted(levels))


# ---------------------------------------------------------------------------- heatmap

LEVEL_COLOURS = {1: "#c6dbef", 2: "#6baed6", 3: "#3182bd", 4: "#08519c", 5: "#08306b"}
EMPTY_COLOUR = "#f2f2f2"
DARK_LEVELS = frozenset({3, 4, 5})
"""Levels whose colour takes white text."""
CELL_W = 24
CELL_H = 21
LABEL_W = 262
HEAD_H = 40
FAMILY_GAP = 6
MAX_LABEL = 46
LEGEND_MIN_W = 640


def _short(text: str, size: int = MAX_LABEL) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _requirement_words(r: LevelRequirement) -> str:
    codes = join(f"e-{n}" for n in sorted(r.levels))
    if r.is_range:
        return f"any of {codes}"
    if r.is_alternative:
        return f"either {codes.replace(', ', ' or ')}"
    return codes


def _positions(groups: Sequence[object], start: int, step: int) -> tuple[list[int], int]:
    """Where each item starts, one ``step`` apart with a gap between groups; and the end."""
    positions: list[int] = []
    at = start
    for i, group in enumerate(groups):
        if i and group != groups[i - 1]:
            at += FAMILY_GAP
        positions.append(at)
        at += step
    return positions, at


def heatmap_svg(
    n: Nomenclature,
    *,
    page: str,
    profiles: Sequence[JobProfile] | None = None,
    competences: Sequence[Competence] | None = None,
) -> str:
    """The profiles x competences matrix as an SVG picture, for inclusion in ``page``.

    A cell's colour is the required level; a range ("2-4") is drawn outlined, with a band of each
    of its levels' colours, alternatives ("1/3") the same with a dashed outline; the cell's text
    is the requirement. Row labels link to the profiles, column heads to the competences, cells to
    the competence's first required level.
    """
    rows = list(n.profiles if profiles is None else profiles)
    cols = list(n.competences if competences is None else competences)
    m = cigref_ecf.matrix(nomenclature=n)
    names = {d.code: d.name for d in n.dimensions}
    level_titles = {lv.number: lv.title for lv in n.levels}
    # Column x positions, with a gap between dimensions; row y positions, a gap between families.
    xs, x = _positions([c.dimension for c in cols], LABEL_W, CELL_W)
    ys, y = _positions([p.family for p in rows], HEAD_H, CELL_H)
    # The legend, under the grid: its title, then the five colours, a range and alternatives,
    # flowing in lines no wider than the grid (or than a minimum, for a narrow family grid).
    legend_h = CELL_H + 4
    legend_items = [
        (LevelRequirement.single(number), f"e-{number} {level_titles.get(number, '')}")
        for number in LEVEL_COLOURS
    ]
    legend_items += [
        (LevelRequirement.parse("2-4"), "a range: any of these levels (solid outline)"),
        (LevelRequirement.parse("1/3"), "alternatives: one level or the other (dashed outline)"),
    ]
    width = max(x, LEGEND_MIN_W) + 10
    placed: list[tuple[LevelRequirement, str, int, int]] = []
    lx, ly = 4, y + 16 + legend_h
    for r, text in legend_items:
        step = CELL_W + 16 + 6 * len(text)
        if lx > 4 and lx + step > width:
            lx, ly = 4, ly + legend_h
        placed.append((r, text, lx, ly))
        lx += step
    height = ly + legend_h + 4

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cigref-heatmap" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="11">',
        f"<title>Required e-CF levels: {len(rows)} job profiles x {len(cols)} competences</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    # Dimension heads over their columns, then the competence codes.
    start = 0
    for i in range(1, len(cols) + 1):
        if i == len(cols) or cols[i].dimension != cols[start].dimension:
            x0, x1 = xs[start], xs[i - 1] + CELL_W
            dim = cols[start].dimension
            label = f"{dim} {names.get(dim, '')}" if i - start > 1 else dim
            out.append(
                f'<text x="{(x0 + x1) / 2:g}" y="14" text-anchor="middle" font-weight="bold">'
                f"{escape(label)}</text>"
                f'<line x1="{x0}" y1="19" x2="{x1 - 1}" y2="19" stroke="#888888"/>'
            )
            start = i
    for c, cx in zip(cols, xs, strict=True):
        href = escape(url_from(competence_path(c.code), page))
        out.append(
            f'<a href="{href}"><title>{escape(c.code)} {escape(c.title)}</title>'
            f'<text x="{cx + CELL_W / 2:g}" y="{HEAD_H - 6}" text-anchor="middle">'
            f"{escape(c.code)}</text></a>"
        )
    for p, ry in zip(rows, ys, strict=True):
        href = escape(url_from(profile_path(p.code), page))
        label = f"{p.code} {p.title}"
        out.append(
            f'<a href="{href}"><title>{escape(label)}</title>'
            f'<text x="4" y="{ry + CELL_H - 7}">{escape(_short(label))}</text></a>'
        )
        for c, cx in zip(cols, xs, strict=True):
            required = m.cells.get((p.code, c.code))
            if required is None:
                out.append(
                    f'<rect x="{cx}" y="{ry}" width="{CELL_W - 1}" height="{CELL_H - 1}" '
                    f'fill="{EMPTY_COLOUR}"/>'
                )
            else:
                out.append(_cell(required, p, c, x=cx, y=ry, page=page))
    out.append(f'<text x="4" y="{y + 30}" font-weight="bold">Required level</text>')
    for sample, text, lx, ly in placed:
        out.append(_swatch(sample, lx, ly))
        out.append(f'<text x="{lx + CELL_W + 4}" y="{ly + 14}">{escape(text)}</text>')
    out.append("</svg>")
    return "".join(out)


def _swatch(r: LevelRequirement, x: int, y: int) -> str:
    """One cell. A single level: filled with its colour. Several levels: white, outlined (solid
    for a range, dashed for alternatives), with a band of each level's colour along the bottom."""
    ordered = sorted(r.levels)
    w = CELL_W - 1
    h = CELL_H - 1
    if len(ordered) == 1:
        number = ordered[0]
        ink = "#ffffff" if number in DARK_LEVELS else "#000000"
        return (
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{LEVEL_COLOURS[number]}"/>'
            f'<text x="{x + w / 2:g}" y="{y + h - 6}" text-anchor="middle" font-size="10" '
            f'fill="{ink}">{number}</text>'
        )
    band = 6
    parts = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#ffffff"/>']
    parts += [
        f'<rect x="{x + w * k / len(ordered):g}" y="{y + h - band}" width="{w / len(ordered):g}" '
        f'height="{band}" fill="{LEVEL_COLOURS[number]}"/>'
        for k, number in enumerate(ordered)
    ]
    dash = ' stroke-dasharray="2 1.5"' if r.is_alternative else ""
    parts.append(
        f'<rect x="{x + 0.75:g}" y="{y + 0.75:g}" width="{w - 1.5:g}" height="{h - 1.5:g}" '
        f'fill="none" stroke="#000000" stroke-width="1.5"{dash}/>'
        f'<text x="{x + w / 2:g}" y="{y + h - band - 2}" text-anchor="middle" font-size="9" '
        f'fill="#000000">{escape(str(r))}</text>'
    )
    return "".join(parts)


def _cell(r: LevelRequirement, p: JobProfile, c: Competence, *, x: int, y: int, page: str) -> str:
    href = escape(url_from(f"{competence_path(c.code)}#level-{r.min}", page))
    tip = f"{p.code} {p.title} / {c.code} {c.title}: {r} ({_requirement_words(r)})"
    return f'<a href="{href}"><title>{escape(tip)}</title>{_swatch(r, x, y)}</a>'


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _figure(svg: str) -> str:
    return f'<div class="cigref-heatmap-wrap">\n{svg}\n</div>'


# ---------------------------------------------------------------------------- catalogue


def _errata_by(n: Nomenclature) -> tuple[dict[str, list[Erratum]], dict[str, list[Erratum]]]:
    by_profile: dict[str, list[Erratum]] = {}
    by_competence: dict[str, list[Erratum]] = {}
    for e in n.errata:
        if e.profile is not None:
            by_profile.setdefault(e.profile, []).append(e)
        elif e.competence is not None:
            by_competence.setdefault(e.competence, []).append(e)
    return by_profile, by_competence


def _erratum_items(errata: Sequence[Erratum], page: str) -> list[str]:
    lines = []
    for e in errata:
        link = relative(f"{ERRATA}#{e.id}", page)
        where = [f"field `{e.field}`"]
        if e.competence is not None and competence_path(e.competence) != page:
            where.insert(0, f"[{e.competence}]({relative(competence_path(e.competence), page)})")
        if e.line is not None:
            where.append(f"source line {e.line}")
        lines += [
            f"- [**{e.id}**]({link}) *{e.kind.value}*, {join(where)}",
            f"    - The source: {cell(e.source)}",
            f"    - The data: {cell(e.decision)}",
            f"    - Why: {cell(e.reason)}",
        ]
    return lines


def _level_link(competence: str, number: int, page: str) -> str:
    return f"[e-{number}]({relative(f'{competence_path(competence)}#level-{number}', page)})"


def profile_page(n: Nomenclature, p: JobProfile, errata: Sequence[Erratum]) -> str:
    """The page of one job profile: every section of its sheet, and its errata."""
    page = profile_path(p.code)
    fam = cigref_ecf.family(p.family, nomenclature=n)
    comps = {c.code: c for c in n.competences}
    eqf = sorted(cigref_ecf.profile_eqf_span(p, nomenclature=n))
    out = [
        f"# {p.code} {md(p.title)}",
        "",
        f"Family [{fam.code}. {md(fam.title)}]({relative(family_path(fam.code), page)})"
        f" · {len(p.competences)} e-CF competences"
        + (
            f" · [related EQF levels]({relative('concepts.md#levels-and-eqf', page)}) "
            f"{eqf[0]} to {eqf[-1]}"
            if eqf
            else ""
        ),
        "",
    ]
    if p.other_titles:
        out += ["**Other titles:** " + join((md(t) for t in p.other_titles), "; "), ""]
    if p.english_titles:
        out += ["**English titles:** " + join((md(t) for t in p.english_titles), "; "), ""]
    out += ["## Mission", "", paragraphs(p.mission), "", "## Activities and tasks", ""]
    if p.activities_intro:
        out += [paragraphs(p.activities_intro), ""]
    for a in p.activities:
        out += [f"**{md(a.heading)}**", ""]
        out += [md(a.intro), ""] if a.intro else []
        out += [f"- {md(t)}" for t in a.tasks]
        out.append("")
    out += [
        "## e-CF competences",
        "",
        "| e-CF | Competence | Required level | Levels | EQF |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in p.competences:
        c = comps[r.competence]
        links = join((_level_link(c.code, k, page) for k in sorted(r.level.levels)), " · ")
        eqf_levels = sorted({e for k in r.level.levels for e in cigref_ecf.level(k).eqf})
        out.append(
            f"| [{c.code}]({relative(competence_path(c.code), page)}) | {cell(c.title)} "
            f"| **{r.level}** | {links} | {levels_text(eqf_levels)} |"
        )
    out += ["", "What the required levels mean (e-CF level descriptors):", ""]
    for r in p.competences:
        c = comps[r.competence]
        out.append(f"- **{c.code} {cell(c.title)}**")
        for k in sorted(r.level.levels):
            out.append(f"    - e-{k}: {cell(c.descriptor(k).description)}")
    out.append("")
    out += ["## Deliverables", ""]
    out += [f"- {md(d)}" for d in p.deliverables] or ["None listed."]
    out += ["", "## Performance indicators", ""]
    out += [md(p.indicators_intro), ""] if p.indicators_intro else []
    out += [f"- {md(i)}" for i in p.indicators] or ["None listed."]
    out += ["", "## Career path", ""]
    if p.career is None:
        out.append("The sheet has no career path table.")
    else:
        out += [
            f"- **Profile (education):** {cell(p.career.profile) if p.career.profile else '-'}",
            f"- **Experience:** {cell(p.career.experience) if p.career.experience else '-'}",
        ]
    out += ["", "## Trends and factors of change", ""]
    out.append(paragraphs(p.trends) if p.trends else "The sheet has no trends section.")
    if p.notes:
        out += ["", "## Notes", "", paragraphs(p.notes)]
    out += ["", "## Closest profiles", ""]
    out.append("By the similarity of their required competences and levels (`similar_profiles`):")
    out.append("")
    for q, score in cigref_ecf.similar_profiles(p, limit=3, nomenclature=n):
        out.append(
            f"- [{q.code} {md(q.title)}]({relative(profile_path(q.code), page)}) ({score:.0%})"
        )
    out += ["", "## Errata", ""]
    if errata:
        out.append(
            f"Where this page departs from, or completes, the literal text of the sheet "
            f"({len(errata)}):"
        )
        out.append("")
        out += _erratum_items(errata, page)
    else:
        out.append("The data follows the literal text of the sheet.")
    out.append("")
    return "\n".join(out)


def competence_page(n: Nomenclature, c: Competence, errata: Sequence[Erratum]) -> str:
    """The page of one e-CF competence: levels with EQF, knowledge, skills, profiles."""
    page = competence_path(c.code)
    dim = cigref_ecf.dimension(c.dimension, nomenclature=n)
    levels = {lv.number: lv for lv in n.levels}
    concepts = relative("concepts.md#levels-and-eqf", page)
    applicable = c.applicable_levels
    out = [
        f"# {c.code} {md(c.title)}",
        "",
        f"Dimension [{dim.code} {dim.name}]({relative(f'{CATALOGUE}/index.md#{dim.code}', page)})"
        f" · levels e-{applicable[0]} to e-{applicable[-1]}",
        "",
        paragraphs(c.description),
        "",
        "## Levels",
        "",
        f"EQF levels are those the e-CF level relates to ([a relation, not an equivalence]"
        f"({concepts})).",
        "",
    ]
    for d in c.levels:
        lv = levels[d.level]
        out += [
            f"### e-{d.level} {md(lv.title)} {{#level-{d.level}}}",
            "",
            f"*EQF {levels_text(lv.eqf)}*",
            "",
            paragraphs(d.description),
            "",
        ]
    out += ["## Knowledge", ""]
    out += [f"- **K{i}** {md(k)}" for i, k in enumerate(c.knowledge, 1)] or ["None listed."]
    out += ["", "## Skills", ""]
    out += [f"- **S{i}** {md(s)}" for i, s in enumerate(c.skills, 1)] or ["None listed."]
    out += ["", "## Job profiles that require it", ""]
    requiring = cigref_ecf.profiles_requiring(c, nomenclature=n)
    if requiring:
        out += ["| Profile | Family | Required level |", "| --- | --- | --- |"]
        for p in requiring:
            r = p.requirement(c.code)
            assert r is not None
            links = join((_level_link(c.code, k, page) for k in sorted(r.levels)), " · ")
            out.append(
                f"| [{p.code} {cell(p.title)}]({relative(profile_path(p.code), page)}) "
                f"| [{p.family}]({relative(family_path(p.family), page)}) "
                f"| **{r}** ({links}) |"
            )
    else:
        out.append("No CIGREF job profile requires this competence.")
    if errata:
        out += ["", "## Errata", ""]
        out += _erratum_items(errata, page)
    out.append("")
    return "\n".join(out)


def family_page(n: Nomenclature, f: Family) -> str:
    page = family_path(f.code)
    profiles = cigref_ecf.job_profiles(f.code, nomenclature=n)
    used = {r.competence for p in profiles for r in p.competences}
    cols = [c for c in n.competences if c.code in used]
    out = [
        f"# {f.code}. {md(f.title)}",
        "",
        paragraphs(f.description),
        "",
        "## Job profiles",
        "",
        "| Code | Title | English titles | e-CF competences |",
        "| --- | --- | --- | --- |",
    ]
    for p in profiles:
        codes = join(
            f"[{r.competence}]({relative(competence_path(r.competence), page)}) {r.level}"
            for r in p.competences
        )
        out.append(
            f"| {p.code} | [{cell(p.title)}]({relative(profile_path(p.code), page)}) "
            f"| {join((cell(t) for t in p.english_titles), '; ') or '-'} | {codes} |"
        )
    out += [
        "",
        "## Required levels",
        "",
        f"The competences this family's profiles require (see [the whole matrix]"
        f"({relative(MATRIX, page)})).",
        "",
        _figure(heatmap_svg(n, page=page, profiles=profiles, competences=cols)),
        "",
    ]
    return "\n".join(out)


def catalogue_index(n: Nomenclature) -> str:
    page = f"{CATALOGUE}/index.md"
    meta = n.meta
    out = [
        "# Catalogue",
        "",
        f"Every family, job profile and competence of the bundled data (data version "
        f"`{meta.data_version}`: CIGREF {meta.cigref_version}, e-CF {meta.ecf_version}), "
        "generated from `cigref_ecf.load()` when the site is built. Profile texts are in French "
        "and competence texts in English, as in the sources.",
        "",
        f"- [The matrix]({relative(MATRIX, page)}): the levels each profile requires, as a "
        "picture.",
        f"- [Errata]({relative(ERRATA, page)}): where the data departs from the source text.",
        "",
        "## Families and job profiles",
        "",
    ]
    for f in n.families:
        out += [f"### [{f.code}. {md(f.title)}]({relative(family_path(f.code), page)})", ""]
        for code in f.profiles:
            p = cigref_ecf.job_profile(code, nomenclature=n)
            english = (
                f" ({join((md(t) for t in p.english_titles), '; ')})" if p.english_titles else ""
            )
            out.append(
                f"- [{p.code} {md(p.title)}]({relative(profile_path(p.code), page)}){english}"
            )
        out.append("")
    out += ["## e-CF competences", ""]
    for d in n.dimensions:
        out += [f"### {d.code} {d.name} {{#{d.code}}}", ""]
        for code in d.competences:
            c = cigref_ecf.competence(code, nomenclature=n)
            lv = c.applicable_levels
            out.append(
                f"- [{c.code} {md(c.title)}]({relative(competence_path(c.code), page)}) "
                f"(e-{lv[0]} to e-{lv[-1]})"
            )
        out.append("")
    return "\n".join(out)


def matrix_page(n: Nomenclature) -> str:
    page = MATRIX
    m = cigref_ecf.matrix(nomenclature=n)
    ranges = sum(1 for _, _, r in m if r.is_range)
    alternatives = sum(1 for _, _, r in m if r.is_alternative)
    return "\n".join(
        [
            # The picture needs the whole width: no navigation or table of contents beside it.
            "---",
            "hide:",
            "  - navigation",
            "  - toc",
            "---",
            "",
            "# The matrix",
            "",
            f"The e-CF levels each of the {len(m.rows)} job profiles requires, for each of the "
            f"{len(m.columns)} competences: {len(m)} requirements, including "
            f"{_count(ranges, 'range')} and {_count(alternatives, 'choice')} between "
            "alternative levels. It is CIGREF's Annex 1, reconciled with the sheets (see the "
            f"[errata]({relative(ERRATA, page)})).",
            "",
            "The colour of a cell is the required level, from e-1 (light) to e-5 (dark). A range "
            "such as `2-4` (any of levels 2, 3 and 4) is drawn outlined, with a band of each of "
            "its levels' colours; alternatives such as `1/3` (level 1 or level 3) the same, with "
            "a dashed outline. Point at a cell for its details; the row labels lead to the job "
            "profiles, the column heads and cells to the competences and their levels.",
            "",
            _figure(heatmap_svg(n, page=page)),
            "",
            "## The same data",
            "",
            "- [matrix.csv](matrix.csv): one row per profile, one column per competence "
            "(`Matrix.to_csv()`).",
            "- [matrix-long.csv](matrix-long.csv): one row per requirement, with its levels and "
            "EQF levels (`Matrix.to_csv(long=True)`).",
            "",
            "In Python: `cigref_ecf.matrix()`, and `matrix().to_pandas()` for a DataFrame (see "
            f"[the analyst tutorial]({relative('tutorials/analyst-pandas.md', page)})).",
            "",
        ]
    )


NavItem = str | dict[str, Any]


def catalogue_nav(n: Nomenclature) -> list[NavItem]:
    """The navigation of the catalogue section, in the form of ``nav`` in mkdocs.yml."""
    families: list[NavItem] = []
    for f in n.families:
        items: list[NavItem] = [{"About the family": family_path(f.code)}]
        for code in f.profiles:
            p = cigref_ecf.job_profile(code, nomenclature=n)
            items.append({f"{p.code} {p.title}": profile_path(p.code)})
        families.append({f"{f.code}. {f.title}": items})
    dimensions: list[NavItem] = []
    for d in n.dimensions:
        comps: list[NavItem] = []
        for code in d.competences:
            c = cigref_ecf.competence(code, nomenclature=n)
            comps.append({f"{c.code} {c.title}": competence_path(c.code)})
        dimensions.append({f"{d.code} {d.name}": comps})
    return [
        {"Overview": f"{CATALOGUE}/index.md"},
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
        pages[family_path(f.code)] = family_page(n, f)
    for p in n.profiles:
        pages[profile_path(p.code)] = profile_page(n, p, by_profile.get(p.code, []))
    for c in n.competences:
        pages[competence_path(c.code)] = competence_page(n, c, by_competence.get(c.code, []))
    return pages


# ---------------------------------------------------------------------------- errata

KIND_MEANINGS = {
    ErratumKind.MISSING_TEXT: "A text the source lacks where it belongs (lost in the "
    "conversion); the data takes it from another printing of the same text.",
    ErratumKind.MISPLACED_TEXT: "A text printed in the wrong place (another cell, column or "
    "row); the data puts it back where it belongs.",
    ErratumKind.WRONG_LABEL: "A printed label (a code, an area, a level) that is wrong or "
    "malformed; the data uses the right one.",
    ErratumKind.LEVEL_CONFLICT: "The signals for a required level (the printed level, the "
    "descriptor printed with it, Annex 1) disagree; the data ships the level the evidence "
    "supports.",
    ErratumKind.MISSING_SIGNAL: "One of the three signals for a required level is missing; "
    "the level rests on the others.",
    ErratumKind.ANNEX1_EXTRA: "An Annex 1 row has a value that belongs to no competence of "
    "the sheet.",
    ErratumKind.ANNEX1_MISSING: "An Annex 1 row lacks the value of a competence the sheet "
    "requires.",
    ErratumKind.ANNEX1_MISMATCH: "An Annex 1 value differs from the level on the sheet.",
    ErratumKind.TITLE_VARIANT: "A title printed differently in different places; the data "
    "keeps one spelling.",
    ErratumKind.TYPO: "A probable typing error of the source, kept as printed: the erratum "
    "records it and the likely intended word.",
    ErratumKind.OTHER: "Any other choice between printings, or against the literal text.",
}


READING_CONVENTIONS = [
    "## Reading conventions {#conventions}",
    "",
    "Choices made the same way everywhere, rather than one erratum each:",
    "",
    "- **Title order.** The other French titles and the English titles of a sheet are listed "
    "in the order of the source's lines: row by row, and left to right within a row, also where "
    "the sheet prints them as a table of two or three columns (the conversion keeps the rows, "
    "not the columns). English titles are those in italics, or in English where the italics "
    "were lost (an erratum each).",
    "- **Lead-ins.** A line that ends with a colon and announces the items after it "
    '(*"Supervise :"*, *"Dans un temps raisonnable :"*) is not an item: it is the `intro` of '
    "its group of tasks, or the profile's `indicators_intro`. Where it does not head its group, "
    "it is kept with the items it announces as one task. Each case has an erratum.",
    "- **Lists** inside a text (mission, trends, career, notes) are kept as paragraphs, without "
    "their bullets; list markup and glyphs (`-`, `➤`, `•`) are not text.",
]


def errata_page(n: Nomenclature) -> str:
    """Every erratum, grouped by kind, each with its anchor (``errata.md#E001``)."""
    page = ERRATA
    profiles = {p.code: p for p in n.profiles}
    competences = {c.code: c for c in n.competences}
    by_kind: dict[ErratumKind, list[Erratum]] = {}
    for e in n.errata:
        by_kind.setdefault(e.kind, []).append(e)
    out = [
        "# Errata",
        "",
        "The source of the data is a damaged PDF conversion of the CIGREF document: texts are "
        "cut, moved or lost, and the level printed for a competence sometimes contradicts the "
        "descriptor printed with it or the Annex 1 matrix. Every decision taken about the literal "
        "text (a text completed or put back in its place, a label corrected, one printing chosen "
        "over another, a typo deliberately kept) is an erratum, shipped with the data "
        "(`cigref_ecf.errata()`, and the `errata` list of the JSON file). This page is generated "
        f"from them: {len(n.errata)} errata.",
        "",
        "Each erratum says what the source shows, what the data ships and why; line numbers "
        f"refer to `{n.meta.source_file}` in the repository, and the quoted words "
        "(`excerpt`) are what that line prints. Where an erratum decides a value (a level, a "
        "text, a title), the data holds exactly that value (`value`): `tools/check_source.py` "
        "verifies both.",
        "",
        *READING_CONVENTIONS,
        "",
        "| Kind | Errata | What it means |",
        "| --- | --- | --- |",
    ]
    for kind in ErratumKind:
        if kind in by_kind:
            out.append(
                f"| [{kind.value}](#kind-{kind.value}) | {len(by_kind[kind])} "
                f"| {KIND_MEANINGS.get(kind, '')} |"
            )
    out.append("")
    for kind in ErratumKind:
        items = by_kind.get(kind)
        if not items:
            continue
        out += [f"## {kind.value} ({len(items)}) {{#kind-{kind.value}}}", ""]
        out += [KIND_MEANINGS.get(kind, ""), ""]
        for e in items:
            subject = []
            if e.profile is not None:
                p = profiles[e.profile]
                subject.append(f"[{p.code} {md(p.title)}]({relative(profile_path(p.code), page)})")
            if e.competence is not None:
                c = competences[e.competence]
                subject.append(
                    f"[{c.code} {md(c.title)}]({relative(competence_path(c.code), page)})"
                )
            if not subject:
                subject.append("the nomenclature")
            where = f"field `{e.field}`"
            if e.line is not None:
                where += f", source line {e.line}"
            out += [
                f"### {e.id} {{#{e.id}}}",
                "",
                f"{join(subject, ' / ')}: {where}",
                "",
                f"- **The source:** {cell(e.source)}",
                f"- **The data:** {cell(e.decision)}",
                f"- **Why:** {cell(e.reason)}",
                "",
            ]
    return "\n".join(out)


# ---------------------------------------------------------------------------- API reference

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
        "(`to_records()`, `to_pandas()`).",
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
        "(people x profiles arrays) from any input, and the same scoring per partition on Dask "
        "or Spark.",
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
    nav: list[NavItem] = [{"Overview": "reference/index.md"}]
    nav += [{title: f"reference/{slug}.md"} for slug, title, _, _ in _api_groups(names)]
    return nav


def api_pages(names: Sequence[str] | None = None) -> Pages:
    """The API reference: an index of every public name, and one page per group."""
    index = [
        "# API reference",
        "",
        "Everything public is importable from `cigref_ecf` (its `__all__`); this reference is "
        "generated from it when the site is built.",
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
    pages["reference/index.md"] = "\n".join(index)
    return pages


# ---------------------------------------------------------------------------- schema


def _schema_type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = str(spec["$ref"]).rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec:
        return " or ".join(_schema_type(s) for s in spec["anyOf"])
    if "enum" in spec:
        return "one of " + join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type")
    if kind == "array":
        return f"array of {_schema_type(spec.get('items', {}))}"
    text = str(kind) if kind else "any"
    if "pattern" in spec:
        text += f" matching `{spec['pattern']}`"
    if "minimum" in spec and "maximum" in spec:
        text += f" {spec['minimum']} to {spec['maximum']}"
    return text


def schema_section(schema: dict[str, Any]) -> str:
    """Markdown tables of every object of the JSON Schema: field, type, required, meaning."""
    out = [
        "## Every object of the file",
        "",
        "Generated from `cigref_ecf.json_schema()`, whose descriptions are the docstrings of "
        "the model classes (see the [API reference](reference/model.md)).",
        "",
    ]

    def table(title: str, spec: dict[str, Any]) -> None:
        required = set(spec.get("required", ()))
        out.extend([f"### {title}", "", "| Field | Type | Required | Meaning |"])
        out.append("| --- | --- | --- | --- |")
        for name, sub in spec.get("properties", {}).items():
            mark = "yes" if name in required else "no"
            meaning = str(sub.get("description", "")).replace("|", "\\|")
            out.append(f"| `{name}` | {_schema_type(sub)} | {mark} | {meaning} |")
        out.append("")

    table("The file", schema)
    for name, spec in schema.get("$defs", {}).items():
        if spec.get("type") == "object":
            table(name, spec)
        else:
            out += [f"### {name}", "", _schema_type(spec), ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------- all pages


def generate(n: Nomenclature | None = None) -> Pages:
    """Every generated page (not the appendix of ``data-schema.md``), by docs-relative path."""
    nomenclature = cigref_ecf.load() if n is None else n
    pages = catalogue_pages(nomenclature)
    pages[ERRATA] = errata_page(nomenclature)
    pages.update(api_pages())
    pages["data/nomenclature.schema.json"] = json.dumps(
        cigref_ecf.json_schema(), ensure_ascii=False, indent=2
    )
    pages["data/overlay.schema.json"] = json.dumps(
        cigref_ecf.json_schema("overlay"), ensure_ascii=False, indent=2
    )
    pages["data/nomenclature.json"] = (
        cigref_ecf.to_json(nomenclature)
        if n is not None
        else (files("cigref_ecf") / "data" / "nomenclature.json").read_text(encoding="utf-8")
    )
    return pages


def write(directory: Path, pages: Pages) -> None:
    """Write ``pages`` under ``directory``."""
    for name, text in pages.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out = Path(argv[0])
    pages = generate()
    write(out, pages)
    print(f"{len(pages)} files written under {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
