"""Bad input never corrupts, crashes or passes silently."""

from __future__ import annotations

import contextlib
import copy
import json
import threading
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import CigrefEcfError, DataError
from cigref_ecf._model.converter import unstructure
from cigref_ecf._model.rules import MAX_DEPTH, MAX_STRING

_BUNDLED = unstructure(cigref_ecf.load())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)
codes = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["B3", "b.3", "3.2", " 4.10 ", "E9", "D6", "e-3", "0", "9.9", "", " "]),
    st.integers(),
    st.none(),
    st.floats(),
)

ENTRY_POINTS: list[tuple[str, Callable[[Any], object]]] = [
    ("competence", cigref_ecf.competence),
    ("job_profile", cigref_ecf.job_profile),
    ("dimension", cigref_ecf.dimension),
    ("family", cigref_ecf.family),
    ("level", cigref_ecf.level),
    ("get_competence", cigref_ecf.get_competence),
    ("get_job_profile", cigref_ecf.get_job_profile),
    ("is_competence_code", cigref_ecf.is_competence_code),
    ("is_profile_code", cigref_ecf.is_profile_code),
    ("search", cigref_ecf.search),
    ("eqf_levels", cigref_ecf.eqf_levels),
    ("ecf_level_for_eqf", cigref_ecf.ecf_level_for_eqf),
    ("profile_eqf_span", cigref_ecf.profile_eqf_span),
    ("profiles_requiring", cigref_ecf.profiles_requiring),
    ("similar_profiles", cigref_ecf.similar_profiles),
    ("mobility", cigref_ecf.mobility),
    ("job_profiles", cigref_ecf.job_profiles),
    ("competences", cigref_ecf.competences),
    ("LevelRequirement.parse", cigref_ecf.LevelRequirement.parse),
    ("Assessment.from_mapping", cigref_ecf.Assessment.from_mapping),
    ("Assessment.from_json", cigref_ecf.Assessment.from_json),
    ("Assessment.from_csv", cigref_ecf.Assessment.from_csv),
    ("load_json", cigref_ecf.load_json),
    ("validate_json", cigref_ecf.validate_json),
    ("rank_profiles", cigref_ecf.rank_profiles),
    ("rank_profiles_batch", cigref_ecf.rank_profiles_batch),
]


def _call(fn: Callable[[Any], object], value: object) -> None:
    with contextlib.suppress(CigrefEcfError):
        fn(value)


@pytest.mark.parametrize(("name", "fn"), ENTRY_POINTS)
@given(value=st.one_of(codes, json_values))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_entry_points_raise_only_documented_errors(
    name: str, fn: Callable[[Any], object], value: object
) -> None:
    _call(fn, value)


@given(a=codes, b=codes, level=st.one_of(codes, st.integers(-3, 9)))
def test_two_argument_entry_points(a: object, b: object, level: object) -> None:
    for fn in (
        lambda: cigref_ecf.required_level(a, b),  # type: ignore[arg-type]
        lambda: cigref_ecf.is_applicable(a, level),  # type: ignore[arg-type]
        lambda: cigref_ecf.check_level(a, level),  # type: ignore[arg-type]
        lambda: cigref_ecf.profiles_requiring(a, at_least=level),  # type: ignore[arg-type]
        lambda: cigref_ecf.gap(a, {}),  # type: ignore[arg-type]
        lambda: cigref_ecf.matrix().cell(a, b),  # type: ignore[arg-type]
        lambda: cigref_ecf.search("x", kind=a, limit=level),  # type: ignore[arg-type]
        lambda: cigref_ecf.training_needs(a, {"p": {}}),  # type: ignore[arg-type]
    ):
        with contextlib.suppress(CigrefEcfError):
            fn()


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            found += _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data[:3]):
            found += _paths(v, (*path, i))
    return found


_PATHS = _paths(_BUNDLED)[1:]


@given(
    st.sampled_from(_PATHS),
    st.one_of(json_values, st.sampled_from(["DELETE", "Z9", "9.9", "7", 0, -1])),
)
@settings(max_examples=150)
def test_mutated_bundled_data_is_rejected_or_accepted_never_crashes(
    path: tuple[Any, ...], value: object
) -> None:
    data = copy.deepcopy(_BUNDLED)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if value == "DELETE":
        if isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    else:
        parent[path[-1]] = value
    text = json.dumps(data)
    problems = cigref_ecf.validate_json(text)
    if problems:
        assert all(p.path.startswith("$") for p in problems)
        with pytest.raises(DataError) as info:
            cigref_ecf.load_json(text)
        assert list(info.value.problems) == problems
    else:
        assert len(cigref_ecf.load_json(text).profiles) >= 1
    # the bundled nomenclature is untouched
    assert unstructure(cigref_ecf.load()) == _BUNDLED


