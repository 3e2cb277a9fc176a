"""Linked data that holds for company graphs and any JSON-LD 1.1 processor.

pyld (a JSON-LD 1.1 processor that owes nothing to rdflib) reads ``to_jsonld()`` and ``to_json()``
with the context, served by a document loader from memory (no network); pySHACL checks the
graphs against the shipped shape. Company nomenclatures are drawn by hypothesis with codes spelled
like the context's terms and keywords, empty optional sections and both languages.
"""

from __future__ import annotations

import json
import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import DataError
from cigref_ecf._model.rules import CODE_SHAPES

from ._interop import CECF, PREFIXES, company_data, small_data

rdflib = pytest.importorskip("rdflib")
jsonld = pytest.importorskip("pyld.jsonld")
pyshacl = pytest.importorskip("pyshacl")

BASE = "https://cigref-ecf.github.io/cigref-ecf/id/"
ACME = "https://acme.example/jobs/"
CONTEXT_URL = "https://acme.example/context.jsonld"
SKOS = rdflib.SKOS
C = rdflib.Namespace(CECF)

# Codes a loader accepts that are spelled like the context's terms, prefixes and keys.
TRICKY = (
    "skos", "title", "career", "code", "meta", "id", "evidence", "family", "profiles",
    "competence", "competences", "dcterms", "cecf", "levels", "notes", "level", "3", "3.2",
)  # fmt: skip


def pyld_graph(document: dict[str, Any], context: dict[str, Any] | None = None) -> Any:
    """pyld's reading of ``document`` as an rdflib graph; ``context`` is what the loader serves
    at :data:`CONTEXT_URL` (any other address is refused: no network)."""

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        if url != CONTEXT_URL or context is None:
            raise jsonld.JsonLdError(
                f"no network in tests: {url}",
                "jsonld.LoadDocumentError",
                code="loading document failed",
            )
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": context}}

    quads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    # Every quad is in the default graph: the lines are N-Triples.
    return rdflib.Graph().parse(data=quads, format="nt")


def plain(graph: Any) -> set[Any]:
    return {t for t in graph if not any(isinstance(x, rdflib.BNode) for x in t)}


def iris(graph: Any) -> set[Any]:
    return {x for t in graph for x in t if isinstance(x, rdflib.URIRef)}


QUERIES = (
    "SELECT ?p ?c ?t WHERE { ?p cecf:requirement ?r . ?r cecf:competence ?c ; cecf:levelText ?t }",
    "SELECT ?p ?h ?task WHERE { ?p cecf:activities/rdf:rest*/rdf:first ?g ."
    " ?g cecf:heading ?h . OPTIONAL { ?g cecf:tasks/rdf:rest*/rdf:first ?task } }",
    "SELECT ?p ?d WHERE { ?p cecf:deliverables/rdf:rest*/rdf:first ?d }",
    "SELECT ?f ?p WHERE { ?f skos:narrower ?p }",
    "SELECT ?x ?label WHERE { ?x skos:prefLabel|skos:altLabel|skos:definition ?label }",
)


def assert_jsonld_is_part_of_rdf(
    n: cigref_ecf.Nomenclature, base: str, language: str | None
) -> None:
    """pyld reads ``to_jsonld()`` (context embedded, and by address) as a part of ``to_rdf()``:
    every triple without a blank node is in the Turtle, the IRIs of concepts, errata and the data
    set are the Turtle's, and requirements, activities and lists answer the same queries."""
    turtle = rdflib.Graph().parse(
        data=cigref_ecf.to_rdf(n, base=base, language=language), format="turtle"
    )
    context = cigref_ecf.jsonld_context(base=base, language=language or n.meta.language or "fr")
    embedded = json.loads(cigref_ecf.to_jsonld(n, base=base, language=language))
    by_address = json.loads(
        cigref_ecf.to_jsonld(n, base=base, language=language, context=CONTEXT_URL)
    )
    named = set(turtle.subjects(rdflib.RDF.type, SKOS.Concept))
    named |= set(turtle.subjects(rdflib.RDF.type, C.Erratum))
    named.add(rdflib.URIRef(base + "nomenclature"))
    assert len(named) > len(n.families) + len(n.profiles)
    for document in (embedded, by_address):
        read = pyld_graph(document, context)
        extra = plain(read) - set(turtle)
        assert not extra, sorted(extra)[:5]
        assert iris(read) <= iris(turtle)
        assert named <= set(read.subjects()), sorted(named - set(read.subjects()))[:5]
        for query in QUERIES:
            # The same answers about the nodes the JSON names (not schemes or descriptors).
            ours = {row for row in turtle.query(PREFIXES + query) if row[0] in named}
            theirs = {row for row in read.query(PREFIXES + query) if row[0] in named}
            assert theirs == ours, query


