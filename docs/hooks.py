"""mkdocs hooks: the pages generated from the bundled data, added at build time.

The pages come from ``tools/docs_pages.py`` and are never written to ``docs/``:

- ``on_config`` expands the ``catalogue/index.md`` and ``reference/index.md`` entries of the nav
  into their sections (a page per family, profile, competence; a page per API group);
- ``on_files`` adds the generated pages and downloads to the site;
- ``on_page_markdown`` appends the field tables of the data file to ``data-schema.md``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import cigref_ecf

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "tools" / "docs_pages.py"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"


def _generator() -> ModuleType:
    """The generator, loaded afresh (``mkdocs serve`` rebuilds pick up its changes)."""
    spec = importlib.util.spec_from_file_location("docs_pages", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["docs_pages"] = module
    spec.loader.exec_module(module)
    return module


def _expand(nav: Any, sections: dict[str, list[Any]]) -> Any:
    """``nav`` with each ``{title: path}`` whose path is a key of ``sections`` made a section."""
    if isinstance(nav, list):
        return [_expand(item, sections) for item in nav]
    if isinstance(nav, dict):
        out = {}
        for title, value in nav.items():
            if isinstance(value, str) and value in sections:
                out[title] = sections[value]
            else:
                out[title] = _expand(value, sections)
        return out
    return nav


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    generator = _generator()
    sections = {
        "catalogue/index.md": generator.catalogue_nav(cigref_ecf.load()),
        "reference/index.md": generator.api_nav(),
    }
    config.nav = _expand(config.nav, sections)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages: dict[str, str] = _generator().generate()
    if not BENCHMARKS.exists():
        # docs/benchmarks.md comes from the benchmarks; until it exists, a stub keeps the nav.
        pages["benchmarks.md"] = (
            "# Benchmarks\n\nNo benchmark results are published in this build yet.\n"
        )
    for path, text in pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == "data-schema.md":
        section: str = _generator().schema_section(cigref_ecf.json_schema())
        return markdown.rstrip() + "\n\n" + section + "\n"
    return markdown
