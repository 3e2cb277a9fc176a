"""The nomenclature's data itself: ``validate``, ``import``, ``diff``, ``errata`` and
``export``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from ._common import (
    Command,
    Exit,
    Output,
    UsageError,
    cannot,
    is_spreadsheet,
    load_file,
    matrix_columns,
    matrix_options,
    unique,
    write_atomically,
)

if TYPE_CHECKING:
    from .._model.records import Nomenclature
    from .._write.rdf import RdfFormat
    from ..exceptions import Problem

_EXPORT_FORMATS = ("turtle", "json-ld", "rdfxml", "sqlite", "sql")


def register(command: Command) -> None:
    """Add this module's commands to the parser."""
    command(
        "validate", _validate, "check a nomenclature JSON file, or a matrix spreadsheet"
    ).add_argument(
        "file",
        help="a nomenclature or overlay file in the bundled schema (- for stdin), or a matrix "
        "spreadsheet (CSV, XLSX) read as import reads it",
    )
    p = command("import", _import, "turn a matrix spreadsheet (CSV, XLSX) into an overlay")
    p.add_argument("file", help="the matrix: long (profile, competence, level) or wide")
    p.add_argument("-o", "--output", metavar="FILE", help="write the overlay JSON there")
    p.add_argument("--base", choices=["e-cf", "cigref"], default="e-cf")
    p.add_argument("--sheet", help="the XLSX sheet (default: the first)")
    p.add_argument("--format", choices=["csv", "xlsx"], help="default: from the file name")
    matrix_columns(p)
    p = command("diff", _diff, "what differs between two nomenclatures")
    p.add_argument(
        "a",
        help="a nomenclature or overlay file, a matrix spreadsheet (CSV, XLSX), or 'cigref' "
        "(the bundled data)",
    )
    p.add_argument("b", help="the same, compared with A")
    p = command("errata", _errata, "decisions taken against the literal source")
    p.add_argument("--profile")
    p.add_argument("--competence")
    p.add_argument(
        "--kind",
        choices=[
            "missing-text", "misplaced-text", "wrong-label", "level-conflict", "missing-signal",
            "annex1-extra", "annex1-missing", "annex1-mismatch", "title-variant", "typo", "other",
        ],
    )  # fmt: skip
    p = command("export", _export, "the nomenclature as RDF (SKOS) or SQL tables")
    p.add_argument("--format", required=True, choices=_EXPORT_FORMATS)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument(
        "--base",
        metavar="IRI",
        help="the IRI the RDF identifiers start with (the e-CF's stay canonical)",
    )
    p.add_argument(
        "--language",
        metavar="TAG",
        help="language tag of the company's family and profile texts; CIGREF's own stay fr "
        "(default: the file's meta.language, else fr)",
    )


