"""Batch ranking: many people against every profile, from a list of dicts, a long and a wide
DataFrame, to a full :class:`~cigref_ecf.BatchResult`; against the bare NumPy scoring of the
same arrays, the one-by-one loop, and the memory the result's arrays take."""

from __future__ import annotations

import functools
import gc
import importlib
import itertools
import tracemalloc
from collections.abc import Callable
from typing import Any

from benchmarks.core import Config, Goal, Metric, Report, Stats
from benchmarks.people import long_frame, synthetic_people, wide_frame
from benchmarks.timing import once

TITLE = "Batch ranking"
LIST_NOTES = False  # the per-person table below says it better
GOAL_SIZE = 100_000

NAMES = {
    "kernel": "bare NumPy scoring of the levels array (the baseline)",
    "list": "rank_profiles_batch(list of dicts)",
    "long": "rank_profiles_batch(long DataFrame)",
    "wide": "rank_profiles_batch(wide DataFrame)",
    "pandas": "rank_profiles_batch(wide DataFrame).top(3).to_pandas()",
    "read_list": "reading alone: the levels array from the list of dicts",
    "read_long": "reading alone: the levels array from the long DataFrame",
    "read_wide": "reading alone: the levels array from the wide DataFrame",
    "touch": "Python's floor: every (code, level) of the list touched once, no work",
    "python": "rank_profiles_batch(list, engine='python')",
    "loop": "[rank_profiles(a) for a in people]",
}


def optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _variants(
    ce: Any, np: Any, pd: Any, people: list[dict[str, int]], *, loop: bool, python: bool
) -> dict[str, Callable[[], object]]:
    from cigref_ecf._query import batch
    from cigref_ecf._read import batch_array

    n = ce.load()
    variants: dict[str, Callable[[], object]] = {}
    if np is not None:
        _, levels = batch_array.levels_array(np, people, n)
        variants["kernel"] = functools.partial(batch.score_levels, np, levels, n.profiles, n)
        variants["list"] = functools.partial(ce.rank_profiles_batch, people)
        variants["read_list"] = functools.partial(batch_array.levels_array, np, people, n)
        variants["touch"] = functools.partial(_touch, people)
    if pd is not None:
        wide = wide_frame(pd, people)
        long = long_frame(pd, wide)
        variants["long"] = functools.partial(ce.rank_profiles_batch, long)
        variants["wide"] = functools.partial(ce.rank_profiles_batch, wide)
        variants["pandas"] = lambda: ce.rank_profiles_batch(wide).top(3).to_pandas()
        variants["read_long"] = functools.partial(batch_array.levels_array, np, long, n)
        variants["read_wide"] = functools.partial(batch_array.levels_array, np, wide, n)
    if python:
        variants["python"] = functools.partial(ce.rank_profiles_batch, people, engine="python")
    if loop:
        variants["loop"] = lambda: [ce.rank_profiles(a) for a in people]
    return variants


def _touch(people: list[dict[str, int]]) -> None:
    """The least any reading of a list of dicts does: one loop over every pair."""
    for person in people:
        for _code, _level in person.items():
            pass


def run(report: Report, cfg: Config) -> None:
    print("batch", flush=True)
    import cigref_ecf as ce

    np = optional("numpy")
    pd = optional("pandas") if np is not None else None
    sizes = sorted(cfg.sizes)
    loop_sizes = sizes[:-1] if len(sizes) > 1 else sizes
    python_sizes = [s for s in sizes if s <= 10_000] or sizes[:1]
    timings: dict[tuple[str, int], Stats] = {}
    if np is None:
        report.extra["batch_skipped"] = "NumPy is not installed: only the loop was measured"
    for size in sizes:
        people = synthetic_people(size)
        variants = _variants(
            ce, np, pd, people, loop=size in loop_sizes, python=size in python_sizes
        )
        if size == sizes[0]:
            for fn in variants.values():  # warm up: imports, caches
                fn()
        samples: dict[str, list[float]] = {key: [] for key in variants}
        for r in range(cfg.batch_repeats(size)):
            keys = list(variants) if r % 2 == 0 else list(reversed(variants))
            for key in keys:
                if key in ("loop", "python") and r >= cfg.loop_repeats:
                    continue
                samples[key].append(once(variants[key]))
        for key, values in samples.items():
            timings[key, size] = Stats.of(values)
        del people, variants, samples
        gc.collect()
    _extrapolate(timings, sizes, loop_sizes)
    _report_times(report, timings, sizes, loop_sizes)
    if np is not None:
        _memory(report, ce, pd, sizes[-1])
    report.extra["batch_growth"] = _growth(timings, sizes, loop_sizes)
    report.extra["batch_sizes"] = sizes
    report.extra["batch_loop_extrapolated"] = [s for s in sizes if s not in loop_sizes]
    report.extra["batch_people"] = (
        "seeded random.Random(8): 10 distinct competences per person, each at a level it "
        f"defines; scored against all {len(ce.job_profiles())} profiles, to a full BatchResult "
        "(people x profiles arrays)"
    )


def _extrapolate(
    timings: dict[tuple[str, int], Stats], sizes: list[int], loop_sizes: list[int]
) -> None:
    largest = sizes[-1]
    if largest not in loop_sizes and ("loop", loop_sizes[-1]) in timings:
        base = loop_sizes[-1]
        timings["loop", largest] = timings["loop", base].scaled(largest / base)


