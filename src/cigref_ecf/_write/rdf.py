"""RDF: the nomenclature as SKOS concepts, plus a small vocabulary of ours where SKOS has no term.

Three ``skos:ConceptScheme``: the e-CF areas and competences (area -> competence through
``skos:narrower``), the e-CF proficiency levels, and the families and job profiles (family ->
profile). Level descriptors, knowledge and skills, profile sections, each profile's required
competences (a requirement node keeping the requirement's text, its min and max and each level
it admits, so ranges and alternatives are not flattened), each profile's Annex 1 row (its values as
printed, in order, and the competence each was aligned with) and the errata use the ``cecf:``
vocabulary shipped as ``data/vocabulary.ttl``; ``data/shapes.ttl`` is its SHACL shape.

IRIs are ``{base}{kind}/{code}`` with the code percent-encoded (``{base}competence/B3``,
``{base}profile/3.2``, ``{base}profile/3.2/requirement/B1``); the vocabulary's own IRIs do not
depend on ``base``. The graph is a superset of what ``to_json()`` means as JSON-LD with the
shipped context (``data/nomenclature.context.jsonld``), so that both readings merge.

rdflib is an optional dependency (``pip install "cigref-ecf[rdf]"``), imported on use.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, urlsplit

from .._model.catalog import _resolve, read_bundled_text
from .._model.records import JobProfile, Nomenclature
from ..exceptions import InvalidQueryError, MissingDependencyError
from .export import SURROGATES, check_writable

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier, Node

__all__ = ["DEFAULT_BASE", "SITE_URL", "VOCAB", "jsonld_context", "rdf_graph", "to_rdf"]

SITE_URL = "https://cigref-ecf.github.io/cigref-ecf/"
"""The project's public address, on GitHub Pages: its documentation site (``site_url`` in
``mkdocs.yml``, which the tests hold equal to this), under which the default IRIs of the data, the
vocabulary and the JSON Schemas' ``$id`` live. Everything that names the address derives it from
here."""
DEFAULT_BASE = f"{SITE_URL}id/"
"""Where the IRIs of the data live unless the caller sets ``base``: under the GitHub Pages address
of the project's organisation (the owner of the repository controls it). A company publishing its
own nomenclature sets ``base`` to an address of its own."""
VOCAB = f"{SITE_URL}vocab#"
"""The namespace of the ``cecf:`` vocabulary (fixed: it names terms, not data)."""
CONTEXT_FILE = "nomenclature.context.jsonld"
VOCABULARY_FILE = "vocabulary.ttl"
SHAPES_FILE = "shapes.ttl"

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
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_BASE_CHARS = re.compile(r"^[^\x00-\x20<>\"{}|\\^`\x7f]+$")

_PREFIXES = {
    "cecf": VOCAB,
    "dcterms": "http://purl.org/dc/terms/",
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


def check_base(base: object) -> str:
    """``base`` if it is an absolute IRI that ends with ``/`` or ``#``.

    Raises:
        InvalidQueryError: naming what is wrong with it.
    """
    if not isinstance(base, str):
        raise InvalidQueryError(f"base must be an IRI string, not {type(base).__name__}")
    problem = None
    if not _BASE_CHARS.match(base):
        problem = "has spaces or characters an IRI cannot hold"
    elif not urlsplit(base).scheme:
        problem = "is not absolute (it needs a scheme such as https:)"
    elif not base.endswith(("/", "#")):
        problem = "must end with '/' or '#' (codes are appended to it)"
    if problem:
        raise InvalidQueryError(f"base IRI {base!r} {problem}")
    return base


def _check_language(language: object) -> str:
    if not isinstance(language, str) or not _LANGUAGE.match(language):
        raise InvalidQueryError(
            f"language must be a language tag such as 'fr' or 'en-GB', not {language!r}"
        )
    return language


class Iris:
    """The IRI of each thing of a nomenclature, under ``base`` (one place for every rule)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _iri(self, *parts: str) -> str:
        return self.base + "/".join(quote(part, safe="") for part in parts)

    def nomenclature(self) -> str:
        return self._iri("nomenclature")

    def scheme(self, name: str) -> str:
        return self._iri("scheme", name)

    def area(self, code: str) -> str:
        return self._iri("area", code)

    def competence(self, code: str) -> str:
        return self._iri("competence", code)

    def level(self, code: str) -> str:
        return self._iri("level", code)

    def descriptor(self, competence: str, level_code: str) -> str:
        return self._iri("competence", competence, "level", level_code)

    def family(self, code: str) -> str:
        return self._iri("family", code)

    def profile(self, code: str) -> str:
        return self._iri("profile", code)

    def requirement(self, profile: str, competence: str) -> str:
        return self._iri("profile", profile, "requirement", competence)

    def annex1_row(self, profile: str) -> str:
        return self._iri("profile", profile, "annex1")

    def annex1_value(self, profile: str, position: int) -> str:
        return self._iri("profile", profile, "annex1", str(position))

    def erratum(self, id_: str) -> str:
        return self._iri("erratum", id_)


