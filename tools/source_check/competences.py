"""The COMPETENCES table of each sheet and the profile's Annex 1 row, against the requirements.

For each required competence, the evidence names the row of the sheet (``evidence.line``). The
row's block runs from that line to the next competence row. The check reads, from the source:

- the printed level: the "Level N" labels of the block ("And"/"Or" make a range or
  alternatives; a line that names k competences and prints k labels gives them out in order);
- the descriptor level: which of the competence's level descriptors the block prints;
- the Annex 1 value aligned with the competence;

and compares them with ``evidence.printed_level``, ``evidence.descriptor_level``, the alignment
and the required level. Where the source disagrees with itself, a level erratum for the profile
and competence must exist, and it pins the decision: its ``value`` is the required level, and a
printed level read elsewhere than the block must be what the erratum's own line prints.

Every line of the table is then covered by what the data ships: the code and title of a
required competence, area and level labels, and the e-CF texts (descriptions and descriptors,
whose sheet printings vary in spelling, so they are matched word by word, loosely).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import errata
from .context import Context
from .text import LEVEL_LABEL, Source, code_pattern, fold, loose, memo_get

_ROW_CODE = re.compile(r"(?<![A-Za-z0-9])([A-E])\.?([0-9]{1,2})(?![0-9])\.?(?: ?\.)? ?(?=[A-Z])")
_AREA_LABEL = re.compile(r"\b[A-E]\. ?(?:PLAN|BUILD|RUN|ENABLE|MANAGE|DELIVER)\b")
_LEVEL_FIELDS = {"level"}


def requirement_levels(text: str | None) -> set[int]:
    """The levels of "3", "2-4" or "1/3" (empty for None or malformed)."""
    if not text:
        return set()
    try:
        if "-" in text:
            low, high = text.split("-")
            return set(range(int(low), int(high) + 1))
        return {int(part) for part in text.split("/")}
    except ValueError:
        return set()


def labels_requirement(labels: list[tuple[str | None, int]]) -> str | None:
    """What a set of printed labels says: one level, a range ("Level 2 ... And Level 4", or two
    plain labels), or alternatives ("Or Level 3")."""
    if not labels:
        return None
    levels = sorted({n for _, n in labels})
    if any(conj == "Or" for conj, _ in labels):
        return "/".join(str(n) for n in levels)
    if len(levels) == 1:
        return str(levels[0])
    return f"{levels[0]}-{levels[-1]}"


def _labels(text: str) -> list[tuple[str | None, int]]:
    return [(m.group(1), int(m.group(2))) for m in LEVEL_LABEL.finditer(text)]


def row_codes(text: str) -> list[str]:
    """The competence codes that open a row (``B2. Systems Integration``) in a line."""
    return [f"{m.group(1)}{m.group(2)}" for m in _ROW_CODE.finditer(text)]


class _Pool:
    """Word trigrams of every e-CF description and descriptor, loosely spelt, and which words
    of each source line they match (cached: the pool rarely changes between two checks)."""

    _last: tuple[tuple[str, ...], _Pool] | None = None

    def __init__(self, texts: tuple[str, ...]) -> None:
        self.trigrams: set[tuple[str, ...]] = set()
        for text in texts:
            words = [w for w in (loose(w) for w in text.split()) if w]
            self.trigrams.update(zip(words, words[1:], words[2:], strict=False))
        self._hits: dict[int, list[bool]] = {}

    @classmethod
    def of(cls, doc: dict[str, Any]) -> _Pool:
        texts = tuple(
            t
            for c in doc["competences"]
            for t in [c.get("description") or ""]
            + [d.get("description") or "" for d in c.get("levels") or []]
        )
        if cls._last is None or cls._last[0] != texts:
            cls._last = (texts, cls(texts))
        return cls._last[1]

    def hits(self, source: Source, line: int) -> list[bool]:
        cached = self._hits.get(line)
        if cached is None:
            words = source.words(line)
            cached = [False] * len(words)
            for i in range(len(words) - 2):
                if (words[i][2], words[i + 1][2], words[i + 2][2]) in self.trigrams:
                    cached[i] = cached[i + 1] = cached[i + 2] = True
            self._hits[line] = cached
        return cached


def _cover_words(ctx: Context, line: int, pool: _Pool) -> None:
    mask = ctx.source.covered[line - 1]
    words = ctx.source.words(line)
    # Words already covered (labels) count as matched, for the variant rule below.
    hit = [
        trigram or all(mask[start:end])
        for (start, end, _), trigram in zip(words, pool.hits(ctx.source, line), strict=True)
    ]
    # A word or two between matched words is a spelling variant ("which"/"that").
    i = 0
    while i < len(words):
        if hit[i]:
            i += 1
            continue
        j = i
        while j < len(words) and not hit[j]:
            j += 1
        if i > 0 and j < len(words) and j - i <= 2:
            for k in range(i, j):
                hit[k] = True
        i = j
    # Cover each run of matched words with the spaces between them.
    i = 0
    while i < len(words):
        if not hit[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and hit[j + 1]:
            j += 1
        start, end = words[i][0], words[j][1]
        mask[start:end] = b"\x01" * (end - start)
        i = j + 1


def check_competences(ctx: Context, index: int, p: dict[str, Any], pool: _Pool) -> None:
    path = f"$.profiles[{index}]"
    sheet = ctx.layout.sheets.get(p["code"])
    if sheet is None:
        return
    source = ctx.source
    section = sheet.sections.get("competences", [])
    comps = {c["code"]: c for c in ctx.doc["competences"]}
    order = [c["code"] for c in ctx.doc["competences"]]
    requirements = p.get("competences") or []
    codes = [r.get("competence") for r in requirements]
    ranks = [order.index(c) if c in order else -1 for c in codes]
    if ranks != sorted(ranks) or len(set(codes)) != len(codes):
        ctx.problem(f"{path}.competences", f"not in framework order or repeated: {codes}")

    # What every line of the table shows (the spans are cached: the source does not change).
    memo = source.memo
    row_starts = {
        n: memo_get(memo, ("rows", n), partial(row_codes, source.norm(n))) for n in section
    }
    for n in section:
        text, mask = source.norm(n), source.covered[n - 1]
        spans = list(memo_get(memo, ("labels", n), partial(_label_spans, text)))
        for code in row_starts[n]:
            if code in codes and code in comps:
                title = comps[code].get("title") or ""
                key = ("code", n, code, title)
                spans += memo_get(memo, key, partial(_code_label_spans, text, code, title))
        for start, end in spans:
            mask[start:end] = b"\x01" * (end - start)
        _cover_words(ctx, n, pool)

    table = _Table(
        profile=p["code"],
        section=section,
        row_starts=row_starts,
        evidence_lines={
            r.get("competence"): (r.get("evidence") or {}).get("line") for r in requirements
        },
        aligned=_check_annex1(ctx, path, p, codes),
        comps=comps,
    )
    for j, r in enumerate(requirements):
        _check_requirement(ctx, table, f"{path}.competences[{j}]", r)


def _label_spans(text: str) -> list[tuple[int, int]]:
    """Area labels ("A. PLAN", also wrong ones) and level labels ("And Level 3") of a line."""
    return [m.span() for m in _AREA_LABEL.finditer(text)] + [
        m.span() for m in LEVEL_LABEL.finditer(text)
    ]


def _code_label_spans(text: str, code: str, title: str) -> list[tuple[int, int]]:
    """Where a line prints ``code`` followed by ``title`` (``E8. . Information Security ...``)."""
    spans = []
    for m in code_pattern(code).finditer(text):
        rest = text[m.end() :].lstrip(" .")
        if title and fold(rest[: len(title) + 2]).startswith(fold(title)):
            spans.append((m.start(), m.end() + (len(text[m.end() :]) - len(rest)) + len(title)))
    return spans


def _block(
    section: list[int],
    start: int,
    code: str,
    row_starts: dict[int, list[str]],
    others: set[int],
) -> list[int]:
    """The lines of a row: from ``start`` to the next line that opens another competence's row
    or that the evidence or a level erratum of another competence claims. A row printed twice
    (the title row, then the full row) is one row."""
    block = []
    for n in section:
        if n < start:
            continue
        if n > start and (set(row_starts.get(n, [])) - {code} or n in others):
            break
        block.append(n)
    return block


@dataclass
class _Table:
    """A sheet's COMPETENCES table, as the checks of its requirements share it."""

    profile: str
    section: list[int]
    row_starts: dict[int, list[str]]
    evidence_lines: dict[Any, Any]
    aligned: dict[str, str]
    comps: dict[str, Any]


