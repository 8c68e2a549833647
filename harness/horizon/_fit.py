"""Runs table -> per-alias time horizons with bootstrap CIs, diagnostics and trend.

Stage ``horizon``: pure numpy/pandas; takes a runs table, frozen params and a
``np.random.Generator``; returns frozen results. No paths, printing or Inspect imports.
The method is METR's (``../shared/metr/README.md``, github.com/METR/eval-analysis-public).
"""

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from harness.errors import InputError
from harness.outcome import SCORED_OUTCOMES

from ._bootstrap import resample_counts
from ._diagnostics import (
    MIN_TASKS_NEAR_HORIZON,
    NEAR_HORIZON_FACTOR,
    Bound,
    BucketRate,
    HorizonWarning,
    count_tasks_near,
    success_by_doubling,
    suite_bound,
)
from ._logistic import LogisticFits, fit_logistic, horizon_minutes
from ._trend import Trend, fit_trend
from ._weights import Weighting, compute_weights

DEFAULT_REGULARIZATION = 1e-5
"""METR's current slope penalty (1/C), used from Mar 2026; it was 0.1 until Feb 2026
(``../shared/metr/th11_subset_expected.csv``)."""

HEADLINE_PERCENT = 50
"""The p50 is always computed: it is the headline, the trend's input and the diagnostics' anchor."""

DRAW_BUDGET_CELLS = 1 << 22
"""Bootstrap draws are processed in chunks of about this many (draw, run) entries (32 MiB per
float64 array), so memory stays flat however many draws are asked for."""


@dataclass(frozen=True)
class HorizonParams:
    """How horizons are estimated."""

    regularization: float = DEFAULT_REGULARIZATION
    """L2 penalty on the slope, scikit-learn's ``1 / C``; > 0."""
    weighting: Weighting = Weighting.INVSQRT
    """Run weighting (``invsqrt`` or ``equal``), normalised per alias."""
    n_bootstrap: int = 1000
    """Hierarchical bootstrap draws (families -> tasks -> runs); 0 disables CIs."""
    confidence: float = 0.95
    """Level of the CIs, in (0, 1)."""
    success_percents: tuple[int, ...] = (50, 80)
    """Success probabilities, in percent, at which horizons are reported (50 always added)."""
    partial_scores: bool = False
    """Fit the continuous ``score`` instead of ``score_binarized``."""
    exclude_aliases: tuple[str, ...] = ()
    """Aliases left out of the fit and the bootstrap (e.g. ``human``)."""

    def __post_init__(self) -> None:
        if not self.regularization > 0:
            raise ValueError(f"regularization: must be > 0 (got {self.regularization}).")
        if self.n_bootstrap < 0:
            raise ValueError(f"n_bootstrap: must be >= 0 (got {self.n_bootstrap}).")
        if not 0 < self.confidence < 1:
            raise ValueError(f"confidence: must be in (0, 1) (got {self.confidence}).")
        if not self.success_percents or not all(0 < p < 100 for p in self.success_percents):
            raise ValueError(
                f"success_percents: each must be in (0, 100) (got {self.success_percents})."
            )
        object.__setattr__(self, "weighting", Weighting(self.weighting))

    @property
    def percents(self) -> tuple[int, ...]:
        """The reported percents: ``success_percents`` plus 50, sorted, unique."""
        return tuple(sorted({HEADLINE_PERCENT, *self.success_percents}))


@dataclass(frozen=True)
class Horizon:
    """One alias's horizon at one success probability."""

    percent: int
    """Success probability, in percent."""
    minutes: float
    """Point estimate in minutes (0 when every run failed, inf when every run succeeded)."""
    ci_low: float
    """Lower CI end in minutes (NaN without bootstrap draws)."""
    ci_high: float
    """Upper CI end in minutes."""
    bound: str | None
    """``above_suite_range`` / ``below_suite_range`` when the estimate lies outside the tasks'
    human minutes, so only a bound is supported; ``None`` otherwise."""


