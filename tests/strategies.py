"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf import Difference

_N = cigref_ecf.load()

competence_codes = st.sampled_from([c.code for c in _N.competences])
profile_codes = st.sampled_from([p.code for p in _N.profiles])
level_numbers = st.integers(min_value=1, max_value=5)

requirements = st.frozensets(level_numbers, min_size=1).map(
    lambda levels: cigref_ecf.LevelRequirement(levels=levels)
)


@st.composite
def competence_spellings(draw: st.DrawFn) -> tuple[str, str]:
    """A competence code and one of its accepted spellings (case, spaces, a dot)."""
    code = draw(competence_codes)
    letter, number = code[0], code[1:]
    letter = draw(st.sampled_from([letter, letter.lower()]))
    sep = draw(st.sampled_from(["", ".", " ", ". "]))
    pad_left = draw(st.sampled_from(["", " ", "  ", "\t"]))
    pad_right = draw(st.sampled_from(["", " ", "\n"]))
    return code, f"{pad_left}{letter}{sep}{number}{pad_right}"


@st.composite
def assessments(draw: st.DrawFn, max_size: int = 12) -> cigref_ecf.Assessment:
    """A valid assessment: some competences, each at one of its applicable levels."""
    chosen = draw(
        st.lists(st.sampled_from(_N.competences), max_size=max_size, unique_by=lambda c: c.code)
    )
    return cigref_ecf.Assessment.from_mapping(
        {c.code: draw(st.sampled_from(c.applicable_levels)) for c in chosen}
    )


def _code(item: cigref_ecf.Family | cigref_ecf.Competence) -> str:
    return item.code


@st.composite
def overlays(draw: st.DrawFn) -> tuple[dict[str, Any], list[cigref_ecf.Difference]]:
    """A valid overlay on CIGREF and the differences :func:`cigref_ecf.diff` must list from the
    bundled nomenclature to its result, in diff's order.

    Families and profiles may be renamed and levels changed (what a spreadsheet says too); with
    probability one half, families are also added and removed (each removed family's profiles
    removed or moved to another family by ``replace_profiles``), profiles added and removed.
    """
    structural = draw(st.booleans())
    families = list(_N.families)
    gone_families = (
        draw(st.lists(st.sampled_from(families), max_size=2, unique_by=_code)) if structural else []
    )
    gone_codes = {f.code for f in gone_families}
    added = [
        {"code": f"NEW{k}", "title": f"New family {k}"}
        for k in range(draw(st.integers(0, 2)) if structural else 0)
    ]
    targets = [f.code for f in families if f.code not in gone_codes] + [a["code"] for a in added]
    renamed_families = {
        f.code: f"{f.title} (ours)"
        for f in families
        if f.code not in gone_codes and draw(st.booleans())
    }
    overlay: dict[str, Any] = {"base": "cigref"}
    remove: list[str] = []
    replace: list[dict[str, Any]] = []
    rename: dict[str, str] = {}
    set_levels: dict[str, dict[str, str | None]] = {}
    per_profile: dict[str, list[Any]] = {}
    order = {c.code: k for k, c in enumerate(_N.competences)}
    by_code = {c.code: c for c in _N.competences}
    for p in _N.profiles:
        if p.family in gone_codes:
            fate = draw(st.sampled_from(["remove", "move"]) if targets else st.just("remove"))
        else:
            fate = draw(st.sampled_from(["keep", "keep", "rename", "levels", "remove"]))
            if fate == "remove" and not structural:
                fate = "keep"
        if fate == "remove":
            remove.append(p.code)
            per_profile[p.code] = [Difference(kind="profile removed", profile=p.code, old=p.title)]
        elif fate == "move":
            to = draw(st.sampled_from(targets))
            reqs = [{"competence": r.competence, "level": str(r.level)} for r in p.competences]
            replace.append({"code": p.code, "family": to, "title": p.title, "competences": reqs})
            per_profile[p.code] = [
                Difference(kind="profile moved", profile=p.code, old=p.family, new=to)
            ]
        elif fate == "rename":
            rename[p.code] = f"{p.title} (ours)"
            per_profile[p.code] = [
                Difference(kind="profile renamed", profile=p.code, old=p.title, new=rename[p.code])
            ]
        elif fate == "levels":
            comps = draw(
                st.lists(st.sampled_from(_N.competences), min_size=1, max_size=3, unique_by=_code)
            )
            changes: dict[str, str | None] = {}
            have = {r.competence: str(r.level) for r in p.competences}
            left = len(have)
            diffs = []
            for c in sorted(comps, key=lambda c: order[c.code]):
                old = have.get(c.code)
                drop = old is not None and left > 1 and draw(st.booleans())
                new = (
                    None if drop else str(draw(st.sampled_from(by_code[c.code].applicable_levels)))
                )
                left -= drop
                changes[c.code] = new
                if old != new:
                    kind = "level changed"
                    if old is None or new is None:
                        kind = "level added" if old is None else "level removed"
                    diffs.append(
                        Difference(kind=kind, profile=p.code, competence=c.code, old=old, new=new)
                    )
            set_levels[p.code] = changes
            per_profile[p.code] = diffs
    new_profiles: list[dict[str, Any]] = []
    for k in range(draw(st.integers(0, 3)) if structural else 0):
        comp = draw(st.sampled_from(_N.competences))
        level = str(draw(st.sampled_from(comp.applicable_levels)))
        new_profiles.append(
            {
                "code": f"OUR-{k}",
                "family": draw(st.sampled_from(targets)),
                "title": f"Our profile {k}",
                "competences": [{"competence": comp.code, "level": level}],
            }
        )
    for key, value in (
        ("add_families", added),
        ("rename_families", renamed_families),
        ("remove_families", [f.code for f in gone_families]),
        ("add_profiles", new_profiles),
        ("replace_profiles", replace),
        ("remove_profiles", remove),
        ("rename_profiles", rename),
        ("set_levels", set_levels),
    ):
        if value:
            overlay[key] = value
    expected = []
    for f in families:
        if f.code in gone_codes:
            expected.append(Difference(kind="family removed", family=f.code, old=f.title))
        elif f.code in renamed_families:
            new_title = renamed_families[f.code]
            expected.append(
                Difference(kind="family renamed", family=f.code, old=f.title, new=new_title)
            )
    expected += [Difference(kind="family added", family=a["code"], new=a["title"]) for a in added]
    for p in _N.profiles:
        expected += per_profile.get(p.code, [])
    expected += [
        Difference(kind="profile added", profile=q["code"], new=q["title"]) for q in new_profiles
    ]
    return overlay, expected
