"""HTML for Jupyter (``_repr_html_``): short, readable tables; every text escaped.

Titles are read from the nomenclature the object came from: a result carries it; a profile or a
family remembers (weakly) the nomenclature it was built into. A record that belongs to none (made
in code and not yet in a nomenclature, or unpickled) shows its own fields and codes, no titles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._model.records import Competence, JobProfile, Nomenclature
    from .._query.gap import GapReport
    from .._query.matrix import Matrix
    from .._query.training import TrainingNeed, TrainingNeeds
    from .._read.assessment import Team

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


def _titles(n: Nomenclature | None) -> dict[str, str]:
    from .._model.catalog import _resolve

    return {c.code: c.title for c in _resolve(n).competences}


def _competence_titles(record: JobProfile) -> dict[str, str]:
    from .._model.records import _shown_in

    n = _shown_in(record)
    return {} if n is None else _titles(n)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, frozenset):
        value = sorted(value)
    if isinstance(value, (list, tuple)):
        return escape(", ".join(map(str, value)))
    return escape(str(value))


_NOWRAP = "white-space:nowrap"
"""A requirement ("2-4", "1/3") stays on one line."""
_LEVEL_COLUMNS = frozenset({"requirement"})


def _level(text: str) -> str:
    """A level or requirement, escaped, kept on one line."""
    return f'<span style="{_NOWRAP}">{escape(text)}</span>'


def records_html(caption: str, columns: Sequence[str], records: Sequence[Mapping[str, Any]]) -> str:
    """A table of records (the ``to_records()`` of a result), every cell escaped; requirements
    ("2-4") kept on one line."""
    shown = records[:_MAX_ROWS]
    rows = [
        tuple(
            _level(str(r.get(c)))
            if c in _LEVEL_COLUMNS and r.get(c) is not None
            else _cell(r.get(c))
            for c in columns
        )
        for r in shown
    ]
    more = f"<p>… {len(records) - len(shown)} more rows</p>" if len(records) > len(shown) else ""
    head = f"<h4>{escape(caption)}</h4>" if caption else ""
    return head + _table(rows, columns) + more


_MAX_ROWS = 200


def record_html(obj: object) -> str:
    """A model record as a two-column table of its fields (texts escaped)."""
    import attrs

    from .._model.records import Family, _shown_in
    from .._read.assessment import Assessment

    if isinstance(obj, Assessment):
        titles = _titles(obj._checked_for)  # type: ignore[arg-type]
        levels = [(escape(c), escape(titles.get(c, "")), str(v)) for c, v in obj.levels.items()]
        return "<h4>Assessment</h4>" + _table(levels, ("e-CF", "competence", "level"))
    if isinstance(obj, Family):
        index = n._profile_index if (n := _shown_in(obj)) is not None else {}
        rows = [
            (escape(code), escape(p.title if (p := index.get(code)) else ""))
            for code in obj.profiles
        ]
        number = escape(str(getattr(obj, "code", getattr(obj, "number", ""))))
        return f"<h4>{number} {escape(obj.title)}</h4><p>{escape(obj.description)}</p>" + _table(
            rows, ("profile", "title")
        )
    fields = [
        (escape(f.name), _cell(getattr(obj, f.name)))
        for f in attrs.fields(type(obj))  # type: ignore[arg-type]
        if f.init and not f.name.startswith("_") and f.name != "nomenclature"
    ]
    return f"<h4>{escape(type(obj).__name__)}</h4>" + _table(fields)


def team_html(team: Team) -> str:
    """The team as a wide table: one row per person, one column per competence assessed."""
    from .._model.catalog import _resolve

    n = _resolve(team.nomenclature)
    used = {code for a in team.values() for code in a.levels}
    codes = [c.code for c in n.competences if c.code in used]
    rows = [
        (escape(str(person)), *(str(a.levels.get(c, "")) for c in codes))
        for person, a in list(team.items())[:_MAX_ROWS]
    ]
    more = f"<p>… {len(team) - len(rows)} more people</p>" if len(team) > len(rows) else ""
    return f"<h4>{escape(repr(team))}</h4>" + _table(rows, ("person", *codes)) + more


def training_needs_html(needs: TrainingNeeds) -> str:
    """The needs as a table, under a heading that names the target profile(s)."""
    caption = f"{needs.caption} towards {needs.heading}" if needs.targets else needs.caption
    return records_html(caption, needs.columns, needs.to_records())


def training_need_html(need: TrainingNeed) -> str:
    head = (
        f"<h4>{escape(need.competence)} {escape(need.title)}</h4><p>{need.count} "
        f"{'person' if need.count == 1 else 'people'}, shortfall {need.total_shortfall}</p>"
    )
    rows = [(escape(str(p)), str(s)) for p, s in need.people[:_MAX_ROWS]]
    return head + _table(rows, ("person", "shortfall"))


def profile_html(p: JobProfile) -> str:
    titles = _competence_titles(p)
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
        (escape(r.competence), escape(titles.get(r.competence, "")), _level(str(r.level)))
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
                    f'<span style="background:rgb({shade},{shade},255);padding:0 3px;{_NOWRAP}">'
                    f"{escape(str(r))}</span>"
                )
        rows.append(tuple(cells))
    return _table(rows, header)


def gap_html(report: GapReport, extra: str = "") -> str:
    p = report.profile
    head = (
        f"<h4>{escape(p.code)} {escape(p.title)}</h4><p>met {report.met}/{report.required}, "
        f"shortfall {report.total_shortfall}, score {report.score:.2f}"
        f"{', ' + escape(extra) if extra else ''}</p>"
    )
    columns = ("competence", "title", "requirement", "assessed", "status", "shortfall")
    return head + records_html("", columns, report.to_records())