# ---------------------------------------------------------------- the bundled data


@pytest.fixture(scope="module")
def shapes() -> Any:
    from cigref_ecf._model.catalog import read_bundled_text

    return rdflib.Graph().parse(data=read_bundled_text("shapes.ttl"), format="turtle")


def conforms(graph: Any, shapes: Any) -> tuple[bool, str]:
    ok, _, text = pyshacl.validate(graph, shacl_graph=shapes, advanced=True)
    return bool(ok), str(text)


def test_pyld_reads_the_bundled_jsonld_as_a_part_of_the_turtle() -> None:
    assert_jsonld_is_part_of_rdf(cigref_ecf.load(), BASE, "fr")
    # Nodes are named by their full IRI, references by code (expanded by the context).
    document = json.loads(cigref_ecf.to_jsonld(base=ACME))
    profile = document["profiles"][0]
    assert profile["@id"] == ACME + "profile/1.1" and "code" not in profile
    assert (profile["family"], document["competences"][0]["@id"]) == ("1", BASE + "competence/A1")
    assert document["errata"][0]["@id"] == ACME + "erratum/E001"


def test_pyld_reads_to_json_with_the_context_and_the_same_iris() -> None:
    """The data file with the context given apart: the IRIs are the Turtle's (the data set is
    the one node it cannot name), and a company's null sections no longer stop pyld."""
    n = cigref_ecf.load_json(json.dumps(company_data()))
    assert any(p.career is None for p in n.profiles)
    document = json.loads(cigref_ecf.to_json(n))
    document["@context"] = CONTEXT_URL
    read = pyld_graph(document, cigref_ecf.jsonld_context())
    turtle = cigref_ecf.rdf_graph(n)
    assert iris(read) <= iris(turtle) | {rdflib.RDF.nil}
    profiles = set(turtle.subjects(rdflib.RDF.type, C.JobProfile))
    assert profiles == set(read.subjects(SKOS.broader, None)) & profiles


def test_to_json_writes_no_null_for_a_nested_section() -> None:
    n = cigref_ecf.load_json(json.dumps(company_data()))
    data = json.loads(cigref_ecf.to_json(n))
    engineer = next(p for p in data["profiles"] if p["code"] == "DATA-ENG")
    assert "career" not in engineer
    assert all("evidence" not in r for r in engineer["competences"])
    assert engineer["activities_intro"] is None  # a plain term may be null
    assert cigref_ecf.to_data(cigref_ecf.load_json(cigref_ecf.to_json(n))) == cigref_ecf.to_data(n)


def test_the_bundled_graph_conforms_to_the_shape(shapes: Any) -> None:
    ok, text = conforms(cigref_ecf.rdf_graph(), shapes)
    assert ok, text


# ---------------------------------------------------------------- drawn company nomenclatures

CODES = st.one_of(st.sampled_from(TRICKY), st.from_regex(CODE_SHAPES["code"][0], fullmatch=True))
WORDS = st.text(string.ascii_letters + "éà' -", min_size=1, max_size=12).map(str.strip).filter(bool)
OPTIONAL = st.one_of(st.none(), st.just(""), WORDS)


