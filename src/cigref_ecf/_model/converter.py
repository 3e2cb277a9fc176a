"""The cattrs converters that turn JSON values into model objects and back.

Structuring is strict: no type coercion (``"3"`` is not an int, ``1`` is not a str), no unknown
keys, and every problem is reported with its JSON path through :class:`DataError`.

A nomenclature is structured whole first (fast, stops at the first problem); only when that fails
is it structured again section by section and item by item, so that every problem is reported
(capped by :class:`~cigref_ecf._model.rules.Problems`), each path naming its profile, and the items
that did structure can still be cross-checked.

The bundled file alone takes :func:`structure_trusted`: the same hooks in cattrs' fast mode,
without the strict scalar hooks and the unknown-key check, and no cross-checks. It is trusted
because the tests load it through the strict path too and compare the two results.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar

import attrs
import cattrs
from cattrs.errors import BaseValidationError

from ..exceptions import CigrefEcfError, DataError, Problem
from .levels import LevelRequirement
from .records import ErratumKind, Meta, Nomenclature
from .rules import MAX_DIGITS, Problems, excerpt

__all__ = [
    "MAX_ITEMS",
    "Structured",
    "check_items",
    "converter",
    "extra_fields",
    "item_label",
    "structure",
    "structure_items",
    "structure_one",
    "structure_trusted",
    "unstructure",
]

T = TypeVar("T")


def _strict(kind: type[Any], name: str) -> Callable[[object, type[Any]], Any]:
    def hook(value: object, _type: type[Any]) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {name}, got a boolean: {value!r}")
        if not isinstance(value, kind):
            raise TypeError(f"expected {name}, got {type(value).__name__}: {excerpt(value)}")
        return value

    return hook


_LARGEST = 10**MAX_DIGITS - 1


def _structure_int(value: object, _type: type[Any]) -> int:
    """An integer: a JSON number without a fraction (``3`` or ``3.0``, which JSON Schema also
    counts as an integer), of at most ``MAX_DIGITS`` digits."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    number: int = _strict(int, "an integer")(value, int)
    if abs(number) > _LARGEST:
        raise ValueError(f"a number of more than {MAX_DIGITS} digits")
    return number


def _structure_requirement(value: object, _type: type[Any]) -> LevelRequirement:
    if not isinstance(value, str):
        raise TypeError(
            f"expected a level requirement string such as '3', '2-4' or '1/3', got {excerpt(value)}"
        )
    return LevelRequirement.parse(value)


def _structure_int_set(value: object, _type: type[Any]) -> frozenset[int]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list of integers, got {type(value).__name__}")
    items = [_structure_int(item, int) for item in value]
    if len(set(items)) != len(items):
        raise ValueError(f"repeated values in {excerpt(value)}")
    return frozenset(items)


def _structure_enum(value: object, type_: type[enum.Enum]) -> enum.Enum:
    try:
        return type_(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in type_)
        raise ValueError(f"expected one of {allowed}, got {excerpt(value)}") from None


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is ...


def _tuple_from_list(type_: Any, conv: cattrs.BaseConverter) -> Callable[[object, Any], Any]:
    """A JSON list, and only a list, for a ``tuple[X, ...]`` field (a string would otherwise
    be read as a tuple of its characters, silently or with one problem per character)."""
    from cattrs.cols import homogenous_tuple_structure_factory

    base = homogenous_tuple_structure_factory(type_, conv)

    def hook(value: object, type_: Any) -> Any:
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {type(value).__name__}: {excerpt(value)}")
        return base(value, type_)

    return hook


def _is_optional(type_: Any) -> bool:
    args = typing.get_args(type_)
    return (
        typing.get_origin(type_) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _optional_hook(type_: Any, conv: cattrs.Converter) -> Callable[[object, object], Any]:
    """``X | None``: the hook of ``X`` looked up once (cattrs looks it up on every value)."""
    inner = next(arg for arg in typing.get_args(type_) if arg is not type(None))
    hook = conv.get_structure_hook(inner)

    def structure_optional(value: object, _type: object) -> Any:
        return None if value is None else hook(value, inner)

    return structure_optional


def _make_converter(*, detailed: bool = True, trusted: bool = False) -> cattrs.Converter:
    """A strict converter (``detailed``: every problem with its path, else the first one), or
    (``trusted``) the fast one for the bundled file only.

    The trusted one is cattrs without detailed validation, without the check for unknown keys
    and without the strict scalar hooks (plain ``str()`` and ``int()``), with each tuple's and
    optional's hook resolved once per type. On data that the strict converter accepts, both
    build the same objects (tests/test_bundled_load.py).
    """
    if trusted:
        from cattrs.cols import homogenous_tuple_structure_factory

        conv = cattrs.Converter(detailed_validation=False)
        conv.register_structure_hook_factory(
            _is_homogeneous_tuple, homogenous_tuple_structure_factory
        )
        conv.register_structure_hook_factory(_is_optional, _optional_hook)
    else:
        conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
        conv.register_structure_hook(str, _strict(str, "a string"))
        conv.register_structure_hook(int, _structure_int)
        conv.register_structure_hook(bool, _strict(bool, "a boolean"))
        conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_from_list)
    # Enums by class: a str-based Enum would otherwise dispatch to the plain str hook.
    conv.register_structure_hook(ErratumKind, _structure_enum)
    conv.register_unstructure_hook(ErratumKind, _enum_value)  # plain JSON types out
    conv.register_structure_hook(LevelRequirement, _structure_requirement)
    conv.register_unstructure_hook(LevelRequirement, str)
    conv.register_structure_hook_func(lambda t: t == frozenset[int], _structure_int_set)
    conv.register_unstructure_hook_func(lambda t: t == frozenset[int], sorted)
    return conv


