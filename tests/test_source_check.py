"""The data agrees with the source document (tools/check_source.py)."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

import pytest

from .conftest import SOURCE, load_tool

TOOL = load_tool("check_source")


@pytest.fixture(scope="module")
def source() -> Any:
    return TOOL.Source(SOURCE.read_text(encoding="utf-8"))


def _doc() -> Any:
    return json.loads((files("cigref_ecf") / "data" / "nomenclature.json").read_text("utf-8"))


def test_bundled_data_agrees_with_the_source(source: Any) -> None:
    assert TOOL.check(_doc(), source) == []


def test_the_check_catches_an_invented_text(source: Any) -> None:
    doc = _doc()
    doc["profiles"][0]["mission"] += "\n\nUne phrase inventée."
    doc["competences"][3]["levels"][0]["description"] = "Invented descriptor."
    problems = TOOL.check(doc, source)
    assert any("$.profiles[0].mission#" in p for p in problems)
    assert any("$.competences[3].levels[0].description" in p for p in problems)


def test_the_check_catches_a_changed_level(source: Any) -> None:
    doc = _doc()
    # A profile competence whose three signals agree and that has no erratum.
    explained = {(e["profile"], e["competence"]) for e in doc["errata"]}
    for p in doc["profiles"]:
        for r in p["competences"]:
            if (p["code"], r["competence"]) not in explained and r["level"] == "3":
                r["level"] = "4" if r["level"] != "4" else "3"
                problems = TOOL.check(copy.deepcopy(doc), source)
                assert any(f"{p['code']} {r['competence']} level 4" in x for x in problems)
                return
    pytest.fail("no unexplained level 3 found")


def test_the_check_catches_a_wrong_annex1_value(source: Any) -> None:
    doc = _doc()
    doc["profiles"][2]["annex1"]["values"][0] = "1"
    problems = TOOL.check(doc, source)
    assert any(p.startswith("$.profiles[2].annex1:") for p in problems)


def test_normalize() -> None:
    assert TOOL.normalize("<p>a  **b**,\tc</p>") == "a b, c"
    assert TOOL.loose("Authorizes the organization's") == TOOL.loose("authorises the organisations")


def test_an_erratum_on_another_field_does_not_excuse_a_level(source: Any) -> None:
    doc = _doc()
    level_fields = {"level", "annex1", "descriptor"}
    other_only = {
        (e["profile"], e["competence"])
        for e in doc["errata"]
        if e["profile"] and e["competence"] and e["field"] not in level_fields
    } - {(e["profile"], e["competence"]) for e in doc["errata"] if e["field"] in level_fields}
    assert other_only
    code, competence = sorted(other_only)[0]
    profile = next(p for p in doc["profiles"] if p["code"] == code)
    requirement = next(r for r in profile["competences"] if r["competence"] == competence)
    requirement["level"] = "1" if requirement["level"] != "1" else "2"
    problems = TOOL.check(doc, source)
    assert any(f"{code} {competence} level" in p for p in problems), problems
