"""The built site in a real browser: headless Chromium, driven by Playwright.

What a reader does, checked against the library: the self-assessment page ranks, scores and
shows gaps as ``cigref_ecf.rank_profiles`` and ``gap`` do (its script re-implements the formula
of ``cigref_ecf._query.gap``: a change to one without the other fails here), keeps its state in the
address, writes files ``Assessment.from_csv``/``from_json`` read and reads them back, prints as
a report of one or two pages that holds the same ranking and gap (printed to PDF by Chromium,
read back with poppler-utils' ``pdftotext``), and leads to its results from anywhere on a
phone; the matrix explorer filters as ``profiles_requiring`` does and offers a competence's own
levels; the search ignores accents; no page logs an error, and no page requests anything from
another host (every page of the site is opened offline and every request recorded).

Needs the ``docs`` and ``browser`` extras, a Chromium (``/usr/bin/chromium``, the Debian
package, or ``$CHROMIUM``) and, for the printed report, poppler-utils; skipped without them,
unless ``CIGREF_ECF_BROWSER=required`` (as in CI). The site is built once per session (the
``site`` fixture of conftest.py) and served from a local HTTP server as GitHub Pages serves it
(under ``/cigref-ecf/``, its 404 page for anything else); a request for anything else is
refused and fails the test that made it. Screenshots for a reviewer go to
``site-screenshots/`` (or ``$SITE_SCREENSHOTS``).
"""

from __future__ import annotations

import datetime
import functools
import http
import http.server
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

import cigref_ecf
from cigref_ecf._write.rdf import SITE_URL

from .conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route

pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("SITE_SCREENSHOTS", ROOT / "site-screenshots"))
SITE_PATH = urlsplit(SITE_URL).path  # where GitHub Pages serves the site: /cigref-ecf/
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# ---------------------------------------------------------------------------- fixtures


