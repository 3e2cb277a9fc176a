"""Everything public pickles (every protocol) and copies (``copy.copy``, ``copy.deepcopy``) to an
equal object of the same class with the same public attributes: the records of the bundled and
of company nomenclatures, the result of every query, and every error. The public types are read
from ``__all__``, so a new one fails here until it has a strategy below."""

from __future__ import annotations

import copy
import enum
import inspect
import json
import pickle
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import cigref_ecf
import cigref_ecf.exceptions
from cigref_ecf import Nomenclature

from ._interop import company
from .strategies import assessments, overlays

BUNDLED = cigref_ecf.load()


def _public_types() -> dict[str, type]:
    names = {*cigref_ecf.__all__, *cigref_ecf.exceptions.__all__}
    found = {name: getattr(cigref_ecf, name, None) for name in names}
    found.update({n: getattr(cigref_ecf.exceptions, n) for n in cigref_ecf.exceptions.__all__})
    return {name: obj for name, obj in sorted(found.items()) if isinstance(obj, type)}


PUBLIC_TYPES = _public_types()


# ------------------------------------------------------------------------------ nomenclatures


@st.composite
def _overlaid(draw: st.DrawFn) -> Nomenclature:
    overlay, _ = draw(overlays())
    return cigref_ecf.load_json(json.dumps(overlay))


def _from_sheet() -> Nomenclature:
    sheet = cigref_ecf.matrix(nomenclature=company()).to_csv().encode()
    return cigref_ecf.read_matrix(sheet, format="csv")


nomenclatures = st.one_of(
    st.sampled_from([BUNDLED, company(), _from_sheet()]),
    _overlaid(),
)


def _of(n: Nomenclature, pick: Callable[[Nomenclature], Any]) -> st.SearchStrategy[Any]:
    items = pick(n)
    return st.sampled_from(items) if items else st.nothing()


def _records(pick: Callable[[Nomenclature], Any]) -> st.SearchStrategy[Any]:
    return nomenclatures.flatmap(lambda n: _of(n, pick))


def _profiles_with(
    get: Callable[[cigref_ecf.JobProfile], Any],
) -> Callable[[Nomenclature], list[Any]]:
    def pick(n: Nomenclature) -> list[Any]:
        values = [get(p) for p in n.profiles]
        flat = [v for value in values for v in (value if isinstance(value, tuple) else (value,))]
        return [v for v in flat if v is not None]

    return pick


# ------------------------------------------------------------------------------ results of queries


@st.composite
def _setting(draw: st.DrawFn) -> tuple[Nomenclature, cigref_ecf.JobProfile, cigref_ecf.Assessment]:
    """A nomenclature, one of its profiles, and an assessment checked against it."""
    n = draw(nomenclatures)
    profile = draw(st.sampled_from(n.profiles))
    chosen = draw(st.lists(st.sampled_from(n.competences), max_size=8, unique_by=lambda c: c.code))
    levels = {c.code: draw(st.sampled_from(c.applicable_levels)) for c in chosen}
    return n, profile, cigref_ecf.Assessment.from_mapping(levels, nomenclature=n)


limits = st.none() | st.integers(0, 40)


@st.composite
def _team(draw: st.DrawFn) -> cigref_ecf.Team:
    n, _, _ = draw(_setting())
    people = draw(st.lists(_setting().map(lambda s: s[2]), max_size=4))
    mine = {f"p{k}": dict(a) for k, a in enumerate(people)}
    mine = {
        p: {c: lv for c, lv in a.items() if cigref_ecf.get_competence(c, nomenclature=n)}
        for p, a in mine.items()
    }
    return cigref_ecf.read_assessments(mine, nomenclature=n)


def _gap(s: Any) -> cigref_ecf.GapReport:
    n, profile, a = s
    return cigref_ecf.gap(profile, a, nomenclature=n)


