"""What the horizon stage hands to the report: frozen result types.

Stage ``horizon``: data only, no computation beyond lookups and a table view.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ._diagnostics import Bound, BucketRate, Flag, HorizonWarning
from ._params import HorizonParams
from ._shapes import FamilyHorizon, ShapeFit
from ._trend import Trend


@dataclass(frozen=True)
class Horizon:
    """One alias's horizon at one success probability."""

    percent: int
    """Success probability, in percent."""
    minutes: float
    """Point estimate in minutes (0 when every run failed, inf when every run succeeded)."""
    ci_low: float
    """Lower CI end in minutes (NaN without usable bootstrap draws)."""
    ci_high: float
    """Upper CI end in minutes."""
    bound: Bound | None
    """``above_suite_range`` / ``below_suite_range`` when the estimate (or its whole CI) lies
    outside the tasks' human minutes, so only a bound is supported; ``None`` otherwise."""
    bound_minutes: float | None = None
    """The bound the data support, in minutes, when ``bound`` is set: the CI's end on the
    supported side, within the tasks (``> 400``), else the task range's end."""

    @property
    def reported_minutes(self) -> float | None:
        """The estimate when it is a number; ``None`` when only :attr:`bound_minutes` holds."""
        return None if self.bound is not None else self.minutes


@dataclass(frozen=True)
class ModelHorizons:
    """Everything estimated for one alias (model + agent)."""

    alias: str
    """The alias, suffixed ``[run name]`` when its runs are estimated apart."""
    n_runs: int
    """Scored (success/failure) runs in the fit."""
    n_tasks: int
    """Distinct tasks among them."""
    n_infra_errors: int
    """Runs that ended in ``infra_error`` (never in the fit)."""
    n_unscored: int
    """Runs that ended ``unscored`` (never in the fit)."""
    average_score: float
    """Weighted mean score, with the fit's weights (METR's ``average``)."""
    coef: float | None
    """Slope per doubling of human minutes; ``None`` when all runs failed or all succeeded."""
    intercept: float | None
    """Intercept; ``None`` likewise."""
    horizons: tuple[Horizon, ...]
    """One per percent, ascending."""
    shortest_task_minutes: float
    longest_task_minutes: float
    n_tasks_near_p50: int
    """Tasks within a factor 4 of the p50 (``NEAR_HORIZON_FACTOR``)."""
    success_by_bucket: tuple[BucketRate, ...]
    """Observed success per bucket of human minutes (``harness.suite`` buckets)."""
    n_draws_single_class: int
    """Bootstrap draws in which this alias held only successes or only failures: not fitted,
    left out of its CIs (METR skips them too)."""
    n_draws_not_converged: int
    """Bootstrap draws whose fit did not converge: left out of its CIs and of the trend."""
    flags: tuple[Flag, ...]
    """What the report must say about this alias (bounds, single class, slope, convergence,
    few tasks near p50, selective infra errors); each has a warning in
    :attr:`HorizonResult.warnings`."""
    n_baselined_near_p50: int | None = None
    """Of the tasks near the p50, those whose human time comes from timed baselines (the rest
    are estimates); ``None`` when the runs do not say (no ``human_source`` column)."""
    infra_errors_by_bucket: tuple[tuple[str, int], ...] = ()
    """``(bucket label, infra-error runs)`` for each bucket of human minutes that has any."""
    corrected: tuple[Horizon, ...] = ()
    """Horizons corrected for label noise (``params.label_noise``), one per percent, bounds
    decided as for :attr:`horizons`; empty when off or when every run failed or succeeded."""
    curve_shapes: tuple[ShapeFit, ...] = ()
    """The p50 under other link functions, each cross-validated by family (``_shapes``);
    empty when every run failed or every run succeeded."""
    family_horizons: tuple[FamilyHorizon, ...] = ()
    """Per-family p50s from a shared-slope fit (``_shapes``); empty likewise."""

    @property
    def shape_spread(self) -> float:
        """Largest over smallest p50 across :attr:`curve_shapes` (NaN without them)."""
        p50s = [s.p50_minutes for s in self.curve_shapes]
        if not p50s or min(p50s) <= 0:
            return float("nan")
        return max(p50s) / min(p50s)

    def horizon(self, percent: int) -> Horizon:
        """The horizon at ``percent``.

        Raises:
            KeyError: That percent was not estimated.
        """
        for h in self.horizons:
            if h.percent == percent:
                return h
        raise KeyError(f"p{percent} was not estimated (have {[h.percent for h in self.horizons]})")