class _Pages(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as GitHub Pages does: under the path of its address
    (``/cigref-ecf/``), with the site's ``404.html`` (status 404) for anything else."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SITE_PATH):
            return str(Path(self.directory) / "outside the site's path")
        return super().translate_path("/" + path[len(SITE_PATH) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != http.HTTPStatus.NOT_FOUND:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves a page while a file of it downloads closes the connection:
        not an error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site, served over HTTP on a free local port for the session, under the path
    of its published address."""
    handler = functools.partial(_Pages, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    server.shutdown()
    server.server_close()
    thread.join()


def _unavailable(reason: str) -> NoReturn:
    """Skip, unless the browser tests are required (CI sets ``CIGREF_ECF_BROWSER=required``)."""
    if os.environ.get("CIGREF_ECF_BROWSER") == "required":
        pytest.fail(f"the browser tests are required, but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        from playwright import sync_api
    except ImportError:
        _unavailable("Playwright is not installed (pip install '.[browser]')")
    if not CHROMIUM.exists():
        _unavailable(f"there is no Chromium at {CHROMIUM} (set $CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A browser tab on the site, that records every JavaScript error and every console error
    (the browser logs a refused request as one), and every request that leaves the site."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.offsite: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = str(message.location.get("url", ""))
            self.errors.append(f"{self.page.url}: {message.text} ({where})")

    def open(self, path: str) -> Page:
        """Load ``path`` afresh (an address that differs only by its ``#...`` would otherwise
        stay on the same document)."""
        self.page.goto("about:blank")
        self.page.goto(self.base + path)  # returns once the page has loaded
        return self.page

    def screenshot(self, name: str, *, full_page: bool = False, top: bool = False) -> None:
        """Save a screenshot for a reviewer; ``top``: of the top of the page."""
        if top or full_page:
            self.page.evaluate("() => window.scrollTo(0, 0)")
            self.page.wait_for_timeout(100)
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)

    def dark(self) -> None:
        """Switch the site to its dark scheme with the reader's toggle."""
        self.page.locator("label[for='__palette_1']").click()
        assert self.page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        self.page.wait_for_timeout(400)  # the theme's colour transitions


def _new_tab(browser: Browser, base: str, **options: Any) -> tuple[Tab, Any]:
    """A tab in a context of its own, offline: a request that leaves the site (another host,
    or another path of this one) is refused, and noted in the tab's ``offsite``."""
    context = browser.new_context(accept_downloads=True, **options)
    tab = Tab(context.new_page(), base)

    def local_only(route: Route) -> None:
        if route.request.url.startswith(base) or route.request.url.startswith("blob:"):
            route.continue_()
        else:
            tab.offsite.append(f"{tab.page.url}: {route.request.url}")
            route.abort()

    context.route("**/*", local_only)
    return tab, context


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    """A desktop-sized tab; the test fails if any page it opens logs an error or requests
    anything off the site."""
    opened, context = _new_tab(browser, base_url, viewport=DESKTOP)
    yield opened
    context.close()
    assert opened.offsite == []
    assert opened.errors == []


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Tab]:
    opened, context = _new_tab(browser, base_url, viewport=PHONE, has_touch=True, is_mobile=True)
    yield opened
    context.close()
    assert opened.offsite == []
    assert opened.errors == []


# ---------------------------------------------------------------------------- every page


PAGES = [
    "",
    "installation/",
    "self-assessment/",
    "tutorials/gap-analysis/",
    "cli/",
    "catalogue/",
    "catalogue/matrix/",
    "catalogue/families/3/",
    "catalogue/profiles/3.2/",
    "catalogue/competences/B1/",
    "errata/",
    "reference/gap/",
]


def test_no_page_logs_an_error(tab: Tab) -> None:
    """A page of each kind loads without a JavaScript error (the ``tab`` fixture checks)."""
    for path in PAGES:
        page = tab.open(path)
        assert page.locator("h1").count() == 1, path


def _site_pages(site: Path) -> list[str]:
    """Every page of the built site, as its path under the site's address."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        pages.append(relative.removesuffix("index.html"))
    return pages


def test_no_page_requests_another_host(browser: Browser, base_url: str, site: Path) -> None:
    """Every page of the site, opened offline, requests nothing but the site itself (no fonts,
    no scripts from a CDN, no repository facts from api.github.com: the self-assessment says
    "nothing is sent anywhere") and logs no error. Every request is recorded (an off-site one
    when it is refused), the search worker's too: each page is left once it has loaded and
    its requests are answered (or after two seconds: a worker's request may never report its
    end); the first (the self-assessment) once the network has been quiet for half a second,
    by which time the search worker has loaded all it loads."""
    opened, context = _new_tab(browser, base_url, viewport=DESKTOP)
    requested: list[str] = []
    pending: set[Request] = set()

    def sent(request: Request) -> None:
        requested.append(request.url)
        pending.add(request)

    def done(request: Request) -> None:  # Playwright takes functions, not built-in methods
        pending.discard(request)

    context.on("request", sent)
    context.on("requestfinished", done)
    context.on("requestfailed", done)
    pages = _site_pages(site)
    assert len(pages) > 100 and "404.html" in pages
    pages.remove("self-assessment/")
    opened.page.goto(base_url + "self-assessment/", wait_until="networkidle")
    for path in pages:
        pending.clear()
        response = opened.page.goto(base_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        for _ in range(100):
            if not pending:
                break
            opened.page.wait_for_timeout(20)
    context.close()
    assert opened.offsite == []
    assert [url for url in requested if not url.startswith(base_url)] == []
    assert opened.errors == []
    # What was recorded: the pages, the theme's assets, and what the search worker loads.
    local = {url.removeprefix(base_url) for url in requested}
    assert {"search/search_index.json", "css/extra.css", "js/self-assessment.js"} <= local
    assert any(url.startswith("assets/javascripts/workers/search.") for url in local)
    assert any(url.startswith("assets/javascripts/lunr/min/lunr.fr") for url in local)


def test_404_page_leads_to_real_pages(tab: Tab) -> None:
    """An address the site does not have, at any depth under the site's path, gets the 404
    page, styled, whose every link leads to a page of the site, and whose search works."""
    tab.page.add_init_script(SEARCH_PROBE)
    tab.page.goto("about:blank")
    missing = tab.base + "no/such/page/"
    response = tab.page.goto(missing)
    assert response is not None and response.status == 404
    page = tab.page
    assert "404" in page.locator("h1").inner_text()
    # The theme's styles loaded (unstyled, the header has no colour).
    header = page.locator("header.md-header").evaluate("h => getComputedStyle(h).backgroundColor")
    assert header not in ("", "transparent", "rgba(0, 0, 0, 0)")
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
    local = sorted({str(h).split("#")[0] for h in hrefs if str(h).startswith(tab.base)})
    assert len(local) > 100  # the whole nav
    broken = [url for url in local if page.request.get(url).status != 200]
    assert broken == []
    tab.screenshot("404")
    found = _search(page, "developpeur")
    assert found and found[0] == tab.base + "catalogue/profiles/3.2/"
    page.keyboard.press("Escape")
    page.locator("nav.md-nav--primary a", has_text="Installation").first.click()
    page.wait_for_url(tab.base + "installation/")
    assert page.locator("h1").inner_text().startswith("Installation")
    # The browser logs the page's own status, which is what the test asked for; nothing else.
    status = f"{missing}: Failed to load resource: the server responded with a status of 404"
    assert [e for e in tab.errors if e.startswith(status)] == [f"{status} (Not Found) ({missing})"]
    tab.errors.remove(f"{status} (Not Found) ({missing})")


# ---------------------------------------------------------------------------- search


# Counts the queries the page sends to the theme's search worker and the answers it gets, so
# that a test knows when the answer to the last keystroke has arrived (message types of the
# theme's worker: 2 a query, 3 its result). It observes; it changes nothing.
SEARCH_PROBE = """
(() => {
  const Native = window.Worker;
  const probe = (window.__searchProbe = { sent: 0, answered: 0, last: null });
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === 3) probe.answered++;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) {
        probe.sent++;
        probe.last = message.data;
      }
      return super.postMessage(message, ...rest);
    }
  };
})();
"""


def _search(page: Page, query: str) -> list[str]:
    """Type ``query`` in the search box as a reader would; the result pages, best first, once
    the worker has answered the last keystroke and the answer is on the page."""
    box = page.locator("input[data-md-component='search-query']")
    box.click()
    box.press_sequentially(query, delay=5)
    page.wait_for_function(
        "q => { const p = window.__searchProbe; return p.last === q && p.answered === p.sent; }",
        arg=query,
    )
    # The theme renders an answer on the next frames.
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    results = page.locator(".md-search-result__item > a")
    base = page.evaluate("() => new URL('.', document.baseURI).href")
    return [
        str(href).removeprefix(base).split("?")[0].split("#")[0]
        for href in results.evaluate_all("links => links.map(a => a.href)")
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("developpeur", "catalogue/profiles/3.2/"),
        ("développeur", "catalogue/profiles/3.2/"),
        ("chef de projet maitrise d'oeuvre", "catalogue/profiles/2.3/"),
        ("Programmer", "catalogue/profiles/3.2/"),
        ("RSSI", "catalogue/profiles/6.3/"),
        ("Design and Development", "catalogue/competences/B1/"),
    ],
)
def test_search_finds_the_page_first(tab: Tab, query: str, expected: str) -> None:
    """Without accents or ligatures, or by an English title, the right page comes first."""
    tab.page.add_init_script(SEARCH_PROBE)
    page = tab.open("")
    found = _search(page, query)
    assert found and found[0] == expected, found[:5]


# ---------------------------------------------------------------------------- matrix explorer


def _shown_profiles(page: Page) -> list[str]:
    return [
        str(code)
        for code in page.locator("#matrix-heatmap tbody tr[data-profile]").evaluate_all(
            "rows => rows.filter(r => !r.hidden && !r.parentElement.hidden)"
            ".map(r => r.dataset.profile)"
        )
    ]


def _shown_columns(page: Page) -> list[str]:
    return [
        str(code)
        for code in page.locator("#matrix-heatmap thead th[data-competence]").evaluate_all(
            "heads => heads.filter(h => !h.hidden).map(h => h.dataset.competence)"
        )
    ]


def test_explorer_filters_like_the_library(tab: Tab) -> None:
    n = cigref_ecf.load()
    page = tab.open("catalogue/matrix/")
    form = page.locator("#matrix-explorer")
    assert form.is_visible()
    all_codes = [p.code for p in n.profiles]
    assert _shown_profiles(page) == all_codes
    for f in n.families:
        form.locator("select[name=family]").select_option(f.code)
        assert _shown_profiles(page) == list(f.profiles), f.code
    form.locator("select[name=family]").select_option("")
    rng = random.Random(15)
    combos = [("A1", 5), ("B3", None), ("E1", None), ("B1", 4), ("D10", 3)]
    combos += [
        (c.code, rng.choice([None, *c.applicable_levels])) for c in rng.sample(n.competences, 8)
    ]
    for code, at_least in combos:
        form.locator("select[name=competence]").select_option(code)
        form.locator("select[name=level]").select_option("" if at_least is None else str(at_least))
        expected = [p.code for p in cigref_ecf.profiles_requiring(code, at_least=at_least)]
        assert _shown_profiles(page) == expected, (code, at_least)
        head = page.locator(f"#matrix-heatmap thead th[data-competence='{code}']")
        assert "hm-column" in str(head.get_attribute("class")), code
        summary = str(form.locator(".mx-summary").text_content())
        assert summary.startswith(f"{len(expected)} of {len(all_codes)} profiles"), summary
        assert _caption(page) == (
            f"Required e-CF levels: {len(expected)} of 33 job profiles × 36 competences"
        )
    # Both filters at once, and only the columns these profiles use.
    form.locator("select[name=family]").select_option("4")
    form.locator("select[name=competence]").select_option("B3")
    form.locator("select[name=level]").select_option("3")
    form.locator("input[name=compact]").check()
    expected_profiles = [
        p for p in cigref_ecf.profiles_requiring("B3", at_least=3) if p.family == "4"
    ]
    assert _shown_profiles(page) == [p.code for p in expected_profiles]
    used = {r.competence for p in expected_profiles for r in p.competences}
    assert _shown_columns(page) == [c.code for c in n.competences if c.code in used]
    assert _caption(page) == (
        f"Required e-CF levels: {len(expected_profiles)} of 33 job profiles"
        f" × {len(used)} of 36 competences"
    )
    tab.screenshot("matrix-explorer")
    form.locator("button[type=reset]").click()
    page.wait_for_function("() => !location.hash")
    assert _shown_profiles(page) == all_codes
    assert len(_shown_columns(page)) == len(n.competences)
    assert _caption(page) == "Required e-CF levels: 33 job profiles × 36 competences"


def _caption(page: Page) -> str:
    return str(page.locator("#matrix-heatmap caption").text_content())


def _offered_levels(page: Page) -> list[int]:
    """The levels the explorer's level list offers (its "any level" aside)."""
    values = page.locator("#matrix-explorer select[name=level] option").evaluate_all(
        "options => options.filter(o => o.value && !o.hidden && !o.disabled).map(o => o.value)"
    )
    return [int(v) for v in values]


