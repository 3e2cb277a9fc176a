"""Check the bundled data against the source document.

    python tools/check_source.py [--data FILE] [--source FILE]

Each shipped text is found in its own sheet and section, in order; every line of the family
pages, of every sheet and of Annex 2 is accounted for; each required level agrees with the
signals of the source or a level erratum pins it; the evidence agrees with the lines it cites;
every erratum prints its excerpt at its line and the data holds the value it decides.
The parts live in the ``source_check`` package next to this script (its docstring says what
each checks). Every problem is printed with its place; the exit status is 1 if there is any.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from source_check import Source, check, loose, normalize

__all__ = ["DATA", "SOURCE", "Source", "check", "loose", "main", "normalize"]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "cigref_ecf" / "data" / "nomenclature.json"
SOURCE = ROOT / "sources" / "cigref-nomenclature-2010.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    doc = json.loads(args.data.read_text(encoding="utf-8"))
    source = Source(args.source.read_text(encoding="utf-8"))
    problems = check(doc, source)
    for problem in problems:
        print(problem)
    print(
        f"{len(problems)} problem(s); checked {len(doc['families'])} families, "
        f"{len(doc['profiles'])} sheets, {len(doc['competences'])} competences, "
        f"{sum(len(p['competences']) for p in doc['profiles'])} required levels and "
        f"{len(doc['errata'])} errata",
        file=sys.stderr,
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
