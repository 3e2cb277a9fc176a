"""score_partition on a real Dask cluster (two worker processes): people read from Parquet,
scored and written back to Parquet by the workers, equal to the single-process result; bad
input fails there as it does here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmarks.people import write_parquet

from cigref_ecf import (
    InvalidAssessmentError,
    UnknownCodeError,
    competence,
    dask_meta,
    rank_profiles_batch,
    score_partition,
)

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

PEOPLE = 200_000
FILES = 8


def _people(folder: Path, people: int) -> Any:
    """``people`` synthetic people (the benchmarks' generator: wide, float32 levels, NaN when
    not assessed, ids in an ``id`` column) in :data:`FILES` Parquet files; returns them as one
    frame, read by this process."""
    write_parquet(np, pd, pa, pq, folder=folder, size=people, files=FILES)
    return pd.read_parquet(folder)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=":0",  # a free port: None still binds 8787 in distributed 2026.8
            memory_limit="3GiB",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _plain(frame: Any) -> Any:
    return frame.astype({"person": str, "profile": str}).reset_index(drop=True)


@pytest.mark.slow
@pytest.mark.parametrize(("people", "top"), [(PEOPLE, 3), (PEOPLE // 10, None)])
def test_people_from_parquet_scored_to_parquet_by_two_workers(
    client: Any, tmp_path: Path, people: int, top: int | None
) -> None:
    local = _people(tmp_path / "people", people)
    # the recipe of docs/tutorials/scale.md
    frame = dd.read_parquet(tmp_path / "people")
    scored = frame.map_partitions(score_partition, person="id", top=top, meta=dask_meta())
    done = scored.to_parquet(
        tmp_path / "scored", write_index=False, name_function=lambda i: f"part-{i:05d}.parquet"
    )
    assert done is None  # written by the workers: nothing comes back but the end of the tasks
    assert frame.npartitions == FILES and len(client.scheduler_info()["workers"]) == 2
    files = sorted(p.name for p in (tmp_path / "scored").glob("*.parquet"))
    assert files == [f"part-{i:05d}.parquet" for i in range(FILES)]
    got = pd.read_parquet(tmp_path / "scored")
    expected = rank_profiles_batch(local, person="id", limit=top).to_pandas()
    assert len(got) == people * (top or 33)
    pd.testing.assert_frame_equal(_plain(got), _plain(expected))
    assert list(got.dtypes) == list(dask_meta().dtypes)


@pytest.mark.slow
def test_bad_input_in_a_partition_raises_the_same_error(client: Any) -> None:
    long = pd.DataFrame(
        {
            "person": ["a", "a", "b", "c", "c", "d"],
            "competence": ["B3", "B2", "A1", "B3", "ZZ", "E4"],
            "level": [2.0, 9.0, 5.0, 2.0, 1.0, 2.5],
        }
    )
    with pytest.raises(InvalidAssessmentError) as here:
        rank_profiles_batch(long)
    # whole people per partition: a and b in the first, c and d in the second
    parts = dd.from_pandas(long, npartitions=1).repartition(divisions=[0, 3, 5])
    bad = parts.map_partitions(score_partition, meta=dask_meta())
    with pytest.raises(InvalidAssessmentError) as there:
        bad.compute()
    one_by_one = [p for part in (long.iloc[:3], long.iloc[3:]) for p in _problems(part)]
    assert one_by_one == [(p.path, p.message) for p in here.value.problems]
    remote = [(p.path, p.message) for p in there.value.problems]
    assert remote in (_problems(long.iloc[:3]), _problems(long.iloc[3:]))
    assert "row 1: " in str(here.value) and "row 5: " in str(here.value)
    # the same class, message and attributes as the partition's own error here
    assert type(there.value) is InvalidAssessmentError
    local = [_error(part) for part in (long.iloc[:3], long.iloc[3:])]
    same = [e for e in local if str(e) == str(there.value)]
    assert len(same) == 1
    assert (there.value.problems, there.value.source, there.value.omitted) == (
        same[0].problems,
        same[0].source,
        same[0].omitted,
    )
    # and the cluster keeps working
    fine = long.iloc[[0, 3]]  # a and c, each at B3 level 2
    good = dd.from_pandas(fine, npartitions=2).map_partitions(score_partition, meta=dask_meta())
    pd.testing.assert_frame_equal(_plain(good.compute()), _plain(score_partition(fine)))


@pytest.mark.slow
def test_an_unknown_code_on_a_worker_arrives_whole(client: Any) -> None:
    """A lookup of an unknown code on a worker raises, in the caller, the UnknownCodeError it
    raises here: its kind, code, suggestions and message; the workers keep answering."""
    with pytest.raises(UnknownCodeError) as here:
        competence("B33")
    with pytest.raises(UnknownCodeError) as there:
        client.submit(competence, "B33", pure=False).result()
    assert (there.value.kind, there.value.code, there.value.suggestions) == (
        here.value.kind,
        here.value.code,
        here.value.suggestions,
    )
    assert there.value.suggestions and str(there.value) == str(here.value)
    codes = ["B3", "b.1", "A1", "E4"]
    assert client.gather(client.map(competence, codes)) == [competence(c) for c in codes]


def _error(frame: Any) -> InvalidAssessmentError:
    with pytest.raises(InvalidAssessmentError) as info:
        score_partition(frame)
    return info.value


def _problems(frame: Any) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in _error(frame).problems]
