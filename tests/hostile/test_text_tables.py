"""Text tables read as written, or refused with a reason: UTF-16 (Excel's "Unicode text"), files
mixing UTF-8 and Windows-1252 lines, rows pasted with another delimiter, apostrophes typed in a
title, a blank level on the first headerless line. Nothing is guessed line by line."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf._model.rules import decode
from cigref_ecf._read.tables import read_table, restore_cell, safe_cell
from cigref_ecf.exceptions import DataError, InvalidAssessmentError

TEAM = "person\tcompetence\tlevel\r\nJosé\tB1\t3\r\nZoë\tB3\t2\r\n"


def _problems(data: bytes, **kwargs: object) -> list[str]:
    with pytest.raises(DataError) as info:
        read_table(data, name="team.csv", **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_its_mark_is_read_as_utf16(codec: str) -> None:
    data = TEAM.encode(codec)
    if codec != "utf-16":
        data = ("\ufeff" + TEAM).encode(codec)  # the byte-order mark Excel writes
    assert read_table(data, name="team.txt") == read_table(TEAM.encode(), name="team.txt")
    team = cigref_ecf.read_assessments(data)
    assert list(team.people) == ["José", "Zoë"]


def test_utf16_without_a_mark_or_where_json_is_read_is_an_encoding_problem() -> None:
    assert _problems(TEAM.encode("utf-16-le")) == [
        "$: starts with a NUL character: UTF-16 text without a byte-order mark? (save it as "
        "CSV UTF-8)"
    ]
    with pytest.raises(DataError, match=r"\$: UTF-16-LE text \(its byte-order mark says so\)"):
        decode('{"B1": 3}'.encode("utf-16"))
    with pytest.raises(InvalidAssessmentError, match="UTF-16-LE text"):
        cigref_ecf.Assessment.from_json('{"B1": 3}'.encode("utf-16"))  # type: ignore[arg-type]
    assert "not UTF-16-LE text (bytes at offset" in _problems(b"\xff\xfea\x00\x00\xd8")[0]


def test_a_file_mixing_utf8_and_windows_1252_is_refused_naming_lines() -> None:
    data = "person;level\nJosé;3\n".encode() + "Zoé;2\n".encode("cp1252")
    assert _problems(data) == [
        "line 3: mixes encodings: line 2 is UTF-8 and line 3 is not (byte 0xe9); save the file "
        "in one encoding (CSV UTF-8) so that no line is read as Windows-1252"
    ]
    first = "Zoé;2\n".encode("cp1252") + "José;3\n".encode()
    assert _problems(b"person;level\n" + first)[0].startswith("line 2: mixes encodings: line 3")
    with_bom = "\ufeffperson;level\n".encode() + "Zoé;2\n".encode("cp1252")
    assert "line 1 is UTF-8 and line 2 is not" in _problems(with_bom)[0]


@given(
    st.lists(
        st.text(st.characters(codec="cp1252", exclude_characters='\0\r\n";,\t')),
        min_size=1,
        max_size=5,
    )
)
def test_one_encoding_reads_the_same_table(titles: list[str]) -> None:
    """A table wholly in UTF-8 and the same wholly in Windows-1252 read the same, unless a line's
    Windows-1252 bytes happen to be UTF-8 too (``Â`` then a symbol: ``ÂŒ`` is C2 8C), which is
    then taken for UTF-8 (and the file for a mix, or UTF-8)."""
    text = "code;title\n" + "".join(f"X.{i};{t}\n" for i, t in enumerate(titles))
    for line in text.encode("cp1252").split(b"\n"):
        with contextlib.suppress(UnicodeDecodeError):
            assume(line.isascii() or not line.decode("utf-8"))
    assert read_table(text.encode("cp1252"), format="csv") == read_table(
        text.encode(), format="csv"
    )


def test_a_row_with_another_delimiter_is_refused() -> None:
    data = b"person;competence;level\nana;B1;3\nbo,B3,2\nzoe;B3;\ncy\tB1\t4\n"
    assert _problems(data) == [
        "row 3: 1 cell where the header has 3, holding ',': a row separated by ',' in a table "
        "separated by ';' (one delimiter per file)",
        "row 5: 1 cell where the header has 3, holding '\\t': a row separated by '\\t' in a "
        "table separated by ';' (one delimiter per file)",
    ]
    with pytest.raises(InvalidAssessmentError, match="row 3: 1 cell where the header has 3"):
        cigref_ecf.read_assessments(data)
    # a comma inside a cell of a full row is text
    full = read_table(b"code;title\nX.1;Chef de projet, MOA\n", format="csv")
    assert full.rows == [(2, ("X.1", "Chef de projet, MOA"))]


def test_an_apostrophe_typed_in_a_title_is_kept() -> None:
    sheet = b"profile,title,family,B1\nDATA-1,'Chef de projet,1,3\nDATA-2,'=x,1,2\nDATA-3,''q,1,2\n"
    n = cigref_ecf.read_matrix(sheet, format="csv")
    titles = {p.code: p.title for p in n.profiles if p.code.startswith("DATA")}
    assert titles == {"DATA-1": "'Chef de projet", "DATA-2": "=x", "DATA-3": "'q"}


@given(st.text(max_size=20))
def test_restoring_undoes_the_escape_and_nothing_else(text: str) -> None:
    assert restore_cell(str(safe_cell(text))) == text
    if not text.startswith("'") or not text[1:2] or text[1] not in "=+-@\t\r'":
        assert restore_cell(text) == text


def test_a_blank_level_on_the_first_headerless_line_is_not_assessed() -> None:
    assert cigref_ecf.Assessment.from_csv("B1,\nB3,3\n") == cigref_ecf.Assessment.from_csv(
        "B3,3\nB1,\n"
    )
    team = cigref_ecf.read_assessments(b"B1,\nB3,3\n", format="csv")
    assert [dict(a.levels) for a in team.people.values()] == [{"B3": 3}]
