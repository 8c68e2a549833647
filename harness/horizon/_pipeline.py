"""Runs table -> per-alias time horizons with bootstrap CIs, diagnostics and trend.

Stage ``horizon``: pure numpy/pandas; takes a runs table, frozen params and a
``np.random.Generator``; returns frozen results. No paths, printing or Inspect imports.
The method is METR's (``../shared/metr/README.md``, github.com/METR/eval-analysis-public).

One pipeline: the point fit and the bootstrap go through the same code. A *draw* is how many
times each run is taken (shape (n_draws, n_runs)); the point fit is the draw of all ones
(the data as observed), the bootstrap is :func:`resample_counts`' draws, and both are fitted
by :func:`_fit_draws`. A draw enters the CIs only where it was *fitted*: it held both
classes (METR skips single-class draws) and its fit converged. Draws that did not converge
are counted per alias and reported, never mixed into the quantiles.
"""

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from harness.outcome import Outcome
from harness.suite import bucket_floor, bucket_label

from ._bootstrap import resample_counts
from ._checks import scored_runs
from ._design import Design, separate_runs
from ._diagnostics import (
    MIN_TASKS_NEAR_HORIZON,
    NEAR_HORIZON_FACTOR,
    Flag,
    HorizonWarning,
    count_tasks_near,
    infra_rate_outliers,
    success_by_bucket,
    suite_bound,
)
from ._logistic import fit_logistic, horizon_minutes
from ._params import HEADLINE_PERCENT, HorizonParams
from ._results import BootstrapDraws, Horizon, HorizonResult, ModelHorizons
from ._trend import fit_trend

DRAW_BUDGET_CELLS = 1 << 22
"""Bootstrap draws are processed in chunks of about this many (draw, run) entries (32 MiB per
float64 array), so memory stays flat however many draws are asked for."""


@dataclass(frozen=True)
class _Fits:
    """The fits of a batch of draws; every array has shape (n_draws, n_models, ...)."""

    coef: NDArray[np.float64]
    """Slopes, (n_draws, n_models); NaN for single-class draws."""
    intercept: NDArray[np.float64]
    """Intercepts, (n_draws, n_models); NaN for single-class draws."""
    has_both: NDArray[np.bool_]
    """(n_draws, n_models): the draw held both classes, so it was fitted."""
    converged: NDArray[np.bool_]
    """(n_draws, n_models): Newton met its tolerance (True for single-class draws)."""
    horizons: NDArray[np.float64]
    """Horizons at ``params.percents``, (n_draws, n_models, n_percents); NaN if single-class."""

    @property
    def fitted(self) -> NDArray[np.bool_]:
        """(n_draws, n_models): both classes and converged; only these enter the CIs."""
        result: NDArray[np.bool_] = self.has_both & self.converged
        return result

    @property
    def not_converged(self) -> NDArray[np.bool_]:
        """(n_draws, n_models): fitted, but Newton gave up before its tolerance."""
        result: NDArray[np.bool_] = self.has_both & ~self.converged
        return result

    def usable_horizons(self) -> NDArray[np.float64]:
        """``horizons`` with NaN wherever the draw is not :attr:`fitted`."""
        result: NDArray[np.float64] = np.where(self.fitted[:, :, None], self.horizons, np.nan)
        return result


def _fit_draws(design: Design, counts: NDArray[np.int64], params: HorizonParams) -> _Fits:
    """Fit every draw at once (one batched Newton solve) and compute its horizons.

    Args:
        design: The design of the fit.
        counts: Times each run is in each draw, shape (n_draws, n_runs).
        params: Estimation parameters.

    Returns:
        The fits, shape (n_draws, n_models, ...).
    """
    success, failure = design.cell_weights(counts)
    fits = fit_logistic(
        design.cell_x,
        success,
        failure,
        design.model_starts,
        params.regularization,
        max_iter=params.max_iter,
    )
    horizons = np.stack(
        [horizon_minutes(fits.coef, fits.intercept, p) for p in params.percents], axis=-1
    )
    return _Fits(fits.coef, fits.intercept, fits.has_both_classes, fits.converged, horizons)


def _concat(parts: list[_Fits], n_models: int, n_percents: int) -> _Fits:
    """Stack the fits of several chunks of draws (an empty batch when there are none)."""
    empty = _Fits(
        np.empty((0, n_models)),
        np.empty((0, n_models)),
        np.empty((0, n_models), dtype=bool),
        np.empty((0, n_models), dtype=bool),
        np.empty((0, n_models, n_percents)),
    )
    return _Fits(
        *(np.concatenate([getattr(empty, f), *(getattr(p, f) for p in parts)]) for f in _FIELDS)
    )


