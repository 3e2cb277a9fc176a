"""Charts (the ``plot`` extra): what each ``.plot()`` draws is read back from the artists (bar
widths and labels, image arrays, tick labels, line data) and compared with the library's own
numbers, for the bundled nomenclature and a company's; not pixel snapshots."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import InvalidQueryError, MissingDependencyError

from .strategies import assessments
from .test_company import company_data

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

LONG_PROFILE = (
    "Responsable de la sécurité des systèmes d'information et de la conformité réglementaire"
)
LONG_FAMILY = (
    "Pilotage, organisation et gestion des évolutions du système d'information de l'entreprise"
)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _company() -> cigref_ecf.Nomenclature:
    """The company of test_company.py, with a long French family and profile title."""
    data = company_data()
    data["families"].append({"code": "GOUV", "title": LONG_FAMILY})
    data["profiles"].append(
        {
            "code": "GOUV-RSSI",
            "family": "GOUV",
            "title": LONG_PROFILE,
            "competences": [
                {"competence": "A1", "level": "4-5"},
                {"competence": "D1", "level": "4"},
                {"competence": "E8", "level": "3"},
                {"competence": "B3", "level": "1/3"},
            ],
        }
    )
    return cigref_ecf.load_json(json.dumps(data), source="acme.json")


COMPANY = _company()
BUNDLED = cigref_ecf.load()
NOMENCLATURES = pytest.mark.parametrize("n", [BUNDLED, COMPANY], ids=["bundled", "company"])


def bars(ax: Axes) -> dict[str, BarContainer]:
    """The bar containers of ``ax`` by label."""
    return {str(c.get_label()): c for c in ax.containers if isinstance(c, BarContainer)}


def widths(container: BarContainer) -> list[float]:
    return [p.get_width() for p in container.patches]


def lefts(container: BarContainer) -> list[float]:
    return [p.get_x() for p in container.patches]


def ticks(ax: Axes, axis: str = "y") -> list[str]:
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def assert_inside(ax: Axes) -> None:
    """The title and every tick label lie inside the figure: nothing clipped."""
    figure = ax.get_figure()  # charts draw on a figure, no subfigure (root= is matplotlib 3.10+)
    assert figure is not None
    figure.canvas.draw()
    frame = figure.bbox
    shown = [ax.title]
    for axis in (ax.xaxis, ax.yaxis):
        low, high = sorted(axis.get_view_interval())
        located = zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=True)
        shown += [t for x, t in located if low <= x <= high]
    for text in shown:
        if not text.get_text() or not text.get_visible():
            continue
        box = text.get_window_extent()
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, (text.get_text(), box, frame)
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, (text.get_text(), box, frame)


def _assessment(n: cigref_ecf.Nomenclature, profile: str, shift: int) -> dict[str, int]:
    """Levels for some of ``profile``'s competences: below, at and above the requirement."""
    p = cigref_ecf.job_profile(profile, nomenclature=n)
    levels = {}
    for k, r in enumerate(p.competences):
        c = cigref_ecf.competence(r.competence, nomenclature=n)
        if (k + shift) % 3 == 0:
            continue  # not assessed
        want = r.level.min - 1 if (k + shift) % 3 == 1 else r.level.max
        defined = [x for x in c.applicable_levels if x <= max(want, min(c.applicable_levels))]
        levels[r.competence] = defined[-1]
    return levels


def _profiles(n: cigref_ecf.Nomenclature) -> list[str]:
    return [p.code for p in n.profiles]


# ---------------------------------------------------------------------------- gap


def check_gap_bars(report: cigref_ecf.GapReport, ax: Axes) -> None:
    found = bars(ax)
    items = report.items
    assert widths(found["required (minimum)"]) == [i.requirement.min for i in items]
    assert widths(found["required range"]) == [i.requirement.max - i.requirement.min for i in items]
    assert lefts(found["required range"]) == [i.requirement.min for i in items]
    assert widths(found["assessed"]) == [i.assessed or 0 for i in items]
    assert widths(found["shortfall"]) == [i.shortfall for i in items]
    assert lefts(found["shortfall"]) == [i.assessed or 0 for i in items]
    n = report.nomenclature
    assert n is not None
    labels = [label.replace("\n", " ") for label in ticks(ax)]
    assert labels == [
        f"{i.competence} {cigref_ecf.competence(i.competence, nomenclature=n).title}" for i in items
    ]
    assert texts(ax).count("not assessed") == sum(1 for i in items if i.assessed is None)
    for i in items:
        assert str(i.requirement) in texts(ax)
    title = ax.get_title().replace("\n", " ")
    assert report.profile.code in title
    assert report.profile.title in title
    assert f"{report.met}/{report.required} met" in title