@st.composite
def _search(draw: st.DrawFn) -> cigref_ecf.SearchHits:
    n = draw(nomenclatures)
    title = draw(st.sampled_from([p.title for p in n.profiles] + [c.title for c in n.competences]))
    word = draw(st.sampled_from(title.split()))
    return cigref_ecf.search(word, limit=draw(limits), nomenclature=n)


@st.composite
def _batch(draw: st.DrawFn) -> cigref_ecf.BatchResult:
    people = draw(st.lists(assessments(), max_size=5))
    engine: Any = draw(st.sampled_from(["python", "numpy"]))
    result = cigref_ecf.rank_profiles_batch(people, engine=engine)
    if draw(st.booleans()):
        result = result.top(draw(st.integers(0, 40)))
    if draw(st.booleans()):
        list(result)  # the ranking cache, filled: it must not travel
    return result


@st.composite
def _training_needs(draw: st.DrawFn) -> cigref_ecf.TrainingNeeds:
    team = draw(_team())
    n = team.nomenclature
    assert n is not None
    return cigref_ecf.training_needs(draw(st.sampled_from(n.profiles)), team, nomenclature=n)


def _mobility(s: Any) -> cigref_ecf.MobilityOptions:
    n, profile, a = s
    return cigref_ecf.mobility(profile, a, nomenclature=n)


def _diffs(n: Nomenclature) -> list[cigref_ecf.Difference]:
    return list(cigref_ecf.diff(BUNDLED, n)) + list(cigref_ecf.diff(n, BUNDLED))


# ------------------------------------------------------------------------------ errors


def _raised(call: Callable[[], object]) -> BaseException:
    try:
        call()
    except cigref_ecf.CigrefEcfError as exc:
        return exc
    raise AssertionError("no error")  # pragma: no cover


@st.composite
def _unknown_code(draw: st.DrawFn) -> BaseException:
    n = draw(nomenclatures)
    code: Any = draw(st.text(max_size=6) | st.integers() | st.sampled_from(["B9", "3.9", " b 33"]))
    lookup: Any = draw(
        st.sampled_from([cigref_ecf.competence, cigref_ecf.job_profile, cigref_ecf.family])
    )
    try:
        lookup(code, nomenclature=n)
    except cigref_ecf.UnknownCodeError as exc:
        return exc
    assume(False)  # a code that exists (family 3)
    raise AssertionError  # pragma: no cover


problems = st.builds(cigref_ecf.Problem, path=st.text(max_size=20), message=st.text(max_size=40))


@st.composite
def _data_error(draw: st.DrawFn, cls: type[cigref_ecf.DataError]) -> BaseException:
    if draw(st.booleans()):
        raw = draw(st.dictionaries(st.text(max_size=4), st.integers(-3, 9) | st.text(max_size=3)))
        raw["Z99"] = 3  # at least one problem: an unknown competence
        if cls is cigref_ecf.InvalidAssessmentError:
            return _raised(lambda: cigref_ecf.Assessment.from_mapping(raw))
        return _raised(lambda: cigref_ecf.load_json(json.dumps({"meta": raw})))
    return cls(
        draw(st.lists(problems, max_size=30)),
        draw(st.none() | st.text(max_size=10)),
        omitted=draw(st.integers(0, 10**6)),
    )


def _error(cls: type[BaseException]) -> st.SearchStrategy[BaseException]:
    return st.builds(cls, st.text(max_size=30))


with_notes = st.lists(st.text(max_size=10), max_size=2)


# ------------------------------------------------------------------------------ every public type

