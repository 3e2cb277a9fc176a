"""The CIGREF 2010 data: families, job profiles, reconciled levels, errata."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

import cigref_ecf
from cigref_ecf import ErratumKind, LevelRequirement, Nomenclature, UnknownCodeError

from .strategies import profile_codes


def test_seven_families_thirty_three_profiles(nomenclature: Nomenclature) -> None:
    assert [f.code for f in cigref_ecf.families()] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [len(f.profiles) for f in cigref_ecf.families()] == [5, 3, 5, 10, 2, 3, 5]
    assert len(cigref_ecf.job_profiles()) == 33
    codes = [p.code for p in nomenclature.profiles]
    assert codes == [code for f in nomenclature.families for code in f.profiles]
    assert codes[13:23] == [f"4.{i}" for i in range(1, 11)]
    for f in nomenclature.families:
        assert cigref_ecf.job_profiles(f.code) == tuple(
            p for p in nomenclature.profiles if p.family == f.code
        )
        assert f.title and f.description


def test_family_titles() -> None:
    assert cigref_ecf.family(2).title == "Management de projet"
    assert cigref_ecf.family("7").title == "Management opérationnel"
    with pytest.raises(UnknownCodeError):
        cigref_ecf.family(8)
    with pytest.raises(UnknownCodeError):
        cigref_ecf.family(True)


def test_every_profile_has_its_sections(nomenclature: Nomenclature) -> None:
    for p in nomenclature.profiles:
        assert p.title and p.mission, p.code
        assert p.activities and all(a.heading and a.tasks for a in p.activities), p.code
        assert p.competences, p.code
        assert p.annex1 is not None and p.annex1.values, p.code
        for text in (p.title, p.mission, *p.other_titles, *p.english_titles, *p.deliverables):
            assert text == text.strip() and "<" not in text and "  " not in text, (p.code, text)
        for a in p.activities:
            for task in a.tasks:
                assert task == task.strip() and "<" not in task, (p.code, task)


def test_lead_ins_are_intros_not_items(nomenclature: Nomenclature) -> None:
    """A line that announces the items after it is an intro, never counted as a task or an
    indicator; the one task ending with a colon has an erratum (its list is lost)."""
    lost_lists = {e.value for e in nomenclature.errata if e.field == "activities" and e.value}
    for p in nomenclature.profiles:
        for a in p.activities:
            for task in a.tasks:
                assert not task.endswith(":") or task in lost_lists, (p.code, task)
            assert a.intro is None or a.intro.endswith(":"), (p.code, a.intro)
        assert not any(i.endswith(":") for i in p.indicators), p.code
    p11 = cigref_ecf.job_profile("1.1")
    assert p11.indicators_intro == "Dans un temps raisonnable :"
    assert len(p11.indicators) == 2
    p74 = cigref_ecf.job_profile("7.4")
    assert p74.activities[0].intro == "Supervise :"
    assert [len(a.tasks) for a in p74.activities] == [2, 3, 1, 3]
    p51 = cigref_ecf.job_profile("5.1")
    assert [a.intro is not None for a in p51.activities] == [True, True, False]
    # A lead-in that does not head its group stays with its items, as one task.
    p14 = cigref_ecf.job_profile("1.4")
    assert p14.activities[0].tasks[2].startswith("Contribue à la construction")
    assert p14.activities[0].tasks[2].endswith("en participant aux recettes opérationnelles")
    intros = [(p.code, a.heading) for p in nomenclature.profiles for a in p.activities if a.intro]
    explained = {e.profile for e in nomenclature.errata if e.field == "activities.intro"}
    assert {code for code, _ in intros} <= explained


def test_titles_follow_the_source_lines() -> None:
    """Two-column title tables are read row by row, as the source's lines run."""
    assert cigref_ecf.job_profile("1.1").other_titles == (
        "Consultant",
        "Chargé d'études informatique",
        "Conseil en informatique",
        "Chef de projet MOA délégué",
    )
    assert cigref_ecf.job_profile("4.5").english_titles == (
        "Database Administrator",
        "DBADM",
        "DBA",
    )
    assert any(h.code == "4.5" for h in cigref_ecf.search("DBA", limit=3))


def test_sheet_titles() -> None:
    assert cigref_ecf.job_profile("3.5").title == "Paramétreur de logiciels"
    assert (
        cigref_ecf.job_profile("6.3").title
        == "Responsable sécurité des systèmes d'information - RSSI"
    )
    assert "Chief Information Officer" in cigref_ecf.job_profile("7.1").english_titles
    variants = [
        e for e in cigref_ecf.errata() if e.profile == "3.5" and e.kind is ErratumKind.TITLE_VARIANT
    ]
    assert len(variants) >= 3


def test_references_resolve_and_levels_are_applicable(nomenclature: Nomenclature) -> None:
    order = [c.code for c in nomenclature.competences]
    for p in nomenclature.profiles:
        codes = [r.competence for r in p.competences]
        assert codes == sorted(codes, key=order.index), p.code
        assert len(set(codes)) == len(codes)
        for r in p.competences:
            c = cigref_ecf.competence(r.competence)
            assert r.level.levels <= set(c.applicable_levels), (p.code, r.competence)
            assert r.evidence is not None and r.evidence.line > 0


