"""The checks of a structured nomenclature: cross-references, code shapes, applicable levels.

:func:`normalise` first puts right what a person typing a file gets wrong harmlessly (``"b3"``
for ``B3``, competences out of framework order, a family that does not list its profiles), each
with a note; :func:`check` then reports every remaining problem, each path naming the profile
(``$.profiles[33] (DATA-ENG).competences[0]``). Both are linear in the size of the data.

CIGREF's own rules (profile codes ``N.M``, families ``1``..``7``, a code that starts with its
family's number) apply to the bundled data and to files whose ``meta.convention`` is
``"cigref"``; a company's codes need only the shape ``CODE_SHAPES["code"]`` and are unique
whatever their case. The bundled data is checked ``strict``: nothing is normalised, everything
is a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import attrs

from .records import (
    CIGREF,
    Competence,
    CompetenceRequirement,
    JobProfile,
    Nomenclature,
    normalize_competence_code,
    undefined_levels,
)
from .rules import CODE_SHAPES, Problems, code_shape, excerpt

__all__ = ["Locate", "check", "default_locate", "normalise", "suggest", "suggest_competence"]

Locate = Callable[[str, int, str], str]
"""(section, index in the nomenclature, code) -> the path of that item in the file."""

PROVENANCE_FIX = (
    "annex1, evidence and errata are provenance of the CIGREF source: when you change a "
    "profile's competences, delete its annex1 (and the evidence of the rows you change), or "
    "put the competence back"
)


def default_locate(section: str, index: int, code: str) -> str:
    """``$.profiles[3] (1.4)``: the index in the file and, for profiles and families, the code."""
    if section in ("profiles", "families") and code:
        return f"$.{section}[{index}] ({code})"
    return f"$.{section}[{index}]"


def suggest(code: str, candidates: Iterable[str]) -> list[str]:
    """Up to three close codes, case-insensitively, best first."""
    import difflib

    by_key: dict[str, str] = {}
    for c in candidates:
        by_key.setdefault(c.upper(), c)
    hits = difflib.get_close_matches(code.upper(), list(by_key), n=3, cutoff=0.5)
    return [by_key[h] for h in hits]


def suggest_competence(key: str, codes: Iterable[str]) -> list[str]:
    """Codes of the same dimension, closest first: fewest characters to change (``B33``: B3
    first), then nearest number (``B9``: B5, B4, B3); otherwise the closest spellings.

    >>> codes = ["B1", "B2", "B3", "B4", "B5", "C3"]
    >>> suggest_competence("B33", codes), suggest_competence("B9", codes)
    (['B3', 'B5', 'B4'], ['B5', 'B4', 'B3'])
    """
    match = re.fullmatch(r"([A-Z])([0-9]+)", key)
    if match:
        letter, number = match.group(1), int(match.group(2))
        same = [c for c in codes if c[:1] == letter and c[1:].isdigit()]
        if same:
            return sorted(
                same,
                key=lambda c: (_edits(key, c), abs(int(c[1:]) - number), int(c[1:])),
            )[:3]
    return suggest(key, codes)


def _edits(a: str, b: str) -> int:
    """The edit (Levenshtein) distance of two short codes."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _did_you_mean(found: list[str]) -> str:
    return f"; did you mean {' or '.join(repr(s) for s in found)}?" if found else ""


# ---------------------------------------------------------------------------- normalise


