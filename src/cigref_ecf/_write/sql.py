"""A relational export: normalised tables, as an SQLite file or a portable SQL script.

One schema (``SCHEMA``) and one set of rows (:func:`tables`) feed both forms: :func:`to_sqlite`
binds the rows through the standard library's ``sqlite3``, :func:`to_sql` writes them as
``INSERT`` statements. The script uses only what PostgreSQL and SQLite both accept: ``TEXT`` and
``INTEGER`` columns, primary, unique and foreign keys, multi-row ``INSERT`` with standard string
literals (quotes doubled), one transaction. No literal holds a backslash: a text's backslashes
are written ``substr('\\', 1, 1)`` between its pieces, one backslash whether the server reads
``'\\'`` as one character (PostgreSQL with ``standard_conforming_strings=off``) or two (SQLite,
PostgreSQL's default), and a literal that ends where it seems to under either setting: a title
ending in a backslash cannot end its string early and hand psql a meta-command.

An empty text is NULL (a family's description, a profile's mission), as absent as in the RDF
graph; a requirement's ``min_level`` and ``max_level`` are tied to the levels it admits (each
admitted level lies between them, and both are admitted ones), by keys that both engines enforce.

Every table keeps the source's order in a ``position`` column (1-based), so that nothing the JSON
holds is lost: lists of titles, tasks, deliverables, knowledge items keep their order.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from typing import Union

from .._model.catalog import _resolve
from .._model.records import Nomenclature
from .export import SURROGATES, check_writable, replacing

__all__ = ["SCHEMA", "SCHEMA_VERSION", "tables", "to_sql", "to_sqlite"]

SCHEMA_VERSION = "2"
"""The version of the table layout (in the ``meta`` table as ``schema_version``)."""

Value = Union[str, int, None]  # noqa: UP007 - a runtime alias, Python 3.10 has no `type`
Row = tuple[Value, ...]

# NUL has no place in a PostgreSQL text value, nor in a portable string literal.
_ILLEGAL = re.compile(f"[\x00{SURROGATES}]")


def _texts(owner: str, table: str) -> str:
    """The columns of an ordered list of texts that belongs to a row of ``table``."""
    return f"""
    {owner} TEXT NOT NULL REFERENCES {table} (code),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY ({owner}, position)"""


SCHEMA: tuple[tuple[str, str], ...] = (
    (
        "meta",
        """
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL""",
    ),
    (
        "levels",
        """
    level INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    source TEXT NOT NULL""",
    ),
    (
        "level_eqf",
        """
    level INTEGER NOT NULL REFERENCES levels (level),
    eqf INTEGER NOT NULL,
    PRIMARY KEY (level, eqf)""",
    ),
    (
        "dimensions",
        """
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL""",
    ),
    (
        "competences",
        """
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    dimension TEXT NOT NULL REFERENCES dimensions (code),
    title TEXT NOT NULL,
    description TEXT NOT NULL""",
    ),
    (
        "level_descriptors",
        """
    competence TEXT NOT NULL REFERENCES competences (code),
    level INTEGER NOT NULL REFERENCES levels (level),
    description TEXT NOT NULL,
    PRIMARY KEY (competence, level)""",
    ),
    ("knowledge", _texts("competence", "competences")),
    ("skills", _texts("competence", "competences")),
    (
        "families",
        """
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT""",
    ),
    (
        "profiles",
        """
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    family TEXT NOT NULL REFERENCES families (code),
    title TEXT NOT NULL,
    mission TEXT,
    activities_intro TEXT,
    indicators_intro TEXT,
    career_profile TEXT,
    career_experience TEXT,
    trends TEXT,
    notes TEXT""",
    ),
    (
        "profile_titles",
        """
    profile TEXT NOT NULL REFERENCES profiles (code),
    kind TEXT NOT NULL CHECK (kind IN ('other', 'english')),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (profile, kind, position)""",
    ),
    (
        "activities",
        """
    profile TEXT NOT NULL REFERENCES profiles (code),
    position INTEGER NOT NULL,
    heading TEXT NOT NULL,
    intro TEXT,
    PRIMARY KEY (profile, position)""",
    ),
    (
        "tasks",
        """
    profile TEXT NOT NULL,
    activity INTEGER NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (profile, activity, position),
    FOREIGN KEY (profile, activity) REFERENCES activities (profile, position)""",
    ),
    ("deliverables", _texts("profile", "profiles")),
    ("indicators", _texts("profile", "profiles")),
    (
        "requirements",
        """
    profile TEXT NOT NULL REFERENCES profiles (code),
    competence TEXT NOT NULL REFERENCES competences (code),
    position INTEGER NOT NULL,
    requirement TEXT NOT NULL,
    min_level INTEGER NOT NULL REFERENCES levels (level),
    max_level INTEGER NOT NULL REFERENCES levels (level),
    source_line INTEGER,
    printed_level TEXT,
    descriptor_level TEXT,
    PRIMARY KEY (profile, competence),
    UNIQUE (profile, competence, min_level, max_level),
    CHECK (min_level <= max_level)""",
    ),
    (
        # Each admitted level carries its requirement's bounds (the key makes them the
        # requirement's), lies between them, and the bounds are admitted levels themselves.
        "requirement_levels",
        """
    profile TEXT NOT NULL,
    competence TEXT NOT NULL,
    level INTEGER NOT NULL,
    min_level INTEGER NOT NULL,
    max_level INTEGER NOT NULL,
    PRIMARY KEY (profile, competence, level),
    FOREIGN KEY (profile, competence, min_level, max_level)
        REFERENCES requirements (profile, competence, min_level, max_level),
    FOREIGN KEY (competence, level) REFERENCES level_descriptors (competence, level),
    FOREIGN KEY (profile, competence, min_level)
        REFERENCES requirement_levels (profile, competence, level) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (profile, competence, max_level)
        REFERENCES requirement_levels (profile, competence, level) DEFERRABLE INITIALLY DEFERRED,
    CHECK (level BETWEEN min_level AND max_level)""",
    ),
    (
        "annex1_rows",
        """
    profile TEXT PRIMARY KEY REFERENCES profiles (code),
    source_line INTEGER NOT NULL,
    title TEXT NOT NULL""",
    ),
    (
        "annex1_values",
        """
    profile TEXT NOT NULL REFERENCES annex1_rows (profile),
    position INTEGER NOT NULL,
    value TEXT NOT NULL,
    competence TEXT REFERENCES competences (code),
    PRIMARY KEY (profile, position)""",
    ),
    (
        "errata",
        """
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    profile TEXT REFERENCES profiles (code),
    competence TEXT REFERENCES competences (code),
    field TEXT NOT NULL,
    source_line INTEGER,
    excerpt TEXT,
    source TEXT NOT NULL,
    decision TEXT NOT NULL,
    value TEXT,
    reason TEXT NOT NULL""",
    ),
)
"""Each table and its column definitions, parents before children."""


def _columns(definition: str) -> list[str]:
    names = []
    for line in definition.splitlines():
        if not line.strip() or line.startswith("        "):  # a constraint's second line
            continue
        first = line.split()[0]
        if first not in {"PRIMARY", "FOREIGN", "CHECK", "UNIQUE"}:
            names.append(first)
    return names


COLUMNS: dict[str, list[str]] = {name: _columns(definition) for name, definition in SCHEMA}
"""The column names of each table, in order."""


def tables(n: Nomenclature) -> dict[str, list[Row]]:
    """The rows of every table of ``SCHEMA`` for a nomenclature (the one owner of the mapping)."""
    rows: dict[str, list[Row]] = {name: [] for name, _ in SCHEMA}
    m = n.meta
    from importlib.metadata import version

    rows["meta"] = [
        ("schema_version", SCHEMA_VERSION),
        ("generator", f"cigref-ecf {version('cigref-ecf')}"),
        ("data_version", m.data_version),
        ("ecf_version", m.ecf_version),
        ("cigref_version", m.cigref_version),
        ("source", m.source),
        ("source_file", m.source_file),
        ("levels_source", m.levels_source),
        ("notice", m.notice),
    ]
    rows["meta"] = [(name, value) for name, value in rows["meta"] if value]  # empty: absent
    if m.convention is not None:
        rows["meta"].append(("convention", m.convention))
    if m.language is not None:
        rows["meta"].append(("language", m.language))
    for lv in n.levels:
        rows["levels"].append((lv.number, lv.code, lv.title, lv.source))
        rows["level_eqf"].extend((lv.number, eqf) for eqf in sorted(lv.eqf))
    for i, d in enumerate(n.dimensions, start=1):
        rows["dimensions"].append((d.code, i, d.name))
    for i, c in enumerate(n.competences, start=1):
        rows["competences"].append((c.code, i, c.dimension, c.title, c.description))
        rows["level_descriptors"].extend((c.code, d.level, d.description) for d in c.levels)
        rows["knowledge"].extend((c.code, j, k) for j, k in enumerate(c.knowledge, start=1))
        rows["skills"].extend((c.code, j, s) for j, s in enumerate(c.skills, start=1))
    for i, f in enumerate(n.families, start=1):
        rows["families"].append((f.code, i, f.title, f.description or None))
    for i, p in enumerate(n.profiles, start=1):
        career = p.career
        rows["profiles"].append(
            (
                p.code,
                i,
                p.family,
                p.title,
                p.mission or None,
                p.activities_intro,
                p.indicators_intro,
                career.profile if career else None,
                career.experience if career else None,
                p.trends,
                p.notes,
            )
        )
        for kind, titles in (("other", p.other_titles), ("english", p.english_titles)):
            rows["profile_titles"].extend(
                (p.code, kind, j, t) for j, t in enumerate(titles, start=1)
            )
        for j, a in enumerate(p.activities, start=1):
            rows["activities"].append((p.code, j, a.heading, a.intro))
            rows["tasks"].extend((p.code, j, k, t) for k, t in enumerate(a.tasks, start=1))
        for name, items in (("deliverables", p.deliverables), ("indicators", p.indicators)):
            rows[name].extend((p.code, j, t) for j, t in enumerate(items, start=1))
        for j, r in enumerate(p.competences, start=1):
            ev = r.evidence
            rows["requirements"].append(
                (
                    p.code,
                    r.competence,
                    j,
                    str(r.level),
                    r.level.min,
                    r.level.max,
                    ev.line if ev else None,
                    str(ev.printed_level) if ev and ev.printed_level else None,
                    str(ev.descriptor_level) if ev and ev.descriptor_level else None,
                )
            )
            rows["requirement_levels"].extend(
                (p.code, r.competence, level, r.level.min, r.level.max)
                for level in sorted(r.level.levels)
            )
        if p.annex1 is not None:
            row = p.annex1
            rows["annex1_rows"].append((p.code, row.line, row.title))
            rows["annex1_values"].extend(
                (p.code, j, value, aligned)
                for j, (value, aligned) in enumerate(
                    zip(row.values, row.alignment, strict=True), start=1
                )
            )
    for i, e in enumerate(n.errata, start=1):
        rows["errata"].append(
            (
                e.id,
                i,
                e.kind.value,
                e.profile,
                e.competence,
                e.field,
                e.line,
                e.excerpt,
                e.source,
                e.decision,
                e.value,
                e.reason,
            )
        )
    return rows


def _ddl() -> Iterator[str]:
    for name, definition in SCHEMA:
        yield f"CREATE TABLE {name} ({definition}\n);\n"


BACKSLASH = "substr('\\\\', 1, 1)"
"""One backslash under any ``standard_conforming_strings`` and in SQLite (see the module)."""


def literal(value: Value) -> str:
    """``value`` as an SQL literal that PostgreSQL (either string setting) and SQLite read the
    same: quotes doubled, backslashes outside any literal."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    pieces = ["'" + piece.replace("'", "''") + "'" for piece in value.split("\\")]
    if len(pieces) == 1:
        return pieces[0]
    return "(" + f" || {BACKSLASH} || ".join(pieces) + ")"


