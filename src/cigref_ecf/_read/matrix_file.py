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
from .._model.rules import MAX_BYTES, Problems, code_shape, excerpt, excerpts, fold, is_blank
from ..exceptions import (
    CigrefEcfError,
    DataError,
    InvalidLevelError,
    MissingDependencyError,
    Problem,
)
from .tables import Table, drop_columns, find_columns, read_table, restore_cell, safe_cell

__all__ = ["SHEET_HEAD", "matrix_overlay", "read_matrix", "sheet_rows", "write_excel"]

ROLES = {
    "profile": (
        "profile",
        "profile code",
        "code",
        "profil",
        "code profil",
        "emploi",
        "code emploi",
        "job",
        "job code",
        "métier",
        "code métier",
        "poste",
        "code poste",
    ),
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


IGNORE_HINT = "ignore= (--ignore-column) reads past a column"
"""What a problem with an unknown column says: the option that answers it."""


class _Sheet:
    """What the header of a matrix sheet says: which column plays which role, which columns
    are competences (wide form), and which are read past. Header problems are recorded, never
    raised: the rows are read all the same, so that one report holds every problem."""

    def __init__(
        self,
        table: Table,
        n: Nomenclature,
        problems: Problems,
        *,
        given: dict[str, str | None],
    ) -> None:
        from .headers import competence_header

        header = table.header
        self.columns = find_columns(header, ROLES, given=given, problems=problems)
        self.long = "competence" in self.columns or "level" in self.columns
        self.wide: dict[int, str] = {}
        taken = set(self.columns.values())
        where: dict[str, str] = {}
        order = {c.code: c for c in n.competences}
        for i, name in enumerate(header):
            if i in taken or not name or (self.long and fold(name) in IGNORED):
                continue
            code, why = (None, None) if self.long else competence_header(name, n)
            if code is not None:
                if code in where:
                    problems.add(
                        f"column {name}",
                        f"a second column for {code} (the first is {excerpt(where[code])})",
                    )
                    continue
                where[code] = name
                self.wide[i] = code
                continue
            if self.long:
                problems.add(f"column {name}", f"not a column of a long matrix; {IGNORE_HINT}")
                continue
            if why is None:
                from .._model.checks import suggest_competence

                key = normalize_competence_code(name) if len(name) <= 16 else ""
                hint = suggest_competence(key, order) if code_shape("competence", key) else []
                more = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
                why = f"not an e-CF competence code{more}"
            problems.add(f"column {name}", f"{why}; {IGNORE_HINT}")
        if "profile" not in self.columns:
            names = ", ".join(ROLES["profile"][:4])
            problems.add(
                "header",
                f"no profile column (expected one of {names} ...); profile= (--profile-column) "
                "names yours",
            )
        if self.long and not {"competence", "level"} <= self.columns.keys():
            problems.add("header", "a long table needs a competence column and a level column")
        if not self.long and not self.wide:
            problems.add(
                "header", "no competence column (wide form) and no competence/level columns"
            )
        self.header = header

    def cell(self, cells: tuple[object, ...], role: str) -> object:
        at = self.columns.get(role)
        return cells[at] if at is not None and at < len(cells) else None

    def name(self, role: str) -> str:
        return self.header[self.columns[role]]


def matrix_overlay(
    source: str | os.PathLike[str] | IO[bytes] | IO[str] | bytes | Table,
    *,
    base: str = "e-cf",
    format: str | None = None,
    sheet: str | None = None,
    max_bytes: int | None = MAX_BYTES,
    nomenclature: Nomenclature | None = None,
    profile: str | None = None,
    family: str | None = None,
    title: str | None = None,
    family_title: str | None = None,
    ignore: str | Iterable[str] = (),
    notes: list[Problem] | None = None,
) -> dict[str, Any]:
    """The overlay (JSON-ready) that a matrix spreadsheet describes (see :func:`read_matrix`).

    Raises:
        DataError: every problem of the sheet in one report (header and rows alike), each
            with its row and column, grouped by kind.
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
    problems = Problems()
    given = {"profile": profile, "family": family, "title": title, "family_title": family_title}
    names = (ignore,) if isinstance(ignore, str) else tuple(ignore)
    if names:
        table = drop_columns(table, names, problems=problems)
    head = _Sheet(table, n, problems, given=given)
    long = head.long
    if base == "e-cf" and "family" not in head.columns:
        problems.add(
            "header",
            "no family column: every profile needs its family (add a family column, or "
            "family= (--family-column) to name yours)",
        )

    profiles: dict[str, dict[str, Any]] = {}
    families: dict[str, tuple[str, int]] = {}  # FAMILY -> (its title, the row that first gave it)
    base_family = {p.code.upper(): p.family for p in n.profiles} if base == "cigref" else {}
    cells: dict[tuple[str, str], int] = {}  # (PROFILE, competence) -> the row that gave it
    has_profile = "profile" in head.columns

    for number, row in table.rows:
        if problems.full:
            break
        at_row = f"row {number}"
        entry: dict[str, Any] | None = None
        code = ""
        if has_profile:
            given_code = _text(head.cell(row, "profile"))
            column = f"{at_row}, column {head.name('profile')}"
            if given_code is None:
                problems.add(column, "no profile code")
            elif not code_shape("code", given_code):
                problems.add(column, f"malformed profile code {excerpt(given_code)}")
            else:
                code = given_code
                entry = profiles.get(code.upper())
                if entry is None:
                    entry = {"code": code, "competences": {}, "row": number}
                    profiles[code.upper()] = entry
                elif not long:
                    problems.add(
                        at_row,
                        f"profile {code} given twice (also at row {entry['row']}); "
                        "one row per profile in a wide table",
                    )
                    entry = None
        if entry is not None:
            _profile_fields(head, row, entry, code, number, problems, families, base_family)
        pairs: Iterable[tuple[str, str, object, str]]
        if long:
            if not {"competence", "level"} <= head.columns.keys():
                continue
            named = _text(head.cell(row, "competence"))
            level_at = f"{at_row}, column {head.name('level')}"
            if named is None:
                problems.add(f"{at_row}, column {head.name('competence')}", "no competence")
                continue
            comp = normalize_competence_code(named) if len(named) <= 16 else named
            if comp not in order:
                pairs = [(comp, named, None, f"{at_row}, column {head.name('competence')}")]
            else:
                pairs = [(comp, named, head.cell(row, "level"), level_at)]
        else:
            pairs = [
                (c, c, row[i] if i < len(row) else None, f"{at_row}, column {head.header[i]}")
                for i, c in head.wide.items()
            ]
        for comp, raw, value, at in pairs:
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
            if entry is None:
                continue
            first = cells.setdefault((code.upper(), comp), number)
            if first != number:
                problems.add(at, f"{comp} given twice for profile {code} (also at row {first})")
                continue
            entry["competences"][comp] = str(req)
    titles = {key: title for key, (title, _) in families.items()}
    return _overlay(
        profiles,
        family_titles=titles,
        base=base,
        n=n,
        problems=problems,
        source=table.source,
        family_column="family" in head.columns,
        notes=notes,
    )


def _profile_fields(  # noqa: PLR0917 - private, one call site
    head: _Sheet,
    row: tuple[object, ...],
    entry: dict[str, Any],
    code: str,
    number: int,
    problems: Problems,
    families: dict[str, tuple[str, int]],
    base_family: dict[str, str],
) -> None:
    """A profile's title, family and family title from one of its rows: the same on every row
    that gives one (a difference names the row that gave the first)."""
    for key in ("title", "family"):
        text = _text(head.cell(row, key))
        if text is None:
            continue
        if key == "family":
            text = text.strip()
            if text.endswith(".0") and text[:-2].isdigit():
                text = text[:-2]  # a spreadsheet's number 3 read as 3.0
        if entry.get(key) not in (None, text):
            problems.add(
                f"row {number}, column {head.name(key)}",
                f"{key} {excerpt(text)} of profile {code} differs from {excerpt(entry[key])} "
                f"(row {entry[key + '_row']})",
            )
            continue
        entry[key] = text
        entry.setdefault(key + "_row", number)
    family_title = _text(head.cell(row, "family_title"))
    if family_title is None:
        return
    family = entry.get("family") or base_family.get(code.upper())
    at = f"row {number}, column {head.name('family_title')}"
    if family is None:
        problems.add(at, f"family title {excerpt(family_title)} but no family")
        return
    title, first = families.setdefault(family.upper(), (family_title, number))
    if title != family_title:
        problems.add(
            at,
            f"family {family}: title {excerpt(family_title)} differs from "
            f"{excerpt(title)} (row {first})",
        )


def _overlay(
    profiles: dict[str, dict[str, Any]],
    *,
    family_titles: dict[str, str],
    base: str,
    n: Nomenclature,
    problems: Problems,
    source: str,
    family_column: bool,
    notes: list[Problem] | None,
) -> dict[str, Any]:
    order = {c.code: k for k, c in enumerate(n.competences)}
    known = {p.code.upper(): p for p in n.profiles} if base == "cigref" else {}
    base_families = {f.code.upper(): f for f in n.families} if base == "cigref" else {}
    known_families = set(base_families)
    overlay: dict[str, Any] = {"base": base}
    add_families: list[dict[str, Any]] = []
    untitled: list[str] = []
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
                    f"row {entry['family_row']}",
                    f"family {entry['family']} of profile {existing.code} differs from the "
                    f"base's {existing.family}",
                )
            continue
        family = entry.get("family")
        if family is None:
            if family_column:  # without the column, the header's problem says it once
                problems.add(
                    f"row {entry['row']}",
                    f"profile {entry['code']} has no family (a profile's family is required)",
                )
            continue
        if family.upper() not in known_families:
            known_families.add(family.upper())
            title = family_titles.get(family.upper())
            if title is None:
                untitled.append(family)
            add_families.append({"code": family, "title": title or ""})
        if not reqs:
            problems.add(f"row {entry['row']}", f"profile {entry['code']} requires no competence")
            continue
        add_profiles.append(
            {
                "code": entry["code"],
                "family": family,
                "title": entry.get("title") or entry["code"],
                "competences": [{"competence": c, "level": lv} for c, lv in reqs],
            }
        )
    problems.raise_if_any(DataError, source)
    if untitled and notes is not None:
        notes.append(
            Problem(
                "family_title",
                f"{'family' if len(untitled) == 1 else 'families'} {excerpts(untitled)} "
                "without a title (a family_title column gives one)",
            )
        )
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
    source: str | os.PathLike[str] | IO[bytes] | IO[str] | bytes,
    *,
    base: str = "e-cf",
    format: str | None = None,
    sheet: str | None = None,
    max_bytes: int | None = MAX_BYTES,
    notes: list[Problem] | None = None,
    profile: str | None = None,
    family: str | None = None,
    title: str | None = None,
    family_title: str | None = None,
    ignore: str | Iterable[str] = (),
) -> Nomenclature:
    """A nomenclature from a company's matrix spreadsheet (CSV or XLSX; long or wide form).

    ``base="e-cf"`` (default): the sheet is the whole job architecture, on the e-CF
    competences; every profile needs a family column. ``base="cigref"``: the sheet changes the
    bundled profiles it names (their levels become the sheet's, titles too) and adds the others.
    An optional ``family_title`` column titles the families (a new family without one has no
    title, and a note says so; a CIGREF family given another title is renamed).

    Headers are matched case- and accent-insensitively, in English or French (``profil``,
    ``code emploi``, ``intitulé``, ``famille``, ``compétence``, ``niveau`` ...); ``profile``,
    ``family``, ``title`` and ``family_title`` name other columns for these roles, and
    ``ignore`` names columns to read past (a name or several; each must be in the header).
    A competence column is headed by its code (``B1``) or a header whose code is unambiguous
    (``B1 - Design and Development``, ``e-CF B1``). Levels follow the one level rule (``3``,
    ``3.0``, ``3,0``, ``e-3``) and requirements may be ranges and alternatives (``2-4``,
    ``1/3``). CSV may be comma, semicolon or tab separated, UTF-8 (with or without BOM) or
    Windows-1252; XLSX needs the ``excel`` extra. ``source`` may be a path, bytes, or a binary
    or text stream.

    Every problem of the sheet comes in one report: unknown columns, a missing family column,
    bad levels, unknown competences, a profile given twice (naming both rows), each at its row
    and column, and one problem at several rows grouped (``rows 4, 9, 12, column B1: ...``).

    Examples:
        >>> import cigref_ecf
        >>> text = b"profile;title;family;B1;B3\\r\\nDATA-ENG;Data engineer;DATA;3;2\\r\\n"
        >>> n = cigref_ecf.read_matrix(text, format="csv")
        >>> [(r.competence, str(r.level)) for r in cigref_ecf.job_profile("data-eng",
        ...     nomenclature=n).competences]
        [('B1', '3'), ('B3', '2')]

    Raises:
        DataError: every problem of the sheet, each naming its row and column.
        MissingDependencyError: for XLSX without openpyxl.
    """
    from .._model.catalog import build

    overlay = matrix_overlay(
        source,
        base=base,
        format=format,
        sheet=sheet,
        max_bytes=max_bytes,
        profile=profile,
        family=family,
        title=title,
        family_title=family_title,
        ignore=ignore,
        notes=notes,
    )
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
        DataError: for a text holding a control character XLSX cannot hold (an escape, a
            form feed...), each named by its row and column, before anything is written.
        MissingDependencyError: when openpyxl is not installed (``pip install
            "cigref-ecf[excel]"``).
    """
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError(
            "writing XLSX needs openpyxl: pip install 'cigref-ecf[excel]'"
        ) from None
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    rows = [[None if x is None else safe_cell(x) for x in row] for row in sheet_rows(n, long=long)]
    problems = Problems()
    for number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            found = ILLEGAL_CHARACTERS_RE.search(cell) if isinstance(cell, str) else None
            if found is not None:  # a control character the loader accepts, XML 1.0 cannot hold
                problems.add(
                    f"row {number}, column {rows[0][column]}",
                    f"character U+{ord(found.group()):04X} at position {found.start()} cannot "
                    "be written in XLSX",
                )
    problems.raise_if_any(DataError, "XLSX")
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("matrix")
    for row in rows:
        ws.append(row)
    book.save(path)
