"""Each text of a job sheet is found in its own sheet and section, in order; and the family pages.

A text is looked for only between its section's heading and the next heading of the same sheet
(running headers and page furniture aside), after the text that precedes it in the data: a text
moved to another section, group or sheet, or reordered, is not found. What is found is marked
covered, so that :mod:`.coverage` can report what the data left out.
"""

from __future__ import annotations

import re
from typing import Any

from .context import Context, lines_text
from .layout import FAMILY_LIST_LABEL, FOOTER_PATTERN, Sheet, family_number
from .text import Region, fold, normalize

_LABEL_CELLS = {"PROFIL", "EXPERIENCE"}


def paragraphs(text: str | None) -> list[str]:
    return [p for p in (text or "").split("\n\n") if p.strip()]


def take_in_order(
    ctx: Context,
    region: Region,
    items: list[tuple[str, Any]],
    where: str,
    *,
    start: int = 0,
    end: int | None = None,
) -> int:
    """Find each ``(path, text)`` after the previous one, cover it; report what is not found."""
    pos = start
    for path, text in items:
        if not isinstance(text, str) or not text.strip():
            ctx.problem(path, f"empty or not a text: {text!r}")
            continue
        span = region.take(text, pos, end)
        if span is None:
            elsewhere = region.find(text)
            if elsewhere is not None:
                ctx.problem(
                    path,
                    f"out of order: {text[:60]!r} is printed at line {region.line_at(elsewhere[0])}"
                    f", not after the text before it in {where}",
                )
            else:
                ctx.problem(path, f"not found in {where}: {text[:80]!r}")
            continue
        pos = span[1]
    return pos


def _at_line_start(region: Region, text: str, start: int) -> tuple[int, int] | None:
    needle = normalize(text)
    pos = start
    while True:
        at = region.text.find(needle, pos)
        if at < 0:
            return None
        if at in region.starts:
            return at, at + len(needle)
        pos = at + 1


def _where(sheet: Sheet, section: str) -> str:
    lines = sheet.sections.get(section, [])
    return f"sheet {sheet.code}'s {section} ({lines_text(lines)})"


def check_sheet(ctx: Context, index: int, p: dict[str, Any]) -> None:
    path = f"$.profiles[{index}]"
    sheet = ctx.layout.sheets.get(p["code"])
    if sheet is None:
        ctx.problem(f"{path}.code", f"no sheet {p['code']!r} in the source")
        return
    source = ctx.source
    if sheet.heading != normalize(f"{p['code']} {p['title']}"):
        ctx.problem(
            f"{path}.title",
            f"{p['title']!r} but the sheet's heading (line {sheet.first}) is {sheet.heading!r}",
        )
    else:
        source.cover_line(sheet.first)
    for n in sheet.running_headers + sheet.furniture:
        source.cover_line(n)
    for n in sheet.lines:
        for m in FOOTER_PATTERN.finditer(source.norm(n)):
            Region(source, [n]).cover(m.start(), m.end())

    def region(section: str) -> Region:
        return Region(source, sheet.sections.get(section, []))

    # Titles: each list in the order of the source's lines (row by row, cells left to right).
    titles = region("titles")
    for key in ("other_titles", "english_titles"):
        items = [(f"{path}.{key}[{j}]", t) for j, t in enumerate(p.get(key) or [])]
        take_in_order(ctx, titles, items, _where(sheet, "titles"))

    mission = region("mission")
    take_in_order(
        ctx,
        mission,
        [(f"{path}.mission#{j}", t) for j, t in enumerate(paragraphs(p.get("mission")))],
        _where(sheet, "mission"),
    )
    _check_activities(ctx, path, p, sheet, region("activities"))
    _check_lead_ins(ctx, path, p)

    deliverables = region("deliverables")
    take_in_order(
        ctx,
        deliverables,
        [(f"{path}.deliverables[{j}]", t) for j, t in enumerate(p.get("deliverables") or [])],
        _where(sheet, "deliverables"),
    )
    indicators = region("indicators")
    items = []
    if p.get("indicators_intro") is not None:
        items.append((f"{path}.indicators_intro", p["indicators_intro"]))
    items += [(f"{path}.indicators[{j}]", t) for j, t in enumerate(p.get("indicators") or [])]
    take_in_order(ctx, indicators, items, _where(sheet, "indicators"))

    career = Region(source, sheet.sections.get("career", []) + sheet.sections.get("indicators", []))
    for n in career.lines:
        for cell in source.cells(n):
            if cell in _LABEL_CELLS:
                at = source.norm(n).find(cell)
                Region(source, [n]).cover(at, at + len(cell))
    career = region("career")
    if p.get("career") is not None:
        for key in ("profile", "experience"):
            take_in_order(
                ctx,
                career,
                [
                    (f"{path}.career.{key}#{j}", t)
                    for j, t in enumerate(paragraphs(p["career"].get(key)))
                ],
                _where(sheet, "career"),
            )
    notes = Region(source, sheet.sections.get("career", []) + sheet.sections.get("trends", []))
    take_in_order(
        ctx,
        notes,
        [(f"{path}.notes#{j}", t) for j, t in enumerate(paragraphs(p.get("notes")))],
        _where(sheet, "career"),
    )
    take_in_order(
        ctx,
        region("trends"),
        [(f"{path}.trends#{j}", t) for j, t in enumerate(paragraphs(p.get("trends")))],
        _where(sheet, "trends"),
    )