@functools.cache
def converter(*, detailed: bool = True) -> cattrs.Converter:
    """The strict converter (``detailed``) or its fast first try (built on first use, so that
    loading the bundled file builds neither)."""
    return _make_converter(detailed=detailed)


def _format_exception(exc: BaseException, type_: type[Any] | None) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, AttributeError) and hasattr(exc, "obj"):  # a dict method on a non-dict
        return f"expected an object, got {type(exc.obj).__name__}: {excerpt(exc.obj)}"
    if isinstance(exc, (TypeError, ValueError, CigrefEcfError)) and str(exc):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def problems_of(exc: BaseValidationError, path: str = "$") -> list[Problem]:
    """Turn a cattrs validation error into path-tagged problems (paths under ``path``)."""
    problems = []
    for line in cattrs.transform_error(exc, path=path, format_exception=_format_exception):
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
        return converter().structure(data, cls)
    except BaseValidationError as exc:
        raise DataError(problems_of(exc), source) from None
    except (TypeError, ValueError, CigrefEcfError) as exc:
        raise DataError([Problem(path="$", message=str(exc))], source) from None


MAX_ITEMS = {
    "levels": 100,
    "dimensions": 100,
    "competences": 1000,
    "families": 10_000,
    "profiles": 10_000,
    "errata": 100_000,
}
"""Most items a section of a nomenclature file may hold (CIGREF has 5, 5, 36, 7, 33 and ~140)."""


class Structured(NamedTuple):
    """What :func:`structure_items` made of a file."""

    nomenclature: Nomenclature | None
    """The items that did structure (None when the file is not even an object)."""
    positions: dict[str, list[int]]
    """For each section, the index in the file of each structured item."""
    also_known: dict[str, set[str]]
    """Codes of the items that did not structure, by section (so that references to them are
    not reported again)."""


_NAMED = ("profiles", "families", "add_profiles", "replace_profiles", "add_families")


def item_label(section: str, index: int, item: object) -> str:
    """``$.profiles[3] (1.4)``: the path of an item of a file, naming a profile or family by
    its code when it has one."""
    code = item.get("code") if isinstance(item, dict) else None
    if section in _NAMED and isinstance(code, str):
        return f"$.{section}[{index}] ({excerpt(code, 40)[1:-1]})"
    return f"$.{section}[{index}]"


def extra_fields(data: dict[str, Any], known: Iterable[str], problems: Problems) -> None:
    """One problem at ``$`` naming the keys of ``data`` that are not ``known`` (up to ten), each
    with the known key it may be a misspelling of."""
    from .checks import suggest

    names = list(known)
    extra = sorted(k for k in data if k not in names)
    if not extra:
        return
    shown = []
    for key in extra[:10]:
        hint = suggest(key, names)
        shown.append(excerpt(key, 40) + (f": did you mean {hint[0]!r}?" if hint else ""))
    more = f" and {len(extra) - 10} more" if len(extra) > 10 else ""
    problems.add("$", f"extra fields found ({', '.join(shown)}{more})")


