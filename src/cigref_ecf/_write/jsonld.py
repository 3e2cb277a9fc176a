"""JSON-LD: the context that makes the JSON read as linked data, and the JSON-LD document of a
nomenclature (:func:`to_jsonld`), whose reading is a part of :func:`~.rdf.to_rdf`'s graph."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from .._model.catalog import _resolve, read_bundled_text
from .._model.records import Nomenclature
from ..exceptions import InvalidQueryError
from .linked import (
    CONTEXT_FILE,
    DEFAULT_BASE,
    Iris,
    Languages,
    check_base,
    check_language,
    language_of,
)

__all__ = ["jsonld_context", "to_jsonld"]


_MOVED = tuple(f"{DEFAULT_BASE}{kind}/" for kind in ("family", "profile", "erratum"))
"""The IRIs of the context that follow ``base`` (those of the e-CF stay canonical)."""


def jsonld_context(*, base: str = DEFAULT_BASE, language: str = "fr") -> dict[str, Any]:
    """The JSON-LD context that makes ``to_json()`` output read as linked data.

    It is the shipped ``data/nomenclature.context.jsonld`` (the default ``base``), with the IRIs
    of families, profiles and errata moved under ``base`` (the e-CF's stay canonical) and its
    family and profile texts tagged ``language``. Give it to a JSON-LD 1.1 processor with the
    document (``rdflib``: ``Graph().parse(data=to_json(), format="json-ld",
    context=jsonld_context())``) or embed it as the document's ``"@context"``; the graph read
    is a part of :func:`to_rdf`'s, with the same IRIs, whatever the codes' spelling (a family
    coded ``skos`` or ``title`` is ``{base}family/skos``, not a term of the context). The data
    set itself, which the JSON does not name, and requirements are blank nodes in that reading;
    :func:`to_jsonld` names the data set and tags each text with its own language.

    Returns a fresh dict (the object under ``"@context"``).

    Raises:
        InvalidQueryError: for a malformed ``base`` or ``language``.
    """
    check_base(base)
    check_language(language)
    result: dict[str, Any] = _moved(_shipped_context(), base, language)
    return result


@functools.cache
def _shipped_context() -> dict[str, Any]:
    context: dict[str, Any] = json.loads(read_bundled_text(CONTEXT_FILE))["@context"]
    return context


def _moved(value: Any, base: str, language: str) -> Any:
    """A deep copy of a context with its movable IRIs under ``base`` and ``"fr"`` -> language."""
    if isinstance(value, dict):
        result = {key: _moved(item, base, language) for key, item in value.items()}
        if result.get("@language") == "fr":
            result["@language"] = language
        return result
    if isinstance(value, list):
        return [_moved(item, base, language) for item in value]
    if isinstance(value, str) and value.startswith(_MOVED):
        return base + value[len(DEFAULT_BASE) :]
    return value


def to_jsonld(
    nomenclature: Nomenclature | None = None,
    *,
    base: str = DEFAULT_BASE,
    language: str | None = None,
    context: str | None = None,
    indent: int | None = 2,
) -> str:
    """The nomenclature as a JSON-LD 1.1 document: ``to_json()``'s data with its context.

    The document is ``to_json()``'s object with an ``"@context"`` (embedded, or the address
    ``context`` where you publish :func:`jsonld_context`'s output) and an ``"@id"``, the data
    set's IRI (``{base}nomenclature``, as in :func:`to_rdf`); each level, area, competence,
    family, profile and erratum is named by its full IRI (``"@id"``) instead of its code.
    What is null or empty is left out (JSON-LD has no null for a nested section, and the graph
    holds no empty text or list), and a text whose language is not the context's (CIGREF's
    own French texts in a company nomenclature declared ``language="en"``) is a value object
    with its ``"@language"``. Every triple a JSON-LD 1.1 processor reads from it is in
    :func:`to_rdf`'s graph, with the same IRIs. It is linked data, not a nomenclature file:
    :func:`~cigref_ecf.load_json` reads ``to_json()``.

    Args:
        nomenclature: The nomenclature (default: the bundled one).
        base: The IRI the data's IRIs start with (as :func:`to_rdf`).
        language: The language of the company's family and profile texts (as :func:`to_rdf`).
        context: Where the context is published (written as ``"@context"``), or None to embed
            :func:`jsonld_context` (``base``, ``language``).
        indent: As :func:`~cigref_ecf.to_json`.

    Raises:
        InvalidQueryError: for a malformed ``base``, ``language`` or ``context``.

    Examples:
        >>> import json
        >>> document = json.loads(to_jsonld())
        >>> document["@id"]
        'https://cigref-ecf.github.io/cigref-ecf/id/nomenclature'
    """
    from .export import to_data

    n = _resolve(nomenclature)
    check_base(base)
    language = language_of(n, language)
    given: object = context
    if given is not None and not (isinstance(given, str) and urlsplit(given).scheme):
        raise InvalidQueryError(f"context must be an absolute IRI, not {context!r}")
    data = _without_empty(to_data(n))
    languages = Languages(language)
    for family in data.get("families", ()):
        of = functools.partial(languages.family, family["code"])
        _tag(family, ("title", "description"), of, language)
    for profile in data.get("profiles", ()):
        of = functools.partial(languages.profile, profile["code"])
        _tag(profile, _PROFILE_TEXTS, of, language)
        _not_preferred(profile, language)
        _tag(profile.get("career", {}), ("profile", "experience"), of, language)
        for group in profile.get("activities", ()):
            _tag(group, ("heading", "intro", "tasks"), of, language)
    _named(data, Iris(base))
    document = {
        "@context": jsonld_context(base=base, language=language) if context is None else context,
        "@id": Iris(base).nomenclature(),
        **data,
    }
    return json.dumps(document, ensure_ascii=False, indent=indent)


_PROFILE_TEXTS = (
    "title",
    "other_titles",
    "mission",
    "activities_intro",
    "indicators_intro",
    "trends",
    "notes",
    "deliverables",
    "indicators",
)
"""The keys of a profile's texts in its record's language (``english_titles`` are English)."""


_NAMES: dict[str, tuple[str, Callable[[Iris, str], str]]] = {
    # section: (the key of its code, the IRI of an item of that code)
    "levels": ("code", Iris.level),
    "dimensions": ("code", Iris.area),
    "competences": ("code", Iris.competence),
    "families": ("code", Iris.family),
    "profiles": ("code", Iris.profile),
    "errata": ("id", Iris.erratum),
}


def _named(data: dict[str, Any], iris: Iris) -> None:
    """Each item named by its IRI (``"@id"``) in place of its code: the node's IRI is then the
    Turtle's for any processor, with no relative IRI to resolve against a scoped ``@base``, and
    a code spelled like one of the context's keyword aliases (``code``, ``career``) is never
    read as that keyword."""
    for section, (key, iri) in _NAMES.items():
        for item in data.get(section, ()):
            item["@id"] = iri(iris, item.pop(key))


def _not_preferred(profile: dict[str, Any], language: str) -> None:
    """Leave out a title that is the preferred label, as :func:`~.rdf.to_rdf` does (S13)."""

    def label(value: Any, default: str) -> tuple[str, str]:
        if isinstance(value, dict):
            return value["@value"], value["@language"]
        return value, default

    preferred = label(profile.get("title", ""), language)
    for key, default in (("other_titles", language), ("english_titles", "en")):
        if key in profile:
            profile[key] = [t for t in profile[key] if label(t, default) != preferred]


def _without_empty(value: Any) -> Any:
    """``value`` without null, empty texts and empty lists (in dicts and lists, recursively)."""
    if isinstance(value, dict):
        pairs = ((key, _without_empty(item)) for key, item in value.items())
        return {key: item for key, item in pairs if not _nothing(item)}
    if isinstance(value, list):
        return [item for item in map(_without_empty, value) if not _nothing(item)]
    return value


def _nothing(value: Any) -> bool:
    return value is None or value in ("", [])


def _tag(
    record: dict[str, Any], keys: Iterable[str], language_of: Callable[[str], str], default: str
) -> None:
    """Each text under ``keys`` whose language is not ``default`` (the context's) as a value
    object with its own."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, str):
            record[key] = _value(value, language_of(value), default)
        elif isinstance(value, list):
            record[key] = [_value(item, language_of(item), default) for item in value]


def _value(text: str, language: str, default: str) -> Any:
    return text if language == default else {"@value": text, "@language": language}