@NOMENCLATURES
def test_gap_chart_shows_each_requirement_and_the_shortfall(n: cigref_ecf.Nomenclature) -> None:
    for shift, profile in enumerate(_profiles(n)):
        report = cigref_ecf.gap(profile, _assessment(n, profile, shift), nomenclature=n)
        ax = report.plot()
        check_gap_bars(report, ax)
        plt.close("all")


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(_profiles(BUNDLED)), assessments())
def test_gap_chart_agrees_with_the_report(profile: str, assessment: Any) -> None:
    report = cigref_ecf.gap(profile, assessment)
    check_gap_bars(report, report.plot())
    radar = report.plot(kind="radar")
    check_radar(report, radar)
    plt.close("all")


def ydata(line: Line2D) -> list[float]:
    values: list[float] = np.asarray(line.get_ydata(), dtype=float).tolist()
    return values


def check_radar(report: cigref_ecf.GapReport, ax: Axes) -> None:
    assert ax.name == "polar"
    lines = {line.get_label(): line for line in ax.get_lines()}
    items = report.items
    assessed = [float(i.assessed or 0) for i in items]
    assert ydata(lines["assessed"]) == [*assessed, assessed[0]]
    short = [float(i.assessed or 0) for i in items if i.shortfall]
    assert ydata(lines["shortfall"]) == short
    required = next(p for p in ax.patches if p.get_label() == "required (minimum)")
    vertices = np.asarray(required.get_path().vertices, dtype=float)
    radii = [round(r, 9) for r in vertices[:, 1].tolist()]
    assert radii[: len(items)] == [float(i.requirement.min) for i in items]
    assert ticks(ax, "x") == [i.competence for i in items]
    if any(i.requirement.max != i.requirement.min for i in items):
        highs = [float(i.requirement.max) for i in items]
        assert ydata(lines["required (maximum)"]) == [*highs, highs[0]]
    else:
        assert "required (maximum)" not in lines


@NOMENCLATURES
def test_radar_chart(n: cigref_ecf.Nomenclature) -> None:
    for shift, profile in enumerate(_profiles(n)[:8]):
        report = cigref_ecf.gap(profile, _assessment(n, profile, shift), nomenclature=n)
        check_radar(report, report.plot(kind="radar"))
        plt.close("all")


def test_radar_needs_polar_axes_and_kinds_are_checked() -> None:
    report = cigref_ecf.gap("3.3", {"B3": 2})
    _, ax = plt.subplots()
    with pytest.raises(InvalidQueryError, match="polar"):
        report.plot(ax=ax, kind="radar")
    with pytest.raises(InvalidQueryError, match="'bar' or 'radar'"):
        report.plot(kind="pie")
    polar = plt.figure().add_subplot(projection="polar")
    assert report.plot(ax=polar, kind="radar") is polar


# ---------------------------------------------------------------------------- scores as bars


@NOMENCLATURES
def test_rankings_similar_profiles_and_mobility_as_bars(n: cigref_ecf.Nomenclature) -> None:
    first = _profiles(n)[0]
    person = _assessment(n, first, 1)
    ranking = cigref_ecf.rank_profiles(person, nomenclature=n)
    ax = ranking.plot()
    assert widths(bars(ax)["score"]) == [r.score for r in ranking]
    assert [t.split(" ")[0] for t in ticks(ax)] == [r.profile.code for r in ranking]
    assert [t.replace("\n", " ") for t in ticks(ax)] == [
        f"{r.profile.code} {r.profile.title}" for r in ranking
    ]

    similar = cigref_ecf.similar_profiles(first, limit=None, nomenclature=n)
    ax = similar.plot()
    assert widths(bars(ax)["similarity"]) == [s for _, s in similar]
    assert [t.split(" ")[0] for t in ticks(ax)] == [p.code for p, _ in similar]

    options = cigref_ecf.mobility(first, person, limit=None, nomenclature=n)
    ax = options.plot()
    assert widths(bars(ax)["score"]) == [o.report.score for o in options]
    assert [t.split(" ")[0] for t in ticks(ax)] == [o.profile.code for o in options]
    notes = texts(ax)
    for o in options:
        assert f"{o.report.score:.2f}, shortfall {o.report.total_shortfall}" in notes


@settings(max_examples=15, deadline=None)
@given(assessments(), st.sampled_from(_profiles(BUNDLED)), st.integers(0, 8))
def test_score_bars_agree_with_the_results(
    assessment: cigref_ecf.Assessment, profile: str, limit: int
) -> None:
    """Whatever the person and the cut: one bar per result, in the results' order, as long as
    its score."""
    ranking = cigref_ecf.rank_profiles(assessment, limit=limit)
    options = cigref_ecf.mobility(profile, assessment, limit=limit)
    for results, values, codes in (
        (ranking, [r.score for r in ranking], [r.profile.code for r in ranking]),
        (options, [o.report.score for o in options], [o.profile.code for o in options]),
    ):
        ax = results.plot()
        assert widths(bars(ax)["score"]) == values
        assert [t.split(" ")[0] for t in ticks(ax)] == codes
        plt.close("all")


