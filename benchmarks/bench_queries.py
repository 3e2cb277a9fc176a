"""Queries, one call in process: lookups, search, the matrix, gap and ranking of one person."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench_load import bundled_path
from benchmarks.core import Config, Goal, Metric, Report, fmt_value
from benchmarks.timing import each_fresh, fewer_samples, micro

TITLE = "Queries (one call, in process)"


def run(report: Report, cfg: Config) -> None:
    print("queries", flush=True)
    import cigref_ecf as ce

    ce.load()
    text = Path(bundled_path()).read_text(encoding="utf-8")
    lookup_goal = Goal("< 1 µs", median_max=1e-6)
    gap_goal = Goal("< 50 µs", median_max=50e-6)

    def noop() -> None:
        return None

    overhead = micro(noop, cfg)
    report.extra["call_overhead_s"] = overhead.median
    lookups: list[tuple[str, str, Callable[[], object]]] = [
        ("lookup.competence", 'competence("B3")', functools.partial(ce.competence, "B3")),
        (
            "lookup.competence_tolerant",
            'competence(" b.3 ") (tolerant spelling)',
            functools.partial(ce.competence, " b.3 "),
        ),
        ("lookup.job_profile", 'job_profile("3.2")', functools.partial(ce.job_profile, "3.2")),
        (
            "lookup.get_competence",
            'get_competence("B3")',
            functools.partial(ce.get_competence, "B3"),
        ),
        (
            "lookup.get_job_profile",
            'get_job_profile("3.2")',
            functools.partial(ce.get_job_profile, "3.2"),
        ),
        ("lookup.family", "family(3)", functools.partial(ce.family, 3)),
        ("lookup.level", "level(3)", functools.partial(ce.level, 3)),
    ]
    for metric_id, name, fn in lookups:
        report.add(
            Metric(
                id=metric_id,
                group="queries",
                name=name,
                unit="s",
                stats=micro(fn, cfg),
                goal=lookup_goal,
            )
        )

    def fresh() -> Any:
        return ce.load_json(text)

    slow_cfg = fewer_samples(cfg, samples=9)
    for metric_id, name, fn in [
        ("search.word", 'search("developpeur")', functools.partial(ce.search, "developpeur")),
        ("search.acronym", 'search("RSSI")', functools.partial(ce.search, "RSSI")),
        ("search.code", 'search("B3")', functools.partial(ce.search, "B3")),
    ]:
        report.add(
            Metric(id=metric_id, group="queries", name=name, unit="s", stats=micro(fn, slow_cfg))
        )
    report.add(
        Metric(
            id="search.cold",
            group="queries",
            name='search("developpeur"), first call (builds the index)',
            unit="s",
            stats=each_fresh(
                fresh, lambda x: ce.search("developpeur", nomenclature=x), slow_cfg.samples
            ),
        )
    )
    report.add(
        Metric(
            id="profiles_requiring",
            group="queries",
            name='profiles_requiring("B3")',
            unit="s",
            stats=micro(functools.partial(ce.profiles_requiring, "B3"), cfg),
        )
    )
    report.add(
        Metric(
            id="profiles_requiring.at_least",
            group="queries",
            name='profiles_requiring("A1", at_least=5)',
            unit="s",
            stats=micro(functools.partial(ce.profiles_requiring, "A1", at_least=5), cfg),
        )
    )
    report.add(
        Metric(
            id="matrix.cached",
            group="queries",
            name="matrix() (cached)",
            unit="s",
            stats=micro(ce.matrix, cfg),
        )
    )
    report.add(
        Metric(
            id="matrix.cold",
            group="queries",
            name="matrix(), first call (builds it)",
            unit="s",
            stats=each_fresh(fresh, lambda x: ce.matrix(nomenclature=x), slow_cfg.samples),
        )
    )
    raw = {"B1": 3, "B3": 2, "A6": 1, "B2": 2, "E4": 3}
    checked = ce.Assessment.from_mapping(raw)
    report.add(
        Metric(
            id="gap.assessment",
            group="queries",
            name='gap("3.2", Assessment) one person',
            unit="s",
            stats=micro(functools.partial(ce.gap, "3.2", checked), cfg),
            goal=gap_goal,
        )
    )
    report.add(
        Metric(
            id="gap.mapping",
            group="queries",
            name='gap("3.2", {...}) one person, dict checked each call',
            unit="s",
            stats=micro(functools.partial(ce.gap, "3.2", raw), cfg),
            goal=gap_goal,
        )
    )
    report.add(
        Metric(
            id="assessment.from_mapping",
            group="queries",
            name="Assessment.from_mapping({5 entries})",
            unit="s",
            stats=micro(functools.partial(ce.Assessment.from_mapping, raw), cfg),
        )
    )
    report.add(
        Metric(
            id="rank_profiles.one",
            group="queries",
            name="rank_profiles(Assessment) one person, 33 profiles",
            unit="s",
            stats=micro(functools.partial(ce.rank_profiles, checked), slow_cfg),
        )
    )


def markdown(details: dict[str, Any]) -> list[str]:
    """The timing loop's own overhead, to read the per-call times against."""
    if "call_overhead_s" not in details:
        return []
    overhead = fmt_value(details["call_overhead_s"], "s")
    return [
        f"Per-call times include the timing loop's call overhead ({overhead} for a "
        "no-op function).",
        "",
    ]
