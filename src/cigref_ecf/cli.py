"""The ``cigref-ecf`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._catalog import competence, job_profile, load
from .exceptions import CigrefEcfError


def _profile_text(code: str) -> str:
    p = job_profile(code)
    n = load()
    lines = [f"{p.code} {p.title}", ""]
    if p.other_titles:
        lines.append("Autres appellations: " + "; ".join(p.other_titles))
    if p.english_titles:
        lines.append("English: " + "; ".join(p.english_titles))
    lines += ["", "MISSION", p.mission, "", "ACTIVITES ET TACHES"]
    for a in p.activities:
        lines.append(f"* {a.heading}")
        lines += [f"    - {t}" for t in a.tasks]
    lines += ["", "COMPETENCES (e-CF)"]
    for r in p.competences:
        c = n._competence_index[r.competence]
        lines.append(f"  {c.code:<4} {c.title:<45} level {r.level}")
    return "\n".join(lines)


def _competence_text(code: str) -> str:
    c = competence(code)
    lines = [f"{c.code} {c.title}", "", c.description, ""]
    for d in c.levels:
        lines.append(f"  Level {d.level}: {d.description}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cigref-ecf", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("profile").add_argument("code")
    sub.add_parser("competence").add_argument("code")
    args = parser.parse_args(argv)
    try:
        if args.command == "profile":
            print(_profile_text(args.code))
        else:
            print(_competence_text(args.code))
    except CigrefEcfError as exc:
        print(f"cigref-ecf: {exc}", file=sys.stderr)
        return 1
    return 0
