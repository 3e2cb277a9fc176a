"""The command line never prints a traceback, whatever its input or its output."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cigref_ecf import cli
from cigref_ecf._model.rules import MAX_BYTES

from .child import cli as run_cli
from .strategies import hostile_text

pytestmark = pytest.mark.slow

COMMANDS = [["profiles"], ["matrix", "--format", "csv"], ["errata", "--json"]]


def _clean(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert "internal error" not in text, text
    assert "Exception ignored" not in text, text
    return text


@pytest.mark.parametrize("args", COMMANDS)
def test_closed_stdout(args: list[str]) -> None:
    result = run_cli(*args, close_stdout=True)
    assert result.returncode == 1
    assert "standard output is closed" in _clean(result.stderr)


@pytest.mark.parametrize("args", COMMANDS)
def test_full_disk(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = run_cli(*args, stdout=full)
    assert result.returncode == 1
    assert "No space left on device" in _clean(result.stderr)


@pytest.mark.parametrize("args", COMMANDS)
def test_broken_pipe(args: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the first write fails with EPIPE
    try:
        result = run_cli(*args, stdout=writer)
    finally:
        os.close(writer)
    assert result.returncode == 0
    assert _clean(result.stderr) == ""


def test_closed_stderr_and_stdout_stay_silent() -> None:
    result = run_cli("profile", "9.9", close_stdout=True, stderr=subprocess.DEVNULL)
    assert result.returncode == 1


@pytest.mark.parametrize("command", [["rank", "-"], ["gap", "--profile", "3.2", "-"]])
def test_closed_stdin(command: list[str]) -> None:
    result = run_cli(*command, close_stdin=True)
    assert result.returncode == 1
    assert "standard input is closed" in _clean(result.stderr)


@pytest.mark.parametrize(
    "command", [["rank", "-"], ["gap", "--profile", "3.2", "-"], ["validate", "-"]]
)
def test_stdin_over_the_limit_stops_at_the_limit(command: list[str]) -> None:
    # 50 MB: the reader stops after MAX_BYTES + 1 and says so (the caps catch a full read).
    result = run_cli(*command, stdin=b"B1,3\n" * 10_000_000, memory=1 << 29, cpu=10)
    assert result.returncode == 1
    assert f"over the limit of {MAX_BYTES} bytes" in _clean(result.stderr) + result.stdout.decode()


@pytest.mark.parametrize("path", ["/dev/zero", "/proc/self/mem", "/nonexistent/x.json", "/"])
def test_strange_files(path: str) -> None:
    for command in (["validate", path], ["rank", path], ["gap", "--profile", "3.2", path]):
        result = run_cli(*command, memory=1 << 29, cpu=10)
        assert result.returncode == 1, (command, result)
        _clean(result.stderr)


def test_empty_nomenclature_file() -> None:
    result = run_cli("validate", "/dev/null")
    assert result.returncode == 1
    assert "not valid JSON" in result.stdout.decode()
    _clean(result.stderr)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"B1": "\xe9"}')
    for command in (["validate", str(path)], ["rank", str(path)]):
        result = run_cli(*command)
        assert result.returncode == 1
        _clean(result.stderr)


@contextlib.contextmanager
def _captured() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


_COMMAND_NAMES = [
    "profile", "competence", "profiles", "competences", "search", "matrix", "eqf", "gap",
    "rank", "validate", "errata",
]  # fmt: skip
_OPTIONS = ["--json", "--family", "--dimension", "--kind", "--limit", "--format", "--long",
            "--from-eqf", "--profile", "--competence", "-"]  # fmt: skip


@settings(max_examples=150)
@given(
    st.sampled_from(_COMMAND_NAMES),
    st.lists(st.one_of(st.sampled_from(_OPTIONS), hostile_text.filter(lambda t: "\0" not in t))),
)
def test_any_arguments_end_in_a_status_not_a_traceback(command: str, args: list[str]) -> None:
    """In process: every exit is a status 0, 1 or 2 (argparse's usage errors exit 2)."""
    with _captured() as (_, err):
        try:
            status = cli.main([command, *args])
        except SystemExit as stop:  # argparse: --help or a usage error
            status = stop.code if isinstance(stop.code, int) else 2
    assert status in (0, 1, 2)
    assert "internal error" not in err.getvalue()


@given(hostile_text)
def test_nul_and_hostile_paths(name: str) -> None:
    with _captured() as (_, err):
        status = cli.main(["validate", "nonexistent-dir/" + name])
    assert status == 1
    assert "internal error" not in err.getvalue()