_ROWS_PER_INSERT = 100


def to_sql(nomenclature: Nomenclature | None = None) -> str:
    """The nomenclature as an SQL script: ``CREATE TABLE`` statements, then ``INSERT`` rows.

    The script loads as is into PostgreSQL (``psql -f``, into an empty schema) and SQLite
    (``sqlite3 db < file``): standard string literals, no engine-specific type or statement,
    one transaction. The tables, their keys and columns are those of :func:`to_sqlite`.

    Examples:
        >>> import sqlite3
        >>> db = sqlite3.connect(":memory:")
        >>> db.executescript(to_sql()) is not None
        True
        >>> db.execute("SELECT requirement FROM requirements"
        ...            " WHERE profile = '3.2' AND competence = 'B1'").fetchone()
        ('2-4',)

    Raises:
        DataError: when a text holds a character SQL cannot carry (NUL, a lone surrogate);
            every one is listed with its JSON path.
    """
    n = _resolve(nomenclature)
    check_writable(n, _ILLEGAL, "SQL")
    rows = tables(n)
    parts = [
        "-- cigref-ecf: the CIGREF nomenclature and the e-CF as relational tables.\n"
        "-- Loads into PostgreSQL and SQLite alike; see the meta table for versions.\n",
        "BEGIN;\n",
        *_ddl(),
    ]
    for name, _ in SCHEMA:
        table_rows = rows[name]
        columns = ", ".join(COLUMNS[name])
        for start in range(0, len(table_rows), _ROWS_PER_INSERT):
            chunk = table_rows[start : start + _ROWS_PER_INSERT]
            values = ",\n".join("  (" + ", ".join(literal(v) for v in row) + ")" for row in chunk)
            parts.append(f"INSERT INTO {name} ({columns}) VALUES\n{values};\n")
    parts.append("COMMIT;\n")
    return "".join(parts)


