"""Import: ``python -c 'import cigref_ecf'`` against ``import attrs``, and what it pulls in."""

from __future__ import annotations

import functools
import statistics
from typing import Any

from benchmarks.core import Config, Goal, Metric, Report, Stats, fmt_value
from benchmarks.timing import (
    child_json,
    importtime,
    interleaved,
    md_importtime,
    python,
    timed_command,
)

TITLE = "Import"

IMPORT_CHECK = """
import sys
opened = []
def hook(event, args):
    if event == "open" and args and isinstance(args[0], str):
        opened.append(args[0])
sys.addaudithook(hook)
import cigref_ecf
modules = sorted(sys.modules)
files = list(opened)
import json
print(json.dumps({"modules": modules, "opened": files}))
"""
ATTRS_MODULES = "import sys, attrs, json; print(json.dumps(sorted(sys.modules)))"
NOTABLE = (
    "cattrs",
    "numpy",
    "pandas",
    "json",
    "importlib.resources",
    "importlib.metadata",
    "zipfile",
    "pathlib",
    "argparse",
    "difflib",
    "csv",
    "html",
    "inspect",
    "dataclasses",
)


def run(report: Report, cfg: Config) -> None:
    print("import", flush=True)
    pkg, base = interleaved(
        functools.partial(timed_command, python("-c", "import cigref_ecf")),
        functools.partial(timed_command, python("-c", "import attrs")),
        cfg.process_runs,
        cfg.warmups,
    )
    bare = [timed_command(python("-c", "pass")) for _ in range(cfg.process_runs)]
    m = report.add(
        Metric(
            id="import.cigref_ecf",
            group="import",
            name="python -c 'import cigref_ecf' (wall)",
            unit="s",
            stats=Stats.of(pkg),
            baseline_name="import attrs",
            baseline=Stats.of(base),
            goal=Goal("<= 1.2x import attrs", ratio_max=1.2),
        )
    )
    report.add(
        Metric(
            id="import.bare",
            group="import",
            name="python -c pass (wall, for reference)",
            unit="s",
            stats=Stats.of(bare),
        )
    )
    startup = statistics.median(bare)
    assert m.baseline is not None
    own = m.stats.median - startup
    attrs_own = m.baseline.median - startup
    m.note = (
        f"over a bare interpreter: {fmt_value(own, 's')} for cigref_ecf (attrs included) vs "
        f"{fmt_value(attrs_own, 's')} for attrs alone"
    )
    state = child_json(IMPORT_CHECK)
    attrs_modules = set(child_json(ATTRS_MODULES))
    modules = set(state["modules"])
    extra = sorted(modules - attrs_modules - {"cigref_ecf"})
    data_opened = [p for p in state["opened"] if p.endswith(".json")]
    report.extra["import"] = {
        "modules_beyond_attrs": extra,
        "notable_modules_imported": [n for n in NOTABLE if n in modules],
        "json_files_opened": data_opened,
        "heavy_imported": [n for n in ("cattrs", "numpy", "pandas") if n in modules],
        "importtime": importtime(["-c", "import cigref_ecf"]),
    }
    print(
        f"  modules beyond attrs: {len(extra)}; notable: "
        f"{report.extra['import']['notable_modules_imported']}; json files opened: "
        f"{data_opened or 'none'}"
    )


def markdown(details: dict[str, Any]) -> list[str]:
    """What the import opens and pulls in, and the top imports by time."""
    info = details.get("import")
    if not info:
        return []
    opened = info["json_files_opened"]
    heavy = info["heavy_imported"]
    sentence = (
        "Importing `cigref_ecf` "
        + ("opens no JSON file" if not opened else f"opens {', '.join(opened)}")
        + (", imports none of cattrs, NumPy, pandas" if not heavy else f", imports {heavy}")
        + f", and imports {len(info['modules_beyond_attrs'])} modules beyond those of "
        + f"`import attrs` (notable: {', '.join(info['notable_modules_imported']) or 'none'})."
    )
    return [sentence, "", *md_importtime(info["importtime"])]
