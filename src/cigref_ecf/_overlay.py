"""Overlays: a company's changes to a base nomenclature, kept apart from it.

An overlay file names its base and holds only what changes::

    {
      "base": "cigref",
      "meta": {"data_version": "2026.1", "source": "ACME IT job architecture"},
      "add_families": [{"code": "DATA", "title": "Data"}],
      "add_profiles": [{"code": "DATA-ENG", "family": "DATA", "title": "Data engineer",
                        "competences": [{"competence": "B1", "level": "3"}]}],
      "replace_profiles": [],
      "remove_profiles": ["7.5"],
      "rename_profiles": {"3.2": "Développeur"},
      "set_levels": {"3.2": {"B1": "3", "A6": null}}
    }

``"base"`` is ``"cigref"`` (the bundled nomenclature, e-CF and CIGREF) or ``"e-cf"`` (its e-CF
part only: the company brings every family and profile). Changes apply in this order: remove,
replace, rename, set levels, add families, add profiles. The result goes through the same
normalisation and checks as a whole file; each problem's path points into the overlay
(``$.add_profiles[0] (DATA-ENG).competences[1].level``). A profile whose competences change
loses its provenance (Annex 1 row, evidence of the changed rows) and the errata about it, each
with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from ._check import check, default_locate, normalise, suggest, suggest_competence
from ._input import Problems, code_shape, excerpt
from ._levels import LevelRequirement
from ._model import (
    CIGREF,
    CompetenceRequirement,
    Family,
    JobProfile,
    Meta,
    Nomenclature,
    normalize_competence_code,
    normalize_profile_code,
)
from .exceptions import CigrefEcfError, DataError, Problem

__all__ = ["BASES", "Overlay", "apply_overlay", "is_overlay"]

BASES = ("cigref", "e-cf")
"""What an overlay may name as its base."""


def _families(values: Any) -> tuple[Family, ...]:
    return tuple(values)


def _profiles(values: Any) -> tuple[JobProfile, ...]:
    return tuple(values)


def _codes(values: Any) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Overlay:
    """A company's changes to a base nomenclature (see the module docstring)."""

    base: str
    """``"cigref"`` (the bundled nomenclature) or ``"e-cf"`` (its e-CF part only)."""
    meta: Meta | None = None
    """What to say about the result: its non-empty fields replace the base's."""
    add_families: tuple[Family, ...] = attrs.field(default=(), converter=_families)
    """New families."""
    add_profiles: tuple[JobProfile, ...] = attrs.field(default=(), converter=_profiles)
    """New profiles (a code the base has is an error: use ``replace_profiles``)."""
    replace_profiles: tuple[JobProfile, ...] = attrs.field(default=(), converter=_profiles)
    """Profiles that take the place of the base's profile of the same code."""
    remove_profiles: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    """Codes of base profiles to remove."""
    rename_profiles: dict[str, str] = attrs.field(factory=dict)
    """Profile code -> its new title."""
    set_levels: dict[str, dict[str, str | None]] = attrs.field(factory=dict)
    """Profile code -> competence code -> its new required level (``"3"``, ``"2-4"``), or
    null to remove the requirement."""


def is_overlay(data: object) -> bool:
    """Whether parsed JSON is an overlay (an object with a ``"base"`` key)."""
    return isinstance(data, dict) and "base" in data


