"""The relational export: the SQLite file and the SQL script hold the same tables, answer as the
API does, hold everything (the nomenclature is rebuilt from them), and refuse what SQL cannot hold.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import DataError
from cigref_ecf._write.sql import COLUMNS, SCHEMA, SCHEMA_VERSION

from ._interop import company, company_data, page_queries, with_mission
from ._postgres import server
from .strategies import competence_codes, level_numbers

REQUIRING = """
    SELECT r.profile FROM requirements r
    WHERE r.competence = ? AND r.max_level >= ?
    ORDER BY (SELECT position FROM profiles p WHERE p.code = r.profile)"""
LEVELS_OF = "SELECT level FROM level_descriptors WHERE competence = ? ORDER BY level"
FAMILY = "SELECT code FROM profiles WHERE family = ? ORDER BY position"


def script_db(n: cigref_ecf.Nomenclature | None = None) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    db.executescript(cigref_ecf.to_sql(n))
    return db


def file_db(path: Path, n: cigref_ecf.Nomenclature | None = None) -> sqlite3.Connection:
    cigref_ecf.to_sqlite(path, n)
    return sqlite3.connect(path)


@pytest.fixture(scope="module", params=["sqlite file", "sql script"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if request.param == "sqlite file":
        connection = file_db(tmp_path_factory.mktemp("sql") / "cigref.db")
    else:
        connection = script_db()
    yield connection
    connection.close()


def dump(db: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: db.execute(f"SELECT * FROM {name} ORDER BY {', '.join(COLUMNS[name])}").fetchall()
        for name, _ in SCHEMA
    }


# ---------------------------------------------------------------- both forms, same tables


def test_the_file_and_the_script_hold_the_same_tables(tmp_path: Path) -> None:
    from_file = dump(file_db(tmp_path / "a.db"))
    from_script = dump(script_db())
    assert from_file == from_script
    assert all(from_file[name] for name in ("profiles", "requirements", "errata", "tasks"))


def test_keys_are_declared_and_hold(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {name for name, _ in SCHEMA}
    for name, _ in SCHEMA:
        info = db.execute(f"PRAGMA table_info({name})").fetchall()
        assert [row[1] for row in info] == COLUMNS[name]
        assert any(row[5] for row in info), f"{name} has no primary key"
    references = {
        (name, row[2])
        for name, _ in SCHEMA
        for row in db.execute(f"PRAGMA foreign_key_list({name})")
    }
    assert ("requirements", "competences") in references
    assert ("requirement_levels", "level_descriptors") in references
    assert ("profiles", "families") in references
    assert ("tasks", "activities") in references


def test_meta_has_the_versions(db: sqlite3.Connection) -> None:
    meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    m = cigref_ecf.load().meta
    assert meta["data_version"] == m.data_version
    assert meta["ecf_version"] == m.ecf_version
    assert meta["cigref_version"] == m.cigref_version
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["generator"] == f"cigref-ecf {cigref_ecf.__version__}"


# ---------------------------------------------------------------- SQL = the API


@given(competence=competence_codes, level=level_numbers)
def test_sql_profiles_requiring_a_competence_at_a_level(
    db: sqlite3.Connection, competence: str, level: int
) -> None:
    rows = db.execute(REQUIRING, (competence, level)).fetchall()
    expected = [p.code for p in cigref_ecf.profiles_requiring(competence, at_least=level)]
    assert [r[0] for r in rows] == expected


def test_sql_the_three_questions(db: sqlite3.Connection) -> None:
    assert [r[0] for r in db.execute(REQUIRING, ("B3", 3))] == ["1.4", "3.3", "4.8", "4.9", "4.10"]
    assert [r[0] for r in db.execute(LEVELS_OF, ("D6",))] == [3, 4]
    assert len(db.execute(FAMILY, ("4",)).fetchall()) == 10
    for c in cigref_ecf.competences():
        levels = tuple(r[0] for r in db.execute(LEVELS_OF, (c.code,)))
        assert levels == c.applicable_levels
    for f in cigref_ecf.families():
        profiles = [r[0] for r in db.execute(FAMILY, (f.code,))]
        assert profiles == [p.code for p in cigref_ecf.job_profiles(f.code)]


def test_alternatives_are_kept_not_flattened(tmp_path: Path) -> None:
    for db in (script_db(company()), file_db(tmp_path / "c.db", company())):
        rows = db.execute(
            "SELECT r.requirement, r.min_level, r.max_level, l.level FROM requirements r"
            " JOIN requirement_levels l USING (profile, competence)"
            " WHERE r.profile = 'IT-ARCH-03' AND r.competence = 'B3' ORDER BY l.level"
        ).fetchall()
        assert rows == [("1/3", 1, 3, 1), ("1/3", 1, 3, 3)]
        n = company()
        rows = db.execute(REQUIRING, ("B3", 3)).fetchall()
        expected = cigref_ecf.profiles_requiring("B3", at_least=3, nomenclature=n)
        assert [r[0] for r in rows] == [p.code for p in expected]
        assert [r[0] for r in db.execute(FAMILY, ("DATA",))] == ["DATA-ENG", "IT-ARCH-03"]


def test_the_docs_page_shows_what_its_queries_return(db: sqlite3.Connection) -> None:
    examples = page_queries("sql")
    assert len(examples) == 4
    for query, header, rows in examples:
        cursor = db.execute(query)
        assert [c[0] for c in cursor.description] == header
        assert [[str(x) for x in row] for row in cursor] == rows, query


def test_the_docs_diagram_is_the_schema() -> None:
    """The page's diagram was drawn from the schema as it is (else: tools/schema_diagram.py)."""
    import re

    from .conftest import ROOT, load_tool

    diagram = load_tool("schema_diagram")
    svg = diagram.SVG.read_text(encoding="utf-8")
    source = diagram.mermaid_source()
    assert diagram.source_of(svg) == source, "redraw it: python tools/schema_diagram.py"
    texts = set(re.findall(r"<tspan[^>]*>([^<]+)</tspan>", svg))
    for name, _ in SCHEMA:
        assert name in texts
        assert set(COLUMNS[name]) <= texts, name
    page = (ROOT / "docs" / "interoperability.md").read_text(encoding="utf-8")
    assert "(images/sql-schema.svg)" in page


