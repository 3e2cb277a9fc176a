"""Spark in local mode: the recipe of the docs (``mapInPandas`` with ``score_partitions``) over
100k and 1M synthetic people, timed; writes ``benchmarks/spark.json`` for the benchmarks page.

Run by ``nox -s spark`` (PySpark from PyPI, a Java runtime from the system: Java 17 or newer).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.core import HERE
from benchmarks.people import synthetic_wide

SIZES = (100_000, 1_000_000)
RUNS = 3
PART_SIZE = 125_000


def _java() -> str:
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "java: not found"
    return out.stderr.splitlines()[0].strip()


def measure(cores: int, sizes: tuple[int, ...]) -> dict[str, Any]:
    """Median seconds to score each size on ``local[cores]``, the data cached in Spark first."""
    import numpy as np
    import pandas as pd
    from pyspark.sql import SparkSession

    from cigref_ecf import score_partitions, spark_schema

    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("cigref-ecf-bench")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", str(2 * cores))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    row: dict[str, Any] = {"label": f"Spark local[{cores}]", "cores": cores, "median_s": {}}
    row["rate"] = {}
    try:
        for size in sizes:
            frame = synthetic_wide(np, pd, size).reset_index(drop=True)
            parts = max(2 * cores, size // PART_SIZE)
            people = spark.createDataFrame(frame).repartition(parts).cache()
            people.count()
            scored = people.mapInPandas(
                functools.partial(score_partitions, person="id", top=1),
                schema=spark_schema(person="string"),
            )
            scored.toPandas()  # warm up: Python workers, imports
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                result = scored.toPandas()
                times.append(time.perf_counter() - start)
                assert len(result) == size, len(result)
            people.unpersist()
            median = sorted(times)[len(times) // 2]
            row["median_s"][str(size)] = median
            row["rate"][str(size)] = size / median / cores
            print(
                f"  local[{cores}] {size:,} people: {median:.2f} s, "
                f"{size / median / cores:,.0f} people/s/core",
                flush=True,
            )
    finally:
        spark.stop()
    return row


def main() -> int:
    import pyspark

    sizes = tuple(int(x) for x in sys.argv[1].split(",")) if len(sys.argv) > 1 else SIZES
    results = {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": "nox -s spark",
        "pyspark": pyspark.__version__,
        "java": _java(),
        "python": sys.version.split()[0],
        "rows": {f"local{c}": measure(c, sizes) for c in (1, 2)},
    }
    out = HERE / "spark.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
