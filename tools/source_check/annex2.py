"""The e-CF competences against Annex 2, block by block.

Each competence of the data is the block of Annex 2 at the same position: its area
("Dimension 1"), code and title ("Dimension 2"), generic description, the descriptor under each
"Level N" column ("Dimension 3") and its numbered knowledge and skill items ("Dimension 4").
Where Annex 2 lacks a text or prints it in another column, an erratum about the competence and
field (``description``, ``levels[N]``) must pin the text the data ships (``value``).
"""

from __future__ import annotations

import re
from typing import Any

from . import errata
from .context import Context
from .layout import ANNEX2_HEADING, Annex2Block
from .text import Region, normalize

_CODE_LABEL = re.compile(r"^([A-E])\.?([0-9]{1,2})\.? ?")
_LEVEL_CELL = re.compile(r"^Level ([1-5])\b ?")
_ITEM = re.compile(r"(?:^|(?<=\s))([KS])([0-9]{1,2})[.,]? ")
_AREA = re.compile(r"^([A-E])\. ([A-Z]+)$")
_NOT_APPLICABLE = "not applicable"


def check_annex2(ctx: Context) -> None:
    source = ctx.source
    blocks = ctx.layout.annex2_blocks
    comps = ctx.doc["competences"]
    dims = {d["code"]: d for d in ctx.doc["dimensions"]}
    for n in ctx.layout.annex2:
        if source.norm(n) in (ANNEX2_HEADING,):
            source.cover_line(n)
    # The introduction of the annex, up to the first block.
    if blocks:
        for n in range(ctx.layout.annex2.start, blocks[0].first):
            source.cover_line(n)
    if len(comps) != len(blocks):
        ctx.problem(
            "$.competences",
            f"{len(comps)} competences but Annex 2 has {len(blocks)} "
            f"({', '.join(b.code for b in blocks)})",
        )
    for i, (c, block) in enumerate(zip(comps, blocks, strict=False)):
        _check_block(ctx, f"$.competences[{i}]", c, block, dims)
    for code, d in dims.items():
        listed = [c["code"] for c in comps if c.get("dimension") == code]
        if list(d.get("competences") or []) != listed:
            ctx.problem(
                f"$.dimensions[{list(dims).index(code)}].competences",
                f"{d.get('competences')} but the competences of area {code} are {listed}",
            )


def _pin(ctx: Context, code: str, field: str, value: Any) -> bool:
    return any(errata.pins(e, value) for e in ctx.errata(None, code, field))


def _check_block(
    ctx: Context, path: str, c: dict[str, Any], block: Annex2Block, dims: dict[str, Any]
) -> None:
    source = ctx.source
    code = c.get("code")
    where = f"Annex 2 block of {block.code} (lines {block.first}-{block.last})"
    if code != block.code:
        ctx.problem(f"{path}.code", f"{code!r} but the competence at this place is {block.code}")
        return
    lines = [n for n in block.lines if source.norm(n)]
    region = Region(source, lines)
    # Dimension labels.
    for n in lines:
        cells = source.cells(n)
        if cells[0].startswith("Dimension "):
            at = source.norm(n).find(cells[0])
            Region(source, [n]).cover(at, at + len(cells[0]))
    # Dimension 1: the area.
    area = _AREA.match(source.cells(block.first)[1] if len(source.cells(block.first)) > 1 else "")
    dim = dims.get(str(c.get("dimension")))
    if (
        area is None
        or dim is None
        or area.group(1) != c.get("dimension")
        or (area.group(2) != dim.get("name"))
    ):
        ctx.problem(
            f"{path}.dimension",
            f"{c.get('dimension')!r} but line {block.first} prints area "
            f"{area.group(0) if area else '?'!r}",
        )
    else:
        text = source.norm(block.first)
        at = text.find(area.group(0))
        Region(source, [block.first]).cover(at, at + len(area.group(0)))
    # Dimension 2: code and title.
    title_line = block.first + 1
    cell = source.cells(title_line)[1] if len(source.cells(title_line)) > 1 else ""
    label = _CODE_LABEL.match(cell)
    title = normalize(c.get("title") or "")
    if label is None or not cell[label.end() :].startswith(title) or not title:
        ctx.problem(
            f"{path}.title", f"{c.get('title')!r} but line {title_line} prints {cell[:60]!r}"
        )
    else:
        text = source.norm(title_line)
        at = text.find(cell)
        Region(source, [title_line]).cover(at, at + label.end() + len(title))
    start = region.starts[lines.index(title_line)] if title_line in lines else 0
    # The generic description.
    description = c.get("description") or ""
    if region.take(description, start) is None and not _pin(ctx, code, "description", description):
        ctx.problem(
            f"{path}.description",
            f"not found in {where}, and no erratum of {code} 'description' pins it: "
            f"{description[:60]!r}",
        )
    _check_levels(ctx, path, c, block, lines=lines, where=where)
    _check_items(ctx, path, c, lines, where)