# ---------------------------------------------------------------- nothing lost


def rebuild(db: sqlite3.Connection) -> dict[str, Any]:
    """The nomenclature's JSON data, read back from the tables alone."""

    def rows(table: str, where: str = "", *args: Any, order: str = "position") -> list[Any]:
        sql = f"SELECT * FROM {table} {'WHERE ' + where if where else ''} ORDER BY {order}"
        return db.execute(sql, args).fetchall()

    def column(name: str, table: str, where: str, *args: Any, order: str = "position") -> list[Any]:
        return [row[name] for row in rows(table, where, *args, order=order)]

    db.row_factory = sqlite3.Row
    meta = {row["name"]: row["value"] for row in rows("meta", order="name")}
    data: dict[str, Any] = {
        # An empty text is absent from meta and NULL in a column: the data's "" again.
        "meta": {
            key: meta.get(key, None if key in ("convention", "language") else "")
            for key in cigref_ecf.to_data(cigref_ecf.load().meta)
        },
        "levels": [
            {
                "number": lv["level"],
                "code": lv["code"],
                "title": lv["title"],
                "eqf": column("eqf", "level_eqf", "level = ?", lv["level"], order="eqf"),
                "source": lv["source"],
            }
            for lv in rows("levels", order="level")
        ],
        "dimensions": [
            {
                "code": d["code"],
                "name": d["name"],
                "competences": column("code", "competences", "dimension = ?", d["code"]),
            }
            for d in rows("dimensions")
        ],
        "competences": [
            {
                "code": c["code"],
                "dimension": c["dimension"],
                "title": c["title"],
                "description": c["description"],
                "levels": [
                    {"level": d["level"], "description": d["description"]}
                    for d in rows("level_descriptors", "competence = ?", c["code"], order="level")
                ],
                "knowledge": column("text", "knowledge", "competence = ?", c["code"]),
                "skills": column("text", "skills", "competence = ?", c["code"]),
            }
            for c in rows("competences")
        ],
        "families": [
            {
                "code": f["code"],
                "title": f["title"],
                "description": f["description"] or "",
                "profiles": column("code", "profiles", "family = ?", f["code"]),
            }
            for f in rows("families")
        ],
        "profiles": [],
        "errata": [
            {
                "id": e["id"],
                "kind": e["kind"],
                "profile": e["profile"],
                "competence": e["competence"],
                "field": e["field"],
                "line": e["source_line"],
                "excerpt": e["excerpt"],
                "source": e["source"],
                "decision": e["decision"],
                "value": e["value"],
                "reason": e["reason"],
            }
            for e in rows("errata")
        ],
    }
    for p in rows("profiles"):
        code = p["code"]
        annex1 = rows("annex1_rows", "profile = ?", code, order="profile")
        values = rows("annex1_values", "profile = ?", code)
        titles = {
            kind: column("title", "profile_titles", "profile = ? AND kind = ?", code, kind)
            for kind in ("other", "english")
        }
        career = None
        if p["career_profile"] is not None or p["career_experience"] is not None:
            career = {"profile": p["career_profile"], "experience": p["career_experience"]}
        requirements = []
        for r in rows("requirements", "profile = ?", code):
            evidence = None
            if r["source_line"] is not None:
                evidence = {
                    "line": r["source_line"],
                    "printed_level": r["printed_level"],
                    "descriptor_level": r["descriptor_level"],
                }
            requirements.append(
                {"competence": r["competence"], "level": r["requirement"], "evidence": evidence}
            )
        data["profiles"].append(
            {
                "code": code,
                "family": p["family"],
                "title": p["title"],
                "other_titles": titles["other"],
                "english_titles": titles["english"],
                "mission": p["mission"] or "",
                "activities_intro": p["activities_intro"],
                "activities": [
                    {
                        "heading": a["heading"],
                        "intro": a["intro"],
                        "tasks": column(
                            "text", "tasks", "profile = ? AND activity = ?", code, a["position"]
                        ),
                    }
                    for a in rows("activities", "profile = ?", code)
                ],
                "competences": requirements,
                "deliverables": column("text", "deliverables", "profile = ?", code),
                "indicators_intro": p["indicators_intro"],
                "indicators": column("text", "indicators", "profile = ?", code),
                "career": career,
                "trends": p["trends"],
                "notes": p["notes"],
                "annex1": None
                if not annex1
                else {
                    "line": annex1[0]["source_line"],
                    "title": annex1[0]["title"],
                    "values": [v["value"] for v in values],
                    "alignment": [v["competence"] for v in values],
                },
            }
        )
    db.row_factory = None
    return data