def _check_requirement(ctx: Context, table: _Table, rpath: str, r: dict[str, Any]) -> None:
    source = ctx.source
    section, row_starts, comps = table.section, table.row_starts, table.comps
    profile = table.profile
    code, level = r.get("competence"), r.get("level")
    if code not in comps:
        ctx.problem(f"{rpath}.competence", f"{code!r} is not an e-CF competence")
        return
    level_errata = ctx.errata(profile, code, "level")
    ev = r.get("evidence")
    if not isinstance(ev, dict):
        ctx.problem(f"{rpath}.evidence", "missing")
        return
    line = ev.get("line")
    if line not in section:
        ctx.problem(
            f"{rpath}.evidence.line",
            f"line {line} is not a line of sheet {profile}'s COMPETENCES table",
        )
        return
    text = source.norm(line)
    if not code_pattern(code).search(text) and not any(e.get("line") == line for e in level_errata):
        ctx.problem(
            f"{rpath}.evidence.line",
            f"line {line} does not name {code} and no level erratum of {profile} {code} cites it",
        )
    others = {n for c, n in table.evidence_lines.items() if c != code and isinstance(n, int)}
    others |= {
        e["line"]
        for e in ctx.errata(profile)
        if e.get("field") == "level" and e.get("competence") != code and e.get("line")
    }
    block = _block(section, line, code, row_starts, others)
    block_text = " ".join(source.norm(n) for n in block)
    # Lines that this competence's level errata cite (a label or descriptor printed a row out
    # of step) are read with the row.
    cited = [
        _block(section, e["line"], code, row_starts, others | {line})
        for e in ctx.errata(profile, code)
        if e.get("field") in ("level", "descriptor") and e.get("line") in section
    ]
    cited_text = " ".join(source.norm(n) for lines in cited for n in lines)

    # The printed level.
    labels = _labels(block_text)
    on_line = row_starts.get(line, [])
    line_labels = _labels(text)
    if len(on_line) > 1 and len(line_labels) == len(on_line) and code in on_line:
        labels = [line_labels[on_line.index(code)]]
    printed = labels_requirement(labels)
    if ev.get("printed_level") != printed:
        pinned = [
            e
            for e in level_errata
            if labels_requirement(_labels(source.norm(e.get("line") or 0)))
            == ev.get("printed_level")
        ]
        if not pinned:
            ctx.problem(
                f"{rpath}.evidence.printed_level",
                f"{profile} {code}: {ev.get('printed_level')!r} but the row (lines "
                f"{block[0]}-{block[-1]}) prints {printed!r}, and no level erratum of "
                f"{profile} {code} cites a line that prints it",
            )

    # The descriptor level: which of the competence's descriptors the row prints.
    loose_block = loose(block_text + " " + cited_text)
    shown = {
        d["level"]
        for d in comps[code]["levels"]
        if loose(d.get("description") or "")[:40] and loose(d["description"])[:40] in loose_block
    }
    claimed = ev.get("descriptor_level")
    claimed_levels = requirement_levels(claimed)
    ends = {min(claimed_levels), max(claimed_levels)} if claimed_levels else set()
    if "/" in (claimed or ""):
        ends = claimed_levels
    if not (ends <= shown <= claimed_levels) or (claimed is None and shown):
        ctx.problem(
            f"{rpath}.evidence.descriptor_level",
            f"{profile} {code}: {claimed!r} but the row (lines {block[0]}-{block[-1]}) prints "
            f"the descriptor of level(s) {sorted(shown) or 'none'}",
        )

    # The three signals agree with the level, or a level erratum pins the decision.
    signals = {
        "printed level": ev.get("printed_level"),
        "descriptor level": claimed,
        "Annex 1 value": table.aligned.get(code),
    }
    disagree = {k: v for k, v in signals.items() if v != level}
    if disagree and not any(errata.pins(e, level) for e in level_errata):
        shown_signals = ", ".join(f"{k} {v}" for k, v in disagree.items())
        ctx.problem(
            f"{rpath}.level",
            f"{profile} {code} level {level} but {shown_signals}, and no level erratum "
            f"of {profile} {code} pins level {level}",
        )


