"""Doubling time of the p50 horizon across model releases.

Stage ``horizon``: pure numpy. Follows METR ``src/horizon/compute_trendline_ci.py`` and
``plot/bootstrap_ci.py`` (OLS of ln(p50) on release date over the SOTA models; doubling time
``ln 2 / slope``; CI from refitting each bootstrap draw), with four changes an expert would ask
for (issue 13):

- a model whose p50 is only a bound (beyond its tasks) is left out, not fitted as a point;
- the fit may be limited to a window of release dates (``trend_since``/``trend_until``), and a
  sensitivity table refits from each later SOTA release as the start;
- the SOTA set is chosen again inside each draw from that draw's p50s, since which models are
  SOTA is itself uncertain;
- draws whose trend does not rise are kept and counted (METR drops them, which narrows the CI
  towards fast doubling): the CI is taken on the slope and turned into days, so when the slope's
  CI reaches 0 the doubling time's upper end is unbounded. With the SOTA set chosen per draw a
  slope cannot fall; a draw in which no later model beats the first has slope 0 (METR's code
  finds no line there and drops the draw).

Draws arrive in chunks (:meth:`TrendAccumulator.update`); only tail summaries are kept.
"""

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._diagnostics import Flag, HorizonWarning
from ._quantiles import TailQuantiles

MIN_DRAW_P50_MINUTES = 1e-3
"""p50s below this are dropped from a draw's trend fit (METR ``bootstrap_ci.py``:
``p50 < 1e-3``), as are NaN and infinite ones."""

MIN_SOTA_FOR_START = 3
"""A row of the start-date table needs this many SOTA models from its start on: two points
always fit a line exactly."""


@dataclass(frozen=True)
class TrendFromStart:
    """The trend refitted over SOTA models released on or after ``start``."""

    start: dt.date
    n_models: int
    """SOTA models (point estimates) from ``start`` on."""
    doubling_days: float
    doubling_ci: tuple[float, float]


@dataclass(frozen=True)
class Trend:
    """Exponential trend of the p50 horizon over release dates."""

    doubling_days: float
    """Days for the p50 horizon to double (point estimate); inf when it does not rise."""
    doubling_ci: tuple[float, float]
    """Bootstrap CI of ``doubling_days``; the upper end is inf when the slope's CI reaches 0."""
    aliases: tuple[str, ...]
    """The SOTA models of the point fit, by release date."""
    release_dates: tuple[dt.date, ...]
    """Their release dates."""
    n_draws_used: int
    """Bootstrap draws with a usable p50 (a slope, or a frontier that stayed flat)."""
    n_draws_not_rising: int = 0
    """Of those, draws in which the frontier did not rise (slope <= 0): kept, counted here."""
    window: tuple[dt.date | None, dt.date | None] = (None, None)
    """Release dates the fit was limited to (``None``: open)."""
    by_start: tuple[TrendFromStart, ...] = ()
    """The trend refitted from each SOTA release on (sensitivity to the start date)."""