def sparse() -> cigref_ecf.Nomenclature:
    """The company nomenclature with empty texts and sections, and backslashes in texts."""
    data = company_data()
    data["meta"]["cigref_version"] = ""
    data["families"][-1]["description"] = ""
    data["profiles"][-1].update(mission="", deliverables=[], title="Data\\ architect\\")
    return cigref_ecf.load_json(json.dumps(data))


@pytest.mark.parametrize("which", ["bundled", "company", "sparse"])
def test_the_tables_hold_the_whole_nomenclature(which: str) -> None:
    """Rebuilt from the tables alone, the nomenclature loads and equals the one exported."""
    n = {"bundled": cigref_ecf.load, "company": company, "sparse": sparse}[which]()
    data = rebuild(script_db(n))
    assert cigref_ecf.to_data(cigref_ecf.load_json(json.dumps(data))) == cigref_ecf.to_data(n)


# ---------------------------------------------------------------- texts SQL cannot hold


@pytest.mark.parametrize("char", ["\x00", "\ud800"])
def test_nul_and_lone_surrogates_are_refused_and_nothing_is_written(
    char: str, tmp_path: Path
) -> None:
    n = with_mission(f"a{char}")
    with pytest.raises(DataError) as info:
        cigref_ecf.to_sql(n)
    (problem,) = info.value.problems
    assert problem.path == "$.profiles[0] (3.2).mission"
    assert f"U+{ord(char):04X} at position 1 cannot be written in SQL" in problem.message
    target = tmp_path / "cigref.db"
    target.write_bytes(b"previous content")
    with pytest.raises(DataError):
        cigref_ecf.to_sqlite(target, n)
    assert target.read_bytes() == b"previous content"
    assert os.listdir(tmp_path) == ["cigref.db"]


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(OSError):  # noqa: PT011 - the OS decides which
        cigref_ecf.to_sqlite(tmp_path / "missing" / "cigref.db")
    (tmp_path / "a directory").mkdir()
    with pytest.raises(OSError):  # noqa: PT011
        cigref_ecf.to_sqlite(tmp_path / "a directory")
    assert os.listdir(tmp_path) == ["a directory"]
    assert os.listdir(tmp_path / "a directory") == []


