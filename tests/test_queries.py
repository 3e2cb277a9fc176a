"""Query API: lookups, search, matrix, levels and EQF, exports."""

from __future__ import annotations

import csv
import io
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import (
    InvalidLevelError,
    InvalidQueryError,
    LevelRequirement,
    Nomenclature,
    UnknownCodeError,
)

from .strategies import competence_codes, competence_spellings, level_numbers, profile_codes


@given(competence_spellings())
def test_get_competence_tolerant(spelling: tuple[str, str]) -> None:
    code, text = spelling
    assert cigref_ecf.get_competence(text) is cigref_ecf.competence(code)
    assert cigref_ecf.is_competence_code(text)


@given(profile_codes, st.sampled_from(["", " ", "\t"]), st.sampled_from(["", " ", "\n"]))
def test_get_job_profile_tolerant(code: str, left: str, right: str) -> None:
    assert cigref_ecf.get_job_profile(left + code + right) is cigref_ecf.job_profile(code)
    assert cigref_ecf.is_profile_code(left + code + right)


@given(st.one_of(st.text(max_size=8), st.integers(), st.none(), st.floats()))
def test_get_never_raises(value: object) -> None:
    c = cigref_ecf.get_competence(value)
    p = cigref_ecf.get_job_profile(value)
    assert c is None or isinstance(c, cigref_ecf.Competence)
    assert p is None or isinstance(p, cigref_ecf.JobProfile)
    assert cigref_ecf.is_competence_code(value) == (c is not None and isinstance(value, str))


def test_misses() -> None:
    assert cigref_ecf.get_competence("B9") is None
    assert cigref_ecf.get_job_profile("3.9") is None
    assert not cigref_ecf.is_profile_code("3.9")
    assert not cigref_ecf.is_competence_code("Z1")
    with pytest.raises(UnknownCodeError, match=r"unknown job profile code: '3\.9'; did you mean"):
        cigref_ecf.job_profile("3.9")


# ---------------------------------------------------------------- search


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("developpeur", ("profile", "3.2")),
        ("Développeur", ("profile", "3.2")),
        ("RSSI", ("profile", "6.3")),
        ("B3", ("competence", "B3")),
        ("3.2", ("profile", "3.2")),
        ("architecte technique", ("profile", "4.10")),
        ("Chief Information Officer", ("profile", "7.1")),
        ("risk management", ("competence", "E3")),
        ("urbaniste", ("profile", "1.2")),
        # No accents, no ligature: "œuvre" is spelt "oeuvre" (and 2.2 is "maîtrise d'ouvrage").
        ("chef de projet maitrise d'oeuvre", ("profile", "2.3")),
        ("CHEF DE PROJET MAÎTRISE D'ŒUVRE", ("profile", "2.3")),
        ("Programmer", ("profile", "3.2")),
    ],
)
def test_search_finds(query: str, expected: tuple[str, str]) -> None:
    hits = cigref_ecf.search(query)
    assert (hits[0].kind, hits[0].code) == expected


def test_search_testing_finds_b3_and_33() -> None:
    codes = [h.code for h in cigref_ecf.search("testing")]
    assert {"B3", "3.3"} <= set(codes[:3])


def test_search_hits_are_ranked_and_described() -> None:
    hits = cigref_ecf.search("sécurité", limit=None)
    assert len(hits) > 3
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    assert len({(h.kind, h.code) for h in hits}) == len(hits)
    for h in hits:
        assert h.field in {
            "code",
            "title",
            "other_titles",
            "english_titles",
            "description",
            "mission",
        }


def test_search_kind_and_limit() -> None:
    hits = cigref_ecf.search("management", kind="competence", limit=3)
    assert len(hits) == 3
    assert all(h.kind == "competence" for h in hits)
    assert cigref_ecf.search("management", limit=0) == ()


@pytest.mark.parametrize("query", ["", "   ", "\n"])
def test_empty_query_is_an_error(query: str) -> None:
    with pytest.raises(InvalidQueryError, match="empty search query"):
        cigref_ecf.search(query)