def _check_levels(
    ctx: Context, path: str, c: dict[str, Any], block: Annex2Block, *, lines: list[int], where: str
) -> None:
    source = ctx.source
    code = c["code"]
    header = next((n for n in lines if source.cells(n)[0] == "Dimension 3"), None)
    if header is None:
        ctx.problem(f"{path}.levels", f"no 'Dimension 3' row in {where}")
        return
    columns: dict[int, int] = {}
    glued: dict[int, str] = {}
    for j, cell in enumerate(source.cells(header)):
        m = _LEVEL_CELL.match(cell)
        if m:
            columns[j] = int(m.group(1))
            if cell[m.end() :]:
                glued[int(m.group(1))] = cell[m.end() :]
    value_line = header + 1
    while value_line <= block.last and not source.norm(value_line):
        value_line += 1
    values = source.cells(value_line) if not glued else []
    if any(v.casefold().startswith("knowledge") for v in values):
        values = []
    under: dict[int, str] = {}
    for j, cell in enumerate(values):
        if j in columns and cell:
            under[columns[j]] = cell
    under.update(glued)
    level_region = Region(source, [header] + ([value_line] if values else []))
    for j in columns:
        cell = source.cells(header)[j]
        at = level_region.text.find(cell)
        label_end = at + (_LEVEL_CELL.match(cell).end() if _LEVEL_CELL.match(cell) else 0)  # type: ignore[union-attr]
        level_region.cover(at, label_end)
    pos = 0
    while (at := level_region.text.find(_NOT_APPLICABLE, pos)) >= 0:
        level_region.cover(at, at + len(_NOT_APPLICABLE))
        pos = at + 1
    shipped = set()
    previous = 0
    for k, d in enumerate(c.get("levels") or []):
        number, text = d.get("level"), d.get("description") or ""
        dpath = f"{path}.levels[{k}]"
        if not isinstance(number, int) or number <= previous:
            ctx.problem(f"{dpath}.level", f"{number!r}: levels must ascend")
        previous = number if isinstance(number, int) else previous
        shipped.add(number)
        printed = normalize(under.get(number, ""))
        if printed == normalize(text) and printed:
            span = level_region.find(text)
            if span is not None:
                level_region.cover(*span)
            continue
        if _pin(ctx, code, f"levels[{number}]", text):
            span = level_region.find(text)
            if span is not None:
                level_region.cover(*span)
            continue
        ctx.problem(
            f"{dpath}.description",
            f"{code} level {number}: the 'Level {number}' column of {where} prints "
            f"{(printed or 'nothing')[:60]!r}, and no erratum of {code} 'levels[{number}]' pins "
            f"{text[:40]!r}",
        )
    moved = {
        normalize(e["value"])
        for e in ctx.errata(None, code)
        if str(e.get("field", "")).startswith("levels[") and isinstance(e.get("value"), str)
    }
    for number, cell in under.items():
        if cell != _NOT_APPLICABLE and number not in shipped and normalize(cell) not in moved:
            ctx.problem(
                f"{path}.levels",
                f"{code} has no level {number} but {where} prints {cell[:60]!r} under "
                f"'Level {number}'",
            )


def _check_items(ctx: Context, path: str, c: dict[str, Any], lines: list[int], where: str) -> None:
    source = ctx.source
    header = next(
        (
            n
            for n in lines
            if any(cell.casefold().startswith("knowledge") for cell in source.cells(n))
        ),
        None,
    )
    if header is None:
        ctx.problem(f"{path}.knowledge", f"no Knowledge/Skills row in {where}")
        return
    region = Region(source, [n for n in lines if n >= header])
    for word in ("knowledge", "Knowledge", "Skills"):
        pos = 0
        while (at := region.text.find(word, pos)) >= 0:
            if at in region.starts or region.text[at - 1] == " ":
                region.cover(at, at + len(word))
            pos = at + 1
    marks = list(_ITEM.finditer(region.text))
    for key, letter in (("knowledge", "K"), ("skills", "S")):
        ours = [m for m in marks if m.group(1) == letter]
        items = list(c.get(key) or [])
        printed = []
        for m in ours:
            nxt = next((x.start() for x in marks if x.start() > m.start()), len(region.text))
            text = region.text[m.end() : nxt].strip()
            for word in (" Skills", " knowledge"):
                if text.endswith(word):
                    text = text[: -len(word)].rstrip()
            printed.append((int(m.group(2)), text, m.start(), m.end() + len(text)))
        numbers = [n for n, *_ in printed]
        if numbers != list(range(1, len(numbers) + 1)):
            ctx.problem(f"{path}.{key}", f"{where} numbers its {letter} items {numbers}")
        for j, item in enumerate(items):
            if j >= len(printed):
                ctx.problem(
                    f"{path}.{key}[{j}]",
                    f"{where} prints {len(printed)} {letter} items; this one is not among them: "
                    f"{item[:60]!r}",
                )
                continue
            _, text, start, end = printed[j]
            if normalize(item) != text:
                ctx.problem(
                    f"{path}.{key}[{j}]",
                    f"{item[:60]!r} but {letter}{j + 1} of {where} is {text[:60]!r}",
                )
            else:
                region.cover(start, end)
