"""docs/architecture.md, the contributor's map, holds for the code: it names every layer and
module, and every function or constant it points to exists where it says."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
PAGE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "src" / "cigref_ecf"


def test_the_page_names_every_layer_and_module() -> None:
    for folder in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"):
        assert f"`{folder.name}/`" in PAGE, folder.name
        for module in sorted(folder.glob("*.py")):
            if module.stem != "__init__":
                assert f"`{module.stem}`" in PAGE, f"{folder.name}/{module.name}"


def test_every_pointer_of_the_page_exists() -> None:
    """``_read/tables.py`: `sniff_delimiter``: the module exists and has the name."""
    pointers = re.findall(r"`(\w+/\w+\.py|exceptions\.py)`: `(\w+)`", PAGE)
    assert len(pointers) > 10
    for path, name in pointers:
        dotted = "cigref_ecf." + path.removesuffix(".py").replace("/", ".")
        module = importlib.import_module(dotted)
        owner, _, attribute = name.partition(".")
        assert hasattr(module, owner), f"{path}: {name}"
        if attribute:
            assert hasattr(getattr(module, owner), attribute), f"{path}: {name}"


def test_the_delimiter_is_found_in_one_step() -> None:
    """The question the issue asks: where is a team CSV's delimiter detected?"""
    line = next(line for line in PAGE.splitlines() if line.startswith("| A CSV's delimiter"))
    assert "`_read/tables.py`: `sniff_delimiter`" in line
    from cigref_ecf._read.tables import sniff_delimiter

    assert sniff_delimiter("person;B3;B4\nana;3;2\n") == ";"