def _check_annex1(ctx: Context, path: str, p: dict[str, Any], codes: list[Any]) -> dict[str, str]:
    """The profile's Annex 1 row is the source's, its alignment is consistent; returns the
    value aligned with each competence."""
    row = p.get("annex1")
    aligned: dict[str, str] = {}
    if not isinstance(row, dict):
        ctx.problem(f"{path}.annex1", "missing (every CIGREF profile has an Annex 1 row)")
        return aligned
    source = ctx.source
    line = row.get("line")
    cells = [c for c in source.cells(line) if c] if isinstance(line, int) else []
    if line not in ctx.layout.annex1 or not cells or cells[0] != p["code"]:
        ctx.problem(f"{path}.annex1.line", f"line {line} is not {p['code']}'s Annex 1 row")
        return aligned
    if cells[1] != row.get("title") or cells[2:] != row.get("values"):
        ctx.problem(
            f"{path}.annex1",
            f"shipped {row.get('title')!r} {row.get('values')} but line {line} shows "
            f"{cells[1]!r} {cells[2:]}",
        )
    values, alignment = row.get("values") or [], row.get("alignment") or []
    if len(alignment) != len(values):
        ctx.problem(f"{path}.annex1.alignment", "not parallel to values")
    ranks = []
    for i, (value, code) in enumerate(zip(values, alignment, strict=False)):
        extra = ctx.errata(p["code"], None, f"annex1.values[{i}]")
        if code is None:
            if not extra:
                ctx.problem(
                    f"{path}.annex1.alignment[{i}]",
                    f"value {value!r} (line {line}) is aligned with no competence and no "
                    f"erratum of {p['code']} field 'annex1.values[{i}]' says so",
                )
            continue
        if extra:
            ctx.problem(
                f"{path}.annex1.alignment[{i}]",
                f"aligned with {code} but erratum {extra[0]['id']} says value {i} belongs to "
                "no competence",
            )
        if code not in codes:
            ctx.problem(
                f"{path}.annex1.alignment[{i}]", f"{code} is not a competence of {p['code']}"
            )
            continue
        if code in aligned:
            ctx.problem(f"{path}.annex1.alignment[{i}]", f"{code} aligned twice")
        aligned[code] = value
        ranks.append(codes.index(code))
    if ranks != sorted(ranks):
        ctx.problem(
            f"{path}.annex1.alignment",
            f"{alignment} does not follow the order of the sheet's competences (the row keeps "
            "the order of its values)",
        )
    for code in codes:
        missing = ctx.errata(p["code"], code, "annex1")
        if code not in aligned and not missing:
            ctx.problem(
                f"{path}.annex1.alignment",
                f"{p['code']} {code} has no Annex 1 value and no annex1 erratum says so",
            )
        elif code in aligned and missing:
            ctx.problem(
                f"{path}.annex1.alignment",
                f"{p['code']} {code} is aligned with {aligned[code]!r} but erratum "
                f"{missing[0]['id']} says it has no Annex 1 value",
            )
    return aligned
