"""What every part of the check shares: the data, the source, its layout, the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .layout import Layout
from .text import Source

Doc = dict[str, Any]


@dataclass
class Context:
    doc: Doc
    source: Source
    layout: Layout
    problems: list[str] = field(default_factory=list)
    _by_profile: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.doc["errata"]:
            self._by_profile.setdefault(e.get("profile"), []).append(e)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def errata(
        self, profile: str | None, competence: str | None = None, field: str | None = None
    ) -> list[dict[str, Any]]:
        """The errata about a profile (and competence, and field)."""
        return [
            e
            for e in self._by_profile.get(profile, [])
            if (competence is None or e.get("competence") == competence)
            and (field is None or e.get("field") == field)
        ]

    def profile_path(self, code: str) -> str:
        for i, p in enumerate(self.doc["profiles"]):
            if p.get("code") == code:
                return f"$.profiles[{i}]"
        return f"$.profiles[?{code}]"


def lines_text(lines: list[int]) -> str:
    """``"lines 12-30"`` for messages."""
    if not lines:
        return "no lines"
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"