@st.composite
def company_nomenclatures(draw: st.DrawFn) -> dict[str, Any]:
    """A company file on the e-CF part of the small nomenclature (B1, B3): families and profiles
    with drawn codes (term-like spellings included), texts, empty optional sections."""
    data = small_data()
    data["meta"]["convention"] = None
    data["meta"]["cigref_version"] = ""
    levels = {c["code"]: [d["level"] for d in c["levels"]] for c in data["competences"]}
    codes = draw(st.lists(CODES, min_size=2, max_size=6, unique=True))
    split = draw(st.integers(1, len(codes) - 1))
    family_codes, profile_codes = codes[:split], codes[split:]
    families: list[dict[str, Any]] = [
        {"code": code, "title": draw(WORDS), "description": draw(st.sampled_from(["", "Des."])),
         "profiles": []}
        for code in family_codes
    ]  # fmt: skip
    profiles = []
    for code in profile_codes:
        family = draw(st.sampled_from(families))
        family["profiles"].append(code)
        required = draw(st.lists(st.sampled_from(sorted(levels)), min_size=1, unique=True))
        title = draw(WORDS)
        profiles.append(
            {
                "code": code,
                "family": family["code"],
                "title": title,
                "other_titles": [t for t in draw(st.lists(WORDS, max_size=2)) if t != title],
                "english_titles": draw(st.lists(WORDS, max_size=2, unique=True)),
                "mission": draw(st.sampled_from(["", "Builds."])),
                "activities_intro": draw(OPTIONAL),
                "activities": draw(
                    st.lists(
                        st.fixed_dictionaries(
                            {
                                "heading": WORDS,
                                "intro": OPTIONAL,
                                "tasks": st.lists(WORDS, max_size=2),
                            }
                        ),
                        max_size=2,
                    )
                ),
                "competences": [
                    {"competence": c, "level": str(draw(st.sampled_from(levels[c])))}
                    for c in required
                ],
                "deliverables": draw(st.lists(WORDS, max_size=2)),
                "indicators_intro": draw(OPTIONAL),
                "indicators": draw(st.lists(WORDS, max_size=2)),
                "career": draw(
                    st.one_of(
                        st.none(),
                        st.fixed_dictionaries({"profile": OPTIONAL, "experience": OPTIONAL}),
                    )
                ),
                "trends": draw(OPTIONAL),
                "notes": draw(OPTIONAL),
            }
        )
    data["families"] = families
    data["profiles"] = profiles
    return data


def load_or_skip(data: dict[str, Any]) -> cigref_ecf.Nomenclature:
    try:
        return cigref_ecf.load_json(json.dumps(data))
    except DataError as exc:  # the loader's own rules (a family left empty, a title twice...)
        from hypothesis import reject

        reject()
        raise AssertionError from exc  # unreachable: reject() raises


LANGUAGES = st.sampled_from([None, "fr", "en", "en-GB"])


@settings(max_examples=25)
@given(
    data=company_nomenclatures(),
    declared=LANGUAGES,
    given_=LANGUAGES,
    base=st.sampled_from([BASE, ACME]),
)
def test_pyld_reads_any_company_as_a_part_of_its_turtle(
    data: dict[str, Any], declared: str | None, given_: str | None, base: str
) -> None:
    """The language of a company's texts is the one the call gives, else the one its file
    declares (``meta.language``), else French."""
    data["meta"]["language"] = declared
    n = load_or_skip(data)
    language = given_ or declared or "fr"
    assert_jsonld_is_part_of_rdf(n, base, given_)
    graph = cigref_ecf.rdf_graph(n, base=base, language=given_)
    # Each code is its own IRI, whatever its spelling; no empty text, no empty list.
    for f in n.families:
        assert (
            rdflib.URIRef(base + "family/" + f.code),
            SKOS.notation,
            rdflib.Literal(f.code),
        ) in graph
    assert not [t for t in graph if isinstance(t[2], rdflib.Literal) and str(t[2]) == ""]
    assert (None, None, rdflib.RDF.nil) not in graph or all(
        p == rdflib.RDF.rest for _, p, _ in graph.triples((None, None, rdflib.RDF.nil))
    )
    # Every company text is in the declared language; English titles stay English.
    for p in n.profiles:
        node = rdflib.URIRef(base + "profile/" + p.code)
        label: Any = graph.value(node, SKOS.prefLabel)
        assert label.language == language
        alternatives: list[Any] = list(graph.objects(node, SKOS.altLabel))
        english = {str(o) for o in alternatives if o.language == "en"}
        # English titles are alternative labels, but the one that is the preferred label (S13).
        expected = set(p.english_titles) | (set(p.other_titles) if language == "en" else set())
        if label.language == "en":
            expected.discard(str(label))
        assert english == expected


@settings(max_examples=10)
@given(data=company_nomenclatures(), language=st.sampled_from(["fr", "en"]))
def test_any_company_graph_conforms_to_the_shape(data: dict[str, Any], language: str) -> None:
    n = load_or_skip(data)
    graph = cigref_ecf.rdf_graph(n, base=ACME, language=language)
    ok, text = conforms(graph, _shapes())
    assert ok, text


def _shapes() -> Any:
    from cigref_ecf._model.catalog import read_bundled_text

    return rdflib.Graph().parse(data=read_bundled_text("shapes.ttl"), format="turtle")


