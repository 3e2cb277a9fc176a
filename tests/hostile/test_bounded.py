"""Bounded time and memory: the largest hostile inputs the limits admit, in capped children.

Every case runs in a child process under the caps of :mod:`tests.hostile.child` (1 GiB of
address space, 30 s of CPU): the quadratic scans and the unbounded problem lists that the
review found would exceed them by far; linear work stays well inside.
"""

from __future__ import annotations

import pytest

from cigref_ecf._model.rules import MAX_BYTES, MAX_PATH, MAX_PROBLEMS

from .child import check_outcomes, run_python

pytestmark = pytest.mark.slow

LOOKUPS = """
from cigref_ecf import LevelRequirement
for size in (1_000, 100_000, 5_000_000):
    x, nines = "x" * size, "9" * size
    for name, fn in {
        "competence": lambda: cigref_ecf.competence(x),
        "job_profile": lambda: cigref_ecf.job_profile(x),
        "dimension": lambda: cigref_ecf.dimension(x),
        "family": lambda: cigref_ecf.family(x),
        "family digits": lambda: cigref_ecf.family(nines),
        "level": lambda: cigref_ecf.level(x),
        "level digits": lambda: cigref_ecf.level(nines),
        "get_competence": lambda: cigref_ecf.get_competence(x),
        "get_job_profile": lambda: cigref_ecf.get_job_profile(x),
        "is_profile_code": lambda: cigref_ecf.is_profile_code(nines),
        "search": lambda: cigref_ecf.search(x),
        "search digits": lambda: cigref_ecf.search(nines),
        "requirement": lambda: LevelRequirement.parse(x),
        "required_level": lambda: cigref_ecf.required_level("3.2", x),
        "profiles_requiring": lambda: cigref_ecf.profiles_requiring("B1", at_least=x),
    }.items():
        attempt(f"{name} {size}", fn)
attempt("family 10**30", lambda: cigref_ecf.family(10**30))
attempt("family -1", lambda: cigref_ecf.family(-1))
done()
"""


def test_lookups_of_huge_codes() -> None:
    results = run_python(LOOKUPS)
    unknown = ("competence", "job_profile", "dimension", "family", "family digits")
    invalid_level = ("level", "level digits", "profiles_requiring", "requirement")
    expected = {
        **{f"{name} {size}": "UnknownCodeError" for name in unknown for size in (1_000, 5_000_000)},
        **{f"{n} 5000000": "InvalidLevelError" for n in invalid_level},
        "search 5000000": "InvalidQueryError",
        "search digits 5000000": "InvalidQueryError",
        "family 10**30": "UnknownCodeError",
        "family -1": "UnknownCodeError",
    }
    check_outcomes(results, expected)
    for name in ("get_competence 5000000", "get_job_profile 5000000"):
        assert results[name]["value"] == "None"
    assert results["is_profile_code 5000000"]["value"] == "False"
    for name, outcome in results.items():
        assert "x" * 100 not in outcome.get("message", ""), name  # a short excerpt only
        assert "9" * 100 not in outcome.get("message", ""), name


SEARCHES = """
import random
from cigref_ecf._model.rules import MAX_QUERY, MAX_QUERY_WORDS
from cigref_ecf._query.search import _vocabulary
vocabulary = _vocabulary(cigref_ecf.load())
attempt("20000 words", lambda: cigref_ecf.search(" ".join(["dev"] * 20_000)))
attempt("over the length", lambda: cigref_ecf.search("a" * (MAX_QUERY + 1)))
attempt("over the words", lambda: cigref_ecf.search("a " * (MAX_QUERY_WORDS + 1)))
rng = random.Random(18)
for i in range(100):  # queries at the limits: short prefixes match the most words
    words = [rng.choice(vocabulary)[: rng.randint(2, 6)] for _ in range(MAX_QUERY_WORDS)]
    query = " ".join(words)[:MAX_QUERY]
    attempt(f"query {i}", lambda: len(cigref_ecf.search(query, limit=None)))
done()
"""


def test_search_at_its_limits() -> None:
    results = run_python(SEARCHES)
    check_outcomes(
        results,
        {
            "20000 words": "InvalidQueryError",
            "over the length": "InvalidQueryError",
            "over the words": "InvalidQueryError",
        },
    )
    assert all("value" in results[f"query {i}"] for i in range(100))