def apply_overlay(
    data: dict[str, Any],
    bundled: Callable[[], Nomenclature],
    *,
    source: str | None,
    notes: list[Problem] | None,
) -> Nomenclature:
    """The nomenclature an overlay describes, checked.

    Raises:
        DataError: every problem, with paths into the overlay.
    """
    from ._converter import item_label, structure_one

    problems = Problems()
    base_name = data.get("base")
    if base_name not in BASES:
        problems.add("$.base", f"unknown base {excerpt(base_name)}; expected 'cigref' or 'e-cf'")
        problems.raise_if_any(DataError, source)
    for name in ("add_families", "add_profiles", "replace_profiles", "remove_profiles"):
        items = data.get(name)
        if isinstance(items, list) and len(items) > 10_000:
            problems.add(f"$.{name}", f"{len(items)} items, over the limit of 10000")
    problems.raise_if_any(DataError, source)
    # The lists of records item by item, stopping once the problem list is full (bounded).
    lists: dict[str, type[Any]] = {
        "add_families": Family,
        "add_profiles": JobProfile,
        "replace_profiles": JobProfile,
    }
    made: dict[str, list[Any]] = {}
    for name, cls in lists.items():
        raw = data.get(name, [])
        made[name] = []
        if not isinstance(raw, list):
            problems.add(f"$.{name}", f"expected a list, got {type(raw).__name__}")
            continue
        for i, item in enumerate(raw):
            if problems.full:  # stop: the rest is only counted as "more"
                problems.add(f"$.{name}", f"items {i} to {len(raw) - 1} not checked")
                break
            one = structure_one(item, cls, item_label(name, i, item), problems)
            if one is not None:
                made[name].append(one)
    rest = {k: v for k, v in data.items() if k not in lists}
    overlay = structure_one(rest, Overlay, "$", problems)
    problems.raise_if_any(DataError, source)
    assert overlay is not None
    overlay = attrs.evolve(
        overlay,
        add_families=tuple(made["add_families"]),
        add_profiles=tuple(made["add_profiles"]),
        replace_profiles=tuple(made["replace_profiles"]),
    )
    base = bundled()
    if overlay.base == "e-cf":
        base = attrs.evolve(
            base,
            meta=attrs.evolve(base.meta, cigref_version="", convention=None),
            families=(),
            profiles=(),
            errata=(),
        )
    kept_notes = Problems()
    merged, origin = _merge(overlay, base, problems, kept_notes)

    def locate(section: str, index: int, code: str) -> str:
        return origin.get((section, code)) or f"{default_locate(section, index, code)} (base)"

    if merged is not None:
        merged = normalise(merged, kept_notes, locate)
        if not problems.full:
            check(merged, problems, locate=locate)
    problems.raise_if_any(DataError, source)
    assert merged is not None
    if notes is not None:
        notes.extend(kept_notes.problems())
    return merged


