"""A company's files as they really are (issue 22): a messy XLSX matrix, a French semicolon CSV
in Windows-1252 and an HR export, each read in one pass: ONE report listing every mistake at
its row and column; once put right (or read with the options that name their columns), the
files import, validate, diff and rank."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import DataError, InvalidAssessmentError

from .test_cli import run

openpyxl = pytest.importorskip("openpyxl")

_IGNORE = "ignore= (--ignore-column) reads past a column"
_NO_FAMILY = (
    "header: no family column: every profile needs its family (add a family column, or "
    "family= (--family-column) to name yours)"
)


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


MESSY_WIDE: list[list[object]] = [
    ["Code emploi", "Intitulé", "Commentaire", "B1 - Design and Development", "e-CF B3", "B9",
     "A1"],
    ["IT-ARCH-03", "Architecte", "revu en mars", 3, 2, 4, 4],
    ["DATA-ENG", "Ingénieur données", None, "4+", 3, None, None],
    ["IT-ARCH-03", "Architecte SI", None, 3, 2, None, 5],
    ["DATA-SCI", "Data scientist", "à revoir", "4+", "e-2", None, 1],
    ["bad code", "x", None, 2, None, None, None],
]  # fmt: skip


def _report(call: object) -> list[str]:
    with pytest.raises(DataError) as info:
        call()  # type: ignore[operator]
    return [str(p) for p in info.value.problems]


def test_a_messy_xlsx_matrix_gets_one_report_with_every_mistake(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "matrice.xlsx", MESSY_WIDE)
    report = _report(lambda: cigref_ecf.read_matrix(path))
    assert report == [
        f"column Commentaire: not an e-CF competence code; {_IGNORE}",
        f"column B9: not an e-CF competence code; did you mean 'B5' or 'B4' or 'B3'?; {_IGNORE}",
        _NO_FAMILY,
        "rows 3, 5, column B1 - Design and Development: invalid level requirement: '4+' "
        "(expected e.g. '3', '2-4' or '1/3')",
        "row 4: profile IT-ARCH-03 given twice (also at row 2); one row per profile in a wide "
        "table",
        "row 5, column A1: A1 does not define level 1; its levels are 4, 5",
        "row 6, column Code emploi: malformed profile code 'bad code'",
    ]
    with pytest.raises(DataError) as info:
        cigref_ecf.read_matrix(path)
    problems = info.value.problems
    assert [(p.row, p.column, p.count) for p in problems[3:4]] == [
        (3, "B1 - Design and Development", 2)
    ]
    assert "8 problems found in" in str(info.value)  # the group of two rows counts twice

    # Put right: no B9, levels fixed, one row per profile, a family column under its own name.
    fixed = [row[:5] + row[6:] for row in MESSY_WIDE[:-1]]
    del fixed[3]
    fixed[2][3], fixed[3][3], fixed[3][5] = 4, 3, 5
    for row, family in zip(fixed, ["Filière", "ARCH", "DATA", "DATA"], strict=True):
        row.insert(2, family)
    good = _xlsx(tmp_path / "matrice-ok.xlsx", fixed)
    n = cigref_ecf.read_matrix(good, family="Filière", ignore="Commentaire")
    assert [(p.code, p.family, p.title) for p in n.profiles] == [
        ("IT-ARCH-03", "ARCH", "Architecte"),
        ("DATA-ENG", "DATA", "Ingénieur données"),
        ("DATA-SCI", "DATA", "Data scientist"),
    ]
    assert [(r.competence, str(r.level)) for r in n.profiles[2].competences] == [
        ("A1", "5"),
        ("B1", "3"),
        ("B3", "2"),
    ]
    _import_validate_diff_rank(tmp_path, good, ["--family-column", "Filière"], n)


def _import_validate_diff_rank(
    tmp_path: Path, sheet: Path, options: list[str], n: cigref_ecf.Nomenclature
) -> None:
    """The command line's round on a file put right: import, validate, diff, rank."""
    overlay = tmp_path / f"{sheet.stem}.json"
    imported = run("import", str(sheet), "-o", str(overlay), "--ignore-column", "Commentaire",
                   *options)  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert cigref_ecf.load(overlay) == n
    assert run("validate", str(overlay)).stdout.strip().endswith("valid")
    diff = run("diff", "cigref", str(overlay))
    assert diff.returncode == 0 and f"+ profile added {n.profiles[0].code}" in diff.stdout
    me = tmp_path / "me.csv"
    me.write_text("compétence;niveau\nB1;3\nB3;2\n", encoding="cp1252")
    ranked = run("rank", str(me), "--nomenclature", str(overlay), "--format", "json")
    assert ranked.returncode == 0, ranked.stderr
    assert {r["profile"] for r in json.loads(ranked.stdout)} == {p.code for p in n.profiles}


