"""The benchmark suite of cigref-ecf: one module per group of figures, one runner (``run.py``).

- ``core``: samples, statistics, metrics, goals, the configuration and the report.
- ``timing``: fresh interpreters (wall time, peak memory, import time) and in-process timing.
- ``bench_import``, ``bench_load``, ``bench_queries``, ``bench_batch``, ``bench_cli``: one group
  each, with ``TITLE``, ``run(report, cfg)`` and ``markdown(details)`` (its part of the page).
- ``report``: the machine, ``results.json`` and the results section of ``docs/benchmarks.md``.
"""
