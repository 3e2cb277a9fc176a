"""Scale: people per second per core, scoring wide frames of 100k and 1M people to each
person's best profile (``score_partition(frame, top=1)``), in one process, on a Dask
``LocalCluster`` of 1 and 2 worker processes, and on Spark in local mode (measured by
``nox -s spark``, read from ``benchmarks/spark.json``)."""

from __future__ import annotations

import functools
import importlib
import json
import time
from typing import Any

from benchmarks.core import HERE, Config, Metric, Report, Stats
from benchmarks.people import synthetic_wide
from benchmarks.timing import once

TITLE = "Scale: one process, Dask, Spark"
LIST_NOTES = False
SPARK_RESULTS = HERE / "spark.json"
PART_SIZE = 125_000


def run(report: Report, cfg: Config) -> None:
    print("scale", flush=True)
    try:
        import numpy as np
        import pandas as pd
    except ImportError:
        report.extra["scale"] = {"skipped": "NumPy and pandas are needed"}
        return
    from cigref_ecf import score_partition

    sizes = sorted(cfg.scale_sizes)
    rows: dict[str, dict[str, Any]] = {}
    for size in sizes:
        frame = synthetic_wide(np, pd, size)
        score_partition(frame.iloc[:1000], top=1)  # warm up
        score = functools.partial(score_partition, frame, top=1)
        times = [once(score) for _ in range(2 if cfg.quick else _runs(size))]
        _add(report, rows, "single", "one process", size=size, times=times, cores=1)
        del frame
    if cfg.quick:
        report.extra["scale"] = {"rows": rows, "dask": "not measured with --quick"}
    else:
        for workers in (1, 2):
            for size in sizes:
                times = _dask(np, pd, size, workers)
                label = f"Dask, {workers} worker process{'es' if workers > 1 else ''}"
                _add(report, rows, f"dask{workers}", label, size=size, times=times, cores=workers)
        report.extra["scale"] = {"rows": rows}
    if SPARK_RESULTS.is_file():
        report.extra["scale"]["spark"] = json.loads(SPARK_RESULTS.read_text(encoding="utf-8"))
    report.extra["scale"]["people"] = (
        "benchmarks.people.synthetic_wide: a wide frame (id column, 36 float32 columns, NaN "
        "when not assessed), 10 competences per person; the result is each person's best "
        "profile, back in the calling process as a pandas DataFrame"
    )


def _runs(size: int) -> int:
    return 5 if size <= 100_000 else 3


def _add(
    report: Report,
    rows: dict[str, dict[str, Any]],
    key: str,
    label: str,
    *,
    size: int,
    times: list[float],
    cores: int,
) -> None:
    stats = Stats.of(times)
    rate = size / stats.median / cores
    report.add(
        Metric(
            id=f"scale.{key}.{size}",
            group="scale",
            name=f"{size:,} people, best profile each: {label}",
            unit="s",
            stats=stats,
            note=f"{rate:,.0f} people/s/core",
        )
    )
    row = rows.setdefault(key, {"label": label, "cores": cores, "median_s": {}, "rate": {}})
    row["median_s"][str(size)] = stats.median
    row["rate"][str(size)] = rate


def _dask(np: Any, pd: Any, size: int, workers: int) -> list[float]:
    """Seconds to score ``size`` people held by ``workers`` worker processes (made and
    persisted there first, so only the scoring and the result's way back are timed)."""
    cloudpickle: Any = importlib.import_module("cloudpickle")
    dd: Any = importlib.import_module("dask.dataframe")
    distributed: Any = importlib.import_module("distributed")
    import benchmarks.people
    from cigref_ecf import dask_meta, score_partition

    cloudpickle.register_pickle_by_value(benchmarks.people)
    parts = max(2 * workers, size // PART_SIZE)
    each = size // parts
    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        people = dd.from_map(
            lambda i: synthetic_wide(np, pd, each, seed=i, start=i * each),
            range(parts),
            meta=synthetic_wide(np, pd, 0),
        ).persist()
        distributed.wait(people)
        scored = people.map_partitions(score_partition, top=1, meta=dask_meta())
        scored.compute()  # warm up: imports and the nomenclature in every worker
        times = []
        for _ in range(_runs(size)):
            start = time.perf_counter()
            result = scored.compute()
            times.append(time.perf_counter() - start)
            assert len(result) == each * parts
        client.cancel(people)
    return times


def markdown(details: dict[str, Any]) -> list[str]:
    """The throughput table: people per second per core, and the growth 100k -> 1M."""
    scale = details.get("scale") or {}
    rows: dict[str, Any] = dict(scale.get("rows") or {})
    spark = scale.get("spark")
    if spark:
        for key, row in spark.get("rows", {}).items():
            rows[f"spark-{key}"] = row
    if not rows:
        return [scale.get("skipped", ""), ""]
    sizes = sorted({int(s) for row in rows.values() for s in row["median_s"]})
    head = " | ".join(f"{s:,} people" for s in sizes)
    lines = [
        f"People: {scale.get('people', '')}.",
        "",
        "Median time and people per second per core (time / cores used):",
        "",
        f"| Engine | Cores | {head} | Growth |",
        "|---|---:|" + "---:|" * len(sizes) + "---|",
    ]
    for row in rows.values():
        cells = []
        for s in sizes:
            t = row["median_s"].get(str(s))
            cells.append("" if t is None else f"{t:.3g} s, {row['rate'][str(s)]:,.0f} /s/core")
        known = [(s, row["median_s"][str(s)]) for s in sizes if str(s) in row["median_s"]]
        growth = (
            f"×{known[-1][1] / known[0][1]:.1f} for ×{known[-1][0] / known[0][0]:.0f} people"
            if len(known) > 1
            else "-"
        )
        lines.append(f"| {row['label']} | {row['cores']} | " + " | ".join(cells) + f" | {growth} |")
    lines.append("")
    if spark:
        lines += [
            f"Spark rows: measured {spark.get('generated', '?')} by `{spark.get('command')}` "
            f"(PySpark {spark.get('pyspark')}, {spark.get('java')}, `mapInPandas` with "
            "`score_partitions`); not re-run by `benchmarks/run.py`.",
            "",
        ]
    elif "dask" in scale:
        lines += [f"Dask: {scale['dask']}.", ""]
    return lines
