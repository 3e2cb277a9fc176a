"""A person's assessed levels (:class:`Assessment`) and many people's (:class:`Team`), read from
mappings, JSON, CSV, XLSX and pandas DataFrames.

Every level goes through the one rule, :func:`cigref_ecf._input.assessed_level`; every code through
the nomenclature's competence index; every table through :mod:`cigref_ecf._people`.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import IO, Any

import attrs

from ._catalog import _resolve
from ._input import MAX_BYTES, Problems, assessed_level, excerpt, parse_json
from ._model import Competence, Nomenclature, normalize_competence_code, undefined_levels
from ._people import People, is_dataframe, split_frame, split_people, split_records
from .exceptions import InvalidAssessmentError, InvalidLevelError, Problem

__all__ = ["Assessment", "Team", "as_assessment", "as_team", "read_assessments"]


def _freeze(levels: Mapping[str, object]) -> Mapping[str, int]:
    """The levels through the one level rule (not-assessed entries left out); codes are
    checked on use, against the nomenclature of the call."""
    if not isinstance(levels, Mapping):
        raise InvalidAssessmentError(
            [Problem(path="$", message=f"expected a mapping, got {type(levels).__name__}")]
        )
    found: dict[str, int] = {}
    problems = Problems()
    for code, value in levels.items():
        if type(value) is int and 1 <= value <= 5:  # the common case: already checked
            found[code] = value
            continue
        try:
            level = assessed_level(value)
        except InvalidLevelError as exc:
            problems.add(str(code), str(exc))
            continue
        if level is not None:
            found[code] = level
    problems.raise_if_any(InvalidAssessmentError)
    return MappingProxyType(found)


@attrs.frozen(kw_only=True)
class Assessment(Mapping[str, int]):
    """A person's assessed e-CF levels: an immutable mapping competence code -> level (1..5).

    Build it with :meth:`from_mapping`, :meth:`from_json` or :meth:`from_csv`, which check every
    entry against the nomenclature and report all problems at once.

    Examples:
        >>> a = Assessment.from_mapping({"b1": 3, "B3": 2})
        >>> dict(a)
        {'B1': 3, 'B3': 2}
        >>> Assessment.from_mapping({"B9": 3, "A1": 2, "B1": "x"})
        Traceback (most recent call last):
        ...
        cigref_ecf.exceptions.InvalidAssessmentError: invalid assessment: 3 problems
          B9: unknown competence 'B9'
          A1: A1 does not define level 2; its levels are 4, 5
          B1: invalid level 'x': expected an integer 1..5 (3, 3.0, ' 3 '), a level code ...
    """

    levels: Mapping[str, int] = attrs.field(converter=_freeze, factory=dict)
    """Assessed level by competence code, in framework order."""
    _checked_for: object = attrs.field(init=False, default=None, eq=False, repr=False)
    """The nomenclature it was checked against (None when built directly, unchecked)."""

    def __reduce__(self) -> tuple[Any, tuple[dict[str, int]]]:
        # Pickles as its plain levels (a mapping proxy cannot be pickled); checked again on use.
        return _rebuild_assessment, (dict(self.levels),)

    def __getitem__(self, key: str) -> int:
        return self.levels[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.levels)

    def __len__(self) -> int:
        return len(self.levels)

    def __hash__(self) -> int:
        return hash(frozenset(self.levels.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Assessment):
            return dict(self.levels) == dict(other.levels)
        if isinstance(other, Mapping):
            return dict(self.levels) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={v}" for k, v in self.levels.items())
        return f"Assessment({body})"

    def _repr_html_(self) -> str:
        from ._html import record_html

        return record_html(self)

    @classmethod
    def from_mapping(
        cls, levels: Mapping[str, object], *, nomenclature: Nomenclature | None = None
    ) -> Assessment:
        """Check and build an assessment from ``{competence code: level}``.

        Codes are tolerant (``"b.3"``); levels must be integers the competence defines.

        Raises:
            InvalidAssessmentError: naming every unknown code, duplicate (``"b3"`` and ``"B3"``),
                non-integer level and level the competence does not define.
        """
        if isinstance(levels, Assessment):
            levels = dict(levels.levels)  # checked again: it may come from elsewhere
        if not isinstance(levels, Mapping):
            raise InvalidAssessmentError(
                [Problem(path="$", message=f"expected a mapping, got {type(levels).__name__}")]
            )
        return cls._build(((_key_path(k), k, v) for k, v in levels.items()), nomenclature)

    @classmethod
    def _build(
        cls, entries: Iterable[tuple[str, object, object]], nomenclature: Nomenclature | None
    ) -> Assessment:
        n = _resolve(nomenclature)
        index = _index(n)
        problems = Problems()
        found: dict[str, int] = {}
        where: dict[str, str] = {}
        for path, key, value in entries:
            if problems.full:
                break
            code = key.code if isinstance(key, Competence) else key
            known = index.get(code) if isinstance(code, str) else None
            if known is None and isinstance(code, str) and len(code) <= 16:
                known = index.get(normalize_competence_code(code))
            if known is None:
                problems.add(path, f"unknown competence {excerpt(code)}")
                continue
            comp, applicable, _ = known
            if comp.code in where:
                problems.add(path, f"duplicate competence {comp.code} (also at {where[comp.code]})")
                continue
            where[comp.code] = path
            try:
                level = assessed_level(value)
            except InvalidLevelError as exc:
                problems.add(path, str(exc))
                continue
            if level is None:
                continue  # not assessed
            if level not in applicable:
                problems.add(path, f"{comp.code} {undefined_levels(comp, (level,))}")
                continue
            found[comp.code] = level
        problems.raise_if_any(InvalidAssessmentError)
        checked = cls(levels=dict(sorted(found.items(), key=lambda kv: index[kv[0]][2])))
        object.__setattr__(checked, "_checked_for", n)
        return checked

    @classmethod
    def from_json(cls, text: str, *, nomenclature: Nomenclature | None = None) -> Assessment:
        """From JSON: ``{"B3": 2, ...}`` or ``[{"competence": "B3", "level": 2}, ...]``.

        Raises:
            InvalidAssessmentError: for invalid JSON or any invalid entry (with its JSON path).
        """
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

    @classmethod
    def from_csv(
        cls, rows: str | Iterable[str], *, nomenclature: Nomenclature | None = None
    ) -> Assessment:
        """From CSV text or lines of one person: columns ``competence,level`` (or their French
        names ``compétence;niveau``), with or without that header; the delimiter (comma,
        semicolon, tab) is detected; blank lines are skipped. For a file of several people,
        use :func:`cigref_ecf.read_assessments`.

        Examples:
            >>> dict(Assessment.from_csv("compétence;niveau\\nB1;3\\nB3;e-2\\n"))
            {'B1': 3, 'B3': 2}

        Raises:
            InvalidAssessmentError: naming the row of every invalid entry.
        """
        from ._input import check_text
        from ._tables import read_csv_text

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
        text = check_text(
            text, source="<string>", max_chars=MAX_BYTES, error=InvalidAssessmentError
        )
        if not text.strip():
            return cls._build((), nomenclature)
        n = _resolve(nomenclature)
        table = read_csv_text(text, "<string>", InvalidAssessmentError)
        people = split_people(table, nomenclature=n, single="<string>")
        return _one(people, n, table.source)


def _one(people: People, n: Nomenclature, source: str) -> Assessment:
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
    return Assessment._build(people.entries[0] if people.entries else (), n)


def _key_path(key: object) -> str:
    """The path of a mapping's key in a problem: the key itself, or an excerpt of a non-str
    key (``str()`` of an int past 4,300 digits raises; a path must stay short)."""
    return key if isinstance(key, str) else excerpt(key)


def _rebuild_assessment(levels: dict[str, int]) -> Assessment:
    return Assessment(levels=levels)


def _index(n: Nomenclature) -> dict[str, tuple[Competence, frozenset[int], int]]:
    """Competence by canonical code, with its levels and its framework position (built once
    per nomenclature)."""
    found: dict[str, tuple[Competence, frozenset[int], int]] | None = n._derived.get("assessed")
    if found is None:
        found = {
            c.code: (c, frozenset(c.applicable_levels), i) for i, c in enumerate(n.competences)
        }
        n._derived["assessed"] = found
    return found


def as_assessment(value: Assessment | Mapping[str, object], n: Nomenclature) -> Assessment:
    """``value`` checked against ``n`` (an Assessment already checked against ``n`` is kept)."""
    if isinstance(value, Assessment) and value._checked_for is n:
        return value
    return Assessment.from_mapping(value, nomenclature=n)


def _people_proxy(people: Mapping[Hashable, Assessment]) -> Mapping[Hashable, Assessment]:
    return MappingProxyType(dict(people))


@attrs.frozen(kw_only=True, eq=False)
class Team(Mapping[Hashable, Assessment]):
    """Assessed people: an immutable mapping person id -> :class:`Assessment`, in the order the
    people first appear in the source.

    Read one with :func:`read_assessments`. It is a mapping, so it goes wherever a
    ``{person: assessment}`` dict goes (:func:`~cigref_ecf.training_needs`,
    :func:`~cigref_ecf.rank_profiles_batch`).

    Examples:
        >>> team = read_assessments("salarié;compétence;niveau\\nana;B1;3\\nbob;B1;e-2\\n")
        >>> {person: dict(a) for person, a in team.items()}
        {'ana': {'B1': 3}, 'bob': {'B1': 2}}
        >>> team.to_records()[0]
        {'person': 'ana', 'competence': 'B1', 'level': 3}
    """

    people: Mapping[Hashable, Assessment] = attrs.field(converter=_people_proxy)
    """Each person's assessment."""
    source: str | None = None
    """Where it was read from (a file name, ``"<string>"``, ``"<DataFrame>"``), if known."""
    _nomenclature: Nomenclature | None = attrs.field(init=False, default=None, eq=False, repr=False)
    named: bool = True
    """False for one person read without a person column or key (a ``competence,level``
    file), whose id is then made up from the source's name."""

    @property
    def nomenclature(self) -> Nomenclature | None:
        """The nomenclature the assessments were checked against (None: not checked)."""
        return self._nomenclature

    def __getitem__(self, key: Hashable) -> Assessment:
        return self.people[key]

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.people)

    def __len__(self) -> int:
        return len(self.people)

    def __repr__(self) -> str:
        where = f" from {self.source}" if self.source else ""
        return f"<Team of {len(self)} people{where}>"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _rebuild_team, (dict(self.people), self.source, self.named)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per assessed level: ``person``, ``competence``, ``level`` (the long form)."""
        return [
            {"person": person, "competence": code, "level": level}
            for person, a in self.people.items()
            for code, level in a.levels.items()
        ]

    def to_pandas(self, *, wide: bool = False) -> Any:
        """A DataFrame: long (the records) or wide (one row per person indexed by ``person``,
        one column per competence assessed by someone, in framework order; pandas' nullable
        ``Int64`` levels)."""
        from ._results import frame

        if not wide:
            return frame(self.to_records(), ("person", "competence", "level"))
        n = _resolve(self.nomenclature)
        used = {code for a in self.people.values() for code in a.levels}
        codes = [c.code for c in n.competences if c.code in used]
        rows = [{"person": p, **dict(a.levels)} for p, a in self.people.items()]
        return frame(rows, ("person", *codes)).set_index("person").astype("Int64")

    def _repr_html_(self) -> str:
        from ._html import team_html

        return team_html(self)


def _rebuild_team(people: dict[Hashable, Assessment], source: str | None, named: bool) -> Team:
    return Team(people=people, source=source, named=named)


Source = str | os.PathLike[str] | IO[bytes] | bytes | Mapping[Any, Any] | Iterable[Any] | Any


def read_assessments(
    source: Source,
    *,
    person: str | None = None,
    format: str | None = None,
    sheet: str | None = None,
    nomenclature: Nomenclature | None = None,
    max_bytes: int | None = MAX_BYTES,
    ignore: str | Iterable[str] = (),
) -> Team:
    """Read the assessed levels of one or many people, checked against the nomenclature.

    ``source`` may be a path (``"team.csv"``, ``"team.xlsx"``, ``"team.json"``; ``"-"`` for
    standard input), CSV or JSON text (a string with a line break or starting with ``{``/``[``),
    bytes, a binary stream, a pandas DataFrame, a mapping ``{person: {competence: level}}``, or
    JSON-like records. Tables may be:

    - **long**: columns person, competence, level (one row per person and competence), or just
      competence, level for one person;
    - **wide**: a person column and one column per competence code (``B1``, ``B3`` ...); a
      wide DataFrame without a person column takes its ids from its index.

    Headers are matched case- and accent-insensitively, in English or French (``employee``,
    ``salarié``, ``matricule``, ``compétence``, ``niveau`` ...); ``person`` names any other
    person column. CSV: comma, semicolon or tab, detected; UTF-8 (BOM or not) or Windows-1252.
    XLSX needs the ``excel`` extra; ``sheet`` picks a sheet. JSON: ``{person: {code: level}}``,
    ``{code: level}`` (one person) or a list of records. Levels follow the one level rule
    (:doc:`see the concepts page <concepts>`); blanks are "not assessed".

    One person read from a file without a person column is keyed by the file's name without
    its suffix (``"me"`` for ``me.csv``), or ``"<string>"``/``"<stdin>"``.

    Every other column is an error, unless ``ignore`` names it (a name or several, matched as
    headers are): HR exports often carry a name, a department... beside the id and the levels.
    A named column must be in the table.

    A file, text, bytes or stream that holds no assessment (empty, a header without rows,
    ``{}`` or ``[]`` in JSON) is an error: it is more likely the wrong file than a team of
    nobody. An empty mapping, list or DataFrame passed in Python is an empty :class:`Team`.

    Examples:
        >>> team = read_assessments("employee,B1,B3\\nana,3,2\\nbob,e-4,\\n")
        >>> {person: dict(a) for person, a in team.items()}
        {'ana': {'B1': 3, 'B3': 2}, 'bob': {'B1': 4}}
        >>> team = read_assessments("Matricule,Nom,B1\\n1001,Ana,3\\n", ignore="Nom")
        >>> {person: dict(a) for person, a in team.items()}
        {'1001': {'B1': 3}}

    Raises:
        InvalidAssessmentError: for a form it cannot tell (naming the expected columns and,
            in one problem, the unexpected ones), a source that holds no assessment, a column
            to ignore that the table does not have, and every invalid entry, with its row,
            column or JSON path (runs of one problem on consecutive rows are merged:
            ``rows 2-15: ...``).
        MissingDependencyError: for XLSX without openpyxl.
        OSError: when the file cannot be opened.
    """
    n = _resolve(nomenclature)
    skip = _column_names(ignore)
    if isinstance(source, Team) and source.nomenclature is n and not skip:
        return source
    if is_dataframe(source):
        people = split_frame(source, person=person, nomenclature=n, ignore=skip)
        return _team(people, n, "<DataFrame>", named=people.named)
    if isinstance(source, Mapping):
        return _from_json_data(source, person, n, "<mapping>", ignore=skip)
    if isinstance(source, (str, bytes)) and _is_text(source):
        label = "<string>"
        data = source.encode("utf-8") if isinstance(source, str) else source
        return _from_bytes(
            data, label, person, format, sheet, n, max_bytes, single=label, ignore=skip
        )
    if isinstance(source, (str, os.PathLike)) or hasattr(source, "read"):
        from ._input import read_bytes, source_name

        label = source_name(source)
        data = read_bytes(source, max_bytes=max_bytes, error=InvalidAssessmentError)  # type: ignore[arg-type]
        single = label if label.startswith("<") else os.path.splitext(os.path.basename(label))[0]
        return _from_bytes(data, label, person, format, sheet, n, None, single=single, ignore=skip)
    if isinstance(source, Iterable) and not isinstance(source, (str, bytes)):
        return _from_records(source, person, n, skip)
    raise InvalidAssessmentError(
        [Problem(path="$", message=f"cannot read assessments from {type(source).__name__}")]
    )


def _from_records(
    source: Iterable[Any], person: str | None, n: Nomenclature, ignore: tuple[str, ...]
) -> Team:
    records = list(source)
    if not records and not ignore:  # an empty list in Python: a team of nobody
        return _team(People(ids=[], entries=[]), n, "<records>")
    people = split_records(records, person=person, nomenclature=n, ignore=ignore)
    return _team(people, n, "<records>", named=people.named)


def _column_names(ignore: str | Iterable[str]) -> tuple[str, ...]:
    """``ignore=`` as a tuple of column names (one name may be given alone)."""
    names = (ignore,) if isinstance(ignore, str) else tuple(ignore)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"ignore= takes column names (str), got {type(name).__name__}")
    return names


def _nobody(label: str, what: str) -> InvalidAssessmentError:
    """The error for a source read from outside that holds no person: more likely the wrong
    file (or an export that went wrong) than a team of nobody."""
    return InvalidAssessmentError(
        [Problem(path="$", message=f"holds no assessment ({what})")], label
    )


def _is_text(source: str | bytes) -> bool:
    """Bytes are content; a str is text when it has a line break (anywhere: a wide header can
    be longer than a path) or starts like JSON, else a path."""
    if isinstance(source, bytes):
        return True
    return "\n" in source or source[:1000].lstrip().startswith(("{", "["))


def _from_bytes(  # noqa: PLR0917 - private, one call site each
    data: bytes,
    label: str,
    person: str | None,
    format: str | None,
    sheet: str | None,
    n: Nomenclature,
    max_bytes: int | None,
    *,
    single: str,
    ignore: tuple[str, ...],
) -> Team:
    from ._input import decode
    from ._tables import read_table

    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise _nobody(label, "the input is empty")
    kind = format or _guess(label, data)
    if kind == "json":
        text = decode(data, source=label, error=InvalidAssessmentError)
        parsed = parse_json(text, source=label, max_bytes=max_bytes, error=InvalidAssessmentError)
        if isinstance(parsed, (dict, list)) and not parsed:
            raise _nobody(
                label, f"an empty JSON {'object' if isinstance(parsed, dict) else 'list'}"
            )
        return _from_json_data(parsed, person, n, label, single=single, ignore=ignore, read=True)
    table = read_table(
        data,
        format=kind,
        sheet=sheet,
        max_bytes=max_bytes,
        error=InvalidAssessmentError,
        name=label,
    )
    people = split_people(table, person=person, nomenclature=n, single=single, ignore=ignore)
    if not people.ids:
        raise _nobody(
            label, "a header and no rows" if not table.rows else "no row names a competence"
        )
    return _team(people, n, label, named=people.named)


def _guess(label: str, data: bytes) -> str | None:
    suffix = os.path.splitext(label)[1].lower()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        return None  # read_table decides
    start = data[:1000].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if start[:1] in (b"{", b"[") else None


def _from_json_data(
    data: object,
    person: str | None,
    n: Nomenclature,
    label: str,
    *,
    single: str = "person",
    ignore: tuple[str, ...] = (),
    read: bool = False,
) -> Team:
    if isinstance(data, Mapping):
        if ignore:
            raise InvalidAssessmentError(
                [
                    Problem(
                        path="$",
                        message="ignore= names columns of a table (CSV, XLSX, records, a "
                        "DataFrame); a mapping {person: {competence: level}} has none",
                    )
                ],
                label,
            )
        if not data:
            return _team(People(ids=[], entries=[]), n, label)
        values = list(data.values())
        if all(isinstance(v, Mapping) for v in values):
            people = People(
                ids=list(data),
                entries=[
                    [(f"$.{_key(p)}.{_key(c)}", c, v) for c, v in levels.items()]
                    for p, levels in data.items()
                ],
            )
            return _team(people, n, label)
        one = People(ids=[single], entries=[[(f"$.{_key(c)}", c, v) for c, v in data.items()]])
        return _team(one, n, label, named=False)
    if isinstance(data, list):
        try:
            people = split_records(
                data, person=person, nomenclature=n, single=single, ignore=ignore
            )
        except InvalidAssessmentError as exc:
            raise InvalidAssessmentError(exc.problems, label, omitted=exc.omitted) from None
        if read and not people.ids:
            raise _nobody(label, "no record names a competence")
        return _team(people, n, label, named=people.named)
    raise InvalidAssessmentError(
        [Problem(path="$", message="expected a JSON object or a list of records")], label
    )


def _key(key: object) -> str:
    """A mapping key in a JSON path: text as is (cut if long), anything else as its repr."""
    text = excerpt(key)
    return text[1:-1] if isinstance(key, str) and text.endswith("'") else text


def _team(people: People, n: Nomenclature, source: str, *, named: bool = True) -> Team:
    """Check every person's entries; all problems reported at once, prefixed by the person
    when the path does not already say where (a row does)."""
    problems = Problems()
    found: dict[Hashable, Assessment] = {}
    for pid, entries in zip(people.ids, people.entries, strict=True):
        try:
            found[pid] = Assessment._build(entries, n)
        except InvalidAssessmentError as exc:
            for p in exc.problems:
                where = p.path if p.path.startswith(("row ", "$")) else f"{excerpt(pid)}: {p.path}"
                problems.add(where, p.message)
    problems.raise_if_any(InvalidAssessmentError, source)
    return _checked_team(Team(people=found, source=source, named=named), n)


def _checked_team(team: Team, n: Nomenclature) -> Team:
    object.__setattr__(team, "_nomenclature", n)
    return team


def as_team(people: object, n: Nomenclature) -> Team:
    """``people`` (a :class:`Team`, a mapping person -> assessment, a DataFrame ...) as a Team
    checked against ``n``; errors name the person."""
    if isinstance(people, Team) and people.nomenclature is n:
        return people
    if isinstance(people, Mapping) and not isinstance(people, Assessment):
        problems = Problems()
        found: dict[Hashable, Assessment] = {}
        for pid, value in people.items():
            try:
                found[pid] = as_assessment(value, n)
            except InvalidAssessmentError as exc:
                for p in exc.problems:
                    problems.add(f"{excerpt(pid)}: {p.path}", p.message)
        problems.raise_if_any(InvalidAssessmentError)
        return _checked_team(Team(people=found, source=getattr(people, "source", None)), n)
    if is_dataframe(people):
        return read_assessments(people, nomenclature=n)
    raise InvalidAssessmentError(
        [
            Problem(
                path="$",
                message="expected a mapping person -> assessment, a Team or a DataFrame, "
                f"got {type(people).__name__}",
            )
        ]
    )
