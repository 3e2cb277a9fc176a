"""The documentation site: its examples run, its generated pages are complete, and the built
site works for a reader (pages, links, search, API reference).

The build tests need the ``docs`` extra; without mkdocs they are skipped.
"""

from __future__ import annotations

import doctest
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import cigref_ecf

from .conftest import ROOT, load_tool

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


GEN = load_tool("docs_pages")


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    pages: dict[str, str] = GEN.generate()
    return pages


# ---------------------------------------------------------------------------- examples


def _name(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_page_examples(path: Path) -> None:
    """Every ``>>>`` example of every page of docs/ runs and prints what the page shows."""
    text = path.read_text(encoding="utf-8")
    for module in ("pandas", "jsonschema"):
        if f"import {module}" in text:
            pytest.importorskip(module)
    output: list[str] = []
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {"__name__": "__main__"}, _name(path), str(path), 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)


def test_pages_have_examples() -> None:
    """The home page, the concepts, the schema and every tutorial show runnable examples."""
    parser = doctest.DocTestParser()
    expected = ["index.md", "installation.md", "concepts.md", "data-schema.md"]
    expected += [_name(p) for p in (DOCS / "tutorials").glob("*.md")]
    assert len(expected) >= 7
    for name in expected:
        examples = parser.get_examples((DOCS / name).read_text(encoding="utf-8"))
        assert len(examples) >= 3, name


# ---------------------------------------------------------------------------- generated pages


def test_catalogue_has_a_page_for_everything(generated: dict[str, str]) -> None:
    n = cigref_ecf.load()
    for p in n.profiles:
        assert generated[f"catalogue/profiles/{p.code}.md"].startswith(f"# {p.code} ")
    for c in n.competences:
        assert generated[f"catalogue/competences/{c.code}.md"].startswith(f"# {c.code} ")
    for f in n.families:
        assert generated[f"catalogue/families/{f.code}.md"].startswith(f"# {f.code}. ")
    assert len([k for k in generated if k.startswith("catalogue/profiles/")]) == 33
    assert len([k for k in generated if k.startswith("catalogue/competences/")]) == 36
    assert "errata.md" in generated
    assert "catalogue/matrix.md" in generated


def test_profile_pages_show_every_section(generated: dict[str, str]) -> None:
    md = GEN.md
    n = cigref_ecf.load()
    for p in n.profiles:
        page = generated[f"catalogue/profiles/{p.code}.md"]
        texts = [p.title, *p.other_titles, *p.english_titles, *p.deliverables, *p.indicators]
        texts += [a.heading for a in p.activities] + [t for a in p.activities for t in a.tasks]
        for text in texts:
            assert md(text) in page, (p.code, text)
        for long_text in (p.mission, p.activities_intro, p.trends, p.notes):
            if long_text:
                assert GEN.paragraphs(long_text) in page, p.code
        if p.career is not None:
            for part in (p.career.profile, p.career.experience):
                if part:
                    assert GEN.cell(part) in page, p.code
        for r in p.competences:
            row = f"[{r.competence}](../competences/{r.competence}.md)"
            assert row in page, (p.code, r.competence)
            assert f"| **{r.level}** |" in page, (p.code, r.competence)
            for level in r.level.levels:
                assert f"../competences/{r.competence}.md#level-{level}" in page
        for e in n.errata:
            if e.profile == p.code:
                assert f"(../../errata.md#{e.id})" in page, (p.code, e.id)
        for heading in ("Mission", "Activities and tasks", "e-CF competences", "Deliverables"):
            assert f"\n## {heading}\n" in page
        for heading in ("Performance indicators", "Career path", "Trends", "Errata"):
            assert f"\n## {heading}" in page


