"""Doubling time of the p50 horizon across model releases.

Stage ``horizon``: pure numpy. Follows METR ``src/horizon/compute_trendline_ci.py`` and
``plot/bootstrap_ci.py``: OLS of ln(p50) on release date (days) over the SOTA aliases;
doubling time ``ln 2 / slope``; CI from refitting each bootstrap draw.
"""

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._diagnostics import Flag, HorizonWarning

MIN_DRAW_P50_MINUTES = 1e-3
"""Bootstrap p50s below this are dropped from a draw's trend fit (METR ``bootstrap_ci.py``:
``p50 < 1e-3``), as are NaN and infinite ones."""


@dataclass(frozen=True)
class Trend:
    """Exponential trend of the p50 horizon over release dates."""

    doubling_days: float
    """Days for the p50 horizon to double (point estimate)."""
    doubling_ci: tuple[float, float]
    """Bootstrap CI of ``doubling_days`` (NaN, NaN when no draw supports a fit)."""
    aliases: tuple[str, ...]
    """The SOTA aliases the fit used, by release date."""
    release_dates: tuple[dt.date, ...]
    """Their release dates."""
    n_draws_used: int
    """Bootstrap draws with at least two usable aliases and a positive slope."""


def sota_aliases(
    aliases: Sequence[str], p50: NDArray[np.float64], dates: Sequence[dt.date]
) -> list[int]:
    """Indices of SOTA aliases: p50 at least the running maximum over earlier-or-same dates.

    METR's ``get_sota_agents``: for each release date in order, the running maximum takes in
    every alias released that day, and an alias is SOTA if its p50 reaches it.

    Args:
        aliases: Alias names, shape (n,).
        p50: Their p50 horizons, shape (n,); all finite and > 0.
        dates: Their release dates, shape (n,).

    Returns:
        Indices into ``aliases``, ordered by release date.
    """
    order = sorted(range(len(aliases)), key=lambda i: (dates[i], aliases[i]))
    best = -math.inf
    sota: list[int] = []
    for date in sorted(set(dates)):
        same_day = [i for i in order if dates[i] == date]
        best = max(best, max(float(p50[i]) for i in same_day))
        sota.extend(i for i in same_day if p50[i] >= best)
    return sota


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


def fit_trend(
    aliases: Sequence[str],
    p50: NDArray[np.float64],
    p50_draws: NDArray[np.float64],
    release_dates: Mapping[str, dt.date],
    confidence: float,
) -> tuple[Trend | None, list[HorizonWarning]]:
    """Fit the doubling time over SOTA aliases.

    Args:
        aliases: Alias names, shape (n_models,).
        p50: Point-estimate p50 horizons in minutes, shape (n_models,).
        p50_draws: Bootstrap p50s, shape (n_draws, n_models); NaN for draws left out
            (single class or not converged).
        release_dates: Alias -> release date; aliases without one are left out.
        confidence: CI level, e.g. 0.95.

    Returns:
        The trend (``None`` when fewer than two SOTA aliases remain) and warnings about
        aliases left out.
    """
    warnings: list[HorizonWarning] = []
    usable: list[int] = []
    for i, alias in enumerate(aliases):
        if alias not in release_dates:
            warnings.append(Flag.NO_RELEASE_DATE.warn(alias))
        elif not (math.isfinite(p50[i]) and p50[i] > 0):
            warnings.append(Flag.TREND_UNUSABLE_P50.warn(alias, p50=float(p50[i])))
        else:
            usable.append(i)
    dates = [release_dates[aliases[i]] for i in usable]
    sota = [usable[j] for j in sota_aliases([aliases[i] for i in usable], p50[usable], dates)]
    if len(sota) < 2 or len({release_dates[aliases[i]] for i in sota}) < 2:
        warnings.append(Flag.TREND_TOO_FEW_MODELS.warn(None, n_sota=len(sota)))
        return None, warnings
    days = np.array([release_dates[aliases[i]].toordinal() for i in sota], dtype=float)
    point_slope = float(_slopes(days, np.log(p50[sota])[None, :])[0])
    draws = p50_draws[:, sota]
    with np.errstate(divide="ignore", invalid="ignore"):
        log_draws = np.where(
            np.isfinite(draws) & (draws >= MIN_DRAW_P50_MINUTES), np.log(draws), np.nan
        )
        doubling = np.log(2.0) / _slopes(days, log_draws)
    # METR keeps only draws whose trend rises (doubling time > 0).
    kept = doubling[np.isfinite(doubling) & (doubling > 0)]
    low_q = (1.0 - confidence) / 2.0
    ci = (
        (float(np.quantile(kept, low_q)), float(np.quantile(kept, 1.0 - low_q)))
        if kept.size
        else (math.nan, math.nan)
    )
    return (
        Trend(
            doubling_days=math.log(2.0) / point_slope if point_slope else math.inf,
            doubling_ci=ci,
            aliases=tuple(aliases[i] for i in sota),
            release_dates=tuple(release_dates[aliases[i]] for i in sota),
            n_draws_used=int(kept.size),
        ),
        warnings,
    )
