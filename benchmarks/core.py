"""What every benchmark shares: statistics of samples, metrics, goals, the run's configuration,
the report they are added to, and how values print."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class Stats:
    """Summary of repeated samples (seconds, or MiB for memory)."""

    median: float
    min: float
    max: float
    q1: float
    q3: float
    n: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        if not samples:
            raise ValueError("no samples")
        values = sorted(samples)
        if len(values) >= 2:
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        else:
            q1 = q3 = values[0]
        return cls(
            median=statistics.median(values),
            min=values[0],
            max=values[-1],
            q1=q1,
            q3=q3,
            n=len(values),
        )

    def scaled(self, factor: float) -> Stats:
        return Stats(
            median=self.median * factor,
            min=self.min * factor,
            max=self.max * factor,
            q1=self.q1 * factor,
            q3=self.q3 * factor,
            n=self.n,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "median": self.median,
            "min": self.min,
            "max": self.max,
            "q1": self.q1,
            "q3": self.q3,
            "iqr": self.q3 - self.q1,
            "n": self.n,
        }


@dataclass(frozen=True)
class Goal:
    """A target from an issue: bounds on the ratio to the baseline and/or on the median; met
    when every bound given holds."""

    text: str
    ratio_max: float | None = None
    median_max: float | None = None
    ratio_min: float | None = None

    def met(self, stats: Stats, ratio: float | None) -> bool | None:
        checks: list[bool | None] = []
        if self.ratio_max is not None:
            checks.append(None if ratio is None else ratio <= self.ratio_max)
        if self.ratio_min is not None:
            checks.append(None if ratio is None else ratio >= self.ratio_min)
        if self.median_max is not None:
            checks.append(stats.median <= self.median_max)
        if not checks or None in checks:
            return None
        return all(checks)


@dataclass
class Metric:
    """One measurement, its baseline (if any) and its goal (if any)."""

    id: str
    group: str
    name: str
    unit: str
    stats: Stats
    baseline_name: str | None = None
    baseline: Stats | None = None
    goal: Goal | None = None
    note: str = ""
    extrapolated: bool = False

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline.median == 0:
            return None
        return self.stats.median / self.baseline.median

    @property
    def met(self) -> bool | None:
        return None if self.goal is None else self.goal.met(self.stats, self.ratio)

    def to_json(self) -> dict[str, Any]:
        baseline = None
        if self.baseline is not None:
            baseline = {"name": self.baseline_name, **self.baseline.to_json()}
        return {
            "id": self.id,
            "group": self.group,
            "name": self.name,
            "unit": self.unit,
            **self.stats.to_json(),
            "extrapolated": self.extrapolated,
            "baseline": baseline,
            "ratio": self.ratio,
            "goal": None if self.goal is None else self.goal.text,
            "met": self.met,
            "note": self.note,
        }


@dataclass(frozen=True)
class Config:
    quick: bool
    process_runs: int
    warmups: int
    memory_runs: int
    breakdown_runs: int
    samples: int
    sample_seconds: float
    sizes: tuple[int, ...]
    loop_repeats: int
    scale_sizes: tuple[int, ...] = (1_000_000, 10_000_000)

    @classmethod
    def make(cls, *, quick: bool, sizes: tuple[int, ...] | None) -> Config:
        if quick:
            return cls(
                quick=True,
                process_runs=3,
                warmups=1,
                memory_runs=1,
                breakdown_runs=1,
                samples=3,
                sample_seconds=0.005,
                sizes=sizes or (100, 1_000),
                loop_repeats=1,
                scale_sizes=(1_000, 5_000),
            )
        return cls(
            quick=False,
            process_runs=21,
            warmups=2,
            memory_runs=5,
            breakdown_runs=7,
            samples=15,
            sample_seconds=0.05,
            sizes=sizes or (1_000, 10_000, 100_000),
            loop_repeats=3,
        )

    def batch_repeats(self, size: int) -> int:
        if self.quick:
            return 2
        if size <= 1_000:
            return 11
        if size <= 10_000:
            return 7
        return 3


@dataclass
class Report:
    metrics: list[Metric] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, metric: Metric) -> Metric:
        self.metrics.append(metric)
        print(f"  {_row(metric)}", flush=True)
        return metric

    def get(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)


def fmt_value(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "-"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit != "s":
        return f"{value:.3g} {unit}"
    for scale, name in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
        if abs(value) >= scale:
            return f"{value / scale:.3g} {name}"
    return f"{value / 1e-9:.3g} ns"


def fmt_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "-"
    if ratio < 0.5:
        return f"{ratio:.3g}x ({1 / ratio:.0f}x faster)"
    return f"{ratio:.2f}x"


def fmt_met(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: ""}[met]


def _row(m: Metric) -> str:
    spread = f"[{fmt_value(m.stats.q1, m.unit)} .. {fmt_value(m.stats.q3, m.unit)}]"
    name = m.name + (" (extrapolated)" if m.extrapolated else "")
    line = f"{name:<58} {fmt_value(m.stats.median, m.unit):>10} {spread:<24} n={m.stats.n:<3}"
    if m.baseline is not None:
        line += f" vs {m.baseline_name} {fmt_value(m.baseline.median, m.unit)}"
        line += f" = {fmt_ratio(m.ratio)}"
    if m.goal is not None:
        line += f"  goal {m.goal.text}: {fmt_met(m.met)}"
    return line
