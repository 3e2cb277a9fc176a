"""HTML for Jupyter (``_repr_html_``): short, readable tables; every text escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._gap import GapReport
    from ._model import Competence, JobProfile
    from ._queries import Matrix

_STYLE = "border-collapse:collapse;text-align:left"
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd;vertical-align:top"


def _table(rows: Sequence[Sequence[str]], header: Sequence[str] | None = None) -> str:
    head = ""
    if header:
        head = "<tr>" + "".join(f'<th style="{_CELL}">{escape(h)}</th>' for h in header) + "</tr>"
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in row) + "</tr>"
        for row in rows
    )
    return f'<table style="{_STYLE}">{head}{body}</table>'


def profile_html(p: JobProfile) -> str:
    from ._catalog import load

    titles = {c.code: c.title for c in load().competences}
    parts = [f"<h4>{escape(p.code)} {escape(p.title)}</h4>"]
    if p.other_titles or p.english_titles:
        parts.append(
            "<p>"
            + escape("; ".join(p.other_titles))
            + (" — <i>" + escape("; ".join(p.english_titles)) + "</i>" if p.english_titles else "")
            + "</p>"
        )
    parts.append(f"<p>{escape(p.mission).replace(chr(10) * 2, '<br>')}</p>")
    rows = [
        (escape(r.competence), escape(titles.get(r.competence, "")), escape(str(r.level)))
        for r in p.competences
    ]
    parts.append(_table(rows, ("e-CF", "competence", "level")))
    return "".join(parts)


def competence_html(c: Competence) -> str:
    rows = [(f"e-{d.level}", escape(d.description)) for d in c.levels]
    return f"<h4>{escape(c.code)} {escape(c.title)}</h4><p>{escape(c.description)}</p>" + _table(
        rows, ("level", "descriptor")
    )


def matrix_html(m: Matrix) -> str:
    header = ("profile", *m.columns)
    rows = []
    for code in m.rows:
        cells = [escape(code)]
        for r in m.row(code):
            if r is None:
                cells.append("")
            else:
                shade = 255 - 35 * r.max
                cells.append(
                    f'<span style="background:rgb({shade},{shade},255);padding:0 3px">'
                    f"{escape(str(r))}</span>"
                )
        rows.append(tuple(cells))
    return _table(rows, header)


def gap_html(report: GapReport) -> str:
    p = report.profile
    head = (
        f"<h4>{escape(p.code)} {escape(p.title)}</h4><p>met {report.met}/{report.required}, "
        f"shortfall {report.total_shortfall}, score {report.score:.2f}</p>"
    )
    rows = [
        (
            escape(i.competence),
            escape(str(i.requirement)),
            "" if i.assessed is None else str(i.assessed),
            escape(i.status.value),
            str(i.shortfall),
        )
        for i in report.items
    ]
    return head + _table(rows, ("e-CF", "required", "assessed", "status", "shortfall"))