def test_nothing_can_be_changed_in_place() -> None:
    n = cigref_ecf.load()
    p = n.profiles[0]
    targets: list[tuple[object, str, object]] = [
        (n, "profiles", ()),
        (p, "title", "x"),
        (p.competences[0], "level", None),
        (p.competences[0].level, "levels", frozenset()),
        (n.competences[0], "levels", ()),
        (n.competences[0].levels[0], "description", ""),
        (n.families[0], "profiles", ()),
        (n.levels[0], "eqf", frozenset()),
        (n.errata[0], "decision", ""),
        (cigref_ecf.matrix(), "rows", ()),
        (cigref_ecf.gap("3.2", {}), "items", ()),
        (cigref_ecf.search("RSSI")[0], "score", 2.0),
    ]
    for obj, attribute, value in targets:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, attribute, value)
    for collection in (n.profiles, p.competences, p.activities, n.competences[0].knowledge):
        assert isinstance(collection, tuple)
    with pytest.raises(TypeError):
        cigref_ecf.matrix().cells[("1.1", "A1")] = p.competences[0].level  # type: ignore[index]
    assert isinstance(n.levels[0].eqf, frozenset)


def test_load_from_many_threads_returns_one_object(monkeypatch: pytest.MonkeyPatch) -> None:
    from cigref_ecf._model import catalog

    monkeypatch.setattr(catalog, "_bundled", None)
    barrier = threading.Barrier(8)
    results: list[object] = []

    def worker() -> None:
        barrier.wait()
        results.append(cigref_ecf.load())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    assert all(r is results[0] for r in results)


def test_size_depth_and_string_limits(tmp_path: Any) -> None:
    path = tmp_path / "n.json"
    path.write_text(cigref_ecf.to_json(), encoding="utf-8")
    with pytest.raises(DataError, match="over the limit of 1000 bytes"):
        cigref_ecf.load(path, max_bytes=1000)
    assert cigref_ecf.load(path, max_bytes=None).profiles
    deep = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    with pytest.raises(DataError, match="nesting too deep"):
        cigref_ecf.load_json(deep)
    very_deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(DataError, match="nesting too deep"):
        cigref_ecf.load_json(very_deep, max_bytes=None)
    data = copy.deepcopy(_BUNDLED)
    data["profiles"][2]["mission"] = "x" * (MAX_STRING + 1)
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(json.dumps(data))
    assert info.value.problems[0].path == "$.profiles[2].mission"
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"é": 1}'.encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        cigref_ecf.load(bad)


def test_validate_never_raises_for_missing_files(tmp_path: Any) -> None:
    problems = cigref_ecf.validate(tmp_path / "missing.json")
    assert len(problems) == 1
    assert "cannot read" in problems[0].message


def test_errors_render_short_message_first() -> None:
    data = copy.deepcopy(_BUNDLED)
    for p in data["profiles"][:3]:
        p["family"] = 99
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(json.dumps(data), source="company.json")
    first, *details = str(info.value).splitlines()
    assert first.startswith("") and "problems found in company.json" in first
    assert all(line.startswith("  $.") for line in details)


def test_extend_runs_the_same_checks() -> None:
    base = cigref_ecf.job_profile("3.2")
    mine = attrs.evolve(base, code="3.6", title="Développeur data")
    n = cigref_ecf.extend(profiles=[mine])
    assert cigref_ecf.job_profile("3.6", nomenclature=n).title == "Développeur data"
    assert "3.6" in cigref_ecf.family(3, nomenclature=n).profiles
    assert "3.6" not in cigref_ecf.family(3).profiles
    with pytest.raises(DataError, match=r"duplicate code '3\.2'"):
        cigref_ecf.extend(profiles=[base])
    broken = attrs.evolve(
        base,
        code="3.7",
        competences=(
            cigref_ecf.CompetenceRequirement(
                competence="A1", level=cigref_ecf.LevelRequirement.parse("2")
            ),
        ),
    )
    with pytest.raises(DataError, match="A1 does not define level"):
        cigref_ecf.extend(profiles=[broken])
