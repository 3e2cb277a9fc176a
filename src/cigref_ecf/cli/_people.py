"""Assessed people against the profiles: ``gap``, ``rank`` and ``training-needs``.

They read one person or a team (CSV, XLSX, JSON; ``-`` for stdin) and write a text table, CSV
or JSON, to standard output or ``--output``; a large team on a terminal gets a progress bar on
standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._common import (
    CODE_CAP,
    FORMAT_HELP,
    TABLE_FORMATS,
    TITLE_CAP,
    Command,
    Output,
    cannot,
    family_arg,
    fit,
    int_arg,
    table_value,
    width,
    write_atomically,
    write_table,
)

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterator

    from .._model.records import Nomenclature
    from .._query.gap import GapReport
    from .._read.assessment import Assessment, Team

_PROGRESS_FROM = 200
"""People from which a progress bar shows on stderr (only when stderr is a terminal)."""

_GAP_COLUMNS = ("person", "profile", "score", "met", "required", "shortfall")
_GAP_ITEMS = ("person", "profile", "competence", "requirement", "assessed", "status", "shortfall")
_RANK_COLUMNS = ("person", "rank", "profile", "score", "met", "required", "shortfall", "title")
_NEEDS_COLUMNS = ("competence", "title", "people", "total_shortfall", "shortfalls")


def register(command: Command) -> None:
    """Add this module's commands to the parser."""
    p = command("gap", _gap, "compare one or many people with a profile")
    p.add_argument("--profile", required=True, help="profile code, e.g. 3.2")
    _people_arguments(p)
    p = command("rank", _rank, "rank the profiles for one or many people")
    _people_arguments(p)
    p.add_argument("--limit", type=int_arg, help="at most N profiles per person")
    p.add_argument("--family", type=family_arg)
    p = command("training-needs", _training_needs, "what a team lacks for a profile")
    p.add_argument("--profile", required=True, help="the target profile, e.g. 3.2")
    _people_arguments(p)


def _people_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        help="assessed people: CSV, XLSX or JSON, long (person,competence,level) or wide "
        "(person,B1,B3...), or one person (competence,level); - for stdin",
    )
    p.add_argument("--person-column", metavar="NAME", help="the column naming each person")
    p.add_argument(
        "--ignore-column",
        metavar="NAME",
        action="append",
        default=[],
        help="a column to read past (a name, a department...); repeat for several",
    )
    p.add_argument("--sheet", metavar="NAME", help="the XLSX sheet (default: the first)")
    p.add_argument("--format", choices=TABLE_FORMATS, default="table", help=FORMAT_HELP)
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")


def _gap(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._model.catalog import job_profile
    from .._query.gap import gap

    team = _read_team(args, nomenclature)
    profile = job_profile(args.profile, nomenclature=nomenclature)
    reports = [
        (person, gap(profile, a, nomenclature=nomenclature)) for person, a in _progress(team, "gap")
    ]
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


def _print_gap(report: GapReport, out: Output) -> None:
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


def _rank(args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None) -> None:
    from .._query.gap import rank_profiles

    team = _read_team(args, nomenclature)
    records = [
        {"person": person, **record}
        for person, a in _progress(team, "rank")
        for record in rank_profiles(
            a, limit=args.limit, family=args.family, nomenclature=nomenclature
        ).to_records()
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
    code_width = width((r["profile"] for r in records), 5)
    met = [f"{r['met']}/{r['required']}" for r in records]
    met_width = width(met, 3)
    for r, m in zip(records, met, strict=True):
        out.line(
            f"{r['rank']:>2}. {fit(r['profile'], code_width)} {r['score']:.2f}"
            f"  met {m:<{met_width}}  shortfall {r['shortfall']:<3} {r['title']}"
        )


def _training_needs(
    args: argparse.Namespace, out: Output, nomenclature: Nomenclature | None
) -> None:
    from .._model.catalog import job_profile
    from .._query.training import training_needs

    team = _read_team(args, nomenclature)
    target = job_profile(args.profile, nomenclature=nomenclature)
    needs = training_needs(target, team, nomenclature=nomenclature)
    records = needs.to_records()
    if _emit(args, out, _NEEDS_COLUMNS, records):
        return
    out.line(f"{target.code}  {target.title}: {len(team)} people, {len(needs)} competence(s)")
    if records:
        out.write(_table_text(_NEEDS_COLUMNS, records))


def _read_team(args: argparse.Namespace, nomenclature: Nomenclature | None) -> Team:
    from .._read.teams import read_assessments

    try:
        return read_assessments(
            args.file,
            person=args.person_column,
            sheet=args.sheet,
            ignore=args.ignore_column,
            nomenclature=nomenclature,
        )
    except OSError as exc:
        raise cannot("read", args.file, exc) from None


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
    out: Output,
    columns: Sequence[str],
    records: list[dict[str, Any]],
    data: Any = None,
) -> bool:
    """Write ``records`` as CSV (plain or French Excel's) or XLSX, or ``data`` (default: the
    records) as JSON, to stdout or ``--output``; False when the format is ``table`` (the caller
    prints it)."""
    fmt = "json" if args.json else str(args.format)
    if fmt == "table" and args.output is None:
        return False
    rows = [[table_value(r.get(c)) for c in columns] for r in records]
    if write_table(args.output, fmt, columns, rows, out):
        return True
    if fmt == "json":
        text = json.dumps(records if data is None else data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = _table_text(columns, records)
    if args.output is None:
        out.write(text)
    else:
        write_atomically(args.output, text)
    return True


def _cell(value: object, *, exact: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not exact:
        return f"{value:.2f}"
    from .._model.rules import printable

    return printable(str(value))


_CAPS = {"profile": CODE_CAP, "competence": CODE_CAP, "title": TITLE_CAP}
"""The widest these columns of a text table grow (a person's name is never cut)."""


def _table_text(columns: Sequence[str], records: list[dict[str, Any]]) -> str:
    """An aligned text table, each column as wide as its widest value (codes and titles capped:
    cut with an ellipsis), the last column unpadded."""
    cells = [[_cell(r.get(c)) for c in columns] for r in records]
    widths = [
        width((row[i] for row in cells), len(c), _CAPS.get(c, sys.maxsize))
        for i, c in enumerate(columns)
    ]
    lines = []
    for row in [list(columns), *cells]:
        line = "  ".join(
            fit(v, w, code=c != "title") for v, w, c in zip(row[:-1], widths, columns, strict=False)
        )
        lines.append(f"{line}  {row[-1]}".rstrip() if len(row) > 1 else row[0])
    return "\n".join(lines) + "\n"
