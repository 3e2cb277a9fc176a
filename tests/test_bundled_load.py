"""The bundled file loads through a fast converter; every other input through the strict one.

The fast path is safe only because these tests run the bundled data through the strict path
(strict converter and ``check()``, as a user's file) and find the same objects.
"""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import DataError, JobProfile, Nomenclature, Problem
from cigref_ecf._model.catalog import build
from cigref_ecf._model.checks import check
from cigref_ecf._model.converter import structure, structure_trusted, unstructure


def _raw() -> Any:
    return json.loads((files("cigref_ecf") / "data" / "nomenclature.json").read_text("utf-8"))


def _differences(a: object, b: object, path: str = "$") -> list[str]:
    """Where ``a`` and ``b`` differ, by type or value, attrs instances and tuples walked field
    by field (so a list where a tuple belongs, or ``1`` for ``True``, counts)."""
    if type(a) is not type(b):
        return [f"{path}: {type(a).__name__} vs {type(b).__name__}"]
    cls = type(a)
    if attrs.has(cls):
        return [
            diff
            for field in attrs.fields(cls)
            if field.init
            for diff in _differences(
                getattr(a, field.name), getattr(b, field.name), f"{path}.{field.name}"
            )
        ]
    if isinstance(a, tuple):
        assert isinstance(b, tuple)
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in _differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} vs {b!r}"]


def test_bundled_file_through_the_strict_path_is_the_same(nomenclature: Nomenclature) -> None:
    # build(strict=True): the strict converter and every check, slips refused, as for the
    # bundled data before it took the fast path (a user's file differs only in its code rules)
    strict = build(_raw(), source="strict", strict=True)
    assert strict is not nomenclature
    assert _differences(strict, nomenclature) == []
    assert strict == nomenclature
    assert unstructure(strict) == unstructure(nomenclature) == _raw()


def test_bundled_data_passes_every_check(nomenclature: Nomenclature) -> None:
    assert check(nomenclature, strict=True).problems() == []
    notes: list[Problem] = []
    assert build(_raw(), notes=notes) == nomenclature  # as a user's file: nothing put right
    assert notes == []


def test_the_difference_walk_sees_types() -> None:
    # the comparison above would miss nothing that matters: a list for a tuple, 1 for True
    assert _differences((1, 2), [1, 2])
    assert _differences((1,), (True,))
    assert _differences(cigref_ecf.competence("B3"), cigref_ecf.competence("B2"))
    assert not _differences(cigref_ecf.competence("B3"), cigref_ecf.competence("B3"))


def _problems_of_file(path: Path, data: Any) -> list[str]:
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as info:
        cigref_ecf.load(path)
    problems = [str(p) for p in info.value.problems]
    assert [str(p) for p in cigref_ecf.validate(path)] == problems
    return problems


def test_a_user_file_takes_the_strict_path(tmp_path: Path) -> None:
    # Defects that the fast converter lets through (it ignores unknown keys, calls str() and
    # checks no reference); a user's file with the same data gets every one reported.
    data = _raw()
    data["competences"][0]["unknown_key"] = 1
    data["profiles"][0]["title"] = 5
    data["profiles"][1]["competences"][0]["competence"] = "Z9"
    fast = structure_trusted(copy.deepcopy(data), Nomenclature)
    assert fast.profiles[0].title == "5"
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as info:
        cigref_ecf.load(path)
    problems = [str(p) for p in info.value.problems]
    assert [str(p) for p in cigref_ecf.validate(path)] == problems
    assert any(p.startswith("$.competences[0]") and "unknown_key" in p for p in problems), problems
    assert any(p.startswith("$.profiles[0]") and ".title" in p for p in problems), problems
    assert any(p.startswith("$.profiles[1]") and "Z9" in p for p in problems), problems


_PROFILES = _raw()["profiles"]
_texts = st.text(max_size=20)
_optional_texts = st.none() | _texts
_requirement_texts = st.none() | st.sampled_from(["1", "3", "5", "2-4", "1/3", "1-5"])


@st.composite
def profile_data(draw: st.DrawFn) -> dict[str, Any]:
    """A bundled profile's JSON with its optional and free-text parts redrawn or left out
    (still valid)."""
    data: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(_PROFILES)))
    data["title"] = draw(_texts)
    data["other_titles"] = draw(st.lists(_texts, max_size=3))
    data["activities_intro"] = draw(_optional_texts)
    data["activities"] = data["activities"][: draw(st.integers(0, len(data["activities"])))]
    data["career"] = draw(
        st.none()
        | st.fixed_dictionaries({"profile": _optional_texts, "experience": _optional_texts})
    )
    data["trends"] = draw(_optional_texts)
    data["notes"] = draw(_optional_texts)
    if draw(st.booleans()):
        data["annex1"] = None
    for requirement in data["competences"]:
        requirement["evidence"] = draw(
            st.none()
            | st.fixed_dictionaries(
                {
                    "line": st.integers(1, 10_000),
                    "printed_level": _requirement_texts,
                    "descriptor_level": _requirement_texts,
                }
            )
        )
    optional = [k for k in _OPTIONAL if k in data]
    for key in draw(st.lists(st.sampled_from(optional), unique=True)) if optional else []:
        del data[key]
    return data


_OPTIONAL = [
    f.name
    for f in attrs.fields(JobProfile)
    if f.init and f.default is not attrs.NOTHING and f.name != "competences"
]


@given(profile_data())
def test_fast_and_strict_converters_agree_on_valid_data(data: dict[str, Any]) -> None:
    strict = structure(copy.deepcopy(data), JobProfile)
    fast = structure_trusted(copy.deepcopy(data), JobProfile)
    assert _differences(fast, strict) == []
    assert unstructure(fast) == unstructure(strict)
