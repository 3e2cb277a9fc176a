"""Hostile input: what an adversary can hand the library and the CLI (issue 18).

Each heavy case runs in a child process under a memory cap (``RLIMIT_AS``) and a CPU-time cap
(``RLIMIT_CPU``), with a wall-clock timeout on top (see :mod:`tests.hostile.child`): a
regression to quadratic work or to unbounded memory fails the case instead of hanging the suite.
The caps are safety nets set far above what a linear implementation needs, not timings (speed
targets live in ``benchmarks/``).
"""