def normalise(n: Nomenclature, notes: Problems, locate: Locate = default_locate) -> Nomenclature:
    """``n`` with harmless slips put right, each noted: competence codes in another spelling
    (``"b3"``, ``"B.3"``), competences out of framework order, a company's profile or family code
    in another case where it is referred to (``"data"`` for ``DATA``), families that list no
    profiles (they get the profiles that name them, in order)."""
    known = {c.code for c in n.competences}
    order = {c.code: k for k, c in enumerate(n.competences)}
    family_case = {f.code.upper(): f.code for f in n.families}
    profile_case = {p.code.upper(): p.code for p in n.profiles}
    family_codes = set(family_case.values())  # a set: a dict's values() is searched item by item
    profiles = []
    changed = False
    for i, p in enumerate(n.profiles):
        reqs = list(p.competences)
        where = locate("profiles", i, p.code)
        canonical_family = family_case.get(p.family.upper(), p.family)
        if canonical_family != p.family and p.family not in family_codes:
            notes.add(f"{where}.family", f"{excerpt(p.family)} read as {canonical_family}")
            p = attrs.evolve(p, family=canonical_family)  # noqa: PLW2901 - the normalised one
            changed = True
        for j, req in enumerate(reqs):
            if req.competence not in known and isinstance(req.competence, str):
                canonical = normalize_competence_code(req.competence)
                if canonical in known:
                    notes.add(
                        f"{where}.competences[{j}].competence",
                        f"{excerpt(req.competence)} read as {canonical}",
                    )
                    reqs[j] = attrs.evolve(req, competence=canonical)
        ranks = [order.get(r.competence, -1) for r in reqs]
        if -1 not in ranks and ranks != sorted(ranks):
            reqs = sorted(reqs, key=lambda r: order[r.competence])
            notes.add(
                f"{where}.competences",
                "competences put in framework order: " + ", ".join(r.competence for r in reqs),
            )
        if reqs != list(p.competences):
            profiles.append(attrs.evolve(p, competences=tuple(reqs)))
            changed = True
        else:
            profiles.append(p)
    families = list(n.families)
    named: dict[str, list[str]] = {}
    for p in profiles:
        named.setdefault(p.family, []).append(p.code)
    spelled = set(profile_case.values())  # a set: a dict's values() is searched item by item
    for i, f in enumerate(families):
        if not f.profiles and named.get(f.code):
            families[i] = attrs.evolve(f, profiles=tuple(named[f.code]))
            changed = True
            continue
        listed = [profile_case.get(c.upper(), c) if c not in spelled else c
                  for c in f.profiles]  # fmt: skip
        if listed != list(f.profiles):
            where = locate("families", i, f.code)
            for j, (old, new) in enumerate(zip(f.profiles, listed, strict=True)):
                if old != new:
                    notes.add(f"{where}.profiles[{j}]", f"{excerpt(old)} read as {new}")
            families[i] = attrs.evolve(f, profiles=tuple(listed))
            changed = True
    if not changed:
        return n
    return attrs.evolve(n, profiles=tuple(profiles), families=tuple(families))


# ---------------------------------------------------------------------------- check