JSON_READERS = f"""
LIMIT = {MAX_BYTES}
payloads = {{
    "deep arrays": "[" * (LIMIT - 1),
    "deep objects": '{{"a":' * (LIMIT // 6),
    "huge integer": '{{"B1": ' + "7" * (LIMIT - 20) + "}}",
    "huge float": '{{"B1": 1.' + "5" * (LIMIT - 20) + "}}",
    "long string": '{{"B1": "' + "x" * (LIMIT - 20) + '"}}',
    "million items": "[" + ",".join(["1"] * 1_000_000) + "]",
    "over the limit": " " * (LIMIT + 1),
    "NaN": '{{"B1": NaN}}',
    "surrogate": '{{"B1": "\\\\ud800"}}',
}}
for name, text in payloads.items():
    attempt(f"load_json {{name}}", lambda: cigref_ecf.load_json(text))
    attempt(f"validate_json {{name}}", lambda: len(cigref_ecf.validate_json(text)))
    del text
done()
"""


def test_json_readers_at_the_size_limit() -> None:
    results = run_python(JSON_READERS)
    check_outcomes(results)
    for name, outcome in results.items():
        if name.startswith("validate_json"):
            assert int(outcome["value"]) >= 1, name  # a list of problems, never an exception
        else:
            assert outcome.get("error") == "DataError", (name, outcome)


NOMENCLATURES = """
import copy
from cigref_ecf._model.converter import unstructure
base = unstructure(cigref_ecf.load())

def variant(change):
    data = copy.deepcopy(base)
    change(data)
    return json.dumps(data)

cases = {
    "empty profiles": json.dumps({"meta": {}, "profiles": [{}] * 400_000}),
    "9999 empty profiles": json.dumps({"meta": {}, "profiles": [{}] * 9_999}),
    "dimension of unknown codes": variant(
        lambda d: d["dimensions"][0].__setitem__("competences", [f"Z{i}" for i in range(9_999)])
    ),
    "profile of unknown competences": variant(
        lambda d: d["profiles"][0].__setitem__(
            "competences", [{"competence": f"Z{i}", "level": "3"} for i in range(9_999)]
        )
    ),
    "family of unknown profiles": variant(
        lambda d: d["families"][0].__setitem__("profiles", [f"1.{i}" for i in range(9_999)])
    ),
    "many real profiles": variant(
        lambda d: d.__setitem__(
            "profiles", [dict(base["profiles"][0], code=f"1.{i}") for i in range(2_000)]
        )
    ),
    "errata on unknown profiles": variant(
        lambda d: d.__setitem__(
            "errata", [dict(base["errata"][0], id=f"E{i}", profile=f"9.{i}") for i in range(9_999)]
        )
    ),
}
for name, text in cases.items():
    attempt(name, lambda: len(cigref_ecf.validate_json(text)))  # load_json's checks too
done()
"""


def test_nomenclatures_with_many_problems() -> None:
    """The review's worst cases: 1.2 million problems from empty profiles, a quadratic scan of
    a dimension's list; each now ends with at most MAX_PROBLEMS problems, within the caps."""
    results = run_python(NOMENCLATURES)
    check_outcomes(results)
    for name, outcome in results.items():
        assert 1 <= int(outcome["value"]) <= MAX_PROBLEMS, name


ASSESSMENT_READERS = f"""
from cigref_ecf import Assessment
LIMIT = {MAX_BYTES}
unknown = {{f"Z{{i}}": 3 for i in range(400_000)}}
attempt("from_mapping unknown", lambda: Assessment.from_mapping(unknown))
attempt("from_json unknown", lambda: Assessment.from_json(json.dumps(unknown)))
del unknown
attempt("from_json million items", lambda: Assessment.from_json("[" + "1," * 1_000_000 + "1]"))
attempt("from_json deep", lambda: Assessment.from_json("[" * (LIMIT - 1)))
attempt("from_json huge integer", lambda: Assessment.from_json('{{"B1": ' + "7" * 10**6 + "}}"))
attempt("from_json over the limit", lambda: Assessment.from_json(" " * (LIMIT + 1)))
rows = "".join(f"Z{{i}},9\\n" for i in range(400_000))
attempt("from_csv unknown", lambda: Assessment.from_csv(rows))
attempt("from_csv one column", lambda: Assessment.from_csv("x\\n" * 200_000))
attempt("from_csv huge integer", lambda: Assessment.from_csv("B1," + "7" * 10**6))
attempt("from_csv over the limit", lambda: Assessment.from_csv("B1,3\\n" * (LIMIT // 5 + 1)))
attempt("from_mapping huge int", lambda: Assessment.from_mapping({{10**5000: 3}}))
for size in (1_000, 5_000_000):
    attempt(f"from_mapping code {{size}}", lambda: Assessment.from_mapping({{"x" * size: 3}}))
    attempt(f"from_mapping level {{size}}", lambda: Assessment.from_mapping({{"B1": "9" * size}}))
done()
"""