def _slopes(days: NDArray[np.float64], log_p50: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per-row OLS slope of ``log_p50`` on ``days`` over finite entries.

    Args:
        days: Release dates in days, shape (n,).
        log_p50: ln(p50), NaN where unusable, shape (n_rows, n).

    Returns:
        Slopes, shape (n_rows,); NaN where fewer than two usable points or one date only.
    """
    usable = np.isfinite(log_p50)
    n = usable.sum(axis=1)
    t = np.where(usable, days, 0.0)
    y = np.where(usable, log_p50, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_mean = t.sum(axis=1) / n
        y_mean = y.sum(axis=1) / n
        dt_ = np.where(usable, days - t_mean[:, None], 0.0)
        sxx = (dt_**2).sum(axis=1)
        sxy = (dt_ * (y - y_mean[:, None])).sum(axis=1)
        slope: NDArray[np.float64] = np.where((n >= 2) & (sxx > 0), sxy / sxx, np.nan)
    return slope


def sota_mask(p50: NDArray[np.float64], day_of: NDArray[np.intp]) -> NDArray[np.bool_]:
    """Which entries are SOTA: usable, and at least the running maximum up to their date.

    METR's ``get_sota_agents``: for each release date in order, the running maximum takes in
    every model released that day, and a model is SOTA if its p50 reaches it.

    Args:
        p50: p50s, shape (n_rows, n), columns ordered by release date; NaN, infinite or below
            :data:`MIN_DRAW_P50_MINUTES` entries are unusable.
        day_of: Index of each column's distinct release date, non-decreasing, shape (n,).

    Returns:
        Shape (n_rows, n).
    """
    usable = np.isfinite(p50) & (p50 >= MIN_DRAW_P50_MINUTES)
    values = np.where(usable, p50, -np.inf)
    first_of_day = np.flatnonzero(np.r_[True, day_of[1:] != day_of[:-1]])
    running = np.maximum.accumulate(np.maximum.reduceat(values, first_of_day, axis=1), axis=1)
    mask: NDArray[np.bool_] = usable & (values >= running[:, day_of])
    return mask


def sota_aliases(
    aliases: Sequence[str], p50: NDArray[np.float64], dates: Sequence[dt.date]
) -> list[int]:
    """Indices of the SOTA models among ``aliases`` (see :func:`sota_mask`), by release date."""
    order = sorted(range(len(aliases)), key=lambda i: (dates[i], aliases[i]))
    day_of = _day_index([dates[i] for i in order])
    mask = sota_mask(np.asarray(p50, dtype=float)[order][None, :], day_of)[0]
    return [i for i, keep in zip(order, mask, strict=True) if keep]


def _day_index(dates: Sequence[dt.date]) -> NDArray[np.intp]:
    """Each date's index among the distinct dates, in order (``sota_mask``'s ``day_of``)."""
    distinct = sorted(set(dates))
    return np.array([distinct.index(d) for d in dates], dtype=np.intp)


def _doubling(slope: float) -> float:
    return math.log(2.0) / slope if slope > 0 else math.inf


def _doubling_ci(slope_low: float, slope_high: float) -> tuple[float, float]:
    """The slope's CI as doubling days: a higher slope is a shorter doubling time."""
    if math.isnan(slope_low):
        return math.nan, math.nan
    return _doubling(slope_high), _doubling(slope_low)