STRATEGIES: dict[type, st.SearchStrategy[Any]] = {
    cigref_ecf.Activity: _records(_profiles_with(lambda p: p.activities)),
    cigref_ecf.Annex1Row: _records(_profiles_with(lambda p: p.annex1)),
    cigref_ecf.Assessment: _setting().map(lambda s: s[2]),
    cigref_ecf.BatchResult: _batch(),
    cigref_ecf.Career: _records(_profiles_with(lambda p: p.career)),
    cigref_ecf.CigrefEcfError: _error(cigref_ecf.CigrefEcfError),
    cigref_ecf.Competence: _records(lambda n: n.competences),
    cigref_ecf.CompetenceRequirement: _records(_profiles_with(lambda p: p.competences)),
    cigref_ecf.DataError: _data_error(cigref_ecf.DataError),
    cigref_ecf.Difference: _records(_diffs),
    cigref_ecf.Dimension: _records(lambda n: n.dimensions),
    cigref_ecf.Erratum: _records(lambda n: n.errata),
    cigref_ecf.ErratumKind: st.sampled_from(cigref_ecf.ErratumKind),
    cigref_ecf.Evidence: _records(
        _profiles_with(lambda p: tuple(r.evidence for r in p.competences))
    ),
    cigref_ecf.Family: _records(lambda n: n.families),
    cigref_ecf.GapItem: _setting().map(_gap).flatmap(lambda g: st.sampled_from(g.items)),
    cigref_ecf.GapReport: _setting().map(_gap),
    cigref_ecf.GapStatus: st.sampled_from(cigref_ecf.GapStatus),
    cigref_ecf.InvalidAssessmentError: _data_error(cigref_ecf.InvalidAssessmentError),
    cigref_ecf.InvalidLevelError: st.one_of(
        _error(cigref_ecf.InvalidLevelError),
        st.integers(6, 99).map(lambda v: _raised(lambda: cigref_ecf.level(v))),
    ),
    cigref_ecf.InvalidQueryError: st.one_of(
        _error(cigref_ecf.InvalidQueryError),
        st.just(" ").map(lambda q: _raised(lambda: cigref_ecf.search(q))),
    ),
    cigref_ecf.JobProfile: _records(lambda n: n.profiles),
    cigref_ecf.Level: _records(lambda n: n.levels),
    cigref_ecf.LevelDescriptor: _records(lambda n: [d for c in n.competences for d in c.levels]),
    cigref_ecf.LevelRequirement: _records(_profiles_with(lambda p: p.competences)).map(
        lambda r: r.level
    ),
    cigref_ecf.Matrix: nomenclatures.map(lambda n: cigref_ecf.matrix(nomenclature=n)),
    cigref_ecf.Meta: nomenclatures.map(lambda n: n.meta),
    cigref_ecf.MissingDependencyError: _error(cigref_ecf.MissingDependencyError),
    cigref_ecf.MobilityOption: _setting()
    .map(_mobility)
    .flatmap(lambda m: st.sampled_from(m) if m else st.nothing()),
    cigref_ecf.MobilityOptions: _setting().map(_mobility),
    cigref_ecf.Nomenclature: nomenclatures,
    cigref_ecf.Problem: problems,
    cigref_ecf.Ranking: st.tuples(_setting(), limits).map(
        lambda s: cigref_ecf.rank_profiles(s[0][2], limit=s[1], nomenclature=s[0][0])
    ),
    cigref_ecf.SearchHit: _search().flatmap(lambda h: st.sampled_from(h) if h else st.nothing()),
    cigref_ecf.SearchHits: _search(),
    cigref_ecf.SimilarProfiles: st.tuples(_setting(), limits).map(
        lambda s: cigref_ecf.similar_profiles(s[0][1], limit=s[1], nomenclature=s[0][0])
    ),
    cigref_ecf.Team: _team(),
    cigref_ecf.TrainingNeed: _training_needs().flatmap(
        lambda t: st.sampled_from(t) if t else st.nothing()
    ),
    cigref_ecf.TrainingNeeds: _training_needs(),
    cigref_ecf.UnknownCodeError: _unknown_code(),
}


def test_every_public_type_has_a_strategy() -> None:
    """A class added to ``__all__`` (or to ``cigref_ecf.exceptions``) must be drawn here."""
    assert set(PUBLIC_TYPES.values()) == set(STRATEGIES), (
        "give every public class a strategy in tests/test_pickle.py: "
        f"{sorted(t.__name__ for t in set(PUBLIC_TYPES.values()) ^ set(STRATEGIES))}"
    )


