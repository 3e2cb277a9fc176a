"""The field tables of the data file, generated from its JSON Schema (appended to
``data-schema.md``)."""

from __future__ import annotations

from typing import Any

from .text import join

__all__ = ["schema_section"]


def _schema_type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = str(spec["$ref"]).rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec:
        return " or ".join(_schema_type(s) for s in spec["anyOf"])
    if "enum" in spec:
        return "one of " + join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type")
    if kind == "array":
        return f"array of {_schema_type(spec.get('items', {}))}"
    text = str(kind) if kind else "any"
    if "pattern" in spec:
        text += f" matching `{spec['pattern']}`"
    if "minimum" in spec and "maximum" in spec:
        text += f" {spec['minimum']} to {spec['maximum']}"
    return text


def schema_section(schema: dict[str, Any]) -> str:
    """Markdown tables of every object of the JSON Schema: field, type, required, meaning."""
    out = [
        "## Every object of the file",
        "",
        "Generated from `cigref_ecf.json_schema()`, whose descriptions are the docstrings of "
        "the model classes (see the [API reference](reference/model.md)).",
        "",
    ]

    def table(title: str, spec: dict[str, Any]) -> None:
        required = set(spec.get("required", ()))
        out.extend([f"### {title}", "", "| Field | Type | Required | Meaning |"])
        out.append("| --- | --- | --- | --- |")
        for name, sub in spec.get("properties", {}).items():
            mark = "yes" if name in required else "no"
            meaning = str(sub.get("description", "")).replace("|", "\\|")
            out.append(f"| `{name}` | {_schema_type(sub)} | {mark} | {meaning} |")
        out.append("")

    table("The file", schema)
    for name, spec in schema.get("$defs", {}).items():
        if spec.get("type") == "object":
            table(name, spec)
        else:
            out += [f"### {name}", "", _schema_type(spec), ""]
    return "\n".join(out)
