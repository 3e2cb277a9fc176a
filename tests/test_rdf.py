"""The RDF export: round trips in every format, SPARQL answers equal to the API's, the JSON-LD
context over ``to_json``, the SHACL shape, IRIs, language tags, errata, texts a format cannot hold.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import DataError, InvalidQueryError, MissingDependencyError
from cigref_ecf._write.rdf import SITE_URL

from ._interop import (
    CECF,
    PREFIXES,
    company,
    page_queries,
    same_graph,
    with_annex1,
    with_mission,
)
from .strategies import competence_codes, level_numbers

rdflib = pytest.importorskip("rdflib")
BASE = "https://cigref-ecf.github.io/cigref-ecf/id/"
FORMATS = ("turtle", "json-ld", "xml")
SKOS = rdflib.SKOS


@pytest.fixture(scope="module")
def graph() -> Any:
    return cigref_ecf.rdf_graph()


@pytest.fixture(scope="module")
def company_graph() -> Any:
    return cigref_ecf.rdf_graph(company())


def codes(rows: Any) -> list[str]:
    return [str(row[0]) for row in rows]


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_parses_back_to_the_same_graph(graph: Any, fmt: str) -> None:
    text = cigref_ecf.to_rdf(format=fmt)  # type: ignore[arg-type]
    back = rdflib.Graph().parse(data=text, format=fmt)
    assert same_graph(graph, back)


def test_a_company_nomenclature_round_trips_too(company_graph: Any) -> None:
    text = cigref_ecf.to_rdf(company())
    assert text.startswith("@prefix cecf: <https://cigref-ecf.github.io/cigref-ecf/vocab#> .")
    assert same_graph(company_graph, rdflib.Graph().parse(data=text, format="turtle"))


def test_the_graph_comparison_sees_a_change(graph: Any) -> None:
    """same_graph is not blind: two list items swapped, or one changed, is another graph."""
    changed = rdflib.Graph()
    for triple in graph:
        changed.add(triple)
    assert same_graph(graph, changed)
    # Two neighbours of one list that differ (the tasks of the first activity group of 3.2).
    profile = rdflib.URIRef(BASE + "profile/3.2")
    groups = changed.value(profile, rdflib.URIRef(CECF + "activities"))
    first = changed.value(changed.value(groups, rdflib.RDF.first), rdflib.URIRef(CECF + "tasks"))
    second = changed.value(first, rdflib.RDF.rest)
    a, b = changed.value(first, rdflib.RDF.first), changed.value(second, rdflib.RDF.first)
    assert a is not None and b is not None and a != b
    changed.set((first, rdflib.RDF.first, b))
    changed.set((second, rdflib.RDF.first, a))
    assert not same_graph(graph, changed)
    changed.set((first, rdflib.RDF.first, a))
    changed.set((second, rdflib.RDF.first, rdflib.Literal("something else", lang="fr")))
    assert not same_graph(graph, changed)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(InvalidQueryError, match=r"unknown RDF format 'n3'.*turtle, json-ld, xml"):
        cigref_ecf.to_rdf(format="n3")  # type: ignore[arg-type]


def test_without_rdflib_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rdflib", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "cigref-ecf\[rdf\]"'):
        cigref_ecf.to_rdf()
    with pytest.raises(ImportError):  # MissingDependencyError is an ImportError too
        cigref_ecf.rdf_graph()


# ---------------------------------------------------------------- SPARQL = the API


def prepared(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(PREFIXES + text)


REQUIRING = prepared(
    """
SELECT ?code WHERE {
    ?profile cecf:requirement ?r ; skos:notation ?code .
    ?r cecf:competence/skos:notation ?competence ; cecf:maxLevel ?max .
    FILTER (?max >= ?level)
}"""
)
LEVELS_OF = prepared(
    """
SELECT ?n WHERE {
    ?c skos:notation ?competence ; cecf:levelDescriptor/cecf:level/cecf:levelNumber ?n .
} ORDER BY ?n"""
)
FAMILY = prepared(
    """
