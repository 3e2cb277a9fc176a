"""Edge cases found in review: each once returned a wrong result or the wrong error."""

from __future__ import annotations

import enum
import json
import pickle
import subprocess
import sys
import threading
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import (
    Assessment,
    DataError,
    InvalidAssessmentError,
    InvalidLevelError,
    InvalidQueryError,
    UnknownCodeError,
    rank_profiles,
    rank_profiles_batch,
)

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")


class Level(enum.IntEnum):
    TWO = 2
    THREE = 3


def _expected(people: dict[Any, dict[str, int]], **kwargs: Any) -> list[tuple[Any, str, float]]:
    return [
        (person, r.profile.code, r.score)
        for person, levels in people.items()
        for r in rank_profiles(levels, **kwargs)
    ]


def _rows(result: Any) -> list[tuple[Any, str, float]]:
    records = result.to_dict("records") if hasattr(result, "to_dict") else result
    return [(r["person"], r["profile"], r["score"]) for r in records]


@pytest.mark.parametrize("engine", ["python", "numpy"])
def test_batch_rejects_rows_without_a_person(engine: str) -> None:
    for missing in (np.nan, None):
        frame = pd.DataFrame(
            {
                "person": ["ana", "ana", missing],
                "competence": ["B3", "B2", "B4"],
                "level": [3, 2, 2],
            }
        )
        with pytest.raises(InvalidAssessmentError, match="row 2: no person id"):
            rank_profiles_batch(frame, engine=engine)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ["python", "numpy"])
def test_batch_accepts_integer_like_levels(engine: str) -> None:
    people = {"ana": {"B3": Level.THREE, "B2": np.int64(2), "B4": 2, "B5": 2}}
    plain = {"ana": {"B3": 3, "B2": 2, "B4": 2, "B5": 2}}
    got = rank_profiles_batch(people, limit=2, engine=engine)  # type: ignore[arg-type]
    assert _rows(got) == _expected(plain, limit=2)


def test_engines_agree_on_odd_frames() -> None:
    wide = pd.DataFrame({"B3": pd.array([3, pd.NA], dtype="Int64"), "B2": [2, 2]}, index=["a", "b"])
    python = rank_profiles_batch(wide, limit=3, engine="python")
    numpy = rank_profiles_batch(wide, limit=3, engine="numpy")
    assert (
        _rows(python)
        == _rows(numpy)
        == _expected({"a": {"B3": 3, "B2": 2}, "b": {"B2": 2}}, limit=3)
    )
    for engine in ("python", "numpy"):
        unknown = pd.DataFrame({"B3": [3.0], "notes": [np.nan]}, index=["a"])
        with pytest.raises(InvalidAssessmentError, match="column 'notes' is neither"):
            rank_profiles_batch(unknown, engine=engine)
        twice = pd.DataFrame({"B3": [3, 2]}, index=["a", "a"])
        with pytest.raises(InvalidAssessmentError, match="row 1: person 'a' given twice"):
            rank_profiles_batch(twice, engine=engine)
        keys = [{cigref_ecf.competence("B3"): 3}]
        assert _rows(rank_profiles_batch(keys, limit=1, engine=engine)) == _expected(
            {0: {"B3": 3}}, limit=1
        )


def test_engines_break_ties_in_nomenclature_order_whatever_the_family_order() -> None:
    data = json.loads(cigref_ecf.to_json())
    family = next(f for f in data["families"] if f["code"] == "3")
    family["profiles"].reverse()
    n = cigref_ecf.load_json(json.dumps(data))
    people = [{"B3": 2}]
    expected = [r.profile.code for r in rank_profiles(people[0], family=3, nomenclature=n)]
    for engine in ("python", "numpy"):
        got = rank_profiles_batch(people, family=3, engine=engine, nomenclature=n)
        assert [r["profile"] for r in got] == expected


def test_an_assessment_built_directly_is_checked_when_used() -> None:
    # Levels follow the one rule at construction; codes are checked on use.
    with pytest.raises(InvalidAssessmentError, match="b3: invalid level 9"):
        Assessment(levels={"b3": 9, "ZZ": 1})
    unchecked = Assessment(levels={"b3": 4, "ZZ": 1})
    with pytest.raises(InvalidAssessmentError) as info:
        cigref_ecf.gap("3.3", unchecked)
    assert {p.path for p in info.value.problems} == {"b3", "ZZ"}
    for engine in ("python", "numpy"):
        with pytest.raises(InvalidAssessmentError):
            rank_profiles_batch([unchecked], engine=engine)


def test_pickling() -> None:
    a = Assessment.from_mapping({"B3": 2})
    assert pickle.loads(pickle.dumps(a)) == a
    n = cigref_ecf.load()
    cigref_ecf.matrix()
    cigref_ecf.search("RSSI")
    copy = pickle.loads(pickle.dumps(n))
    assert cigref_ecf.to_data(copy) == cigref_ecf.to_data(n)
    assert cigref_ecf.matrix(nomenclature=copy).cell("3.2", "B1") == cigref_ecf.matrix().cell(
        "3.2", "B1"
    )
    m = pickle.loads(pickle.dumps(cigref_ecf.matrix()))
    assert m.to_records() == cigref_ecf.matrix().to_records()


def test_duplicate_json_keys_are_reported() -> None:
    with pytest.raises(InvalidAssessmentError, match=r"\$\.B3: key given more than once"):
        Assessment.from_json('{"B3": 1, "B3": 3}')
    with pytest.raises(InvalidAssessmentError, match=r"\$\[0\]"):
        Assessment.from_json('[{"competence": "B3", "competence": "B2", "level": 2}]')


