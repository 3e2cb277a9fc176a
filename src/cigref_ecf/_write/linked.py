"""What the linked-data exports share: the addresses, the IRI of each thing, the language of
each text. :mod:`.rdf` writes graphs with rdflib, :mod:`.jsonld` writes JSON-LD; both follow
the rules here, so that their readings merge."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

from .._model.catalog import _resolve
from .._model.records import JobProfile, Nomenclature
from .._model.rules import CODE_SHAPES, code_shape
from ..exceptions import InvalidQueryError

__all__ = [
    "DEFAULT_BASE",
    "EQF_LEVELS",
    "SITE_URL",
    "VOCAB",
    "Iris",
    "Languages",
    "check_base",
    "check_language",
    "language_of",
]

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
EQF_LEVELS = "http://data.europa.eu/snb/eqf/"
"""Where Europass publishes the EQF levels as concepts (``{EQF_LEVELS}4`` is EQF level 4): an
e-CF level is ``skos:relatedMatch`` of the EQF levels it relates to."""
LICENCE_MIT = "http://spdx.org/licenses/MIT"
"""The licence of the project's code and of its vocabulary and shapes (not of the data)."""
CONTEXT_FILE = "nomenclature.context.jsonld"
VOCABULARY_FILE = "vocabulary.ttl"
SHAPES_FILE = "shapes.ttl"

_BASE_CHARS = re.compile(r"^[^\x00-\x20<>\"{}|\\^`\x7f]+$")


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


def check_language(language: object) -> str:
    if not code_shape("language", language):
        raise InvalidQueryError(
            f"language must be {CODE_SHAPES['language'][1]}, not {language!r}"[:300]
        )
    return str(language)


def language_of(n: Nomenclature, language: str | None) -> str:
    """The language of ``n``'s own texts: ``language`` if given, else the file's
    ``meta.language``, else French (CIGREF's)."""
    return check_language(n.meta.language or "fr" if language is None else language)


ECF_SCHEMES = ("ecf", "levels")
"""The concept schemes of the e-CF itself (canonical IRIs); ``profiles`` is the data's own."""


class Iris:
    """The IRI of each thing of a nomenclature, under ``base`` (one place for every rule).

    The e-CF's concepts (areas, competences, levels, descriptors, their schemes) are canonical:
    under :data:`DEFAULT_BASE` whatever ``base`` is. Everything else is under ``base``.
    """

    def __init__(self, base: str) -> None:
        self.base = base

    def _iri(self, *parts: str) -> str:
        return self.base + "/".join(quote(part, safe="") for part in parts)

    @staticmethod
    def _ecf(*parts: str) -> str:
        return DEFAULT_BASE + "/".join(quote(part, safe="") for part in parts)

    def nomenclature(self) -> str:
        return self._iri("nomenclature")

    def licence(self) -> str:
        return self._iri("nomenclature", "licence")

    def scheme(self, name: str) -> str:
        return self._ecf("scheme", name) if name in ECF_SCHEMES else self._iri("scheme", name)

    def area(self, code: str) -> str:
        return self._ecf("area", code)

    def competence(self, code: str) -> str:
        return self._ecf("competence", code)

    def level(self, code: str) -> str:
        return self._ecf("level", code)

    def descriptor(self, competence: str, level_code: str) -> str:
        return self._ecf("competence", competence, "level", level_code)

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


class Languages:
    """The language tag of each family and profile text (one place for the rule).

    A text that is CIGREF's own (the bundled family's or profile's text of the same code) is
    ``fr``; any other is ``language``, the company's. English titles, e-CF texts and errata
    decisions are ``en`` where they are written.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self._cigref = _cigref_texts() if language != "fr" else {}

    def family(self, code: str, text: str) -> str:
        return "fr" if text in self._cigref.get(("family", code), ()) else self.language

    def profile(self, code: str, text: str) -> str:
        return "fr" if text in self._cigref.get(("profile", code), ()) else self.language


def profile_texts(p: JobProfile) -> Iterator[str]:
    """Every text of a profile in its record's language (all but its English titles)."""
    yield p.title
    yield from p.other_titles
    yield p.mission
    for a in p.activities:
        yield a.heading
        if a.intro is not None:
            yield a.intro
        yield from a.tasks
    yield from p.deliverables
    yield from p.indicators
    for text in (p.activities_intro, p.indicators_intro, p.trends, p.notes):
        if text is not None:
            yield text
    if p.career is not None:
        for text in (p.career.profile, p.career.experience):
            if text is not None:
                yield text


@functools.cache
def _cigref_texts() -> dict[tuple[str, str], frozenset[str]]:
    """CIGREF's French texts, by (kind, code) of the bundled family or profile."""
    n = _resolve(None)
    result = {("family", f.code): frozenset((f.title, f.description)) for f in n.families}
    for p in n.profiles:
        result["profile", p.code] = frozenset(profile_texts(p))
    return result