def check(
    n: Nomenclature,
    problems: Problems | None = None,
    *,
    locate: Locate = default_locate,
    strict: bool = False,
    also_known: dict[str, set[str]] | None = None,
) -> Problems:
    """Every cross-reference and consistency problem of a structured nomenclature.

    ``also_known`` names codes of items that failed to structure (``{"profiles": {...}}``), so
    that references to them are not reported a second time. ``strict`` is for the bundled data:
    slips that :func:`normalise` would put right are problems.
    """
    problems = Problems() if problems is None else problems
    add = problems.add
    also = also_known or {}
    cigref = n.is_cigref
    if n.meta.convention not in (None, CIGREF):
        add(
            "$.meta.convention",
            f"unknown convention {excerpt(n.meta.convention)} (expected 'cigref' or none)",
        )
    if n.meta.language is not None and not code_shape("language", n.meta.language):
        add(
            "$.meta.language",
            f"malformed language {excerpt(n.meta.language)} "
            f"(expected {CODE_SHAPES['language'][1]})",
        )

    def duplicates(items: Iterable[object], key: str, section: str, fold: bool = False) -> None:
        seen: set[object] = set()
        for i, item in enumerate(items):
            value = getattr(item, key)
            folded = value.upper() if fold and isinstance(value, str) else value
            if folded in seen:
                add(f"{locate(section, i, str(value))}.{key}", f"duplicate {key} {value!r}")
            seen.add(folded)

    level_numbers = {lv.number for lv in n.levels}
    for i, lv in enumerate(n.levels):
        if not 1 <= lv.number <= 5:
            add(f"$.levels[{i}].number", f"level {lv.number} is outside 1..5")
        if lv.code != f"e-{lv.number}":
            add(f"$.levels[{i}].code", f"expected 'e-{lv.number}', found {lv.code!r}")
    duplicates(n.levels, "number", "levels")

    dims = {d.code: d for d in n.dimensions}
    comps = {c.code: c for c in n.competences}
    known_comps = comps.keys() | also.get("competences", set())
    for i, d in enumerate(n.dimensions):
        if not code_shape("dimension", d.code):
            add(f"$.dimensions[{i}].code", f"malformed dimension code {d.code!r}")
        listed_here: set[str] = set()
        for j, code in enumerate(d.competences):
            if code in listed_here:
                add(f"$.dimensions[{i}].competences[{j}]", f"competence {code} is listed twice")
            listed_here.add(code)
            comp = comps.get(code)
            if comp is None:
                if code not in known_comps:
                    add(f"$.dimensions[{i}].competences[{j}]", f"unknown competence {code!r}")
            elif comp.dimension != d.code:
                add(
                    f"$.dimensions[{i}].competences[{j}]",
                    f"competence {code} belongs to dimension {comp.dimension}, not {d.code}",
                )
    duplicates(n.dimensions, "code", "dimensions")

    listed = {code for d in n.dimensions for code in d.competences}
    for i, c in enumerate(n.competences):
        path = f"$.competences[{i}]"
        if not code_shape("competence", c.code):
            add(f"{path}.code", f"malformed competence code {c.code!r} (expected e.g. 'B3')")
        if c.dimension not in dims:
            add(f"{path}.dimension", f"unknown dimension {c.dimension!r}")
        elif not c.code.startswith(c.dimension):
            add(f"{path}.dimension", f"code {c.code} does not start with {c.dimension}")
        elif c.code not in listed:
            add(f"{path}.code", f"competence {c.code} is not listed by dimension {c.dimension}")
        if not c.levels:
            add(f"{path}.levels", "a competence needs at least one level")
        numbers = [d.level for d in c.levels]
        for j, number in enumerate(numbers):
            if number not in level_numbers:
                add(f"{path}.levels[{j}].level", f"level {number} is not one of the e-CF levels")
        if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            add(f"{path}.levels", f"levels must be ascending and contiguous, found {numbers}")
    duplicates(n.competences, "code", "competences")

    profiles = {p.code: p for p in n.profiles}
    known_profiles = profiles.keys() | also.get("profiles", set())
    families = {f.code: f for f in n.families}
    known_families = families.keys() | also.get("families", set())
    family_shape, profile_shape = ("cigref family", "cigref profile") if cigref else ("code",) * 2
    in_family: dict[str, str] = {}
    for i, f in enumerate(n.families):
        where = locate("families", i, f.code)
        _shape(family_shape, "family", f.code, where, add)
        for j, code in enumerate(f.profiles):
            if code in in_family:
                add(f"{where}.profiles[{j}]", f"profile {code} is listed twice")
            p = profiles.get(code)
            if p is None:
                if code not in known_profiles:
                    add(
                        f"{where}.profiles[{j}]",
                        f"unknown job profile {code!r}{_did_you_mean(suggest(code, profiles))}",
                    )
            elif p.family != f.code:
                add(
                    f"{where}.profiles[{j}]",
                    f"profile {code} says it belongs to family {p.family}, not {f.code}",
                )
            in_family[code] = f.code
    duplicates(n.families, "code", "families", fold=not cigref)

    order = {c.code: k for k, c in enumerate(n.competences)}
    for i, p in enumerate(n.profiles):
        where = locate("profiles", i, p.code)
        _shape(profile_shape, "profile", p.code, where, add)
        if p.family not in families:
            if p.family not in known_families:
                hint = _did_you_mean(suggest(p.family, families))
                add(f"{where}.family", f"unknown family {p.family!r}{hint}")
        elif cigref and code_shape(profile_shape, p.code) and not p.code.startswith(f"{p.family}."):
            add(f"{where}.code", f"code {p.code} does not start with its family number {p.family}")
        elif p.code not in in_family and p.competences:
            add(f"{where}.code", f"profile {p.code} is not listed by family {p.family}")
        if not p.competences:
            add(f"{where}.competences", "a job profile needs at least one required competence")
        _check_requirements(
            p, where=where, comps=comps, known=known_comps, order=order, strict=strict, add=add
        )
        for j, r in enumerate(p.competences):
            if r.evidence is not None and r.evidence.line < 1:
                add(f"{where}.competences[{j}].evidence.line", "line numbers start at 1")
        if p.annex1 is not None:
            row = p.annex1
            if row.line < 1:
                add(f"{where}.annex1.line", "line numbers start at 1")
            required = {r.competence for r in p.competences}
            if len(row.values) != len(row.alignment):
                add(f"{where}.annex1.alignment", "alignment and values differ in length")
            for j, aligned in enumerate(row.alignment):
                if aligned is not None and aligned not in required:
                    add(
                        f"{where}.annex1.alignment[{j}]",
                        f"{aligned} is not a competence of profile {p.code}; {PROVENANCE_FIX}",
                    )
    duplicates(n.profiles, "code", "profiles", fold=not cigref)

    for i, e in enumerate(n.errata):
        if e.profile is not None and e.profile not in known_profiles:
            add(
                f"$.errata[{i}].profile",
                f"unknown job profile {e.profile!r}: delete the erratum (errata are provenance "
                "of the CIGREF source) or restore the profile",
            )
        if e.competence is not None and e.competence not in known_comps:
            add(f"$.errata[{i}].competence", f"unknown competence {e.competence!r}")
        if e.line is not None and e.line < 1:
            add(f"$.errata[{i}].line", "line numbers start at 1")
    duplicates(n.errata, "id", "errata")
    return problems


