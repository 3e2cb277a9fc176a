"""What every generated page shares: where pages live, links between them, data text as
Markdown, and the Jinja2 templates that write the pages.

Links between pages are Markdown links to ``.md`` files (mkdocs checks them with ``strict``);
links inside raw HTML (the heatmaps, the self-assessment form) are plain URLs, computed for
``use_directory_urls`` (the default).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import jinja2

from cigref_ecf import Family

__all__ = [
    "ASSESSMENT",
    "CATALOGUE",
    "ERRATA",
    "MATRIX",
    "NavItem",
    "Pages",
    "cell",
    "competence_path",
    "family_code",
    "family_path",
    "join",
    "levels_text",
    "md",
    "page_url",
    "paragraphs",
    "profile_path",
    "relative",
    "render",
    "url_from",
]

Pages = dict[str, str]
"""Generated files by path relative to the docs folder."""
NavItem = str | dict[str, Any]
"""An entry of the ``nav`` of mkdocs.yml."""

# ---------------------------------------------------------------------------- paths

CATALOGUE = "catalogue"
ERRATA = "errata.md"
MATRIX = f"{CATALOGUE}/matrix.md"
ASSESSMENT = "self-assessment.md"


def family_code(f: Family) -> str:
    """A family's code (``"3"``), as pages and URLs show it."""
    return f.code


def profile_path(code: str) -> str:
    return f"{CATALOGUE}/profiles/{code}.md"


def competence_path(code: str) -> str:
    return f"{CATALOGUE}/competences/{code}.md"


def family_path(code: str | int) -> str:
    # An index page: with ``navigation.indexes``, the family's section of the nav opens it.
    return f"{CATALOGUE}/families/{code}/index.md"


def relative(target: str, page: str) -> str:
    """The Markdown link from ``page`` to ``target`` (both relative to the docs folder)."""
    path, _, anchor = target.partition("#")
    link = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return f"{link}#{anchor}" if anchor else link


def page_url(path: str) -> str:
    """The URL (relative to the site root) of a page, with ``use_directory_urls``."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def url_from(target: str, page: str) -> str:
    """The relative URL from ``page``'s URL to ``target``'s (for raw HTML).

    ``target`` is a page (``x.md``, with an optional ``#anchor``) or a file (``js/x.js``).
    """
    path, _, anchor = target.partition("#")
    here = page_url(page)
    if path.endswith(".md"):
        there = page_url(path)
        link = posixpath.relpath(there or ".", here.rstrip("/") or ".")
        link = "./" if link == "." else link + "/"
    else:
        link = posixpath.relpath(path, here.rstrip("/") or ".")
    return f"{link}#{anchor}" if anchor else link


# ---------------------------------------------------------------------------- text

_INLINE = re.compile(r"([\\`*_\[\]|{}])")
_LINE_START = re.compile(r"^(?:([#+\-])|(\d+)([.)]))")


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def md(text: str) -> str:
    """Data text as Markdown that renders literally (no markup, no HTML)."""
    out = escape(text.replace("\t", " "), quote=False)
    out = _INLINE.sub(r"\\\1", out)
    lines = []
    for line in out.split("\n"):
        stripped = line.strip()
        lines.append(_LINE_START.sub(_escape_start, stripped))
    return "\n".join(lines)


def paragraphs(text: str) -> str:
    """Text whose paragraphs are separated by a blank line, as Markdown paragraphs."""
    parts = [md(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(parts)


def cell(text: str) -> str:
    """Data text for a table cell (one line)."""
    return md(" ".join(text.split()))


def join(items: Iterable[str], sep: str = ", ") -> str:
    return sep.join(items)


def levels_text(levels: Iterable[int]) -> str:
    return join(str(n) for n in sorted(levels))


def anchor(name: str) -> str:
    """The attribute list that gives a Markdown heading its id: ``{#name}``."""
    return "{#" + name + "}"


def count(number: int, noun: str) -> str:
    """``"1 range"``, ``"8 ranges"``."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


# ---------------------------------------------------------------------------- templates

TEMPLATES = Path(__file__).resolve().parent / "templates"


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, target: str) -> str:
    """In a Markdown template: the link from the page being written to ``target``."""
    return relative(target, context["page"])


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    """In an HTML template: the URL from the page being written to ``target``."""
    return url_from(target, context["page"])


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Markdown templates insert data through |md, |cell and |paragraphs; HTML templates
        # (*.html.j2) are escaped automatically.
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md, cell=cell, paragraphs=paragraphs, levels=levels_text)
    env.globals.update(
        link=_link,
        url=_url,
        count=count,
        anchor=anchor,
        profile_path=profile_path,
        competence_path=competence_path,
        family_path=family_path,
        CATALOGUE=CATALOGUE,
        ERRATA=ERRATA,
        MATRIX=MATRIX,
        ASSESSMENT=ASSESSMENT,
    )
    return env


def render(template: str, /, *, page: str, **context: Any) -> str:
    """Template ``template`` rendered for the page ``page`` (docs-relative path)."""
    values: Mapping[str, Any] = {"page": page, **context}
    return _environment().get_template(template).render(values)