TEXTS = st.one_of(
    st.text(),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())),
    st.sampled_from(["'", "''", "\\", "--", ";", "$$", "\r\n"]),
)


@given(text=TEXTS)
def test_any_text_comes_back_equal_or_is_refused(text: str) -> None:
    n = with_mission(text)
    if "\x00" in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        with pytest.raises(DataError) as info:
            cigref_ecf.to_sql(n)
        assert info.value.problems[0].path == "$.profiles[0] (3.2).mission"
        return
    db = sqlite3.connect(":memory:")
    db.executescript(cigref_ecf.to_sql(n))
    # An empty text is NULL (absent, as in the RDF graph); any other comes back equal.
    assert db.execute("SELECT mission FROM profiles").fetchone() == (text or None,)


# ---------------------------------------------------------------- a requirement's bounds


def refused(db: Any, statement: str) -> bool:
    """Whether the engine refuses ``statement`` (at once or at commit, for deferred keys)."""
    try:
        db.execute("BEGIN")
        db.execute(statement)
        db.execute("COMMIT")
    except sqlite3.IntegrityError:
        db.execute("ROLLBACK")
        return True
    return False


@pytest.mark.parametrize("form", ["sql script", "sqlite file"])
def test_a_requirements_bounds_are_its_admitted_levels(form: str, tmp_path: Path) -> None:
    """3.2 requires B1 at 2-4: no admitted level beyond the bounds, no bounds of its own for an
    admitted level, and the bounds stay admitted levels."""
    db = script_db() if form == "sql script" else file_db(tmp_path / "c.db")
    db.isolation_level = None
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute(
        "SELECT min_level, max_level FROM requirements WHERE profile = '3.2' AND competence = 'B1'"
    ).fetchone() == (2, 4)
    for statement in (
        "INSERT INTO requirement_levels VALUES ('3.2', 'B1', 5, 2, 4)",  # beyond max
        "INSERT INTO requirement_levels VALUES ('3.2', 'B1', 5, 2, 5)",  # not 3.2's bounds
        "UPDATE requirements SET max_level = 5 WHERE profile = '3.2' AND competence = 'B1'",
        "DELETE FROM requirement_levels WHERE profile = '3.2' AND competence = 'B1' AND level = 4",
    ):
        assert refused(db, statement), statement
    # What is consistent is accepted: level 3 out of the alternatives, then back.
    assert not refused(
        db,
        "DELETE FROM requirement_levels WHERE profile = '3.2' AND competence = 'B1' AND level = 3",
    )


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A scratch PostgreSQL database (see tests/_postgres.py), or the test is skipped."""
    with server() as connection:
        if connection is None:
            pytest.skip("no PostgreSQL: set CIGREF_ECF_TEST_POSTGRES or install postgresql")
        yield connection


def psql(connection: str, *args: str, strings: str = "on", cwd: Path | None = None) -> str:
    env = {
        **os.environ,
        "PGCLIENTENCODING": "UTF8",
        "PGOPTIONS": f"-c search_path=cigref_test -c standard_conforming_strings={strings}",
    }
    result = subprocess.run(
        ["psql", connection, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, check=False, cwd=cwd,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextlib.contextmanager
def schema(connection: str) -> Iterator[None]:
    psql(connection, "-c", "DROP SCHEMA IF EXISTS cigref_test CASCADE; CREATE SCHEMA cigref_test")
    try:
        yield
    finally:
        psql(connection, "-c", "DROP SCHEMA cigref_test CASCADE")


@pytest.mark.slow
@pytest.mark.parametrize("strings", ["on", "off"])
def test_the_script_loads_into_postgresql(postgres: str, strings: str, tmp_path: Path) -> None:
    """The same script, run by psql into a fresh schema under either string setting, answers
    the three questions and holds the texts as they are (backslashes included)."""
    n = sparse()
    script = tmp_path / "cigref.sql"
    script.write_text(cigref_ecf.to_sql(n), encoding="utf-8", newline="")
    with schema(postgres):
        psql(postgres, "-f", str(script), strings=strings)
        sql = REQUIRING.replace("?", "{}").format("'B3'", 3)
        expected = [p.code for p in cigref_ecf.profiles_requiring("B3", at_least=3, nomenclature=n)]
        assert psql(postgres, "-c", sql).split() == expected
        assert psql(postgres, "-c", LEVELS_OF.replace("?", "'D6'")).split() == ["3", "4"]
        assert psql(postgres, "-c", FAMILY.replace("?", "'DATA'")).split() == [
            "DATA-ENG",
            "IT-ARCH-03",
        ]
        mission = psql(postgres, "-c", "SELECT mission FROM profiles WHERE code = '3.2'")
        assert mission.rstrip("\n") == cigref_ecf.job_profile("3.2").mission
        title = psql(postgres, "-c", "SELECT title FROM profiles WHERE code = 'IT-ARCH-03'")
        assert title.rstrip("\n") == "Data\\ architect\\"
        decision = psql(postgres, "-c", "SELECT decision FROM errata WHERE id = 'E002'")
        assert decision.rstrip("\n") == cigref_ecf.load().errata[1].decision
        for statement in (
            "INSERT INTO requirement_levels VALUES ('3.2', 'B1', 5, 2, 4)",
            "INSERT INTO requirement_levels VALUES ('3.2', 'B1', 5, 2, 5)",
        ):
            result = subprocess.run(
                ["psql", postgres, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", statement],
                capture_output=True, text=True, check=False,
                env={**os.environ, "PGOPTIONS": "-c search_path=cigref_test"},
            )  # fmt: skip
            assert result.returncode != 0 and "violates" in result.stderr, statement


@pytest.mark.slow
@pytest.mark.parametrize("strings", ["on", "off"])
def test_a_backslash_cannot_end_a_string_and_run_a_psql_command(
    postgres: str, strings: str, tmp_path: Path
) -> None:
    """A title ending in a backslash, then a quote and a psql meta-command: under either
    setting psql runs no command and the server stores the title as it is."""
    evil = "Data\\', 'x');\n\\! touch pwned\n-- \\"
    data = company_data()
    data["profiles"][-1]["title"] = evil
    data["families"][-1]["title"] = "Data\\"
    n = cigref_ecf.load_json(json.dumps(data))
    script = tmp_path / "evil.sql"
    script.write_text(cigref_ecf.to_sql(n), encoding="utf-8", newline="")
    with schema(postgres):
        psql(postgres, "-f", str(script), strings=strings, cwd=tmp_path)
        assert not (tmp_path / "pwned").exists()
        query = "SELECT title FROM profiles WHERE code = 'IT-ARCH-03'"
        assert psql(postgres, "-c", query, strings=strings).rstrip("\n") == evil
        family = psql(postgres, "-c", "SELECT title FROM families WHERE code = 'DATA'")
        assert family.rstrip("\n") == "Data\\"
