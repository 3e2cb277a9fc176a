"""The e-CF 2.0 data: dimensions, competences, levels, knowledge and skills."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

import cigref_ecf
from cigref_ecf import Nomenclature, UnknownCodeError

from .conftest import SOURCE
from .strategies import competence_codes, competence_spellings

EXPECTED = {
    "A": ("PLAN", [f"A{i}" for i in range(1, 9)]),
    "B": ("BUILD", [f"B{i}" for i in range(1, 6)]),
    "C": ("RUN", [f"C{i}" for i in range(1, 5)]),
    "D": ("ENABLE", [f"D{i}" for i in range(1, 11)]),
    "E": ("MANAGE", [f"E{i}" for i in range(1, 10)]),
}


def test_dimensions(nomenclature: Nomenclature) -> None:
    dims = cigref_ecf.dimensions()
    assert [(d.code, d.name, list(d.competences)) for d in dims] == [
        (code, name, codes) for code, (name, codes) in EXPECTED.items()
    ]
    assert cigref_ecf.dimension("plan") is cigref_ecf.dimension(" a ") is dims[0]


def test_thirty_six_competences_in_framework_order(nomenclature: Nomenclature) -> None:
    codes = [c.code for c in nomenclature.competences]
    assert codes == [code for _, codes in EXPECTED.values() for code in codes]
    assert len(codes) == 36
    for c in nomenclature.competences:
        assert c.code.startswith(c.dimension)
        assert cigref_ecf.competences(c.dimension) == tuple(
            x for x in nomenclature.competences if x.dimension == c.dimension
        )


def test_titles_as_in_annex_2() -> None:
    titles = {c.code: c.title for c in cigref_ecf.competences()}
    assert titles["A1"] == "IS and Business Strategy Alignment"
    assert titles["B5"] == "Documentation Production"
    assert titles["D6"] == "Channel Management"
    assert titles["D10"] == "Information and Knowledge Management"
    assert titles["E6"] == "ICT Quality Management"
    assert titles["E9"] == "IT Governance"


def test_every_competence_is_complete(nomenclature: Nomenclature) -> None:
    for c in nomenclature.competences:
        assert c.description, c.code
        assert c.levels, c.code
        assert c.knowledge, c.code
        assert c.skills, c.code
        levels = list(c.applicable_levels)
        assert levels == list(range(levels[0], levels[-1] + 1)), c.code
        assert all(1 <= n <= 5 for n in levels)
        for d in c.levels:
            assert c.descriptor(d.level) is d
            assert d.description and d.description == d.description.strip()


def test_known_level_placements() -> None:
    # Annex 2 shifts A4's row by one column; the sheets print its texts at levels 2-4.
    assert cigref_ecf.competence("A4").applicable_levels == (2, 3, 4)
    assert (
        cigref_ecf.competence("A4")
        .descriptor(3)
        .description.startswith(
            "Exploits specialist knowledge to create and maintain complex documents"
        )
    )
    # B4's level row is missing from Annex 2; the sheets print its three levels.
    assert cigref_ecf.competence("B4").applicable_levels == (1, 2, 3)
    assert cigref_ecf.competence("A1").applicable_levels == (4, 5)
    assert cigref_ecf.competence("B1").applicable_levels == (2, 3, 4, 5)
    assert cigref_ecf.competence("D6").applicable_levels == (3, 4)


def test_descriptor_of_an_undefined_level() -> None:
    a1 = cigref_ecf.competence("A1")
    with pytest.raises(
        cigref_ecf.InvalidLevelError, match=r"A1 .* does not define level 2; its levels are 4, 5"
    ):
        a1.descriptor(2)


def _normalise(text: str) -> str:
    import re
    import unicodedata

    text = unicodedata.normalize("NFC", re.sub(r"<[^>]*>|\*+", " ", text))
    return " ".join(text.split())


def test_every_level_descriptor_and_item_is_in_the_source(nomenclature: Nomenclature) -> None:
    source = _normalise(SOURCE.read_text(encoding="utf-8"))
    for c in nomenclature.competences:
        for d in c.levels:
            assert _normalise(d.description) in source, (c.code, d.level)
        for item in (*c.knowledge, *c.skills):
            assert _normalise(item) in source, (c.code, item)


def test_texts_are_clean(nomenclature: Nomenclature) -> None:
    import unicodedata

    for c in nomenclature.competences:
        for text in (
            c.title,
            c.description,
            *(d.description for d in c.levels),
            *c.knowledge,
            *c.skills,
        ):
            assert text == unicodedata.normalize("NFC", text)
            assert "<" not in text and "  " not in text and text == text.strip(), (c.code, text)
            assert not text[:3].rstrip().startswith(("K1", "S1")), (c.code, text)


@given(competence_spellings())
def test_tolerant_lookup(spelling: tuple[str, str]) -> None:
    code, text = spelling
    assert cigref_ecf.competence(text) is cigref_ecf.competence(code)


@given(competence_codes)
def test_lookup_accepts_the_object(code: str) -> None:
    c = cigref_ecf.competence(code)
    assert cigref_ecf.competence(c) is c
    assert repr(c) == f"<Competence {c.code} {c.title}>"


@pytest.mark.parametrize("code", ["B9", "Z1", "", "B", "B33", "3.2"])
def test_unknown_competence(code: str) -> None:
    with pytest.raises(UnknownCodeError) as info:
        cigref_ecf.competence(code)
    assert isinstance(info.value, LookupError)
    assert repr(code) in str(info.value)


def test_unknown_competence_suggests_close_codes() -> None:
    with pytest.raises(UnknownCodeError, match="did you mean 'B5' or 'B4' or 'B3'") as info:
        cigref_ecf.competence("B9")
    assert info.value.suggestions and all(s.startswith("B") for s in info.value.suggestions)
    with pytest.raises(UnknownCodeError, match="did you mean 'B3'"):
        cigref_ecf.competence("testing")


def test_non_string_code() -> None:
    with pytest.raises(UnknownCodeError):
        cigref_ecf.competence(3)  # type: ignore[arg-type]


def test_instances_are_immutable_and_hashable(nomenclature: Nomenclature) -> None:
    c = nomenclature.competences[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.title = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        c.knowledge.append("x")  # type: ignore[attr-defined]
    assert len({hash(x) for x in nomenclature.competences}) == 36
    assert {hash(x) for x in nomenclature.dimensions}
    assert {hash(x) for x in nomenclature.levels}
    assert hash(nomenclature) == hash(nomenclature)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        nomenclature.competences = ()  # type: ignore[misc]


def test_unknown_dimension() -> None:
    with pytest.raises(UnknownCodeError, match="unknown dimension code: 'F'"):
        cigref_ecf.dimension("F")