def test_assessment_readers_are_bounded() -> None:
    results = run_python(ASSESSMENT_READERS, cpu=15)
    check_outcomes(results, dict.fromkeys(results, "InvalidAssessmentError"))
    for name, outcome in results.items():  # a path or an excerpt, never the whole input
        assert "x" * (MAX_PATH + 1) not in outcome["message"], name
        assert "9" * (MAX_PATH + 1) not in outcome["message"], name


ENDLESS_FILES = """
import os, tempfile, threading
folder = tempfile.mkdtemp()
fifo = os.path.join(folder, "fifo")
os.mkfifo(fifo)

def feed():
    try:
        with open(fifo, "wb") as stream:
            while True:
                stream.write(b"[" * 65536)
    except OSError:  # the reader stopped at the limit and closed its end
        pass

threading.Thread(target=feed, daemon=True).start()
attempt("load fifo", lambda: cigref_ecf.load(fifo))
attempt("load /dev/zero", lambda: cigref_ecf.load("/dev/zero"))
attempt("validate /dev/zero", lambda: cigref_ecf.validate("/dev/zero"))
def load_directory():
    try:
        cigref_ecf.load(folder)
    except OSError as exc:  # documented: a file that cannot be opened
        return type(exc).__name__
attempt("load directory", load_directory)
attempt("validate NUL", lambda: cigref_ecf.validate("a\\0b"))
attempt("load NUL", lambda: cigref_ecf.load("a\\0b"))
done()
"""


def test_files_that_never_end() -> None:
    results = run_python(ENDLESS_FILES)
    check_outcomes(
        results,
        {
            "load fifo": "DataError",
            "load /dev/zero": "DataError",
            "load NUL": "DataError",
        },
    )
    assert "over the limit" in results["load fifo"]["message"]
    assert "over the limit" in results["validate /dev/zero"]["value"]
    assert "NUL" in results["validate NUL"]["value"]
    assert results["load directory"]["value"] == "'IsADirectoryError'"


NEW_READERS = """
import os, tempfile, threading
from cigref_ecf import read_assessments, read_matrix, rank_profiles_batch
folder = tempfile.mkdtemp()
fifo = os.path.join(folder, "fifo")
os.mkfifo(fifo)

def feed():
    try:
        with open(fifo, "wb") as stream:
            while True:
                stream.write(b"a,b\\n" * 16384)
    except OSError:
        pass

threading.Thread(target=feed, daemon=True).start()
rows = "".join(f"p{i},Z{i},9\\n" for i in range(300_000))
big = ("person,competence,level\\n" + rows).encode()
wide = ("person," + ",".join(f"Z{i}" for i in range(999)) + "\\np," + ",x" * 999).encode()
level = ("person,competence,level\\np,B1," + "9" * 5000).encode()
people = {f"p{i}": {"B1": "x" * 1000} for i in range(100_000)}
for name, fn in {
    "read_assessments /dev/zero": lambda: read_assessments("/dev/zero"),
    "read_assessments fifo": lambda: read_assessments(fifo),
    "read_assessments NUL": lambda: read_assessments("a\\0b"),
    "read_assessments many rows": lambda: read_assessments(big),
    "read_assessments wide": lambda: read_assessments(wide),
    "read_assessments deep": lambda: read_assessments(b"[" * 5_000_000, format="json"),
    "read_assessments huge level": lambda: read_assessments(level),
    "read_matrix /dev/zero": lambda: read_matrix("/dev/zero"),
    "read_matrix many rows": lambda: read_matrix(big),
    "read_matrix formula": lambda: read_matrix(b"profile,title,family,B1\\n=1+1,=cmd,@x,3\\n"),
    "batch bad levels": lambda: rank_profiles_batch(people),
    "batch huge code": lambda: rank_profiles_batch({"p": {"x" * 5_000_000: 3}}),
    "batch huge integer": lambda: rank_profiles_batch({"p": {"B1": 10**5000}}),
}.items():
    attempt(name, fn)
done()
"""


def test_readers_of_people_and_spreadsheets() -> None:
    """The readers added with company nomenclatures and teams (read_assessments, read_matrix,
    the batch) hold the same bounds: limits for devices and FIFOs, capped problems, excerpts."""
    results = run_python(NEW_READERS)
    check_outcomes(results)
    for name, outcome in results.items():
        assert outcome.get("error") in ("DataError", "InvalidAssessmentError"), (name, outcome)
        assert "x" * (MAX_PATH + 1) not in outcome["message"], name
        assert "9" * (MAX_PATH + 1) not in outcome["message"], name
