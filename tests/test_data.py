"""The bundled data file: schema, round trip, errors with JSON paths."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from importlib.resources import files
from typing import Any

import jsonschema
import pytest

import cigref_ecf
from cigref_ecf import DataError, Nomenclature
from cigref_ecf._model.converter import unstructure

from .conftest import ROOT


def _raw() -> Any:
    return json.loads((files("cigref_ecf") / "data" / "nomenclature.json").read_text("utf-8"))


def _schema() -> Any:
    return json.loads(
        (files("cigref_ecf") / "data" / "nomenclature.schema.json").read_text("utf-8")
    )


def test_bundled_file_validates_against_its_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(_schema())
    jsonschema.validate(_raw(), _schema(), cls=jsonschema.Draft202012Validator)


def test_schema_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_schema.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_round_trip_is_exact(nomenclature: Nomenclature) -> None:
    assert unstructure(nomenclature) == _raw()


def test_round_trip_keeps_key_order(nomenclature: Nomenclature) -> None:
    text = json.dumps(unstructure(nomenclature), ensure_ascii=False, indent=2) + "\n"
    assert text == (files("cigref_ecf") / "data" / "nomenclature.json").read_text("utf-8")


def test_load_is_cached(nomenclature: Nomenclature) -> None:
    assert cigref_ecf.load() is nomenclature


def test_load_json_of_the_bundled_text_is_equal(nomenclature: Nomenclature) -> None:
    text = json.dumps(_raw())
    other = cigref_ecf.load_json(text)
    assert other is not nomenclature
    assert unstructure(other) == unstructure(nomenclature)
    assert cigref_ecf.competence("B3", nomenclature=other) is not cigref_ecf.competence("B3")


def test_meta() -> None:
    meta = cigref_ecf.load().meta
    assert meta.ecf_version == "2.0"
    assert meta.cigref_version == "2010"
    assert "CIGREF" in meta.notice and "CEN" in meta.notice


def _problems(data: Any) -> list[str]:
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(json.dumps(data))
    assert isinstance(info.value, ValueError)
    return [str(p) for p in info.value.problems]


def test_structural_errors_have_json_paths() -> None:
    data = _raw()
    data["profiles"][3]["competences"][1]["level"] = "7"
    data["competences"][2]["knowledge"][0] = 5
    data["families"][0]["extra"] = True
    del data["profiles"][0]["title"]
    problems = _problems(data)
    level = "$.profiles[3] (1.4).competences[1].level:"
    assert any(p.startswith(level) for p in problems), problems
    assert any(p.startswith("$.competences[2].knowledge[0]:") for p in problems), problems
    assert any("extra" in p and p.startswith("$.families[0]") for p in problems), problems
    assert any(p.startswith("$.profiles[0]") and "title" in p for p in problems), problems


def test_reference_errors_list_every_problem() -> None:
    data = _raw()
    data["profiles"][0]["competences"][0]["competence"] = "Z9"
    levels = data["competences"][0]["levels"]
    data["competences"][0]["levels"] = [levels[-1], *levels[:-1]]
    data["profiles"][1]["family"] = 99
    problems = _problems(data)
    assert any("$.profiles[0] (1.1).competences[0].competence" in p and "Z9" in p for p in problems)
    assert any("$.competences[0].levels" in p and "contiguous" in p for p in problems)
    assert any("$.profiles[1] (1.2).family" in p for p in problems)


def test_inapplicable_required_level() -> None:
    data = _raw()
    profile = next(
        p for p in data["profiles"] if any(r["competence"] == "A1" for r in p["competences"])
    )
    index = next(i for i, r in enumerate(profile["competences"]) if r["competence"] == "A1")
    profile["competences"][index]["level"] = "2"
    problems = _problems(data)
    assert any("A1 does not define level 2; its levels are 4, 5" in p for p in problems), problems


def test_duplicate_codes() -> None:
    data = _raw()
    data["competences"].append(copy.deepcopy(data["competences"][0]))
    problems = _problems(data)
    assert any("duplicate code 'A1'" in p for p in problems)


@pytest.mark.parametrize("text", ["", "[]", "{", "null", '"x"'])
def test_not_a_nomenclature(text: str) -> None:
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(text)
    assert info.value.problems[0].path == "$"


def test_error_message_is_readable() -> None:
    data = _raw()
    data["profiles"][0]["family"] = 1
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(json.dumps(data), source="company.json")
    first, *rest = str(info.value).splitlines()
    assert first == "1 problem found in company.json"
    assert rest == ["  $.profiles[0] (1.1).family: expected a string, got int: 1"]


def test_load_path(tmp_path: Any) -> None:
    path = tmp_path / "n.json"
    path.write_text(json.dumps(_raw()), encoding="utf-8")
    other = cigref_ecf.load(path)
    assert len(other.profiles) == 33
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(DataError, match=str(path).replace("\\", "\\\\")):
        cigref_ecf.load(path)


def test_long_error_messages_are_capped() -> None:
    from cigref_ecf.exceptions import SHOWN_PROBLEMS

    data = _raw()
    for p in data["profiles"]:
        p["family"] = 99
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(json.dumps(data))
    lines = str(info.value).splitlines()
    assert len(info.value.problems) > SHOWN_PROBLEMS
    assert len(lines) == SHOWN_PROBLEMS + 2
    assert lines[-1].endswith("more (see .problems)")


def test_errata_are_typed(nomenclature: Nomenclature) -> None:
    assert nomenclature.errata
    for e in nomenclature.errata:
        assert isinstance(e.kind, cigref_ecf.ErratumKind)
    data = _raw()
    data["errata"][0]["kind"] = "nonsense"
    problems = _problems(data)
    assert any(p.startswith("$.errata[0].kind:") and "'level-conflict'" in p for p in problems)
