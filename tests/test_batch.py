"""rank_profiles_batch: same results as rank_profiles one by one, in every input form."""

from __future__ import annotations

import sys
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import Assessment, InvalidAssessmentError, rank_profiles, rank_profiles_batch

from .strategies import assessments

pd = pytest.importorskip("pandas")


def _expected(
    people: dict[Any, Assessment], limit: int | None = None, family: int | None = None
) -> list[dict[str, Any]]:
    rows = []
    for person, a in people.items():
        for rank, r in enumerate(rank_profiles(a, limit=limit, family=family), start=1):
            rows.append(
                {
                    "person": person,
                    "rank": rank,
                    "profile": r.profile.code,
                    "score": r.score,
                    "met": r.met,
                    "required": r.required,
                    "shortfall": r.total_shortfall,
                }
            )
    return rows


@given(
    st.lists(assessments(), max_size=6),
    st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=7)),
)
def test_batch_equals_one_by_one(
    people: list[Assessment], limit: int | None, family: int | None
) -> None:
    expected = _expected(dict(enumerate(people)), limit, family)
    engines: tuple[Literal["python", "numpy", "auto"], ...] = ("python", "numpy", "auto")
    for engine in engines:
        got = rank_profiles_batch(people, limit=limit, family=family, engine=engine)
        assert got == expected, engine


@given(st.dictionaries(st.text(min_size=1, max_size=4), assessments(), max_size=5))
def test_batch_from_a_mapping_and_dataframes(people: dict[str, Assessment]) -> None:
    expected = _expected(people, limit=3)
    assert rank_profiles_batch(people, limit=3) == expected
    long = pd.DataFrame(
        [(p, c, lv) for p, a in people.items() for c, lv in a.items()],
        columns=["person", "competence", "level"],
    )
    got_long = rank_profiles_batch(long, limit=3)
    assessed = [p for p in people if people[p]]  # people without rows do not appear in long form
    assert got_long.to_dict("records") == [r for r in expected if r["person"] in assessed]
    wide = pd.DataFrame([dict(a) for a in people.values()], index=list(people))
    if len(wide.columns):
        got_wide = rank_profiles_batch(wide, limit=3)
        assert list(got_wide.columns) == [
            "person",
            "rank",
            "profile",
            "score",
            "met",
            "required",
            "shortfall",
        ]
        assert got_wide.to_dict("records") == expected


def test_batch_names_every_bad_entry() -> None:
    with pytest.raises(InvalidAssessmentError) as info:
        rank_profiles_batch({"ana": {"B9": 2}, "bob": {"A1": 1, "B3": 2}, "cy": {"B3": 2}})
    paths = [p.path for p in info.value.problems]
    assert paths == ["'ana': B9", "'bob': A1"]


def test_batch_rejects_non_assessments() -> None:
    with pytest.raises(InvalidAssessmentError, match=r"\[1\]: expected a mapping"):
        rank_profiles_batch([{"B3": 2}, 5])
    with pytest.raises(InvalidAssessmentError):
        rank_profiles_batch(3)
    with pytest.raises(cigref_ecf.InvalidQueryError, match="engine"):
        rank_profiles_batch([], engine="gpu")  # type: ignore[arg-type]


def test_numpy_engine_without_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(cigref_ecf.MissingDependencyError, match="fast"):
        rank_profiles_batch([{"B3": 2}], engine="numpy")
    # auto falls back to the pure-Python reference
    assert rank_profiles_batch([{"B3": 2}], limit=1, engine="auto") == _expected(
        {0: Assessment.from_mapping({"B3": 2})}, limit=1
    )


def test_long_frame_duplicates() -> None:
    frame = pd.DataFrame(
        [("a", "B3", 2), ("a", "B3", 3)], columns=["person", "competence", "level"]
    )
    with pytest.raises(InvalidAssessmentError, match="duplicate competence"):
        rank_profiles_batch(frame)
