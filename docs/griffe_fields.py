"""A griffe extension: attrs fields are documented by their own docstrings.

griffe-fieldz lists the fields of an attrs class in its "Attributes" table, but describes a
field that has a ``factory`` by the factory's docstring when the field has no ``metadata``
description: ``Assessment.levels`` (``factory=dict``) read "dict() -> new empty dictionary...".
Listed before griffe-fieldz, this extension notes the docstring under each attribute of a class
(``on_class_members``, before griffe-fieldz removes the attributes from the members), and once
the class is complete (``on_class``), puts it back in the table.
"""

from __future__ import annotations

from typing import Any

from griffe import Class, DocstringSectionAttributes, Extension


class OwnFieldDocstrings(Extension):
    """Describe every field in a class's "Attributes" table by its own docstring."""

    def __init__(self) -> None:
        self._docstrings: dict[str, dict[str, str]] = {}

    def on_class_members(self, *, cls: Class, **kwargs: Any) -> None:
        own = {
            name: attribute.docstring.value
            for name, attribute in cls.attributes.items()
            if attribute.docstring is not None and attribute.docstring.value.strip()
        }
        if own:
            self._docstrings[cls.path] = own

    def on_class(self, *, cls: Class, **kwargs: Any) -> None:
        own = self._docstrings.get(cls.path)
        if not own or cls.docstring is None:
            return
        for section in cls.docstring.parsed:
            if isinstance(section, DocstringSectionAttributes):
                for item in section.value:
                    if item.name in own:
                        item.description = own[item.name]