def to_sqlite(path: str | os.PathLike[str], nomenclature: Nomenclature | None = None) -> None:
    """Write the nomenclature to an SQLite database file at ``path`` (replacing it).

    The database is built in a temporary file next to ``path`` and moved into place only when
    complete, so a failure never leaves a half-written database. Foreign keys are enforced
    while it is filled.

    Examples:
        >>> import sqlite3, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "cigref.db")
        >>> to_sqlite(path)
        >>> sqlite3.connect(path).execute("SELECT COUNT(*) FROM profiles").fetchone()
        (33,)

    Raises:
        DataError: when a text holds a character SQL cannot carry (NUL, a lone surrogate).
        OSError: when the file cannot be written.
    """
    n = _resolve(nomenclature)
    check_writable(n, _ILLEGAL, "SQL")
    rows = tables(n)
    try:
        with replacing(path) as temporary:
            _fill(temporary, rows)
    except sqlite3.OperationalError as exc:  # cannot open or write the file (sqlite's words)
        raise OSError(f"cannot write the SQLite database {os.fspath(path)!r}: {exc}") from None


def _fill(path: str, rows: dict[str, list[Row]]) -> None:
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        with db:
            for statement in _ddl():
                db.execute(statement)
            for name, _ in SCHEMA:
                marks = ", ".join("?" for _ in COLUMNS[name])
                db.executemany(
                    f"INSERT INTO {name} ({', '.join(COLUMNS[name])}) VALUES ({marks})",
                    rows[name],
                )
    finally:
        db.close()