@dataclass(frozen=True)
class ModelHorizons:
    """Everything estimated for one alias (model + agent)."""

    alias: str
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
    """Observed success per doubling of human minutes."""
    flags: tuple[str, ...]
    """Short codes: suite-range bounds, ``all_failed``, ``all_succeeded``, ``positive_slope``,
    ``few_tasks_near_p50``, ``not_converged``."""

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
class HorizonResult:
    """Horizons for every alias, the bootstrap draws behind the CIs, trend and warnings."""

    params: HorizonParams
    models: tuple[ModelHorizons, ...]
    draws: NDArray[np.float64] = field(repr=False)
    """Bootstrap horizons, shape (n_bootstrap, n_models, n_percents) in ``params.percents``
    order; NaN where a draw held one class only for that alias."""
    trend: Trend | None
    warnings: tuple[HorizonWarning, ...]

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
            row["shortest_task_minutes"] = m.shortest_task_minutes
            row["longest_task_minutes"] = m.longest_task_minutes
            row["n_tasks_near_p50"] = m.n_tasks_near_p50
            row["flags"] = list(m.flags)
            rows.append(row)
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class _Design:
    """The scored runs, sorted by (alias, task), and the index arrays the fit needs.

    A *cell* is one alias on one task: its runs are contiguous, and cells of one alias are
    contiguous. Tasks are numbered in family order so families' tasks are contiguous.
    """

    runs: pd.DataFrame
    aliases: tuple[str, ...]
    weight: NDArray[np.float64]
    """Run weights, shape (n_runs,)."""
    score: NDArray[np.float64]
    """Score fitted, shape (n_runs,): ``score_binarized`` or, with partial scores, ``score``."""
    cell_starts: NDArray[np.intp]
    """First run of each cell, shape (n_cells,)."""
    cell_runs: NDArray[np.int64]
    """Runs per cell, shape (n_cells,)."""
    cell_task: NDArray[np.intp]
    """Task index of each cell, shape (n_cells,)."""
    cell_x: NDArray[np.float64]
    """log2(human minutes) of each cell, shape (n_cells,)."""
    model_starts: NDArray[np.intp]
    """First cell of each alias, shape (n_models,)."""
    task_family: NDArray[np.intp]
    """Family index of each task, non-decreasing, shape (n_tasks,)."""

    @classmethod
    def build(cls, scored: pd.DataFrame, params: HorizonParams) -> "_Design":
        tasks = scored.drop_duplicates("task_id")[["task_family", "task_id"]].sort_values(
            ["task_family", "task_id"]
        )
        task_index = pd.Series(np.arange(len(tasks)), index=tasks["task_id"].to_numpy())
        family_codes = pd.factorize(tasks["task_family"], sort=True)[0]
        runs = scored.sort_values(["alias", "task_id"], kind="stable").reset_index(drop=True)
        cell_key = runs["alias"] + "\x00" + runs["task_id"]
        cell_starts = np.flatnonzero(
            np.r_[True, cell_key.to_numpy()[1:] != cell_key.to_numpy()[:-1]]
        )
        cell_alias = runs["alias"].to_numpy()[cell_starts]
        model_starts = np.flatnonzero(np.r_[True, cell_alias[1:] != cell_alias[:-1]])
        score_column = "score" if params.partial_scores else "score_binarized"
        return cls(
            runs=runs,
            aliases=tuple(cell_alias[model_starts].tolist()),
            weight=compute_weights(runs, params.weighting),
            score=runs[score_column].to_numpy(dtype=float),
            cell_starts=cell_starts,
            cell_runs=np.diff(np.r_[cell_starts, len(runs)]).astype(np.int64),
            cell_task=task_index[runs["task_id"].to_numpy()[cell_starts]].to_numpy(),
            cell_x=np.log2(runs["human_minutes"].to_numpy(dtype=float)[cell_starts]),
            model_starts=model_starts,
            task_family=family_codes.astype(np.intp),
        )

    def model_rows(self, index: int) -> slice:
        """The rows of ``runs`` (and of ``weight``, ``score``) that belong to alias ``index``."""
        first_cell = self.model_starts[index]
        end_cell = (
            self.model_starts[index + 1] if index + 1 < len(self.aliases) else len(self.cell_x)
        )
        end = self.cell_starts[end_cell] if end_cell < len(self.cell_starts) else len(self.runs)
        return slice(int(self.cell_starts[first_cell]), int(end))

    def cell_weights(
        self, counts: NDArray[np.int64] | None
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Success and failure weight per cell, shape (n_draws, n_cells) each.

        Args:
            counts: Times each run is in each draw, shape (n_draws, n_runs); ``None`` means
                the data as observed (one draw, each run once).
        """
        success = self.weight * self.score
        failure = self.weight * (1.0 - self.score)
        if counts is None:
            return (
                np.add.reduceat(success, self.cell_starts)[None, :],
                np.add.reduceat(failure, self.cell_starts)[None, :],
            )
        return (
            np.add.reduceat(counts * success, self.cell_starts, axis=1),
            np.add.reduceat(counts * failure, self.cell_starts, axis=1),
        )

    def fit(self, counts: NDArray[np.int64] | None, params: HorizonParams) -> LogisticFits:
        """Fit every draw (``counts``, or the observed data when ``None``)."""
        success, failure = self.cell_weights(counts)
        return fit_logistic(self.cell_x, success, failure, self.model_starts, params.regularization)


def _horizons(fits: LogisticFits, params: HorizonParams) -> NDArray[np.float64]:
    """Horizons, shape (n_draws, n_models, n_percents); NaN for single-class draws."""
    return _horizons_of(fits.coef, fits.intercept, params)


def _horizons_of(
    coef: NDArray[np.float64], intercept: NDArray[np.float64], params: HorizonParams
) -> NDArray[np.float64]:
    """Horizons from slopes and intercepts of shape (n_draws, n_models), at each percent."""
    return np.stack([horizon_minutes(coef, intercept, p) for p in params.percents], axis=-1)


def _check_tasks(scored: pd.DataFrame) -> None:
    """Each task must have one family and one human-minutes value across all runs."""
    for column in ("task_family", "human_minutes"):
        n_values = scored.groupby("task_id")[column].nunique()
        if (n_values > 1).any():
            task = n_values[n_values > 1].index[0]
            values = sorted(scored.loc[scored["task_id"] == task, column].unique().tolist())
            raise InputError(
                f"task {task!r}: {column}: runs disagree (got {values}). A task has one "
                f"{column}; fix the inputs or give the variants different task ids."
            )


def _scored(runs: pd.DataFrame, params: HorizonParams) -> pd.DataFrame:
    """The runs that enter the fit: scored, and not of an excluded alias."""
    keep = runs["outcome"].isin([str(o) for o in SCORED_OUTCOMES]) & ~runs["alias"].isin(
        params.exclude_aliases
    )
    scored = runs[keep]
    if scored.empty:
        raise InputError(
            "runs: no success/failure runs to fit (after excluding "
            f"{list(params.exclude_aliases) or 'nothing'}). Check the inputs and --exclude-alias."
        )
    _check_tasks(scored)
    return scored


@dataclass(frozen=True)
class BootstrapDraws:
    """Bootstrap draws as run counts, with the horizons fitted to them."""

    aliases: tuple[str, ...]
    """Aliases, sorted; the models axis of ``horizons``."""
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
    horizons: NDArray[np.float64]
    """Horizons, shape (n_bootstrap, n_models, n_percents); NaN for single-class draws."""


def _draw_chunks(
    design: _Design, params: HorizonParams, rng: np.random.Generator
) -> Iterator[tuple[NDArray[np.int64], LogisticFits]]:
    """Draw and fit the bootstrap in memory-bounded chunks: (counts, fits) per chunk."""
    chunk = max(1, DRAW_BUDGET_CELLS // len(design.runs))
    for start in range(0, params.n_bootstrap, chunk):
        counts = resample_counts(
            design.task_family,
            design.cell_task,
            design.cell_runs,
            min(chunk, params.n_bootstrap - start),
            rng,
        )
        yield counts, design.fit(counts, params)


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
        The draws and their horizons.

    Raises:
        InputError: As :func:`fit_horizons`.
    """
    design = _Design.build(_scored(runs, params), params)
    chunks = list(_draw_chunks(design, params, rng))
    n_runs, n_models = len(design.runs), len(design.aliases)
    coef = np.concatenate([np.empty((0, n_models)), *(f.coef for _, f in chunks)])
    intercept = np.concatenate([np.empty((0, n_models)), *(f.intercept for _, f in chunks)])
    return BootstrapDraws(
        aliases=design.aliases,
        runs=design.runs,
        weight=design.weight,
        counts=np.concatenate([np.empty((0, n_runs), dtype=np.int64), *(c for c, _ in chunks)]),
        coef=coef,
        intercept=intercept,
        horizons=_horizons_of(coef, intercept, params),
    )


def _interval(draws: NDArray[np.float64], low_q: float) -> tuple[float, float]:
    """The ``(low_q, 1 - low_q)`` quantiles of the non-NaN draws (METR: ``nanquantile``).

    Args:
        draws: Horizons in minutes, shape (n_draws,); NaN for skipped draws, inf where a
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
    design: _Design,
    index: int,
    all_runs: pd.DataFrame,
    point: NDArray[np.float64],
    coef_intercept: tuple[float, float],
    converged: bool,
    draws: NDArray[np.float64],
    params: HorizonParams,
) -> tuple[ModelHorizons, list[HorizonWarning]]:
    """Assemble one alias's result from the fits."""
    alias = design.aliases[index]
    rows = design.model_rows(index)
    runs = design.runs.iloc[rows]
    score, weight = design.score[rows], design.weight[rows]
    task_minutes = runs.drop_duplicates("task_id")["human_minutes"].to_numpy(dtype=float)
    shortest, longest = float(task_minutes.min()), float(task_minutes.max())
    outcomes = all_runs.loc[all_runs["alias"] == alias, "outcome"]
    all_failed, all_succeeded = bool((score == 0).all()), bool((score == 1).all())
    coef, intercept = coef_intercept
    flags: list[str] = []
    warnings: list[HorizonWarning] = []
    low_q = (1.0 - params.confidence) / 2.0
    horizons = []
    for j, percent in enumerate(params.percents):
        if all_failed:
            # METR's agent_regression: every run failed -> horizon and CI 0.
            minutes, ci = 0.0, (0.0, 0.0)
        else:
            minutes = math.inf if all_succeeded else float(point[index, j])
            ci = _interval(draws[:, index, j], low_q)
        bound = suite_bound(minutes, shortest, longest)
        if bound is not None:
            flags.append(bound.value)
            above = bound == Bound.ABOVE_SUITE_RANGE
            warnings.append(
                HorizonWarning(
                    bound.value,
                    alias,
                    f"{alias}: p{percent} is "
                    + (
                        f"above the longest task ({longest:g} min): lower bound only."
                        if above
                        else f"below the shortest task ({shortest:g} min): upper bound only."
                    ),
                )
            )
        horizons.append(Horizon(percent, minutes, ci[0], ci[1], bound.value if bound else None))
    p50 = horizons[params.percents.index(HEADLINE_PERCENT)].minutes
    n_near = count_tasks_near(task_minutes, p50)
    if all_failed:
        flags.append("all_failed")
    elif all_succeeded:
        flags.append("all_succeeded")
    elif coef > 0:
        flags.append("positive_slope")
        warnings.append(
            HorizonWarning(
                "positive_slope",
                alias,
                f"{alias}: success rises with task length (slope {coef:.3g}); its horizons "
                "are not meaningful.",
            )
        )
    if not converged:
        flags.append("not_converged")
        warnings.append(
            HorizonWarning("not_converged", alias, f"{alias}: the logistic fit did not converge.")
        )
    if n_near < MIN_TASKS_NEAR_HORIZON and not (all_failed or all_succeeded):
        flags.append("few_tasks_near_p50")
        warnings.append(
            HorizonWarning(
                "few_tasks_near_horizon",
                alias,
                f"{alias}: only {n_near} task(s) within a factor {NEAR_HORIZON_FACTOR:g} of its "
                f"p50 ({p50:.3g} min); the estimate rests on few tasks and its CI is optimistic.",
            )
        )
    single_class = all_failed or all_succeeded
    return (
        ModelHorizons(
            alias=alias,
            n_runs=len(runs),
            n_tasks=len(task_minutes),
            n_infra_errors=int((outcomes == "infra_error").sum()),
            n_unscored=int((outcomes == "unscored").sum()),
            average_score=float(np.sum(weight * score) / np.sum(weight)),
            coef=None if single_class else coef,
            intercept=None if single_class else intercept,
            horizons=tuple(horizons),
            shortest_task_minutes=shortest,
            longest_task_minutes=longest,
            n_tasks_near_p50=n_near,
            success_by_bucket=success_by_doubling(
                runs["human_minutes"].to_numpy(dtype=float), score, runs["task_id"].to_numpy()
            ),
            flags=tuple(dict.fromkeys(flags)),
        ),
        warnings,
    )


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
            success/failure runs enter the fit; the others are counted.
        params: Estimation parameters.
        rng: Source of randomness for the bootstrap (``np.random.default_rng(seed)``).
        release_dates: Alias -> release date, to fit the doubling-time trend.

    Returns:
        The result; models sorted by alias.

    Raises:
        InputError: No scored runs, or a task has conflicting family or human minutes.
    """
    design = _Design.build(_scored(runs, params), params)
    point_fit = design.fit(None, params)
    point = _horizons(point_fit, params)[0]
    shape = (0, len(design.aliases), len(params.percents))
    draws = np.concatenate(
        [np.empty(shape), *(_horizons(f, params) for _, f in _draw_chunks(design, params, rng))]
    )
    models = []
    warnings: list[HorizonWarning] = []
    for i in range(len(design.aliases)):
        model, model_warnings = _model(
            design,
            i,
            runs,
            point,
            (float(point_fit.coef[0, i]), float(point_fit.intercept[0, i])),
            bool(point_fit.converged[0, i]),
            draws,
            params,
        )
        models.append(model)
        warnings.extend(model_warnings)
    for alias in sorted(set(runs["alias"]) - set(design.aliases) - set(params.exclude_aliases)):
        warnings.append(
            HorizonWarning(
                "no_scored_runs",
                alias,
                f"{alias}: no success/failure runs (only infra_error/unscored); not estimated.",
            )
        )
    trend = None
    if release_dates is not None:
        p50_index = params.percents.index(HEADLINE_PERCENT)
        trend, trend_warnings = fit_trend(
            design.aliases,
            np.array([m.horizon(HEADLINE_PERCENT).minutes for m in models]),
            draws[:, :, p50_index],
            release_dates,
            params.confidence,
        )
        warnings.extend(trend_warnings)
    return HorizonResult(params, tuple(models), draws, trend, tuple(warnings))