MESSY_LONG = (
    "Code emploi;Intitulé;Compétence;Niveau;Commentaire\r\n"
    "DATA-ENG;Ingénieur données;B1;3,0;\r\n"
    "DATA-ENG;Ingénieur données;B3;4+;à revoir\r\n"
    "DATA-ENG;Ingénieur des données;B4;2;\r\n"
    "DATA-ENG;Ingénieur données;b1;3;doublon\r\n"
    "IT-ARCH-03;Architecte;Z3;4;\r\n"
    "IT-ARCH-03;Architecte;A1;4+;\r\n"
)


def test_a_french_semicolon_cp1252_csv_gets_one_report(tmp_path: Path) -> None:
    path = tmp_path / "matrice.csv"
    path.write_bytes(MESSY_LONG.encode("cp1252"))
    assert "é".encode("cp1252") in path.read_bytes()
    report = _report(lambda: cigref_ecf.read_matrix(path))
    assert report == [
        f"column Commentaire: not a column of a long matrix; {_IGNORE}",
        _NO_FAMILY,
        "rows 3, 7, column Niveau: invalid level requirement: '4+' (expected e.g. '3', '2-4' "
        "or '1/3')",
        "row 4, column Intitulé: title 'Ingénieur des données' of profile DATA-ENG differs from "
        "'Ingénieur données' (row 2)",
        "row 5, column Niveau: B1 given twice for profile DATA-ENG (also at row 2)",
        "row 6, column Compétence: unknown competence 'Z3'; did you mean 'E3' or 'D3' or 'C3'?",
    ]
    good = tmp_path / "matrice-ok.csv"
    lines = (
        MESSY_LONG.replace("B3;4+", "B3;3")
        .replace("4+", "4")
        .replace("des données", "données")
        .splitlines()
    )
    lines = [line for line in lines if "doublon" not in line and "Z3" not in line]
    lines = [line.replace("Compétence;", "Famille;Compétence;", 1) for line in lines[:1]] + [
        line.replace(";B", ";DATA;B").replace(";A1", ";ARCH;A1") for line in lines[1:]
    ]
    good.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    n = cigref_ecf.read_matrix(good, ignore=["commentaire"])
    assert [(r.competence, str(r.level)) for r in n.profiles[0].competences] == [
        ("B1", "3"),
        ("B3", "3"),
        ("B4", "2"),
    ]
    _import_validate_diff_rank(tmp_path, good, [], n)


MESSY_TEAM = (
    "Matricule;Nom complet;B1 - Design and Development;e-CF B3;B9\r\n"
    "1001;Ana;3,0;2;\r\n"
    "1002;Bob;4+;e-2;\r\n"
    "1001;Ana bis;2;2;\r\n"
    "1003;Chloé;4+;7;\r\n"
)