def test_explorer_offers_the_levels_a_competence_defines(tab: Tab) -> None:
    """For each competence, the level list offers exactly the levels it defines (B3: e-1 to
    e-3, never e-4 or e-5); a level the newly chosen competence does not define gives way to
    "any level", as does one in an address; the caption follows the filter, on one line
    however few columns are left."""
    n = cigref_ecf.load()
    page = tab.open("catalogue/matrix/")
    form = page.locator("#matrix-explorer")
    competence = form.locator("select[name=competence]")
    level = form.locator("select[name=level]")
    assert _offered_levels(page) == [1, 2, 3, 4, 5] and level.is_disabled()
    for c in n.competences:
        competence.select_option(c.code)
        assert _offered_levels(page) == list(c.applicable_levels), c.code
    assert _offered_levels(page) != [1, 2, 3, 4, 5]  # the test could fail: some define fewer
    assert cigref_ecf.competence("B3").applicable_levels == (1, 2, 3)
    competence.select_option("A1")
    level.select_option("5")
    competence.select_option("B3")
    assert _offered_levels(page) == [1, 2, 3]
    assert level.input_value() == ""
    assert page.evaluate("() => location.hash") == "#competence=B3"
    from playwright.sync_api import Error

    with pytest.raises(Error, match="option being selected is not enabled"):
        level.select_option("5", timeout=500)
    page = tab.open("catalogue/matrix/#competence=B3&level=5")
    assert level.input_value() == "" and competence.input_value() == "B3"
    assert _shown_profiles(page) == [p.code for p in cigref_ecf.profiles_requiring("B3")]
    # Few columns left: the caption says so, on one line, not squeezed to the table's width.
    page = tab.open("catalogue/matrix/#family=1&competence=B3&level=3&compact=1")
    shown = [p for p in cigref_ecf.profiles_requiring("B3", at_least=3) if p.family == "1"]
    used = {r.competence for p in shown for r in p.competences}
    assert _caption(page) == (
        f"Required e-CF levels: {len(shown)} of 33 job profiles × {len(used)} of 36 competences"
    )
    lines = page.locator("#matrix-heatmap caption").evaluate(
        """c => { const r = document.createRange(); r.selectNodeContents(c);
                  return new Set(Array.from(r.getClientRects(), q => Math.round(q.top))).size; }"""
    )
    assert lines == 1
    tab.screenshot("matrix-explorer-few-columns")


def test_explorer_keeps_its_state_in_the_address(tab: Tab) -> None:
    page = tab.open("catalogue/matrix/")
    form = page.locator("#matrix-explorer")
    form.locator("select[name=competence]").select_option("E4")
    form.locator("select[name=level]").select_option("3")
    state = page.evaluate("() => location.hash")
    assert state == "#competence=E4&level=3"
    shown = _shown_profiles(page)
    page = tab.open("catalogue/matrix/" + state)
    assert page.locator("select[name=competence]").input_value() == "E4"
    assert page.locator("select[name=level]").input_value() == "3"
    assert (
        _shown_profiles(page)
        == shown
        == [p.code for p in cigref_ecf.profiles_requiring("E4", at_least=3)]
    )