def test_bad_search_arguments() -> None:
    with pytest.raises(InvalidQueryError, match="unknown kind"):
        cigref_ecf.search("x", kind="person")  # type: ignore[arg-type]
    with pytest.raises(InvalidQueryError, match="limit"):
        cigref_ecf.search("x", limit=-1)


@given(st.text(max_size=20))
def test_search_never_fails_on_text(query: str) -> None:
    if not query.strip():
        with pytest.raises(InvalidQueryError):
            cigref_ecf.search(query)
    else:
        assert isinstance(cigref_ecf.search(query), tuple)


# ---------------------------------------------------------------- matrix


def test_matrix_shape(nomenclature: Nomenclature) -> None:
    m = cigref_ecf.matrix()
    assert m is cigref_ecf.matrix()
    assert m.rows == tuple(p.code for p in nomenclature.profiles)
    assert m.columns == tuple(c.code for c in nomenclature.competences)
    assert len(m) == sum(len(p.competences) for p in nomenclature.profiles)
    with pytest.raises(TypeError):
        m.cells[("3.2", "B1")] = LevelRequirement.parse("1")  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        m.rows = ()  # type: ignore[misc]


@given(profile_codes, competence_codes)
def test_matrix_agrees_with_profiles(profile: str, competence: str) -> None:
    p = cigref_ecf.job_profile(profile)
    expected = next((r.level for r in p.competences if r.competence == competence), None)
    assert cigref_ecf.matrix().cell(profile, competence) == expected
    assert cigref_ecf.required_level(profile, competence) == expected


@given(competence_codes, st.one_of(st.none(), level_numbers))
def test_profiles_requiring_agrees_with_matrix(competence: str, at_least: int | None) -> None:
    m = cigref_ecf.matrix()
    expected = [
        p
        for p, r in zip(m.rows, m.column(competence), strict=True)
        if r is not None and (at_least is None or any(n >= at_least for n in r.levels))
    ]
    got = [p.code for p in cigref_ecf.profiles_requiring(competence, at_least=at_least)]
    assert got == expected


def test_d6_is_required_by_no_profile_and_every_other_competence_is_used() -> None:
    assert cigref_ecf.profiles_requiring("D6") == ()
    used = {c for _, c, _ in cigref_ecf.matrix()}
    unused = {c.code for c in cigref_ecf.competences()} - used
    assert "D6" in unused


def test_matrix_records_and_csv(nomenclature: Nomenclature) -> None:
    m = cigref_ecf.matrix()
    records = m.to_records()
    assert len(records) == len(m)
    first = records[0]
    assert set(first) == {
        "profile", "profile_title", "competence", "competence_title",
        "requirement", "min", "max", "levels", "eqf",
    }  # fmt: skip
    for rec in records:
        r = LevelRequirement.parse(rec["requirement"])
        assert m.cell(rec["profile"], rec["competence"]) == r
        assert (rec["min"], rec["max"], rec["levels"]) == (r.min, r.max, sorted(r.levels))
    wide = list(csv.reader(io.StringIO(m.to_csv())))
    assert wide[0] == ["profile", "title", "family", "family_title", *m.columns]
    assert len(wide) == 1 + len(m.rows)
    for row in wide[1:]:
        assert row[2] == cigref_ecf.job_profile(row[0]).family
        assert row[3] == cigref_ecf.family(row[2]).title
        for code, cell in zip(m.columns, row[4:], strict=True):
            expected = m.cell(row[0], code)
            assert cell == ("" if expected is None else str(expected))
    long = list(csv.DictReader(io.StringIO(m.to_csv(long=True))))
    assert [(r["profile"], r["competence"], r["requirement"]) for r in long] == [
        (r["profile"], r["competence"], r["requirement"]) for r in records
    ]


def test_matrix_to_pandas() -> None:
    pd = pytest.importorskip("pandas")
    wide = cigref_ecf.matrix().to_pandas()
    assert wide.shape == (33, 36)
    assert wide.loc["3.2", "B1"] == "2-4"
    long = cigref_ecf.matrix().to_pandas(long=True)
    assert isinstance(long, pd.DataFrame)
    assert len(long) == len(cigref_ecf.matrix())