def test_a_french_hr_export_gets_one_report(tmp_path: Path) -> None:
    path = tmp_path / "equipe.csv"
    path.write_bytes(MESSY_TEAM.encode("cp1252"))
    with pytest.raises(InvalidAssessmentError) as info:
        cigref_ecf.read_assessments(path)
    report = [str(p) for p in info.value.problems]
    assert report[0].startswith(
        "header: 2 columns are neither competence codes nor a person column ('Nom complet', "
        "'B9'); expected a long table"
    )
    assert report[1:] == [
        "row 4: person '1001' given twice (also at row 2)",
        "rows 3, 5, column B1 - Design and Development: invalid level '4+': expected an integer "
        "1..5 (3, 3.0, '3,0', ' 3 '), a level code ('e-3', 'E3'), or blank/None/NaN for not "
        "assessed",
        "row 5, column e-CF B3: invalid level '7': e-CF levels run from 1 to 5",
    ]
    fixed = MESSY_TEAM.replace("4+", "4").replace(";7;", ";3;").replace("1001;Ana bis", "1004;Dan")
    team = cigref_ecf.read_assessments(
        io.StringIO(fixed.replace(";B9", ";Commentaire")), ignore=["Nom complet", "Commentaire"]
    )
    assert {p: dict(a) for p, a in team.items()} == {
        "1001": {"B1": 3, "B3": 2},
        "1002": {"B1": 4, "B3": 2},
        "1004": {"B1": 2, "B3": 2},
        "1003": {"B1": 4, "B3": 3},
    }


# ------------------------------------------------------------------ the options, as properties

_CLEAN = cigref_ecf.read_matrix(cigref_ecf.matrix().to_csv().encode(), format="csv")
_RENAMES = {
    "profile": ["Code emploi", "Réf. poste", "job code"],
    "title": ["Libellé", "Intitulé du poste"],
    "family": ["Filière", "famille"],
    "family_title": ["Libellé filière", "titre famille"],
}


@settings(max_examples=25, deadline=None)
@given(
    names=st.fixed_dictionaries({role: st.sampled_from(v) for role, v in _RENAMES.items()}),
    extra=st.lists(
        st.sampled_from(["Commentaire", "Service", "Mis à jour", "Note RH"]),
        unique=True,
        max_size=3,
    ),
    descriptive=st.booleans(),
    data=st.data(),
)
def test_a_matrix_with_extra_columns_and_renamed_headers_reads_as_the_clean_one(
    names: dict[str, str], extra: list[str], descriptive: bool, data: st.DataObject
) -> None:
    rows = [list(r) for r in cigref_ecf.matrix().to_csv().splitlines()]
    import csv

    table = list(csv.reader(cigref_ecf.matrix().to_csv().splitlines()))
    header = [names.get(h, h) for h in table[0]]
    if descriptive:
        titles = {c.code: c.title for c in cigref_ecf.load().competences}
        header = [f"{h} - {titles[h]}" if h in titles else h for h in header]
    body = table[1:]
    for name in extra:
        at = data.draw(st.integers(0, len(header)))
        header.insert(at, name)
        for row in body:
            row.insert(at, "x")
    lines = [";".join(header), *(";".join(r) for r in body)]
    given_names = {role: name for role, name in names.items() if name not in _KNOWN}
    read = cigref_ecf.read_matrix(
        ("\r\n".join(lines) + "\r\n").encode("utf-8"),
        format="csv",
        ignore=extra,
        profile=given_names.get("profile"),
        title=given_names.get("title"),
        family=given_names.get("family"),
        family_title=given_names.get("family_title"),
    )
    assert read == _CLEAN
    assert rows  # the sheet was not empty


_KNOWN = {"job code", "famille", "titre famille"}
"""Renamed headers the reader knows by themselves (the others are named by the options)."""


@settings(max_examples=25, deadline=None)
@given(
    person=st.sampled_from(["Matricule", "Réf. salarié", "ID RH"]),
    extra=st.lists(st.sampled_from(["Nom", "Service", "Manager"]), unique=True, max_size=3),
    descriptive=st.booleans(),
    levels=st.lists(
        st.fixed_dictionaries({}, optional={c: st.integers(1, 5) for c in ("B1", "B3", "C1")}),
        min_size=1,
        max_size=8,
    ),
)
def test_a_team_file_with_extra_columns_and_renamed_headers_reads_as_the_clean_one(
    person: str, extra: list[str], descriptive: bool, levels: list[dict[str, int]]
) -> None:
    n = cigref_ecf.load()
    levels = [
        {c: v for c, v in row.items() if v in cigref_ecf.competence(c).applicable_levels}
        for row in levels
    ]
    codes = ["B1", "B3", "C1"]
    clean = ["person;" + ";".join(codes)]
    clean += [f"p{i};" + ";".join(str(r.get(c, "")) for c in codes) for i, r in enumerate(levels)]
    titles = {c.code: c.title for c in n.competences}
    shown = [f"e-CF {c} - {titles[c]}" if descriptive else c for c in codes]
    messy = [";".join([*extra, person, *shown])]
    messy += [
        ";".join(["x"] * len(extra) + [f"p{i}"] + [f"{r[c]},0" if c in r else "" for c in codes])
        for i, r in enumerate(levels)
    ]
    want = cigref_ecf.read_assessments("\n".join(clean) + "\n")
    got = cigref_ecf.read_assessments("\n".join(messy) + "\n", person=person, ignore=extra)
    assert {p: dict(a) for p, a in got.items()} == {p: dict(a) for p, a in want.items()}


