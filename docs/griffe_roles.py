"""A griffe extension: Sphinx roles in docstrings (``:func:`load```) become cross-references.

The docstrings are Google style, but some mention other objects the Sphinx way. mkdocstrings
would print the role as it is; this turns ``:func:`name``` (and ``:class:``, ``:meth:``,
``:attr:``, ``:mod:``, ``:exc:``) into an optional autorefs link to ``cigref_ecf.name`` (or to
``cigref_ecf.Class.name`` for a method or attribute of the class being documented), shown as
code. An optional link that does not resolve is shown as plain code, without a warning.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Class, Extension, Object

PACKAGE = "cigref_ecf"
_ROLE = re.compile(r":(func|class|meth|attr|mod|exc|obj|data):`~?([A-Za-z_][\w.]*)`")


def _owner_class(obj: Object) -> str | None:
    current: Object | None = obj
    while current is not None:
        if isinstance(current, Class):
            return current.name
        parent = current.parent
        current = parent if isinstance(parent, Object) else None
    return None


def _identifier(role: str, name: str, obj: Object) -> str:
    if name == PACKAGE or name.startswith(PACKAGE + "."):
        return name
    owner = _owner_class(obj)
    if role in ("meth", "attr") and "." not in name and owner is not None:
        return f"{PACKAGE}.{owner}.{name}"
    return f"{PACKAGE}.{name}"


def replace_roles(text: str, obj: Object) -> str:
    """``text`` with every Sphinx role replaced by an optional cross-reference."""

    def link(match: re.Match[str]) -> str:
        role, name = match.group(1), match.group(2)
        shown = name.rsplit(".", 1)[-1] if role != "mod" else name
        identifier = _identifier(role, name, obj)
        return f'<autoref identifier="{identifier}" optional><code>{shown}</code></autoref>'

    return _ROLE.sub(link, text)


class SphinxRoles(Extension):
    """Rewrite Sphinx roles in every docstring of the loaded objects."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        # Before other extensions (griffe-fieldz) parse the docstring, which caches the result.
        if obj.docstring is not None and ":" in obj.docstring.value:
            obj.docstring.value = replace_roles(obj.docstring.value, obj)
