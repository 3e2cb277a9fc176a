"""Hypothesis strategies for hostile input (shared by the hostile tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from cigref_ecf._read.tables import ESCAPE, FORMULA_STARTS

#: Any text, surrogates excluded (they cannot be written as UTF-8; parse_json refuses them).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)

#: Text that a spreadsheet would run, or that breaks a naive CSV writer.
formula_text = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from([*FORMULA_STARTS, ESCAPE, "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|"]),
    any_text,
)

#: Cells that break CSV: quotes, separators, bare CR, LF, NUL, BOM.
csv_breakers = st.text(
    st.sampled_from(list(",;\t\r\n\"' =+-@\x00\ufeffaé")), min_size=1, max_size=20
)

hostile_text = st.one_of(any_text, formula_text, csv_breakers)