# ------------------------------------------------------------------ consistency


def test_extend_takes_nomenclature_and_base_still_works_with_a_warning() -> None:
    mine = cigref_ecf.JobProfile(
        code="DATA-ENG",
        family="DATA",
        title="Data engineer",
        competences=[cigref_ecf.CompetenceRequirement(competence="B1", level="3")],
    )
    family = [cigref_ecf.Family(code="DATA", title="Data")]
    n = cigref_ecf.extend(nomenclature=cigref_ecf.load(), families=family, profiles=[mine])
    with pytest.warns(DeprecationWarning, match=r"extend\(nomenclature=\.\.\.\)"):
        old = cigref_ecf.extend(base=cigref_ecf.load(), families=family, profiles=[mine])
    assert old == n == cigref_ecf.extend(cigref_ecf.load(), families=family, profiles=[mine])
    with pytest.raises(TypeError, match="not both"), pytest.warns(DeprecationWarning, match="base"):
        cigref_ecf.extend(n, base=n)


def test_a_note_is_said_once_for_many_profiles() -> None:
    """Changing the levels of many CIGREF profiles drops their Annex 1 rows: one note says it
    for all of them (it was one line per profile)."""
    text = cigref_ecf.matrix().to_csv()
    lines = text.split("\r\n")
    header = lines[0].split(",")
    at = header.index("B1")
    changed = 0
    for k, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if len(cells) == len(header) and cells[at] not in ("", "5"):
            cells[at] = "5"
            lines[k] = ",".join(cells)
            changed += 1
    notes: list[cigref_ecf.Problem] = []
    cigref_ecf.read_matrix("\r\n".join(lines).encode(), format="csv", base="cigref", notes=notes)
    said = [str(n) for n in notes if "provenance of" in str(n) and "errata" not in str(n)]
    assert len(said) == 1 and f"provenance of {changed} profiles" in said[0], said


def test_competence_suggestions_are_ordered_by_closeness() -> None:
    with pytest.raises(LookupError) as info:
        cigref_ecf.competence("B33")
    assert info.value.suggestions[0] == "B3"  # type: ignore[attr-defined]
    with pytest.raises(LookupError) as info:
        cigref_ecf.competence("B9")
    assert info.value.suggestions == ("B5", "B4", "B3")  # type: ignore[attr-defined]


def test_a_team_passed_to_a_one_person_function_names_the_one_that_takes_a_team() -> None:
    team = cigref_ecf.read_assessments("employee,B1\nana,3\nbob,2\n")
    with pytest.raises(InvalidAssessmentError, match=r"rank_profiles_batch\(team\)"):
        cigref_ecf.rank_profiles(team)  # type: ignore[arg-type]
    with pytest.raises(InvalidAssessmentError, match=r"training_needs\(profile, team\)"):
        cigref_ecf.gap("3.2", {"ana": {"B1": 3}, "bob": {"B1": 2}})
    one = cigref_ecf.read_assessments("competence,level\nB1,3\n")  # one person, unnamed
    assert cigref_ecf.rank_profiles(one) == cigref_ecf.rank_profiles({"B1": 3})  # type: ignore[arg-type]
    records = [{"person": "ana", "B1": 3}, {"person": "bob", "B3": 2}]
    batch = cigref_ecf.rank_profiles_batch(records, engine="python")
    assert batch.person_ids == ("ana", "bob")
    assert (
        batch.to_records()
        == cigref_ecf.rank_profiles_batch(
            {"ana": {"B1": 3}, "bob": {"B3": 2}}, engine="python"
        ).to_records()
    )
    named = [{"Réf": 1, "Nom": "Ana", "B1": 3}]
    assert cigref_ecf.rank_profiles_batch(named, person="Réf", ignore="Nom").person_ids == (1,)


