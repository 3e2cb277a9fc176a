"""The data agrees with the source document (tools/check_source.py)."""

from __future__ import annotations

import copy
import json
import sys
from importlib.resources import files
from typing import Any

import pytest

from .conftest import SOURCE, load_tool

TOOL = load_tool("check_source")
TOOL_TEXT = sys.modules["source_check.text"]
COMPETENCES = sys.modules["source_check.competences"]


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


def test_codes_match_on_word_boundaries() -> None:
    text = TOOL_TEXT.normalize("D10. Information and Knowledge Management")
    assert not TOOL_TEXT.names_code(text, "D1")
    assert TOOL_TEXT.names_code(text, "D10")
    assert TOOL_TEXT.names_code("E8. . Information Security Management", "E8")
    assert TOOL_TEXT.names_code("A.2. Service Level Management", "A2")
    assert not TOOL_TEXT.names_code("BA2 or A21", "A2")


def test_printed_labels_make_levels() -> None:
    labels = COMPETENCES.labels_requirement
    assert labels([]) is None
    assert labels([(None, 3)]) == "3"
    assert labels([(None, 2), ("And", 4)]) == "2-4"
    assert labels([(None, 1), ("Or", 3)]) == "1/3"
    assert labels([(None, 2), (None, 3)]) == "2-3"


def test_an_erratum_must_quote_its_line(source: Any) -> None:
    doc = _doc()
    erratum = next(e for e in doc["errata"] if e["id"] == "E058")
    erratum["excerpt"] = None
    assert any(
        p.startswith(f"$.errata[{doc['errata'].index(erratum)}].excerpt")
        for p in TOOL.check(doc, source)
    )
    assert TOOL.check(doc, source, strict=False) == []


def test_a_lead_in_posing_as_a_task_is_reported(source: Any) -> None:
    doc = _doc()
    index, p = next((i, p) for i, p in enumerate(doc["profiles"]) if p["code"] == "5.1")
    group = p["activities"][1]
    group["tasks"].insert(0, group.pop("intro"))
    group["intro"] = None
    problems = TOOL.check(doc, source)
    assert any(
        x.startswith(f"$.profiles[{index}].activities[1].tasks[0]") and "lead-in" in x
        for x in problems
    ), problems


def test_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    assert TOOL.main([]) == 0
    assert "0 problem(s)" in capsys.readouterr().err
    doc = _doc()
    doc["competences"][0]["knowledge"].pop()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert TOOL.main(["--data", str(bad)]) == 1
    out = capsys.readouterr()
    assert "$.competences[0] (Annex 2 A1): line" in out.out
    assert "problem(s)" in out.err
