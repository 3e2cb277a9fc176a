"""A company's matrix as a spreadsheet (XLSX, semicolon CSV in cp1252), diff, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import cigref_ecf
from cigref_ecf import DataError

from .strategies import overlays
from .test_cli import ok, run

openpyxl = pytest.importorskip("openpyxl")

ROWS = [
    ("DATA-ENG", "Ingénieur données", "DATA", "B1", 3),
    ("DATA-ENG", "Ingénieur données", "DATA", "b3", "2"),
    ("DATA-ENG", "Ingénieur données", "DATA", "B4", "2"),
    ("DATA-SCI", "Data scientist", "DATA", "A7", "4-5"),
    ("DATA-SCI", "Data scientist", "DATA", "B1", 2.0),
    ("IT-ARCH-03", "Architecte d'entreprise", "ARCH", "A1", "e-4"),
    ("IT-ARCH-03", "Architecte d'entreprise", "ARCH", "A5", 4),
]


def _xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Profil", "Intitulé", "Famille", "Compétence", "Niveau"])
    for row in ROWS:
        ws.append(list(row))
    book.save(path)
    return path


def _csv(path: Path) -> Path:
    codes = ["A1", "A5", "A7", "B1", "B3", "B4"]
    lines = ["Profil;Intitulé;Famille;" + ";".join(codes)]
    by: dict[str, dict[str, str]] = {}
    meta: dict[str, tuple[str, str]] = {}
    for code, title, family, comp, level in ROWS:
        by.setdefault(code, {})[comp.upper()] = str(level).replace(".0", "")
        meta[code] = (title, family)
    for code, levels in by.items():
        title, family = meta[code]
        lines.append(";".join([code, title, family, *(levels.get(c, "") for c in codes)]))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def _check(n: cigref_ecf.Nomenclature) -> None:
    assert [p.code for p in n.profiles] == ["DATA-ENG", "DATA-SCI", "IT-ARCH-03"]
    eng = cigref_ecf.job_profile("data-eng", nomenclature=n)
    assert eng.title == "Ingénieur données" and eng.family == "DATA"
    assert [(r.competence, str(r.level)) for r in eng.competences] == [
        ("B1", "3"),
        ("B3", "2"),
        ("B4", "2"),
    ]
    assert str(cigref_ecf.matrix(nomenclature=n).cell("DATA-SCI", "A7")) == "4-5"
    assert str(cigref_ecf.matrix(nomenclature=n).cell("IT-ARCH-03", "A1")) == "4"
    assert cigref_ecf.family("arch", nomenclature=n).profiles == ("IT-ARCH-03",)
    ranked = cigref_ecf.rank_profiles({"B1": 3, "B3": 2, "B4": 2}, nomenclature=n)
    assert ranked[0].profile.code == "DATA-ENG" and ranked[0].score == 1.0
    differences = cigref_ecf.diff(cigref_ecf.load(), n)
    added = [d.profile for d in differences if d.kind == "profile added"]
    assert added == ["DATA-ENG", "DATA-SCI", "IT-ARCH-03"]
    assert sum(d.kind == "profile removed" for d in differences) == 33
    assert cigref_ecf.load_json(cigref_ecf.to_json(n)) == n


def test_company_matrix_from_xlsx(tmp_path: Path) -> None:
    _check(cigref_ecf.read_matrix(_xlsx(tmp_path / "acme.xlsx")))


def test_company_matrix_from_semicolon_cp1252_csv(tmp_path: Path) -> None:
    path = _csv(tmp_path / "acme.csv")
    assert "é".encode("cp1252") in path.read_bytes()
    n = cigref_ecf.read_matrix(path)
    _check(n)
    assert n == cigref_ecf.read_matrix(_xlsx(tmp_path / "acme.xlsx"))


_BUNDLED = cigref_ecf.load()
_FAMILIES = [(f.code, f.title) for f in _BUNDLED.families]


@pytest.mark.parametrize("long", [False, True])
def test_bundled_matrix_round_trips_through_xlsx(tmp_path: Path, long: bool) -> None:
    m = cigref_ecf.matrix()
    path = tmp_path / "m.xlsx"
    m.to_excel(path, long=long)
    back = cigref_ecf.read_matrix(path)
    assert dict(cigref_ecf.matrix(nomenclature=back).cells) == dict(m.cells)
    assert [p.title for p in back.profiles] == [p.title for p in cigref_ecf.load().profiles]
    assert [(f.code, f.title) for f in back.families] == _FAMILIES
    on_cigref = cigref_ecf.read_matrix(path, base="cigref")
    assert on_cigref == cigref_ecf.load()


def test_wide_csv_and_xlsx_have_the_same_columns_and_cells(tmp_path: Path) -> None:
    import csv
    import io

    m = cigref_ecf.matrix()
    path = tmp_path / "m.xlsx"
    m.to_excel(path)
    book = openpyxl.load_workbook(path, read_only=True)
    width = 4 + len(m.columns)
    # A row of the sheet ends at its last filled cell: blanks after it read as "".
    in_xlsx = [
        ["" if x is None else x for x in row] + [""] * (width - len(row))
        for row in book.active.iter_rows(values_only=True)
    ]
    book.close()
    in_csv = list(csv.reader(io.StringIO(m.to_csv(), newline="")))
    assert in_csv == in_xlsx
    assert in_csv[0] == ["profile", "title", "family", "family_title", *m.columns]
    n = cigref_ecf.load()
    assert [row[:4] for row in in_csv[1:]] == [
        [p.code, p.title, p.family, cigref_ecf.family(p.family).title] for p in n.profiles
    ]


@pytest.mark.parametrize("long", [False, True])
def test_bundled_matrix_round_trips_through_csv(long: bool) -> None:
    m = cigref_ecf.matrix()
    back = cigref_ecf.read_matrix(m.to_csv(long=long).encode(), format="csv", base="cigref")
    assert dict(cigref_ecf.matrix(nomenclature=back).cells) == dict(m.cells)
    assert back == cigref_ecf.load()
    if not long:
        # The wide CSV carries the families: it reads back on the e-CF alone, as the XLSX does.
        alone = cigref_ecf.read_matrix(m.to_csv().encode(), format="csv")
        assert dict(cigref_ecf.matrix(nomenclature=alone).cells) == dict(m.cells)
        assert [(p.code, p.title, p.family) for p in alone.profiles] == [
            (p.code, p.title, p.family) for p in cigref_ecf.load().profiles
        ]
        assert [(f.code, f.title) for f in alone.families] == _FAMILIES
    semicolon = m.to_csv(long=long).replace(",", ";").encode("cp1252", "replace")
    assert dict(cigref_ecf.matrix(nomenclature=cigref_ecf.read_matrix(
        semicolon, format="csv", base="cigref")).cells) == dict(m.cells)  # fmt: skip


def test_a_changed_cigref_matrix_diffs_against_cigref() -> None:
    text = cigref_ecf.matrix().to_csv()
    lines = text.split("\r\n")
    header = lines[0].split(",")
    row = lines[10].split(",")  # 3.2
    assert row[0] == "3.2"
    row[header.index("B1")] = "3"
    row[header.index("A6")] = ""
    lines[10] = ",".join(row)
    n = cigref_ecf.read_matrix("\r\n".join(lines).encode(), format="csv", base="cigref")
    assert [str(d) for d in cigref_ecf.diff(cigref_ecf.load(), n)] == [
        "- level removed 3.2 A6: 1",
        "~ level changed 3.2 B1: 2-4 -> 3",
    ]


def _problems(text: str, *, base: str = "e-cf") -> list[str]:
    """The problems ``read_matrix`` finds in a CSV sheet."""
    with pytest.raises(DataError) as info:
        cigref_ecf.read_matrix(text.encode(), format="csv", base=base)
    return [str(p) for p in info.value.problems]


def test_sheet_problems_name_row_and_column_in_one_report() -> None:
    """Header problems never hide row problems: an unknown column, a bad level, a missing family
    and a malformed code all come in one report, each at its row and column."""
    text = (
        "profile;title;family;B1;B3;Z9\r\n"
        "DATA-ENG;Data engineer;DATA;3;5;\r\n"
        "DATA-SCI;Data scientist;;two;;\r\n"
        "bad code;x;DATA;2;;\r\n"
    )
    assert _problems(text) == [
        "column Z9: not an e-CF competence code; did you mean 'E9' or 'D9'?; ignore= "
        "(--ignore-column) reads past a column",
        "row 2, column B3: B3 does not define level 5; its levels are 1, 2, 3",
        "row 3, column B1: invalid level requirement: 'two' (expected e.g. '3', '2-4' or '1/3')",
        "row 4, column profile: malformed profile code 'bad code'",
        "row 3: profile DATA-SCI has no family (a profile's family is required)",
    ]
    long = "profil,compétence,niveau\r\nX,B1,\r\n"
    with pytest.raises(DataError) as info:
        cigref_ecf.read_matrix(long.encode(), format="csv")
    assert [str(p) for p in info.value.problems] == [
        "header: no family column: every profile needs its family (add a family column, or "
        "family= (--family-column) to name yours)",
        "row 2, column niveau: no level for B1",
    ]


@pytest.mark.parametrize("long", [False, True])
def test_family_titles_from_a_sheet(long: bool) -> None:
    """A family_title column titles the new families (given on any of their rows, the same on
    each); a family without one has no title, and a note says so."""
    rows = [
        ("DATA-ENG", "DATA", "Données et IA", "B1", "3"),
        ("DATA-SCI", "data", "", "B1", "2"),
        ("ARCH-1", "ARCH", "", "A1", "4"),
    ]

    def sheet(titled: bool) -> bytes:
        named = ["intitulé de la famille" if long else "Family Title"] if titled else []
        if long:
            head = ["profil", "famille", *named, "compétence", "niveau"]
        else:
            head = ["profile", "family", *named, "A1", "B1"]
        lines = [";".join(head)]
        for code, fam, title, comp, level in rows:
            cells = [comp, level] if long else [level if c == comp else "" for c in ("A1", "B1")]
            lines.append(";".join([code, fam, *([title] if titled else []), *cells]))
        return ("\r\n".join(lines) + "\r\n").encode()

    n = cigref_ecf.read_matrix(sheet(titled=True), format="csv")
    assert [(f.code, f.title, f.profiles) for f in n.families] == [
        ("DATA", "Données et IA", ("DATA-ENG", "DATA-SCI")),
        ("ARCH", "", ("ARCH-1",)),  # never titled with its code: a note says it has none
    ]
    notes: list[cigref_ecf.Problem] = []
    plain = cigref_ecf.read_matrix(sheet(titled=False), format="csv", notes=notes)
    assert [(f.code, f.title) for f in plain.families] == [("DATA", ""), ("ARCH", "")]
    assert [str(note) for note in notes] == [
        "family_title: families 'DATA', 'ARCH' without a title (a family_title column gives one)",
        "$.add_profiles[1] (DATA-SCI).family: 'data' read as DATA",
    ]
    assert [p.code for p in plain.profiles] == [p.code for p in n.profiles]
    assert dict(cigref_ecf.matrix(nomenclature=plain).cells) == dict(
        cigref_ecf.matrix(nomenclature=n).cells
    )


def test_family_title_problems_name_the_rows() -> None:
    text = (
        "profile;family;family_title;B1\r\n"
        "DATA-ENG;DATA;Data;3\r\n"
        "DATA-SCI;data;Données;2\r\n"
        "ORPHAN;;Orphans;2\r\n"
        "DATA-OPS;DATA;Data;2\r\n"
    )
    assert _problems(text) == [
        "row 3, column family_title: family data: title 'Données' differs from 'Data' (row 2)",
        "row 4, column family_title: family title 'Orphans' but no family",
        "row 4: profile ORPHAN has no family (a profile's family is required)",
    ]


def test_a_sheet_renames_a_cigref_family() -> None:
    """On CIGREF, a family keeps its title unless the sheet gives another: then it is renamed
    (``diff`` says so, as for an overlay's ``rename_families``); every row of the family must say
    the same title."""
    old = cigref_ecf.family(3).title
    text = cigref_ecf.matrix().to_csv()
    assert cigref_ecf.read_matrix(text.encode(), format="csv", base="cigref") == _BUNDLED
    renamed = cigref_ecf.read_matrix(
        text.replace(f",{old},", ",Build,").encode(), format="csv", base="cigref"
    )
    assert [str(d) for d in cigref_ecf.diff(_BUNDLED, renamed)] == [
        f"~ family renamed 3: {old} -> Build"
    ]
    assert cigref_ecf.family(3, nomenclature=renamed).profiles == cigref_ecf.family(3).profiles
    lines = text.split("\r\n")
    at = next(k for k, line in enumerate(lines) if line.startswith("3.2,"))
    lines[at] = lines[at].replace(f",{old},", ",Build,")
    assert _problems("\r\n".join(lines), base="cigref") == [
        f"row {at + 1}, column family_title: family 3: title 'Build' differs from {old!r} "
        f"(row {at})"
    ]
    # A row that names no family titles its profile's CIGREF family.
    short = "profile;family_title;B1\r\n3.2;Build;2-4\r\n"
    n = cigref_ecf.read_matrix(short.encode(), format="csv", base="cigref")
    assert cigref_ecf.family(3, nomenclature=n).title == "Build"


def test_cli_import_a_new_family_with_its_title(tmp_path: Path) -> None:
    """The HRIS user's round: an XLSX whose new family has its title, imported, then used."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Profil", "Intitulé", "Famille", "Intitulé de la famille", "B1", "B3"])
    ws.append(["DATA-ENG", "Ingénieur données", "DATA", "Données et IA", 3, 2])
    ws.append(["DATA-SCI", "Data scientist", "DATA", None, 2, None])
    ws.append(["3.2", None, 3, "Build", "2-4", "3"])
    book.save(tmp_path / "acme.xlsx")
    out = tmp_path / "result.json"
    said = run("import", str(tmp_path / "acme.xlsx"), "--base", "cigref", "-o", str(out))
    assert said.returncode == 0 and "35 profiles in 8 families" in said.stdout
    assert "provenance of profile 3.2 (Annex 1 row) dropped" in said.stderr  # its levels changed
    overlay = json.loads(out.read_text(encoding="utf-8"))
    assert overlay["add_families"] == [{"code": "DATA", "title": "Données et IA"}]
    assert overlay["rename_families"] == {"3": "Build"}
    listed = ok("--nomenclature", str(out), "profiles", "--family", "data")
    assert listed.split() == ["DATA-ENG", "Ingénieur", "données", "DATA-SCI", "Data", "scientist"]
    shown = ok("--nomenclature", str(out), "profile", "data-eng")
    assert "DATA: Données et IA" in shown.splitlines()[1]
    assert ok("diff", "cigref", str(out)).splitlines()[:2] == [
        f"~ family renamed 3: {cigref_ecf.family(3).title} -> Build",
        "+ family added DATA: Données et IA",
    ]


def test_cli_import_diff_and_company_codes(tmp_path: Path) -> None:
    xlsx = _xlsx(tmp_path / "acme.xlsx")
    out = tmp_path / "acme.json"
    imported = run("import", str(xlsx), "-o", str(out))
    assert imported.returncode == 0 and "3 profiles in 2 families" in imported.stdout
    assert imported.stderr == (
        "cigref-ecf: note: family_title: families 'DATA', 'ARCH' without a title (a "
        "family_title column gives one)\n"
    )
    overlay = json.loads(out.read_text(encoding="utf-8"))
    assert overlay["base"] == "e-cf"
    assert ok("validate", str(out)).strip().endswith("valid")
    overlay["add_profiles"][0]["competences"].reverse()
    out.write_text(json.dumps(overlay), encoding="utf-8")
    checked = ok("validate", str(out))
    assert "note: $.add_profiles[0] (DATA-ENG).competences: competences put in framework" in checked
    assert checked.strip().endswith("valid")
    report = json.loads(ok("validate", str(out), "--json"))
    assert report["valid"] and report["problems"] == [] and len(report["notes"]) == 1
    assert ok("profile", "data-eng", "--nomenclature", str(out)).startswith(
        "DATA-ENG  Ingénieur données"
    )
    listed = ok("profiles", "--family", "data", "--nomenclature", str(out))
    assert "DATA-ENG" in listed and "DATA-SCI" in listed and "IT-ARCH-03" not in listed
    diff = ok("diff", "cigref", str(out))
    assert "+ profile added DATA-ENG: Ingénieur données" in diff
    data = json.loads(ok("diff", str(out), str(out), "--json"))
    assert data == []
    assert ok("diff", str(out), str(out)).strip() == "no differences"
    miss = run("profile", "data-en", "--nomenclature", str(out))
    assert miss.returncode == 1 and "did you mean 'DATA-ENG'" in miss.stderr
    missing = run("profile", "3.2", "--nomenclature", str(tmp_path / "nope.json"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr


_OVERLAY_SCHEMA = pytest.importorskip("jsonschema").Draft202012Validator(
    cigref_ecf.json_schema("overlay")
)


@settings(max_examples=40)
@given(overlays())
def test_overlay_spreadsheet_and_diff_agree(
    drawn: tuple[dict[str, Any], list[cigref_ecf.Difference]],
) -> None:
    """An overlay (valid by its JSON Schema too) applied, then diffed against its base, lists
    exactly the overlay's changes (families renamed, added, removed; profiles removed, moved,
    renamed, added; levels); a spreadsheet of the result reads back to it when the overlay
    changes titles (of families and profiles) and levels, with the same differences."""
    overlay, expected = drawn
    _OVERLAY_SCHEMA.validate(overlay)
    n = cigref_ecf.load_json(json.dumps(overlay))
    assert list(cigref_ecf.diff(_BUNDLED, n)) == expected
    assert cigref_ecf.diff(n, n) == ()
    kept = {f.code for f in n.families}
    listed = {(f.code, code) for f in n.families for code in f.profiles}
    assert all(p.family in kept and (p.family, p.code) in listed for p in n.profiles)
    sheet = cigref_ecf.matrix(nomenclature=n).to_csv().encode()
    if overlay.keys() <= {"base", "rename_families", "rename_profiles", "set_levels"}:
        back = cigref_ecf.read_matrix(sheet, format="csv", base="cigref")
        assert back == n
        assert list(cigref_ecf.diff(_BUNDLED, back)) == expected


def test_cli_overlay_with_family_changes_and_mistakes(tmp_path: Path) -> None:
    """The HRIS user's round: an overlay with mistakes, every one reported by any command that
    reads it; once put right, ``--nomenclature`` before or after the command."""
    overlay: dict[str, Any] = {
        "base": "cigref",
        "add_families": [{"code": "DATA", "title": "Data"}],
        "rename_families": {"3": "Build", "77": "Typo"},
        "remove_families": ["7"],
        "add_profiles": [
            {
                "code": "DATA-ENG",
                "family": "DATA",
                "title": "Data engineer",
                "competences": [{"competence": "B1", "level": "nine"}],
            }
        ],
        "remove_profiles": ["7.1", "7.2", "7.3", "7.4", "7.9"],
    }
    path = tmp_path / "acme.json"
    path.write_text(json.dumps(overlay), encoding="utf-8")
    people = tmp_path / "me.csv"
    people.write_text("competence,level\nB1,3\n", encoding="utf-8")
    failed = run("--nomenclature", str(path), "rank", str(people))
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.splitlines() == [
        f"cigref-ecf: 4 problems found in {path}",
        "  $.rename_families['77']: cannot rename '77': the base has no such family (its "
        "families: '1', '2', '3', '4', '5', '6', '7'); did you mean '7'?",
        "  $.remove_families[0]: cannot remove family 7: it still has profiles '7.5' after the "
        "other changes; remove them (remove_profiles) or move them to another family "
        "(replace_profiles)",
        "  $.add_profiles[0] (DATA-ENG).competences[0].level: invalid level requirement: 'nine' "
        "(expected e.g. '3', '2-4' or '1/3')",
        "  $.remove_profiles[4]: cannot remove '7.9': the base has no such profile; did you mean "
        "'7.5' or '4.9'?",
    ]
    assert run("validate", str(path)).stdout.count("\n  $.") == 4
    del overlay["rename_families"]["77"]
    overlay["add_profiles"][0]["competences"][0]["level"] = "3"
    overlay["remove_profiles"][-1] = "7.5"
    path.write_text(json.dumps(overlay), encoding="utf-8")
    before = ok("--nomenclature", str(path), "rank", str(people))
    assert before == ok("rank", str(people), "--nomenclature", str(path))
    assert before.splitlines()[0].split()[:2] == ["1.", "DATA-ENG"]
    assert ok("diff", "cigref", str(path)).splitlines()[:3] == [
        f"~ family renamed 3: {cigref_ecf.family(3).title} -> Build",
        f"- family removed 7: {cigref_ecf.family(7).title}",
        "+ family added DATA: Data",
    ]
    twice = run("--nomenclature", str(path), "profiles", "--nomenclature", "other.json")
    assert twice.returncode == 2 and "--nomenclature given twice" in twice.stderr
