"""The charts of the tutorials, drawn at build time by the examples the pages show.

A page shows a chart with an image link to ``charts/NAME.png`` placed after the ``>>>`` example
that draws it (``>>> ax = report.plot()``). :func:`page_charts` runs the page's examples in
order, as the doctests do, and saves the figure of the last example that called ``.plot(``
before each image link: the picture is the output of the code above it, from the library
itself. An image without such an example, or an example that fails, is an error (the build
stops); a chart example without an image after it is an error too (a chart nobody sees).
"""

from __future__ import annotations

import contextlib
import doctest
import io
import re
from pathlib import Path
from typing import Any

__all__ = ["CHART_LINK", "chart_files", "page_charts"]

CHART_LINK = re.compile(r"!\[[^\]]*\]\(charts/(?P<name>[a-z0-9-]+)\.png\)")
"""An image link to a chart, relative to the page (``![...](charts/gap.png)``)."""
_PLOT = re.compile(r"\.plot\(")


def page_charts(text: str, name: str) -> dict[str, bytes]:
    """The PNG of every chart a page links to, by chart name, drawn by running the page's
    examples in order (``name``: the page, for errors)."""
    links = [(text.count("\n", 0, m.start()), str(m["name"])) for m in CHART_LINK.finditer(text)]
    if not links:
        return {}
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    examples = doctest.DocTestParser().get_examples(text, name)
    events: list[tuple[int, doctest.Example | str]] = sorted(
        [*((e.lineno, e) for e in examples), *links],
        key=lambda event: (event[0], isinstance(event[1], str)),
    )
    namespace: dict[str, Any] = {"__name__": "__main__"}
    charts: dict[str, bytes] = {}
    shown: tuple[int, Any, bool] | None = None  # the last chart: line, figure, linked
    plt.close("all")
    try:
        for line, value in events:
            where = f"{name}, line {line + 1}"
            if isinstance(value, str):
                if shown is None:
                    raise ValueError(f"{where}: charts/{value}.png follows no chart")
                if value in charts:
                    raise ValueError(f"{where}: charts/{value}.png is shown twice")
                buffer = io.BytesIO()
                shown[1].savefig(buffer, format="png", dpi=100)
                charts[value] = buffer.getvalue()
                shown = (shown[0], shown[1], True)
                continue
            _run(value, where, namespace)
            if _PLOT.search(value.source):
                _check_linked(shown, name)
                shown = (line, plt.gcf(), False)
        _check_linked(shown, name)
    finally:
        plt.close("all")
    return charts


def _run(example: doctest.Example, where: str, namespace: dict[str, Any]) -> None:
    """Run one example as the doctest does, its printed output aside; an exception is an error
    unless the page shows it (a traceback as the expected output)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(example.source, where, "exec"), namespace)
    except Exception:
        if example.exc_msg is None:
            raise


def _check_linked(shown: tuple[int, Any, bool] | None, page: str) -> None:
    if shown is not None and not shown[2]:
        raise ValueError(f"{page}, line {shown[0] + 1}: a chart with no image link after it")


def chart_files(docs: Path) -> dict[str, bytes]:
    """Every chart of every page under ``docs``, by path relative to ``docs``."""
    files: dict[str, bytes] = {}
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if CHART_LINK.search(text) is None:
            continue
        page = path.relative_to(docs)
        for chart, png in page_charts(text, page.as_posix()).items():
            files[(page.parent / "charts" / f"{chart}.png").as_posix()] = png
    return files
