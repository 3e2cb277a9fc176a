"""``main()`` called in-process: ``--nomenclature`` never changes the process's default, so
threads running the command line at once each get their own nomenclature's answer."""

from __future__ import annotations

import contextlib
import io
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import cigref_ecf
from cigref_ecf.cli import main

from .test_company import OVERLAY


class _PerThreadStream:
    """A ``sys.stdout``/``sys.stderr`` that keeps what each thread writes apart."""

    def __init__(self) -> None:
        self._local = threading.local()

    def _buffer(self) -> io.StringIO:
        if not hasattr(self._local, "buffer"):
            self._local.buffer = io.StringIO()
        return self._local.buffer  # type: ignore[no-any-return]

    def write(self, text: str) -> int:
        return self._buffer().write(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def take(self) -> str:
        """What this thread wrote since the last call."""
        text = self._buffer().getvalue()
        self._local.buffer = io.StringIO()
        return text


@contextlib.contextmanager
def _per_thread_output() -> Iterator[tuple[_PerThreadStream, _PerThreadStream]]:
    out, err = _PerThreadStream(), _PerThreadStream()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


@contextlib.contextmanager
def _switching_often() -> Iterator[None]:
    """Threads take turns every few microseconds instead of every 5 ms: a race shows."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


@pytest.fixture
def company(tmp_path: Path) -> str:
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(OVERLAY, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _run(out: _PerThreadStream, err: _PerThreadStream, argv: list[str]) -> tuple[int, str, str]:
    status = main(argv)
    return status, out.take(), err.take()


def test_main_with_and_without_nomenclature_in_threads_at_once(company: str) -> None:
    # Each command's answer depends on the nomenclature: the overlay renames 3.2, removes 7.5,
    # adds the family DATA and changes 3.2's levels. The threads with --nomenclature run a
    # number of times; those without keep running until they are done, so that every moment
    # of theirs is covered.
    mine = [
        ["profile", "3.2", "--json", "--nomenclature", company],
        ["profiles", "--family", "DATA", "--nomenclature", company],
    ]
    bundled = [["profile", "3.2", "--json"], ["profile", "7.5"], ["matrix", "--format", "csv"]]
    commands = mine + bundled
    rounds = 20
    with _per_thread_output() as (out, err), _switching_often():
        expected = [_run(out, err, argv) for argv in commands]
        assert expected[0][1] != expected[2][1] and "DATA-ENG" in expected[1][1]
        assert expected[3][0] == 0 and expected[4][0] == 0
        start = threading.Barrier(len(commands))
        done = threading.Event()
        finished = threading.Barrier(len(mine), action=done.set)
        got: list[list[tuple[int, str, str]]] = [[] for _ in commands]
        failures: list[BaseException] = []

        def worker(index: int) -> None:
            try:
                start.wait(timeout=60)
                if index < len(mine):
                    for _ in range(rounds):
                        got[index].append(_run(out, err, commands[index]))
                    finished.wait(timeout=60)
                    return
                while not done.is_set():
                    got[index].append(_run(out, err, commands[index]))
            except BaseException as exc:  # reported below, not lost in the thread
                failures.append(exc)
                done.set()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(commands))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    for argv, answer, answers in zip(commands, expected, got, strict=True):
        assert answers, argv
        wrong = [a for a in answers if a != answer]
        assert wrong == [], (argv, len(wrong), len(answers))
    assert cigref_ecf.job_profile("7.5").code == "7.5"


def test_nomenclature_option_leaves_the_default_alone(
    company: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = cigref_ecf.load()
    assert main(["profile", "data-eng", "--nomenclature", company]) == 0
    assert capsys.readouterr().out.startswith("DATA-ENG  Data engineer")
    assert cigref_ecf.load() is bundled
    with pytest.raises(cigref_ecf.UnknownCodeError):
        cigref_ecf.job_profile("DATA-ENG")
    assert main(["profile", "data-eng"]) == 1
    assert "unknown job profile code: 'data-eng'" in capsys.readouterr().err
    # A file that does not load leaves it alone too.
    assert main(["profile", "3.2", "--nomenclature", company + ".missing"]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert cigref_ecf.load() is bundled


def test_per_thread_stream_keeps_threads_apart() -> None:
    # The harness above must not hide a mix-up by mixing outputs itself.
    stream = _PerThreadStream()
    seen: dict[str, str] = {}

    def write(name: str) -> None:
        stream.write(name)
        seen[name] = stream.take()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stream.write("main")
    assert seen == {"a": "a", "b": "b"} and stream.take() == "main"