SELECT ?code WHERE {
    ?family a cecf:Family ; skos:notation ?number ; skos:narrower ?p .
    ?p skos:notation ?code .
}"""
)


@given(competence=competence_codes, level=level_numbers)
def test_sparql_profiles_requiring_a_competence_at_a_level(
    graph: Any, competence: str, level: int
) -> None:
    rows = graph.query(
        REQUIRING,
        initBindings={"competence": rdflib.Literal(competence), "level": rdflib.Literal(level)},
    )
    expected = [p.code for p in cigref_ecf.profiles_requiring(competence, at_least=level)]
    assert sorted(codes(rows)) == sorted(expected)


def test_sparql_b3_at_level_3(graph: Any) -> None:
    rows = graph.query(
        REQUIRING, initBindings={"competence": rdflib.Literal("B3"), "level": rdflib.Literal(3)}
    )
    assert sorted(codes(rows)) == ["1.4", "3.3", "4.10", "4.8", "4.9"]


def test_sparql_levels_of_every_competence(graph: Any) -> None:
    for c in cigref_ecf.competences():
        rows = graph.query(LEVELS_OF, initBindings={"competence": rdflib.Literal(c.code)})
        assert tuple(int(row[0]) for row in rows) == c.applicable_levels, c.code
    rows = graph.query(LEVELS_OF, initBindings={"competence": rdflib.Literal("D6")})
    assert [int(row[0]) for row in rows] == [3, 4]


def test_sparql_profiles_of_every_family(graph: Any) -> None:
    for f in cigref_ecf.families():
        rows = graph.query(FAMILY, initBindings={"number": rdflib.Literal(f.code)})
        assert sorted(codes(rows)) == sorted(p.code for p in cigref_ecf.job_profiles(f.code))
    rows = graph.query(FAMILY, initBindings={"number": rdflib.Literal("4")})
    assert len(list(rows)) == 10


def test_sparql_on_a_company_nomenclature(company_graph: Any) -> None:
    n = company()
    rows = company_graph.query(
        REQUIRING, initBindings={"competence": rdflib.Literal("B3"), "level": rdflib.Literal(3)}
    )
    expected = [p.code for p in cigref_ecf.profiles_requiring("B3", at_least=3, nomenclature=n)]
    assert sorted(codes(rows)) == sorted(expected)
    assert {"DATA-ENG", "IT-ARCH-03"} <= set(expected)
    rows = company_graph.query(FAMILY, initBindings={"number": rdflib.Literal("DATA")})
    assert sorted(codes(rows)) == ["DATA-ENG", "IT-ARCH-03"]


def test_requirements_keep_ranges_and_alternatives(company_graph: Any) -> None:
    """ "3-4" admits 3 and 4; "1/3" admits 1 and 3 but not 2; min and max bound them."""
    query = """
    SELECT ?profile ?competence ?text ?min ?max ?n WHERE {
        ?p skos:notation ?profile ; cecf:requirement ?r .
        ?r cecf:competence/skos:notation ?competence ; cecf:levelText ?text ;
           cecf:minLevel ?min ; cecf:maxLevel ?max ; cecf:admits/cecf:levelNumber ?n .
    }"""
    found: dict[tuple[str, str], tuple[str, int, int, set[int]]] = {}
    for row in company_graph.query(PREFIXES + query):
        key = (str(row[0]), str(row[1]))
        found.setdefault(key, (str(row[2]), int(row[3]), int(row[4]), set()))[3].add(int(row[5]))
    expected = {
        (p.code, r.competence): (str(r.level), r.level.min, r.level.max, set(r.level.levels))
        for p in company().profiles
        for r in p.competences
    }
    assert found == expected
    assert found[("IT-ARCH-03", "B3")] == ("1/3", 1, 3, {1, 3})
    assert found[("DATA-ENG", "B1")] == ("3-4", 3, 4, {3, 4})


ANNEX1 = prepared(
    """
SELECT ?code ?line ?title ?position ?value ?competence WHERE {
    ?p skos:notation ?code ; cecf:annex1Row ?row .
    ?row cecf:sourceLine ?line ; cecf:printedTitle ?title .
    OPTIONAL {
        ?row cecf:annex1Value ?cell .
        ?cell cecf:position ?position ; cecf:printedValue ?value .
        OPTIONAL { ?cell cecf:competence/skos:notation ?competence }
    }
} ORDER BY ?code ?position"""
)


def annex1_rows(graph: Any) -> dict[str, tuple[int, str, list[str], list[str | None]]]:
    """Each profile's Annex 1 row as SPARQL reads it: (line, title, values, alignment)."""
    rows: dict[str, tuple[int, str, list[str], list[str | None]]] = {}
    for code, line, title, position, value, competence in graph.query(ANNEX1):
        row = rows.setdefault(str(code), (int(line), str(title), [], []))
        if position is not None:
            assert int(position) == len(row[2]) + 1  # positions count from 1, without a gap
            row[2].append(str(value))
            row[3].append(None if competence is None else str(competence))
    return rows


