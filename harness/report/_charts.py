"""The four charts' data, from the document and the suite summary: what both drawers plot.

Stage ``report``: rendering only. The page's inline SVG (``_svg``) and the static figures
(``_figures``) draw the same series from here, so a chart and its figure cannot disagree.
Each mark carries its tooltip text, built from ``_table``'s cell formatting.
"""

import datetime as dt
import math
from dataclasses import dataclass

from ._document import Leaderboard, ModelEntry
from ._suite import SuiteSummary
from ._table import (
    bound_minutes,
    format_ci,
    format_horizon,
    format_minutes,
    ranked,
    trend_sentence,
)

CURVE_POINTS = 61
"""Points per fitted success curve (evenly spaced in log2 minutes)."""


@dataclass(frozen=True)
class DatePoint:
    """One model on the horizon-vs-release-date chart."""

    alias: str
    day: float
    """Release date as a proleptic ordinal (days)."""
    minutes: float
    """The p50, or the bound it is shown as."""
    low: float
    high: float
    """CI ends clipped to the model's tasks (beyond them only a bound holds)."""
    bounded: bool
    tip: str


@dataclass(frozen=True)
class TrendLine:
    """The SOTA trend: its two ends and the sentence that states it."""

    start: tuple[float, float]
    end: tuple[float, float]
    """(day, minutes)."""
    label: str


@dataclass(frozen=True)
class Curve:
    """One model's fitted success probability and its observed rates per bucket."""

    alias: str
    fitted: tuple[tuple[float, float], ...]
    """(minutes, probability) over the model's task range."""
    observed: tuple[tuple[float, float, str], ...]
    """(bucket's geometric middle in minutes, success rate, tooltip) per bucket."""


@dataclass(frozen=True)
class HeatCell:
    """Observed success of one family in one doubling bucket."""

    family: str
    bucket: str
    rate: float
    tip: str


@dataclass(frozen=True)
class Heatmap:
    """One model's (or every model's) success by family x bucket."""

    name: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class LengthBar:
    """Tasks in one doubling bucket, split by how their human time was set."""

    bucket: str
    counts: tuple[tuple[str, int], ...]
    """(human_source, tasks); ``not recorded`` when the runs do not say."""
    tip: str


def _day(iso: str) -> float:
    return float(dt.date.fromisoformat(iso).toordinal())


def _clip(value: float, model: ModelEntry) -> float:
    return min(max(value, model.shortest_task_minutes), model.longest_task_minutes)


def date_points(document: Leaderboard) -> list[DatePoint]:
    """Ranked models with a release date, at their p50 (or its bound) with clipped CIs."""
    points = []
    for m in ranked(document):
        h = m.horizon(50)
        if m.release_date is None:
            continue
        value = h.minutes if h.bound is None else bound_minutes(h, m)
        if value is None or not value > 0:
            continue
        low, high = (h.ci_low, h.ci_high) if h.has_ci else (value, value)
        tip = f"{m.alias} ({m.release_date}): p50 {format_horizon(h, m)} min, CI {format_ci(h, m)}"
        points.append(
            DatePoint(
                m.alias,
                _day(m.release_date),
                value,
                _clip(low, m),
                _clip(high, m),
                h.bound is not None,
                tip,
            )
        )
    return points


def trend_line(document: Leaderboard) -> TrendLine | None:
    """The trend's OLS line over its SOTA models (it passes through their mean), or ``None``.

    The document keeps the doubling time, not the intercept; an OLS line goes through the
    means of its points, which fixes it.
    """
    trend = document.trend
    if trend is None or trend.doubling_days is None or not trend.aliases:
        return None
    days, logs = [], []
    for alias, date in zip(trend.aliases, trend.release_dates, strict=True):
        m = document.model(alias)
        minutes = m.horizon(50).minutes
        if minutes is not None and minutes > 0:
            days.append(_day(date))
            logs.append(math.log(minutes))
    if not days:
        return None
    slope = math.log(2) / trend.doubling_days
    mean_day, mean_log = sum(days) / len(days), sum(logs) / len(logs)

    def at(day: float) -> tuple[float, float]:
        return day, math.exp(mean_log + slope * (day - mean_day))

    return TrendLine(
        at(min(days)), at(max(days)), trend_sentence(trend, document.method.confidence)
    )