_FIELDS = ("coef", "intercept", "has_both", "converged", "horizons")


def _bootstrap(
    design: Design, params: HorizonParams, rng: np.random.Generator, keep_counts: bool
) -> tuple[_Fits, NDArray[np.int64]]:
    """Draw the hierarchical bootstrap and fit it, in memory-bounded chunks.

    Returns:
        The fits of all ``params.n_bootstrap`` draws, and their counts: shape
        (n_bootstrap, n_runs) when ``keep_counts``, else (0, n_runs).
    """
    chunk = max(1, DRAW_BUDGET_CELLS // design.n_runs)
    parts: list[_Fits] = []
    counts: list[NDArray[np.int64]] = []
    for start in range(0, params.n_bootstrap, chunk):
        drawn = resample_counts(
            design.task_family,
            design.cell_task,
            design.cell_runs,
            min(chunk, params.n_bootstrap - start),
            rng,
        )
        parts.append(_fit_draws(design, drawn, params))
        if keep_counts:
            counts.append(drawn)
    fits = _concat(parts, len(design.aliases), len(params.percents))
    return fits, np.concatenate([np.empty((0, design.n_runs), dtype=np.int64), *counts])


@dataclass(frozen=True)
class _Estimate:
    """Everything the pipeline computed, before it is assembled into results."""

    runs: pd.DataFrame
    """All runs (scored or not) of the aliases estimated, ``alias`` set to the model label."""
    base_alias: dict[str, str]
    """Model label -> the alias it came from (``alias [run]`` -> ``alias``)."""
    n_outcomes: dict[tuple[str, str], int]
    """(model label, outcome) -> runs, over all runs (scored or not)."""
    design: Design
    point: _Fits
    """The fit of the observed data: one draw."""
    draws: _Fits
    """The bootstrap's fits, ``params.n_bootstrap`` draws."""
    counts: NDArray[np.int64]
    """The bootstrap's run counts, (n_bootstrap, n_runs); (0, n_runs) unless kept."""
    warnings: list[HorizonWarning]


def _estimate(
    runs: pd.DataFrame, params: HorizonParams, rng: np.random.Generator, keep_counts: bool
) -> _Estimate:
    """Select and label the runs, build the design, fit the observed data and the draws."""
    kept = runs[~runs["alias"].isin(params.exclude_aliases)]
    labelled, warnings = separate_runs(kept, params.merge_runs)
    design = Design.build(scored_runs(labelled, params), params)
    observed = np.ones((1, design.n_runs), dtype=np.int64)
    point = _fit_draws(design, observed, params)
    draws, counts = _bootstrap(design, params, rng, keep_counts)
    pairs = pd.DataFrame({"label": labelled["alias"], "base": kept["alias"]}).drop_duplicates()
    base_alias = dict(zip(pairs["label"].to_list(), pairs["base"].to_list(), strict=True))
    sizes = labelled.groupby(["alias", "outcome"]).size()
    n_outcomes = {
        (str(alias), str(outcome)): int(n)
        for (alias, outcome), n in zip(sizes.index.to_list(), sizes.to_numpy(), strict=True)
    }
    return _Estimate(labelled, base_alias, n_outcomes, design, point, draws, counts, warnings)


def bootstrap_horizons(
    runs: pd.DataFrame, params: HorizonParams, rng: np.random.Generator
) -> BootstrapDraws:
    """Draw the hierarchical bootstrap, keeping the draws, and fit every draw at once.

    The same draws and horizons as :func:`fit_horizons` makes from the same ``rng`` state;
    exposed so benchmarks and tests can refit the very same draws another way.

    Args:
        runs: Validated runs table; only scored runs of non-excluded aliases are used.
        params: Estimation parameters (``n_bootstrap`` draws).
        rng: Source of randomness.

    Returns:
        The draws and their fits.

    Raises:
        InputError: As :func:`fit_horizons`.
    """
    est = _estimate(runs, params, rng, keep_counts=True)
    return BootstrapDraws(
        aliases=est.design.aliases,
        runs=est.design.runs,
        weight=est.design.weight,
        counts=est.counts,
        coef=est.draws.coef,
        intercept=est.draws.intercept,
        fitted=est.draws.fitted,
        horizons=est.draws.usable_horizons(),
    )


def _interval(draws: NDArray[np.float64], low_q: float) -> tuple[float, float]:
    """The ``(low_q, 1 - low_q)`` quantiles of the non-NaN draws (METR: ``nanquantile``).

    Args:
        draws: Horizons in minutes, shape (n_draws,); NaN for draws left out, inf where a
            draw's curve is flat.
        low_q: Lower quantile, e.g. 0.025.

    Returns:
        The interval; (NaN, NaN) when no draw was fitted.
    """
    kept = draws[~np.isnan(draws)]
    if not kept.size:
        return math.nan, math.nan
    # Interpolating between two infinite draws gives inf - inf = NaN: cap, then restore.
    cap = np.finfo(np.float64).max
    low, high = np.quantile(np.minimum(kept, cap), [low_q, 1.0 - low_q])
    return (math.inf if low >= cap else float(low)), (math.inf if high >= cap else float(high))


def _model(
    est: _Estimate, index: int, draws: NDArray[np.float64], params: HorizonParams
) -> tuple[ModelHorizons, list[HorizonWarning]]:
    """Assemble one alias's result: horizons, CIs, diagnostics and their warnings.

    Args:
        est: The pipeline's fits.
        index: The alias's position in ``est.design.aliases``.
        draws: Usable bootstrap horizons, shape (n_bootstrap, n_models, n_percents).
        params: Estimation parameters.
    """
    design = est.design
    alias = design.aliases[index]
    rows = design.model_rows(index)
    score, weight = design.score[rows], design.weight[rows]
    task_minutes = design.cell_minutes[design.model_cells(index)]  # one cell per task
    shortest, longest = float(task_minutes.min()), float(task_minutes.max())
    all_failed, all_succeeded = bool((score == 0).all()), bool((score == 1).all())
    single_class = all_failed or all_succeeded
    coef, intercept = float(est.point.coef[0, index]), float(est.point.intercept[0, index])
    warnings: list[HorizonWarning] = []
    low_q = (1.0 - params.confidence) / 2.0
    horizons = []
    for j, percent in enumerate(params.percents):
        if all_failed:
            # METR's agent_regression: every run failed -> horizon and CI 0.
            minutes, ci = 0.0, (0.0, 0.0)
        else:
            minutes = math.inf if all_succeeded else float(est.point.horizons[0, index, j])
            ci = _interval(draws[:, index, j], low_q)
        bound = suite_bound(minutes, shortest, longest)
        if bound is not None:
            warnings.append(
                bound.flag.warn(alias, percent=percent, shortest=shortest, longest=longest)
            )
        horizons.append(Horizon(percent, minutes, ci[0], ci[1], bound))
    p50 = horizons[params.percents.index(HEADLINE_PERCENT)].minutes
    n_near = count_tasks_near(task_minutes, p50)
    if all_failed:
        warnings.append(Flag.ALL_FAILED.warn(alias))
    elif all_succeeded:
        warnings.append(Flag.ALL_SUCCEEDED.warn(alias))
    elif coef >= 0:
        warnings.append(Flag.POSITIVE_SLOPE.warn(alias, slope=coef))
    if est.point.not_converged[0, index]:
        warnings.append(Flag.NOT_CONVERGED.warn(alias, max_iter=params.max_iter))
    n_not_converged = int(est.draws.not_converged[:, index].sum())
    if n_not_converged:
        warnings.append(
            Flag.DRAWS_NOT_CONVERGED.warn(
                alias,
                n_draws=n_not_converged,
                n_bootstrap=params.n_bootstrap,
                max_iter=params.max_iter,
            )
        )
    if n_near < MIN_TASKS_NEAR_HORIZON and not single_class:
        warnings.append(
            Flag.FEW_TASKS_NEAR_P50.warn(alias, n_near=n_near, factor=NEAR_HORIZON_FACTOR, p50=p50)
        )
    model = ModelHorizons(
        alias=alias,
        n_runs=rows.stop - rows.start,
        n_tasks=len(task_minutes),
        n_infra_errors=est.n_outcomes.get((alias, Outcome.INFRA_ERROR.value), 0),
        n_unscored=est.n_outcomes.get((alias, Outcome.UNSCORED.value), 0),
        average_score=float(np.sum(weight * score) / np.sum(weight)),
        coef=None if single_class else coef,
        intercept=None if single_class else intercept,
        horizons=tuple(horizons),
        shortest_task_minutes=shortest,
        longest_task_minutes=longest,
        n_tasks_near_p50=n_near,
        success_by_bucket=success_by_bucket(
            design.run_values(design.cell_minutes)[rows],
            score,
            design.run_values(design.cell_task)[rows],
        ),
        n_draws_single_class=int((~est.draws.has_both[:, index]).sum()),
        n_draws_not_converged=n_not_converged,
        flags=tuple(dict.fromkeys(w.code for w in warnings)),
    )
    return model, warnings


def _infra_by_bucket(runs: pd.DataFrame, alias: str) -> tuple[tuple[str, int], ...]:
    errored = runs[(runs["alias"] == alias) & (runs["outcome"] == Outcome.INFRA_ERROR.value)]
    counts = Counter(bucket_label(m) for m in errored["human_minutes"])
    return tuple(sorted(counts.items(), key=lambda item: bucket_floor(item[0])))


def _baselined_near(runs: pd.DataFrame, alias: str, p50: float) -> int | None:
    """Tasks of ``alias`` near ``p50`` whose human time was measured (``human_source``)."""
    if "human_source" not in runs.columns:
        return None
    mine = runs[runs["alias"] == alias].drop_duplicates("task_id")
    near = mine[mine["human_source"] == "baseline"]["human_minutes"].to_numpy(dtype=float)
    return count_tasks_near(near, p50)


def fit_horizons(
    runs: pd.DataFrame,
    params: HorizonParams,
    rng: np.random.Generator,
    release_dates: Mapping[str, dt.date] | None = None,
) -> HorizonResult:
    """Estimate every alias's time horizons, their CIs, and the trend.

    METR's method: weighted logistic regression of success on log2(human minutes) per alias,
    hierarchical bootstrap CIs (families -> tasks -> runs, all aliases jointly), doubling
    time over SOTA aliases. All bootstrap draws are fitted together by batched Newton.

    Args:
        runs: Validated runs table (``harness.runs.read_runs``), shape (n_runs, ...). Only
            success/failure runs enter the fit; the others are counted. An alias found in
            several runs (``run_key``) is estimated once per run unless ``params.merge_runs``.
        params: Estimation parameters.
        rng: Source of randomness for the bootstrap (``np.random.default_rng(seed)``).
        release_dates: Alias -> release date, to fit the doubling-time trend. An alias kept
            apart per run (``alias [run]``) takes its alias's date unless given its own.

    Returns:
        The result; models sorted by alias.

    Raises:
        InputError: No scored runs, or a task has conflicting family or human minutes.
    """
    est = _estimate(runs, params, rng, keep_counts=False)
    draws = est.draws.usable_horizons()
    models = []
    warnings = list(est.warnings)
    for i in range(len(est.design.aliases)):
        model, model_warnings = _model(est, i, draws, params)
        models.append(model)
        warnings.extend(model_warnings)
    for alias in sorted(set(est.runs["alias"]) - set(est.design.aliases)):
        warnings.append(Flag.NO_SCORED_RUNS.warn(alias))
    totals = est.runs.groupby("alias").size()
    infra_counts = {
        str(alias): (est.n_outcomes.get((str(alias), Outcome.INFRA_ERROR.value), 0), int(n))
        for alias, n in zip(totals.index.to_list(), totals.to_numpy(), strict=True)
    }
    selective = {o.alias: o for o in infra_rate_outliers(infra_counts)}
    for outlier in selective.values():
        warnings.append(
            Flag.SELECTIVE_INFRA_ERRORS.warn(
                outlier.alias,
                rate=outlier.rate,
                others=outlier.others_rate,
                p_value=outlier.p_value,
            )
        )
    models = [
        replace(
            m,
            infra_errors_by_bucket=_infra_by_bucket(est.runs, m.alias),
            n_baselined_near_p50=_baselined_near(est.runs, m.alias, m.horizon(50).minutes),
            flags=m.flags + ((Flag.SELECTIVE_INFRA_ERRORS,) if m.alias in selective else ()),
        )
        for m in models
    ]
    trend = None
    if release_dates is not None:
        dates = {
            label: release_dates.get(label, release_dates.get(base))
            for label, base in est.base_alias.items()
        }
        p50_index = params.percents.index(HEADLINE_PERCENT)
        trend, trend_warnings = fit_trend(
            est.design.aliases,
            np.array([m.horizon(HEADLINE_PERCENT).minutes for m in models]),
            draws[:, :, p50_index],
            {label: date for label, date in dates.items() if date is not None},
            params.confidence,
        )
        warnings.extend(trend_warnings)
    return HorizonResult(params, tuple(models), draws, trend, tuple(warnings))