def test_a_title_that_is_also_an_english_title_is_one_label(tmp_path: Any) -> None:
    """A company's English title equal to its English English-title is the preferred label only
    (SKOS S13), in the Turtle and in the JSON-LD reading alike."""
    data = company_data()
    data["meta"]["language"] = "en"
    n = cigref_ecf.load_json(json.dumps(data))
    engineer = next(p for p in n.profiles if p.code == "DATA-ENG")
    assert engineer.english_titles == (engineer.title,)
    graph = cigref_ecf.rdf_graph(n, base=ACME)
    node = rdflib.URIRef(ACME + "profile/DATA-ENG")
    assert graph.value(node, SKOS.prefLabel) == rdflib.Literal("Data engineer", lang="en")
    assert graph.value(node, SKOS.altLabel) is None
    assert conforms(graph, _shapes())[0]
    read = pyld_graph(json.loads(cigref_ecf.to_jsonld(n, base=ACME)))
    assert read.value(node, SKOS.altLabel) is None
    assert read.value(node, SKOS.prefLabel) == graph.value(node, SKOS.prefLabel)


def test_a_code_spelled_as_a_keyword_is_refused_by_the_loader() -> None:
    data = company_data()
    data["families"][-1]["code"] = "@id"
    with pytest.raises(DataError, match="@id"):
        cigref_ecf.load_json(json.dumps(data))


# ---------------------------------------------------------------- companies' graphs


def overlay(tmp_path: Any, **changes: Any) -> cigref_ecf.Nomenclature:
    path = tmp_path / "overlay.json"
    path.write_text(json.dumps({"base": "cigref", **changes}), encoding="utf-8")
    return cigref_ecf.load(path)


def test_cigref_texts_stay_french_in_an_english_company_nomenclature(tmp_path: Any) -> None:
    """An overlay on CIGREF declared English (in its file): CIGREF's own texts stay ``fr``, the
    company's (its profile, a renamed title) are ``en``, English titles ``en`` either way."""
    n = overlay(
        tmp_path,
        meta={"language": "en"},
        add_families=[{"code": "DATA", "title": "Data", "profiles": []}],
        add_profiles=[
            {"code": "DATA-ENG", "family": "DATA", "title": "Data engineer",
             "mission": "Builds pipelines.", "competences": [{"competence": "B1", "level": "3"}]}
        ],
        rename_profiles={"3.2": "Software developer"},
    )  # fmt: skip
    assert n.meta.language == "en"
    graph = cigref_ecf.rdf_graph(n, base=ACME)

    def texts(code: str, predicate: Any) -> set[tuple[str, str]]:
        node = rdflib.URIRef(ACME + code)
        objects: list[Any] = list(graph.objects(node, predicate))
        return {(str(o), o.language) for o in objects}

    assert texts("profile/3.2", SKOS.prefLabel) == {("Software developer", "en")}
    mission = cigref_ecf.job_profile("3.2").mission
    assert texts("profile/3.2", SKOS.definition) == {(mission, "fr")}
    assert texts("profile/1.1", SKOS.prefLabel) == {("Consultant en systèmes d'information", "fr")}
    assert ("Project Integrator", "en") in texts("profile/1.1", SKOS.altLabel)
    assert texts("profile/DATA-ENG", SKOS.prefLabel) == {("Data engineer", "en")}
    assert texts("family/DATA", SKOS.prefLabel) == {("Data", "en")}
    assert texts("family/3", SKOS.prefLabel) == {(cigref_ecf.family("3").title, "fr")}
    # The call's language wins over the file's.
    german = cigref_ecf.rdf_graph(n, base=ACME, language="de")
    assert german.value(rdflib.URIRef(ACME + "family/DATA"), SKOS.prefLabel).n3() == '"Data"@de'


def test_a_malformed_language_is_refused_where_it_is_declared() -> None:
    data = company_data()
    data["meta"]["language"] = "english!"
    with pytest.raises(DataError) as info:
        cigref_ecf.load_json(json.dumps(data))
    (problem,) = info.value.problems
    assert problem.path == "$.meta.language"
    assert "a language tag such as 'fr' or 'en-GB'" in problem.message


