"""Check the bundled data against the source document, section by section.

The parts, in the order :func:`check` runs them:

1. :mod:`.sheets`: every text of a profile (titles, mission, activities with their intros and
   tasks, deliverables, indicators, career, notes, trends) is found in its own sheet and its own
   section, in the data's order; the family pages hold the families' titles, descriptions and
   lists of profiles.
2. :mod:`.competences`: each required level against the three signals the source gives (the
   printed "Level N", the descriptor printed with it, the Annex 1 value), the evidence against the
   lines it cites, the Annex 1 row and its alignment.
3. :mod:`.annex2`: each e-CF competence against its block of Annex 2.
4. :mod:`.errata`: each erratum prints what it quotes at the line it cites, and the data holds
   the value it decides.
5. Coverage: every line of the family pages, of every sheet and of Annex 2 is accounted for by
   what the steps above found, by a known heading, label or page furniture, or by an erratum that
   leaves it out. What remains is reported with its line.

Every problem names the place in the data (a JSON path) or in the source (a line).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .annex2 import check_annex2
from .competences import _Pool, check_competences
from .context import Context, Doc
from .errata import check_errata
from .layout import Layout, family_number, read_layout
from .sheets import check_family, check_sheet
from .text import Source, loose, memo_get, normalize

__all__ = ["Source", "check", "loose", "normalize"]


def layout_of(source: Source) -> Layout:
    """The layout of the source, read once and kept with it."""
    return memo_get(source.memo, "layout", partial(read_layout, source))


def check(doc: Doc, source: Source, *, strict: bool = True) -> list[str]:
    """Every disagreement between ``doc`` (the parsed JSON) and the source, as messages that
    start with the place (``$.profiles[3].activities[1].tasks[2]: ...``)."""
    source.reset()
    ctx = Context(doc, source, layout_of(source))
    for i, f in enumerate(doc["families"]):
        check_family(ctx, i, f)
    pool = _Pool.of(doc)
    for i, p in enumerate(doc["profiles"]):
        check_sheet(ctx, i, p)
        check_competences(ctx, i, p, pool)
        _check_family_of(ctx, i, p)
    _check_profile_order(ctx)
    check_annex2(ctx)
    check_errata(ctx, strict=strict)
    _report_leftovers(ctx)
    return ctx.problems


def _check_profile_order(ctx: Context) -> None:
    codes = [p.get("code") for p in ctx.doc["profiles"]]
    printed = [c for c in ctx.layout.sheets if c in codes]
    if codes != printed:
        ctx.problem("$.profiles", f"not in the order of the sheets: {codes} (sheets: {printed})")


def _check_family_of(ctx: Context, index: int, p: dict[str, Any]) -> None:
    sheet = ctx.layout.sheets.get(p.get("code"))  # type: ignore[arg-type]
    if sheet is None:
        return
    number = max(
        (f.number for f in ctx.layout.families.values() if f.first < sheet.first), default=None
    )
    if p.get("family") != number and str(p.get("family")) != str(number):
        ctx.problem(
            f"$.profiles[{index}].family",
            f"{p.get('family')!r} but sheet {p['code']} (line {sheet.first}) is in family {number}",
        )


def _report_leftovers(ctx: Context) -> None:
    source, layout = ctx.source, ctx.layout
    places: list[tuple[str, range]] = []
    for i, f in enumerate(ctx.doc["families"]):
        number = family_number(f.get("code"))
        page = None if number is None else layout.families.get(number)
        if page is not None:
            places.append((f"$.families[{i}] (family page {page.number})", page.lines))
    for i, p in enumerate(ctx.doc["profiles"]):
        sheet = layout.sheets.get(p.get("code"))
        if sheet is not None:
            places.append((f"$.profiles[{i}] (sheet {sheet.code})", sheet.lines))
    index = {c.get("code"): i for i, c in enumerate(ctx.doc["competences"])}
    for block in layout.annex2_blocks:
        places.append(
            (f"$.competences[{index.get(block.code, '?')}] (Annex 2 {block.code})", block.lines)
        )
    if layout.annex2_blocks:
        places.append(("Annex 2", range(layout.annex2.start, layout.annex2_blocks[0].first)))
    seen: set[int] = set()
    for place, lines in places:
        for line, text in source.leftovers(lines):
            seen.add(line)
            ctx.problem(
                place,
                f"line {line} prints {text[:80]!r}, which the data does not hold and no erratum "
                "at this line leaves out",
            )
    # Lines of the sheets part that belong to no family page or sheet.
    owned = {n for _, lines in places for n in lines}
    for n in layout.sheets_part:
        if n not in owned and source.norm(n):
            ctx.problem("source", f"line {n} belongs to no family page or sheet")