def test_heatmap_in_light_and_dark(tab: Tab) -> None:
    """The heatmap takes the colours of the scheme: in the dark one, no white box."""
    page = tab.open("catalogue/matrix/")
    table = page.locator("#matrix-heatmap")

    def colours() -> dict[str, str]:
        result: dict[str, str] = table.evaluate(
            """t => {
                const style = (selector) => getComputedStyle(t.querySelector(selector));
                return {
                    page: getComputedStyle(document.body).backgroundColor,
                    table: getComputedStyle(t).backgroundColor,
                    empty: style("tbody td:not([data-levels])").backgroundColor,
                    high: style("td.hm-l5").backgroundColor,
                    label: style("th[scope=row] a").color,
                };
            }"""
        )
        return result

    light = colours()
    tab.screenshot("heatmap-light", full_page=True)
    tab.dark()
    dark = colours()
    tab.screenshot("heatmap-dark", full_page=True)
    assert light["table"] == light["page"] and dark["table"] == dark["page"]
    assert dark["page"] != light["page"]
    assert dark["empty"] != light["empty"] and dark["high"] != light["high"]
    assert dark["label"] != light["label"]


def test_tutorials_show_their_charts(tab: Tab) -> None:
    """The charts of the tutorials load in the page (a real image, at a readable width);
    screenshots of each page's charts section."""
    expected = {
        "tutorials/gap-analysis/": 5,
        "tutorials/analyst-pandas/": 4,
    }
    for path, count in expected.items():
        page = tab.open(path + "#charts")
        images = page.locator("img[src^='../charts/']")
        assert images.count() == count, path
        for k in range(count):
            image = images.nth(k)
            image.scroll_into_view_if_needed()
            width = image.evaluate("i => i.complete ? i.naturalWidth : 0")
            assert width >= 600, (path, image.get_attribute("src"))
            assert image.get_attribute("alt"), (path, k)
        page.locator("#charts").scroll_into_view_if_needed()
        tab.screenshot(f"tutorial-charts-{path.split('/')[1]}")


# ---------------------------------------------------------------------------- self-assessment


def _assessments(n: cigref_ecf.Nomenclature, count: int, seed: int) -> list[dict[str, int]]:
    """Assessments a person could enter: none, a few, many, every competence; and exactly the
    minimum levels of a profile (which ties with any profile that requires the same)."""
    rng = random.Random(seed)
    out: list[dict[str, int]] = [{}, {c.code: c.applicable_levels[-1] for c in n.competences}]
    for code in ("4.8", "3.2"):
        p = cigref_ecf.job_profile(code)
        out.append({r.competence: r.level.min for r in p.competences})
    while len(out) < count:
        size = rng.choice([1, 2, 3, 4, 6, 10])
        chosen = rng.sample(n.competences, size)
        out.append({c.code: rng.choice(c.applicable_levels) for c in chosen})
    return out


def _results(page: Page) -> dict[str, Any]:
    """What the page shows: the ranking (code, exact score), the chosen profile's gap items
    and the items to develop."""
    result: dict[str, Any] = page.evaluate(
        """() => ({
            ranking: Array.from(document.querySelectorAll(".ca-ranking li"),
                li => [li.dataset.profile, li.dataset.score]),
            profile: document.querySelector(".ca-gap-table").dataset.profile,
            items: Array.from(document.querySelectorAll(".ca-gap-table tbody tr"),
                tr => [tr.dataset.competence, tr.dataset.requirement, tr.dataset.assessed,
                       tr.dataset.status, Number(tr.dataset.shortfall)]),
            develop: Array.from(document.querySelectorAll(".ca-develop li[data-competence]"),
                li => [li.dataset.competence, Number(li.dataset.shortfall)]),
        })"""
    )
    return result


def _expected(levels: dict[str, int], profile: str | None) -> dict[str, Any]:
    ranking = cigref_ecf.rank_profiles(levels)
    report = ranking[0] if profile is None else cigref_ecf.gap(profile, levels)
    return {
        "ranking": [(r.profile.code, r.score) for r in ranking],
        "profile": report.profile.code,
        "items": [
            [
                i.competence,
                str(i.requirement),
                "" if i.assessed is None else str(i.assessed),
                i.status.value,
                i.shortfall,
            ]
            for i in report.items
        ],
        "develop": [[i.competence, i.shortfall] for i in report.to_develop],
    }


def _assert_same(shown: dict[str, Any], expected: dict[str, Any]) -> None:
    assert [code for code, _ in shown["ranking"]] == [code for code, _ in expected["ranking"]]
    for (code, score), (_, want) in zip(shown["ranking"], expected["ranking"], strict=True):
        assert abs(float(score) - want) <= 1e-9, (code, score, want)
    assert shown["profile"] == expected["profile"]
    assert shown["items"] == expected["items"]
    assert shown["develop"] == expected["develop"]


def _fill(page: Page, levels: dict[str, int]) -> None:
    """Clear the form, then pick each level as a person would, with a click."""
    page.locator("[data-action='clear']").click()
    for code, level in levels.items():
        page.locator(f"fieldset[data-competence='{code}'] input[value='{level}']").click()


def test_assessment_agrees_with_the_library(tab: Tab) -> None:
    """For 26 assessments entered in the form: the same ranking order, the same scores (to
    1e-9), the same gap items and the same competences to develop as the library, for the best
    match and for a profile chosen in the list."""
    n = cigref_ecf.load()
    page = tab.open("self-assessment/")
    rng = random.Random(1515)
    assessments = _assessments(n, 26, seed=15)
    for levels in assessments:
        _fill(page, levels)
        assert dict(cigref_ecf.Assessment.from_mapping(levels)) == _entered(page)
        _assert_same(_results(page), _expected(levels, None))
        chosen = rng.choice(n.profiles).code
        page.locator(".ca-profile").select_option(chosen)
        _assert_same(_results(page), _expected(levels, chosen))
        page.locator(".ca-profile").select_option("")
    # For a reviewer: a developer's levels against the tester profile, in both schemes.
    _fill(page, {"A6": 1, "B1": 3, "B2": 2, "B3": 2, "B4": 1, "B5": 2, "D10": 3})
    page.locator(".ca-profile").select_option("3.3")
    page.set_viewport_size({"width": 1280, "height": 1500})  # the gap chart in view too
    tab.screenshot("self-assessment", top=True)
    tab.dark()
    tab.screenshot("self-assessment-dark", top=True)