def test_no_profile_requires_d6_and_e1_is_unused_too(nomenclature: Nomenclature) -> None:
    used = {r.competence for p in nomenclature.profiles for r in p.competences}
    assert {c.code for c in nomenclature.competences} - used == {"D6", "E1"}
    assert any(e.competence == "E1" and e.line == 410 for e in nomenclature.errata)


@pytest.mark.parametrize(
    ("profile", "competence", "level"),
    [
        # Defects the source shows, and what was decided.
        ("1.3", "E3", "2"),  # labels E3-E6 out of step with their cells (one stray Level cell)
        ("1.3", "E4", "4"),
        ("1.3", "E5", "3"),
        ("1.3", "E6", "2"),
        ("7.5", "A3", "4"),  # a stray "Level 5" stands alone; A3's own cell is empty
        ("2.1", "E6", "2"),  # the descriptor printed with E6 is another level's text
        ("4.4", "C2", "2-3"),  # "Level 2" then "And Level 3"
        ("7.3", "E2", "3"),  # E2 carries D10's description
        ("7.4", "E2", "3"),
        ("7.5", "E2", "3"),
        ("3.2", "B1", "2-4"),
        ("3.4", "A6", "1/3"),
        ("6.1", "E5", "3-4"),
        ("6.1", "D10", "5"),  # one glued row holds D9, D10, E3 and E4
        ("2.3", "D4", "2-3"),
    ],
)
def test_reconciled_levels(profile: str, competence: str, level: str) -> None:
    assert cigref_ecf.required_level(profile, competence) == LevelRequirement.parse(level)


@pytest.mark.parametrize(
    ("profile", "competence"),
    [
        ("1.3", "E4"),
        ("7.5", "A3"),
        ("2.1", "E6"),
        ("4.4", "C2"),
        ("7.3", "E2"),
        ("7.4", "E2"),
        ("7.5", "E2"),
    ],
)
def test_decisions_against_the_source_have_errata(profile: str, competence: str) -> None:
    assert [e for e in cigref_ecf.errata() if e.profile == profile and e.competence == competence]


def test_annex1_rows_are_kept_as_provenance(nomenclature: Nomenclature) -> None:
    for p in nomenclature.profiles:
        row = p.annex1
        assert row is not None
        assert len(row.values) == len(row.alignment)
        aligned = [c for c in row.alignment if c is not None]
        assert len(aligned) == len(set(aligned))
        for value, code in zip(row.values, row.alignment, strict=True):
            if code is not None:
                assert LevelRequirement.parse(value) == p.requirement(code) or any(
                    e.profile == p.code and e.competence == code for e in nomenclature.errata
                ), (p.code, code)
        extra = row.alignment.count(None)
        missing = len(p.competences) - len(aligned)
        if extra or missing:
            kinds = {e.kind for e in nomenclature.errata if e.profile == p.code}
            assert kinds & {ErratumKind.ANNEX1_EXTRA, ErratumKind.ANNEX1_MISSING}, p.code


def test_signals_disagreeing_have_errata(nomenclature: Nomenclature) -> None:
    explained = {(e.profile, e.competence) for e in nomenclature.errata}
    for p in nomenclature.profiles:
        aligned = dict(zip(p.annex1.alignment, p.annex1.values, strict=True)) if p.annex1 else {}
        for r in p.competences:
            assert r.evidence is not None
            signals = (
                r.evidence.printed_level,
                r.evidence.descriptor_level,
                aligned.get(r.competence),
            )
            expected = (r.level, r.level, str(r.level))
            if signals != expected:
                assert (p.code, r.competence) in explained, (p.code, r.competence, signals)


def test_errata(nomenclature: Nomenclature) -> None:
    errata = cigref_ecf.errata()
    assert errata is nomenclature.errata
    assert len({e.id for e in errata}) == len(errata)
    assert all(e.source and e.decision and e.reason for e in errata)
    assert {e.kind for e in errata} >= {
        ErratumKind.LEVEL_CONFLICT,
        ErratumKind.MISSING_TEXT,
        ErratumKind.TITLE_VARIANT,
    }
    assert repr(errata[0]).startswith(f"<Erratum {errata[0].id}")


@given(profile_codes)
def test_profile_lookup(code: str) -> None:
    p = cigref_ecf.job_profile(code)
    assert cigref_ecf.job_profile(f"  {code} ") is p
    assert cigref_ecf.job_profile(p) is p
    assert cigref_ecf.family(p.family).profiles.count(code) == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.code = "x"  # type: ignore[misc]
    assert hash(p) == hash(cigref_ecf.job_profile(code))


def test_unknown_profile_suggests() -> None:
    with pytest.raises(UnknownCodeError, match="did you mean") as info:
        cigref_ecf.job_profile("3.9")
    assert "3.5" in info.value.suggestions
    with pytest.raises(UnknownCodeError, match=r"'3\.3'"):
        cigref_ecf.job_profile("testeur")
