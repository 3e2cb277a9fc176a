"""Overlays: a company's changes to a base nomenclature, kept apart from it.

An overlay file names its base and holds only what changes::

    {
      "base": "cigref",
      "meta": {"data_version": "2026.1", "source": "ACME IT job architecture"},
      "add_families": [{"code": "DATA", "title": "Data"}],
      "rename_families": {"3": "Build"},
      "remove_families": ["7"],
      "add_profiles": [{"code": "DATA-ENG", "family": "DATA", "title": "Data engineer",
                        "competences": [{"competence": "B1", "level": "3"}]}],
      "replace_profiles": [],
      "remove_profiles": ["7.1", "7.2", "7.3", "7.4", "7.5"],
      "rename_profiles": {"3.2": "Développeur"},
      "set_levels": {"3.2": {"B1": "3", "A6": null}}
    }

``"base"`` is ``"cigref"`` (the bundled nomenclature, e-CF and CIGREF) or ``"e-cf"`` (its e-CF
part only: the company brings every family and profile). Changes apply in this order:

1. ``remove_profiles``, ``replace_profiles``, ``rename_profiles``, ``set_levels``: each names
   a profile of the base;
2. ``rename_families``: each names a family of the base;
3. ``add_families``, then ``add_profiles`` (whose family may be one just added);
4. ``remove_families`` last: each names a family of the base, which by then must hold no
   profile (remove its profiles with ``remove_profiles`` or move them to another family with
   ``replace_profiles``).

The result goes through the same normalisation and checks as a whole file. Every problem comes
in one report, each path pointing into the overlay
(``$.add_profiles[0] (DATA-ENG).competences[1].level``, ``$.set_levels['3.2']['B9']``): a record
that does not structure is reported and left out of the merge, and what it names is not
reported again as unknown (a family whose profiles it may move is not removed). A profile whose
competences change loses its provenance (Annex 1 row, evidence of the changed rows) and the
errata about it, each with a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs

from ..exceptions import CigrefEcfError, DataError, Problem
from .checks import check, default_locate, normalise, suggest, suggest_competence
from .levels import LevelRequirement
from .records import (
    CIGREF,
    CompetenceRequirement,
    Family,
    JobProfile,
    Meta,
    Nomenclature,
    normalize_competence_code,
    normalize_profile_code,
)
from .rules import Problems, code_shape, excerpt, excerpts

__all__ = ["BASES", "MAX_CHANGES", "Overlay", "apply_overlay", "is_overlay"]

BASES = ("cigref", "e-cf")
"""What an overlay may name as its base."""

MAX_CHANGES = 10_000
"""The most items one section of an overlay may hold."""

_RECORDS: dict[str, type[Family] | type[JobProfile]] = {
    "add_families": Family,
    "add_profiles": JobProfile,
    "replace_profiles": JobProfile,
}
_CODES = ("remove_families", "remove_profiles")
_TITLES = ("rename_families", "rename_profiles")


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
    rename_families: dict[str, str] = attrs.field(factory=dict)
    """Family code -> its new title."""
    remove_families: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    """Codes of base families to remove, applied last: by then a family must hold no profile."""
    add_profiles: tuple[JobProfile, ...] = attrs.field(default=(), converter=_profiles)
    """New profiles (a code the base has is an error: use ``replace_profiles``)."""
    replace_profiles: tuple[JobProfile, ...] = attrs.field(default=(), converter=_profiles)
    """Profiles that take the place of the base's profile of the same code."""
    remove_profiles: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    """Codes of base profiles to remove."""
    rename_profiles: dict[str, str] = attrs.field(factory=dict)
    """Profile code -> its new title."""
    set_levels: dict[str, dict[str, LevelRequirement | None]] = attrs.field(factory=dict)
    """Profile code -> competence code -> its new required level (``"3"``, ``"2-4"``), or
    null to remove the requirement."""