@dataclass(frozen=True)
class PairedComparison:
    """Two models that ran the same tasks, compared at the p50 over their paired draws."""

    alias_a: str
    alias_b: str
    p_a_longer: float
    """Share of the draws (both fitted) in which A's p50 exceeds B's; ties count half."""
    ratio: float
    """A's p50 over B's (point estimates); NaN or inf when either is 0 or unbounded."""
    ratio_ci: tuple[float, float]
    """CI of the ratio, from the same draws."""
    n_draws: int
    """Draws in which both were fitted."""


@dataclass(frozen=True)
class HorizonResult:
    """Horizons for every alias, their CIs, paired comparisons, trend and warnings."""

    params: HorizonParams
    models: tuple[ModelHorizons, ...]
    trend: Trend | None
    warnings: tuple[HorizonWarning, ...]
    comparisons: tuple[PairedComparison, ...] = ()
    """Every pair of models that ran the same set of tasks (their draws are paired)."""

    @property
    def n_draws_not_converged(self) -> int:
        """Bootstrap fits (draw, alias) that did not converge, over all aliases."""
        return sum(m.n_draws_not_converged for m in self.models)

    def to_frame(self) -> pd.DataFrame:
        """The result as a table, one row per alias.

        Columns: counts, fit, ``p{N}_minutes``/``_ci_low``/``_ci_high``/``_bound``, diagnostics
        and ``flags`` (a list).
        """
        rows = []
        for m in self.models:
            row: dict[str, object] = {
                "alias": m.alias,
                "n_runs": m.n_runs,
                "n_tasks": m.n_tasks,
                "n_infra_errors": m.n_infra_errors,
                "n_unscored": m.n_unscored,
                "average_score": m.average_score,
                "coef": m.coef,
                "intercept": m.intercept,
            }
            for h in m.horizons:
                row[f"p{h.percent}_minutes"] = h.minutes
                row[f"p{h.percent}_ci_low"] = h.ci_low
                row[f"p{h.percent}_ci_high"] = h.ci_high
                row[f"p{h.percent}_bound"] = h.bound
                row[f"p{h.percent}_bound_minutes"] = h.bound_minutes
            row["shortest_task_minutes"] = m.shortest_task_minutes
            row["longest_task_minutes"] = m.longest_task_minutes
            row["n_tasks_near_p50"] = m.n_tasks_near_p50
            row["n_baselined_near_p50"] = m.n_baselined_near_p50
            row["n_draws_single_class"] = m.n_draws_single_class
            row["n_draws_not_converged"] = m.n_draws_not_converged
            row["flags"] = list(m.flags)
            rows.append(row)
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class BootstrapDraws:
    """Bootstrap draws as run counts, with the fits made to them."""

    aliases: tuple[str, ...]
    """Aliases, sorted; the models axis of the arrays below."""
    runs: pd.DataFrame
    """The scored runs, sorted by (alias, task_id); the runs axis of ``counts``."""
    weight: NDArray[np.float64]
    """Run weights, shape (n_runs,), normalised per alias on the observed data."""
    counts: NDArray[np.int64]
    """Times each run is in each draw, shape (n_bootstrap, n_runs)."""
    coef: NDArray[np.float64]
    """Fitted slopes, shape (n_bootstrap, n_models); NaN for single-class draws."""
    intercept: NDArray[np.float64]
    """Fitted intercepts, shape (n_bootstrap, n_models)."""
    fitted: NDArray[np.bool_]
    """Shape (n_bootstrap, n_models): the draw held both classes and its fit converged, so it
    enters the CIs. Draws that held both classes but did not converge are the
    ``n_draws_not_converged`` of :class:`ModelHorizons`."""
    horizons: NDArray[np.float64]
    """Horizons the CIs use, shape (n_bootstrap, n_models, n_percents); NaN where the draw was
    left out (single class, or not converged)."""