def test_byte_order_marks_and_late_headers() -> None:
    assert Assessment.from_csv("\ufeffcompetence,level\nB3,2\n") == {"B3": 2}
    assert Assessment.from_csv("\n\ncompetence,level\nB3,2\n") == {"B3": 2}
    assert Assessment.from_json('\ufeff{"B3": 2}') == {"B3": 2}


def test_integer_like_levels_everywhere() -> None:
    assert cigref_ecf.level(np.int64(3)).code == "e-3"
    assert cigref_ecf.competence("B3").descriptor(Level.TWO).level == 2
    assert Assessment.from_mapping({"B3": np.int64(2)}) == {"B3": 2}
    assert cigref_ecf.level(np.float64(3.0)).code == "e-3"  # the one level rule
    with pytest.raises(InvalidLevelError, match=r"expected an integer 1\.\.5"):
        cigref_ecf.level(np.float64(2.5))


def test_requirement_accepts_any_spelling() -> None:
    p = cigref_ecf.job_profile("3.2")
    assert str(p.requirement("b.1")) == "2-4"
    assert p.requirement(cigref_ecf.competence("B1")) == p.requirement("B1")
    assert p.requirement("Z9") is None


def test_check_catches_listing_errors() -> None:
    data = json.loads(cigref_ecf.to_json())
    data["families"][2]["profiles"].append("3.1")
    data["dimensions"][1]["competences"].append("B1")
    data["profiles"][0]["code"] = "2.9"
    data["families"][0]["profiles"][0] = "2.9"
    paths = {p.path: p.message for p in cigref_ecf.validate_json(json.dumps(data))}
    assert "profile 3.1 is listed twice" in paths["$.families[2] (3).profiles[5]"]
    assert "competence B1 is listed twice" in paths["$.dimensions[1].competences[5]"]
    assert "does not start with its family number 1" in paths["$.profiles[0] (2.9).code"]


def test_profiles_need_competences_and_model_input_is_checked() -> None:
    base = cigref_ecf.job_profile("4.10")
    with pytest.raises(DataError, match="at least one required competence"):
        cigref_ecf.extend(profiles=[attrs.evolve(base, code="4.11", competences=())])
    with pytest.raises(DataError, match=r"JobProfile\.other_titles: expected a list or tuple"):
        attrs.evolve(base, other_titles="Ingénieur data")
    with pytest.raises(DataError, match=r"profiles\[0\]: expected a JobProfile, got dict"):
        cigref_ecf.extend(profiles=[{"code": "3.9"}])  # type: ignore[list-item]
    req = cigref_ecf.CompetenceRequirement(competence="B3", level="2")
    assert req.level == cigref_ecf.LevelRequirement.parse("2")
    with pytest.raises(InvalidLevelError):
        cigref_ecf.CompetenceRequirement(competence="B3", level=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidLevelError):
        cigref_ecf.LevelRequirement(levels=3)  # type: ignore[arg-type]


def test_limits_are_checked_everywhere() -> None:
    for call in (
        lambda: cigref_ecf.similar_profiles("3.2", limit=-1),
        lambda: cigref_ecf.mobility("3.2", limit=-1),
        lambda: cigref_ecf.similar_profiles("3.2", limit="2"),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidQueryError):
            call()


def test_training_needs_errors_name_the_person() -> None:
    with pytest.raises(InvalidAssessmentError, match="'bob': B9: unknown competence"):
        cigref_ecf.training_needs("3.3", {"ana": {"B3": 2}, "bob": {"B9": 2}})


def test_small_ones() -> None:
    with pytest.raises(UnknownCodeError):
        cigref_ecf.family("²")
    assert cigref_ecf.search("3", kind="family")[0].code == "3"
    results: list[object] = []
    data = json.loads(cigref_ecf.to_json())
    n = cigref_ecf.load_json(json.dumps(data))
    barrier = threading.Barrier(4)

    def build() -> None:
        barrier.wait()
        results.append(cigref_ecf.matrix(nomenclature=n))

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(m is results[0] for m in results)


@pytest.mark.slow
def test_cli_checks_errata_filters_and_eqf_arguments() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cigref_ecf", *args], capture_output=True, text=True, check=False
        )

    assert run("errata", "--competence", "Z9").returncode == 1
    assert run("errata", "--kind", "bogus").returncode == 2
    assert run("eqf", "3", "--from-eqf", "5").returncode == 2
    assert run("search", "B3", "--limit", "0").stdout == ""
    from cigref_ecf.cli._app import parser

    sub = next(a for a in parser()._actions if a.dest == "command")
    kinds = next(a for a in sub.choices["errata"]._actions if a.dest == "kind")  # type: ignore[index]
    assert list(kinds.choices) == [k.value for k in cigref_ecf.ErratumKind]


@given(st.text(alphabet=st.sampled_from("bB.3 \t\n\u00a0\u2028\u3000d1x-é"), max_size=12))
def test_code_spellings_drop_every_space_and_dot(text: str) -> None:
    """A code's tolerated spellings: whatever ``str.isspace`` calls a space and every dot are
    dropped (competences also upper-cased); lookups agree with the rule."""
    from cigref_ecf._model.records import normalize_competence_code, normalize_profile_code

    spaceless = "".join(ch for ch in text if not ch.isspace())
    assert normalize_profile_code(text) == spaceless
    assert normalize_competence_code(text) == spaceless.replace(".", "").upper()
    key = normalize_competence_code(text)
    if key in {c.code for c in cigref_ecf.competences()}:
        assert cigref_ecf.competence(text).code == key