def _entered(page: Page) -> dict[str, int]:
    """The levels checked in the form."""
    checked: dict[str, str] = page.evaluate(
        """() => Object.fromEntries(Array.from(
            document.querySelectorAll(".ca-form input[type=radio]:checked"))
            .filter(i => i.value).map(i => [i.name, i.value]))"""
    )
    return {code: int(level) for code, level in checked.items()}


def test_assessment_engine_agrees_with_the_library(tab: Tab) -> None:
    """The page's own functions, on 300 more assessments (with every size up to all 36
    competences): every profile's score and gap items."""
    n = cigref_ecf.load()
    page = tab.open("self-assessment/")
    rng = random.Random(1515)
    assessments = []
    for size in range(300):
        chosen = rng.sample(n.competences, size % (len(n.competences) + 1))
        assessments.append({c.code: rng.choice(c.applicable_levels) for c in chosen})
    shown = json.loads(
        page.evaluate(
            """all => JSON.stringify(all.map(levels =>
                window.cigrefAssessment.rank(new Map(Object.entries(levels)))
                .map(r => [r.profile.code, String(r.score),
                           r.items.map(i => [i.competence, i.status, i.shortfall])])))""",
            assessments,
        )
    )
    for levels, ranking in zip(assessments, shown, strict=True):
        expected = cigref_ecf.rank_profiles(levels)
        assert [code for code, _, _ in ranking] == [r.profile.code for r in expected], levels
        for (code, score, items), report in zip(ranking, expected, strict=True):
            assert abs(float(score) - report.score) <= 1e-9, (levels, code)
            assert items == [[i.competence, i.status.value, i.shortfall] for i in report.items]


def test_assessment_state_in_the_address(tab: Tab) -> None:
    levels = {"A6": 1, "B1": 3, "B2": 2, "B3": 2, "E4": 2}
    page = tab.open("self-assessment/")
    _fill(page, levels)
    page.locator(".ca-profile").select_option("3.3")
    address = page.evaluate("() => location.hash")
    assert address == "#A6=1&B1=3&B2=2&B3=2&E4=2&profile=3.3"
    # A new tab on that address shows the same form and the same results.
    page = tab.open("self-assessment/" + address)
    assert _entered(page) == levels
    assert page.locator(".ca-profile").input_value() == "3.3"
    _assert_same(_results(page), _expected(levels, "3.3"))
    # An address with a problem loads nothing of it, and says why.
    page = tab.open("self-assessment/#B1=3&B9=2&A1=2")
    problems = page.locator(".ca-problems")
    assert problems.is_visible()
    text = str(problems.text_content())
    assert "unknown competence" in text and "B9" in text
    assert "A1 does not define level 2; its levels are 4, 5" in text
    assert _entered(page) == {}


def test_assessment_download_and_upload(tab: Tab, tmp_path: Path) -> None:
    levels = {"B1": 3, "B3": 2, "C4": 2, "E8": 3}
    page = tab.open("self-assessment/")
    _fill(page, levels)
    with page.expect_download() as csv_download:
        page.locator("[data-action='csv']").click()
    csv_text = Path(csv_download.value.path()).read_text("utf-8")
    assert csv_download.value.suggested_filename == "self-assessment.csv"
    assert cigref_ecf.Assessment.from_csv(csv_text) == cigref_ecf.Assessment.from_mapping(levels)
    with page.expect_download() as json_download:
        page.locator("[data-action='json']").click()
    json_text = Path(json_download.value.path()).read_text("utf-8")
    assert cigref_ecf.Assessment.from_json(json_text) == levels
    # The files load back: after clearing, loading the CSV restores the levels.
    page.locator("[data-action='clear']").click()
    assert _entered(page) == {}
    saved = tmp_path / "me.csv"
    saved.write_text(csv_text, encoding="utf-8")
    page.locator(".ca-file").set_input_files(str(saved))
    page.wait_for_function("() => location.hash.includes('E8=3')")
    assert _entered(page) == levels
    # A file the library reads in another form loads too (a JSON list, lower-case codes).
    other = {"A4": 2, "D10": 3}
    listed = tmp_path / "list.json"
    listed.write_text(
        json.dumps([{"competence": k.lower(), "level": v} for k, v in other.items()]), "utf-8"
    )
    assert cigref_ecf.Assessment.from_json(listed.read_text("utf-8")) == other
    page.locator(".ca-file").set_input_files(str(listed))
    page.wait_for_function("() => location.hash.includes('D10=3')")
    assert _entered(page) == other
    # A bad file: every problem named, with its row, as the library names them; nothing loaded.
    bad = tmp_path / "bad.csv"
    bad.write_text("competence,level\nB9,3\nA1,2\nB1,x\n", encoding="utf-8")
    with pytest.raises(cigref_ecf.InvalidAssessmentError) as library:
        cigref_ecf.Assessment.from_csv(bad.read_text("utf-8"))
    page.locator(".ca-file").set_input_files(str(bad))
    problems = page.locator(".ca-problems li")
    problems.first.wait_for()
    assert [p.path for p in library.value.problems] == ["row 2", "row 3", "row 4"]
    shown = [str(text) for text in problems.all_text_contents()]
    assert [line.split(":")[0] for line in shown] == ["row 2", "row 3", "row 4"]
    assert shown[1] == "row 3: A1 does not define level 2; its levels are 4, 5"
    assert _entered(page) == other


