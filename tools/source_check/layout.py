"""Where things are in the source: the families' pages, each job sheet and its sections,
the Annex 1 matrix and each competence's block of Annex 2.

The layout is read from the document's own headings, never from the data under check, so that
a corrupted datum cannot move the place it is checked in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Source

SECTION_HEADINGS = {
    "MISSION": "mission",
    "ACTIVITES ET TACHES": "activities",
    "COMPETENCES (issues du référentiel de compétence européen)": "competences",
    "COMPETENCES (suite)": "competences",
    "LIVRABLES": "deliverables",
    "INDICATEURS DE PERFORMANCE": "indicators",
    "PARCOURS PROFESSIONNEL": "career",
    "TENDANCES ET FACTEURS D'EVOLUTION": "trends",
}
FOOTER = (
    "La liste des knowledge (connaissances) et des skills (savoirs-faire), correspondant aux "
    "compétences sélectionnées pour ce métier, se trouve en annexe."
)
FAMILY_LIST_LABEL = "Cette famille comprend les métiers suivants :"
ANNEX1_HEADING = "Annexe 1 : récapitulatif du croisement métiers/compétences"
ANNEX2_HEADING = "Annexe 2 : le référentiel de compétences européen"
_FAMILY_HEADING = re.compile(r"^([1-7])\. ([A-ZÀ-Ü' ,]+)$")
_PROFILE_LINE = re.compile(r"^(?:- )?([1-7]\.[0-9]+) (.+)$")
_PAGE_COUNTER = re.compile(r"^[0-9]/[0-9]$")
# The footer under each COMPETENCES table, also printed inside a table row and misspelt once.
FOOTER_PATTERN = re.compile(
    r"La liste des (?:knowledge|connaissances) \(connaissances\) et des skills "
    r"\(savoirs?-faire\), correspondant aux compétences sélectionnées pour ce métier, se trouve "
    r"en annexe\.?"
)


class _Lines:
    """A stretch of the source from line ``first`` to line ``last``."""

    first: int
    last: int

    @property
    def lines(self) -> range:
        return range(self.first, self.last + 1)


@dataclass
class Sheet(_Lines):
    """A job sheet: its lines and, for each section, the lines under its heading."""

    code: str
    first: int
    last: int
    heading: str
    sections: dict[str, list[int]] = field(default_factory=dict)
    running_headers: list[int] = field(default_factory=list)
    furniture: list[int] = field(default_factory=list)


@dataclass
class FamilyPage(_Lines):
    """A family's heading, description and list of profiles, in the sheets part."""

    number: int
    first: int
    last: int
    heading: str
    list_lines: list[int] = field(default_factory=list)


@dataclass
class Annex2Block(_Lines):
    """One competence of Annex 2: from its "Dimension 1" line to the line before the next."""

    code: str
    first: int
    last: int


@dataclass
class Layout:
    families: dict[int, FamilyPage]
    sheets: dict[str, Sheet]
    annex1: range
    annex2: range
    annex2_blocks: list[Annex2Block]
    sheets_part: range

    def sheet_at(self, line: int) -> Sheet | None:
        for sheet in self.sheets.values():
            if sheet.first <= line <= sheet.last:
                return sheet
        return None


def family_number(code: object) -> int | None:
    """The number of a family code of the data (``"3"`` -> 3), the key of ``Layout.families``."""
    return int(code) if isinstance(code, str) and code.isascii() and code.isdigit() else None


def _line_of(source: Source, text: str, start: int = 1) -> int:
    for n in range(start, len(source) + 1):
        if source.norm(n) == text:
            return n
    raise ValueError(f"the source has no line {text!r}")


def read_layout(source: Source) -> Layout:
    """The layout of the CIGREF document (raises ValueError if a landmark is missing)."""
    annex1 = _line_of(source, ANNEX1_HEADING, 200)
    annex2 = _line_of(source, ANNEX2_HEADING, annex1)
    first_family = _line_of(
        source, "1. PILOTAGE, ORGANISATION ET GESTION DES EVOLUTIONS DU SYSTEME D'INFORMATION", 200
    )
    starts: list[tuple[int, str, str]] = []  # (line, "family"|"sheet", key)
    listed: set[str] = set()
    for n in range(first_family, annex1):
        text = source.norm(n)
        family = _FAMILY_HEADING.match(text)
        if family and text == text.upper():
            starts.append((n, "family", family.group(1)))
            continue
        profile = _PROFILE_LINE.match(text)
        if profile and text.startswith("- "):
            listed.add(profile.group(1))
        elif profile and profile.group(1) in listed:
            listed.discard(profile.group(1))
            starts.append((n, "sheet", profile.group(1)))
    families: dict[int, FamilyPage] = {}
    sheets: dict[str, Sheet] = {}
    for i, (n, kind, key) in enumerate(starts):
        last = (starts[i + 1][0] if i + 1 < len(starts) else annex1) - 1
        if kind == "family":
            page = FamilyPage(int(key), n, last, source.norm(n))
            page.list_lines = [
                m
                for m in page.lines
                if source.norm(m).startswith("- ") and _PROFILE_LINE.match(source.norm(m))
            ]
            families[page.number] = page
        else:
            sheets[key] = _read_sheet(source, key, n, last)
    blocks: list[Annex2Block] = []
    dim1 = [n for n in range(annex2, len(source) + 1) if source.cells(n)[0] == "Dimension 1"]
    for i, n in enumerate(dim1):
        last = (dim1[i + 1] if i + 1 < len(dim1) else len(source) + 1) - 1
        code_cell = source.cells(n + 1)[1] if source.cells(n + 1)[0] == "Dimension 2" else ""
        code = re.match(r"([A-E])\.?([0-9]+)", code_cell)
        blocks.append(Annex2Block(f"{code.group(1)}{code.group(2)}" if code else "?", n, last))
    return Layout(
        families=families,
        sheets=sheets,
        annex1=range(annex1, annex2),
        annex2=range(annex2, len(source) + 1),
        annex2_blocks=blocks,
        sheets_part=range(first_family, annex1),
    )


def _read_sheet(source: Source, code: str, first: int, last: int) -> Sheet:
    sheet = Sheet(code, first, last, source.norm(first))
    section = "titles"
    sheet.sections[section] = []
    for n in range(first + 1, last + 1):
        text = source.norm(n)
        if not text:
            continue
        name = SECTION_HEADINGS.get(text)
        if name is not None:
            section = name
            sheet.sections.setdefault(section, [])
            sheet.furniture.append(n)
        elif text.startswith(f"{code} "):
            sheet.running_headers.append(n)
        elif text == FOOTER or _PAGE_COUNTER.match(text) or set(text) <= set("- "):
            sheet.furniture.append(n)
        else:
            sheet.sections[section].append(n)
    return sheet
