"""The smaller holes: each one raised a foreign exception, miscounted, took quadratic time or
let a value through one engine that the other refuses."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pytest

import cigref_ecf
from cigref_ecf._model.rules import MAX_PROBLEMS
from cigref_ecf.exceptions import DataError, InvalidAssessmentError, InvalidQueryError

from .child import run_python

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")


@pytest.mark.parametrize("engine", ["python", "numpy"])
@pytest.mark.parametrize("form", ["wide", "long"])
def test_both_engines_refuse_complex_levels(engine: str, form: str) -> None:
    levels = np.array([3 + 0j, 2 + 1j])
    frame = (
        pd.DataFrame({"person": ["ana", "bo"], "B1": levels})
        if form == "wide"
        else pd.DataFrame({"person": ["ana", "bo"], "competence": ["B1", "B1"], "level": levels})
    )
    with pytest.raises(InvalidAssessmentError, match=r"invalid level \(3\+0j\)"):
        cigref_ecf.rank_profiles_batch(frame, engine=engine)  # type: ignore[arg-type]


def test_person_dtype_the_ids_cannot_have_is_our_error() -> None:
    frame = pd.DataFrame({"person": ["ana", "bo"], "B1": [3, 2]})
    with pytest.raises(InvalidQueryError, match="person_dtype='int64'"):
        cigref_ecf.score_partition(frame, person_dtype="int64")
    with pytest.raises(InvalidQueryError, match="person_dtype='no such type'"):
        cigref_ecf.score_partition(frame, person_dtype="no such type")
    numbered = cigref_ecf.score_partition(frame.assign(person=[7, 8]), person_dtype="int64")
    assert str(numbered["person"].dtype) == "int64"


@pytest.mark.parametrize("bad", ["string, evil int", "string) , x (int", "", "a b", 3])
def test_spark_schema_takes_one_type(bad: object) -> None:
    with pytest.raises(InvalidQueryError, match="not a Spark type of one column"):
        cigref_ecf.spark_schema(person=bad)  # type: ignore[arg-type]


def test_spark_schema_takes_precision_and_scale() -> None:
    assert cigref_ecf.spark_schema("decimal(10, 0)").startswith("person decimal(10, 0), rank")


@pytest.mark.parametrize("engine", ["python", "numpy"])
def test_batch_frames_take_the_null_ids_the_batch_took(engine: str) -> None:
    for people in ({None: {"B1": 3}, "bo": {"B1": 2}}, {float("nan"): {"B1": 3}}):
        result = cigref_ecf.rank_profiles_batch(people, engine=engine, limit=1)  # type: ignore[arg-type]
        frame = result.to_pandas()
        assert len(frame) == len(people)
        assert frame["person"].isna().sum() == 1
        assert frame["person"].tolist()[1:] == list(people)[1:]
        assert len(result.to_pandas("wide")) == len(people)


def test_problems_past_the_cap_are_counted() -> None:
    rows = 20_000
    text = "person,competence,level\n" + "ana,B1,3\n" * rows
    with pytest.raises(InvalidAssessmentError) as info:
        cigref_ecf.read_assessments(text.encode())
    error = info.value
    assert str(error).startswith(f"invalid assessment in <string>: {rows - 1} problems")
    assert error.omitted == rows - 1 - MAX_PROBLEMS
    with pytest.raises(InvalidAssessmentError) as info:
        cigref_ecf.read_assessments({"ana": {f"b{i % 2 + 1}": 3 for i in range(3)} | {"B1": 3}})
    assert "duplicate competence B1" in str(info.value)


def test_extend_checks_the_fields_as_a_file_would() -> None:
    p = cigref_ecf.job_profile("3.2")
    cases = {
        "profiles[0].family: expected a string, got int": attrs.evolve(p, code="X-1", family=3),  # type: ignore[arg-type]
        "profiles[0].competences[1]: a value of an unexpected type: NoneType": attrs.evolve(
            p,
            code="X-2",
            competences=(p.competences[0], None),  # type: ignore[arg-type]
        ),
        "profiles[0].title: expected a string, got NoneType": attrs.evolve(
            p,
            code="X-3",
            title=None,  # type: ignore[arg-type]
        ),
    }
    for expected, profile in cases.items():
        with pytest.raises(DataError) as info:
            cigref_ecf.extend(profiles=[profile])
        assert [str(x) for x in info.value.problems] == [expected] or expected in str(info.value)


def test_load_of_a_directory_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="Is a directory"):
        cigref_ecf.load(tmp_path)
    with pytest.raises(OSError, match="Is a directory"):
        cigref_ecf.read_assessments(tmp_path)
    assert "cannot read" in str(cigref_ecf.validate(tmp_path)[0])


def test_to_excel_refuses_control_characters_as_rdf_does() -> None:
    pytest.importorskip("openpyxl")
    n = cigref_ecf.read_matrix(
        b'profile,title,family,B1\nDATA-1,"Chef\x1b[31m",1,3\n', format="csv"
    )
    target = io.BytesIO()
    for long in (False, True):
        with pytest.raises(DataError) as info:
            cigref_ecf.matrix(nomenclature=n).to_excel(target, long=long)
        assert [str(p) for p in info.value.problems] == [
            "row 2, column title: character U+001B at position 4 cannot be written in XLSX"
        ]
    assert target.getvalue() == b""  # nothing written


NORMALISING = """
import json, time
data = json.loads(cigref_ecf.to_json())
size = 10_000
one = {"competence": "B1", "level": "3"}
data["profiles"] = [
    {"code": f"P{i}", "family": "f", "title": "t", "competences": [one]}
    for i in range(size)
]
data["families"] = [{"code": "F", "title": "F", "profiles": [f"p{i}" for i in range(size)]}]
data["errata"] = []
text = json.dumps(data)
load = lambda: len(cigref_ecf.load_json(text, max_bytes=None).profiles)
attempt("10,000 profiles in another case", load)
done()
"""


@pytest.mark.slow
def test_case_normalising_a_family_is_linear() -> None:
    results = run_python(NORMALISING, cpu=10)
    outcome = results["10,000 profiles in another case"]
    assert "raw" not in outcome, outcome
    assert outcome["seconds"] < 5, outcome  # quadratic, it took 4 s and more on its own


def test_result_workbooks_refuse_control_characters(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from cigref_ecf._read.tables import write_xlsx

    target = tmp_path / "out.xlsx"
    with pytest.raises(DataError) as info:
        write_xlsx(target, ["person", "score"], [["ana", 0.5], ["\x1b[2Jzoe", 0.25]])
    assert [str(p) for p in info.value.problems] == [
        "row 3, column person: character U+001B at position 0 cannot be written in XLSX"
    ]
    assert not target.exists()
