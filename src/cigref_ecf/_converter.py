"""The one cattrs converter that turns JSON values into model objects and back.

Structuring is strict: no type coercion (``"3"`` is not an int, ``1`` is not a str), no unknown
keys, and every problem is reported with its JSON path through :class:`DataError`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

import cattrs
from cattrs.errors import BaseValidationError

from ._levels import LevelRequirement
from ._model import ErratumKind, Nomenclature
from .exceptions import CigrefEcfError, DataError, Problem

__all__ = ["converter", "structure", "unstructure"]

T = TypeVar("T")


def _strict(kind: type[Any], name: str) -> Callable[[object, type[Any]], Any]:
    def hook(value: object, _type: type[Any]) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {name}, got a boolean: {value!r}")
        if not isinstance(value, kind):
            raise TypeError(f"expected {name}, got {type(value).__name__}: {value!r}")
        return value

    return hook


def _structure_requirement(value: object, _type: type[Any]) -> LevelRequirement:
    if not isinstance(value, str):
        raise TypeError(
            f"expected a level requirement string such as '3', '2-4' or '1/3', got {value!r}"
        )
    return LevelRequirement.parse(value)


def _structure_int_set(value: object, _type: type[Any]) -> frozenset[int]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list of integers, got {type(value).__name__}")
    hook = _strict(int, "an integer")
    items = [hook(item, int) for item in value]
    if len(set(items)) != len(items):
        raise ValueError(f"repeated values in {value!r}")
    return frozenset(items)


def _structure_enum(value: object, type_: type[enum.Enum]) -> enum.Enum:
    try:
        return type_(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in type_)
        raise ValueError(f"expected one of {allowed}, got {value!r}") from None


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "a boolean"))
    # Enums by class: a str-based Enum would otherwise dispatch to the plain str hook.
    conv.register_structure_hook(ErratumKind, _structure_enum)
    conv.register_unstructure_hook(ErratumKind, _enum_value)  # plain JSON types out
    conv.register_structure_hook(LevelRequirement, _structure_requirement)
    conv.register_unstructure_hook(LevelRequirement, str)
    conv.register_structure_hook_func(lambda t: t == frozenset[int], _structure_int_set)
    conv.register_unstructure_hook_func(lambda t: t == frozenset[int], sorted)
    return conv


converter = _make_converter()


def _format_exception(exc: BaseException, type_: type[Any] | None) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, (TypeError, ValueError, CigrefEcfError)) and str(exc):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def problems_of(exc: BaseValidationError) -> list[Problem]:
    """Turn a cattrs validation error into path-tagged problems."""
    problems = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_format_exception):
        message, _, path = line.rpartition(" @ ")
        problems.append(Problem(path=path or "$", message=message or line))
    return problems


def structure(data: object, cls: type[T], *, source: str | None = None) -> T:
    """Build ``cls`` from JSON-like ``data``.

    Raises:
        DataError: listing every structural problem with its JSON path.
    """
    if cls is Nomenclature and not isinstance(data, dict):
        raise DataError(
            [Problem(path="$", message=f"expected a JSON object, got {type(data).__name__}")],
            source,
        )
    try:
        return converter.structure(data, cls)
    except BaseValidationError as exc:
        raise DataError(problems_of(exc), source) from None
    except (TypeError, ValueError, CigrefEcfError) as exc:
        raise DataError([Problem(path="$", message=str(exc))], source) from None


def unstructure(obj: object) -> Any:
    """The JSON-ready form of a model object (dicts, lists, strings, numbers, None); a tuple of
    them (a result collection too) becomes a list."""
    if isinstance(obj, tuple) and type(obj) is not tuple:
        obj = tuple(obj)  # result collections (tuple subclasses) unstructure as their items
    return converter.unstructure(obj)
