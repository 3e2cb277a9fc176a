"""Levels and level requirements."""

from __future__ import annotations

import contextlib

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import InvalidLevelError, LevelRequirement

from .strategies import level_numbers, requirements


@given(requirements)
def test_parse_str_round_trip(requirement: LevelRequirement) -> None:
    assert LevelRequirement.parse(str(requirement)) == requirement


@given(requirements, level_numbers)
def test_admits_and_is_met_by(requirement: LevelRequirement, level: int) -> None:
    assert requirement.admits(level) == (level in requirement.levels)
    assert requirement.is_met_by(level) == (level >= requirement.min)
    assert requirement.min <= requirement.max
    if requirement.admits(level):
        assert requirement.is_met_by(level)


@pytest.mark.parametrize(
    ("text", "levels", "canonical"),
    [
        ("3", {3}, "3"),
        (" 3 ", {3}, "3"),
        ("2-4", {2, 3, 4}, "2-4"),
        ("2 - 3", {2, 3}, "2-3"),
        ("1/3", {1, 3}, "1/3"),
        ("3/1", {1, 3}, "1/3"),
        ("2/3", {2, 3}, "2-3"),
        ("1/3/5", {1, 3, 5}, "1/3/5"),
    ],
)
def test_parse(text: str, levels: set[int], canonical: str) -> None:
    requirement = LevelRequirement.parse(text)
    assert requirement.levels == levels
    assert str(requirement) == canonical
    assert repr(requirement) == f"LevelRequirement({canonical!r})"


def test_range_and_alternative_flags() -> None:
    assert LevelRequirement.parse("2-4").is_range
    assert not LevelRequirement.parse("2-4").is_alternative
    assert LevelRequirement.parse("1/3").is_alternative
    assert not LevelRequirement.parse("3").is_range


@pytest.mark.parametrize(
    "text", ["", "x", "0", "6", "4-2", "3-3", "1/1", "2-", "e-3", "1,3", "2.5"]
)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(InvalidLevelError, match="invalid level"):
        LevelRequirement.parse(text)


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(InvalidLevelError):
        LevelRequirement.parse(3)  # type: ignore[arg-type]


def test_requirement_needs_levels_in_range() -> None:
    with pytest.raises(InvalidLevelError):
        LevelRequirement(levels=[])
    with pytest.raises(InvalidLevelError):
        LevelRequirement(levels=[0, 3])


@pytest.mark.parametrize("bad", [0, 6, -1, "x", 2.5, None, True, "e-6", "", [3]])
def test_bad_levels_raise_invalid_level_error(bad: object) -> None:
    with pytest.raises(InvalidLevelError):
        cigref_ecf.level(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidLevelError):
        LevelRequirement.parse("3").admits(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidLevelError):
        cigref_ecf.competence("B3").descriptor(bad)  # type: ignore[arg-type]
    assert issubclass(InvalidLevelError, ValueError)


@given(level_numbers)
def test_level_spellings(number: int) -> None:
    lv = cigref_ecf.level(number)
    assert lv is cigref_ecf.level(f"e-{number}") is cigref_ecf.level(str(number))
    assert lv is cigref_ecf.level(f"E-{number}") is cigref_ecf.level(lv)
    assert lv.number == number
    assert lv.code == f"e-{number}"


def test_levels_and_eqf() -> None:
    levels = cigref_ecf.levels()
    assert [lv.number for lv in levels] == [1, 2, 3, 4, 5]
    assert [sorted(lv.eqf) for lv in levels] == [[3], [4, 5], [6], [7], [8]]
    assert [lv.title for lv in levels] == [
        "Associate",
        "Professional",
        "Senior Professional/Manager",
        "Lead Professional/Senior Manager",
        "Principal",
    ]
    assert all("CWA 16234-1:2010" in lv.source for lv in levels)


def test_requirement_is_immutable_and_hashable() -> None:
    r = LevelRequirement.parse("2-4")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        r.levels = frozenset({1})  # type: ignore[misc]
    assert hash(r) == hash(LevelRequirement.parse("2/3/4"))


@given(st.text(max_size=6))
def test_parse_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(InvalidLevelError):
        LevelRequirement.parse(text)
