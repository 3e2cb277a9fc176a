"""Spark in local mode, for the scale benchmark (``benchmarks/bench_scale.py`` runs it in a child
process, one per core count): the recipe of the scale tutorial, people read from Parquet,
scored by ``mapInPandas`` with ``score_partitions`` (whole Arrow batches) and written to
Parquet by the executors. Needs PySpark and a Java runtime (17 or newer).

Usage::

    python benchmarks/spark_run.py --cores 2 --out /tmp/out --json result.json \\
        1000000=/data/people-1m=3 10000000=/data/people-10m=1

For each ``SIZE=FOLDER=RUNS``: ``RUNS`` timed runs (after one warm-up on the first folder's
first file), each with the CPU time of the driver, the JVM and the Python workers, and the peak
memory of the JVM and of the largest Python worker (reset before each run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.procs import command, descendants, peak_mib, reset_peak, tree_cpu

TOP = 1


def java_version() -> str:
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "java: not found"
    return out.stderr.splitlines()[0].strip()


def session(cores: int, batch: int) -> Any:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers run this interpreter
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("cigref-ecf-bench")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def score(spark: Any, source: str | list[str], target: Path) -> None:
    """The tutorial's recipe: Parquet in, ``mapInPandas``, Parquet out."""
    from cigref_ecf import score_partitions, spark_schema

    people = spark.read.parquet(*([source] if isinstance(source, str) else source))
    best = people.mapInPandas(
        functools.partial(score_partitions, person="id", top=TOP),
        schema=spark_schema(person="string"),
    )
    best.write.mode("overwrite").parquet(str(target))


def floor(spark: Any, source: str, target: Path) -> None:
    """What Spark does before any scoring: read, hand every row to Python as Arrow batches
    (as pandas frames), and get nothing back."""
    people = spark.read.parquet(source)
    nothing = people.mapInPandas(lambda frames: (f.iloc[:0, :1] for f in frames), "id string")
    nothing.write.mode("overwrite").parquet(str(target))


def _peaks() -> tuple[float, float]:
    """The peak memory (MiB) of the JVM and of the largest Python worker under this driver."""
    jvm = python = 0.0
    for pid in descendants(os.getpid()):
        peak = peak_mib(pid) or 0.0
        if command(pid) == "java":
            jvm = max(jvm, peak)
        elif command(pid).startswith("python"):
            python = max(python, peak)
    return jvm, python


def measure(cores: int, batch: int, out: Path, datasets: Sequence[tuple[int, Path, int]]) -> Any:
    import pyarrow.parquet as pq

    spark = session(cores, batch)
    sizes: dict[str, Any] = {}
    try:
        first = sorted(datasets[0][1].glob("*.parquet"))[:1]
        score(spark, [str(p) for p in first], out)  # warm-up: the JVM's JIT, Python workers
        for size, folder, runs in datasets:
            found: dict[str, Any] = {"times": [], "cpu": [], "peak": [], "jvm": []}
            found["load"] = os.getloadavg()[0]
            for _ in range(runs):
                for pid in descendants(os.getpid()):
                    reset_peak(pid)
                cpu, start = tree_cpu(), time.perf_counter()
                score(spark, str(folder), out)
                found["times"].append(time.perf_counter() - start)
                after = tree_cpu()
                if cpu is not None and after is not None:
                    found["cpu"].append(after - cpu)
                jvm, python = _peaks()
                found["jvm"].append(jvm)
                found["peak"].append(python)
            written = sum(pq.ParquetFile(p).metadata.num_rows for p in out.glob("*.parquet"))
            assert written == size * TOP, (written, size)
            sizes[str(size)] = found
            if folder == datasets[0][1]:  # the smallest size: Spark's own share, apart
                found["floor"] = {"times": [], "cpu": []}
                for _ in range(runs):
                    cpu, start = tree_cpu(), time.perf_counter()
                    floor(spark, str(folder), out)
                    found["floor"]["times"].append(time.perf_counter() - start)
                    after = tree_cpu()
                    if cpu is not None and after is not None:
                        found["floor"]["cpu"].append(after - cpu)
            print(
                f"  Spark local[{cores}] {size:,}: {sorted(found['times'])[runs // 2]:.2f} s",
                flush=True,
            )
    finally:
        spark.stop()
        shutil.rmtree(out, ignore_errors=True)
    return sizes


def _dataset(text: str) -> tuple[int, Path, int]:
    size, folder, runs = text.split("=")
    return int(size), Path(folder), int(runs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cores", type=int, default=1)
    parser.add_argument("--batch", type=int, default=100_000, help="maxRecordsPerBatch")
    parser.add_argument("--out", type=Path, required=True, help="a scratch output folder")
    parser.add_argument("--json", type=Path, required=True, help="where to write the results")
    parser.add_argument("datasets", nargs="+", type=_dataset, help="SIZE=FOLDER=RUNS")
    args = parser.parse_args(argv)
    import pyspark

    results = {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": {"pyspark": pyspark.__version__, "java": java_version()},
        "sizes": measure(args.cores, args.batch, args.out, args.datasets),
    }
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
