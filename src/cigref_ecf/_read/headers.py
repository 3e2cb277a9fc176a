"""The one header rule: which column of a table names a competence.

A competence column of a wide table (a matrix, a team) is headed by its code (``B1``, ``b.1``)
or by a descriptive header in which the code is unambiguous: ``B1 - Design and Development``,
``e-CF B1``, ``Compétence B1 : Conception``, ``B1 Design and Development``. The code comes first
(after an optional ``e-CF`` or ``competence`` prefix), the text after it is a description,
whatever its words (e-CF 2.0 and 3.0 title some competences differently). A header is ambiguous,
and refused with the reason, when its description names another competence (``B1/B2``, or
another competence's title). Every reader of a wide table calls :func:`competence_header`;
which column plays a named role (profile, person, level...) is
:func:`~cigref_ecf._read.tables.find_columns`'s.
"""

from __future__ import annotations

import re

from .._model.records import Nomenclature, normalize_competence_code
from .._model.rules import excerpt, fold

__all__ = ["competence_header"]

_PREFIX = re.compile(r"(?:(?:e ?- ?cf|ecf|competence|code competence)(?: competence)?[\s:_-]*)?")
_CODE = re.compile(r"([a-z] ?\.? ?[0-9]{1,2})(?![0-9])")
_SEPARATOR = re.compile(r"[\s:_|()\[\]/–—-]*")
_CODE_WORD = re.compile(r"(?<![a-z0-9])([a-z]\.?[0-9]{1,2})(?![a-z0-9])")
_LONGEST = 200
"""Longest header read as a competence header (a longer one is none)."""


def competence_header(  # noqa: PLR0911 - one return per reading of a header
    name: str, n: Nomenclature
) -> tuple[str | None, str | None]:
    """Which competence a column's header names: ``(code, None)``; ``(None, why)`` for a header
    that starts with a competence code but is ambiguous; ``(None, None)`` for a header that
    names no competence.

    >>> import cigref_ecf
    >>> n = cigref_ecf.load()
    >>> [competence_header(h, n)[0] for h in ("b.1", "B1 - Design and Development", "e-CF B1")]
    ['B1', 'B1', 'B1']
    >>> competence_header("Commentaire", n), competence_header("B1/B2", n)[1]
    ((None, None), "'B1/B2' names B1 and B2")
    """
    if len(name) > _LONGEST:
        return None, None
    index = n._competence_index
    code = normalize_competence_code(name) if len(name) <= 16 else ""
    if code in index:
        return index[code].code, None
    text = fold(name)
    text = text[_end(_PREFIX, text) :]
    match = _CODE.match(text)
    if match is None:
        return None, None
    code = normalize_competence_code(match.group(1))
    rest = text[match.end() :]
    if rest and not _end(_SEPARATOR, rest):
        return None, None  # "b12x": not a code followed by a description
    if code not in index:
        return None, None
    description = rest[_end(_SEPARATOR, rest) :].strip()
    others = sorted(
        {normalize_competence_code(c) for c in _CODE_WORD.findall(description)}
        & index.keys() - {code}
    )
    if others:
        return None, f"{excerpt(name)} names {code} and {' and '.join(others)}"
    titled = [c.code for c in n.competences if c.code != code and fold(c.title) == description]
    if titled:
        return None, f"{excerpt(name)} names {code} with the title of {titled[0]}"
    return index[code].code, None


def _end(pattern: re.Pattern[str], text: str) -> int:
    """Where a pattern that may match nothing stops matching at the start of ``text``."""
    match = pattern.match(text)
    return 0 if match is None else match.end()
