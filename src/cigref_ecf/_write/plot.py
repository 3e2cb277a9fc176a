"""Charts, pandas' way: ``result.plot(ax=None, **kwargs)`` draws the result on a matplotlib
``Axes`` and returns it (the ``plot`` extra).

matplotlib is imported here only, inside the calls; the ``plot()`` methods of the results import
this module inside themselves, so that nothing of it is on the import path. Without an ``ax``,
a chart makes its own figure (``matplotlib.pyplot``, constrained layout, sized to what it shows);
it draws with any backend, Agg included (headless: ``MPLBACKEND=Agg``).

What every chart shares: the colours are Okabe and Ito's (told apart with every common colour
vision deficiency), heatmaps use ``cividis`` in five steps with the level written in each cell,
long titles and labels are wrapped (French titles are long), and the remaining ``**kwargs`` are
set on the Axes afterwards (``ax.set(**kwargs)``: ``title=``, ``xlabel=``, ``xlim=``...), with
``figsize=`` for a chart that makes its own figure.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..exceptions import InvalidQueryError, MissingDependencyError
from .html import _titles

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._query.batch_result import BatchResult
    from .._query.gap import GapReport, Ranking
    from .._query.matrix import Matrix
    from .._query.mobility import MobilityOptions, SimilarProfiles
    from .._query.training import TrainingNeeds
    from .._read.assessment import Team

__all__ = [
    "BLUE",
    "HEATMAP",
    "SKY",
    "VERMILLION",
    "batch_chart",
    "gap_chart",
    "matrix_chart",
    "mobility_chart",
    "ranking_chart",
    "similar_chart",
    "team_chart",
    "training_needs_chart",
]

# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
SKY = "#56B4E9"
VERMILLION = "#D55E00"
HEATMAP = "cividis"
"""The heatmaps' colour map: perceptually uniform and readable with colour vision deficiencies."""

_LEVELS = (1, 2, 3, 4, 5)
_LABEL_WIDTH = 40
"""Tick labels longer than this are wrapped on two lines or more."""
_MAX_TICKS = 80
"""A team heatmap of more people gets no person labels (they could not be read)."""
_MAX_ANNOTATED = 2500
"""Heatmaps with more cells than this get no level written in the cells."""


def matplotlib() -> Any:
    """The matplotlib module, or :class:`MissingDependencyError` naming the extra to install."""
    try:
        import matplotlib
    except ImportError:
        raise MissingDependencyError(
            'matplotlib is needed for plot(): pip install "cigref-ecf[plot]"'
        ) from None
    return matplotlib


def _axes(
    ax: Axes | None, kwargs: dict[str, Any], size: tuple[float, float], *, polar: bool = False
) -> Axes:
    """``ax``, or the Axes of a new figure of ``size`` inches (``figsize=`` in ``kwargs``)."""
    matplotlib()
    figsize = kwargs.pop("figsize", size)
    if ax is not None:
        if polar and ax.name != "polar":
            raise InvalidQueryError(
                "kind='radar' draws on polar axes: pass ax=fig.add_subplot(projection='polar')"
            )
        return ax
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=figsize, layout="constrained")
    axes: Axes = figure.add_subplot(projection="polar" if polar else None)
    return axes


def _finish(ax: Axes, title: str, kwargs: dict[str, Any]) -> Axes:
    """Set the title, wrapped to fit above the Axes inside the figure, then the caller's Axes
    properties (a ``title=`` among them replaces ours)."""
    text = kwargs.pop("title", title)
    _fit_title(ax, _root(ax), str(text))
    if kwargs:
        ax.set(**kwargs)
    return ax


def _root(ax: Axes) -> Any:
    """The figure ``ax`` is drawn in (the top one, when ``ax`` is in a subfigure)."""
    figure: Any = ax.get_figure()
    while getattr(figure, "figure", figure) is not figure:
        figure = figure.figure
    return figure


