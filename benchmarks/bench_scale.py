"""Scale: synthetic people written to Parquet first, then each person's best profile scored
from disk and written back to Parquet, by one process (file by file), by Dask (a
``LocalCluster`` of 1 and 2 worker processes: the recipe of the scale tutorial, the workers
reading and writing) and by Spark in local mode with 1 and 2 cores (``mapInPandas``, in a child
process: ``benchmarks/spark_run.py``; measured when PySpark and a Java runtime are installed).

For each engine and size: the wall time (read, score, write), people per second per core
(people / wall / cores), the ratio of that to one process, the CPU time of all the engine's
processes, and the peak resident memory of one worker (``VmHWM``, reset before each run)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.core import ROOT, Config, Metric, Report, Stats
from benchmarks.people import write_parquet
from benchmarks.procs import peak_mib, reset_peak, tree_cpu

TITLE = "Scale: one process, Dask, Spark (Parquet in, Parquet out)"
LIST_NOTES = False
PART_SIZE = 125_000
"""People per Parquet file (a Dask partition; Spark splits files into its own tasks)."""
TOP = 1
SPARK_BATCH = 100_000
"""Spark's ``spark.sql.execution.arrow.maxRecordsPerBatch`` (rows per Arrow batch)."""


def run(report: Report, cfg: Config) -> None:
    print("scale", flush=True)
    try:
        import numpy as np
        import pandas as pd
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        report.extra["scale"] = {"skipped": "NumPy, pandas and pyarrow are needed"}
        return
    sizes = sorted(cfg.scale_sizes)
    rows: dict[str, dict[str, Any]] = {}
    notes: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="cigref-ecf-scale-") as tmp:
        work = Path(tmp)
        data = {}
        for size in sizes:
            start = time.perf_counter()
            files = max(2, -(-size // PART_SIZE))
            folder = work / f"people-{size}"
            data[size] = write_parquet(np, pd, pa, pq, folder=folder, size=size, files=files)
            print(f"  {size:,} people written in {time.perf_counter() - start:.1f} s", flush=True)
        for size in sizes:
            found = _single_child(data[size], work / "out", _runs(cfg, size))
            _add(report, rows, "single", "one process", size=size, found=found, cores=1)
        if cfg.quick:
            notes["dask"] = notes["spark"] = "not measured with --quick"
        else:
            for workers in (1, 2):
                label = f"Dask, {workers} worker process{'es' if workers > 1 else ''}"
                for size, found in _dask(data, work / "out", workers, cfg).items():
                    _add(
                        report, rows, f"dask{workers}", label, size=size, found=found, cores=workers
                    )
            why_not = _spark_missing()
            if why_not:
                notes["spark"] = why_not
            for cores in () if why_not else (1, 2):
                spark = _spark(data, work / "out", cores, cfg)
                notes["spark_versions"] = spark["versions"]
                for size, found in spark["sizes"].items():
                    _add(
                        report,
                        rows,
                        f"spark{cores}",
                        f"Spark local[{cores}]",
                        size=int(size),
                        found=found,
                        cores=cores,
                    )
    _ratios(rows)
    report.extra["scale"] = {
        "rows": rows,
        "notes": notes,
        "top": TOP,
        "part_size": PART_SIZE,
        "spark_batch": SPARK_BATCH,
        "people": (
            "benchmarks.people.synthetic_wide: an id column and 36 float32 columns (NaN when not "
            "assessed), 10 competences per person"
        ),
    }


def _runs(cfg: Config, size: int) -> int:
    if cfg.quick:
        return 1
    return 3 if size <= 1_000_000 else 1


def rows_written(pq: Any, folder: Path) -> int:
    """The rows of a folder of Parquet files, from their footers."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in sorted(folder.glob("*.parquet")))


def _add(
    report: Report,
    rows: dict[str, dict[str, Any]],
    key: str,
    label: str,
    *,
    size: int,
    found: dict[str, Any],
    cores: int,
) -> None:
    stats = Stats.of(found["times"])
    rate = size / stats.median / cores
    report.add(
        Metric(
            id=f"scale.{key}.{size}",
            group="scale",
            name=f"{size:,} people, Parquet to Parquet, best profile each: {label}",
            unit="s",
            stats=stats,
            note=f"{rate:,.0f} people/s/core",
        )
    )
    row = rows.setdefault(key, {"label": label, "cores": cores, "sizes": {}})
    row["sizes"][str(size)] = {
        "median_s": stats.median,
        "runs": stats.n,
        "rate": rate,
        "cpu_s": _median(found.get("cpu") or []),
        "peak_mib": max(found.get("peak") or [0]) or None,
        "jvm_mib": max(found.get("jvm") or [0]) or None,
        "load": found.get("load"),
    }
    if "floor" in found:
        row["sizes"][str(size)]["floor"] = {
            "median_s": _median(found["floor"]["times"]),
            "cpu_s": _median(found["floor"]["cpu"]),
        }


def _median(values: list[float]) -> float | None:
    return sorted(values)[len(values) // 2] if values else None


def _ratios(rows: dict[str, dict[str, Any]]) -> None:
    single = rows.get("single", {}).get("sizes", {})
    for row in rows.values():
        for size, cell in row["sizes"].items():
            base = single.get(size)
            cell["per_core_vs_single"] = cell["rate"] / base["rate"] if base else None


# ------------------------------------------------------------------------------ one process


SINGLE_CHILD = """
import json, sys
from benchmarks.bench_scale import single
print(json.dumps(single(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
"""


def _single_child(source: Path, out: Path, runs: int) -> dict[str, Any]:
    """:func:`single` in a fresh interpreter (its peak memory is the engine's own)."""
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, "-c", SINGLE_CHILD, str(source), str(out), str(runs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    found["load"] = load
    return found


def single(source: str, out: str, runs: int) -> dict[str, Any]:
    """One process, file by file: read a Parquet file, score it, write its result; ``runs``
    times after a warm-up on one file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cigref_ecf import score_partition

    files = sorted(Path(source).glob("*.parquet"))
    target = Path(out)

    def once(paths: list[Path]) -> None:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for i, path in enumerate(paths):
            scored = score_partition(pq.read_table(path).to_pandas(), person="id", top=TOP)
            table = pa.Table.from_pandas(scored, preserve_index=False)
            pq.write_table(table, target / f"part-{i:05d}.parquet")

    once(files[:1])
    found: dict[str, list[float]] = {"times": [], "cpu": [], "peak": []}
    for _ in range(runs):
        reset_peak()
        cpu, start = time.process_time(), time.perf_counter()
        once(files)
        found["times"].append(time.perf_counter() - start)
        found["cpu"].append(time.process_time() - cpu)
        found["peak"].append(peak_mib() or 0.0)
    expected = sum(pq.ParquetFile(p).metadata.num_rows for p in files) * TOP
    assert rows_written(pq, target) == expected
    shutil.rmtree(target, ignore_errors=True)
    return found


# ------------------------------------------------------------------------------ Dask


def _dask(data: dict[int, Path], out: Path, workers: int, cfg: Config) -> dict[int, Any]:
    """The tutorial's recipe on a fresh ``LocalCluster`` (one thread per worker process):
    ``read_parquet``, ``map_partitions(score_partition)``, ``to_parquet``, the workers reading
    and writing; a warm-up on two files first."""
    dd: Any = importlib.import_module("dask.dataframe")
    distributed: Any = importlib.import_module("distributed")
    pq: Any = importlib.import_module("pyarrow.parquet")
    from cigref_ecf import dask_meta, score_partition

    def once(source: Any, target: Path) -> None:
        shutil.rmtree(target, ignore_errors=True)
        people = dd.read_parquet(source)
        best = people.map_partitions(score_partition, person="id", top=TOP, meta=dask_meta())
        best.to_parquet(target, write_index=False, name_function=lambda i: f"part-{i:05d}.parquet")

    results: dict[int, Any] = {}
    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        first = sorted(data.values())[0]
        once([str(p) for p in sorted(first.glob("*.parquet"))[:2]], out)
        for size, source in data.items():
            found: dict[str, Any] = {"times": [], "cpu": [], "peak": []}
            found["load"] = os.getloadavg()[0]
            for _ in range(_runs(cfg, size)):
                client.run(reset_peak)
                cpu, start = tree_cpu(), time.perf_counter()
                once(source, out)
                found["times"].append(time.perf_counter() - start)
                after = tree_cpu()
                if cpu is not None and after is not None:
                    found["cpu"].append(after - cpu)
                found["peak"].append(max(v or 0.0 for v in client.run(peak_mib).values()))
            assert rows_written(pq, out) == size * TOP
            results[size] = found
            print(f"  Dask {workers} workers {size:,}: {_median(found['times']):.2f} s", flush=True)
    shutil.rmtree(out, ignore_errors=True)
    return results


# ------------------------------------------------------------------------------ Spark


def _spark_missing() -> str:
    """Why Spark cannot be measured here, or ``""``."""
    if importlib.util.find_spec("pyspark") is None:
        return "not measured: PySpark is not installed (`nox -s bench` installs it)"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "not measured: no Java runtime (Spark needs Java 17 or newer)"
    return ""


def _spark(data: dict[int, Path], out: Path, cores: int, cfg: Config) -> dict[str, Any]:
    """``benchmarks/spark_run.py`` in a child process (its own JVM), over every size."""
    with tempfile.TemporaryDirectory(prefix="cigref-ecf-spark-") as tmp:
        result = Path(tmp) / "spark.json"
        command = [
            sys.executable,
            str(ROOT / "benchmarks" / "spark_run.py"),
            "--cores",
            str(cores),
            "--batch",
            str(SPARK_BATCH),
            "--out",
            str(out),
            "--json",
            str(result),
            *(f"{size}={path}={_runs(cfg, size)}" for size, path in data.items()),
        ]
        env = {**os.environ, "PYSPARK_PYTHON": sys.executable}
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        found: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return found


# ------------------------------------------------------------------------------ the page


def _mib(value: float | None) -> str:
    return "-" if not value else f"{value:,.0f} MiB"


def markdown(details: dict[str, Any]) -> list[str]:
    """One table per size: wall, people per second per core, the ratio to one process, CPU
    time and peak memory per worker."""
    scale = details.get("scale") or {}
    rows: dict[str, Any] = scale.get("rows") or {}
    if not rows:
        return [scale.get("skipped", ""), ""]
    notes = scale.get("notes", {})
    sizes = sorted({int(s) for row in rows.values() for s in row["sizes"]})
    lines = [
        f"People: {scale.get('people', '')}; written to Parquet files of "
        f"{scale.get('part_size', 0):,} people first, then each engine reads them, scores each "
        f"person's best profile (`top={scale.get('top')}`) and writes the result to Parquet. "
        "People per second per core = people / wall time / cores used; the ratio is that rate "
        "over one process's. CPU time: all the engine's processes (workers, scheduler, client, "
        "JVM). Peak memory: the largest `VmHWM` of one worker process (reset before each run); "
        "for Spark the Python worker's, the JVM's after it. Load: the 1-minute load average "
        "when the engine started (the machine is shared; 2 means both cores busy).",
        "",
    ]
    for size in sizes:
        lines += [
            f"**{size:,} people**",
            "",
            "| Engine | Cores | Wall (median) | People / s / core | Per core vs one process "
            "| CPU time | Peak memory per worker | Load |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows.values():
            cell = row["sizes"].get(str(size))
            if cell is None:
                continue
            ratio = cell.get("per_core_vs_single")
            peak = _mib(cell.get("peak_mib"))
            if cell.get("jvm_mib"):
                peak += f" (JVM {_mib(cell['jvm_mib'])})"
            cpu = cell.get("cpu_s")
            lines.append(
                f"| {row['label']} | {row['cores']} | {cell['median_s']:.3g} s "
                f"(n={cell['runs']}) | {cell['rate']:,.0f} | "
                + ("-" if ratio is None else f"{ratio:.2f}x")
                + f" | {'-' if cpu is None else f'{cpu:.3g} s'} | {peak} | "
                + ("-" if cell.get("load") is None else f"{cell['load']:.1f}")
                + " |"
            )
        lines.append("")
    for row in rows.values():
        for size, cell in row["sizes"].items():
            if cell.get("floor"):
                floor = cell["floor"]
                lines += [
                    f"{row['label']}, {int(size):,} people, Spark's own share: reading the "
                    "files and handing every row to Python as Arrow batches, with no scoring "
                    f"and nothing written, took {floor['median_s']:.3g} s"
                    + ("" if floor["cpu_s"] is None else f" ({floor['cpu_s']:.3g} s of CPU time)")
                    + ".",
                    "",
                ]
    versions = notes.get("spark_versions")
    if versions:
        lines += [
            f"Spark: PySpark {versions.get('pyspark')}, {versions.get('java')}, "
            f"`spark.sql.execution.arrow.maxRecordsPerBatch` = {scale.get('spark_batch'):,}.",
            "",
        ]
    for engine in ("dask", "spark"):
        if notes.get(engine):
            lines += [f"{engine.capitalize()}: {notes[engine]}.", ""]
    return lines
