"""The one level rule: every entry point that reads an assessed level accepts and refuses exactly
the same values, with the same message (issue 13)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import Assessment, InvalidAssessmentError, InvalidLevelError, cli
from cigref_ecf._model.rules import assessed_level

CODE = "B1"  # defines levels 2..5 ("B1 does not define level 1" is part of what is compared)
PROFILE = "3.2"  # requires B1 at 2-4

level_values = st.one_of(
    st.integers(-2, 8),
    st.floats(min_value=-3, max_value=8),
    st.sampled_from([math.inf, -math.inf, 1e300]),
    st.sampled_from([3.0, 2.5, math.nan, 4.000001, -0.0]),
    st.integers(-1, 7).map(np.int64),
    st.integers(-1, 7).map(np.int8),
    st.integers(0, 7).map(np.uint16),
    st.sampled_from([np.float64(3.0), np.float32(4.0), np.float64(2.5), np.float64("nan")]),
    st.sampled_from([True, False, np.bool_(True), None, pd.NA, pd.NaT, b"3", [3], {"l": 3}]),
    st.sampled_from(
        [
            " 3",
            "3 ",
            "3.0",
            "3,0",
            "4,00",
            "3,5",
            "3,",
            "e-3",
            "E3",
            "e3",
            " e-4 ",
            "e - 2",
            "E-9",
            "e-0",
            "three",
            "2.5",
            "",
            "   ",
            "\t",
            "03",
            "3.00",
            "+3",
            "-3",
            "1e0",
            "３",
            "e-",
            "nan",
            "None",
            "III",
        ]
    ),
    st.text(max_size=6),
)


def expected(value: object) -> tuple[str, object]:
    """What the one rule says for B1: ("ok", level or None) or ("error", message)."""
    try:
        level = assessed_level(value)
    except InvalidLevelError as exc:
        return ("error", str(exc))
    if level is not None and level not in cigref_ecf.competence(CODE).applicable_levels:
        return ("error", f"{CODE} does not define level {level}; its levels are 2, 3, 4, 5")
    return ("ok", level)


def outcome(call: Callable[[], object]) -> tuple[str, object]:
    """Run an entry point: ("ok", B1's level) or ("error", the one problem's message)."""
    try:
        return ("ok", call())
    except InvalidAssessmentError as exc:
        problems = exc.problems
    assert len(problems) == 1, problems
    return ("error", problems[0].message)


def b1_of(report: cigref_ecf.GapReport) -> int | None:
    return next(i.assessed for i in report.items if i.competence == CODE)


def from_rank() -> Callable[[object], object]:
    def call(v: object) -> object:
        ranking = cigref_ecf.rank_profiles({CODE: v})
        return b1_of(next(r for r in ranking if r.profile.code == PROFILE))

    return call


def from_mobility(v: object) -> object:
    options = cigref_ecf.mobility("3.3", {CODE: v}, limit=None)
    return b1_of(next(o.report for o in options if o.profile.code == PROFILE))


def from_training_needs(v: object) -> object:
    # B1 min 2: the shortfall tells 1 (short by 1) and blank (short by 2) from 2..5 (none).
    needs = cigref_ecf.training_needs(PROFILE, {"ana": {CODE: v}})
    short = dict(next((t.people for t in needs if t.competence == CODE), ()))
    return {2: None, 1: 1}.get(short.get("ana", 0), "2-5")


def from_batch(engine: str) -> Callable[[object], object]:
    def call(v: object) -> object:
        rows = cigref_ecf.rank_profiles_batch({"ana": {CODE: v}}, engine=engine)  # type: ignore[arg-type]
        row = next(r for r in rows if r["profile"] == PROFILE)
        return gap_from_row(row)

    return call


def gap_from_row(row: dict[str, Any]) -> object:
    # 3.2 needs 14 level-units; only B1 (min 2) is assessed: shortfall 12 when B1 >= 2.
    return {14: None, 13: 1, 12: "2-5"}[row["shortfall"]]


def coarse(result: tuple[str, object]) -> tuple[str, object]:
    """A level as training needs and the batch can tell it (None, 1, or 2-5)."""
    kind, level = result
    if kind == "ok" and isinstance(level, int) and level >= 2:
        return (kind, "2-5")
    return result


ENTRY_POINTS: dict[str, Callable[[object], object]] = {
    "Assessment.from_mapping": lambda v: Assessment.from_mapping({CODE: v}).get(CODE),
    "Assessment(levels=...)": lambda v: b1_of(
        cigref_ecf.gap(PROFILE, Assessment(levels={CODE: v}))
    ),
    "gap": lambda v: b1_of(cigref_ecf.gap(PROFILE, {CODE: v})),
    "rank_profiles": from_rank(),
    "mobility": from_mobility,
    "read_assessments(mapping)": lambda v: cigref_ecf.read_assessments({"ana": {CODE: v}})[
        "ana"
    ].get(CODE),
    "read_assessments(long DataFrame)": lambda v: cigref_ecf.read_assessments(
        pd.DataFrame(
            {"employee": ["ana"], "competence": [CODE], "level": pd.Series([v], dtype=object)}
        )
    )["ana"].get(CODE),
    "read_assessments(wide DataFrame)": lambda v: cigref_ecf.read_assessments(
        pd.DataFrame({"employee": ["ana"], CODE: pd.Series([v], dtype=object)})
    )["ana"].get(CODE),
}
COARSE_ENTRY_POINTS: dict[str, Callable[[object], object]] = {
    "training_needs": from_training_needs,
    "rank_profiles_batch(python)": from_batch("python"),
    "rank_profiles_batch(numpy)": from_batch("numpy"),
}


@given(value=level_values)
def test_every_entry_point_applies_the_one_rule(value: object) -> None:
    want = expected(value)
    for name, fn in ENTRY_POINTS.items():
        assert outcome(lambda fn=fn: fn(value)) == want, name  # type: ignore[misc]
    for name, fn in COARSE_ENTRY_POINTS.items():
        assert outcome(lambda fn=fn: fn(value)) == coarse(want), name  # type: ignore[misc]


def _json_safe(value: object) -> bool:
    if type(value) is float:
        return math.isfinite(value)
    return value is None or type(value) in (int, bool, str)


@given(value=level_values)
def test_text_entry_points_agree(value: object) -> None:
    """JSON carries ints, floats, strings, booleans and null; CSV carries strings (its cells are
    stripped, as the rule strips them)."""
    if _json_safe(value):
        want = expected(value)
        text = json.dumps({CODE: value})
        assert outcome(lambda: Assessment.from_json(text).get(CODE)) == want
        team = json.dumps({"ana": {CODE: value}})
        assert outcome(lambda: cigref_ecf.read_assessments(team)["ana"].get(CODE)) == want
        records = json.dumps([{"person": "ana", "competence": CODE, "level": value}])
        assert outcome(lambda: cigref_ecf.read_assessments(records)["ana"].get(CODE)) == want
    if isinstance(value, str) and "\x00" not in value and value.isprintable():
        want = expected(value.strip())
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([["competence", "level"], [CODE, value]])
        one = buffer.getvalue()
        assert outcome(lambda: Assessment.from_csv(one).get(CODE)) == want
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(
            [["matricule", "compétence", "niveau"], ["ana", CODE, value]]
        )
        many = buffer.getvalue()
        assert outcome(lambda: cigref_ecf.read_assessments(many)["ana"].get(CODE)) == want


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.sampled_from(
        ["3", " 4", "e-3", "E5", "3.0", "", "2.5", "three", "1", "e-9", "0", "TRUE", "5 "]
    )
)
def test_the_cli_applies_the_one_rule(value: object, tmp_path: Path) -> None:
    assert isinstance(value, str)
    path = tmp_path / "team.csv"
    path.write_text(f"employee,competence,level\nana,{CODE},{value}\n", encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = cli.main(["gap", "--profile", PROFILE, str(path), "--format", "json"])
    kind, want = expected(value)
    if kind == "error":
        assert status == 1
        assert f"row 2: {want}" in stderr.getvalue()
    else:
        assert status == 0, stderr.getvalue()
        items = json.loads(stdout.getvalue())[0]["items"]
        assert next(i["assessed"] for i in items if i["competence"] == CODE) == want
