"""No exception leaves the library but its own (and TypeError for wrong Python argument types);
every message is short and names the problem; search is fast and finds what it found before."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import CigrefEcfError, DataError
from cigref_ecf._model.rules import MAX_CODE, MAX_EXCERPT, MAX_QUERY_WORDS
from cigref_ecf._query.search import _postings, _token_matches

from .strategies import hostile_text

_N = cigref_ecf.load()

# JSON texts an adversary writes by hand: numbers past CPython's 4,300-digit limit, NaN,
# escaped lone surrogates, duplicate keys, deep nesting, a BOM, NUL, truncation.
_FRAGMENTS = st.sampled_from(
    [
        "1" * 4301,
        "-" + "9" * 5000,
        "1e99999",
        "1." + "0" * 5000,
        "NaN",
        "-Infinity",
        '"\\ud800"',
        '"\\udfff\\ud800"',
        '"\\u0000"',
        "[" * 200 + "]" * 200,
        "[" * 5000,
        '{"a": 1, "a": 2}',
        "\ufeff{}",
        '"' + "x" * 200_000 + '"',
        "{",
        "",
        "null",
        "[]",
        "{}",
        "true",
    ]
)


@st.composite
def hostile_json(draw: st.DrawFn) -> str:
    """A JSON-ish text: a hostile fragment at some place of an assessment or a nomenclature."""
    fragment = draw(_FRAGMENTS)
    template = draw(
        st.sampled_from(
            [
                "{}",
                '{{"B1": {}}}',
                '[{{"competence": "B1", "level": {}}}]',
                '{{"meta": {}, "profiles": []}}',
                '{{"meta": {{}}, "profiles": [{{"code": {}}}]}}',
                '{{"profiles": [{{"competences": [{{"competence": "A1", "level": {}}}]}}]}}',
                "[{}, {}]",
            ]
        )
    )
    return template.replace("{}", fragment, 1).replace("{{", "{").replace("}}", "}")


_TEXT_READERS: list[tuple[str, Callable[[str], object]]] = [
    ("load_json", cigref_ecf.load_json),
    ("validate_json", cigref_ecf.validate_json),
    ("Assessment.from_json", cigref_ecf.Assessment.from_json),
    ("Assessment.from_csv", cigref_ecf.Assessment.from_csv),
]


@pytest.mark.parametrize(("name", "read"), _TEXT_READERS)
@given(text=st.one_of(hostile_json(), hostile_text))
def test_text_readers_raise_only_their_errors(
    name: str, read: Callable[[str], object], text: str
) -> None:
    result: object = None
    message = ""
    try:
        result = read(text)
    except CigrefEcfError as exc:
        message = str(exc)
    if name == "validate_json":
        assert isinstance(result, list), "validate_json returns problems, it does not raise"
    assert len(message) < 5000
    assert "x" * 100 not in message


def test_validate_json_reports_each_hostile_fragment() -> None:
    for fragment, expected in [
        ("1" * 4301, "digits"),
        ("NaN", "NaN"),
        ('"\\ud800"', "surrogate"),
        ("[" * 5000, "too deep"),
        ('{"a": 1, "a": 2}', "more than once"),
    ]:
        problems = cigref_ecf.validate_json('{"meta": ' + fragment + ', "profiles": []}')
        assert any(expected in p.message for p in problems), (fragment, problems)


_LOOKUPS: list[Callable[[Any], object]] = [
    cigref_ecf.competence,
    cigref_ecf.job_profile,
    cigref_ecf.dimension,
    cigref_ecf.family,
    cigref_ecf.level,
    cigref_ecf.search,
    cigref_ecf.LevelRequirement.parse,
    cigref_ecf.Assessment.from_mapping,
    cigref_ecf.profiles_requiring,
    cigref_ecf.ecf_level_for_eqf,
]
_HUGE = st.one_of(
    # (hypothesis cannot print an int past CPython's 4,300 digits: see test_huge_integers)
    st.integers(min_value=10**4000, max_value=10**4200),
    st.integers(max_value=-(10**30)),
    st.floats(),
    st.binary(max_size=20),
    st.builds(lambda t, n: t * n, st.text(min_size=1, max_size=3), st.integers(300, 20_000)),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    st.lists(st.text(max_size=3), max_size=3),
)


@pytest.mark.parametrize("lookup", _LOOKUPS, ids=lambda f: f.__qualname__)
@given(value=st.one_of(hostile_text, _HUGE))
def test_lookups_raise_only_their_errors(lookup: Callable[[Any], object], value: object) -> None:
    try:
        lookup(value)
    except CigrefEcfError as exc:
        message = str(exc)
        assert len(message) < 2000, message[:200]
        # a message quotes an excerpt of the input, never all of a long one
        if isinstance(value, str) and len(value) > 4 * MAX_EXCERPT:
            assert value not in message
    except TypeError:  # documented for wrong Python argument types (bytes, a dict...)
        assert not isinstance(value, (str, int, float)) or isinstance(value, bool)


@pytest.mark.parametrize("lookup", _LOOKUPS, ids=lambda f: f.__qualname__)
def test_huge_integers(lookup: Callable[[Any], object]) -> None:
    for value in (10**4400, -(10**5000)):
        try:
            lookup(value)
        except (CigrefEcfError, TypeError) as exc:
            assert len(str(exc)) < 2000  # noqa: PT017 - the message of whichever error


@given(st.text(min_size=MAX_CODE + 1, max_size=MAX_CODE + 50))
def test_long_codes_are_unknown_at_once(code: str) -> None:
    for lookup in (cigref_ecf.competence, cigref_ecf.job_profile, cigref_ecf.dimension):
        with pytest.raises(cigref_ecf.UnknownCodeError) as info:
            lookup(code)
        assert info.value.suggestions == ()
    assert cigref_ecf.get_competence(code) is None
    assert cigref_ecf.get_job_profile(code) is None


def test_messages_speak_the_users_terms() -> None:
    """Wrong types inside a nomenclature are named, not 'unknown error (... has no attribute)'."""
    from cigref_ecf._model.converter import unstructure

    data = unstructure(_N)
    data["meta"] = "abc"
    data["profiles"][0]["competences"] = "B1B2"
    problems = cigref_ecf.validate_json(json.dumps(data))
    messages = " ".join(p.message for p in problems)
    assert "unknown error" not in messages
    assert "has no attribute" not in messages
    # one problem for the string, not one per character
    assert [p.message for p in problems if ".competences" in p.path] == [
        "expected a list, got str: 'B1B2'"
    ]


# ---------------------------------------------------------------- search: an oracle


def _brute_force(token: str, words: tuple[str, ...]) -> float:
    """The matching rule as first written: every indexed word tried against the token."""
    best = 0.0
    for word in words:
        if word == token:
            return 1.0
        if word.startswith(token) and len(token) >= 2:
            best = max(best, 0.85)
        elif len(token) >= 5 and len(word) >= 4:
            stem = 0
            for a, b in zip(token, word, strict=False):
                if a != b:
                    break
                stem += 1
            if stem >= max(4, len(token) - 3):
                best = max(best, 0.7)
    return best


_VOCABULARY = sorted(_postings(_N))
_tokens = st.one_of(
    st.sampled_from(_VOCABULARY).flatmap(
        lambda w: st.builds(
            lambda k, tail: w[:k] + tail, st.integers(1, len(w)), st.text("aeis", max_size=3)
        )
    ),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10),
)


@settings(max_examples=200)
@given(st.lists(_tokens, min_size=1, max_size=4))
def test_token_matching_equals_the_brute_force_rule(tokens: list[str]) -> None:
    postings = _postings(_N)
    for token, found in zip(tokens, _token_matches(tokens, _N), strict=True):
        expected: dict[int, float] = {}
        for word, ids in postings.items():
            score = _brute_force(token, (word,))
            for i in ids:
                if score > expected.get(i, 0.0):
                    expected[i] = score
        assert found == {i: s for i, s in expected.items() if s}


def test_search_limits_are_errors_not_truncation() -> None:
    with pytest.raises(cigref_ecf.InvalidQueryError, match="words, over the limit"):
        cigref_ecf.search("test " * (MAX_QUERY_WORDS + 1))
    assert cigref_ecf.search("test " * MAX_QUERY_WORDS)


def test_data_error_is_a_value_error() -> None:
    assert issubclass(DataError, ValueError)
