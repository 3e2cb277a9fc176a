"""rank_profiles_batch: one BatchResult, the same arrays as rank_profiles person by person, in
every input form and with either engine, and the same errors."""

from __future__ import annotations

import math
import sys
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import (
    Assessment,
    BatchResult,
    InvalidAssessmentError,
    InvalidLevelError,
    rank_profiles,
    rank_profiles_batch,
)
from cigref_ecf._model.rules import assessed_level
from cigref_ecf._read import batch_array
from cigref_ecf._read.batch_array import numeric_levels

from .strategies import assessments

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

ENGINES: tuple[Literal["python", "numpy"], ...] = ("python", "numpy")


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


def _arrays(result: BatchResult) -> tuple[Any, ...]:
    return (
        result.person_ids,
        result.profiles,
        result.required,
        np.asarray(result.score),
        np.asarray(result.met),
        np.asarray(result.shortfall),
    )


def _assert_same(a: BatchResult, b: BatchResult) -> None:
    for x, y in zip(_arrays(a), _arrays(b), strict=True):
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape
            assert np.array_equal(x, y)
        else:
            assert x == y


@given(
    st.lists(assessments(), max_size=6),
    st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=7)),
)
def test_batch_equals_one_by_one(
    people: list[Assessment], limit: int | None, family: int | None
) -> None:
    expected = _expected(dict(enumerate(people)), limit, family)
    results = [
        rank_profiles_batch(people, limit=limit, family=family, engine=engine)
        for engine in ("python", "numpy", "auto")
    ]
    for result in results:
        assert isinstance(result, BatchResult)
        assert result.to_records() == expected
        assert list(result) == expected
        assert len(result) == len(expected)
    _assert_same(results[0], results[1])
    # the arrays hold every profile of the family, whatever the limit
    for i, a in enumerate(people):
        for report in rank_profiles(a, family=family):
            j = results[1].profiles.index(report.profile.code)
            for result in results[:2]:
                assert result.score[i, j] == report.score
                assert result.met[i, j] == report.met
                assert result.shortfall[i, j] == report.total_shortfall


def _plain(a: Assessment) -> dict[str, Any]:
    return dict(a.levels)


@given(
    st.lists(assessments(max_size=8), max_size=6, unique_by=lambda a: tuple(a.items())),
    st.sampled_from([int, float, "nullable"]),
)
def test_list_long_and_wide_frame_give_equal_arrays(people: list[Assessment], kind: object) -> None:
    ids = [f"p{i}" for i in range(len(people))]
    as_list = rank_profiles_batch([_plain(a) for a in people])
    as_mapping = rank_profiles_batch(dict(zip(ids, map(_plain, people), strict=True)))
    codes = [c.code for c in cigref_ecf.competences()]
    wide = pd.DataFrame([_plain(a) for a in people], columns=codes, index=ids, dtype=float)
    long = pd.DataFrame(
        [(p, c, lv) for p, a in zip(ids, people, strict=True) for c, lv in a.items()],
        columns=["person", "competence", "level"],
    )
    if kind is int:
        long["level"] = long["level"].astype("int64")
    elif kind == "nullable":
        wide = wide.astype("Int64")
    for engine in ENGINES:
        got_wide = rank_profiles_batch(wide, engine=engine)
        got_list = rank_profiles_batch([_plain(a) for a in people], engine=engine)
        _assert_same(got_list, as_list)
        assert got_wide.person_ids == tuple(ids) == as_mapping.person_ids
        assert np.array_equal(np.asarray(got_wide.score), np.asarray(as_list.score))
        assert np.array_equal(np.asarray(got_wide.met), np.asarray(as_list.met))
        got_long = rank_profiles_batch(long, engine=engine)
        assessed = [i for i, a in enumerate(people) if a]  # no rows: not in the long form
        assert got_long.person_ids == tuple(ids[i] for i in assessed)
        assert np.array_equal(np.asarray(got_long.score), np.asarray(as_list.score)[assessed])
        assert np.array_equal(
            np.asarray(got_long.shortfall), np.asarray(as_list.shortfall)[assessed]
        )


# Values the engines must read identically: the one level rule decides, whatever the engine.
_cells = st.one_of(
    st.none(),
    st.integers(min_value=-2, max_value=7),
    st.sampled_from([257, 2**63, -(2**70)]),  # wrap to a level in int8 or past int64
    st.sampled_from([1.0, 2.0, 3.0, 2.5, 5.5, 6.0, 0.0, math.nan, math.inf, -math.inf, -0.0]),
    st.sampled_from([True, False, np.int64(3), np.float64(4.0), np.int8(9)]),
    st.sampled_from(["3", " 2 ", "e-3", "E4", "three", "", "  ", "3.0", "2.5"]),
    st.lists(st.integers(), max_size=2),
)
_keys = st.one_of(
    st.sampled_from(["B3", "b.3", " A1", "B2", "E4", "ZZ", "b3"]),
    st.integers(min_value=0, max_value=3),
)