def test_a_company_graph_holds_no_empty_text_or_list() -> None:
    data = company_data()
    data["profiles"][-1].update(mission="", deliverables=[], activities=[], indicators=[])
    data["families"][-1]["description"] = ""
    n = cigref_ecf.load_json(json.dumps(data))
    graph = cigref_ecf.rdf_graph(n, base=ACME)
    assert not [t for t in graph if isinstance(t[2], rdflib.Literal) and str(t[2]) == ""]
    architect = rdflib.URIRef(ACME + "profile/IT-ARCH-03")
    for predicate in (C.deliverables, C.activities, C.indicators, SKOS.definition):
        assert graph.value(architect, predicate) is None
    assert set(graph.subjects(None, rdflib.RDF.nil)) <= set(graph.subjects(rdflib.RDF.first, None))
    # The SQL tables hold NULL there, not an empty text.
    from cigref_ecf._write.sql import tables

    assert ("IT-ARCH-03", None) in {(row[0], row[4]) for row in tables(n)["profiles"]}


def company_graph(name: str, profiles: list[dict[str, Any]]) -> Any:
    """A company's own nomenclature on the e-CF (no CIGREF profile), under its own base."""
    data = small_data()
    data["meta"].update(convention=None, cigref_version="", source=f"{name} job architecture")
    data["families"] = [{"code": "IT", "title": "IT", "profiles": [p["code"] for p in profiles]}]
    data["profiles"] = [dict(p, family="IT") for p in profiles]
    n = cigref_ecf.load_json(json.dumps(data))
    return cigref_ecf.rdf_graph(n, base=f"https://{name}.example/jobs/", language="en")


def test_two_companies_graphs_join_on_competences_and_levels() -> None:
    """Merged, the graphs of two companies with their own bases answer one SPARQL query over
    both: which profiles of either require the same competence, at which admitted levels."""
    acme = company_graph(
        "acme",
        [
            {
                "code": "DEV",
                "title": "Developer",
                "competences": [{"competence": "B1", "level": "3"}],
            }
        ],
    )
    globex = company_graph(
        "globex",
        [
            {"code": "ENG-1", "title": "Engineer", "competences": [
                {"competence": "B1", "level": "2-4"}, {"competence": "B3", "level": "3"}]},
            {"code": "QA", "title": "Tester", "competences": [{"competence": "B3", "level": "2"}]},
        ],
    )  # fmt: skip
    merged = rdflib.Graph()
    for graph in (acme, globex):
        for triple in graph:
            merged.add(triple)
    rows = merged.query(
        PREFIXES
        + """
        SELECT ?competence ?a ?b ?level WHERE {
            ?a cecf:requirement [ cecf:competence ?c ; cecf:admits ?lv ] .
            ?b cecf:requirement [ cecf:competence ?c ; cecf:admits ?lv ] .
            ?c skos:notation ?competence . ?lv skos:notation ?level .
            FILTER (STRSTARTS(STR(?a), "https://acme.") && STRSTARTS(STR(?b), "https://globex."))
        }"""
    )
    found = {
        (str(r[0]), str(r[1]).split("/")[-1], str(r[2]).split("/")[-1], str(r[3])) for r in rows
    }
    assert found == {("B1", "DEV", "ENG-1", "e-3")}
    # Each competence both use is one node, with one label: the graphs join, not duplicate.
    b1 = rdflib.URIRef(BASE + "competence/B1")
    assert len(set(merged.objects(b1, SKOS.prefLabel))) == 1
    assert len(set(merged.subjects(rdflib.DCTERMS.hasPart, b1))) == 2
    ok, text = conforms(merged, _shapes())
    assert ok, text


# ---------------------------------------------------------------- metadata


def test_the_data_set_has_catalogue_metadata() -> None:
    graph = cigref_ecf.rdf_graph()
    node = rdflib.URIRef(BASE + "nomenclature")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    meta = cigref_ecf.load().meta
    assert (node, rdflib.RDF.type, dcat.Dataset) in graph
    assert (
        str(graph.value(node, rdflib.DCTERMS.title))
        == "CIGREF 2010 IT job profiles and e-CF 2.0 competences"
    )
    assert str(graph.value(node, dcat.version)) == meta.data_version
    assert graph.value(node, rdflib.DCTERMS.created) == rdflib.Literal(
        "2010", datatype=rdflib.XSD.gYear
    )
    licence = graph.value(node, rdflib.DCTERMS.license)
    assert (licence, rdflib.RDF.type, rdflib.DCTERMS.LicenseDocument) in graph
    assert str(graph.value(licence, rdflib.DCTERMS.description)) == meta.notice
    publisher = graph.value(node, rdflib.DCTERMS.publisher)
    assert str(publisher) == "https://cigref-ecf.github.io/cigref-ecf/"
    # A company's data set is its own: its title from its source, no publisher claimed for it.
    acme = company_graph(
        "acme",
        [
            {
                "code": "DEV",
                "title": "Developer",
                "competences": [{"competence": "B1", "level": "3"}],
            }
        ],
    )
    company_node = rdflib.URIRef("https://acme.example/jobs/nomenclature")
    assert str(acme.value(company_node, rdflib.DCTERMS.title)) == "acme job architecture (e-CF 2.0)"
    assert acme.value(company_node, rdflib.DCTERMS.publisher) is None