def test_assessment_downloads_wait_for_a_level(tab: Tab, tmp_path: Path) -> None:
    """With nothing rated, the download buttons say they are unavailable and why, and download
    nothing (the file would hold no assessment, which ``read_assessments`` refuses); the first
    level set makes them work, by keyboard too, and the files read back with
    ``read_assessments``; clearing the form makes them unavailable again."""
    page = tab.open("self-assessment/")
    buttons = [page.locator(f"[data-action='{kind}']") for kind in ("csv", "json")]
    hint = page.locator(".ca-download-hint")
    empty = str(page.evaluate("() => window.cigrefAssessment.toCsv(new Map())"))
    with pytest.raises(cigref_ecf.InvalidAssessmentError, match="holds no assessment"):
        cigref_ecf.read_assessments(empty)

    def unavailable() -> bool:
        described = [b.get_attribute("aria-describedby") for b in buttons]
        shown = hint.is_visible() and "Rate at least one competence" in str(hint.text_content())
        if all(b.get_attribute("aria-disabled") == "true" for b in buttons):
            assert described == ["ca-download-hint"] * 2 and shown
            return True
        assert all(b.get_attribute("aria-disabled") == "false" for b in buttons)
        assert described == [None, None] and not hint.is_visible()
        return False

    downloads: list[str] = []
    page.on("download", lambda d: downloads.append(d.suggested_filename))
    assert unavailable()
    buttons[0].focus()  # for a reviewer: how an unavailable button looks with the focus
    tab.screenshot("self-assessment-empty", top=True)
    buttons[0].click(force=True)  # force: the pointer may press a button that says it cannot
    buttons[1].focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    page.wait_for_timeout(500)
    assert downloads == []
    # One level, chosen with the keyboard: the buttons work, with Enter as with a click.
    page.locator("fieldset[data-competence='B3'] input[value='']").focus()
    page.keyboard.press("ArrowDown")  # B3: e-1
    page.keyboard.press("ArrowDown")  # B3: e-2
    assert _entered(page) == {"B3": 2}
    assert not unavailable()
    buttons[0].focus()
    with page.expect_download() as csv_download:
        page.keyboard.press("Enter")
    with page.expect_download() as json_download:
        buttons[1].click()
    for download, suffix in ((csv_download.value, "csv"), (json_download.value, "json")):
        saved = tmp_path / f"me.{suffix}"
        download.save_as(saved)
        team = cigref_ecf.read_assessments(saved)
        assert {person: dict(a) for person, a in team.items()} == {"me": {"B3": 2}}
    # Back to nothing rated: unavailable again; an address with levels opens with them usable.
    page.locator("[data-action='clear']").click()
    assert unavailable()
    page = tab.open("self-assessment/#E4=2")
    assert not unavailable()


LEVEL_FORMS = ["3", " 3 ", "3.0", "e-3", "E3", "e 3", "", " ", "x", "2.5", "0", "6", "three", "03"]


def _random_file(rng: random.Random, n: cigref_ecf.Nomenclature) -> tuple[str, str]:
    """A file a person might load: CSV (headers in English or French, or none; comma,
    semicolon or tab) or JSON (an object or a list), with codes and levels written in the
    forms people use, now and then a mistake."""
    chosen = rng.sample(n.competences, rng.randint(1, 6))

    def level(c: cigref_ecf.Competence) -> str:
        if rng.random() < 0.7:
            form = rng.choice(["{}", " {} ", "{}.0", "e-{}", "E{}", "e{}"])
            return form.format(rng.choice(c.applicable_levels))
        return rng.choice(LEVEL_FORMS)

    def code(c: cigref_ecf.Competence) -> str:
        if rng.random() < 0.1:
            return rng.choice(["B9", "Z1", "", "B1B"])
        return rng.choice(["{}", "{}", " {} ", "{}"]).format(
            rng.choice([c.code, c.code.lower(), f"{c.code[0]}.{c.code[1:]}"])
        )

    if rng.random() < 0.3:
        entries = [(code(c), level(c)) for c in chosen]
        if rng.random() < 0.5:
            return "json", json.dumps(dict(entries))
        as_list = [{"competence": k, "level": int(v) if v.isdigit() else v} for k, v in entries]
        return "json", json.dumps(as_list)
    delimiter = rng.choice([",", ";", "\t"])
    header = rng.choice(
        [None, ("competence", "level"), ("Competence", "Level"), ("compétence", "niveau"),
         ("code", "niveau"), ("level", "competence"), ("competence", "level", "note")]
    )  # fmt: skip
    lines = [] if header is None else [delimiter.join(header)]
    reverse = header is not None and header[0] == "level"
    for c in chosen:
        cells = [code(c), level(c)]
        if reverse:
            cells.reverse()
        if rng.random() < 0.05:
            cells.append("extra")
        lines.append(delimiter.join(cells))
        if rng.random() < 0.1:
            lines.append("")
    return "csv", "\n".join(lines) + "\n"


def _rows(problems: list[str]) -> list[str]:
    """The rows (or paths) problems name, a group "rows 2-4, 7" as its rows, in order (the
    library lists a group where its first row is, the page each row where it is)."""
    out = []
    for problem in problems:
        path = problem.split(": ", 1)[0]
        if path.startswith("rows "):
            for item in path.removeprefix("rows ").split(", "):
                first, _, last = item.partition("-")
                out += [f"row {k}" for k in range(int(first), int(last or first) + 1)]
        else:
            out.append(path)
    return sorted(out, key=lambda p: (len(p), p))


def test_assessment_reads_files_as_the_library_does(tab: Tab) -> None:
    """The page reads back one person's levels as ``Assessment.from_csv``/``from_json`` read
    them (the one level rule, header names and delimiters come from the library): on 300
    generated files, the same levels, or a refusal naming the same rows."""
    n = cigref_ecf.load()
    page = tab.open("self-assessment/")
    rng = random.Random(2015)
    files = [_random_file(rng, n) for _ in range(300)]
    shown = page.evaluate(
        """files => files.map(([kind, text]) => {
            const result = kind === "json" ? window.cigrefAssessment.readJson(text)
                                           : window.cigrefAssessment.readCsv(text);
            return result.levels === null ? {problems: result.problems}
                                          : {levels: Object.fromEntries(result.levels)};
        })""",
        files,
    )
    refused = 0
    for (kind, text), result in zip(files, shown, strict=True):
        read = cigref_ecf.Assessment.from_json if kind == "json" else cigref_ecf.Assessment.from_csv
        try:
            expected = dict(read(text))
        except cigref_ecf.InvalidAssessmentError as exc:
            refused += 1
            assert "problems" in result, (text, result)
            paths = [f"{p.path}: {p.message}" for p in exc.problems]
            if not any(p.startswith("header") for p in result["problems"]):
                assert _rows(result["problems"]) == _rows(paths), (text, result, paths)
            continue
        assert result == {"levels": expected}, text
    assert 30 < refused < 270  # both kinds of files were tried


