"""Search over a nomenclature's codes, titles (French, other and English) and descriptions:
:func:`search` and its results (:class:`SearchHit`, :class:`SearchHits`).

The index is inverted and built once per nomenclature: each entry (an object's field, folded by
:func:`cigref_ecf._model.rules.fold`) is split into words, each word lists the entries that hold it,
and the sorted vocabulary answers prefix and stem matches by binary search, never by a scan.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Literal

import attrs

from .._model.catalog import _resolve, find_family
from .._model.records import Nomenclature
from .._model.results import Results, check_limit
from .._model.rules import MAX_QUERY, MAX_QUERY_WORDS, excerpt, fold
from ..exceptions import InvalidQueryError
from .lookups import get_competence, get_job_profile

__all__ = ["SearchHit", "SearchHits", "search"]

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
        from .._write.html import records_html

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
