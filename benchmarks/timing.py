"""How benchmarks time things: fresh interpreters (wall time, peak memory, ``-X importtime``)
and in-process calls (calibrated micro-benchmarks, one-shot timings)."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.core import ROOT, Config, Stats, fmt_value

Command = list[str]

PYCACHE: dict[str, str] = {}


def child_env() -> dict[str, str]:
    """The environment of every child: bytecode cached (as after a pip install), in a private
    directory (``PYTHONPYCACHEPREFIX``) so that nothing is written into the source tree."""
    env = dict(os.environ)
    for name in (
        "PYTHONSTARTUP",
        "PYTHONPROFILEIMPORTTIME",
        "PYTHONTRACEMALLOC",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    if "prefix" in PYCACHE:
        env["PYTHONPYCACHEPREFIX"] = PYCACHE["prefix"]
    return env


def run_command(cmd: Command, *, capture: bool = False) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        cmd,
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{cmd!r} exited with {completed.returncode}: {completed.stderr[-2000:]}"
        )
    return completed


def timed_command(cmd: Command) -> float:
    start = time.perf_counter_ns()
    run_command(cmd)
    return (time.perf_counter_ns() - start) / 1e9


def interleaved(
    candidate: Callable[[], float], baseline: Callable[[], float], runs: int, warmups: int
) -> tuple[list[float], list[float]]:
    """Alternate candidate and baseline (ABBA...) so that drift hits both alike."""
    for _ in range(warmups):
        candidate()
        baseline()
    a: list[float] = []
    b: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            a.append(candidate())
            b.append(baseline())
        else:
            b.append(baseline())
            a.append(candidate())
    return a, b


def python(*args: str) -> Command:
    return [sys.executable, *args]


def child_json(code: str, *args: str) -> Any:
    """Run ``code`` in a fresh interpreter; it prints one JSON value on its last line."""
    out = run_command(python("-c", code, *args), capture=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def child_seconds(code: str, *args: str) -> float:
    return float(child_json(code, *args)) / 1e9


PEAK_REPORT = """
import json, sys
peak = None
try:
    with open("/proc/self/status", encoding="ascii") as stream:
        for line in stream:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) * 1024
except OSError:
    pass
if peak is None:
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = usage if sys.platform == "darwin" else usage * 1024
print(json.dumps(peak))
"""


def peak_rss_mib(code: str) -> float:
    """Peak resident set size of a fresh interpreter running ``code``.

    The child reports its own high-water mark, ``VmHWM`` of /proc/self/status (Linux), else
    ``ru_maxrss``. Not ``ru_maxrss`` seen from the parent (RUSAGE_CHILDREN, wait4): Linux
    carries the high-water mark of the forked copy of the parent across exec, so every child
    would look at least as big as this benchmark process.
    """
    return float(child_json(code + "\n" + PEAK_REPORT)) / 2**20


def importtime(args: Sequence[str], top: int = 10) -> dict[str, Any]:
    """The ``-X importtime`` report of a fresh interpreter: top imports by cumulative time."""
    err = run_command(python("-X", "importtime", *args), capture=True).stderr
    rows: list[dict[str, Any]] = []
    for line in err.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line[len("import time:") :].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        rows.append(
            {
                "module": parts[2].strip(),
                "self_s": int(parts[0]) / 1e6,
                "cumulative_s": int(parts[1]) / 1e6,
            }
        )
    rows.sort(key=lambda r: -r["cumulative_s"])
    return {
        "command": " ".join(["python", "-X", "importtime", *args]),
        "modules": len(rows),
        "total_s": sum(r["self_s"] for r in rows),
        "top": rows[:top],
        "names": sorted(r["module"] for r in rows),
    }


# ---------------------------------------------------------------------------- in-process timing


def per_call(fn: Callable[[], object], number: int) -> float:
    loop = range(number)
    start = time.perf_counter_ns()
    for _ in loop:
        fn()
    return (time.perf_counter_ns() - start) / 1e9 / number


def micro(fn: Callable[[], object], cfg: Config) -> Stats:
    """Per-call time: calibrate the calls per sample to ~sample_seconds, then take samples.

    The garbage collector is off while timing, as in ``timeit``.
    """
    fn()
    number = 1
    while True:
        elapsed = per_call(fn, number) * number
        if elapsed >= cfg.sample_seconds / 5 or number >= 10**7:
            break
        number *= 10
    number = max(1, round(number * cfg.sample_seconds / max(elapsed, 1e-9)))
    enabled = gc.isenabled()
    gc.disable()
    try:
        samples = [per_call(fn, number) for _ in range(cfg.samples)]
    finally:
        if enabled:
            gc.enable()
    return Stats.of(samples)


def each_fresh(setup: Callable[[], Any], fn: Callable[[Any], object], samples: int) -> Stats:
    """Time ``fn(setup())`` once per sample, ``setup`` untimed (for cold caches)."""
    times = []
    for _ in range(samples):
        value = setup()
        start = time.perf_counter_ns()
        fn(value)
        times.append((time.perf_counter_ns() - start) / 1e9)
    return Stats.of(times)


def once(fn: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    fn()
    return (time.perf_counter_ns() - start) / 1e9


def fewer_samples(cfg: Config, *, samples: int) -> Config:
    """``cfg`` with fewer samples (for the slower in-process benchmarks)."""
    return dataclasses.replace(cfg, samples=min(cfg.samples, samples))


def md_importtime(imports: dict[str, Any]) -> list[str]:
    lines = [
        "| Module (top 10 by cumulative import time) | Cumulative | Self |",
        "|---|---:|---:|",
    ]
    for row in imports["top"]:
        lines.append(
            f"| `{row['module']}` | {fmt_value(row['cumulative_s'], 's')} | "
            f"{fmt_value(row['self_s'], 's')} |"
        )
    lines += ["", "(`-X importtime` inflates times; compare the rows with each other.)", ""]
    return lines