def _fit_title(ax: Axes, figure: Any, title: str) -> None:
    """The title centred above ``ax``, wrapped until it fits in the figure: laid out (without
    drawing pixels), measured, wrapped shorter, at most a few times."""
    size = ax.title.get_fontsize()
    points = size if isinstance(size, (int, float)) else 12.0
    characters = max(16, int(figure.get_figwidth() * 72 / (points * 0.6)))
    for _ in range(4):
        text = _wrap(title, characters)
        ax.set_title(text)
        figure.draw_without_rendering()
        box = ax.title.get_window_extent()
        centre = (box.x0 + box.x1) / 2
        room = 2 * min(centre - figure.bbox.x0, figure.bbox.x1 - centre) - 4
        longest = max(len(line) for line in text.splitlines())
        if box.width <= room or longest <= 12:
            return
        characters = max(12, int(longest * room / box.width) - 1)


def _wrap(text: str, width: int = _LABEL_WIDTH) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _label(code: object, title: str) -> str:
    return _wrap(f"{code} {title}".strip())


def _level_axis(ax: Axes) -> None:
    """Levels 0 to 5 along x (room for a note after 5), ticks e-1 to e-5."""
    ax.set_xlim(0, 5.6)
    ax.set_xticks(list(_LEVELS), [f"e-{n}" for n in _LEVELS])


def _people(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


# ---------------------------------------------------------------------------- one person


def gap_chart(report: GapReport, ax: Axes | None, kind: str, kwargs: dict[str, Any]) -> Axes:
    """Each required competence: the required level (a range hatched above its minimum) and
    the assessed one, with the shortfall hatched in vermillion; or a radar of the same."""
    if kind not in ("bar", "radar"):
        raise InvalidQueryError(f"kind must be 'bar' or 'radar', not {kind!r}")
    p = report.profile
    title = f"{p.code} {p.title}: {report.met}/{report.required} met, score {report.score:.2f}"
    if kind == "radar":
        return _gap_radar(report, ax, title, kwargs)
    items = report.items
    titles = _titles(report.nomenclature)
    ax = _axes(ax, kwargs, (8.5, 1.6 + 0.62 * max(len(items), 1)))
    height = 0.38
    rows = range(len(items))
    required_y = [y - height / 2 for y in rows]
    assessed_y = [y + height / 2 for y in rows]
    low = [i.requirement.min for i in items]
    span = [i.requirement.max - i.requirement.min for i in items]
    assessed = [i.assessed or 0 for i in items]
    short = [i.shortfall for i in items]
    ax.barh(required_y, low, height=height, color=SKY, label="required (minimum)")
    _hatched(
        ax,
        required_y,
        widths=span,
        left=low,
        height=height,
        colour=SKY,
        hatch="///",
        label="required range",
    )
    ax.barh(assessed_y, assessed, height=height, color=BLUE, label="assessed")
    _hatched(
        ax,
        assessed_y,
        widths=short,
        left=assessed,
        height=height,
        colour=VERMILLION,
        hatch="xxx",
        label="shortfall",
    )
    for y, item in zip(rows, items, strict=True):
        ax.text(
            item.requirement.max + 0.08,
            y - height / 2,
            str(item.requirement),
            va="center",
            fontsize="small",
        )
        if item.assessed is None:
            ax.text(
                0.08,
                y + height / 2,
                "not assessed",
                va="center",
                fontsize="small",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        elif item.shortfall:
            ax.text(
                item.requirement.min + 0.08,
                y + height / 2,
                f"-{item.shortfall}",
                va="center",
                fontsize="small",
                color=VERMILLION,
            )
    ax.set_yticks(list(rows), [_label(i.competence, titles.get(i.competence, "")) for i in items])
    ax.set_ylim(max(len(items), 1) - 0.5, -0.5)  # the first competence on top
    _level_axis(ax)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncols=2, frameon=False)
    return _finish(ax, title, kwargs)


def _hatched(
    ax: Axes,
    rows: Sequence[float],
    *,
    widths: Sequence[int],
    left: Sequence[int],
    height: float,
    colour: str,
    hatch: str,
    label: str,
) -> None:
    """Bars hatched in ``colour`` on white (told apart without colour); none drawn where a
    width is 0 (an edge would draw a line there)."""
    ax.barh(
        rows,
        widths,
        left=left,
        height=height,
        color="white",
        edgecolor=colour,
        hatch=hatch,
        linewidth=[1.2 if w else 0.0 for w in widths],
        label=label,
    )


def _gap_radar(report: GapReport, ax: Axes | None, title: str, kwargs: dict[str, Any]) -> Axes:
    items = report.items
    ax = _axes(ax, kwargs, (7.0, 7.5), polar=True)
    count = len(items)
    angles = [2 * math.pi * k / count for k in range(count)]

    def closed(values: Sequence[float]) -> list[float]:
        return [*values, values[0]] if values else []

    around = closed(angles)
    low = [float(i.requirement.min) for i in items]
    high = [float(i.requirement.max) for i in items]
    assessed = [float(i.assessed or 0) for i in items]
    ax.fill(around, closed(low), color=SKY, alpha=0.45, label="required (minimum)")
    if high != low:
        ax.plot(around, closed(high), color=SKY, linestyle="--", label="required (maximum)")
    ax.plot(around, closed(assessed), color=BLUE, marker="o", linewidth=2, label="assessed")
    short = [(a, v) for a, v, i in zip(angles, assessed, items, strict=True) if i.shortfall]
    ax.plot(
        [a for a, _ in short],
        [v for _, v in short],
        linestyle="none",
        marker="X",
        markersize=10,
        color=VERMILLION,
        label="shortfall",
    )
    ax.set_xticks(angles, [i.competence for i in items])
    ax.set_ylim(0, 5)
    ax.set_yticks(list(_LEVELS), [f"e-{n}" for n in _LEVELS], fontsize="small")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncols=2, frameon=False)
    return _finish(ax, title, kwargs)


