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

MEMORY = 1 << 30
"""Address-space cap of a child process (1 GiB; importing pandas and numpy needs ~0.5 GiB)."""
CPU_SECONDS = 30
"""CPU-time cap of a child process; linear work on the largest accepted input needs < 3 s."""
WALL_SECONDS = 120
"""Wall-clock cap (generous: the CI machine may be shared)."""


def _limits(memory: int, cpu: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    return apply


def run_capped(
    argv: Sequence[str],
    *,
    stdin: bytes | int | None = None,
    memory: int = MEMORY,
    cpu: int = CPU_SECONDS,
    **kwargs: Any,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``argv`` under the caps; stdout and stderr are captured as bytes (unless redirected
    in ``kwargs``). A child that runs out of CPU time dies of SIGXCPU (a negative return code);
    one that runs out of memory raises MemoryError (a traceback on stderr)."""
    options: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    if isinstance(stdin, bytes):
        options["input"] = stdin
    elif stdin is not None:
        options["stdin"] = stdin
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    return subprocess.run(
        list(argv),
        preexec_fn=_limits(memory, cpu),  # only setrlimit, before exec
        timeout=WALL_SECONDS,
        check=False,
        env=env,
        **options,
    )


def run_python(code: str, **kwargs: Any) -> Any:
    """Run ``code`` in a capped child; it must print one JSON value last, which is returned.

    The code runs after ``import cigref_ecf``, with ``json`` imported; a failure of the child
    (non-zero status, a signal, no JSON) fails the calling test with the child's stderr.
    """
    prelude = "import json, sys\nimport cigref_ecf\n"
    result = run_capped([sys.executable, "-c", prelude + textwrap.dedent(code)], **kwargs)
    stderr = result.stderr.decode("utf-8", "replace")[-3000:]
    assert result.returncode == 0, f"child failed ({result.returncode}):\n{stderr}"
    lines = result.stdout.decode("utf-8").strip().splitlines()
    assert lines, f"child printed nothing:\n{stderr}"
    return json.loads(lines[-1])


def cli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """The ``cigref-ecf`` command line in a capped child."""
    return run_capped([sys.executable, "-m", "cigref_ecf", *args], **kwargs)
