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