# ---------------------------------------------------------------------------- scores as bars


def _bars(
    ax: Axes | None,
    labels: Sequence[str],
    values: Sequence[float],
    notes: Sequence[str],
    *,
    label: str,
    xlabel: str,
    title: str,
    kwargs: dict[str, Any],
    colour: str = BLUE,
    scores: bool = True,
) -> Axes:
    """One horizontal bar per label, the first on top, each with its note at its end; scores
    along [0, 1], else counts along whole numbers."""
    ax = _axes(ax, kwargs, (8.5, 1.4 + 0.42 * max(len(values), 1)))
    rows = list(range(len(values)))
    bars = ax.barh(rows, list(values), height=0.7, color=colour, label=label)
    ax.bar_label(bars, list(notes), padding=3, fontsize="small")
    ax.set_yticks(rows, list(labels))
    ax.set_ylim(max(len(values), 1) - 0.5, -0.5)
    if scores:
        ax.set_xlim(0, 1.18)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    else:
        ax.set_xlim(0, max(values, default=1) * 1.2 + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    return _finish(ax, title, kwargs)


def ranking_chart(ranking: Ranking, ax: Axes | None, kwargs: dict[str, Any]) -> Axes:
    """Each profile's score, best first."""
    return _bars(
        ax,
        [_label(r.profile.code, r.profile.title) for r in ranking],
        [r.score for r in ranking],
        [f"{r.score:.2f} ({r.met}/{r.required} met)" for r in ranking],
        label="score",
        xlabel="score (share of the required levels covered)",
        title="Profiles ranked by score",
        kwargs=kwargs,
    )


def similar_chart(similar: SimilarProfiles, ax: Axes | None, kwargs: dict[str, Any]) -> Axes:
    """Each profile's similarity, most similar first."""
    return _bars(
        ax,
        [_label(p.code, p.title) for p, _ in similar],
        [s for _, s in similar],
        [f"{s:.2f}" for _, s in similar],
        label="similarity",
        xlabel="similarity of the requirements (weighted Jaccard)",
        title="Similar profiles",
        kwargs=kwargs,
    )


def mobility_chart(options: MobilityOptions, ax: Axes | None, kwargs: dict[str, Any]) -> Axes:
    """Each option's score, in the options' order (smallest gap first), its shortfall noted."""
    return _bars(
        ax,
        [_label(o.profile.code, o.profile.title) for o in options],
        [o.report.score for o in options],
        [f"{o.report.score:.2f}, shortfall {o.report.total_shortfall}" for o in options],
        label="score",
        xlabel="score (share of the target's required levels covered)",
        title="Mobility options, smallest gap first",
        kwargs=kwargs,
    )


# ---------------------------------------------------------------------------- teams


def training_needs_chart(needs: TrainingNeeds, ax: Axes | None, kwargs: dict[str, Any]) -> Axes:
    """Each competence's total shortfall, largest first, the people short of it counted."""
    return _bars(
        ax,
        [_label(t.competence, t.title) for t in needs],
        [t.total_shortfall for t in needs],
        [_people(t.count) for t in needs],
        label="shortfall",
        xlabel="levels short, all people added",
        title=f"Training needs towards {needs.heading}" if needs.targets else "Training needs",
        kwargs=kwargs,
        colour=VERMILLION,
        scores=False,
    )


def _heat(ax: Axes, values: list[list[float]], *, annotate: Sequence[Sequence[str]]) -> Any:
    """An image of levels (NaN: empty), five steps of the heatmap colours, each non-empty cell
    written when there are few enough; returns the image."""
    import matplotlib as mpl
    import numpy as np

    data = np.ma.masked_invalid(np.array(values, dtype=float).reshape(len(values), -1))
    cmap = mpl.colormaps[HEATMAP].resampled(5).with_extremes(bad="#f2f2f2")
    image = ax.imshow(data, cmap=cmap, vmin=0.5, vmax=5.5, aspect="auto", interpolation="nearest")
    cells = data.size
    if cells <= _MAX_ANNOTATED:
        for (i, j), value in np.ndenumerate(np.ma.filled(data, np.nan)):
            if not math.isnan(value):
                ax.text(
                    j,
                    i,
                    annotate[i][j],
                    ha="center",
                    va="center",
                    fontsize="x-small",
                    color="black" if value >= 3 else "white",
                    in_layout=False,  # inside the Axes: the layout need not measure them
                )
    figure: Any = ax.get_figure()
    colorbar = figure.colorbar(image, ax=ax, ticks=list(_LEVELS), shrink=0.6)
    colorbar.ax.set_yticklabels([f"e-{n}" for n in _LEVELS])
    return image


def team_chart(team: Team, ax: Axes | None, kwargs: dict[str, Any]) -> Axes:
    """People x the competences someone assessed (framework order): each cell the level."""
    from .._model.catalog import _resolve

    n = _resolve(team.nomenclature)
    used = {code for a in team.values() for code in a.levels}
    codes = [c.code for c in n.competences if c.code in used]
    people = list(team)
    ax = _axes(
        ax,
        kwargs,
        (
            min(18.0, 3.0 + 0.45 * max(len(codes), 4)),
            min(18.0, 2.0 + 0.32 * max(min(len(people), _MAX_TICKS), 4)),
        ),
    )
    title = f"Assessed levels: {_people(len(people))}"
    if not codes:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "nothing assessed", ha="center", va="center", transform=ax.transAxes)
        return _finish(ax, title, kwargs)
    values = [[float(team[p].levels.get(c, math.nan)) for c in codes] for p in people]
    text = [[str(team[p].levels.get(c, "")) for c in codes] for p in people]
    _heat(ax, values, annotate=text)
    ax.set_xticks(range(len(codes)), codes)
    ax.xaxis.tick_top()
    if len(people) <= _MAX_TICKS:
        ax.set_yticks(range(len(people)), [_wrap(str(p), 30) for p in people])
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{len(people):,} people")
    ax.tick_params(axis="x", labelsize="small")
    return _finish(ax, title, kwargs)


