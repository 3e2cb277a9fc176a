"""A company's own nomenclature: company codes, minimal profiles, one-pass checks, equality."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import (
    CompetenceRequirement,
    DataError,
    Family,
    JobProfile,
    UnknownCodeError,
)
from cigref_ecf._model.rules import CODE_SHAPES, code_shape


def company_data() -> dict[str, Any]:
    """A complete company file: the e-CF part of the bundled data, the company's own families
    and profiles, no provenance, no CIGREF convention."""
    data: dict[str, Any] = cigref_ecf.to_data()
    data["meta"] = {"data_version": "2026.1", "source": "ACME job architecture"}
    data["families"] = [
        {"code": "DATA", "title": "Data"},
        {"code": "IT-ARCH", "title": "Architecture", "description": "Architects."},
    ]
    data["profiles"] = [
        {
            "code": "DATA-ENG",
            "family": "DATA",
            "title": "Data engineer",
            "competences": [
                {"competence": "B1", "level": "3"},
                {"competence": "B3", "level": "2"},
            ],
        },
        {
            "code": "DATA-SCI",
            "family": "DATA",
            "title": "Data scientist",
            "competences": [{"competence": "A7", "level": "4"}, {"competence": "B1", "level": "2"}],
        },
        {
            "code": "IT-ARCH-03",
            "family": "IT-ARCH",
            "title": "Enterprise architect",
            "mission": "Designs the information system.",
            "competences": [{"competence": "A1", "level": "4"}, {"competence": "A5", "level": "4"}],
        },
    ]
    data["errata"] = []
    return data


@pytest.fixture(scope="module")
def company() -> cigref_ecf.Nomenclature:
    return cigref_ecf.load_json(json.dumps(company_data()), source="acme.json")


def test_company_codes_in_every_lookup(company: cigref_ecf.Nomenclature) -> None:
    n = company
    assert cigref_ecf.job_profile("DATA-ENG", nomenclature=n).title == "Data engineer"
    assert cigref_ecf.job_profile(" data-eng ", nomenclature=n).code == "DATA-ENG"
    assert cigref_ecf.get_job_profile("it-arch-03", nomenclature=n) is not None
    assert cigref_ecf.is_profile_code("Data-Sci", nomenclature=n)
    assert cigref_ecf.family("data", nomenclature=n).profiles == ("DATA-ENG", "DATA-SCI")
    assert [p.code for p in cigref_ecf.job_profiles("DATA", nomenclature=n)] == [
        "DATA-ENG",
        "DATA-SCI",
    ]
    with pytest.raises(UnknownCodeError) as info:
        cigref_ecf.job_profile("DATA-ENGG", nomenclature=n)
    assert info.value.suggestions[0] == "DATA-ENG"
    with pytest.raises(UnknownCodeError, match="did you mean 'DATA'"):
        cigref_ecf.family("DAT", nomenclature=n)
    assert str(cigref_ecf.matrix(nomenclature=n).cell("data-eng", "b1")) == "3"
    assert [p.code for p in cigref_ecf.profiles_requiring("B1", at_least=3, nomenclature=n)] == [
        "DATA-ENG"
    ]
    hits = cigref_ecf.search("data-eng", nomenclature=n)
    assert (hits[0].kind, hits[0].code) == ("profile", "DATA-ENG")
    assert cigref_ecf.search("data", kind="family", nomenclature=n)[0].code == "DATA"
    report = cigref_ecf.gap("data-eng", {"B1": 3, "B3": 1}, nomenclature=n)
    assert (report.met, report.required) == (1, 2)
    ranked = cigref_ecf.rank_profiles({"B1": 3, "B3": 2}, family="data", nomenclature=n)
    assert [r.profile.code for r in ranked] == ["DATA-ENG", "DATA-SCI"]


def test_cigref_lookups_stay_tolerant() -> None:
    assert cigref_ecf.family(3) is cigref_ecf.family("3") is cigref_ecf.family(" 03 ")
    assert cigref_ecf.job_profile("3.2").family == "3"
    assert cigref_ecf.family(cigref_ecf.family(3)).code == "3"
    with pytest.raises(UnknownCodeError, match="did you mean '7'"):
        cigref_ecf.family(9)


def test_minimal_profile_in_code() -> None:
    p = JobProfile(
        code="DATA-ENG",
        family="DATA",
        title="Data engineer",
        competences=[CompetenceRequirement(competence="B1", level="3")],
    )
    assert p.mission == "" and p.activities == () and p.career is None and p.annex1 is None
    n = cigref_ecf.extend(families=[Family(code="DATA", title="Data")], profiles=[p])
    assert n.meta.convention is None  # a company code: no longer the CIGREF convention
    assert cigref_ecf.family("DATA", nomenclature=n).profiles == ("DATA-ENG",)
    assert cigref_ecf.job_profile("3.2", nomenclature=n) == cigref_ecf.job_profile("3.2")


def test_cigref_convention_applies_only_when_declared() -> None:
    data = company_data()
    assert cigref_ecf.load_json(json.dumps(data)).meta.convention is None
    data["meta"]["convention"] = "cigref"
    problems = {p.path: p.message for p in cigref_ecf.validate_json(json.dumps(data))}
    assert "expected a CIGREF code such as '3.2'" in problems["$.profiles[0] (DATA-ENG).code"]
    assert "CIGREF family number" in problems["$.families[0] (DATA).code"]
    data["meta"]["convention"] = "acme"
    problems = {p.path: p.message for p in cigref_ecf.validate_json(json.dumps(data))}
    assert "unknown convention 'acme'" in problems["$.meta.convention"]


def test_code_shapes_refuse_a_trailing_newline() -> None:
    assert not code_shape("competence", "A1\n")
    assert not code_shape("code", "DATA\n")
    assert code_shape("code", "IT-ARCH-03") and code_shape("code", "3.2")
    data = company_data()
    data["profiles"][0]["code"] = "DATA-ENG\n"
    problems = cigref_ecf.validate_json(json.dumps(data))
    assert any(p.path.endswith(".code") and "malformed profile code" in p.message for p in problems)


def test_schema_patterns_agree_with_the_code_shapes() -> None:
    import re

    schema = cigref_ecf.json_schema()
    pattern = schema["$defs"]["JobProfile"]["properties"]["code"]["pattern"]
    for text in ("DATA-ENG", "3.2", "DATA-ENG\n", "a b", "-X", "X" * 41):
        assert bool(re.search(pattern, text)) == code_shape("code", text), text
    assert CODE_SHAPES["code"][0] in pattern


def test_ten_mistakes_in_one_report() -> None:
    data = company_data()
    eng, sci, arch = data["profiles"]
    del eng["title"]  # 1 structure
    eng["competences"][0]["level"] = "7"  # 2 structure
    sci["competences"].append({"competence": "B9", "level": "2"})  # 3 reference
    sci["competences"].append({"competence": "B3", "level": "5"})  # 4 inapplicable level
    arch["family"] = "IT-ARC"  # 5 unknown family, near miss
    data["families"][0]["profiles"] = ["DATA-ENG", "DATA-SCI", "DATA-ENGG"]  # 7 unknown profile
    data["profiles"].append(
        {"code": "data-sci", "family": "DATA", "title": "Twin", "competences": []}
    )  # 8 duplicate code (case-insensitive) 9 no competences
    data["profiles"].append(
        {
            "code": "BAD CODE",
            "family": "DATA",
            "title": "Bad",
            "other_titles": [3],
            "competences": [
                {"competence": "A1", "level": "4"},
                {"competence": "A1", "level": "5"},
            ],
        }
    )  # 10 structure (other_titles[0])
    data["profiles"].append(
        {
            "code": "OPS",
            "family": "DATA",
            "title": "Ops",
            "salary": 1,
            "competences": [{"competence": "C1", "level": "9"}],
        }
    )  # 6 extra field, 11 level out of range
    data["profiles"].append(
        {
            "code": "QA",
            "family": "DATA",
            "title": "QA",
            "competences": [{"competence": "B3", "level": "2"}, {"competence": "B3", "level": "3"}],
        }
    )  # 12 competence listed twice
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(json.dumps(data), source="acme.json")
    problems = [str(p) for p in info.value.problems]
    expected = [
        "$.profiles[0] (DATA-ENG).title",
        "$.profiles[0] (DATA-ENG).competences[0].level",
        "$.profiles[1] (DATA-SCI).competences[2].competence: unknown competence 'B9'",
        "$.profiles[1] (DATA-SCI).competences[3].level: B3 does not define level 5",
        "$.profiles[2] (IT-ARCH-03).family: unknown family 'IT-ARC'; did you mean 'IT-ARCH'?",
        "$.profiles[5] (OPS): extra fields found (salary)",
        "$.families[0] (DATA).profiles[2]: unknown job profile 'DATA-ENGG'; did you mean",
        "$.profiles[3] (data-sci).competences: a job profile needs at least one",
        "$.profiles[3] (data-sci).code: duplicate code 'data-sci'",
        "$.profiles[4] (BAD CODE).other_titles[0]",
        "$.profiles[5] (OPS).competences[0].level",
        "$.profiles[6] (QA).competences[1].competence: competence B3 is listed twice",
    ]
    text = "\n".join(problems)
    missing = [e for e in expected if not any(p.startswith(e) or e in p for p in problems)]
    assert not missing, text
    assert len(problems) >= 10
    for p in info.value.problems:
        if p.path.startswith("$.profiles"):
            assert p.path.split(")")[0].split(" (")[1], p


def test_structure_and_references_together_name_the_profile() -> None:
    data = company_data()
    data["profiles"][1]["competences"][0]["level"] = 3  # structure: not a string
    data["profiles"][2]["competences"][0]["competence"] = "Z1"  # reference, other profile
    paths = [p.path for p in cigref_ecf.validate_json(json.dumps(data))]
    assert "$.profiles[1] (DATA-SCI).competences[0].level" in paths
    assert "$.profiles[2] (IT-ARCH-03).competences[0].competence" in paths
    # a family listing a profile that failed to structure is not reported a second time
    assert not any(p.startswith("$.families") for p in paths)


def test_slips_are_normalised_with_notes() -> None:
    data = company_data()
    data["profiles"][0]["competences"] = [
        {"competence": "b3", "level": "2"},
        {"competence": "B.1", "level": "3"},
    ]
    notes: list[cigref_ecf.Problem] = []
    n = cigref_ecf.load_json(json.dumps(data), notes=notes)
    p = cigref_ecf.job_profile("DATA-ENG", nomenclature=n)
    assert [r.competence for r in p.competences] == ["B1", "B3"]
    shown = [str(x) for x in notes]
    assert "$.profiles[0] (DATA-ENG).competences[0].competence: 'b3' read as B3" in shown
    assert any("framework order: B1, B3" in x for x in shown)
    # the bundled data admits no slip: it is checked strictly
    bundled = cigref_ecf.to_data()
    reqs = bundled["profiles"][9]["competences"]
    reqs[0], reqs[1] = reqs[1], reqs[0]
    from cigref_ecf._model.catalog import build

    with pytest.raises(DataError, match="out of framework order"):
        build(bundled, strict=True)


def test_provenance_is_optional_and_its_errors_say_how_to_fix_them() -> None:
    data = cigref_ecf.to_data()
    p = data["profiles"][9]
    assert p["code"] == "3.2"
    p["competences"] = [r for r in p["competences"] if r["competence"] != "A6"]
    problems = cigref_ecf.validate_json(json.dumps(data))
    assert [x.path for x in problems] == ["$.profiles[9] (3.2).annex1.alignment[0]"]
    assert "delete its annex1" in problems[0].message
    del p["annex1"]
    n = cigref_ecf.load_json(json.dumps(data))
    assert cigref_ecf.job_profile("3.2", nomenclature=n).annex1 is None


def test_round_trip_is_equal(company: cigref_ecf.Nomenclature) -> None:
    bundled = cigref_ecf.load()
    again = cigref_ecf.load_json(cigref_ecf.to_json(bundled))
    assert again == bundled and again is not bundled and hash(again) == hash(bundled)
    back = cigref_ecf.load_json(cigref_ecf.to_json(company))
    assert back == company and hash(back) == hash(company)
    assert back != bundled
    assert pickle.loads(pickle.dumps(company)) == company
    renamed = cigref_ecf.to_data(company)
    renamed["profiles"][0]["title"] = "Data engineer II"
    assert cigref_ecf.load_json(json.dumps(renamed)) != company
    assert len({bundled, again, company, back}) == 2


@given(st.sampled_from(["DATA-ENG", "DATA-SCI", "IT-ARCH-03"]), st.data())
def test_company_codes_any_case(code: str, data: st.DataObject) -> None:
    n = _COMPANY
    spelled = "".join(data.draw(st.sampled_from([ch.lower(), ch.upper()])) for ch in code)
    assert cigref_ecf.job_profile(spelled, nomenclature=n).code == code
    assert cigref_ecf.get_job_profile(f" {spelled} ", nomenclature=n) is not None


_COMPANY = cigref_ecf.load_json(json.dumps(company_data()))


def test_hostile_sizes_are_bounded() -> None:
    text = json.dumps({"meta": {}, "profiles": [{}] * 100_000})
    problems = cigref_ecf.validate_json(text)
    assert any("100000 items, over the limit of 10000" in p.message for p in problems)
    many = json.dumps({"meta": {}, "profiles": [{}] * 10_000})
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(many)
    assert len(info.value.problems) == 1000 and info.value.omitted > 0
    assert "more not collected" in str(info.value)
    overlay = json.dumps({"base": "cigref", "add_profiles": [{"code": "X"}] * 10_000})
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(overlay)
    assert len(info.value.problems) == 1000 and info.value.omitted > 0
    assert info.value.problems[0].path == "$.add_profiles[0] (X).family"


# ---------------------------------------------------------------------------- overlays

OVERLAY: dict[str, Any] = {
    "base": "cigref",
    "meta": {"data_version": "2026.1", "source": "ACME IT job architecture"},
    "add_families": [{"code": "DATA", "title": "Data"}],
    "add_profiles": [
        {
            "code": "DATA-ENG",
            "family": "DATA",
            "title": "Data engineer",
            "competences": [
                {"competence": "B3", "level": "2"},
                {"competence": "b1", "level": "3"},
            ],
        }
    ],
    "remove_profiles": ["7.5"],
    "rename_profiles": {"3.2": "Développeur"},
    "set_levels": {"3.2": {"B1": "3", "A6": None, "C1": "2"}},
}


def test_overlay_merges_onto_the_bundled_data(tmp_path: Any) -> None:
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(OVERLAY, ensure_ascii=False), encoding="utf-8")
    notes: list[cigref_ecf.Problem] = []
    n = cigref_ecf.load(path, notes=notes)
    bundled = cigref_ecf.load()
    assert len(n.profiles) == len(bundled.profiles)  # one added, one removed
    assert cigref_ecf.get_job_profile("7.5", nomenclature=n) is None
    assert "7.5" not in cigref_ecf.family(7, nomenclature=n).profiles
    p = cigref_ecf.job_profile("3.2", nomenclature=n)
    assert p.title == "Développeur" and p.annex1 is None
    assert [(r.competence, str(r.level)) for r in p.competences][:3] == [
        ("A8", "3"),
        ("B1", "3"),
        ("B2", "2"),
    ]
    assert str(p.requirement("C1")) == "2" and p.requirement("A6") is None
    eng = cigref_ecf.job_profile("data-eng", nomenclature=n)
    assert [r.competence for r in eng.competences] == ["B1", "B3"]
    assert cigref_ecf.family("DATA", nomenclature=n).profiles == ("DATA-ENG",)
    assert n.meta.data_version == "2026.1" and n.meta.convention is None
    assert not [e for e in n.errata if e.profile in ("3.2", "7.5")]
    shown = "\n".join(str(x) for x in notes)
    assert "provenance of profile 3.2" in shown and "'b1' read as B1" in shown
    assert cigref_ecf.load_json(cigref_ecf.to_json(n)) == n
    assert cigref_ecf.load() is bundled and cigref_ecf.job_profile("3.2").title != "Développeur"
    ranked = cigref_ecf.rank_profiles({"B1": 3, "B3": 2}, family="DATA", nomenclature=n)
    assert [r.profile.code for r in ranked] == ["DATA-ENG"]


def test_overlay_on_the_ecf_alone() -> None:
    overlay = {
        "base": "e-cf",
        "add_families": company_data()["families"],
        "add_profiles": company_data()["profiles"],
    }
    n = cigref_ecf.load_json(json.dumps(overlay))
    assert [p.code for p in n.profiles] == ["DATA-ENG", "DATA-SCI", "IT-ARCH-03"]
    assert len(n.competences) == 36 and not n.errata
    assert n.profiles == cigref_ecf.load_json(json.dumps(company_data())).profiles


def test_overlay_problems_point_into_the_overlay() -> None:
    overlay = json.loads(json.dumps(OVERLAY))
    overlay["remove_profiles"] = ["7.9"]
    overlay["rename_profiles"] = {"3.22": "x"}
    overlay["set_levels"] = {"3.2": {"B9": "2", "B3": "9", "D6": None}}
    overlay["add_profiles"][0]["competences"][0]["level"] = "5"
    overlay["add_profiles"].append(
        {"code": "3.3", "family": "3", "title": "Twin", "competences": []}
    )
    overlay["add_families"].append({"code": "DATA", "title": "Again"})
    problems = [str(p) for p in cigref_ecf.validate_json(json.dumps(overlay))]
    text = "\n".join(problems)
    for expected in (
        "$.remove_profiles[0]: cannot remove '7.9': the base has no such profile; did you mean",
        "$.rename_profiles['3.22']: cannot rename '3.22'",
        "$.set_levels['3.2']['B9']: unknown competence 'B9'",
        "$.set_levels['3.2']['B3']: invalid level",
        "$.set_levels['3.2']['D6']: profile 3.2 does not require D6",
        "$.add_profiles[1] (3.3).code: profile 3.3 is already in the base: use replace_profiles",
        "$.add_families[1] (DATA).code: family DATA is already added by $.add_families[0] (DATA)",
        "$.add_profiles[0] (DATA-ENG).competences[1].level: B3 does not define level 5",
    ):
        assert expected in text, text
    bad = {"base": "acme"}
    assert [str(p) for p in cigref_ecf.validate_json(json.dumps(bad))] == [
        "$.base: unknown base 'acme'; expected 'cigref' or 'e-cf'"
    ]
    typo = {"base": "cigref", "add_profile": []}
    assert [str(p) for p in cigref_ecf.validate_json(json.dumps(typo))] == [
        "$: extra fields found ('add_profile': did you mean 'add_profiles'?)"
    ]


def test_overlay_removes_and_renames_families() -> None:
    overlay = {
        "base": "cigref",
        "add_families": [{"code": "DATA", "title": "Data"}],
        "rename_families": {"3": "Build", " 4 ": "Run"},
        "remove_families": ["7"],
        "replace_profiles": [
            {
                "code": "7.5",
                "family": "data",
                "title": "Responsable d'études data",
                "competences": [{"competence": "B1", "level": "3"}],
            }
        ],
        "remove_profiles": ["7.1", "7.2", "7.3", "7.4"],
    }
    notes: list[cigref_ecf.Problem] = []
    n = cigref_ecf.load_json(json.dumps(overlay), notes=notes)
    assert [(f.code, f.title) for f in n.families][2:] == [
        ("3", "Build"),
        ("4", "Run"),
        ("5", cigref_ecf.family(5).title),
        ("6", cigref_ecf.family(6).title),
        ("DATA", "Data"),
    ]
    assert cigref_ecf.family("DATA", nomenclature=n).profiles == ("7.5",)
    assert cigref_ecf.job_profile("7.5", nomenclature=n).family == "DATA"
    assert n.meta.convention is None  # 7.5 no longer in family 7: CIGREF's rules do not hold
    with pytest.raises(cigref_ecf.UnknownCodeError, match="unknown family code: 7;"):
        cigref_ecf.family(7, nomenclature=n)
    assert [str(d) for d in cigref_ecf.diff(cigref_ecf.load(), n)][:4] == [
        "~ family renamed 3: Cycle de vie des applications -> Build",
        f"~ family renamed 4: {cigref_ecf.family(4).title} -> Run",
        "- family removed 7: Management opérationnel",
        "+ family added DATA: Data",
    ]
    assert "$.replace_profiles[0] (7.5).family: 'data' read as DATA" in [str(x) for x in notes]


def test_overlay_family_mistakes_are_explained() -> None:
    overlay = {
        "base": "cigref",
        "add_families": [{"code": "DATA", "title": "Data"}],
        "rename_families": {"33": "Build", "DATA": "Data!"},
        "remove_families": ["7", "DATA", "6", "6"],
        "add_profiles": [
            {
                "code": "DATA-ENG",
                "family": "6",
                "title": "Data engineer",
                "competences": [{"competence": "B1", "level": "3"}],
            }
        ],
        "remove_profiles": ["6.1", "6.2", "6.3", "7.1"],
    }
    problems = [str(p) for p in cigref_ecf.validate_json(json.dumps(overlay))]
    assert problems == [
        "$.rename_families['33']: cannot rename '33': the base has no such family (its families: "
        "'1', '2', '3', '4', '5', '6', '7'); did you mean '3'?",
        "$.rename_families['DATA']: cannot rename 'DATA': the base has no such family (its "
        "families: '1', '2', '3', '4', '5', '6', '7')",
        "$.remove_families[0]: cannot remove family 7: it still has profiles '7.2', '7.3', "
        "'7.4', '7.5' after the other changes; remove them (remove_profiles) or move them to "
        "another family (replace_profiles)",
        "$.remove_families[1]: cannot remove 'DATA': it is not a family of the base "
        "($.add_families[0] (DATA) adds it)",
        "$.remove_families[2]: cannot remove family 6: it still has profiles 'DATA-ENG' after "
        "the other changes; remove them (remove_profiles) or move them to another family "
        "(replace_profiles)",
        "$.remove_families[3]: cannot remove family 6: it still has profiles 'DATA-ENG' after "
        "the other changes; remove them (remove_profiles) or move them to another family "
        "(replace_profiles)",
    ]
    on_ecf = {"base": "e-cf", "rename_families": {"3": "Build"}, "remove_families": ["3"]}
    assert [str(p) for p in cigref_ecf.validate_json(json.dumps(on_ecf))] == [
        "$.rename_families['3']: cannot rename '3': the base has no families",
        "$.remove_families[0]: cannot remove '3': the base has no families",
    ]
    twice = {"base": "cigref", "remove_families": ["5", "5"], "remove_profiles": ["5.1", "5.2"]}
    assert [str(p) for p in cigref_ecf.validate_json(json.dumps(twice))] == [
        "$.remove_families[1]: cannot remove '5': $.remove_families[0] removes it"
    ]


def test_overlay_reports_every_mistake_at_once() -> None:
    """Mistakes of every kind, structural and of the merge, in one report in the file's order;
    a record that does not structure hides nothing else and causes no second problem."""
    overlay = {
        "base": "cigref",
        "add_families": [{"code": "DATA", "title": "Data"}, {"code": "SEC"}],
        "rename_families": {"3": 3, "9": "Ops"},
        "remove_families": ["6", 7, "5"],
        "add_profiles": [
            {
                "code": "DATA-ENG",
                "family": "DATA",
                "title": "Data engineer",
                "competences": [{"competence": "B1", "level": "nine"}],
            },
            {
                "code": "SEC-OFF",
                "family": "SEC",
                "title": "Security officer",
                "competences": [{"competence": "E8", "level": "4"}],
            },
            {
                "code": "DATA-SCI",
                "family": "DTA",
                "title": "Data scientist",
                "competences": [{"competence": "B3", "level": "5"}],
            },
        ],
        "replace_profiles": [
            {"code": "6.1", "family": "DATA", "title": "Moved", "competences": "B1"},
            {"code": "5.1", "title": "Moved", "competences": []},
        ],
        "remove_profiles": ["6.2", "6.3", "7.9", None],
        "rename_profiles": {"3.2": 5, "3.22": "Typo"},
        "set_levels": {"3.2": {"B1": 3, "B9": "2", "A6": None}, "4.1": "3"},
        "add_profile": [],
    }
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(json.dumps(overlay))
    assert [str(p) for p in info.value.problems] == [
        "$: extra fields found ('add_profile': did you mean 'add_profiles'?)",
        "$.add_families[1] (SEC).title: required field missing",
        "$.rename_families['3']: expected a string, got int: 3",
        "$.rename_families['9']: cannot rename '9': the base has no such family (its families: "
        "'1', '2', '3', '4', '5', '6', '7')",
        "$.remove_families[1]: expected a string, got int: 7",
        "$.remove_families[2]: cannot remove family 5: it still has profiles '5.2' after the "
        "other changes; remove them (remove_profiles) or move them to another family "
        "(replace_profiles)",
        "$.add_profiles[0] (DATA-ENG).competences[0].level: invalid level requirement: 'nine' "
        "(expected e.g. '3', '2-4' or '1/3')",
        "$.add_profiles[2] (DATA-SCI).family: unknown family 'DTA'; did you mean 'DATA'?",
        "$.add_profiles[2] (DATA-SCI).competences[0].level: B3 does not define level 5; its "
        "levels are 1, 2, 3",
        "$.replace_profiles[0] (6.1).competences: expected a list, got str: 'B1'",
        "$.replace_profiles[1] (5.1).family: required field missing",
        "$.remove_profiles[2]: cannot remove '7.9': the base has no such profile; did you mean "
        "'7.5' or '7.4' or '7.3'?",
        "$.remove_profiles[3]: expected a string, got NoneType: None",
        "$.rename_profiles['3.2']: expected a string, got int: 5",
        "$.rename_profiles['3.22']: cannot rename '3.22': the base has no such profile; did you "
        "mean '3.2' or '7.2' or '5.2'?",
        "$.set_levels['3.2']['B1']: expected a level requirement string such as '3', '2-4' or "
        "'1/3', got 3",
        "$.set_levels['3.2']['B9']: unknown competence 'B9'; did you mean 'B5' or 'B4' or 'B3'?",
        "$.set_levels['4.1']: expected an object (competence -> level), got '3'",
    ]
    # Family 6 stays while the record moving 6.1 out of it has problems: no second report.
    assert not any("(base)" in p.path for p in info.value.problems)


def test_references_in_another_case_are_normalised() -> None:
    data = company_data()
    data["families"][0]["profiles"] = ["data-eng", "DATA-SCI"]
    data["profiles"][1]["family"] = "data"
    notes: list[cigref_ecf.Problem] = []
    n = cigref_ecf.load_json(json.dumps(data), notes=notes)
    assert cigref_ecf.family("DATA", nomenclature=n).profiles == ("DATA-ENG", "DATA-SCI")
    assert cigref_ecf.job_profile("DATA-SCI", nomenclature=n).family == "DATA"
    assert sorted(str(x) for x in notes) == [
        "$.families[0] (DATA).profiles[0]: 'data-eng' read as DATA-ENG",
        "$.profiles[1] (DATA-SCI).family: 'data' read as DATA",
    ]


def test_every_gap_function_takes_company_codes(company: cigref_ecf.Nomenclature) -> None:
    n = company
    similar = cigref_ecf.similar_profiles("data-eng", nomenclature=n)
    assert [p.code for p, _ in similar][:1] == ["DATA-SCI"]
    options = cigref_ecf.mobility("data-eng", {"B1": 3, "B3": 2}, nomenclature=n)
    assert {o.profile.code for o in options} <= {"DATA-SCI", "IT-ARCH-03"}
    needs = cigref_ecf.training_needs("IT-ARCH-03", {"ana": {"A1": 4}}, nomenclature=n)
    assert [x.competence for x in needs] == ["A5"]
    assert cigref_ecf.profile_eqf_span("data-sci", nomenclature=n)
    assert str(cigref_ecf.required_level("data-eng", "B1", nomenclature=n)) == "3"


def test_overlay_schema_describes_overlays() -> None:
    import jsonschema

    schema = cigref_ecf.json_schema("overlay")
    jsonschema.Draft202012Validator.check_schema(schema)
    overlay = json.loads(json.dumps(OVERLAY))
    overlay["add_profiles"][0]["competences"][1]["competence"] = "B1"
    jsonschema.validate(overlay, schema, cls=jsonschema.Draft202012Validator)
    assert cigref_ecf.validate_json(json.dumps(overlay)) == []
    overlay["set_levels"]["3.2"]["B1"] = 3
    overlay["base"] = "acme"
    errors = jsonschema.Draft202012Validator(schema).iter_errors(overlay)
    assert sorted(list(e.absolute_path) for e in errors) == [["base"], ["set_levels", "3.2", "B1"]]
    with pytest.raises(cigref_ecf.InvalidQueryError):
        cigref_ecf.json_schema("other")