def rdf_graph(
    nomenclature: Nomenclature | None = None,
    *,
    base: str = DEFAULT_BASE,
    language: str = "fr",
) -> Graph:
    """The nomenclature as an :class:`rdflib.Graph` (what :func:`to_rdf` serialises).

    Args:
        nomenclature: The nomenclature (default: the bundled one).
        base: The IRI the data's IRIs start with; ends with ``/`` or ``#``.
        language: The language tag of the profile and family texts (CIGREF's are French).

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
        for s, p, o in _Builder(n, Iris(check_base(base)), _check_language(language)).triples()
    )
    return graph


def to_rdf(
    nomenclature: Nomenclature | None = None,
    *,
    format: RdfFormat = "turtle",
    base: str = DEFAULT_BASE,
    language: str = "fr",
) -> str:
    """The nomenclature as RDF text: SKOS concepts and the ``cecf:`` vocabulary.

    Args:
        nomenclature: The nomenclature (default: the bundled one); a company's own exports the
            same way, custom codes included.
        format: ``"turtle"``, ``"json-ld"`` or ``"xml"`` (RDF/XML).
        base: The IRI the data's IRIs start with (``{base}profile/3.2``); ends with ``/`` or
            ``#``. The default is the project's; set your own to publish your data.
        language: The language tag of the profile and family texts (CIGREF's are French;
            e-CF texts are always tagged ``en``).

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


def jsonld_context(*, base: str = DEFAULT_BASE, language: str = "fr") -> dict[str, Any]:
    """The JSON-LD context that makes ``to_json()`` output read as linked data.

    It is the shipped ``data/nomenclature.context.jsonld`` (the default ``base``), with its
    IRIs moved under ``base`` and its profile texts tagged ``language``. Give it to a JSON-LD
    processor with the document (``rdflib``: ``Graph().parse(data=to_json(), format="json-ld",
    context=jsonld_context())``) or embed it as the document's ``"@context"``; the graph read
    is a part of :func:`to_rdf`'s, with the same IRIs. Codes must be IRI-safe (letters,
    digits, ``-``, ``.``, ``_``) to resolve as they do in :func:`to_rdf`.

    Returns a fresh dict (the object under ``"@context"``).

    Raises:
        InvalidQueryError: for a malformed ``base`` or ``language``.
    """
    check_base(base)
    _check_language(language)
    context: dict[str, Any] = json.loads(read_bundled_text(CONTEXT_FILE))["@context"]
    result = copy.deepcopy(context)
    for entry in _walk(result):
        for key in ("@base", "@vocab"):
            value = entry.get(key)
            if isinstance(value, str) and value.startswith(DEFAULT_BASE):
                entry[key] = base + value[len(DEFAULT_BASE) :]
        if entry.get("@language") == "fr":
            entry["@language"] = language
    return result


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)


class _Builder:
    """The triples of a nomenclature, in a stable order with stable blank node labels."""

    def __init__(self, n: Nomenclature, iris: Iris, language: str) -> None:
        rdflib = _rdflib()
        self.n = n
        self.iris = iris
        self.language = language
        self.URIRef = rdflib.URIRef
        self.Literal = rdflib.Literal
        self.BNode = rdflib.BNode
        self.rdf = rdflib.RDF
        self.skos = rdflib.SKOS
        self.dct = rdflib.DCTERMS
        self.cecf = rdflib.Namespace(VOCAB)
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
        """``subject predicate ( items ... )`` as rdf:first/rdf:rest cells (order kept)."""
        nodes = list(items)
        if not nodes:
            yield subject, predicate, self.rdf.nil
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
        yield from self.meta()
        yield from self.levels()
        yield from self.competences()
        yield from self.profiles()
        yield from self.errata()

    def meta(self) -> Iterator[tuple[Identifier, Node, Node]]:
        m, cecf, dct = self.n.meta, self.cecf, self.dct
        node = self.iri(self.iris.nomenclature())
        yield node, self.rdf.type, cecf.Nomenclature
        yield node, cecf.dataVersion, self.text(m.data_version, None)
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
        cecf, skos, lang = self.cecf, self.skos, self.language
        scheme = self.iri(self.iris.scheme("profiles"))
        for f in self.n.families:
            family = self.iri(self.iris.family(f.code))
            yield from self.concept(family, "Family", f.code, scheme)
            yield family, skos.topConceptOf, scheme
            yield scheme, skos.hasTopConcept, family
            yield family, skos.prefLabel, self.text(f.title, lang)
            yield family, skos.definition, self.text(f.description, lang)
            for code in f.profiles:
                yield family, skos.narrower, self.iri(self.iris.profile(code))
        level_codes = {lv.number: lv.code for lv in self.n.levels}
        for p in self.n.profiles:
            node = self.iri(self.iris.profile(p.code))
            yield from self.concept(node, "JobProfile", p.code, scheme)
            yield node, skos.broader, self.iri(self.iris.family(p.family))
            yield node, skos.prefLabel, self.text(p.title, lang)
            for title in p.other_titles:
                yield node, skos.altLabel, self.text(title, lang)
            for title in p.english_titles:
                yield node, skos.altLabel, self.text(title, "en")
            yield node, skos.definition, self.text(p.mission, lang)
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
                    yield node, predicate, self.text(value, lang)
            groups = []
            for a in p.activities:
                group = self.bnode()
                groups.append(group)
                yield group, self.rdf.type, cecf.ActivityGroup
                yield group, cecf.heading, self.text(a.heading, lang)
                if a.intro is not None:
                    yield group, cecf.intro, self.text(a.intro, lang)
                yield from self.rdf_list(group, cecf.tasks, (self.text(t, lang) for t in a.tasks))
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
            yield from self.rdf_list(
                node, cecf.deliverables, (self.text(t, lang) for t in p.deliverables)
            )
            yield from self.rdf_list(
                node, cecf.indicators, (self.text(t, lang) for t in p.indicators)
            )
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
