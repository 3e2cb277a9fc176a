"""Queries over a nomenclature: non-raising lookups, search, the matrix, levels and EQF.

Every function accepts codes or model objects and an optional ``nomenclature=`` (default: the
bundled one); none mutates anything.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import IO, Any, Literal

import attrs

from ._catalog import (
    _resolve,
    competence,
    find_family,
    find_profile,
    job_profile,
    level,
)
from ._input import MAX_CODE, MAX_QUERY, MAX_QUERY_WORDS, excerpt, fold
from ._levels import Level, LevelRequirement, coerce_level
from ._model import (
    Competence,
    JobProfile,
    Nomenclature,
    normalize_competence_code,
)
from ._results import Results
from ._results import pandas as _pandas
from .exceptions import InvalidLevelError, InvalidQueryError

__all__ = [
    "Matrix",
    "SearchHit",
    "SearchHits",
    "check_level",
    "ecf_level_for_eqf",
    "eqf_levels",
    "get_competence",
    "get_job_profile",
    "is_applicable",
    "is_competence_code",
    "is_profile_code",
    "matrix",
    "profile_eqf_span",
    "profiles_requiring",
    "required_level",
    "search",
]

# ---------------------------------------------------------------------------- lookups


def get_competence(code: object, *, nomenclature: Nomenclature | None = None) -> Competence | None:
    """The competence for ``code`` (tolerant spelling), or None; never raises for a bad code.

    Examples:
        >>> get_competence("b.3").title
        'Testing'
        >>> get_competence("B9") is None
        True
    """
    n = _resolve(nomenclature)
    if isinstance(code, Competence):
        return n._competence_index.get(code.code)
    if not isinstance(code, str) or len(code) > MAX_CODE:
        return None
    return n._competence_index.get(code) or n._competence_index.get(normalize_competence_code(code))


def get_job_profile(code: object, *, nomenclature: Nomenclature | None = None) -> JobProfile | None:
    """The job profile for ``code`` (``"3.2"``, ``" 3.2 "``), or None; never raises for a bad code.

    Examples:
        >>> get_job_profile(" 6.3 ").title
        "Responsable sécurité des systèmes d'information - RSSI"
        >>> get_job_profile("9.9") is None
        True
    """
    return find_profile(code, _resolve(nomenclature))


def is_competence_code(text: object, *, nomenclature: Nomenclature | None = None) -> bool:
    """Whether ``text`` names a competence of the nomenclature (``"b3"`` does, ``"B9"`` not)."""
    return get_competence(text, nomenclature=nomenclature) is not None and isinstance(text, str)


def is_profile_code(text: object, *, nomenclature: Nomenclature | None = None) -> bool:
    """Whether ``text`` names a job profile of the nomenclature (``"3.2"`` does, ``"3.9"`` not)."""
    return get_job_profile(text, nomenclature=nomenclature) is not None and isinstance(text, str)


# ---------------------------------------------------------------------------- search

SearchKind = Literal["competence", "profile", "family"]
_KINDS = ("competence", "profile", "family")


@attrs.frozen(kw_only=True)
class SearchHit:
    """One result of :func:`search`."""

    kind: SearchKind
    """What was found: ``"competence"``, ``"profile"`` or ``"family"``."""
    code: str
    """Its code (``"B3"``, ``"3.3"``, or the family number as a string)."""
    title: str
    """Its title."""
    field: str
    """Where the query matched: ``"code"``, ``"title"``, ``"other_titles"``,
    ``"english_titles"``, ``"description"`` or ``"mission"``."""
    matched: str
    """The text that matched."""
    score: float
    """Relevance in ]0, 1]; 1 for an exact code or title."""

    def __repr__(self) -> str:
        return f"<SearchHit {self.kind} {self.code} {self.title!r} {self.score:.2f}>"

    def _repr_html_(self) -> str:
        from ._html import records_html

        return records_html("", SearchHits.columns, SearchHits([self]).to_records())


class SearchHits(Results[SearchHit]):
    """The hits of :func:`search`, best first; records: kind, code, title, field, matched,
    score."""

    columns = ("kind", "code", "title", "field", "matched", "score")
    caption = "Search"

    def _records(self, item: SearchHit, position: int) -> list[dict[str, Any]]:
        return [{name: getattr(item, name) for name in self.columns}]


_WEIGHTS = {
    "code": 1.0,
    "title": 1.0,
    "other_titles": 0.92,
    "english_titles": 0.92,
    "description": 0.5,
    "mission": 0.5,
}
_WORD = re.compile(r"[0-9a-z]+")


@attrs.frozen
class _Entry:
    kind: SearchKind
    code: str
    title: str
    field: str
    text: str
    folded: str
    words: tuple[str, ...]
    order: int


def _search_index(n: Nomenclature) -> tuple[_Entry, ...]:
    cached: tuple[_Entry, ...] | None = n._derived.get("search")
    if cached is not None:
        return cached
    entries: list[_Entry] = []

    def add(kind: SearchKind, code: str, title: str, field: str, text: str) -> None:
        folded = fold(text)
        entries.append(
            _Entry(
                kind, code, title, field, text, folded, tuple(_WORD.findall(folded)), len(entries)
            )
        )

    for c in n.competences:
        add("competence", c.code, c.title, "title", c.title)
        add("competence", c.code, c.title, "description", c.description)
    for p in n.profiles:
        add("profile", p.code, p.title, "title", p.title)
        for t in p.other_titles:
            add("profile", p.code, p.title, "other_titles", t)
        for t in p.english_titles:
            add("profile", p.code, p.title, "english_titles", t)
        add("profile", p.code, p.title, "mission", p.mission)
    for f in n.families:
        add("family", f.code, f.title, "title", f.title)
        add("family", f.code, f.title, "description", f.description)
    result = tuple(entries)
    return n._derived.setdefault("search", result)  # type: ignore[no-any-return]


def _postings(n: Nomenclature) -> dict[str, tuple[int, ...]]:
    """Each distinct indexed word and the entries (by position) that contain it."""
    cached: dict[str, tuple[int, ...]] | None = n._derived.get("postings")
    if cached is None:
        lists: dict[str, list[int]] = {}
        for i, entry in enumerate(_search_index(n)):
            for word in set(entry.words):
                lists.setdefault(word, []).append(i)
        cached = {word: tuple(ids) for word, ids in lists.items()}
        cached = n._derived.setdefault("postings", cached)
    return cached


def _vocabulary(n: Nomenclature) -> tuple[str, ...]:
    """The indexed words, sorted: the words that start with a prefix are one slice of it."""
    cached: tuple[str, ...] | None = n._derived.get("vocabulary")
    if cached is None:
        cached = n._derived.setdefault("vocabulary", tuple(sorted(_postings(n))))
    return cached


def _starting_with(vocabulary: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    # Indexed words are [0-9a-z]+: "\x7f" sorts after every word that starts with the prefix.
    low = bisect.bisect_left(vocabulary, prefix)
    return vocabulary[low : bisect.bisect_left(vocabulary, prefix + "\x7f", low)]


def _word_scores(token: str, n: Nomenclature) -> dict[str, float]:
    """The indexed words a query token matches: 1 for the word itself, 0.85 for a word it
    begins (tokens of 2+ letters), 0.7 for a word sharing its stem (tokens of 5+ letters: the
    first ``max(4, len(token) - 3)`` letters). Found by binary search, never by a scan."""
    vocabulary = _vocabulary(n)
    scores: dict[str, float] = {}
    if len(token) >= 5:
        scores.update(
            dict.fromkeys(_starting_with(vocabulary, token[: max(4, len(token) - 3)]), 0.7)
        )
    if len(token) >= 2:
        scores.update(dict.fromkeys(_starting_with(vocabulary, token), 0.85))
    if token in _postings(n):
        scores[token] = 1.0
    return scores


def _token_matches(tokens: list[str], n: Nomenclature) -> list[dict[int, float]]:
    """For each query token, the best word-match score in every entry that matches it."""
    postings = _postings(n)
    done: dict[str, dict[int, float]] = {}
    for token in tokens:
        if token in done:
            continue
        best: dict[int, float] = {}
        for word, score in _word_scores(token, n).items():
            for i in postings[word]:
                if score > best.get(i, 0.0):
                    best[i] = score
        done[token] = best
    return [done[token] for token in tokens]


def _score(query: str, matchers: list[dict[int, float]], index: int, entry: _Entry) -> float:
    if entry.folded == query:
        quality = 1.0
    else:
        matches = [m.get(index, 0.0) for m in matchers]
        if not all(matches):
            found = sum(1 for m in matches if m)
            if not found or len(matchers) < 3:
                return 0.0
            quality = 0.5 * found / len(matchers)
        else:
            quality = 0.9 * sum(matches) / len(matches)
            if query in entry.folded:
                quality = max(quality, 0.9)
    return round(_WEIGHTS[entry.field] * quality, 4)


def _is_nonblank(text: object) -> bool:
    return isinstance(text, str) and bool(text.strip())


def check_limit(limit: object) -> None:
    """Raise InvalidQueryError unless ``limit`` is None or a non-negative int."""
    if limit is None:
        return
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise InvalidQueryError(
            f"limit must be a non-negative integer or None, not {excerpt(limit)}"
        )


def search(
    text: str,
    *,
    kind: SearchKind | None = None,
    limit: int | None = 10,
    nomenclature: Nomenclature | None = None,
) -> SearchHits:
    """Search competences, job profiles and families by code, title (French, other or English
    titles) and description; case- and accent-insensitive; best hits first.

    Each object appears once, with its best-matching field. Words match whole, as prefixes
    ("dévelop" finds "développeur") or by a shared stem ("testing" finds "Testeur").

    Args:
        text: The query (words, a code such as ``"B3"`` or ``"3.2"``, an acronym like ``"RSSI"``).
        kind: Only ``"competence"``, ``"profile"`` or ``"family"`` hits.
        limit: At most this many hits (None for all).
        nomenclature: Search this nomenclature instead of the bundled one.

    Examples:
        >>> [(h.kind, h.code) for h in search("developpeur")][:1]
        [('profile', '3.2')]
        >>> search("RSSI")[0].code
        '6.3'
        >>> sorted(h.code for h in search("testing", limit=2))
        ['3.3', 'B3']

    Raises:
        InvalidQueryError: for an empty or blank query, an unknown kind, or a negative limit.
    """
    if not _is_nonblank(text):
        raise InvalidQueryError(
            f"empty search query: {excerpt(text)}; give a word, a title or a code"
        )
    if len(text) > MAX_QUERY:
        raise InvalidQueryError(
            f"search query of {len(text)} characters, over the limit of {MAX_QUERY}"
        )
    if kind is not None and kind not in _KINDS:
        raise InvalidQueryError(
            f"unknown kind {excerpt(kind)}; expected one of {', '.join(_KINDS)}"
        )
    check_limit(limit)
    n = _resolve(nomenclature)
    query = fold(text)
    tokens = _WORD.findall(query)
    if len(tokens) > MAX_QUERY_WORDS:
        raise InvalidQueryError(
            f"search query of {len(tokens)} words, over the limit of {MAX_QUERY_WORDS}"
        )
    best: dict[tuple[str, str], tuple[float, _Entry]] = {}

    by_code: list[tuple[SearchKind, str, str]] = []
    if (c := get_competence(text, nomenclature=n)) is not None:
        by_code.append(("competence", c.code, c.title))
    if (p := get_job_profile(text, nomenclature=n)) is not None:
        by_code.append(("profile", p.code, p.title))
    if (f := find_family(text, n)) is not None:
        by_code.append(("family", f.code, f.title))
    exact = [
        SearchHit(kind=k, code=code, title=title, field="code", matched=code, score=1.0)
        for k, code, title in by_code
        if kind in (None, k)
    ]
    taken = {(h.kind, h.code) for h in exact}
    if tokens:
        entries = _search_index(n)
        matchers = _token_matches(tokens, n)
        candidates = sorted(set().union(*matchers))
        for index in candidates:
            entry = entries[index]
            if kind is not None and entry.kind != kind:
                continue
            key = (entry.kind, entry.code)
            if key in taken:
                continue
            score = _score(query, matchers, index, entry)
            if score > 0 and (key not in best or score > best[key][0]):
                best[key] = (score, entry)
    ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].order))
    hits = exact + [
        SearchHit(
            kind=e.kind, code=e.code, title=e.title, field=e.field, matched=e.text, score=score
        )
        for score, e in ranked
    ]
    return SearchHits(hits if limit is None else hits[:limit], nomenclature=n)


# ---------------------------------------------------------------------------- matrix


def required_level(
    profile: str | JobProfile,
    competence_: str | Competence,
    *,
    nomenclature: Nomenclature | None = None,
) -> LevelRequirement | None:
    """What ``profile`` requires of ``competence_``, or None when it does not require it.

    Examples:
        >>> str(required_level("3.2", "B1"))
        '2-4'
        >>> required_level("3.2", "E9") is None
        True

    Raises:
        UnknownCodeError: for an unknown profile or competence code.
    """
    n = _resolve(nomenclature)
    p = job_profile(profile, nomenclature=n)
    c = competence(competence_, nomenclature=n)
    return p.requirement(c.code)


def profiles_requiring(
    competence_: str | Competence,
    *,
    at_least: int | str | Level | None = None,
    nomenclature: Nomenclature | None = None,
) -> tuple[JobProfile, ...]:
    """The profiles that require a competence, in nomenclature order.

    With ``at_least``, only the profiles whose requirement reaches that level: the requirement
    admits that level or a higher one (a "2-4" requirement reaches 3 and 4; "1/3" reaches 3).

    Examples:
        >>> [p.code for p in profiles_requiring("A1")]
        ['1.2', '1.3', '7.1', '7.5']
        >>> [p.code for p in profiles_requiring("A1", at_least=5)]
        ['7.1']

    Raises:
        UnknownCodeError: for an unknown competence.
        InvalidLevelError: for a malformed level.
    """
    n = _resolve(nomenclature)
    code = competence(competence_, nomenclature=n).code
    threshold = None if at_least is None else coerce_level(at_least)
    result = []
    for p in n.profiles:
        r = p.requirement(code)
        if r is not None and (threshold is None or r.max >= threshold):
            result.append(p)
    return tuple(result)


_LONG_FIELDS = (
    "profile",
    "profile_title",
    "competence",
    "competence_title",
    "requirement",
    "min",
    "max",
    "levels",
    "eqf",
)


@attrs.frozen(kw_only=True, eq=False)
class Matrix:
    """The profiles x competences matrix of required levels (CIGREF's Annex 1, reconciled).

    Examples:
        >>> m = matrix()
        >>> len(m.rows), len(m.columns)
        (33, 36)
        >>> str(m.cell("3.2", "B1")), m.cell("3.2", "D6")
        ('2-4', None)
    """

    rows: tuple[str, ...]
    """Profile codes, in nomenclature order."""
    columns: tuple[str, ...]
    """Competence codes, in framework order."""
    cells: Mapping[tuple[str, str], LevelRequirement]
    """The non-empty cells, by (profile code, competence code); read-only."""
    nomenclature: Nomenclature = attrs.field(repr=False)
    """The nomenclature the matrix was built from."""

    def cell(
        self, profile: str | JobProfile, competence_: str | Competence
    ) -> LevelRequirement | None:
        """The requirement at (profile, competence), or None for an empty cell.

        Raises:
            UnknownCodeError: for an unknown profile or competence code.
        """
        p = job_profile(profile, nomenclature=self.nomenclature).code
        c = competence(competence_, nomenclature=self.nomenclature).code
        return self.cells.get((p, c))

    def row(self, profile: str | JobProfile) -> tuple[LevelRequirement | None, ...]:
        """One profile's cells, one per column."""
        p = job_profile(profile, nomenclature=self.nomenclature).code
        return tuple(self.cells.get((p, c)) for c in self.columns)

    def column(self, competence_: str | Competence) -> tuple[LevelRequirement | None, ...]:
        """One competence's cells, one per row."""
        c = competence(competence_, nomenclature=self.nomenclature).code
        return tuple(self.cells.get((p, c)) for p in self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        """The non-empty cells in long format, one dict per (profile, competence), in order.

        Keys: ``profile``, ``profile_title``, ``competence``, ``competence_title``,
        ``requirement`` ("2-4"), ``min``, ``max``, ``levels`` (list), ``eqf`` (list of the EQF
        levels the required levels relate to).
        """
        n = self.nomenclature
        records = []
        for p in self.rows:
            for c in self.columns:
                r = self.cells.get((p, c))
                if r is None:
                    continue
                records.append(
                    {
                        "profile": p,
                        "profile_title": n._profile_index[p].title,
                        "competence": c,
                        "competence_title": n._competence_index[c].title,
                        "requirement": str(r),
                        "min": r.min,
                        "max": r.max,
                        "levels": sorted(r.levels),
                        "eqf": sorted(_eqf_of(r.levels, n)),
                    }
                )
        return records

    def to_csv(self, *, long: bool = False) -> str:
        """CSV text: wide (one row per profile, one column per competence, cells like "2-4")
        or long (the columns of :meth:`to_records`, lists joined with ``;``).

        Written by the package's one CSV writer: RFC 4180 (CRLF), quoted where needed, and safe
        to open in a spreadsheet (a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab
        or a carriage return is prefixed with an apostrophe; see "Security and limits").
        """
        from ._tables import csv_text

        if long:
            records = self.to_records()
            fields = list(records[0]) if records else list(_LONG_FIELDS)
            return csv_text(fields, ([r[f] for f in fields] for r in records))
        titles = self.nomenclature._profile_index
        return csv_text(
            ["profile", "profile_title", *self.columns],
            (
                [p, titles[p].title, *(None if r is None else str(r) for r in self.row(p))]
                for p in self.rows
            ),
        )

    def to_excel(self, path: str | os.PathLike[str] | IO[bytes], *, long: bool = False) -> None:
        """Write the matrix as an XLSX workbook: wide (``profile, title, family`` and one column
        per competence) or long (``profile, title, family, competence, level``), the forms
        :func:`cigref_ecf.read_matrix` reads back. Needs the ``excel`` extra (openpyxl).

        Raises:
            MissingDependencyError: when openpyxl is not installed.
        """
        from ._matrix_io import write_excel

        write_excel(self.nomenclature, path, long=long)

    def to_pandas(self, *, long: bool = False) -> Any:
        """A pandas DataFrame: wide (index: profile codes, columns: competence codes, cells the
        requirement strings or None) or long (the records of :meth:`to_records`).

        Raises:
            MissingDependencyError: when pandas is not installed
                (``pip install "cigref-ecf[pandas]"``).
        """
        pd = _pandas()
        if long:
            return pd.DataFrame.from_records(self.to_records())
        data = [[None if r is None else str(r) for r in self.row(p)] for p in self.rows]
        frame = pd.DataFrame(data, index=list(self.rows), columns=list(self.columns))
        frame.index.name = "profile"
        frame.columns.name = "competence"
        return frame

    def __iter__(self) -> Iterator[tuple[str, str, LevelRequirement]]:
        """The non-empty cells as (profile, competence, requirement), row by row."""
        for p in self.rows:
            for c in self.columns:
                r = self.cells.get((p, c))
                if r is not None:
                    yield p, c, r

    def __len__(self) -> int:
        return len(self.cells)

    def __reduce__(self) -> tuple[Any, tuple[Nomenclature]]:
        # Pickled as its nomenclature; the cells are derived from it again.
        return _rebuild_matrix, (self.nomenclature,)

    def __repr__(self) -> str:
        size = f"{len(self.rows)} profiles x {len(self.columns)} competences"
        return f"<Matrix {size}, {len(self.cells)} cells>"

    def _repr_html_(self) -> str:
        from ._html import matrix_html

        return matrix_html(self)


def _rebuild_matrix(n: Nomenclature) -> Matrix:
    return matrix(nomenclature=n)


def matrix(*, nomenclature: Nomenclature | None = None) -> Matrix:
    """The profiles x competences matrix (built once per nomenclature)."""
    n = _resolve(nomenclature)
    cached: Matrix | None = n._derived.get("matrix")
    if cached is None:
        cells = {(p.code, r.competence): r.level for p in n.profiles for r in p.competences}
        cached = Matrix(
            rows=tuple(p.code for p in n.profiles),
            columns=tuple(c.code for c in n.competences),
            cells=MappingProxyType(cells),
            nomenclature=n,
        )
        # setdefault: threads building it at the same time all get the same one
        cached = n._derived.setdefault("matrix", cached)
    return cached


# ---------------------------------------------------------------------------- levels and EQF


def is_applicable(
    competence_: str | Competence,
    level_: int | str | Level,
    *,
    nomenclature: Nomenclature | None = None,
) -> bool:
    """Whether the competence defines ``level_`` (A1 defines 4 and 5 only).

    Raises:
        UnknownCodeError: for an unknown competence.
        InvalidLevelError: for a malformed level (not 1..5, "e-1".."e-5" or a Level).
    """
    c = competence(competence_, nomenclature=nomenclature)
    return coerce_level(level_) in c.applicable_levels


def check_level(
    competence_: str | Competence,
    level_: int | str | Level,
    *,
    nomenclature: Nomenclature | None = None,
) -> int:
    """The level number, after checking that the competence defines it.

    Raises:
        InvalidLevelError: naming the competence and its applicable levels.
        UnknownCodeError: for an unknown competence.
    """
    c = competence(competence_, nomenclature=nomenclature)
    return c.descriptor(level_).level


def _eqf_of(levels: frozenset[int], n: Nomenclature) -> frozenset[int]:
    return frozenset(e for number in levels for e in n._level_index[number].eqf)


def eqf_levels(
    level_: int | str | Level, *, nomenclature: Nomenclature | None = None
) -> frozenset[int]:
    """The EQF levels an e-CF level relates to (e-2 relates to EQF 4 and 5).

    The e-CF/EQF relation (CWA 16234-1:2010) is a relation between frameworks, not an
    equivalence of qualifications.

    Examples:
        >>> sorted(eqf_levels("e-2"))
        [4, 5]
    """
    return level(level_, nomenclature=nomenclature).eqf


def ecf_level_for_eqf(eqf: int, *, nomenclature: Nomenclature | None = None) -> Level:
    """The e-CF level related to an EQF level (3 to 8); EQF 4 and 5 both give e-2.

    Examples:
        >>> ecf_level_for_eqf(5).code
        'e-2'

    Raises:
        InvalidLevelError: for an EQF level that no e-CF level relates to (1, 2, 9 ...).
    """
    n = _resolve(nomenclature)
    if isinstance(eqf, bool) or not isinstance(eqf, int):
        raise InvalidLevelError(f"invalid EQF level: {excerpt(eqf)} (expected an integer)")
    for lv in n.levels:
        if eqf in lv.eqf:
            return lv
    known = sorted(e for lv in n.levels for e in lv.eqf)
    covered = f"e-CF covers EQF {known[0]} to {known[-1]}" if known else "no EQF relation is given"
    raise InvalidLevelError(f"no e-CF level relates to EQF level {excerpt(eqf)}; {covered}")


def profile_eqf_span(
    profile: str | JobProfile, *, nomenclature: Nomenclature | None = None
) -> frozenset[int]:
    """The EQF levels that a profile's required levels relate to.

    Examples:
        >>> sorted(profile_eqf_span("3.2"))
        [3, 4, 5, 6, 7]
    """
    n = _resolve(nomenclature)
    p = job_profile(profile, nomenclature=n)
    return frozenset().union(*(_eqf_of(r.level.levels, n) for r in p.competences))
