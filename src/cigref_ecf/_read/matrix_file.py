"""A company's competence matrix as a spreadsheet: import (CSV, XLSX) and export (the sheet's
rows, written as CSV by ``Matrix.to_csv()`` and as XLSX).

Two forms are read, told apart by their header:

- **long**: one row per (profile, competence, level), as ``profile,competence,level``;
- **wide**: one row per profile and one column per competence (``profile,B1,B3,...``), like
  CIGREF's Annex 1, a cell holding the required level (``3``, ``2-4``, ``1/3``) or nothing.

Both may have a ``title``, a ``family`` and a ``family_title`` column. Headers are matched
case- and accent-insensitively, French ones included (``profil``, ``compétence``, ``niveau``,
``intitulé``, ``famille``, ``titre famille``). A family's title is the same on every row that
gives one (two titles for one family code are a problem naming both rows); a new family without
one is titled by its code; a base family (``base="cigref"``) keeps its title unless the sheet
gives another, which renames it (``rename_families``). What a sheet holds becomes an overlay
(see :mod:`cigref_ecf._model.overlay`) on the e-CF alone (the sheet is the whole job
architecture) or on the bundled CIGREF data (the sheet changes and adds profiles), so that an
import is checked like any file, and can be written as JSON
(``cigref-ecf import matrix.xlsx -o ours.json``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .._model.levels import LevelRequirement
from .._model.records import Nomenclature, normalize_competence_code, undefined_levels
from .._model.rules import MAX_BYTES, Problems, code_shape, excerpt, is_blank
from ..exceptions import (
    CigrefEcfError,
    DataError,
    InvalidLevelError,
    MissingDependencyError,
    Problem,
)
from .tables import Table, find_columns, read_table, restore_cell, safe_cell

__all__ = ["SHEET_HEAD", "matrix_overlay", "read_matrix", "sheet_rows", "write_excel"]

ROLES = {
    "profile": ("profile", "profile code", "code", "profil", "code profil", "emploi", "job"),
    "title": ("title", "profile_title", "profile title", "titre", "intitulé", "libellé"),
    "family": ("family", "family code", "famille", "code famille"),
    "family_title": (
        "family_title",
        "family title",
        "titre famille",
        "titre de la famille",
        "intitulé famille",
        "intitulé de la famille",
        "libellé famille",
    ),
    "competence": ("competence", "competence code", "compétence", "code compétence"),
    "level": ("level", "requirement", "required level", "niveau", "niveau requis", "exigence"),
}
"""The header names each column role accepts (matched by :func:`~cigref_ecf._model.rules.fold`)."""
IGNORED = ("competence_title", "min", "max", "levels", "eqf")
"""Columns of ``Matrix.to_csv(long=True)`` that an import reads past."""


def requirement_cell(value: object) -> LevelRequirement | None:
    """The requirement a cell holds: ``"2-4"``, ``"1/3"``, ``3``, ``3.0``, ``"e-3"``; None if
    blank.

    Raises:
        InvalidLevelError: for anything else, naming the accepted forms.
    """
    if is_blank(value):
        return None
    if not isinstance(value, str):
        return LevelRequirement.single(value)  # type: ignore[arg-type]
    try:
        return LevelRequirement.parse(value.strip())
    except InvalidLevelError as exc:
        try:
            return LevelRequirement.single(value)  # "e-3", "3.0": the one level rule
        except InvalidLevelError:
            raise exc from None


def _text(value: object) -> str | None:
    if is_blank(value):
        return None
    return restore_cell(str(value).strip())


def matrix_overlay(
    source: str | os.PathLike[str] | IO[bytes] | bytes | Table,
    *,
    base: str = "e-cf",
    format: str | None = None,
    sheet: str | None = None,
    max_bytes: int | None = MAX_BYTES,
    nomenclature: Nomenclature | None = None,
) -> dict[str, Any]:
    """The overlay (JSON-ready) that a matrix spreadsheet describes.

    Raises:
        DataError: every problem of the sheet, each with its row (and column) and the profile.
    """
    from .._model.catalog import load

    table = (
        source
        if isinstance(source, Table)
        else read_table(source, format=format, sheet=sheet, max_bytes=max_bytes)
    )
    if base not in ("e-cf", "cigref"):
        raise DataError(
            [Problem("base", f"unknown base {excerpt(base)}; expected 'e-cf' or 'cigref'")]
        )
    n = load() if nomenclature is None else nomenclature
    order = {c.code: c for c in n.competences}
    columns = find_columns(table.header, ROLES)
    problems = Problems()
    if "profile" not in columns:
        problems.add(
            "header", f"no profile column; expected one of {', '.join(ROLES['profile'][:4])}"
        )
        problems.raise_if_any(DataError, table.source)
    long = "competence" in columns or "level" in columns
    wide: dict[int, str] = {}
    taken = set(columns.values())
    for i, name in enumerate(table.header):
        if i in taken or not name or (long and name.strip().lower() in IGNORED):
            continue
        code = normalize_competence_code(name)
        if code in order and not long:
            wide[i] = code
        else:
            from .._model.checks import suggest_competence

            hint = suggest_competence(code, order) if code_shape("competence", code) else []
            more = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
            kind = "a known column" if long else "an e-CF competence code"
            problems.add("header", f"column {excerpt(name)} is not {kind}{more}")
    if long and not {"competence", "level"} <= columns.keys():
        problems.add("header", "a long table needs a competence column and a level column")
    if not long and not wide:
        problems.add("header", "no competence column (wide form) and no competence/level columns")
    problems.raise_if_any(DataError, table.source)

    profiles: dict[str, dict[str, Any]] = {}
    families: dict[str, tuple[str, int]] = {}  # FAMILY -> (its title, the row that first gave it)
    base_family = {p.code.upper(): p.family for p in n.profiles} if base == "cigref" else {}
    cells: set[tuple[str, str]] = set()

    def cell(cells_: tuple[object, ...], role: str) -> object:
        at = columns.get(role)
        return cells_[at] if at is not None and at < len(cells_) else None

    for number, row in table.rows:
        if problems.full:
            break
        given = _text(cell(row, "profile"))
        if given is None:
            problems.add(f"row {number}", "no profile code")
            continue
        code = given.strip()
        where = f"row {number} ({excerpt(code, 40)[1:-1]})"
        if not code_shape("code", code):
            problems.add(where, f"malformed profile code {excerpt(code)}")
            continue
        entry = profiles.setdefault(code.upper(), {"code": code, "competences": {}, "row": number})
        for key in ("title", "family"):
            text = _text(cell(row, key))
            if text is None:
                continue
            if key == "family":
                text = text.strip()
                if text.endswith(".0") and text[:-2].isdigit():
                    text = text[:-2]  # a spreadsheet's number 3 read as 3.0
            if entry.get(key) not in (None, text):
                problems.add(where, f"{key} {excerpt(text)} differs from {excerpt(entry[key])}")
            entry[key] = text
        family_title = _text(cell(row, "family_title"))
        if family_title is not None:
            family = entry.get("family") or base_family.get(code.upper())
            if family is None:
                problems.add(where, f"family title {excerpt(family_title)} but no family")
            else:
                title, first = families.setdefault(family.upper(), (family_title, number))
                if title != family_title:
                    problems.add(
                        where,
                        f"family {family}: title {excerpt(family_title)} differs from "
                        f"{excerpt(title)} (row {first})",
                    )
        pairs: Iterable[tuple[str, str, object]]
        if long:
            named = _text(cell(row, "competence"))
            if named is None:
                problems.add(where, "no competence")
                continue
            pairs = [(normalize_competence_code(named), named, cell(row, "level"))]
        else:
            pairs = [(c, c, row[i] if i < len(row) else None) for i, c in wide.items()]
        for comp, raw, value in pairs:
            at = where if long else f"{where}, column {comp}"
            if comp not in order:
                from .._model.checks import suggest_competence

                hint = suggest_competence(comp, order)
                more = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
                problems.add(at, f"unknown competence {excerpt(raw)}{more}")
                continue
            try:
                req = requirement_cell(value)
            except CigrefEcfError as exc:
                problems.add(at, str(exc))
                continue
            if req is None:
                if long:
                    problems.add(at, f"no level for {comp}")
                continue
            undefined = undefined_levels(order[comp], req.levels)
            if undefined is not None:
                problems.add(at, f"{comp} {undefined}")
                continue
            if (code.upper(), comp) in cells:
                problems.add(at, f"{comp} given twice for profile {code}")
                continue
            cells.add((code.upper(), comp))
            entry["competences"][comp] = str(req)
    problems.raise_if_any(DataError, table.source)
    titles = {key: title for key, (title, _) in families.items()}
    return _overlay(
        profiles, family_titles=titles, base=base, n=n, problems=problems, source=table.source
    )


def _overlay(
    profiles: dict[str, dict[str, Any]],
    *,
    family_titles: dict[str, str],
    base: str,
    n: Nomenclature,
    problems: Problems,
    source: str,
) -> dict[str, Any]:
    order = {c.code: k for k, c in enumerate(n.competences)}
    known = {p.code.upper(): p for p in n.profiles} if base == "cigref" else {}
    base_families = {f.code.upper(): f for f in n.families} if base == "cigref" else {}
    known_families = set(base_families)
    overlay: dict[str, Any] = {"base": base}
    add_families: list[dict[str, Any]] = []
    add_profiles: list[dict[str, Any]] = []
    rename: dict[str, str] = {}
    set_levels: dict[str, dict[str, str | None]] = {}
    for key, entry in profiles.items():
        reqs = sorted(entry["competences"].items(), key=lambda kv: order[kv[0]])
        existing = known.get(key)
        if existing is not None:
            levels: dict[str, str | None] = {}
            have = {r.competence: str(r.level) for r in existing.competences}
            for comp in have:
                if comp not in entry["competences"]:
                    levels[comp] = None
            for comp, level in reqs:
                if have.get(comp) != level:
                    levels[comp] = level
            if levels:
                set_levels[existing.code] = levels
            if entry.get("title") and entry["title"] != existing.title:
                rename[existing.code] = entry["title"]
            if entry.get("family") and entry["family"] != existing.family:
                problems.add(
                    f"row {entry['row']} ({existing.code})",
                    f"family {entry['family']} differs from the base's {existing.family}",
                )
            continue
        family = entry.get("family")
        if family is None:
            problems.add(
                f"row {entry['row']} ({entry['code']})",
                "no family: add a family column (a profile's family is required)",
            )
            continue
        if family.upper() not in known_families:
            known_families.add(family.upper())
            title = family_titles.get(family.upper(), family)
            add_families.append({"code": family, "title": title})
        add_profiles.append(
            {
                "code": entry["code"],
                "family": family,
                "title": entry.get("title") or entry["code"],
                "competences": [{"competence": c, "level": lv} for c, lv in reqs],
            }
        )
    problems.raise_if_any(DataError, source)
    rename_families = {
        f.code: family_titles[key]
        for key, f in base_families.items()
        if family_titles.get(key, f.title) != f.title
    }
    for key, value in (
        ("add_families", add_families),
        ("rename_families", rename_families),
        ("add_profiles", add_profiles),
        ("rename_profiles", rename),
        ("set_levels", set_levels),
    ):
        if value:
            overlay[key] = value
    return overlay


def read_matrix(
    source: str | os.PathLike[str] | IO[bytes] | bytes,
    *,
    base: str = "e-cf",
    format: str | None = None,
    sheet: str | None = None,
    max_bytes: int | None = MAX_BYTES,
    notes: list[Problem] | None = None,
) -> Nomenclature:
    """A nomenclature from a company's matrix spreadsheet (CSV or XLSX; long or wide form).

    ``base="e-cf"`` (default): the sheet is the whole job architecture, on the e-CF
    competences; every profile needs a family column. ``base="cigref"``: the sheet changes the
    bundled profiles it names (their levels become the sheet's, titles too) and adds the others.
    An optional ``family_title`` column titles the families (a new family without one is titled
    by its code; a CIGREF family given another title is renamed).
    CSV may be comma, semicolon or tab separated, UTF-8 (with or without BOM) or Windows-1252;
    XLSX needs the ``excel`` extra.

    Examples:
        >>> import cigref_ecf
        >>> text = b"profile;title;family;B1;B3\\r\\nDATA-ENG;Data engineer;DATA;3;2\\r\\n"
        >>> n = cigref_ecf.read_matrix(text, format="csv")
        >>> [(r.competence, str(r.level)) for r in cigref_ecf.job_profile("data-eng",
        ...     nomenclature=n).competences]
        [('B1', '3'), ('B3', '2')]

    Raises:
        DataError: every problem of the sheet, each naming its row and profile.
        MissingDependencyError: for XLSX without openpyxl.
    """
    from .._model.catalog import build

    overlay = matrix_overlay(source, base=base, format=format, sheet=sheet, max_bytes=max_bytes)
    name = source if isinstance(source, (str, os.PathLike)) else None
    return build(overlay, source=None if name is None else os.fspath(name), notes=notes)


SHEET_HEAD = ("profile", "title", "family", "family_title")
"""The first columns of the matrix sheet the package writes (CSV and XLSX alike)."""


def sheet_rows(n: Nomenclature, *, long: bool = False) -> Iterator[list[str | None]]:
    """The matrix sheet the package writes, header first, in the form :func:`read_matrix`
    reads back: wide, ``profile, title, family, family_title`` then one column per competence
    (a cell the requirement, ``"2-4"``, or None); long, ``profile, title, family,
    family_title, competence, level``.

    The one owner of the sheet's columns: ``Matrix.to_csv()`` (wide) and ``Matrix.to_excel()``
    write these rows.
    """
    family_titles = {f.code: f.title for f in n.families}
    if long:
        yield [*SHEET_HEAD, "competence", "level"]
        for p in n.profiles:
            head = [p.code, p.title, p.family, family_titles[p.family]]
            for r in p.competences:
                yield [*head, r.competence, str(r.level)]
        return
    codes = [c.code for c in n.competences]
    yield [*SHEET_HEAD, *codes]
    for p in n.profiles:
        levels = {r.competence: str(r.level) for r in p.competences}
        yield [p.code, p.title, p.family, family_titles[p.family], *(levels.get(c) for c in codes)]


def write_excel(
    n: Nomenclature, path: str | os.PathLike[str] | IO[bytes], *, long: bool = False
) -> None:
    """Write a nomenclature's matrix as an XLSX workbook, in the form :func:`read_matrix` reads
    (the rows of :func:`sheet_rows`). Text cells go through the CSV exports' safety rule
    (:func:`~cigref_ecf._read.tables.safe_cell`), so that no cell is taken for a formula.

    Raises:
        MissingDependencyError: when openpyxl is not installed (``pip install
            "cigref-ecf[excel]"``).
    """
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError(
            "writing XLSX needs openpyxl: pip install 'cigref-ecf[excel]'"
        ) from None
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("matrix")
    for row in sheet_rows(n, long=long):
        ws.append([None if x is None else safe_cell(x) for x in row])
    book.save(path)
