"""The ``cigref-ecf`` command line: the nomenclature without writing Python.

Every command takes ``--json`` for machine-readable output. Exit status: 0 on success, 1 for a
lookup or input problem (the message goes to standard error), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterator

    from ._assessment import Assessment, Team
    from ._gap import GapReport
    from ._model import Nomenclature
    from ._rdf import RdfFormat
    from .exceptions import Problem

__all__ = ["main"]


class _Output:
    """Where a command writes: text wrapped to the terminal, or one JSON document."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        width = shutil.get_terminal_size((100, 24)).columns
        self.width = max(60, min(width, 110))

    def write(self, text: str) -> None:
        """Write ``text``; a failed write (full disk, closed pipe) becomes :class:`_OutputError`
        (a broken pipe stays a :class:`BrokenPipeError`: the reader has had enough)."""
        try:
            self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc) from None

    def line(self, text: str = "") -> None:
        self.write(text + "\n")

    def para(self, text: str, indent: str = "") -> None:
        for paragraph in text.split("\n\n"):
            self.line(
                textwrap.fill(
                    paragraph,
                    width=self.width,
                    initial_indent=indent,
                    subsequent_indent=indent,
                    break_on_hyphens=False,
                )
            )

    def bullet(self, text: str, indent: str = "  ", mark: str = "- ") -> None:
        self.line(
            textwrap.fill(
                text,
                width=self.width,
                initial_indent=indent + mark,
                subsequent_indent=indent + " " * len(mark),
                break_on_hyphens=False,
            )
        )

    def heading(self, text: str) -> None:
        self.line()
        self.line(text)

    def json(self, data: Any) -> None:
        self.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# ------------------------------------------------------------------------------ commands