def api_annex1_rows(
    n: cigref_ecf.Nomenclature,
) -> dict[str, tuple[int, str, list[str], list[str | None]]]:
    return {
        p.code: (p.annex1.line, p.annex1.title, list(p.annex1.values), list(p.annex1.alignment))
        for p in n.profiles
        if p.annex1 is not None
    }


def test_sparql_annex1_rows_equal_the_api(graph: Any, company_graph: Any) -> None:
    """Every profile's Annex 1 row: its line, title, values in order and alignment (the
    unaligned values of 4.1, 4.4 and 4.6 included); none for profiles without one."""
    n = cigref_ecf.load()
    expected = api_annex1_rows(n)
    assert len(expected) == len(n.profiles)
    assert annex1_rows(graph) == expected
    assert expected["3.2"][2:] == (
        ["1", "3", "2-4", "2", "2", "2", "2"],
        ["A6", "A8", "B1", "B2", "B3", "B4", "B5"],
    )
    assert None in expected["4.1"][3]
    in_company = annex1_rows(company_graph)
    assert in_company == api_annex1_rows(company())
    assert "DATA-ENG" not in in_company and "3.2" in in_company


@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=5), st.sampled_from(["B1", "B3", None])),
        max_size=6,
    )
)
def test_sparql_reads_any_annex1_row_back(cells: list[tuple[str, str | None]]) -> None:
    """Any values, repeated or not, aligned or not, an empty row too: read back as given."""
    values = [value for value, _ in cells]
    alignment = [aligned for _, aligned in cells]
    n = with_annex1(values, alignment)
    assert annex1_rows(cigref_ecf.rdf_graph(n)) == {"3.2": (7, "CONCEPTEUR", values, alignment)}


def test_the_docs_page_shows_what_its_queries_return(graph: Any) -> None:
    examples = page_queries("sparql")
    assert len(examples) == 4
    for query, header, rows in examples:
        result = graph.query(query)
        assert [str(v) for v in result.vars] == header
        assert [[str(x) for x in row] for row in result] == rows, query


# ---------------------------------------------------------------- vocabulary and shape


def test_every_term_used_is_documented_and_every_documented_term_used(graph: Any) -> None:
    from cigref_ecf._model.catalog import read_bundled_text

    vocabulary = rdflib.Graph().parse(data=read_bundled_text("vocabulary.ttl"), format="turtle")
    defined = {
        s
        for s in vocabulary.subjects(rdflib.RDFS.label, None)
        if str(s).startswith(CECF) and str(s) != CECF
    }
    for term in defined:
        assert vocabulary.value(term, rdflib.RDFS.comment) is not None, term
    used = {p for p in graph.predicates() if str(p).startswith(CECF)}
    used |= {o for o in graph.objects(None, rdflib.RDF.type) if str(o).startswith(CECF)}
    assert used == defined
    context = json.dumps(cigref_ecf.jsonld_context())
    for name in re.findall(r'"cecf:(\w+)"', context):
        assert rdflib.URIRef(CECF + name) in defined, name


@pytest.fixture(scope="module")
def shapes() -> Any:
    from cigref_ecf._model.catalog import read_bundled_text

    return rdflib.Graph().parse(data=read_bundled_text("shapes.ttl"), format="turtle")


