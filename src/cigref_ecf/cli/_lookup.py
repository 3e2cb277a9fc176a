"""Looking things up: ``profile``, ``competence``, ``profiles``, ``competences``, ``search``,
``matrix`` and ``eqf``."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from ._common import (
    FORMAT_HELP,
    TABLE_FORMATS,
    TITLE_CAP,
    Command,
    Output,
    UsageError,
    family_arg,
    fit,
    int_arg,
    width,
    write_atomically,
    write_table,
)

if TYPE_CHECKING:
    from .._model.records import Nomenclature


def register(command: Command) -> None:
    """Add this module's commands to the parser."""
    command("profile", _profile, "show a job profile sheet").add_argument(
        "code", help="profile code, e.g. 3.2"
    )
    command("competence", _competence, "show an e-CF competence").add_argument(
        "code", help="competence code, e.g. B3"
    )
    command("profiles", _profiles, "list the job profiles").add_argument(
        "--family", type=family_arg, help="only this family (1-7, or a company's code)"
    )
    command("competences", _competences, "list the e-CF competences").add_argument(
        "--dimension", help="only this dimension (A-E or PLAN ... MANAGE)"
    )
    p = command("search", _search, "search profiles, competences and families")
    p.add_argument("text", help="words, a title or a code")
    p.add_argument("--kind", choices=["profile", "competence", "family"])
    p.add_argument("--limit", type=int_arg, default=10)
    p = command("matrix", _matrix, "the profiles x competences matrix")
    p.add_argument("--format", choices=TABLE_FORMATS, default="table", help=FORMAT_HELP)
    p.add_argument("--long", action="store_true", help="one line per (profile, competence)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p = command("eqf", _eqf, "e-CF level <-> EQF level")
    p.add_argument("level", nargs="?", help="an e-CF level: 3 or e-3")
    p.add_argument("--from-eqf", type=int, metavar="N", help="the e-CF level for EQF level N")


def _profile(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._model.catalog import _resolve, job_profile
    from .._write.export import to_data

    n = _resolve(nomenclature)
    p = job_profile(args.code, nomenclature=n)
    related = [e for e in n.errata if e.profile == p.code]
    if args.json:
        out.json(to_data(p))
        return
    out.line(f"{p.code}  {p.title}")
    out.line(f"Famille {p.family}: {n._family_index[p.family].title}")
    if p.other_titles:
        out.para("Autres appellations : " + " ; ".join(p.other_titles))
    if p.english_titles:
        out.para("English: " + "; ".join(p.english_titles))
    if p.mission:
        out.heading("MISSION")
        out.para(p.mission, "  ")
    if p.activities or p.activities_intro:
        out.heading("ACTIVITES ET TACHES")
    if p.activities_intro:
        out.para(p.activities_intro, "  ")
    for a in p.activities:
        out.bullet(a.heading, "  ", "* ")
        if a.intro:
            out.para(a.intro, "      ")
        for task in a.tasks:
            out.bullet(task, "      ")
    out.heading("COMPETENCES (e-CF)")
    rows = [(n._competence_index[r.competence], r.level) for r in p.competences]
    title_width = width((c.title for c, _ in rows), 46, TITLE_CAP)
    for c, lv in rows:
        out.line(f"  {c.code:<4} {fit(c.title, title_width, code=False)} level {lv}")
    for title, intro, items in (
        ("LIVRABLES", None, p.deliverables),
        ("INDICATEURS DE PERFORMANCE", p.indicators_intro, p.indicators),
    ):
        if items:
            out.heading(title)
            if intro:
                out.para(intro, "  ")
            for item in items:
                out.bullet(item)
    if p.career is not None:
        out.heading("PARCOURS PROFESSIONNEL")
        if p.career.profile:
            out.para("Profil : " + p.career.profile, "  ")
        if p.career.experience:
            out.para("Expérience : " + p.career.experience, "  ")
    if p.trends:
        out.heading("TENDANCES ET FACTEURS D'EVOLUTION")
        out.para(p.trends, "  ")
    if p.notes:
        out.heading("NOTES")
        out.para(p.notes, "  ")
    if related:
        out.heading(f"Errata: {len(related)} (cigref-ecf errata --profile {p.code})")


def _competence(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._model.catalog import _resolve, competence
    from .._query.matrix import profiles_requiring
    from .._write.export import to_data

    n = _resolve(nomenclature)
    c = competence(args.code, nomenclature=n)
    required_by = [
        {"profile": p.code, "title": p.title, "level": str(p.requirement(c.code))}
        for p in profiles_requiring(c, nomenclature=n)
    ]
    if args.json:
        out.json({"competence": to_data(c), "required_by": required_by})
        return
    dim = n._dimension_index[c.dimension]
    out.line(f"{c.code}  {c.title}  ({dim.code}. {dim.name})")
    out.line()
    out.para(c.description, "  ")
    out.heading("LEVELS")
    for d in c.levels:
        lv = n._level_index[d.level]
        eqf = "/".join(str(e) for e in sorted(lv.eqf))
        out.line(f"  {lv.code} {lv.title} (EQF {eqf})")
        out.para(d.description, "      ")
    for title, items in (("KNOWLEDGE", c.knowledge), ("SKILLS", c.skills)):
        out.heading(title)
        prefix = title[0]
        for i, item in enumerate(items, start=1):
            out.bullet(item, "  ", f"{prefix}{i} ")
    out.heading(f"REQUIRED BY {len(required_by)} PROFILE(S)")
    code_width = width((row["profile"] for row in required_by), 5)
    for row in required_by:
        out.line(f"  {fit(row['profile'], code_width)} {row['title']}  (level {row['level']})")


def _profiles(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._model.catalog import job_profiles

    profiles = job_profiles(args.family, nomenclature=nomenclature)
    if args.json:
        out.json([{"code": p.code, "family": p.family, "title": p.title} for p in profiles])
        return
    code_width = width((p.code for p in profiles), 5)
    for p in profiles:
        out.line(f"{fit(p.code, code_width)} {p.title}")


def _competences(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._model.catalog import competences

    items = competences(args.dimension, nomenclature=nomenclature)
    if args.json:
        out.json(
            [
                {
                    "code": c.code,
                    "dimension": c.dimension,
                    "title": c.title,
                    "levels": list(c.applicable_levels),
                }
                for c in items
            ]
        )
        return
    title_width = width((c.title for c in items), 46, TITLE_CAP)
    for c in items:
        levels = ",".join(str(n) for n in c.applicable_levels)
        out.line(f"{c.code:<4} {fit(c.title, title_width, code=False)} levels {levels}")


def _search(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._query.search import search
    from .._write.export import to_data

    hits = search(args.text, kind=args.kind, limit=args.limit, nomenclature=nomenclature)
    if args.json:
        out.json(to_data(hits))
        return
    if not hits and args.limit != 0:
        out.line(f"no match for {args.text!r}")
    code_width = width((h.code for h in hits), 5)
    for h in hits:
        where = "" if h.field == "title" else f"  [{h.field}: {h.matched[:60]}]"
        out.line(f"{h.score:.2f}  {h.kind:<10} {fit(h.code, code_width)} {h.title}{where}")


def _matrix(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._query.matrix import matrix

    m = matrix(nomenclature=nomenclature)
    fmt = "json" if args.json else args.format
    if fmt == "json":
        data: object = (
            m.to_records()
            if args.long
            else {
                "columns": list(m.columns),
                "rows": {
                    p: {c: str(r) for c, r in zip(m.columns, m.row(p), strict=True) if r}
                    for p in m.rows
                },
            }
        )
        if args.output is None:
            out.json(data)
        else:
            write_atomically(args.output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt in ("csv", "excel-csv", "xlsx"):
        from .._read.matrix_file import sheet_rows

        head: list[object]
        body: list[list[object]]
        if args.long and fmt != "xlsx":  # the long CSV: the columns of to_records()
            records = m.to_records()
            head = list(records[0]) if records else []
            body = [[r[str(f)] for f in head] for r in records]
        else:
            sheet: list[list[object]] = [
                list(r) for r in sheet_rows(m.nomenclature, long=args.long)
            ]
            head, *body = sheet
        write_table(args.output, fmt, [str(h) for h in head], body, out)
        return
    if args.output is not None:
        raise UsageError("--output writes csv, excel-csv, xlsx or json: give --format")
    code_width = width(m.rows, 5)
    if args.long:
        for rec in m.to_records():
            profile = fit(rec["profile"], code_width)
            out.line(f"{profile} {rec['competence']:<4} {rec['requirement']}")
    else:
        out.line(" " * (code_width + 1) + " ".join(f"{c:<3}" for c in m.columns))
        for p in m.rows:
            cells = " ".join(f"{'' if r is None else str(r):<3}" for r in m.row(p))
            out.line(f"{fit(p, code_width)} {cells}".rstrip())


def _eqf(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._model.catalog import level
    from .._query.eqf import ecf_level_for_eqf

    if args.from_eqf is not None and args.level is not None:
        raise UsageError("give either a LEVEL or --from-eqf N, not both")
    if args.from_eqf is not None:
        lv = ecf_level_for_eqf(args.from_eqf, nomenclature=nomenclature)
        if args.json:
            out.json({"eqf": args.from_eqf, "level": lv.number, "code": lv.code, "title": lv.title})
        else:
            out.line(f"EQF {args.from_eqf} -> {lv.code} {lv.title}")
        return
    if args.level is None:
        raise UsageError("give a LEVEL (e.g. 3 or e-3) or --from-eqf N")
    lv = level(args.level, nomenclature=nomenclature)
    if args.json:
        out.json({"level": lv.number, "code": lv.code, "title": lv.title, "eqf": sorted(lv.eqf)})
        return
    eqf = " and ".join(str(e) for e in sorted(lv.eqf))
    out.line(f"{lv.code} {lv.title} -> EQF {eqf}")
    out.line("The e-CF/EQF relation (CWA 16234-1:2010) is a relation, not an equivalence.")