def _merge(
    overlay: Overlay, base: Nomenclature, problems: Problems, notes: Problems
) -> tuple[Nomenclature | None, dict[tuple[str, str], str]]:
    origin: dict[tuple[str, str], str] = {}
    profiles: dict[str, JobProfile] = {p.code: p for p in base.profiles}
    by_upper = {code.upper(): code for code in profiles}
    order = {c.code: k for k, c in enumerate(base.competences)}
    dropped_errata: set[str] = set()

    def existing(code: str, path: str, verb: str) -> str | None:
        found = by_upper.get(normalize_profile_code(code).upper())
        if found is None or found not in profiles:
            hint = suggest(code, profiles)
            more = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
            problems.add(path, f"cannot {verb} {excerpt(code)}: the base has no such profile{more}")
            return None
        return found

    for i, code in enumerate(overlay.remove_profiles):
        found = existing(code, f"$.remove_profiles[{i}]", "remove")
        if found is not None:
            del profiles[found]
            dropped_errata.add(found)
    for i, p in enumerate(overlay.replace_profiles):
        where = f"$.replace_profiles[{i}] ({p.code})"
        found = existing(p.code, f"{where}.code", "replace")
        if found is not None:
            profiles[found] = attrs.evolve(p, code=found)
            origin["profiles", found] = where
            dropped_errata.add(found)
    for code, title in overlay.rename_profiles.items():
        found = existing(code, f"$.rename_profiles.{code}", "rename")
        if found is not None:
            profiles[found] = attrs.evolve(profiles[found], title=title)
    for code, changes in overlay.set_levels.items():
        where = f"$.set_levels.{code}"
        found = existing(code, where, "change the levels of")
        if found is None:
            continue
        origin["profiles", found] = f"{where} ({found})"
        profiles[found] = _set_levels(
            profiles[found], changes, where, order, problems, notes, dropped_errata
        )
    families = list(base.families)
    family_codes = {f.code.upper() for f in families}
    for i, f in enumerate(overlay.add_families):
        where = f"$.add_families[{i}] ({f.code})"
        if f.code.upper() in family_codes:
            problems.add(f"{where}.code", f"family {f.code} is already in the base")
            continue
        family_codes.add(f.code.upper())
        origin["families", f.code] = where
        families.append(f)
    for i, p in enumerate(overlay.add_profiles):
        where = f"$.add_profiles[{i}] ({p.code})"
        if p.code.upper() in by_upper and by_upper[p.code.upper()] in profiles:
            problems.add(
                f"{where}.code",
                f"profile {p.code} is already in the base: use replace_profiles to change it",
            )
            continue
        by_upper[p.code.upper()] = p.code
        profiles[p.code] = p
        origin["profiles", p.code] = where
    # Family lists follow the profiles: removed ones leave, moved and new ones join.
    listed: dict[str, list[str]] = {}
    for p in profiles.values():
        listed.setdefault(p.family, []).append(p.code)
    new_families = []
    for f in families:
        keep = [c for c in f.profiles if c in profiles and profiles[c].family == f.code]
        extra = [c for c in listed.get(f.code, []) if c not in keep]
        members = (*keep, *extra)
        new_families.append(f if members == f.profiles else attrs.evolve(f, profiles=members))
    errata = tuple(e for e in base.errata if e.profile not in dropped_errata)
    if len(errata) < len(base.errata):
        notes.add(
            "$",
            f"{len(base.errata) - len(errata)} errata about changed or removed profiles dropped "
            "(they are provenance of the CIGREF source)",
        )
    meta = base.meta
    if overlay.meta is not None:
        given = {
            f.name: getattr(overlay.meta, f.name)
            for f in attrs.fields(Meta)
            if getattr(overlay.meta, f.name) not in ("", None)
        }
        meta = attrs.evolve(meta, **given)
    shapes_ok = all(code_shape("cigref profile", p.code) for p in profiles.values()) and all(
        code_shape("cigref family", f.code) for f in new_families
    )
    if meta.convention == CIGREF and not shapes_ok:
        meta = attrs.evolve(meta, convention=None)
    try:
        merged = attrs.evolve(
            base,
            meta=meta,
            families=tuple(new_families),
            profiles=tuple(profiles.values()),
            errata=errata,
        )
    except (TypeError, ValueError, CigrefEcfError) as exc:  # pragma: no cover - typed input
        problems.add("$", str(exc))
        return None, origin
    return merged, origin


def _set_levels(  # noqa: PLR0917 - the state of one merge step
    p: JobProfile,
    changes: dict[str, str | None],
    where: str,
    order: dict[str, int],
    problems: Problems,
    notes: Problems,
    dropped_errata: set[str],
) -> JobProfile:
    reqs = {r.competence: r for r in p.competences}
    for key, value in changes.items():
        code = normalize_competence_code(key)
        path = f"{where}.{key}"
        if code not in order:
            hint = suggest_competence(code, order)
            more = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
            problems.add(path, f"unknown competence {excerpt(key)}{more}")
            continue
        if value is None:
            if reqs.pop(code, None) is None:
                problems.add(path, f"profile {p.code} does not require {code}: nothing to remove")
            continue
        try:
            level = LevelRequirement.parse(value)
        except CigrefEcfError as exc:
            problems.add(path, str(exc))
            continue
        if code not in reqs or reqs[code].level != level:  # the same level keeps its evidence
            reqs[code] = CompetenceRequirement(competence=code, level=level)
    new = tuple(sorted(reqs.values(), key=lambda r: order.get(r.competence, len(order))))
    if new == p.competences:
        return p
    if p.annex1 is not None:
        notes.add(
            where, f"provenance of profile {p.code} (Annex 1 row) dropped: its levels changed"
        )
    dropped_errata.add(p.code)
    return attrs.evolve(p, competences=new, annex1=None)
