"""What a process and its children use, from /proc (Linux): CPU seconds of a process tree, and
the peak resident memory (``VmHWM``) of a process, which writing ``5`` to its ``clear_refs``
resets to the current size (Linux 4.0+), so that one measurement's peak is its own.

Elsewhere every function returns None (the scale benchmark then shows no CPU or memory)."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds: user + system, of the process and of its reaped children)."""
    try:
        text = (PROC / str(pid) / "stat").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    fields = text.rsplit(")", 1)[1].split()
    ticks = sum(int(x) for x in fields[11:15])
    return int(fields[1]), ticks / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The live descendants of ``pid`` (children, their children...)."""
    if not PROC.is_dir():
        return []
    parents: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            found = _stat(int(entry.name))
            if found is not None:
                parents.setdefault(found[0], []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def tree_cpu(pid: int | None = None) -> float | None:
    """CPU seconds used so far by ``pid`` (default: this process) and its live descendants
    (with the children they reaped)."""
    pid = os.getpid() if pid is None else pid
    found = _stat(pid)
    if found is None:
        return None
    return found[1] + sum((_stat(p) or (0, 0.0))[1] for p in descendants(pid))


def peak_mib(pid: int | None = None) -> float | None:
    """The peak resident memory of ``pid`` (default: this process) in MiB, since it started
    or since :func:`reset_peak`."""
    try:
        status = (PROC / str(pid or "self") / "status").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def reset_peak(pid: int | None = None) -> bool:
    """Reset the peak resident memory of ``pid`` (default: this process) to its current size."""
    try:
        (PROC / str(pid or "self") / "clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def command(pid: int) -> str:
    """The program a process runs (its ``comm``), or ``""``."""
    try:
        return (PROC / str(pid) / "comm").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