class TrendAccumulator:
    """The trend over chosen models, fitted to the point estimates and to streamed draws."""

    def __init__(
        self,
        columns: Sequence[int],
        aliases: Sequence[str],
        dates: Sequence[dt.date],
        p50: NDArray[np.float64],
        n_draws: int,
        confidence: float,
        window: tuple[dt.date | None, dt.date | None],
    ) -> None:
        """Fix the models, their dates and point p50s before any draw.

        Args:
            columns: Model indices (into the p50 arrays) the trend may use.
            aliases: Their labels.
            dates: Their release dates.
            p50: Their point-estimate p50s, shape (len(columns),).
            n_draws: Bootstrap draws that will arrive.
            confidence: CI level.
            window: The release-date window, recorded in the result.
        """
        order = sorted(range(len(columns)), key=lambda i: (dates[i], aliases[i]))
        self.columns = np.array([columns[i] for i in order], dtype=np.intp)
        self.aliases = [aliases[i] for i in order]
        self.dates = [dates[i] for i in order]
        self.day_of = _day_index(self.dates)
        self.days = np.array([d.toordinal() for d in self.dates], dtype=float)
        self.point = np.asarray(p50, dtype=float)[order]
        self.window = window
        # Which models are SOTA by their point estimates.
        self.point_sota = sota_mask(self.point[None, :], self.day_of)[0]
        sota_dates = sorted({d for d, s in zip(self.dates, self.point_sota, strict=True) if s})
        self.starts = sota_dates[:1] + [
            d for d in sota_dates[1:] if self._n_sota_from(d) >= MIN_SOTA_FOR_START
        ]
        self.slopes = TailQuantiles(len(self.starts), n_draws, (1.0 - confidence) / 2.0)
        self.not_rising = np.zeros(len(self.starts), dtype=np.int64)

    def _fit(self, p50: NDArray[np.float64], start: dt.date) -> NDArray[np.float64]:
        """Slopes (per day, of ln p50) of each row's SOTA models released from ``start`` on."""
        in_window = np.array([d >= start for d in self.dates])
        values = np.where(in_window, p50, np.nan)
        sota = sota_mask(values, self.day_of)
        with np.errstate(divide="ignore", invalid="ignore"):
            slopes = _slopes(self.days, np.where(sota, np.log(values), np.nan))
        # SOTA on one date only: no later model beat the first, the frontier did not rise.
        flat: NDArray[np.float64] = np.where(np.isnan(slopes) & sota.any(axis=1), 0.0, slopes)
        return flat

    def update(self, p50_draws: NDArray[np.float64]) -> None:
        """Take in a chunk of draws' p50s, shape (n_draws, n_models) over every model."""
        chunk = p50_draws[:, self.columns]
        slopes = np.stack([self._fit(chunk, start) for start in self.starts], axis=1)
        self.slopes.update(slopes)
        self.not_rising += np.sum(slopes <= 0, axis=0)

    def _n_sota_from(self, start: dt.date) -> int:
        """SOTA models (point estimates) released on or after ``start``."""
        return sum(bool(s) and d >= start for s, d in zip(self.point_sota, self.dates, strict=True))

    @property
    def n_sota(self) -> int:
        """SOTA models among the point estimates."""
        return int(self.point_sota.sum())

    def result(self) -> Trend | None:
        """The trend, or ``None`` when the point estimates have no two SOTA dates."""
        sota = [i for i, s in enumerate(self.point_sota) if s]
        if len({self.dates[i] for i in sota}) < 2:
            return None
        rows = [
            TrendFromStart(
                start,
                self._n_sota_from(start),
                _doubling(float(self._fit(self.point[None, :], start)[0])),
                _doubling_ci(*self.slopes.interval(k)),
            )
            for k, start in enumerate(self.starts)
        ]
        return Trend(
            doubling_days=rows[0].doubling_days,
            doubling_ci=rows[0].doubling_ci,
            aliases=tuple(self.aliases[i] for i in sota),
            release_dates=tuple(self.dates[i] for i in sota),
            n_draws_used=int(self.slopes.counts[0]),
            n_draws_not_rising=int(self.not_rising[0]),
            window=self.window,
            by_start=tuple(rows[1:]),
        )


def trend_models(
    aliases: Sequence[str],
    p50: NDArray[np.float64],
    bounded: Sequence[bool],
    release_dates: Mapping[str, dt.date],
    window: tuple[dt.date | None, dt.date | None],
) -> tuple[list[int], list[HorizonWarning]]:
    """The models the trend may use: dated, in the window, with a p50 that is not a bound.

    Args:
        aliases: Model labels, shape (n_models,).
        p50: Point-estimate p50s, shape (n_models,).
        bounded: Whether each p50 is only a bound (beyond the model's tasks).
        release_dates: Label -> release date.
        window: ``(since, until)`` release dates, inclusive; ``None`` leaves that end open.

    Returns:
        Indices of the usable models, and a warning for each one left out and why.
    """
    since, until = window
    usable, warnings = [], []
    for i, alias in enumerate(aliases):
        date = release_dates.get(alias)
        if date is None:
            warnings.append(Flag.NO_RELEASE_DATE.warn(alias))
        elif (since is not None and date < since) or (until is not None and date > until):
            continue
        elif bounded[i]:
            warnings.append(Flag.TREND_BOUNDED_P50.warn(alias))
        elif not (math.isfinite(p50[i]) and p50[i] > 0):
            warnings.append(Flag.TREND_UNUSABLE_P50.warn(alias, p50=float(p50[i])))
        else:
            usable.append(i)
    return usable, warnings
