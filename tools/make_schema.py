"""Generate the JSON Schema of the bundled data file from the model.

    python tools/make_schema.py          # rewrite src/cigref_ecf/data/*.schema.json
    python tools/make_schema.py --check  # exit 1 if a shipped schema is out of date

Two schemas: ``nomenclature.schema.json`` (a whole nomenclature, as the bundled file) and
``overlay.schema.json`` (a company's changes to a base, see ``cigref_ecf._model.overlay``).

The schema is the contract for anyone who writes their own nomenclature file; the library's own
checks (``cigref_ecf.load``) go further (cross-references, applicable levels).
"""

from __future__ import annotations

import ast
import enum
import inspect
import itertools
import json
import sys
import textwrap
import types
import typing
from pathlib import Path
from typing import Any

import attrs

from cigref_ecf import LevelRequirement, Nomenclature
from cigref_ecf._model.converter import MAX_ITEMS
from cigref_ecf._model.levels import REQUIREMENT_PATTERN
from cigref_ecf._model.rules import MAX_DIGITS, MAX_STRING, schema_pattern
from cigref_ecf._write.rdf import SITE_URL

DATA_DIR = Path(__file__).parent.parent / "src" / "cigref_ecf" / "data"
SCHEMA_PATH = DATA_DIR / "nomenclature.schema.json"
OVERLAY_SCHEMA_PATH = DATA_DIR / "overlay.schema.json"

# The code shapes have one owner, cigref_ecf._model.rules.CODE_SHAPES; a company's profile and
# family codes ("DATA-ENG", "DATA") take the general shape, which CIGREF's "3.2" and "3" also fit.
SHAPES = {
    ("Competence", "code"): "competence",
    ("Competence", "dimension"): "dimension",
    ("Dimension", "code"): "dimension",
    ("Dimension", "competences"): "competence",
    ("JobProfile", "code"): "code",
    ("JobProfile", "family"): "code",
    ("Family", "code"): "code",
    ("Family", "profiles"): "code",
    ("Overlay", "remove_profiles"): "code",
    ("Overlay", "remove_families"): "code",
    ("CompetenceRequirement", "competence"): "competence",
    ("Level", "code"): "level",
    ("Meta", "language"): "language",
}
PATTERNS = {key: schema_pattern(kind) for key, kind in SHAPES.items()}
# The loader's limits, stated in the schema too (so that both accept the same files): every
# integer has at most MAX_DIGITS digits, every string at most MAX_STRING characters, every
# section at most MAX_ITEMS items; line numbers start at 1.
LARGEST = 10**MAX_DIGITS - 1
RANGES = {
    ("Level", "number"): (1, 5),
    ("LevelDescriptor", "level"): (1, 5),
    ("Erratum", "line"): (1, LARGEST),
    ("Evidence", "line"): (1, LARGEST),
    ("Annex1Row", "line"): (1, LARGEST),
}
REQUIREMENT = {
    "type": "string",
    "pattern": REQUIREMENT_PATTERN,
    "description": "A level requirement: '3', a range '2-4' or alternatives '1/3'.",
}


def _docs(cls: type) -> tuple[str, dict[str, str]]:
    """A class's docstring (first paragraph) and the docstrings under its fields, from source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    node = tree.body[0]
    assert isinstance(node, ast.ClassDef)
    summary = (ast.get_docstring(node) or "").split("\n\n")[0].replace("\n", " ")
    fields: dict[str, str] = {}
    body = node.body
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            fields[statement.target.id] = " ".join(following.value.value.split())
    return summary, fields


def _schema(  # noqa: PLR0911 (one return per kind of type)
    tp: Any, defs: dict[str, Any], owner: str = "", field: str = ""
) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is LevelRequirement:
        return dict(REQUIREMENT)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema(a, defs, owner, field) for a in args]}
    if tp is type(None):
        return {"type": "null"}
    if tp is str:
        out: dict[str, Any] = {"type": "string", "maxLength": MAX_STRING}
        if (owner, field) in PATTERNS:
            out["pattern"] = PATTERNS[owner, field]
        return out
    if tp is int:
        out = {"type": "integer"}
        out["minimum"], out["maximum"] = RANGES.get((owner, field), (-LARGEST, LARGEST))
        return out
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(args[1], defs, owner, field)}
    if origin is tuple:
        return {"type": "array", "items": _schema(args[0], defs, owner, field)}
    if origin is frozenset:
        return {"type": "array", "uniqueItems": True, "items": _schema(args[0], defs, owner, field)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            hints = typing.get_type_hints(tp)
            summary, described = _docs(tp)
            props: dict[str, Any] = {}
            required = []
            for f in attrs.fields(tp):
                if not f.init:
                    continue
                props[f.name] = _schema(hints[f.name], defs, name, f.name)
                if f.name in described:
                    own = props[f.name].pop("description", None)
                    text = described[f.name] + (f" {own}" if own else "")
                    props[f.name] = {"description": text, **props[f.name]}
                if f.default is attrs.NOTHING:
                    required.append(f.name)
            defs[name] = {
                "description": summary,
                "type": "object",
                "properties": props,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no schema for {tp!r}")


def make_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    _schema(Nomenclature, defs)
    body = defs.pop("Nomenclature")
    for section, limit in MAX_ITEMS.items():
        body["properties"][section]["maxItems"] = limit
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SITE_URL}schema/nomenclature.schema.json",
        "title": "cigref-ecf nomenclature",
        "description": "IT job profiles and e-CF competences, as read by cigref_ecf.load().",
        **body,
        "$defs": dict(sorted(defs.items())),
    }


def make_overlay_schema() -> dict[str, Any]:
    from cigref_ecf._model.overlay import BASES, MAX_CHANGES, Overlay

    defs: dict[str, Any] = {}
    _schema(Overlay, defs)
    body = defs.pop("Overlay")
    body["properties"]["base"]["enum"] = list(BASES)
    for prop in body["properties"].values():  # the loader's limit on each section
        if prop.get("type") == "array":
            prop["maxItems"] = MAX_CHANGES
        elif prop.get("type") == "object":
            prop["maxProperties"] = MAX_CHANGES
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SITE_URL}schema/overlay.schema.json",
        "title": "cigref-ecf overlay",
        **body,
        "description": "A company's changes to a base nomenclature, as read by cigref_ecf.load().",
        "$defs": dict(sorted(defs.items())),
    }


def render(schema: dict[str, Any] | None = None) -> str:
    return json.dumps(schema or make_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the shipped schema")
    args = parser.parse_args(argv)
    status = 0
    for path, schema in (
        (SCHEMA_PATH, make_schema()),
        (OVERLAY_SCHEMA_PATH, make_overlay_schema()),
    ):
        text = render(schema)
        if not args.check:
            path.write_text(text, encoding="utf-8")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            print(f"{path} is out of date: run python tools/make_schema.py", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
