"""Batch ranking: many people against every profile, against the one-by-one loop."""

from __future__ import annotations

import functools
import gc
import importlib
import itertools
import random
from collections.abc import Callable
from typing import Any

from benchmarks.core import Config, Goal, Metric, Report, Stats
from benchmarks.timing import once

TITLE = "Batch ranking"
LIST_NOTES = False  # the per-person table below says it better


def synthetic_people(size: int, seed: int = 8) -> list[dict[str, int]]:
    """``size`` people, each with 10 distinct competences at levels the competence defines."""
    import cigref_ecf as ce

    rng = random.Random(seed)
    comps = [(c.code, c.applicable_levels) for c in ce.competences()]
    people = []
    for _ in range(size):
        picked = sorted(rng.sample(range(len(comps)), 10))
        people.append({comps[i][0]: rng.choice(comps[i][1]) for i in picked})
    return people


def wide_frame(pd: Any, people: list[dict[str, int]]) -> Any:
    import cigref_ecf as ce

    codes = [c.code for c in ce.competences()]
    frame = pd.DataFrame.from_records(people, columns=codes)
    frame.index = [f"p{i:06d}" for i in range(len(people))]
    return frame


def optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def run(report: Report, cfg: Config) -> None:
    print("batch", flush=True)
    import cigref_ecf as ce

    np = optional("numpy")
    pd = optional("pandas") if np is not None else None
    sizes = sorted(cfg.sizes)
    loop_sizes = sizes[:-1] if len(sizes) > 1 else sizes
    largest = sizes[-1]
    timings: dict[tuple[str, int], Stats] = {}
    names = {
        "numpy-list-all": "rank_profiles_batch(list, engine='numpy')",
        "numpy-list-top1": "rank_profiles_batch(list, engine='numpy', limit=1)",
        "numpy-frame-all": "rank_profiles_batch(wide DataFrame, engine='numpy')",
        "numpy-frame-top1": "rank_profiles_batch(wide DataFrame, engine='numpy', limit=1)",
        "loop": "[rank_profiles(a) for a in people]",
    }
    if np is None:
        report.extra["batch_skipped"] = "NumPy is not installed: only the loop was measured"
    for size in sizes:
        people = synthetic_people(size)
        frame = wide_frame(pd, people) if pd is not None else None
        variants: dict[str, Callable[[], object]] = {}
        if np is not None:
            variants["numpy-list-all"] = functools.partial(
                ce.rank_profiles_batch, people, engine="numpy"
            )
            variants["numpy-list-top1"] = functools.partial(
                ce.rank_profiles_batch, people, engine="numpy", limit=1
            )
        if frame is not None:
            variants["numpy-frame-all"] = functools.partial(
                ce.rank_profiles_batch, frame, engine="numpy"
            )
            variants["numpy-frame-top1"] = functools.partial(
                ce.rank_profiles_batch, frame, engine="numpy", limit=1
            )
        if size in loop_sizes:
            variants["loop"] = functools.partial(
                lambda ps: [ce.rank_profiles(a) for a in ps], people
            )
        if size == sizes[0]:
            for fn in variants.values():  # warm up: imports, caches
                fn()
        samples: dict[str, list[float]] = {key: [] for key in variants}
        repeats = cfg.batch_repeats(size)
        for r in range(repeats):
            keys = list(variants) if r % 2 == 0 else list(reversed(variants))
            for key in keys:
                if key == "loop" and r >= cfg.loop_repeats:
                    continue
                samples[key].append(once(variants[key]))
        for key, values in samples.items():
            timings[key, size] = Stats.of(values)
        del people, frame, variants
        gc.collect()

    loop_note = ""
    if largest not in loop_sizes and (("loop", loop_sizes[-1]) in timings):
        base = loop_sizes[-1]
        timings["loop", largest] = timings["loop", base].scaled(largest / base)
        loop_note = f"extrapolated linearly from {base:,} people (not measured)"
    growth: dict[str, dict[str, Any]] = {}
    for key, name in names.items():
        per_size = [(s, timings[key, s]) for s in sizes if (key, s) in timings]
        if not per_size:
            continue
        for size, stats in per_size:
            extrapolated = key == "loop" and size not in loop_sizes
            baseline = timings.get(("loop", size)) if key != "loop" else None
            goal = None
            if size == 100_000 and key != "loop":
                goal = Goal("about 1 s (met if <= 1.5 s)", median_max=1.5)
            report.add(
                Metric(
                    id=f"batch.{key}.{size}",
                    group="batch",
                    name=f"{size:,} people: {name}",
                    unit="s",
                    stats=stats,
                    baseline_name=(
                        None
                        if baseline is None
                        else "one-by-one loop"
                        + (" (extrapolated)" if size not in loop_sizes else "")
                    ),
                    baseline=baseline,
                    goal=goal,
                    note=loop_note
                    if extrapolated
                    else f"{stats.median / size * 1e6:.2f} µs/person",
                    extrapolated=extrapolated,
                )
            )
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
    report.extra["batch_growth"] = growth
    report.extra["batch_sizes"] = sizes
    report.extra["batch_loop_extrapolated"] = [s for s in sizes if s not in loop_sizes]
    report.extra["batch_people"] = (
        "seeded random.Random(8): 10 distinct competences per person, each at a level it "
        f"defines; ranked against all {len(ce.job_profiles())} profiles"
    )
    for key, g in growth.items():
        factors = ", ".join(f"{k}: x{v:.1f}" for k, v in g["growth"].items())
        print(f"    growth {key}: {factors or '-'}")


def markdown(details: dict[str, Any]) -> list[str]:
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
        "ratio of the sizes, ×10 for 1,000 → 10,000):",
        "",
        "| Variant | Growth |",
        "|---|---|",
    ]
    for g in growth.values():
        factors = ", ".join(f"{k}: ×{v:.1f}" for k, v in g["growth"].items())
        lines.append(f"| `{g['name']}` | {factors or '-'} |")
    lines.append("")
    return lines