@attrs.define
class _Reading:
    """What structuring an overlay found out besides the :class:`Overlay` itself."""

    positions: dict[str, list[int]] = attrs.field(factory=dict)
    """Section -> the index in the file of each item that structured."""
    families: set[str] = attrs.field(factory=set)
    """Codes of ``add_families`` records that did not structure."""
    profiles: set[str] = attrs.field(factory=set)
    """Codes of ``add_profiles`` and ``replace_profiles`` records that did not structure."""
    moves: dict[str, tuple[str, str | None]] = attrs.field(factory=dict)
    """Upper-case code of such a profile record -> (its code, the upper-case family it names,
    or None when that is unreadable)."""
    mergeable: bool = True
    """False when the base or a whole section of records is unreadable: no merge then."""

    def broken(self, item: object) -> None:
        """Remember what a profile or family record that did not structure names."""
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            return
        code = normalize_profile_code(item["code"])
        family = item.get("family")
        self.moves[code.upper()] = (code, family.upper() if isinstance(family, str) else None)


def is_overlay(data: object) -> bool:
    """Whether parsed JSON is an overlay (an object with a ``"base"`` key)."""
    return isinstance(data, dict) and "base" in data


def _key(path: str, key: object) -> str:
    """The path of an object's entry: ``$.set_levels['3.2']`` (as cattrs writes it)."""
    return f"{path}[{excerpt(key, 40)}]"


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
    problems = Problems()
    overlay, reading = _structure(data, problems)
    if overlay is None or problems.full:
        _raise_if_any(problems, data, source)
    assert overlay is not None
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
    merger = _Merger(base, reading, problems, kept_notes)
    merged = merger.merge(overlay)
    origin = merger.origin

    def locate(section: str, index: int, code: str) -> str:
        return origin.get((section, code)) or f"{default_locate(section, index, code)} (base)"

    if merged is not None:
        merged = normalise(merged, kept_notes, locate)
        if not problems.full:
            known = {"families": reading.families, "profiles": reading.profiles}
            check(merged, problems, locate=locate, also_known=known)
    _raise_if_any(problems, data, source)
    assert merged is not None
    if notes is not None:
        notes.extend(kept_notes.problems())
    return merged


_SECTION = re.compile(r"\$\.(\w+)(?:\[(\d+|'[^'\\]*')\])?")


def _raise_if_any(problems: Problems, data: dict[str, Any], source: str | None) -> None:
    """Raise :class:`DataError` with the problems in the order of the file: by section as the
    file has them, then by item (problems of the base's data last)."""
    if not problems:
        return
    sections = {name: k for k, name in enumerate(data)}
    entries = {
        (name, repr(key)): k
        for name, value in data.items()
        if isinstance(value, dict)
        for k, key in enumerate(value)
    }

    def position(p: Problem) -> tuple[int, int]:
        match = _SECTION.match(p.path)
        if match is None:
            return (-1, 0)
        name, item = match.groups()
        if item is None:
            index = 0
        elif item.isdigit():
            index = int(item)
        else:
            index = entries.get((name, item), 0)
        return (sections.get(name, len(sections)), index)

    ordered = sorted(problems.problems(), key=position)
    raise DataError(ordered, source, omitted=problems.omitted)


# ---------------------------------------------------------------------------- structure


