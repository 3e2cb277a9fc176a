"""Generate the documentation pages that come from the bundled data.

    python tools/docs_pages OUTDIR    # write every generated page under OUTDIR, to look at

At build time the mkdocs hook ``docs/hooks.py`` adds the same pages to the site, and their
navigation to the ``nav`` of mkdocs.yml: nothing generated here is committed. By page kind:

- ``catalogue.py``: an overview, a page per family, job profile and competence, and the
  matrix, whose heatmap (``heatmap.py``) the explorer filters, with CSV downloads;
- ``assessment.py``: the self-assessment page, which runs in the browser from data written
  here (``docs/js/self-assessment.js``);
- ``errata.py``: every decision against the source document;
- ``charts.py``: the tutorials' charts, drawn by running the examples of their pages;
- ``reference.py``: the API reference, one ``::: cigref_ecf.NAME`` per name of ``__all__``;
- ``schema.py``: the field tables of the data file, appended to ``data-schema.md``;
- ``search.py``: the folded words added to the search index, so that search ignores accents.

The pages are Jinja2 templates (``templates/``) filled from the data; ``text.py`` holds what they
share (paths, links, data text as Markdown).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import cigref_ecf
from cigref_ecf import Nomenclature
from cigref_ecf._write.rdf import SITE_URL

from .assessment import assessment_data, assessment_page
from .catalogue import catalogue_nav, catalogue_pages
from .charts import CHART_LINK, chart_files, page_charts
from .errata import errata_page
from .heatmap import heatmap
from .reference import API_GROUPS, api_nav, api_pages
from .schema import schema_section
from .search import fold_search_index
from .text import ASSESSMENT, ERRATA, Pages, cell, md, page_url, paragraphs, relative

__all__ = [
    "API_GROUPS",
    "CHART_LINK",
    "api_nav",
    "api_pages",
    "assessment_data",
    "assessment_page",
    "catalogue_nav",
    "catalogue_pages",
    "cell",
    "chart_files",
    "errata_page",
    "fold_search_index",
    "generate",
    "heatmap",
    "main",
    "md",
    "page_charts",
    "page_url",
    "paragraphs",
    "relative",
    "schema_path",
    "schema_section",
    "write",
]


def generate(n: Nomenclature | None = None) -> Pages:
    """Every generated page (not the appendix of ``data-schema.md``), by docs-relative path."""
    nomenclature = cigref_ecf.load() if n is None else n
    pages = catalogue_pages(nomenclature)
    pages[ERRATA] = errata_page(nomenclature)
    pages[ASSESSMENT] = assessment_page(nomenclature)
    pages.update(api_pages())
    for schema in (cigref_ecf.json_schema(), cigref_ecf.json_schema("overlay")):
        # Published where their $id says they are (under the site's address).
        pages[schema_path(schema)] = json.dumps(schema, ensure_ascii=False, indent=2)
    pages["data/nomenclature.json"] = (
        cigref_ecf.to_json(nomenclature)
        if n is not None
        else (files("cigref_ecf") / "data" / "nomenclature.json").read_text(encoding="utf-8")
    )
    return pages


def schema_path(schema: dict[str, Any]) -> str:
    """Where the site publishes a JSON Schema: the path of its ``$id`` under the site's address."""
    identifier = str(schema["$id"])
    if not identifier.startswith(SITE_URL):
        raise ValueError(f"the schema's $id {identifier!r} is not under {SITE_URL}")
    return identifier.removeprefix(SITE_URL)


def write(directory: Path, pages: Pages) -> None:
    """Write ``pages`` under ``directory``."""
    for name, text in pages.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print((__doc__ or "").strip().splitlines()[2], file=sys.stderr)
        return 2
    out = Path(argv[0])
    pages = generate()
    write(out, pages)
    charts = chart_files(Path(__file__).resolve().parent.parent.parent / "docs")
    for name, png in charts.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(png)
    print(f"{len(pages) + len(charts)} files written under {out}")
    return 0