def test_assessment_level_rule_is_the_library_s(tab: Tab) -> None:
    """The page's level rule is ``assessed_level``: the same number, "not assessed", or a
    refusal with the same message, for every form people write."""
    from cigref_ecf._model.rules import assessed_level
    from cigref_ecf.exceptions import InvalidLevelError

    page = tab.open("self-assessment/")
    rng = random.Random(3)
    values: list[object] = [*LEVEL_FORMS, 3, 0, 6, -1, 2.5, 4.0, None, "e-5", "E-1", "e - 2"]
    alphabet = "0123456789eE-. \t,x"
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(400)]
    shown = page.evaluate(
        "values => values.map(v => window.cigrefAssessment.assessedLevel(v))", values
    )
    for value, result in zip(values, shown, strict=True):
        expected: dict[str, object]
        try:
            expected = {"level": assessed_level(value)}
        except InvalidLevelError as exc:
            expected = {"error": str(exc)}
        assert result == expected, value


def test_assessment_with_the_keyboard_only(tab: Tab) -> None:
    """Tab reaches the levels, the arrow keys choose them, Enter picks a profile."""
    page = tab.open("self-assessment/")
    page.locator("[data-action='clear']").focus()
    # From the last button of the toolbar, Tab leads into the form: A1's radio group.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "A1":
            break
    assert page.evaluate("() => document.activeElement.name") == "A1"
    page.keyboard.press("ArrowDown")  # A1: e-4
    page.keyboard.press("Tab")  # the link to A2's page, in its legend
    page.keyboard.press("Tab")  # A2's group
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # A2: e-4
    assert _entered(page) == {"A1": 4, "A2": 4}
    _assert_same(_results(page), _expected({"A1": 4, "A2": 4}, None))
    second = page.locator(".ca-ranking li").nth(1)
    code = str(second.get_attribute("data-profile"))
    second.locator("button").focus()
    page.keyboard.press("Enter")
    assert page.locator(".ca-profile").input_value() == code
    _assert_same(_results(page), _expected({"A1": 4, "A2": 4}, code))


def _results_in_view(page: Page) -> bool:
    return bool(
        page.evaluate(
            """() => { const r = document.querySelector('.ca-results').getBoundingClientRect();
                       return r.top < innerHeight && r.bottom > 0; }"""
        )
    )


def _jump_in_reach(page: Page) -> bool:
    """The bar that leads to the results is on the screen, and nothing covers it."""
    return bool(
        page.evaluate(
            """() => {
                const jump = document.querySelector('.ca-jump');
                const r = jump.getBoundingClientRect();
                if (getComputedStyle(jump).visibility !== 'visible' || !r.height) return false;
                if (r.top < 0 || r.bottom > innerHeight + 1) return false;
                const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return at === jump || jump.contains(at);
            }"""
        )
    )


def test_assessment_on_a_phone(phone: Tab) -> None:
    """On a phone: nothing wider than the screen, levels chosen by touch; from anywhere on the
    page (its introduction, the form, the footer), the results are in view or one tap away:
    the bar at the bottom of the screen shows the best match and leads to them, their heading
    clear of the site's header."""
    page = phone.open("self-assessment/")
    assert _jump_in_reach(page) and "See results" in str(page.locator(".ca-jump").text_content())
    for code, level in {"B1": 3, "B3": 2}.items():
        page.locator(f"fieldset[data-competence='{code}'] input[value='{level}']").tap()
    assert _entered(page) == {"B1": 3, "B3": 2}
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    best = cigref_ecf.rank_profiles({"B1": 3, "B3": 2})[0].profile
    jump = page.locator(".ca-jump")
    assert jump.is_visible() and best.code in str(jump.text_content())
    phone.screenshot("self-assessment-phone")
    height = int(page.evaluate("() => document.documentElement.scrollHeight"))
    assert height > 10_000  # the form is long: the results are far below its top
    header = float(page.evaluate("() => document.querySelector('.md-header').offsetHeight"))
    for where in (0, 0.1, 0.25, 0.5, 0.75, 0.9, 1):
        page.evaluate("y => window.scrollTo({top: y, behavior: 'instant'})", where * height)
        page.evaluate(  # the next frames: the bar has hidden or shown itself
            "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        if _results_in_view(page):
            continue
        assert _jump_in_reach(page), where
        if where == 0.5:
            phone.screenshot("self-assessment-phone-form")
        jump.tap()
        page.wait_for_function(
            """h => { const r = document.querySelector('.ca-results').getBoundingClientRect();
                      return r.top >= h - 1 && r.top < innerHeight / 2; }""",
            arg=header,
        )
        assert page.locator(".ca-ranking li").first.is_visible()
        if where == 0:
            phone.screenshot("self-assessment-phone-results")
    assert _entered(page) == {"B1": 3, "B3": 2}  # the state is kept
    # A smaller phone, at the top of the page: the bar is there before the form is.
    page.set_viewport_size({"width": 360, "height": 640})
    page.evaluate("() => window.scrollTo({top: 0, behavior: 'instant'})")
    page.wait_for_function("() => !document.querySelector('.ca-away')")
    assert page.locator(".ca-toolbar").evaluate("t => t.getBoundingClientRect().top") > 640
    assert _jump_in_reach(page)


# ---------------------------------------------------------------------------- the printed report


def _pdf_text(path: Path) -> tuple[int, str]:
    """The number of pages of a PDF and its text, laid out (poppler-utils' pdfinfo and
    pdftotext)."""
    for tool in ("pdfinfo", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            _unavailable(f"there is no {tool} (Debian: apt-get install poppler-utils)")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)
    assert count is not None, info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return int(count.group(1)), text


def _in_order(text: str, patterns: list[str]) -> list[str]:
    """The patterns not found in ``text`` one after the other (each on one line)."""
    missing = []
    at = 0
    for pattern in patterns:
        found = re.compile(pattern, re.MULTILINE).search(text, at)
        if found is None:
            missing.append(pattern)
        else:
            at = found.end()
    return missing


def _percent(score: float) -> int:
    """A score as the page rounds it (JavaScript's Math.round: halves up)."""
    return math.floor(score * 100 + 0.5)


def _print(tab: Tab, name: str, tmp_path: Path) -> tuple[int, str]:
    """Print the page to an A4 PDF as the browser does (its print styles), save its pages as
    PNG for a reviewer, and return its page count and text."""
    pdf = tmp_path / f"{name}.pdf"
    tab.page.pdf(path=str(pdf), format="A4")
    pages, text = _pdf_text(pdf)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"{name}-*.png"):
        if old.stem.removeprefix(f"{name}-").isdigit():  # a page of an earlier print
            old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(SHOTS / name)], check=True)
    return pages, text


