"""Benchmarks of cigref-ecf: import, load, queries, batch ranking, scale and the command line.

Every number is the median of repeated runs; where a baseline is named it is measured in the
same run, interleaved with the candidate, and reported as a ratio (candidate / baseline).

Usage::

    python benchmarks/run.py                      # full run, writes benchmarks/results.json
    python benchmarks/run.py --markdown docs/benchmarks.md
    python benchmarks/run.py --quick --sizes 50,100 --output /tmp/results.json
    python benchmarks/run.py --only batch         # some groups only
    python benchmarks/run.py --only files         # a company's files: matrix and team, 10x apart

Standard library and the package only; NumPy and pandas are used when installed (the batch
engine and the DataFrame input need them). Each group lives in its own module of this package
(``benchmarks/bench_<group>.py``). See docs/benchmarks.md for the method.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

if __package__ in (None, ""):  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import (
    bench_batch,
    bench_cli,
    bench_files,
    bench_import,
    bench_load,
    bench_queries,
    bench_scale,
)
from benchmarks.core import HERE, Config, Report
from benchmarks.report import (
    git_state,
    group_section,
    machine,
    markdown_block,
    replace_groups,
    results_json,
    versions,
    write_markdown,
)
from benchmarks.timing import PYCACHE, python, run_command

GROUPS: dict[str, ModuleType] = {
    "import": bench_import,
    "load": bench_load,
    "queries": bench_queries,
    "batch": bench_batch,
    "scale": bench_scale,
    "files": bench_files,
    "cli": bench_cli,
}


def prime() -> None:
    """Compile and cache the bytecode every child will use, before any measurement."""
    run_command(python("-c", "import attrs, json, cigref_ecf; cigref_ecf.load()"))
    run_command(python(*bench_cli.CLI_ARGS))
    run_command(python("-c", bench_load.MEMORY_BASELINE))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="few repeats, small batch sizes")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(x) for x in text.split(",")),
        default=None,
        help="batch sizes, comma separated (default 1000,10000,100000; --quick: 100,1000); "
        "the one-by-one loop runs at all but the largest",
    )
    parser.add_argument(
        "--scale-sizes",
        type=lambda text: tuple(int(x) for x in text.split(",")),
        default=None,
        help="sizes of the scale group (default 1000000,10000000; --quick: 1000,5000)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="runs of each process timing (default 21; --quick: 3)",
    )
    parser.add_argument(
        "--only",
        type=lambda text: [x.strip() for x in text.split(",")],
        default=list(GROUPS),
        help=f"groups to run, comma separated, among {', '.join(GROUPS)}",
    )
    parser.add_argument(
        "--output", type=Path, default=HERE / "results.json", help="the results JSON file"
    )
    parser.add_argument("--markdown", type=Path, default=None, help="write the docs page here")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.only) - set(GROUPS))
    if unknown:
        parser.error(f"unknown groups {unknown}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = Config.make(quick=args.quick, sizes=args.sizes)
    if args.scale_sizes is not None:
        cfg = dataclasses.replace(cfg, scale_sizes=args.scale_sizes)
    if args.runs is not None:
        cfg = dataclasses.replace(cfg, process_runs=max(1, args.runs))
    PYCACHE["prefix"] = tempfile.mkdtemp(prefix="cigref-ecf-bench-pycache-")
    try:
        return _main(args, cfg)
    finally:
        shutil.rmtree(PYCACHE.pop("prefix"), ignore_errors=True)


def _main(args: argparse.Namespace, cfg: Config) -> int:
    info: dict[str, Any] = {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(),
        "git": git_state(),
    }
    print(
        f"cigref-ecf benchmarks on {info['machine']['cpu_model']} "
        f"({info['machine']['cores']} cores), Python {info['machine']['python']}"
    )
    prime()
    report = Report()
    for name in args.only:
        GROUPS[name].run(report, cfg)
    info["machine"]["load_average_end"] = (
        list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    )
    data = results_json(report, cfg, info)
    partial = set(args.only) != set(GROUPS)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    saved = _merged(args.output, data, args.only) if partial else data
    args.output.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    if args.markdown is not None:
        sections = {
            name: group_section(report, data, name, GROUPS[name], partial=True)
            for name in args.only
        }
        if not (partial and replace_groups(args.markdown, sections)):
            write_markdown(args.markdown, markdown_block(report, data, GROUPS))
        print(f"wrote {args.markdown}")
    missed = [m.name for m in report.metrics if m.met is False]
    print(f"goals: {sum(m.met is True for m in report.metrics)} met, {len(missed)} missed")
    return 0


def _merged(path: Path, data: dict[str, Any], only: list[str]) -> dict[str, Any]:
    """A run of some groups merged into the results file of a full run: the other groups'
    metrics and details kept, these groups' replaced (with this run's machine and date under
    ``runs``)."""
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return data
    if old.get("schema") != data["schema"]:
        return data
    merged = dict(old)
    merged["metrics"] = [m for m in old["metrics"] if m["group"] not in only] + data["metrics"]
    merged["details"] = {**old.get("details", {}), **data["details"]}
    runs = dict(old.get("runs", {}))
    for name in only:
        runs[name] = {k: data[k] for k in ("generated", "machine", "versions", "git", "config")}
    merged["runs"] = runs
    return merged


if __name__ == "__main__":
    sys.exit(main())