def structure_items(data: object, problems: Problems) -> Structured:
    """Structure a nomenclature, recording every structural problem in ``problems``."""
    if not isinstance(data, dict):
        problems.add("$", f"expected a JSON object, got {type(data).__name__}")
        return Structured(None, {}, {})
    try:
        n = converter(detailed=False).structure(data, Nomenclature)
    except Exception:  # any failure: structure again, item by item, to report it
        pass
    else:
        return Structured(n, {f: list(range(len(getattr(n, f)))) for f in MAX_ITEMS}, {})
    fields = {f.name: f for f in attrs.fields(Nomenclature) if f.init}
    extra_fields(data, fields, problems)
    meta = Meta()
    if "meta" not in data:
        problems.add("$.meta", "required field missing")
    else:
        meta = structure_one(data["meta"], Meta, "$.meta", problems) or meta
    sections: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    also: dict[str, set[str]] = {}
    for name, limit in MAX_ITEMS.items():
        items: list[Any] = []
        sections[name], positions[name], also[name] = items, [], set()
        raw = data.get(name)
        if raw is None:
            if name not in data and fields[name].default is attrs.NOTHING:
                problems.add(f"$.{name}", "required field missing")
            elif name in data:
                problems.add(f"$.{name}", "expected a list, got null")
            continue
        if not isinstance(raw, list):
            problems.add(f"$.{name}", f"expected a list, got {type(raw).__name__}")
            continue
        if len(raw) > limit:
            problems.add(f"$.{name}", f"{len(raw)} items, over the limit of {limit}")
            continue
        cls = typing_args(fields[name])
        for i, item in enumerate(raw):
            if problems.full:  # stop: the rest is only counted as "more"
                problems.add(f"$.{name}", f"items {i} to {len(raw) - 1} not checked")
                break
            made = structure_one(item, cls, item_label(name, i, item), problems)
            if made is not None:
                items.append(made)
                positions[name].append(i)
                continue
            code = item.get("code", item.get("id")) if isinstance(item, dict) else None
            if isinstance(code, str):
                also[name].add(code)
    try:
        n = Nomenclature(meta=meta, **{k: tuple(v) for k, v in sections.items()})
    except (TypeError, ValueError, CigrefEcfError) as exc:  # pragma: no cover - items are typed
        problems.add("$", str(exc))
        return Structured(None, positions, also)
    return Structured(n, positions, also)


def structure_one(value: object, cls: type[T], path: str, problems: Problems) -> T | None:
    """``value`` structured as ``cls``, or None with its problems (paths under ``path``)."""
    if attrs.has(cls) and cls is not LevelRequirement and not isinstance(value, dict):
        problems.add(path, f"expected a JSON object, got {type(value).__name__}")
        return None
    try:
        return converter().structure(value, cls)
    except BaseValidationError as exc:
        problems.extend(problems_of(exc, path))
    except (TypeError, ValueError, CigrefEcfError) as exc:
        problems.add(path, str(exc))
    return None


def typing_args(field: attrs.Attribute[Any]) -> type[Any]:
    """The item type of a ``tuple[X, ...]`` field of :class:`Nomenclature`."""
    import typing

    hints = typing.get_type_hints(Nomenclature)
    item: type[Any] = typing.get_args(hints[field.name])[0]
    return item


def unstructure(obj: object) -> Any:
    """The JSON-ready form of a model object (dicts, lists, strings, numbers, None); a tuple of
    them (a result collection too) becomes a list."""
    if isinstance(obj, tuple) and type(obj) is not tuple:
        obj = tuple(obj)  # result collections (tuple subclasses) unstructure as their items
    return converter().unstructure(obj)


def structure_trusted(data: object, cls: type[T]) -> T:
    """Build ``cls`` from data this package ships and its tests check through the strict path
    (the bundled file); never for anything a user gives."""
    return _make_converter(trusted=True).structure(data, cls)


def check_items(sections: dict[str, tuple[Any, ...]], source: str) -> None:
    """Each item's fields of the types a file gives them, checked as a file's are (an attrs
    class takes anything: ``JobProfile(family=3)``, a ``None`` among the competences)."""
    problems = Problems()
    for name, items in sections.items():
        for i, item in enumerate(items):
            path = f"{name}[{i}]"
            try:
                data = unstructure(item)
            except Exception:  # a field of a type the converter cannot write: which one
                _unwritable(item, path, problems)
                continue
            structure_one(data, type(item), path, problems)
    problems.raise_if_any(DataError, source)


def _unwritable(item: object, path: str, problems: Any) -> None:
    """Name the fields of ``item`` (and the items of its tuple fields) that are not of their
    declared type."""
    import typing

    import attrs

    hints = typing.get_type_hints(type(item))  # typing and attrs: imported above
    before = len(problems)
    for field in attrs.fields(typing.cast("type[attrs.AttrsInstance]", type(item))):
        value, kind = getattr(item, field.name), hints[field.name]
        if typing.get_origin(kind) is tuple and isinstance(value, tuple):
            kind = typing.get_args(kind)[0]
            values: list[tuple[int | None, object]] = list(enumerate(value))
        else:
            values = [(None, value)]
        for i, one in values:
            try:
                converter().unstructure(one, unstructure_as=kind)
            except Exception:
                where = f"{path}.{field.name}" + ("" if i is None else f"[{i}]")
                problems.add(where, f"a value of an unexpected type: {type(one).__name__}")
    if len(problems) == before:
        problems.add(path, "a field of an unexpected type")
