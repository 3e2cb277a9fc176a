"""One person's assessment read from text: the bodies of :meth:`Assessment.from_json
<cigref_ecf.Assessment.from_json>` (``{"B3": 2}`` or a list of ``{"competence", "level"}``
entries) and :meth:`Assessment.from_csv <cigref_ecf.Assessment.from_csv>` (the lines of one
person, split by :func:`cigref_ecf._read.people.split_people` as any table of people is).

Both end in the assessment's one check (``Assessment._build``). A file of several people is
refused here: :func:`cigref_ecf.read_assessments` (:mod:`cigref_ecf._read.teams`) reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .._model.catalog import _resolve
from .._model.records import Nomenclature
from .._model.rules import MAX_BYTES, Problems, check_text, excerpt, parse_json
from ..exceptions import InvalidAssessmentError, Problem
from .people import People, split_people
from .tables import read_csv_text

if TYPE_CHECKING:  # the class comes from its own methods (``cls``): no import circle
    from .assessment import Assessment

__all__ = ["from_csv", "from_json"]


def from_json(cls: type[Assessment], text: str, nomenclature: Nomenclature | None) -> Assessment:
    """:meth:`Assessment.from_json <cigref_ecf.Assessment.from_json>`."""
    data = parse_json(text, error=InvalidAssessmentError)
    if isinstance(data, dict):
        return cls._build(((f"$.{k}", k, v) for k, v in data.items()), nomenclature)
    if isinstance(data, list):
        problems = Problems()
        entries = []
        for i, item in enumerate(data):
            if not isinstance(item, dict) or set(item) != {"competence", "level"}:
                problems.add(f"$[{i}]", 'expected {"competence": code, "level": n}')
                continue
            entries.append((f"$[{i}]", item["competence"], item["level"]))
        problems.raise_if_any(InvalidAssessmentError)
        return cls._build(entries, nomenclature)
    raise InvalidAssessmentError(
        [Problem(path="$", message="expected a JSON object or a list of entries")]
    )


def from_csv(
    cls: type[Assessment], rows: str | Iterable[str], nomenclature: Nomenclature | None
) -> Assessment:
    """:meth:`Assessment.from_csv <cigref_ecf.Assessment.from_csv>`."""
    given: object = rows
    if isinstance(given, str):
        text = given
    elif isinstance(given, Iterable) and not isinstance(given, (bytes, Mapping)):
        problems = Problems()
        kept: list[str] = []
        size = 0
        for i, line in enumerate(given, start=1):
            if not isinstance(line, str):
                problems.add(f"row {i}", "expected a line of text")
            elif not problems:
                kept.append(line.rstrip("\r\n"))
                size += len(line)
            if size > MAX_BYTES or problems.full:
                break  # bounded: the text check below names the limit
        problems.raise_if_any(InvalidAssessmentError)
        text = "\n".join(kept)
    else:
        raise InvalidAssessmentError(
            [Problem(path="row 1", message="expected CSV text or lines of text")]
        )
    text = check_text(text, source="<string>", max_chars=MAX_BYTES, error=InvalidAssessmentError)
    if not text.strip():
        return cls._build((), nomenclature)
    n = _resolve(nomenclature)
    table = read_csv_text(text, "<string>", InvalidAssessmentError)
    people = split_people(table, nomenclature=n, single="<string>")
    return _one(cls, people, n, table.source)


def _one(cls: type[Assessment], people: People, n: Nomenclature, source: str) -> Assessment:
    """The one person of ``people``; several are refused, naming read_assessments(). The
    table's problems and the entries' come in one report."""
    if people.problems is not None:
        problems = people.problems
        for entries in people.entries[:1]:
            try:
                cls._build(entries, n)
            except InvalidAssessmentError as exc:
                problems.extend(exc.problems)
        problems.raise_if_any(InvalidAssessmentError, source)
    if len(people.ids) > 1:
        shown = ", ".join(excerpt(p) for p in people.ids[:5])
        raise InvalidAssessmentError(
            [
                Problem(
                    path="$",
                    message=f"{len(people.ids)} people ({shown} ...): "
                    "read a file of several people with read_assessments()",
                )
            ],
            source,
        )
    return cls._build(people.entries[0] if people.entries else (), n)