def _outcome(fn: Any) -> tuple[str, Any]:
    try:
        result = fn()
    except InvalidAssessmentError as exc:
        return "error", (str(exc), [tuple(p) for p in exc.problems], exc.omitted)
    return "ok", _arrays(result)


def _same_outcome(a: tuple[str, Any], b: tuple[str, Any]) -> None:
    assert a[0] == b[0], (a, b)
    if a[0] == "error":
        assert a[1] == b[1]
    else:
        for x, y in zip(a[1], b[1], strict=True):
            assert np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y


@given(st.lists(st.dictionaries(_keys, _cells, max_size=4), max_size=4))
def test_engines_agree_on_any_mapping(people: list[dict[Any, Any]]) -> None:
    python = _outcome(lambda: rank_profiles_batch(people, engine="python"))
    _same_outcome(python, _outcome(lambda: rank_profiles_batch(people, engine="numpy")))
    if python[0] == "ok":  # and both equal the one-by-one reference
        assert rank_profiles_batch(people).to_records() == _expected(
            {i: Assessment.from_mapping(p) for i, p in enumerate(people)}
        )


@given(
    st.lists(st.tuples(st.sampled_from(["a", "b", " a", None]), _keys, _cells), max_size=6),
    st.sampled_from([None, "float", "object"]),
)
def test_engines_agree_on_any_long_frame(
    rows: list[tuple[Any, Any, Any]], dtype: str | None
) -> None:
    frame = pd.DataFrame(rows, columns=["person", "competence", "level"])
    if dtype == "float":
        frame["level"] = [
            v if isinstance(v, float) else (float(v) if type(v) is int else math.nan)
            for v in frame["level"]
        ]
    elif dtype == "object":
        frame["level"] = frame["level"].astype(object)
    outcomes = [_outcome(lambda e=e: rank_profiles_batch(frame, engine=e)) for e in ENGINES]
    _same_outcome(*outcomes)


def _numeric_if_possible(column: Any) -> Any:
    try:
        return pd.to_numeric(column)
    except (TypeError, ValueError):
        return column


@given(
    st.lists(st.sampled_from(["B3", "b3", "A1", "ZZ", "E4", "B2"]), min_size=1, max_size=4),
    st.lists(st.sampled_from(["x", "y", "z", " x"]), max_size=4),
    st.data(),
)
def test_engines_agree_on_any_wide_frame(
    columns: list[str], index: list[str], data: st.DataObject
) -> None:
    cells = [[data.draw(_cells) for _ in columns] for _ in index]
    frame = pd.DataFrame(cells, columns=columns, index=index)
    if data.draw(st.booleans()):  # numeric columns where the cells allow it
        frame = frame.apply(_numeric_if_possible)
    outcomes = [_outcome(lambda e=e: rank_profiles_batch(frame, engine=e)) for e in ENGINES]
    _same_outcome(*outcomes)


@given(
    st.one_of(
        st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=20),
        st.lists(st.integers(min_value=-(2**40), max_value=2**40), max_size=20),
        st.lists(st.integers(min_value=-3, max_value=8), max_size=20),
        st.lists(st.sampled_from([0.0, 1.0, 3.0, 5.0, 5.5, 6.0, -1.0, math.nan]), max_size=20),
    ),
    st.sampled_from(["float64", "float32", "int64", "int8", "uint16", "bool"]),
)
def test_numeric_levels_is_assessed_level_vectorised(values: list[Any], dtype: str) -> None:
    try:
        with np.errstate(invalid="ignore", over="ignore"):
            array = np.array(values, dtype=dtype)
    except (OverflowError, ValueError):
        return
    if dtype.startswith(("int", "uint")) and not np.array_equal(array, values):
        return  # wrapped around on conversion: not the values drawn
    levels, ok = numeric_levels(np, array)
    for value, level, accepted in zip(array, levels, ok, strict=True):
        try:
            expected = assessed_level(value)
        except InvalidLevelError:
            assert not accepted, value
        else:
            assert accepted, value
            assert level == (expected or 0), value