def _validate(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    """The file is checked on its own (an overlay against the bundled data), whatever
    ``--nomenclature`` says."""
    from .._model.catalog import validate

    notes: list[Problem] = []
    if args.file == "-":
        from .._model.catalog import validate_json
        from ..exceptions import DataError

        try:
            problems = validate_json(_read_stdin(), source="<stdin>", notes=notes)
        except DataError as exc:  # over the size limit, not text
            problems = list(exc.problems)
    elif is_spreadsheet(args.file):
        from ..exceptions import DataError

        try:
            load_file(args.file, notes=notes)
            problems = []
        except DataError as exc:
            problems = list(exc.problems)
    else:
        problems = validate(args.file, notes=notes)
    notes = unique(notes)
    if args.json:
        out.json(
            {
                "valid": not problems,
                "problems": [p.to_record() for p in problems],
                "notes": [p.to_record() for p in notes],
            }
        )
    else:
        for note in notes:
            out.line(f"note: {note}")
        if problems:
            from ..exceptions import count_problems

            out.line(f"{args.file}: {count_problems(problems)} problem(s)")
            for p in problems:
                out.line(f"  {p}")
        else:
            out.line(f"{args.file}: valid")
    if problems:
        raise Exit(1)


def _read_stdin() -> str:
    """Standard input's text, through the input layer's size limit (pipes included)."""
    from .._model.rules import decode, read_bytes

    try:
        data = read_bytes("-")
    except OSError as exc:
        raise cannot("read", "-", exc) from None
    return decode(data, source="<stdin>")


def _import(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._model.catalog import build
    from .._model.rules import printable
    from .._read.matrix_file import matrix_overlay

    notes: list[Problem] = []
    try:
        overlay = matrix_overlay(
            args.file,
            base=args.base,
            sheet=args.sheet,
            format=args.format,
            nomenclature=nomenclature,
            notes=notes,
            **matrix_options(args),
        )
    except OSError as exc:
        raise cannot("read", args.file, exc) from None
    n = build(overlay, source=args.file, notes=notes)
    for note in unique(notes):
        print(f"cigref-ecf: note: {printable(str(note))}", file=sys.stderr)
    text = json.dumps(overlay, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        out.write(text)
        return
    write_atomically(args.output, text)
    summary = {"output": args.output, "profiles": len(n.profiles), "families": len(n.families)}
    if args.json:
        out.json(summary)
    else:
        out.line(
            f"{args.output}: {len(n.profiles)} profiles in {len(n.families)} families "
            f"(base {args.base})"
        )


def _nomenclature_arg(spec: str) -> Nomenclature:
    """``diff``'s argument: a file, or ``cigref`` for the bundled data."""
    from .._model.catalog import load

    return load() if spec.lower() == "cigref" else load_file(spec)


def _diff(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    """Compares its two arguments, whatever ``--nomenclature`` says."""
    from .._model.diff import diff

    differences = diff(_nomenclature_arg(args.a), _nomenclature_arg(args.b))
    if args.json:
        out.json([d.to_record() for d in differences])
        return
    for d in differences:
        out.line(str(d))
    if not differences:
        out.line("no differences")


def _errata(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._model.catalog import competence, errata, job_profile
    from .._write.export import to_data

    items = errata(nomenclature=nomenclature)
    if args.profile:
        code = job_profile(args.profile, nomenclature=nomenclature).code
        items = tuple(e for e in items if e.profile == code)
    if args.competence:
        code = competence(args.competence, nomenclature=nomenclature).code
        items = tuple(e for e in items if e.competence == code)
    if args.kind:
        items = tuple(e for e in items if e.kind.value == args.kind)
    if args.json:
        out.json(to_data(items))
        return
    for e in items:
        where = " ".join(x for x in (e.profile, e.competence, e.field) if x)
        line = f" (line {e.line})" if e.line else ""
        out.line(f"{e.id} [{e.kind.value}] {where}{line}")
        out.para("source:   " + e.source, "    ")
        out.para("decision: " + e.decision, "    ")
        out.para("reason:   " + e.reason, "    ")
    out.line(f"{len(items)} erratum/errata")


def _export(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    if args.format == "sqlite" and args.output is None:
        raise UsageError("--format sqlite writes a database file: give -o FILE")
    if args.format in ("sqlite", "sql") and (args.base or args.language):
        raise UsageError("--base and --language apply to the RDF formats only")
    if args.format == "sqlite":
        from .._write.sql import to_sqlite

        try:
            to_sqlite(args.output, nomenclature)
        except OSError as exc:
            raise cannot("write", args.output, exc) from None
        return
    if args.format == "sql":
        from .._write.sql import to_sql

        text = to_sql(nomenclature)
    else:
        from .._write.rdf import DEFAULT_BASE, to_rdf

        rdf_formats: dict[str, RdfFormat] = {
            "turtle": "turtle",
            "json-ld": "json-ld",
            "rdfxml": "xml",
        }
        text = to_rdf(
            nomenclature,
            format=rdf_formats[args.format],
            base=args.base or DEFAULT_BASE,
            language=args.language,
        )
    if args.output is None:
        # Bytes, not the console's encoding: the export is UTF-8 whatever the locale says.
        out.stream.flush()
        buffer = getattr(out.stream, "buffer", None)
        if buffer is None:
            out.stream.write(text)
        else:
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        return
    write_atomically(args.output, text)