def validate(data: Any, shapes: Any) -> tuple[bool, str]:
    pyshacl = pytest.importorskip("pyshacl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    return bool(conforms), str(text)


def test_a_company_graph_conforms_to_the_shape(company_graph: Any, shapes: Any) -> None:
    """The company graph holds the bundled nomenclature and its own family and profiles."""
    conforms, text = validate(company_graph, shapes)
    assert conforms, text


def test_the_shape_catches_broken_graphs(graph: Any, shapes: Any) -> None:
    broken = rdflib.Graph()
    for triple in graph:
        broken.add(triple)
    c = rdflib.Namespace(CECF)
    b3 = rdflib.URIRef(BASE + "competence/B3")
    req = rdflib.URIRef(BASE + "profile/3.2/requirement/B1")
    broken.remove((b3, SKOS.prefLabel, None))
    broken.add((req, c.admits, rdflib.URIRef(BASE + "level/e-1")))  # B1 has no level 1
    broken.set((rdflib.URIRef(BASE + "profile/3.2/requirement/B3"), c.maxLevel, rdflib.Literal(5)))
    broken.set((rdflib.URIRef(BASE + "erratum/E001"), c.kind, rdflib.Literal("oops")))
    broken.remove(
        (rdflib.URIRef(BASE + "family/4"), SKOS.narrower, rdflib.URIRef(BASE + "profile/4.2"))
    )
    # 3.2's Annex 1: the second value at the first's position, the third aligned with E9.
    cell = rdflib.URIRef(BASE + "profile/3.2/annex1/2")
    broken.set((cell, c.position, rdflib.Literal(1)))
    broken.set(
        (
            rdflib.URIRef(BASE + "profile/3.2/annex1/3"),
            c.competence,
            rdflib.URIRef(BASE + "competence/E9"),
        )
    )
    broken.remove((rdflib.URIRef(BASE + "profile/5.1/annex1"), c.printedTitle, None))
    conforms, text = validate(broken, shapes)
    assert not conforms
    for expected in (
        "competence/B3",
        "admits a level its competence does not define",
        "are not its lowest and highest admitted levels",
        "oops",
        "profile/4.2 is not a narrower concept of its family",
        "profile/3.2/annex1 has two values at one position",
        "profile/3.2/annex1/3 is aligned with a competence its profile does not require",
        "profile/5.1/annex1",
    ):
        assert expected in text, expected


# ---------------------------------------------------------------- JSON-LD context


def jsonld(text: str, **context_args: str) -> Any:
    """rdflib's reading of a JSON document with the context given apart."""
    context = cigref_ecf.jsonld_context(**context_args)
    return rdflib.Graph().parse(data=text, format="json-ld", context=context)


def test_to_jsonld_reads_as_a_part_of_the_rdf_graph(graph: Any) -> None:
    """Every triple rdflib reads from ``to_jsonld()`` without a blank node is in ``to_rdf()``'s
    graph (the data set included), and the requirements, descriptors, lists and families read
    the same."""
    read = rdflib.Graph().parse(data=cigref_ecf.to_jsonld(), format="json-ld")
    plain = [t for t in read if not any(isinstance(x, rdflib.BNode) for x in t)]
    assert len(plain) > 2000
    assert all(t in graph for t in plain)
    for iri in ("profile/3.2", "competence/D6", "area/B", "level/e-3", "erratum/E001"):
        assert rdflib.URIRef(BASE + iri) in set(read.subjects())
    nomenclature = rdflib.URIRef(BASE + "nomenclature")
    parts = set(read.objects(nomenclature, rdflib.DCTERMS.hasPart))
    n = cigref_ecf.load()
    sections = (n.levels, n.dimensions, n.competences, n.families, n.profiles, n.errata)
    assert len(parts) == sum(map(len, sections))
    assert parts <= set(graph.objects(nomenclature, rdflib.DCTERMS.hasPart))
    for query in (
        "SELECT ?p ?c ?t ?line WHERE { ?p cecf:requirement ?r . ?r cecf:competence ?c ;"
        " cecf:levelText ?t . OPTIONAL { ?r cecf:sourceLine ?line } }",
        "SELECT ?c ?n ?text WHERE { ?c cecf:levelDescriptor ?d ."
        " ?d cecf:levelNumber ?n ; skos:definition ?text }",
        "SELECT ?p ?i ?h ?task WHERE { ?p cecf:activities/rdf:rest*/rdf:first ?g ."
        " ?g cecf:heading ?h ; cecf:tasks/rdf:rest*/rdf:first ?task }",
        "SELECT ?c ?k WHERE { ?c cecf:knowledge/rdf:rest*/rdf:first ?k }",
        "SELECT ?label ?p WHERE { ?f skos:prefLabel ?label ; skos:narrower ?p ."
        " ?p cecf:requirement ?r }",
    ):
        ours = set(graph.query(PREFIXES + query))
        theirs = set(read.query(PREFIXES + query))
        assert ours == theirs and ours, query


def test_to_json_with_the_context_names_the_same_nodes(graph: Any) -> None:
    """The data file itself, read with the context, names the same nodes with the same IRIs;
    what it adds are the empty lists the data holds (``rdf:nil``) and a blank data set."""
    read = jsonld(cigref_ecf.to_json())
    plain = [t for t in read if not any(isinstance(x, rdflib.BNode) for x in t)]
    extra = [t for t in plain if t not in graph]
    assert {(str(s), o) for s, _, o in extra} == {(BASE + "profile/4.9", rdflib.RDF.nil)}
    iris = {x for t in read for x in t if isinstance(x, rdflib.URIRef)}
    assert iris <= {x for t in graph for x in t} | {rdflib.RDF.nil}


def test_the_context_works_embedded_and_for_another_base_and_language() -> None:
    n = company()
    base = "https://acme.example/jobs/"
    document = json.loads(cigref_ecf.to_jsonld(n, base=base, language="en"))
    context = cigref_ecf.jsonld_context(base=base, language="en")
    assert document["@context"] == context
    embedded = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    del document["@context"]
    given_apart = jsonld(json.dumps(document), base=base, language="en")
    assert same_graph(embedded, given_apart)
    ours = cigref_ecf.rdf_graph(n, base=base, language="en")
    plain = [t for t in embedded if not any(isinstance(x, rdflib.BNode) for x in t)]
    assert all(t in ours for t in plain)
    assert (
        rdflib.URIRef(base + "profile/DATA-ENG"),
        SKOS.prefLabel,
        rdflib.Literal("Data engineer", lang="en"),
    ) in embedded
    # CIGREF's own texts keep their language in a nomenclature declared English.
    assert (
        rdflib.URIRef(base + "profile/3.2"),
        SKOS.prefLabel,
        rdflib.Literal("Concepteur - développeur", lang="fr"),
    ) in embedded


def test_the_shipped_context_file_is_the_default_context() -> None:
    from cigref_ecf._model.catalog import read_bundled_text

    shipped = json.loads(read_bundled_text("nomenclature.context.jsonld"))
    assert shipped == {"@context": cigref_ecf.jsonld_context()}
    assert cigref_ecf.jsonld_context() is not cigref_ecf.jsonld_context()


# ---------------------------------------------------------------- IRIs, labels, errata


def test_iris_live_under_the_base_and_are_stable() -> None:
    """The data's IRIs are under the base, but the e-CF's stay canonical (under the default
    base) so that graphs of different bases join on them."""
    base = "https://acme.example/ref#"
    graph = cigref_ecf.rdf_graph(base=base)
    vocabularies = ("http://www.w3.org/", "http://purl.org/dc/", "http://xmlns.com/", CECF)
    outside = (*vocabularies, "https://schema.org/", "http://data.europa.eu/snb/eqf/")
    ours = {
        str(x)
        for t in graph
        for x in t
        if isinstance(x, rdflib.URIRef) and not str(x).startswith(outside)
    }
    ecf = tuple(
        BASE + kind for kind in ("area/", "competence/", "level/", "scheme/ecf", "scheme/levels")
    )
    assert ours and all(x.startswith((base, *ecf)) or x == SITE_URL for x in ours)
    assert base + "profile/3.2/requirement/B1" in ours
    assert BASE + "competence/D6/level/e-4" in ours and base + "competence/D6" not in ours
    assert {base + "profile/3.2/annex1", base + "profile/3.2/annex1/7"} <= ours
    assert {base + "scheme/profiles", BASE + "scheme/ecf", BASE + "scheme/levels"} <= ours


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("cigref/", "not absolute"),
        ("https://x.example/id", "must end with '/' or '#'"),
        ("https://x.example/my id/", "characters an IRI cannot hold"),
        (b"https://x.example/", "must be an IRI string"),
    ],
)
def test_a_bad_base_is_refused(base: Any, message: str) -> None:
    with pytest.raises(InvalidQueryError, match=message):
        cigref_ecf.to_rdf(base=base)
    with pytest.raises(InvalidQueryError, match=message):
        cigref_ecf.jsonld_context(base=base)