def test_matrix_to_pandas_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(cigref_ecf.MissingDependencyError, match=r"cigref-ecf\[pandas\]"):
        cigref_ecf.matrix().to_pandas()


# ---------------------------------------------------------------- levels and EQF


@given(competence_codes, level_numbers)
def test_is_applicable_and_check_level(code: str, number: int) -> None:
    c = cigref_ecf.competence(code)
    assert cigref_ecf.is_applicable(code, number) == (number in c.applicable_levels)
    assert cigref_ecf.is_applicable(code, f"e-{number}") == (number in c.applicable_levels)
    if number in c.applicable_levels:
        assert cigref_ecf.check_level(code, number) == number
    else:
        with pytest.raises(InvalidLevelError, match=rf"{code} .*its levels are"):
            cigref_ecf.check_level(code, number)


def test_eqf_mapping() -> None:
    assert cigref_ecf.eqf_levels(1) == {3}
    assert cigref_ecf.eqf_levels("e-2") == {4, 5}
    assert cigref_ecf.ecf_level_for_eqf(4).code == "e-2"
    assert cigref_ecf.ecf_level_for_eqf(5).code == "e-2"
    assert cigref_ecf.ecf_level_for_eqf(8).code == "e-5"
    for bad in (1, 2, 9, 0):
        with pytest.raises(InvalidLevelError, match=f"EQF level {bad}"):
            cigref_ecf.ecf_level_for_eqf(bad)
    with pytest.raises(InvalidLevelError):
        cigref_ecf.ecf_level_for_eqf("4")  # type: ignore[arg-type]


@given(level_numbers, level_numbers)
def test_eqf_is_monotonic_and_round_trips(a: int, b: int) -> None:
    if a < b:
        assert max(cigref_ecf.eqf_levels(a)) < min(cigref_ecf.eqf_levels(b))
    for eqf in cigref_ecf.eqf_levels(a):
        assert cigref_ecf.ecf_level_for_eqf(eqf).number == a


@given(profile_codes)
def test_profile_eqf_span(code: str) -> None:
    p = cigref_ecf.job_profile(code)
    expected = {e for r in p.competences for n in r.level.levels for e in cigref_ecf.eqf_levels(n)}
    assert cigref_ecf.profile_eqf_span(code) == expected


# ---------------------------------------------------------------- exports


def test_to_json_parses_back(nomenclature: Nomenclature) -> None:
    text = cigref_ecf.to_json()
    other = cigref_ecf.load_json(text)
    assert cigref_ecf.to_data(other) == cigref_ecf.to_data(nomenclature)
    assert list(json.loads(text)) == [
        "meta", "levels", "dimensions", "competences", "families", "profiles", "errata",
    ]  # fmt: skip


@given(profile_codes)
def test_profile_json_round_trip(code: str) -> None:
    from cigref_ecf._model.converter import structure

    p = cigref_ecf.job_profile(code)
    assert structure(json.loads(cigref_ecf.to_json(p)), cigref_ecf.JobProfile) == p


def test_json_schema_is_reachable() -> None:
    schema = cigref_ecf.json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema is not cigref_ecf.json_schema()
    assert "JobProfile" in schema["$defs"]


# ---------------------------------------------------------------- notebook display


def test_reprs_are_short() -> None:
    assert repr(cigref_ecf.job_profile("3.2")) == "<JobProfile 3.2 Concepteur - développeur>"
    assert repr(cigref_ecf.competence("B3")) == "<Competence B3 Testing>"
    assert repr(cigref_ecf.matrix()).startswith("<Matrix 33 profiles x 36 competences")
    assert repr(cigref_ecf.search("RSSI")[0]).startswith("<SearchHit profile 6.3")


def test_html_reprs() -> None:
    html = cigref_ecf.job_profile("3.2")._repr_html_()
    assert "<table" in html and "Concepteur - développeur" in html and "2-4" in html
    assert "Testing" in cigref_ecf.competence("B3")._repr_html_()
    assert cigref_ecf.matrix()._repr_html_().count("<tr>") == 34
