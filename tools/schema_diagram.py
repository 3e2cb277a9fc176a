"""Draw the tables of the relational export (``to_sql``/``to_sqlite``) as an SVG diagram.

    python tools/schema_diagram.py --mermaid path/to/mermaid.min.js   # rewrite the SVG
    python tools/schema_diagram.py --source                           # print the mermaid source

The diagram's source (a mermaid ``erDiagram``) is made from the database itself: every table,
column, type, primary key and foreign key as SQLite reports them for the schema the package
writes. Mermaid draws it in a headless Chromium (Playwright), once, here; the site then shows a
plain SVG and loads no script from elsewhere. The SVG keeps its source in a ``<desc>``, so the
tests can tell when the schema has changed and the picture must be redrawn (mermaid is not
needed for that: ``npm pack mermaid@11`` gives ``package/dist/mermaid.min.js`` when it is).
"""

from __future__ import annotations

import argparse
import html
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "docs" / "images" / "sql-schema.svg"
CHROMIUM = "/usr/bin/chromium"


def mermaid_source() -> str:
    """The ``erDiagram`` of the tables of ``cigref_ecf.to_sql()``."""
    from cigref_ecf import to_sql
    from cigref_ecf._write.sql import SCHEMA

    db = sqlite3.connect(":memory:")
    db.executescript(to_sql())
    lines = ["erDiagram", "    direction LR"]  # tall rather than wide: it fits a page
    links = []
    for name, _ in SCHEMA:
        foreign = db.execute(f"PRAGMA foreign_key_list({name})").fetchall()
        referring = {row[3] for row in foreign}
        columns = db.execute(f"PRAGMA table_info({name})").fetchall()
        key = [row[1] for row in sorted(columns, key=lambda r: r[5]) if row[5]]
        lines.append(f"    {name} {{")
        for _, column, kind, _, _, primary in columns:
            marks = ", ".join(m for m, on in (("PK", primary), ("FK", column in referring)) if on)
            lines.append(f"        {kind} {column} {marks}".rstrip())
        lines.append("    }")
        by_id: dict[int, list[tuple[str, str, str]]] = {}
        for row in foreign:  # id, seq, table, from, to, ...
            by_id.setdefault(row[0], []).append((row[2], row[3], row[4]))
        for parts in by_id.values():
            parent = parts[0][0]
            own = [p[1] for p in parts]
            # Zero or one child per parent when the reference is the child's whole key.
            many = "o|" if sorted(own) == sorted(key) else "o{"
            links.append(f'    {parent} ||--{many} {name} : "{", ".join(own)}"')
    return "\n".join(lines + links) + "\n"


def render(source: str, mermaid_js: Path) -> str:
    """The SVG mermaid draws for ``source``, with the source kept in its ``<desc>``."""
    from playwright.sync_api import sync_playwright

    page_html = (
        "<!doctype html><html><body><pre class='mermaid'>"
        + html.escape(source)
        + "</pre></body></html>"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content(page_html)
        page.add_script_tag(path=str(mermaid_js))
        page.evaluate(
            "async () => { mermaid.initialize({startOnLoad: false, theme: 'neutral',"
            " htmlLabels: false, er: {useMaxWidth: true}}); await mermaid.run(); }"
        )
        svg: str = page.inner_html("pre.mermaid")
        browser.close()
    start = svg.index(">") + 1
    desc = f"<desc>{html.escape(source)}</desc>"
    return svg[:start] + desc + svg[start:] + "\n"


def source_of(svg: str) -> str:
    """The mermaid source kept in an SVG drawn by :func:`render`."""
    start = svg.index("<desc>") + len("<desc>")
    return html.unescape(svg[start : svg.index("</desc>", start)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mermaid", type=Path, help="mermaid.min.js (mermaid 11)")
    parser.add_argument("--source", action="store_true", help="print the mermaid source")
    args = parser.parse_args(argv)
    source = mermaid_source()
    if args.source:
        sys.stdout.write(source)
        return 0
    if args.mermaid is None:
        parser.error("give --mermaid path/to/mermaid.min.js (or --source)")
    SVG.parent.mkdir(parents=True, exist_ok=True)
    SVG.write_text(render(source, args.mermaid), encoding="utf-8")
    print(f"wrote {SVG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