def test_a_bad_language_is_refused() -> None:
    with pytest.raises(InvalidQueryError, match="language tag"):
        cigref_ecf.to_rdf(language="french!")


@given(st.lists(st.text(min_size=1, max_size=12), min_size=2, max_size=2, unique=True))
def test_codes_become_distinct_valid_iris(pair: list[str]) -> None:
    from cigref_ecf._write.rdf import Iris

    iris = Iris(BASE)
    a, b = (iris.profile(code) for code in pair)
    assert a != b
    for iri in (a, b):
        assert re.fullmatch(r"[A-Za-z0-9\-._~%/:]+", iri), iri
        rdflib.URIRef(iri)  # no warning (warnings are errors here)


def test_language_tags(graph: Any) -> None:
    c = rdflib.Namespace(CECF)
    tags: dict[Any, set[str | None]] = {}
    for cls in (c.Competence, c.Area, c.Level, c.LevelDescriptor, c.Family, c.JobProfile):
        tags[cls] = set()
        for s in graph.subjects(rdflib.RDF.type, cls):
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.definition):
                tags[cls] |= {o.language for o in graph.objects(s, p)}
    assert tags[c.Competence] == tags[c.Area] == tags[c.Level] == {"en"}
    assert tags[c.LevelDescriptor] == {"en"}
    assert tags[c.Family] == {"fr"}
    assert tags[c.JobProfile] == {"fr", "en"}
    for p in cigref_ecf.job_profiles():
        node = rdflib.URIRef(BASE + "profile/" + p.code)
        english = {str(o) for o in graph.objects(node, SKOS.altLabel) if o.language == "en"}
        assert english == set(p.english_titles), p.code


