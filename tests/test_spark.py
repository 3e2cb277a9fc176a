"""The Spark recipes of docs/tutorials/scale.md in local mode: people read from Parquet,
scored many people at a time (``mapInPandas`` over a wide table: whole Arrow batches;
``applyInPandas`` over a long one grouped in buckets of whole people, not one group a person) and
written to Parquet, equal to the single-process result.

Skipped without PySpark and a Java runtime (CI installs neither: PySpark is ~300 MB and the
JVM's start alone takes seconds); ``nox -s spark`` installs PySpark and runs this file."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmarks import spark_run
from benchmarks.people import long_frame, synthetic_wide, write_parquet

from cigref_ecf import rank_profiles_batch, score_partition, score_partitions, spark_schema

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pyspark_sql = pytest.importorskip("pyspark.sql")
F = pytest.importorskip("pyspark.sql.functions")

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

PEOPLE = 20_000
FILES = 4


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_run.session(cores=2, batch=3_000)  # the benchmark's, small batches
    yield session
    session.stop()


def _people(folder: Path) -> Any:
    write_parquet(np, pd, pa, pq, folder=folder, size=PEOPLE, files=FILES)
    return pd.read_parquet(folder)


def _sorted(frame: Any) -> Any:
    """Rows in one order (Spark writes its partitions in no given order)."""
    plain = frame.astype({"person": str, "profile": str})
    return plain.sort_values(["person", "rank"], ignore_index=True)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::FutureWarning")  # PySpark 4.x warns of pandas 3
def test_wide_parquet_by_map_in_pandas(spark: Any, tmp_path: Path) -> None:
    local = _people(tmp_path / "people")
    people = spark.read.parquet(str(tmp_path / "people"))
    best = people.mapInPandas(
        functools.partial(score_partitions, person="id", top=3),
        schema=spark_schema(person="string"),
    )
    best.write.parquet(str(tmp_path / "best"))
    got = pd.read_parquet(tmp_path / "best")
    expected = rank_profiles_batch(local, person="id", limit=3).to_pandas()
    assert len(got) == 3 * PEOPLE
    pd.testing.assert_frame_equal(_sorted(got), _sorted(expected))


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_long_parquet_by_apply_in_pandas(spark: Any, tmp_path: Path) -> None:
    wide = synthetic_wide(np, pd, 2_000, seed=7).drop(columns="id")
    long = long_frame(pd, wide)
    long["level"] = long["level"].astype("int64")
    pq.write_table(pa.Table.from_pandas(long, preserve_index=False), tmp_path / "long.parquet")
    people = spark.read.parquet(str(tmp_path / "long.parquet"))
    # the recipe: whole people in a few large groups (buckets of ids), not one group a person
    buckets = people.withColumn("bucket", F.abs(F.hash("person")) % 3)
    best = buckets.groupBy("bucket").applyInPandas(
        lambda frame: score_partition(frame.drop(columns="bucket"), top=2),
        schema=spark_schema(person="string"),
    )
    best.write.parquet(str(tmp_path / "best"))
    got = pd.read_parquet(tmp_path / "best")
    expected = rank_profiles_batch(long, limit=2).to_pandas()
    pd.testing.assert_frame_equal(_sorted(got), _sorted(expected))
