"""mkdocs hooks: the pages generated from the bundled data, added at build time, and a search
that ignores accents.

The pages come from ``tools/docs_pages/`` and are never written to ``docs/``:

- ``on_config`` expands the ``catalogue/index.md`` and ``reference/index.md`` entries of the nav
  into their sections (a page per family, profile, competence; a page per API group);
- ``on_files`` adds the generated pages and downloads to the site, and the tutorials' charts
  (``tools/docs_pages/charts.py`` runs a page's examples and saves the figures it links to);
- ``on_page_markdown`` appends the field tables of the data file to ``data-schema.md``;
- ``on_page_context`` notes the ``keywords`` of each page's front matter, and ``on_post_build``
  (after the search plugin has written its index) adds the folded words and the keywords to the
  search index (see ``tools/docs_pages/search.py``).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import cigref_ecf

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "tools" / "docs_pages"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"

_keywords: dict[str, list[str]] = {}
"""Search keywords by page URL, for the build in progress."""


def _generator() -> ModuleType:
    """The generator package, loaded afresh (``mkdocs serve`` rebuilds pick up its changes)."""
    for name in [m for m in sys.modules if m == "docs_pages" or m.startswith("docs_pages.")]:
        del sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        "docs_pages", GENERATOR / "__init__.py", submodule_search_locations=[str(GENERATOR)]
    )
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
    _keywords.clear()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages: dict[str, str] = _generator().generate()
    if not BENCHMARKS.exists():
        # docs/benchmarks.md comes from the benchmarks; until it exists, a stub keeps the nav.
        pages["benchmarks.md"] = (
            "# Benchmarks\n\nNo benchmark results are published in this build yet.\n"
        )
    # The tutorials' charts, drawn by the examples of their pages (an error stops the build).
    charts: dict[str, bytes] = _generator().chart_files(Path(config.docs_dir))
    generated: dict[str, str | bytes] = {**pages, **charts}
    for path, content in generated.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == "data-schema.md":
        section: str = _generator().schema_section(cigref_ecf.json_schema())
        return markdown.rstrip() + "\n\n" + section + "\n"
    return markdown


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    words = page.meta.get("keywords")
    if isinstance(words, list) and words:
        _keywords[page.url] = [str(w) for w in words]
    return context


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    folded = _generator().fold_search_index(index, _keywords)
    text = json.dumps(folded, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