def test_competence_pages_show_levels_and_profiles(generated: dict[str, str]) -> None:
    n = cigref_ecf.load()
    for c in n.competences:
        page = generated[f"catalogue/competences/{c.code}.md"]
        assert GEN.paragraphs(c.description) in page
        for d in c.levels:
            assert f"{{#level-{d.level}}}" in page
            assert GEN.paragraphs(d.description) in page
            eqf = ", ".join(str(e) for e in sorted(cigref_ecf.level(d.level).eqf))
            assert f"*EQF {eqf}*" in page
        for i, k in enumerate(c.knowledge, 1):
            assert f"- **K{i}** {GEN.md(k)}" in page
        for i, s in enumerate(c.skills, 1):
            assert f"- **S{i}** {GEN.md(s)}" in page
        for p in cigref_ecf.profiles_requiring(c):
            assert f"(../profiles/{p.code}.md)" in page
            assert f"| **{p.requirement(c.code)}** (" in page


def test_errata_page_lists_every_erratum(generated: dict[str, str]) -> None:
    page = generated["errata.md"]
    errata = cigref_ecf.errata()
    assert f"{len(errata)} errata" in page
    for e in errata:
        assert f"### {e.id} {{#{e.id}}}" in page
        assert GEN.cell(e.decision) in page
    assert len(re.findall(r"^### E", page, re.MULTILINE)) == len(errata)


def test_api_reference_covers_all() -> None:
    pages = GEN.api_pages()
    directives = re.findall(r"^::: cigref_ecf\.(\w+)$", "\n".join(pages.values()), re.MULTILINE)
    assert sorted(directives) == sorted(cigref_ecf.__all__)
    # A name that no group lists still gets documented.
    extra = GEN.api_pages(["load", "brand_new"])
    assert "::: cigref_ecf.load" in extra["reference/lookups.md"]
    assert "::: cigref_ecf.brand_new" in extra["reference/other.md"]


def test_heatmap_is_svg_with_every_cell() -> None:
    n = cigref_ecf.load()
    svg = GEN.heatmap_svg(n, page="catalogue/matrix.md")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    # A cell is a link holding a shape; the row and column labels hold only text.
    groups = {
        (g.findtext(f"{ns}title") or ""): g
        for g in root.iter(f"{ns}a")
        if g.find(f"{ns}rect") is not None
    }
    assert len(groups) == len(cigref_ecf.matrix()) == 311
    assert any(
        t.startswith("3.2 Concepteur - développeur / B1 ") and ": 2-4 (" in t for t in groups
    )
    # A range and alternatives are drawn apart from single levels: outlined, dashed or not.
    range_cell = next(g for t, g in groups.items() if t.startswith("3.2 ") and "/ B1 " in t)
    single_cell = next(g for t, g in groups.items() if t.startswith("3.2 ") and "/ A6 " in t)
    alternatives = next(g for t, g in groups.items() if ": 1/3 " in t)
    outlines = [r for r in range_cell.iter(f"{ns}rect") if r.get("fill") == "none"]
    assert len(outlines) == 1 and outlines[0].get("stroke-dasharray") is None
    assert [r.get("fill") for r in single_cell.iter(f"{ns}rect")] == [GEN.LEVEL_COLOURS[1]]
    dashed = [r for r in alternatives.iter(f"{ns}rect") if r.get("stroke-dasharray")]
    assert len(dashed) == 1
    stripes = {r.get("fill") for r in range_cell.iter(f"{ns}rect")}
    assert {GEN.LEVEL_COLOURS[k] for k in (2, 3, 4)} <= stripes


def test_md_renders_data_text_literally() -> None:
    assert GEN.md("a *b* _c_ [d](e) <f> | g") == r"a \*b\* \_c\_ \[d\](e) &lt;f&gt; \| g"
    assert GEN.md("# not a heading\n- not a list\n1. not a list") == (
        "\\# not a heading\n\\- not a list\n1\\. not a list"
    )


_MD_LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_generated_links_resolve(generated: dict[str, str]) -> None:
    """Every Markdown link of a generated page leads to a page (and a heading) that exists."""
    anchors: dict[str, set[str]] = {}
    for name, text in generated.items():
        anchors[name] = set(re.findall(r"\{#([\w.-]+)\}", text))
    existing = set(generated) | {_name(p) for p in PAGES}
    for name, text in generated.items():
        if not name.endswith(".md"):
            continue
        for link in _MD_LINK.findall(text):
            if "://" in link:
                continue
            path, _, anchor = link.partition("#")
            if not path:
                target = name
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
            assert target in existing, (name, link)
            if anchor and target in anchors and target.startswith(("catalogue/", "errata")):
                assert anchor in anchors[target], (name, link)


