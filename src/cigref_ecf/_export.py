"""Exports: JSON through the converter, and the JSON Schema of the data file."""

from __future__ import annotations

import json
from typing import Any

from ._catalog import SCHEMA_FILE, _resolve, read_bundled_text

__all__ = ["json_schema", "to_data", "to_json"]


def to_data(obj: object = None) -> Any:
    """The JSON-ready form (dicts, lists, str, int, None) of a model object, a tuple of them,
    or the whole bundled nomenclature when ``obj`` is omitted.

    Examples:
        >>> from cigref_ecf import job_profile
        >>> data = to_data(job_profile("3.2"))
        >>> data["code"], data["competences"][2]["competence"], data["competences"][2]["level"]
        ('3.2', 'B1', '2-4')
    """
    from ._converter import unstructure

    return unstructure(_resolve(None) if obj is None else obj)


def to_json(obj: object = None, *, indent: int | None = 2) -> str:
    """JSON text of :func:`to_data` (UTF-8 characters kept, keys in model order).

    ``to_data(load_json(to_json()))`` equals ``to_data()``: the JSON holds everything.
    """
    return json.dumps(to_data(obj), ensure_ascii=False, indent=indent)


def json_schema(kind: str = "nomenclature") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a nomenclature file (``kind="nomenclature"``) or of an
    overlay file (``kind="overlay"``: a company's changes to a base), as shipped with the
    package. Returns a fresh dict each call.

    Raises:
        InvalidQueryError: for another ``kind``.
    """
    from .exceptions import InvalidQueryError

    names = {"nomenclature": SCHEMA_FILE, "overlay": "overlay.schema.json"}
    if kind not in names:
        raise InvalidQueryError(f"unknown schema {kind!r}; expected 'nomenclature' or 'overlay'")
    result: dict[str, Any] = json.loads(read_bundled_text(names[kind]))
    return result