def test_levels_link_to_the_europass_eqf_levels_and_keep_their_numbers() -> None:
    graph = cigref_ecf.rdf_graph()
    for lv in cigref_ecf.levels():
        node = rdflib.URIRef(BASE + "level/" + lv.code)
        numbers = {int(str(o)) for o in graph.objects(node, C.eqfLevel)}
        links = {str(o) for o in graph.objects(node, SKOS.relatedMatch)}
        assert numbers == set(lv.eqf)
        assert links == {f"http://data.europa.eu/snb/eqf/{n}" for n in lv.eqf}


def test_profiles_are_schema_org_occupations() -> None:
    graph = cigref_ecf.rdf_graph()
    schema = rdflib.Namespace("https://schema.org/")
    occupations = set(graph.subjects(rdflib.RDF.type, schema.Occupation))
    assert occupations == set(graph.subjects(rdflib.RDF.type, C.JobProfile))
    node = rdflib.URIRef(BASE + "profile/3.2")
    assert graph.value(node, schema.name) == graph.value(node, SKOS.prefLabel)
    assert graph.value(node, schema.description) == graph.value(node, SKOS.definition)


def test_the_vocabulary_says_what_defines_it_its_version_and_licence() -> None:
    from cigref_ecf._model.catalog import read_bundled_text

    vocabulary = rdflib.Graph().parse(data=read_bundled_text("vocabulary.ttl"), format="turtle")
    ontology = rdflib.URIRef(CECF)
    owl = rdflib.OWL
    assert str(vocabulary.value(ontology, owl.versionInfo)) == cigref_ecf.__version__
    assert str(vocabulary.value(ontology, rdflib.DCTERMS.license)) == "http://spdx.org/licenses/MIT"
    terms = {s for s in vocabulary.subjects() if str(s).startswith(CECF) and s != ontology}
    assert len(terms) > 50
    assert all(vocabulary.value(t, rdflib.RDFS.isDefinedBy) == ontology for t in terms)


# ---------------------------------------------------------------- SKOS integrity in the shape


def test_the_shape_enforces_skos_integrity() -> None:
    """S13 (a prefLabel is not also an altLabel), one prefLabel per language, a top concept has
    no broader concept, and the graph holds no empty text or empty list."""
    acme = company_graph(
        "acme",
        [
            {
                "code": "DEV",
                "title": "Developer",
                "competences": [{"competence": "B1", "level": "3"}],
            }
        ],
    )
    assert conforms(acme, _shapes())[0]
    jobs = rdflib.Namespace("https://acme.example/jobs/")
    cases = {
        "S13": [(jobs["profile/DEV"], SKOS.altLabel, rdflib.Literal("Developer", lang="en"))],
        "two prefLabels": [(jobs["profile/DEV"], SKOS.prefLabel, rdflib.Literal("Dev", lang="en"))],
        "top with broader": [(jobs["family/IT"], SKOS.broader, jobs["profile/DEV"])],
        "empty text": [(jobs["profile/DEV"], C.trends, rdflib.Literal("", lang="en"))],
        "empty list": [(jobs["profile/DEV"], C.deliverables, rdflib.RDF.nil)],
    }
    expected = {
        "S13": "DisjointConstraintComponent",
        "two prefLabels": "UniqueLangConstraintComponent",
        "top with broader": "MaxCountConstraintComponent",
        "empty text": "is an empty text",
        "empty list": "NotConstraintComponent",
    }
    for name, triples in cases.items():
        broken = rdflib.Graph()
        for triple in (*acme, *triples):
            broken.add(triple)
        ok, text = conforms(broken, _shapes())
        assert not ok and expected[name] in text, name