def test_the_result_api() -> None:
    people = {"ana": {"B3": 3, "B2": 2}, "bob": {"A1": 5}, 7: {}}
    for engine in ENGINES:
        result = rank_profiles_batch(people, engine=engine)
        assert result.engine == engine
        assert result.shape == (3, 33) and result.person_ids == ("ana", "bob", 7)
        assert result.profiles == tuple(p.code for p in cigref_ecf.job_profiles())
        assert len(result) == 99 and len(result.top(2)) == 6 and len(result.top(0)) == 0
        assert "ana" in result and "cy" not in result and [1] not in result
        assert result.index(7) == 2
        with pytest.raises(KeyError, match="no person 'cy'"):
            result["cy"]
        assert (
            result.top(2)["ana"] == _expected({"ana": Assessment.from_mapping(people["ana"])})[:2]
        )
        assert result["bob"] == [r for r in result.to_records() if r["person"] == "bob"]
        rows = iter(result)
        assert next(rows)["person"] == "ana"  # lazy: one person's rows at a time
        with pytest.raises(AttributeError, match="immutable"):
            result.person_ids = ()
        with pytest.raises(cigref_ecf.InvalidQueryError):
            result.top(-1)
        with pytest.raises(cigref_ecf.InvalidQueryError):
            result.to_pandas("tall")
        long = result.top(3).to_pandas()
        assert list(long.columns) == [
            "person",
            "rank",
            "profile",
            "score",
            "met",
            "required",
            "shortfall",
        ]
        assert long.to_dict("records") == result.top(3).to_records()
        wide = result.to_pandas("wide", value="shortfall")
        assert wide.loc["bob", "7.1"] == result.shortfall[1, result.profiles.index("7.1")]
        assert list(wide.index) == ["ana", "bob", 7] and wide.index.name == "person"
        assert "people x 33 profiles" in repr(result)
        page = result._repr_html_()
        assert "3 people x 33 profiles" in page and "&#x27;ana&#x27;" not in page
        assert page.count("<tr>") == 4  # the header and each person's best profile
    numpy = rank_profiles_batch(people, engine="numpy")
    assert not numpy.score.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        numpy.score[0, 0] = 1.0
    python = rank_profiles_batch(people, engine="python")
    with pytest.raises(TypeError):
        python.score[0, 0] = 1.0
    for form in ("long", "wide"):
        a, b = numpy.to_pandas(form), python.to_pandas(form)
        pd.testing.assert_frame_equal(a, b)


def test_empty_results_have_the_same_dtypes() -> None:
    empty_frames = [
        [],
        {},
        pd.DataFrame(columns=["person", "competence", "level"]),
        pd.DataFrame(columns=["B3"], dtype=float),
    ]
    reference = rank_profiles_batch([{"B3": 2}]).to_pandas().dtypes.drop("person")
    for people in empty_frames:
        for engine in ENGINES:
            result = rank_profiles_batch(people, engine=engine)
            assert result.shape == (0, 33) and len(result) == 0 and list(result) == []
            frame = result.to_pandas()
            assert frame.empty
            assert frame.dtypes.drop("person").to_dict() == reference.to_dict()
            assert frame["person"].dtype == "category"


def test_batch_names_every_bad_entry() -> None:
    for engine in ENGINES:
        with pytest.raises(InvalidAssessmentError) as info:
            rank_profiles_batch(
                {"ana": {"B9": 2}, "bob": {"A1": 1, "B3": 2}, "cy": {"B3": 2}}, engine=engine
            )
        paths = [p.path for p in info.value.problems]
        assert paths == ["'ana': B9", "'bob': A1"]


def test_problem_lists_are_capped_and_excerpted() -> None:
    people = [{"B3": "x" * 10_000} for _ in range(3000)]
    for engine in ENGINES:
        with pytest.raises(InvalidAssessmentError) as info:
            rank_profiles_batch(people, engine=engine)
        assert len(info.value.problems) == 1000 and info.value.omitted == 2000
        assert max(len(p.message) for p in info.value.problems) < 300


def test_batch_rejects_non_assessments() -> None:
    with pytest.raises(InvalidAssessmentError, match=r"1: \$: expected a mapping, got int"):
        rank_profiles_batch([{"B3": 2}, 5])
    with pytest.raises(InvalidAssessmentError, match=r"'bob': \$: expected a mapping"):
        rank_profiles_batch({"ana": {"B3": 2}, "bob": 3})
    with pytest.raises(InvalidAssessmentError):
        rank_profiles_batch(3)
    with pytest.raises(cigref_ecf.InvalidQueryError, match="engine"):
        rank_profiles_batch([], engine="gpu")  # type: ignore[arg-type]


def test_unhashable_cells_are_our_error() -> None:
    long = pd.DataFrame({"person": [["a"], "b"], "competence": ["B3", ["B2"]], "level": [2, 2]})
    wide = pd.DataFrame({"B3": [[2], 3]}, index=["a", "b"])
    for frame in (long, wide):
        outcomes = [
            _outcome(lambda e=e, f=frame: rank_profiles_batch(f, engine=e)) for e in ENGINES
        ]
        _same_outcome(*outcomes)
        assert outcomes[0][0] == "error"