def _shape(kind: str, noun: str, code: str, where: str, add: Callable[[str, str], None]) -> None:
    if not code_shape(kind, code):
        add(
            f"{where}.code",
            f"malformed {noun} code {excerpt(code)} (expected {CODE_SHAPES[kind][1]})",
        )


def _check_requirements(
    p: JobProfile,
    *,
    where: str,
    comps: dict[str, Competence],
    known: set[str],
    order: dict[str, int],
    strict: bool,
    add: Callable[[str, str], None],
) -> None:
    seen: set[str] = set()
    last = -1
    for j, req in enumerate(p.competences):
        rpath = f"{where}.competences[{j}]"
        comp = comps.get(req.competence)
        if comp is None:
            if req.competence not in known:
                key = normalize_competence_code(req.competence)
                hint = _did_you_mean(suggest_competence(key, comps))
                add(f"{rpath}.competence", f"unknown competence {req.competence!r}{hint}")
            continue
        if req.competence in seen:
            add(f"{rpath}.competence", f"competence {req.competence} is listed twice")
        seen.add(req.competence)
        if strict and order[req.competence] < last:
            add(f"{rpath}.competence", f"{req.competence} is out of framework order")
        last = max(last, order[req.competence])
        _check_level(req, comp, rpath, add)


def _check_level(
    req: CompetenceRequirement, comp: Competence, rpath: str, add: Callable[[str, str], None]
) -> None:
    undefined = undefined_levels(comp, req.level.levels)
    if undefined is not None:
        add(f"{rpath}.level", f"{req.competence} {undefined}")
