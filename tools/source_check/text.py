"""Text primitives: normalisation, the source's lines, regions of lines and what they cover.

Every comparison between the data and the source goes through :func:`normalize` (markup removed,
whitespace collapsed, NFC) or, for the e-CF texts that the sheets print with small spelling
variants, :func:`loose`.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

_TAGS = re.compile(r"<[^>]*>")
_EMPHASIS = re.compile(r"\*+|[➤•]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+")
# What a line may keep uncovered without losing a word: punctuation, list glyphs, table rules.
_FURNITURE = re.compile(r"[\s\-–—➤•·.,;:!?()\[\]{}«»\"'’|/*_]*")
_WORD = re.compile(r"\S+")
_UNCOVERED = re.compile(rb"\x00+")
LEVEL_LABEL = re.compile(r"\b(?:(And|Or) )?Level ([1-5])\b")


@functools.lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """Markup removed (tags, emphasis, list glyphs), whitespace collapsed, NFC."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(_EMPHASIS.sub("", _TAGS.sub(" ", text)).split())


@functools.lru_cache(maxsize=1 << 16)
def loose(text: str) -> str:
    """Lower case, British/American ``z``/``s`` merged, only letters and digits: for e-CF texts,
    which the sheets print with small spelling variants ("authorizes", "organization's")."""
    return _NOT_WORD.sub("", normalize(text).casefold().replace("z", "s"))


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case and accents removed, whitespace collapsed: for titles printed in capitals."""
    decomposed = unicodedata.normalize("NFD", normalize(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sentences(text: str) -> list[str]:
    """The sentences (and lines) of a text, normalised, for texts the source splits into cells."""
    return [p for p in (normalize(s) for s in _SENTENCE.split(text)) if p]


def is_furniture(text: str) -> bool:
    """Whether a leftover holds no word (punctuation, list glyphs, table rules only)."""
    return _FURNITURE.fullmatch(text) is not None


def code_pattern(code: str) -> re.Pattern[str]:
    """A competence code on word boundaries, as the source prints it: ``D1``, ``D.1``, ``D1.``;
    ``D1`` does not match ``D10``."""
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(code[0])}\.?{re.escape(code[1:])}(?![0-9])")


def names_code(text: str, code: str) -> bool:
    return code_pattern(code).search(text) is not None


def memo_get(memo: dict[Any, Any], key: Any, compute: Callable[[], T]) -> T:
    """``memo[key]``, computed on first use."""
    if key not in memo:
        memo[key] = compute()
    result: T = memo[key]
    return result


class Source:
    """The source document, line by line (line numbers are 1-based), with what is covered."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.norm_lines = [normalize(line) for line in self.lines]
        self.covered = [bytearray(len(line)) for line in self.norm_lines]
        self._words: dict[int, list[tuple[int, int, str]]] = {}
        self.memo: dict[Any, Any] = {}
        """Results computed from the source alone, kept between checks."""

    def __len__(self) -> int:
        return len(self.lines)

    def norm(self, line: int) -> str:
        """Line ``line`` normalised ("" outside the document)."""
        return self.norm_lines[line - 1] if 0 < line <= len(self.lines) else ""

    def cells(self, line: int) -> list[str]:
        """The tab-separated cells of a line, each normalised."""
        raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return [normalize(c) for c in raw.split("\t")]

    def words(self, line: int) -> list[tuple[int, int, str]]:
        """The words of a normalised line: start, end and loose form (empty ones left out)."""
        cached = self._words.get(line)
        if cached is None:
            cached = [
                (m.start(), m.end(), w)
                for m in _WORD.finditer(self.norm(line))
                if (w := loose(m.group()))
            ]
            self._words[line] = cached
        return cached

    def region(self, first: int, last: int) -> Region:
        """Lines ``first`` to ``last`` (inclusive) as one text."""
        return Region(self, range(first, last + 1))

    def reset(self) -> None:
        for mask in self.covered:
            mask[:] = bytes(len(mask))

    def cover_line(self, line: int) -> None:
        mask = self.covered[line - 1]
        mask[:] = b"\x01" * len(mask)

    def leftovers(self, lines: Iterable[int]) -> Iterator[tuple[int, str]]:
        """Each uncovered stretch of the given lines that holds a word."""
        for line in lines:
            text, mask = self.norm(line), self.covered[line - 1]
            if 0 not in mask:
                continue
            for m in _UNCOVERED.finditer(mask):
                if m.end() - m.start() == 1 and text[m.start()] == " ":
                    continue
                piece = text[m.start() : m.end()].strip()
                if not is_furniture(piece):
                    yield line, piece


class Region:
    """Some lines of the source joined by single spaces (empty lines left out), so that a text
    the conversion broke over lines or cells is found whole; positions map back to lines."""

    def __init__(self, source: Source, lines: Iterable[int]) -> None:
        self.source = source
        self.lines = [n for n in lines if source.norm(n)]
        self.starts: list[int] = []
        pos = 0
        for n in self.lines:
            self.starts.append(pos)
            pos += len(source.norm(n)) + 1
        self.text = " ".join(source.norm(n) for n in self.lines)

    @property
    def first(self) -> int:
        return self.lines[0] if self.lines else 0

    def line_at(self, pos: int) -> int:
        """The source line of a position."""
        return self.lines[max(0, bisect.bisect_right(self.starts, pos) - 1)]

    def cover(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` covered (the joining spaces are skipped)."""
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        while i < len(self.lines) and self.starts[i] < end:
            line = self.lines[i]
            mask = self.source.covered[line - 1]
            low = max(start - self.starts[i], 0)
            high = min(end - self.starts[i], len(mask))
            if high > low:
                mask[low:high] = b"\x01" * (high - low)
            i += 1

    def is_covered_whole(self, start: int, end: int) -> bool:
        """Whether every character of ``[start, end)`` (joining spaces aside) is covered."""
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        while i < len(self.lines) and self.starts[i] < end:
            mask = self.source.covered[self.lines[i] - 1]
            low = max(start - self.starts[i], 0)
            high = min(end - self.starts[i], len(mask))
            if 0 in mask[low:high]:
                return False
            i += 1
        return True

    def find(self, text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """Where ``text`` (normalised) is, at or after ``start`` and ending by ``end``: whole, or
        else sentence by sentence in order (a text the conversion split across cells).
        Returns the span from its first to its last character, or None."""
        limit = len(self.text) if end is None else end
        needle = normalize(text)
        if not needle:
            return None
        at = self.text.find(needle, start, limit)
        if at >= 0:
            return at, at + len(needle)
        pieces = sentences(text)
        if len(pieces) < 2:
            return None
        spans = []
        pos = start
        for piece in pieces:
            at = self.text.find(piece, pos, limit)
            if at < 0:
                return None
            spans.append((at, at + len(piece)))
            pos = at + len(piece)
        return spans[0][0], spans[-1][1]

    def take(self, text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """:meth:`find`, then cover what was found (each piece, not the gaps between them)."""
        span = self.find(text, start, end)
        if span is None:
            return None
        needle = normalize(text)
        if self.text[span[0] : span[1]] == needle:
            self.cover(*span)
        else:
            pos = span[0]
            for piece in sentences(text):
                at = self.text.find(piece, pos, span[1])
                self.cover(at, at + len(piece))
                pos = at + len(piece)
        return span