def _check_lead_ins(ctx: Context, path: str, p: dict[str, Any]) -> None:
    """An item that ends with a colon announces the items after it: a lead-in, which belongs in
    an intro field, unless an erratum pins it as an item (a list lost in the conversion)."""
    items = [
        (f"{path}.activities[{j}].tasks[{k}]", "activities", t)
        for j, a in enumerate(p.get("activities") or [])
        for k, t in enumerate(a.get("tasks") or [])
    ]
    items += [
        (f"{path}.{key}[{j}]", key, t)
        for key in ("indicators", "deliverables")
        for j, t in enumerate(p.get(key) or [])
    ]
    for item_path, field, text in items:
        if not isinstance(text, str) or not text.rstrip().endswith(":"):
            continue
        if not any(e.get("value") == text for e in ctx.errata(p["code"], None, field)):
            ctx.problem(
                item_path,
                f"{text[:60]!r} is a lead-in (it ends with a colon), not an item: it belongs in "
                "the intro of its list, unless an erratum pins it as an item",
            )
    # Conversely, an intro announces the items after it.
    intros = [
        (f"{path}.activities[{j}].intro", a.get("intro"))
        for j, a in enumerate(p.get("activities") or [])
    ]
    intros.append((f"{path}.indicators_intro", p.get("indicators_intro")))
    for intro_path, text in intros:
        if isinstance(text, str) and not text.rstrip().endswith(":"):
            ctx.problem(
                intro_path,
                f"{text[:60]!r} announces nothing (no colon): an intro is a lead-in, not an item",
            )


def _check_activities(
    ctx: Context, path: str, p: dict[str, Any], sheet: Sheet, region: Region
) -> None:
    where = _where(sheet, "activities")
    groups = p.get("activities") or []
    starts: list[tuple[int, int] | None] = []
    pos = 0
    for j, group in enumerate(groups):
        span = _at_line_start(region, group.get("heading", ""), pos)
        if span is None:
            ctx.problem(
                f"{path}.activities[{j}].heading",
                f"no row of {where} starts with {group.get('heading')!r} (after the previous one)",
            )
        else:
            region.cover(*span)
            pos = span[1]
        starts.append(span)
    first = next((s[0] for s in starts if s is not None), len(region.text))
    if p.get("activities_intro"):
        take_in_order(
            ctx,
            region,
            [
                (f"{path}.activities_intro#{j}", t)
                for j, t in enumerate(paragraphs(p["activities_intro"]))
            ],
            where,
            end=first,
        )
    for j, group in enumerate(groups):
        span = starts[j]
        if span is None:
            continue
        end = next((s[0] for s in starts[j + 1 :] if s is not None), len(region.text))
        items = []
        if group.get("intro") is not None:
            items.append((f"{path}.activities[{j}].intro", group["intro"]))
        items += [
            (f"{path}.activities[{j}].tasks[{k}]", t)
            for k, t in enumerate(group.get("tasks") or [])
        ]
        row = f"{where}, row {group.get('heading')!r}"
        take_in_order(ctx, region, items, row, start=span[1], end=end)


_FAMILY_LINE = re.compile(r"^- ([1-7]\.[0-9]+) (.+)$")


def check_family(ctx: Context, index: int, f: dict[str, Any]) -> None:
    path = f"$.families[{index}]"
    number = family_number(f.get("code"))
    page = None if number is None else ctx.layout.families.get(number)
    if page is None:
        ctx.problem(f"{path}.code", f"no family {f.get('code')!r} in the source")
        return
    source = ctx.source
    expected = fold(f"{f['code']}. {f['title']}")
    explained = [e for e in ctx.errata(None, None, "title") if e.get("line") == page.first]
    if fold(page.heading) == expected or explained:
        source.cover_line(page.first)
    else:
        ctx.problem(
            f"{path}.title",
            f"{f['title']!r} but the family heading (line {page.first}) is {page.heading!r}",
        )
    region = Region(source, [n for n in page.lines if n != page.first])
    take_in_order(
        ctx,
        region,
        [(f"{path}.description#{j}", t) for j, t in enumerate(paragraphs(f.get("description")))],
        f"family {f['code']}'s page ({lines_text(list(page.lines))})",
    )
    for n in page.lines:
        if source.norm(n) == FAMILY_LIST_LABEL:
            source.cover_line(n)
    titles = {p["code"]: p["title"] for p in ctx.doc["profiles"]}
    listed = []
    for n in page.list_lines:
        match = _FAMILY_LINE.match(source.norm(n))
        if match is None:
            continue
        code, title = match.groups()
        listed.append(code)
        variant = any(e.get("line") == n for e in ctx.errata(code, None, "title"))
        if fold(title) == fold(titles.get(code, "")) or variant:
            source.cover_line(n)
    profiles = list(f.get("profiles") or [])
    if profiles != listed:
        ctx.problem(
            f"{path}.profiles",
            f"{profiles} but the family page lists {listed} (lines "
            f"{page.list_lines[0] if page.list_lines else '?'}-)",
        )