def matrix_chart(m: Matrix, ax: Axes | None, kwargs: dict[str, Any]) -> Axes:
    """Profiles (grouped by family, a line between families) x competences: each cell the
    lowest level required, the requirement written in it."""
    n = m.nomenclature
    index = {code: k for k, code in enumerate(m.rows)}
    families = [
        (f, [code for code in f.profiles if code in index]) for f in n.families if f.profiles
    ]
    rows = [code for _, codes in families for code in codes]
    rows += [code for code in m.rows if code not in set(rows)]
    ax = _axes(
        ax,
        kwargs,
        (min(24.0, 6.0 + 0.34 * len(m.columns)), min(30.0, 2.5 + 0.3 * len(rows))),
    )
    values, text = [], []
    for code in rows:
        cells = [m.cells.get((code, c)) for c in m.columns]
        values.append([math.nan if r is None else float(r.min) for r in cells])
        text.append(["" if r is None else str(r) for r in cells])
    _heat(ax, values, annotate=text)
    ax.set_xticks(range(len(m.columns)), m.columns)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labelsize="small")
    titles = {p.code: p.title for p in n.profiles}
    ax.set_yticks(range(len(rows)), [_label(code, titles.get(code, "")) for code in rows])
    ax.tick_params(axis="y", labelsize="small")
    start = 0
    for family, codes in families:
        if not codes:
            continue
        if start:
            ax.axhline(start - 0.5, color="black", linewidth=1.2)
        ax.text(
            len(m.columns) - 0.3,
            start + (len(codes) - 1) / 2,
            _wrap(f"{family.code} {family.title}", 28),
            va="center",
            fontsize="small",
            clip_on=False,
        )
        start += len(codes)
    return _finish(ax, "Required levels, profiles by family (lowest level of a range)", kwargs)


