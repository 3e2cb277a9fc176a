"""Proficiency levels as numbers, and level requirements ("3", "2-4", "1/3")."""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterable

import attrs

from ..exceptions import InvalidLevelError
from .rules import LEVEL_FORMS, assessed_level, excerpt

MIN_LEVEL = 1
MAX_LEVEL = 5


def _to_eqf(values: Iterable[int]) -> frozenset[int]:
    return frozenset(values)


@attrs.frozen(kw_only=True)
class Level:
    """An e-CF proficiency level (Dimension 3), e-1 to e-5.

    Examples:
        >>> from cigref_ecf import level
        >>> level(3).code, level(3).title, sorted(level(2).eqf)
        ('e-3', 'Senior Professional/Manager', [4, 5])
    """

    number: int
    """1 to 5."""
    code: str
    """``"e-1"`` to ``"e-5"``."""
    title: str
    """The e-CF name of the level (e.g. ``"Associate"``)."""
    eqf: frozenset[int] = attrs.field(converter=_to_eqf)
    """The EQF levels this e-CF level relates to (a relation, not an equivalence)."""
    source: str
    """Where the title and EQF relation come from (they are not in the CIGREF document)."""

    def __repr__(self) -> str:
        return f"<Level {self.code} {self.title}>"

    def _repr_html_(self) -> str:
        from .._write.html import record_html

        return record_html(self)


