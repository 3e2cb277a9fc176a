"""Run a hostile case in a child process with a memory and a time cap."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from cigref_ecf._model.rules import MAX_PROBLEMS

MEMORY = 1 << 30
"""Address-space cap of a child process (1 GiB; importing pandas and numpy needs ~0.5 GiB)."""
CPU_SECONDS = 30
"""CPU-time cap of a child process; linear work on the largest accepted input needs < 3 s."""
WALL_SECONDS = 120
"""Wall-clock cap (generous: the CI machine may be shared)."""


def _limits(memory: int, cpu: int, close: Sequence[int] = ()) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        for fd in close:
            os.close(fd)

    return apply


def run_capped(
    argv: Sequence[str],
    *,
    stdin: bytes | int | None = None,
    memory: int = MEMORY,
    cpu: int = CPU_SECONDS,
    close_stdin: bool = False,
    close_stdout: bool = False,
    **kwargs: Any,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``argv`` under the caps; stdout and stderr are captured as bytes (unless redirected
    in ``kwargs``). A child that runs out of CPU time dies of SIGXCPU (a negative return code);
    one that runs out of memory raises MemoryError (a traceback on stderr). ``close_stdin`` and
    ``close_stdout`` start the child with that descriptor closed (the shell's ``<&-``, ``>&-``).
    """
    close = [fd for fd, wanted in ((0, close_stdin), (1, close_stdout)) if wanted]
    options: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    if isinstance(stdin, bytes):
        options["input"] = stdin
    elif stdin is not None:
        options["stdin"] = stdin
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    return subprocess.run(
        list(argv),
        preexec_fn=_limits(memory, cpu, close),  # only setrlimit and close, before exec
        timeout=WALL_SECONDS,
        check=False,
        env=env,
        **options,
    )


HARNESS = """
import time
from cigref_ecf import CigrefEcfError
results = {}

def attempt(name, fn):
    print("case", name, file=sys.stderr, flush=True)  # the last one named is the culprit
    start = time.perf_counter()
    try:
        value = fn()
        outcome = {"value": repr(value)[:200]}
    except CigrefEcfError as exc:
        message = str(exc)
        outcome = {
            "error": type(exc).__name__,
            "message": message[:3000],
            "length": len(message),
            "problems": len(getattr(exc, "problems", ())),
            "omitted": getattr(exc, "omitted", 0),
        }
    except Exception as exc:  # anything else is a finding
        outcome = {"raw": f"{type(exc).__name__}: {str(exc)[:300]}"}
    outcome["seconds"] = round(time.perf_counter() - start, 3)
    results[name] = outcome

def done():
    print(json.dumps(results))
"""
"""Defines ``attempt(name, fn)`` (runs ``fn``, records its value, documented error or raw
exception) and ``done()`` (prints the results as the last JSON line) in a child."""

MAX_MESSAGE = 10_000
"""Longest error message a hostile input may produce: a summary and at most 20 problems (the
rest stay in ``.problems``), each quoting a short excerpt."""


def check_outcomes(results: dict[str, Any], expected: dict[str, str] | None = None) -> None:
    """No raw exception, short messages, capped problem lists, and the expected error class
    where one is named."""
    raw = {name: r["raw"] for name, r in results.items() if "raw" in r}
    assert not raw, f"raw exceptions: {raw}"
    long = {name: r["length"] for name, r in results.items() if r.get("length", 0) > MAX_MESSAGE}
    assert not long, f"messages over {MAX_MESSAGE} characters: {long}"
    many = {n: r["problems"] for n, r in results.items() if r.get("problems", 0) > MAX_PROBLEMS}
    assert not many, f"more than {MAX_PROBLEMS} problems kept: {many}"
    for name, error in (expected or {}).items():
        got = results[name].get("error", f"no error (value {results[name].get('value')})")
        assert got == error, f"{name}: expected {error}, got {got}"


def run_python(code: str, **kwargs: Any) -> Any:
    """Run ``code`` in a capped child; it must print one JSON value last, which is returned.

    The code runs after ``import cigref_ecf``, with ``json`` imported and :data:`HARNESS`
    defined; a failure of the child
    (non-zero status, a signal, no JSON) fails the calling test with the child's stderr.
    """
    prelude = "import json, sys\nimport cigref_ecf\n" + HARNESS
    result = run_capped([sys.executable, "-c", prelude + textwrap.dedent(code)], **kwargs)
    stderr = result.stderr.decode("utf-8", "replace")[-3000:]
    assert result.returncode == 0, f"child failed ({result.returncode}):\n{stderr}"
    lines = result.stdout.decode("utf-8").strip().splitlines()
    assert lines, f"child printed nothing:\n{stderr}"
    return json.loads(lines[-1])


def cli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """The ``cigref-ecf`` command line in a capped child."""
    return run_capped([sys.executable, "-m", "cigref_ecf", *args], **kwargs)