# ---------------------------------------------------------------------------- batches


def batch_chart(result: BatchResult, ax: Axes | None, kind: str, kwargs: dict[str, Any]) -> Axes:
    """``"best"``: how many people have each profile as their best (profiles with someone,
    most first); ``"scores"``: the distribution of each person's best score."""
    import numpy as np

    from .._query.batch_result import _best_columns

    if kind not in ("best", "scores"):
        raise InvalidQueryError(f"kind must be 'best' or 'scores', not {kind!r}")
    people, width = result.shape
    if kind == "scores":
        ax = _axes(ax, kwargs, (8.0, 4.5))
        best = np.asarray(result.score).max(axis=1) if people and width else np.zeros(0)
        ax.hist(
            best,
            bins=np.linspace(0.0, 1.0, 21).tolist(),
            color=BLUE,
            edgecolor="white",
            label="people",
        )
        ax.set_xlim(0, 1)
        ax.set_xlabel("best score of each person")
        ax.set_ylabel("people")
        return _finish(ax, f"Best scores of {_people(people)}", kwargs)
    counts = (
        np.bincount(_best_columns(result.score)[:, 0], minlength=width)
        if people and width
        else np.zeros(width, dtype=int)
    )
    order = sorted((j for j in range(width) if counts[j]), key=lambda j: -counts[j])
    return _bars(
        ax,
        [result.profiles[j] for j in order],
        [int(counts[j]) for j in order],
        [f"{int(counts[j]):,}" for j in order],
        label="people",
        xlabel="people whose best profile it is",
        title=f"Best profile of {_people(people)}",
        kwargs=kwargs,
        scores=False,
    )