def _assert_report(text: str, levels: dict[str, int], profile: str, *, best: bool) -> None:
    """The printed report holds the date, the data version, the levels chosen, the best ten
    profiles in order with their scores, the gap to ``profile`` item by item and what to
    develop, as the library computes them; and nothing of the form or the page around it."""
    n = cigref_ecf.load()
    flat = " ".join(text.split())  # the lines of a paragraph joined
    assert f"Printed on {datetime.date.today().isoformat()}." in flat
    assert f"data version {n.meta.data_version} (cigref-ecf {cigref_ecf.__version__})" in flat
    assert f"Your levels ({len(levels)} of {len(n.competences)} competences rated)" in text
    for code, level in levels.items():
        title = re.escape(cigref_ecf.competence(code).title)
        assert re.search(rf"{code} {title}\s+e-{level}\b", text), code
    ranking = cigref_ecf.rank_profiles(levels)
    assert f"The profiles that suit you (the best 10 of {len(ranking)})" in text
    shown = [
        rf"^\s*{re.escape(r.profile.code)} {re.escape(r.profile.title)}\s+{_percent(r.score)}%"
        rf"\s+{r.met}/{len(r.items)} met$"
        for r in ranking[:10]
    ]
    assert _in_order(text, shown) == []
    before_the_gap = text.split("Your gap to", maxsplit=1)[0]
    assert ranking[10].profile.title not in before_the_gap  # the best ten only
    report = cigref_ecf.gap(profile, levels)
    p = report.profile
    assert f"Your gap to {p.code} {p.title}{' (the best match)' if best else ''}" in text
    assert f"{p.code} {p.title}: {_percent(report.score)}%, {report.met} of" in text
    items = []
    for item in report.items:
        title = re.escape(cigref_ecf.competence(item.competence).title)
        yours = "not assessed" if item.assessed is None else f"you: e-{item.assessed}"
        short = f" −{item.shortfall}" if item.shortfall else ""
        status = f"{item.status.value}{short}"
        items.append(rf"^\s*{item.competence}\s+{title}\s+requires .*; {yours}\s+{status}$")
    assert _in_order(text, items) == []
    develop = text.split("What to develop")[1]
    if report.to_develop:
        wanted = [
            rf"{i.competence} {re.escape(cigref_ecf.competence(i.competence).title)}: "
            rf"reach e-{i.requirement.min} .*\({i.shortfall} levels?\)"
            for i in report.to_develop
        ]
        assert _in_order(develop, wanted) == []
    else:
        assert f"Nothing: you meet every requirement of {p.code}" in develop
    # Nothing of the form, the toolbar, the page's introduction or the site around it.
    for absent in ("Not assessed", "Download CSV", "Print / Save as PDF", "Everything happens",
                   "Show all", "cigref-ecf\n", "Search"):  # fmt: skip
        assert absent not in text, absent


def test_assessment_prints_as_a_report(tab: Tab, tmp_path: Path) -> None:
    """A developer rates their levels and picks a profile by clicking, then prints: the
    "Print / Save as PDF" button prints the page, which prints as a report of one page with
    the levels, the ranking, the gap and what to develop, as the library computes them."""
    levels = {"A6": 1, "B1": 3, "B2": 2, "B3": 2, "B4": 1, "B5": 2, "D10": 3}
    page = tab.open("self-assessment/")
    button = page.locator("[data-action='print']")
    assert button.is_visible() and button.inner_text() == "Print / Save as PDF"
    assert button.get_attribute("aria-disabled") == "true"  # nothing to report yet
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed++; }; }")
    button.click(force=True)
    assert page.evaluate("() => window.printed") == 0
    _fill(page, levels)
    tester = page.locator(".ca-ranking li[data-profile='3.3'] button")
    tester.click()
    assert page.locator(".ca-profile").input_value() == "3.3"
    button.click()
    assert page.evaluate("() => window.printed") == 1
    pages, text = _print(tab, "self-assessment-print", tmp_path)
    assert pages == 1, text
    _assert_report(text, levels, "3.3", best=False)
    assert "3.3 Testeur" in text and "B3 Testing: reach e-3 from e-2 (1 level)" in text
    address = page.evaluate("() => location.href")
    assert address in text.replace("\n", "")  # to open it again


def test_assessment_report_at_its_longest(tab: Tab, tmp_path: Path) -> None:
    """Every competence rated at its lowest level, against the profile with the most
    requirements (the longest gap and list to develop), printed from the dark scheme: two
    pages at most, in the light scheme's colours, and complete; then the best match."""
    n = cigref_ecf.load()
    levels = {c.code: c.applicable_levels[0] for c in n.competences}
    longest = max(n.profiles, key=lambda p: len(p.competences))
    page = tab.open("self-assessment/")
    _fill(page, levels)
    page.locator(".ca-profile").select_option(longest.code)
    tab.dark()
    page.emulate_media(media="print")
    ink = page.locator(".ca-summary").evaluate("e => getComputedStyle(e).color")
    assert ink == "rgba(0, 0, 0, 0.87)", ink
    page.emulate_media(media="null")  # page.pdf prints with the print styles, as a browser does
    pages, text = _print(tab, "self-assessment-print-long", tmp_path)
    assert 1 <= pages <= 2, pages
    _assert_report(text, levels, longest.code, best=False)
    page.locator(".ca-profile").select_option("")
    pages, text = _print(tab, "self-assessment-print-best", tmp_path)
    assert 1 <= pages <= 2, pages
    _assert_report(text, levels, cigref_ecf.rank_profiles(levels)[0].profile.code, best=True)
