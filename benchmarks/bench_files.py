"""A company's files: reading a matrix spreadsheet (``read_matrix``) and a team file
(``read_assessments``), each at two sizes ten times apart, to show the time is linear in size.

The files are CSV as French Excel saves them (semicolons, Windows-1252, decimal commas), with
the headers a company uses (``Code emploi``, descriptive competence headers, a comment column
read past with ``ignore=``), so that the one-pass reading, the header rule and the level rule
are all on the path.
"""

from __future__ import annotations

import functools
import random
from typing import Any

from benchmarks.core import Config, Goal, Metric, Report, fmt_value
from benchmarks.timing import each_fresh

TITLE = "A company's files (read in one pass)"
LINEAR = Goal("linear: at most 1.5x the smaller size's time per row", ratio_max=1.5)


def matrix_csv(profiles: int, seed: int = 22) -> bytes:
    """A wide matrix of ``profiles`` company profiles in 40 families: French headers, a comment
    column, descriptive competence headers, a decimal comma now and then."""
    import cigref_ecf

    rng = random.Random(seed)
    competences = cigref_ecf.load().competences
    header = ["Code emploi", "Intitulé", "Famille", "Titre famille", "Commentaire"]
    header += [f"{c.code} - {c.title}" for c in competences]
    lines = [";".join(header)]
    for k in range(profiles):
        family = f"FAM-{k % 40}"
        cells = [f"JOB-{k:06d}", f"Emploi {k}", family, f"Famille {k % 40}", "à revoir"]
        first = rng.randrange(len(competences))
        for i, c in enumerate(competences):
            if i == first or rng.random() < 0.2:
                level = rng.choice(c.applicable_levels)
                cells.append(f"{level},0" if rng.random() < 0.3 else str(level))
            else:
                cells.append("")
        lines.append(";".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def team_csv(people: int, seed: int = 22) -> bytes:
    """A wide HR export of ``people`` people: an id, a name read past, 12 competences."""
    import cigref_ecf

    rng = random.Random(seed)
    competences = cigref_ecf.load().competences[::3]
    header = ["Matricule", "Nom complet", *(f"e-CF {c.code}" for c in competences)]
    lines = [";".join(header)]
    for k in range(people):
        cells = [str(100000 + k), f"Personne {k}"]
        for c in competences:
            level = rng.choice(c.applicable_levels) if rng.random() < 0.5 else None
            cells.append("" if level is None else f"{level},0" if k % 3 == 0 else str(level))
        lines.append(";".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _sizes(cfg: Config) -> tuple[tuple[int, int], tuple[int, int]]:
    if cfg.quick:
        return (30, 300), (100, 1_000)
    return (1_000, 10_000), (10_000, 100_000)


def run(report: Report, cfg: Config) -> None:
    print("files", flush=True)
    import cigref_ecf as ce

    ce.load()
    matrix_sizes, team_sizes = _sizes(cfg)
    samples = 2 if cfg.quick else 5
    details: dict[str, Any] = {}

    def read_matrix(data: bytes) -> object:
        return ce.read_matrix(data, format="csv", ignore="Commentaire", max_bytes=None)

    def read_team(data: bytes) -> object:
        return ce.read_assessments(data, format="csv", ignore="Nom complet", max_bytes=None)

    for kind, sizes, make, read, unit_name in (
        ("matrix", matrix_sizes, matrix_csv, read_matrix, "profiles"),
        ("team", team_sizes, team_csv, read_team, "people"),
    ):
        small, large = sizes
        files = {size: make(size) for size in sizes}
        timed = {size: each_fresh(functools.partial(bytes, files[size]), read, samples)
                 for size in sizes}  # fmt: skip
        for size in sizes:
            per_row = timed[size].median / size
            details[f"{kind}_{size}"] = {"bytes": len(files[size]), "per_row_s": per_row}
            print(
                f"  {kind} {size:>7} {unit_name}: {fmt_value(timed[size].median, 's')} "
                f"({fmt_value(per_row, 's')} per row, {len(files[size]) / 2**20:.1f} MiB)"
            )
        report.add(
            Metric(
                id=f"files.{kind}_{small}",
                group="files",
                name=f"{'read_matrix' if kind == 'matrix' else 'read_assessments'}: "
                f"{small:,} {unit_name} (CSV, cp1252, semicolons)",
                unit="s",
                stats=timed[small],
            )
        )
        report.add(
            Metric(
                id=f"files.{kind}_{large}",
                group="files",
                name=f"{'read_matrix' if kind == 'matrix' else 'read_assessments'}: "
                f"{large:,} {unit_name}",
                unit="s",
                stats=timed[large],
                baseline_name=f"{large // small} x the {small:,}-{unit_name} file's time",
                baseline=timed[small].scaled(large / small),
                goal=LINEAR,
            )
        )
    report.extra["files"] = details


def markdown(details: dict[str, Any]) -> list[str]:
    """The time per row at each size."""
    files = details.get("files")
    if not files:
        return []
    lines = ["| File | Size | Per row |", "|---|---|---|"]
    for key, value in files.items():
        kind, size = key.split("_")
        lines.append(
            f"| {kind} of {int(size):,} | {value['bytes'] / 2**20:.1f} MiB | "
            f"{fmt_value(value['per_row_s'], 's')} |"
        )
    return [*lines, ""]
