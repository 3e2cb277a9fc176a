"""The loader accepts exactly what the JSON Schema accepts.

Each example changes one place of the bundled data (a text, a number, a level requirement, an
enum, a list, a code renamed everywhere it is used) to a generated value, valid or a near miss,
and asks both judges. Cross-references stay intact by construction, so that where they differ
it is on shape or range, which the schema states: a disagreement is a bug in one of them.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf._model.converter import unstructure
from cigref_ecf._model.rules import MAX_STRING

jsonschema = pytest.importorskip("jsonschema")

_DATA = unstructure(cigref_ecf.load())
_VALIDATOR = jsonschema.Draft202012Validator(cigref_ecf.json_schema())

_not_text = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=1),
)
_LONG = "<long>"
_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
    # a string at the limit or one over it, built in _apply (hypothesis prints examples)
    st.tuples(st.just(_LONG), st.sampled_from([MAX_STRING, MAX_STRING + 1])),
)
_integers = st.one_of(
    st.integers(-3, 8),
    st.integers(-(10**40), 10**40),
    st.sampled_from([10**29, 10**30, 10**31, -(10**30)]),
    st.floats(-3, 8).filter(lambda f: f == int(f)),  # 3.0: an integer to JSON Schema
    st.booleans(),
    st.none(),
    st.text(max_size=3),
)
# Requirements of E2 (levels 2 to 5) in profile 2: digits 2-5 are the applicable levels, so
# that only the shape decides; 0, 1 and 6 are refused by the schema and the loader alike.
_requirements = st.one_of(
    st.text("2345-/ \n\t06e", max_size=7),
    st.sampled_from(["3", "2-4", "3/5", "3/3", "4-2", "4-4", " 2 - 4 ", "3\n", "6", "2/3/2"]),
    _not_text,
)


def _code_suffixes(letter: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.from_regex(r"[1-9][0-9]?", fullmatch=True),
        st.text("0123456789\n \t.a٣", min_size=1, max_size=4),
    ).map(lambda suffix: letter + suffix)


def _set(data: dict[str, Any], path: tuple[Any, ...], value: object) -> None:
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def _rename_competence(data: dict[str, Any], old: str, new: str) -> None:
    """``old`` becomes ``new`` everywhere a competence code is used."""
    for c in data["competences"]:
        if c["code"] == old:
            c["code"] = new
    for d in data["dimensions"]:
        d["competences"] = [new if x == old else x for x in d["competences"]]
    for p in data["profiles"]:
        for r in p["competences"]:
            if r["competence"] == old:
                r["competence"] = new
        annex = p.get("annex1")
        if annex:
            annex["alignment"] = [new if x == old else x for x in annex["alignment"]]
    for e in data["errata"]:
        if e.get("competence") == old:
            e["competence"] = new


# Places whose value no cross-reference depends on, with what to try there.
_TEXT_PLACES = [
    ("meta", "source"),
    ("profiles", 0, "title"),
    ("profiles", 5, "mission"),
    ("competences", 3, "description"),
    ("families", 2, "title"),
    ("errata", 0, "reason"),
]
_LIST_PLACES = [("profiles", 0, "other_titles"), ("competences", 1, "knowledge")]


_KINDS = [e["kind"] for e in _DATA["errata"]]
_changes = st.one_of(
    st.tuples(st.just("text"), st.sampled_from(_TEXT_PLACES), st.one_of(_text, _not_text)),
    st.tuples(
        st.just("list"),
        st.sampled_from(_LIST_PLACES),
        st.one_of(st.lists(_text, max_size=3), _text, _not_text),
    ),
    st.tuples(st.just("line"), st.integers(0, len(_DATA["errata"]) - 1), _integers),
    st.tuples(
        st.just("kind"),
        st.just(0),
        st.one_of(st.sampled_from(_KINDS), st.sampled_from(_KINDS).map(str.upper), _not_text),
    ),
    st.tuples(st.just("requirement"), st.just(6), _requirements),
    st.sampled_from(_DATA["competences"]).flatmap(
        lambda c: st.tuples(st.just("code"), st.just(c["code"]), _code_suffixes(c["dimension"]))
    ),
)


def _long(value: Any) -> Any:
    if isinstance(value, tuple) and value[:1] == (_LONG,):
        return "x" * value[1]
    if isinstance(value, list):
        return [_long(v) for v in value]
    return value


def _apply(kind: str, place: Any, value: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(_DATA)
    value = _long(value)
    if kind in ("text", "list"):
        _set(data, place, value)
    elif kind == "line":
        data["errata"][place]["line"] = value
    elif kind == "kind":
        data["errata"][place]["kind"] = value
    elif kind == "requirement":
        data["profiles"][2]["competences"][place]["level"] = value
    else:
        taken = {c["code"] for c in _DATA["competences"]} - {place}
        _rename_competence(data, place, place if value.strip().upper() in taken else value)
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_changes)
def test_loader_and_schema_agree(change: tuple[str, Any, Any]) -> None:
    data = _apply(*change)
    by_schema = _VALIDATOR.is_valid(data)
    problems = cigref_ecf.validate_json(json.dumps(data, ensure_ascii=False))
    by_loader = not problems
    assert by_schema == by_loader, (by_schema, [str(p) for p in problems[:3]])


def test_requirement_pattern_is_the_parser() -> None:
    """The schema's requirement pattern accepts exactly what LevelRequirement.parse accepts,
    on every text of up to 5 characters over the characters that matter."""
    import itertools
    import re

    from cigref_ecf._model.levels import REQUIREMENT_PATTERN

    pattern = re.compile(REQUIREMENT_PATTERN)
    for size in range(1, 6):
        for chars in itertools.product("125-/ 6\n", repeat=size):
            text = "".join(chars)
            try:
                cigref_ecf.LevelRequirement.parse(text)
                parsed = True
            except cigref_ecf.InvalidLevelError:
                parsed = False
            assert parsed == bool(pattern.search(text)), text
