"""The command line: ``python -m cigref_ecf profile 3.2`` against a bare interpreter."""

from __future__ import annotations

import functools
from typing import Any

from benchmarks.bench_import import NOTABLE
from benchmarks.core import Config, Goal, Metric, Report, Stats, fmt_value
from benchmarks.timing import importtime, interleaved, md_importtime, python, timed_command

TITLE = "Command line"

CLI_ARGS = ["-m", "cigref_ecf", "profile", "3.2"]


def run(report: Report, cfg: Config) -> None:
    print("cli", flush=True)
    cli, bare = interleaved(
        functools.partial(timed_command, python(*CLI_ARGS)),
        functools.partial(timed_command, python("-c", "pass")),
        cfg.process_runs,
        cfg.warmups,
    )
    report.add(
        Metric(
            id="cli.profile",
            group="cli",
            name="python -m cigref_ecf profile 3.2 (wall)",
            unit="s",
            stats=Stats.of(cli),
            baseline_name="python -c pass",
            baseline=Stats.of(bare),
            goal=Goal("<= 3x python -c pass", ratio_max=3.0),
        )
    )
    imports = importtime(CLI_ARGS)
    report.extra["cli"] = {
        "importtime": imports,
        "notable_modules_imported": [n for n in NOTABLE if n in imports["names"]],
    }
    print(
        f"    imports {imports['modules']} modules; notable: "
        f"{report.extra['cli']['notable_modules_imported']}"
    )
    for row in imports["top"]:
        print(f"    {row['module']:<40} {fmt_value(row['cumulative_s'], 's'):>10} cumulative")


def markdown(details: dict[str, Any]) -> list[str]:
    """What the command imports, and the top imports by time."""
    cli = details.get("cli")
    if not cli:
        return []
    return [
        f"`{cli['importtime']['command']}` imports {cli['importtime']['modules']} "
        f"modules; notable: {', '.join(cli['notable_modules_imported']) or 'none'}.",
        "",
        *md_importtime(cli["importtime"]),
    ]