def test_text_streams_read_as_binary_streams_do() -> None:
    text = "employee;B1;B3\nana;3,0;2\n"
    assert cigref_ecf.read_assessments(io.StringIO(text)) == cigref_ecf.read_assessments(
        io.BytesIO(text.encode())
    )
    sheet = "profile;family;family_title;B1\r\nX;F;Fam;3\r\n"
    assert cigref_ecf.read_matrix(io.StringIO(sheet)) == cigref_ecf.read_matrix(
        io.BytesIO(sheet.encode())
    )


def test_validate_diff_and_nomenclature_read_a_spreadsheet(tmp_path: Path) -> None:
    sheet = _xlsx(
        tmp_path / "matrice.xlsx",
        [["profile", "family", "family_title", "B1"], ["X", "F", "Fam", 3]],
    )
    assert run("validate", str(sheet)).stdout.strip() == f"{sheet}: valid"
    diff = run("diff", "cigref", str(sheet))
    assert diff.returncode == 0 and "+ profile added X" in diff.stdout
    shown = run("profile", "X", "--nomenclature", str(sheet))
    assert shown.returncode == 0 and shown.stdout.startswith("X"), shown.stderr
    bad = _xlsx(tmp_path / "bad.xlsx", [["profile", "B9"], ["X", 3]])
    checked = run("validate", str(bad), "--json")
    assert checked.returncode == 1
    report = json.loads(checked.stdout)
    assert [p["column"] for p in report["problems"]][:1] == ["B9"]
    assert "not UTF-8" not in checked.stdout + checked.stderr
    with pytest.raises(DataError, match=r"read_matrix\(\)"):
        cigref_ecf.load(sheet)
    failed = run("profile", "X", "--nomenclature", str(bad), "--json")
    error = json.loads(failed.stderr)
    assert failed.returncode == 1 and error["problems"][0] == {
        "path": "column B9",
        "row": None,
        "column": "B9",
        "message": error["problems"][0]["message"],
        "count": 1,
    }


def test_the_installation_page_lists_every_extra() -> None:
    tomllib = pytest.importorskip("tomllib")
    root = Path(__file__).parent.parent
    extras = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    page = (root / "docs" / "installation.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z]+)` \|", page, flags=re.MULTILINE))
    assert listed == set(extras)
    readme = (root / "README.md").read_text(encoding="utf-8")
    # every install command of the README works from a checkout (the name works once published)
    for command in re.findall(r"pip install [^`\n]*", readme):
        assert "cigref-ecf" not in command.split("#")[0], command


def test_a_column_to_ignore_that_is_not_there_does_not_hide_the_rows() -> None:
    """A name given to ignore= that no column has is one problem of the report, beside the
    rows' (for a team and for a matrix alike)."""
    with pytest.raises(InvalidAssessmentError) as info:
        cigref_ecf.read_assessments("Matricule;Nom;B1\n1;a;4+\n", ignore=["Nom", "Service"])
    assert [str(p).split(";")[0] for p in info.value.problems] == [
        "header: no column 'Service' to ignore",
        "row 2, column B1: invalid level '4+': expected an integer 1..5 (3, 3.0, '3,0', ' 3 '), "
        "a level code ('e-3', 'E3'), or blank/None/NaN for not assessed",
    ]
    sheet = b"profile;family;family_title;Note;B1\r\nX;F;Fam;x;4+\r\n"
    report = _report(lambda: cigref_ecf.read_matrix(sheet, format="csv", ignore=["Note", "Nope"]))
    assert [p.split(";")[0] for p in report] == [
        "header: no column 'Nope' to ignore",
        "row 2, column B1: invalid level requirement: '4+' (expected e.g. '3', '2-4' or '1/3')",
        "row 2: profile X requires no competence",
    ]
