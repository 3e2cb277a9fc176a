"""Gap analysis, ranking, similarity, mobility and training needs."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import (
    Assessment,
    GapStatus,
    InvalidAssessmentError,
    gap,
    rank_profiles,
    similar_profiles,
)

from .strategies import assessments, profile_codes

# 3.2 Concepteur - développeur requires A6 1, A8 3, B1 2-4, B2 2, B3 2, B4 2, B5 2:
# 14 level-units in all (1 + 3 + 2 + 2 + 2 + 2 + 2).


@pytest.mark.parametrize(
    ("b1", "status", "shortfall"),
    [
        (2, GapStatus.MEETS, 0),
        (3, GapStatus.MEETS, 0),
        (5, GapStatus.EXCEEDS, 0),
    ],
)
def test_32_with_b1_only(b1: int, status: GapStatus, shortfall: int) -> None:
    report = gap("3.2", {"B1": b1})
    item = next(i for i in report.items if i.competence == "B1")
    assert (item.assessed, item.status, item.shortfall) == (b1, status, shortfall)
    assert report.required == 7
    assert report.met == 1
    # Every other competence is missing: its shortfall is its minimum.
    assert report.total_shortfall == 14 - 2
    assert report.score == pytest.approx(2 / 14)
    assert [i.status for i in report.items if i.competence != "B1"] == [GapStatus.MISSING] * 6


def test_32_hand_computed_mixed() -> None:
    report = gap("3.2", {"A6": 1, "A8": 4, "B1": 2, "B2": 3, "B3": 1, "B4": 2})
    got = [(i.competence, i.assessed, i.status.value, i.shortfall) for i in report.items]
    assert got == [
        ("A6", 1, "meets", 0),
        ("A8", 4, "exceeds", 0),
        ("B1", 2, "meets", 0),
        ("B2", 3, "exceeds", 0),
        ("B3", 1, "below", 1),
        ("B4", 2, "meets", 0),
        ("B5", None, "missing", 2),
    ]
    assert (report.met, report.required, report.total_shortfall) == (5, 7, 3)
    # covered: A6 1 + A8 3 + B1 2 + B2 2 + B3 1 + B4 2 + B5 0 = 11 of 14
    assert report.score == pytest.approx(11 / 14)


def test_alternative_requirement_1_or_3() -> None:
    # 3.4 requires A6 at "1/3": level 1 or level 3.
    assert str(cigref_ecf.required_level("3.4", "A6")) == "1/3"
    items = {a: gap("3.4", {"A6": a}).items[1] for a in (1, 2, 3)}
    assert all(i.competence == "A6" for i in items.values())
    assert items[1].status == GapStatus.MEETS
    assert items[2].status == GapStatus.MEETS  # met (>= min) though not one of the listed levels
    assert not items[2].requirement.admits(2)
    assert items[3].status == GapStatus.MEETS


def test_range_requirement_2_4() -> None:
    # 6.1 requires E6 at "2-4".
    assert str(cigref_ecf.required_level("6.1", "E6")) == "2-4"
    statuses = {
        lv: next(i for i in gap("6.1", {"E6": lv}).items if i.competence == "E6").status
        for lv in (2, 3, 4)
    }
    assert statuses == {2: GapStatus.MEETS, 3: GapStatus.MEETS, 4: GapStatus.MEETS}


def test_report_records_and_repr() -> None:
    report = gap("3.3", {"B3": 3})
    assert report.to_records()[1] == {
        "competence": "B3",
        "title": "Testing",
        "requirement": "3",
        "assessed": 3,
        "status": "meets",
        "shortfall": 0,
    }
    assert repr(report).startswith("<GapReport 3.3 Testeur: met 1/5")
    assert "<table" in report._repr_html_()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.items = ()  # type: ignore[misc]


@given(profile_codes)
def test_own_minimum_levels_score_one(code: str) -> None:
    p = cigref_ecf.job_profile(code)
    report = gap(p, {r.competence: r.level.min for r in p.competences})
    assert report.score == 1.0
    assert report.met == report.required
    assert report.total_shortfall == 0


@given(profile_codes, assessments(), st.data())
def test_raising_a_level_never_lowers_a_score(
    code: str, a: Assessment, data: st.DataObject
) -> None:
    candidates = [
        c for c in cigref_ecf.competences() if max(c.applicable_levels) > a.get(c.code, 0)
    ]
    c = data.draw(st.sampled_from(candidates))
    higher = [lv for lv in c.applicable_levels if lv > a.get(c.code, 0)]
    raised = {**a, c.code: data.draw(st.sampled_from(higher))}
    assert gap(code, raised).score >= gap(code, a).score
    assert 0.0 <= gap(code, a).score <= 1.0


@given(assessments())
def test_ranking_is_a_total_deterministic_order(a: Assessment) -> None:
    ranked = rank_profiles(a)
    assert sorted(r.profile.code for r in ranked) == sorted(
        p.code for p in cigref_ecf.job_profiles()
    )
    order = {p.code: i for i, p in enumerate(cigref_ecf.job_profiles())}
    keys = [(-r.score, order[r.profile.code]) for r in ranked]
    assert keys == sorted(keys)
    assert rank_profiles(a) == ranked


def test_empty_assessment_ranks_everything_at_zero() -> None:
    ranked = rank_profiles({})
    assert all(r.score == 0.0 for r in ranked)
    assert [r.profile.code for r in ranked] == [p.code for p in cigref_ecf.job_profiles()]
    assert [r.profile.code for r in ranked].index("4.2") < [r.profile.code for r in ranked].index(
        "4.10"
    )


def test_rank_limit_and_family() -> None:
    ranked = rank_profiles({"B3": 3}, family=3, limit=2)
    assert len(ranked) == 2
    assert all(r.profile.family == "3" for r in ranked)
    assert ranked[0].profile.code == "3.3"


def test_assessment_validation_names_every_problem() -> None:
    with pytest.raises(InvalidAssessmentError) as info:
        Assessment.from_mapping({"B9": 3, "A1": 2, "B1": 2.5, "b3": 2, "B3": 3, "C1": True})
    problems = {p.path: p.message for p in info.value.problems}
    assert set(problems) == {"B9", "A1", "B1", "B3", "C1"}
    assert "unknown competence" in problems["B9"]
    assert "does not define level 2" in problems["A1"]
    assert "integer" in problems["B1"] and "integer" in problems["C1"]
    assert "duplicate competence B3" in problems["B3"]
    assert issubclass(InvalidAssessmentError, ValueError)
    assert issubclass(InvalidAssessmentError, cigref_ecf.CigrefEcfError)


def test_assessment_from_json_and_csv() -> None:
    expected = {"B1": 3, "B3": 2}
    assert Assessment.from_json('{"b1": 3, "B3": 2}') == expected
    assert (
        Assessment.from_json('[{"competence": "B1", "level": 3}, {"competence": "B3", "level": 2}]')
        == expected
    )
    assert Assessment.from_csv("competence,level\nB1,3\n\nB3,2\n") == expected
    assert Assessment.from_csv(["B1,3", "B3,2"]) == expected
    with pytest.raises(
        InvalidAssessmentError, match=r"row 2: invalid level 'x': expected an integer 1..5"
    ):
        Assessment.from_csv("B1,3\nB3,x\n")
    assert Assessment.from_json('{"B3": "2", "B1": null}') == {"B3": 2}  # the one level rule
    with pytest.raises(InvalidAssessmentError, match=r"\$\.B3: invalid level '2.5'"):
        Assessment.from_json('{"B3": "2.5"}')
    with pytest.raises(InvalidAssessmentError, match=r"\$\[1\]"):
        Assessment.from_json('[{"competence": "B1", "level": 3}, {"x": 1}]')
    with pytest.raises(InvalidAssessmentError, match="not valid JSON"):
        Assessment.from_json("{")


def test_assessment_is_an_immutable_mapping() -> None:
    a = Assessment.from_mapping({"B3": 2, "A6": 1})
    assert list(a) == ["A6", "B3"]  # framework order
    assert a["B3"] == 2 and len(a) == 2
    with pytest.raises(TypeError):
        a.levels["B3"] = 3  # type: ignore[index]
    with pytest.raises(TypeError):
        a["B3"] = 3  # type: ignore[index]
    assert hash(a) == hash(Assessment.from_mapping({"A6": 1, "B3": 2}))
    assert repr(a) == "Assessment(A6=1, B3=2)"


def test_similar_profiles() -> None:
    pairs = similar_profiles("4.8", limit=None)
    assert pairs[0][0].code == "4.9"
    assert pairs[0][1] == 1.0
    assert all(p.code != "4.8" for p, _ in pairs)
    scores = [s for _, s in pairs]
    assert scores == sorted(scores, reverse=True)


@given(profile_codes, profile_codes)
def test_similarity_is_symmetric(a: str, b: str) -> None:
    from cigref_ecf._query.mobility import _similarity

    pa, pb = cigref_ecf.job_profile(a), cigref_ecf.job_profile(b)
    assert _similarity(pa, pb) == pytest.approx(_similarity(pb, pa))
    assert 0.0 <= _similarity(pa, pb) <= 1.0
    assert _similarity(pa, pa) == 1.0


def test_mobility() -> None:
    options = cigref_ecf.mobility("4.8", limit=3)
    assert options[0].profile.code == "4.9"
    assert options[0].to_develop == ()
    shortfalls = [o.report.total_shortfall for o in options]
    assert shortfalls == sorted(shortfalls)
    with_assessment = cigref_ecf.mobility("3.3", {"B3": 3}, limit=None)
    assert all(o.profile.code != "3.3" for o in with_assessment)
    assert len(with_assessment) == 32


def test_training_needs() -> None:
    team = {
        "ana": {"B3": 2, "B2": 2},
        "bob": {"B3": 3},
        "cy": Assessment.from_mapping({"B3": 3, "B2": 2, "B4": 2, "B5": 2, "D10": 3}),
    }
    needs = cigref_ecf.training_needs("3.3", team)
    # 3.3 requires B2 2, B3 3, B4 2, B5 2, D10 3.
    got = {t.competence: (t.count, t.total_shortfall, t.people) for t in needs}
    assert got == {
        "D10": (2, 6, (("ana", 3), ("bob", 3))),
        "B4": (2, 4, (("ana", 2), ("bob", 2))),
        "B5": (2, 4, (("ana", 2), ("bob", 2))),
        "B2": (1, 2, (("bob", 2),)),
        "B3": (1, 1, (("ana", 1),)),
    }
    assert [t.competence for t in needs] == ["D10", "B4", "B5", "B2", "B3"]


def test_training_needs_per_person_targets() -> None:
    team = {"ana": {"B3": 2}, "bob": {"B3": 3}}
    needs = cigref_ecf.training_needs({"ana": "3.3", "bob": "3.2"}, team)
    b3 = next(t for t in needs if t.competence == "B3")
    assert b3.people == (("ana", 1),)
    with pytest.raises(InvalidAssessmentError, match="bob: no target profile"):
        cigref_ecf.training_needs({"ana": "3.3"}, team)


def test_from_csv_refuses_text_over_the_limit_before_parsing() -> None:
    from cigref_ecf._model.rules import MAX_BYTES

    too_big = "B1,3\n" * (MAX_BYTES // 5 + 1)
    with pytest.raises(InvalidAssessmentError, match="over the limit of"):
        Assessment.from_csv(too_big)
    with pytest.raises(InvalidAssessmentError, match="over the limit of"):
        Assessment.from_csv(iter(too_big.splitlines(keepends=True)))
