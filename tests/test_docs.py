"""The documentation site: its examples run, its generated pages are complete, and the built
site works for a reader (pages, links, search index, API reference).

The build tests need the ``docs`` extra; without mkdocs they are skipped. What needs a browser
(the self-assessment, the explorer, the search as a reader types it) is in
``test_docs_browser.py``.
"""

from __future__ import annotations

import doctest
import json
import os
import posixpath
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

import cigref_ecf
from cigref_ecf._write.rdf import SITE_URL

from .conftest import ROOT, load_tool

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


GEN = load_tool("docs_pages")
SHOTS = Path(os.environ.get("SITE_SCREENSHOTS", ROOT / "site-screenshots"))
PNG = b"\x89PNG\r\n\x1a\n"
SITE_PATH = urlsplit(SITE_URL).path


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
    try:
        runner.run(test, out=output.append)
    finally:
        if "matplotlib.pyplot" in sys.modules:  # the tutorials' charts
            sys.modules["matplotlib.pyplot"].close("all")
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
        page = generated[f"catalogue/profiles/{p.code}.md"]
        assert f"\n# {p.code} " in page
        # The front matter gives the search the other and English titles.
        front = page.split("---\n")[1]
        keywords = next(x for x in front.splitlines() if x.startswith("keywords: "))
        assert json.loads(keywords.removeprefix("keywords: ")) == [
            *p.other_titles,
            *p.english_titles,
        ]
    for c in n.competences:
        assert generated[f"catalogue/competences/{c.code}.md"].startswith(f"# {c.code} ")
    for f in n.families:
        page = generated[f"catalogue/families/{f.code}/index.md"]
        assert page.startswith(f"# {f.code}. ")
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


def test_api_reference_states_the_compatibility_policy() -> None:
    index = GEN.api_pages()["reference/index.md"]
    policy = index[index.index("## Compatibility: what you can depend on") :]
    for words in ("**Breaking**", "DeprecationWarning", "meta.data_version", "api_snapshot.py"):
        assert words in policy
    assert "(#compatibility-what-you-can-depend-on)" in index


def _heatmap_cells(html: str) -> dict[tuple[str, str], ET.Element]:
    """The non-empty cells of a heatmap, by (profile, competence)."""
    root = ET.fromstring(f"<root>{html}</root>")
    cells = {}
    for row in root.iter("tr"):
        profile = row.get("data-profile")
        for cell in row.iter("td"):
            if profile is not None and cell.get("data-levels"):
                cells[(profile, str(cell.get("data-competence")))] = cell
    return cells


def test_heatmap_has_every_cell() -> None:
    n = cigref_ecf.load()
    m = cigref_ecf.matrix()
    html = GEN.heatmap(n, page="catalogue/matrix.md")
    cells = _heatmap_cells(html)
    assert {key: cell.findtext("a") for key, cell in cells.items()} == {
        (p, c): str(r) for p, c, r in m
    }
    for key, cell in cells.items():
        r = m.cells[key]
        assert cell.get("data-levels") == " ".join(str(k) for k in sorted(r.levels))
        assert (cell.get("data-min"), cell.get("data-max")) == (str(r.min), str(r.max))
    tips = [str(cell.find("a").get("title")) for cell in cells.values()]  # type: ignore[union-attr]
    assert (
        "3.2 Concepteur - développeur / B1 Design and Development: 2-4 (any of e-2, e-3, e-4)"
        in tips
    )
    # A single level is coloured by its level; a range and alternatives are outlined (dashed or
    # not, by class) with a band of each of their levels' colours.
    assert str(cells[("3.2", "A6")].get("class")).split() == ["hm-l1"]
    range_cell = cells[("3.2", "B1")]
    assert "hm-range" in str(range_cell.get("class")).split()
    assert all(f"var(--hm-l{k})" in str(range_cell.get("style")) for k in (2, 3, 4))
    alternatives = [
        key for key, cell in cells.items() if "hm-alternatives" in str(cell.get("class"))
    ]
    assert alternatives == [key for key, r in m.cells.items() if r.is_alternative]
    # Rows are grouped by family, columns of an area start with a gap.
    root = ET.fromstring(f"<root>{html}</root>")
    bodies = {
        b.get("data-family"): [r.get("data-profile") for r in b.iter("tr")]
        for b in root.iter("tbody")
    }
    assert bodies == {f.code: list(f.profiles) for f in n.families}
    heads = [th for th in root.iter("th") if th.get("scope") == "col"]
    assert [th.get("data-competence") for th in heads] == list(m.columns)
    assert [th.get("data-competence") for th in heads if th.get("class") == "hm-start"] == [
        d.competences[0] for d in n.dimensions
    ]


