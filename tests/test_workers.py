"""Errors and results cross process boundaries: in a ``ProcessPoolExecutor`` (spawned workers,
as on macOS and Windows), an error raised in a worker reaches the caller as the same class with
the same message and attributes, and the pool keeps working. (Dask: tests/test_dask.py.)"""

from __future__ import annotations

import json
import multiprocessing
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest

import cigref_ecf
from cigref_ecf import DataError, InvalidAssessmentError, UnknownCodeError


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as executor:
        yield executor


def _local(error: type[BaseException], call: object, *args: object) -> BaseException:
    with pytest.raises(error) as info:
        call(*args)  # type: ignore[operator]
    return info.value


@pytest.mark.slow
def test_unknown_code_in_a_worker_arrives_whole_and_the_pool_keeps_working(
    pool: ProcessPoolExecutor,
) -> None:
    here = _local(UnknownCodeError, cigref_ecf.competence, "B33")
    assert isinstance(here, UnknownCodeError) and here.suggestions
    with pytest.raises(UnknownCodeError) as there:
        pool.submit(cigref_ecf.competence, "B33").result()
    assert (there.value.kind, there.value.code, there.value.suggestions) == (
        here.kind,
        here.code,
        here.suggestions,
    )
    assert str(there.value) == str(here)
    # the pool was not broken: both workers still answer, good codes and bad
    codes = ["B3", "3.2x", "A1", "e9", "D6"] * 4
    futures = [pool.submit(cigref_ecf.get_competence, code) for code in codes]
    assert [f.result() for f in futures] == [cigref_ecf.get_competence(c) for c in codes]
    with pytest.raises(UnknownCodeError) as again:
        pool.submit(cigref_ecf.job_profile, "3.9").result()
    assert again.value.code == "3.9"


@pytest.mark.slow
def test_data_and_assessment_errors_in_a_worker(pool: ProcessPoolExecutor) -> None:
    text = json.dumps({"meta": {}, "levels": "x"})
    here = _local(DataError, cigref_ecf.load_json, text)
    with pytest.raises(DataError) as there:
        pool.submit(cigref_ecf.load_json, text).result()
    assert type(there.value) is DataError
    assert (there.value.problems, there.value.source, there.value.omitted) == (
        here.problems,  # type: ignore[attr-defined]
        here.source,  # type: ignore[attr-defined]
        here.omitted,  # type: ignore[attr-defined]
    )
    assert str(there.value) == str(here)

    people = [{"B3": 2}, {"B9": 3, "A1": 2}]
    here = _local(InvalidAssessmentError, cigref_ecf.rank_profiles_batch, people)
    with pytest.raises(InvalidAssessmentError) as bad:
        pool.submit(cigref_ecf.rank_profiles_batch, people).result()
    assert bad.value.problems == here.problems  # type: ignore[attr-defined]
    assert str(bad.value) == str(here)


@pytest.mark.slow
def test_results_come_back_equal(pool: ProcessPoolExecutor) -> None:
    """What a worker computes is what the caller would have: rankings, a batch, a team."""
    people = {"ana": {"B3": 3, "B2": 2}, "bob": {"A1": 5, "E4": 2}}
    ranking = pool.submit(cigref_ecf.rank_profiles, people["ana"], limit=3).result()
    assert ranking == cigref_ecf.rank_profiles(people["ana"], limit=3)
    assert ranking.to_records() == cigref_ecf.rank_profiles(people["ana"], limit=3).to_records()
    batch = pool.submit(cigref_ecf.rank_profiles_batch, people, engine="python").result()
    assert batch.to_records() == cigref_ecf.rank_profiles_batch(people).to_records()
    team = pool.submit(cigref_ecf.read_assessments, people).result()
    assert team == cigref_ecf.read_assessments(people)
    assert team.nomenclature == cigref_ecf.load()
    # the nomenclature itself travels both ways (a company's: here, one profile fewer)
    company = cigref_ecf.load_json(json.dumps({"base": "cigref", "remove_profiles": ["3.2"]}))
    assert pool.submit(pickle.loads, pickle.dumps(company)).result() == company
    gap = pool.submit(cigref_ecf.gap, "3.3", people["ana"], nomenclature=company).result()
    assert gap == cigref_ecf.gap("3.3", people["ana"], nomenclature=company)
    assert gap.nomenclature == company