def test_duplicate_columns_and_a_person_column() -> None:
    twice = pd.DataFrame([[2, 3]], columns=["B3", "B3"], index=["a"])
    spelled = pd.DataFrame([[2, 3]], columns=["B3", "b3"], index=["a"])
    for engine in ENGINES:
        with pytest.raises(InvalidAssessmentError, match="a column name is given twice"):
            rank_profiles_batch(twice, engine=engine)
        with pytest.raises(InvalidAssessmentError, match="a second column for B3"):
            rank_profiles_batch(spelled, engine=engine)
        wide = pd.DataFrame({"id": ["x", "y"], "B3": [2, None]})
        result = rank_profiles_batch(wide, person="id", engine=engine)
        assert result.person_ids == ("x", "y")
        with pytest.raises(InvalidAssessmentError, match="no column 'who' for the person"):
            rank_profiles_batch(wide, person="who", engine=engine)


def test_without_numpy_the_python_engine_gives_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = [{"B3": 2, "A1": "e-4"}, {}]
    with_numpy = rank_profiles_batch(people)
    expected = with_numpy.top(1).to_records()
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(cigref_ecf.MissingDependencyError, match="fast"):
        rank_profiles_batch(people, engine="numpy")
    result = rank_profiles_batch(people, limit=1, engine="auto")
    assert result.engine == "python"
    assert result.to_records() == expected
    assert result.score.tolist() == with_numpy.score.tolist()
    assert result.met[0, 0] == with_numpy.met[0, 0] and result.met.typecode == "h"
    monkeypatch.setitem(sys.modules, "numpy", np)
    assert np.asarray(result.score).dtype == np.float64
    assert np.asarray(result.shortfall).dtype == np.int16


def test_long_frame_duplicates() -> None:
    frame = pd.DataFrame(
        [("a", "B3", 2), ("a", "b3", 3)], columns=["person", "competence", "level"]
    )
    for engine in ENGINES:
        with pytest.raises(InvalidAssessmentError, match=r"row 1: duplicate competence B3 \(also"):
            rank_profiles_batch(frame, engine=engine)


@pytest.mark.parametrize("bad", [None, 2.5, 7.0, "x"])
def test_a_wide_frame_of_several_blocks(bad: object) -> None:
    """The NumPy engine reads a wide frame a block of rows at a time: every block counts,
    the last one (shorter) too."""
    size = 2 * batch_array._ROWS + 5
    codes = [c.code for c in cigref_ecf.competences()]
    rng = np.random.default_rng(3)
    levels = np.full((size, len(codes)), np.nan)
    for j, c in enumerate(cigref_ecf.competences()):
        picked = rng.random(size) < 0.3
        levels[picked, j] = rng.choice(c.applicable_levels, size=int(picked.sum()))
    frame = pd.DataFrame(levels, columns=codes, index=[f"p{i}" for i in range(size)])
    if bad is not None:
        frame = frame.astype(object) if isinstance(bad, str) else frame
        frame.iloc[size - 1, 4] = bad  # in the last block only
    outcomes = [_outcome(lambda e=e: rank_profiles_batch(frame, engine=e)) for e in ENGINES]
    _same_outcome(*outcomes)
    assert outcomes[0][0] == ("ok" if bad is None else "error")


@given(
    st.lists(assessments(max_size=8), max_size=6),
    st.one_of(st.none(), st.integers(min_value=1, max_value=40)),
    st.sampled_from(["object", "string"]),
)
def test_a_partition_is_the_long_table_in_fixed_columns(
    people: list[Assessment], top: int | None, person_dtype: str
) -> None:
    from cigref_ecf import dask_meta, score_partition

    codes = [c.code for c in cigref_ecf.competences()]
    ids = [f"p{i}" for i in range(len(people))]
    frame = pd.DataFrame([_plain(a) for a in people], columns=codes, index=ids, dtype=float)
    got = score_partition(frame, top=top, person_dtype=person_dtype)
    expected = rank_profiles_batch(frame, limit=top).to_pandas()
    assert list(got.dtypes) == list(dask_meta(person_dtype).dtypes)
    assert got["profile"].dtype == "string" and got["person"].dtype == person_dtype
    assert got["person"].tolist() == expected["person"].tolist()
    assert got["profile"].tolist() == expected["profile"].tolist()
    for column in ("rank", "score", "met", "required", "shortfall"):
        assert got[column].tolist() == expected[column].tolist()