def test_family_heatmap_has_the_family_only() -> None:
    n = cigref_ecf.load()
    f = cigref_ecf.family(3)
    profiles = cigref_ecf.job_profiles(3)
    used = sorted({r.competence for p in profiles for r in p.competences})
    cols = [c for c in n.competences if c.code in used]
    cells = _heatmap_cells(GEN.heatmap(n, page="x.md", profiles=profiles, competences=cols))
    assert set(cells) == {(p.code, r.competence) for p in profiles for r in p.competences}
    assert {p for p, _ in cells} == set(f.profiles)


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
    if parts.path.startswith("/"):
        # The 404 page links from the site's path on its server (site_url's): a link outside
        # it would leave the site once published.
        if not parts.path.startswith(SITE_PATH):
            return site / "outside the site's path" / parts.path.lstrip("/"), ""
        target = site / unquote(parts.path[len(SITE_PATH) :])
    else:
        target = page.parent / unquote(parts.path)
    target = target.resolve()
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
    for name in ("catalogue/matrix.csv", "data/nomenclature.json"):
        assert (site / name).is_file(), name
    # The schemas are where their $id says, once the site is published at its address.
    for schema in (cigref_ecf.json_schema(), cigref_ecf.json_schema("overlay")):
        path = site / schema["$id"].removeprefix(SITE_URL)
        assert json.loads(path.read_text("utf-8")) == schema


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