def test_errata_are_notes_with_their_ids(graph: Any) -> None:
    c = rdflib.Namespace(CECF)
    for e in cigref_ecf.errata():
        node = rdflib.URIRef(BASE + "erratum/" + e.id)
        assert str(graph.value(node, SKOS.notation)) == e.id
        assert str(graph.value(node, c.reason)) == e.reason
        (about,) = graph.subjects(SKOS.editorialNote, node)
        if e.profile is not None:
            assert str(about).startswith(BASE + "profile/" + e.profile)
        elif e.competence is not None:
            assert str(about) == BASE + "competence/" + e.competence
        else:
            assert str(about) == BASE + "nomenclature"


def test_the_nomenclature_node_holds_the_versions(graph: Any) -> None:
    c = rdflib.Namespace(CECF)
    node = rdflib.URIRef(BASE + "nomenclature")
    meta = cigref_ecf.load().meta
    assert str(graph.value(node, c.dataVersion)) == meta.data_version
    assert str(graph.value(node, c.ecfVersion)) == meta.ecf_version
    assert str(graph.value(node, c.cigrefVersion)) == meta.cigref_version
    assert len(set(graph.subjects(rdflib.RDF.type, SKOS.ConceptScheme))) == 3


# ---------------------------------------------------------------- texts a format cannot hold


@pytest.mark.parametrize(
    ("char", "refused_by"),
    [
        ("\x01", {"xml"}),
        ("\x00", {"xml"}),
        ("\ufffe", {"xml"}),
        ("\ud800", {"turtle", "json-ld", "xml"}),
    ],
)
def test_characters_a_format_cannot_hold_are_refused(char: str, refused_by: set[str]) -> None:
    n = with_mission(f"ab{char}c")
    for fmt in FORMATS:
        if fmt in refused_by:
            with pytest.raises(DataError) as info:
                cigref_ecf.to_rdf(n, format=fmt)  # type: ignore[arg-type]
            (problem,) = info.value.problems
            assert problem.path == "$.profiles[0] (3.2).mission"
            assert f"U+{ord(char):04X} at position 2" in problem.message
        else:
            back = rdflib.Graph().parse(data=cigref_ecf.to_rdf(n, format=fmt), format=fmt)  # type: ignore[arg-type]
            profile = rdflib.URIRef(BASE + "profile/3.2")
            assert str(back.value(profile, SKOS.definition)) == f"ab{char}c"


TEXTS = st.one_of(
    st.text(),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())),
)


def xml_char(ch: str) -> bool:
    """The Char production of XML 1.0."""
    c = ord(ch)
    return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or c >= 0x10000


@given(text=TEXTS, fmt=st.sampled_from(FORMATS))
def test_any_text_is_written_exactly_or_refused(text: str, fmt: str) -> None:
    """Never a broken or altered file: the text comes back equal, or DataError says why, and
    only for a character the format cannot hold."""
    n = with_mission(text)
    surrogate = any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    if surrogate or (fmt == "xml" and not all(map(xml_char, text))):
        with pytest.raises(DataError) as info:
            cigref_ecf.to_rdf(n, format=fmt)  # type: ignore[arg-type]
        assert info.value.problems[0].path == "$.profiles[0] (3.2).mission"
        return
    out = cigref_ecf.to_rdf(n, format=fmt)  # type: ignore[arg-type]
    back = rdflib.Graph().parse(data=out, format=fmt)
    written = back.value(rdflib.URIRef(BASE + "profile/3.2"), SKOS.definition)
    # An empty text is absent (the graph holds no empty literal), any other comes back equal.
    assert (written is None) if text == "" else (str(written) == text)
