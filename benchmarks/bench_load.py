"""Loading the bundled data: the first answer in a fresh process against the floor of its
libraries, the first ``load()`` against ``json.loads`` of the file, the warm reload, where the
first load's time goes, and peak memory."""

from __future__ import annotations

import functools
import json
import os
import statistics
from pathlib import Path
from typing import Any

from benchmarks.core import Config, Goal, Metric, Report, Stats, fmt_value
from benchmarks.timing import (
    child_json,
    child_seconds,
    fewer_samples,
    interleaved,
    micro,
    peak_rss_mib,
    python,
    timed_command,
)

TITLE = "Loading the bundled data"

FIRST_ANSWER = "import cigref_ecf; cigref_ecf.job_profile('3.2')"
FLOOR = (
    "import attrs, cattrs, importlib.resources, json; "
    "json.loads((importlib.resources.files('cigref_ecf') / 'data' / 'nomenclature.json')"
    ".read_text(encoding='utf-8'))"
)
LOAD_CHILD = """
import time
import cigref_ecf
start = time.perf_counter_ns()
cigref_ecf.load()
print(time.perf_counter_ns() - start)
"""
JSON_CHILD = """
import json, sys, time
import cigref_ecf
start = time.perf_counter_ns()
with open(sys.argv[1], encoding="utf-8") as stream:
    json.loads(stream.read())
print(time.perf_counter_ns() - start)
"""
BREAKDOWN_CHILD = """
import importlib, json, sys, time
import cigref_ecf
from cigref_ecf._model import catalog
out = {}
def lap(name, fn):
    start = time.perf_counter_ns()
    value = fn()
    out[name] = (time.perf_counter_ns() - start) / 1e9
    return value
text = lap("read the file (importlib.resources)", catalog.read_bundled_text)
lap("json.loads", lambda: json.loads(text))
if hasattr(catalog, "_check_limits"):
    parsed = json.loads(text)
    lap("size/depth limits walk (_check_limits)", lambda: catalog._check_limits(parsed))
data = json.loads(text)
conv = lap(
    "import cattrs + the converter module",
    lambda: importlib.import_module("cigref_ecf._model.converter"),
)
lap(
    "fast converter, first call (cattrs generates its code)",
    lambda: conv.structure_trusted(data, cigref_ecf.Nomenclature),
)
again = json.loads(text)
lap(
    "fast converter, again (generated code cached)",
    lambda: conv.structure_trusted(again, cigref_ecf.Nomenclature),
)
strict = json.loads(text)
lap(
    "strict path: build(), first call (user files only)",
    lambda: catalog.build(strict, strict=True),
)
print(json.dumps(out))
"""
MEMORY_LOAD = "import cigref_ecf; cigref_ecf.load()"
MEMORY_IMPORT = "import cigref_ecf"
MEMORY_BASELINE = "import json, attrs"
TRACEMALLOC_CHILD = """
import json, tracemalloc
import cigref_ecf
tracemalloc.start()
cigref_ecf.load()
current, peak = tracemalloc.get_traced_memory()
print(json.dumps([current, peak]))
"""


def bundled_path() -> str:
    from importlib.resources import as_file, files

    with as_file(files("cigref_ecf") / "data" / "nomenclature.json") as path:
        return str(path)