# ------------------------------------------------------------------------------ the check


def _public_attributes(cls: type) -> list[str]:
    """What a caller reads on an instance: attrs fields and NamedTuple fields, properties of
    ours, and the attributes the docstrings list (an error's ``code``, a result's
    ``nomenclature``)."""
    names: list[str] = []
    if attrs.has(cls):
        names += [f.name for f in attrs.fields(cls) if not f.name.startswith("_")]
    names += list(getattr(cls, "_fields", ()))
    for klass in cls.__mro__:
        if not klass.__module__.startswith("cigref_ecf"):
            continue
        names += [n for n, v in vars(klass).items() if isinstance(v, property)]
        doc = inspect.getdoc(klass) or ""
        if "Attributes:" in doc:
            section = doc.split("Attributes:", 1)[1]
            names += [line.split(":")[0].strip() for line in section.splitlines() if ":" in line]
    return [n for n in dict.fromkeys(names) if n.isidentifier() and not n.startswith("_")]


def _value(obj: object, name: str) -> tuple[str, object]:
    try:
        value = getattr(obj, name)
    except Exception as exc:  # a property may need what the object lacks: then it must lack it
        return "raises", (type(exc), str(exc))
    if hasattr(value, "tolist"):  # an array: NumPy's or PlainMatrix
        return "array", (type(value), value.tolist())
    return "value", value


def assert_same(original: object, copied: object) -> None:
    cls = type(original)
    assert type(copied) is cls
    if isinstance(original, BaseException):
        assert isinstance(copied, BaseException)
        assert copied.args == original.args
        assert str(copied) == str(original)
        assert getattr(copied, "__notes__", None) == getattr(original, "__notes__", None)
    elif isinstance(original, enum.Enum):
        assert copied is original
    elif cls.__eq__ is not object.__eq__:  # a value: equal (Matrix, BatchResult: by attributes)
        assert copied == original
        if cls.__hash__ is not None:
            assert hash(copied) == hash(original)
    for name in _public_attributes(cls):
        assert _value(copied, name) == _value(original, name), name
    if hasattr(original, "to_records"):
        assert copied.to_records() == original.to_records()  # type: ignore[attr-defined]


def _instances() -> st.SearchStrategy[Any]:
    return st.sampled_from(sorted(STRATEGIES, key=lambda t: t.__name__)).flatmap(
        lambda t: STRATEGIES[t]
    )


@settings(max_examples=150)
@given(_instances(), with_notes)
def test_every_public_value_pickles_and_copies(obj: Any, notes: list[str]) -> None:
    if isinstance(obj, BaseException) and hasattr(obj, "add_note"):  # Python 3.11+
        for note in notes:
            obj.add_note(note)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert_same(obj, pickle.loads(pickle.dumps(obj, protocol)))
    assert_same(obj, copy.deepcopy(obj))
    assert_same(obj, copy.copy(obj))


@pytest.mark.parametrize("name", sorted(PUBLIC_TYPES))
@settings(max_examples=5)
@given(data=st.data())
def test_each_public_type_pickles(name: str, data: st.DataObject) -> None:
    """Each type on its own too (the draw above samples the types: this one misses none)."""
    obj = data.draw(STRATEGIES[PUBLIC_TYPES[name]])
    assert type(obj) is PUBLIC_TYPES[name]
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert_same(obj, pickle.loads(pickle.dumps(obj, protocol)))
    assert_same(obj, copy.deepcopy(obj))


def test_unknown_code_error_keeps_its_attributes() -> None:
    """The issue's example: ``pickle.loads(pickle.dumps(err))`` raised TypeError."""
    err = _raised(lambda: cigref_ecf.competence("B33"))
    assert isinstance(err, cigref_ecf.UnknownCodeError)
    back = pickle.loads(pickle.dumps(err))
    assert (back.kind, back.code, back.suggestions) == ("competence", "B33", err.suggestions)
    assert back.suggestions and str(back) == str(err)