def as_integer(value: object) -> int | None:
    """``value`` as a plain int if it is an integer (int, IntEnum, NumPy integer; not a bool),
    else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    index = getattr(type(value), "__index__", None)
    if index is not None and not isinstance(value, (str, bytes)):
        try:
            result: int = operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            return None
        return result
    return None


def coerce_level(value: object) -> int:
    """Return the level number (1..5) of ``3``, ``"3"``, ``"e-3"``, ``3.0`` or a :class:`Level`.

    The accepted forms are those of an assessed level
    (:func:`cigref_ecf._model.rules.assessed_level`, the one rule), except that a level is
    required here: blank and None are refused.

    Raises:
        InvalidLevelError: for anything else (``0``, ``6``, ``2.5``, ``True``, ``None``, ``"x"``).
    """
    if isinstance(value, Level):
        return value.number
    number = assessed_level(value)
    if number is None:
        raise InvalidLevelError(
            f"a level is required, got {excerpt(value)} (expected {LEVEL_FORMS})"
        )
    return number


def _to_levels(values: Iterable[int]) -> frozenset[int]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidLevelError(f"expected a collection of levels 1..5, got {excerpt(values)}")
    return frozenset(values)


def _check_levels(_instance: object, _attribute: object, levels: frozenset[int]) -> None:
    if not levels:
        raise InvalidLevelError("a level requirement needs at least one level")
    for number in levels:
        if isinstance(number, bool) or not isinstance(number, int):
            raise InvalidLevelError(f"invalid level in requirement: {excerpt(number)}")
        if not MIN_LEVEL <= number <= MAX_LEVEL:
            raise InvalidLevelError(
                f"invalid level in requirement: {excerpt(number)} (e-CF levels run from 1 to 5)"
            )


REQUIREMENT_PATTERN = (
    r"^(?![\s\S]*([1-5])[\s\S]*\1)\s*"
    r"(?:[1-5]|1\s*-\s*[2-5]|2\s*-\s*[3-5]|3\s*-\s*[45]|4\s*-\s*5|[1-5](?:\s*/\s*[1-5])+)\s*$"
)
"""The level requirements :meth:`LevelRequirement.parse` accepts, as one regular expression
(Python and ECMA-262 alike) for the JSON Schema: a level, a rising range, alternatives, no
level twice (a test checks that the two agree on every short text)."""

_SINGLE = re.compile(r"^\s*([0-9])\s*$")
_RANGE = re.compile(r"^\s*([0-9])\s*-\s*([0-9])\s*$")
_ALTERNATIVES = re.compile(r"^\s*[0-9]\s*(?:/\s*[0-9]\s*)+$")


@attrs.frozen(kw_only=True, order=False)
class LevelRequirement:
    """The level(s) of a competence that a job profile requires.

    A requirement is a non-empty set of e-CF levels: a single level (``"3"``), a range
    (``"2-4"``: any of 2, 3 or 4) or alternatives (``"1/3"``: level 1 or level 3, as in
    "Level 1 ... Or Level 3" on a sheet).

    Examples:
        >>> r = LevelRequirement.parse("2-4")
        >>> r.min, r.max, str(r)
        (2, 4, '2-4')
        >>> r.admits(3), r.admits(5), r.is_met_by(5)
        (True, False, True)
        >>> str(LevelRequirement.parse("1/3")), LevelRequirement.parse("1/3").admits(2)
        ('1/3', False)
    """

    levels: frozenset[int] = attrs.field(converter=_to_levels, validator=_check_levels)
    """The levels that satisfy the requirement exactly."""

    @classmethod
    def parse(cls, text: str) -> LevelRequirement:
        """Read ``"3"``, ``"2-4"`` or ``"1/3"`` (spaces allowed).

        Raises:
            InvalidLevelError: when the text is not one of these forms, a range is empty or
                reversed, or a level is outside 1..5.
        """
        if type(text) is str:
            cached = _PARSED.get(text)
            if cached is not None:
                return cached
        parsed = cls._parse(text)
        if len(_PARSED) < 256 and type(parsed) is LevelRequirement:
            _PARSED[text] = parsed
        return parsed

    @classmethod
    def _parse(cls, text: str) -> LevelRequirement:
        if not isinstance(text, str):
            raise InvalidLevelError(
                f"invalid level requirement: {excerpt(text)} (expected a string)"
            )
        if match := _SINGLE.match(text):
            return cls(levels=[int(match.group(1))])
        if match := _RANGE.match(text):
            low, high = int(match.group(1)), int(match.group(2))
            if low >= high:
                raise InvalidLevelError(
                    f"invalid level requirement: {excerpt(text)} (a range goes from low to high)"
                )
            return cls(levels=range(low, high + 1))
        if _ALTERNATIVES.match(text):
            numbers = [int(part) for part in text.split("/")]
            if len(set(numbers)) != len(numbers):
                raise InvalidLevelError(
                    f"invalid level requirement: {excerpt(text)} (repeated level)"
                )
            return cls(levels=numbers)
        raise InvalidLevelError(
            f"invalid level requirement: {excerpt(text)} (expected e.g. '3', '2-4' or '1/3')"
        )

    @classmethod
    def single(cls, level: int | str | Level) -> LevelRequirement:
        """The requirement of exactly one level."""
        return cls(levels=[coerce_level(level)])

    @functools.cached_property
    def min(self) -> int:
        """The lowest level that satisfies the requirement."""
        return min(self.levels)

    @functools.cached_property
    def max(self) -> int:
        """The highest level that satisfies the requirement."""
        return max(self.levels)

    @property
    def is_range(self) -> bool:
        """True for a range of two or more consecutive levels ("2-4")."""
        return len(self.levels) > 1 and self.max - self.min + 1 == len(self.levels)

    @property
    def is_alternative(self) -> bool:
        """True for non-consecutive alternatives ("1/3")."""
        return len(self.levels) > 1 and not self.is_range

    def admits(self, level: int | str | Level) -> bool:
        """Whether ``level`` is one of the required levels exactly (3 in "2-4"; 2 not in "1/3")."""
        return coerce_level(level) in self.levels

    def is_met_by(self, level: int | str | Level) -> bool:
        """Whether someone at ``level`` meets the requirement: ``level >= min``."""
        return coerce_level(level) >= self.min

    def __str__(self) -> str:
        ordered = sorted(self.levels)
        if len(ordered) == 1:
            return str(ordered[0])
        if self.is_range:
            return f"{ordered[0]}-{ordered[-1]}"
        return "/".join(str(n) for n in ordered)

    def __repr__(self) -> str:
        return f"LevelRequirement({str(self)!r})"


_PARSED: dict[str, LevelRequirement] = {}
"""Parsed requirement texts (a requirement is immutable, so one instance serves all)."""