# ---------------------------------------------------------------------------- teams


def _team(n: cigref_ecf.Nomenclature, size: int = 6) -> cigref_ecf.Team:
    codes = _profiles(n)
    people = {f"personne {k} « é »": _assessment(n, codes[k % len(codes)], k) for k in range(size)}
    return cigref_ecf.read_assessments(people, nomenclature=n)


@NOMENCLATURES
def test_training_needs_chart(n: cigref_ecf.Nomenclature) -> None:
    team = _team(n)
    target = _profiles(n)[-1]
    needs = cigref_ecf.training_needs(target, team, nomenclature=n)
    assert needs, "the test needs some needs"
    ax = needs.plot()
    assert widths(bars(ax)["shortfall"]) == [t.total_shortfall for t in needs]
    assert [t.replace("\n", " ") for t in ticks(ax)] == [f"{t.competence} {t.title}" for t in needs]
    counted = [t for t in texts(ax) if t.endswith(("person", "people"))]
    assert counted == [f"{t.count} {'person' if t.count == 1 else 'people'}" for t in needs]
    p = cigref_ecf.job_profile(target, nomenclature=n)
    assert f"{p.code} {p.title}" in ax.get_title().replace("\n", " ")


@NOMENCLATURES
def test_team_heatmap_holds_every_level(n: cigref_ecf.Nomenclature) -> None:
    team = _team(n, 9)
    ax = team.plot()
    image = ax.images[0].get_array()
    assert image is not None
    used = {c for a in team.values() for c in a}
    codes = [c.code for c in n.competences if c.code in used]
    assert ticks(ax, "x") == codes
    assert ticks(ax) == list(team)
    assert image.shape == (len(team), len(codes))
    for i, person in enumerate(team):
        for j, code in enumerate(codes):
            level = team[person].levels.get(code)
            if level is None:
                assert np.ma.is_masked(image[i, j])
            else:
                assert image[i, j] == level


@settings(max_examples=15, deadline=None)
@given(st.lists(assessments(max_size=6), min_size=1, max_size=12))
def test_team_heatmap_property(people: list[cigref_ecf.Assessment]) -> None:
    team = cigref_ecf.read_assessments({f"p{k}": a for k, a in enumerate(people)})
    ax = team.plot()
    if not any(people):
        assert not ax.images
        assert "nothing assessed" in texts(ax)
        return
    image = ax.images[0].get_array()
    assert image is not None
    codes = ticks(ax, "x")
    assert np.ma.count(image) == sum(len(a) for a in people)
    for i, a in enumerate(people):
        row = {codes[j]: image[i, j] for j in range(len(codes))}
        assert {c: int(v) for c, v in row.items() if not np.ma.is_masked(v)} == dict(a)
    plt.close("all")


@NOMENCLATURES
def test_matrix_heatmap_by_family(n: cigref_ecf.Nomenclature) -> None:
    m = cigref_ecf.matrix(nomenclature=n)
    ax = m.plot()
    image = ax.images[0].get_array()
    assert image is not None
    rows = [t.split(" ")[0] for t in ticks(ax)]
    grouped = [code for f in n.families for code in f.profiles]
    assert rows == grouped
    assert ticks(ax, "x") == list(m.columns)
    for i, p in enumerate(rows):
        for j, c in enumerate(m.columns):
            r = m.cells.get((p, c))
            if r is None:
                assert np.ma.is_masked(image[i, j])
            else:
                assert image[i, j] == r.min
    written = texts(ax)
    for _, _, r in m:
        assert str(r) in written
    for f in n.families:
        if f.profiles:
            assert any(t.replace("\n", " ").startswith(f"{f.code} ") for t in written)
    # a line between two families
    assert len(ax.get_lines()) == sum(1 for f in n.families if f.profiles) - 1


# ---------------------------------------------------------------------------- batches


@NOMENCLATURES
def test_batch_chart_best_profiles_and_scores(n: cigref_ecf.Nomenclature) -> None:
    team = _team(n, 40)
    result = cigref_ecf.rank_profiles_batch(team, nomenclature=n)
    best = [row["profile"] for row in result.top(1)]
    counts = {code: best.count(code) for code in set(best)}
    ax = result.plot()
    shown = dict(zip(ticks(ax), widths(bars(ax)["people"]), strict=True))
    assert shown == counts
    assert list(shown.values()) == sorted(shown.values(), reverse=True)

    ax = result.plot(kind="scores")
    heights = [p.get_height() for p in ax.patches if isinstance(p, Rectangle)]
    assert sum(heights) == len(team)
    tops = [max(row["score"] for row in result[p]) for p in result.person_ids]
    expected, _ = np.histogram(tops, bins=np.linspace(0, 1, 21))
    assert heights == list(expected)
    with pytest.raises(InvalidQueryError, match="'best' or 'scores'"):
        result.plot(kind="pie")