def _structure(data: dict[str, Any], problems: Problems) -> tuple[Overlay | None, _Reading]:
    """The overlay's parts that structure, each problem of the others recorded: a section at a
    time, an item or an entry at a time, so that one mistake hides no other."""
    from .converter import extra_fields, item_label, structure_one

    reading = _Reading()
    extra_fields(data, [f.name for f in attrs.fields(Overlay)], problems)
    base = data.get("base")
    if base not in BASES:
        problems.add("$.base", f"unknown base {excerpt(base)}; expected 'cigref' or 'e-cf'")
        reading.mergeable = False

    def section(name: str, kind: type[list[Any]] | type[dict[str, Any]]) -> Any:
        raw = data.get(name, kind())
        if not isinstance(raw, kind):
            noun = "a list" if kind is list else "an object"
            got = "null" if raw is None else type(raw).__name__
            problems.add(f"$.{name}", f"expected {noun}, got {got}")
            return None
        if len(raw) > MAX_CHANGES:
            problems.add(f"$.{name}", f"{len(raw)} items, over the limit of {MAX_CHANGES}")
            return None
        return raw

    def unchecked(name: str, done: int, size: int) -> bool:
        if problems.full:  # stop: the rest is only counted as "more"
            problems.add(f"$.{name}", f"items {done} to {size - 1} not checked")
        return problems.full

    parts: dict[str, Any] = {}
    for name, cls in _RECORDS.items():
        raw, made, reading.positions[name] = section(name, list), [], []
        if raw is None:
            reading.mergeable = False
        for i, item in enumerate(raw or ()):
            if unchecked(name, i, len(raw)):
                break
            one = structure_one(item, cls, item_label(name, i, item), problems)
            if one is not None:
                made.append(one)
                reading.positions[name].append(i)
            elif name == "add_families":
                code = item.get("code") if isinstance(item, dict) else None
                if isinstance(code, str):
                    reading.families.add(normalize_profile_code(code))
            else:
                reading.broken(item)
        parts[name] = made
    reading.profiles = {code for code, _ in reading.moves.values()}
    for name in _CODES:
        raw, codes, reading.positions[name] = section(name, list), [], []
        for i, item in enumerate(raw or ()):
            if unchecked(name, i, len(raw)):
                break
            code = structure_one(item, str, f"$.{name}[{i}]", problems)
            if code is not None:
                codes.append(code)
                reading.positions[name].append(i)
        parts[name] = codes
    for name in _TITLES:
        raw = section(name, dict) or {}
        parts[name] = {}
        for code, title in raw.items():
            text = structure_one(title, str, _key(f"$.{name}", code), problems)
            if text is not None:
                parts[name][code] = text
    parts["set_levels"] = {}
    for code, changes in (section("set_levels", dict) or {}).items():
        where = _key("$.set_levels", code)
        if not isinstance(changes, dict):
            problems.add(where, f"expected an object (competence -> level), got {excerpt(changes)}")
            continue
        levels: dict[str, LevelRequirement | None] = {}
        for comp, value in changes.items():
            if value is None:
                levels[comp] = None
                continue
            level = structure_one(value, LevelRequirement, _key(where, comp), problems)
            if level is not None:
                levels[comp] = level
        parts["set_levels"][code] = levels
    meta = data.get("meta")
    if meta is not None:
        meta = structure_one(meta, Meta, "$.meta", problems)
    if not reading.mergeable:
        return None, reading
    return Overlay(base=str(base), meta=meta, **parts), reading


# ---------------------------------------------------------------------------- merge


