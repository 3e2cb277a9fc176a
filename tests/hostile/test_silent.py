"""Nothing silently lost: a key given twice or a lone surrogate anywhere in a nomenclature file
is reported at its path; problems beyond the cap are counted, not dropped without a word."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf._model.converter import unstructure
from cigref_ecf._model.rules import MAX_PROBLEMS, Problems

_DATA = unstructure(cigref_ecf.load())


def _objects(value: Any, path: str = "$") -> list[tuple[str, dict[str, Any]]]:
    """Every JSON object of the data with its path (in the paths the loader reports)."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(value, dict):
        if value:
            found.append((path, value))
        for key, item in value.items():
            found.extend(_objects(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_objects(item, f"{path}[{i}]"))
    return found


_OBJECTS = _objects(_DATA)


def _dumps(value: Any, target: int, key: str, extra: str, counter: list[int]) -> str:
    """JSON text of ``value`` in which the ``target``-th object also has ``key`` a second time
    (first, with ``extra`` as its value), as a hand-edited file would."""
    if isinstance(value, dict):
        index = counter[0]
        counter[0] += 1 if value else 0
        parts = [
            f"{json.dumps(k)}: {_dumps(v, target, key, extra, counter)}" for k, v in value.items()
        ]
        if value and index == target:
            parts.insert(0, f"{json.dumps(key)}: {extra}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dumps(v, target, key, extra, counter) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, len(_OBJECTS) - 1), st.data())
def test_a_key_given_twice_anywhere_is_reported(target: int, data: st.DataObject) -> None:
    path, obj = _OBJECTS[target]
    key = data.draw(st.sampled_from(sorted(obj)))
    text = _dumps(_DATA, target, key, json.dumps(obj[key]), [0])
    problems = cigref_ecf.validate_json(text)
    assert any(p.path == f"{path}.{key}" and "more than once" in p.message for p in problems), (
        path,
        key,
        problems[:3],
    )


@settings(max_examples=30, deadline=None)
@given(st.integers(0, len(_OBJECTS) - 1), st.sampled_from(["\\ud800", "\\udfff", "x\\udc80y"]))
def test_a_lone_surrogate_anywhere_is_reported(target: int, surrogate: str) -> None:
    path = _OBJECTS[target][0]
    key = "zz_extra"
    text = _dumps(_DATA, target, key, f'"{surrogate}"', [0])
    problems = cigref_ecf.validate_json(text)
    assert any(p.path == f"{path}.{key}" and "surrogate" in p.message for p in problems)


def test_problems_beyond_the_cap_are_counted() -> None:
    problems = Problems()
    for i in range(MAX_PROBLEMS + 250):
        problems.add(f"$[{i}]", "wrong")
    assert len(problems) == MAX_PROBLEMS + 250
    try:
        problems.raise_if_any()
    except cigref_ecf.DataError as exc:
        assert exc.omitted == 250  # noqa: PT017 - the error built by the collector
        assert "250 more not collected" in str(exc)  # noqa: PT017
