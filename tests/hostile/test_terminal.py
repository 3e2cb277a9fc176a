"""Output as injection: titles and person ids with escape sequences, newlines and bidirectional
overrides reach the terminal as visible escapes, never raw (no retitled window, no cleared
screen, no forged line of ``diff``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cigref_ecf
from cigref_ecf._model.rules import printable

from .child import cli

HOSTILE = "Chef\x1b]0;pwned\x07\x1b[2J\u202eevil\r\n+ profile added FAKE: forged"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _clean(text: bytes) -> str:
    decoded = text.decode("utf-8")
    assert RAW.search(decoded) is None, repr(decoded[:300])
    return decoded


@given(st.text())
def test_printable_leaves_no_control_and_keeps_printable_text(text: str) -> None:
    shown = printable(text)
    assert RAW.search(shown) is None
    assert "\n" not in shown
    if text.isprintable():
        assert shown == text


def test_a_difference_is_one_line() -> None:
    base = cigref_ecf.load()
    other = cigref_ecf.load_json(
        cigref_ecf.to_json(base).replace('"Consultant en systèmes', '"Con\\nsultant\\u001b[31m', 1)
    )
    lines = [str(d) for d in cigref_ecf.diff(base, other)]
    assert any("Con\\nsultant\\x1b[31m" in line for line in lines)
    assert all("\n" not in line and "\x1b" not in line for line in lines)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    title = HOSTILE.replace('"', '""')
    (folder / "m.csv").write_text(f'profile,title,family,B1\nDATA-1,"{title}",1,3\n')
    result = cli("import", str(folder / "m.csv"), "-o", str(folder / "ov.json"))
    assert result.returncode == 0, result.stderr
    (folder / "team.csv").write_text('person,competence,level\n"\x1b]8;;http://x\x07ana",B1,3\n')
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["diff", "cigref", "{ov}"],
        ["--nomenclature", "{ov}", "profile", "DATA-1"],
        ["--nomenclature", "{ov}", "profiles"],
        ["--nomenclature", "{ov}", "search", "Chef"],
        ["rank", "{team}", "--limit", "2"],
        ["gap", "{team}", "--profile", "3.2"],
        ["--nomenclature", "{ov}", "rank", "{team}", "--limit", "1"],
    ],
)
def test_the_command_line_shows_escapes(hostile: Path, args: list[str]) -> None:
    paths = {"ov": str(hostile / "ov.json"), "team": str(hostile / "team.csv")}
    result = cli(*(a.format(**paths) for a in args))
    assert result.returncode == 0, result.stderr
    out = _clean(result.stdout)
    _clean(result.stderr)
    assert "FAKE" not in out or "\\n+ profile added FAKE" in out  # never a line of its own
    assert not any(line.startswith("+ profile added FAKE") for line in out.splitlines())


@pytest.mark.slow
def test_error_messages_show_escapes(hostile: Path) -> None:
    bad = hostile / "bad.csv"
    bad.write_text('person,competence,level\n"\x1b[2Jzoe",B1,9\n"\x1b[2Jzoe",B1,3\n')
    result = cli("rank", str(bad))
    assert result.returncode == 1
    _clean(result.stderr)
