"""RDF: the nomenclature as SKOS concepts, plus a small vocabulary of ours where SKOS has no term.

Three ``skos:ConceptScheme``: the e-CF areas and competences (area -> competence through
``skos:narrower``), the e-CF proficiency levels, and the families and job profiles (family ->
profile). Level descriptors, knowledge and skills, profile sections, each profile's required
competences (a requirement node keeping the requirement's text, its min and max and each level
it admits, so ranges and alternatives are not flattened), each profile's Annex 1 row (its values as
printed, in order, and the competence each was aligned with) and the errata use the ``cecf:``
vocabulary shipped as ``data/vocabulary.ttl``; ``data/shapes.ttl`` is its SHACL shape.

IRIs are ``{base}{kind}/{code}`` with the code percent-encoded (``{base}profile/3.2``,
``{base}profile/3.2/requirement/B1``). The e-CF's own concepts (areas, competences, levels, level
descriptors and their two schemes) keep their canonical IRIs under :data:`DEFAULT_BASE` whatever
``base`` is, so that the graphs of two companies join on competences and levels; the vocabulary's
IRIs do not depend on ``base`` either. The graph is a superset of what
:func:`~.jsonld.to_jsonld` (and ``to_json()`` with the shipped context,
``data/nomenclature.context.jsonld``) means as JSON-LD, so that both readings merge (the rules
of IRIs and languages both follow live in :mod:`.linked`).

Texts carry their own language: e-CF texts, English titles and errata decisions ``en``; a
family's or profile's text that is CIGREF's own (the bundled text of that family or profile)
``fr``; every other family or profile text the ``language`` given (the company's). A graph holds
no empty text and no empty list: what is empty in the data is absent from the graph.

rdflib is an optional dependency (``pip install "cigref-ecf[rdf]"``), imported on use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from .._model.catalog import _resolve
from .._model.records import JobProfile, Meta, Nomenclature
from ..exceptions import InvalidQueryError, MissingDependencyError
from .export import SURROGATES, check_writable
from .linked import (
    DEFAULT_BASE,
    EQF_LEVELS,
    SITE_URL,
    VOCAB,
    Iris,
    Languages,
    check_base,
    language_of,
)

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier, Node

__all__ = ["DEFAULT_BASE", "EQF_LEVELS", "SITE_URL", "VOCAB", "Iris", "rdf_graph", "to_rdf"]

RdfFormat = Literal["turtle", "json-ld", "xml"]
_FORMATS: dict[str, tuple[str, str, re.Pattern[str]]] = {
    # format: (rdflib serializer, name in messages, characters the format cannot hold)
    "turtle": ("turtle", "Turtle", re.compile(f"[{SURROGATES}]")),
    "json-ld": ("json-ld", "JSON-LD", re.compile(f"[{SURROGATES}]")),
    # XML 1.0 has no way, escaped or not, to hold most control characters, U+FFFE or U+FFFF.
    "xml": (
        "xml",
        "RDF/XML",
        re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"),
    ),
}

_PREFIXES = {
    "cecf": VOCAB,
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def _rdflib() -> Any:
    try:
        import rdflib
    except ImportError:
        raise MissingDependencyError(
            'rdflib is needed for RDF exports: pip install "cigref-ecf[rdf]"'
        ) from None
    return rdflib


def rdf_graph(
    nomenclature: Nomenclature | None = None,
    *,
    base: str = DEFAULT_BASE,
    language: str | None = None,
) -> Graph:
    """The nomenclature as an :class:`rdflib.Graph` (what :func:`to_rdf` serialises).

    Args:
        nomenclature: The nomenclature (default: the bundled one).
        base: The IRI the data's IRIs start with; ends with ``/`` or ``#``.
        language: The language tag of the company's profile and family texts (default: the
            file's ``meta.language``, else ``fr``); CIGREF's own texts stay ``fr`` and English
            titles ``en`` (see :class:`Languages`).

    Raises:
        MissingDependencyError: when rdflib is not installed.
        InvalidQueryError: for a malformed ``base`` or ``language``.

    Examples:
        >>> graph = rdf_graph()
        >>> rows = graph.query(
        ...     "SELECT ?code WHERE { ?p skos:broader/skos:notation '5' ; skos:notation ?code }"
        ...     " ORDER BY ?code")
        >>> [str(row.code) for row in rows]
        ['5.1', '5.2']
    """
    rdflib = _rdflib()
    n = _resolve(nomenclature)
    graph: Graph = rdflib.Graph()
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.addN(
        (s, p, o, graph)
        for s, p, o in _Builder(n, Iris(check_base(base)), language_of(n, language)).triples()
    )
    return graph


def to_rdf(
    nomenclature: Nomenclature | None = None,
    *,
    format: RdfFormat = "turtle",
    base: str = DEFAULT_BASE,
    language: str | None = None,
) -> str:
    """The nomenclature as RDF text: SKOS concepts and the ``cecf:`` vocabulary.

    Args:
        nomenclature: The nomenclature (default: the bundled one); a company's own exports the
            same way, custom codes included.
        format: ``"turtle"``, ``"json-ld"`` or ``"xml"`` (RDF/XML).
        base: The IRI the data's IRIs start with (``{base}profile/3.2``); ends with ``/`` or
            ``#``. The default is the project's; set your own to publish your data.
        language: The language tag of the company's profile and family texts (default: the
            file's ``meta.language``, else ``fr``). A text that is CIGREF's own (the bundled
            text of the same family or profile) stays ``fr``, English titles, e-CF texts and
            errata decisions are ``en``.

    Examples:
        >>> import rdflib
        >>> graph = rdflib.Graph().parse(data=to_rdf(format="turtle"), format="turtle")
        >>> profile = rdflib.URIRef("https://cigref-ecf.github.io/cigref-ecf/id/profile/3.2")
        >>> print(graph.value(profile, rdflib.SKOS.prefLabel).n3())
        "Concepteur - développeur"@fr

    Raises:
        MissingDependencyError: when rdflib is not installed.
        InvalidQueryError: for an unknown format, a malformed ``base`` or ``language``.
        DataError: when a text holds a character the format cannot write (a control
            character in RDF/XML, a lone surrogate in any format); every one is listed with
            its JSON path.
    """
    key: object = format
    spec = _FORMATS.get(key) if isinstance(key, str) else None
    if spec is None:
        raise InvalidQueryError(
            f"unknown RDF format {format!r}; expected one of {', '.join(_FORMATS)}"
        )
    serializer, name, illegal = spec
    n = _resolve(nomenclature)
    check_writable(n, illegal, name)
    graph = rdf_graph(n, base=base, language=language)
    if serializer == "json-ld":
        text: str = graph.serialize(format="json-ld", context=dict(_PREFIXES), auto_compact=True)
    else:
        text = graph.serialize(format=serializer)
    return text


class _Builder:
    """The triples of a nomenclature, in a stable order with stable blank node labels."""

    def __init__(self, n: Nomenclature, iris: Iris, language: str) -> None:
        rdflib = _rdflib()
        self.n = n
        self.iris = iris
        self.language = language
        self.languages = Languages(language)
        self.URIRef = rdflib.URIRef
        self.Literal = rdflib.Literal
        self.BNode = rdflib.BNode
        self.rdf = rdflib.RDF
        self.skos = rdflib.SKOS
        self.dct = rdflib.DCTERMS
        self.cecf = rdflib.Namespace(VOCAB)
        self.dcat = rdflib.Namespace(_PREFIXES["dcat"])
        self.foaf = rdflib.Namespace(_PREFIXES["foaf"])
        self.schema = rdflib.Namespace(_PREFIXES["schema"])
        self.xsd = rdflib.XSD
        self._bnodes = 0

    # ---------------------------------------------------------------- small helpers

    def iri(self, text: str) -> Identifier:
        result: Identifier = self.URIRef(text)
        return result

    def text(self, value: str, language: str | None) -> Node:
        result: Node = self.Literal(value, lang=language)
        return result

    def number(self, value: int) -> Node:
        result: Node = self.Literal(value)
        return result

    def bnode(self) -> Identifier:
        self._bnodes += 1
        result: Identifier = self.BNode(f"b{self._bnodes}")
        return result

    def rdf_list(
        self, subject: Identifier, predicate: Node, items: Iterable[Node]
    ) -> Iterator[tuple[Identifier, Node, Node]]:
        """``subject predicate ( items ... )`` as rdf:first/rdf:rest cells (order kept); no
        triple for an empty list, and empty texts are not items."""
        nodes = [node for node in items if not _empty(node)]
        if not nodes:
            return
        cells = [self.bnode() for _ in nodes]
        yield subject, predicate, cells[0]
        for i, (cell, node) in enumerate(zip(cells, nodes, strict=True)):
            yield cell, self.rdf.first, node
            yield cell, self.rdf.rest, cells[i + 1] if i + 1 < len(cells) else self.rdf.nil

    def concept(
        self, subject: Identifier, cls: str, notation: str, scheme: Identifier
    ) -> Iterator[tuple[Identifier, Node, Node]]:
        yield subject, self.rdf.type, self.skos.Concept
        yield subject, self.rdf.type, self.cecf[cls]
        yield subject, self.skos.notation, self.text(notation, None)
        yield subject, self.skos.inScheme, scheme
        yield self.iri(self.iris.nomenclature()), self.dct.hasPart, subject

    # ---------------------------------------------------------------- the graph

    def triples(self) -> Iterator[tuple[Identifier, Node, Node]]:
        """Every triple; none whose object is an empty text (what is empty is absent)."""
        for parts in (self.meta(), self.levels(), self.competences(), self.profiles()):
            yield from (t for t in parts if not _empty(t[2]))
        yield from (t for t in self.errata() if not _empty(t[2]))

    def meta(self) -> Iterator[tuple[Identifier, Node, Node]]:
        m, cecf, dct, dcat = self.n.meta, self.cecf, self.dct, self.dcat
        node = self.iri(self.iris.nomenclature())
        yield node, self.rdf.type, cecf.Nomenclature
        yield node, self.rdf.type, dcat.Dataset
        yield node, dct.title, self.text(_title(m), "en")
        yield node, dcat.version, self.text(m.data_version, None)
        yield node, cecf.dataVersion, self.text(m.data_version, None)
        if re.fullmatch("[0-9]{4}", m.cigref_version):
            yield node, dct.created, self.Literal(m.cigref_version, datatype=self.xsd.gYear)
        if m.notice:
            licence = self.iri(self.iris.licence())
            yield node, dct.license, licence
            yield licence, self.rdf.type, dct.LicenseDocument
            yield licence, dct.description, self.text(m.notice, "en")
        if m == _resolve(None).meta:
            # The bundled data: published by this project (a company's graph names its own).
            project = self.iri(SITE_URL)
            yield node, dct.publisher, project
            yield project, self.rdf.type, self.foaf.Organization
            yield project, self.foaf.name, self.text("cigref-ecf", None)
            yield project, self.foaf.homepage, project
        yield node, cecf.ecfVersion, self.text(m.ecf_version, None)
        yield node, cecf.cigrefVersion, self.text(m.cigref_version, None)
        yield node, dct.source, self.text(m.source, None)
        yield node, cecf.sourceFile, self.text(m.source_file, None)
        yield node, cecf.levelsSource, self.text(m.levels_source, None)
        yield node, dct.rights, self.text(m.notice, None)
        if m.convention is not None:
            yield node, cecf.convention, self.text(m.convention, None)
        schemes = (
            ("ecf", f"e-CF {m.ecf_version} areas and competences"),
            ("levels", f"e-CF {m.ecf_version} proficiency levels"),
            ("profiles", f"CIGREF {m.cigref_version} families and job profiles"),
        )
        for name, label in schemes:
            scheme = self.iri(self.iris.scheme(name))
            yield scheme, self.rdf.type, self.skos.ConceptScheme
            yield scheme, self.skos.prefLabel, self.text(label, "en")
            yield node, dct.hasPart, scheme

    def levels(self) -> Iterator[tuple[Identifier, Node, Node]]:
        scheme = self.iri(self.iris.scheme("levels"))
        for lv in self.n.levels:
            node = self.iri(self.iris.level(lv.code))
            yield from self.concept(node, "Level", lv.code, scheme)
            yield node, self.skos.topConceptOf, scheme
            yield scheme, self.skos.hasTopConcept, node
            yield node, self.skos.prefLabel, self.text(lv.title, "en")
            yield node, self.cecf.levelNumber, self.number(lv.number)
            for eqf in sorted(lv.eqf):
                yield node, self.cecf.eqfLevel, self.number(eqf)
                yield node, self.skos.relatedMatch, self.iri(f"{EQF_LEVELS}{eqf}")
            yield node, self.dct.source, self.text(lv.source, None)

    def competences(self) -> Iterator[tuple[Identifier, Node, Node]]:
        cecf, skos = self.cecf, self.skos
        scheme = self.iri(self.iris.scheme("ecf"))
        level_codes = {lv.number: lv.code for lv in self.n.levels}
        for d in self.n.dimensions:
            area = self.iri(self.iris.area(d.code))
            yield from self.concept(area, "Area", d.code, scheme)
            yield area, skos.topConceptOf, scheme
            yield scheme, skos.hasTopConcept, area
            yield area, skos.prefLabel, self.text(d.name, "en")
            for code in d.competences:
                yield area, skos.narrower, self.iri(self.iris.competence(code))
        for c in self.n.competences:
            node = self.iri(self.iris.competence(c.code))
            yield from self.concept(node, "Competence", c.code, scheme)
            yield node, skos.broader, self.iri(self.iris.area(c.dimension))
            yield node, skos.prefLabel, self.text(c.title, "en")
            yield node, skos.definition, self.text(c.description, "en")
            for item in c.levels:
                code = level_codes[item.level]
                descriptor = self.iri(self.iris.descriptor(c.code, code))
                yield node, cecf.levelDescriptor, descriptor
                yield descriptor, self.rdf.type, cecf.LevelDescriptor
                yield descriptor, cecf.level, self.iri(self.iris.level(code))
                yield descriptor, cecf.levelNumber, self.number(item.level)
                yield descriptor, skos.definition, self.text(item.description, "en")
            yield from self.rdf_list(
                node, cecf.knowledge, (self.text(k, "en") for k in c.knowledge)
            )
            yield from self.rdf_list(node, cecf.skills, (self.text(s, "en") for s in c.skills))

    def profiles(self) -> Iterator[tuple[Identifier, Node, Node]]:
        cecf, skos, schema = self.cecf, self.skos, self.schema
        scheme = self.iri(self.iris.scheme("profiles"))
        for f in self.n.families:
            family = self.iri(self.iris.family(f.code))
            yield from self.concept(family, "Family", f.code, scheme)
            yield family, skos.topConceptOf, scheme
            yield scheme, skos.hasTopConcept, family
            yield family, skos.prefLabel, self.text(f.title, self.languages.family(f.code, f.title))
            description = self.languages.family(f.code, f.description)
            yield family, skos.definition, self.text(f.description, description)
            for code in f.profiles:
                yield family, skos.narrower, self.iri(self.iris.profile(code))
        level_codes = {lv.number: lv.code for lv in self.n.levels}
        for p in self.n.profiles:
            node = self.iri(self.iris.profile(p.code))

            def lang(text: str, code: str = p.code) -> Node:
                return self.text(text, self.languages.profile(code, text))

            yield from self.concept(node, "JobProfile", p.code, scheme)
            # schema.org readers (search engines, job boards) know occupations, not SKOS.
            yield node, self.rdf.type, schema.Occupation
            yield node, skos.broader, self.iri(self.iris.family(p.family))
            preferred = lang(p.title)
            yield node, skos.prefLabel, preferred
            yield node, schema.name, preferred
            # A title that is the preferred label (same text, same language) is not also an
            # alternative one (SKOS S13): an English title equal to a company's English title.
            alternatives = [lang(t) for t in p.other_titles]
            alternatives += [self.text(t, "en") for t in p.english_titles]
            for label in alternatives:
                if label != preferred:
                    yield node, skos.altLabel, label
            yield node, skos.definition, lang(p.mission)
            yield node, schema.description, lang(p.mission)
            optional = (
                (cecf.activitiesIntro, p.activities_intro),
                (cecf.indicatorsIntro, p.indicators_intro),
                (cecf.careerProfile, p.career.profile if p.career else None),
                (cecf.careerExperience, p.career.experience if p.career else None),
                (cecf.trends, p.trends),
                (skos.note, p.notes),
            )
            for predicate, value in optional:
                if value is not None:
                    yield node, predicate, lang(value)
            groups = []
            for a in p.activities:
                group = self.bnode()
                groups.append(group)
                yield group, self.rdf.type, cecf.ActivityGroup
                yield group, cecf.heading, lang(a.heading)
                if a.intro is not None:
                    yield group, cecf.intro, lang(a.intro)
                yield from self.rdf_list(group, cecf.tasks, (lang(t) for t in a.tasks))
            yield from self.rdf_list(node, cecf.activities, groups)
            for r in p.competences:
                req = self.iri(self.iris.requirement(p.code, r.competence))
                yield node, cecf.requirement, req
                yield req, self.rdf.type, cecf.Requirement
                yield req, cecf.competence, self.iri(self.iris.competence(r.competence))
                yield req, cecf.levelText, self.text(str(r.level), None)
                yield req, cecf.minLevel, self.number(r.level.min)
                yield req, cecf.maxLevel, self.number(r.level.max)
                for number in sorted(r.level.levels):
                    yield req, cecf.admits, self.iri(self.iris.level(level_codes[number]))
                ev = r.evidence
                if ev is not None:
                    yield req, cecf.sourceLine, self.number(ev.line)
                    if ev.printed_level is not None:
                        yield req, cecf.printedLevel, self.text(str(ev.printed_level), None)
                    if ev.descriptor_level is not None:
                        yield req, cecf.descriptorLevel, self.text(str(ev.descriptor_level), None)
            yield from self.rdf_list(node, cecf.deliverables, (lang(t) for t in p.deliverables))
            yield from self.rdf_list(node, cecf.indicators, (lang(t) for t in p.indicators))
            yield from self.annex1(p, node)

    def annex1(self, p: JobProfile, profile: Identifier) -> Iterator[tuple[Identifier, Node, Node]]:
        """The profile's Annex 1 row as printed, each value with its position (from 1) and the
        competence it was aligned with, if any (the ``annex1_*`` tables of the SQL export)."""
        row = p.annex1
        if row is None:
            return
        cecf = self.cecf
        node = self.iri(self.iris.annex1_row(p.code))
        yield profile, cecf.annex1Row, node
        yield node, self.rdf.type, cecf.Annex1Row
        yield node, cecf.sourceLine, self.number(row.line)
        yield node, cecf.printedTitle, self.text(row.title, None)
        cells = zip(row.values, row.alignment, strict=True)
        for position, (value, aligned) in enumerate(cells, start=1):
            cell = self.iri(self.iris.annex1_value(p.code, position))
            yield node, cecf.annex1Value, cell
            yield cell, self.rdf.type, cecf.Annex1Value
            yield cell, cecf.position, self.number(position)
            yield cell, cecf.printedValue, self.text(value, None)
            if aligned is not None:
                yield cell, cecf.competence, self.iri(self.iris.competence(aligned))

    def errata(self) -> Iterator[tuple[Identifier, Node, Node]]:
        cecf, skos = self.cecf, self.skos
        nomenclature = self.iri(self.iris.nomenclature())
        profiles = {p.code: p for p in self.n.profiles}
        for e in self.n.errata:
            node = self.iri(self.iris.erratum(e.id))
            yield nomenclature, self.dct.hasPart, node
            yield node, self.rdf.type, cecf.Erratum
            yield node, skos.notation, self.text(e.id, None)
            yield node, cecf.kind, self.text(e.kind.value, None)
            yield node, cecf.field, self.text(e.field, None)
            if e.line is not None:
                yield node, cecf.sourceLine, self.number(e.line)
            if e.excerpt is not None:
                yield node, cecf.excerpt, self.text(e.excerpt, None)
            yield node, cecf.sourceText, self.text(e.source, None)
            yield node, cecf.decision, self.text(e.decision, "en")
            if e.value is not None:
                yield node, cecf.value, self.text(e.value, None)
            yield node, cecf.reason, self.text(e.reason, "en")
            if e.profile is not None:
                yield node, cecf.profile, self.iri(self.iris.profile(e.profile))
            if e.competence is not None:
                yield node, cecf.competence, self.iri(self.iris.competence(e.competence))
            # The note hangs on what it is about: a profile's requirement of a competence,
            # else the profile, else the competence, else the nomenclature as a whole.
            if e.profile is not None:
                p = profiles[e.profile]
                if e.competence is not None and p.requirement(e.competence) is not None:
                    about = self.iri(self.iris.requirement(e.profile, e.competence))
                else:
                    about = self.iri(self.iris.profile(e.profile))
            elif e.competence is not None:
                about = self.iri(self.iris.competence(e.competence))
            else:
                about = nomenclature
            yield about, skos.editorialNote, node


def _empty(node: object) -> bool:
    """Whether ``node`` is an empty text (a literal whose lexical form is ``""``)."""
    from rdflib import Literal

    return isinstance(node, Literal) and str(node) == ""


def _title(m: Meta) -> str:
    """The data set's title: CIGREF's edition, else the company's source, with the e-CF's."""
    ecf = f"e-CF {m.ecf_version}".strip()
    if m.cigref_version:
        return f"CIGREF {m.cigref_version} IT job profiles and {ecf} competences"
    if m.source:
        return f"{m.source} ({ecf})"
    return f"IT job profiles and {ecf} competences"