def _cmd_profile(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import job_profile, load
    from ._export import to_data

    p = job_profile(args.code)
    n = load()
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
    for r in p.competences:
        c = n._competence_index[r.competence]
        out.line(f"  {c.code:<4} {c.title:<46} level {r.level}")
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


def _cmd_competence(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import competence, load
    from ._export import to_data
    from ._queries import profiles_requiring

    c = competence(args.code)
    n = load()
    required_by = [
        {"profile": p.code, "title": p.title, "level": str(p.requirement(c.code))}
        for p in profiles_requiring(c)
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
    for row in required_by:
        out.line(f"  {row['profile']:<5} {row['title']}  (level {row['level']})")


def _cmd_profiles(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import job_profiles

    profiles = job_profiles(args.family)
    if args.json:
        out.json([{"code": p.code, "family": p.family, "title": p.title} for p in profiles])
        return
    for p in profiles:
        out.line(f"{p.code:<5} {p.title}")


def _cmd_competences(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import competences

    items = competences(args.dimension)
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
    for c in items:
        levels = ",".join(str(n) for n in c.applicable_levels)
        out.line(f"{c.code:<4} {c.title:<46} levels {levels}")


def _cmd_search(args: argparse.Namespace, out: _Output) -> None:
    from ._export import to_data
    from ._queries import search

    hits = search(args.text, kind=args.kind, limit=args.limit)
    if args.json:
        out.json(to_data(hits))
        return
    if not hits and args.limit != 0:
        out.line(f"no match for {args.text!r}")
    for h in hits:
        where = "" if h.field == "title" else f"  [{h.field}: {h.matched[:60]}]"
        out.line(f"{h.score:.2f}  {h.kind:<10} {h.code:<5} {h.title}{where}")


def _cmd_matrix(args: argparse.Namespace, out: _Output) -> None:
    from ._queries import matrix

    m = matrix()
    fmt = "json" if args.json else args.format
    if fmt == "json":
        if args.long:
            out.json(m.to_records())
        else:
            out.json(
                {
                    "columns": list(m.columns),
                    "rows": {
                        p: {c: str(r) for c, r in zip(m.columns, m.row(p), strict=True) if r}
                        for p in m.rows
                    },
                }
            )
    elif fmt == "csv":
        out.write(m.to_csv(long=args.long))
    elif args.long:
        for rec in m.to_records():
            out.line(f"{rec['profile']:<5} {rec['competence']:<4} {rec['requirement']}")
    else:
        out.line("      " + " ".join(f"{c:<3}" for c in m.columns))
        for p in m.rows:
            cells = " ".join(f"{'' if r is None else str(r):<3}" for r in m.row(p))
            out.line(f"{p:<5} {cells}".rstrip())


def _cmd_eqf(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import level
    from ._queries import ecf_level_for_eqf

    if args.from_eqf is not None and args.level is not None:
        raise _UsageError("give either a LEVEL or --from-eqf N, not both")
    if args.from_eqf is not None:
        lv = ecf_level_for_eqf(args.from_eqf)
        if args.json:
            out.json({"eqf": args.from_eqf, "level": lv.number, "code": lv.code, "title": lv.title})
        else:
            out.line(f"EQF {args.from_eqf} -> {lv.code} {lv.title}")
        return
    if args.level is None:
        raise _UsageError("give a LEVEL (e.g. 3 or e-3) or --from-eqf N")
    lv = level(args.level)
    if args.json:
        out.json({"level": lv.number, "code": lv.code, "title": lv.title, "eqf": sorted(lv.eqf)})
    else:
        eqf = " and ".join(str(e) for e in sorted(lv.eqf))
        out.line(f"{lv.code} {lv.title} -> EQF {eqf}")
    out_note = "The e-CF/EQF relation (CWA 16234-1:2010) is a relation, not an equivalence."
    if not args.json:
        out.line(out_note)


# ------------------------------------------------------------------ people: gap, rank, needs


def _read_team(args: argparse.Namespace) -> Team:
    from ._assessment import read_assessments

    try:
        return read_assessments(args.file, person=args.person_column, sheet=args.sheet)
    except OSError as exc:
        raise _InputError(f"cannot read {args.file}: {exc.strerror or exc}") from None


def _read_text(path: str) -> str:
    """A file's or stdin's text, through the input layer's size limit (pipes included)."""
    from ._input import decode, read_bytes

    try:
        data = read_bytes(path)
    except OSError as exc:
        raise _InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode(data, source="<stdin>" if path == "-" else path)


def _format(args: argparse.Namespace) -> str:
    return "json" if args.json else str(args.format)


_PROGRESS_FROM = 200
"""People from which a progress bar shows on stderr (only when stderr is a terminal)."""


def _progress(team: Team, label: str) -> Iterator[tuple[Hashable, Assessment]]:
    """The team's people, with a progress bar on stderr for large teams on a terminal."""
    total = len(team)
    show = total >= _PROGRESS_FROM and sys.stderr.isatty()
    step = max(1, total // 100)
    for done, item in enumerate(team.items(), start=1):
        yield item
        if show and (done % step == 0 or done == total):
            filled = 30 * done // total
            bar = "#" * filled + "-" * (30 - filled)
            sys.stderr.write(f"\r{label} [{bar}] {done}/{total} people")
            sys.stderr.flush()
    if show:
        sys.stderr.write("\n")


def _emit(
    args: argparse.Namespace,
    out: _Output,
    columns: Sequence[str],
    records: list[dict[str, Any]],
    data: Any = None,
) -> bool:
    """Write ``records`` as CSV, or ``data`` (default: the records) as JSON, to stdout or
    ``--output``; False when the format is ``table`` (the caller prints it)."""
    fmt = _format(args)
    if fmt == "table" and args.output is None:
        return False
    if fmt == "json":
        text = json.dumps(records if data is None else data, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = _csv(columns, records)
    else:
        text = _table_text(columns, records)
    if args.output is None:
        out.write(text)
        return True
    _write_atomically(args.output, text)
    return True


def _csv(columns: Sequence[str], records: list[dict[str, Any]]) -> str:
    from ._tables import csv_text  # the package's one CSV writer (spreadsheet-safe)

    return csv_text(columns, ([_cell(r.get(c), exact=True) for c in columns] for r in records))


def _cell(value: object, *, exact: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not exact:
        return f"{value:.2f}"
    return str(value)


def _table_text(columns: Sequence[str], records: list[dict[str, Any]]) -> str:
    """An aligned text table, the last column unpadded."""
    cells = [[_cell(r.get(c)) for c in columns] for r in records]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    lines = []
    for row in [list(columns), *cells]:
        line = "  ".join(f"{v:<{w}}" for v, w in zip(row[:-1], widths, strict=False))
        lines.append(f"{line}  {row[-1]}".rstrip() if len(row) > 1 else row[0])
    return "\n".join(lines) + "\n"


_GAP_COLUMNS = ("person", "profile", "score", "met", "required", "shortfall")
_GAP_ITEMS = ("person", "profile", "competence", "requirement", "assessed", "status", "shortfall")


def _cmd_gap(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import job_profile
    from ._gap import gap

    team = _read_team(args)
    profile = job_profile(args.profile)
    reports = [(person, gap(profile, a)) for person, a in _progress(team, "gap")]
    if not team.named:
        report = reports[0][1]
        records = report.to_records()
        if _emit(args, out, _GAP_ITEMS[2:], records, {**report.summary(), "items": records}):
            return
        _print_gap(report, out)
        return
    items = [
        {"person": person, "profile": r.profile.code, **item}
        for person, r in reports
        for item in r.to_records()
    ]
    data = [{"person": person, **r.summary(), "items": r.to_records()} for person, r in reports]
    if _emit(args, out, _GAP_ITEMS, items, data):
        return
    out.line(f"{profile.code}  {profile.title}")
    rows = [{"person": person, **r.summary()} for person, r in reports]
    out.write(_table_text(_GAP_COLUMNS, rows))


def _print_gap(report: GapReport, out: _Output) -> None:
    p = report.profile
    out.line(f"{p.code}  {p.title}")
    out.line(
        f"met {report.met}/{report.required}, shortfall {report.total_shortfall} level(s),"
        f" score {report.score:.2f}"
    )
    out.line()
    out.line("  e-CF  required  assessed  status    shortfall")
    for i in report.items:
        assessed = "-" if i.assessed is None else str(i.assessed)
        out.line(
            f"  {i.competence:<5} {i.requirement!s:<9} {assessed:<9}"
            f" {i.status.value:<9} {i.shortfall}"
        )


_RANK_COLUMNS = ("person", "rank", "profile", "score", "met", "required", "shortfall", "title")


def _cmd_rank(args: argparse.Namespace, out: _Output) -> None:
    from ._gap import rank_profiles

    team = _read_team(args)
    records = [
        {"person": person, **record}
        for person, a in _progress(team, "rank")
        for record in rank_profiles(a, limit=args.limit, family=args.family).to_records()
    ]
    columns = _RANK_COLUMNS if team.named else _RANK_COLUMNS[1:]
    if not team.named:
        for record in records:
            del record["person"]
    if _emit(args, out, columns, records):
        return
    if team.named:
        out.write(_table_text(columns, records))
        return
    for r in records:
        out.line(
            f"{r['rank']:>2}. {r['profile']:<5} {r['score']:.2f}  met {r['met']}/{r['required']}"
            f"  shortfall {r['shortfall']:<3} {r['title']}"
        )


_NEEDS_COLUMNS = ("competence", "title", "people", "total_shortfall", "shortfalls")


def _cmd_training_needs(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import job_profile
    from ._gap import training_needs

    team = _read_team(args)
    needs = training_needs(job_profile(args.profile), team)
    records = needs.to_records()
    if _emit(args, out, _NEEDS_COLUMNS, records):
        return
    target = job_profile(args.profile)
    out.line(f"{target.code}  {target.title}: {len(team)} people, {len(needs)} competence(s)")
    if records:
        out.write(_table_text(_NEEDS_COLUMNS, records))


def _cmd_validate(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import validate

    notes: list[Problem] = []
    if args.file == "-":
        from ._catalog import validate_json
        from .exceptions import DataError

        try:
            problems = validate_json(_read_text("-"), source="<stdin>", notes=notes)
        except DataError as exc:  # over the size limit, not text
            problems = list(exc.problems)
    else:
        problems = validate(args.file, notes=notes)
    if args.json:
        out.json(
            {
                "valid": not problems,
                "problems": [{"path": p.path, "message": p.message} for p in problems],
                "notes": [{"path": p.path, "message": p.message} for p in notes],
            }
        )
        if problems:
            raise _Exit(1)
        return
    for note in notes:
        out.line(f"note: {note}")
    if problems:
        out.line(f"{args.file}: {len(problems)} problem(s)")
        for p in problems:
            out.line(f"  {p}")
    else:
        out.line(f"{args.file}: valid")
    if problems:
        raise _Exit(1)


def _cmd_import(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import build
    from ._matrix_io import matrix_overlay

    overlay = matrix_overlay(args.file, base=args.base, sheet=args.sheet, format=args.format)
    notes: list[Problem] = []
    n = build(overlay, source=args.file, notes=notes)
    for note in notes:
        print(f"cigref-ecf: note: {note}", file=sys.stderr)
    text = json.dumps(overlay, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        out.write(text)
        return
    _write_atomically(args.output, text)
    summary = {"output": args.output, "profiles": len(n.profiles), "families": len(n.families)}
    if args.json:
        out.json(summary)
    else:
        out.line(
            f"{args.output}: {len(n.profiles)} profiles in {len(n.families)} families "
            f"(base {args.base})"
        )


def _load_arg(spec: str) -> Nomenclature:
    from ._catalog import bundled, load

    if spec.lower() == "cigref":
        return bundled()
    try:
        return load(spec)
    except OSError as exc:
        raise _InputError(f"cannot read {spec}: {exc.strerror or exc}") from None


def _cmd_diff(args: argparse.Namespace, out: _Output) -> None:
    from ._diff import diff

    differences = diff(_load_arg(args.a), _load_arg(args.b))
    if args.json:
        out.json([d.to_record() for d in differences])
        return
    for d in differences:
        out.line(str(d))
    if not differences:
        out.line("no differences")


def _cmd_errata(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import competence, errata, job_profile
    from ._export import to_data

    items = errata()
    if args.profile:
        code = job_profile(args.profile).code
        items = tuple(e for e in items if e.profile == code)
    if args.competence:
        code = competence(args.competence).code
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


# ------------------------------------------------------------------------------ export

_EXPORT_FORMATS = ("turtle", "json-ld", "rdfxml", "sqlite", "sql")


def _cmd_export(args: argparse.Namespace, out: _Output) -> None:
    from ._catalog import load

    if args.format == "sqlite" and args.output is None:
        raise _UsageError("--format sqlite writes a database file: give -o FILE")
    if args.format in ("sqlite", "sql") and (args.base or args.language):
        raise _UsageError("--base and --language apply to the RDF formats only")
    n = load()  # the bundled one, or --nomenclature's (common to every command)
    if args.format == "sqlite":
        from ._sql import to_sqlite

        try:
            to_sqlite(args.output, n)
        except OSError as exc:
            raise _InputError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        return
    if args.format == "sql":
        from ._sql import to_sql

        text = to_sql(n)
    else:
        from ._rdf import DEFAULT_BASE, to_rdf

        rdf_formats: dict[str, RdfFormat] = {
            "turtle": "turtle",
            "json-ld": "json-ld",
            "rdfxml": "xml",
        }
        text = to_rdf(
            n,
            format=rdf_formats[args.format],
            base=args.base or DEFAULT_BASE,
            language=args.language or "fr",
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
    _write_atomically(args.output, text)


def _write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8, newlines as they are) through a temporary file: an
    interrupted or failed write leaves any previous file whole."""
    from ._export import replacing

    try:
        with (
            replacing(path) as temporary,
            open(temporary, "w", encoding="utf-8", newline="") as stream,
        ):
            stream.write(text)
    except OSError as exc:
        raise _InputError(f"cannot write {path}: {exc.strerror or exc}") from None


# ------------------------------------------------------------------------------ plumbing


class _Exit(Exception):  # noqa: N818 - control flow, not an error
    def __init__(self, code: int) -> None:
        self.code = code


class _InputError(Exception):
    """A file that cannot be read: reported like a lookup problem (exit 1)."""


class _OutputError(Exception):
    """Standard output that cannot be written (closed, disk full): exit 1."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(f"cannot write the output: {exc.strerror or exc}")


class _UsageError(Exception):
    """Arguments argparse cannot check by itself (exit 2)."""


def _family_arg(text: str) -> str:
    from ._input import code_shape

    if not code_shape("code", text.strip()):
        raise argparse.ArgumentTypeError(f"not a family code: {text!r}")
    return text.strip()


def _int_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def _people_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        help="assessed people: CSV, XLSX or JSON, long (person,competence,level) or wide "
        "(person,B1,B3...), or one person (competence,level); - for stdin",
    )
    p.add_argument("--person-column", metavar="NAME", help="the column naming each person")
    p.add_argument("--sheet", metavar="NAME", help="the XLSX sheet (default: the first)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cigref-ecf",
        description="The CIGREF 2010 IT job profiles and the e-CF 2.0 competences.",
        epilog="Add --json to any command for machine-readable output.",
    )
    parser.add_argument("--version", action="store_true", help="show the version and exit")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable JSON output")
    common.add_argument(
        "--nomenclature",
        metavar="FILE",
        help="work on this nomenclature or overlay file instead of the bundled CIGREF data",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace, _Output], None], help_: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    command("profile", _cmd_profile, "show a job profile sheet").add_argument(
        "code", help="profile code, e.g. 3.2"
    )
    command("competence", _cmd_competence, "show an e-CF competence").add_argument(
        "code", help="competence code, e.g. B3"
    )
    command("profiles", _cmd_profiles, "list the job profiles").add_argument(
        "--family", type=_family_arg, help="only this family (1-7, or a company's code)"
    )
    command("competences", _cmd_competences, "list the e-CF competences").add_argument(
        "--dimension", help="only this dimension (A-E or PLAN ... MANAGE)"
    )
    p = command("search", _cmd_search, "search profiles, competences and families")
    p.add_argument("text", help="words, a title or a code")
    p.add_argument("--kind", choices=["profile", "competence", "family"])
    p.add_argument("--limit", type=_int_arg, default=10)
    p = command("matrix", _cmd_matrix, "the profiles x competences matrix")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--long", action="store_true", help="one line per (profile, competence)")
    p = command("eqf", _cmd_eqf, "e-CF level <-> EQF level")
    p.add_argument("level", nargs="?", help="an e-CF level: 3 or e-3")
    p.add_argument("--from-eqf", type=int, metavar="N", help="the e-CF level for EQF level N")
    p = command("gap", _cmd_gap, "compare one or many people with a profile")
    p.add_argument("--profile", required=True, help="profile code, e.g. 3.2")
    _people_arguments(p)
    p = command("rank", _cmd_rank, "rank the profiles for one or many people")
    _people_arguments(p)
    p.add_argument("--limit", type=_int_arg, help="at most N profiles per person")
    p.add_argument("--family", type=_family_arg)
    p = command("training-needs", _cmd_training_needs, "what a team lacks for a profile")
    p.add_argument("--profile", required=True, help="the target profile, e.g. 3.2")
    _people_arguments(p)
    command("validate", _cmd_validate, "check a nomenclature JSON file").add_argument(
        "file", help="a nomenclature file in the bundled schema (- for stdin)"
    )
    p = command("import", _cmd_import, "turn a matrix spreadsheet (CSV, XLSX) into an overlay")
    p.add_argument("file", help="the matrix: long (profile, competence, level) or wide")
    p.add_argument("-o", "--output", metavar="FILE", help="write the overlay JSON there")
    p.add_argument("--base", choices=["e-cf", "cigref"], default="e-cf")
    p.add_argument("--sheet", help="the XLSX sheet (default: the first)")
    p.add_argument("--format", choices=["csv", "xlsx"], help="default: from the file name")
    p = command("diff", _cmd_diff, "what differs between two nomenclatures")
    p.add_argument("a", help="a nomenclature or overlay file, or 'cigref' (the bundled data)")
    p.add_argument("b", help="the same, compared with A")
    p = command("errata", _cmd_errata, "decisions taken against the literal source")
    p.add_argument("--profile")
    p.add_argument("--competence")
    p.add_argument(
        "--kind",
        choices=[
            "missing-text", "misplaced-text", "wrong-label", "level-conflict", "missing-signal",
            "annex1-extra", "annex1-missing", "annex1-mismatch", "title-variant", "typo", "other",
        ],
    )  # fmt: skip
    p = command("export", _cmd_export, "the nomenclature as RDF (SKOS) or SQL tables")
    p.add_argument("--format", required=True, choices=_EXPORT_FORMATS)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument("--base", metavar="IRI", help="the IRI the RDF identifiers start with")
    p.add_argument(
        "--language", metavar="TAG", help="language tag of the profile texts (default: fr)"
    )
    return parser


def _version() -> str:
    from importlib.metadata import version

    return version("cigref-ecf")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Never a traceback: a closed, full or broken output, an unreadable input and an unexpected
    error each end with one line on standard error (exit 1; 130 on Ctrl-C).
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return 130


def _main(argv: Sequence[str] | None) -> int:  # noqa: PLR0911 - one exit per outcome
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    parser = _parser()
    args = parser.parse_args(argv)
    as_json = getattr(args, "json", False)
    if sys.stdout is None:  # started with stdout closed (``>&-``)
        return _fail("cannot write the output: standard output is closed", as_json)
    if args.version:
        print(f"cigref-ecf {_version()}")
        return 0
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("cigref-ecf: error: a command is required (see --help)", file=sys.stderr)
        return 2
    from .exceptions import CigrefEcfError

    out = _Output(sys.stdout)
    try:
        try:
            with _nomenclature(getattr(args, "nomenclature", None)):
                args.handler(args, out)
        finally:
            out.flush()
    except _Exit as stop:
        return stop.code
    except _UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"cigref-ecf: error: {exc}", file=sys.stderr)
        return 2
    except (CigrefEcfError, _InputError) as exc:
        return _fail(str(exc), as_json)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except _OutputError as exc:
        _silence_stdout()
        return _fail(str(exc), as_json)
    except Exception as exc:  # a bug: one line, not a traceback
        from ._input import excerpt

        message = f"internal error, please report it: {type(exc).__name__}: {excerpt(str(exc))}"
        return _fail(message, as_json)
    return 0


@contextlib.contextmanager
def _nomenclature(path: str | None) -> Iterator[None]:
    """The nomenclature every command works on: ``--nomenclature FILE`` or the bundled one."""
    if path is None:
        yield
        return
    from ._catalog import load, using

    try:
        n = load(path)
    except OSError as exc:
        raise _InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with using(n):
        yield


def _fail(message: str, as_json: bool) -> int:
    text = (
        json.dumps({"error": message}, ensure_ascii=False) if as_json else f"cigref-ecf: {message}"
    )
    with contextlib.suppress(OSError, AttributeError):  # stderr closed or full: stay silent
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    return 1


def _silence_stdout() -> None:
    # After a broken pipe (``cigref-ecf matrix | head``) or a failed write, what is still
    # buffered must not be written again at exit (Python would complain on stderr).
    import os

    with contextlib.suppress(OSError, AttributeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