def test_site_url_is_the_project_address() -> None:
    """mkdocs.yml publishes the site where the data's IRIs and the schemas' ``$id`` say it is."""
    found = re.findall(r"^site_url:\s*(\S+)\s*$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    assert found == [SITE_URL]
    assert cigref_ecf.json_schema()["$id"].startswith(SITE_URL)


_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.mark.slow
def test_sitemap_lists_every_page(site: Path) -> None:
    """The sitemap lists every page of the site, once, at its published address, which is also
    the page's canonical address."""
    root = ET.parse(site / "sitemap.xml").getroot()
    listed = [loc.text or "" for loc in root.iter(f"{_SITEMAP}loc")]
    expected = {}
    for path in site.rglob("index.html"):
        folder = path.parent.relative_to(site).as_posix()
        expected[SITE_URL if folder == "." else f"{SITE_URL}{folder}/"] = path
    assert len(expected) > 100
    assert sorted(listed) == sorted(expected)
    for url, path in expected.items():
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', path.read_text("utf-8"))
        assert canonical is not None and canonical.group(1) == url


@pytest.mark.slow
def test_404_page_links_from_the_site_path(site: Path) -> None:
    """The 404 page is served at any depth (``/cigref-ecf/no/such/page``): its links and
    sources start from the site's path, never relative to where it is shown."""
    page = _Page()
    page.feed((site / "404.html").read_text("utf-8"))
    local = [link for link in page.links if _target(site, site / "404.html", link) is not None]
    assert len(local) > 100  # the whole nav, the styles and scripts
    assert [link for link in local if not link.startswith(SITE_PATH)] == []
    for link in local:
        found = _target(site, site / "404.html", link)
        assert found is not None and found[0].is_file(), link


@pytest.mark.slow
def test_site_heatmap_links_resolve(site: Path) -> None:
    """The links inside the matrix heatmap (raw HTML, not checked by mkdocs) resolve."""
    page = site / "catalogue" / "matrix" / "index.html"
    html = page.read_text("utf-8")
    table = re.search(r'<table class="cigref-heatmap".*?</table>', html, re.DOTALL)
    assert table is not None
    links = re.findall(r'<a href="([^"]+)"', table.group(0))
    assert len(links) == 311 + 33 + 36
    for link in set(links):
        found = _target(site, page, link)
        assert found is not None and found[0].is_file(), link


def _search_index(site: Path) -> dict[str, Any]:
    index: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return index


@pytest.mark.slow
def test_search_index_folds_accents(site: Path) -> None:
    """The index carries, beside the text, its words folded (no accents, no ligatures) in the
    fields mkdocs.yml declares, and the profiles' other and English titles as keywords."""
    index = _search_index(site)
    assert set(index["config"]["lang"]) == {"en", "fr"}
    fields = index["config"]["fields"]
    assert fields["folded_title"] == fields["title"]
    assert fields["folded_text"] == fields["text"]
    docs = {doc["location"]: doc for doc in index["docs"]}
    page = docs["catalogue/profiles/2.3/"]
    assert page["title"] == "2.3 Chef de projet maîtrise d&#39;œuvre" or "œuvre" in page["title"]
    assert page["folded_title"].split() == ["maitrise", "oeuvre"]
    assert "developpeur" in docs["catalogue/profiles/3.2/"]["folded_title"].split()
    keywords = docs["catalogue/profiles/3.2/"]["keywords"]
    assert "Programmer" in keywords and "Analyste-programmeur" in keywords
    assert "realisateur" in keywords.split()
    # Only changed words are added: a title without accents gets no folded title.
    assert "folded_title" not in docs["catalogue/profiles/3.3/"]
    # The shown text keeps its accents.
    assert "maîtrise" in docs["catalogue/profiles/3.2/#mission"]["text"]


@pytest.mark.slow
def test_search_indexes_the_matrix_as_words(site: Path) -> None:
    text = " ".join(
        doc["text"]
        for doc in _search_index(site)["docs"]
        if doc["location"].startswith("catalogue/matrix/")
    )
    words = set(text.split())
    assert {"A1", "A2", "E9", "PLAN", "BUILD", "Testeur", "2-4", "1/3"} <= words
    assert "PLANB" not in text and "A1A2" not in text


def _titles(site: Path) -> dict[str, str]:
    titles = {}
    for path in site.rglob("*.html"):
        found = re.search(r"<title>(.*?)</title>", path.read_text("utf-8"), re.DOTALL)
        assert found is not None, path
        titles[path.relative_to(site).as_posix()] = unescape(found.group(1)).strip()
    return titles


@pytest.mark.slow
def test_site_page_titles_are_unique(site: Path) -> None:
    """Every page has its own browser-tab title (the family pages were all "About the
    family")."""
    by_title: dict[str, list[str]] = {}
    for path, title in _titles(site).items():
        if path != "404.html":
            by_title.setdefault(title, []).append(path)
    assert {t: paths for t, paths in by_title.items() if len(paths) > 1} == {}
    f = cigref_ecf.family(3)
    assert _titles(site)["catalogue/families/3/index.html"].startswith(f"3. {f.title} - ")


def test_docs_cite_no_internal_issue_and_no_placeholder_url() -> None:
    for path in [*PAGES, ROOT / "mkdocs.yml"]:
        text = path.read_text("utf-8")
        assert not re.search(r"\bissues? #?\d+", text, re.IGNORECASE), path
        assert ".invalid" not in text, path


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


def _section(html: str, anchor: str, size: int = 20000) -> str:
    start = html.index(f'id="{anchor}"')
    return unescape(re.sub(r"<[^>]+>", "", html[start : start + size]))


@pytest.mark.slow
def test_site_api_reference_reads_well(site_build: tuple[Path, str]) -> None:
    """Signatures are wrapped by a formatter (not cut off on the right), and every attrs field
    is described by its own docstring (not its factory's: ``dict()`` for a ``factory=dict``)."""
    site, log = site_build
    assert "Formatting signatures requires" not in log
    gap = (site / "reference" / "gap" / "index.html").read_text("utf-8")
    signature = re.search(
        r'id="cigref_ecf.rank_profiles".*?<div class="doc-signature[^"]*">(.*?)</div>',
        gap,
        re.DOTALL,
    )
    assert signature is not None
    lines = [
        line
        for line in unescape(re.sub(r"<[^>]+>", "", signature.group(1))).splitlines()
        if line.strip()
    ]
    assert len(lines) >= 4 and max(len(line) for line in lines) <= 80, lines
    assessment = _section(gap, "cigref_ecf.Assessment", 40000)
    attributes = assessment[assessment.index("Attributes:") :][:600]
    assert "Assessed level by competence code, in framework order." in attributes
    assert "dict()" not in attributes and "new empty dictionary" not in attributes


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


# ---------------------------------------------------------------------------- charts


def _chart_links() -> dict[str, list[str]]:
    """The charts each page of docs/ links to, by page."""
    links = {}
    for path in PAGES:
        found = [m["name"] for m in GEN.CHART_LINK.finditer(path.read_text(encoding="utf-8"))]
        if found:
            links[_name(path)] = found
    return links


def test_tutorials_show_charts() -> None:
    links = _chart_links()
    assert {"tutorials/gap-analysis.md", "tutorials/analyst-pandas.md"} <= set(links)
    assert {"gap", "gap-radar", "ranking", "mobility", "training-needs"} <= set(
        links["tutorials/gap-analysis.md"]
    )
    assert {"matrix", "team", "batch-best", "batch-scores"} <= set(
        links["tutorials/analyst-pandas.md"]
    )


def test_charts_are_drawn_by_the_examples_above_them() -> None:
    pytest.importorskip("matplotlib")
    page = (
        ">>> import cigref_ecf\n"
        ">>> report = cigref_ecf.gap('3.3', {'B3': 2})\n"
        ">>> ax = report.plot()\n\n"
        "![a chart](charts/one.png)\n\n"
        ">>> ax = report.plot(kind='radar', title='Deux')\n\n"
        "![another](charts/two.png)\n"
    )
    charts = GEN.page_charts(page, "page.md")
    assert set(charts) == {"one", "two"}
    assert all(png.startswith(PNG) for png in charts.values())
    assert charts["one"] != charts["two"]
    problems = {
        "follows no chart": "![a chart](charts/one.png)\n>>> x = 1\n",
        "no image link after it": page + "\n>>> ax = report.plot()\n",
        "shown twice": page.replace("charts/two.png", "charts/one.png"),
    }
    for message, text in problems.items():
        with pytest.raises(ValueError, match=message):
            GEN.page_charts(text, "page.md")
    # A failing example fails the generation, and so the build (the hook lets it through).
    with pytest.raises(cigref_ecf.UnknownCodeError, match=r"9\.9"):
        GEN.page_charts(page.replace("'3.3'", "'9.9'"), "page.md")


@pytest.mark.slow
def test_site_charts(site: Path) -> None:
    """Every chart a tutorial links to is a PNG in the built site, shown on its page; copies
    go to site-screenshots/charts/ for a reviewer."""
    (SHOTS / "charts").mkdir(parents=True, exist_ok=True)
    for page, names in _chart_links().items():
        folder = site / page.removesuffix(".md")
        html = (folder / "index.html").read_text("utf-8")
        for name in names:
            assert f'src="../charts/{name}.png"' in html, (page, name)
            png = site / posixpath.dirname(page) / "charts" / f"{name}.png"
            data = png.read_bytes()
            assert data.startswith(PNG) and len(data) > 10_000, (page, name)
            shutil.copyfile(png, SHOTS / "charts" / f"{name}.png")