def curves(document: Leaderboard) -> list[Curve]:
    """Ranked models' fitted curves (logistic in log2 minutes) and binned observed rates."""
    out = []
    for m in ranked(document):
        if m.coef is None or m.intercept is None:
            continue
        lo, hi = math.log2(m.shortest_task_minutes), math.log2(m.longest_task_minutes)
        fitted = []
        for i in range(CURVE_POINTS):
            x = lo + (hi - lo) * i / (CURVE_POINTS - 1)
            z = m.intercept + m.coef * x
            fitted.append((2.0**x, 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0))
        observed = []
        for b in m.success_by_bucket:
            low = max(b.min_minutes, m.shortest_task_minutes)
            high = min(b.max_minutes, m.longest_task_minutes)
            middle = math.sqrt(low * high)
            tip = (
                f"{m.alias}, {b.label} min: {b.success_rate:.0%} of {b.n_runs} runs "
                f"({b.n_tasks} tasks)"
            )
            observed.append((middle, b.success_rate, tip))
        out.append(Curve(m.alias, tuple(fitted), tuple(observed)))
    return out


ALL_MODELS = "All models"
"""The heatmap that pools every model's runs."""


def heatmaps(summary: SuiteSummary) -> list[Heatmap]:
    """Success by family x bucket: every model pooled first, then one per model."""
    maps = []
    aliases = sorted({c.alias for c in summary.cells})
    for name in [ALL_MODELS, *aliases]:
        totals: dict[tuple[str, str], list[int]] = {}
        for c in summary.cells:
            if name in (ALL_MODELS, c.alias):
                runs_success = totals.setdefault((c.family, c.bucket), [0, 0])
                runs_success[0] += c.n_runs
                runs_success[1] += c.n_success
        cells = tuple(
            HeatCell(f, b, s / n, f"{name}: {f}, {b} min: {s} of {n} runs succeeded")
            for (f, b), (n, s) in sorted(totals.items())
            if n
        )
        maps.append(Heatmap(name, cells))
    return maps


def length_bars(summary: SuiteSummary) -> list[LengthBar]:
    """Tasks per doubling bucket (shortest first), split by how human times were set."""
    by_bucket: dict[str, dict[str, int]] = {}
    for t in summary.tasks:  # sorted by minutes: buckets come in order
        sources = by_bucket.setdefault(t.bucket, {})
        source = t.human_source or "not recorded"
        sources[source] = sources.get(source, 0) + 1
    bars = []
    for bucket, sources in by_bucket.items():
        parts = ", ".join(f"{n} {s}" for s, n in sorted(sources.items()))
        bars.append(LengthBar(bucket, tuple(sorted(sources.items())), f"{bucket} min: {parts}"))
    return bars


def duration_label(minutes: float) -> str:
    """A tick label: ``30 s``, ``4 min``, ``2 h``, ``3 d``."""
    if minutes < 1:
        return f"{minutes * 60:.0f} s"
    if minutes < 60:
        return f"{format_minutes(minutes)} min"
    if minutes < 60 * 24:
        return f"{minutes / 60:.3g} h"
    return f"{minutes / 60 / 24:.3g} d"


NICE_MINUTES = (
    1 / 60, 2 / 60, 5 / 60, 15 / 60, 30 / 60, 1, 2, 4, 8, 15, 30,
    60, 2 * 60, 4 * 60, 8 * 60, 16 * 60, 24 * 60, 2 * 1440, 4 * 1440, 7 * 1440,
    14 * 1440, 30 * 1440,
)  # fmt: skip
"""Tick values of a human-time axis: round seconds, minutes, hours and days, about doubling."""


def log2_ticks(low: float, high: float, most: int = 8) -> list[float]:
    """Round durations (:data:`NICE_MINUTES`) within [low, high], every other one if too many."""
    ticks = [t for t in NICE_MINUTES if low <= t <= high]
    step = 1
    while len(ticks[::step]) > most:
        step += 1
    return ticks[::step]