class _Merger:
    """One merge of an overlay onto a base: the state its steps share."""

    def __init__(
        self, base: Nomenclature, reading: _Reading, problems: Problems, notes: Problems
    ) -> None:
        self.base, self.reading, self.problems, self.notes = base, reading, problems, notes
        self.origin: dict[tuple[str, str], str] = {}
        """(section, code) -> the path in the overlay of the record it comes from."""
        self.profiles = {p.code: p for p in base.profiles}
        self.by_upper = {code.upper(): code for code in self.profiles}
        self.families = {f.code: f for f in base.families}
        self.base_families = {code.upper(): code for code in self.families}
        self.gone: dict[tuple[str, str], str] = {}
        """(section, code) of what was removed -> the path that removed it."""
        self.added: dict[tuple[str, str], str] = {}
        """(section, upper-case code) of what was added -> the path that added it."""
        self.dropped_errata: set[str] = set()
        self.dropped_annex1: list[tuple[str, str]] = []  # (where, profile): said in one note
        self.order = {c.code: k for k, c in enumerate(base.competences)}

    def at(self, name: str, k: int, code: str | None = None) -> str:
        where = f"$.{name}[{self.reading.positions[name][k]}]"
        return where if code is None else f"{where} ({code})"

    def merge(self, overlay: Overlay) -> Nomenclature | None:
        self.profile_changes(overlay)
        for code, title in overlay.rename_families.items():
            found = self.family(code, _key("$.rename_families", code), "rename")
            if found is not None:
                self.families[found] = attrs.evolve(self.families[found], title=title)
        self.additions(overlay)
        new_families = self.family_lists(overlay.remove_families)
        return self.assemble(overlay, new_families)

    # --------------------------------------------------------------- lookups

    def profile(self, code: str, path: str, verb: str) -> str | None:
        found = self.by_upper.get(normalize_profile_code(code).upper())
        if found is not None and ("profiles", found) in self.gone:
            removed_by = self.gone["profiles", found]
            self.problems.add(path, f"cannot {verb} {excerpt(code)}: {removed_by} removes it")
            return None
        if found is None or found not in self.profiles:
            hint = suggest(code, self.profiles)
            more = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
            self.problems.add(
                path, f"cannot {verb} {excerpt(code)}: the base has no such profile{more}"
            )
            return None
        return found

    def family(self, code: str, path: str, verb: str) -> str | None:
        key = normalize_profile_code(code).upper()
        found = self.base_families.get(key)
        if found is not None and ("families", found) in self.gone:
            removed_by = self.gone["families", found]
            self.problems.add(path, f"cannot {verb} {excerpt(code)}: {removed_by} removes it")
            return None
        if found is not None:
            return found
        known = list(self.base_families.values())
        if ("families", key) in self.added:
            why = f"it is not a family of the base ({self.added['families', key]} adds it)"
        elif not known:
            why = "the base has no families"
        else:
            hint = suggest(code, known)
            more = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
            why = f"the base has no such family (its families: {excerpts(known)}){more}"
        self.problems.add(path, f"cannot {verb} {excerpt(code)}: {why}")
        return None

    # --------------------------------------------------------------- steps

    def profile_changes(self, overlay: Overlay) -> None:
        for k, code in enumerate(overlay.remove_profiles):
            path = self.at("remove_profiles", k)
            found = self.profile(code, path, "remove")
            if found is not None:
                del self.profiles[found]
                self.gone["profiles", found] = path
                self.dropped_errata.add(found)
        for k, p in enumerate(overlay.replace_profiles):
            where = self.at("replace_profiles", k, p.code)
            found = self.profile(p.code, f"{where}.code", "replace")
            if found is not None:
                self.profiles[found] = attrs.evolve(p, code=found)
                self.origin["profiles", found] = where
                self.dropped_errata.add(found)
        for code, title in overlay.rename_profiles.items():
            found = self.profile(code, _key("$.rename_profiles", code), "rename")
            if found is not None:
                self.profiles[found] = attrs.evolve(self.profiles[found], title=title)
        for code, changes in overlay.set_levels.items():
            where = _key("$.set_levels", code)
            found = self.profile(code, where, "change the levels of")
            if found is not None:
                self.origin["profiles", found] = f"{where} ({found})"
                self.profiles[found] = self.set_levels(self.profiles[found], changes, where)

    def set_levels(
        self, p: JobProfile, changes: dict[str, LevelRequirement | None], where: str
    ) -> JobProfile:
        reqs = {r.competence: r for r in p.competences}
        for key, level in changes.items():
            code = normalize_competence_code(key)
            path = _key(where, key)
            if code not in self.order:
                hint = suggest_competence(code, self.order)
                more = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
                self.problems.add(path, f"unknown competence {excerpt(key)}{more}")
            elif level is None:
                if reqs.pop(code, None) is None:
                    self.problems.add(
                        path, f"profile {p.code} does not require {code}: nothing to remove"
                    )
            elif code not in reqs or reqs[code].level != level:  # the same level keeps evidence
                reqs[code] = CompetenceRequirement(competence=code, level=level)
        last = len(self.order)
        new = tuple(sorted(reqs.values(), key=lambda r: self.order.get(r.competence, last)))
        if new == p.competences:
            return p
        if p.annex1 is not None:
            self.dropped_annex1.append((where, p.code))
        self.dropped_errata.add(p.code)
        return attrs.evolve(p, competences=new, annex1=None)

    def additions(self, overlay: Overlay) -> None:
        for k, f in enumerate(overlay.add_families):
            where = self.at("add_families", k, f.code)
            key = f.code.upper()
            if ("families", key) in self.added:
                self.problems.add(
                    f"{where}.code",
                    f"family {f.code} is already added by {self.added['families', key]}",
                )
                continue
            if key in self.base_families:
                self.problems.add(f"{where}.code", f"family {f.code} is already in the base")
                continue
            self.added["families", key] = where
            self.origin["families", f.code] = where
            self.families[f.code] = f
        for k, p in enumerate(overlay.add_profiles):
            where = self.at("add_profiles", k, p.code)
            key = p.code.upper()
            if ("profiles", key) in self.added:
                already = f"already added by {self.added['profiles', key]}"
            elif key in self.by_upper and self.by_upper[key] in self.profiles:
                already = "already in the base: use replace_profiles to change it"
            else:
                self.by_upper[key] = p.code
                self.profiles[p.code] = p
                self.origin["profiles", p.code] = where
                self.added["profiles", key] = where
                continue
            self.problems.add(f"{where}.code", f"profile {p.code} is {already}")

    def family_lists(self, remove: tuple[str, ...]) -> list[Family]:
        """The families that remain, each listing its profiles: the base's keep the ones still
        theirs, in order, an added family keeps its own list (checked later); the others join."""
        listed: dict[str, list[str]] = {}
        for p in self.profiles.values():
            listed.setdefault(p.family.upper(), []).append(p.code)
        for k, code in enumerate(remove):
            path = self.at("remove_families", k)
            found = self.family(code, path, "remove")
            if found is not None and self.emptied(found, listed.get(found.upper(), []), path):
                del self.families[found]
                self.gone["families", found] = path
        out = []
        for f in self.families.values():
            if ("families", f.code.upper()) in self.added:
                keep = list(f.profiles)
            else:
                keep = [
                    c
                    for c in f.profiles
                    if c in self.profiles and self.profiles[c].family.upper() == f.code.upper()
                ]
            have = {c.upper() for c in keep}
            members = (*keep, *(c for c in listed.get(f.code.upper(), []) if c.upper() not in have))
            out.append(f if members == f.profiles else attrs.evolve(f, profiles=members))
        return out

    def emptied(self, family: str, members: list[str], path: str) -> bool:
        """Whether ``family`` holds no profile once the other changes are made; if it still
        does, the problem. A profile record that did not structure counts by the family it
        names; one about a profile of the family keeps it (that record's problems are
        reported)."""
        moves = self.reading.moves
        still = [c for c in members if c.upper() not in moves]
        still += [code for code, named in moves.values() if named == family.upper()]
        if still:
            self.problems.add(
                path,
                f"cannot remove family {family}: it still has profiles {excerpts(still)} after "
                "the other changes; remove them (remove_profiles) or move them to another "
                "family (replace_profiles)",
            )
            return False
        # A record with problems was to move one of its profiles: until it is put right, the
        # base's profile is still there, in the family.
        return not any(c.upper() in moves for c in members)

    def assemble(self, overlay: Overlay, families: list[Family]) -> Nomenclature | None:
        base = self.base
        if len(self.dropped_annex1) == 1:
            where, code = self.dropped_annex1[0]
            self.notes.add(
                where, f"provenance of profile {code} (Annex 1 row) dropped: its levels changed"
            )
        elif self.dropped_annex1:
            codes = excerpts(code for _, code in self.dropped_annex1)
            self.notes.add(
                "$.set_levels",
                f"provenance of {len(self.dropped_annex1)} profiles ({codes}; their Annex 1 "
                "rows) dropped: their levels changed",
            )
        errata = tuple(e for e in base.errata if e.profile not in self.dropped_errata)
        if len(errata) < len(base.errata):
            self.notes.add(
                "$",
                f"{len(base.errata) - len(errata)} errata about changed or removed profiles "
                "dropped (they are provenance of the CIGREF source)",
            )
        meta = base.meta
        if overlay.meta is not None:
            given = {
                f.name: getattr(overlay.meta, f.name)
                for f in attrs.fields(Meta)
                if getattr(overlay.meta, f.name) not in ("", None)
            }
            meta = attrs.evolve(meta, **given)
        # CIGREF's rules hold only if the result still follows them (codes N.M, families 1-7,
        # each profile in the family its code starts with); a company's changes may not.
        profiles = self.profiles.values()
        shapes_ok = (
            all(code_shape("cigref profile", p.code) for p in profiles)
            and all(code_shape("cigref family", f.code) for f in families)
            and all(p.code.startswith(f"{p.family}.") for p in profiles)
        )
        if meta.convention == CIGREF and not shapes_ok:
            meta = attrs.evolve(meta, convention=None)
        try:
            return attrs.evolve(
                base,
                meta=meta,
                families=tuple(families),
                profiles=tuple(self.profiles.values()),
                errata=errata,
            )
        except (TypeError, ValueError, CigrefEcfError) as exc:  # pragma: no cover - typed input
            self.problems.add("$", str(exc))
            return None
