"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

from hypothesis import strategies as st

import cigref_ecf

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