def test_empty_results_draw_empty_charts() -> None:
    """Nobody, or nothing to learn: a titled chart with no bar, not an error."""
    nobody = cigref_ecf.rank_profiles_batch({})
    for kind in ("best", "scores"):
        ax = nobody.plot(kind=kind)
        assert sum(p.get_height() for p in ax.patches if isinstance(p, Rectangle)) == 0 or (
            kind == "best" and not bars(ax)["people"].patches
        )
        assert "0 people" in ax.get_title()
    minimums = {r.competence: r.level.min for r in cigref_ecf.job_profile("3.3").competences}
    needs = cigref_ecf.training_needs("3.3", {"ana": minimums})
    assert not needs
    ax = needs.plot()
    assert not bars(ax)["shortfall"].patches
    assert ax.get_title() == "Training needs towards 3.3 Testeur"


def test_batch_chart_without_numpy_engine_agrees() -> None:
    people = {f"p{k}": a for k, a in enumerate(_team(BUNDLED, 12).values())}
    fast = cigref_ecf.rank_profiles_batch(people)
    plain = cigref_ecf.rank_profiles_batch(people, engine="python")
    assert fast.engine == "numpy" and plain.engine == "python"
    a, b = fast.plot(), plain.plot()
    assert ticks(a) == ticks(b)
    assert widths(bars(a)["people"]) == widths(bars(b)["people"])


# ---------------------------------------------------------------------------- every chart


def _charts(n: cigref_ecf.Nomenclature) -> dict[str, Callable[..., Axes]]:
    team = _team(n)
    codes = _profiles(n)
    long_one = max(codes, key=lambda c: len(cigref_ecf.job_profile(c, nomenclature=n).title))
    person = _assessment(n, long_one, 1)
    report = cigref_ecf.gap(long_one, person, nomenclature=n)
    return {
        "gap": report.plot,
        "radar": lambda **kw: report.plot(kind="radar", **kw),
        "ranking": cigref_ecf.rank_profiles(person, limit=10, nomenclature=n).plot,
        "similar": cigref_ecf.similar_profiles(long_one, nomenclature=n).plot,
        "mobility": cigref_ecf.mobility(long_one, person, nomenclature=n).plot,
        "training needs": cigref_ecf.training_needs(long_one, team, nomenclature=n).plot,
        "team": team.plot,
        "matrix": cigref_ecf.matrix(nomenclature=n).plot,
        "batch": cigref_ecf.rank_profiles_batch(team, nomenclature=n).plot,
        "batch scores": lambda **kw: cigref_ecf.rank_profiles_batch(team, nomenclature=n).plot(
            kind="scores", **kw
        ),
    }


@NOMENCLATURES
def test_no_title_or_label_is_clipped(n: cigref_ecf.Nomenclature) -> None:
    for name, chart in _charts(n).items():
        ax = chart()
        assert ax.get_title(), name
        assert_inside(ax)
        plt.close("all")


def test_charts_draw_on_the_given_axes_and_take_axes_properties() -> None:
    for name, chart in _charts(BUNDLED).items():
        figure = plt.figure(figsize=(12, 9), layout="constrained")
        ax = figure.add_subplot(projection="polar" if name == "radar" else None)
        assert chart(ax=ax, xlabel="mon axe", title="Mon titre") is ax, name
        assert ax.get_xlabel() == "mon axe"
        assert ax.get_title() == "Mon titre"
        plt.close("all")


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    charts = _charts(BUNDLED)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    for name, chart in charts.items():
        with pytest.raises(MissingDependencyError, match=r'pip install "cigref-ecf\[plot\]"'):
            chart()
        assert name


def test_importing_the_package_imports_no_matplotlib() -> None:
    import subprocess

    code = (
        "import sys, cigref_ecf; cigref_ecf.gap('3.3', {'B3': 2}); "
        "print(any(m.startswith('matplotlib') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_colours_are_the_colour_blind_safe_ones() -> None:
    report = cigref_ecf.gap("3.3", {"B3": 2, "B4": 1})
    ax = report.plot()
    okabe_ito = {"#0072b2", "#56b4e9", "#d55e00", "#ffffff"}
    for container in bars(ax).values():
        for patch in container.patches:
            assert matplotlib.colors.to_hex(patch.get_facecolor()) in okabe_ito
    team = _team(BUNDLED)
    assert team.plot().images[0].get_cmap().name.startswith("cividis")
    assert math.isfinite(report.score)
