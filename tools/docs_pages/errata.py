"""The errata page: every decision taken against the literal text of the source."""

from __future__ import annotations

from cigref_ecf import Erratum, ErratumKind, Nomenclature

from .text import ERRATA, render

__all__ = ["KIND_MEANINGS", "errata_page"]

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


def errata_page(n: Nomenclature) -> str:
    """Every erratum, grouped by kind, each with its anchor (``errata.md#E001``)."""
    by_kind: dict[ErratumKind, list[Erratum]] = {}
    for e in n.errata:
        by_kind.setdefault(e.kind, []).append(e)
    return render(
        "errata.md.j2",
        page=ERRATA,
        total=len(n.errata),
        source_file=n.meta.source_file,
        groups=[(kind, by_kind[kind]) for kind in ErratumKind if kind in by_kind],
        meanings=KIND_MEANINGS,
        profiles={p.code: p for p in n.profiles},
        competences={c.code: c for c in n.competences},
    )