def test_schema_section_documents_every_field() -> None:
    schema = cigref_ecf.json_schema()
    section = GEN.schema_section(schema)
    for name, spec in schema["$defs"].items():
        assert f"### {name}" in section
        for field in spec.get("properties", {}):
            assert f"| `{field}` |" in section
    assert "| `other_titles` | array of string | no | Other French titles in use. |" in section
    assert "| `title` | string | yes | The title, as the sheet" in section


# ---------------------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built with ``mkdocs build --strict`` into a temporary folder."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr, result.stderr
    return out


class _Page(HTMLParser):
    """The ids and the links (href, src) of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(str(values[key]))
        for key in ("href", "src"):
            value = values.get(key)
            if value and not (tag == "link" and values.get("rel") == "canonical"):
                self.links.append(value)


def _pages(site: Path) -> Iterator[tuple[Path, _Page]]:
    for path in sorted(site.rglob("*.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        yield path, page


def _target(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file a relative link of ``page`` leads to, and its fragment; None if external."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    # site_url's path is "/": a link from the root (the 404 page has them) is in the site.
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


@pytest.mark.slow
def test_site_has_every_page(site: Path) -> None:
    n = cigref_ecf.load()
    for p in n.profiles:
        html = (site / "catalogue" / "profiles" / p.code / "index.html").read_text("utf-8")
        assert re.search(f"<h1[^>]*>{re.escape(f'{p.code} {p.title}')}", unescape(html)), p.code
    for c in n.competences:
        assert (site / "catalogue" / "competences" / c.code / "index.html").is_file()
    for f in n.families:
        assert (site / "catalogue" / "families" / str(f.code) / "index.html").is_file()
    for name in ("", "installation", "concepts", "errata", "data-schema", "changelog"):
        assert (site / name / "index.html").is_file(), name
    for name in ("hris-json", "analyst-pandas", "gap-analysis"):
        assert (site / "tutorials" / name / "index.html").is_file(), name
    for name in ("catalogue/matrix.csv", "data/nomenclature.json", "data/nomenclature.schema.json"):
        assert (site / name).is_file(), name
    assert json.loads((site / "data/nomenclature.schema.json").read_text()) == (
        cigref_ecf.json_schema()
    )


@pytest.mark.slow
def test_site_links_resolve(site: Path) -> None:
    """Every relative link and source of every page leads to a file, and to an id there."""
    pages = dict(_pages(site))
    broken = []
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            found = _target(site, path, link)
            if found is None:
                continue
            target, fragment = found
            checked += 1
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link}")
            elif fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {link} (no id {fragment!r})")
    assert not broken, "\n".join(broken[:50])
    assert checked > 5000


@pytest.mark.slow
def test_site_heatmap_links_resolve(site: Path) -> None:
    """The links inside the matrix picture (plain URLs, not checked by mkdocs) resolve."""
    html = (site / "catalogue" / "matrix" / "index.html").read_text("utf-8")
    svg = re.search(r'<svg[^>]*class="cigref-heatmap".*?</svg>', html, re.DOTALL)
    assert svg is not None
    links = re.findall(r'<a href="([^"]+)"', svg.group(0))
    assert len(links) == 311 + 33 + 36
    page = site / "catalogue" / "matrix" / "index.html"
    for link in set(links):
        found = _target(site, page, link)
        assert found is not None and found[0].is_file(), link


@pytest.mark.slow
def test_search_finds_a_profile_by_its_french_title(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert set(index["config"]["lang"]) == {"en", "fr"}
    hits = [
        doc
        for doc in index["docs"]
        if "Concepteur - développeur" in doc["title"] and "#" not in doc["location"]
    ]
    assert [doc["location"] for doc in hits] == ["catalogue/profiles/3.2/"]
    # The words a reader types are in the indexed text, with their accents.
    text = " ".join(
        doc["text"]
        for doc in index["docs"]
        if doc["location"].startswith("catalogue/profiles/3.2/")
    )
    assert "maîtrise d'œuvre" in text or "maîtrise d&#39;œuvre" in text


# Material's search worker, run by Node on the built index: the search a reader gets.
_SEARCH_JS = r"""
const fs = require("fs"), path = require("path"), vm = require("vm");
const [site, ...queries] = process.argv.slice(2);
const ctx = { console, setTimeout, location: { href: "http://localhost/" } };
ctx.self = ctx;
let handler = null;
const outbox = [];
ctx.addEventListener = (name, h) => { handler = h; };
ctx.postMessage = (m) => outbox.push(m);
ctx.importScripts = (...urls) => {
  for (const u of urls) {
    const file = new URL(u, "http://x/assets/javascripts/workers/").pathname;
    vm.runInContext(fs.readFileSync(path.join(site, file), "utf8"), ctx);
  }
};
vm.createContext(ctx);
const dir = path.join(site, "assets/javascripts/workers");
const worker = fs.readdirSync(dir).find((f) => f.endsWith(".js"));
vm.runInContext(fs.readFileSync(path.join(dir, worker), "utf8"), ctx);
const index = JSON.parse(fs.readFileSync(path.join(site, "search/search_index.json"), "utf8"));
(async () => {
  await handler({ data: { type: 0, data: { ...index, options: { suggest: false } } } });
  const results = {};
  for (const q of queries) {
    outbox.length = 0;
    await handler({ data: { type: 2, data: q } });
    const answer = outbox.find((m) => m.type === 3);
    results[q] = answer ? answer.data.items.map((group) => group[0].location) : null;
  }
  console.log(JSON.stringify(results));
})();
"""


@pytest.mark.slow
def test_search_as_a_reader(site: Path, tmp_path: Path) -> None:
    """Material's own search engine, on the built index, finds a profile by its French title."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is needed to run the search worker")
    script = tmp_path / "search.js"
    script.write_text(_SEARCH_JS, encoding="utf-8")
    queries = ["Concepteur - développeur", "RSSI", "Design and Development"]
    result = subprocess.run(
        [node, str(script), str(site), *queries],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["Concepteur - développeur"][0] == "catalogue/profiles/3.2/"
    assert found["RSSI"][0] == "catalogue/profiles/6.3/"
    assert found["Design and Development"][0] == "catalogue/competences/B1/"


@pytest.mark.slow
def test_site_api_reference(site: Path) -> None:
    """Every public name has its entry; attrs fields show with their types and docstrings."""
    ids: set[str] = set()
    for path in (site / "reference").rglob("*.html"):
        page = _Page()
        page.feed(path.read_text("utf-8"))
        ids |= page.ids
    missing = [name for name in cigref_ecf.__all__ if f"cigref_ecf.{name}" not in ids]
    assert not missing
    model = (site / "reference" / "model" / "index.html").read_text("utf-8")
    start = model.index('id="cigref_ecf.JobProfile"')
    section = re.sub(r"<[^>]+>", "", model[start : start + 20000])
    assert "other_titles" in section
    assert "Other French titles in use." in section
    assert re.search(r"tuple\s*\[\s*str\s*,\s*\.\.\.\s*\]", section)
    # Sphinx roles in docstrings became links, not ":func:" text.
    lookups = (site / "reference" / "lookups" / "index.html").read_text("utf-8")
    assert ":func:" not in lookups and ":class:" not in lookups


@pytest.mark.slow
def test_site_generated_pages(site: Path) -> None:
    errata = (site / "errata" / "index.html").read_text("utf-8")
    for e in cigref_ecf.errata():
        assert f'id="{e.id}"' in errata
    changelog = (site / "changelog" / "index.html").read_text("utf-8")
    first = (ROOT / "CHANGELOG.md").read_text("utf-8").splitlines()[0].lstrip("# ")
    assert first in changelog
    schema = (site / "data-schema" / "index.html").read_text("utf-8")
    assert 'id="jobprofile"' in schema