def _report_times(
    report: Report, timings: dict[tuple[str, int], Stats], sizes: list[int], loop_sizes: list[int]
) -> None:
    for key, name in NAMES.items():
        for size in sizes:
            stats = timings.get((key, size))
            if stats is None:
                continue
            baseline_key = {"loop": "list", "python": "loop"}.get(key, "kernel")
            baseline = timings.get((baseline_key, size)) if key != "kernel" else None
            goal = None
            if size == GOAL_SIZE and key in ("list", "long", "wide"):
                goal = Goal("<= 0.3 s and <= 1.2x bare NumPy", ratio_max=1.2, median_max=0.3)
            if size == GOAL_SIZE and key == "loop":
                goal = Goal(">= 100x the list form", ratio_min=100)
            extrapolated = key == "loop" and size not in loop_sizes
            report.add(
                Metric(
                    id=f"batch.{key}.{size}",
                    group="batch",
                    name=f"{size:,} people: {name}",
                    unit="s",
                    stats=stats,
                    baseline_name=None if baseline is None else NAMES[baseline_key].split("(")[0],
                    baseline=baseline,
                    goal=goal,
                    note=(
                        f"extrapolated linearly from {loop_sizes[-1]:,} people (not measured)"
                        if extrapolated
                        else f"{stats.median / size * 1e6:.2f} µs/person"
                    ),
                    extrapolated=extrapolated,
                )
            )


def _memory(report: Report, ce: Any, pd: Any, size: int) -> None:
    """Peak memory traced while building the result (the input already in memory), against
    the bytes of the result's arrays."""
    people = synthetic_people(size)
    forms: dict[str, Any] = {"list": people}
    if pd is not None:
        forms["wide"] = wide_frame(pd, people)
        forms["long"] = long_frame(pd, forms["wide"])
    for form, value in forms.items():
        gc.collect()
        tracemalloc.start()
        result = ce.rank_profiles_batch(value)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        arrays = result.nbytes / 2**20
        del result
        report.add(
            Metric(
                id=f"batch.memory.{form}.{size}",
                group="batch",
                name=f"{size:,} people: peak memory building the result from a {form} input",
                unit="MiB",
                stats=Stats.of([peak / 2**20]),
                baseline_name="the result's arrays",
                baseline=Stats.of([arrays]),
                goal=Goal("<= 3x its arrays", ratio_max=3.0) if size == GOAL_SIZE else None,
                note="tracemalloc peak (NumPy's buffers included), input excluded",
            )
        )


def _growth(
    timings: dict[tuple[str, int], Stats], sizes: list[int], loop_sizes: list[int]
) -> dict[str, dict[str, Any]]:
    growth: dict[str, dict[str, Any]] = {}
    for key, name in NAMES.items():
        per_size = [(s, timings[key, s]) for s in sizes if (key, s) in timings]
        if not per_size:
            continue
        measured = [(s, st) for s, st in per_size if not (key == "loop" and s not in loop_sizes)]
        growth[key] = {
            "name": name,
            "per_person_us": {str(s): st.median / s * 1e6 for s, st in per_size},
            "speedup_vs_loop": {
                str(s): timings["loop", s].median / st.median
                for s, st in per_size
                if key != "loop" and ("loop", s) in timings
            },
            "median_s": {str(s): st.median for s, st in measured},
            "growth": {
                f"{a:,} → {b:,}": sb.median / sa.median
                for (a, sa), (b, sb) in itertools.pairwise(measured)
            },
        }
    return growth


def markdown(details: dict[str, Any]) -> list[str]:
    """Per person and growth tables."""
    growth: dict[str, Any] = details.get("batch_growth", {})
    sizes = [str(x) for x in details.get("batch_sizes", [])]
    extrapolated = {str(x) for x in details.get("batch_loop_extrapolated", [])}
    lines = [f"People: {details.get('batch_people', '')}.", ""]
    if details.get("batch_skipped"):
        lines += [details["batch_skipped"], ""]
    if not growth:
        return lines
    head = " | ".join(f"{int(x):,} people" for x in sizes)
    lines += [
        "Per person (median time / people) and speed-up over the one-by-one loop"
        + (" (†: against the loop extrapolated linearly)" if extrapolated else "")
        + ":",
        "",
        f"| Variant | {head} |",
        "|---|" + "---:|" * len(sizes),
    ]
    for key, g in growth.items():
        cells = []
        for x in sizes:
            per = g["per_person_us"].get(x)
            if per is None:
                cells.append("")
                continue
            cell = f"{per:.3g} µs"
            if key == "loop" and x in extrapolated:
                cell += " *(extrapolated)*"
            speedup = g["speedup_vs_loop"].get(x)
            if speedup is not None:
                cell += f" (×{speedup:.0f}{'†' if x in extrapolated else ''})"
            cells.append(cell)
        lines.append(f"| `{g['name']}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "How the time grows from one size to the next (ratio of medians; linear growth is the "
        "ratio of the sizes):",
        "",
        "| Variant | Growth |",
        "|---|---|",
    ]
    for g in growth.values():
        factors = ", ".join(f"{k}: ×{v:.1f}" for k, v in g["growth"].items())
        lines.append(f"| `{g['name']}` | {factors or '-'} |")
    lines.append("")
    return lines