def run(report: Report, cfg: Config) -> None:
    print("load", flush=True)
    path = bundled_path()
    runs = cfg.process_runs if cfg.quick else max(cfg.process_runs, 31)
    answer, floor = interleaved(
        functools.partial(timed_command, python("-c", FIRST_ANSWER)),
        functools.partial(timed_command, python("-c", FLOOR)),
        runs,
        cfg.warmups,
    )
    report.add(
        Metric(
            id="load.first_answer",
            group="load",
            name="first answer: import cigref_ecf; job_profile('3.2') (wall)",
            unit="s",
            stats=Stats.of(answer),
            baseline_name="floor: import attrs, cattrs, importlib.resources, json; parse the file",
            baseline=Stats.of(floor),
            goal=Goal("<= 1.25x the floor", ratio_max=1.25),
            note="fresh interpreters, interleaved; the floor reads the file as load() does",
        )
    )
    first, base = interleaved(
        functools.partial(child_seconds, LOAD_CHILD),
        functools.partial(child_seconds, JSON_CHILD, path),
        cfg.process_runs,
        cfg.warmups,
    )
    report.add(
        Metric(
            id="load.first",
            group="load",
            name="first load() in a fresh process (after import)",
            unit="s",
            stats=Stats.of(first),
            baseline_name="json.loads of the file",
            baseline=Stats.of(base),
            goal=Goal("<= 5x json.loads", ratio_max=5.0),
            note=f"{os.path.getsize(path) / 1024:.0f} KiB of JSON",
        )
    )
    import cigref_ecf

    text = Path(path).read_text(encoding="utf-8")
    cigref_ecf.load()
    warm = micro(lambda: cigref_ecf.load_json(text), fewer_samples(cfg, samples=7))
    parse = micro(lambda: json.loads(text), fewer_samples(cfg, samples=7))
    report.add(
        Metric(
            id="load.again",
            group="load",
            name="load_json(text) of the same data, warm (in process)",
            unit="s",
            stats=warm,
            baseline_name="json.loads",
            baseline=parse,
            note="cattrs code already generated, modules imported: the steady-state cost",
        )
    )
    stages: dict[str, list[float]] = {}
    try:
        for _ in range(cfg.breakdown_runs):
            for name, seconds in child_json(BREAKDOWN_CHILD).items():
                stages.setdefault(name, []).append(float(seconds))
        report.extra["load_breakdown"] = {name: statistics.median(v) for name, v in stages.items()}
        for name, seconds in report.extra["load_breakdown"].items():
            print(f"    {name:<52} {fmt_value(seconds, 's'):>10}")
    except (RuntimeError, ValueError) as exc:  # private API: best effort
        report.extra["load_breakdown"] = {"error": str(exc)[-500:]}

    loaded: list[float] = []
    imported: list[float] = []
    baseline: list[float] = []
    for _ in range(cfg.memory_runs):
        loaded.append(peak_rss_mib(MEMORY_LOAD))
        imported.append(peak_rss_mib(MEMORY_IMPORT))
        baseline.append(peak_rss_mib(MEMORY_BASELINE))
    report.add(
        Metric(
            id="memory.loaded",
            group="load",
            name="peak RSS: import cigref_ecf; load()",
            unit="MiB",
            stats=Stats.of(loaded),
            baseline_name="import json, attrs",
            baseline=Stats.of(baseline),
        )
    )
    report.add(
        Metric(
            id="memory.imported",
            group="load",
            name="peak RSS: import cigref_ecf (no load)",
            unit="MiB",
            stats=Stats.of(imported),
            baseline_name="import json, attrs",
            baseline=Stats.of(baseline),
        )
    )
    current, peak = child_json(TRACEMALLOC_CHILD)
    report.extra["memory"] = {
        "tracemalloc_retained_after_load_mib": current / 2**20,
        "tracemalloc_peak_during_load_mib": peak / 2**20,
    }
    print(
        f"    Python heap allocated by load(): {current / 2**20:.1f} MiB retained, "
        f"{peak / 2**20:.1f} MiB peak (tracemalloc, includes the modules it imports)"
    )


def markdown(details: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    breakdown = details.get("load_breakdown")
    if breakdown and "error" not in breakdown:
        lines += [
            "Where the first `load()` goes (a fresh process, each stage timed alone, medians):",
            "",
            "| Stage | Time |",
            "|---|---:|",
            *[f"| {k} | {fmt_value(v, 's')} |" for k, v in breakdown.items()],
            "",
        ]
    memory = details.get("memory")
    if memory and "error" not in memory:
        lines += [
            f"Python heap allocated by `load()` (tracemalloc, includes the modules it imports): "
            f"{memory['tracemalloc_retained_after_load_mib']:.1f} MiB retained, "
            f"{memory['tracemalloc_peak_during_load_mib']:.1f} MiB at the peak.",
            "",
        ]
    return lines
