"""The benchmark script runs and writes well-formed results (no timing is asserted here)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
GROUPS = {"import", "load", "queries", "batch", "scale", "files", "cli"}
STATS = ("median", "min", "max", "q1", "q3", "iqr")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    if not SCRIPT.is_file():
        pytest.skip("benchmarks/run.py is not in this tree (sdist)")
    out = tmp_path_factory.mktemp("bench")
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--quick",
            "--sizes",
            "20,40",
            "--output",
            str(out / "results.json"),
            "--markdown",
            str(out / "benchmarks.md"),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return data, (out / "benchmarks.md").read_text(encoding="utf-8")


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@pytest.mark.slow
def test_machine_and_config(results: tuple[dict[str, Any], str]) -> None:
    data, _ = results
    assert data["schema"] == 1
    machine = data["machine"]
    for key in ("platform", "python", "cpu_model", "cores"):
        assert machine[key]
    assert data["config"]["quick"] is True
    assert data["config"]["sizes"] == [20, 40]
    assert data["versions"]["cigref-ecf"]


@pytest.mark.slow
def test_every_metric_is_well_formed(results: tuple[dict[str, Any], str]) -> None:
    data, _ = results
    metrics = data["metrics"]
    assert {m["group"] for m in metrics} == GROUPS
    assert len({m["id"] for m in metrics}) == len(metrics)
    for m in metrics:
        assert m["unit"] in ("s", "MiB"), m
        assert isinstance(m["n"], int) and m["n"] >= 1, m
        assert all(_number(m[k]) for k in STATS), m
        assert m["min"] <= m["median"] <= m["max"], m
        assert m["met"] in (True, False, None), m
        if m["baseline"] is None:
            assert m["ratio"] is None, m
        else:
            assert _number(m["baseline"]["median"]) and m["baseline"]["name"], m
            assert _number(m["ratio"]), m
        if m["goal"] is not None:
            assert m["met"] is not None, m


@pytest.mark.slow
def test_the_issue_measurements_are_present(results: tuple[dict[str, Any], str]) -> None:
    data, _ = results
    ids = {m["id"] for m in data["metrics"]}
    expected = {
        "import.cigref_ecf",
        "load.first",
        "memory.loaded",
        "lookup.competence",
        "search.word",
        "profiles_requiring",
        "matrix.cached",
        "gap.assessment",
        "cli.profile",
        "batch.loop.20",
        "batch.list.40",
        "batch.kernel.40",
        "batch.memory.list.40",
        "scale.single.1000",
    }
    assert expected <= ids
    by_id = {m["id"]: m for m in data["metrics"]}
    assert by_id["batch.loop.40"]["extrapolated"] is True
    details = data["details"]
    assert details["cli"]["importtime"]["top"]
    assert details["import"]["importtime"]["top"]


@pytest.mark.slow
def test_markdown_has_the_results_block(results: tuple[dict[str, Any], str]) -> None:
    _, page = results
    assert "<!-- benchmark-results:start" in page
    assert "<!-- benchmark-results:end -->" in page
    assert "| Measurement | Median |" in page
